/* asan-defaults.c - linked into every program of CI's sanitizer build.
 *
 * The daemons start their children with a clean environment, so
 * ASAN_OPTIONS set around `make check` never reaches qmail-local or
 * qmail-getpw.  These defaults do: no leak report at exit (programs
 * keep what they hold until they exit, and a report would change their
 * exit code), and NULL from malloc for an impossible size instead of an
 * abort (the tests ask for such sizes on purpose).  ASAN_OPTIONS in the
 * environment still overrides them, as the leak-check loop does. */
const char *__asan_default_options(void);

const char *__asan_default_options(void)
{
  return "detect_leaks=0:allocator_may_return_null=1";
}

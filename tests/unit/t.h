/* t.h - the unit test harness: no outside library
 *
 * A test file defines static void functions and a main that passes each
 * to TEST().  CHECK(cond) records a failure with its line; each TEST
 * prints "ok N name" or "not ok N name", and t_done() returns the exit
 * status (1 if anything failed). */
#ifndef T_H
#define T_H

#include <stdio.h>

static int t_failed_here;
static int t_count;
static int t_failures;

#define CHECK(cond) t_check(!!(cond), #cond, __FILE__, __LINE__)
#define TEST(fn) t_run(#fn, fn)

static void t_check(int ok, const char *what, const char *file, int line)
{
  if (ok) return;
  t_failed_here = 1;
  printf("# %s:%d: failed: %s\n", file, line, what);
  fflush(stdout);
}

static void t_run(const char *name, void (*fn)(void))
{
  t_failed_here = 0;
  fn();
  ++t_count;
  if (t_failed_here) ++t_failures;
  printf("%s %d %s\n", t_failed_here ? "not ok" : "ok", t_count, name);
  fflush(stdout);
}

static int t_done(void)
{
  return t_failures ? 1 : 0;
}

#endif

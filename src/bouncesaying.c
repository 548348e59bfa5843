/* bouncesaying - bounce the message, always or if a program says so
 * runs as: the .qmail owner (from qmail-local)
 * reads:   the message on fd 0, only through program
 * trusts:  its command line (the .qmail owner's)
 * parses:  nothing */
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "fd.h"
#include "usertool.h"

const char *prog = "bouncesaying";

/* bounce - the error text alone on fd 2: qmail-local quotes what the
 * program says in the bounce, so no "prog: fatal:" in front */
static void bounce(const char *error) __attribute__((noreturn));
static void bounce(const char *error)
{
  if (write(2, error, strlen(error)) < 0 || write(2, "\n", 1) < 0)
    _exit(EX_PERM);
  _exit(EX_PERM);
}

int main(int argc, char **argv)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 2) die_usage("bouncesaying error [ program [ arg ... ] ]");
  if (argc == 2) bounce(argv[1]);
  switch (ut_run(argv + 2)) {
  case 0:
    bounce(argv[1]);
  case EX_TEMP:
    die_temp("temporary child error");
  }
  return EX_OK;
}

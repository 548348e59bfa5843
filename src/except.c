/* except - run a program and turn its success into a bounce
 * runs as: the .qmail owner (from qmail-local), or any user
 * reads:   nothing itself: program gets fd 0, 1 and 2
 * trusts:  its command line
 * parses:  nothing */
#include <unistd.h>
#include "err.h"
#include "fd.h"
#include "usertool.h"

const char *prog = "except";

int main(int argc, char **argv)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 2) die_usage("except program [ arg ... ]");
  switch (ut_run(argv + 1)) {
  case 0:
    return EX_PERM;
  case EX_TEMP:
    return EX_TEMP;
  }
  return EX_OK;
}

/* condredirect - forward the message elsewhere if a program says so
 * runs as: the .qmail owner (from qmail-local)
 * reads:   the message on fd 0 (a file: it is read twice); NEWSENDER
 *          and DTLINE
 * trusts:  its command line (the .qmail owner's)
 * parses:  nothing */
#include <unistd.h>
#include "err.h"
#include "fd.h"
#include "usertool.h"

const char *prog = "condredirect";

int main(int argc, char **argv)
{
  unsigned long qp;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 3) die_usage("condredirect newaddress program [ arg ... ]");
  /* a missing variable is the same mistake whatever the program says */
  ut_env("NEWSENDER");
  ut_env("DTLINE");
  switch (ut_run(argv + 2)) {
  case 0:
    break;
  case EX_TEMP:
    die_temp("temporary child error");
  default:
    return EX_OK;        /* not for newaddress: the next .qmail line */
  }
  ut_rewind();
  qp = ut_forward(argv + 1, 1);
  ut_qp(qp);
  /* qmail-command(8): 99 ends the .qmail file here; the message has
   * gone to newaddress instead */
  return EX_SKIP;
}

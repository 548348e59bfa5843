/* forward - send a copy of the message to other addresses
 * runs as: the .qmail owner (from qmail-local), or any user
 * reads:   the message on fd 0; NEWSENDER and DTLINE
 * trusts:  its command line (the .qmail owner's)
 * parses:  nothing: the message is copied as it is */
#include <unistd.h>
#include "err.h"
#include "fd.h"
#include "usertool.h"

const char *prog = "forward";

int main(int argc, char **argv)
{
  unsigned long qp;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 2) die_usage("forward address ...");
  qp = ut_forward(argv + 1, (size_t)(argc - 1));
  ut_qp(qp);
  return EX_OK;
}

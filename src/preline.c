/* preline - give a program the message with the From_, Return-Path
 * and Delivered-To lines on top
 * runs as: the .qmail owner (from qmail-local)
 * reads:   the message on fd 0; UFLINE, RPLINE, DTLINE
 * trusts:  its command line (the .qmail owner's)
 * parses:  its options */
#include <unistd.h>
#include "err.h"
#include "fd.h"
#include "sa.h"
#include "str.h"
#include "usertool.h"

const char *prog = "preline";

#define USAGE "preline [ -dfr ] program [ arg ... ]"

int main(int argc, char **argv)
{
  struct sa top = SA_ZERO;
  int ufline = 1;
  int rpline = 1;
  int dtline = 1;
  int i;

  (void)argc;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  /* options by hand: getopt would permute and take a program's own */
  for (i = 1; argv[i] && argv[i][0] == '-'; ++i) {
    const char *o = argv[i] + 1;
    if (str_equal(argv[i], "--")) {
      ++i;
      break;
    }
    if (!*o) die_usage(USAGE);
    for (; *o; ++o)
      switch (*o) {
      case 'd': dtline = 0; break;
      case 'f': ufline = 0; break;
      case 'r': rpline = 0; break;
      default: die_usage(USAGE);
      }
  }
  if (!argv[i]) die_usage(USAGE);
  /* qmail-command(8): the lines come from qmail-local, in this order */
  if ((ufline && !sa_cats(&top, ut_env("UFLINE"))) ||
      (rpline && !sa_cats(&top, ut_env("RPLINE"))) ||
      (dtline && !sa_cats(&top, ut_env("DTLINE"))))
    temp_nomem();
  _exit(ut_feed(argv + i, &top));
}

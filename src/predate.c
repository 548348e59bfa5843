/* predate - give a program its input with a Date field on top
 * runs as: the caller (datemail, a user)
 * reads:   fd 0
 * trusts:  its command line
 * parses:  nothing */
#include <time.h>
#include <unistd.h>
#include "date822.h"
#include "err.h"
#include "fd.h"
#include "sa.h"
#include "usertool.h"

const char *prog = "predate";

int main(int argc, char **argv)
{
  char date[DATE822_LEN];
  struct sa top = SA_ZERO;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 2) die_usage("predate program [ arg ... ]");
  if (!sa_cats(&top, "Date: ") ||
      !sa_catb(&top, date, date822_fmt(date, time(0))) ||
      !sa_append(&top, '\n'))
    temp_nomem();
  _exit(ut_feed(argv + 1, &top));
}

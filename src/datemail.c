/* datemail - sendmail with a Date field added: predate sendmail
 * runs as: the caller
 * reads:   nothing itself
 * trusts:  its command line, passed on to sendmail as it is
 * parses:  nothing
 *
 * qmail ships datemail as a shell script; quire ships this program
 * instead, so that no shell sees the caller's arguments. */
#include <stdlib.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "err.h"
#include "fd.h"
#include "sa.h"
#include "sz.h"

const char *prog = "datemail";

int main(int argc, char **argv)
{
  struct sa predate = SA_ZERO;
  struct sa sendmail = SA_ZERO;
  char **args;
  size_t bytes;
  int i;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 1) die_usage("datemail [ sendmail options ] [ address ... ]");
  if (!sa_copys(&predate, auto_qmail) || !sa_cats(&predate, "/bin/predate") ||
      !sa_0(&predate) || !sa_copys(&sendmail, auto_qmail) ||
      !sa_cats(&sendmail, "/bin/sendmail") || !sa_0(&sendmail))
    temp_nomem();
  /* predate, sendmail, argv[1..argc), the null: argc + 2 slots */
  if (!sz_mul(&bytes, (size_t)argc + 2, sizeof *args)) temp_nomem();
  args = malloc(bytes);
  if (!args) temp_nomem();
  args[0] = predate.s;
  args[1] = sendmail.s;
  for (i = 1; i < argc; ++i) args[i + 1] = argv[i];
  args[argc + 1] = 0;
  execv(predate.s, args);
  die_tempsys("unable to run ", predate.s);
}

/* mailsubj - send mail with a subject: qmail-inject with a Subject and
 * a To field made from the command line
 * runs as: the caller
 * reads:   the body on fd 0
 * trusts:  its command line
 * parses:  nothing: the fields are written, qmail-inject reads them
 *
 * qmail ships mailsubj as a shell script; quire ships this program
 * instead, so that no shell sees the caller's arguments. */
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "err.h"
#include "fd.h"
#include "sa.h"
#include "usertool.h"

const char *prog = "mailsubj";

/* oneline - the text may not end the header field it goes in */
static const char *oneline(const char *s)
{
  if (strchr(s, '\n') || strchr(s, '\r'))
    die_perm("a subject or address may not hold a line break");
  return s;
}

int main(int argc, char **argv)
{
  struct sa top = SA_ZERO;
  struct sa inject = SA_ZERO;
  char *args[2];
  int i;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc < 3) die_usage("mailsubj subject address ...");
  if (!sa_cats(&top, "Subject: ") || !sa_cats(&top, oneline(argv[1])) ||
      !sa_cats(&top, "\nTo: "))
    temp_nomem();
  for (i = 2; i < argc; ++i)
    if ((i > 2 && !sa_cats(&top, ", ")) || !sa_cats(&top, oneline(argv[i])))
      temp_nomem();
  if (!sa_cats(&top, "\n\n")) temp_nomem();
  if (!sa_copys(&inject, auto_qmail) ||
      !sa_cats(&inject, "/bin/qmail-inject") || !sa_0(&inject))
    temp_nomem();
  /* no arguments: qmail-inject takes the recipients from the To field */
  args[0] = inject.s;
  args[1] = 0;
  _exit(ut_feed(args, &top));
}

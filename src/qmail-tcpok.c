/* qmail-tcpok - forget the addresses whose SMTP connections timed out
 * runs as: root or qmailr (the admin's tool)
 * reads:   nothing
 * writes:  queue/lock/tcpto: emptied under its lock, owner kept
 * trusts:  nothing
 * parses:  nothing */
#include <unistd.h>
#include "auto_qmail.h"
#include "err.h"
#include "fd.h"
#include "tcpto.h"

const char *prog = "qmail-tcpok";

int main(int argc, char **argv)
{
  (void)argv;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 1) die_usage("qmail-tcpok");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  /* emptied, not removed: the file belongs to qmailr, and a new one
   * made by root would not */
  if (tcpto_clear(TCPTO_FILE) == -1)
    die_tempsys("unable to clear ", TCPTO_FILE);
  return EX_OK;
}

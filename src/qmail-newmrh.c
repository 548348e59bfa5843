/* qmail-newmrh - compile control/morercpthosts into morercpthosts.cdb
 * runs as: root (the administrator, by hand); writes
 *          control/morercpthosts.tmp and renames it to
 *          control/morercpthosts.cdb
 * reads:   control/morercpthosts
 * trusts:  control/morercpthosts (the administrator's file)
 * parses:  control/morercpthosts with qmail-control(5)'s line rules
 *
 * DURABILITY: morercpthosts.cdb changes only by rename, after the new
 * file is complete and fsynced; qmail-smtpd maps it, so it is never
 * rewritten in place (cdb.c). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "cdbmake.h"
#include "ctl.h"
#include "dur.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "open.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

const char *prog = "qmail-newmrh";

#define TMP "control/morercpthosts.tmp"

static struct cdbmake make;

/* die_write - the half-built file must never look like a result */
static void die_write(void)
{
  int saved = errno;
  unlink(TMP);
  errno = saved;
  die_tempsys("unable to write ", TMP);
}

/* add - every host of the list, in lower case (qmail-smtpd looks up
 * lower case), with empty data */
static void add(struct sa *list)
{
  size_t i = 0;

  while (i < list->len) {
    size_t n = strlen(list->s + i);
    case_lowerb(list->s + i, n);
    if (!cdbmake_add(&make, list->s + i, n, "", 0)) die_write();
    i += n + 1;
  }
}

int main(int argc, char **argv)
{
  struct sa list = SA_ZERO;
  int tmp;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  (void)argv;
  if (argc != 1) die_usage("qmail-newmrh");
  umask(033);                  /* morercpthosts.cdb is readable, 0644 */
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  if (ctl_readlist("control/morercpthosts", &list) == -1)
    die_tempsys("unable to read control/morercpthosts");
  tmp = open_trunc(TMP);
  if (tmp == -1) die_tempsys("unable to open ", TMP);
  if (!cdbmake_start(&make, tmp)) die_write();
  add(&list);
  /* DURABILITY: data first, then the name that publishes it */
  if (!cdbmake_finish(&make) || dur_fsync(tmp) == -1) die_write();
  if (close(tmp) == -1) die_write();
  cdbmake_free(&make);
  sa_free(&list);
  if (dur_rename(TMP, "control/morercpthosts.cdb") == -1)
    die_tempsys("unable to move ", TMP, " to control/morercpthosts.cdb");
  return EX_OK;
}

/* qmail-newu - compile users/assign into users/cdb (qmail-newu(8))
 * runs as: root (the administrator, by hand); writes users/cdb.tmp and
 *          renames it to users/cdb
 * reads:   users/assign
 * trusts:  users/assign (the administrator's file)
 * parses:  users/assign, strictly: one bad line and users/cdb stays as
 *          it was (assign.c)
 *
 * DURABILITY: users/cdb changes only by rename, after the new file is
 * complete and fsynced; then the directory is fsynced.  qmail-lspawn
 * maps users/cdb, so it must never be rewritten in place (cdb.c). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "assign.h"
#include "auto_qmail.h"
#include "buf.h"
#include "cdbmake.h"
#include "dur.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "sig.h"

const char *prog = "qmail-newu";

static struct cdbmake make;

/* cleanup - the half-built users/cdb.tmp must never look like a result */
static void cleanup(void)
{
  int saved = errno;
  unlink("users/cdb.tmp");
  errno = saved;
}

int main(int argc, char **argv)
{
  static char space[BUF_SIZE];
  struct buf in;
  char num[FMT_ULONG + 1];
  const char *why = 0;
  size_t lineno;
  int fd;
  int tmp;
  int r;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  (void)argv;
  if (argc != 1) die_usage("qmail-newu");
  umask(033);                           /* users/cdb is readable, 0644 */
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);

  fd = open_read("users/assign");
  if (fd == -1) die_tempsys("unable to open users/assign");
  buf_init(&in, fd, space, sizeof space);
  tmp = open_trunc("users/cdb.tmp");
  if (tmp == -1) die_tempsys("unable to open users/cdb.tmp");
  if (!cdbmake_start(&make, tmp)) {
    cleanup();
    die_tempsys("unable to write users/cdb.tmp");
  }

  r = assign_make(&in, &make, &lineno, &why);
  num[fmt_ulong(num, (unsigned long)lineno)] = 0;
  if (r == 0) {
    cleanup();
    die_perm("users/assign line ", num, ": ", why,
             "; users/cdb left unchanged");
  }
  if (r == -1) {
    cleanup();
    die_tempsys("unable to read users/assign or write users/cdb.tmp at line ",
                num);
  }
  close(fd);

  /* DURABILITY: data first, then the name that publishes it */
  if (!cdbmake_finish(&make) || dur_fsync(tmp) == -1) {
    cleanup();
    die_tempsys("unable to write users/cdb.tmp");
  }
  if (close(tmp) == -1) {          /* NFS may report a write error here */
    cleanup();
    die_tempsys("unable to write users/cdb.tmp");
  }
  cdbmake_free(&make);
  if (dur_rename("users/cdb.tmp", "users/cdb") == -1)
    die_tempsys("unable to move users/cdb.tmp to users/cdb durably");
  return EX_OK;
}

/* qmail-getpw - find the user who controls a local part (qmail-getpw(8))
 * runs as: the passwd role (qmailp), from qmail-lspawn; writes no files
 * reads:   the local part in argv[1]; the passwd database; the status
 *          of home directories
 * trusts:  the passwd database and the file system's owners
 * parses:  the local part (envelope bytes: only cut, lowercased and
 *          handed to getpwnam, never interpreted otherwise)
 *
 * CONTRACT: prints user, uid, gid, homedir, dash, ext, each followed
 * by a NUL, and exits 0; users.c reads exactly that.  In trouble it
 * prints nothing and exits 111. */
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "buf.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "getpw.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

const char *prog = "qmail-getpw";

struct found {
  const char *user;
  unsigned long uid;
  unsigned long gid;
  const char *home;
  const char *dash;
  const char *ext;
};

/* isuser - getpw_isuser, keeping the account found; trouble is fatal */
static int isuser(void *ctx, const char *name)
{
  struct getpw_found *pw = ctx;
  int r = getpw_isuser(name, pw);
  if (r == -1) die_tempsys("unable to look up user ", name);
  return r;
}

/* userext - getpw_userext over the passwd database: 1 with *f set, or 0 */
static int userext(const char *local, struct found *f)
{
  struct getpw_found pw;
  size_t len = strlen(local);
  size_t end;

  if (getpw_userext(local, isuser, &pw, &end) != 1) return 0;
  f->user = pw.user;
  f->uid = pw.uid;
  f->gid = pw.gid;
  f->home = pw.home;
  f->dash = end == len ? "" : "-";
  f->ext = end == len ? local + len : local + end + 1;
  return 1;
}

static void putfield(struct buf *out, const char *s)
{
  if (!buf_puts(out, s) || !buf_put(out, "", 1))
    die_tempsys("unable to write output");
}

static void putnum(struct buf *out, unsigned long u)
{
  char num[FMT_ULONG + 1];
  num[fmt_ulong(num, u)] = 0;
  putfield(out, num);
}

int main(int argc, char **argv)
{
  static char space[BUF_SIZE];
  struct buf out;
  struct found f;
  const char *local;
  struct sa aliashome = SA_ZERO;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (argc != 2) die_usage("qmail-getpw local");
  local = argv[1];

  /* the catch-all: the compiled-in alias role, never a passwd lookup,
   * so a numeric conf-users needs no alias account */
  if (!userext(local, &f)) {
    if (!sa_copys(&aliashome, auto_qmail) ||
        !sa_cats(&aliashome, "/alias") || !sa_0(&aliashome))
      temp_nomem();
    f.user = "alias";
    f.uid = (unsigned long)auto_uid_alias;
    f.gid = (unsigned long)auto_gid_nofiles;
    f.home = aliashome.s;
    f.dash = "-";
    f.ext = local;
  }

  buf_init(&out, 1, space, sizeof space);
  putfield(&out, f.user);
  putnum(&out, f.uid);
  putnum(&out, f.gid);
  putfield(&out, f.home);
  putfield(&out, f.dash);
  putfield(&out, f.ext);
  if (!buf_flush(&out)) die_tempsys("unable to write output");
  return EX_OK;
}

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
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "buf.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

const char *prog = "qmail-getpw";

/* qmail-getpw(8): account names are shorter than this */
#define USERLEN 32
/* qmail's conf-break: where a user name ends and an extension begins */
#define BREAK '-'

struct found {
  const char *user;
  unsigned long uid;
  unsigned long gid;
  const char *home;
  const char *dash;
  const char *ext;
};

/* nouser - getpwnam's null means "no such account" only for these
 * (getpwnam(3)); anything else is a broken name service: try later */
static int nouser(int e)
{
  return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

/* nohome - a stat failure that says the home is not there or not
 * visible to us, which qmail-getpw(8) treats as "not a user" */
static int nohome(int e)
{
  return e == ENOENT || e == ENOTDIR || e == EACCES || e == ELOOP ||
         e == ENAMETOOLONG;
}

/* isuser - the rules of qmail-getpw(8): nonzero uid, a home directory
 * that exists and is owned by that uid; 1 with *f filled in, or 0 */
static int isuser(const char *name, struct found *f)
{
  struct passwd *pw;
  struct stat st;

  errno = 0;
  pw = getpwnam(name);
  if (!pw) {
    if (nouser(errno)) return 0;
    die_tempsys("unable to read the passwd database");
  }
  if (pw->pw_uid == 0) return 0;
  if (stat(pw->pw_dir, &st) == -1) {
    if (nohome(errno)) return 0;
    die_tempsys("unable to stat the home directory of ", name);
  }
  if (st.st_uid != pw->pw_uid) return 0;
  f->user = pw->pw_name;
  f->uid = (unsigned long)pw->pw_uid;
  f->gid = (unsigned long)pw->pw_gid;
  f->home = pw->pw_dir;
  return 1;
}

/* userext - the longest prefix of local that ends at its end or before
 * a BREAK and names a user (in any case); 1 with *f set, or 0 */
static int userext(const char *local, struct found *f)
{
  char name[USERLEN];
  size_t len = strlen(local);
  size_t end;

  for (end = len; end > 0; --end) {
    if (end != len && local[end] != BREAK) continue;
    if (end >= USERLEN) continue;
    memcpy(name, local, end);
    name[end] = 0;
    case_lowerb(name, end);
    if (!isuser(name, f)) continue;
    f->dash = end == len ? "" : "-";
    f->ext = end == len ? local + len : local + end + 1;
    return 1;
  }
  return 0;
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

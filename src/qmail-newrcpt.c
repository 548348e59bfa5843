/* qmail-newrcpt - record the facts for recipient checks at RCPT time
 * runs as: root (the administrator, by hand or from cron); writes
 *          users/rcpt.cdb.tmp and renames it to users/rcpt.cdb; each
 *          fact is gathered by a child that has given up root first
 * reads:   users/cdb; as the passwd role, the passwd database and the
 *          status of homes (as qmail-getpw); as each home's owner, the
 *          names of the .qmail files in that home, and whether each
 *          opens (as qmail-local)
 * trusts:  users/cdb (root's); the passwd child's answer (checked)
 * parses:  the children's answers, strictly; a home's answer can only
 *          describe that home
 *
 * SECURITY: the parent, as root, opens no path in a home: every stat,
 * chdir, readdir and open there is made by a child that has dropped to
 * the home's owner (prot_drop) before touching it, so a symlink to a
 * root-only file gives EACCES, as it would in delivery (CVE-2020-3812).
 * Names only are recorded, never contents.  uid 0 is never listed:
 * delivery refuses it.
 * DURABILITY: as qmail-newu: the new file complete and fsynced, then
 * renamed, then the directory fsynced; qmail-smtpd maps it. */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "cdb.h"
#include "cdbmake.h"
#include "dur.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "getpw.h"
#include "open.h"
#include "prot.h"
#include "qmesearch.h"
#include "rcptcheck.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "userscdb.h"
#include "wait.h"

const char *prog = "qmail-newrcpt";

/* seconds a child may stay silent: a hung home or name service */
#define CHILD_TIMEOUT 300

static struct cdbmake make;
static int tmpfd = -1;          /* users/rcpt.cdb.tmp, being written */
static struct sa homes;         /* "H" home NUL uid NUL gid NUL, each */
static struct sa key;
static struct sa value;

static void cleanup(void)
{
  int saved = errno;
  unlink("users/rcpt.cdb.tmp");
  errno = saved;
}

static void die_write(void)
{
  cleanup();
  die_tempsys("unable to write users/rcpt.cdb.tmp");
}

static void nomem(void)
{
  cleanup();
  temp_nomem();
}

static void add(const struct sa *k, const char *v, size_t vlen)
{
  if (!cdbmake_add(&make, k->s, k->len, v, vlen)) die_write();
}

/* keylen - the length of the home key at p (three NULs end it) */
static size_t keylen(const char *p, size_t n)
{
  size_t len = 0;
  int nuls;
  for (nuls = 0; nuls < 3; ++nuls) len += byte_chr(p + len, n - len, 0) + 1;
  return len;
}

/* addhome - remember a home to list, once per home, uid and gid */
static void addhome(const char *home, unsigned long uid, unsigned long gid)
{
  size_t i;

  if (uid == 0 || home[0] != '/') return;   /* delivery would defer */
  if (!rcptcheck_homekey(&key, 'H', home, uid, gid)) nomem();
  for (i = 0; i < homes.len; i += keylen(homes.s + i, homes.len - i))
    if (homes.len - i >= key.len && !memcmp(homes.s + i, key.s, key.len))
      return;
  if (!sa_cat(&homes, &key)) nomem();
}

/* fromusers - every home users/cdb names */
static void fromusers(void)
{
  struct cdb c = CDB_ZERO;
  struct pwinfo pw = PWINFO_ZERO;
  uint32_t pos = 0;
  int fd = open_read("users/cdb");
  int r;

  if (fd == -1 && errno == ENOENT) return;
  if (fd == -1 || cdb_init(&c, fd) == -1) {
    cleanup();
    die_tempsys("unable to read users/cdb");
  }
  close(fd);
  while ((r = cdb_next(&c, &pos, &key, &value)) == 1) {
    if (!key.len || key.s[0] != '!') continue;
    if (!sa_0(&value)) nomem();
    /* a malformed record defers delivery; the check then says 4xx */
    if (userscdb_fields(value.s, value.len, &pw) == 1)
      addhome(pw.home.s, (unsigned long)pw.uid, (unsigned long)pw.gid);
  }
  if (r == -1) {
    cleanup();
    die_tempsys("unable to read users/cdb");
  }
  cdb_free(&c);
}

/* run - fork; the child calls fn(arg, fd) with fd its output and must
 * _exit; the parent reads at most max bytes: 1 if the child said all
 * and exited 0, else 0 */
static int run(void (*fn)(const void *, int), const void *arg,
               struct sa *out, size_t max)
{
  char chunk[4096];
  int pi[2];
  pid_t pid;
  int status;
  int ok = 1;

  out->len = 0;
  out->max = max;
  if (pipe(pi) == -1) {
    cleanup();
    die_tempsys("unable to create a pipe");
  }
  pid = fork();
  if (pid == -1) {
    cleanup();
    die_tempsys("unable to fork");
  }
  if (pid == 0) {
    /* SECURITY: nothing of root's stays open in a child that becomes
     * a user: only the pipe it answers on */
    close(pi[0]);
    close(tmpfd);
    fn(arg, pi[1]);
    _exit(EX_TEMP);
  }
  close(pi[1]);
  for (;;) {
    ssize_t r = fd_readwait(pi[0], chunk, sizeof chunk, CHILD_TIMEOUT);
    if (r == 0) break;
    if (r == -1 || !sa_catb(out, chunk, (size_t)r)) {
      ok = 0;
      kill(pid, SIGKILL);       /* too much, or silent too long */
      break;
    }
  }
  close(pi[0]);
  if (wait_pid(pid, &status) == -1 || wait_exitcode(status) != EX_OK) ok = 0;
  return ok;
}

/* lister - the child for one home: its owner, then a "+" or "?" for
 * the home, then "+" name NUL or "?" name NUL for each .qmail name
 * qme_open finds or cannot open; "!" alone if there are too many */
static void lister(const void *arg, int fd)
{
  const char *k = arg;        /* "H" home NUL uid NUL gid NUL */
  const char *home = k + 1;
  const char *num = home + strlen(home) + 1;
  unsigned long uid;
  unsigned long gid;
  char space[BUF_SIZE];
  struct buf out;
  struct stat st;
  struct dirent *d;
  DIR *dir;
  size_t n = 0;

  scan_ulong(num, &uid);
  scan_ulong(num + strlen(num) + 1, &gid);
  /* SECURITY: the owner's ids before anything under home */
  if (prot_drop((uid_t)uid, (gid_t)gid) == -1) _exit(EX_TEMP);
  buf_init(&out, fd, space, sizeof space);
  if (chdir(home) == -1 || stat(".", &st) == -1 || !qme_homeok(st.st_mode) ||
      !(dir = opendir("."))) {
    if (!buf_putsflush(&out, "?")) _exit(EX_TEMP);
    _exit(EX_OK);
  }
  if (!buf_puts(&out, "+")) _exit(EX_TEMP);
  errno = 0;
  while ((d = readdir(dir))) {
    int qfd;
    int forwardonly;
    int r;
    if (!str_start(d->d_name, ".qmail")) continue;
    if (++n > LIM_RCPT_NAMES) {
      if (!buf_putsflush(&out, "!")) _exit(EX_TEMP);
      _exit(EX_OK);
    }
    r = qme_open(d->d_name, &qfd, &forwardonly);
    if (r == QME_FOUND) close(qfd);
    if (r != QME_ABSENT &&
        (!buf_puts(&out, r == QME_FOUND ? "+" : "?") ||
         !buf_put(&out, d->d_name, strlen(d->d_name) + 1)))
      _exit(EX_TEMP);
    errno = 0;
  }
  if (errno || !buf_flush(&out)) _exit(EX_TEMP);
  _exit(EX_OK);
}

/* listing - check a lister's answer: 1 if every record is well formed */
static int listing(const struct sa *a)
{
  size_t i = 1;

  if (!a->len || (a->s[0] != '+' && a->s[0] != '?')) return 0;
  if (a->s[0] == '?') return a->len == 1;
  while (i < a->len) {
    size_t n;
    if (a->s[i] != '+' && a->s[i] != '?') return 0;
    ++i;
    n = byte_chr(a->s + i, a->len - i, 0);
    if (n == a->len - i || n > 255 || !str_start(a->s + i, ".qmail") ||
        byte_chr(a->s + i, n, '/') != n)
      return 0;
    i += n + 1;
  }
  return 1;
}

/* listhome - list one home; its H and F facts */
static void listhome(const char *k, size_t klen)
{
  struct sa a = SA_ZERO;
  size_t i;
  int ok = run(lister, k, &a, LIM_RCPT_NAMES * 258 + 2) && listing(&a);

  if (!sa_copyb(&key, k, klen)) nomem();
  if (!ok) {
    warn_say("unable to list ", k + 1, "; every address there is accepted");
  }
  add(&key, ok && a.s[0] == '+' ? "+" : "?", 1);
  for (i = 1; ok && i < a.len;) {
    size_t n = strlen(a.s + i + 1);
    key.len = klen;
    key.s[0] = 'F';
    if (!sa_catb(&key, a.s + i + 1, n)) nomem();
    add(&key, a.s + i, 1);
    i += n + 2;
  }
  sa_free(&a);
}

/* pwlist - the passwd child: as the passwd role, every account
 * getpw_isuser accepts, as "+" name NUL uid NUL gid NUL home NUL, and
 * "?" name NUL for one it could not decide */
static void pwlist(const void *arg, int fd)
{
  char space[BUF_SIZE];
  char name[GETPW_USERLEN];
  char num[FMT_ULONG];
  struct buf out;
  struct passwd *pw;

  (void)arg;
  if (prot_drop(auto_uid_passwd, auto_gid_nofiles) == -1) _exit(EX_TEMP);
  buf_init(&out, fd, space, sizeof space);
  setpwent();
  for (errno = 0; (pw = getpwent()); errno = 0) {
    struct getpw_found f;
    size_t len = strlen(pw->pw_name);
    int r;
    /* qmail-getpw asks getpwnam for lowercased names that short */
    if (!len || len >= GETPW_USERLEN) continue;
    memcpy(name, pw->pw_name, len + 1);
    case_lowerb(name, len);
    r = getpw_isuser(name, &f);     /* getpwnam: pw is stale now */
    if (r == 0) continue;
    if (!buf_puts(&out, r == 1 ? "+" : "?") || !buf_put(&out, name, len + 1))
      _exit(EX_TEMP);
    if (r == 1 &&
        (!buf_put(&out, num, fmt_ulong(num, f.uid)) || !buf_put(&out, "", 1) ||
         !buf_put(&out, num, fmt_ulong(num, f.gid)) || !buf_put(&out, "", 1) ||
         !buf_put(&out, f.home, strlen(f.home) + 1)))
      _exit(EX_TEMP);
  }
  /* getpwent(3): a null with errno set other than ENOENT is an error */
  if ((errno && errno != ENOENT) || !buf_flush(&out)) _exit(EX_TEMP);
  _exit(EX_OK);
}

/* field - the next NUL-terminated field of a[*i..]: it, or null */
static const char *field(const struct sa *a, size_t *i)
{
  const char *p = a->s + *i;
  size_t n = byte_chr(p, a->len - *i, 0);
  if (n == a->len - *i) return 0;
  *i += n + 1;
  return p;
}

/* frompasswd - the P facts, and every passwd home to list */
static void frompasswd(void)
{
  struct sa a = SA_ZERO;
  size_t i = 0;

  if (!run(pwlist, 0, &a, LIM_RCPT_PASSWD)) {
    cleanup();
    die_temp("unable to list the passwd database; users/rcpt.cdb unchanged");
  }
  while (i < a.len) {
    char type = a.s[i++];
    const char *name = field(&a, &i);
    const char *uid = name && type == '+' ? field(&a, &i) : 0;
    const char *gid = uid ? field(&a, &i) : 0;
    const char *home = gid ? field(&a, &i) : 0;
    unsigned long u;
    unsigned long g;
    if (!name || !*name || strlen(name) >= GETPW_USERLEN ||
        (type != '?' && type != '+') ||
        (type == '+' && (!home || *home != '/' || !*uid || !*gid ||
                         scan_ulong(uid, &u) != strlen(uid) ||
                         scan_ulong(gid, &g) != strlen(gid)))) {
      cleanup();
      die_temp("bad answer from the passwd child; users/rcpt.cdb unchanged");
    }
    key.len = 0;
    if (!sa_append(&key, 'P') || !sa_cats(&key, name)) nomem();
    value.len = 0;
    if (!sa_append(&value, type)) nomem();
    if (type == '+') {
      /* CONTRACT: rcptcheck.c reads uid NUL gid NUL home, canonical */
      if (!sa_catulong(&value, u) || !sa_0(&value) || !sa_catulong(&value, g) ||
          !sa_0(&value) || !sa_cats(&value, home))
        nomem();
    }
    add(&key, value.s, value.len);
    if (type == '+') addhome(home, u, g);     /* addhome reuses key */
  }
  sa_free(&a);
}

int main(int argc, char **argv)
{
  struct sa alias = SA_ZERO;
  size_t i;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  (void)argv;
  if (argc != 1) die_usage("qmail-newrcpt");
  umask(033);                           /* qmail-smtpd reads it: 0644 */
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  tmpfd = open_trunc("users/rcpt.cdb.tmp");
  if (tmpfd == -1) die_tempsys("unable to open users/rcpt.cdb.tmp");
  if (!cdbmake_start(&make, tmpfd)) die_write();
  key.len = 0;
  add(&key, RCPT_MAGIC, sizeof RCPT_MAGIC - 1);

  /* the homes delivery can reach: the alias user's, as qmail-getpw
   * names it, users/cdb's, and passwd's */
  if (!sa_copys(&alias, auto_qmail) || !sa_cats(&alias, "/alias") ||
      !sa_0(&alias))
    nomem();
  addhome(alias.s, (unsigned long)auto_uid_alias,
          (unsigned long)auto_gid_nofiles);
  fromusers();
  frompasswd();
  for (i = 0; i < homes.len;) {
    size_t n = keylen(homes.s + i, homes.len - i);
    listhome(homes.s + i, n);
    i += n;
  }

  /* DURABILITY: data first, then the name that publishes it */
  if (!cdbmake_finish(&make) || dur_fsync(tmpfd) == -1 || close(tmpfd) == -1)
    die_write();
  cdbmake_free(&make);
  if (dur_rename("users/rcpt.cdb.tmp", "users/rcpt.cdb") == -1)
    die_tempsys("unable to move users/rcpt.cdb.tmp to users/rcpt.cdb durably");
  return EX_OK;
}

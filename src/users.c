/* users.c - who receives mail for a local part (users.h, qmail-users(5))
 *
 * Linked into qmail-lspawn, which is root: core.a only, and as little
 * as will do.  The caller is in auto_qmail, so both paths are relative.
 *
 * CONTRACT: users/cdb as qmail-newu writes it (layout in assign.h):
 * "!" lower(local) NUL for "=local" lines, "!" lower(prefix) for
 * "+prefix" lines, the empty key listing the last bytes of the
 * prefixes; values user NUL uid NUL gid NUL home NUL dash NUL ext.
 * CONTRACT: qmail-getpw prints the same six fields, each with a NUL.
 *
 * SECURITY: users/cdb is root's file and qmail-getpw runs as the passwd
 * role; both are trusted for who gets the mail (never root: the caller
 * refuses uid 0), yet parsed strictly, so that a truncated or garbled
 * answer defers the mail instead of delivering it to the wrong id. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "cdb.h"
#include "exitcode.h"
#include "fd.h"
#include "open.h"
#include "prot.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "sz.h"
#include "users.h"
#include "wait.h"

/* seconds qmail-getpw may stay silent: a hung name service defers */
#define GETPW_TIMEOUT 300

/* fields - p[0..len) as exactly six NUL-terminated fields into *pw:
 * 1; 0 if malformed; -1 out of memory */
static int fields(const char *p, size_t len, struct pwinfo *pw)
{
  struct sa *text[6];
  size_t i;

  text[0] = &pw->user;
  text[1] = text[2] = 0;
  text[3] = &pw->home;
  text[4] = &pw->dash;
  text[5] = &pw->ext;
  for (i = 0; i < 6; ++i) {
    size_t n = byte_chr(p, len, 0);
    size_t id;
    if (n == len) return 0;
    if (text[i]) {
      if (!sa_copyb(text[i], p, n) || !sa_0(text[i])) return -1;
    } else if (i == 1) {
      if (!scan_sizeb(p, n, &id, (size_t)(uid_t)-2)) return 0;
      pw->uid = (uid_t)id;
    } else {
      if (!scan_sizeb(p, n, &id, (size_t)(gid_t)-2)) return 0;
      pw->gid = (gid_t)id;
    }
    p += n + 1;
    len -= n + 1;
  }
  if (len) return 0;
  if (!pw->user.s[0] || !pw->home.s[0]) return 0;
  return 1;
}

/* answer - fields() with its failure as a sentence */
static int answer(const struct sa *value, struct pwinfo *pw,
                  const char **why, const char *bad)
{
  int r = fields(value->s, value->len, pw);
  if (r == 1) return 1;
  *why = r == 0 ? bad : "Out of memory in qmail-lspawn. ";
  return -1;
}

/* wildchar - c (already lowercased) is the last byte of some wildcard
 * prefix; qmail 1.03 wrote those bytes without lowercasing them */
static int wildchar(const char *wild, size_t n, char c)
{
  size_t i;
  for (i = 0; i < n; ++i)
    if (case_lower((unsigned char)wild[i]) == (unsigned char)c) return 1;
  return 0;
}

/* search - the longest match in an open users/cdb: 1 with value set,
 * 0 none, -1 trouble */
static int search(struct cdb *c, const char *local, struct sa *value)
{
  struct sa key = SA_ZERO;
  const char *wild;
  size_t nwild;
  size_t i;
  int r;

  /* CONTRACT: qmail-newu always writes the empty key; none: not ours */
  if (cdb_find(c, "", 0) != 1) return -1;
  wild = cdb_data(c);
  nwild = cdb_datalen(c);
  if (!sa_copys(&key, "!") || !sa_cats(&key, local) || !sa_0(&key))
    return -1;
  case_lowerb(key.s, key.len);
  /* i = key.len first: "!local" NUL, the simple assignment; then each
   * "!prefix", longest first, down to "!" alone (the catch-all) */
  for (i = key.len; i > 0; --i) {
    int wildcard = i < key.len;
    if (wildcard && i > 1 && !wildchar(wild, nwild, key.s[i - 1])) continue;
    r = cdb_find(c, key.s, i);
    if (r == 0) continue;
    if (r == 1 && cdb_getdata(c, value) == 1 &&
        (!wildcard || sa_cats(value, local + i - 1)) && sa_0(value))
      r = 1;
    else
      r = -1;
    sa_free(&key);
    return r;
  }
  sa_free(&key);
  return 0;
}

/* fromcdb - 1 found, 0 no users/cdb or no match, -1 trouble */
static int fromcdb(const char *local, struct pwinfo *pw, const char **why)
{
  static const char trouble[] = "Trouble reading users/cdb in qmail-lspawn. ";
  struct cdb c = CDB_ZERO;
  struct sa value = SA_ZERO;
  int fd = open_read("users/cdb");
  int r;

  if (fd == -1) {
    if (errno == ENOENT) return 0;
    *why = trouble;
    return -1;
  }
  r = cdb_init(&c, fd);
  close(fd);
  if (r == -1) {
    *why = trouble;
    return -1;
  }
  r = search(&c, local, &value);
  cdb_free(&c);
  if (r == -1) *why = trouble;
  if (r == 1) r = answer(&value, pw, why, trouble);
  sa_free(&value);
  return r;
}

/* getpw - the child: become the passwd role, then qmail-getpw */
static void getpw(const char *local, int out)
{
  char *argv[3];
  int null;

  if (prot_drop(auto_uid_passwd, auto_gid_nofiles) == -1) _exit(EX_TEMP);
  /* the caller's fd 0 may be a message: not for the passwd role */
  null = open_read("/dev/null");
  if (null == -1 || fd_move(0, null) == -1) _exit(EX_TEMP);
  if (fd_move(1, out) == -1) _exit(EX_TEMP);
  sig_default(SIGPIPE);
  argv[0] = (char *)"bin/qmail-getpw";
  argv[1] = (char *)local;
  argv[2] = 0;
  execv(argv[0], argv);
  _exit(EX_TEMP);
}

/* slurp - all of fd into out, at most out->max bytes: 0, or -1 */
static int slurp(int fd, struct sa *out)
{
  char chunk[1024];
  for (;;) {
    ssize_t r = fd_readwait(fd, chunk, sizeof chunk, GETPW_TIMEOUT);
    if (r == 0) return 0;
    if (r == -1 || !sa_catb(out, chunk, (size_t)r)) return -1;
  }
}

/* fromgetpw - qmail-getpw's answer, which always names someone */
static int fromgetpw(const char *local, struct pwinfo *pw, const char **why)
{
  static const char failed[] = "Unable to run qmail-getpw. ";
  struct sa out = SA_ZERO;
  int pi[2];
  pid_t pid;
  int status;
  int r;

  /* every field is a copy of passwd's or of local: bounded by both */
  if (!sz_add(&out.max, strlen(local), LIM_CTL_LINE) || pipe(pi) == -1) {
    *why = "Temporary failure in qmail-lspawn. ";
    return -1;
  }
  pid = fork();
  if (pid == -1) {
    close(pi[0]);
    close(pi[1]);
    *why = "Temporary failure in qmail-lspawn. ";
    return -1;
  }
  if (pid == 0) {
    close(pi[0]);
    getpw(local, pi[1]);
  }
  close(pi[1]);
  r = slurp(pi[0], &out);
  close(pi[0]);
  if (r == -1) kill(pid, SIGKILL);     /* too much, or silent too long */
  if (wait_pid(pid, &status) == -1 || wait_exitcode(status) != EX_OK)
    r = -1;
  if (r == 0) r = answer(&out, pw, why, "Bad answer from qmail-getpw. ");
  else *why = failed;
  sa_free(&out);
  return r;
}

int users_lookup(const char *local, struct pwinfo *pw, const char **why)
{
  int r = fromcdb(local, pw, why);
  if (r != 0) return r;
  return fromgetpw(local, pw, why);
}

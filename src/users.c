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
#include "userscdb.h"
#include "wait.h"

/* seconds qmail-getpw may stay silent: a hung name service defers */
#define GETPW_TIMEOUT 300

/* answer - fields() with its failure as a sentence */
static int answer(const struct sa *value, struct pwinfo *pw,
                  const char **why, const char *bad)
{
  int r = userscdb_fields(value->s, value->len, pw);
  if (r == 1) return 1;
  *why = r == 0 ? bad : "Out of memory in qmail-lspawn. ";
  return -1;
}

int users_cdb(const char *local, struct pwinfo *pw, const char **why)
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
  r = userscdb_search(&c, local, &value);
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
  int r = users_cdb(local, pw, why);
  if (r != 0) return r;
  return fromgetpw(local, pw, why);
}

void users_free(struct pwinfo *pw)
{
  sa_free(&pw->user);
  sa_free(&pw->home);
  sa_free(&pw->dash);
  sa_free(&pw->ext);
}

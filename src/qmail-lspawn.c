/* qmail-lspawn - run qmail-local as the recipient, for qmail-send
 * runs as: root (from qmail-start); writes no files
 * reads:   spawn records on fd 0 from qmail-send (spawnproto.h)
 * trusts:  qmail-send's records; users/cdb (root-owned); the output of
 *          qmail-getpw, which it runs as the passwd role
 * parses:  nothing from the network or from users
 *
 * SECURITY: the only program besides qmail-queue that holds privilege
 * after start-up.  The parent never runs user code: it opens the
 * message as root, and each delivery is a child that gives up root for
 * the user's uid and gid (never 0) and execs qmail-local.  When
 * users/cdb names the user, the parent looks it up and the child is a
 * vfork child (quick), which does nothing that can block before its
 * exec; otherwise a forked child does the lookup, which may run
 * qmail-getpw and wait for it, so the parent never waits.  users/cdb is
 * mapped in the parent for the lookup: it is replaced by rename, never
 * rewritten in place, yet an I/O error while it is read would end this
 * process (SIGBUS), and qmail-send with it, to be restarted. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "prot.h"
#include "queue.h"
#include "rec.h"
#include "sig.h"
#include "spawnd.h"
#include "spawnproto.h"
#include "users.h"
#include "wait.h"

const char *prog = "qmail-lspawn";

static const char *defaultdelivery;
static struct sa localpath = SA_ZERO;  /* auto_qmail/bin/qmail-local */

/* say - a child's last words: the report text, then the exit class */
static void say(int code, const char *a, const char *b, const char *c)
  __attribute__((noreturn));
static void say(int code, const char *a, const char *b, const char *c)
{
  char line[1024];
  size_t n = 0;
  const char *parts[3];
  int i;
  parts[0] = a;
  parts[1] = b;
  parts[2] = c;
  for (i = 0; i < 3; ++i)
    if (parts[i])
      while (*parts[i] && n < sizeof line - 1) line[n++] = *parts[i]++;
  line[n++] = '\n';
  fd_writeall(1, line, n, 0);
  _exit(code);
}

/* become - in the child, with fd 0 the message and fd 1 the report
 * pipe: give up root for the user and run qmail-local, which enters
 * the home directory itself (as in qmail: a home on a hung file system
 * then holds up that delivery only, never this process); never returns.
 * SECURITY: this may run in a vfork child (quick), which shares the
 * parent's memory until the exec: it allocates nothing and writes no
 * global but errno, which the parent does not read after the vfork; the
 * parent's signal handlers never run here, because every signal stays
 * blocked until the caught ones are back to their defaults. */
static void become(const struct spawn_req *r, const struct pwinfo *pw,
                   const char *local, const char *domain,
                   const sigset_t *mask) __attribute__((noreturn));
static void become(const struct spawn_req *r, const struct pwinfo *pw,
                   const char *local, const char *domain,
                   const sigset_t *mask)
{
  char *argv[11];

  /* SECURITY: never deliver as root, whatever users/cdb says */
  if (pw->uid == 0)
    say(EX_TEMP, "Refusing to deliver as root. (#4.3.0)", 0, 0);
  if (prot_drop(pw->uid, pw->gid) == -1)
    say(EX_TEMP, "Unable to set the user's ids. (#4.3.0)", 0, 0);
  sig_default(SIGPIPE);
  sig_default(SIGCHLD);
  if (mask && sigprocmask(SIG_SETMASK, mask, 0) == -1) _exit(EX_TEMP);
  argv[0] = (char *)(size_t)"bin/qmail-local";
  argv[1] = (char *)(size_t)"--";
  argv[2] = pw->user.s;
  argv[3] = pw->home.s;
  argv[4] = (char *)(size_t)local;
  argv[5] = pw->dash.s;
  argv[6] = pw->ext.s;
  argv[7] = (char *)(size_t)domain;
  argv[8] = r->sender.s;
  argv[9] = (char *)(size_t)defaultdelivery;
  argv[10] = 0;
  execv(localpath.s, argv);
  say(EX_TEMP, "Unable to run qmail-local. (#4.3.0)", 0, 0);
}

/* domain - the part of the recipient after its last @, or "" */
static const char *domainof(const char *rcpt)
{
  const char *at = strrchr(rcpt, '@');
  return at ? at + 1 : "";
}

/* localof - the part before it into *local: 1, or 0 out of memory */
static int localof(const char *rcpt, struct sa *local)
{
  const char *at = strrchr(rcpt, '@');
  return sa_copyb(local, rcpt, at ? (size_t)(at - rcpt) : strlen(rcpt)) &&
         sa_0(local);
}

/* child - the general case, in a forked copy: every lookup, every
 * failure reported as the delivery's text */
static void child(const struct spawn_req *r, int messfd, int out)
{
  struct pwinfo pw = PWINFO_ZERO;
  const char *why = 0;
  struct sa local = SA_ZERO;

  if (fd_move(1, out) == -1 || fd_copy(2, 1) == -1 || fd_move(0, messfd) == -1)
    _exit(EX_TEMP);
  if (!localof(r->rcpts.s, &local))
    say(EX_TEMP, "Out of memory. (#4.3.0)", 0, 0);
  /* as qmail: mail for an empty local part ("@host", e.g. an empty
   * doublebounceto) is thrown away, successfully */
  if (!local.s[0]) say(EX_OK, "Discarded: the local part is empty.", 0, 0);
  if (users_lookup(local.s, &pw, &why) != 1)
    say(EX_TEMP, why ? why : "Unable to find the user. ", "(#4.3.0)", 0);
  become(r, &pw, local.s, domainof(r->rcpts.s), 0);
}

/* quick - the common case without a copy of this process: users/cdb
 * names the user (not root) of a non-empty local part, so the child
 * has nothing left to look up, allocate or report but a failed system
 * call, and vfork suffices.  Copying the page tables of a process, and
 * the copy-on-write faults after it, cost more than the exec that
 * follows on a virtual machine.  Returns the pid, -1 if vfork failed,
 * or 0 when the general case must be taken. */
static pid_t quick(const struct spawn_req *r, int messfd, int out, int in)
{
  struct pwinfo pw = PWINFO_ZERO;
  struct sa local = SA_ZERO;
  const char *why = 0;
  sigset_t all;
  sigset_t old;
  pid_t pid = 0;

  if (localof(r->rcpts.s, &local) && local.s[0] &&
      users_cdb(local.s, &pw, &why) == 1 && pw.uid != 0 &&
      sigfillset(&all) == 0 && sigprocmask(SIG_SETMASK, &all, &old) == 0) {
    pid = vfork();
    if (pid == 0) {
      if (close(in) == -1 || fd_move(1, out) == -1 || fd_copy(2, 1) == -1 ||
          fd_move(0, messfd) == -1)
        _exit(EX_TEMP);
      become(r, &pw, local.s, domainof(r->rcpts.s), &old);
    }
    if (sigprocmask(SIG_SETMASK, &old, 0) == -1)
      die_tempsys("unable to restore the signal mask");
  }
  users_free(&pw);
  sa_free(&local);
  return pid;
}

pid_t spawn_start(const struct spawn_req *r, int *outfd, struct sa *result)
{
  char fn[QUEUE_FN];
  int messfd;
  int pi[2];
  pid_t pid;

  (void)result;
  queue_fn(fn, "queue/mess/", r->msgnum, 1);
  messfd = open_read(fn);
  if (messfd == -1) return -1;
  if (pipe(pi) == -1) {
    close(messfd);
    return -1;
  }
  pid = quick(r, messfd, pi[1], pi[0]);
  if (pid == 0) pid = fork();
  if (pid == -1) {
    close(messfd);
    close(pi[0]);
    close(pi[1]);
    return -1;
  }
  if (pid == 0) {
    close(pi[0]);
    child(r, messfd, pi[1]);
  }
  close(messfd);
  close(pi[1]);
  fd_cloexec(pi[0]);
  *outfd = pi[0];
  return pid;
}

void spawn_result(const struct spawn_req *r, int status,
                  const struct sa *output, struct sa *result)
{
  int code = wait_exitcode(status);
  int type = REC_SPAWN_TEMP;
  const char *text = output->s;
  size_t len = output->len;

  (void)r;
  if (code == EX_OK) type = REC_SPAWN_OK;
  else if (code == EX_PERM) type = REC_SPAWN_PERM;
  if (code == -1) {
    text = "qmail-local crashed. (#4.3.0)";
    len = strlen(text);
  } else if (code != EX_OK && code != EX_PERM && code != EX_TEMP) {
    text = "qmail-local exited unexpectedly. (#4.3.0)";
    len = strlen(text);
  }
  /* a report holds no NUL: the record would end there */
  {
    struct sa clean = SA_ZERO;
    size_t i;
    if (!sa_copyb(&clean, text ? text : "", len)) temp_nomem();
    for (i = 0; i < clean.len; ++i)
      if (!clean.s[i]) clean.s[i] = '_';
    if (!rec_put(result, type, clean.s, clean.len)) temp_nomem();
    sa_free(&clean);
  }
}

int main(int argc, char **argv)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 2) die_usage("qmail-lspawn defaultdelivery");
  defaultdelivery = argv[1];
  if (!sa_cats(&localpath, auto_qmail) ||
      !sa_cats(&localpath, "/bin/qmail-local") || !sa_0(&localpath))
    temp_nomem();
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  spawn_main();
  return EX_OK;
}

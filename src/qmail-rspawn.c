/* qmail-rspawn - run qmail-remote for qmail-send's remote deliveries
 * runs as: qmailr (from qmail-start); writes no files
 * reads:   spawn records on fd 0 from qmail-send (spawnproto.h); the
 *          message files in queue/mess; the reports of qmail-remote
 * trusts:  qmail-send's records; qmail-remote's report (same user)
 * parses:  qmail-remote's report, bounded by LIM_REPORT, whole records
 *          only (rspawn_report in qmail-rspawn-report.c)
 *
 * For each request: a child with the message on fd 0 and a pipe on fd
 * 1 execs bin/qmail-remote host sender recipient..., where host is what
 * follows the last '@' of the first recipient (qmail-send asks for one
 * recipient at a time).  The report comes back through spawn.c and
 * rspawn_report turns it into one K, Z or D per recipient. */
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "err.h"
#include "fd.h"
#include "open.h"
#include "queue.h"
#include "qmail-rspawn.h"
#include "sa.h"
#include "sig.h"
#include "spawn.h"
#include "spawnproto.h"
#include "wait.h"

const char *prog = "qmail-rspawn";

/* child - become qmail-remote, or write a Z report and exit 111 */
static void child(const struct spawn_req *r, int messfd, int out)
{
  static const char cantrun[] = "ZUnable to run qmail-remote. (#4.3.0)\n";
  struct sa path = SA_ZERO;
  char **argv;
  const char *rcpt = r->rcpts.s;
  const char *at = strrchr(rcpt, '@');

  if (fd_move(1, out) == -1 || fd_move(0, messfd) == -1) _exit(EX_TEMP);
  argv = rspawn_argv(r, at ? at + 1 : "");
  if (!argv || !sa_cats(&path, auto_qmail) ||
      !sa_cats(&path, "/bin/qmail-remote") || !sa_0(&path)) {
    fd_writeall(1, cantrun, sizeof cantrun, 0);    /* its NUL too */
    _exit(EX_TEMP);
  }
  sig_default(SIGPIPE);
  sig_default(SIGCHLD);
  execv(path.s, argv);
  fd_writeall(1, cantrun, sizeof cantrun, 0);
  _exit(EX_TEMP);
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
  pid = fork();
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
  if (!rspawn_report(r->nrcpts, wait_exitcode(status), output->s,
                     output->len, result))
    temp_nomem();
}

int main(void)
{
  /* identity, sanitize: qmail-start made us qmailr, fds 0 and 1 are
   * qmail-send's pipes */
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  spawn_main();
  return EX_OK;
}

/* qmail-start - start the queue daemons, each as its own user
 * runs as: root, briefly: it forks, gives up privilege in each child and
 *          execs; it ends by becoming qmail-send (as qmails)
 * reads:   its command line (the administrator's)
 * trusts:  its command line
 * parses:  nothing
 *
 * The daemons talk over pipes made here (fd layout below); their
 * activity records go to one log pipe, read by the logger (as qmaill)
 * or, without a logger, to qmail-start's own fd 1.  qmail-send keeps
 * qmail-start's pid, so supervise(8) watches qmail-send. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "err.h"
#include "fd.h"
#include "prot.h"
#include "sig.h"

const char *prog = "qmail-start";

/* CONTRACT: qmail-send's descriptors (qmail-send.c says the same) */
#define SEND_LOG 2
#define SEND_TOLSPAWN 3
#define SEND_FROMLSPAWN 4
#define SEND_TORSPAWN 5
#define SEND_FROMRSPAWN 6
#define SEND_TOCLEAN 7
#define SEND_FROMCLEAN 8

/* the pipes, moved above everything the children's layouts use */
static struct {
  int logr, logw;
  int lsreqr, lsreqw, lsresr, lsresw;
  int rsreqr, rsreqw, rsresr, rsresw;
  int clreqr, clreqw, clresr, clresw;
} p;

static int high(int fd)
{
  int n = fcntl(fd, F_DUPFD_CLOEXEC, 20);
  if (n == -1) die_tempsys("unable to dup a pipe");
  close(fd);
  return n;
}

static void makepipe(int *r, int *w)
{
  int pi[2];
  if (pipe(pi) == -1) die_tempsys("unable to create a pipe");
  *r = high(pi[0]);
  *w = high(pi[1]);
}

/* place - dup2 from onto to in a child; the copy is not close-on-exec */
static void place(int to, int from)
{
  if (fd_copy(to, from) == -1) _exit(EX_TEMP);
}

static void run(const char *path, char *const *argv)
{
  sig_default(SIGPIPE);
  sig_default(SIGCHLD);
  execv(path, argv);
  die_tempsys("unable to run ", path);
}

static void spawner(int req, int res, const char *path, char *const *argv,
                    int drop, uid_t uid)
{
  pid_t pid = fork();
  if (pid == -1) die_tempsys("unable to fork");
  if (pid) return;
  place(0, req);
  place(1, res);
  place(2, p.logw);
  /* SECURITY: qmail-lspawn alone keeps root (drop == 0) */
  if (drop && prot_drop(uid, auto_gid_group) == -1)
    die_tempsys("unable to drop privileges for ", path);
  run(path, argv);
}

static void logger(char **argv)
{
  pid_t pid = fork();
  if (pid == -1) die_tempsys("unable to fork");
  if (pid) return;
  place(0, p.logr);
  if (prot_drop(auto_uid_log, auto_gid_nofiles) == -1)
    die_tempsys("unable to drop privileges for the logger");
  sig_default(SIGPIPE);
  execvp(argv[0], argv);
  die_tempsys("unable to run ", argv[0]);
}

/* closeabove2 - whatever started us may have left descriptors open; none
 * of them should reach the daemons, qmail-lspawn (root) least of all.
 * close_range closes every one however high; a kernel without it
 * (before 5.9) gets a loop up to the descriptor limit. */
static void closeabove2(void)
{
  long max;
  int fd;
#ifdef SYS_close_range
  if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
  max = sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 1048576) max = 1048576;
  for (fd = 3; fd < max; ++fd) close(fd);
}

int main(int argc, char **argv)
{
  char *lspawnargv[3];
  char *rspawnargv[2];
  char *cleanargv[2];
  char *sendargv[2];
  int devnull;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  closeabove2();
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  sig_ignore(SIGPIPE);

  makepipe(&p.lsreqr, &p.lsreqw);
  makepipe(&p.lsresr, &p.lsresw);
  makepipe(&p.rsreqr, &p.rsreqw);
  makepipe(&p.rsresr, &p.rsresw);
  makepipe(&p.clreqr, &p.clreqw);
  makepipe(&p.clresr, &p.clresw);
  if (argc > 2) {
    makepipe(&p.logr, &p.logw);
    logger(argv + 2);
    close(p.logr);
  } else {
    p.logw = high(dup(1));
  }

  lspawnargv[0] = (char *)(size_t)"qmail-lspawn";
  lspawnargv[1] = argc > 1 ? argv[1] : (char *)(size_t)"./Mailbox";
  lspawnargv[2] = 0;
  spawner(p.lsreqr, p.lsresw, "bin/qmail-lspawn", lspawnargv, 0, 0);
  rspawnargv[0] = (char *)(size_t)"qmail-rspawn";
  rspawnargv[1] = 0;
  spawner(p.rsreqr, p.rsresw, "bin/qmail-rspawn", rspawnargv, 1,
          auto_uid_remote);
  cleanargv[0] = (char *)(size_t)"qmail-clean";
  cleanargv[1] = 0;
  spawner(p.clreqr, p.clresw, "bin/qmail-clean", cleanargv, 1,
          auto_uid_queue);

  devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull == -1) die_tempsys("unable to open /dev/null");
  place(0, devnull);
  place(SEND_LOG, p.logw);
  place(SEND_TOLSPAWN, p.lsreqw);
  place(SEND_FROMLSPAWN, p.lsresr);
  place(SEND_TORSPAWN, p.rsreqw);
  place(SEND_FROMRSPAWN, p.rsresr);
  place(SEND_TOCLEAN, p.clreqw);
  place(SEND_FROMCLEAN, p.clresr);
  if (prot_drop(auto_uid_send, auto_gid_group) == -1)
    die_tempsys("unable to drop privileges for qmail-send");
  sendargv[0] = (char *)(size_t)"qmail-send";
  sendargv[1] = 0;
  run("bin/qmail-send", sendargv);
  return EX_TEMP;
}

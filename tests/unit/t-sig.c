/* t-sig.c - signal helpers */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sig.h"
#include "t.h"

static volatile sig_atomic_t got;
static volatile sig_atomic_t count;
static volatile sig_atomic_t other_blocked;

static void handler(int sig)
{
  got = sig;
  ++count;
}

/* probe - records whether SIGUSR2 is blocked while this handler runs */
static void probe(int sig)
{
  sigset_t now;
  got = sig;
  other_blocked = sigprocmask(SIG_BLOCK, 0, &now) == 0 &&
                  sigismember(&now, SIGUSR2);
}

/* pester - a child that sends sig to this process every 20 ms until it
 * is killed, for at most 10 s, or until this process is gone: however
 * the race between the first signal and a blocking call goes, one of
 * the later signals finds the call waiting */
static pid_t pester(int sig)
{
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    int i;
    for (i = 0; i < 500 && getppid() == parent; ++i) {
      usleep(20000);
      kill(parent, sig);
    }
    _exit(0);
  }
  return pid;
}

static void stop(pid_t pid)
{
  int status;
  if (pid <= 0) return;
  kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) == -1 && errno == EINTR) continue;
}

static void t_catch(void)
{
  got = 0;
  CHECK(sig_catch(SIGUSR1, handler) == 0);
  CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1);
}

static void t_empty_mask(void)
{
  /* sa_mask is empty: nothing but the signal itself is held meanwhile */
  got = 0;
  other_blocked = 1;
  CHECK(sig_catch(SIGUSR1, probe) == 0);
  CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1 && !other_blocked);
}

static void t_block(void)
{
  sigset_t now;
  got = 0;
  count = 0;
  CHECK(sig_catch(SIGUSR2, handler) == 0);
  CHECK(sig_block(SIGUSR2) == 0);
  CHECK(sigprocmask(SIG_BLOCK, 0, &now) == 0 && sigismember(&now, SIGUSR2));
  CHECK(raise(SIGUSR2) == 0 && raise(SIGUSR2) == 0 && got == 0);  /* held */
  CHECK(sig_unblock(SIGUSR2) == 0 && got == SIGUSR2);   /* then delivered */
  CHECK(count == 1);                           /* once: signals merge */
  CHECK(sigprocmask(SIG_BLOCK, 0, &now) == 0 && !sigismember(&now, SIGUSR2));
}

static void t_no_restart(void)
{
  /* a blocking read is interrupted, not restarted */
  int p[2];
  char c;
  pid_t pid;
  CHECK(pipe(p) == 0);
  CHECK(sig_catch(SIGUSR1, handler) == 0);
  got = 0;
  pid = pester(SIGUSR1);
  CHECK(pid > 0);
  errno = 0;
  CHECK(read(p[0], &c, 1) == -1 && errno == EINTR && got == SIGUSR1);
  stop(pid);
  close(p[0]);
  close(p[1]);
}

static void t_ignore_default(void)
{
  struct sigaction sa;
  CHECK(sig_ignore(SIGPIPE) == 0);
  CHECK(raise(SIGPIPE) == 0);                  /* still alive */
  CHECK(sigaction(SIGPIPE, 0, &sa) == 0 && sa.sa_handler == SIG_IGN);
  CHECK(sig_default(SIGPIPE) == 0);
  CHECK(sigaction(SIGPIPE, 0, &sa) == 0 && sa.sa_handler == SIG_DFL);
  CHECK(sig_catch(SIGHUP, handler) == 0);
  CHECK(sigaction(SIGHUP, 0, &sa) == 0 && sa.sa_handler == handler &&
        !(sa.sa_flags & SA_RESTART));
  CHECK(sig_default(SIGHUP) == 0);
}

static void t_unblockall(void)
{
  sigset_t now;
  CHECK(sig_block(SIGHUP) == 0 && sig_block(SIGTERM) == 0);
  CHECK(sig_unblockall() == 0);
  CHECK(sigprocmask(SIG_BLOCK, 0, &now) == 0);
  CHECK(!sigismember(&now, SIGHUP) && !sigismember(&now, SIGTERM));
  errno = 0;
  CHECK(sig_catch(SIGKILL, handler) == -1 && errno == EINVAL);
}

static void t_pause(void)
{
  /* the race sig_pause exists for: the signal comes while blocked,
   * before the pause, and must still end it */
  sigset_t now;
  pid_t pid;
  got = 0;
  CHECK(sig_catch(SIGUSR1, handler) == 0);
  CHECK(sig_block(SIGUSR1) == 0);
  CHECK(raise(SIGUSR1) == 0 && got == 0);
  sig_pause();                                 /* unblocks while waiting */
  CHECK(got == SIGUSR1);
  /* and the mask is back as it was: SIGUSR1 blocked */
  CHECK(sigprocmask(SIG_BLOCK, 0, &now) == 0 && sigismember(&now, SIGUSR1));
  got = 0;
  pid = pester(SIGUSR1);
  CHECK(pid > 0);
  sig_pause();
  CHECK(got == SIGUSR1);
  stop(pid);
  CHECK(sig_unblock(SIGUSR1) == 0);
}

int main(void)
{
  alarm(20);          /* SIGALRM stays default: a hung test dies */
  TEST(t_catch);
  TEST(t_empty_mask);
  TEST(t_block);
  TEST(t_no_restart);
  TEST(t_ignore_default);
  TEST(t_unblockall);
  TEST(t_pause);
  return t_done();
}

/* t-wait.c - reaping children */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wait.h"
#include "t.h"

static volatile sig_atomic_t ticks;
static void tick(int sig) { (void)sig; ++ticks; }

static void t_exitcode(void)
{
  int status = 0;
  pid_t pid = fork();
  if (pid == 0) _exit(7);
  CHECK(pid > 0 && wait_pid(pid, &status) == pid);
  CHECK(!wait_crashed(status) && wait_exitcode(status) == 7);
  pid = fork();
  if (pid == 0) _exit(0);
  CHECK(pid > 0 && wait_pid(pid, &status) == pid);
  CHECK(!wait_crashed(status) && wait_exitcode(status) == 0);
  pid = fork();
  if (pid == 0) _exit(255);
  CHECK(pid > 0 && wait_pid(pid, &status) == pid);
  CHECK(wait_exitcode(status) == 255);
}

static void t_crash(void)
{
  int status = 0;
  pid_t pid = fork();
  if (pid == 0) {
    kill(getpid(), SIGKILL);
    _exit(0);
  }
  CHECK(pid > 0 && wait_pid(pid, &status) == pid);
  CHECK(wait_crashed(status) && wait_exitcode(status) == -1);
}

static void t_eintr(void)
{
  /* a timer interrupts the wait every 20 ms, with no SA_RESTART:
   * wait_pid must go on waiting, not return -1 EINTR */
  struct sigaction sa;
  struct itimerval on = { { 0, 20000 }, { 0, 20000 } };
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  int status = 0;
  pid_t got;
  pid_t pid;

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = tick;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(SIGALRM, &sa, 0) == 0);
  pid = fork();
  if (pid == 0) {
    usleep(300000);
    _exit(5);
  }
  ticks = 0;
  CHECK(setitimer(ITIMER_REAL, &on, 0) == 0);
  got = wait_pid(pid, &status);
  CHECK(setitimer(ITIMER_REAL, &off, 0) == 0);
  CHECK(got == pid && wait_exitcode(status) == 5);
  CHECK(ticks > 0);                            /* it was interrupted */
}

static void t_nohang(void)
{
  int status = 0;
  int p[2];
  char c;
  pid_t pid;
  int i;
  pid_t r = 0;
  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) {
    close(p[1]);
    if (read(p[0], &c, 1) < 0) _exit(2);
    _exit(3);
  }
  close(p[0]);
  CHECK(wait_nohang(&status) == 0);          /* still running */
  close(p[1]);                               /* lets it finish */
  for (i = 0; i < 500 && r == 0; ++i) {      /* at most 5 s */
    r = wait_nohang(&status);
    if (r == 0) usleep(10000);
  }
  CHECK(r == pid && wait_exitcode(status) == 3);
  errno = 0;
  CHECK(wait_nohang(&status) == -1 && errno == ECHILD);   /* none left */
  CHECK(wait_pid(pid, &status) == -1 && errno == ECHILD); /* reaped once */
}

/* wait_status makes what wait gives: the macros read it back */
static void t_status(void)
{
  int c;
  for (c = 0; c < 256; ++c) {
    int st = wait_status(c);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == c);
    CHECK(!wait_crashed(st) && wait_exitcode(st) == c);
  }
  CHECK(WIFSIGNALED(wait_status(-1)) && wait_crashed(wait_status(-1)));
  CHECK(wait_exitcode(wait_status(-1)) == -1);
}

int main(void)
{
  TEST(t_exitcode);
  TEST(t_status);
  TEST(t_crash);
  TEST(t_eintr);
  TEST(t_nohang);
  return t_done();
}

/* t-wait.c - reaping children */
#include <signal.h>
#include <unistd.h>
#include "wait.h"
#include "t.h"

static void t_exitcode(void)
{
  int status;
  pid_t pid = fork();
  if (pid == 0) _exit(7);
  CHECK(wait_pid(pid, &status) == pid);
  CHECK(!wait_crashed(status) && wait_exitcode(status) == 7);
}

static void t_crash(void)
{
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    kill(getpid(), SIGKILL);
    _exit(0);
  }
  CHECK(wait_pid(pid, &status) == pid);
  CHECK(wait_crashed(status) && wait_exitcode(status) == -1);
}

static void t_nohang(void)
{
  int status;
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
  for (i = 0; i < 500 && r == 0; ++i) {
    r = wait_nohang(&status);
    if (r == 0) usleep(10000);
  }
  CHECK(r == pid && wait_exitcode(status) == 3);
  CHECK(wait_nohang(&status) == -1);         /* no children left */
}

int main(void)
{
  TEST(t_exitcode);
  TEST(t_crash);
  TEST(t_nohang);
  return t_done();
}

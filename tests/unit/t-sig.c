/* t-sig.c - signal helpers */
#include <errno.h>
#include <unistd.h>
#include "sig.h"
#include "t.h"

static volatile sig_atomic_t got;
static void handler(int sig) { got = sig; }

static void t_catch(void)
{
  got = 0;
  CHECK(sig_catch(SIGUSR1, handler) == 0);
  CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1);
}

static void t_block(void)
{
  got = 0;
  CHECK(sig_catch(SIGUSR2, handler) == 0);
  CHECK(sig_block(SIGUSR2) == 0);
  CHECK(raise(SIGUSR2) == 0 && got == 0);   /* held */
  CHECK(sig_unblock(SIGUSR2) == 0 && got == SIGUSR2);
}

static void t_no_restart(void)
{
  /* a blocking read is interrupted, not restarted */
  int p[2];
  char c;
  CHECK(pipe(p) == 0);
  CHECK(sig_catch(SIGALRM, handler) == 0);
  got = 0;
  alarm(1);
  errno = 0;
  CHECK(read(p[0], &c, 1) == -1 && errno == EINTR && got == SIGALRM);
  close(p[0]);
  close(p[1]);
}

static void t_ignore_default(void)
{
  CHECK(sig_ignore(SIGPIPE) == 0);
  CHECK(raise(SIGPIPE) == 0);               /* still alive */
  CHECK(sig_default(SIGPIPE) == 0);
  CHECK(sig_block(SIGHUP) == 0 && sig_unblockall() == 0);
}

static void t_pause(void)
{
  got = 0;
  CHECK(sig_catch(SIGALRM, handler) == 0);
  CHECK(sig_block(SIGALRM) == 0);
  alarm(1);
  sig_pause();                               /* unblocks while waiting */
  CHECK(got == SIGALRM);
  CHECK(sig_unblock(SIGALRM) == 0);
}

int main(void)
{
  TEST(t_catch);
  TEST(t_block);
  TEST(t_no_restart);
  TEST(t_ignore_default);
  TEST(t_pause);
  return t_done();
}

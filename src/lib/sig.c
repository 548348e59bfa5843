/* sig.c - signal helpers */
#include <signal.h>
#include <string.h>
#include "sig.h"

static int set(int sig, void (*handler)(int))
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;             /* no SA_RESTART: see sig.h */
  return sigaction(sig, &sa, 0);
}

int sig_ignore(int sig) { return set(sig, SIG_IGN); }
int sig_default(int sig) { return set(sig, SIG_DFL); }
int sig_catch(int sig, void (*handler)(int)) { return set(sig, handler); }

static int mask(int how, int sig)
{
  sigset_t ss;
  sigemptyset(&ss);
  if (sig) sigaddset(&ss, sig);
  return sigprocmask(how, &ss, 0);
}

int sig_block(int sig) { return mask(SIG_BLOCK, sig); }
int sig_unblock(int sig) { return mask(SIG_UNBLOCK, sig); }
int sig_unblockall(void) { return mask(SIG_SETMASK, 0); }

void sig_pause(void)
{
  sigset_t ss;
  sigemptyset(&ss);
  sigsuspend(&ss);
}

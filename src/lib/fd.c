/* fd.c - file descriptor helpers
 *
 * fd_move and fd_copy place a descriptor for a program about to exec:
 * the descriptor left at `to` is never close-on-exec, even when to ==
 * from (where dup2 would keep the flag), since every fd quire opens is
 * O_CLOEXEC and a descriptor that vanished at exec would be a silent
 * loss of the child's input or output. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "fd.h"

/* fd_ensure012 - make sure 0, 1 and 2 are open, so that a later open
 * never lands on them and a log line never goes into a queue file */
int fd_ensure012(void)
{
  int fd;
  int got;

  for (fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1) continue;
    if (errno != EBADF) return -1;
    /* 0..fd-1 are open now, so open gives the lowest free one: fd;
     * no O_CLOEXEC: these three must survive exec */
    got = open("/dev/null", O_RDWR | O_NOCTTY);
    if (got == -1) return -1;
    if (got != fd) {             /* another thread raced us: leave no stray */
      close(got);
      errno = EBADF;
      return -1;
    }
  }
  return 0;
}

static int setfd(int fd, int flag, int on)
{
  int flags = fcntl(fd, F_GETFD);
  if (flags == -1) return -1;
  flags = on ? flags | flag : flags & ~flag;
  return fcntl(fd, F_SETFD, flags) == -1 ? -1 : 0;
}

static int setfl(int fd, int flag, int on)
{
  int flags = fcntl(fd, F_GETFL);
  if (flags == -1) return -1;
  flags = on ? flags | flag : flags & ~flag;
  return fcntl(fd, F_SETFL, flags) == -1 ? -1 : 0;
}

int fd_copy(int to, int from)
{
  if (to == from) return setfd(to, FD_CLOEXEC, 0);   /* EBADF if closed */
  for (;;) {
    if (dup2(from, to) != -1) return 0;
    if (errno != EINTR) return -1;
  }
}

int fd_move(int to, int from)
{
  if (fd_copy(to, from) == -1) return -1;
  if (to != from) close(from);   /* to still holds the file: cannot fail */
  return 0;
}

int fd_cloexec(int fd) { return setfd(fd, FD_CLOEXEC, 1); }
int fd_nocloexec(int fd) { return setfd(fd, FD_CLOEXEC, 0); }
int fd_nonblock(int fd) { return setfl(fd, O_NONBLOCK, 1); }
int fd_block(int fd) { return setfl(fd, O_NONBLOCK, 0); }

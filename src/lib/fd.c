/* fd.c - file descriptor helpers */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "fd.h"

int fd_ensure012(void)
{
  int fd;
  for (fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1) continue;
    if (errno != EBADF) return -1;
    /* the lowest free descriptor is fd itself: 0, 1 and 2 in order */
    {
      int n = open("/dev/null", O_RDWR);
      if (n == -1) return -1;
      if (n != fd) {
        close(n);
        errno = EBADF;
        return -1;
      }
    }
  }
  return 0;
}

int fd_copy(int to, int from)
{
  if (to == from) return 0;
  for (;;) {
    if (dup2(from, to) != -1) return 0;
    if (errno != EINTR && errno != EBUSY) return -1;
  }
}

int fd_move(int to, int from)
{
  if (to == from) return 0;
  if (fd_copy(to, from) == -1) return -1;
  close(from);
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

int fd_cloexec(int fd) { return setfd(fd, FD_CLOEXEC, 1); }
int fd_nocloexec(int fd) { return setfd(fd, FD_CLOEXEC, 0); }
int fd_nonblock(int fd) { return setfl(fd, O_NONBLOCK, 1); }
int fd_block(int fd) { return setfl(fd, O_NONBLOCK, 0); }

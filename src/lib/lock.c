/* lock.c - whole-file locks */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include "lock.h"

int lock_ex(int fd)
{
  for (;;) {
    if (flock(fd, LOCK_EX) == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

int lock_exnb(int fd)
{
  return flock(fd, LOCK_EX | LOCK_NB);
}

int lock_un(int fd)
{
  return flock(fd, LOCK_UN);
}

static void whole(struct flock *fl)
{
  memset(fl, 0, sizeof *fl);
  fl->l_type = F_WRLCK;
  fl->l_whence = SEEK_SET;
  fl->l_start = 0;
  fl->l_len = 0;                 /* the whole file, however it grows */
}

int lock_fcntl_exnb(int fd)
{
  struct flock fl;
  whole(&fl);
  return fcntl(fd, F_SETLK, &fl);
}

int lock_fcntl_ex(int fd)
{
  struct flock fl;
  whole(&fl);
  for (;;) {
    if (fcntl(fd, F_SETLKW, &fl) == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

/* t-open.c - open shapes, all close-on-exec */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "open.h"
#include "t.h"

static char dir[] = "/tmp/t-open.XXXXXX";
static char a[64];
static char link_[64];

static int cloexec(int fd)
{
  return fd != -1 && (fcntl(fd, F_GETFD) & FD_CLOEXEC);
}

static void t_shapes(void)
{
  struct stat st;
  int fd;
  CHECK(mkdtemp(dir) != 0);
  snprintf(a, sizeof a, "%s/a", dir);
  snprintf(link_, sizeof link_, "%s/l", dir);

  errno = 0;
  CHECK(open_write(a) == -1 && errno == ENOENT);    /* must exist */
  fd = open_excl(a, 0640);
  CHECK(cloexec(fd) && fstat(fd, &st) == 0 && (st.st_mode & 0777) == (0640 & ~umask(022)));
  umask(022);
  CHECK(write(fd, "abc", 3) == 3);
  close(fd);
  errno = 0;
  CHECK(open_excl(a, 0600) == -1 && errno == EEXIST);
  fd = open_append(a);
  CHECK(cloexec(fd) && write(fd, "d", 1) == 1);
  close(fd);
  fd = open_read(a);
  CHECK(cloexec(fd) && fstat(fd, &st) == 0 && st.st_size == 4);
  close(fd);
  fd = open_write(a);
  CHECK(cloexec(fd));
  close(fd);
  fd = open_trunc(a);
  CHECK(cloexec(fd) && fstat(fd, &st) == 0 && st.st_size == 0);
  close(fd);
  fd = open_dir(dir);
  CHECK(cloexec(fd));
  close(fd);
  errno = 0;
  CHECK(open_dir(a) == -1 && errno == ENOTDIR);
}

static void t_nofollow(void)
{
  int fd;
  CHECK(symlink(a, link_) == 0);
  fd = open_read(link_);
  CHECK(fd != -1);                                  /* plain: follows */
  close(fd);
  errno = 0;
  CHECK(open_readnofollow(link_) == -1 && errno == ELOOP);
  fd = open_readnofollow(a);
  CHECK(cloexec(fd));
  close(fd);
  unlink(link_);
  unlink(a);
  rmdir(dir);
}

int main(void)
{
  umask(022);
  TEST(t_shapes);
  TEST(t_nofollow);
  return t_done();
}

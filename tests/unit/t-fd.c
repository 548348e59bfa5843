/* t-fd.c - descriptor helpers */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fd.h"
#include "t.h"

#define HIGH 64   /* descriptors 3..HIGH-1 are checked for strays */

static int isdevnull(int fd)
{
  struct stat a;
  struct stat b;
  return fstat(fd, &a) == 0 && stat("/dev/null", &b) == 0 &&
         S_ISCHR(a.st_mode) && a.st_rdev == b.st_rdev;
}

static int isopen(int fd)
{
  return fcntl(fd, F_GETFD) != -1;
}

static int cloexec(int fd)
{
  int flags = fcntl(fd, F_GETFD);
  return flags != -1 && (flags & FD_CLOEXEC);
}

/* ensure_in_child - closes the descriptors in mask (bit i = fd i) and
 * everything above 2, runs fd_ensure012; exits 0 if 0, 1 and 2 are
 * then open, the closed ones on /dev/null, and nothing else is open */
static int ensure_in_child(int mask)
{
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    int fd;
    for (fd = 3; fd < HIGH; ++fd) close(fd);
    for (fd = 0; fd <= 2; ++fd)
      if (mask & (1 << fd)) close(fd);
    if (fd_ensure012() != 0) _exit(10);
    for (fd = 0; fd <= 2; ++fd) {
      if (!isopen(fd)) _exit(11);
      if ((mask & (1 << fd)) && !isdevnull(fd)) _exit(12);
      if ((mask & (1 << fd)) && cloexec(fd)) _exit(13);  /* survives exec */
    }
    for (fd = 3; fd < HIGH; ++fd)
      if (isopen(fd)) _exit(14);
    _exit(0);
  }
  if (pid == -1 || waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void t_ensure012(void)
{
  CHECK(ensure_in_child(7) == 0);     /* 0, 1 and 2 all closed */
  CHECK(ensure_in_child(2) == 0);     /* only 1: a hole in the middle */
  CHECK(ensure_in_child(5) == 0);     /* 0 and 2 */
  CHECK(ensure_in_child(0) == 0);     /* nothing to do, nothing done */
}

/* cpipe - a pipe with both ends close-on-exec, as quire makes them */
static int cpipe(int p[2])
{
  if (pipe(p) == -1) return -1;
  if (fcntl(p[0], F_SETFD, FD_CLOEXEC) == -1) return -1;
  return fcntl(p[1], F_SETFD, FD_CLOEXEC);
}

static void t_copy(void)
{
  int p[2];
  int q[2];
  char c = 0;
  CHECK(cpipe(p) == 0 && pipe(q) == 0);
  CHECK(fd_copy(20, p[1]) == 0 && isopen(p[1]));   /* from stays open */
  CHECK(!cloexec(20) && cloexec(p[1]));   /* the copy survives exec */
  CHECK(write(20, "x", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'x');
  /* an open target is replaced, not kept */
  CHECK(fd_copy(q[1], p[1]) == 0);
  CHECK(write(q[1], "y", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'y');
  /* to == from: the same fd, made inheritable like any copy */
  CHECK(fd_cloexec(20) == 0 && fd_copy(20, 20) == 0 && !cloexec(20));
  close(20);
  errno = 0;
  CHECK(fd_copy(20, 20) == -1 && errno == EBADF);
  CHECK(fd_copy(21, 20) == -1 && errno == EBADF && !isopen(21));
  close(p[0]);
  close(p[1]);
  close(q[0]);
  close(q[1]);
}

static void t_move(void)
{
  int p[2];
  char c = 0;
  CHECK(cpipe(p) == 0);
  CHECK(fd_move(21, p[1]) == 0 && !isopen(p[1]) && !cloexec(21));
  CHECK(write(21, "m", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'm');
  CHECK(fd_cloexec(21) == 0);
  CHECK(fd_move(21, 21) == 0 && isopen(21) && !cloexec(21));   /* to==from */
  CHECK(write(21, "n", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'n');
  close(21);
  errno = 0;
  CHECK(fd_move(22, 21) == -1 && errno == EBADF && !isopen(22));
  close(p[0]);
}

static void t_flags(void)
{
  int p[2];
  CHECK(pipe(p) == 0);
  CHECK(fd_cloexec(p[0]) == 0 && cloexec(p[0]));
  CHECK(fd_nocloexec(p[0]) == 0 && !cloexec(p[0]));
  CHECK(fd_nonblock(p[0]) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK(fd_block(p[0]) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  /* the flag set on one end is on that end only */
  CHECK(fd_nonblock(p[1]) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  close(p[0]);
  close(p[1]);
  errno = 0;
  CHECK(fd_cloexec(p[0]) == -1 && errno == EBADF);   /* closed now */
  CHECK(fd_nonblock(p[0]) == -1 && errno == EBADF);
}

int main(void)
{
  TEST(t_ensure012);
  TEST(t_copy);
  TEST(t_move);
  TEST(t_flags);
  return t_done();
}

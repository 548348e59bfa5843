/* t-fd.c - descriptor helpers */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fd.h"
#include "t.h"

static int isdevnull(int fd)
{
  struct stat a;
  struct stat b;
  return fstat(fd, &a) == 0 && stat("/dev/null", &b) == 0 &&
         a.st_rdev == b.st_rdev && S_ISCHR(a.st_mode);
}

static void t_ensure012(void)
{
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    int ok;
    close(0);
    close(2);
    ok = fd_ensure012() == 0 && isdevnull(0) && isdevnull(2) &&
         fcntl(3, F_GETFD) == -1;     /* nothing stray above 2 */
    _exit(ok ? 0 : 1);
  }
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void t_move_copy(void)
{
  int p[2];
  char c = 0;
  CHECK(pipe(p) == 0);
  CHECK(fd_copy(20, p[1]) == 0 && fcntl(p[1], F_GETFD) != -1);
  CHECK(fd_move(21, 20) == 0 && fcntl(20, F_GETFD) == -1);
  CHECK(write(21, "x", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'x');
  CHECK(fd_move(21, 21) == 0 && fcntl(21, F_GETFD) != -1);   /* to == from */
  close(21);
  close(p[0]);
  close(p[1]);
  CHECK(fd_move(22, 99) == -1);       /* 99 is not open */
}

static void t_flags(void)
{
  int p[2];
  CHECK(pipe(p) == 0);
  CHECK(fd_cloexec(p[0]) == 0 && (fcntl(p[0], F_GETFD) & FD_CLOEXEC));
  CHECK(fd_nocloexec(p[0]) == 0 && !(fcntl(p[0], F_GETFD) & FD_CLOEXEC));
  CHECK(fd_nonblock(p[0]) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK(fd_block(p[0]) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  close(p[0]);
  close(p[1]);
  CHECK(fd_cloexec(p[0]) == -1);      /* closed now */
}

int main(void)
{
  TEST(t_ensure012);
  TEST(t_move_copy);
  TEST(t_flags);
  return t_done();
}

/* t-lock.c - whole-file locks, seen from another process */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lock.h"
#include "t.h"

static char path[] = "/tmp/t-lock.XXXXXX";

/* holder - a child holding lock_ex on path until told to stop */
static pid_t holder(int *tell, int *ready)
{
  int go[2];
  int up[2];
  pid_t pid;
  if (pipe(go) == -1 || pipe(up) == -1) return -1;
  pid = fork();
  if (pid == 0) {
    char c;
    int fd = open(path, O_RDWR);
    close(go[1]);
    close(up[0]);
    if (fd == -1 || lock_ex(fd) == -1) _exit(1);
    if (write(up[1], "r", 1) != 1) _exit(1);
    if (read(go[0], &c, 1) < 0) _exit(1);
    _exit(0);
  }
  close(go[0]);
  close(up[1]);
  *tell = go[1];
  *ready = up[0];
  return pid;
}

static void t_flock(void)
{
  int fd = mkstemp(path);
  int tell = -1;
  int ready = -1;
  int status;
  char c;
  pid_t pid;

  CHECK(fd != -1);
  pid = holder(&tell, &ready);
  CHECK(pid > 0 && read(ready, &c, 1) == 1);
  errno = 0;
  CHECK(lock_exnb(fd) == -1 && errno == EWOULDBLOCK);
  close(tell);                               /* the child lets go */
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(lock_exnb(fd) == 0);
  CHECK(lock_un(fd) == 0);
  close(ready);
  close(fd);
}

static void t_fcntl(void)
{
  int fd = open(path, O_RDWR);
  int status;
  pid_t pid;
  CHECK(fd != -1 && lock_fcntl_ex(fd) == 0);
  pid = fork();
  if (pid == 0) {
    /* the POSIX lock is held by the parent: a non-blocking try fails */
    struct flock fl;
    int f2 = open(path, O_RDWR);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0;
    _exit(f2 != -1 && fcntl(f2, F_SETLK, &fl) == -1 ? 0 : 1);
  }
  CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
  /* the two kinds are independent: flock still works */
  CHECK(lock_exnb(fd) == 0);
  close(fd);
  unlink(path);
}

int main(void)
{
  TEST(t_flock);
  TEST(t_fcntl);
  return t_done();
}

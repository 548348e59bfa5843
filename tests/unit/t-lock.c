/* t-lock.c - whole-file locks, seen from another process */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lock.h"
#include "t.h"

static char dir[256];
static char path[300];

/* said - 1 if a byte arrives on fd within ms milliseconds */
static int said(int fd, int ms)
{
  struct pollfd p;
  char c;
  p.fd = fd;
  p.events = POLLIN;
  if (poll(&p, 1, ms) != 1) return 0;
  return read(fd, &c, 1) == 1;
}

/* locker - a child that takes a lock on its own open of path (with
 * blocking lock_ex, or lock_fcntl_ex if posix), says so on *ready, and
 * holds it until *tell is closed */
static pid_t locker(int posix, int *tell, int *ready)
{
  int go[2];
  int up[2];
  pid_t pid;
  if (pipe(go) == -1) return -1;
  if (pipe(up) == -1) return -1;
  pid = fork();
  if (pid == 0) {
    char c;
    int fd = open(path, O_RDWR);
    close(go[1]);
    close(up[0]);
    if (fd == -1) _exit(1);
    if ((posix ? lock_fcntl_ex(fd) : lock_ex(fd)) == -1) _exit(2);
    if (write(up[1], "r", 1) != 1) _exit(3);
    if (read(go[0], &c, 1) < 0) _exit(4);
    _exit(0);
  }
  close(go[0]);
  close(up[1]);
  *tell = go[1];
  *ready = up[0];
  return pid;
}

/* reaped - 1 if the child exits 0 within 5 s; killed if it hangs */
static int reaped(pid_t pid)
{
  int status;
  int i;
  for (i = 0; i < 500; ++i) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (r == -1) return 0;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return 0;
}

static void t_flock(void)
{
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  int tell = -1;
  int ready = -1;
  pid_t pid;

  CHECK(fd != -1);
  pid = locker(0, &tell, &ready);
  CHECK(pid > 0 && said(ready, 5000));
  errno = 0;
  CHECK(lock_exnb(fd) == -1 && errno == EWOULDBLOCK);
  close(tell);                               /* the child lets go */
  CHECK(reaped(pid));
  CHECK(lock_exnb(fd) == 0);
  CHECK(lock_exnb(fd) == 0);                 /* ours already: no-op */
  CHECK(lock_un(fd) == 0);
  close(ready);
  close(fd);
}

static void t_flock_waits(void)
{
  /* lock_ex blocks while another holds the lock, and gets it after */
  int fd = open(path, O_RDWR);
  int tell = -1;
  int ready = -1;
  pid_t pid;

  CHECK(fd != -1 && lock_ex(fd) == 0);
  pid = locker(0, &tell, &ready);
  CHECK(pid > 0 && !said(ready, 200));       /* waiting */
  CHECK(lock_un(fd) == 0);
  CHECK(said(ready, 5000));                  /* now it has it */
  errno = 0;
  CHECK(lock_exnb(fd) == -1 && errno == EWOULDBLOCK);
  close(tell);
  CHECK(reaped(pid));
  close(ready);
  close(fd);
}

static void t_fcntl(void)
{
  int fd = open(path, O_RDWR);
  int tell = -1;
  int ready = -1;
  pid_t pid;

  CHECK(fd != -1);
  pid = locker(1, &tell, &ready);
  CHECK(pid > 0 && said(ready, 5000));
  errno = 0;
  CHECK(lock_fcntl_exnb(fd) == -1 && (errno == EAGAIN || errno == EACCES));
  /* the two kinds are independent on Linux: flock still works */
  CHECK(lock_exnb(fd) == 0 && lock_un(fd) == 0);
  close(tell);
  CHECK(reaped(pid));                        /* its locks die with it */
  CHECK(lock_fcntl_exnb(fd) == 0);
  close(ready);
  /* now the parent holds it: the blocking form waits in the child */
  pid = locker(1, &tell, &ready);
  CHECK(pid > 0 && !said(ready, 200));
  close(fd);                                 /* drops the POSIX lock */
  CHECK(said(ready, 5000));
  close(tell);
  CHECK(reaped(pid));
  close(ready);
  errno = 0;
  CHECK(lock_fcntl_ex(-1) == -1 && errno == EBADF);
  CHECK(lock_ex(-1) == -1 && errno == EBADF);
}

int main(void)
{
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/t-lock.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    printf("not ok 1 mkdtemp %s\n", dir);
    return 1;
  }
  snprintf(path, sizeof path, "%s/lock", dir);
  TEST(t_flock);
  TEST(t_flock_waits);
  TEST(t_fcntl);
  unlink(path);
  rmdir(dir);
  return t_done();
}

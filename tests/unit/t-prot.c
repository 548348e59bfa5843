/* t-prot.c - giving up privilege, proved from a child's point of view */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "prot.h"
#include "t.h"

static int child(int (*fn)(void))
{
  int status;
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  if (pid == -1 || waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char secret[] = "/tmp/t-prot.XXXXXX";

static int dropped(void)
{
  gid_t groups[4];
  if (prot_drop(12345, 12345) != 0) return 1;
  if (getuid() != 12345 || geteuid() != 12345) return 2;
  if (getgid() != 12345 || getegid() != 12345) return 3;
  if (getgroups(4, groups) != 1 || groups[0] != 12345) return 4;
  if (setuid(0) != -1) return 5;
  if (open(secret, O_RDONLY) != -1 || errno != EACCES) return 6;
  return 0;
}

static int nonroot_cannot(void)
{
  if (prot_drop(12345, 12345) != 0) return 1;
  /* now not root: asking for other ids fails, the same ids succeed */
  if (prot_drop(0, 0) != -1 || errno != EPERM) return 2;
  if (prot_drop(12346, 12345) != -1) return 3;
  if (prot_drop(12345, 12345) != 0) return 4;
  return 0;
}

static void t_drop(void)
{
  int fd = mkstemp(secret);
  CHECK(fd != -1 && fchmod(fd, 0600) == 0);
  close(fd);
  CHECK(child(dropped) == 0);
  CHECK(child(nonroot_cannot) == 0);
  unlink(secret);
}

static void t_nonroot_self(void)
{
  /* as any user: the ids already held are "dropped to" at once */
  CHECK(getuid() == 0 || prot_drop(getuid(), getgid()) == 0);
  CHECK(getuid() == 0 || prot_drop(0, 0) == -1);
}

int main(void)
{
  if (geteuid() == 0) {
    TEST(t_drop);
  } else {
    printf("ok 1 t_drop # SKIP not root: cannot change ids\n");
    ++t_count;
  }
  TEST(t_nonroot_self);
  return t_done();
}

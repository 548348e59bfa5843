/* t-prot.c - giving up privilege, proved from a child's point of view
 *
 * As root, each case runs in a child that drops and then tries to get
 * back what it gave up; the parent sees only the exit code, which names
 * the first check that failed.  As another user, only the refusals can
 * be tested.  The test sets up odd starting ids itself (setresuid,
 * setgroups): STYLE.md's one door is for src/, not for tests. */
#define _GNU_SOURCE    /* getresuid, setresuid, setresgid */
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

#define UID 12345
#define GID 12346

static char dir[256];
static char secret[300];

static int child(int (*fn)(void))
{
  int status;
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  if (pid == -1 || waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* exactly - 0 if every uid is uid, every gid gid, and gid the one
 * supplementary group; else a code from 20 up */
static int exactly(uid_t uid, gid_t gid)
{
  uid_t ru, eu, su;
  gid_t rg, eg, sg;
  gid_t groups[8];

  if (getuid() != uid || geteuid() != uid) return 20;
  if (getgid() != gid || getegid() != gid) return 21;
  if (getresuid(&ru, &eu, &su) != 0 || su != uid) return 22;
  if (getresgid(&rg, &eg, &sg) != 0 || sg != gid) return 23;
  if (getgroups(8, groups) != 1 || groups[0] != gid) return 24;
  return 0;
}

/* cannot_regain - 0 if root and its powers stay out of reach */
static int cannot_regain(void)
{
  gid_t zero = 0;
  int fd;
  if (setuid(0) != -1 || errno != EPERM) return 30;
  if (seteuid(0) != -1) return 31;
  if (setgid(0) != -1) return 32;
  if (setgroups(1, &zero) != -1) return 33;
  fd = open(secret, O_RDONLY);
  if (fd != -1 || errno != EACCES) return 34;
  return 0;
}

static int dropped(void)
{
  int r;
  if (prot_drop(UID, GID) != 0) return 1;
  if ((r = exactly(UID, GID)) != 0) return r;
  return cannot_regain();
}

/* from_setuid_root - as a setuid-root program run by a user starts:
 * real uid the user's, effective and saved root, extra groups */
static int from_setuid_root(void)
{
  gid_t extra[3] = { 100, 200, 300 };
  int r;
  if (setgroups(3, extra) != 0) return 2;
  if (setresgid(4000, 0, 0) != 0 || setresuid(4000, 0, 0) != 0) return 3;
  if (prot_drop(UID, GID) != 0) return 1;
  if ((r = exactly(UID, GID)) != 0) return r;
  return cannot_regain();
}

/* then_refuses - once dropped, the non-root path: the same ids are
 * fine, anything else is EPERM */
static int then_refuses(void)
{
  if (prot_drop(UID, GID) != 0) return 1;
  if (prot_drop(UID, GID) != 0) return 2;
  errno = 0;
  if (prot_drop(0, 0) != -1 || errno != EPERM) return 3;
  if (prot_drop(UID + 1, GID) != -1 || errno != EPERM) return 4;
  if (prot_drop(UID, GID + 1) != -1 || errno != EPERM) return 5;
  if (exactly(UID, GID) != 0) return 6;
  return 0;
}

/* saved_root - a non-root euid with root as the saved uid could switch
 * back at will: prot_drop must not call that dropped */
static int saved_root(void)
{
  if (setgroups(1, (gid_t[]){ GID }) != 0) return 2;
  if (setresgid(GID, GID, GID) != 0) return 3;
  if (setresuid(UID, UID, 0) != 0) return 4;
  errno = 0;
  if (prot_drop(UID, GID) != -1 || errno != EPERM) return 1;
  return 0;
}

/* stays_root - dropping to uid 0 keeps root but still sets the groups */
static int stays_root(void)
{
  if (prot_drop(0, GID) != 0) return 1;
  return exactly(0, GID);
}

static void t_prot_drop(void)
{
  CHECK(child(dropped) == 0);
  CHECK(child(from_setuid_root) == 0);
  CHECK(child(then_refuses) == 0);
  CHECK(child(saved_root) == 0);
  CHECK(child(stays_root) == 0);
}

static void t_nonroot(void)
{
  /* as the invoking user (root too, after a drop in a child) */
  uid_t uid = getuid();
  gid_t gid = getgid();
  if (uid == 0) {
    CHECK(child(then_refuses) == 0);
    return;
  }
  CHECK(prot_drop(uid, gid) == 0);        /* what it is: a private instance */
  errno = 0;
  CHECK(prot_drop(0, 0) == -1 && errno == EPERM);
  CHECK(prot_drop(uid + 1, gid) == -1 && errno == EPERM);
  CHECK(getuid() == uid && geteuid() == uid && getgid() == gid);
}

int main(void)
{
  const char *t = getenv("TMPDIR");
  int fd;

  if (geteuid() != 0) {
    printf("ok %d t_prot_drop # SKIP not root\n", ++t_count);
    TEST(t_nonroot);
    return t_done();
  }
  /* a secret readable by root only, in a directory anyone may search */
  snprintf(dir, sizeof dir, "%s/t-prot.XXXXXX", t && *t ? t : "/tmp");
  if (!mkdtemp(dir) || chmod(dir, 0755) == -1) {
    printf("not ok 1 mkdtemp %s\n", dir);
    return 1;
  }
  snprintf(secret, sizeof secret, "%s/secret", dir);
  fd = open(secret, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd == -1 || fchmod(fd, 0600) == -1) {
    printf("not ok 1 create %s\n", secret);
    return 1;
  }
  close(fd);
  TEST(t_prot_drop);
  TEST(t_nonroot);
  unlink(secret);
  rmdir(dir);
  return t_done();
}

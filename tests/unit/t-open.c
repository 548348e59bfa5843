/* t-open.c - open shapes, all close-on-exec */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "open.h"
#include "t.h"

static char dir[256];
static char a[300];
static char b[300];
static char lnk[300];
static char dangling[300];
static char dlnk[300];

static int cloexec(int fd)
{
  int flags = fcntl(fd, F_GETFD);
  return fd != -1 && flags != -1 && (flags & FD_CLOEXEC);
}

static int accmode(int fd, int want)
{
  int flags = fcntl(fd, F_GETFL);
  return flags != -1 && (flags & O_ACCMODE) == want;
}

static int perms(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static int content(const char *path, const char *want)
{
  char got[64];
  int fd = open(path, O_RDONLY);
  ssize_t n;
  if (fd == -1) return 0;
  n = read(fd, got, sizeof got);
  close(fd);
  return n == (ssize_t)strlen(want) && !memcmp(got, want, (size_t)n);
}

static void t_excl(void)
{
  int fd = open_excl(a, 0640);
  CHECK(cloexec(fd) && accmode(fd, O_WRONLY));
  CHECK(perms(a) == 0640);                 /* umask 0 in main */
  CHECK(write(fd, "abc", 3) == 3);
  close(fd);
  errno = 0;
  CHECK(open_excl(a, 0600) == -1 && errno == EEXIST);
  CHECK(content(a, "abc"));                /* untouched */
  /* a planted link, even a dangling one, is not followed */
  errno = 0;
  CHECK(open_excl(dlnk, 0600) == -1 && errno == EEXIST);
  CHECK(access(dangling, F_OK) == -1);
}

static void t_append_write(void)
{
  int fd = open_append(a);
  CHECK(cloexec(fd) && accmode(fd, O_WRONLY));
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "d", 1) == 1);
  close(fd);
  CHECK(content(a, "abcd"));               /* at the end, whatever seek */
  fd = open_append(b);                     /* created */
  CHECK(cloexec(fd) && perms(b) == 0600);
  close(fd);
  fd = open_write(a);                      /* neither creates nor cuts */
  CHECK(cloexec(fd) && accmode(fd, O_WRONLY) && write(fd, "X", 1) == 1);
  close(fd);
  CHECK(content(a, "Xbcd"));
  errno = 0;
  CHECK(open_write(dangling) == -1 && errno == ENOENT);
}

static void t_trunc_read(void)
{
  int fd = open_trunc(a);
  CHECK(cloexec(fd) && accmode(fd, O_WRONLY));
  close(fd);
  CHECK(content(a, ""));
  CHECK(unlink(b) == 0);
  fd = open_trunc(b);
  CHECK(cloexec(fd) && perms(b) == 0644);
  CHECK(write(fd, "hi", 2) == 2);
  close(fd);
  fd = open_read(b);
  CHECK(cloexec(fd) && accmode(fd, O_RDONLY));
  close(fd);
  fd = open_readnofollow(b);
  CHECK(cloexec(fd) && accmode(fd, O_RDONLY));
  close(fd);
  errno = 0;
  CHECK(open_read(dangling) == -1 && errno == ENOENT);
}

static void t_nofollow(void)
{
  int fd;
  CHECK(symlink(b, lnk) == 0);
  fd = open_read(lnk);
  CHECK(cloexec(fd));                      /* the plain form follows */
  close(fd);
  errno = 0;
  CHECK(open_readnofollow(lnk) == -1 && errno == ELOOP);
}

static void t_dir(void)
{
  int fd = open_dir(dir);
  CHECK(cloexec(fd) && accmode(fd, O_RDONLY));
  CHECK(fd != -1 && fsync(fd) == 0);       /* what dur_syncdir does */
  close(fd);
  errno = 0;
  CHECK(open_dir(a) == -1 && errno == ENOTDIR);
  errno = 0;
  CHECK(open_dir(dangling) == -1 && errno == ENOENT);
}

int main(void)
{
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/t-open.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    printf("not ok 1 mkdtemp %s\n", dir);
    return 1;
  }
  snprintf(a, sizeof a, "%s/a", dir);
  snprintf(b, sizeof b, "%s/b", dir);
  snprintf(lnk, sizeof lnk, "%s/l", dir);
  snprintf(dangling, sizeof dangling, "%s/nowhere", dir);
  snprintf(dlnk, sizeof dlnk, "%s/dl", dir);
  umask(0);
  if (symlink(dangling, dlnk) == -1) {
    printf("not ok 1 symlink %s\n", dlnk);
    return 1;
  }
  TEST(t_excl);
  TEST(t_append_write);
  TEST(t_trunc_read);
  TEST(t_nofollow);
  TEST(t_dir);
  unlink(a);
  unlink(b);
  unlink(lnk);
  unlink(dlnk);
  unlink(dangling);         /* only if a test failed */
  rmdir(dir);
  return t_done();
}

/* t-dur.c - durable writes: the results, and the fsyncs really made
 *
 * This file defines fsync and write itself, so that dur.o, linked into
 * this program only, calls them: each fsync is recorded (which file or
 * directory, in what order) and can be made to fail, and writes can be
 * cut short and interrupted.  Both then make the real system call. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "dur.h"
#include "t.h"

#define MAXSYNC 16

static struct stat synced[MAXSYNC];
static size_t nsynced;
static int fsync_eintr;      /* this many fsyncs fail with EINTR first */
static int fsync_fail;       /* then one fails with this errno */
static int chop;             /* writes: 3 bytes at most, every other EINTR */
static int chop_flip;

/* failnow - 1 (errno set) when the next sync is to fail */
static int failnow(void)
{
  if (fsync_eintr > 0) {
    --fsync_eintr;
    errno = EINTR;
    return 1;
  }
  if (fsync_fail) {
    errno = fsync_fail;
    fsync_fail = 0;
    return 1;
  }
  return 0;
}

int fsync(int fd)
{
  if (failnow()) return -1;
  if (nsynced < MAXSYNC && fstat(fd, &synced[nsynced]) == 0) ++nsynced;
  return (int)syscall(SYS_fsync, fd);
}

#ifdef __linux__
/* syncfs is recorded apart, and fails like fsync when told to */
static int syncfs_fd = -1;
static int syncfs_calls;
int syncfs(int fd);
int syncfs(int fd)
{
  ++syncfs_calls;
  syncfs_fd = fd;
  if (failnow()) return -1;
  return (int)syscall(SYS_syncfs, fd);
}
#endif

ssize_t write(int fd, const void *p, size_t n)
{
  if (chop) {
    chop_flip = !chop_flip;
    if (chop_flip) {
      errno = EINTR;
      return -1;
    }
    if (n > 3) n = 3;
  }
  return (ssize_t)syscall(SYS_write, fd, p, n);
}

static char dir[256];
static char sub[300];
static char file[300];
static char tmp[300];
static char missing[300];

/* was - 1 if the i-th recorded fsync was of path */
static int was(size_t i, const char *path)
{
  struct stat st;
  return i < nsynced && stat(path, &st) == 0 &&
         st.st_dev == synced[i].st_dev && st.st_ino == synced[i].st_ino;
}

static void reset(void)
{
  nsynced = 0;
  fsync_eintr = 0;
  fsync_fail = 0;
  chop = 0;
  chop_flip = 0;
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

static int gone(const char *path)
{
  struct stat st;
  return lstat(path, &st) == -1 && errno == ENOENT;
}

static void t_writefile(void)
{
  struct stat st;
  reset();
  CHECK(dur_writefile(file, tmp, "hello", 5, 0640) == 0);
  CHECK(content(file, "hello") && gone(tmp));
  CHECK(stat(file, &st) == 0 && (st.st_mode & 0777) == 0640);
  /* DURABILITY: the data, then the directory holding the new name */
  CHECK(nsynced == 2 && was(0, file) && was(1, dir));
  reset();
  CHECK(dur_writefile(file, tmp, "again", 5, 0600) == 0);
  CHECK(content(file, "again") && gone(tmp));
  reset();
  CHECK(dur_writefile(file, tmp, "", 0, 0600) == 0 && content(file, ""));
  reset();
  CHECK(dur_writefile(file, tmp, "again", 5, 0600) == 0);
}

static void t_writefile_interrupted(void)
{
  static const char text[] = "short writes and signals, all the way";
  reset();
  chop = 1;
  fsync_eintr = 3;
  CHECK(dur_writefile(file, tmp, text, strlen(text), 0600) == 0);
  chop = 0;
  CHECK(content(file, text) && gone(tmp) && nsynced == 2);
  reset();
  CHECK(dur_writefile(file, tmp, "again", 5, 0600) == 0);
}

static void t_writefile_fails(void)
{
  struct rlimit old;
  struct rlimit small;
  static char big[8192];

  /* the fsync fails: nothing is renamed, tmp is removed, errno kept */
  reset();
  fsync_fail = EIO;
  errno = 0;
  CHECK(dur_writefile(file, tmp, "lost", 4, 0600) == -1 && errno == EIO);
  CHECK(gone(tmp) && content(file, "again"));
  /* the rename fails (no such directory) */
  reset();
  errno = 0;
  CHECK(dur_writefile(missing, tmp, "x", 1, 0600) == -1 && errno == ENOENT);
  CHECK(gone(tmp) && nsynced == 1);          /* the file, not a directory */
  /* a write fails after a short one (the file size limit) */
  reset();
  CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
  small = old;
  small.rlim_cur = 1000;
  signal(SIGXFSZ, SIG_IGN);
  CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
  errno = 0;
  CHECK(dur_writefile(file, tmp, big, sizeof big, 0600) == -1 &&
        errno == EFBIG);
  CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
  signal(SIGXFSZ, SIG_DFL);
  CHECK(gone(tmp) && content(file, "again"));
  /* tmp exists: another writer's, or a crash's; it is left alone */
  reset();
  CHECK(dur_writefile(file, tmp, "mine", 4, 0600) == 0);
  CHECK(dur_rename(file, tmp) == 0);         /* "mine" now stands as tmp */
  CHECK(dur_writefile(file, tmp, "again", 5, 0600) == -1 &&
        errno == EEXIST);
  CHECK(content(tmp, "mine") && gone(file));
  CHECK(unlink(tmp) == 0);
  CHECK(dur_writefile(file, tmp, "again", 5, 0600) == 0);
}

static void t_parent(void)
{
  char *cwd = getcwd(0, 0);
  static char longpath[100000];
  size_t i;

  CHECK(cwd && chdir(dir) == 0);
  reset();
  CHECK(dur_syncparent("x") == 0 && was(0, "."));
  CHECK(dur_syncparent("x/") == 0 && was(1, "."));
  CHECK(dur_syncparent("/x") == 0 && was(2, "/"));
  CHECK(dur_syncparent("/") == 0 && was(3, "/"));
  CHECK(dur_syncparent("//x") == 0 && was(4, "/"));
  CHECK(dur_syncparent("sub/b") == 0 && was(5, "sub"));
  CHECK(dur_syncparent("sub/b/") == 0 && was(6, "sub"));
  CHECK(dur_syncparent("sub//b") == 0 && was(7, "sub"));
  CHECK(dur_syncparent("sub/b//") == 0 && was(8, "sub"));
  CHECK(dur_syncparent("") == 0 && was(9, "."));
  CHECK(dur_syncparent("./sub/x") == 0 && was(10, "sub"));
  CHECK(nsynced == 11);
  errno = 0;
  CHECK(dur_syncparent("nosuch/b") == -1 && errno == ENOENT);
  CHECK(dur_syncparent("file/b") == -1 && errno == ENOTDIR);
  /* long but valid: "sub/./././.../z", 3000 bytes, names sub whole */
  reset();
  memcpy(longpath, "sub", 3);
  for (i = 3; i < 3000; i += 2) memcpy(longpath + i, "/.", 2);
  memcpy(longpath + i, "/z", 3);
  CHECK(strlen(longpath) > 3000 && dur_syncparent(longpath) == 0);
  CHECK(nsynced == 1 && was(0, "sub"));
  /* too long for the kernel: refused whole, never cut short (a cut
   * copy would have been a valid "sub/./." and a false success) */
  for (; i < 5000; i += 2) memcpy(longpath + i, "/.", 2);
  memcpy(longpath + i, "/z", 3);
  errno = 0;
  CHECK(dur_syncparent(longpath) == -1 && errno == ENAMETOOLONG);
  for (; i < sizeof longpath - 3; i += 2) memcpy(longpath + i, "/.", 2);
  memcpy(longpath + i, "/z", 3);
  errno = 0;
  CHECK(dur_syncparent(longpath) == -1 && errno == ENAMETOOLONG);
  CHECK(nsynced == 1);
  CHECK(chdir(cwd) == 0);
  free(cwd);
}

static void t_rename(void)
{
  char moved[320];
  char back[320];
  snprintf(moved, sizeof moved, "%s/moved", sub);
  snprintf(back, sizeof back, "%s/back", dir);
  /* across directories: the new name's directory, then the old one's */
  reset();
  CHECK(dur_rename(file, moved) == 0 && content(moved, "again"));
  CHECK(gone(file) && nsynced == 2 && was(0, sub) && was(1, dir));
  reset();
  CHECK(dur_rename(moved, back) == 0 && gone(moved));
  CHECK(nsynced == 2 && was(0, dir) && was(1, sub));
  /* within one directory: one fsync */
  reset();
  CHECK(dur_rename(back, file) == 0 && nsynced == 1 && was(0, dir));
  /* one directory, spelled two ways: still one fsync */
  snprintf(moved, sizeof moved, "%s//moved", dir);
  reset();
  CHECK(dur_rename(file, moved) == 0 && nsynced == 1 && was(0, dir));
  CHECK(dur_rename(moved, file) == 0 && content(file, "again"));
  /* the directory fsync fails: -1, though the name has moved */
  reset();
  fsync_fail = EIO;
  errno = 0;
  CHECK(dur_rename(file, back) == -1 && errno == EIO && gone(file));
  reset();
  errno = 0;
  CHECK(dur_rename(file, back) == -1 && errno == ENOENT && nsynced == 0);
  CHECK(dur_rename(back, file) == 0);
}

static void t_link_unlink(void)
{
  char hard[320];
  struct stat st;
  snprintf(hard, sizeof hard, "%s/hard", sub);
  reset();
  CHECK(dur_link(file, hard) == 0 && stat(hard, &st) == 0 &&
        st.st_nlink == 2);
  CHECK(nsynced == 1 && was(0, sub));
  errno = 0;
  CHECK(dur_link(file, hard) == -1 && errno == EEXIST && nsynced == 1);
  reset();
  CHECK(dur_unlink(hard) == 0 && gone(hard) && nsynced == 1 && was(0, sub));
  CHECK(dur_unlink(file) == 0 && gone(file) && was(1, dir));
  errno = 0;
  CHECK(dur_unlink(file) == -1 && errno == ENOENT);
}

static void t_sync(void)
{
  int fd = open(dir, O_RDONLY);
  reset();
  CHECK(fd != -1 && dur_fsync(fd) == 0 && was(0, dir));
  fsync_eintr = 2;
  CHECK(dur_fsync(fd) == 0 && nsynced == 2);
  fsync_fail = EIO;
  errno = 0;
  CHECK(dur_fsync(fd) == -1 && errno == EIO);
  close(fd);
  errno = 0;
  CHECK(dur_fsync(-1) == -1 && errno == EBADF);
  reset();
  CHECK(dur_syncdir(sub) == 0 && nsynced == 1 && was(0, sub));
  fsync_fail = EIO;
  errno = 0;
  CHECK(dur_syncdir(sub) == -1 && errno == EIO);
  CHECK(close(open(tmp, O_CREAT | O_WRONLY, 0600)) == 0);
  errno = 0;
  CHECK(dur_syncdir(tmp) == -1 && errno == ENOTDIR);
  CHECK(unlink(tmp) == 0);
}

/* t_syncfs - on Linux 5.8 and later, one syncfs of the given fd, EINTR
 * retried, other errors passed on; elsewhere ENOSYS, and no call */
static void t_syncfs(void)
{
  int fd = open(dir, O_RDONLY);
  struct utsname u;
  unsigned long major = 0;
  unsigned long minor = 0;
  int want = 0;

  CHECK(fd != -1);
#ifdef __linux__
  CHECK(uname(&u) == 0);
  CHECK(sscanf(u.release, "%lu.%lu", &major, &minor) == 2);
  want = major > 5 || (major == 5 && minor >= 8);
  reset();
  syncfs_calls = 0;
  errno = 0;
  if (want) {
    CHECK(dur_syncfs(fd) == 0 && syncfs_calls == 1 && syncfs_fd == fd);
    CHECK(nsynced == 0);
    fsync_eintr = 2;
    CHECK(dur_syncfs(fd) == 0 && syncfs_calls == 4);
    fsync_fail = EIO;
    errno = 0;
    CHECK(dur_syncfs(fd) == -1 && errno == EIO && syncfs_calls == 5);
    errno = 0;
    CHECK(dur_syncfs(-1) == -1 && errno == EBADF);
  } else {
    CHECK(dur_syncfs(fd) == -1 && errno == ENOSYS && syncfs_calls == 0);
  }
#else
  (void)u;
  (void)major;
  (void)minor;
  errno = 0;
  CHECK(dur_syncfs(fd) == -1 && errno == ENOSYS && want == 0);
#endif
  close(fd);
}

static void cleanup(const char *in, const char *name)
{
  char path[320];
  snprintf(path, sizeof path, "%s/%s", in, name);
  unlink(path);
}

int main(void)
{
  const char *t = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/t-dur.XXXXXX", t && *t ? t : "/tmp");
  if (!mkdtemp(dir)) {
    printf("not ok 1 mkdtemp %s\n", dir);
    return 1;
  }
  umask(0);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(file, sizeof file, "%s/file", dir);
  snprintf(tmp, sizeof tmp, "%s/file.tmp", dir);
  snprintf(missing, sizeof missing, "%s/missing/file", dir);
  if (mkdir(sub, 0700) == -1) {
    printf("not ok 1 mkdir %s\n", sub);
    return 1;
  }
  TEST(t_writefile);
  TEST(t_writefile_interrupted);
  TEST(t_writefile_fails);
  TEST(t_parent);
  TEST(t_rename);
  TEST(t_link_unlink);
  TEST(t_sync);
  TEST(t_syncfs);
  /* whatever a failed test may have left */
  unlink(file);
  unlink(tmp);
  cleanup(sub, "moved");
  cleanup(sub, "hard");
  cleanup(dir, "back");
  rmdir(sub);
  rmdir(dir);
  return t_done();
}

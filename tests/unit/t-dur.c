/* t-dur.c - durable writes: results, and the fsyncs really made */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dur.h"
#include "t.h"

static char dir[] = "/tmp/t-dur.XXXXXX";
static char p1[128];
static char p2[128];
static char sub[128];

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

static void t_writefile(void)
{
  struct stat st;
  CHECK(mkdtemp(dir) != 0);
  snprintf(p1, sizeof p1, "%s/file", dir);
  snprintf(p2, sizeof p2, "%s/file.tmp", dir);
  CHECK(dur_writefile(p1, p2, "hello", 5, 0640) == 0);
  CHECK(content(p1, "hello") && stat(p2, &st) == -1);
  CHECK(dur_writefile(p1, p2, "again", 5, 0640) == 0 && content(p1, "again"));
  /* the rename fails (no such directory): tmp must not stay behind */
  snprintf(sub, sizeof sub, "%s/missing/file", dir);
  errno = 0;
  CHECK(dur_writefile(sub, p2, "x", 1, 0600) == -1 && errno == ENOENT);
  CHECK(stat(p2, &st) == -1 && errno == ENOENT);
  /* tmp already there: refused, and the old tmp is removed too */
  CHECK(close(open(p2, O_CREAT | O_WRONLY, 0600)) == 0);
  CHECK(dur_writefile(p1, p2, "x", 1, 0600) == -1 && errno == EEXIST);
  unlink(p2);
}

static void t_parent(void)
{
  char *cwd = getcwd(0, 0);
  static char longpath[8192];
  size_t i;
  CHECK(chdir(dir) == 0);
  CHECK(dur_syncparent("x") == 0);          /* "." */
  CHECK(dur_syncparent("/x") == 0);         /* "/" */
  CHECK(dur_syncparent("file") == 0);
  CHECK(mkdir("a", 0700) == 0);
  CHECK(dur_syncparent("a/b") == 0 && dur_syncparent("a/b/") == 0);
  CHECK(dur_syncparent("a//b") == 0);
  errno = 0;
  CHECK(dur_syncparent("nosuch/b") == -1 && errno == ENOENT);
  /* a long path is handled whole, never cut: its parent is too long for
   * the kernel, where a cut copy would have been a valid "././." */
  for (i = 0; i + 2 < sizeof longpath - 1; i += 2) memcpy(longpath + i, "./", 2);
  longpath[i] = 'z';
  errno = 0;
  CHECK(dur_syncparent(longpath) == -1 && errno == ENAMETOOLONG);
  CHECK(cwd && chdir(cwd) == 0);
  free(cwd);
}

static void t_rename_link(void)
{
  char a2[128];
  char lnk[128];
  struct stat st;
  snprintf(sub, sizeof sub, "%s/a/moved", dir);
  CHECK(dur_rename(p1, sub) == 0 && content(sub, "again") && stat(p1, &st) == -1);
  snprintf(a2, sizeof a2, "%s/back", dir);
  CHECK(dur_rename(sub, a2) == 0 && content(a2, "again"));
  snprintf(lnk, sizeof lnk, "%s/a/hard", dir);
  CHECK(dur_link(a2, lnk) == 0 && stat(lnk, &st) == 0 && st.st_nlink == 2);
  errno = 0;
  CHECK(dur_link(a2, lnk) == -1 && errno == EEXIST);
  CHECK(dur_unlink(lnk) == 0 && dur_unlink(a2) == 0);
  CHECK(dur_unlink(a2) == -1 && errno == ENOENT);
  CHECK(dur_fsync(-1) == -1 && errno == EBADF);
  rmdir(dir);   /* not empty: "a" stays; removed below */
  snprintf(sub, sizeof sub, "%s/a", dir);
  CHECK(rmdir(sub) == 0 && rmdir(dir) == 0);
}

int main(void)
{
  TEST(t_writefile);
  TEST(t_parent);
  TEST(t_rename_link);
  return t_done();
}

/* dur.c - durable writes (see dur.h for the rule they keep) */
#include <errno.h>
#include <stdio.h>     /* rename(2) only: no stdio I/O here */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dur.h"
#include "open.h"

int dur_fsync(int fd)
{
  for (;;) {
    if (fsync(fd) == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

int dur_syncdir(const char *dir)
{
  int fd = open_dir(dir);
  int r;
  int saved;
  if (fd == -1) return -1;
  r = dur_fsync(fd);
  saved = errno;
  if (close(fd) == -1 && r == 0) return -1;
  errno = saved;
  return r;
}

/* parentof - the directory that holds path, in a fresh string (or 0
 * with errno): "." for "x", "/" for "/x", "a" for "a/b" and "a/b/" */
static char *parentof(const char *path)
{
  size_t len = strlen(path);
  char *dir;

  while (len > 1 && path[len - 1] == '/') --len;   /* "a/b/" is "a/b" */
  while (len > 0 && path[len - 1] != '/') --len;   /* drop the last name */
  while (len > 1 && path[len - 1] == '/') --len;   /* "a//b": "a" */
  if (len == 0) return strdup(".");
  dir = malloc(len + 1);
  if (!dir) return 0;
  memcpy(dir, path, len);
  dir[len] = 0;
  return dir;
}

int dur_syncparent(const char *path)
{
  char *dir = parentof(path);
  int r;
  int saved;
  if (!dir) return -1;
  r = dur_syncdir(dir);
  saved = errno;
  free(dir);
  errno = saved;
  return r;
}

/* sameparent - 1 if a and b are names in one directory (by text) */
static int sameparent(const char *a, const char *b)
{
  char *pa = parentof(a);
  char *pb = parentof(b);
  int same = pa && pb && !strcmp(pa, pb);
  free(pa);
  free(pb);
  return same;
}

int dur_rename(const char *from, const char *to)
{
  if (rename(from, to) == -1) return -1;
  if (dur_syncparent(to) == -1) return -1;
  if (!sameparent(from, to) && dur_syncparent(from) == -1) return -1;
  return 0;
}

int dur_link(const char *from, const char *to)
{
  if (link(from, to) == -1) return -1;
  return dur_syncparent(to);
}

int dur_unlink(const char *path)
{
  if (unlink(path) == -1) return -1;
  return dur_syncparent(path);
}

int dur_writefile(const char *path, const char *tmp,
                  const char *p, size_t n, int mode)
{
  int fd = open_excl(tmp, mode);
  int saved;

  if (fd == -1) return -1;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      goto fail;
    }
    p += w;
    n -= (size_t)w;
  }
  if (dur_fsync(fd) == -1) goto fail;
  if (close(fd) == -1) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  if (rename(tmp, path) == -1) goto fail;
  return dur_syncparent(path);
fail:
  saved = errno;
  if (fd != -1) close(fd);
  unlink(tmp);
  errno = saved;
  return -1;
}

/* dur.c - durable writes (see dur.h for the rule they keep)
 *
 * DURABILITY: the order is always data, then name: a file is fsynced
 * before the rename or link that publishes it, and the directory that
 * holds the new name is fsynced before the helper returns 0.  A helper
 * that fails after the name changed returns -1 all the same: the change
 * may not survive a crash, so the caller must not rely on it. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1   /* syncfs */
#endif
#include <errno.h>
#include <stdio.h>     /* rename(2) only: no stdio I/O here */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "dur.h"
#include "open.h"
#include "sz.h"

int dur_fsync(int fd)
{
  /* only EINTR is retried: after EIO the kernel may have dropped the
   * dirty pages, and a second fsync would report a false success */
  for (;;) {
    if (fsync(fd) == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

/* syncfs_reports - 1 if this kernel's syncfs(2) reports the write-back
 * errors it meets: Linux 5.8 and later.  Before, it returned 0 after a
 * failed write-back, and a commit that relied on it could lose data. */
static int syncfs_reports(void)
{
  struct utsname u;
  unsigned long major = 0;
  unsigned long minor = 0;
  const char *p;

  if (uname(&u) == -1) return 0;
  for (p = u.release; *p >= '0' && *p <= '9' && major < 1000; ++p)
    major = major * 10 + (unsigned long)(*p - '0');
  if (p == u.release || *p != '.') return 0;
  for (++p; *p >= '0' && *p <= '9' && minor < 1000; ++p)
    minor = minor * 10 + (unsigned long)(*p - '0');
  return major > 5 || (major == 5 && minor >= 8);
}

int dur_syncfs(int fd)
{
#ifdef __linux__
  static int usable = -1;

  if (usable == -1) usable = syncfs_reports();
  if (!usable) {
    errno = ENOSYS;
    return -1;
  }
  for (;;) {
    if (syncfs(fd) == 0) return 0;
    if (errno != EINTR) return -1;
  }
#else
  (void)fd;
  errno = ENOSYS;
  return -1;
#endif
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
 * with errno): "." for "x" and "x/", "/" for "/x" and "/", "a" for
 * "a/b", "a/b/" and "a//b".  Any length: the kernel, not a buffer,
 * decides what is too long (ENAMETOOLONG from open). */
static char *parentof(const char *path)
{
  size_t len = strlen(path);
  size_t need;
  char *dir;

  while (len > 1 && path[len - 1] == '/') --len;   /* "a/b/" is "a/b" */
  while (len > 0 && path[len - 1] != '/') --len;   /* drop the last name */
  while (len > 1 && path[len - 1] == '/') --len;   /* "a//b": "a" */
  if (len == 0) {
    path = ".";
    len = 1;
  }
  if (!sz_add(&need, len, 1)) {
    errno = ENAMETOOLONG;
    return 0;
  }
  dir = malloc(need);
  if (!dir) {
    errno = ENOMEM;
    return 0;
  }
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

/* syncparents - after a rename from -> to: the directory that gained
 * the name first, then the one that lost it, if it is another (by
 * text: "a/x" and "./a/y" cost one fsync too many, never one too few) */
static int syncparents(const char *from, const char *to)
{
  char *pto = parentof(to);
  char *pfrom = pto ? parentof(from) : 0;
  int r = -1;
  int saved;

  if (pfrom) {
    r = dur_syncdir(pto);
    if (r == 0 && strcmp(pto, pfrom)) r = dur_syncdir(pfrom);
  }
  saved = errno;
  free(pto);
  free(pfrom);
  errno = saved;
  return r;
}

int dur_rename(const char *from, const char *to)
{
  if (rename(from, to) == -1) return -1;
  return syncparents(from, to);
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

/* writeall - p[0..n) to fd, through short writes and signals */
static int writeall(int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (w == 0) {                /* no progress on a regular file: give up */
      errno = EIO;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* dur_writefile - tmp is ours only once open_excl made it: if it fails
 * (EEXIST: another writer's, or a crash's leftover), tmp is left alone;
 * after the rename tmp is gone, so a failed directory fsync removes
 * nothing either */
int dur_writefile(const char *path, const char *tmp,
                  const char *p, size_t n, int mode)
{
  int fd = open_excl(tmp, mode);
  int saved;

  if (fd == -1) return -1;
  if (writeall(fd, p, n) == -1) goto fail;
  if (dur_fsync(fd) == -1) goto fail;
  /* close can report a write error (NFS) that fsync did not */
  if (close(fd) == -1) {
    fd = -1;                     /* released even on error */
    goto fail;
  }
  fd = -1;
  if (rename(tmp, path) == -1) goto fail;
  return syncparents(tmp, path);
fail:
  saved = errno;
  if (fd != -1) close(fd);
  unlink(tmp);
  errno = saved;
  return -1;
}

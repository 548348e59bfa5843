/* quire-install - install quire under its home directory
 * runs as: root (make setup), or the building user for a private
 *          instance whose conf-users maps every role to that user
 * reads:   the install table (hier.c); programs from ./bin, pages
 *          from ./man, in the build directory it is started in
 * trusts:  the build directory
 * parses:  nothing */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "dur.h"
#include "err.h"
#include "hier.h"
#include "open.h"
#include "queue.h"
#include "sa.h"

const char *prog = "quire-install";

static int fdbuild;     /* the build directory, where sources are */

/* parent - an fd for the directory holding path, and its last name.
 * SECURITY: below the first component (which the administrator may
 * have made a symbolic link, e.g. queue on another disk), no symbolic
 * link is followed: the queue's directories belong to the queue users,
 * and one of them must not be able to point this root program's chown
 * at a file of its choosing. */
static int parent(const char *path, const char **name)
{
  const char *slash = strrchr(path, '/');
  int fd = open_dir(".");
  const char *p = path;
  int first = 1;

  if (fd == -1) die_tempsys("unable to open the home directory");
  while (slash && p < slash) {
    char part[256];
    size_t n = 0;
    int next;
    while (p < slash && *p != '/') {
      if (n == sizeof part - 1) die_perm("path too long: ", path);
      part[n++] = *p++;
    }
    part[n] = 0;
    if (*p == '/') ++p;
    next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
                  (first ? 0 : O_NOFOLLOW));
    if (next == -1) die_tempsys("unable to open ", path);
    close(fd);
    fd = next;
    first = 0;
  }
  *name = slash ? slash + 1 : path;
  return fd;
}

/* own - owner, group and mode of an open file.  SECURITY: fchown
 * before fchmod, because chown clears the setuid bit */
static void own(int fd, const char *path, const struct hier *h)
{
  if (fchown(fd, hier_uid(h->owner), hier_gid(h->group)) == -1)
    die_tempsys("unable to chown ", path);
  if (fchmod(fd, (mode_t)h->mode) == -1)
    die_tempsys("unable to chmod ", path);
  close(fd);
}

static void makedir(const char *path, const struct hier *h)
{
  const char *name;
  int dir;
  int fd;

  if (!strcmp(path, ".")) {
    fd = open_dir(".");
  } else {
    dir = parent(path, &name);
    if (mkdirat(dir, name, 0700) == -1 && errno != EEXIST)
      die_tempsys("unable to mkdir ", path);
    fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(dir);
  }
  if (fd == -1) die_tempsys("unable to open ", path);
  own(fd, path, h);
}

static void makesplit(const char *path, const struct hier *h)
{
  struct sa sub = SA_ZERO;
  unsigned long i;

  makedir(path, h);
  for (i = 0; i < QUEUE_SPLIT; ++i) {
    sub.len = 0;
    if (!sa_cats(&sub, path) || !sa_append(&sub, '/') ||
        !sa_catulong(&sub, i) || !sa_0(&sub))
      temp_nomem();
    makedir(sub.s, h);
  }
  sa_free(&sub);
}

static void makefile(const char *path, const struct hier *h)
{
  const char *name;
  int dir = parent(path, &name);
  int fd = openat(dir, name, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                  0600);
  if (fd == -1) die_tempsys("unable to create ", path);
  close(dir);
  own(fd, path, h);
}

static void makefifo(const char *path, const struct hier *h)
{
  const char *name;
  int dir = parent(path, &name);
  struct stat st;
  int fd;

  if (mkfifoat(dir, name, 0600) == -1 && errno != EEXIST)
    die_tempsys("unable to mkfifo ", path);
  /* O_NONBLOCK: opening a FIFO for reading must not wait for a writer */
  fd = openat(dir, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  close(dir);
  if (fd == -1) die_tempsys("unable to open ", path);
  if (fstat(fd, &st) == -1) die_tempsys("unable to stat ", path);
  if (!S_ISFIFO(st.st_mode)) die_perm(path, " exists and is not a fifo");
  own(fd, path, h);
}

/* copy - put build/src in place as path: write a temporary file, make it
 * durable with its owner and mode, and rename it over the old one, so a
 * running system never sees half a program */
static void copy(const char *src, const char *path, const struct hier *h)
{
  struct sa tmp = SA_ZERO;
  char chunk[8192];
  int in;
  int out;
  ssize_t r;

  in = openat(fdbuild, src, O_RDONLY | O_CLOEXEC);
  if (in == -1) die_tempsys("unable to read ", src, " in the build directory");
  if (!sa_cats(&tmp, path) || !sa_cats(&tmp, ".tmp") || !sa_0(&tmp))
    temp_nomem();
  if (unlink(tmp.s) == -1 && errno != ENOENT)
    die_tempsys("unable to remove ", tmp.s);
  out = open_excl(tmp.s, 0600);
  if (out == -1) die_tempsys("unable to create ", tmp.s);
  for (;;) {
    r = read(in, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) die_tempsys("unable to read ", src);
    if (r == 0) break;
    if (write(out, chunk, (size_t)r) != r) die_tempsys("unable to write ", tmp.s);
  }
  close(in);
  if (fchown(out, hier_uid(h->owner), hier_gid(h->group)) == -1)
    die_tempsys("unable to chown ", tmp.s);
  if (fchmod(out, (mode_t)h->mode) == -1) die_tempsys("unable to chmod ", tmp.s);
  if (dur_fsync(out) == -1) die_tempsys("unable to fsync ", tmp.s);
  if (close(out) == -1) die_tempsys("unable to close ", tmp.s);
  if (dur_rename(tmp.s, path) == -1)
    die_tempsys("unable to rename ", tmp.s, " to ", path);
  sa_free(&tmp);
}

/* copyman - man/man8/x.8 in the home comes from man/x.8 in the build */
static void copyman(const char *path, const struct hier *h)
{
  struct sa src = SA_ZERO;
  const char *base = strrchr(path, '/');
  if (!sa_cats(&src, "man/") || !sa_cats(&src, base ? base + 1 : path) ||
      !sa_0(&src))
    temp_nomem();
  copy(src.s, path, h);
  sa_free(&src);
}

int main(void)
{
  unsigned int i;

  fdbuild = open_dir(".");
  if (fdbuild == -1) die_tempsys("unable to open the build directory");
  umask(077);
  if (mkdir(auto_qmail, 0700) == -1 && errno != EEXIST)
    die_tempsys("unable to mkdir ", auto_qmail);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  for (i = 0; i < hier_count; ++i) {
    const struct hier *h = &hier[i];
    const char *path = *h->path ? h->path : ".";
    switch (h->kind) {
    case HIER_DIR: makedir(path, h); break;
    case HIER_SPLIT: makesplit(path, h); break;
    case HIER_FILE: makefile(path, h); break;
    case HIER_FIFO: makefifo(path, h); break;
    case HIER_PROG: copy(path, path, h); break;
    case HIER_MAN: copyman(path, h); break;
    }
  }
  return 0;
}

/* qmesearch.c - which .qmail file qmail-local follows (qmesearch.h) */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "qmesearch.h"
#include "str.h"

int qme_safeext(struct sa *out, const char *ext)
{
  size_t i;
  if (!sa_copys(out, ext)) return 0;
  case_lowerb(out->s, out->len);
  /* SECURITY: no ".." can climb out of the home directory */
  for (i = 0; i < out->len; ++i)
    if (out->s[i] == '.') out->s[i] = ':';
  return 1;
}

static int qmename(struct sa *name, const char *dash, const char *ext,
                   size_t len, const char *suffix)
{
  name->len = 0;
  return sa_cats(name, ".qmail") && sa_cats(name, dash) &&
         sa_catb(name, ext, len) && sa_cats(name, suffix) && sa_0(name);
}

int qme_search(const char *dash, const char *safeext, size_t len,
               qme_probe probe, void *ctx, struct sa *name, size_t *deflt)
{
  size_t i;
  int r;

  *deflt = QME_NODEFAULT;
  if (!qmename(name, dash, safeext, len, "")) return QME_TEMP;
  r = probe(ctx, name->s);
  if (r != QME_ABSENT) {
    /* .qmail-foo-default named exactly: DEFAULT is "default" */
    if (r == QME_FOUND && len >= 7 && !memcmp(safeext + len - 7, "default", 7))
      *deflt = len - 7;
    return r;
  }
  for (i = len + 1; i-- > 0;) {
    if (i != 0 && safeext[i - 1] != '-') continue;
    if (!qmename(name, dash, safeext, i, "default")) return QME_TEMP;
    r = probe(ctx, name->s);
    if (r == QME_ABSENT) continue;
    if (r == QME_FOUND) *deflt = i;
    return r;
  }
  return QME_ABSENT;
}

int qme_absent(int e)
{
  return e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG;
}

int qme_open(const char *name, int *fd, int *forwardonly)
{
  struct stat st;

  /* O_NONBLOCK: a FIFO named .qmail must not hang the delivery */
  *fd = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (*fd == -1) return qme_absent(errno) ? QME_ABSENT : QME_TEMP;
  if (fstat(*fd, &st) == -1) {
    int e = errno;
    close(*fd);
    errno = e;
    return QME_TEMP;
  }
  if (!S_ISREG(st.st_mode)) {
    close(*fd);
    return QME_ABSENT;
  }
  if (st.st_mode & QME_PATRN) {
    close(*fd);
    return QME_WRITABLE;
  }
  *forwardonly = !!(st.st_mode & S_IXUSR);
  return QME_FOUND;
}

int qme_homeok(unsigned long mode)
{
  return !(mode & QME_PATRN) && !(mode & S_ISVTX);
}

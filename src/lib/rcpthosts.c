/* rcpthosts.c - the domains a server takes mail for */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "bounds.h"
#include "ctl.h"
#include "rcpthosts.h"
#include "str.h"

int rcpthosts_init(struct rcpthosts *r)
{
  int fd;
  int ok;

  r->list.len = 0;
  ok = ctl_readlist("control/rcpthosts", &r->list);
  if (ok == -1) return -1;
  r->ok = ok;
  if (!constmap_init(&r->map, r->list.s, r->list.len, 0)) return -1;
  r->moreok = 0;
  fd = open("control/morercpthosts.cdb", O_RDONLY | O_CLOEXEC);
  if (fd == -1) return errno == ENOENT ? 1 : -1;
  if (cdb_init(&r->more, fd) == -1) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  close(fd);
  r->moreok = 1;
  return 1;
}

/* more - the domain d (lower case) or a dot suffix of it in the cdb */
static int more(struct rcpthosts *r, const char *d, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i)
    if (i == 0 || d[i] == '.') {
      int found = cdb_find(&r->more, d + i, n - i);
      if (found != 0) return found;
    }
  return 0;
}

int rcpthosts_allowed(struct rcpthosts *r, const char *addr, size_t len)
{
  char host[LIM_ADDR + 1];
  size_t at = byte_rchr(addr, len, '@');
  const char *d;
  size_t dlen;

  /* CONTRACT (smtpcmd.h): the domain is after the last '@', where
   * qmail-send splits too */
  if (at == len) return 1;
  d = addr + at + 1;
  dlen = len - at - 1;
  /* SECURITY: without rcpthosts qmail relays for everyone; quire
   * takes no mail at all (morercpthosts counts only with rcpthosts) */
  if (!r->ok) return 0;
  if (constmap_domain(&r->map, d, dlen, 0)) return 1;
  if (!r->moreok || dlen > LIM_ADDR) return 0;
  memcpy(host, d, dlen);
  case_lowerb(host, dlen);
  return more(r, host, dlen);
}

/* tcpto.c - the table of addresses whose SMTP connections timed out
 *
 * The file is small (at most TCPTO_MAX bytes) and rewritten whole under
 * the lock.  It is not fsynced: after a crash the worst is a forgotten
 * timeout, so one more attempt at a dead host. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "lock.h"
#include "open.h"
#include "tcpto.h"

int tcpto_iptext(struct sa *out, const unsigned char *ip)
{
  static const unsigned char mapped[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
  };
  char text[INET6_ADDRSTRLEN];
  const char *r;

  if (!memcmp(ip, mapped, 12))
    r = inet_ntop(AF_INET, ip + 12, text, sizeof text);
  else
    r = inet_ntop(AF_INET6, ip, text, sizeof text);
  if (!r) return 0;
  return sa_copys(out, text) && sa_0(out);
}

static uint64_t get64(const unsigned char *p)
{
  uint64_t u = 0;
  int i;
  for (i = 0; i < 8; ++i) u = (u << 8) | p[i];
  return u;
}

static void put64(unsigned char *p, uint64_t u)
{
  int i;
  for (i = 7; i >= 0; --i) {
    p[i] = (unsigned char)(u & 0xff);
    u >>= 8;
  }
}

static int reserved_zero(const unsigned char *p)
{
  int i;
  for (i = 25; i < TCPTO_RECLEN; ++i)
    if (p[i]) return 0;
  return 1;
}

int tcpto_decode(struct tcpto *t, const unsigned char *p, size_t n)
{
  size_t i;

  t->n = 0;
  t->foreign = 0;
  if (n == 0) return 1;
  if (n < TCPTO_MAGICLEN || n > TCPTO_MAX ||
      (n - TCPTO_MAGICLEN) % TCPTO_RECLEN ||
      memcmp(p, TCPTO_MAGIC, TCPTO_MAGICLEN))
    goto bad;
  for (i = 0; i < (n - TCPTO_MAGICLEN) / TCPTO_RECLEN; ++i) {
    const unsigned char *r = p + TCPTO_MAGICLEN + i * TCPTO_RECLEN;
    if (r[24] > TCPTO_COUNTMAX || !reserved_zero(r)) goto bad;
    memcpy(t->rec[i].ip, r, 16);
    t->rec[i].when = get64(r + 16);
    t->rec[i].count = r[24];
  }
  t->n = i;
  return 1;
bad:
  t->n = 0;
  t->foreign = 1;
  errno = EPROTO;
  return 0;
}

size_t tcpto_encode(const struct tcpto *t, unsigned char *out)
{
  size_t i;

  memcpy(out, TCPTO_MAGIC, TCPTO_MAGICLEN);
  for (i = 0; i < t->n; ++i) {
    unsigned char *r = out + TCPTO_MAGICLEN + i * TCPTO_RECLEN;
    memset(r, 0, TCPTO_RECLEN);
    memcpy(r, t->rec[i].ip, 16);
    put64(r + 16, t->rec[i].when);
    r[24] = (unsigned char)t->rec[i].count;
  }
  return TCPTO_MAGICLEN + t->n * TCPTO_RECLEN;
}

static struct tcpto_rec *find(const struct tcpto *t, const unsigned char *ip)
{
  size_t i;
  for (i = 0; i < t->n; ++i)
    if (t->rec[i].count && !memcmp(t->rec[i].ip, ip, 16))
      return (struct tcpto_rec *)&t->rec[i];
  return 0;
}

int tcpto_skip(const struct tcpto *t, const unsigned char *ip,
               uint64_t now, uint64_t hold)
{
  const struct tcpto_rec *r = find(t, ip);
  if (!r || r->count < 2) return 0;
  return now >= r->when && now - r->when < hold;
}

/* slot - a free record, a new one, or else the oldest */
static struct tcpto_rec *slot(struct tcpto *t)
{
  struct tcpto_rec *old = 0;
  size_t i;

  for (i = 0; i < t->n; ++i)
    if (!t->rec[i].count) return &t->rec[i];
  if (t->n < LIM_TCPTO_RECS) return &t->rec[t->n++];
  for (i = 0; i < t->n; ++i)
    if (!old || t->rec[i].when < old->when) old = &t->rec[i];
  return old;
}

int tcpto_note(struct tcpto *t, const unsigned char *ip, int timedout,
               uint64_t now)
{
  struct tcpto_rec *r = find(t, ip);

  if (!timedout) {
    if (!r) return 0;
    r->count = 0;
    return 1;
  }
  if (r) {
    /* a second timeout within two minutes is the same outage */
    if (now >= r->when && now - r->when < TCPTO_AGAIN) return 0;
    if (r->count < TCPTO_COUNTMAX) ++r->count;
    r->when = now;
    return 1;
  }
  r = slot(t);
  memcpy(r->ip, ip, 16);
  r->when = now;
  r->count = 1;
  return 1;
}

/* load - the file's bytes, read whole; n is TCPTO_MAX + 1 if too big */
static int load(int fd, unsigned char *p, size_t *n)
{
  size_t len = 0;

  while (len < TCPTO_MAX + 1) {
    ssize_t r = pread(fd, p + len, TCPTO_MAX + 1 - len, (off_t)len);
    if (r == -1) {
      if (errno == EINTR) continue;
      return 0;
    }
    if (r == 0) break;
    len += (size_t)r;
  }
  *n = len;
  return 1;
}

int tcpto_read(const char *fn, struct tcpto *t)
{
  unsigned char p[TCPTO_MAX + 1];
  size_t n;
  int fd = open_read(fn);

  t->n = 0;
  t->foreign = 0;
  if (fd == -1) return errno == ENOENT ? 0 : -1;
  if (lock_ex(fd) == -1 || !load(fd, p, &n)) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  close(fd);                                /* and the lock with it */
  tcpto_decode(t, p, n);                    /* not ours: empty */
  return 1;
}

/* store - write t whole over the file, then cut what is left after */
static int store(int fd, const struct tcpto *t)
{
  unsigned char p[TCPTO_MAX];
  size_t n = tcpto_encode(t, p);
  size_t done = 0;

  while (done < n) {
    ssize_t w = pwrite(fd, p + done, n - done, (off_t)done);
    if (w == -1) {
      if (errno == EINTR) continue;
      return 0;
    }
    done += (size_t)w;
  }
  return ftruncate(fd, (off_t)n) == 0;
}

/* openrw - the existing file, for reading and rewriting in place */
static int openrw(const char *fn)
{
  return open(fn, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
}

int tcpto_update(const char *fn, const unsigned char *ip, int timedout,
                 uint64_t now)
{
  unsigned char p[TCPTO_MAX + 1];
  struct tcpto t;
  size_t n;
  int ok = 0;
  int fd = openrw(fn);

  if (fd == -1) return errno == ENOENT ? 0 : -1;
  if (lock_ex(fd) == 0 && load(fd, p, &n)) {
    tcpto_decode(&t, p, n);
    ok = 1;
    if (tcpto_note(&t, ip, timedout, now)) ok = store(fd, &t);
  }
  {
    int saved = errno;
    close(fd);
    errno = saved;
  }
  return ok ? 1 : -1;
}

int tcpto_clear(const char *fn)
{
  int fd = open_write(fn);
  int ok;

  if (fd == -1) return errno == ENOENT ? 0 : -1;
  ok = lock_ex(fd) == 0 && ftruncate(fd, 0) == 0;
  {
    int saved = errno;
    close(fd);
    errno = saved;
  }
  return ok ? 1 : -1;
}

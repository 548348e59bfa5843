/* lwork.c - qmail-lspawn's jobs for qmail-local -w (lwork.h) */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "fmt.h"
#include "lwork.h"
#include "scan.h"

int lwork_put(struct sa *out, unsigned long num, const char *const *args)
{
  char buf[FMT_ULONG];
  int i;

  out->len = 0;
  if (!sa_catb(out, buf, fmt_ulong(buf, num)) || !sa_append(out, 0))
    return 0;
  for (i = 0; i < LWORK_ARGS; ++i) {
    if (!args[i]) {
      errno = E2BIG;
      return 0;
    }
    if (!sa_cats(out, args[i]) || !sa_append(out, 0)) return 0;
  }
  if (out->len > LWORK_JOB) {
    errno = E2BIG;
    return 0;
  }
  return 1;
}

int lwork_fits(const char *const *args)
{
  size_t len = FMT_ULONG + 1;
  int i;

  for (i = 0; i < LWORK_ARGS; ++i) {
    size_t n;
    if (!args[i]) return 0;
    n = strlen(args[i]);
    if (n >= LWORK_JOB || len + n + 1 > LWORK_JOB) return 0;
    len += n + 1;
  }
  return 1;
}

int lwork_parse(const char *p, size_t n, unsigned long *num,
                const char **args)
{
  const char *end = p + n;
  const char *nul;
  int i;

  if (n == 0 || n > LWORK_JOB || p[n - 1] != 0) return 0;
  nul = memchr(p, 0, n);
  /* the number: digits only, all of its field */
  if (!nul || nul == p || scan_ulongb(p, (size_t)(nul - p), num) !=
                              (size_t)(nul - p))
    return 0;
  p = nul + 1;
  for (i = 0; i < LWORK_ARGS; ++i) {
    if (p >= end) return 0;
    nul = memchr(p, 0, (size_t)(end - p));
    if (!nul) return 0;
    args[i] = p;
    p = nul + 1;
  }
  /* nothing after the last field; the home is absolute */
  return p == end && args[1][0] == '/';
}

void lwork_status(unsigned char *out, unsigned long num, int code)
{
  unsigned long long v = num;
  int i;

  for (i = 7; i >= 0; --i) {
    out[i] = (unsigned char)(v & 0xff);
    v >>= 8;
  }
  out[8] = (unsigned char)code;
}

int lwork_statusparse(const unsigned char *p, size_t n, unsigned long num)
{
  unsigned long long v = 0;
  int i;

  if (n != LWORK_STATUS) return -1;
  for (i = 0; i < 8; ++i) v = (v << 8) | p[i];
  if (v != (unsigned long long)num) return -1;
  if (p[8] != 0 && p[8] != 100 && p[8] != 111) return -1;
  return p[8];
}

int lwork_send(int sock, const char *p, size_t n, int fd0, int fd1)
{
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE(2 * sizeof(int))];
  } c;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *h;
  int fds[2];
  ssize_t r;

  memset(&m, 0, sizeof m);
  memset(&c, 0, sizeof c);
  iov.iov_base = (void *)(size_t)p;
  iov.iov_len = n;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = c.space;
  m.msg_controllen = sizeof c.space;
  h = CMSG_FIRSTHDR(&m);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_RIGHTS;
  h->cmsg_len = CMSG_LEN(2 * sizeof(int));
  fds[0] = fd0;
  fds[1] = fd1;
  memcpy(CMSG_DATA(h), fds, sizeof fds);
  do
    r = sendmsg(sock, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (r == -1 && errno == EINTR);
  if (r == -1) return 0;
  if ((size_t)r != n) {
    errno = EPROTO;
    return 0;
  }
  return 1;
}

/* closeall - every descriptor a control message carried */
static void closeall(struct msghdr *m)
{
  struct cmsghdr *h;
  for (h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h))
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
      size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      size_t i;
      for (i = 0; i < k; ++i) {
        int fd;
        memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof fd);
        close(fd);
      }
    }
}

int lwork_recv(int sock, char *p, size_t max, size_t *n, int *fds)
{
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE(4 * sizeof(int))];
  } c;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *h;
  ssize_t r;

  memset(&m, 0, sizeof m);
  iov.iov_base = p;
  iov.iov_len = max;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = c.space;
  m.msg_controllen = sizeof c.space;
  do
    r = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
  while (r == -1 && errno == EINTR);
  if (r == -1) return -1;
  if (r == 0 && m.msg_controllen == 0) return 0;
  h = CMSG_FIRSTHDR(&m);
  /* one control message and no room for a second */
  if ((m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || !h ||
      m.msg_controllen > CMSG_SPACE(2 * sizeof(int)) ||
      h->cmsg_level != SOL_SOCKET ||
      h->cmsg_type != SCM_RIGHTS ||
      h->cmsg_len != CMSG_LEN(2 * sizeof(int))) {
    closeall(&m);
    errno = EPROTO;
    return -1;
  }
  memcpy(fds, CMSG_DATA(h), 2 * sizeof(int));
  *n = (size_t)r;
  return 1;
}

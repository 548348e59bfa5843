/* buf.c - buffered I/O on a file descriptor, with deadlines for peers */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"

void buf_init(struct buf *b, int fd, char *space, size_t size)
{
  b->x = space;
  b->size = size;
  b->p = 0;
  b->n = 0;
  b->fd = fd;
  b->timeout = 0;
}

void buf_initmem(struct buf *b, const char *p, size_t n)
{
  /* SECURITY: the cast is safe because a memory buf is only read */
  b->x = (char *)(size_t)p;
  b->size = n;
  b->p = 0;
  b->n = n;
  b->fd = -1;
  b->timeout = 0;
}

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* waitfor - poll fd for events until the deadline; 1 ready, -1 error */
static int waitfor(int fd, short events, int timeout)
{
  struct pollfd pfd;
  long deadline;

  if (timeout <= 0) return 1;
  deadline = now_ms() + (long)timeout * 1000;
  for (;;) {
    long left = deadline - now_ms();
    int r;
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    pfd.fd = fd;
    pfd.events = events;
    pfd.revents = 0;
    r = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
    if (r > 0) return 1;    /* readable, writable, or an error to find */
    if (r == -1 && errno != EINTR) return -1;
  }
}

ssize_t fd_readwait(int fd, char *p, size_t n, int timeout)
{
  for (;;) {
    ssize_t r;
    if (waitfor(fd, POLLIN, timeout) == -1) return -1;
    r = read(fd, p, n);
    if (r >= 0) return r;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (timeout > 0) continue;
      return -1;
    }
    return -1;
  }
}

int fd_writeall(int fd, const char *p, size_t n, int timeout)
{
  while (n) {
    ssize_t w;
    if (waitfor(fd, POLLOUT, timeout) == -1) return 0;
    w = write(fd, p, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && timeout > 0) continue;
      return 0;
    }
    p += w;
    n -= (size_t)w;
  }
  return 1;
}

size_t buf_buffered(const struct buf *b)
{
  return b->n - b->p;
}

ssize_t buf_feed(struct buf *b)
{
  ssize_t r;

  if (b->p < b->n) return (ssize_t)(b->n - b->p);
  if (b->fd < 0) return 0;
  r = fd_readwait(b->fd, b->x, b->size, b->timeout);
  if (r <= 0) return r;
  b->p = 0;
  b->n = (size_t)r;
  return r;
}

char *buf_peek(struct buf *b)
{
  return b->x + b->p;
}

void buf_skip(struct buf *b, size_t n)
{
  b->p += n;
}

ssize_t buf_get(struct buf *b, char *p, size_t n)
{
  ssize_t r;

  if (n == 0) return 0;
  r = buf_feed(b);
  if (r <= 0) return r;
  if ((size_t)r < n) n = (size_t)r;
  memcpy(p, b->x + b->p, n);
  b->p += n;
  return (ssize_t)n;
}

int buf_getc(struct buf *b, char *c)
{
  ssize_t r = buf_get(b, c, 1);
  return r < 0 ? -1 : (int)r;
}

int buf_getdelim(struct buf *b, struct sa *line, int delim, size_t max)
{
  line->len = 0;
  for (;;) {
    ssize_t r = buf_feed(b);
    size_t avail;
    size_t take;
    size_t room;
    int found;
    if (r < 0) return -1;
    if (r == 0) return 0;
    avail = (size_t)r;
    take = 0;
    while (take < avail && b->x[b->p + take] != (char)delim) ++take;
    found = take < avail;
    if (found) ++take;
    room = max - line->len;
    if (take > room) {
      /* keep exactly max bytes; the rest stays unread for the caller */
      if (!sa_catb(line, b->x + b->p, room)) return -1;
      b->p += room;
      errno = E2BIG;
      return -1;
    }
    if (!sa_catb(line, b->x + b->p, take)) return -1;
    b->p += take;
    if (found) return 1;
  }
}

int buf_getline(struct buf *b, struct sa *line, size_t max)
{
  return buf_getdelim(b, line, '\n', max);
}

int buf_getlinecap(struct buf *b, struct sa *line, size_t max)
{
  int r = buf_getdelim(b, line, '\n', max);

  if (r != -1 || errno != E2BIG) return r;
  do {
    r = buf_getdelim(b, line, '\n', max);
  } while (r == -1 && errno == E2BIG);
  if (r == -1) return -1;
  line->len = 0;
  return r == 1 ? BUF_TOOLONG : BUF_TOOLONGEOF;
}

int buf_flush(struct buf *b)
{
  size_t n = b->p;
  if (!n) return 1;
  b->p = 0;
  return fd_writeall(b->fd, b->x, n, b->timeout);
}

int buf_put(struct buf *b, const char *p, size_t n)
{
  while (n) {
    size_t room = b->size - b->p;
    if (room == 0) {
      if (!buf_flush(b)) return 0;
      continue;
    }
    if (b->p == 0 && n >= b->size)      /* large: skip the copy */
      return fd_writeall(b->fd, p, n, b->timeout);
    if (room > n) room = n;
    memcpy(b->x + b->p, p, room);
    b->p += room;
    p += room;
    n -= room;
  }
  return 1;
}

int buf_puts(struct buf *b, const char *s)
{
  return buf_put(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
  return buf_put(b, &c, 1);
}

int buf_putsa(struct buf *b, const struct sa *x)
{
  return buf_put(b, x->s, x->len);
}

int buf_putflush(struct buf *b, const char *p, size_t n)
{
  return buf_put(b, p, n) && buf_flush(b);
}

int buf_putsflush(struct buf *b, const char *s)
{
  return buf_puts(b, s) && buf_flush(b);
}

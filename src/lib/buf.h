/* buf.h - buffered I/O on a file descriptor, with deadlines for peers
 *
 * A buf is for reading or for writing, never both.  With timeout > 0
 * (seconds), each read or write waits at most that long for the peer
 * and then fails with ETIMEDOUT: a slow or silent peer cannot hold a
 * program forever.  EINTR is retried inside.  A buf made by
 * buf_initmem reads from memory and reaches end of file after it.
 *
 * Reading: buf_get returns bytes copied, 0 at end of file, -1 on error.
 * buf_getline and buf_getdelim put one line (with its delimiter) into
 * line, replacing what was there; they return 1 for a whole line, 0 at
 * end of file (line holds any last partial line), -1 on error.  A line
 * longer than max bytes fails with E2BIG; line then holds its first max
 * bytes and the rest is still unread.
 *
 * Writing: buf_put and friends return 1, or 0 with errno set. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <sys/types.h>
#include "sa.h"

struct buf {
  char *x;         /* storage */
  size_t size;     /* bytes of storage */
  size_t p;        /* reading: next unread byte; writing: bytes pending */
  size_t n;        /* reading: bytes in storage */
  int fd;          /* -1 for a memory buf */
  int timeout;     /* seconds per read or write; 0 = wait forever */
};

#define BUF_SIZE 8192

void buf_init(struct buf *b, int fd, char *space, size_t size);
void buf_initmem(struct buf *b, const char *p, size_t n);

ssize_t buf_feed(struct buf *b);            /* bytes buffered, 0 EOF, -1 */
char *buf_peek(struct buf *b);              /* first buffered byte */
void buf_skip(struct buf *b, size_t n);     /* n <= bytes buffered */
size_t buf_buffered(const struct buf *b);
ssize_t buf_get(struct buf *b, char *p, size_t n);
int buf_getc(struct buf *b, char *c);       /* 1, 0 EOF, -1 */
int buf_getline(struct buf *b, struct sa *line, size_t max);
int buf_getdelim(struct buf *b, struct sa *line, int delim, size_t max);
/* buf_getlinecap - buf_getline for a protocol that refuses a long line
 * and goes on: a line over max bytes is read to its end and dropped,
 * and BUF_TOOLONG is returned (BUF_TOOLONGEOF if end of file came
 * first), with line empty; memory stays at max bytes */
#define BUF_TOOLONG 2
#define BUF_TOOLONGEOF 3
int buf_getlinecap(struct buf *b, struct sa *line, size_t max);

int buf_put(struct buf *b, const char *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_putsa(struct buf *b, const struct sa *x);
int buf_flush(struct buf *b);
int buf_putflush(struct buf *b, const char *p, size_t n);
int buf_putsflush(struct buf *b, const char *s);

/* fd-level helpers that buf uses, for programs that need them alone */
ssize_t fd_readwait(int fd, char *p, size_t n, int timeout);
int fd_writeall(int fd, const char *p, size_t n, int timeout);

#endif

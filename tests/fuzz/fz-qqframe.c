/* fz-qqframe.c - fuzz the chunks of qmail-queue's session mode: a
 * stream of messages decodes alike from memory and from a pipe read a
 * few bytes at a time, each message decoded has one way to be written
 * (strict: written back with its own chunk lengths it is exactly the
 * input), and a message written by qqframe_header in chunks of any
 * size decodes back whole, using exactly the bytes written */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "qqframe.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* msg - one message as decoded: its bytes, its chunk lengths in order */
struct msg {
  struct sa text;
  size_t *lens;
  size_t nlens;
  size_t maxlens;
};

/* get - one message from b into m; qqframe_get's last answer, 0 or -1.
 * A chunk's length is known when it starts: the piece plus f.left. */
static int get(struct buf *b, struct msg *m)
{
  struct qqframe f = QQFRAME_ZERO;

  m->text.len = 0;
  m->nlens = 0;
  for (;;) {
    const char *p;
    size_t n;
    size_t before = f.left;
    int r;

    errno = 0;
    r = qqframe_get(b, &f, &p, &n);
    if (r == -1 && errno != EPROTO) abort();   /* no read can fail here */
    if (r == 0 && (f.left != 0 || f.inchunk)) abort();
    if (r != 1) return r;
    if (n == 0 || n + f.left > QQF_MAX) abort();
    if (p < b->x || p + n != buf_peek(b)) abort();   /* in b, consumed */
    if (before == 0) {
      if (m->nlens == m->maxlens) abort();
      m->lens[m->nlens++] = n + f.left;
    } else if (before != n + f.left) {
      abort();
    }
    if (!sa_catb(&m->text, p, n)) abort();
  }
}

/* same - 1 if two decodings found the same bytes in the same chunks */
static int same(const struct msg *a, const struct msg *b)
{
  if (a->text.len != b->text.len || a->nlens != b->nlens) return 0;
  if (a->text.len && memcmp(a->text.s, b->text.s, a->text.len)) return 0;
  return a->nlens == 0 ||
         !memcmp(a->lens, b->lens, a->nlens * sizeof a->lens[0]);
}

/* put - one chunk of p[0..n) as a session's client writes it */
static void put(struct sa *out, const char *p, size_t n)
{
  char head[QQF_HEADER];
  size_t hlen = qqframe_header(head, n);

  if (hlen < 2 || hlen > QQF_HEADER || head[hlen - 1] != ':') abort();
  if (!sa_catb(out, head, hlen) || !sa_catb(out, p, n) ||
      !sa_catb(out, ",", 1))
    abort();
}

/* canonical - m written back with its own chunk lengths is exactly the
 * input it was decoded from, in[0..len): no second way to write it */
static void canonical(const struct msg *m, const char *in, size_t len,
                      struct sa *out)
{
  size_t off = 0;
  size_t i;

  out->len = 0;
  for (i = 0; i < m->nlens; ++i) {
    if (m->lens[i] > m->text.len - off) abort();
    put(out, m->text.s + off, m->lens[i]);
    off += m->lens[i];
  }
  if (off != m->text.len) abort();
  put(out, "", 0);
  if (out->len != len || memcmp(out->s, in, len)) abort();
}

/* again - m written in chunks of c bytes decodes back into back whole,
 * in those chunks, and the decoder stops at the last byte written */
static void again(const struct msg *m, size_t c, struct sa *out,
                  struct msg *back)
{
  struct buf b;
  size_t off;
  size_t i;

  out->len = 0;
  for (off = 0; off < m->text.len; off += c)
    put(out, m->text.s + off, m->text.len - off < c ? m->text.len - off : c);
  put(out, "", 0);
  buf_initmem(&b, out->s, out->len);
  if (get(&b, back) != 0 || buf_buffered(&b) != 0) abort();
  if (back->nlens != (m->text.len + c - 1) / c) abort();
  for (i = 0; i + 1 < back->nlens; ++i)
    if (back->lens[i] != c) abort();
  if (back->text.len != m->text.len ||
      (m->text.len && memcmp(back->text.s, m->text.s, m->text.len)))
    abort();
}

/* openpipe - the read end of a pipe that holds all of p[0..n) with its
 * write end closed; -1 when they will not fit (the pipe check is then
 * skipped: it must never block) */
static int openpipe(const char *p, size_t n)
{
  int fds[2];
  ssize_t w = 0;

  if (n > 4096 || pipe(fds) == -1) return -1;
  if (fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0 && n > 0)
    w = write(fds[1], p, n);
  close(fds[1]);
  if (w != (ssize_t)n) {
    close(fds[0]);
    return -1;
  }
  return fds[0];
}

static int msg_init(struct msg *m, size_t maxlens)
{
  struct sa zero = SA_ZERO;

  m->text = zero;
  m->nlens = 0;
  m->maxlens = maxlens;
  m->lens = malloc(maxlens * sizeof m->lens[0]);
  return m->lens != 0;
}

static void msg_free(struct msg *m)
{
  sa_free(&m->text);
  free(m->lens);
}

/* walk - each message of in[0..size), from memory and, when fd is not
 * -1, from the same bytes in a pipe through a buf of bufsize bytes */
static void walk(const char *in, size_t size, int fd, size_t bufsize,
                 size_t mine, struct msg *m)
{
  static char space[16];
  static const size_t sizes[] = { 1, 7, QQF_MAX };
  struct buf mem;
  struct buf piped;
  struct sa out = SA_ZERO;
  size_t pos = 0;
  size_t i;

  buf_initmem(&mem, in, size);
  if (fd != -1) buf_init(&piped, fd, space, bufsize);
  for (;;) {
    ssize_t more = buf_feed(&mem);
    size_t end;
    int r;

    /* a message starts only if bytes remain, as in qmail-queue -s */
    if (fd != -1 && (buf_feed(&piped) > 0) != (more > 0)) abort();
    if (more <= 0) break;
    r = get(&mem, &m[0]);
    if (fd != -1 && (get(&piped, &m[1]) != r || !same(&m[0], &m[1])))
      abort();
    if (r == -1) break;
    end = size - buf_buffered(&mem);
    if (end <= pos || m[0].text.len > end - pos) abort();
    canonical(&m[0], in + pos, end - pos, &out);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; ++i)
      again(&m[0], sizes[i], &out, &m[1]);
    again(&m[0], mine, &out, &m[1]);
    pos = end;
  }
  sa_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *in = (const char *)data;
  struct msg m[2];
  size_t mine = 3;
  size_t bufsize = 1;
  int fd;

  /* a chunk holds at least one byte, so size + 1 lengths are enough for
   * the input and for any message of it written again */
  if (!msg_init(&m[0], size + 1)) return 0;
  if (!msg_init(&m[1], size + 1)) {
    msg_free(&m[0]);
    return 0;
  }
  if (size >= 2)
    mine = 1 + ((size_t)data[0] << 8 | data[1]);   /* 1 to QQF_MAX */
  if (size >= 1) bufsize = 1 + data[size - 1] % 16;
  fd = openpipe(in, size);
  walk(in, size, fd, bufsize, mine, m);
  if (fd != -1) close(fd);
  msg_free(&m[0]);
  msg_free(&m[1]);
  return 0;
}

/* fz-remotecopy.c - fuzz qmail-remote's data copy, the SMTP smuggling
 * defence: whatever bytes the queue holds, and however the reads split
 * them, the wire form has no bare CR or LF, no line "." before the end,
 * every line that starts with a dot stuffed, ends in ".\r\n", has the
 * size remote_measure predicts (and its 8-bit flags for the whole and
 * the header), and undoes exactly into the message with
 * its line ends (LF, CR LF, lone CR) made one.  The first input byte
 * picks the read size; the rest is the message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "qmail-remote.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int infd = -1;
static int outfd = -1;
static char out[4 * 65536 + 16];

static int scratch(void)
{
  char fn[] = "/tmp/fz-remotecopy.XXXXXX";
  int fd = mkstemp(fn);
  if (fd == -1) abort();
  unlink(fn);
  return fd;
}

/* normal - the message with each line end as one '\n' and a last line
 * end added: what the wire form must undo to */
static size_t normal(const char *p, size_t n, char *to)
{
  size_t i;
  size_t k = 0;
  for (i = 0; i < n; ++i) {
    if (p[i] == '\r') {
      to[k++] = '\n';
      if (i + 1 < n && p[i + 1] == '\n') ++i;
    } else {
      to[k++] = p[i];
    }
  }
  if (k && to[k - 1] != '\n') to[k++] = '\n';
  return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char space[65536];
  static char ospace[8192];
  static char want[65536 + 2];
  static char undone[4 * 65536];
  const char *msg = (const char *)data + 1;
  size_t n;
  size_t chunk;
  struct buf in;
  struct buf o;
  struct buf mem;
  ssize_t len;
  size_t i;
  size_t k = 0;
  size_t dots = 0;
  size_t measured;
  int high;

  if (size < 1 || size > 65536) return 0;
  n = size - 1;
  chunk = 1 + data[0] % 17;
  if (data[0] >= 0xf0) chunk = sizeof space;
  if (infd == -1) infd = scratch();
  if (outfd == -1) outfd = scratch();
  if (ftruncate(infd, 0) || ftruncate(outfd, 0)) abort();
  if (n && pwrite(infd, msg, n, 0) != (ssize_t)n) abort();
  if (lseek(infd, 0, SEEK_SET) || lseek(outfd, 0, SEEK_SET)) abort();
  buf_init(&in, infd, space, chunk);
  buf_init(&o, outfd, ospace, sizeof ospace);
  if (remote_copy(&in, &o) != COPY_OK) abort();
  len = pread(outfd, out, sizeof out, 0);
  if (len < 3 || (size_t)len >= sizeof out) abort();
  if (memcmp(out + len - 3, ".\r\n", 3)) abort();
  if (len > 3 && (len < 5 || memcmp(out + len - 5, "\r\n", 2))) abort();
  /* the wire form, line by line, undone */
  for (i = 0; i < (size_t)len - 3; ++i) {
    char c = out[i];
    if (c == '\r' && out[i + 1] != '\n') abort();       /* bare CR */
    if (c == '\n' && (i == 0 || out[i - 1] != '\r')) abort(); /* bare LF */
    if (i == 0 || out[i - 1] == '\n') {
      if (c == '.') {
        if (out[i + 1] != '.') abort();                 /* unstuffed */
        ++dots;
        continue;                                       /* drop one */
      }
    }
    if (c == '\r') continue;
    undone[k++] = c;
  }
  if (k != normal(msg, n, want) || memcmp(undone, want, k)) abort();
  buf_initmem(&mem, msg, n);
  if (!remote_measure(&mem, &measured, &high)) abort();
  if (measured != (size_t)len - 3 - dots) abort();
  for (i = 0; i < n; ++i)
    if ((unsigned char)msg[i] > 0x7f) break;
  if (!(high & REMOTE_8BIT) != !(i < n)) abort();
  /* the header: the normal form up to its first empty line */
  for (i = 0; i < k; ++i) {
    if (want[i] == '\n' && (i == 0 || want[i - 1] == '\n')) break;
    if ((unsigned char)want[i] > 0x7f) break;
  }
  if (!(high & REMOTE_8BIT_HEADER) != !(i < k && want[i] != '\n')) abort();
  return 0;
}

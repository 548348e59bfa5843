/* fz-mbox.c - fuzz the mbox code that maildir2mbox and qmail-local
 * share: fromquote, fed the input in pieces of a size the first byte
 * picks, writes exactly what a line-by-line restatement of the rule
 * writes; mbox_returnpath takes the address out of the first line
 * exactly when the line is "Return-Path: <...>" */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "mbox.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* model - the quoting, a whole line at a time; out has room for 2n+2 */
static size_t model(const char *p, size_t n, char *out)
{
  size_t len = 0;
  size_t i = 0;

  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - p) + 1 : n;
    size_t k = i;
    while (k < end && p[k] == '>') ++k;
    if (end - k >= 5 && memcmp(p + k, "From ", 5) == 0) out[len++] = '>';
    memcpy(out + len, p + i, end - i);
    len += end - i;
    i = end;
  }
  if (n && p[n - 1] != '\n') out[len++] = '\n';
  out[len++] = '\n';
  return len;
}

static void checkquote(const char *p, size_t n, size_t step)
{
  static int fd = -1;
  char space[97];           /* odd and small: flushes at odd places */
  struct buf out;
  struct fromquote q;
  char *want = malloc(2 * n + 2);
  char *got = malloc(2 * n + 2);
  size_t wlen;
  size_t i;
  off_t len;

  if (!want || !got) abort();
  if (fd == -1) {
    char tmpl[] = "/tmp/fz-mbox.XXXXXX";
    fd = mkstemp(tmpl);
    if (fd == -1) abort();
    unlink(tmpl);
  }
  if (ftruncate(fd, 0) == -1 || lseek(fd, 0, SEEK_SET) == -1) abort();
  buf_init(&out, fd, space, sizeof space);
  fromquote_init(&q);
  for (i = 0; i < n; i += step)
    if (!fromquote_put(&q, &out, p + i, n - i < step ? n - i : step))
      abort();
  if (!fromquote_end(&q, &out) || !buf_flush(&out)) abort();
  wlen = model(p, n, want);
  len = lseek(fd, 0, SEEK_CUR);
  if (len < 0 || (size_t)len != wlen) abort();
  if (pread(fd, got, wlen, 0) != (ssize_t)wlen) abort();
  if (memcmp(got, want, wlen) != 0) abort();
  free(want);
  free(got);
}

static void checkreturnpath(const char *p, size_t n)
{
  static const char rp[] = "Return-Path: <";
  struct sa a = SA_ZERO;
  size_t k = sizeof rp - 1;
  size_t m = n && p[n - 1] == '\n' ? n - 1 : n;
  int want = m >= k + 1 && memcmp(p, rp, k) == 0 && p[m - 1] == '>';
  int r = mbox_returnpath(p, n, &a);

  if (r != want) abort();
  if (r == 1 && (a.len != m - k - 1 || memcmp(a.s, p + k, a.len) != 0))
    abort();
  sa_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  const char *nl;

  if (size < 1 || size > 1 << 20) return 0;
  checkquote(p + 1, size - 1, (size_t)data[0] % 64 + 1);
  nl = memchr(p + 1, '\n', size - 1);
  checkreturnpath(p + 1, nl ? (size_t)(nl - p) : size - 1);
  return 0;
}

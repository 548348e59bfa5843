/* fz-pop3.c - fuzz what qmail-popup and qmail-pop3d parse and send:
 * command lines, numeric and APOP arguments, and the RETR/TOP encoder
 *
 * Checked: the argument stays inside the line; BAD only for a NUL;
 * numbers are within the max given; APOP parts are inside the
 * argument and non-empty; encoding in chunks of any size gives the
 * same bytes as encoding whole, writes at most 2n per chunk, and its
 * output read back as a POP3 client reads a multi-line reply (lines
 * ended by CR LF, a leading dot removed, a lone dot the end) ends
 * exactly at its end and gives back the file, each LF not after a CR
 * read as CR LF, with one line end added if missing and qmail's extra
 * empty line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pop3cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void command(const char *p, size_t n)
{
  struct pop3cmd c;
  size_t num[2];
  size_t namelen;
  const char *d;
  size_t dlen;
  int verb = pop3cmd_parse(p, n, &c);

  if (c.arg < p || c.arg + c.arglen > p + n) abort();
  if ((verb == POP3CMD_BAD) != (n > 0 && memchr(p, 0, n) != 0)) abort();
  if (pop3cmd_numbers(c.arg, c.arglen, 2, num, 1000) &&
      (num[0] > 1000 || num[1] > 1000))
    abort();
  if (pop3cmd_numbers(c.arg, c.arglen, 1, num, 1000) && num[0] > 1000)
    abort();
  if (pop3cmd_apop(c.arg, c.arglen, &namelen, &d, &dlen)) {
    if (!namelen || !dlen || namelen >= c.arglen) abort();
    if (d != c.arg + namelen + 1 || d + dlen != c.arg + c.arglen) abort();
  }
}

static size_t encode(const char *p, size_t n, size_t step, size_t lines,
                     char *out)
{
  struct pop3out o;
  size_t i = 0;
  size_t w = 0;

  pop3out_start(&o, lines);
  while (i < n && !o.done) {
    size_t len = n - i < step ? n - i : step;
    size_t used;
    size_t k = pop3out_encode(&o, p + i, len, &used, out + w);
    if (used > len || k > 2 * len) abort();
    if (used < len && !o.done) abort();
    w += k;
    i += used;
  }
  return w + pop3out_finish(&o, out + w);
}

/* readback - the client's view of out[0..n) into back; its length */
static size_t readback(const char *out, size_t n, char *back)
{
  size_t i = 0;
  size_t b = 0;

  for (;;) {
    const char *e = 0;
    size_t j;
    for (j = i; j + 1 < n; ++j)
      if (out[j] == '\r' && out[j + 1] == '\n') {
        e = out + j;
        break;
      }
    if (!e) abort();                        /* no terminator */
    if (e == out + i + 1 && out[i] == '.') {
      if (e + 2 != out + n) abort();        /* ended early */
      return b;
    }
    if (out[i] == '.') ++i;
    memcpy(back + b, out + i, (size_t)(e - (out + i)));
    b += (size_t)(e - (out + i));
    back[b++] = '\r';
    back[b++] = '\n';
    i = (size_t)(e - out) + 2;
  }
}

static void text(const char *p, size_t n, size_t step, size_t lines)
{
  char *whole = malloc(2 * n + POP3OUT_FINISH);
  char *parts = malloc(2 * n + POP3OUT_FINISH);
  char *back = malloc(2 * n + POP3OUT_FINISH);
  char *want = malloc(2 * n + POP3OUT_FINISH);
  size_t ww = encode(p, n, n ? n : 1, lines, whole);
  size_t wp = encode(p, n, step, lines, parts);
  size_t b;
  size_t k = 0;
  size_t i;

  if (!whole || !parts || !back || !want) abort();
  if (ww != wp || memcmp(whole, parts, ww) != 0) abort();
  b = readback(whole, ww, back);
  if (lines == POP3OUT_ALL) {
    for (i = 0; i < n; ++i) {
      if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r')) want[k++] = '\r';
      want[k++] = p[i];
    }
    if (n && p[n - 1] != '\n') {
      want[k++] = '\r';
      want[k++] = '\n';
    }
    want[k++] = '\r';
    want[k++] = '\n';
    if (b != k || memcmp(back, want, k) != 0) abort();
  }
  free(whole);
  free(parts);
  free(back);
  free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;

  if (size < 2) return 0;
  command(p + 2, size - 2);
  text(p + 2, size - 2, 1 + data[0] % 7, POP3OUT_ALL);
  text(p + 2, size - 2, 1 + data[0] % 7, data[1] % 5);
  return 0;
}

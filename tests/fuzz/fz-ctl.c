/* fz-ctl.c - fuzz the control file rules: ctl_parsefirst and
 * ctl_parselist give exactly what a plain restatement of the rules
 * gives (result, errno and bytes), and a ceiling set by the caller only
 * ever turns an answer into E2BIG */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "ctl.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SMALL 64        /* a caller's ceiling, for the second pass */

/* model - the rules again, without buf: lines of p into out (first
 * line only, or the list); 1, or -1 with *err */
static int model(const char *p, size_t size, int firstonly, char *out,
                 size_t *outlen, int *err)
{
  size_t pos = 0;

  *outlen = 0;
  if (size > LIM_CTL_FILE) {
    *err = E2BIG;
    return -1;
  }
  while (pos < size || (firstonly && pos == 0)) {
    const char *nl = size ? memchr(p + pos, '\n', size - pos) : 0;
    size_t end = nl ? (size_t)(nl - p) : size;
    size_t n = end - pos;
    const char *line = p + pos;
    if (nl && n > 0 && line[n - 1] == '\r') --n;
    if (n > LIM_CTL_LINE) {
      *err = E2BIG;
      return -1;
    }
    if (n && memchr(line, 0, n)) {
      *err = EILSEQ;
      return -1;
    }
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                 line[n - 1] == '\r'))
      --n;
    if (firstonly) {
      memcpy(out, line, n);
      *outlen = n;
      return 1;
    }
    if (n && line[0] != '#') {
      memcpy(out + *outlen, line, n);
      out[*outlen + n] = 0;
      *outlen += n + 1;
    }
    pos = end + 1;
  }
  return 1;
}

/* check - the library against the model, with and without a ceiling */
static void check(const char *p, size_t size, int firstonly, char *want)
{
  struct sa x = SA_ZERO;
  size_t wlen;
  int werr = 0;
  int wr = model(p, size, firstonly, want, &wlen, &werr);
  int r;

  errno = 0;
  r = firstonly ? ctl_parsefirst(p, size, &x) : ctl_parselist(p, size, &x);
  if (r != wr) abort();
  if (r == -1 && (errno != werr || x.len != 0)) abort();
  if (r == 1 && (x.len != wlen || (wlen && memcmp(x.s, want, wlen) != 0)))
    abort();
  if (r == 1 && firstonly && x.s[x.len] != 0) abort();

  x.max = SMALL;
  errno = 0;
  r = firstonly ? ctl_parsefirst(p, size, &x) : ctl_parselist(p, size, &x);
  if (r == -1 && x.len != 0) abort();
  /* E2BIG may come first and hide the model's own error */
  if (r == -1 && errno != E2BIG && !(wr == -1 && errno == werr)) abort();
  if (r == 1 && (wr != 1 || x.len != wlen ||
                 (wlen && memcmp(x.s, want, wlen) != 0)))
    abort();
  if (wr == 1 && size < SMALL && r != 1) abort();  /* nothing to refuse */
  if (wr == 1 && wlen + (firstonly ? 1 : 0) > SMALL && r != -1) abort();
  sa_free(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  char *want;

  if (size > LIM_CTL_FILE) return 0;
  want = malloc(size + 1);             /* the list is at most size + 1 */
  if (!want) return 0;
  check(p, size, 1, want);
  check(p, size, 0, want);
  free(want);
  return 0;
}

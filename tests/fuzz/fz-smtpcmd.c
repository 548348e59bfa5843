/* fz-smtpcmd.c - fuzz what qmail-smtpd parses: command lines, MAIL and
 * RCPT paths with parameters, and the message text decoder
 *
 * Checked: the verb and argument stay inside the line; a decoded
 * address is NUL-terminated, at most LIM_ADDR bytes, free of control
 * bytes, and "<>" is the only empty path for MAIL; SMTPUTF8 only on
 * MAIL; decoding the text in
 * chunks of any size gives the same bytes, end and counts as decoding
 * it whole; normalise mode never stores a CR; nothing is written past
 * n + SMTPDATA_SLACK bytes; strict mode stops only at a bare CR or LF. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "smtpcmd.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void command(const char *p, size_t n)
{
  struct smtpcmd c;
  struct smtppath path;
  int verb = smtpcmd_parse(p, n, &c);
  size_t i;

  if (c.arg < p || c.arg + c.arglen > p + n) abort();
  if (verb == SMTPCMD_BAD && !memchr(p, 0, n)) abort();
  for (i = 0; i < 2; ++i) {
    int v = i ? SMTPCMD_RCPT : SMTPCMD_MAIL;
    int r = smtpcmd_path(c.arg, c.arglen, v, &path);
    size_t j;
    if (path.len > LIM_ADDR || path.addr[path.len] != 0) abort();
    if (r != SMTPPATH_OK) continue;
    for (j = 0; j < path.len; ++j)
      if ((unsigned char)path.addr[j] < 32 || path.addr[j] == 127) abort();
    if (path.hassize && v != SMTPCMD_MAIL) abort();
    if (path.smtputf8 && v != SMTPCMD_MAIL) abort();
    /* qmail-smtpd's next step for an 8-bit address */
    if (utf8_ascii(path.addr, path.len) && !utf8_valid(path.addr, path.len))
      abort();
  }
}

/* decode - the text in chunks of at most step bytes; the output */
static size_t decode(const char *p, size_t n, size_t step, int mode,
                     struct smtpdata *d, char *out)
{
  size_t o = 0;
  size_t i = 0;

  smtpdata_start(d, mode);
  while (i < n && !d->done && !d->bare) {
    size_t len = n - i < step ? n - i : step;
    size_t used;
    size_t w = smtpdata_decode(d, p + i, len, &used, out + o);
    if (used > len || w > len + SMTPDATA_SLACK) abort();
    if (used == 0 && !d->done && !d->bare) abort();   /* no progress */
    o += w;
    i += used;
  }
  return o;
}

static void text(const char *p, size_t n, size_t step)
{
  int mode;
  char *whole = malloc(2 * n + 8);
  char *parts = malloc(2 * n + 8);

  if (!whole || !parts) abort();
  for (mode = 0; mode < 2; ++mode) {
    struct smtpdata a;
    struct smtpdata b;
    size_t wa = decode(p, n, n ? n : 1, mode, &a, whole);
    size_t wb = decode(p, n, step, mode, &b, parts);
    /* a pending dot or CR may stay unwritten at the end of input */
    if (a.done != b.done || a.bare != b.bare) abort();
    if (a.done && (wa != wb || memcmp(whole, parts, wa) != 0)) abort();
    if (a.done && a.hops != b.hops) abort();
    if (mode == SMTPDATA_NORMALISE && memchr(whole, '\r', wa)) abort();
    if (mode == SMTPDATA_NORMALISE && a.bare) abort();
    if (a.bare && a.bare != '\r' && a.bare != '\n') abort();
    if (wa != a.bytes) abort();
  }
  free(whole);
  free(parts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  size_t step;

  if (size == 0) return 0;
  step = 1 + data[0] % 7;
  command(p + 1, size - 1);
  text(p + 1, size - 1, step);
  return 0;
}

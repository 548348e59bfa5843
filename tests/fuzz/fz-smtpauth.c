/* fz-smtpauth.c - fuzz what qmail-smtpd decodes for SMTP AUTH: the
 * AUTH argument, a response line (base64), and the PLAIN and CRAM-MD5
 * messages inside it
 *
 * Checked: pointers stay inside their input; decoding never writes
 * past max and gives the length it says; what decodes encodes back to
 * the same bytes (strictness: one encoding per output); PLAIN's parts
 * hold no NUL and are not empty; CRAM's digest is 32 hex digits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base64.h"
#include "smtpauth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *p, size_t n, const char *in, size_t inlen)
{
  if (p < in || p + n > in + inlen) abort();
}

static void creds(const char *d, size_t n)
{
  struct smtpauth_creds c;
  size_t i;

  if (smtpauth_plain(d, n, &c) == 1) {
    inside(c.name, c.namelen, d, n);
    inside(c.secret, c.secretlen, d, n);
    if (!c.namelen || !c.secretlen) abort();
    if (memchr(c.name, 0, c.namelen) || memchr(c.secret, 0, c.secretlen))
      abort();
  }
  if (smtpauth_cram(d, n, &c)) {
    inside(c.name, c.namelen, d, n);
    inside(c.secret, c.secretlen, d, n);
    if (!c.namelen || c.secretlen != 32 || memchr(c.name, 0, c.namelen))
      abort();
    for (i = 0; i < 32; ++i)
      if (!strchr("0123456789abcdefABCDEF", c.secret[i]) || !c.secret[i])
        abort();
  }
  (void)smtpauth_isroot(d, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  struct smtpauth_cmd c;
  char *out;
  char *back;
  size_t max;
  size_t len = 0;
  size_t el;
  int r;

  if (size < 1) return 0;
  max = data[0] % 2 ? size : size / 2;
  ++p;
  --size;
  smtpauth_command(p, size, &c);
  inside(c.initial, c.initiallen, p, size);
  out = malloc(max + 1);
  if (!out) abort();
  r = smtpauth_response(p, size, out, max, &len);
  if (r == SMTPAUTH_OK) {
    size_t n = size;
    if (len > max) abort();
    if (n && p[n - 1] == '\n') {
      --n;
      if (n && p[n - 1] == '\r') --n;
    }
    if (!base64_enclen(len, &el) || el != n) abort();
    back = malloc(el + 1);
    if (!back) abort();
    if (base64_encode(out, len, back) != el || memcmp(back, p, el)) abort();
    free(back);
    creds(out, len);
  }
  creds(p, size);
  free(out);
  return 0;
}

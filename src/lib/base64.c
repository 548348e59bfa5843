/* base64.c - strict base64 (RFC 4648 section 4) */
#include <errno.h>
#include "base64.h"

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* value - the 6 bits of c, or -1 */
static int value(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int base64_decode(const char *in, size_t n, char *out, size_t max,
                  size_t *len)
{
  size_t i;
  size_t w = 0;

  if (n % 4) {
    errno = EINVAL;
    return 0;
  }
  for (i = 0; i < n; i += 4) {
    int v[4];
    size_t pad = 0;
    size_t k;
    unsigned long bits;
    /* '=' only in the last quantum: "xx==" or "xxx=" */
    if (i + 4 == n && in[i + 3] == '=') pad = in[i + 2] == '=' ? 2 : 1;
    for (k = 0; k < 4 - pad; ++k) {
      v[k] = value((unsigned char)in[i + k]);
      if (v[k] < 0) {
        errno = EINVAL;
        return 0;
      }
    }
    for (; k < 4; ++k) v[k] = 0;
    bits = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
           (unsigned long)v[2] << 6 | (unsigned long)v[3];
    /* the bits the padding hides must be zero */
    if ((pad == 1 && (bits & 0xff)) || (pad == 2 && (bits & 0xffff))) {
      errno = EINVAL;
      return 0;
    }
    if (3 - pad > max - w) {
      errno = E2BIG;
      return 0;
    }
    out[w++] = (char)(bits >> 16);
    if (pad < 2) out[w++] = (char)(bits >> 8 & 0xff);
    if (pad < 1) out[w++] = (char)(bits & 0xff);
  }
  *len = w;
  return 1;
}

int base64_enclen(size_t n, size_t *r)
{
  size_t q = n / 3 + (n % 3 != 0);

  if (q > (size_t)-1 / 4) return 0;
  *r = 4 * q;
  return 1;
}

size_t base64_encode(const char *in, size_t n, char *out)
{
  size_t i;
  size_t w = 0;

  for (i = 0; i < n; i += 3) {
    size_t left = n - i;
    unsigned long bits = (unsigned long)(unsigned char)in[i] << 16;
    if (left > 1) bits |= (unsigned long)(unsigned char)in[i + 1] << 8;
    if (left > 2) bits |= (unsigned long)(unsigned char)in[i + 2];
    out[w++] = alphabet[bits >> 18];
    out[w++] = alphabet[bits >> 12 & 63];
    out[w++] = left > 1 ? alphabet[bits >> 6 & 63] : '=';
    out[w++] = left > 2 ? alphabet[bits & 63] : '=';
  }
  return w;
}

/* base64.h - the base64 of RFC 4648 section 4, strictly, for SMTP AUTH
 *
 * base64_decode takes in[0..n) exactly as RFC 4954 carries it: no line
 * breaks, no spaces, a length that is a multiple of 4, and '=' only as
 * the one or two last bytes.  It refuses anything else (EINVAL),
 * including pad bits that are not zero (RFC 4648 3.5), so each output
 * has one encoding.  It writes at most max bytes (E2BIG beyond, with
 * nothing promised about out); the output is (n / 4) * 3 bytes less the
 * padding, so max = (n / 4) * 3 always suffices.  The empty input is
 * the empty output. */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

/* base64_decode - in[0..n) into out[0..*len); 1, or 0 and errno */
int base64_decode(const char *in, size_t n, char *out, size_t max,
                  size_t *len);
/* base64_enclen - *r = the encoded length of n bytes; 0 on overflow */
int base64_enclen(size_t n, size_t *r);
/* base64_encode - in[0..n) into out (base64_enclen bytes); its length */
size_t base64_encode(const char *in, size_t n, char *out);

#endif

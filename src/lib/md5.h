/* md5.h - MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), for CRAM-MD5
 *
 * MD5 is broken for collisions; CRAM-MD5 (RFC 2195) rests on it only as
 * a keyed hash over a fresh challenge, which no known attack breaks.
 * Nothing in quire uses it for anything else.  Lengths are size_t; the
 * bit count is kept modulo 2^64, as RFC 1321 says. */
#ifndef MD5_H
#define MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_LEN 16
#define MD5_BLOCK 64

struct md5 {
  uint32_t state[4];
  uint64_t bytes;                 /* taken so far, modulo 2^64 */
  unsigned char block[MD5_BLOCK]; /* bytes % 64 of them are waiting */
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *p, size_t n);
void md5_final(struct md5 *m, unsigned char out[MD5_LEN]);
/* md5 - the digest of p[0..n) in one call */
void md5(const void *p, size_t n, unsigned char out[MD5_LEN]);
/* hmac_md5 - HMAC-MD5 of msg under key (RFC 2104; a key over 64 bytes
 * is hashed first) */
void hmac_md5(const void *key, size_t keylen, const void *msg, size_t n,
              unsigned char out[MD5_LEN]);
/* md5_hex - out[0..32) the digest in lowercase hex, no NUL */
void md5_hex(const unsigned char d[MD5_LEN], char out[2 * MD5_LEN]);

#endif

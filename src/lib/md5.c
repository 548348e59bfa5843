/* md5.c - MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), written from the RFCs */
#include <string.h>
#include "md5.h"

/* T[i] = floor(2^32 * abs(sin(i + 1))), RFC 1321 3.4 */
static const uint32_t T[64] = {
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
  0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
  0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
  0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
  0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};

/* the left rotations of each round, four per round */
static const unsigned char S[16] = {
  7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21
};

/* wipe - zero n bytes in a way the compiler keeps */
static void wipe(void *p, size_t n)
{
  volatile unsigned char *v = p;

  while (n--) *v++ = 0;
}

static uint32_t rotl(uint32_t x, unsigned n)
{
  return (x << n) | (x >> (32 - n));
}

/* compress - one 64-byte block into the state (RFC 1321 3.4) */
static void compress(uint32_t st[4], const unsigned char *b)
{
  uint32_t x[16];
  uint32_t a = st[0], bb = st[1], c = st[2], d = st[3];
  unsigned i;

  for (i = 0; i < 16; ++i)
    x[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
           (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
  for (i = 0; i < 64; ++i) {
    uint32_t f;
    unsigned k;
    uint32_t tmp;
    if (i < 16) {
      f = (bb & c) | (~bb & d);
      k = i;
    } else if (i < 32) {
      f = (bb & d) | (c & ~d);
      k = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = bb ^ c ^ d;
      k = (3 * i + 5) % 16;
    } else {
      f = c ^ (bb | ~d);
      k = (7 * i) % 16;
    }
    tmp = d;
    d = c;
    c = bb;
    bb = bb + rotl(a + f + T[i] + x[k], S[(i / 16) * 4 + i % 4]);
    a = tmp;
  }
  st[0] += a;
  st[1] += bb;
  st[2] += c;
  st[3] += d;
}

void md5_init(struct md5 *m)
{
  m->state[0] = 0x67452301;
  m->state[1] = 0xefcdab89;
  m->state[2] = 0x98badcfe;
  m->state[3] = 0x10325476;
  m->bytes = 0;
}

void md5_update(struct md5 *m, const void *p, size_t n)
{
  const unsigned char *q = p;
  size_t have = (size_t)(m->bytes % MD5_BLOCK);

  m->bytes += (uint64_t)n;
  while (n) {
    size_t take = MD5_BLOCK - have;
    if (take > n) take = n;
    memcpy(m->block + have, q, take);
    have += take;
    q += take;
    n -= take;
    if (have == MD5_BLOCK) {
      compress(m->state, m->block);
      have = 0;
    }
  }
}

void md5_final(struct md5 *m, unsigned char out[MD5_LEN])
{
  static const unsigned char pad[MD5_BLOCK] = { 0x80 };
  unsigned char len[8];
  uint64_t bits = m->bytes << 3;
  size_t have = (size_t)(m->bytes % MD5_BLOCK);
  unsigned i;

  for (i = 0; i < 8; ++i) len[i] = (unsigned char)(bits >> (8 * i));
  /* a 1 bit, zeros up to 56 mod 64, then the bit count */
  md5_update(m, pad, have < 56 ? 56 - have : 120 - have);
  md5_update(m, len, 8);
  for (i = 0; i < 16; ++i)
    out[i] = (unsigned char)(m->state[i / 4] >> (8 * (i % 4)));
  wipe(m, sizeof *m);
}

void md5(const void *p, size_t n, unsigned char out[MD5_LEN])
{
  struct md5 m;

  md5_init(&m);
  md5_update(&m, p, n);
  md5_final(&m, out);
}

void hmac_md5(const void *key, size_t keylen, const void *msg, size_t n,
              unsigned char out[MD5_LEN])
{
  unsigned char k[MD5_BLOCK];
  unsigned char pad[MD5_BLOCK];
  unsigned char inner[MD5_LEN];
  struct md5 m;
  unsigned i;

  memset(k, 0, sizeof k);
  if (keylen > MD5_BLOCK) md5(key, keylen, k);
  else if (keylen) memcpy(k, key, keylen);
  for (i = 0; i < MD5_BLOCK; ++i) pad[i] = k[i] ^ 0x36;
  md5_init(&m);
  md5_update(&m, pad, MD5_BLOCK);
  md5_update(&m, msg, n);
  md5_final(&m, inner);
  for (i = 0; i < MD5_BLOCK; ++i) pad[i] = k[i] ^ 0x5c;
  md5_init(&m);
  md5_update(&m, pad, MD5_BLOCK);
  md5_update(&m, inner, MD5_LEN);
  md5_final(&m, out);
  wipe(k, sizeof k);          /* the key may be a password */
  wipe(pad, sizeof pad);
}

void md5_hex(const unsigned char d[MD5_LEN], char out[2 * MD5_LEN])
{
  static const char hex[] = "0123456789abcdef";
  unsigned i;

  for (i = 0; i < MD5_LEN; ++i) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
}

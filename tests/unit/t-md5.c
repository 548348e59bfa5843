/* t-md5.c - MD5 against RFC 1321 A.5, HMAC-MD5 against RFC 2202 2 */
#include <string.h>
#include "md5.h"
#include "t.h"

static int md5is(const char *msg, const char *want)
{
  unsigned char d[MD5_LEN];
  char hex[2 * MD5_LEN];

  md5(msg, strlen(msg), d);
  md5_hex(d, hex);
  return memcmp(hex, want, 32) == 0;
}

static void t_rfc1321(void)
{
  CHECK(md5is("", "d41d8cd98f00b204e9800998ecf8427e"));
  CHECK(md5is("a", "0cc175b9c0f1b6a831c399e269772661"));
  CHECK(md5is("abc", "900150983cd24fb0d6963f7d28e17f72"));
  CHECK(md5is("message digest", "f96b697d7cb7938d525a2f31aaf161d0"));
  CHECK(md5is("abcdefghijklmnopqrstuvwxyz",
              "c3fcd3d76192e4007dfb496cca67e13b"));
  CHECK(md5is("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              "0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"));
  CHECK(md5is("1234567890123456789012345678901234567890123456789012345678"
              "9012345678901234567890",
              "57edf4a22be3c955ac49da2e2107b67a"));
}

/* t_pieces - the same digest whatever the pieces, across block and
 * padding edges (55, 56, 63, 64, 65 bytes) */
static void t_pieces(void)
{
  char msg[200];
  size_t n;
  size_t cut;

  for (n = 0; n < sizeof msg; ++n) msg[n] = (char)('a' + n % 26);
  for (n = 50; n < 140; ++n) {
    unsigned char whole[MD5_LEN];
    md5(msg, n, whole);
    for (cut = 0; cut <= n; cut += 7) {
      unsigned char part[MD5_LEN];
      struct md5 m;
      md5_init(&m);
      md5_update(&m, msg, cut);
      md5_update(&m, msg + cut, n - cut);
      md5_final(&m, part);
      CHECK(memcmp(whole, part, MD5_LEN) == 0);
    }
  }
}

static int hmacis(const char *key, size_t klen, const char *msg,
                  size_t mlen, const char *want)
{
  unsigned char d[MD5_LEN];
  char hex[2 * MD5_LEN];

  hmac_md5(key, klen, msg, mlen, d);
  md5_hex(d, hex);
  return memcmp(hex, want, 32) == 0;
}

static void t_rfc2202(void)
{
  char k[80];
  char data[50];

  memset(k, 0x0b, 16);
  CHECK(hmacis(k, 16, "Hi There", 8, "9294727a3638bb1c13f48ef8158bfc9d"));
  CHECK(hmacis("Jefe", 4, "what do ya want for nothing?", 28,
               "750c783e6ab0b503eaa86e310a5db738"));
  memset(k, 0xaa, 16);
  memset(data, 0xdd, 50);
  CHECK(hmacis(k, 16, data, 50, "56be34521d144c88dbb8c733f0e8b3f6"));
  {
    unsigned i;
    for (i = 0; i < 25; ++i) k[i] = (char)(i + 1);
  }
  memset(data, 0xcd, 50);
  CHECK(hmacis(k, 25, data, 50, "697eaf0aca3a3aea3a75164746ffaa79"));
  memset(k, 0x0c, 16);
  CHECK(hmacis(k, 16, "Test With Truncation", 20,
               "56461ef2342edc00f9bab995690efd4c"));
  memset(k, 0xaa, 80);
  CHECK(hmacis(k, 80, "Test Using Larger Than Block-Size Key - Hash Key "
               "First", 54, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"));
  CHECK(hmacis(k, 80, "Test Using Larger Than Block-Size Key and Larger "
               "Than One Block-Size Data", 73,
               "6f630fad67cda0ee1fb1f562db3aa53e"));
}

/* t_rfc2195 - the CRAM-MD5 example of RFC 2195 */
static void t_rfc2195(void)
{
  const char *ch = "<1896.697170952@postoffice.reston.mci.net>";

  CHECK(hmacis("tanstaaftanstaaf", 16, ch, strlen(ch),
               "b913a602c7eda7a495b4e6e7334d3890"));
}

int main(void)
{
  TEST(t_rfc1321);
  TEST(t_pieces);
  TEST(t_rfc2202);
  TEST(t_rfc2195);
  return t_done();
}

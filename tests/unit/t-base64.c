/* t-base64.c - strict base64: RFC 4648 10's vectors, and refusals */
#include <errno.h>
#include <string.h>
#include "base64.h"
#include "t.h"

static int dec(const char *in, const char *want)
{
  char out[64];
  size_t n;

  if (!base64_decode(in, strlen(in), out, sizeof out, &n)) return 0;
  return n == strlen(want) && memcmp(out, want, n) == 0;
}

static int refused(const char *in, int e)
{
  char out[64];
  size_t n;

  errno = 0;
  return !base64_decode(in, strlen(in), out, sizeof out, &n) && errno == e;
}

static int enc(const char *in, const char *want)
{
  char out[64];
  size_t len;
  size_t n;

  if (!base64_enclen(strlen(in), &len) || len != strlen(want)) return 0;
  n = base64_encode(in, strlen(in), out);
  return n == len && memcmp(out, want, n) == 0;
}

static void t_rfc4648(void)
{
  CHECK(dec("", ""));
  CHECK(dec("Zg==", "f"));
  CHECK(dec("Zm8=", "fo"));
  CHECK(dec("Zm9v", "foo"));
  CHECK(dec("Zm9vYg==", "foob"));
  CHECK(dec("Zm9vYmE=", "fooba"));
  CHECK(dec("Zm9vYmFy", "foobar"));
  CHECK(enc("", ""));
  CHECK(enc("f", "Zg=="));
  CHECK(enc("fo", "Zm8="));
  CHECK(enc("foobar", "Zm9vYmFy"));
  CHECK(dec("+/+/", "\xfb\xff\xbf"));
}

static void t_strict(void)
{
  CHECK(refused("Zg", EINVAL));           /* no padding */
  CHECK(refused("Zg=", EINVAL));
  CHECK(refused("Zg===", EINVAL));
  CHECK(refused("Z===", EINVAL));
  CHECK(refused("====", EINVAL));
  CHECK(refused("Zg==Zg==", EINVAL));     /* padding inside */
  CHECK(refused("Zm=v", EINVAL));
  CHECK(refused("Zh==", EINVAL));         /* pad bits not zero */
  CHECK(refused("Zm9=", EINVAL));
  CHECK(refused("Zm9v\r\n", EINVAL));     /* no line ends */
  CHECK(refused("Zm 9v", EINVAL));
  CHECK(refused("Zm9v Zm9v", EINVAL));
  CHECK(refused("Zm-_", EINVAL));         /* base64url is not base64 */
  {
    char in[] = "Zm9vYmFy";
    char out[6];
    size_t n;
    in[2] = 0;
    CHECK(!base64_decode(in, 8, out, sizeof out, &n) && errno == EINVAL);
    CHECK(!base64_decode("Zm9vYmFy", 8, out, 5, &n) && errno == E2BIG);
    CHECK(base64_decode("Zm9vYmFy", 8, out, 6, &n) && n == 6);
    CHECK(base64_decode("Zm9vYg==", 8, out, 4, &n) && n == 4);
  }
}

static void t_enclen(void)
{
  size_t r;

  CHECK(base64_enclen(0, &r) && r == 0);
  CHECK(base64_enclen(1, &r) && r == 4);
  CHECK(base64_enclen(3, &r) && r == 4);
  CHECK(base64_enclen(4, &r) && r == 8);
  CHECK(!base64_enclen((size_t)-1, &r));
  CHECK(base64_enclen((size_t)-1 / 2, &r));
}

/* t_roundtrip - every short string of a few byte values comes back */
static void t_roundtrip(void)
{
  static const char vals[] = { 0, 1, 0x3f, 0x7f, (char)0x80, (char)0xff };
  char in[4];
  char e[8];
  char back[4];
  unsigned i;

  for (i = 0; i < 6 * 6 * 6 * 6; ++i) {
    size_t len = i % 4 + 1;
    size_t k;
    size_t el;
    size_t n;
    unsigned x = i;
    for (k = 0; k < len; ++k) {
      in[k] = vals[x % 6];
      x /= 6;
    }
    el = base64_encode(in, len, e);
    CHECK(base64_decode(e, el, back, sizeof back, &n) && n == len &&
          memcmp(in, back, len) == 0);
  }
}

int main(void)
{
  TEST(t_rfc4648);
  TEST(t_strict);
  TEST(t_enclen);
  TEST(t_roundtrip);
  return t_done();
}

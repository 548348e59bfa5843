/* t-utf8.c - the UTF-8 validator against a decoder written apart from
 * it: every string of one to three bytes, and four-byte strings around
 * every edge of the lead and second bytes */
#include <string.h>
#include "utf8.h"
#include "t.h"

/* reference - decode by the bit patterns; one sequence must fill s[0..n)
 * exactly, be minimal, no surrogate and at most U+10FFFF */
static int reference(const unsigned char *s, size_t n)
{
  unsigned long v;
  size_t len;
  size_t i;
  static const unsigned long least[5] = { 0, 0, 0x80, 0x800, 0x10000 };

  if (s[0] < 0x80) len = 1, v = s[0];
  else if ((s[0] & 0xe0) == 0xc0) len = 2, v = s[0] & 0x1f;
  else if ((s[0] & 0xf0) == 0xe0) len = 3, v = s[0] & 0x0f;
  else if ((s[0] & 0xf8) == 0xf0) len = 4, v = s[0] & 0x07;
  else return 0;
  if (len > n) return 0;
  for (i = 1; i < len; ++i) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    v = v << 6 | (s[i] & 0x3f);
  }
  if (v < least[len] || v > 0x10ffff) return 0;
  if (v >= 0xd800 && v <= 0xdfff) return 0;
  if (len == n) return 1;
  return reference(s + len, n - len);
}

static int valid(const unsigned char *s, size_t n)
{
  return utf8_valid((const char *)s, n);
}

static void t_examples(void)
{
  CHECK(utf8_valid("", 0));
  CHECK(utf8_valid("plain ascii", 11));
  CHECK(utf8_valid("j\303\266rg", 5));                  /* jörg */
  CHECK(utf8_valid("\344\275\240\345\245\275", 6));      /* 你好 */
  CHECK(utf8_valid("\360\237\230\200", 4));              /* U+1F600 */
  CHECK(utf8_valid("\364\217\277\277", 4));              /* U+10FFFF */
  CHECK(utf8_valid("\355\237\277", 3));                  /* U+D7FF */
  CHECK(utf8_valid("\356\200\200", 3));                  /* U+E000 */
  CHECK(utf8_valid("a\0b", 3));
  CHECK(!utf8_valid("\300\200", 2));                     /* overlong NUL */
  CHECK(!utf8_valid("\301\277", 2));
  CHECK(!utf8_valid("\340\237\277", 3));                 /* overlong */
  CHECK(!utf8_valid("\360\217\277\277", 4));             /* overlong */
  CHECK(!utf8_valid("\355\240\200", 3));                 /* U+D800 */
  CHECK(!utf8_valid("\355\277\277", 3));                 /* U+DFFF */
  CHECK(!utf8_valid("\364\220\200\200", 4));             /* U+110000 */
  CHECK(!utf8_valid("\365\200\200\200", 4));
  CHECK(!utf8_valid("\377", 1));
  CHECK(!utf8_valid("\200", 1));                         /* lone cont. */
  CHECK(!utf8_valid("j\303", 2));                        /* cut off */
  CHECK(!utf8_valid("\344\275", 2));
  CHECK(!utf8_valid("\360\237\230", 3));
  CHECK(!utf8_valid("\303a", 2));
  CHECK(!utf8_valid("\351t\351", 3));                    /* Latin-1 été */
  /* a cut-off sequence is refused even when the byte after the string
   * would complete it */
  CHECK(!utf8_valid("\303\251", 1));
}

static void t_ascii(void)
{
  CHECK(utf8_ascii("", 0));
  CHECK(utf8_ascii("a@b.example\177", 12));
  CHECK(!utf8_ascii("j\303\266rg", 5));
  CHECK(!utf8_ascii("\200", 1));
}

/* every string of one, two and three bytes */
static void t_short(void)
{
  unsigned char s[3];
  unsigned long i;
  unsigned long bad = 0;
  unsigned long ok = 0;

  for (i = 0; i < 256; ++i) {
    s[0] = (unsigned char)i;
    if (valid(s, 1) != reference(s, 1)) ++bad;
  }
  for (i = 0; i < 65536; ++i) {
    s[0] = (unsigned char)(i >> 8);
    s[1] = (unsigned char)i;
    if (valid(s, 2) != reference(s, 2)) ++bad;
  }
  for (i = 0; i < 16777216; ++i) {
    int v;
    s[0] = (unsigned char)(i >> 16);
    s[1] = (unsigned char)(i >> 8);
    s[2] = (unsigned char)i;
    v = valid(s, 3);
    if (v != reference(s, 3)) ++bad;
    ok += (unsigned long)v;
  }
  CHECK(bad == 0);
  /* 128^3 ASCII triples, 2 * 128 * 1920 ASCII + two-byte pairs, and
   * 61440 three-byte characters (U+0800-FFFF less the 2048 surrogates) */
  CHECK(ok == 2097152UL + 491520UL + 61440UL);
}

/* four bytes: every lead and second byte, the edges of the others */
static void t_four(void)
{
  static const unsigned char edge[] = { 0x00, 0x41, 0x7f, 0x80, 0x9f,
                                        0xa0, 0xbf, 0xc0, 0xf4, 0xff };
  unsigned char s[4];
  unsigned long i;
  size_t j;
  size_t k;
  unsigned long bad = 0;

  for (i = 0; i < 65536; ++i) {
    s[0] = (unsigned char)(i >> 8);
    s[1] = (unsigned char)i;
    for (j = 0; j < sizeof edge; ++j)
      for (k = 0; k < sizeof edge; ++k) {
        s[2] = edge[j];
        s[3] = edge[k];
        if (valid(s, 4) != reference(s, 4)) ++bad;
      }
  }
  CHECK(bad == 0);
}

int main(void)
{
  TEST(t_examples);
  TEST(t_ascii);
  TEST(t_short);
  TEST(t_four);
  return t_done();
}

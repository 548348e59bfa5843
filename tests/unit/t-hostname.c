/* t-hostname.c - strict host names for quire-config */
#include <string.h>
#include "hostname.h"
#include "t.h"

static int ok(const char *s) { return hostname_check(s, strlen(s)); }

static void t_valid(void)
{
  char big[300];
  CHECK(ok("mail.example.com") && ok("a") && ok("x-1.example") &&
        ok("MAIL.Example.COM") && ok("1.2.3.example") && ok("3com.net"));
  CHECK(!ok("") && !ok(".") && !ok("a..b") && !ok(".a") && !ok("a.") &&
        !ok("-a.b") && !ok("a-.b") && !ok("a.-b") && !ok("a b") &&
        !ok("a_b.c") && !ok("a;b") && !ok("a\nb") && !ok("a/b") &&
        !ok("a$(x)") && !ok("|cmd") && !ok("&x") && !ok("a\xc3\xa9"));
  CHECK(!ok("1.2.3.4") && !ok("123"));        /* addresses, not names */
  CHECK(!hostname_check("a\0b", 3));
  memset(big, 'a', 63);
  big[63] = 0;
  CHECK(ok(big));
  big[63] = 'a';
  big[64] = 0;
  CHECK(!ok(big));                            /* a label of 64 */
  memset(big, 'a', 253);
  for (size_t i = 1; i < 253; i += 2) big[i] = '.';
  big[253] = 0;
  CHECK(ok(big));
  big[253] = 'a';
  big[254] = 0;
  CHECK(!ok(big));                            /* 254 bytes */
}

static void t_domains(void)
{
  const char *s = "mail.example.com";
  CHECK(hostname_parent(s, strlen(s)) == 5);
  CHECK(hostname_last2(s, strlen(s)) == 5);
  s = "a.b.example.org";
  CHECK(!strcmp(s + hostname_parent(s, strlen(s)), "b.example.org"));
  CHECK(!strcmp(s + hostname_last2(s, strlen(s)), "example.org"));
  s = "example.org";
  CHECK(hostname_parent(s, strlen(s)) == 0 && hostname_last2(s, strlen(s)) == 0);
  s = "localhost";
  CHECK(hostname_parent(s, strlen(s)) == 0 && hostname_last2(s, strlen(s)) == 0);
}

int main(void)
{
  TEST(t_valid);
  TEST(t_domains);
  return t_done();
}

/* t-pop3cmd.c - POP3 command lines, numbers, APOP, message encoding */
#include <stdint.h>
#include <string.h>
#include "pop3cmd.h"
#include "t.h"

static int verb(const char *s)
{
  struct pop3cmd c;
  return pop3cmd_parse(s, strlen(s), &c);
}

static void t_parse(void)
{
  struct pop3cmd c;
  const char *l = "pass  se cret \r\n";

  CHECK(pop3cmd_parse(l, strlen(l), &c) == POP3CMD_PASS);
  CHECK(c.hasarg && c.arglen == 9 && memcmp(c.arg, " se cret ", 9) == 0);
  CHECK(verb("QUIT\n") == POP3CMD_QUIT);
  CHECK(verb("top 1 2") == POP3CMD_TOP);
  CHECK(verb("Uidl") == POP3CMD_UIDL);
  CHECK(verb("RETR1") == POP3CMD_UNKNOWN);
  CHECK(verb("TO") == POP3CMD_UNKNOWN);
  CHECK(verb("") == POP3CMD_UNKNOWN);
  CHECK(verb("\tSTAT") == POP3CMD_UNKNOWN);
  CHECK(verb("CAPA") == POP3CMD_UNKNOWN);
  CHECK(pop3cmd_parse("USER a\0b\r\n", 10, &c) == POP3CMD_BAD);
  CHECK(pop3cmd_parse("LIST\r\n", 6, &c) == POP3CMD_LIST && !c.hasarg);
  CHECK(pop3cmd_parse("LIST \r\n", 7, &c) == POP3CMD_LIST && c.hasarg &&
        c.arglen == 0);
}

static int nums(const char *s, int want, size_t *n)
{
  return pop3cmd_numbers(s, strlen(s), want, n, SIZE_MAX - 1);
}

static void t_numbers(void)
{
  size_t n[2];

  CHECK(nums("3", 1, n) && n[0] == 3);
  CHECK(nums("007", 1, n) && n[0] == 7);
  CHECK(nums("3 10", 2, n) && n[0] == 3 && n[1] == 10);
  CHECK(nums("1 0", 2, n) && n[1] == 0);
  CHECK(!nums("", 1, n));
  CHECK(!nums("3 ", 1, n));
  CHECK(!nums(" 3", 1, n));
  CHECK(!nums("3", 2, n));
  CHECK(!nums("3  4", 2, n));
  CHECK(!nums("3 4 5", 2, n));
  CHECK(!nums("-1", 1, n));
  CHECK(!nums("+1", 1, n));
  CHECK(!nums("1x", 1, n));
  CHECK(!nums("99999999999999999999999", 1, n));
  CHECK(!nums("18446744073709551615", 1, n));   /* over the max given */
  CHECK(pop3cmd_numbers("12", 2, 1, n, 11) == 0);
}

static void t_apop(void)
{
  size_t namelen;
  const char *d;
  size_t dlen;
  const char *a = "mrose c4c9334bac560ecc979e58001b3e22fb";

  CHECK(pop3cmd_apop(a, strlen(a), &namelen, &d, &dlen));
  CHECK(namelen == 5 && dlen == 32 && d == a + 6);
  CHECK(!pop3cmd_apop("mrose", 5, &namelen, &d, &dlen));
  CHECK(!pop3cmd_apop(" x", 2, &namelen, &d, &dlen));
  CHECK(!pop3cmd_apop("x ", 2, &namelen, &d, &dlen));
  CHECK(!pop3cmd_apop("", 0, &namelen, &d, &dlen));
}

/* enc - encode s in chunks of step bytes with a line limit */
static size_t enc(const char *s, size_t step, size_t lines, char *out)
{
  struct pop3out o;
  size_t n = strlen(s);
  size_t i = 0;
  size_t w = 0;

  pop3out_start(&o, lines);
  while (i < n && !o.done) {
    size_t len = n - i < step ? n - i : step;
    size_t used;
    w += pop3out_encode(&o, s + i, len, &used, out + w);
    i += used;
    if (used < len) break;
  }
  w += pop3out_finish(&o, out + w);
  out[w] = 0;
  return w;
}

static int encodes(const char *in, size_t lines, const char *want)
{
  char out[512];
  size_t step;

  for (step = 1; step < 8; ++step) {
    enc(in, step, lines, out);
    if (strcmp(out, want) != 0) return 0;
  }
  return 1;
}

static void t_encode(void)
{
  CHECK(encodes("a\nb\n", POP3OUT_ALL, "a\r\nb\r\n\r\n.\r\n"));
  CHECK(encodes("a\nb", POP3OUT_ALL, "a\r\nb\r\n\r\n.\r\n"));
  CHECK(encodes("", POP3OUT_ALL, "\r\n.\r\n"));
  CHECK(encodes(".\n..x\n.", POP3OUT_ALL, "..\r\n...x\r\n..\r\n\r\n.\r\n"));
  CHECK(encodes("a\r\nb\r\n", POP3OUT_ALL, "a\r\nb\r\n\r\n.\r\n"));
  CHECK(encodes("a\rb\n", POP3OUT_ALL, "a\rb\r\n\r\n.\r\n"));
  CHECK(encodes("x.\n", POP3OUT_ALL, "x.\r\n\r\n.\r\n"));
}

static void t_top(void)
{
  const char *m = "H: 1\nH: 2\n\nb1\n.b2\nb3\n";

  CHECK(encodes(m, 0, "H: 1\r\nH: 2\r\n\r\n\r\n.\r\n"));
  CHECK(encodes(m, 1, "H: 1\r\nH: 2\r\n\r\nb1\r\n\r\n.\r\n"));
  CHECK(encodes(m, 2, "H: 1\r\nH: 2\r\n\r\nb1\r\n..b2\r\n\r\n.\r\n"));
  CHECK(encodes(m, 99, "H: 1\r\nH: 2\r\n\r\nb1\r\n..b2\r\nb3\r\n\r\n.\r\n"));
  /* the empty line may be CR LF; a header without a body is all sent */
  CHECK(encodes("H: 1\r\n\r\nb\r\n", 0, "H: 1\r\n\r\n\r\n.\r\n"));
  CHECK(encodes("H: 1\nH: 2", 0, "H: 1\r\nH: 2\r\n\r\n.\r\n"));
  CHECK(encodes("\nb\n", 0, "\r\n\r\n.\r\n"));
}

int main(void)
{
  TEST(t_parse);
  TEST(t_numbers);
  TEST(t_apop);
  TEST(t_encode);
  TEST(t_top);
  return t_done();
}

/* t-smtpcmd.c - SMTP command lines, paths and parameters, message text */
#include <string.h>
#include "bounds.h"
#include "smtpcmd.h"
#include "t.h"

static int verb(const char *s)
{
  struct smtpcmd c;
  return smtpcmd_parse(s, strlen(s), &c);
}

static void t_parse(void)
{
  struct smtpcmd c;
  const char *l = "mail   FROM:<a@b>  \r\n";

  CHECK(smtpcmd_parse(l, strlen(l), &c) == SMTPCMD_MAIL);
  CHECK(c.arglen == 10 && memcmp(c.arg, "FROM:<a@b>", 10) == 0);
  CHECK(verb("QUIT\n") == SMTPCMD_QUIT);
  CHECK(verb("ehlo x") == SMTPCMD_EHLO);
  CHECK(verb("HELOX") == SMTPCMD_UNKNOWN);
  CHECK(verb("HEL") == SMTPCMD_UNKNOWN);
  CHECK(verb("") == SMTPCMD_UNKNOWN);
  CHECK(verb("\tNOOP") == SMTPCMD_UNKNOWN);
  CHECK(smtpcmd_parse("NOOP\0x\r\n", 8, &c) == SMTPCMD_BAD);
}

/* path - decode s for verb v; the SMTPPATH_ code, p filled */
static int path(const char *s, int v, struct smtppath *p)
{
  return smtpcmd_path(s, strlen(s), v, p);
}

static int addr(const char *s, int v, const char *want)
{
  struct smtppath p;
  return path(s, v, &p) == SMTPPATH_OK && strcmp(p.addr, want) == 0 &&
         p.len == strlen(want);
}

static void t_path(void)
{
  struct smtppath p;

  CHECK(addr("FROM:<a@b.example>", SMTPCMD_MAIL, "a@b.example"));
  CHECK(addr("from: <a@b.example>", SMTPCMD_MAIL, "a@b.example"));
  CHECK(addr("FROM:a@b.example", SMTPCMD_MAIL, "a@b.example"));
  CHECK(addr("FROM:<>", SMTPCMD_MAIL, ""));
  CHECK(addr("TO:<postmaster>", SMTPCMD_RCPT, "postmaster"));
  CHECK(addr("TO:<@a,@b:u@c>", SMTPCMD_RCPT, "u@c"));
  CHECK(addr("TO:<\"a b\"@c>", SMTPCMD_RCPT, "a b@c"));
  CHECK(addr("TO:<a\\@evil@c>", SMTPCMD_RCPT, "a@evil@c"));
  CHECK(addr("TO:<u@[IPv6:::1]>", SMTPCMD_RCPT, "u@[IPv6:::1]"));
  CHECK(addr("TO:<u@[1.2.3.4]>", SMTPCMD_RCPT, "u@[1.2.3.4]"));
  CHECK(path("FROM:<a@b", SMTPCMD_MAIL, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a@b@c>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a@>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a b@c>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a@b\001>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<@a:>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a@[1.2.3.4]x>", SMTPCMD_RCPT, &p) == SMTPPATH_SYNTAX);
  CHECK(path("FROM <a@b>", SMTPCMD_MAIL, &p) == SMTPPATH_SYNTAX);
  CHECK(path("TO:<a@b>", SMTPCMD_MAIL, &p) == SMTPPATH_SYNTAX);
}

static void t_toolong(void)
{
  char buf[LIM_ADDR + 64];
  struct smtppath p;

  memcpy(buf, "TO:<", 4);
  memset(buf + 4, 'a', LIM_ADDR);
  buf[4 + LIM_ADDR] = '>';
  buf[5 + LIM_ADDR] = 0;
  CHECK(path(buf, SMTPCMD_RCPT, &p) == SMTPPATH_OK && p.len == LIM_ADDR);
  memset(buf + 4, 'a', LIM_ADDR + 1);
  buf[5 + LIM_ADDR] = '>';
  buf[6 + LIM_ADDR] = 0;
  CHECK(path(buf, SMTPCMD_RCPT, &p) == SMTPPATH_TOOLONG);
  CHECK(p.len == LIM_ADDR && p.addr[LIM_ADDR] == 0);
}

static void t_params(void)
{
  struct smtppath p;

  CHECK(path("FROM:<a@b> SIZE=123 BODY=8BITMIME", SMTPCMD_MAIL, &p) ==
        SMTPPATH_OK && p.hassize && p.size == 123 &&
        p.body == SMTPPATH_BODY_8BITMIME);
  CHECK(path("FROM:<a@b> size=99999999999999999999999999999", SMTPCMD_MAIL,
             &p) == SMTPPATH_OK && p.size == (size_t)-1);
  CHECK(path("FROM:<a@b> SIZE=1 SIZE=2", SMTPCMD_MAIL, &p) ==
        SMTPPATH_PARAM && p.badlen == 6 && memcmp(p.bad, "SIZE=2", 6) == 0);
  CHECK(path("FROM:<a@b> SIZE=", SMTPCMD_MAIL, &p) == SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b> BODY=BINARYMIME", SMTPCMD_MAIL, &p) ==
        SMTPPATH_PARAM);
  /* RFC 4954 5: AUTH= is read and not kept; once, not empty, not RCPT */
  CHECK(path("FROM:<a@b> AUTH=<>", SMTPCMD_MAIL, &p) == SMTPPATH_OK &&
        p.hasauth);
  CHECK(path("FROM:<a@b> auth=alice+40example.org SIZE=1", SMTPCMD_MAIL,
             &p) == SMTPPATH_OK && p.hasauth && p.size == 1);
  CHECK(path("FROM:<a@b> AUTH=<> AUTH=<>", SMTPCMD_MAIL, &p) ==
        SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b> AUTH=", SMTPCMD_MAIL, &p) == SMTPPATH_PARAM);
  CHECK(path("TO:<a@b> AUTH=<>", SMTPCMD_RCPT, &p) == SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b>", SMTPCMD_MAIL, &p) == SMTPPATH_OK && !p.hasauth);
  CHECK(path("TO:<a@b> SIZE=1", SMTPCMD_RCPT, &p) == SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b>SIZE=1", SMTPCMD_MAIL, &p) == SMTPPATH_SYNTAX);
}

/* SMTPUTF8 (RFC 6531 3.4): MAIL only, no value, once */
static void t_smtputf8(void)
{
  struct smtppath p;

  CHECK(path("FROM:<a@b>", SMTPCMD_MAIL, &p) == SMTPPATH_OK && !p.smtputf8);
  CHECK(path("FROM:<j\303\266rg@b> SMTPUTF8", SMTPCMD_MAIL, &p) ==
        SMTPPATH_OK && p.smtputf8 && strcmp(p.addr, "j\303\266rg@b") == 0);
  CHECK(path("FROM:<a@b> smtputf8 BODY=8BITMIME SIZE=7", SMTPCMD_MAIL, &p)
        == SMTPPATH_OK && p.smtputf8 && p.body == SMTPPATH_BODY_8BITMIME &&
        p.hassize && p.size == 7);
  CHECK(path("FROM:<a@b> SMTPUTF8=yes", SMTPCMD_MAIL, &p) == SMTPPATH_PARAM
        && p.badlen == 12);
  CHECK(path("FROM:<a@b> SMTPUTF8=", SMTPCMD_MAIL, &p) == SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b> SMTPUTF8 SMTPUTF8", SMTPCMD_MAIL, &p) ==
        SMTPPATH_PARAM);
  CHECK(path("FROM:<a@b> SMTPUTF", SMTPCMD_MAIL, &p) == SMTPPATH_PARAM);
  CHECK(path("TO:<a@b> SMTPUTF8", SMTPCMD_RCPT, &p) == SMTPPATH_PARAM);
  /* the flag does not outlive the command that set it */
  CHECK(path("FROM:<a@b> SMTPUTF8", SMTPCMD_MAIL, &p) == SMTPPATH_OK &&
        path("TO:<a@b>", SMTPCMD_RCPT, &p) == SMTPPATH_OK && !p.smtputf8);
}

/* text - decode s whole in mode; the output in out, a NUL after it */
static size_t text(const char *s, size_t n, int mode, struct smtpdata *d,
                   char *out)
{
  size_t used;
  size_t w;

  smtpdata_start(d, mode);
  w = smtpdata_decode(d, s, n, &used, out);
  out[w] = 0;
  return w;
}

static void t_text(void)
{
  struct smtpdata d;
  char out[256];
  static const char msg[] = "Received: x\r\nDelivered-To: y\r\n"
                            "Subject: z\r\n\r\n..a\r\nReceived: b\r\n.\r\n";

  text(msg, sizeof msg - 1, SMTPDATA_STRICT, &d, out);
  CHECK(d.done && !d.bare && d.hops == 2);
  CHECK(strcmp(out, "Received: x\nDelivered-To: y\nSubject: z\n\n.a\n"
                    "Received: b\n") == 0);
  CHECK(d.bytes == strlen(out));
  text(".\r\n", 3, SMTPDATA_STRICT, &d, out);
  CHECK(d.done && out[0] == 0);
  text("a\nb", 3, SMTPDATA_STRICT, &d, out);
  CHECK(!d.done && d.bare == '\n' && strcmp(out, "a") == 0);
  text("a\rb", 3, SMTPDATA_STRICT, &d, out);
  CHECK(!d.done && d.bare == '\r');
  text("a\r\n.\rx\r\n.\r\n", 12, SMTPDATA_STRICT, &d, out);
  CHECK(!d.done && d.bare == '\r');
}

static void t_normalise(void)
{
  struct smtpdata d;
  char out[256];

  text("a\n.\nb\r\n.\r\n", 11, SMTPDATA_NORMALISE, &d, out);
  CHECK(d.done && strcmp(out, "a\n.\nb\n") == 0);
  text("a\r\n.\nb\r\n.\r\n", 11, SMTPDATA_NORMALISE, &d, out);
  CHECK(d.done && strcmp(out, "a\n.\nb\n") == 0);
  text("a\r.\r\nb\r\n.\r\n", 11, SMTPDATA_NORMALISE, &d, out);
  CHECK(d.done && strcmp(out, "a\n.\nb\n") == 0);
  text("a\r\n.\rb\r\n.\r\n", 11, SMTPDATA_NORMALISE, &d, out);
  CHECK(d.done && strcmp(out, "a\n.\nb\n") == 0);
  text("a\n.\r\n", 5, SMTPDATA_NORMALISE, &d, out);
  CHECK(!d.done && strcmp(out, "a\n.\n") == 0);
}

/* t_chunks - one byte at a time gives what the whole gives */
static void t_chunks(void)
{
  static const char msg[] = "A: b\r\n\r\n..x\r\n.y\r\n.\r\nafter";
  struct smtpdata d;
  char out[256];
  char whole[256];
  size_t o = 0;
  size_t i;

  text(msg, sizeof msg - 1, SMTPDATA_STRICT, &d, whole);
  smtpdata_start(&d, SMTPDATA_STRICT);
  for (i = 0; i < sizeof msg - 1 && !d.done; ++i) {
    size_t used;
    o += smtpdata_decode(&d, msg + i, 1, &used, out + o);
    CHECK(used == 1);
  }
  out[o] = 0;
  CHECK(d.done && strcmp(out, whole) == 0);
  CHECK(strcmp(out, "A: b\n\n.x\ny\n") == 0);
  CHECK(i == sizeof msg - 1 - 5);     /* "after" is left unread */
}

int main(void)
{
  TEST(t_parse);
  TEST(t_path);
  TEST(t_toolong);
  TEST(t_params);
  TEST(t_smtputf8);
  TEST(t_text);
  TEST(t_normalise);
  TEST(t_chunks);
  return t_done();
}

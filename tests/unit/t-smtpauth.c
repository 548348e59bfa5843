/* t-smtpauth.c - AUTH arguments, responses, PLAIN and CRAM-MD5
 * messages, SMTPAUTH values, root's names */
#include <string.h>
#include "smtpauth.h"
#include "t.h"

static int cmd(const char *s, struct smtpauth_cmd *c)
{
  return smtpauth_command(s, strlen(s), c);
}

static void t_command(void)
{
  struct smtpauth_cmd c;

  CHECK(cmd("PLAIN", &c) == SMTPAUTH_PLAIN && !c.hasinitial);
  CHECK(cmd("plain AGEAYg==", &c) == SMTPAUTH_PLAIN && c.hasinitial &&
        c.initiallen == 8 && memcmp(c.initial, "AGEAYg==", 8) == 0);
  CHECK(cmd("Login =", &c) == SMTPAUTH_LOGIN && c.hasinitial &&
        c.initiallen == 0);
  CHECK(cmd("CRAM-MD5", &c) == SMTPAUTH_CRAM);
  CHECK(cmd("cram-md5", &c) == SMTPAUTH_CRAM);
  CHECK(cmd("GSSAPI", &c) == SMTPAUTH_UNKNOWN);
  CHECK(cmd("PLAINX", &c) == SMTPAUTH_UNKNOWN);
  CHECK(cmd("CRAM", &c) == SMTPAUTH_UNKNOWN);
  CHECK(cmd("", &c) == SMTPAUTH_SYNTAX);
  CHECK(cmd(" PLAIN", &c) == SMTPAUTH_SYNTAX);
  CHECK(cmd("PLAIN ", &c) == SMTPAUTH_SYNTAX);
  CHECK(cmd("PLAIN a b", &c) == SMTPAUTH_SYNTAX);
  CHECK(cmd("PLAIN  a", &c) == SMTPAUTH_SYNTAX);
}

static int resp(const char *s, const char *want, int code)
{
  char out[64];
  size_t n = 0;
  int r = smtpauth_response(s, strlen(s), out, sizeof out, &n);

  if (r != code) return 0;
  if (code != SMTPAUTH_OK) return 1;
  return n == strlen(want) && memcmp(out, want, n) == 0;
}

static void t_response(void)
{
  CHECK(resp("Zm9v\r\n", "foo", SMTPAUTH_OK));
  CHECK(resp("Zm9v\n", "foo", SMTPAUTH_OK));
  CHECK(resp("Zm9v", "foo", SMTPAUTH_OK));
  CHECK(resp("\r\n", "", SMTPAUTH_OK));
  CHECK(resp("*\r\n", 0, SMTPAUTH_CANCEL));
  CHECK(resp("*", 0, SMTPAUTH_CANCEL));
  CHECK(resp("**\r\n", 0, SMTPAUTH_BADB64));
  CHECK(resp("Zm9v \r\n", 0, SMTPAUTH_BADB64));
  CHECK(resp("Zm9\r\n", 0, SMTPAUTH_BADB64));
  CHECK(resp("Zm9v\r\r\n", 0, SMTPAUTH_BADB64));
  {
    char out[2];
    size_t n;
    CHECK(smtpauth_response("Zm9v", 4, out, sizeof out, &n) ==
          SMTPAUTH_BADB64);
  }
}

static int plain(const char *d, size_t n, int code, const char *name,
                 const char *pass)
{
  struct smtpauth_creds c;
  int r = smtpauth_plain(d, n, &c);

  if (r != code) return 0;
  if (r != 1) return 1;
  return c.namelen == strlen(name) && memcmp(c.name, name, c.namelen) == 0
         && c.secretlen == strlen(pass) &&
         memcmp(c.secret, pass, c.secretlen) == 0;
}

static void t_plain(void)
{
  CHECK(plain("\0alice\0se cret", 14, 1, "alice", "se cret"));
  CHECK(plain("alice\0alice\0pw", 14, 1, "alice", "pw"));
  CHECK(plain("bob\0alice\0pw", 12, 0, 0, 0));     /* act for bob: no */
  CHECK(plain("alicex\0alice\0pw", 15, 0, 0, 0));
  CHECK(plain("\0alice\0", 7, -1, 0, 0));           /* no password */
  CHECK(plain("\0\0pw", 4, -1, 0, 0));              /* no name */
  CHECK(plain("\0alice", 6, -1, 0, 0));             /* one NUL */
  CHECK(plain("alice", 5, -1, 0, 0));
  CHECK(plain("", 0, -1, 0, 0));
  CHECK(plain("\0alice\0p\0w", 10, -1, 0, 0));      /* three NULs */
}

static void t_cram(void)
{
  struct smtpauth_creds c;
  const char *ok = "tim b913a602c7eda7a495b4e6e7334d3890";
  const char *sp = "tim smith B913A602C7EDA7A495B4E6E7334D3890";

  CHECK(smtpauth_cram(ok, strlen(ok), &c) && c.namelen == 3 &&
        memcmp(c.name, "tim", 3) == 0 && c.secret == ok + 4 &&
        c.secretlen == 32);
  CHECK(smtpauth_cram(sp, strlen(sp), &c) && c.namelen == 9);
  CHECK(!smtpauth_cram(ok, strlen(ok) - 1, &c));      /* 31 digits */
  CHECK(!smtpauth_cram(" b913a602c7eda7a495b4e6e7334d3890", 33, &c));
  CHECK(!smtpauth_cram("tim b913a602c7eda7a495b4e6e7334d389g", 36, &c));
  CHECK(!smtpauth_cram("b913a602c7eda7a495b4e6e7334d3890", 32, &c));
  CHECK(!smtpauth_cram("t\0m b913a602c7eda7a495b4e6e7334d3890", 36, &c));
  CHECK(!smtpauth_cram("", 0, &c));
}

static void t_mechs(void)
{
  int m;

  CHECK(smtpauth_mechs("", &m) && m == SMTPAUTH_DEFAULT);
  CHECK(smtpauth_mechs(" , ", &m) && m == SMTPAUTH_DEFAULT);
  CHECK(smtpauth_mechs("cram-md5", &m) && m == SMTPAUTH_CRAM);
  CHECK(smtpauth_mechs("PLAIN,LOGIN CRAM-MD5", &m) &&
        m == (SMTPAUTH_PLAIN | SMTPAUTH_LOGIN | SMTPAUTH_CRAM));
  CHECK(!smtpauth_mechs("PLAIN GSSAPI", &m));
  CHECK(!smtpauth_mechs("1", &m));
}

static void t_root(void)
{
  CHECK(smtpauth_isroot("root", 4));
  CHECK(smtpauth_isroot("ROOT", 4));
  CHECK(smtpauth_isroot("rOoT@example.org", 16));
  CHECK(smtpauth_isroot("root%example.org", 16));
  CHECK(!smtpauth_isroot("roots", 5));
  CHECK(!smtpauth_isroot("alice", 5));
  CHECK(!smtpauth_isroot("roo", 3));
  CHECK(!smtpauth_isroot("", 0));
  CHECK(!smtpauth_isroot("xroot@x", 7));
}

int main(void)
{
  TEST(t_command);
  TEST(t_response);
  TEST(t_plain);
  TEST(t_cram);
  TEST(t_mechs);
  TEST(t_root);
  return t_done();
}

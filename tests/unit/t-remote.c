/* t-remote.c - qmail-remote's parts: the data copy, addresses, SMTP
 * replies, smtproutes, MX order, ipme, the tcpto table, and whole SMTP
 * sessions against a scripted server on a socketpair */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "constmap.h"
#include "dnsmsg.h"
#include "qmail-remote.h"
#include "sa.h"
#include "smtpreply.h"
#include "tcpto.h"
#include "t.h"

/* ------------------------------------------------------ data copy */

static char tmpl[] = "/tmp/t-remote.XXXXXX";
static int scratch = -1;

/* copy - remote_copy of in[0..n), reading chunk bytes at a time;
 * out gets what would go to the server */
static int copy(const char *in, size_t n, size_t chunk, struct sa *out)
{
  int fds[2];
  struct buf bin;
  struct buf bout;
  char ispace[8192];
  char ospace[64];
  off_t len;
  int r;

  if (scratch == -1) scratch = mkstemp(tmpl);
  if (scratch == -1 || pipe(fds) == -1) return -99;
  if (ftruncate(scratch, 0) == -1 || lseek(scratch, 0, SEEK_SET) == -1)
    return -99;
  if (write(scratch, in, n) != (ssize_t)n) return -99;
  lseek(scratch, 0, SEEK_SET);
  close(fds[0]);
  close(fds[1]);
  buf_init(&bin, scratch, ispace, chunk);
  {
    /* the output goes to a second file */
    static char otmpl[] = "/tmp/t-remote-out.XXXXXX";
    static int ofd = -1;
    if (ofd == -1) ofd = mkstemp(otmpl);
    if (ofd == -1 || ftruncate(ofd, 0) == -1) return -99;
    lseek(ofd, 0, SEEK_SET);
    buf_init(&bout, ofd, ospace, sizeof ospace);
    r = remote_copy(&bin, &bout);
    len = lseek(ofd, 0, SEEK_CUR);
    out->len = 0;
    if (!sa_ready(out, (size_t)len)) return -99;
    if (pread(ofd, out->s, (size_t)len, 0) != len) return -99;
    out->len = (size_t)len;
  }
  return r;
}

static int copy_is(const char *in, size_t n, const char *want, size_t wn)
{
  static const size_t chunks[] = { 1, 2, 3, 7, 8192 };
  struct sa out = SA_ZERO;
  size_t i;
  int ok = 1;

  for (i = 0; i < sizeof chunks / sizeof chunks[0]; ++i) {
    if (copy(in, n, chunks[i], &out) != COPY_OK) ok = 0;
    else if (out.len != wn || memcmp(out.s, want, wn)) ok = 0;
    if (!ok) {
      printf("# chunk %lu: got %lu bytes\n", (unsigned long)chunks[i],
             (unsigned long)out.len);
      break;
    }
  }
  sa_free(&out);
  return ok;
}

#define COPY_IS(in, want) copy_is(in, sizeof in - 1, want, sizeof want - 1)

static void t_copy(void)
{
  CHECK(COPY_IS("", ".\r\n"));
  CHECK(COPY_IS("a", "a\r\n.\r\n"));
  CHECK(COPY_IS("a\n", "a\r\n.\r\n"));
  CHECK(COPY_IS("a\nb\n", "a\r\nb\r\n.\r\n"));
  CHECK(COPY_IS(".\n", "..\r\n.\r\n"));
  CHECK(COPY_IS("..x\n", "...x\r\n.\r\n"));
  CHECK(COPY_IS("a\n.\nb\n", "a\r\n..\r\nb\r\n.\r\n"));
  CHECK(COPY_IS("a\n.", "a\r\n..\r\n.\r\n"));
  CHECK(COPY_IS("\n\n", "\r\n\r\n.\r\n"));
  CHECK(COPY_IS("a.b\n", "a.b\r\n.\r\n"));
}

/* the stored sequences of the SMTP smuggling attacks (2023) */
static void t_copy_smuggling(void)
{
  CHECK(COPY_IS("x\r.\r\n", "x\r\n..\r\n.\r\n"));
  CHECK(COPY_IS("a\r\n.\r\nb\n", "a\r\n..\r\nb\r\n.\r\n"));
  CHECK(COPY_IS("a\n.\r\nMAIL FROM:<x@y>\n",
                "a\r\n..\r\nMAIL FROM:<x@y>\r\n.\r\n"));
  CHECK(COPY_IS("a\r\r\n.\n", "a\r\n\r\n..\r\n.\r\n"));
  CHECK(COPY_IS("\r", "\r\n.\r\n"));
  CHECK(COPY_IS("\r\r", "\r\n\r\n.\r\n"));
  CHECK(COPY_IS("a\r", "a\r\n.\r\n"));
  CHECK(COPY_IS("a\r.", "a\r\n..\r\n.\r\n"));
  CHECK(COPY_IS("\n.\n", "\r\n..\r\n.\r\n"));
  CHECK(COPY_IS("end", "end\r\n.\r\n"));
  CHECK(COPY_IS("a\0b\n", "a\0b\r\n.\r\n"));
}

/* invariants of the wire form, and measure agrees with copy */
static void t_copy_random(void)
{
  static const char alphabet[] = { 'a', '.', '\r', '\n', '\x80' };
  struct sa out = SA_ZERO;
  char in[64];
  unsigned long seed = 12345;
  int round;
  int bad = 0;

  for (round = 0; round < 3000 && !bad; ++round) {
    size_t n = (size_t)(seed % sizeof in);
    size_t i;
    size_t dots = 0;
    size_t size;
    int high;
    int sawhigh = 0;
    struct buf b;
    for (i = 0; i < n; ++i) {
      seed = seed * 1103515245 + 12345;
      in[i] = alphabet[(seed >> 16) % sizeof alphabet];
      if (in[i] == '\x80') sawhigh = 1;
    }
    seed = seed * 1103515245 + 12345;
    if (copy(in, n, 1 + (seed >> 16) % 5, &out) != COPY_OK) {
      bad = 1;
      break;
    }
    /* every CR is followed by LF, every LF follows a CR */
    for (i = 0; i < out.len; ++i) {
      if (out.s[i] == '\r' && (i + 1 >= out.len || out.s[i + 1] != '\n')) bad = 2;
      if (out.s[i] == '\n' && (i == 0 || out.s[i - 1] != '\r')) bad = 3;
      /* a line that starts with a dot has two, except the last */
      if ((i == 0 || out.s[i - 1] == '\n') && out.s[i] == '.') {
        if (i + 3 == out.len) continue;
        if (i + 1 >= out.len || out.s[i + 1] != '.') bad = 4;
        ++dots;
      }
    }
    if (out.len < 3 || memcmp(out.s + out.len - 3, ".\r\n", 3)) bad = 5;
    if (out.len > 3 && (out.len < 5 || memcmp(out.s + out.len - 5, "\r\n", 2)))
      bad = 6;
    buf_initmem(&b, in, n);
    if (!remote_measure(&b, &size, &high)) bad = 7;
    if (size != out.len - 3 - dots || !high != !sawhigh) bad = 8;
  }
  if (bad) printf("# round %d: failure %d\n", round, bad);
  CHECK(!bad);
  sa_free(&out);
}

static void t_measure(void)
{
  struct buf b;
  size_t size;
  int high;

  buf_initmem(&b, "", 0);
  CHECK(remote_measure(&b, &size, &high) && size == 0 && !high);
  buf_initmem(&b, "ab\n.\n", 5);
  CHECK(remote_measure(&b, &size, &high) && size == 7 && !high);
  buf_initmem(&b, "ab", 2);
  CHECK(remote_measure(&b, &size, &high) && size == 4);
  buf_initmem(&b, "\xc3\xa9\r\n", 4);
  CHECK(remote_measure(&b, &size, &high) && size == 4 &&
        high == (REMOTE_8BIT | REMOTE_8BIT_HEADER));
  /* the header ends at the first empty line, however it ends */
  buf_initmem(&b, "S: a\n\n\xc3\xa9\n", 10);
  CHECK(remote_measure(&b, &size, &high) && high == REMOTE_8BIT);
  buf_initmem(&b, "S: a\r\n\r\n\xc3\xa9\n", 12);
  CHECK(remote_measure(&b, &size, &high) && high == REMOTE_8BIT);
  buf_initmem(&b, "S: a\r\rX\xc3\xa9\n", 10);
  CHECK(remote_measure(&b, &size, &high) && high == REMOTE_8BIT);
  buf_initmem(&b, "\n\xc3\xa9\n", 4);
  CHECK(remote_measure(&b, &size, &high) && high == REMOTE_8BIT);
  buf_initmem(&b, "S: a\nT: \xc3\xa9\n\nbody\n", 17);
  CHECK(remote_measure(&b, &size, &high) &&
        high == (REMOTE_8BIT | REMOTE_8BIT_HEADER));
}

static void t_scan(void)
{
  struct remote_msg m;
  int fds[2];

  if (scratch == -1) scratch = mkstemp(tmpl);
  CHECK(scratch != -1);
  CHECK(ftruncate(scratch, 0) == 0);
  CHECK(pwrite(scratch, "hello\nworld\n", 12, 0) == 12);
  lseek(scratch, 6, SEEK_SET);
  m.fd = scratch;
  CHECK(remote_scan(&m) == 1 && m.known && m.size == 7 && !m.eightbit);
  CHECK(lseek(scratch, 0, SEEK_CUR) == 6);
  CHECK(pipe(fds) == 0);
  m.fd = fds[0];
  CHECK(remote_scan(&m) == 0 && !m.known);
  close(fds[0]);
  close(fds[1]);
}

/* ------------------------------------------------------- addresses */

static int quote_is(const char *addr, const char *want)
{
  struct sa out = SA_ZERO;
  int ok = remote_quote(&out, addr) == 1 && out.len == strlen(want) &&
           !memcmp(out.s, want, out.len);
  if (!ok) printf("# quote %s: got %.*s\n", addr, (int)out.len, out.s ? out.s : "");
  sa_free(&out);
  return ok;
}

static int quote_bad(const char *addr)
{
  struct sa out = SA_ZERO;
  int ok = remote_quote(&out, addr) == 0 && errno == EINVAL;
  sa_free(&out);
  return ok;
}

static void t_quote(void)
{
  CHECK(quote_is("a@b.example", "a@b.example"));
  CHECK(quote_is("", ""));
  CHECK(quote_is("#@[]", "#@[]"));
  CHECK(quote_is("postmaster", "postmaster"));
  CHECK(quote_is("first.last@x", "first.last@x"));
  CHECK(quote_is("a b@x", "\"a b\"@x"));
  CHECK(quote_is("a\"b@x", "\"a\\\"b\"@x"));
  CHECK(quote_is("a\\b@x", "\"a\\\\b\"@x"));
  CHECK(quote_is(".a@x", "\".a\"@x"));
  CHECK(quote_is("a.@x", "\"a.\"@x"));
  CHECK(quote_is("a..b@x", "\"a..b\"@x"));
  CHECK(quote_is("a@b@x", "\"a@b\"@x"));
  CHECK(quote_is("@x", "\"\"@x"));
  CHECK(quote_is("\xc3\xa9t\xc3\xa9@x", "\xc3\xa9t\xc3\xa9@x"));
  CHECK(quote_is("a(b)@x", "\"a(b)\"@x"));
  CHECK(quote_is("a@[1.2.3.4]", "a@[1.2.3.4]"));
  CHECK(quote_bad("a\r\nRCPT TO:<x@y>@x"));
  CHECK(quote_bad("a\n@x"));
  CHECK(quote_bad("a@x\r"));
  CHECK(quote_bad("a\t@x"));
  CHECK(quote_bad("a\x7f@x"));
  CHECK(quote_bad("a@x y"));
  CHECK(quote_bad("a@x> NOTIFY=NEVER"));
  CHECK(quote_bad("a@<x"));
}

/* ---------------------------------------------------------- replies */

static int feed(struct smtpreply *r, const char *line)
{
  errno = 0;
  return smtpreply_line(r, line, strlen(line));
}

static void t_reply(void)
{
  struct smtpreply r = SMTPREPLY_ZERO;

  smtpreply_start(&r);
  CHECK(feed(&r, "250 ok\r\n") == 1 && r.code == 250 && r.lines == 1);
  CHECK(r.text.len == 7 && !memcmp(r.text.s, "250 ok\n", 7));
  CHECK(feed(&r, "250 again\r\n") == -1 && errno == EPROTO);
  smtpreply_start(&r);
  CHECK(feed(&r, "250-first\r\n") == 0);
  CHECK(feed(&r, "250-second\n") == 0);
  CHECK(feed(&r, "250") == 1 && r.lines == 3);
  CHECK(r.text.len == 25 && !memcmp(r.text.s, "250-first\n250-second\n250\n", 25));
  smtpreply_start(&r);
  CHECK(feed(&r, "250-first\r\n") == 0);
  CHECK(feed(&r, "251 other code\r\n") == -1 && errno == EPROTO);
  smtpreply_start(&r);
  CHECK(feed(&r, "25\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "150 old\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "650 new\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "260 second digit\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "25x bad\r\n") == -1);
  smtpreply_start(&r);
  CHECK(feed(&r, "250_bad separator\r\n") == -1);
  smtpreply_start(&r);
  CHECK(smtpreply_line(&r, "550 a\0b\x80\tc\r\n", 12) == 1);
  CHECK(r.code == 550 && r.text.len == 11 && !memcmp(r.text.s, "550 a?b??c\n", 11));
  /* the cap on a whole reply */
  smtpreply_start(&r);
  {
    char line[1001];
    size_t total = 0;
    int res = 0;
    memset(line, 'x', sizeof line - 1);
    memcpy(line, "250-", 4);
    line[1000] = 0;
    while (total <= LIM_SMTP_REPLY && res == 0) {
      res = feed(&r, line);
      total += 1001;
    }
    CHECK(res == -1 && errno == E2BIG);
  }
  smtpreply_free(&r);
}

static void t_ehlo(void)
{
  struct smtpreply r = SMTPREPLY_ZERO;
  struct smtpext x;

  smtpreply_start(&r);
  feed(&r, "250-mx.example PIPELINING 8BITMIME SIZE 5\r\n");
  feed(&r, "250-pipelining\r\n");
  feed(&r, "250-SIZE 1000000\r\n");
  feed(&r, "250-PIPELININGX\r\n");
  feed(&r, "250 8BITMIME\r\n");
  smtpreply_ehlo(&r, &x);
  CHECK(x.pipelining && x.eightbitmime && x.size && x.sizemax == 1000000);
  smtpreply_start(&r);
  feed(&r, "250-mx.example PIPELINING 8BITMIME SIZE 5\r\n");
  feed(&r, "250-SIZE\r\n");
  feed(&r, "250 PIPELININGX\r\n");
  smtpreply_ehlo(&r, &x);
  CHECK(!x.pipelining && !x.eightbitmime && x.size && x.sizemax == 0);
  CHECK(!x.smtputf8);
  smtpreply_start(&r);
  feed(&r, "250-mx\r\n");
  feed(&r, "250-smtputf8\r\n");
  feed(&r, "250 SMTPUTF8X\r\n");
  smtpreply_ehlo(&r, &x);
  CHECK(x.smtputf8 && !x.size);
  smtpreply_start(&r);
  feed(&r, "250-mx\r\n");
  feed(&r, "250 SIZE 99999999999999999999999999\r\n");
  smtpreply_ehlo(&r, &x);
  CHECK(x.size && x.sizemax == 0);
  smtpreply_start(&r);
  feed(&r, "550 go away\r\n");
  smtpreply_ehlo(&r, &x);
  CHECK(!x.size && !x.pipelining);
  smtpreply_free(&r);
}

/* ----------------------------------------------------------- routes */

static struct sa routelist;
static struct constmap routes;

static void setroutes(const char *text)
{
  size_t i;
  sa_copys(&routelist, text);
  for (i = 0; i < routelist.len; ++i)
    if (routelist.s[i] == '\n') routelist.s[i] = 0;
  constmap_free(&routes);
  constmap_init(&routes, routelist.s, routelist.len, 1);
}

static int route_is(const char *host, const char *want, unsigned long port,
                    int relay)
{
  struct remote_target t = { SA_ZERO, 0, 0 };
  int ok = remote_route(&routes, host, &t) == 1 &&
           t.host.len == strlen(want) && !memcmp(t.host.s, want, t.host.len) &&
           t.host.s[t.host.len] == 0 && t.port == port && t.relay == relay;
  if (!ok) printf("# route %s: %.*s:%lu relay %d\n", host, (int)t.host.len,
                  t.host.s ? t.host.s : "", t.port, t.relay);
  sa_free(&t.host);
  return ok;
}

static int route_bad(const char *host)
{
  struct remote_target t = { SA_ZERO, 0, 0 };
  int ok = remote_route(&routes, host, &t) == 0 && errno == EINVAL;
  sa_free(&t.host);
  return ok;
}

static void t_route(void)
{
  setroutes("a.example:relay.example\n"
            ".sub.example:[10.0.0.1]:2525\n"
            "plain.example:\n"
            "six.example:[IPv6:2001:db8::1]:26\n"
            "port.example:relay.example:587\n"
            "zero.example:relay:0\n"
            "big.example:relay:65536\n"
            "junk.example:relay:25x\n"
            "open.example:[::1\n"
            "after.example:[::1]x\n"
            "empty.example::25\n"
            ":catch.example\n");
  CHECK(route_is("a.example", "relay.example", 25, 1));
  CHECK(route_is("A.EXAMPLE", "relay.example", 25, 1));
  CHECK(route_is("x.sub.example", "[10.0.0.1]", 2525, 1));
  CHECK(route_is("y.x.sub.example", "[10.0.0.1]", 2525, 1));
  CHECK(route_is("sub.example", "catch.example", 25, 1));
  CHECK(route_is("plain.example", "plain.example", 25, 0));
  CHECK(route_is("six.example", "[IPv6:2001:db8::1]", 26, 1));
  CHECK(route_is("port.example", "relay.example", 587, 1));
  CHECK(route_is("other.example", "catch.example", 25, 1));
  CHECK(route_bad("zero.example"));
  CHECK(route_bad("big.example"));
  CHECK(route_bad("junk.example"));
  CHECK(route_bad("open.example"));
  CHECK(route_bad("after.example"));
  CHECK(route_bad("empty.example"));
  setroutes("");
  CHECK(route_is("other.example", "other.example", 25, 0));
  constmap_free(&routes);
  sa_free(&routelist);
}

static void t_literal(void)
{
  unsigned char ip[16];
  static const unsigned char v4[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,1,2,3,4 };
  static const unsigned char v6[16] = { 0x20,0x01,0x0d,0xb8,0,0,0,0,0,0,0,0,0,0,0,1 };
  struct sa t = SA_ZERO;

  CHECK(remote_literal("[1.2.3.4]", 9, 0, ip) && !memcmp(ip, v4, 16));
  CHECK(remote_literal("1.2.3.4", 7, 1, ip) && !memcmp(ip, v4, 16));
  CHECK(!remote_literal("1.2.3.4", 7, 0, ip));
  CHECK(remote_literal("[IPv6:2001:db8::1]", 18, 0, ip) && !memcmp(ip, v6, 16));
  CHECK(remote_literal("[ipv6:2001:db8::1]", 18, 0, ip) && !memcmp(ip, v6, 16));
  CHECK(remote_literal("[2001:db8::1]", 13, 0, ip) && !memcmp(ip, v6, 16));
  CHECK(remote_literal("2001:db8::1", 11, 1, ip) && !memcmp(ip, v6, 16));
  CHECK(!remote_literal("[1.2.3]", 7, 0, ip));
  CHECK(!remote_literal("[256.1.1.1]", 11, 0, ip));
  CHECK(!remote_literal("[IPv6:1.2.3.4]", 14, 0, ip));
  CHECK(!remote_literal("[]", 2, 0, ip));
  CHECK(!remote_literal("example.com", 11, 1, ip));
  CHECK(tcpto_iptext(&t, v4) && !strcmp(t.s, "1.2.3.4"));
  CHECK(tcpto_iptext(&t, v6) && !strcmp(t.s, "2001:db8::1"));
  sa_free(&t);
}

static void t_mxsort(void)
{
  struct dns_rr mx[5];
  static const unsigned int pref[5] = { 20, 10, 20, 10, 5 };
  unsigned char rnd[5] = { 9, 200, 3, 100, 50 };
  size_t i;

  for (i = 0; i < 5; ++i) {
    mx[i].pref = pref[i];
    mx[i].len = 1;
    mx[i].data[0] = (unsigned char)i;
  }
  remote_mxsort(mx, 5, rnd);
  CHECK(mx[0].data[0] == 4);
  CHECK(mx[1].data[0] == 3 && mx[2].data[0] == 1);     /* 100 before 200 */
  CHECK(mx[3].data[0] == 2 && mx[4].data[0] == 0);     /* 3 before 9 */
  /* equal random bytes keep the answer's order */
  for (i = 0; i < 5; ++i) {
    mx[i].pref = 7;
    mx[i].data[0] = (unsigned char)i;
    rnd[i] = 1;
  }
  remote_mxsort(mx, 5, rnd);
  for (i = 0; i < 5; ++i) CHECK(mx[i].data[0] == i);
}

static void setip(unsigned char *ip, unsigned int a, unsigned int b,
                  unsigned int c, unsigned int d)
{
  static const unsigned char mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
  memcpy(ip, mapped, 12);
  ip[12] = (unsigned char)a;
  ip[13] = (unsigned char)b;
  ip[14] = (unsigned char)c;
  ip[15] = (unsigned char)d;
}

static void t_ipme(void)
{
  static struct remote_addrs a;
  struct sa me = SA_ZERO;
  unsigned char ip[16];
  unsigned char six[16];

  setip(ip, 192, 0, 2, 7);
  sa_catb(&me, (const char *)ip, 16);
  memset(six, 0, 16);
  CHECK(ipme_is(&me, six));                     /* :: */
  six[15] = 1;
  CHECK(ipme_is(&me, six));                     /* ::1 */
  six[15] = 2;
  CHECK(!ipme_is(&me, six));
  setip(ip, 127, 3, 2, 1);
  CHECK(ipme_is(&me, ip));
  setip(ip, 0, 0, 0, 0);
  CHECK(ipme_is(&me, ip));
  setip(ip, 192, 0, 2, 8);
  CHECK(!ipme_is(&me, ip));

  /* MX 10 a, MX 20 us, MX 30 b: only a is left */
  a.n = 3;
  setip(a.a[0].ip, 198, 51, 100, 1);
  a.a[0].pref = 10;
  setip(a.a[1].ip, 192, 0, 2, 7);
  a.a[1].pref = 20;
  setip(a.a[2].ip, 198, 51, 100, 2);
  a.a[2].pref = 30;
  CHECK(remote_ipme(&a, &me) == 1 && a.a[0].pref == 10);
  /* we are the best: nothing is left */
  a.n = 2;
  setip(a.a[0].ip, 192, 0, 2, 7);
  a.a[0].pref = 10;
  setip(a.a[1].ip, 198, 51, 100, 2);
  a.a[1].pref = 20;
  CHECK(remote_ipme(&a, &me) == 0);
  /* equal to us is not better than us */
  a.n = 2;
  setip(a.a[0].ip, 198, 51, 100, 1);
  a.a[0].pref = 10;
  setip(a.a[1].ip, 127, 0, 0, 1);
  a.a[1].pref = 10;
  CHECK(remote_ipme(&a, &me) == 0);
  /* not us at all: everything stays */
  a.n = 2;
  setip(a.a[0].ip, 198, 51, 100, 1);
  setip(a.a[1].ip, 198, 51, 100, 2);
  CHECK(remote_ipme(&a, &me) == 2);
  CHECK(ipme_load(&me) == 1 && me.len % 16 == 0);
  sa_free(&me);
}

/* ------------------------------------------------------------ tcpto */

static void t_tcpto(void)
{
  static struct tcpto t;
  static struct tcpto u;
  static unsigned char enc[TCPTO_MAX];
  unsigned char ip[16];
  unsigned char ip2[16];
  unsigned char zeros[1024];
  size_t n;
  unsigned int i;

  setip(ip, 198, 51, 100, 1);
  setip(ip2, 198, 51, 100, 2);
  CHECK(tcpto_decode(&t, enc, 0) == 1 && t.n == 0 && !t.foreign);
  memset(zeros, 0, sizeof zeros);
  CHECK(tcpto_decode(&t, zeros, sizeof zeros) == 0 && t.foreign && t.n == 0);
  CHECK(tcpto_note(&t, ip, 0, 1000) == 0);             /* nothing to forget */
  CHECK(tcpto_note(&t, ip, 1, 1000) == 1 && t.n == 1 && t.rec[0].count == 1);
  CHECK(!tcpto_skip(&t, ip, 1001, 3600));               /* one is not enough */
  CHECK(tcpto_note(&t, ip, 1, 1100) == 0);              /* the same outage */
  CHECK(tcpto_note(&t, ip, 1, 1120) == 1 && t.rec[0].count == 2);
  CHECK(tcpto_skip(&t, ip, 1120, 3600));
  CHECK(tcpto_skip(&t, ip, 1120 + 3599, 3600));
  CHECK(!tcpto_skip(&t, ip, 1120 + 3600, 3600));
  CHECK(!tcpto_skip(&t, ip2, 1120, 3600));
  CHECK(!tcpto_skip(&t, ip, 1000, 3600));               /* clock went back */
  for (i = 0; i < 20; ++i) tcpto_note(&t, ip, 1, 2000 + i * 200);
  CHECK(t.rec[0].count == TCPTO_COUNTMAX);
  n = tcpto_encode(&t, enc);
  CHECK(n == TCPTO_MAGICLEN + TCPTO_RECLEN && !memcmp(enc, "qtcpto1\n", 8));
  CHECK(tcpto_decode(&u, enc, n) == 1 && u.n == 1 && u.rec[0].count == 10 &&
        u.rec[0].when == t.rec[0].when && !memcmp(u.rec[0].ip, ip, 16));
  enc[TCPTO_MAGICLEN + 30] = 1;                          /* reserved byte */
  CHECK(tcpto_decode(&u, enc, n) == 0);
  enc[TCPTO_MAGICLEN + 30] = 0;
  enc[TCPTO_MAGICLEN + 24] = 11;                         /* count too big */
  CHECK(tcpto_decode(&u, enc, n) == 0);
  CHECK(tcpto_decode(&u, enc, n - 1) == 0);              /* torn */
  CHECK(tcpto_note(&t, ip, 0, 9000) == 1 && t.rec[0].count == 0);
  CHECK(!tcpto_skip(&t, ip, 9000, 3600));
  /* a full table: a free record is reused, then the oldest */
  for (i = 0; i < LIM_TCPTO_RECS + 5; ++i) {
    setip(ip2, 10, 0, i >> 8, i & 255);
    tcpto_note(&t, ip2, 1, 10000 + i);
  }
  CHECK(t.n == LIM_TCPTO_RECS);
  setip(ip2, 10, 0, 0, 0);
  CHECK(!tcpto_skip(&t, ip2, 10000, 3600) && t.rec[0].count == 1 &&
        t.rec[0].ip[14] == (LIM_TCPTO_RECS >> 8) &&
        t.rec[0].ip[15] == (LIM_TCPTO_RECS & 255));
}

static void t_tcpto_file(void)
{
  static struct tcpto t;
  char fn[] = "/tmp/t-tcpto.XXXXXX";
  unsigned char ip[16];
  int fd = mkstemp(fn);

  setip(ip, 203, 0, 113, 9);
  CHECK(fd != -1);
  CHECK(write(fd, "junk", 4) == 4);
  close(fd);
  CHECK(tcpto_read(fn, &t) == 1 && t.foreign && t.n == 0);
  CHECK(tcpto_update(fn, ip, 1, 5000) == 1);
  CHECK(tcpto_update(fn, ip, 1, 5200) == 1);
  CHECK(tcpto_read(fn, &t) == 1 && !t.foreign && t.n == 1 && t.rec[0].count == 2);
  CHECK(tcpto_skip(&t, ip, 5300, 3600));
  CHECK(tcpto_update(fn, ip, 0, 5400) == 1);
  CHECK(tcpto_read(fn, &t) == 1 && t.rec[0].count == 0);
  CHECK(tcpto_update(fn, ip, 1, 6000) == 1);
  CHECK(tcpto_clear(fn) == 1);
  CHECK(tcpto_read(fn, &t) == 1 && t.n == 0 && !t.foreign);
  unlink(fn);
  CHECK(tcpto_read(fn, &t) == 0);
  CHECK(tcpto_update(fn, ip, 1, 6000) == 0);
  CHECK(tcpto_clear(fn) == 0);
}

/* --------------------------------------------------------- sessions */

/* A scripted server: each step either expects exactly some bytes from
 * the client ("<") or sends some (">"); "." ends the script.  The
 * child exits 0 if everything came as expected, else 1. */
static int server(int fd, const char *const *script)
{
  for (; *script; ++script) {
    const char *s = *script + 1;
    size_t n = strlen(s);
    if (**script == '>') {
      if (write(fd, s, n) != (ssize_t)n) return 1;
    } else if (**script == '<') {
      char got[4096];
      size_t have = 0;
      while (have < n) {
        ssize_t r = read(fd, got + have, n - have);
        if (r <= 0) return 1;
        have += (size_t)r;
      }
      if (memcmp(got, s, n)) {
        printf("# server wanted %s# got %.*s\n", s, (int)n, got);
        return 1;
      }
    } else if (**script == '!') {
      return 0;                                 /* hang up now */
    }
  }
  {
    /* nothing more may come but QUIT, or the end */
    char rest[64];
    ssize_t r = read(fd, rest, sizeof rest);
    if (r > 0 && !(r == 6 && !memcmp(rest, "QUIT\r\n", 6))) {
      printf("# server got more: %.*s\n", (int)r, rest);
      return 1;
    }
  }
  return 0;
}

static const char *sender = "from@me.example";

struct run {
  struct remote_rcpt rc[4];
  size_t n;
  struct remote_result res;
  int opened;
  int serverok;
};

/* session - run qmail-remote's client against the script, delivering
 * the message msg (a file when seekable, else a pipe) */
static void session(const char *const *script, const char *msg, int seekable,
                    const char *const *rcpts, struct run *out)
{
  int sv[2];
  pid_t pid;
  int status;
  struct smtp s;
  struct remote_msg m;

  memset(out, 0, sizeof *out);
  for (out->n = 0; rcpts[out->n]; ++out->n) out->rc[out->n].addr = rcpts[out->n];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) return;
  pid = fork();
  if (pid == 0) {
    close(sv[0]);
    alarm(10);
    status = server(sv[1], script);
    fflush(stdout);
    _exit(status);
  }
  close(sv[1]);
  m.fd = -1;
  if (seekable) {
    if (scratch == -1) scratch = mkstemp(tmpl);
    if (ftruncate(scratch, 0) == -1) return;
    if (pwrite(scratch, msg, strlen(msg), 0) != (ssize_t)strlen(msg)) return;
    lseek(scratch, 0, SEEK_SET);
    m.fd = scratch;
    remote_scan(&m);
  } else {
    int p[2];
    if (pipe(p) == -1) return;
    if (write(p[1], msg, strlen(msg)) != (ssize_t)strlen(msg)) return;
    close(p[1]);
    m.fd = p[0];
    m.known = 0;
  }
  fcntl(sv[0], F_SETFL, O_NONBLOCK);
  smtp_init(&s, sv[0], 5, "192.0.2.1");
  out->opened = smtp_open(&s, "me.example", &out->res);
  if (out->opened)
    smtp_send(&s, &m, sender, out->rc, out->n, &out->res);
  smtp_quit(&s);
  if (!seekable) close(m.fd);
  waitpid(pid, &status, 0);
  out->serverok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  /* the recipients' texts stay for the caller to check */
}

/* run_free - what a session left for the checks */
static void run_free(struct run *r)
{
  size_t i;
  for (i = 0; i < r->n; ++i) sa_free(&r->rc[i].text);
  sa_free(&r->res.text);
}

static int text_has(const struct sa *t, const char *s)
{
  size_t n = strlen(s);
  size_t i;
  for (i = 0; i + n <= t->len; ++i)
    if (!memcmp(t->s + i, s, n)) return 1;
  return 0;
}

static const char *const two[] = { "a@x.example", "b@x.example", 0 };
static const char *const one[] = { "a@x.example", 0 };

static void t_session_plain(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x.example\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<b@x.example>\r\n", ">550 no such user\r\n",
    "<DATA\r\n", ">354 go\r\n",
    "<Subject: x\r\n\r\n..dot\r\n.\r\n", ">250-ok\r\n", ">250 queued\r\n",
    "<QUIT\r\n", ">221 bye\r\n", 0
  };
  struct run r;
  session(script, "Subject: x\n\n.dot\n", 1, two, &r);
  CHECK(r.serverok && r.opened);
  CHECK(r.res.code == 'K' && text_has(&r.res.text, "192.0.2.1 accepted message.\n"));
  CHECK(text_has(&r.res.text, "Remote host said: 250-ok\n250 queued\n"));
  CHECK(r.rc[0].status == 'r' && r.rc[1].status == 'h');
  run_free(&r);
}

static void t_session_pipelining(void)
{
  /* the server reads the whole batch before it answers anything: a
   * client that waited for MAIL's reply would hang here */
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n",
    "<MAIL FROM:<from@me.example> SIZE=7 BODY=8BITMIME\r\n"
    "RCPT TO:<a@x.example>\r\nRCPT TO:<b@x.example>\r\nDATA\r\n",
    ">250 ok\r\n451 later\r\n250 ok\r\n354 go\r\n",
    "<\xc3\xa9t\xc3\xa9\r\n.\r\n", ">250 ok\r\n", 0
  };
  struct run r;
  session(script, "\xc3\xa9t\xc3\xa9\n", 1, two, &r);
  CHECK(r.serverok && r.res.code == 'K');
  CHECK(r.rc[0].status == 's' && r.rc[1].status == 'r');
  CHECK(text_has(&r.rc[0].text, "192.0.2.1 does not like recipient.\n"
                 "Remote host said: 451 later\n"));
  run_free(&r);
}

static void t_session_7bit(void)
{
  /* 7-bit: no BODY; a pipe: neither SIZE nor a 7-bit claim */
  static const char *const script7[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-SIZE\r\n250 8BITMIME\r\n",
    "<MAIL FROM:<from@me.example> SIZE=4\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<ab\r\n.\r\n", ">250 ok\r\n", 0
  };
  static const char *const scriptpipe[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-SIZE\r\n250 8BITMIME\r\n",
    "<MAIL FROM:<from@me.example> BODY=8BITMIME\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<ab\r\n.\r\n", ">250 ok\r\n", 0
  };
  struct run r;
  session(script7, "ab\n", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'K');
  run_free(&r);
  session(scriptpipe, "ab\n", 0, one, &r);
  CHECK(r.serverok && r.res.code == 'K');
  run_free(&r);
}

/* SMTPUTF8 offered: said on MAIL for an 8-bit envelope or header */
static void t_session_utf8(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    "<MAIL FROM:<from@me.example> SMTPUTF8\r\n", ">250 ok\r\n",
    "<RCPT TO:<j\xc3\xb6rg@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<ab\r\n.\r\n", ">250 ok\r\n", 0
  };
  static const char *const scripthdr[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    "<MAIL FROM:<from@me.example> BODY=8BITMIME SMTPUTF8\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<S: \xc3\xa9\r\n\r\nb\r\n.\r\n",
    ">250 ok\r\n", 0
  };
  static const char *const scriptbody[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n",
    ">250-x.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    "<MAIL FROM:<from@me.example> BODY=8BITMIME\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<S: e\r\n\r\n\xc3\xa9\r\n.\r\n",
    ">250 ok\r\n", 0
  };
  static const char *const u8[] = { "j\xc3\xb6rg@x.example", 0 };
  struct run r;
  session(script, "ab\n", 1, u8, &r);
  CHECK(r.serverok && r.res.code == 'K' && r.rc[0].status == 'r');
  run_free(&r);
  session(scripthdr, "S: \xc3\xa9\n\nb\n", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'K');
  run_free(&r);
  session(scriptbody, "S: e\n\n\xc3\xa9\n", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'K');
  run_free(&r);
}

/* SMTPUTF8 not offered: an 8-bit recipient refused for good, the rest
 * sent; an 8-bit header goes as qmail sent it; an 8-bit sender fails
 * the message before MAIL */
static void t_session_noutf8(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x.example\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<S: \xc3\xa9\r\n\r\nb\r\n.\r\n",
    ">250 ok\r\n", "<QUIT\r\n", ">221 bye\r\n", 0
  };
  static const char *const scriptsender[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x.example\r\n",
    "<QUIT\r\n", ">221 bye\r\n", 0
  };
  static const char *const mixed[] = { "j\xc3\xb6rg@x.example",
                                       "a@x.example", 0 };
  static const char *const u8[] = { "j\xc3\xb6rg@x.example", 0 };
  struct run r;
  session(script, "S: \xc3\xa9\n\nb\n", 1, mixed, &r);
  CHECK(r.serverok && r.res.code == 'K');
  CHECK(r.rc[0].status == 'h' && r.rc[1].status == 'r');
  CHECK(text_has(&r.rc[0].text, "Sorry, 192.0.2.1 does not offer SMTPUTF8, "
                 "which this address needs (RFC 6531). (#5.6.7)\n"));
  run_free(&r);
  session(scriptsender, "ab\n", 1, u8, &r);
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 'h');
  run_free(&r);
  sender = "p\xc3\xa9@me.example";
  session(scriptsender, "ab\n", 1, one, &r);
  sender = "from@me.example";
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 0);
  CHECK(text_has(&r.res.text, "which the sender address needs"));
  run_free(&r);
}

static void t_session_helo(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">502 what\r\n",
    "<HELO me.example\r\n", ">250 hello\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<\xff\r\n.\r\n", ">250 ok\r\n", 0
  };
  static const char *const refused[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">421 busy\r\n", 0
  };
  static const char *const greet[] = { ">554 no\r\n", 0 };
  struct run r;
  session(script, "\xff", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'K');
  run_free(&r);
  session(refused, "x", 1, one, &r);
  CHECK(r.serverok && !r.opened && r.res.code == 'Z' && r.res.next);
  CHECK(text_has(&r.res.text, "but my name was rejected"));
  run_free(&r);
  session(greet, "x", 1, one, &r);
  CHECK(r.serverok && !r.opened && r.res.code == 'Z' && r.res.next);
  CHECK(text_has(&r.res.text, "greeting failed.\nRemote host said: 554 no\n"));
  run_free(&r);
}

static void t_session_refusals(void)
{
  static const char *const mail5[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">553 no\r\n", 0
  };
  static const char *const mail4pipe[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250-x\r\n250 PIPELINING\r\n",
    "<MAIL FROM:<from@me.example>\r\nRCPT TO:<a@x.example>\r\nDATA\r\n",
    ">451 later\r\n503 no\r\n503 no\r\n", 0
  };
  static const char *const allbad[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">550 no\r\n",
    "<RCPT TO:<b@x.example>\r\n", ">450 no\r\n", 0
  };
  static const char *const data5[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">554 no data\r\n", 0
  };
  static const char *const dot4[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<x\r\n.\r\n", ">452 full\r\n", 0
  };
  struct run r;

  session(mail5, "x", 1, two, &r);
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 0);
  CHECK(text_has(&r.res.text, "Connected to 192.0.2.1 but sender was rejected."));
  run_free(&r);
  session(mail4pipe, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'Z' && r.rc[0].status == 0);
  run_free(&r);
  session(allbad, "x", 1, two, &r);
  CHECK(r.serverok && r.res.code == 'D');
  CHECK(r.rc[0].status == 'h' && r.rc[1].status == 's');
  run_free(&r);
  session(data5, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 'r');
  CHECK(text_has(&r.res.text, "failed on DATA command"));
  run_free(&r);
  session(dot4, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'Z' && r.rc[0].status == 'r');
  CHECK(text_has(&r.res.text, "failed after I sent the message"));
  run_free(&r);
}

static void t_session_pipe354(void)
{
  /* every recipient refused, yet DATA taken: end it with "." alone */
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250-x\r\n250 PIPELINING\r\n",
    "<MAIL FROM:<from@me.example>\r\nRCPT TO:<a@x.example>\r\nDATA\r\n",
    ">250 ok\r\n550 no\r\n354 go on\r\n", "<.\r\n", ">554 nothing\r\n", 0
  };
  struct run r;
  session(script, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 'h');
  CHECK(text_has(&r.res.text, "accepted no recipient"));
  run_free(&r);
}

static void t_session_broken(void)
{
  static const char *const drop[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<b@x.example>\r\n", "!", 0
  };
  static const char *const junk[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">2500 ok\r\n", 0
  };
  static const char *const afterdot[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<x\r\n.\r\n", "!", 0
  };
  struct run r;

  session(drop, "x", 1, two, &r);
  CHECK(r.serverok && r.res.code == 'Z' && !r.res.local);
  CHECK(r.rc[0].status == 'r' && r.rc[1].status == 0);
  CHECK(text_has(&r.res.text, "connection died"));
  run_free(&r);
  session(junk, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'Z');
  CHECK(text_has(&r.res.text, "broke the SMTP rules"));
  run_free(&r);
  session(afterdot, "x", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'Z');
  run_free(&r);
}

static void t_session_timeout(void)
{
  /* the server says nothing after DATA: the 5-second deadline ends it */
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", 0
  };
  struct run r;
  session(script, "x", 1, one, &r);
  CHECK(r.res.code == 'Z' && text_has(&r.res.text, "timed out"));
  run_free(&r);
}

static void t_session_size(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250-x\r\n250 SIZE 10\r\n", 0
  };
  struct run r;
  session(script, "0123456789abcdef\n", 1, one, &r);
  CHECK(r.serverok && r.res.code == 'D' && r.rc[0].status == 0);
  CHECK(text_has(&r.res.text, "message is 18 bytes and it takes at most 10. (#5.3.4)"));
  run_free(&r);
}

static void t_session_badaddr(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<\"a b\"@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<x\r\n.\r\n", ">250 ok\r\n", 0
  };
  static const char *const rcpts[] = {
    "bad\r\nRCPT TO:<evil@x>@x.example", "a b@x.example", 0
  };
  struct run r;
  session(script, "x", 1, rcpts, &r);
  CHECK(r.serverok && r.res.code == 'K');
  CHECK(r.rc[0].status == 'h' && r.rc[1].status == 'r');
  run_free(&r);
}

static void t_session_readerror(void)
{
  /* a message that cannot be read: no final dot, ever */
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250 x\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", 0
  };
  int sv[2];
  pid_t pid;
  int status;
  struct smtp s;
  struct remote_msg m;
  struct remote_rcpt rc[1];
  struct remote_result res;

  memset(&res, 0, sizeof res);
  memset(rc, 0, sizeof rc);
  rc[0].addr = "a@x.example";
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  pid = fork();
  if (pid == 0) {
    close(sv[0]);
    alarm(10);
    status = server(sv[1], script);
    fflush(stdout);
    _exit(status);   /* anything more than nothing fails */
  }
  close(sv[1]);
  m.fd = open("/", O_RDONLY);              /* read: EISDIR */
  m.known = 0;
  smtp_init(&s, sv[0], 5, "192.0.2.1");
  CHECK(smtp_open(&s, "me.example", &res) == 1);
  smtp_send(&s, &m, "from@me.example", rc, 1, &res);
  CHECK(res.code == 'Z' && res.local && s.broken);
  CHECK(text_has(&res.text, "Unable to read message"));
  smtp_quit(&s);
  close(m.fd);
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  sa_free(&res.text);
  sa_free(&rc[0].text);
}

/* twomsgs - two messages on one session, RSET between: body[i] to
 * addr[i]; the server follows script */
static void twomsgs(const char *const *script, const char *const *addr,
                    const char *const *body)
{
  int sv[2];
  pid_t pid;
  int status;
  struct smtp s;
  struct remote_msg m;
  struct remote_rcpt rc[1];
  struct remote_result res;
  int i;

  memset(&res, 0, sizeof res);
  memset(rc, 0, sizeof rc);
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  pid = fork();
  if (pid == 0) {
    close(sv[0]);
    alarm(10);
    status = server(sv[1], script);
    fflush(stdout);
    _exit(status);
  }
  close(sv[1]);
  if (scratch == -1) scratch = mkstemp(tmpl);
  smtp_init(&s, sv[0], 5, "192.0.2.1");
  CHECK(smtp_open(&s, "me.example", &res) == 1);
  for (i = 0; i < 2; ++i) {
    size_t n = strlen(body[i]);
    if (i) CHECK(smtp_rset(&s) == 1);
    CHECK(ftruncate(scratch, 0) == 0 &&
          pwrite(scratch, body[i], n, 0) == (ssize_t)n);
    lseek(scratch, 0, SEEK_SET);
    m.fd = scratch;
    m.known = 0;
    if (i) CHECK(remote_scan(&m) == 1);   /* the first as from a pipe */
    rc[0].addr = addr[i];
    rc[0].status = 0;
    smtp_send(&s, &m, "from@me.example", rc, 1, &res);
    CHECK(res.code == 'K' && rc[0].status == 'r');
    CHECK(text_has(&res.text, i ? "250 ok 2" : "250 ok 1"));
  }
  smtp_quit(&s);
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  sa_free(&res.text);
  sa_free(&rc[0].text);
}

static void t_session_rset(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250-x\r\n250 PIPELINING\r\n",
    "<MAIL FROM:<from@me.example>\r\nRCPT TO:<a@x.example>\r\nDATA\r\n",
    ">250 ok\r\n250 ok\r\n354 go\r\n", "<one\r\n.\r\n", ">250 ok 1\r\n",
    "<RSET\r\n", ">250 ok\r\n",
    "<MAIL FROM:<from@me.example>\r\nRCPT TO:<a@x.example>\r\nDATA\r\n",
    ">250 ok\r\n250 ok\r\n354 go\r\n", "<two\r\n.\r\n", ">250 ok 2\r\n",
    "<QUIT\r\n", ">221 bye\r\n", 0
  };
  static const char *const addr[] = { "a@x.example", "a@x.example" };
  static const char *const body[] = { "one\n", "two\n" };
  twomsgs(script, addr, body);
}

/* SMTPUTF8 on a kept session: decided for each message after RSET (the
 * first message unscanned would say it anyway: an ASCII one is sent) */
static void t_session_rset_utf8(void)
{
  static const char *const script[] = {
    ">220 hi\r\n", "<EHLO me.example\r\n", ">250-x\r\n250 SMTPUTF8\r\n",
    "<MAIL FROM:<from@me.example> SMTPUTF8\r\n", ">250 ok\r\n",
    "<RCPT TO:<j\xc3\xb6rg@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<one\r\n.\r\n", ">250 ok 1\r\n",
    "<RSET\r\n", ">250 ok\r\n",
    "<MAIL FROM:<from@me.example>\r\n", ">250 ok\r\n",
    "<RCPT TO:<a@x.example>\r\n", ">250 ok\r\n",
    "<DATA\r\n", ">354 go\r\n", "<two\r\n.\r\n", ">250 ok 2\r\n",
    "<QUIT\r\n", ">221 bye\r\n", 0
  };
  static const char *const addr[] = { "j\xc3\xb6rg@x.example", "a@x.example" };
  static const char *const body[] = { "one\n", "two\n" };
  twomsgs(script, addr, body);
}

static void t_report(void)
{
  struct remote_rcpt rc[3];
  struct remote_result res;
  struct sa out = SA_ZERO;
  struct sa z = SA_ZERO;
  static const char want[] = "r\0hbad\n\0Kok\n";

  rc[0].status = 'r';
  rc[0].text = z;
  rc[1].status = 'h';
  rc[1].text = z;
  sa_cats(&rc[1].text, "bad\n");
  rc[2].status = 0;
  rc[2].text = z;
  res.code = 'K';
  res.text = z;
  sa_cats(&res.text, "ok\n");
  CHECK(remote_report(&out, rc, 3, &res) == 1);
  CHECK(out.len == sizeof want && !memcmp(out.s, want, sizeof want));
  /* a status after a gap is not reported: only a prefix */
  rc[0].status = 0;
  out.len = 0;
  CHECK(remote_report(&out, rc, 3, &res) == 1);
  CHECK(out.len == 5 && !memcmp(out.s, "Kok\n", 5));
  sa_free(&out);
  sa_free(&rc[1].text);
  sa_free(&res.text);
}

static void t_said(void)
{
  struct smtpreply r = SMTPREPLY_ZERO;
  struct sa out = SA_ZERO;
  char line[LIM_REMOTE_TEXT + 100];

  smtpreply_start(&r);
  memset(line, 'x', sizeof line);
  memcpy(line, "550 ", 4);
  smtpreply_line(&r, line, sizeof line);
  CHECK(remote_said(&out, "what", &r) == 1);
  CHECK(out.len == 5 + 18 + LIM_REMOTE_TEXT + 4);
  CHECK(!memcmp(out.s + out.len - 4, "...\n", 4));
  CHECK(remote_said(&out, "what", 0) == 1 && out.len == 5);
  sa_free(&out);
  smtpreply_free(&r);
}

int main(void)
{
  signal(SIGPIPE, SIG_IGN);
  TEST(t_copy);
  TEST(t_copy_smuggling);
  TEST(t_copy_random);
  TEST(t_measure);
  TEST(t_scan);
  TEST(t_quote);
  TEST(t_reply);
  TEST(t_ehlo);
  TEST(t_route);
  TEST(t_literal);
  TEST(t_mxsort);
  TEST(t_ipme);
  TEST(t_tcpto);
  TEST(t_tcpto_file);
  TEST(t_session_plain);
  TEST(t_session_pipelining);
  TEST(t_session_7bit);
  TEST(t_session_utf8);
  TEST(t_session_noutf8);
  TEST(t_session_helo);
  TEST(t_session_refusals);
  TEST(t_session_pipe354);
  TEST(t_session_broken);
  TEST(t_session_timeout);
  TEST(t_session_size);
  TEST(t_session_badaddr);
  TEST(t_session_readerror);
  TEST(t_session_rset);
  TEST(t_session_rset_utf8);
  TEST(t_report);
  TEST(t_said);
  if (scratch != -1) unlink(tmpl);
  return t_done();
}

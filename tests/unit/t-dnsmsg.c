/* t-dnsmsg.c - DNS names, queries and the strict answer parser */
#include <errno.h>
#include <string.h>
#include "bounds.h"
#include "dnsmsg.h"
#include "sa.h"
#include "t.h"

/* a message under construction */
struct msg {
  unsigned char p[70000];
  size_t n;
};

static void put8(struct msg *m, unsigned int v)
{
  m->p[m->n++] = (unsigned char)v;
}

static void put16(struct msg *m, unsigned int v)
{
  put8(m, v >> 8);
  put8(m, v & 0xff);
}

static void putbytes(struct msg *m, const void *p, size_t n)
{
  memcpy(m->p + m->n, p, n);
  m->n += n;
}

/* putname - a text name in wire form, uncompressed; its offset */
static size_t putname(struct msg *m, const char *s)
{
  unsigned char w[DNS_NAMEMAX];
  size_t at = m->n;
  if (!dns_name_fromtext(w, s, strlen(s))) return (size_t)-1;
  putbytes(m, w, dns_name_len(w));
  return at;
}

static void putptr(struct msg *m, size_t off)
{
  put16(m, 0xc000 | (unsigned int)off);
}

static void header(struct msg *m, unsigned int id, unsigned int flags,
                   unsigned int qd, unsigned int an, unsigned int ns,
                   unsigned int ar)
{
  m->n = 0;
  put16(m, id);
  put16(m, flags);
  put16(m, qd);
  put16(m, an);
  put16(m, ns);
  put16(m, ar);
}

/* question - qname at offset 12, always */
static void question(struct msg *m, const char *name, unsigned int type)
{
  putname(m, name);
  put16(m, type);
  put16(m, DNS_C_IN);
}

/* rrhead - owner as a pointer, then type, class, ttl, rdlength */
static void rrhead(struct msg *m, size_t owner, unsigned int type,
                   unsigned int class, unsigned int rdlen)
{
  putptr(m, owner);
  put16(m, type);
  put16(m, class);
  put16(m, 0);
  put16(m, 300);
  put16(m, rdlen);
}

static void rr_a(struct msg *m, size_t owner, unsigned int a, unsigned int b,
                 unsigned int c, unsigned int d)
{
  rrhead(m, owner, DNS_T_A, DNS_C_IN, 4);
  put8(m, a);
  put8(m, b);
  put8(m, c);
  put8(m, d);
}

/* rr_cname - returns the offset of the target name */
static size_t rr_cname(struct msg *m, size_t owner, const char *target)
{
  unsigned char w[DNS_NAMEMAX];
  size_t at;
  dns_name_fromtext(w, target, strlen(target));
  rrhead(m, owner, DNS_T_CNAME, DNS_C_IN, (unsigned int)dns_name_len(w));
  at = m->n;
  putbytes(m, w, dns_name_len(w));
  return at;
}

static void rr_mx(struct msg *m, size_t owner, unsigned int pref,
                  const char *target)
{
  unsigned char w[DNS_NAMEMAX];
  dns_name_fromtext(w, target, strlen(target));
  rrhead(m, owner, DNS_T_MX, DNS_C_IN, 2 + (unsigned int)dns_name_len(w));
  put16(m, pref);
  putbytes(m, w, dns_name_len(w));
}

static unsigned char qn[DNS_NAMEMAX];
static struct dns_rrset set;

static int answer(const struct msg *m, const char *name, unsigned int type)
{
  dns_name_fromtext(qn, name, strlen(name));
  errno = 0;
  return dnsmsg_answer(m->p, m->n, 0x1234, qn, (uint16_t)type, &set);
}

static int text_is(const unsigned char *name, const char *want)
{
  struct sa t = SA_ZERO;
  int ok = dns_name_totext(&t, name) && t.len == strlen(want) &&
           !memcmp(t.s, want, t.len);
  sa_free(&t);
  return ok;
}

static void t_names(void)
{
  unsigned char w[DNS_NAMEMAX];
  char long63[64];
  char name[300];
  size_t i;

  CHECK(dns_name_fromtext(w, "mx.Example.com", 14) == 1);
  CHECK(dns_name_len(w) == 16);
  CHECK(w[0] == 2 && w[3] == 7 && w[11] == 3 && w[15] == 0);
  CHECK(text_is(w, "mx.Example.com"));
  CHECK(dns_name_fromtext(w, "mx.example.com.", 15) == 1 && dns_name_len(w) == 16);
  CHECK(dns_name_fromtext(w, ".", 1) == 1 && dns_name_isroot(w));
  CHECK(text_is(w, "."));
  CHECK(dns_name_fromtext(w, "", 0) == 0 && errno == EINVAL);
  CHECK(dns_name_fromtext(w, "a..b", 4) == 0);
  CHECK(dns_name_fromtext(w, ".a", 2) == 0);
  CHECK(dns_name_fromtext(w, "a b", 3) == 0);
  CHECK(dns_name_fromtext(w, "a\x80", 2) == 0);
  memset(long63, 'x', 63);
  long63[63] = 0;
  CHECK(dns_name_fromtext(w, long63, 63) == 1);
  long63[62] = 0;
  memset(name, 0, sizeof name);
  /* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters: 255 in wire form */
  for (i = 0; i < 4; ++i) {
    memset(name + i * 64, 'y', 63);
    if (i < 3) name[i * 64 + 63] = '.';
  }
  name[3 * 64 + 61] = 0;
  CHECK(dns_name_fromtext(w, name, strlen(name)) == 1 && dns_name_len(w) == 255);
  name[3 * 64 + 61] = 'y';
  name[3 * 64 + 62] = 0;
  CHECK(dns_name_fromtext(w, name, strlen(name)) == 0);
  memset(name, 'z', 64);
  CHECK(dns_name_fromtext(w, name, 64) == 0);          /* a 64-byte label */
  {
    unsigned char a[DNS_NAMEMAX];
    unsigned char b[DNS_NAMEMAX];
    dns_name_fromtext(a, "MX.example.COM", 14);
    dns_name_fromtext(b, "mx.EXAMPLE.com.", 15);
    CHECK(dns_name_equal(a, b));
    dns_name_fromtext(b, "mx.example.co", 13);
    CHECK(!dns_name_equal(a, b));
  }
  {
    /* a label with a dot or a space in it shows escaped */
    unsigned char odd[] = { 3, 'a', '.', ' ', 0 };
    CHECK(text_is(odd, "a\\056\\040"));
  }
}

static void t_query(void)
{
  unsigned char q[DNS_QUERYMAX];
  unsigned char w[DNS_NAMEMAX];
  static const unsigned char want[] = {
    0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
    1, 'a', 2, 'b', 'c', 0, 0, 15, 0, 1
  };
  dns_name_fromtext(w, "a.bc", 4);
  CHECK(dnsmsg_query(q, 0xbeef, w, DNS_T_MX) == sizeof want);
  CHECK(!memcmp(q, want, sizeof want));
}

static void t_a(void)
{
  struct msg m;
  header(&m, 0x1234, 0x8180, 1, 2, 0, 0);
  question(&m, "host.example", DNS_T_A);
  rr_a(&m, 12, 192, 0, 2, 1);
  rr_a(&m, 12, 192, 0, 2, 2);
  CHECK(answer(&m, "HOST.example", DNS_T_A) == 1);
  CHECK(set.rcode == 0 && !set.truncated && !set.aliased);
  CHECK(set.n == 2 && set.rr[0].len == 4 && set.rr[1].data[3] == 2);
  CHECK(text_is(set.owner, "HOST.example"));
}

static void t_notours(void)
{
  struct msg m;
  header(&m, 0x1235, 0x8180, 1, 0, 0, 0);       /* another id */
  question(&m, "host.example", DNS_T_A);
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
  header(&m, 0x1234, 0x0100, 1, 0, 0, 0);       /* a query */
  question(&m, "host.example", DNS_T_A);
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
  header(&m, 0x1234, 0x8180, 1, 0, 0, 0);       /* another name */
  question(&m, "other.example", DNS_T_A);
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
  header(&m, 0x1234, 0x8180, 1, 0, 0, 0);       /* another type */
  question(&m, "host.example", DNS_T_AAAA);
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
  header(&m, 0x1234, 0x8181, 0, 0, 0, 0);       /* FORMERR, no question */
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
  header(&m, 0x1234, 0xa180, 1, 0, 0, 0);       /* opcode 4 */
  question(&m, "host.example", DNS_T_A);
  CHECK(answer(&m, "host.example", DNS_T_A) == 0);
}

static void t_rcodes(void)
{
  struct msg m;
  header(&m, 0x1234, 0x8183, 1, 0, 0, 0);
  question(&m, "no.example", DNS_T_MX);
  CHECK(answer(&m, "no.example", DNS_T_MX) == 1 && set.rcode == DNS_RCODE_NXDOMAIN);
  header(&m, 0x1234, 0x8182, 1, 0, 0, 0);
  question(&m, "no.example", DNS_T_MX);
  CHECK(answer(&m, "no.example", DNS_T_MX) == 1 && set.rcode == DNS_RCODE_SERVFAIL);
  /* TC: nothing after the question is read, even garbage */
  header(&m, 0x1234, 0x8380, 1, 5, 0, 0);
  question(&m, "big.example", DNS_T_A);
  put8(&m, 0xff);
  CHECK(answer(&m, "big.example", DNS_T_A) == 1 && set.truncated && set.n == 0);
}

static void t_malformed(void)
{
  struct msg m;
  size_t n;

  header(&m, 0x1234, 0x8180, 1, 1, 0, 0);
  question(&m, "h.example", DNS_T_A);
  n = m.n;
  rr_a(&m, 12, 1, 2, 3, 4);
  CHECK(answer(&m, "h.example", DNS_T_A) == 1);
  m.n -= 1;                                   /* RDATA cut short */
  CHECK(answer(&m, "h.example", DNS_T_A) == -1 && errno == EPROTO);
  m.n = n + 5;                                /* inside the RR header */
  CHECK(answer(&m, "h.example", DNS_T_A) == -1 && errno == EPROTO);
  m.n = n;
  rr_a(&m, 12, 1, 2, 3, 4);
  put8(&m, 0);                                /* a byte after the end */
  CHECK(answer(&m, "h.example", DNS_T_A) == -1 && errno == EPROTO);
  /* an A record of 5 bytes */
  m.n = n;
  rrhead(&m, 12, DNS_T_A, DNS_C_IN, 5);
  putbytes(&m, "abcde", 5);
  CHECK(answer(&m, "h.example", DNS_T_A) == -1 && errno == EPROTO);
  /* an AAAA of 4 bytes, even when the question is A */
  m.n = n;
  rrhead(&m, 12, DNS_T_AAAA, DNS_C_IN, 4);
  putbytes(&m, "abcd", 4);
  CHECK(answer(&m, "h.example", DNS_T_A) == -1);
  /* counts that promise more records than there are */
  header(&m, 0x1234, 0x8180, 1, 2, 0, 0);
  question(&m, "h.example", DNS_T_A);
  rr_a(&m, 12, 1, 2, 3, 4);
  CHECK(answer(&m, "h.example", DNS_T_A) == -1);
  /* a short header */
  m.n = 11;
  CHECK(answer(&m, "h.example", DNS_T_A) == -1);
  /* the question cut */
  header(&m, 0x1234, 0x8180, 1, 0, 0, 0);
  question(&m, "h.example", DNS_T_A);
  m.n -= 2;
  CHECK(answer(&m, "h.example", DNS_T_A) == -1);
}

static void t_pointers(void)
{
  struct msg m;
  unsigned char name[DNS_NAMEMAX];
  size_t pos;
  size_t i;

  /* a name at 0, then "www" + pointer to it */
  m.n = 0;
  putname(&m, "example.com");                  /* 13 bytes */
  put8(&m, 3);
  putbytes(&m, "www", 3);
  putptr(&m, 0);
  pos = 13;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 1 && pos == m.n);
  CHECK(text_is(name, "www.example.com"));
  /* forward, to itself, past the end */
  m.n = 0;
  putptr(&m, 2);
  putname(&m, "a");
  pos = 0;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0 && errno == EPROTO);
  m.n = 0;
  putptr(&m, 0);
  pos = 0;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  m.n = 0;
  putname(&m, "a");
  put8(&m, 0xc0);                              /* half a pointer */
  pos = 3;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  /* a loop: b -> a -> b */
  m.n = 0;
  put8(&m, 1);
  put8(&m, 'a');
  putptr(&m, 4);
  put8(&m, 1);
  put8(&m, 'b');
  putptr(&m, 0);
  pos = 4;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  /* label types 0x40 and 0x80 */
  m.n = 0;
  put8(&m, 0x41);
  put8(&m, 0);
  pos = 0;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  m.n = 0;
  put8(&m, 0x81);
  put8(&m, 0);
  pos = 0;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  /* a label longer than what is left */
  m.n = 0;
  put8(&m, 5);
  putbytes(&m, "abc", 3);
  pos = 0;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  /* DNS_PTRMAX pointers in a row are fine, one more is not */
  m.n = 0;
  put8(&m, 0);
  for (i = 0; i < DNS_PTRMAX + 1; ++i) putptr(&m, i == 0 ? 0 : 1 + (i - 1) * 2);
  pos = 1 + (DNS_PTRMAX - 1) * 2;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 1 && dns_name_isroot(name));
  pos = 1 + DNS_PTRMAX * 2;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  /* a name over 255 bytes built from pointers */
  m.n = 0;
  put8(&m, 0);
  for (i = 0; i < 5; ++i) {
    size_t at = m.n;
    put8(&m, 60);
    memset(m.p + m.n, 'q', 60);
    m.n += 60;
    putptr(&m, i == 0 ? 0 : at - 63);
  }
  pos = m.n - 63;
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 0);
  pos = 1 + 63 * 3;                         /* four labels: 245 bytes */
  CHECK(dnsmsg_getname(m.p, m.n, &pos, name) == 1 && dns_name_len(name) == 245);
}

static void t_cname(void)
{
  struct msg m;
  size_t t1;
  size_t t2;

  /* qname -> a.example -> b.example, with the A of b.example */
  header(&m, 0x1234, 0x8180, 1, 4, 0, 0);
  question(&m, "alias.example", DNS_T_A);
  t1 = rr_cname(&m, 12, "a.example");
  rr_a(&m, 12, 9, 9, 9, 9);                   /* beside a CNAME: ignored */
  t2 = rr_cname(&m, t1, "b.example");
  rr_a(&m, t2, 10, 0, 0, 1);
  CHECK(answer(&m, "alias.example", DNS_T_A) == 1);
  CHECK(set.aliased && set.n == 1 && set.rr[0].data[0] == 10);
  CHECK(text_is(set.owner, "b.example"));
  /* the chain ends where this answer has nothing */
  header(&m, 0x1234, 0x8180, 1, 1, 0, 0);
  question(&m, "alias.example", DNS_T_MX);
  rr_cname(&m, 12, "elsewhere.example");
  CHECK(answer(&m, "alias.example", DNS_T_MX) == 1);
  CHECK(set.aliased && set.n == 0 && text_is(set.owner, "elsewhere.example"));
  /* a loop */
  header(&m, 0x1234, 0x8180, 1, 2, 0, 0);
  question(&m, "x.example", DNS_T_A);
  t1 = rr_cname(&m, 12, "y.example");
  rr_cname(&m, t1, "x.example");
  CHECK(answer(&m, "x.example", DNS_T_A) == -1 && errno == ELOOP);
}

/* chain - a CNAME chain of links links: c0 -> c1 -> ... */
static int chain(unsigned int links)
{
  struct msg m;
  char name[32];
  size_t owner = 12;
  unsigned int i;

  header(&m, 0x1234, 0x8180, 1, links + 1, 0, 0);
  question(&m, "c0.example", DNS_T_A);
  for (i = 1; i <= links; ++i) {
    name[0] = 'c';
    name[1] = (char)('a' + i);
    memcpy(name + 2, ".example", 9);
    owner = rr_cname(&m, owner, name);
  }
  rr_a(&m, owner, 1, 1, 1, 1);
  return answer(&m, "c0.example", DNS_T_A) == 1 && set.n == 1;
}

static void t_cname_limit(void)
{
  CHECK(chain(1));
  CHECK(chain(LIM_DNS_CNAME));
  CHECK(!chain(LIM_DNS_CNAME + 1) && errno == ELOOP);
}

static void t_mx(void)
{
  struct msg m;
  size_t n;

  header(&m, 0x1234, 0x8180, 1, 2, 1, 1);
  question(&m, "example.com", DNS_T_MX);
  rr_mx(&m, 12, 20, "mx2.example.com");
  /* compressed: "mx1" + pointer to example.com in the question */
  rrhead(&m, 12, DNS_T_MX, DNS_C_IN, 2 + 4 + 2);
  put16(&m, 10);
  put8(&m, 3);
  putbytes(&m, "mx1", 3);
  putptr(&m, 12);
  /* authority: an SOA-ish record of any shape; additional: glue */
  rrhead(&m, 12, DNS_T_SOA, DNS_C_IN, 3);
  putbytes(&m, "xyz", 3);
  rr_a(&m, 12, 1, 2, 3, 4);
  n = m.n;
  CHECK(answer(&m, "example.com", DNS_T_MX) == 1 && set.n == 2);
  CHECK(set.rr[0].pref == 20 && text_is(set.rr[0].data, "mx2.example.com"));
  CHECK(set.rr[1].pref == 10 && text_is(set.rr[1].data, "mx1.example.com"));
  CHECK(set.rr[1].len == dns_name_len(set.rr[1].data));
  /* an MX whose name runs past its RDATA */
  header(&m, 0x1234, 0x8180, 1, 1, 0, 0);
  question(&m, "example.com", DNS_T_MX);
  rrhead(&m, 12, DNS_T_MX, DNS_C_IN, 3);
  put16(&m, 10);
  put8(&m, 1);
  putbytes(&m, "a", 1);
  put8(&m, 0);
  CHECK(answer(&m, "example.com", DNS_T_MX) == -1);
  /* an MX of two bytes */
  header(&m, 0x1234, 0x8180, 1, 1, 0, 0);
  question(&m, "example.com", DNS_T_MX);
  rrhead(&m, 12, DNS_T_MX, DNS_C_IN, 2);
  put16(&m, 10);
  CHECK(answer(&m, "example.com", DNS_T_MX) == -1);
  /* null MX (RFC 7505) */
  header(&m, 0x1234, 0x8180, 1, 1, 0, 0);
  question(&m, "nomail.example", DNS_T_MX);
  rrhead(&m, 12, DNS_T_MX, DNS_C_IN, 3);
  put16(&m, 0);
  put8(&m, 0);
  CHECK(answer(&m, "nomail.example", DNS_T_MX) == 1 && set.n == 1);
  CHECK(set.rr[0].pref == 0 && dns_name_isroot(set.rr[0].data));
  (void)n;
}

static void t_classes_and_cap(void)
{
  struct msg m;
  unsigned int i;

  header(&m, 0x1234, 0x8180, 1, 2, 0, 0);
  question(&m, "h.example", DNS_T_A);
  rrhead(&m, 12, DNS_T_A, 3, 4);               /* class CH */
  putbytes(&m, "abcd", 4);
  rr_a(&m, 12, 5, 6, 7, 8);
  CHECK(answer(&m, "h.example", DNS_T_A) == 1 && set.n == 1 && set.rr[0].data[0] == 5);
  /* more records than LIM_DNS_RRS: counted, not kept */
  header(&m, 0x1234, 0x8180, 1, LIM_DNS_RRS + 10, 0, 0);
  question(&m, "many.example", DNS_T_A);
  for (i = 0; i < LIM_DNS_RRS + 10; ++i) rr_a(&m, 12, 10, 0, i >> 8, i & 255);
  CHECK(answer(&m, "many.example", DNS_T_A) == 1);
  CHECK(set.n == LIM_DNS_RRS && set.dropped == 10);
  /* a TXT question keeps what fits and counts the rest */
  header(&m, 0x1234, 0x8180, 1, 2, 0, 0);
  question(&m, "t.example", DNS_T_TXT);
  rrhead(&m, 12, DNS_T_TXT, DNS_C_IN, 4);
  putbytes(&m, "\003abc", 4);
  rrhead(&m, 12, DNS_T_TXT, DNS_C_IN, 1000);
  memset(m.p + m.n, 'x', 1000);
  m.n += 1000;
  CHECK(answer(&m, "t.example", DNS_T_TXT) == 1 && set.n == 1 && set.dropped == 1);
}

int main(void)
{
  TEST(t_names);
  TEST(t_query);
  TEST(t_a);
  TEST(t_notours);
  TEST(t_rcodes);
  TEST(t_malformed);
  TEST(t_pointers);
  TEST(t_cname);
  TEST(t_cname_limit);
  TEST(t_mx);
  TEST(t_classes_and_cap);
  return t_done();
}

/* t-constmap.c - constant maps: case, split, duplicates, domains, size */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "constmap.h"
#include "ctl.h"
#include "sa.h"
#include "t.h"

/* get - lookup by C string */
static const char *get(const struct constmap *m, const char *key,
                       size_t *vlen)
{
  return constmap_get(m, key, strlen(key), vlen);
}

static const char *dom(const struct constmap *m, const char *host)
{
  return constmap_domain(m, host, strlen(host), 0);
}

/* is - v is the value want, of length vlen */
static int is(const char *v, size_t vlen, const char *want)
{
  return v && vlen == strlen(want) && memcmp(v, want, vlen) == 0;
}

static void t_case(void)
{
  const char list[] = "Example.COM\0mx.example.org\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen = 99;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(get(&m, "example.com", &vlen) != 0 && vlen == 0);
  CHECK(get(&m, "EXAMPLE.com", 0) != 0);
  CHECK(get(&m, "Example.COM", 0) != 0);
  CHECK(get(&m, "MX.Example.ORG", 0) != 0);
  CHECK(get(&m, "example.co", 0) == 0);
  CHECK(get(&m, "example.comm", 0) == 0);
  CHECK(m.n == 2);
  constmap_free(&m);
}

/* ASCII case only: bytes above 0x7f compare exactly */
static void t_case_ascii_only(void)
{
  const char list[] = "\xc4x\0";
  struct constmap m = CONSTMAP_ZERO;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(get(&m, "\xc4X", 0) != 0);
  CHECK(get(&m, "\xe4x", 0) == 0);
  constmap_free(&m);
}

static void t_split(void)
{
  const char list[] = "a:b:c\0nocolon\0Virtual.Example:alice\0k:\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 1) == 1);
  v = get(&m, "a", &vlen);
  CHECK(is(v, vlen, "b:c") && v[vlen] == 0);
  CHECK(get(&m, "a:b", 0) == 0);
  CHECK(get(&m, "nocolon", 0) == 0);
  CHECK(m.n == 3);
  v = get(&m, "virtual.example", &vlen);
  CHECK(is(v, vlen, "alice"));                /* the value keeps case */
  v = get(&m, "k", &vlen);
  CHECK(v != 0 && vlen == 0);                 /* an empty value */
  constmap_free(&m);
}

static void t_nosplit_value(void)
{
  const char list[] = "a:b\0c";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen = 99;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  v = get(&m, "a:b", &vlen);
  CHECK(v && vlen == 0 && *v == 0);
  v = get(&m, "c", &vlen);
  CHECK(v && vlen == 0 && *v == 0);           /* unterminated: still "" */
  CHECK(get(&m, "a", 0) == 0);
  constmap_free(&m);
}

static void t_duplicates(void)
{
  const char list[] = "k:1\0K:2\0other:x\0k:3\0";
  const char hosts[] = "a.example\0A.EXAMPLE\0a.example\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 1) == 1);
  v = get(&m, "k", &vlen);
  CHECK(is(v, vlen, "1"));
  CHECK(m.n == 2);
  constmap_free(&m);
  CHECK(constmap_init(&m, hosts, sizeof hosts - 1, 0) == 1);
  CHECK(m.n == 1);
  v = get(&m, "a.example", 0);
  CHECK(v != 0);
  constmap_free(&m);
}

static void t_domain(void)
{
  const char list[] = ".example.com\0mx.example.org\0.net\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen = 99;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(dom(&m, "mx.example.com") != 0);
  CHECK(dom(&m, "a.b.example.com") != 0);
  CHECK(dom(&m, "MX.EXAMPLE.COM") != 0);
  CHECK(dom(&m, "example.com") == 0);         /* only below it */
  CHECK(dom(&m, "xexample.com") == 0);        /* a suffix, not at a dot */
  CHECK(dom(&m, "mx.example.org") != 0);
  CHECK(dom(&m, "a.mx.example.org") == 0);    /* exact entries are exact */
  CHECK(dom(&m, "example.org") == 0);
  CHECK(dom(&m, "anything.net") != 0);
  CHECK(dom(&m, "net") == 0);
  CHECK(dom(&m, "") == 0);
  CHECK(constmap_domain(&m, "x.net", 5, &vlen) != 0 && vlen == 0);
  CHECK(constmap_domain(&m, "mx.example.com.evil", 14, 0) != 0);
  CHECK(constmap_domain(&m, "mx.example.com.evil", 19, 0) == 0);
  constmap_free(&m);
}

/* constmap_domain returns the value of the longest match, host first */
static void t_domain_values(void)
{
  const char list[] = ".com:top\0.example.com:mid\0a.example.com:host\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 1) == 1);
  v = constmap_domain(&m, "a.example.com", 13, &vlen);
  CHECK(is(v, vlen, "host"));
  v = constmap_domain(&m, "b.example.com", 13, &vlen);
  CHECK(is(v, vlen, "mid"));
  v = constmap_domain(&m, "b.other.com", 11, &vlen);
  CHECK(is(v, vlen, "top"));
  constmap_free(&m);
}

static void t_prefix(void)
{
  const char list[] = "exam\0example\0ex:\0";
  struct constmap m = CONSTMAP_ZERO;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(get(&m, "exam", 0) != 0);
  CHECK(get(&m, "example", 0) != 0);
  CHECK(get(&m, "examp", 0) == 0);
  CHECK(get(&m, "ex", 0) == 0);
  CHECK(get(&m, "ex:", 0) != 0);
  CHECK(constmap_get(&m, "example", 4, 0) != 0);  /* klen, not strlen */
  CHECK(constmap_get(&m, "examplex", 7, 0) != 0);
  constmap_free(&m);
}

/* ":value" is virtualdomains' catch-all: the empty key */
static void t_empty_key(void)
{
  const char list[] = "example.com:alice\0:catchall\0";
  const char plain[] = "a\0\0b\0";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 1) == 1);
  v = constmap_get(&m, "", 0, &vlen);
  CHECK(is(v, vlen, "catchall"));
  v = constmap_get(&m, 0, 0, &vlen);
  CHECK(is(v, vlen, "catchall"));
  CHECK(dom(&m, "") != 0);
  constmap_free(&m);
  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(constmap_get(&m, "", 0, 0) == 0);
  constmap_free(&m);
  CHECK(constmap_init(&m, plain, sizeof plain - 1, 0) == 1);
  CHECK(m.n == 3 && constmap_get(&m, "", 0, 0) != 0);
  constmap_free(&m);
}

static void t_empty(void)
{
  struct constmap m = CONSTMAP_ZERO;
  struct constmap z = CONSTMAP_ZERO;

  CHECK(get(&z, "x", 0) == 0);                /* never initialised */
  CHECK(constmap_get(&z, "", 0, 0) == 0);
  CHECK(constmap_init(&m, 0, 0, 0) == 1);
  CHECK(m.n == 0 && m.nheads == 1);
  CHECK(get(&m, "x", 0) == 0);
  CHECK(constmap_get(&m, "", 0, 0) == 0);
  CHECK(dom(&m, "a.b") == 0);
  constmap_free(&m);
  constmap_free(&m);                          /* twice is harmless */
  CHECK(m.entries == 0 && m.heads == 0);
  CHECK(constmap_init(&m, "", 0, 1) == 1 && m.n == 0);
  constmap_free(&m);
  CHECK(constmap_init(&m, "nocolon\0", 8, 1) == 1 && m.n == 0);
  CHECK(get(&m, "nocolon", 0) == 0);
  constmap_free(&m);
}

/* len is authoritative: the last entry needs no NUL */
static void t_unterminated(void)
{
  const char list[] = "a\0b:vv";
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(constmap_init(&m, list, sizeof list - 1, 0) == 1);
  CHECK(get(&m, "a", 0) != 0 && get(&m, "b:vv", 0) != 0 && m.n == 2);
  constmap_free(&m);
  CHECK(constmap_init(&m, list, sizeof list - 1, 1) == 1);
  v = get(&m, "b", &vlen);
  CHECK(is(v, vlen, "vv"));
  constmap_free(&m);
  CHECK(constmap_init(&m, list, 4, 1) == 1);      /* "b:" cut short */
  v = get(&m, "b", &vlen);
  CHECK(v != 0 && vlen == 0);
  constmap_free(&m);
  CHECK(constmap_init(&m, list, 3, 0) == 1);      /* "b" cut short */
  CHECK(get(&m, "b", 0) != 0 && get(&m, "b:", 0) == 0);
  constmap_free(&m);
}

static void t_many(void)
{
  struct sa list = SA_ZERO;
  struct constmap m = CONSTMAP_ZERO;
  char key[64];
  char want[64];
  size_t i;
  size_t vlen;
  int ok = 1;

  for (i = 0; i < 10000; ++i) {
    int n = snprintf(key, sizeof key, "Host%zu.Example:v%zu", i, i * 7);
    if (n < 0 || !sa_catb(&list, key, (size_t)n) || !sa_0(&list)) ok = 0;
  }
  CHECK(ok);
  CHECK(constmap_init(&m, list.s, list.len, 1) == 1);
  CHECK(m.n == 10000 && m.nheads >= m.n && (m.nheads & (m.nheads - 1)) == 0);
  for (i = 0; i < 10000; ++i) {
    const char *v;
    int n = snprintf(key, sizeof key, "host%zu.EXAMPLE", i);
    snprintf(want, sizeof want, "v%zu", i * 7);
    v = constmap_get(&m, key, (size_t)n, &vlen);
    if (!is(v, vlen, want)) ok = 0;
  }
  CHECK(ok);
  CHECK(get(&m, "host10000.example", 0) == 0);
  CHECK(get(&m, "host1.example.", 0) == 0);
  constmap_free(&m);
  sa_free(&list);
}

/* the list ctl_parselist makes is what constmap_init takes */
static void t_from_ctl(void)
{
  const char file[] = "# virtualdomains\r\nExample.com:alice \r\n\n"
                      ":catchall\nexample.com:bob\n";
  struct sa list = SA_ZERO;
  struct constmap m = CONSTMAP_ZERO;
  size_t vlen;
  const char *v;

  CHECK(ctl_parselist(file, sizeof file - 1, &list) == 1);
  CHECK(constmap_init(&m, list.s, list.len, 1) == 1);
  v = get(&m, "EXAMPLE.COM", &vlen);
  CHECK(is(v, vlen, "alice"));
  v = constmap_get(&m, "", 0, &vlen);
  CHECK(is(v, vlen, "catchall"));
  CHECK(m.n == 2);
  constmap_free(&m);
  sa_free(&list);
}

int main(void)
{
  TEST(t_case);
  TEST(t_case_ascii_only);
  TEST(t_split);
  TEST(t_nosplit_value);
  TEST(t_duplicates);
  TEST(t_domain);
  TEST(t_domain_values);
  TEST(t_prefix);
  TEST(t_empty_key);
  TEST(t_empty);
  TEST(t_unterminated);
  TEST(t_many);
  TEST(t_from_ctl);
  return t_done();
}

/* qmail-remote-route.c - where qmail-remote connects: smtproutes,
 * address literals, MX records and their addresses, the ipme check
 *
 * SECURITY: the DNS answers are strangers' data, read by dnsmsg.c; what
 * comes out of here is a list of addresses with preferences, bounded
 * by LIM_REMOTE_ADDRS, and nothing of the answers reaches a report but
 * addresses formatted by inet_ntop. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include "dns.h"
#include "qmail-remote.h"
#include "scan.h"
#include "str.h"

static const unsigned char mapped[12] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* ------------------------------------------------------- smtproutes */

/* settext - t->host is p[0..n), NUL-terminated, the NUL not counted */
static int settext(struct remote_target *t, const char *p, size_t n)
{
  if (!sa_copyb(&t->host, p, n) || !sa_0(&t->host)) return 0;
  --t->host.len;
  return 1;
}

/* relayvalue - "relay", "relay:port", "[literal]" or "[literal]:port" */
static int relayvalue(const char *v, size_t n, struct remote_target *t)
{
  size_t hostlen;
  size_t port;

  if (v[0] == '[') {
    hostlen = byte_chr(v, n, ']');
    if (hostlen == n) goto bad;
    ++hostlen;
  } else {
    hostlen = byte_chr(v, n, ':');
  }
  if (hostlen == 0) goto bad;
  if (hostlen < n) {
    if (v[hostlen] != ':' ||
        !scan_sizeb(v + hostlen + 1, n - hostlen - 1, &port, 65535) ||
        port == 0)
      goto bad;
    t->port = port;
  }
  t->relay = 1;
  return settext(t, v, hostlen);
bad:
  errno = EINVAL;
  return 0;
}

int remote_route(const struct constmap *routes, const char *host,
                 struct remote_target *t)
{
  size_t len = strlen(host);
  size_t vlen = 0;
  const char *v = constmap_get(routes, host, len, &vlen);
  size_t i;

  /* qmail's order: the host, ".suffix" at each dot, then ":relay" */
  for (i = 0; !v && i < len; ++i)
    if (host[i] == '.') v = constmap_get(routes, host + i, len - i, &vlen);
  if (!v) v = constmap_get(routes, "", 0, &vlen);
  t->relay = 0;
  t->port = 25;
  t->host.len = 0;
  if (v && vlen) return relayvalue(v, vlen, t);
  return settext(t, host, len);
}

/* --------------------------------------------------------- addresses */

int remote_literal(const char *s, size_t n, int bare, unsigned char *ip)
{
  char text[64];
  struct in_addr a4;

  if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
    ++s;
    n -= 2;
    if (n >= 5 && case_startb(s, n, "IPv6:")) {
      if (n - 5 >= sizeof text) return 0;
      memcpy(text, s + 5, n - 5);
      text[n - 5] = 0;
      return inet_pton(AF_INET6, text, ip) == 1;
    }
  } else if (!bare) {
    return 0;
  }
  if (n >= sizeof text) return 0;
  memcpy(text, s, n);
  text[n] = 0;
  if (inet_pton(AF_INET, text, &a4) == 1) {
    memcpy(ip, mapped, 12);
    memcpy(ip + 12, &a4, 4);
    return 1;
  }
  return inet_pton(AF_INET6, text, ip) == 1;
}

/* add - one address, unless it is there already or the list is full */
static void add(struct remote_addrs *out, const unsigned char *ip,
                unsigned long pref)
{
  size_t i;
  for (i = 0; i < out->n; ++i)
    if (!memcmp(out->a[i].ip, ip, 16)) return;
  if (out->n >= LIM_REMOTE_ADDRS) return;
  memcpy(out->a[out->n].ip, ip, 16);
  out->a[out->n].pref = pref;
  ++out->n;
}

static struct dns_rrset mxset;
static struct dns_rrset ipset;
static struct dns_rr sorted[LIM_DNS_RRS];

/* hostaddrs - AAAA then A of name: 1 looked up, -1 a lookup failed
 * for now (what was found is kept) */
static int hostaddrs(const unsigned char *name, unsigned long pref,
                     struct remote_addrs *out)
{
  unsigned char ip[16];
  size_t i;
  int r = dns_lookup(name, DNS_T_AAAA, &ipset);
  int soft = r == -1;

  if (r == 1)
    for (i = 0; i < ipset.n; ++i) add(out, ipset.rr[i].data, pref);
  if (r == 0) return 1;                 /* no such name: no A either */
  r = dns_lookup(name, DNS_T_A, &ipset);
  if (r == -1) soft = 1;
  if (r == 1)
    for (i = 0; i < ipset.n; ++i) {
      memcpy(ip, mapped, 12);
      memcpy(ip + 12, ipset.rr[i].data, 4);
      add(out, ip, pref);
    }
  return soft ? -1 : 1;
}

void remote_mxsort(struct dns_rr *mx, size_t n, const unsigned char *random)
{
  size_t order[LIM_DNS_RRS];
  size_t i;

  if (n > LIM_DNS_RRS) n = LIM_DNS_RRS;
  for (i = 0; i < n; ++i) {
    size_t j = i;
    /* insertion sort on (preference, random byte, position) */
    while (j > 0) {
      const struct dns_rr *a = &mx[order[j - 1]];
      if (a->pref < mx[i].pref) break;
      if (a->pref == mx[i].pref && random[order[j - 1]] <= random[i]) break;
      order[j] = order[j - 1];
      --j;
    }
    order[j] = i;
  }
  for (i = 0; i < n; ++i) sorted[i] = mx[order[i]];
  for (i = 0; i < n; ++i) mx[i] = sorted[i];
}

int remote_resolve(const struct remote_target *t, struct remote_addrs *out)
{
  unsigned char name[DNS_NAMEMAX];
  unsigned char ip[16];
  unsigned char random[LIM_DNS_RRS];
  size_t i;
  size_t tried = 0;
  int r;

  out->n = 0;
  if (remote_literal(t->host.s, t->host.len, t->relay, ip)) {
    add(out, ip, 0);
    return RESOLVE_OK;
  }
  if (!dns_name_fromtext(name, t->host.s, t->host.len) ||
      dns_name_isroot(name))
    return RESOLVE_BADNAME;
  if (t->relay) {
    /* an smtproutes relay is a host, not a domain: no MX */
    hostaddrs(name, 0, out);
    return out->n ? RESOLVE_OK : RESOLVE_TEMP;
  }
  r = dns_lookup(name, DNS_T_MX, &mxset);
  if (r == -1) return RESOLVE_TEMP;
  if (r == 0) return RESOLVE_NOHOST;
  if (mxset.n == 0) {
    /* RFC 5321 5.1: no MX, so the domain is its own mail exchanger */
    if (hostaddrs(name, 0, out) == -1 && !out->n) return RESOLVE_TEMP;
    return out->n ? RESOLVE_OK : RESOLVE_NOADDR;
  }
  if (mxset.n == 1 && dns_name_isroot(mxset.rr[0].data))
    return RESOLVE_NULLMX;                /* RFC 7505 */
  if (dns_random(random, mxset.n) == -1) memset(random, 0, sizeof random);
  remote_mxsort(mxset.rr, mxset.n, random);
  for (i = 0; i < mxset.n && tried < LIM_DNS_MX; ++i) {
    /* a "." among other MX records takes no mail; the others may */
    if (dns_name_isroot(mxset.rr[i].data)) continue;
    ++tried;
    hostaddrs(mxset.rr[i].data, mxset.rr[i].pref, out);
  }
  /* mail exchangers without addresses: a fault someone will mend */
  return out->n ? RESOLVE_OK : RESOLVE_TEMP;
}

/* ------------------------------------------------------------- ipme */

int ipme_load(struct sa *me)
{
  struct ifaddrs *list;
  struct ifaddrs *i;
  unsigned char ip[16];

  me->len = 0;
  if (getifaddrs(&list) == -1) return 0;
  for (i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      const struct sockaddr_in *s4 = (const struct sockaddr_in *)(void *)i->ifa_addr;
      memcpy(ip, mapped, 12);
      memcpy(ip + 12, &s4->sin_addr, 4);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(void *)i->ifa_addr;
      memcpy(ip, &s6->sin6_addr, 16);
    } else {
      continue;
    }
    if (!sa_catb(me, (const char *)ip, 16)) {
      freeifaddrs(list);
      return 0;
    }
  }
  freeifaddrs(list);
  return 1;
}

int ipme_is(const struct sa *me, const unsigned char *ip)
{
  static const unsigned char zero[16];
  size_t i;

  /* connecting to these reaches this host whatever the interfaces say:
   * 0.0.0.0, 127.0.0.0/8, :: and ::1 */
  if (!memcmp(ip, mapped, 12) && (ip[12] == 127 || !memcmp(ip + 12, zero, 4)))
    return 1;
  if (!memcmp(ip, zero, 15) && (ip[15] == 0 || ip[15] == 1)) return 1;
  for (i = 0; i + 16 <= me->len; i += 16)
    if (!memcmp(me->s + i, ip, 16)) return 1;
  return 0;
}

size_t remote_ipme(struct remote_addrs *a, const struct sa *me)
{
  unsigned long prefme = (unsigned long)-1;
  int found = 0;
  size_t i;
  size_t kept = 0;

  for (i = 0; i < a->n; ++i)
    if (ipme_is(me, a->a[i].ip) && (!found || a->a[i].pref < prefme)) {
      prefme = a->a[i].pref;
      found = 1;
    }
  if (!found) return a->n;
  /* only mail exchangers better than we are: the others would hand
   * the message back to us, or are us */
  for (i = 0; i < a->n; ++i)
    if (a->a[i].pref < prefme) a->a[kept++] = a->a[i];
  a->n = kept;
  return kept;
}

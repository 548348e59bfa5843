/* qmail-send-rw.c - qmail-send's pure logic: rewriting, VERP, bounce
 * paragraphs, the retry schedule (qmail-send(8), qmail-control(5)) */
#include <string.h>
#include "qmail-send.h"
#include "str.h"

int send_senderadd(struct sa *out, const char *sender, const char *recip)
{
  size_t len = strlen(sender);
  const char *rat = strrchr(recip, '@');

  out->len = 0;
  if (len >= 4 && !strcmp(sender + len - 4, "-@[]") && rat) {
    size_t at = byte_rchr(sender, len - 4, '@');
    if (at + 5 <= len)
      return sa_catb(out, sender, at) &&
             sa_catb(out, recip, (size_t)(rat - recip)) &&
             sa_append(out, '=') && sa_cats(out, rat + 1) &&
             sa_append(out, '@') &&
             sa_catb(out, sender + at + 1, len - 5 - at);
  }
  return sa_cats(out, sender);
}

const char *send_stripvdom(const struct constmap *vdoms, const char *recip)
{
  const char *at = strrchr(recip, '@');
  const char *domain;
  size_t dlen;
  size_t i;

  if (!at) return recip;
  domain = at + 1;
  dlen = strlen(domain);
  for (i = 0; i <= dlen; ++i) {
    const char *prepend;
    size_t plen;
    if (!(i == 0 || i == dlen || domain[i] == '.')) continue;
    prepend = constmap_get(vdoms, domain + i, dlen - i, &plen);
    if (!prepend) continue;
    if (!plen) break;
    if (strncmp(recip, prepend, plen) || recip[plen] != '-') break;
    return recip + plen + 1;
  }
  return recip;
}

/* send_bouncetext - "<recip>:", the report, a blank line.  A newline in
 * the address becomes "_"; a blank line inside the report becomes "/",
 * so the paragraph stays one paragraph (QSBMF section 2). */
int send_bouncetext(struct sa *out, const char *recip, const char *report)
{
  size_t start = out->len;
  size_t i;
  size_t rlen = strlen(report);

  if (!sa_append(out, '<')) return 0;
  for (i = 0; recip[i]; ++i)
    if (!sa_append(out, recip[i] == '\n' ? '_' : recip[i])) return 0;
  if (!sa_cats(out, ">:\n") || !sa_catb(out, report, rlen)) return 0;
  if (rlen && report[rlen - 1] != '\n' && !sa_append(out, '\n')) return 0;
  for (i = out->len - 1; i > start + 1; --i)
    if (out->s[i - 1] == '\n' && out->s[i - 2] == '\n') out->s[i - 1] = '/';
  return sa_append(out, '\n');
}

unsigned long send_isqrt(unsigned long x)
{
  unsigned long lo = 0;
  unsigned long hi = x < 0xffffffffUL ? x + 1 : 0x100000000UL;

  /* the largest r with r * r <= x, by bisection: no floating point */
  while (hi - lo > 1) {
    unsigned long mid = lo + (hi - lo) / 2;
    if (mid <= x / mid) lo = mid;
    else hi = mid;
  }
  return lo;
}

time_t send_nextretry(time_t birth, time_t now, int skip)
{
  unsigned long n = 0;
  if (birth <= now) n = send_isqrt((unsigned long)(now - birth));
  n += (unsigned long)skip;
  return birth + (time_t)(n * n);
}

/* atext - RFC 5322 atext, with bytes over 127 as RFC 6532 3.2 has it */
static int atext(unsigned char c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return 1;
  if (c >= 128) return 1;
  return c && strchr("!#$%&'*+-/=?^_`{|}~", c) != 0;
}

/* send_quote - addr fit for a header field: the local part quoted when
 * it is not a dot-atom (RFC 5322 3.4.1), and control bytes as "_", so
 * no sender can add lines to a bounce's header */
int send_quote(struct sa *out, const char *addr)
{
  size_t len = strlen(addr);
  size_t at = byte_rchr(addr, len, '@');
  size_t i;
  int quote = at == 0;

  out->len = 0;
  for (i = 0; i < at && !quote; ++i) {
    unsigned char c = (unsigned char)addr[i];
    if (c == '.') {
      if (i == 0 || i + 1 == at || addr[i + 1] == '.') quote = 1;
    } else if (!atext(c)) {
      quote = 1;
    }
  }
  if (quote && !sa_append(out, '"')) return 0;
  for (i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)addr[i];
    if (i == at && quote && !sa_append(out, '"')) return 0;
    if (c < 32 || c == 127) c = '_';
    else if (quote && i < at && (c == '"' || c == '\\') && !sa_append(out, '\\'))
      return 0;
    if (!sa_append(out, (char)c)) return 0;
  }
  if (quote && at == len && !sa_append(out, '"')) return 0;
  return sa_0(out);
}

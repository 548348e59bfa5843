/* fz-dnsmsg.c - fuzz the DNS answer parser: dnsmsg_answer on a message
 * whose id and question are taken from the message itself (so the
 * fuzzer reaches the records), for each type qmail-remote asks; every
 * answer accepted must hold only records of the right shape, and every
 * name read must be a valid name that survives the text round trip */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "dnsmsg.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dns_rrset out;

/* valid - a wire-form name of at most DNS_NAMEMAX bytes, sane labels */
static void valid(const unsigned char *name)
{
  size_t pos = 0;
  while (name[pos]) {
    if (name[pos] > DNS_LABELMAX) abort();
    pos += 1 + (size_t)name[pos];
    if (pos >= DNS_NAMEMAX) abort();
  }
  if (dns_name_len(name) != pos + 1) abort();
}

/* roundtrip - text and back gives the same name (when the text is
 * plain enough for dns_name_fromtext to take) */
static void roundtrip(const unsigned char *name)
{
  struct sa text = SA_ZERO;
  unsigned char again[DNS_NAMEMAX];
  size_t i;
  int plain = 1;

  if (!dns_name_totext(&text, name)) abort();
  for (i = 0; i < text.len; ++i)
    if (text.s[i] == '\\') plain = 0;
  if (plain && dns_name_fromtext(again, text.s, text.len) &&
      !dns_name_equal(again, name))
    abort();
  sa_free(&text);
}

static void answer(const uint8_t *p, size_t n, uint16_t id,
                   const unsigned char *qname, uint16_t qtype)
{
  size_t i;
  int r;

  errno = 0;
  r = dnsmsg_answer(p, n, id, qname, qtype, &out);
  if (r == -1 && errno != EPROTO && errno != ELOOP) abort();
  if (r != 1) return;
  if (out.truncated) return;
  if (out.n > LIM_DNS_RRS) abort();
  valid(out.owner);
  roundtrip(out.owner);
  if (!out.aliased && !dns_name_equal(out.owner, qname)) abort();
  for (i = 0; i < out.n; ++i) {
    const struct dns_rr *rr = &out.rr[i];
    if (qtype == DNS_T_A && rr->len != 4) abort();
    if (qtype == DNS_T_AAAA && rr->len != 16) abort();
    if (qtype == DNS_T_MX) {
      valid(rr->data);
      if (rr->len != dns_name_len(rr->data) || rr->pref > 65535) abort();
      roundtrip(rr->data);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const uint16_t types[] = { DNS_T_MX, DNS_T_A, DNS_T_AAAA };
  unsigned char qname[DNS_NAMEMAX];
  size_t pos;
  size_t i;

  /* every offset as the start of a name: bounded, valid, or EPROTO */
  for (pos = 0; pos < size && pos < 512; ++pos) {
    size_t at = pos;
    unsigned char name[DNS_NAMEMAX];
    errno = 0;
    if (dnsmsg_getname(data, size, &at, name)) {
      if (at <= pos || at > size) abort();
      valid(name);
    } else if (errno != EPROTO) {
      abort();
    }
  }
  /* the question as the message states it, so that the records count */
  pos = DNS_HDRLEN;
  if (size < DNS_HDRLEN || !dnsmsg_getname(data, size, &pos, qname))
    dns_name_fromtext(qname, "example.com", 11);
  for (i = 0; i < sizeof types / sizeof types[0]; ++i)
    answer(data, size, size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0,
           qname, types[i]);
  return 0;
}

/* dnsmsg.c - DNS messages (RFC 1035 4.1), built and read strictly
 *
 * What the header leaves open, decided here:
 * - A response must have QR set, opcode 0 and exactly one question;
 *   one that does not match the query (id, name, type, class IN) is
 *   someone else's answer (0), never an error of ours.
 * - Label bytes 0x40 and 0x80 (RFC 6891 extended label types) are
 *   EPROTO: no server sends them in answers to our questions.
 * - A compression pointer must point strictly before the position of
 *   the pointer itself, and at most DNS_PTRMAX are followed per name:
 *   together they make every decompression end.
 * - Records of other classes and other types are walked (every length
 *   checked) but not kept; so are the authority and additional
 *   sections.  Glue in the additional section is not trusted.
 * - The CNAME chain is followed inside the answer section only, from
 *   the question's name, at most LIM_DNS_CNAME links; a longer chain
 *   (a loop, most likely) is ELOOP.  The caller asks again for the end
 *   of the chain when the answer holds no records for it. */
#include <errno.h>
#include <string.h>
#include "dnsmsg.h"

static unsigned int get16(const unsigned char *p)
{
  return ((unsigned int)p[0] << 8) | p[1];
}

static int lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int proto(void)
{
  errno = EPROTO;
  return 0;
}

static int malformed(void)
{
  errno = EPROTO;
  return -1;
}

int dns_name_fromtext(unsigned char *out, const char *s, size_t n)
{
  size_t len = 0;
  size_t i = 0;

  if (n == 1 && s[0] == '.') {
    out[0] = 0;
    return 1;
  }
  if (n && s[n - 1] == '.') --n;
  if (n == 0) goto bad;
  while (i <= n) {
    size_t start = i;
    while (i < n && s[i] != '.') {
      unsigned char c = (unsigned char)s[i];
      if (c < 0x21 || c > 0x7e) goto bad;
      ++i;
    }
    /* room for this label, its length byte and the root label */
    if (i == start || i - start > DNS_LABELMAX) goto bad;
    if (len + 1 + (i - start) + 1 > DNS_NAMEMAX) goto bad;
    out[len++] = (unsigned char)(i - start);
    memcpy(out + len, s + start, i - start);
    len += i - start;
    ++i;                                        /* the dot, or the end */
  }
  out[len] = 0;
  return 1;
bad:
  errno = EINVAL;
  return 0;
}

int dns_name_totext(struct sa *out, const unsigned char *name)
{
  size_t pos = 0;

  if (!name[0]) return sa_append(out, '.');
  while (name[pos]) {
    size_t len = name[pos++];
    size_t i;
    if (pos > 1 && !sa_append(out, '.')) return 0;
    for (i = 0; i < len; ++i) {
      unsigned char c = name[pos + i];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_') {
        if (!sa_append(out, (char)c)) return 0;
      } else {
        char o[4];
        o[0] = '\\';
        o[1] = (char)('0' + (c >> 6));
        o[2] = (char)('0' + ((c >> 3) & 7));
        o[3] = (char)('0' + (c & 7));
        if (!sa_catb(out, o, 4)) return 0;
      }
    }
    pos += len;
  }
  return 1;
}

size_t dns_name_len(const unsigned char *name)
{
  size_t pos = 0;
  while (name[pos]) pos += (size_t)name[pos] + 1;
  return pos + 1;
}

int dns_name_equal(const unsigned char *a, const unsigned char *b)
{
  size_t len = dns_name_len(a);
  size_t i;

  if (len != dns_name_len(b)) return 0;
  /* length bytes are at most 63, below 'A': lowering them is harmless,
   * and equal lengths at equal places follow from comparing them */
  for (i = 0; i < len; ++i)
    if (lower(a[i]) != lower(b[i])) return 0;
  return 1;
}

int dns_name_isroot(const unsigned char *name)
{
  return name[0] == 0;
}

size_t dnsmsg_query(unsigned char *out, uint16_t id,
                    const unsigned char *qname, uint16_t qtype)
{
  size_t len = dns_name_len(qname);

  out[0] = (unsigned char)(id >> 8);
  out[1] = (unsigned char)id;
  out[2] = 0x01;                    /* QR 0, opcode 0, RD 1 */
  out[3] = 0;
  out[4] = 0;
  out[5] = 1;                       /* one question */
  memset(out + 6, 0, 6);
  memcpy(out + DNS_HDRLEN, qname, len);
  out[DNS_HDRLEN + len] = (unsigned char)(qtype >> 8);
  out[DNS_HDRLEN + len + 1] = (unsigned char)qtype;
  out[DNS_HDRLEN + len + 2] = 0;
  out[DNS_HDRLEN + len + 3] = DNS_C_IN;
  return DNS_HDRLEN + len + 4;
}

int dnsmsg_getname(const unsigned char *p, size_t n, size_t *pos,
                   unsigned char *name)
{
  size_t at = *pos;         /* where the next label is read */
  size_t len = 0;           /* bytes of name so far */
  size_t after = 0;         /* where *pos goes: past the first pointer */
  size_t limit = at;        /* a pointer must point before this */
  unsigned int ptrs = 0;

  for (;;) {
    unsigned int c;
    if (at >= n) return proto();
    c = p[at];
    if ((c & 0xc0) == 0xc0) {
      size_t to;
      if (at + 1 >= n) return proto();
      to = ((size_t)(c & 0x3f) << 8) | p[at + 1];
      if (!ptrs) after = at + 2;
      if (++ptrs > DNS_PTRMAX) return proto();
      /* SECURITY: strictly backwards, so every walk ends */
      if (to >= limit) return proto();
      limit = to;
      at = to;
      continue;
    }
    if (c & 0xc0) return proto();     /* 0x40, 0x80: not for us */
    if (c > n - at - 1) return proto();
    if (len + 1 + c > DNS_NAMEMAX) return proto();
    name[len++] = (unsigned char)c;
    if (c == 0) break;
    memcpy(name + len, p + at + 1, c);
    len += c;
    at += 1 + c;
  }
  *pos = ptrs ? after : at + 1;
  return 1;
}

struct rrhead {
  unsigned char name[DNS_NAMEMAX];
  unsigned int type;
  unsigned int class;
  size_t rdpos;             /* offset of RDATA in the message */
  size_t rdlen;
};

/* rrnext - the record at *pos; *pos moves past its RDATA */
static int rrnext(const unsigned char *p, size_t n, size_t *pos,
                  struct rrhead *h)
{
  if (!dnsmsg_getname(p, n, pos, h->name)) return 0;
  if (n - *pos < 10) return proto();
  h->type = get16(p + *pos);
  h->class = get16(p + *pos + 2);
  h->rdlen = get16(p + *pos + 8);
  h->rdpos = *pos + 10;
  if (h->rdlen > n - h->rdpos) return proto();
  *pos = h->rdpos + h->rdlen;
  return 1;
}

/* rdname - the name that must fill RDATA from off to its end */
static int rdname(const unsigned char *p, size_t n, const struct rrhead *h,
                  size_t off, unsigned char *name)
{
  size_t pos = h->rdpos + off;
  if (off > h->rdlen) return proto();
  if (!dnsmsg_getname(p, n, &pos, name)) return 0;
  if (pos != h->rdpos + h->rdlen) return proto();
  return 1;
}

/* checkrr - the RDATA of the types we read has exactly their shape */
static int checkrr(const unsigned char *p, size_t n, const struct rrhead *h)
{
  unsigned char name[DNS_NAMEMAX];

  if (h->class != DNS_C_IN) return 1;
  switch (h->type) {
  case DNS_T_A: return h->rdlen == 4 ? 1 : proto();
  case DNS_T_AAAA: return h->rdlen == 16 ? 1 : proto();
  case DNS_T_CNAME: return rdname(p, n, h, 0, name);
  case DNS_T_MX: return rdname(p, n, h, 2, name);
  }
  return 1;
}

/* header - check the header and the question; 1 ours, 0 not, -1 bad.
 * *pos is left after the question. */
static int header(const unsigned char *p, size_t n, uint16_t id,
                  const unsigned char *qname, uint16_t qtype, size_t *pos)
{
  unsigned char name[DNS_NAMEMAX];

  if (n < DNS_HDRLEN) return malformed();
  if (get16(p) != id) return 0;
  if (!(p[2] & 0x80)) return 0;                 /* a query, not an answer */
  if ((p[2] >> 3) & 0x0f) return 0;             /* another opcode */
  /* a response without the question (FORMERR, some NOTIMP) is not
   * matched to ours: as if it never came, the query times out */
  if (get16(p + 4) != 1) return 0;
  *pos = DNS_HDRLEN;
  if (!dnsmsg_getname(p, n, pos, name)) return -1;
  if (n - *pos < 4) return malformed();
  if (get16(p + *pos) != qtype || get16(p + *pos + 2) != DNS_C_IN) return 0;
  if (!dns_name_equal(name, qname)) return 0;
  *pos += 4;
  return 1;
}

/* keep - one record of the type asked for, owned by the chain's end */
static int keep(const unsigned char *p, size_t n, const struct rrhead *h,
                struct dns_rrset *out)
{
  struct dns_rr *r;

  if (out->n >= LIM_DNS_RRS) {
    ++out->dropped;
    return 1;
  }
  r = &out->rr[out->n];
  r->pref = 0;
  if (h->type == DNS_T_MX) {
    r->pref = get16(p + h->rdpos);
    if (!rdname(p, n, h, 2, r->data)) return 0;
    r->len = dns_name_len(r->data);
  } else {
    if (h->rdlen > sizeof r->data) {        /* not a type we read */
      ++out->dropped;
      return 1;
    }
    memcpy(r->data, p + h->rdpos, h->rdlen);
    r->len = h->rdlen;
  }
  ++out->n;
  return 1;
}

/* follow - move out->owner along the CNAME records of the answer */
static int follow(const unsigned char *p, size_t n, size_t anpos,
                  unsigned int ancount, struct dns_rrset *out)
{
  struct rrhead h;
  unsigned int links;

  for (links = 0; links <= LIM_DNS_CNAME; ++links) {
    size_t pos = anpos;
    unsigned int i;
    int moved = 0;
    for (i = 0; i < ancount; ++i) {
      if (!rrnext(p, n, &pos, &h)) return 0;
      if (h.type != DNS_T_CNAME || h.class != DNS_C_IN) continue;
      if (!dns_name_equal(h.name, out->owner)) continue;
      if (!rdname(p, n, &h, 0, out->owner)) return 0;
      out->aliased = 1;
      moved = 1;
      break;
    }
    if (!moved) return 1;
  }
  errno = ELOOP;
  return 0;
}

int dnsmsg_answer(const unsigned char *p, size_t n, uint16_t id,
                  const unsigned char *qname, uint16_t qtype,
                  struct dns_rrset *out)
{
  struct rrhead h;
  size_t pos;
  size_t anpos;
  unsigned int ancount;
  unsigned long total;
  unsigned long i;
  int r = header(p, n, id, qname, qtype, &pos);

  if (r != 1) return r;
  out->rcode = p[3] & 0x0f;
  out->truncated = (p[2] & 0x02) != 0;
  out->aliased = 0;
  out->n = 0;
  out->dropped = 0;
  memcpy(out->owner, qname, dns_name_len(qname));
  if (out->truncated) return 1;

  ancount = get16(p + 6);
  total = (unsigned long)ancount + get16(p + 8) + get16(p + 10);
  anpos = pos;
  /* every record of every section is walked and checked */
  for (i = 0; i < total; ++i) {
    if (!rrnext(p, n, &pos, &h)) return -1;
    if (!checkrr(p, n, &h)) return -1;
  }
  if (pos != n) return malformed();             /* bytes after the end */

  if (!follow(p, n, anpos, ancount, out)) return -1;
  pos = anpos;
  for (i = 0; i < ancount; ++i) {
    if (!rrnext(p, n, &pos, &h)) return -1;
    if (h.type != qtype || h.class != DNS_C_IN) continue;
    if (!dns_name_equal(h.name, out->owner)) continue;
    if (!keep(p, n, &h, out)) return -1;
  }
  return 1;
}

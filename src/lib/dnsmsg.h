/* dnsmsg.h - DNS messages (RFC 1035 4.1), built and read strictly
 *
 * A pure module: bytes in, structures out; no sockets, no memory
 * allocation.  Names are kept in wire form (RFC 1035 3.1): labels, each
 * a length byte 1-63 and its bytes, ending in the empty label; at most
 * DNS_NAMEMAX bytes in all.  They compare without regard to ASCII case
 * (RFC 4343).  Keeping the wire form means a label that holds a '.'
 * can never be mistaken for two labels.
 *
 * Reading an answer checks every length and every compression pointer
 * against the message: a pointer must point before the name that holds
 * it (so decompression always ends) and a name may follow at most
 * DNS_PTRMAX of them; RDATA of A, AAAA, CNAME and MX must be exactly
 * its type's shape; every section must be whole, and nothing may follow
 * the last record.  A message that breaks any rule is EPROTO. */
#ifndef DNSMSG_H
#define DNSMSG_H

#include <stddef.h>
#include <stdint.h>
#include "bounds.h"
#include "sa.h"

#define DNS_NAMEMAX 255     /* RFC 1035 3.1: a name in wire form */
#define DNS_LABELMAX 63     /* RFC 1035 3.1: one label */
#define DNS_HDRLEN 12
#define DNS_PTRMAX 64       /* compression pointers followed in one name */
/* a query: header, a name, type and class */
#define DNS_QUERYMAX (DNS_HDRLEN + DNS_NAMEMAX + 4)

#define DNS_T_A 1
#define DNS_T_NS 2
#define DNS_T_CNAME 5
#define DNS_T_SOA 6
#define DNS_T_MX 15
#define DNS_T_TXT 16
#define DNS_T_AAAA 28
#define DNS_C_IN 1

#define DNS_RCODE_NOERROR 0
#define DNS_RCODE_FORMERR 1
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NXDOMAIN 3
#define DNS_RCODE_NOTIMP 4
#define DNS_RCODE_REFUSED 5

/* one record of an answer: A (4 bytes), AAAA (16 bytes) or MX (a name
 * in wire form, with its preference) */
struct dns_rr {
  unsigned int pref;                  /* MX only */
  size_t len;                         /* bytes of data */
  unsigned char data[DNS_NAMEMAX];
};

/* what an answer says about one question (dnsmsg_answer) */
struct dns_rrset {
  int rcode;          /* DNS_RCODE_* */
  int truncated;      /* TC: nothing else was read; ask again over TCP */
  int aliased;        /* the question's name is an alias (CNAME) */
  unsigned char owner[DNS_NAMEMAX];   /* the name the records belong to:
                                       * the end of the CNAME chain */
  size_t n;           /* records of the type asked for, owned by owner */
  size_t dropped;     /* more records than LIM_DNS_RRS: not kept */
  struct dns_rr rr[LIM_DNS_RRS];
};

/* dns_name_fromtext - "mx.example.com" (a final dot allowed) to wire
 * form in out (DNS_NAMEMAX bytes): 1, or 0 with errno EINVAL for an
 * empty label, a label over 63 bytes, a name over 255 bytes, or a byte
 * outside 0x21-0x7e.  "." alone is the root. */
int dns_name_fromtext(unsigned char *out, const char *s, size_t n);
/* dns_name_totext - append the name as text, no final dot; bytes that
 * are not letters, digits, '-' or '_' are written \ooo; the root is ".".
 * 1, or 0 with errno */
int dns_name_totext(struct sa *out, const unsigned char *name);
/* dns_name_len - bytes of a valid wire-form name, the final 0 included */
size_t dns_name_len(const unsigned char *name);
int dns_name_equal(const unsigned char *a, const unsigned char *b);
int dns_name_isroot(const unsigned char *name);

/* dnsmsg_query - a standard query with recursion desired for qname and
 * qtype (class IN) into out (DNS_QUERYMAX bytes); returns its length */
size_t dnsmsg_query(unsigned char *out, uint16_t id,
                    const unsigned char *qname, uint16_t qtype);

/* dnsmsg_getname - the possibly compressed name at *pos of p[0..n)
 * into name (DNS_NAMEMAX bytes); *pos moves past it.  1, or 0 with
 * errno EPROTO */
int dnsmsg_getname(const unsigned char *p, size_t n, size_t *pos,
                   unsigned char *name);

/* dnsmsg_answer - read p[0..n) as the answer to the query id, qname,
 * qtype.  1: it is one (out filled, see struct dns_rrset); 0: it is
 * well formed but answers another query (wrong id, not a response,
 * another question): the caller keeps waiting; -1 with errno EPROTO:
 * malformed, or a CNAME chain longer than LIM_DNS_CNAME (ELOOP). */
int dnsmsg_answer(const unsigned char *p, size_t n, uint16_t id,
                  const unsigned char *qname, uint16_t qtype,
                  struct dns_rrset *out);

#endif

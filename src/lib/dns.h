/* dns.h - a small stub resolver for mail: MX, A and AAAA
 *
 * dns_init reads the nameserver lines of /etc/resolv.conf (IPv4 and
 * IPv6 addresses, at most LIM_DNS_SERVERS; 127.0.0.1 and ::1 when there
 * are none, or no file).  Nothing else of resolv.conf is used: names are
 * absolute, with no search list, as qmail-remote's were.
 *
 * A query goes over UDP from a fresh socket bound to a random port,
 * with a random id, to each server in turn, with a deadline per try
 * (2, 5, then 10 seconds per server); the socket is connected, so the
 * kernel passes only datagrams from the server's address and port, and
 * an answer counts only if id and question match (dnsmsg_answer).  A
 * truncated answer (TC) is asked again over TCP from the same server.
 * SERVFAIL, REFUSED and other errors move on to the next server.
 *
 * dns_lookup follows CNAMEs: when an answer ends its chain at a name
 * with no records of the type, that name is asked for, at most
 * LIM_DNS_CNAME links in all.  It returns 1 with out holding the
 * records (out->n may be 0: the name exists but has none of the type),
 * 0 when the name does not exist (NXDOMAIN, a permanent answer), or -1
 * with errno for a temporary failure (ETIMEDOUT, EPROTO, ELOOP,
 * EAGAIN for SERVFAIL or REFUSED from every server, ...). */
#ifndef DNS_H
#define DNS_H

#include <stddef.h>
#include <stdint.h>
#include "dnsmsg.h"

#define DNS_RESOLVCONF "/etc/resolv.conf"

int dns_init(void);                        /* 0, or -1 with errno */
int dns_query(const unsigned char *qname, uint16_t qtype,
              struct dns_rrset *out);      /* 1 (rcode in out), -1 */
int dns_lookup(const unsigned char *qname, uint16_t qtype,
               struct dns_rrset *out);     /* 1, 0 NXDOMAIN, -1 */
/* dns_random - n unpredictable bytes (getrandom, else /dev/urandom):
 * 0, or -1 with errno */
int dns_random(void *p, size_t n);

#endif

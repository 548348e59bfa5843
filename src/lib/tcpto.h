/* tcpto.h - the table of addresses whose SMTP connections timed out
 *
 * CONTRACT: qmail-remote, qmail-tcpto and qmail-tcpok share the file
 * queue/lock/tcpto (owned by qmailr), in this format (qmail-tcpto(8)):
 *   8 bytes   "qtcpto1\n"
 *   then up to LIM_TCPTO_RECS records of 32 bytes:
 *   0-15      the address, IPv6, or IPv4 mapped (::ffff:a.b.c.d)
 *   16-23     the time of its last timeout, seconds since the epoch,
 *             unsigned, most significant byte first
 *   24        recent timeouts, 1-10; 0 marks a free record
 *   25-31     zero
 * An empty file is an empty table.  A file of any other shape (qmail's
 * 1024 bytes of IPv4 records, a torn write) reads as empty, and the
 * next update writes it anew: the table is advice, never mail.
 *
 * The rules are qmail's: a timeout counts again only two minutes or
 * more after the last one; a successful connection forgets the
 * address; an address with two or more recent timeouts is skipped
 * until `hold` seconds after the last one.  Every access holds an
 * exclusive flock (lock.h) on the file. */
#ifndef TCPTO_H
#define TCPTO_H

#include <stddef.h>
#include <stdint.h>
#include "bounds.h"
#include "sa.h"

#define TCPTO_FILE "queue/lock/tcpto"
#define TCPTO_MAGIC "qtcpto1\n"
#define TCPTO_MAGICLEN 8
#define TCPTO_RECLEN 32
#define TCPTO_MAX (TCPTO_MAGICLEN + LIM_TCPTO_RECS * TCPTO_RECLEN)
#define TCPTO_AGAIN 120      /* seconds before a timeout counts again */
#define TCPTO_COUNTMAX 10

struct tcpto_rec {
  unsigned char ip[16];
  uint64_t when;
  unsigned int count;        /* 0: free */
};

struct tcpto {
  size_t n;                  /* records in use or free, as in the file */
  int foreign;               /* the bytes were not this format */
  struct tcpto_rec rec[LIM_TCPTO_RECS];
};

/* tcpto_decode - t from the file's bytes: 1, or 0 (EPROTO) when they
 * are not this format; t is then empty */
int tcpto_decode(struct tcpto *t, const unsigned char *p, size_t n);
/* tcpto_encode - the file's bytes for t into out (TCPTO_MAX bytes) */
size_t tcpto_encode(const struct tcpto *t, unsigned char *out);
/* tcpto_skip - 1 if ip should not be tried at time now */
int tcpto_skip(const struct tcpto *t, const unsigned char *ip,
               uint64_t now, uint64_t hold);
/* tcpto_note - record a connection attempt to ip: timed out or not.
 * 1 if t changed, else 0 */
int tcpto_note(struct tcpto *t, const unsigned char *ip, int timedout,
               uint64_t now);

/* tcpto_iptext - a 16-byte address (IPv4 mapped or IPv6) as text,
 * without brackets, NUL-terminated: 1, or 0 with errno */
int tcpto_iptext(struct sa *out, const unsigned char *ip);

/* on the file fn, under the lock: 1, 0 (fn missing: t empty), -1 */
int tcpto_read(const char *fn, struct tcpto *t);
int tcpto_update(const char *fn, const unsigned char *ip, int timedout,
                 uint64_t now);
int tcpto_clear(const char *fn);            /* 1, 0 missing, -1 */

#endif

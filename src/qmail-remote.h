/* qmail-remote.h - the parts of qmail-remote, kept apart so that the
 * unit tests can call them: the SMTP client (qmail-remote-smtp.c) and
 * the choice of where to connect (qmail-remote-route.c).
 *
 * CONTRACT: the report qmail-remote writes on fd 1 (qmail-remote(8),
 * read by qmail-rspawn): for a prefix of the recipients, in argument
 * order, "r" (accepted), "h" (refused for good) or "s" (refused for
 * now) and a text; then one message report, "K" (the host took the
 * message for every "r" recipient), "Z" (try again later) or "D" (give
 * up); each report ends in a NUL.  A recipient without a report gets
 * the message report's fate. */
#ifndef QMAIL_REMOTE_H
#define QMAIL_REMOTE_H

#include <stddef.h>
#include "bounds.h"
#include "buf.h"
#include "constmap.h"
#include "dnsmsg.h"
#include "sa.h"
#include "smtpreply.h"

/* ------------------------------------------------------------ SMTP */

/* the message, on a descriptor (fd 0) */
struct remote_msg {
  int fd;
  int known;        /* size and eightbit are known: the fd was scanned
                     * and rewound; else neither is used */
  size_t size;      /* octets as sent, CR LF included, stuffed dots and
                     * the final dot not (RFC 1870 SIZE) */
  int eightbit;     /* REMOTE_8BIT if a byte is over 0x7f, with
                     * REMOTE_8BIT_HEADER if one is in the header */
};
#define REMOTE_8BIT 1
#define REMOTE_8BIT_HEADER 2

/* one recipient and what became of it */
struct remote_rcpt {
  const char *addr;
  int status;       /* 0 (no report), 'r', 'h' or 's' */
  struct sa text;   /* the report's text, for h and s */
};

/* the message report */
struct remote_result {
  int code;         /* 'K', 'Z' or 'D'; 0 while undecided */
  int next;         /* failed before MAIL: another address may do */
  int local;        /* a Z for trouble of our own (memory, the message
                     * unreadable), not the server's */
  struct sa text;
};

/* one SMTP session on a connected socket */
struct smtp {
  int fd;
  int broken;       /* unusable: no QUIT, no second message */
  int died;         /* the last message's report came from the session
                     * breaking, not from a reply (smtp_send sets it) */
  const char *peer; /* the server's address, as text, for reports */
  struct buf in;
  struct buf out;
  struct smtpreply reply;
  struct smtpext ext;
  struct sa line;
  char inspace[BUF_SIZE];
  char outspace[BUF_SIZE];
};

/* remote_copy results */
#define COPY_OK 0
#define COPY_READ (-1)    /* the message could not be read */
#define COPY_WRITE (-2)   /* the peer could not be written to */

/* smtp_init - a session on fd, each read and write bounded by timeout */
void smtp_init(struct smtp *s, int fd, int timeout, const char *peer);
/* smtp_open - the greeting, then EHLO (HELO after a 5xx to EHLO): 1
 * ready; 0 failed, with res set (code 'Z', next 1) */
int smtp_open(struct smtp *s, const char *helohost,
              struct remote_result *res);
/* smtp_send - one message on an open session: MAIL, RCPT for every
 * recipient whose status is 0 (pipelined when offered), DATA and the
 * message.  Sets each recipient's status, and res.  Afterwards the
 * session can take smtp_rset and another message unless s->broken.
 * SMTPUTF8 (RFC 6531) is decided per message: an address with a byte
 * over 0x7f needs it, so to a server that does not offer it such a
 * recipient is refused for good (h, #5.6.7), and such a sender fails
 * the message (D); when the server offers it, MAIL says SMTPUTF8 for
 * such an envelope and for a header with a byte over 0x7f (or one not
 * scanned).  A message with 8-bit bytes in its header only goes to a
 * server without SMTPUTF8 as it is, as qmail sent it. */
void smtp_send(struct smtp *s, struct remote_msg *m, const char *sender,
               struct remote_rcpt *rc, size_t n, struct remote_result *res);
int smtp_rset(struct smtp *s);             /* 1 ready again, else 0 */
void smtp_quit(struct smtp *s);            /* QUIT unless broken; close */

/* remote_copy - the message from in to out as SMTP DATA: every LF, CR
 * LF and lone CR becomes CR LF, a line that starts with '.' gets one
 * more, a last line without an end gets CR LF, then ".\r\n" */
int remote_copy(struct buf *in, struct buf *out);
/* remote_measure - what remote_copy would send, as RFC 1870 counts
 * it, and whether a byte is over 0x7f (eightbit as in remote_msg; the
 * header ends at the first empty line): 1, or 0 with errno */
int remote_measure(struct buf *in, size_t *size, int *eightbit);
/* remote_scan - measure m->fd and rewind it: 1 known, 0 the fd cannot
 * be rewound (not a file), -1 a read error */
int remote_scan(struct remote_msg *m);
/* remote_quote - addr as an SMTP path holds it (RFC 5321 4.1.2): the
 * local part in quotes unless it is a dot-string.  0 with errno EINVAL
 * for an address no path can hold (a control byte; a space, <, > or "
 * in the domain), ENOMEM */
int remote_quote(struct sa *out, const char *addr);
/* remote_report - append the reports (see the CONTRACT above) */
int remote_report(struct sa *out, const struct remote_rcpt *rc, size_t n,
                  const struct remote_result *res);
/* remote_said - set res or a recipient text: what, then the reply */
int remote_said(struct sa *out, const char *what, const struct smtpreply *r);

/* ----------------------------------------------------------- route */

struct remote_addr {
  unsigned char ip[16];     /* IPv6, or IPv4 mapped (::ffff:a.b.c.d) */
  unsigned long pref;       /* the MX preference; 0 without MX */
};

struct remote_addrs {
  size_t n;
  struct remote_addr a[LIM_REMOTE_ADDRS];
};

/* where remote_route says to go */
struct remote_target {
  struct sa host;           /* a name or an address literal; NUL after
                             * len */
  unsigned long port;
  int relay;                /* from smtproutes: no MX, no ipme check */
};

/* remote_route - host through smtproutes (a split constmap): the host
 * itself, each suffix at a dot, then the empty key; the first match
 * wins, and an empty relay means "look up MX as usual".  1, or 0 with
 * errno EINVAL (a relay entry that does not parse) or ENOMEM */
int remote_route(const struct constmap *routes, const char *host,
                 struct remote_target *t);
/* remote_literal - "[1.2.3.4]", "[IPv6:2001:db8::1]" or "[2001:db8::1]"
 * (and, with bare set, "1.2.3.4" and "2001:db8::1"): 1 with ip set */
int remote_literal(const char *s, size_t n, int bare, unsigned char *ip);

/* what remote_resolve found */
#define RESOLVE_OK 0
#define RESOLVE_TEMP 1      /* a lookup failed for now */
#define RESOLVE_NOHOST 2    /* the name does not exist */
#define RESOLVE_NOADDR 3    /* no MX, and no address: nowhere to go */
#define RESOLVE_NULLMX 4    /* RFC 7505: the domain takes no mail */
#define RESOLVE_BADNAME 5   /* not a valid domain name */

/* remote_resolve - the addresses to try for t, in order: MX by
 * preference, equal ones in random order, every address of one MX
 * (IPv6, then IPv4) before the next; without MX the host's own */
int remote_resolve(const struct remote_target *t, struct remote_addrs *out);
/* remote_mxsort - MX records by preference; among equal ones, by the
 * random bytes given (one per record), so each delivery spreads load */
void remote_mxsort(struct dns_rr *mx, size_t n, const unsigned char *random);

/* ipme: the host's own addresses (getifaddrs), as 16-byte entries */
int ipme_load(struct sa *me);              /* 1, or 0 with errno */
int ipme_is(const struct sa *me, const unsigned char *ip);
/* remote_ipme - keep only addresses more preferred than any of ours:
 * the number left (0: we are the best MX, "ambiguous") */
size_t remote_ipme(struct remote_addrs *a, const struct sa *me);

#endif

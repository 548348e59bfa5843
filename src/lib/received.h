/* received.h - the Received field a server puts on a message it takes
 *
 *   Received: from REMOTEHOST (HELO helo) (REMOTEINFO@REMOTEIP)
 *     by LOCAL with PROTOCOL; DATE
 *
 * as qmail's servers write it: "(HELO ...)" only when helo is given and
 * differs from the remote host name (case ignored), "REMOTEINFO@" only
 * when remoteinfo is given.  Every byte outside qmail's safe set
 * (letters, digits and . @ % + / = : - [ ]) becomes '?', so a client
 * cannot add a field or a line of its own. */
#ifndef RECEIVED_H
#define RECEIVED_H

#include "qq.h"

struct received {
  const char *protocol;     /* "SMTP", "ESMTP", "QMTP", ... */
  const char *local;        /* TCPLOCALHOST, or TCPLOCALIP */
  const char *remoteip;
  const char *remotehost;
  const char *remoteinfo;   /* may be null */
  const char *helo;         /* may be null */
};

void received(struct qq *q, const struct received *r);
/* received_protocol - the "with" keyword of an SMTP server (RFC 3848,
 * RFC 6531 4.4): SMTP after HELO, ESMTP after EHLO, UTF8SMTP when the
 * MAIL command said SMTPUTF8; an 'A' after ESMTP or UTF8SMTP when the
 * client authenticated */
const char *received_protocol(int esmtp, int utf8, int auth);

#endif

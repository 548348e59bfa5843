/* qmail-smtpd.h - what qmail-smtpd.c and its AUTH module share
 *
 * CONTRACT: qmail-smtpd.c reads the commands; for AUTH it checks the
 * session (AUTH offered, EHLO given, no transaction open) and calls
 * auth_command, which talks to the client through the same buffers
 * until the exchange ends, and says whether it authenticated.  The
 * module exits the process itself when the client is gone, on a
 * timeout, out of memory, and after LIM_AUTH_FAILS failures. */
#ifndef QMAIL_SMTPD_H
#define QMAIL_SMTPD_H

#include <stddef.h>
#include "buf.h"

/* auth_setup - the checkpassword command (argv, null-terminated; may be
 * empty), the SMTPAUTH variable, the session's buffers, the host name
 * for CRAM-MD5's challenge and the client's address for the log; 0 if
 * SMTPAUTH's value is bad */
int auth_setup(char **argv, struct buf *in, struct buf *out,
               const char *hostname, const char *remoteip);
/* auth_offer - the mechanisms for EHLO's AUTH line, or 0: AUTH is off */
const char *auth_offer(void);
/* auth_command - run AUTH's exchange; 1 if the client authenticated */
int auth_command(const char *arg, size_t n);

#endif

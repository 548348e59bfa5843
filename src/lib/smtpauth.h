/* smtpauth.h - what qmail-smtpd reads for SMTP AUTH (RFC 4954): the
 * AUTH command's argument, the client's base64 responses, and the
 * decoded PLAIN (RFC 4616) and CRAM-MD5 (RFC 2195) messages
 *
 * Pure functions over bytes, like smtpcmd.h: no I/O, no allocation.
 *
 * smtpauth_command splits AUTH's argument (as smtpcmd_parse gave it:
 * spaces around it removed) into a mechanism name, matched without
 * regard to case, and at most one initial response after one space
 * (RFC 4954 4: "=" stands for an empty one).  Anything after a second
 * space is SMTPAUTH_SYNTAX.
 *
 * smtpauth_response reads one response line (its CR LF or LF may be
 * there or not): "*" alone is SMTPAUTH_CANCEL; otherwise the line must
 * be strict base64 (base64.h) and decodes into out[0..*len), at most
 * max bytes.  The decoded bytes may hold anything, NUL included: the
 * mechanism decides.
 *
 * smtpauth_plain splits "authzid NUL authcid NUL passwd": exactly two
 * NULs, authcid and passwd not empty, or it is malformed (-1).  An
 * authzid that is given and differs from authcid asks to act for
 * someone else; quire grants no such thing (0).
 *
 * smtpauth_cram splits "name SP digest", at the last space: the digest
 * is 32 hexadecimal digits, the name is not empty and holds no NUL.
 *
 * smtpauth_mechs reads the value of SMTPAUTH, the mechanisms a
 * listener offers: names separated by spaces or commas, any case; the
 * empty value is SMTPAUTH_DEFAULT (PLAIN and LOGIN: CRAM-MD5 needs a
 * checkpassword program that knows it, so only a listener that names
 * it offers it).  An unknown name makes the whole value bad (0).
 *
 * smtpauth_isroot says a login name is root's: "root" in any case, or
 * a name whose part before an '@' or '%' is. */
#ifndef SMTPAUTH_H
#define SMTPAUTH_H

#include <stddef.h>

#define SMTPAUTH_SYNTAX 0   /* no mechanism, or more than one response */
#define SMTPAUTH_UNKNOWN 1  /* a mechanism quire does not know */
#define SMTPAUTH_PLAIN 2
#define SMTPAUTH_LOGIN 4
#define SMTPAUTH_CRAM 8
#define SMTPAUTH_DEFAULT (SMTPAUTH_PLAIN | SMTPAUTH_LOGIN)

struct smtpauth_cmd {
  int mech;                 /* SMTPAUTH_ code */
  int hasinitial;           /* an initial response was given */
  const char *initial;      /* into the argument; "" for "=" */
  size_t initiallen;
};

/* smtpauth_command - the mechanism and initial response of arg[0..n) */
int smtpauth_command(const char *arg, size_t n, struct smtpauth_cmd *c);

#define SMTPAUTH_OK 0
#define SMTPAUTH_CANCEL 1
#define SMTPAUTH_BADB64 2   /* not base64, or its output over max */

/* smtpauth_response - decode one response line; an SMTPAUTH_ code */
int smtpauth_response(const char *line, size_t n, char *out, size_t max,
                      size_t *len);

struct smtpauth_creds {
  const char *name;         /* into the decoded message */
  size_t namelen;
  const char *secret;       /* PLAIN: the password; CRAM: the digest */
  size_t secretlen;
};

/* smtpauth_plain - the name and password of a PLAIN message: 1, 0
 * for another authzid, -1 if malformed */
int smtpauth_plain(const char *d, size_t n, struct smtpauth_creds *c);
/* smtpauth_cram - the name and digest of a CRAM-MD5 response: 1, or 0 */
int smtpauth_cram(const char *d, size_t n, struct smtpauth_creds *c);
/* smtpauth_mechs - *mask from SMTPAUTH's value s: 1, or 0 if bad */
int smtpauth_mechs(const char *s, int *mask);
/* smtpauth_isroot - name[0..n) is root's */
int smtpauth_isroot(const char *name, size_t n);

#endif

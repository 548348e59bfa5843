/* smtpcmd.h - what an SMTP server reads: command lines, MAIL and RCPT
 * paths with their parameters, and the message text after DATA
 *
 * Pure functions over bytes: no I/O, no allocation, no state outside
 * their arguments, so they can be tested and fuzzed alone.
 *
 * Command lines.  smtpcmd_parse takes one line as read, with or without
 * its line end (CR LF or a bare LF, which qmail accepted and so does
 * quire).  The verb is everything up to the first space, compared
 * without regard to case; the argument is the rest, with the spaces
 * around it removed.  A line that holds a NUL is SMTPCMD_BAD: a NUL
 * would cut a C string short downstream.  Verbs quire does not know are
 * SMTPCMD_UNKNOWN.
 *
 * Paths.  smtpcmd_path reads the argument of MAIL ("FROM:" path) or
 * RCPT ("TO:" path), then its parameters (RFC 5321 4.1.2, 4.1.4).  The
 * keyword is matched without regard to case and may be followed by
 * spaces.  The path is in angle brackets, or, as qmail allowed for
 * clients that never read RFC 821, bare up to the next space.  A source
 * route "@a,@b:" is removed.  Inside a quoted string any byte but a
 * control byte may stand, and a backslash takes the next byte as it is
 * (outside quotes too, as in qmail); quotes and backslashes are removed
 * in the result, so "a b"@x becomes the address a b@x, as qmail queued
 * it.  Outside quotes the local part may not hold a space or one of
 * ( ) < > [ ] , ; : and at most one '@' may stand unquoted: it starts
 * the domain.  A domain is a run of letters, digits, '-', '.', '_' and
 * bytes over 127, or one address literal "[...]" of printable bytes
 * (so "[1.2.3.4]" and "[IPv6:::1]").  Control bytes (0-31, 127) are
 * refused everywhere.  An address without a domain is allowed (RCPT
 * TO:<postmaster>); so is the empty path <>; the caller decides where
 * each may stand.  The decoded address is at most LIM_ADDR bytes.
 *
 * CONTRACT: the decoded address is what the envelope will hold, and
 * qmail-send reads its domain after the last '@' in it.  A caller that
 * checks a domain must therefore take the bytes after the last '@' of
 * addr, never what the syntax above called the domain: "a\@evil"
 * decodes to a@evil, whose domain is evil.
 *
 * Parameters follow the path after one or more spaces: keyword["=value"]
 * (RFC 5321 4.1.2: a keyword is a letter or digit, then letters, digits
 * and '-'; a value is bytes 33-126 but '=').  MAIL knows SIZE=digits
 * (RFC 1870; a value past SIZE_MAX is read as SIZE_MAX),
 * BODY=7BIT|8BITMIME (RFC 6152), SMTPUTF8, without a value (RFC 6531
 * 3.4), and AUTH=value (RFC 4954 5: any non-empty value, which is not
 * kept); RCPT knows none.  An unknown keyword,
 * a keyword given twice or a bad value is SMTPPATH_PARAM, with bad and
 * badlen naming the parameter.
 *
 * Message text.  smtpdata_decode reads the bytes after DATA's 354 reply
 * (RFC 5321 4.1.1.4, 4.5.2) in chunks of any size and writes what is to
 * be stored: each CR LF becomes LF; a leading dot is removed from a
 * line that starts after a CR LF and holds more than the dot; CR LF "."
 * CR LF (or "." CR LF at the very start) ends the text.  Nothing else
 * ends it.  SMTP smuggling (SEC Consult, 2023) rests on servers that
 * end the text at other sequences.  Here a bare LF (one not after a CR)
 * and a bare CR (one not followed by LF) are handled alike:
 *   - in SMTPDATA_STRICT mode decoding stops before it and bare is set
 *     to the byte ('\n' or '\r'); the caller refuses the message
 *     (qmail's rule for a bare LF, extended to a bare CR, which qmail
 *     stored as data);
 *   - in SMTPDATA_NORMALISE mode it ends a text line and is stored as
 *     LF, so the queue never holds a stray CR; the line it starts is
 *     taken as it is: its leading dot is not removed, and a dot alone
 *     on it does not end the text.
 * So LF "." LF, LF "." CR LF, CR LF "." LF, CR "." CR LF, CR LF "." CR
 * and the like are never an end: refused in strict mode, data in
 * normalise mode ("." LF in the queue, which qmail-remote stuffs).
 * The decoder counts the bytes it has written (bytes) and, in the
 * header (up to the first empty line), the fields named Received or
 * Delivered-To (hops), for qmail-smtpd's loop check.  It holds at most
 * two bytes between calls, so a call writes at most n + SMTPDATA_SLACK
 * bytes to out.  Once done or bare is set it consumes nothing more. */
#ifndef SMTPCMD_H
#define SMTPCMD_H

#include <stddef.h>
#include "bounds.h"

#define SMTPCMD_UNKNOWN 0
#define SMTPCMD_BAD 1       /* a NUL in the line */
#define SMTPCMD_HELO 2
#define SMTPCMD_EHLO 3
#define SMTPCMD_MAIL 4
#define SMTPCMD_RCPT 5
#define SMTPCMD_DATA 6
#define SMTPCMD_RSET 7
#define SMTPCMD_NOOP 8
#define SMTPCMD_VRFY 9
#define SMTPCMD_HELP 10
#define SMTPCMD_QUIT 11
#define SMTPCMD_AUTH 12

struct smtpcmd {
  int verb;
  const char *arg;        /* into the line; arglen bytes, no NUL added */
  size_t arglen;
};

/* smtpcmd_parse - split line[0..n) into verb and argument; the verb */
int smtpcmd_parse(const char *line, size_t n, struct smtpcmd *c);

#define SMTPPATH_OK 0
#define SMTPPATH_SYNTAX 1   /* not FROM:/TO: and a path */
#define SMTPPATH_TOOLONG 2  /* the address would pass LIM_ADDR bytes */
#define SMTPPATH_PARAM 3    /* a parameter unknown, repeated or bad */

#define SMTPPATH_BODY_NONE 0
#define SMTPPATH_BODY_7BIT 1
#define SMTPPATH_BODY_8BITMIME 2

struct smtppath {
  char addr[LIM_ADDR + 1];  /* decoded, NUL-terminated */
  size_t len;
  int hassize;              /* SIZE= given */
  size_t size;
  int body;                 /* SMTPPATH_BODY_* */
  int smtputf8;             /* SMTPUTF8 given (MAIL only) */
  int hasauth;              /* AUTH= given (RFC 4954 5; not kept) */
  const char *bad;          /* SMTPPATH_PARAM: the parameter, in arg */
  size_t badlen;
};

/* smtpcmd_path - the path and parameters of a MAIL or RCPT argument
 * (verb SMTPCMD_MAIL or SMTPCMD_RCPT); an SMTPPATH_ code */
int smtpcmd_path(const char *arg, size_t n, int verb, struct smtppath *p);

#define SMTPDATA_STRICT 0      /* a bare CR or LF stops decoding: bare */
#define SMTPDATA_NORMALISE 1   /* a bare CR or LF ends a line, never the text */
#define SMTPDATA_SLACK 2       /* out needs room for n + this bytes */

struct smtpdata {
  int mode;
  int state;
  int done;           /* the end of the text has been read */
  int bare;           /* strict mode: '\n' or '\r' seen bare; stopped */
  size_t bytes;       /* written to out, all calls; stops at SIZE_MAX */
  size_t hops;        /* Received and Delivered-To fields in the header */
  int inheader;
  size_t linepos;     /* bytes of the current header line */
  char name[13];      /* its first bytes: "delivered-to" and one more */
};

void smtpdata_start(struct smtpdata *d, int mode);
/* smtpdata_decode - decode in[0..n) into out; *used gets the bytes
 * consumed, the return value the bytes written */
size_t smtpdata_decode(struct smtpdata *d, const char *in, size_t n,
                       size_t *used, char *out);

#endif

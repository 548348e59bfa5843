/* smtpreply.h - SMTP replies (RFC 5321 4.2), read line by line
 *
 * A reply is one or more lines.  Each begins with the same three-digit
 * code (first digit 2-5, second 0-5); every line but the last has '-'
 * after the code, the last has a space or nothing.  smtpreply_line
 * takes one line, with or without its line end (CR LF, or a bare LF,
 * which is tolerated), and returns 1 when that line ended the reply,
 * 0 when more lines must follow, or -1 with errno: EPROTO for a line
 * that breaks the rules (a code that is not three digits, a fourth
 * byte that is neither '-' nor a space, a code that changes), E2BIG
 * when the text would pass LIM_SMTP_REPLY bytes, ENOMEM.
 *
 * The text keeps every line, code included, without its line end and
 * followed by '\n'; a byte outside 0x20-0x7e becomes '?', so the text
 * can go into a report, a bounce or a log line as it is.
 *
 * smtpreply_ehlo reads the service extensions a 2xx EHLO reply lists
 * (RFC 5321 4.1.1.1), one keyword a line after the first line,
 * keywords without regard to case: SIZE [n] (RFC 1870), PIPELINING
 * (RFC 2920), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531).  SIZE without
 * a number, with 0 or with a number that does not parse states no
 * limit. */
#ifndef SMTPREPLY_H
#define SMTPREPLY_H

#include <stddef.h>
#include "sa.h"

struct smtpreply {
  unsigned int code;     /* 200-559, from the first line */
  size_t lines;          /* lines so far */
  int done;              /* the last line has come */
  struct sa text;
};
#define SMTPREPLY_ZERO { 0, 0, 0, SA_ZERO }

struct smtpext {
  int size;              /* SIZE offered */
  size_t sizemax;        /* its limit; 0: none stated */
  int pipelining;
  int eightbitmime;
  int smtputf8;
};
#define SMTPEXT_ZERO { 0, 0, 0, 0, 0 }

void smtpreply_start(struct smtpreply *r);   /* empty, for a new reply */
int smtpreply_line(struct smtpreply *r, const char *p, size_t n);
void smtpreply_ehlo(const struct smtpreply *r, struct smtpext *x);
void smtpreply_free(struct smtpreply *r);

#endif

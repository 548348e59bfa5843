/* dotqmail.h - the delivery instructions of a .qmail file (dot-qmail(5))
 *
 * A pure parser over bytes in memory: it opens nothing and runs
 * nothing.  Each line is classified by its first byte, after trailing
 * spaces, tabs and carriage returns are removed:
 *   #  comment          |  program           &  forward
 *   .  or /  mbox file, or a Maildir when the line ends in /
 *   a letter, a digit or another printable byte: a forward address
 *   +list  (qmail, undocumented): only forwards from here on
 * A line that cannot be an instruction (blank first line, NUL byte,
 * longer than LIM_DOTQMAIL_LINE, leading white space or control byte,
 * "|" or "&" with nothing after it) is DQ_BAD, with a reason.
 * Arguments point into the caller's bytes and are not NUL-terminated. */
#ifndef DOTQMAIL_H
#define DOTQMAIL_H

#include <stddef.h>

#define DQ_BLANK 1     /* empty line (not the first) */
#define DQ_COMMENT 2   /* # ... */
#define DQ_PROGRAM 3   /* |command: arg is the command */
#define DQ_FORWARD 4   /* &address or address: arg is the address */
#define DQ_MBOX 5      /* .file or /file: arg is the whole line */
#define DQ_MAILDIR 6   /* .dir/ or /dir/: arg is the whole line */
#define DQ_LIST 7      /* +list */
#define DQ_PLUS 8      /* any other line beginning with +: ignored */
#define DQ_BAD 9       /* not an instruction: why says what is wrong */

struct dq_line {
  int kind;
  const char *arg;    /* the instruction's argument */
  size_t len;         /* bytes of arg */
  size_t lineno;      /* from 1 */
  const char *why;    /* DQ_BAD only: a short reason, lower case */
  int policy;         /* DQ_BAD only: refused by the forward-only rule */
};

struct dq_reader {
  const char *p;
  size_t n;
  size_t pos;         /* next unread byte */
  size_t lineno;      /* lines returned so far */
};

void dotqmail_init(struct dq_reader *r, const char *p, size_t n);
/* dotqmail_next - the next line, classified: 1, or 0 at the end */
int dotqmail_next(struct dq_reader *r, struct dq_line *l);
/* dotqmail_classify - one line, without its newline */
void dotqmail_classify(const char *p, size_t n, size_t lineno,
                       struct dq_line *l);
/* dotqmail_check - 1 if every line of p[0..n) may be followed; else 0
 * and *bad is the first line that may not (kind DQ_BAD, with why).
 * With forwardonly (the file has its x bit set), and after a +list
 * line, only forwards, comments and blank lines are allowed. */
int dotqmail_check(const char *p, size_t n, int forwardonly,
                   struct dq_line *bad);
/* dotqmail_kindname - "program", "forward", "mbox", "maildir", ... */
const char *dotqmail_kindname(int kind);

#endif

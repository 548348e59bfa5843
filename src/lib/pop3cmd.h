/* pop3cmd.h - what a POP3 server reads and writes: command lines, their
 * numeric arguments, and a message encoded for RETR and TOP
 *
 * Pure functions over bytes: no I/O, no allocation, so they can be
 * tested and fuzzed alone.  qmail-popup and qmail-pop3d use them.
 *
 * Command lines (RFC 1939 3).  pop3cmd_parse takes one line as read,
 * with or without its line end (CR LF, or a bare LF as qmail accepted).
 * The verb is the bytes up to the first space, compared without regard
 * to case; the argument is everything after that one space, kept as it
 * is (a password may hold spaces, even leading or trailing ones).  A
 * line that holds a NUL is POP3CMD_BAD: the checkpassword interface
 * separates its fields with NULs.  Verbs not listed are
 * POP3CMD_UNKNOWN.
 *
 * Numbers.  pop3cmd_numbers reads an argument of exactly want (1 or 2)
 * decimal numbers separated by single spaces, each a non-empty run of
 * digits of value at most max: "LIST 3", "TOP 3 10".  Anything else
 * (signs, extra spaces, a third word) is refused: 0.
 *
 * APOP.  pop3cmd_apop splits "name digest" at its last space; both
 * parts must be non-empty.
 *
 * Messages.  pop3out_encode turns the bytes of a Maildir file, given in
 * chunks of any size, into what RETR or TOP sends (RFC 1939 3, 11): a
 * LF that is not already after a CR becomes CR LF, and a line that
 * starts with '.' gets one more.  pop3out_finish ends the last line if
 * the file did not, adds qmail's extra empty line (a workaround for
 * clients that lose the last line) and the terminating "." CR LF.
 * With a line limit (TOP n l) the header, up to and including the
 * first empty line, is sent whole, then at most l lines of the body;
 * encoding stops (done) after them and consumes nothing more.  A chunk
 * of n bytes writes at most 2n bytes; pop3out_finish at most
 * POP3OUT_FINISH.  So the output never holds CR LF "." CR LF before its
 * end, whatever the file holds. */
#ifndef POP3CMD_H
#define POP3CMD_H

#include <stddef.h>

#define POP3CMD_UNKNOWN 0
#define POP3CMD_BAD 1       /* a NUL in the line */
#define POP3CMD_USER 2
#define POP3CMD_PASS 3
#define POP3CMD_APOP 4
#define POP3CMD_QUIT 5
#define POP3CMD_NOOP 6
#define POP3CMD_STAT 7
#define POP3CMD_LIST 8
#define POP3CMD_UIDL 9
#define POP3CMD_RETR 10
#define POP3CMD_TOP 11
#define POP3CMD_DELE 12
#define POP3CMD_RSET 13
#define POP3CMD_LAST 14

struct pop3cmd {
  int verb;
  int hasarg;             /* a space followed the verb */
  const char *arg;        /* into the line; arglen bytes, no NUL added */
  size_t arglen;
};

/* pop3cmd_parse - split line[0..n) into verb and argument; the verb */
int pop3cmd_parse(const char *line, size_t n, struct pop3cmd *c);
/* pop3cmd_numbers - want numbers from arg into num; 1, or 0 if bad */
int pop3cmd_numbers(const char *arg, size_t n, int want, size_t *num,
                    size_t max);
/* pop3cmd_apop - name and digest of an APOP argument; 1, or 0 if bad */
int pop3cmd_apop(const char *arg, size_t n, size_t *namelen,
                 const char **digest, size_t *digestlen);

#define POP3OUT_ALL ((size_t)-1)   /* no line limit: RETR */
#define POP3OUT_FINISH 7           /* CR LF, CR LF, "." CR LF */

struct pop3out {
  size_t maxlines;    /* body lines still to send, or POP3OUT_ALL */
  int inheader;       /* before the first empty line */
  int bol;            /* at the start of a line */
  int cr;             /* the last byte taken was a CR */
  size_t linelen;     /* bytes of the current line so far */
  int done;           /* the line limit is reached */
};

void pop3out_start(struct pop3out *o, size_t maxlines);
/* pop3out_encode - encode in[0..n) into out (room for 2n); *used gets
 * the bytes consumed, the return value the bytes written */
size_t pop3out_encode(struct pop3out *o, const char *in, size_t n,
                      size_t *used, char *out);
/* pop3out_finish - the end of the message into out; its length */
size_t pop3out_finish(struct pop3out *o, char *out);

#endif

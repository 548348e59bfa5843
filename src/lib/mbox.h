/* mbox.h - the mbox format as qmail writes it (mbox(5), dot-qmail(5))
 *
 * A message in an mbox starts with a "From " line (the UUCP-style
 * From_ line) and ends with a blank line.  A line of the message that
 * is ">"* then "From " gets one more ">" in front, so that no line of
 * it can be taken for the start of the next message.  qmail-local and
 * maildir2mbox share this code: they must quote the same way. */
#ifndef MBOX_H
#define MBOX_H

#include <stddef.h>
#include <time.h>
#include "buf.h"
#include "sa.h"

/* mbox_ufline - out gets "From sender date\n": MAILER-DAEMON for the
 * empty sender, spaces, tabs and newlines of the sender made '-', the
 * date in the layout of ctime(3), in UTC */
int mbox_ufline(struct sa *out, const char *sender, time_t when);

/* mbox_returnpath - if line[0..n) is a "Return-Path: <addr>" line as
 * qmail-local writes it (newline optional), 1 with out holding addr
 * (maybe empty); 0 if it is not one; -1 with errno */
int mbox_returnpath(const char *line, size_t n, struct sa *out);

/* the quoting, fed a message in pieces of any size; it holds no more
 * than a few counters between calls */
struct fromquote {
  int midline;        /* past the point where quoting is decided */
  int any;            /* some byte was seen */
  int lastnl;         /* the last byte put was \n */
  size_t gt;          /* '>' seen at the start of this line */
  size_t matched;     /* bytes of "From " seen after them */
};
void fromquote_init(struct fromquote *q);
/* 1, or 0 with errno when out fails */
int fromquote_put(struct fromquote *q, struct buf *out, const char *p,
                  size_t n);
/* fromquote_end - a newline if the message lacked its last one, then
 * the blank line that ends the message in the mbox */
int fromquote_end(struct fromquote *q, struct buf *out);

#endif

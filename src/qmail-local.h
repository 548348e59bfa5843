/* qmail-local.h - the pieces of qmail-local, for main and for the tests
 *
 * qmail-local-deliver.c holds everything that does not need main's
 * state: the lines qmail-local adds to a message, the bounded header
 * scan, and the four kinds of delivery.  No function here
 * exits: each returns EX_OK, EX_SKIP (a program asked to skip the rest),
 * EX_TEMP or EX_PERM, and leaves a report text in why, one line that
 * ends in an enhanced status code, e.g. "Unable to write ./Mailbox: no
 * space left on device. (#4.2.2)".  The message is always on msgfd, a
 * seekable file, and each delivery reads it from the start. */
#ifndef QMAIL_LOCAL_H
#define QMAIL_LOCAL_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>
#include "bounds.h"
#include "buf.h"
#include "env.h"
#include "mbox.h"
#include "sa.h"

/* Bytes of the programs' own output that go into the report; the rest
 * is read and dropped.  Below LIM_REPORT (spawnproto.h, 10000), so that
 * qmail-local's own last line always fits. */
#define LIM_LOCAL_PROGOUT 4000

/* Reads of a program's output pipe once the program has exited: a
 * background child that keeps the pipe and writes cannot hold up the
 * delivery beyond this. */
#define LOCAL_DRAIN_READS 256

/* Tries at a fresh Maildir name when one is taken (it never should be). */
#define LOCAL_MAILDIR_TRIES 3

/* Seconds to wait for an mbox lock before deferring (qmail: 30). */
#define LOCAL_LOCK_SECONDS 30

/* the lines added to a message; each ends in "\n" */
int local_dtline(struct sa *out, const char *local, const char *host);
int local_rpline(struct sa *out, const char *sender);
/* local_quote2 - an address with its local part quoted when RFC 822
 * needs it: a b@c becomes "a b"@c; the empty address stays empty */
int local_quote2(struct sa *out, const char *addr);
/* local_extn - EXTn for n = 2, 3, 4: ext after the (n-1)th dash, or "" */
const char *local_extn(const char *ext, int n);
/* local_hostn - the length of HOSTn for n = 2, 3, 4: host before its
 * (n-1)th dot from the right, or all of host */
size_t local_hostn(const char *host, int n);
/* local_newsender - NEWSENDER: the sender, or local-owner@host when
 * the list has an owner, or the VERP form local-owner-@host-@[] */
int local_newsender(struct sa *out, const char *sender, const char *local,
                    const char *host, int hasowner, int hasownerdefault);

/* a bounded scan of the header for the loop check: fed the message
 * from its start, it says whether a line is exactly dtline, and fails
 * a field (a line and its continuations) over maxfield bytes or a
 * header over maxtotal bytes, without holding any of it */
#define HS_MORE 0        /* still in the header */
#define HS_END 1         /* header ended: no loop */
#define HS_LOOP 2        /* a line is exactly dtline */
#define HS_LONGFIELD 3   /* a field is longer than maxfield */
#define HS_BIG 4         /* the header is longer than maxtotal */
struct hdrscan {
  const char *dt;
  size_t dtlen;
  size_t maxfield;
  size_t maxtotal;
  size_t linelen;     /* bytes of the current line so far */
  size_t fieldlen;    /* bytes of the current field so far */
  size_t total;       /* bytes of header so far */
  int matching;       /* the current line is still a prefix of dt */
  int crfirst;        /* the current line began with \r */
  int state;
};
void hdrscan_init(struct hdrscan *h, const char *dt, size_t dtlen,
                  size_t maxfield, size_t maxtotal);
int hdrscan_feed(struct hdrscan *h, const char *p, size_t n);
int hdrscan_eof(struct hdrscan *h);    /* HS_END unless decided */

/* local_mdname - a Maildir file name: time, microseconds, pid, a
 * counter for deliveries in one run, 64 random bits, the host name
 * with '/' and ':' escaped as maildir(5) asks */
int local_mdname(struct sa *out, unsigned long sec, unsigned long usec,
                 unsigned long pid, unsigned long counter,
                 unsigned long long rnd, const char *host);

/* local_progclass - a program's wait status as qmail-command(8) reads
 * it: EX_OK, EX_SKIP, EX_PERM (100 and 64 65 70 76 77 78 112), EX_TEMP
 * (anything else), or -1 if it crashed */
int local_progclass(int status);

/* local_env - the environment of a program line: inherit's entries,
 * then the qmail-command(8) variables (replacing any inherited ones);
 * deflt may be null (no DEFAULT); PATH is added only when missing */
struct local_vars {
  const char *user;
  const char *homedir;
  const char *local;
  const char *host;
  const char *ext;
  const char *sender;
  const char *deflt;
  const struct sa *recipient;
  const struct sa *newsender;
  const struct sa *dtline;
  const struct sa *rpline;
  const struct sa *ufline;
};
int local_env(struct env *e, char *const *inherit, const struct local_vars *v,
              const char *defpath);

/* deliveries */
int local_maildir(const char *dir, int msgfd, const struct sa *rpline,
                  const struct sa *dtline, struct sa *why);
int local_mbox(const char *path, int msgfd, const struct sa *ufline,
               const struct sa *rpline, const struct sa *dtline,
               struct sa *why);
/* local_program - sh -c cmd in the current directory with envp, the
 * message on its fd 0; its output (fd 1 and 2) is copied to outfd, at
 * most *budget bytes in all, and *budget is reduced */
int local_program(const char *cmd, int msgfd, char **envp, int outfd,
                  size_t *budget, struct sa *why);
/* local_forward - one copy, with dtline on top, to every address in
 * recips (each NUL-terminated, n of them), from sender, through
 * qmail-queue in home (or $QMAILQUEUE); *qp gets its pid */
int local_forward(const char *home, int msgfd, const struct sa *dtline,
                  const char *sender, const struct sa *recips, size_t n,
                  unsigned long *qp, struct sa *why);

#endif

/* rcptcheck.h - would delivery find a mailbox for this recipient?
 *
 * The recipient check at RCPT time (qmail-smtpd(8), qmail-newrcpt(8)).
 * It runs delivery's own decisions, the same functions, over facts:
 *   send_rewrite (rewrite.h)        is it local, and as which address
 *   userscdb_search (userscdb.h)    users/cdb, as qmail-lspawn
 *   getpw_userext (getpw.h)         passwd users, as qmail-getpw, over
 *                                   the accounts qmail-newrcpt found
 *   the alias user with the whole local part as extension
 *   qme_safeext, qme_search         the .qmail search, as qmail-local,
 *   (qmesearch.h)                   over the names qmail-newrcpt found
 * Only "no .qmail file matches and there is an extension" is a
 * refusal, as in qmail-local; every case where delivery would defer
 * (a temporary error, uid 0, a home that is writable or unreadable)
 * and every fact that is missing is an acceptance.
 *
 * CONTRACT: users/rcpt.cdb, written by qmail-newrcpt, read here:
 *   key ""                       value RCPT_MAGIC
 *   key "P" name                 value "+" uid NUL gid NUL home: a user
 *                                  by getpw_isuser; "?": that test
 *                                  failed (delivery would defer)
 *   key "H" home NUL uid NUL gid NUL
 *                                value "+": the home was listed as that
 *                                  uid and gid; "?": delivery there
 *                                  would defer (or listing failed)
 *   key "F" home NUL uid NUL gid NUL name
 *                                value "+": qme_open found name; "?":
 *                                  qme_open failed (temporary, writable)
 * uid and gid in decimal without leading zeros.  Any other value is
 * trouble: the caller answers 4xx, never 5xx. */
#ifndef RCPTCHECK_H
#define RCPTCHECK_H

#include "cdb.h"
#include "rewrite.h"
#include "sa.h"

#define RCPT_OK 0           /* accept: delivered, or not refused by us */
#define RCPT_NOMAILBOX 1    /* delivery would bounce: no such mailbox */
#define RCPT_TROUBLE -1     /* the facts are unreadable or corrupt */

#define RCPT_CDB "users/rcpt.cdb"
#define RCPT_MAGIC "quire-rcpt 1"

struct rcptcheck {
  struct cdb facts;           /* users/rcpt.cdb */
  struct cdb users;           /* users/cdb, if usersok */
  int usersok;
  struct send_maps maps;
  struct sa lists[3];         /* locals, virtualdomains, percenthack */
  struct sa envnoathost;      /* NUL-terminated */
  const char *aliashome;
  unsigned long aliasuid;
  unsigned long aliasgid;
  struct sa addr;             /* scratch, reused per recipient */
  struct sa value;
  struct sa key;
  struct sa safeext;
  struct sa name;
  struct sa home;
};

/* rcptcheck_open - in the qmail home: the control files qmail-send
 * reads for rewriting, users/cdb and users/rcpt.cdb.  aliashome, uid
 * and gid are qmail-getpw's alias user.  1 ready; 0 there is no
 * users/rcpt.cdb (nothing to check); -1 trouble, errno set */
int rcptcheck_open(struct rcptcheck *rc, const char *aliashome,
                   unsigned long aliasuid, unsigned long aliasgid);
/* rcptcheck_addr - an envelope recipient: RCPT_OK for a remote one;
 * for a local one rcptcheck_local on its rewritten local part */
int rcptcheck_addr(struct rcptcheck *rc, const char *addr);
/* rcptcheck_local - a local part after rewriting: RCPT_* */
int rcptcheck_local(struct rcptcheck *rc, const char *local);
/* rcptcheck_homekey - type ('H' or 'F') home NUL uid NUL gid NUL into
 * *key (replaced): 1, or 0 out of memory */
int rcptcheck_homekey(struct sa *key, char type, const char *home,
                      unsigned long uid, unsigned long gid);

#endif

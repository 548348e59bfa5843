/* rewrite.h - where qmail-send delivers an address (qmail-send(8))
 *
 * CONTRACT: qmail-send decides with send_rewrite whether a recipient
 * is local and which local address it becomes; the recipient check at
 * RCPT time (rcptcheck.c) calls the same function over the same
 * control files, so that both agree on which mail is local. */
#ifndef REWRITE_H
#define REWRITE_H

#include "constmap.h"
#include "sa.h"

struct send_maps {
  struct constmap locals;
  struct constmap percenthack;
  struct constmap vdoms;
  const char *envnoathost;
};

#define SEND_LOCAL 1
#define SEND_REMOTE 2

/* the address qmail-send delivers recip to, and to which channel:
 * SEND_LOCAL or SEND_REMOTE, or 0 (out of memory) */
int send_rewrite(const struct send_maps *m, const char *recip,
                 struct sa *out);
/* rewrite_readlists - control/locals (me when it is missing) and
 * control/virtualdomains, as lists for constmap_init (ctl.h): 1, or 0
 * on an error (or with neither locals nor me) */
int rewrite_readlists(struct sa *locals, struct sa *vdoms,
                      const struct sa *me);

#endif

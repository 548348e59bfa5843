/* rcpthosts.h - the domains a server takes mail for: control/rcpthosts
 * and control/morercpthosts.cdb, as qmail-smtpd and qmail-qmtpd read
 * them (qmail-control(5)); paths are relative to the qmail home.
 *
 * rcpthosts_init reads both: 1, or -1 with errno (a file that exists
 * but cannot be read is an error, never "allow everything").
 * rcpthosts_allowed says whether mail to addr may be taken: 1 yes,
 * 0 no, -1 the cdb could not be read.  An address without '@' is
 * allowed (qmail-send adds envnoathost, a local domain); without
 * rcpthosts nothing else is (qmail would relay for everyone). */
#ifndef RCPTHOSTS_H
#define RCPTHOSTS_H

#include <stddef.h>
#include "cdb.h"
#include "constmap.h"
#include "sa.h"

struct rcpthosts {
  struct sa list;
  struct constmap map;
  int ok;              /* rcpthosts exists */
  struct cdb more;
  int moreok;          /* morercpthosts.cdb exists */
};

int rcpthosts_init(struct rcpthosts *r);
int rcpthosts_allowed(struct rcpthosts *r, const char *addr, size_t len);

#endif

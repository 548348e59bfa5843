/* rcptfacts.c - the keys of users/rcpt.cdb (rcptcheck.h), apart from
 * rcptcheck.c so that qmail-newrcpt, a PRIV program, links core.a only */
#include "rcptcheck.h"

int rcptcheck_homekey(struct sa *key, char type, const char *home,
                      unsigned long uid, unsigned long gid)
{
  key->len = 0;
  return sa_append(key, type) && sa_cats(key, home) && sa_0(key) &&
         sa_catulong(key, uid) && sa_0(key) && sa_catulong(key, gid) &&
         sa_0(key);
}

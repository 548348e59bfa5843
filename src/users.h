/* users.h - who receives mail for a local part (qmail-users(5))
 *
 * CONTRACT: qmail-lspawn (as root) and, for recipient checks, the
 * programs that must give the same answer as delivery.  users_lookup
 * tries users/cdb (made by qmail-newu from users/assign) and then runs
 * qmail-getpw as the passwd role, which falls back to the alias user:
 * so a local part always has an owner, and "found" is the only success.
 */
#ifndef USERS_H
#define USERS_H

#include "userscdb.h"

/* 1 with *pw filled in; -1 on a temporary failure (users/cdb unreadable
 * or corrupt, qmail-getpw failed, out of memory) with *why set to a
 * sentence for the delivery report */
int users_lookup(const char *local, struct pwinfo *pw, const char **why);
/* users_cdb - users/cdb alone, never qmail-getpw: 1 found (*pw filled
 * in), 0 no users/cdb or no match, -1 trouble (*why set) */
int users_cdb(const char *local, struct pwinfo *pw, const char **why);
/* users_free - the memory of *pw */
void users_free(struct pwinfo *pw);

#endif

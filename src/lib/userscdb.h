/* userscdb.h - reading users/cdb as qmail-lspawn does (qmail-users(5))
 *
 * CONTRACT: the users/cdb layout is in assign.h.  qmail-lspawn (as
 * root, through users.c) and the recipient check at RCPT time
 * (rcptcheck.c) both search it with userscdb_search, and qmail-newrcpt
 * reads each record with userscdb_fields: one copy of the rules. */
#ifndef USERSCDB_H
#define USERSCDB_H

#include <stddef.h>
#include <sys/types.h>
#include "cdb.h"
#include "sa.h"

struct pwinfo {
  struct sa user;     /* NUL-terminated */
  uid_t uid;
  gid_t gid;
  struct sa home;     /* NUL-terminated */
  struct sa dash;     /* NUL-terminated: "" or "-" */
  struct sa ext;      /* NUL-terminated: the extension */
};
#define PWINFO_ZERO { SA_ZERO, 0, 0, SA_ZERO, SA_ZERO, SA_ZERO }

/* userscdb_search - the longest match for local in an open users/cdb
 * (exact, then wildcard prefixes, longest first, as assign.h says): 1
 * with *value the record, wildcard rest appended, NUL-terminated; 0
 * none; -1 trouble (no empty key: not a users/cdb; out of memory) */
int userscdb_search(struct cdb *c, const char *local, struct sa *value);
/* userscdb_fields - p[0..len) as exactly six NUL-terminated fields
 * user, uid, gid, home, dash, ext into *pw: 1; 0 if malformed (a
 * field missing or extra bytes, an empty user or home, an id that does
 * not fit); -1 out of memory */
int userscdb_fields(const char *p, size_t len, struct pwinfo *pw);

#endif

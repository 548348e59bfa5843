/* prot.h - giving up privilege, the only door (STYLE.md section 2)
 *
 * Only this module calls setgroups, setgid and setuid; only the PRIV
 * programs call it.  prot_drop sets the supplementary groups to gid
 * alone, then the real, effective and saved gid, then uid, and then
 * checks that every id is what was asked and that root cannot be
 * regained.  It returns 0, or -1 with errno (EPERM if a check fails). */
#ifndef PROT_H
#define PROT_H

#include <sys/types.h>

int prot_drop(uid_t uid, gid_t gid);

#endif

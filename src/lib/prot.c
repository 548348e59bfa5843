/* prot.c - giving up privilege, the only door (see prot.h)
 *
 * SECURITY: the order is groups, gid, uid: once the uid is not root,
 * the groups and gid can no longer be changed.  After the calls, every
 * id is read back, and a process that was root must fail to become root
 * again.  A caller that is not root cannot change ids at all; it gets
 * success only if it already is exactly what it asks to be (a private
 * instance where every role is the invoking user). */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include "prot.h"

static int is(uid_t uid, gid_t gid)
{
  uid_t ru, eu, su;
  gid_t rg, eg, sg;
  if (getresuid(&ru, &eu, &su) == -1) return 0;
  if (getresgid(&rg, &eg, &sg) == -1) return 0;
  return ru == uid && eu == uid && su == uid &&
         rg == gid && eg == gid && sg == gid;
}

int prot_drop(uid_t uid, gid_t gid)
{
  if (geteuid() != 0) {
    if (is(uid, gid)) return 0;
    errno = EPERM;
    return -1;
  }
  if (setgroups(1, &gid) == -1) return -1;
  if (setresgid(gid, gid, gid) == -1) return -1;
  if (setresuid(uid, uid, uid) == -1) return -1;
  {
    gid_t groups[2];
    int n = getgroups(2, groups);
    if (!is(uid, gid) || n != 1 || groups[0] != gid) {
      errno = EPERM;
      return -1;
    }
  }
  if (uid != 0 && setuid(0) != -1) {
    errno = EPERM;
    return -1;
  }
  return 0;
}

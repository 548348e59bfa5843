/* prot.c - giving up privilege, the only door (see prot.h)
 *
 * SECURITY: the order is groups, gid, uid: once the uid is not root,
 * the groups and gid can no longer be changed.  setresgid and setresuid
 * set the real, effective and saved ids in one call each, so no saved
 * id is left behind to switch back to.  After the calls every id is read
 * back, and a process that dropped root must fail to become root again.
 * A caller that is not root cannot change ids at all; it succeeds only
 * if it already is exactly what it asks to be (a private instance,
 * where every role is the invoking user); its supplementary groups are
 * then whatever it was started with. */
#define _GNU_SOURCE    /* getresuid, getresgid, setresuid, setresgid */
#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include "prot.h"

/* is - 1 if the real, effective and saved ids are all uid and gid */
static int is(uid_t uid, gid_t gid)
{
  uid_t ruid, euid, suid;
  gid_t rgid, egid, sgid;

  if (getresuid(&ruid, &euid, &suid) == -1) return 0;
  if (getresgid(&rgid, &egid, &sgid) == -1) return 0;
  return ruid == uid && euid == uid && suid == uid &&
         rgid == gid && egid == gid && sgid == gid;
}

/* onlygroup - 1 if gid is the one supplementary group */
static int onlygroup(gid_t gid)
{
  gid_t groups[2];
  return getgroups(2, groups) == 1 && groups[0] == gid;
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
  if (!is(uid, gid) || !onlygroup(gid)) {
    errno = EPERM;
    return -1;
  }
  /* SECURITY: a kernel or sandbox that let this succeed would hand root
   * back to code that parses outside data; the caller must exit */
  if (uid != 0 && setuid(0) != -1) {
    errno = EPERM;
    return -1;
  }
  return 0;
}

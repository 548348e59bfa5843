/* pwent.c - qmail-getpw(8)'s test of one account (getpw.h) */
#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include "getpw.h"

/* nouser - getpwnam's null means "no such account" only for these
 * (getpwnam(3)); anything else is a broken name service: try later */
static int nouser(int e)
{
  return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

/* nohome - a stat failure that says the home is not there or not
 * visible to us, which qmail-getpw(8) treats as "not a user" */
static int nohome(int e)
{
  return e == ENOENT || e == ENOTDIR || e == EACCES || e == ELOOP ||
         e == ENAMETOOLONG;
}

int getpw_isuser(const char *name, struct getpw_found *f)
{
  struct passwd *pw;
  struct stat st;

  errno = 0;
  pw = getpwnam(name);
  if (!pw) return nouser(errno) ? 0 : -1;
  if (pw->pw_uid == 0) return 0;
  if (stat(pw->pw_dir, &st) == -1) return nohome(errno) ? 0 : -1;
  if (st.st_uid != pw->pw_uid) return 0;
  f->user = pw->pw_name;
  f->uid = (unsigned long)pw->pw_uid;
  f->gid = (unsigned long)pw->pw_gid;
  f->home = pw->pw_dir;
  return 1;
}

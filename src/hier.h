/* hier.h - the install table: every path quire installs under the home
 * directory, with its owner, group and mode (qmail's hier.c, Postfix's
 * postfix-files).  quire-install creates from it, quire-instcheck and
 * the root system tests check against it, so the three cannot drift. */
#ifndef HIER_H
#define HIER_H

#include <sys/types.h>

enum hier_kind {
  HIER_DIR,       /* a directory */
  HIER_SPLIT,     /* a directory and its QUEUE_SPLIT numbered subdirs */
  HIER_FILE,      /* an empty file, created if missing, never truncated */
  HIER_FIFO,      /* a named pipe */
  HIER_PROG,      /* copied from the build's bin/ */
  HIER_MAN        /* copied from the build's man/ */
};

enum hier_role {
  ROLE_OWNER, ROLE_ALIAS, ROLE_DAEMON, ROLE_LOG, ROLE_PASSWD,
  ROLE_QUEUE, ROLE_REMOTE, ROLE_SEND
};

enum hier_group { GROUP_QMAIL, GROUP_NOFILES };

struct hier {
  enum hier_kind kind;
  const char *path;        /* relative to the home directory */
  enum hier_role owner;
  enum hier_group group;
  int mode;
};

extern const struct hier hier[];
extern const unsigned int hier_count;

uid_t hier_uid(enum hier_role r);
gid_t hier_gid(enum hier_group g);

#endif

/* auto_uids.h - the ids of quire's roles, from conf-users at build time */
#ifndef AUTO_UIDS_H
#define AUTO_UIDS_H

#include <sys/types.h>

extern const uid_t auto_uid_alias;
extern const uid_t auto_uid_daemon;
extern const uid_t auto_uid_log;
extern const uid_t auto_uid_owner;
extern const uid_t auto_uid_passwd;
extern const uid_t auto_uid_queue;
extern const uid_t auto_uid_remote;
extern const uid_t auto_uid_send;
extern const gid_t auto_gid_group;
extern const gid_t auto_gid_nofiles;

#endif

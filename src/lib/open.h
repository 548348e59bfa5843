/* open.h - open(2) shapes quire uses; every fd is O_CLOEXEC
 *
 * Each returns an fd, or -1 with errno.  The _nofollow forms refuse a
 * symbolic link as the last component (ELOOP): for paths a user
 * controls. */
#ifndef OPEN_H
#define OPEN_H

int open_read(const char *path);
int open_readnofollow(const char *path);
int open_write(const char *path);                /* existing file */
int open_append(const char *path);               /* created 0600 */
int open_trunc(const char *path);                /* created 0644 */
int open_excl(const char *path, int mode);       /* must not exist */
int open_dir(const char *path);

#endif

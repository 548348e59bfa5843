/* dur.h - durable writes
 *
 * DURABILITY: on Linux a new name (creat, link, rename) survives a power
 * failure only after an fsync of the directory that holds it; file data
 * only after an fsync of the file.  These helpers do both, in the order
 * the queue relies on.  Each returns 0, or -1 with errno; on failure the
 * caller must assume the step did not happen. */
#ifndef DUR_H
#define DUR_H

#include <stddef.h>

int dur_fsync(int fd);
int dur_syncdir(const char *dir);
/* every file and name of the file system that holds fd, as if each had
 * been fsynced (syncfs(2)): -1 with ENOSYS where that cannot be had
 * with its errors reported (not Linux, or Linux before 5.8), and then
 * the caller fsyncs each file and directory instead.  The write-back
 * errors it reports are those since fd was opened or last synced, so
 * fd must have been opened before the writes it is to cover. */
int dur_syncfs(int fd);
int dur_syncparent(const char *path);     /* the directory holding path */
int dur_rename(const char *from, const char *to);
int dur_link(const char *from, const char *to);
int dur_unlink(const char *path);
/* write p[0..n) to tmp (created with mode, must not exist), fsync it,
 * rename it to path, fsync the directory; a tmp this call created is
 * removed on failure.  -1 after the rename means the new file may not
 * be durable yet, not that the rename did not happen. */
int dur_writefile(const char *path, const char *tmp,
                  const char *p, size_t n, int mode);

#endif

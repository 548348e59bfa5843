/* lock.h - whole-file locks
 *
 * lock_ex, lock_exnb and lock_un are flock(2) locks, as qmail takes
 * them on lock/sendmutex and mailboxes; lock_fcntl_ex takes the POSIX
 * record lock of the whole file that mail readers on Debian use for
 * mbox.  On Linux the two kinds are independent, so a program may hold
 * both.  Each returns 0, or -1 with errno (EWOULDBLOCK for _exnb). */
#ifndef LOCK_H
#define LOCK_H

int lock_ex(int fd);
int lock_exnb(int fd);
int lock_un(int fd);
int lock_fcntl_ex(int fd);
int lock_fcntl_exnb(int fd);   /* -1 with EAGAIN or EACCES if held */

#endif

/* fd.h - file descriptor helpers; each returns 0, or -1 with errno */
#ifndef FD_H
#define FD_H

int fd_ensure012(void);          /* open /dev/null on a closed 0, 1 or 2 */
/* the descriptor left at "to" is never close-on-exec: callers pass it
 * to a program they exec */
int fd_move(int to, int from);   /* dup2(from, to), then close from */
int fd_copy(int to, int from);   /* dup2(from, to); from stays open */
int fd_cloexec(int fd);
int fd_nocloexec(int fd);
int fd_nonblock(int fd);
int fd_block(int fd);

#endif

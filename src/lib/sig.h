/* sig.h - signal helpers
 *
 * Handlers only set volatile sig_atomic_t flags (STYLE.md section 7).
 * sig_catch installs without SA_RESTART, so a blocking call returns
 * EINTR and the program sees its flag. */
#ifndef SIG_H
#define SIG_H

#include <signal.h>

int sig_ignore(int sig);
int sig_default(int sig);
int sig_catch(int sig, void (*handler)(int));
int sig_block(int sig);
int sig_unblock(int sig);
int sig_unblockall(void);
void sig_pause(void);            /* sigsuspend with nothing blocked */

#endif

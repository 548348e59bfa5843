/* wait.h - reaping children; EINTR is retried inside */
#ifndef WAIT_H
#define WAIT_H

#include <sys/types.h>

pid_t wait_pid(pid_t pid, int *status);  /* pid, or -1 */
pid_t wait_nohang(int *status);          /* pid, 0 if none ready, -1 */
int wait_crashed(int status);            /* killed by a signal */
int wait_exitcode(int status);           /* 0-255, or -1 if crashed */
/* wait_status - the status wait_exitcode reads as code (0-255), or as a
 * crash when code is -1: for an end learnt other than from wait */
int wait_status(int code);

#endif

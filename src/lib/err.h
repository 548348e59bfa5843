/* err.h - diagnostics on fd 2 and exits in the 111/100 classes
 *
 * A message is "prog: level: part part ...[: reason]\n", where reason
 * is strerror(errno) in lower case.  Library code never calls these:
 * only a program decides that an error is fatal. */
#ifndef ERR_H
#define ERR_H

#include "exitcode.h"

extern const char *prog;

void err_die(int code, int with_errno, const char *const *parts)
  __attribute__((noreturn));
void err_say(const char *level, int with_errno, const char *const *parts);
const char *err_str(int e);

#define ERR_V(...)       ((const char *const []){ __VA_ARGS__, (const char *)0 })
#define die_temp(...)    err_die(EX_TEMP, 0, ERR_V(__VA_ARGS__))
#define die_tempsys(...) err_die(EX_TEMP, 1, ERR_V(__VA_ARGS__))
#define die_perm(...)    err_die(EX_PERM, 0, ERR_V(__VA_ARGS__))
#define die_permsys(...) err_die(EX_PERM, 1, ERR_V(__VA_ARGS__))
#define die_usage(...)   err_die(EX_PERM, 0, ERR_V("usage: ", __VA_ARGS__))
#define temp_nomem()     err_die(EX_TEMP, 0, ERR_V("out of memory"))
#define warn_say(...)    err_say("warning", 0, ERR_V(__VA_ARGS__))
#define warn_sys(...)    err_say("warning", 1, ERR_V(__VA_ARGS__))
#define alert_say(...)   err_say("alert", 0, ERR_V(__VA_ARGS__))
#define alert_sys(...)   err_say("alert", 1, ERR_V(__VA_ARGS__))
#define info_say(...)    err_say("info", 0, ERR_V(__VA_ARGS__))

#endif

/* logsafe.h - make peer or user bytes safe for a log line
 *
 * Bytes outside 0x21-0x7e, and the backslash, become \ooo (octal), so
 * no one can split, forge or hide a log line. */
#ifndef LOGSAFE_H
#define LOGSAFE_H

#include <stddef.h>
#include "sa.h"

int log_safe(struct sa *out, const char *p, size_t n);

#endif

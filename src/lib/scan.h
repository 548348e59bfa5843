/* scan.h - text to numbers, strictly
 *
 * scan_size and scan_sizeb accept only a non-empty run of ASCII digits
 * that is the whole input and whose value is at most max: no sign, no
 * space, no overflow.  They return 1 with *n set, or 0 with errno
 * EINVAL (not a number) or ERANGE (over max).
 *
 * scan_ulong reads the longest digit prefix of s and returns how many
 * bytes it used, or 0 if there is no digit or the value overflows. */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

int scan_size(const char *s, size_t *n, size_t max);
int scan_sizeb(const char *p, size_t len, size_t *n, size_t max);
size_t scan_ulong(const char *s, unsigned long *u);
size_t scan_ulongb(const char *p, size_t len, unsigned long *u);

#endif

/* date822.h - RFC 5322 date-time, section 3.3
 *
 * date822_fmt writes "Tue, 24 Nov 2026 07:50:00 +0000" (UTC, with the
 * day of the week) and returns its length; no NUL is written.
 * DATE822_LEN bytes suffice for any time_t gmtime_r accepts; for one it
 * does not, or one before 1900 (RFC 5322 3.3 allows no earlier year), it
 * writes the epoch. */
#ifndef DATE822_H
#define DATE822_H

#include <stddef.h>
#include <time.h>

#define DATE822_LEN 64

size_t date822_fmt(char *s, time_t t);

#endif

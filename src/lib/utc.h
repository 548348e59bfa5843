/* utc.h - a time broken down as UTC, without the C library's time zone
 *
 * utc_tm fills tm's year, month, day, hours, minutes, seconds, day of
 * the week and of the year for t seconds since the epoch, proleptic
 * Gregorian, no leap seconds: what gmtime_r gives.  It returns 1, or 0
 * when the year does not fit tm_year (an int counting from 1900), as
 * gmtime_r fails then.  Unlike gmtime_r in glibc, it reads no time zone
 * file: gmtime_r opens /etc/localtime once per process, and qmail-queue
 * and qmail-smtpd start once per message. */
#ifndef UTC_H
#define UTC_H

#include <time.h>

int utc_tm(time_t t, struct tm *tm);

#endif

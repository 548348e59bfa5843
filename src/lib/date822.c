/* date822.c - RFC 5322 date-time, section 3.3
 *
 * The day is always two digits ("03 Nov"): the grammar's 1*2DIGIT
 * allows it, and a fixed width reads better in logs.  The year is at
 * least four digits (4*DIGIT), more after 9999.  RFC 5322 admits no
 * year before 1900, so a time before then, like a time utc_tm cannot
 * convert, is written as the epoch: what goes out is always grammatical.
 *
 * Size: "Www, DD Mmm " 12, the year at most 10 digits (tm_year is an
 * int), " HH:MM:SS +0000" 15: 37 bytes, under DATE822_LEN. */
#include <string.h>
#include <time.h>
#include "date822.h"
#include "fmt.h"
#include "utc.h"

static const char days[] = "SunMonTueWedThuFriSat";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* usable - 1 if every field is in range: each one indexes a table or
 * is written in a fixed width */
static int usable(const struct tm *tm)
{
  return tm->tm_year >= 0 &&
         tm->tm_wday >= 0 && tm->tm_wday <= 6 &&
         tm->tm_mon >= 0 && tm->tm_mon <= 11 &&
         tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
         tm->tm_hour >= 0 && tm->tm_hour <= 23 &&
         tm->tm_min >= 0 && tm->tm_min <= 59 &&
         tm->tm_sec >= 0 && tm->tm_sec <= 60;    /* 60: a leap second */
}

static size_t two(char *s, int u)
{
  return fmt_ulong0(s, (unsigned long)u, 2);
}

size_t date822_fmt(char *s, time_t t)
{
  static const struct tm epoch = {
    .tm_mday = 1, .tm_year = 70, .tm_wday = 4   /* Thu, 01 Jan 1970 */
  };
  struct tm tm;
  size_t n = 0;

  if (!utc_tm(t, &tm) || !usable(&tm)) tm = epoch;
  memcpy(s + n, days + 3 * tm.tm_wday, 3);
  n += 3;
  memcpy(s + n, ", ", 2);
  n += 2;
  n += two(s + n, tm.tm_mday);
  s[n++] = ' ';
  memcpy(s + n, months + 3 * tm.tm_mon, 3);
  n += 3;
  s[n++] = ' ';
  /* tm_year >= 0 (usable): the sum fits an unsigned long even when
   * tm_year is INT_MAX and long has 32 bits */
  n += fmt_ulong0(s + n, (unsigned long)tm.tm_year + 1900, 4);
  s[n++] = ' ';
  n += two(s + n, tm.tm_hour);
  s[n++] = ':';
  n += two(s + n, tm.tm_min);
  s[n++] = ':';
  n += two(s + n, tm.tm_sec);
  memcpy(s + n, " +0000", 6);
  n += 6;
  return n;
}

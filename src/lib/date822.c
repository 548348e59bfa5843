/* date822.c - RFC 5322 date-time, section 3.3
 *
 * The day is two digits ("03 Nov"): the grammar allows one or two, and
 * a fixed width reads better in logs.  Years are at least four digits;
 * a time gmtime_r cannot convert gives the epoch. */
#include <string.h>
#include <time.h>
#include "date822.h"
#include "fmt.h"

static const char days[] = "SunMonTueWedThuFriSat";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

size_t date822_fmt(char *s, time_t t)
{
  struct tm tm;
  size_t n = 0;
  long year;

  if (!gmtime_r(&t, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 ||
      tm.tm_mon < 0 || tm.tm_mon > 11) {
    time_t zero = 0;
    gmtime_r(&zero, &tm);
  }
  memcpy(s + n, days + 3 * tm.tm_wday, 3);
  n += 3;
  memcpy(s + n, ", ", 2);
  n += 2;
  n += fmt_ulong0(s + n, (unsigned long)tm.tm_mday, 2);
  s[n++] = ' ';
  memcpy(s + n, months + 3 * tm.tm_mon, 3);
  n += 3;
  s[n++] = ' ';
  year = (long)tm.tm_year + 1900;
  if (year < 0) {
    s[n++] = '-';
    year = -year;
  }
  n += fmt_ulong0(s + n, (unsigned long)year, 4);
  s[n++] = ' ';
  n += fmt_ulong0(s + n, (unsigned long)tm.tm_hour, 2);
  s[n++] = ':';
  n += fmt_ulong0(s + n, (unsigned long)tm.tm_min, 2);
  s[n++] = ':';
  n += fmt_ulong0(s + n, (unsigned long)tm.tm_sec, 2);
  memcpy(s + n, " +0000", 6);
  n += 6;
  return n;
}

/* utc.c - a time broken down as UTC (utc.h)
 *
 * Days since the epoch become a date by counting in 400-year eras of
 * 146097 days, with the year taken to start on 1 March so that the
 * leap day falls at its end: within an era, the year of the day
 * follows from its number with the 4-, 100- and 400-year corrections,
 * and within a March-based year the month from a linear formula
 * (153 days per 5 months).  All the arithmetic is in long long: a
 * 64-bit time_t gives at most about 1.1e14 days, far from overflow. */
#include <limits.h>
#include "utc.h"

int utc_tm(time_t t, struct tm *tm)
{
  long long secs = (long long)t;
  long long days = secs / 86400;
  long long rest = secs % 86400;
  long long z, era, doe, yoe, doy, mp, year;
  int month;

  if (rest < 0) {
    rest += 86400;
    --days;
  }
  z = days + 719468;                 /* days since 0000-03-01 */
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;            /* day of the era, 0..146096 */
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;   /* 0..399 */
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);   /* from 1 March, 0..365 */
  mp = (5 * doy + 2) / 153;          /* month from March, 0..11 */
  month = (int)(mp < 10 ? mp + 2 : mp - 10);       /* 0 = January */
  year = yoe + era * 400 + (month <= 1);
  if (year - 1900 > INT_MAX || year - 1900 < INT_MIN) return 0;
  tm->tm_year = (int)(year - 1900);
  tm->tm_mon = month;
  tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
  /* day of the year from 1 January: March-based day less Jan and Feb */
  {
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    tm->tm_yday = (int)(month >= 2 ? doy - 306 + 365 + leap : doy - 306);
  }
  tm->tm_hour = (int)(rest / 3600);
  tm->tm_min = (int)(rest / 60 % 60);
  tm->tm_sec = (int)(rest % 60);
  tm->tm_wday = (int)(((days % 7) + 11) % 7);     /* 1970-01-01: Thursday */
  tm->tm_isdst = 0;
  return 1;
}

/* mbox.c - the From_ line and ">From " quoting of mbox files (mbox.h) */
#include <string.h>
#include <time.h>
#include "buf.h"
#include "mbox.h"
#include "sa.h"
#include "str.h"
#include "utc.h"

static const char *const wday[7] = {
  "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const month[12] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* two - append n as two digits, the first a pad byte when below 10 */
static int two(struct sa *out, int n, char pad)
{
  if (!sa_append(out, n < 10 ? pad : (char)('0' + n / 10))) return 0;
  return sa_append(out, (char)('0' + n % 10));
}

int mbox_ufline(struct sa *out, const char *sender, time_t when)
{
  struct tm tm;
  size_t start;
  size_t i;

  if (!sa_copys(out, "From ")) return 0;
  start = out->len;
  if (!sa_cats(out, *sender ? sender : "MAILER-DAEMON")) return 0;
  /* the line is split at spaces by mbox readers */
  for (i = start; i < out->len; ++i)
    if (out->s[i] == ' ' || out->s[i] == '\t' || out->s[i] == '\n')
      out->s[i] = '-';
  if (!utc_tm(when, &tm)) {
    when = 0;
    if (!utc_tm(when, &tm)) return 0;
  }
  /* the layout of ctime(3), in UTC: "Thu Jan  1 00:00:00 1970" */
  if (!sa_append(out, ' ') || !sa_cats(out, wday[tm.tm_wday % 7]) ||
      !sa_append(out, ' ') || !sa_cats(out, month[tm.tm_mon % 12]) ||
      !sa_append(out, ' ') || !two(out, tm.tm_mday, ' ') ||
      !sa_append(out, ' ') || !two(out, tm.tm_hour, '0') ||
      !sa_append(out, ':') || !two(out, tm.tm_min, '0') ||
      !sa_append(out, ':') || !two(out, tm.tm_sec, '0') ||
      !sa_append(out, ' ') ||
      !sa_catulong(out, (unsigned long)(tm.tm_year + 1900L)))
    return 0;
  return sa_append(out, '\n');
}

int mbox_returnpath(const char *line, size_t n, struct sa *out)
{
  static const char rp[] = "Return-Path: <";
  size_t k = sizeof rp - 1;

  if (n && line[n - 1] == '\n') --n;
  if (n < k + 1 || memcmp(line, rp, k) != 0 || line[n - 1] != '>') return 0;
  return sa_copyb(out, line + k, n - k - 1) ? 1 : -1;
}



void fromquote_init(struct fromquote *q)
{
  q->midline = 0;
  q->any = 0;
  q->lastnl = 0;
  q->gt = 0;
  q->matched = 0;
}

static int putgt(struct buf *out, size_t n)
{
  static const char gts[] = ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>";
  while (n > 0) {
    size_t k = n < sizeof gts - 1 ? n : sizeof gts - 1;
    if (!buf_put(out, gts, k)) return 0;
    n -= k;
  }
  return 1;
}

/* pending - write what was held while deciding, with the extra '>'
 * when the line turned out to need it */
static int pending(struct fromquote *q, struct buf *out, int quote)
{
  if (quote && !buf_put(out, ">", 1)) return 0;
  if (!putgt(out, q->gt) || !buf_put(out, "From ", q->matched)) return 0;
  if (q->gt || q->matched) q->lastnl = 0;
  q->gt = 0;
  q->matched = 0;
  return 1;
}

int fromquote_put(struct fromquote *q, struct buf *out, const char *p,
                  size_t n)
{
  static const char from[] = "From ";
  size_t i = 0;

  if (n) q->any = 1;
  while (i < n) {
    if (q->midline) {
      size_t k = byte_chr(p + i, n - i, '\n');
      size_t take = k < n - i ? k + 1 : k;
      if (!buf_put(out, p + i, take)) return 0;
      q->lastnl = k < n - i;
      if (q->lastnl) q->midline = 0;
      i += take;
      continue;
    }
    if (q->matched == 0 && p[i] == '>') {
      ++q->gt;          /* bounded by the message size: a count, not bytes */
      ++i;
      continue;
    }
    if (p[i] == from[q->matched]) {
      ++i;
      if (++q->matched == 5) {
        if (!pending(q, out, 1)) return 0;
        q->midline = 1;
      }
      continue;
    }
    if (!pending(q, out, 0)) return 0;
    q->midline = 1;
  }
  return 1;
}

int fromquote_end(struct fromquote *q, struct buf *out)
{
  if (!pending(q, out, 0)) return 0;
  if (q->any && !q->lastnl && !buf_put(out, "\n", 1)) return 0;
  return buf_put(out, "\n", 1);
}

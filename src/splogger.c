/* splogger - send log lines to syslog
 * runs as: whoever starts it (a logger for qmail-send, say)
 * reads:   lines on fd 0
 * writes:  syslog(3) records: tag, a numerical timestamp, the line
 * trusts:  its command line
 * parses:  its arguments; each line's first word (for the priority)
 *
 * syslog(3) cannot report failure: a line syslogd does not take is
 * lost, as the page says. */
#include <errno.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "scan.h"
#include "str.h"

const char *prog = "splogger";

/* qmail folds after 800 bytes: syslog has had short lines */
#define FOLD 800
#define MAXFAC 23         /* LOG_LOCAL7 >> 3 */

static struct {
  char line[FMT_ULONG * 2 + 4 + FOLD];  /* stamp, "+", the text */
  size_t stamplen;      /* bytes of "secs.micros " at the front */
  size_t len;           /* bytes in line */
  int priority;
  int folded;           /* the next piece continues a line */
} s;

/* levelis - does text (the line so far) begin with "level:", or with
 * one word and ": level:" as quire's programs write (prog: alert:)? */
static int levelis(const char *text, size_t n, const char *level)
{
  size_t i;
  size_t k = 0;
  while (level[k]) ++k;
  if (n > k && case_startb(text, n, level) && text[k] == ':') return 1;
  for (i = 0; i < n && text[i] != ' ' && text[i] != ':'; ++i) continue;
  if (i + 2 + k < n && text[i] == ':' && text[i + 1] == ' ' &&
      case_startb(text + i + 2, n - i - 2, level) && text[i + 2 + k] == ':')
    return 1;
  return 0;
}

static void stamp(void)
{
  struct timespec ts;
  size_t n;

  clock_gettime(CLOCK_REALTIME, &ts);
  n = fmt_ulong(s.line, (unsigned long)ts.tv_sec);
  s.line[n++] = '.';
  n += fmt_ulong0(s.line + n, (unsigned long)ts.tv_nsec / 1000, 6);
  s.line[n++] = ' ';
  s.stamplen = n;
}

/* flush - send what is in line: a whole line, or a piece of a long one */
static void flush(int more)
{
  const char *text = s.line + s.stamplen;
  size_t n = s.len - s.stamplen;

  if (!s.folded) {
    if (n == 0) return;               /* blank lines are not logged */
    s.priority = levelis(text, n, "alert") ? LOG_ALERT :
                 levelis(text, n, "warning") ? LOG_WARNING : LOG_INFO;
  }
  s.line[s.len] = 0;
  syslog(s.priority, "%s", s.line);
  s.folded = more;
  /* a folded line goes on with the same stamp and a '+' */
  s.len = s.stamplen;
  if (more) s.line[s.len++] = '+';
}

static void put(char c)
{
  if (s.len == s.stamplen && !s.folded) {   /* a new line: its time */
    stamp();
    s.len = s.stamplen;
  }
  if (c == '\n') {
    flush(0);
    s.len = s.stamplen;
    return;
  }
  if (s.len - s.stamplen >= FOLD) flush(1);
  /* syslogd and the terminals behind it see printable bytes only */
  if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) c = '?';
  s.line[s.len++] = c;
}

int main(int argc, char **argv)
{
  const char *tag = "splogger";
  size_t fac = 2;             /* LOG_MAIL >> 3, qmail's default */
  char space[BUF_SIZE];
  struct buf in;
  char c;
  int r;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc > 3) die_usage("splogger [ tag [ fac ] ]");
  if (argc > 1) tag = argv[1];
  if (argc > 2 && !scan_size(argv[2], &fac, MAXFAC))
    die_usage("splogger [ tag [ fac ] ], fac a number from 0 to 23");
  openlog(tag, 0, (int)fac << 3);
  buf_init(&in, 0, space, sizeof space);
  while ((r = buf_getc(&in, &c)) == 1) put(c);
  if (s.len > s.stamplen) flush(0);      /* a last line without \n */
  if (r == -1) die_tempsys("unable to read input");
  closelog();
  return EX_OK;
}

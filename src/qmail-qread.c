/* qmail-qread - list the messages in the queue and their recipients
 * runs as: root, or qmails in the group qmail (queue/info/N, local/N
 *          and remote/N are private to qmails); writes no files
 * reads:   queue/info/N/num, queue/local/N/num, queue/remote/N/num; the
 *          size of queue/mess/N/num and whether queue/bounce/num exists
 * trusts:  nothing in the files: every record is checked against its
 *          type and its cap (LIM_ADDR, LIM_QADDR) before it is printed
 * parses:  qmail-send's queue records (rec.h), written from addresses
 *          that came from the network
 *
 * The output is qmail's, byte for byte, because administrators' scripts
 * read it: per message, a line with the birth date (the mtime of
 * info/num, in GMT, qmail's date822fmt form without the zone), "#num",
 * the size of mess/num, "<sender>" and " bouncing" when bounce/num
 * exists; then per recipient "\tlocal\taddr" or "\tremote\taddr", with
 * "  done" in front for one already delivered.  Bytes outside 32-126
 * print as '_', so an address cannot move the terminal or forge a
 * line.  Messages still in todo/ have no info file and are not listed,
 * as in qmail (qmail-qstat counts them).
 *
 * qmail-send works on the queue while this reads it: a message whose
 * files vanish between two looks was finished meanwhile and is skipped
 * without a word; one with todo/num present is being preprocessed, its
 * lists may be half written, and it is not reported as trouble either.
 * Trouble of any other kind is a warning on fd 2, the listing goes on,
 * and the exit code is 111 at the end, so a script knows the listing
 * is not the whole queue. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "logsafe.h"
#include "open.h"
#include "queue.h"
#include "rec.h"
#include "sa.h"
#include "scan.h"
#include "utc.h"

const char *prog = "qmail-qread";

/* CONTRACT: qmail-send writes info/num as one "F" record, and local/num
 * and remote/num as "T" records, turning 'T' into 'D' in place once a
 * recipient is done (qmail-send-todo.c, qmail-send-del.c). */
static const struct rec_rule info_rules[] = {
  { 'F', LIM_ADDR, 0 },
};
static const struct rec_rule list_rules[] = {
  { 'T', LIM_QADDR, 0 },
  { 'D', LIM_QADDR, 0 },
};

static const char *const chan_dir[2] = { "local/", "remote/" };
static const char *const chan_name[2] = { "\tlocal\t", "\tremote\t" };
static const char *const month[12] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static struct {
  struct buf out;
  char outspace[BUF_SIZE];
  struct sa sender;      /* the info file's sender */
  struct sa addr;        /* a recipient */
  struct sa line;        /* the message's first line, before printing */
  int trouble;           /* something was not listed: exit 111 */
} q = { .sender = SA_ZERO, .addr = SA_ZERO, .line = SA_ZERO };

static void out(const char *p, size_t n)
{
  if (!buf_put(&q.out, p, n)) die_tempsys("unable to write output");
}

static void outs(const char *s)
{
  out(s, strlen(s));
}

/* outsafe - bytes outside 32-126 become '_', as in qmail */
static void outsafe(const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    char c = (p[i] >= 32 && p[i] <= 126) ? p[i] : '_';
    out(&c, 1);
  }
}

/* pending - 1 if qmail-send has todo/id still to preprocess: then the
 * message's other files are not final and are no one's trouble */
static int pending(unsigned long id)
{
  char fn[QUEUE_FN];
  struct stat st;

  queue_fn(fn, "todo/", id, 0);
  return stat(fn, &st) == 0;
}

/* trouble - warn about message id: fn, then why and detail */
static void trouble(unsigned long id, const char *fn, const char *why,
                    const char *detail, int with_errno)
{
  char num[FMT_ULONG];
  int saved = errno;

  if (pending(id)) return;
  num[fmt_ulong(num, id)] = 0;
  errno = saved;
  err_say("warning", with_errno,
          ERR_V("trouble with #", num, ": ", fn, why, detail));
  q.trouble = 1;
}

/* badrec - rec_get failed at byte off of fn: say why, in words */
static void badrec(unsigned long id, const char *fn, unsigned long off)
{
  char num[FMT_ULONG];

  num[fmt_ulong(num, off)] = 0;
  if (errno == E2BIG)
    trouble(id, fn, ": record longer than the address limit at byte ",
            num, 0);
  else if (errno == EPROTO)
    trouble(id, fn, ": corrupt record (unknown type or no final NUL) "
            "at byte ", num, 0);
  else
    trouble(id, fn, ": unable to read", "", 1);
}

/* gone - 1 if info/id no longer exists: qmail-send finished the message
 * while we looked (it removes info/ before mess/) */
static int gone(unsigned long id)
{
  char fn[QUEUE_FN];
  struct stat st;

  queue_fn(fn, "info/", id, 1);
  return stat(fn, &st) == -1 && errno == ENOENT;
}

/* readinfo - the sender and birth of message id; 1, or 0 if the
 * message is not to be listed (trouble said, or the message gone) */
static int readinfo(unsigned long id, time_t *birth)
{
  char fn[QUEUE_FN];
  char space[256];
  struct buf b;
  struct stat st;
  int type;
  int fd;
  int r;

  queue_fn(fn, "info/", id, 1);
  fd = open_read(fn);
  if (fd == -1) {
    if (errno != ENOENT) trouble(id, fn, ": unable to open", "", 1);
    return 0;
  }
  if (fstat(fd, &st) == -1) {
    trouble(id, fn, ": unable to stat", "", 1);
    close(fd);
    return 0;
  }
  *birth = st.st_mtime;
  buf_init(&b, fd, space, sizeof space);
  r = rec_get(&b, REC_RULES(info_rules), &type, &q.sender);
  if (r == 0)
    trouble(id, fn, ": corrupt: empty, no sender record", "", 0);
  else if (r == -1)
    badrec(id, fn, 0);
  else {
    /* SECURITY: exactly one record; bytes after it mean the file is
     * not what qmail-send wrote, and nothing in it is trusted */
    ssize_t more = buf_feed(&b);
    if (more > 0)
      trouble(id, fn, ": corrupt: bytes after the sender record", "", 0);
    else if (more == -1)
      trouble(id, fn, ": unable to read", "", 1);
    if (more != 0) r = -1;
  }
  close(fd);
  return r == 1;
}

/* putdate - qmail's form: "24 Nov 2026 07:50:00 GMT", no day padding */
static void putdate(struct sa *s, time_t t)
{
  struct tm tm;
  int ok;

  if (!utc_tm(t, &tm) || tm.tm_year < -1900) {
    /* an mtime no calendar year expresses: show the epoch instead */
    utc_tm(0, &tm);
  }
  ok = sa_catulong(s, (unsigned long)tm.tm_mday) && sa_append(s, ' ') &&
       sa_cats(s, month[tm.tm_mon]) && sa_append(s, ' ') &&
       sa_catulong(s, (unsigned long)tm.tm_year + 1900) &&
       sa_append(s, ' ') &&
       sa_catulong0(s, (unsigned long)tm.tm_hour, 2) && sa_append(s, ':') &&
       sa_catulong0(s, (unsigned long)tm.tm_min, 2) && sa_append(s, ':') &&
       sa_catulong0(s, (unsigned long)tm.tm_sec, 2) && sa_cats(s, " GMT");
  if (!ok) temp_nomem();
}

/* putstats - the message's first line */
static void putstats(unsigned long id, time_t birth, unsigned long size,
                     int bouncing)
{
  q.line.len = 0;
  putdate(&q.line, birth);
  if (!sa_cats(&q.line, "  #") || !sa_catulong(&q.line, id) ||
      !sa_cats(&q.line, "  ") || !sa_catulong(&q.line, size) ||
      !sa_cats(&q.line, "  <") || !sa_cat(&q.line, &q.sender) ||
      !sa_cats(&q.line, "> ") ||
      (bouncing && !sa_cats(&q.line, " bouncing")))
    temp_nomem();
  outsafe(q.line.s, q.line.len);
  out("\n", 1);
}

/* putlist - the recipients in channel c's list of message id */
static void putlist(unsigned long id, int c)
{
  char fn[QUEUE_FN];
  char space[BUF_SIZE];
  struct buf b;
  unsigned long off = 0;
  int type;
  int fd;
  int r;

  queue_fn(fn, chan_dir[c], id, 1);
  fd = open_read(fn);
  if (fd == -1) {
    /* no list: the message has no recipient on this channel left */
    if (errno != ENOENT) trouble(id, fn, ": unable to open", "", 1);
    return;
  }
  buf_init(&b, fd, space, sizeof space);
  while ((r = rec_get(&b, REC_RULES(list_rules), &type, &q.addr)) == 1) {
    if (type == 'D') outs("  done");
    outs(chan_name[c]);
    outsafe(q.addr.s, q.addr.len);
    out("\n", 1);
    off += (unsigned long)q.addr.len + 2;
  }
  if (r == -1) badrec(id, fn, off);
  close(fd);
}

/* show - one message, from its info file */
static void show(unsigned long id)
{
  char fn[QUEUE_FN];
  struct stat st;
  time_t birth;
  unsigned long size;
  int bouncing;
  int c;

  if (!readinfo(id, &birth)) return;
  queue_fn(fn, "mess/", id, 1);
  if (stat(fn, &st) == -1) {
    if (errno != ENOENT || !gone(id))
      trouble(id, fn, ": unable to stat", "", 1);
    return;
  }
  size = (unsigned long)st.st_size;
  queue_fn(fn, "bounce/", id, 0);
  bouncing = stat(fn, &st) == 0;
  if (!bouncing && errno != ENOENT)
    trouble(id, fn, ": unable to stat", "", 1);
  putstats(id, birth, size, bouncing);
  for (c = 0; c < 2; ++c) putlist(id, c);
}

/* msgnum - the message number a name in info/N stands for; 1, or 0 if
 * the name is not one qmail-send makes (decimal, no leading zero) */
static int msgnum(const char *name, unsigned long *id)
{
  char num[FMT_ULONG];
  size_t len = strlen(name);

  if (len == 0 || len >= sizeof num) return 0;
  if (scan_ulongb(name, len, id) != len) return 0;
  return fmt_ulong(num, *id) == len && !memcmp(num, name, len);
}

/* scan - every message in info/split, in directory order as in qmail */
static void scan(unsigned long split)
{
  char dir[QUEUE_FN];
  DIR *d;
  struct dirent *e;
  unsigned long id;

  queue_fn(dir, "info/", split, 0);
  d = opendir(dir);
  if (!d) die_tempsys("unable to read queue/", dir);
  for (;;) {
    errno = 0;
    e = readdir(d);
    if (!e) break;
    if (e->d_name[0] == '.') continue;
    if (!msgnum(e->d_name, &id) || id % QUEUE_SPLIT != split) {
      struct sa name = SA_ZERO;
      if (!log_safe(&name, e->d_name, strlen(e->d_name)) || !sa_0(&name))
        temp_nomem();
      warn_say("ignoring queue/", dir, "/", name.s,
               ": not a message number of this directory");
      sa_free(&name);
      continue;
    }
    show(id);
  }
  if (errno) die_tempsys("unable to read queue/", dir);
  closedir(d);
}

int main(int argc, char **argv)
{
  unsigned long split;

  (void)argv;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc > 1) die_usage("qmail-qread");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  if (chdir("queue") == -1)
    die_tempsys("unable to chdir to ", auto_qmail, "/queue");
  buf_init(&q.out, 1, q.outspace, sizeof q.outspace);

  for (split = 0; split < QUEUE_SPLIT; ++split) scan(split);

  if (!buf_flush(&q.out)) die_tempsys("unable to write output");
  return q.trouble ? EX_TEMP : EX_OK;
}

/* qmail-queue - put a message into the queue
 * runs as: setuid qmailq (euid); the real uid is whoever queued
 * reads:   the message on fd 0, the envelope on fd 1 (qmail-queue(8));
 *          with -s, messages and envelopes one after another on fd 3
 * writes:  queue/pid, queue/mess, queue/intd, queue/todo; lock/trigger;
 *          with -s, one status byte per message on fd 3
 * trusts:  nothing it reads: the invoker may be any local user
 * parses:  the envelope: F and T records, each at most LIM_ADDR bytes;
 *          with -s, the chunks of each message (qqframe.c)
 *
 * DURABILITY (DESIGN.md 2): the message number is the inode of a file
 * made in pid/.  The file is linked as mess/N/num, filled and fsynced,
 * and mess/N is fsynced; the envelope goes to intd/num, fsynced; then
 * intd/num is linked as todo/num and todo/ is fsynced.  That link is
 * the commit point, and qmail-queue exits 0 (or, in a session, answers
 * QQF_QUEUED) only once it is durable.  Before it, any failure removes
 * what was made and exits non-zero; a session ends with it.  After a
 * crash, qmail-send removes leftovers once they are older than any live
 * qmail-queue's message can be (QUEUE_DEATH, enforced by the alarm,
 * which a session sets afresh for each message). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "date822.h"
#include "dur.h"
#include "fmt.h"
#include "open.h"
#include "qqexit.h"
#include "qqframe.h"
#include "queue.h"
#include "sig.h"

/* CONTRACT: qmail-send's OSSIFIED age (36 hours) exceeds this, so the
 * leftovers it cleans up can never belong to a live qmail-queue */
#define QUEUE_DEATH 86400

static struct {
  char pidfn[QUEUE_FN + 3 * FMT_ULONG];
  char messfn[QUEUE_FN];
  char messdir[QUEUE_FN];
  char intdfn[QUEUE_FN];
  char todofn[QUEUE_FN];
  volatile sig_atomic_t mademess;
  volatile sig_atomic_t madeintd;
  unsigned long messnum;
  unsigned long uid;
  unsigned long pid;
} q;

static char inspace[65536];
static char outspace[65536];

static void die(int code)
{
  /* unlink and _exit are async-signal-safe: die runs from SIGALRM too */
  if (q.madeintd) unlink(q.intdfn);
  if (q.mademess) unlink(q.messfn);
  _exit(code);
}

static void sigalrm(int sig)
{
  (void)sig;
  die(QQ_TIMEOUT);
}

/* pidopen - a fresh file in pid/; its inode numbers the message */
static int pidopen(void)
{
  unsigned long seq;
  for (seq = 1; seq < 10; ++seq) {
    size_t n = 0;
    int fd;
    n += queue_fn(q.pidfn, "pid/", q.pid, 0);
    q.pidfn[n++] = '.';
    n += fmt_ulong(q.pidfn + n, (unsigned long)time(0));
    q.pidfn[n++] = '.';
    n += fmt_ulong(q.pidfn + n, seq);
    q.pidfn[n] = 0;
    fd = open_excl(q.pidfn, 0644);
    if (fd != -1) return fd;
    if (errno != EEXIST) return -1;
  }
  return -1;
}

/* received - qmail's first line, "Received: (qmail PID invoked by
 * ...); DATE", with the same keywords, so that programs that look for
 * them find them; the date is RFC 5322's full form */
static void received(struct buf *out)
{
  char num[FMT_ULONG];
  char date[DATE822_LEN];
  uid_t uid = getuid();

  buf_puts(out, "Received: (qmail ");
  buf_put(out, num, fmt_ulong(num, q.pid));
  if (uid == auto_uid_alias) buf_puts(out, " invoked by alias");
  else if (uid == auto_uid_daemon) buf_puts(out, " invoked from network");
  else if (uid == auto_uid_send) buf_puts(out, " invoked for bounce");
  else {
    buf_puts(out, " invoked by uid ");
    buf_put(out, num, fmt_ulong(num, q.uid));
  }
  buf_puts(out, "); ");
  buf_put(out, date, date822_fmt(date, time(0)));
  buf_puts(out, "\n");
}

/* writemess - the Received line and the message into mess/N/num: from
 * in to end of file, or, framed (a session), to the end of its chunks */
static void writemess(int fd, struct buf *in, int framed)
{
  struct buf out;
  struct qqframe f = QQFRAME_ZERO;

  buf_init(&out, fd, outspace, sizeof outspace);
  received(&out);
  for (;;) {
    const char *p;
    size_t n;
    if (framed) {
      int r = qqframe_get(in, &f, &p, &n);
      if (r == -1) die(QQ_READ);
      if (r == 0) break;
    } else {
      ssize_t r = buf_feed(in);
      if (r == -1) die(QQ_READ);
      if (r == 0) break;
      p = buf_peek(in);
      n = (size_t)r;
      buf_skip(in, n);
    }
    if (!buf_put(&out, p, n)) die(QQ_WRITE);
  }
  if (!buf_flush(&out)) die(QQ_WRITE);
  if (dur_fsync(fd) == -1) die(QQ_WRITE);
  if (close(fd) == -1) die(QQ_WRITE);
  if (dur_syncdir(q.messdir) == -1) die(QQ_WRITE);
}

/* copyaddr - one envelope address from in to out, up to its NUL */
static void copyaddr(struct buf *in, struct buf *out)
{
  size_t len = 0;
  for (;;) {
    char c;
    int r = buf_getc(in, &c);
    if (r == -1) die(QQ_READ);
    if (r == 0) die(QQ_READ);       /* end of file inside the envelope */
    if (!buf_putc(out, c)) die(QQ_WRITE);
    if (!c) return;
    if (++len > LIM_ADDR) die(QQ_ADDR_TOOLONG);
  }
}

/* writeenv - intd/num: the u and p records, then the envelope copied
 * and checked: one F, any number of T, then the extra NUL */
static void writeenv(int fd, struct buf *in)
{
  struct buf out;
  char num[FMT_ULONG];
  char c;

  buf_init(&out, fd, outspace, sizeof outspace);
  buf_puts(&out, "u");
  buf_put(&out, num, fmt_ulong(num, q.uid));
  buf_put(&out, "", 1);
  buf_puts(&out, "p");
  buf_put(&out, num, fmt_ulong(num, q.pid));
  buf_put(&out, "", 1);
  if (buf_getc(in, &c) != 1) die(QQ_READ);
  if (c != 'F') die(QQ_INTERNAL);
  if (!buf_putc(&out, c)) die(QQ_WRITE);
  copyaddr(in, &out);
  for (;;) {
    if (buf_getc(in, &c) != 1) die(QQ_READ);
    if (!c) break;
    if (c != 'T') die(QQ_INTERNAL);
    if (!buf_putc(&out, c)) die(QQ_WRITE);
    copyaddr(in, &out);
  }
  if (!buf_flush(&out)) die(QQ_WRITE);
  if (dur_fsync(fd) == -1) die(QQ_WRITE);
  if (close(fd) == -1) die(QQ_WRITE);
}

/* queue - one message from min and its envelope from envin, to the
 * commit point; on any failure, die.  On return the message is queued
 * and SIGALRM is blocked. */
static void queue(struct buf *min, struct buf *envin, int framed)
{
  int fd;
  struct stat st;

  fd = pidopen();
  if (fd == -1) die(QQ_PID);
  if (fstat(fd, &st) == -1) {
    unlink(q.pidfn);
    die(QQ_PID);
  }
  q.messnum = (unsigned long)st.st_ino;
  queue_fn(q.messfn, "mess/", q.messnum, 1);
  queue_fn(q.intdfn, "intd/", q.messnum, 0);
  queue_fn(q.todofn, "todo/", q.messnum, 0);
  queue_fn(q.messdir, "mess/", q.messnum % QUEUE_SPLIT, 0);

  if (link(q.pidfn, q.messfn) == -1) {
    unlink(q.pidfn);
    die(QQ_MESS);
  }
  q.mademess = 1;
  if (unlink(q.pidfn) == -1) die(QQ_PID);

  writemess(fd, min, framed);

  fd = open_excl(q.intdfn, 0644);
  if (fd == -1) die(QQ_INTD);
  q.madeintd = 1;
  if (!envin) {                 /* classic: the envelope is on fd 1 */
    static struct buf env;
    buf_init(&env, 1, inspace, sizeof inspace);
    envin = &env;
  }
  writeenv(fd, envin);

  /* the commit point.  SECURITY: the caller may send SIGALRM at any
   * moment; from the link on, nothing may be removed, or todo/num would
   * be left without its message */
  sig_block(SIGALRM);
  if (link(q.intdfn, q.todofn) == -1) die(QQ_TODO);
  q.mademess = 0;
  q.madeintd = 0;
  if (dur_syncdir("todo") == -1) {
    /* the link may or may not survive a crash: say "not queued", so the
     * caller tries again; if it did survive, the message is delivered
     * twice, which is better than once claimed and then lost */
    _exit(QQ_TODO);
  }
  queue_trigger_pull();
}

/* isnull - fd is open on /dev/null */
static int isnull(int fd, const struct stat *null)
{
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
         st.st_rdev == null->st_rdev;
}

/* answer - one status byte to the session's caller */
static int answer(char c)
{
  for (;;) {
    ssize_t w = write(3, &c, 1);
    if (w == 1) return 1;
    if (w == -1 && errno == EINTR) continue;
    return 0;
  }
}

/* session - qmail-queue -s: messages one after another on fd 3, each
 * answered QQF_QUEUED once committed, until end of file between two
 * messages (exit 0) or the first failure (its exit code).
 * SECURITY: fds 0 and 1 must be /dev/null and fd 3 a socket.  A program
 * put in place of qmail-queue that pipes a filter's output into it
 * changes fd 0 or fd 1, and then no session starts: its caller falls
 * back to one qmail-queue per message, through the filter, instead of
 * sending the messages past the filter on fd 3. */
static void session(void)
{
  struct stat null;
  struct stat st;
  struct buf in;

  if (stat("/dev/null", &null) == -1) die(QQ_READ);
  if (!isnull(0, &null) || !isnull(1, &null)) die(QQ_READ);
  if (fstat(3, &st) == -1 || !S_ISSOCK(st.st_mode)) die(QQ_READ);
  buf_init(&in, 3, inspace, sizeof inspace);
  if (!answer(QQF_HELLO)) die(QQ_WRITE);
  for (;;) {
    ssize_t r;
    /* no clock between messages: an idle session costs nothing, and
     * its caller's end of file ends it */
    alarm(0);
    r = buf_feed(&in);
    if (r == 0) _exit(QQ_OK);
    if (r == -1) die(QQ_READ);
    alarm(QUEUE_DEATH);
    queue(&in, &in, 1);
    /* queued: a caller that has gone cannot hear it; the message stays
     * queued either way */
    if (!answer(QQF_QUEUED)) _exit(QQ_WRITE);
    /* a SIGALRM that came during the commit is dropped: it was meant
     * for the message just queued */
    alarm(0);
    sig_ignore(SIGALRM);
    sig_catch(SIGALRM, sigalrm);
    sig_unblock(SIGALRM);
  }
}

int main(int argc, char **argv)
{
  struct buf in;

  /* identity: who queued; nothing in the environment is used */
  q.uid = (unsigned long)getuid();
  q.pid = (unsigned long)getpid();
  sig_ignore(SIGPIPE);
  sig_catch(SIGALRM, sigalrm);
  alarm(QUEUE_DEATH);
  umask(033);

  if (chdir(auto_qmail) == -1) die(QQ_HOME);
  if (chdir("queue") == -1) die(QQ_QUEUEDIR);

  /* any other argument is ignored, as qmail's qmail-queue ignored all */
  if (argc > 1 && argv[1] && !strcmp(argv[1], "-s")) session();

  buf_init(&in, 0, inspace, sizeof inspace);
  queue(&in, 0, 0);
  _exit(QQ_OK);
}

/* maildir2mbox - move the messages of a Maildir to the end of an mbox
 * runs as: the mailbox's owner
 * reads:   MAILDIR/new and MAILDIR/cur, the mbox $MAIL; MAILDIR, MAIL
 *          and MAILTMP from the environment (the user's own)
 * writes:  $MAILTMP, renamed over $MAIL; removes the messages it moved,
 *          and files in MAILDIR/tmp older than 36 hours
 * trusts:  its environment
 * parses:  Maildir file names (their leading time) and each message's
 *          first line (Return-Path), both bounded
 *
 * The order is qmail's: lock $MAIL, copy it to $MAILTMP, append the
 * messages oldest first, make $MAILTMP durable, rename it over $MAIL,
 * and only then remove the messages from the Maildir.  A crash at any
 * point loses nothing; one between the rename and the removals leaves
 * messages that the next run appends again (at least once). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "dur.h"
#include "err.h"
#include "fd.h"
#include "lock.h"
#include "mbox.h"
#include "open.h"
#include "sa.h"
#include "scan.h"
#include "sz.h"

const char *prog = "maildir2mbox";

/* maildir(5): a file in tmp/ this old is a delivery that died */
#define TMP_STALE (36L * 60 * 60)

struct msg {
  size_t name;           /* offset of "new/..." or "cur/..." in names */
  unsigned long when;    /* the time its name starts with */
};

static struct {
  const char *maildir;
  const char *mail;
  const char *mailtmp;
  struct sa names;       /* NUL-terminated names, relative to maildir */
  struct msg *msgs;
  size_t n;
  size_t cap;
  struct sa path;
  struct sa line;
} m = { 0, 0, 0, SA_ZERO, 0, 0, 0, SA_ZERO, SA_ZERO };

static const char *getenv_or_die(const char *name)
{
  const char *v = getenv(name);
  if (!v || !*v) die_perm(name, " not set");
  return v;
}

/* inmaildir - m.path gets maildir/rel, NUL-terminated */
static const char *inmaildir(const char *rel)
{
  if (!sa_copys(&m.path, m.maildir) || !sa_append(&m.path, '/') ||
      !sa_cats(&m.path, rel) || !sa_0(&m.path))
    temp_nomem();
  return m.path.s;
}

static void add(const char *sub, const char *name)
{
  struct msg *x;
  size_t bytes;

  if (m.n == m.cap) {
    size_t cap = m.cap ? m.cap * 2 : 64;
    if (!sz_mul(&bytes, cap, sizeof *x)) temp_nomem();
    x = realloc(m.msgs, bytes);
    if (!x) temp_nomem();
    m.msgs = x;
    m.cap = cap;
  }
  x = m.msgs + m.n;
  x->name = m.names.len;
  /* a name that does not start with a time sorts first */
  if (!scan_ulong(name, &x->when)) x->when = 0;
  if (!sa_cats(&m.names, sub) || !sa_cats(&m.names, name) || !sa_0(&m.names))
    temp_nomem();
  ++m.n;
}

/* list - the messages in sub ("new/" or "cur/"), at most
 * LIM_M2M_MESSAGES in all; the rest wait for the next run */
static void list(const char *sub)
{
  DIR *d = opendir(inmaildir(sub));
  struct dirent *e;
  int failed = 0;

  if (!d) die_tempsys("unable to scan ", m.path.s);
  while (m.n < LIM_M2M_MESSAGES) {
    errno = 0;
    e = readdir(d);
    if (!e) {
      failed = errno != 0;
      break;
    }
    if (e->d_name[0] == '.') continue;    /* maildir(5): not a message */
    add(sub, e->d_name);
  }
  if (failed) die_tempsys("unable to read ", inmaildir(sub));
  closedir(d);
}

/* cleantmp - remove what dead deliveries left in tmp/ */
static void cleantmp(void)
{
  DIR *d = opendir(inmaildir("tmp"));
  struct dirent *e;
  struct stat st;
  time_t now = time(0);
  struct sa file = SA_ZERO;

  if (!d) return;       /* not worth failing for */
  while ((e = readdir(d)) != 0) {
    if (e->d_name[0] == '.') continue;
    if (!sa_copys(&file, inmaildir("tmp/")) || !sa_cats(&file, e->d_name) ||
        !sa_0(&file))
      temp_nomem();
    if (lstat(file.s, &st) == 0 && S_ISREG(st.st_mode) &&
        now - st.st_atime > TMP_STALE)
      unlink(file.s);
  }
  closedir(d);
  sa_free(&file);
}

static int bytime(const void *a, const void *b)
{
  const struct msg *x = a;
  const struct msg *y = b;
  if (x->when != y->when) return x->when < y->when ? -1 : 1;
  return strcmp(m.names.s + x->name, m.names.s + y->name);
}

/* copyold - what $MAIL holds now goes first into $MAILTMP */
static void copyold(int from, struct buf *out)
{
  char chunk[BUF_SIZE];
  for (;;) {
    ssize_t r = read(from, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) die_tempsys("unable to read ", m.mail);
    if (r == 0) return;
    if (!buf_put(out, chunk, (size_t)r))
      die_tempsys("unable to write ", m.mailtmp);
  }
}

/* append - one message, with its From_ line, quoted as mbox(5) asks */
static void append(const struct msg *x, struct buf *out)
{
  char space[BUF_SIZE];
  struct buf in;
  struct sa sender = SA_ZERO;
  struct sa ufline = SA_ZERO;
  struct fromquote q;
  int fd = open_readnofollow(inmaildir(m.names.s + x->name));
  int r;

  if (fd == -1) die_tempsys("unable to open ", m.path.s);
  buf_init(&in, fd, space, sizeof space);
  /* qmail-local's first line is Return-Path: the envelope sender */
  r = buf_getline(&in, &m.line, LIM_QADDR + 32);
  if (r == -1 && errno != E2BIG) die_tempsys("unable to read ", m.path.s);
  if (mbox_returnpath(m.line.s, m.line.len, &sender) == -1 || !sa_0(&sender))
    temp_nomem();
  if (!mbox_ufline(&ufline, sender.s, (time_t)x->when)) temp_nomem();
  if (!buf_putsa(out, &ufline)) die_tempsys("unable to write ", m.mailtmp);
  fromquote_init(&q);
  if (!fromquote_put(&q, out, m.line.s, m.line.len))
    die_tempsys("unable to write ", m.mailtmp);
  for (;;) {
    ssize_t got;
    if (buf_buffered(&in) == 0) {
      got = buf_feed(&in);
      if (got == -1) die_tempsys("unable to read ", m.path.s);
      if (got == 0) break;
    }
    got = (ssize_t)buf_buffered(&in);
    if (!fromquote_put(&q, out, buf_peek(&in), (size_t)got))
      die_tempsys("unable to write ", m.mailtmp);
    buf_skip(&in, (size_t)got);
  }
  if (!fromquote_end(&q, out)) die_tempsys("unable to write ", m.mailtmp);
  close(fd);
  sa_free(&sender);
  sa_free(&ufline);
}

/* build - $MAILTMP: $MAIL as it was, then every message; durable */
static void build(int mailfd)
{
  char space[BUF_SIZE];
  struct buf out;
  struct stat st;
  size_t i;
  int fd;

  if (fstat(mailfd, &st) == -1) die_tempsys("unable to stat ", m.mail);
  fd = open(m.mailtmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
            0600);
  if (fd == -1) die_tempsys("unable to open ", m.mailtmp);
  /* the new $MAIL keeps the old one's permissions */
  if (fchmod(fd, st.st_mode & 07777) == -1)
    die_tempsys("unable to chmod ", m.mailtmp);
  buf_init(&out, fd, space, sizeof space);
  copyold(mailfd, &out);
  for (i = 0; i < m.n; ++i) append(m.msgs + i, &out);
  /* DURABILITY: every byte of $MAILTMP is on disk before the rename
   * makes it $MAIL, and the rename before any message is removed */
  if (!buf_flush(&out) || dur_fsync(fd) == -1)
    die_tempsys("unable to write ", m.mailtmp);
  if (close(fd) == -1) die_tempsys("unable to write ", m.mailtmp);
  if (dur_rename(m.mailtmp, m.mail) == -1)
    die_tempsys("unable to move ", m.mailtmp, " to ", m.mail);
}

int main(void)
{
  size_t i;
  int mailfd;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  m.maildir = getenv_or_die("MAILDIR");
  m.mail = getenv_or_die("MAIL");
  m.mailtmp = getenv_or_die("MAILTMP");
  m.line.max = LIM_QADDR + 32;

  cleantmp();
  list("new/");
  list("cur/");
  if (m.n == 0) return EX_OK;      /* nothing to move: $MAIL untouched */
  qsort(m.msgs, m.n, sizeof *m.msgs, bytime);

  mailfd = open(m.mail, O_RDWR | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
  if (mailfd == -1) die_tempsys("unable to open ", m.mail);
  /* both kinds of lock, as qmail-local takes them: mail readers on
   * Debian use fcntl, older ones flock */
  if (lock_ex(mailfd) == -1 || lock_fcntl_ex(mailfd) == -1)
    die_tempsys("unable to lock ", m.mail);
  build(mailfd);

  for (i = 0; i < m.n; ++i)
    if (unlink(inmaildir(m.names.s + m.msgs[i].name)) == -1 &&
        errno != ENOENT)
      die_tempsys("unable to remove ", m.path.s);
  /* the removals made durable too, or a crash brings copies back */
  if (dur_syncdir(inmaildir("new")) == -1 ||
      dur_syncdir(inmaildir("cur")) == -1)
    die_tempsys("unable to sync ", m.path.s);
  close(mailfd);
  return EX_OK;
}

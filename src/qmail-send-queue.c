/* qmail-send-queue.c - qmail-send: qmail-clean, schedules, jobs, bounces
 *
 * The message states and cleanups are qmail's (INTERNALS); see
 * qmail-send.c for the whole picture. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "auto_qmail.h"
#include "buf.h"
#include "cleanproto.h"
#include "date822.h"
#include "dur.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "prioq.h"
#include "qmail-send.h"
#include "qq.h"
#include "queue.h"
#include "rec.h"
#include "scan.h"
#include "spawnproto.h"

/* ------------------------------------------------------ qmail-clean */

static char cleaninspace[256];
static struct buf cleanin;

void clean_init(void)
{
  buf_init(&cleanin, FD_FROMCLEAN, cleaninspace, sizeof cleaninspace);
}

static const struct rec_rule from_clean[] = {
  { REC_CLEAN_OK, LIM_CLEAN_REPLY, 0 },
  { REC_CLEAN_FAIL, LIM_CLEAN_REPLY, 0 },
};

/* clean_many - ask qmail-clean to remove the files of n messages: the
 * requests go at once, and the answers come back in order (qmail-clean
 * answers each before it reads the next); ok[i] is 1 where it did.  0
 * when the connection to qmail-clean is lost (then qmail-send exits). */
int clean_many(int type, const unsigned long *ids, int n, int *ok)
{
  struct sa req = SA_ZERO;
  struct sa reply = SA_ZERO;
  char num[FMT_ULONG];
  int rtype;
  int alive;
  int i;

  for (i = 0; i < n; ++i)
    while (!rec_put(&req, type, num, fmt_ulong(num, ids[i]))) nomem();
  alive = fd_writeall(FD_TOCLEAN, req.s, req.len, 0);
  for (i = 0; alive && i < n; ++i) {
    if (rec_get(&cleanin, REC_RULES(from_clean), &rtype, &reply) != 1) alive = 0;
    else ok[i] = rtype == REC_CLEAN_OK;
  }
  if (!alive) {
    logs("alert: oh no! lost qmail-clean connection! dying...\n");
    exitasap = 1;
  }
  sa_free(&req);
  sa_free(&reply);
  return alive;
}

void clean_warn(const char *what)
{
  logs("warning: qmail-clean unable to clean up ");
  logs(what);
  logs("\n");
}

/* clean - ask qmail-clean to remove files; 1 if it did */
int clean(int type, unsigned long id, const char *what)
{
  int ok;

  if (!clean_many(type, &id, 1, &ok)) return 0;
  if (!ok) clean_warn(what);
  return ok;
}

/* --------------------------------------------------------- schedules */

struct prioq pqdone;
struct prioq pqchan[CHANNELS];
struct prioq pqfail;

void pqput(struct prioq *pq, unsigned long id, time_t dt)
{
  struct prioq_elt e;
  e.id = id;
  e.dt = dt;
  while (!prioq_insert(pq, &e)) nomem();
}

int exists(const char *fn, int *err)
{
  struct stat st;
  *err = 0;
  if (stat(fn, &st) == 0) return 1;
  if (errno != ENOENT) *err = 1;
  return 0;
}

/* pqadd - schedule a preprocessed message found on disk; the mtime of
 * local/num and remote/num is the next retry (pqfinish wrote it) */
void pqadd(unsigned long id)
{
  char fn[QUEUE_FN];
  struct stat st;
  int c;
  int err;
  int any = 0;

  queue_fn(fn, "info/", id, 1);
  if (stat(fn, &st) == -1) {
    if (errno == ENOENT) return;
    goto fail;
  }
  queue_fn(fn, "todo/", id, 0);
  if (exists(fn, &err)) return;     /* preprocessing restarts from todo/ */
  if (err) goto fail;
  for (c = 0; c < CHANNELS; ++c) {
    queue_fn(fn, chandir[c], id, 1);
    if (stat(fn, &st) == 0) {
      pqput(&pqchan[c], id, st.st_mtime);
      any = 1;
    } else if (errno != ENOENT) {
      goto fail;
    }
  }
  if (!any) pqput(&pqdone, id, recent);
  return;
fail:
  logs("warning: unable to stat ");
  logs(fn);
  logs("; will try again later\n");
  pqput(&pqfail, id, recent + SLEEP_SYSFAIL);
}

/* pqstart - every message in info/ */
void pqstart(void)
{
  unsigned long split;
  for (split = 0; split < QUEUE_SPLIT; ++split) {
    char dir[QUEUE_FN];
    DIR *d;
    struct dirent *e;
    queue_fn(dir, "info/", split, 0);
    while (!(d = opendir(dir))) {
      logs("alert: unable to opendir ");
      logs(dir);
      logs(", sleeping...\n");
      logflush();
      sleep(10);
    }
    while ((e = readdir(d))) {
      unsigned long id;
      size_t len = scan_ulong(e->d_name, &id);
      if (len && !e->d_name[len]) pqadd(id);
    }
    closedir(d);
  }
}

/* pqfinish - leaving: record each message's next retry as the mtime of
 * its recipient list, for the next qmail-send to find */
void pqfinish(void)
{
  int c;
  for (c = 0; c < CHANNELS; ++c) {
    struct prioq_elt e;
    while (prioq_min(&pqchan[c], &e)) {
      char fn[QUEUE_FN];
      struct utimbuf ut;
      prioq_delmin(&pqchan[c]);
      queue_fn(fn, chandir[c], e.id, 1);
      ut.actime = ut.modtime = e.dt;
      if (utime(fn, &ut) == -1) {
        logs("warning: unable to utime ");
        logs(fn);
        logs("; message will be retried too soon\n");
      }
    }
  }
}

/* pqrun - SIGALRM: everything is due now */
void pqrun(void)
{
  int c;
  size_t i;
  for (c = 0; c < CHANNELS; ++c)
    for (i = 0; i < pqchan[c].len; ++i) pqchan[c].p[i].dt = recent;
}

/* -------------------------------------------------------------- jobs */

struct job *jobs;
size_t numjobs;

void job_init(void)
{
  size_t n = cfg.concurrency[0] + cfg.concurrency[1];
  numjobs = n ? n : 1;
  while (!(jobs = calloc(numjobs, sizeof *jobs))) nomem();
}

int job_avail(void)
{
  size_t j;
  for (j = 0; j < numjobs; ++j)
    if (!jobs[j].refs) return 1;
  return 0;
}

size_t job_open(unsigned long id, int channel)
{
  size_t j;
  for (j = 0; j < numjobs; ++j)
    if (!jobs[j].refs) break;
  jobs[j].refs = 1;
  jobs[j].id = id;
  jobs[j].channel = channel;
  jobs[j].numtodo = 0;
  jobs[j].hiteof = 0;
  return j;
}

/* job_close - a pass and its deliveries are over: if every recipient is
 * done, remove the list; if both lists are gone, the message is done */
void job_close(size_t j)
{
  struct job *jo = &jobs[j];
  char fn[QUEUE_FN];
  time_t dt = jo->retry;
  int c;

  if (--jo->refs > 0) return;
  if (jo->hiteof && !jo->numtodo) {
    queue_fn(fn, chandir[jo->channel], jo->id, 1);
    if (unlink(fn) == -1) {
      logs("warning: unable to unlink ");
      logs(fn);
      logs("; will try again later\n");
      dt = recent + SLEEP_SYSFAIL;
    } else {
      for (c = 0; c < CHANNELS; ++c) {
        int err;
        if (c == jo->channel) continue;
        queue_fn(fn, chandir[c], jo->id, 1);
        if (exists(fn, &err)) return;        /* the other list goes on */
        if (err) {
          logs("warning: unable to stat ");
          logs(fn);
          logs("\n");
          break;
        }
      }
      pqput(&pqdone, jo->id, recent);
      return;
    }
  }
  pqput(&pqchan[jo->channel], jo->id, dt);
}

/* ----------------------------------------------------------- bounces */

/* getinfo - the envelope sender of a preprocessed message; its birth is
 * the mtime of info/num.  1, or 0 (unreadable or not there). */
int getinfo(unsigned long id, struct sa *sender, time_t *birth)
{
  static const struct rec_rule info_rules[] = {
    { 'F', LIM_ADDR, 0 },
  };
  char fn[QUEUE_FN];
  char space[1024];
  struct buf b;
  struct stat st;
  int type;
  int fd;
  int r;

  queue_fn(fn, "info/", id, 1);
  fd = open_read(fn);
  if (fd == -1) return 0;
  if (fstat(fd, &st) == -1) {
    close(fd);
    return 0;
  }
  buf_init(&b, fd, space, sizeof space);
  r = rec_get(&b, REC_RULES(info_rules), &type, sender);
  close(fd);
  if (r != 1) return 0;
  *birth = st.st_mtime;
  while (!sa_0(sender)) nomem();
  return 1;
}

/* addbounce - record a permanent failure in bounce/num.
 * DURABILITY: fsynced before the recipient is marked done, so a crash
 * cannot lose the news of the failure. */
void addbounce(unsigned long id, const char *recip, const char *report)
{
  struct sa text = SA_ZERO;
  char fn[QUEUE_FN];

  while (!send_bouncetext(&text,
                          send_stripvdom(&cfg.maps.vdoms, recip), report)) {
    text.len = 0;
    nomem();
  }
  queue_fn(fn, "bounce/", id, 0);
  for (;;) {
    /* a new bounce/num needs its directory entry on disk too */
    int made = 0;
    int fd = open(fn, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd == -1 && errno == ENOENT) {
      fd = open(fn, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      made = 1;
    }
    if (fd != -1) {
      int ok = fd_writeall(fd, text.s, text.len, 0) && dur_fsync(fd) == 0;
      close(fd);
      if (ok && made && dur_syncdir("bounce") == -1) ok = 0;
      if (ok) break;
      /* a partial paragraph may be there now; the bounce text is for
       * people, and a repeated paragraph is better than a lost one */
    }
    logs("alert: unable to append to bounce message; HELP! sleeping...\n");
    logflush();
    sleep(10);
  }
  sa_free(&text);
}

static void copyfile(struct qq *q, const char *fn)
{
  char space[8192];
  struct buf b;
  int fd = open_read(fn);
  ssize_t r;

  if (fd == -1) {
    qq_fail(q);
    return;
  }
  buf_init(&b, fd, space, sizeof space);
  while ((r = buf_feed(&b)) > 0) {
    qq_put(q, buf_peek(&b), (size_t)r);
    buf_skip(&b, (size_t)r);
  }
  if (r == -1) qq_fail(q);
  close(fd);
}

/* injectbounce - turn bounce/num into a QSBMF bounce message (qmail's
 * format, with RFC 3834's Auto-Submitted so that vacation programs stay
 * quiet), queue it, and remove bounce/num.  1 when bounce/num is gone. */
/* writebounce - the bounce message itself, QSBMF with the headers of
 * RFC 5322 and RFC 3834 */
static void writebounce(struct qq *q, const char *sender, const char *to,
                        int doubled, const char *bfn, const char *mfn)
{
  struct sa quoted = SA_ZERO;
  char num[FMT_ULONG];
  char date[DATE822_LEN];

  qq_puts(q, "Date: ");
  qq_put(q, date, date822_fmt(date, time(0)));
  qq_puts(q, "\nFrom: ");
  qq_puts(q, cfg.bouncefrom.s);
  qq_puts(q, "@");
  qq_puts(q, cfg.bouncehost.s);
  qq_puts(q, "\nTo: ");
  while (!send_quote(&quoted, to)) nomem();
  qq_puts(q, quoted.s);
  qq_puts(q, "\nSubject: failure notice\nMessage-ID: <");
  qq_put(q, num, fmt_ulong(num, (unsigned long)time(0)));
  qq_puts(q, ".");
  qq_put(q, num, fmt_ulong(num, qq_qp(q)));
  qq_puts(q, ".bounce@");
  qq_puts(q, cfg.bouncehost.s);
  qq_puts(q, ">\nAuto-Submitted: auto-replied\n\n");
  /* QSBMF: the body must begin "Hi. This is the" */
  qq_puts(q, "Hi. This is the qmail-send program at ");
  qq_puts(q, cfg.bouncehost.s);
  qq_puts(q, doubled
    ? ".\nI tried to deliver a bounce message to this address, and the"
      " bounce\nitself could not be delivered.\n\n"
    : ".\nI could not deliver your message to the addresses below."
      " This is a\npermanent error; I have given up.\n\n");
  copyfile(q, bfn);
  /* the break paragraph: bounce parsers look for these exact words */
  qq_puts(q, doubled ? "--- Below this line is the original bounce.\n\n"
                     : "--- Below this line is a copy of the message.\n\n");
  qq_puts(q, "Return-Path: <");
  while (!send_quote(&quoted, sender)) nomem();
  qq_puts(q, quoted.s);
  qq_puts(q, ">\n");
  copyfile(q, mfn);
  sa_free(&quoted);
}

/* injectbounce - turn bounce/num into a bounce message to the sender
 * (or, for a bounce that bounced, to doublebounceto), queue it, and
 * remove bounce/num.  1 when bounce/num is gone. */
static int injectbounce(unsigned long id)
{
  struct sa sender = SA_ZERO;
  struct sa err = SA_ZERO;
  char bfn[QUEUE_FN];
  char mfn[QUEUE_FN];
  struct qq q;
  time_t birth;
  int erred;
  int ok = 0;

  if (!getinfo(id, &sender, &birth)) return 0;
  /* a VERP sender "x-@host-@[]" gets its bounce at "x-@host" */
  if (sender.len >= 5 && !strcmp(sender.s + sender.len - 5, "-@[]")) {
    sender.len -= 4;
    sender.s[sender.len - 1] = 0;
  }
  queue_fn(bfn, "bounce/", id, 0);
  queue_fn(mfn, "mess/", id, 1);
  if (!exists(bfn, &erred)) {
    if (erred) {
      logs("warning: unable to stat ");
      logs(bfn);
      logs("\n");
    }
    ok = !erred;
    goto done;
  }
  if (!strcmp(sender.s, "#@[]")) {
    logs("triple bounce: discarding ");
    logs(bfn);
    logs("\n");
  } else {
    int doubled = !*sender.s;
    const char *to = doubled ? cfg.doublebounceto.s : sender.s;
    if (qq_open(&q, auto_qmail) == -1) {
      logs("warning: unable to start qmail-queue, will try later\n");
      goto done;
    }
    writebounce(&q, sender.s, to, doubled, bfn, mfn);
    qq_from(&q, doubled ? "#@[]" : "");
    qq_to(&q, to);
    if (qq_close(&q, &err) != 0) {
      logs("warning: trouble injecting bounce message, will try later\n");
      goto done;
    }
    logs("bounce msg ");
    lognum(id);
    logs(" qp ");
    lognum(qq_qp(&q));
    logs("\n");
  }
  if (unlink(bfn) == -1) {
    logs("warning: unable to unlink ");
    logs(bfn);
    logs("\n");
    goto done;
  }
  ok = 1;
done:
  sa_free(&sender);
  sa_free(&err);
  return ok;
}

/* messdone - every list is gone: bounce if needed, then remove the
 * message (info/ first, then mess/ through qmail-clean) */
void messdone(unsigned long id)
{
  char fn[QUEUE_FN];
  int c;
  int err;

  for (c = 0; c < CHANNELS; ++c) {
    queue_fn(fn, chandir[c], id, 1);
    if (exists(fn, &err)) return;
    if (err) goto fail;
  }
  queue_fn(fn, "todo/", id, 0);
  if (exists(fn, &err)) return;
  if (err) goto fail;
  queue_fn(fn, "info/", id, 1);
  if (!exists(fn, &err)) {
    if (err) goto fail;
    return;
  }
  if (!injectbounce(id)) goto retry;
  logs("end msg ");
  lognum(id);
  logs("\n");
  if (unlink(fn) == -1) {
    logs("warning: unable to unlink ");
    logs(fn);
    logs("; will try again later\n");
    goto retry;
  }
  queue_fn(fn, "mess/", id, 1);
  clean(REC_CLEAN_MESS, id, fn);
  return;
fail:
  logs("warning: unable to stat ");
  logs(fn);
  logs("; will try again later\n");
retry:
  pqput(&pqdone, id, recent + SLEEP_SYSFAIL);
}


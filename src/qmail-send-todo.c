/* qmail-send-todo.c - qmail-send: preprocessing new messages (todo/),
 * and the sweep for what crashes left behind */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cleanproto.h"
#include "dur.h"
#include "err.h"
#include "fd.h"
#include "open.h"
#include "qmail-send.h"
#include "queue.h"
#include "rec.h"
#include "scan.h"
#include "spawnproto.h"

/* -------------------------------------------------------------- todo */

static DIR *tododir;          /* a scan under way, or 0 */
static time_t nexttodorun;
static int triggerfd = -1;

/* DURABILITY: a batch of up to TODO_BATCH messages is preprocessed with
 * its files written and closed, then made durable by one syncfs(2) of
 * the queue's file system, then its todo/ files are removed.  syncfd is
 * the queue directory, open since start-up, so that the syncfs reports
 * every write-back error since; -1 where syncfs cannot be relied on
 * (see dur_syncfs), and then each message's files and directories are
 * fsynced one message at a time, as qmail did. */
#define TODO_BATCH 32
static int syncfd = -1;
static struct {
  unsigned long id;
  int made[CHANNELS];
} batch[TODO_BATCH];
static int nbatch;

/* trigger_set - reopen lock/trigger: after a writer has come and gone a
 * FIFO polls as hung up for good, so each wake-up gets a fresh open */
static void trigger_set(void)
{
  if (triggerfd != -1) close(triggerfd);
  triggerfd = open("lock/trigger", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static const struct rec_rule todo_rules[] = {
  { 'u', LIM_SPAWN_NUM, 0 },
  { 'p', LIM_SPAWN_NUM, 0 },
  { 'F', LIM_ADDR, 0 },
  { 'T', LIM_ADDR, 0 },
};

struct todo {
  int fd;
  int fdinfo;
  int fdchan[CHANNELS];
  char fn[QUEUE_FN];        /* the file a warning is about */
  int bounced;              /* a recipient went straight to bounce/ */
};

static void todo_warn(const char *what, const char *fn)
{
  logs("warning: ");
  logs(what);
  logs(fn);
  logs("\n");
}

/* todo_write - append a record to a new queue file, fsynced later */
static int todo_write(int fd, int type, const char *p, size_t len)
{
  struct sa rec = SA_ZERO;
  int ok;
  while (!rec_put(&rec, type, p, len)) nomem();
  ok = fd_writeall(fd, rec.s, rec.len, 0);
  sa_free(&rec);
  return ok;
}

/* todo_envelope - read todo/num and write info/num and the lists */
static int todo_envelope(struct todo *t, unsigned long id, off_t bytes)
{
  static struct sa rec = SA_ZERO;
  static struct sa addr = SA_ZERO;
  char space[4096];
  struct buf b;
  unsigned long uid = 0;
  unsigned long pid = 0;
  int type;
  int r;
  int c;

  buf_init(&b, t->fd, space, sizeof space);
  while ((r = rec_get(&b, REC_RULES(todo_rules), &type, &rec)) == 1) {
    switch (type) {
    case 'u':
      scan_ulongb(rec.s, rec.len, &uid);
      break;
    case 'p':
      scan_ulongb(rec.s, rec.len, &pid);
      break;
    case 'F':
      if (!todo_write(t->fdinfo, 'F', rec.s, rec.len)) {
        queue_fn(t->fn, "info/", id, 1);
        todo_warn("trouble writing to ", t->fn);
        return 0;
      }
      while (!sa_0(&rec)) nomem();
      logs("info msg ");
      lognum(id);
      logs(": bytes ");
      lognum((unsigned long)bytes);
      logs(" from <");
      logsafe(rec.s);
      logs("> qp ");
      lognum(pid);
      logs(" uid ");
      lognum(uid);
      logs("\n");
      break;
    case 'T':
      while (!sa_0(&rec)) nomem();
      r = send_rewrite(&cfg.maps, rec.s, &addr);
      if (!r) {
        nomem();
        return 0;
      }
      if (addr.len > LIM_QADDR) {
        /* it could never be delivered: it bounces now, as a delivery
         * failure would (a retry of this todo may repeat the paragraph) */
        addbounce(id, rec.s, "The address is too long after rewriting. (#5.1.3)");
        t->bounced = 1;
        break;
      }
      c = r == SEND_LOCAL ? 0 : 1;
      if (t->fdchan[c] == -1) {
        queue_fn(t->fn, chandir[c], id, 1);
        t->fdchan[c] = open_excl(t->fn, 0600);
        if (t->fdchan[c] == -1) {
          todo_warn("unable to create ", t->fn);
          return 0;
        }
      }
      if (!todo_write(t->fdchan[c], 'T', addr.s, addr.len)) {
        queue_fn(t->fn, chandir[c], id, 1);
        todo_warn("trouble writing to ", t->fn);
        return 0;
      }
      break;
    }
  }
  if (r == -1) {
    queue_fn(t->fn, "todo/", id, 0);
    todo_warn(errno == EPROTO || errno == E2BIG ? "unknown record type in "
                                                : "trouble reading ", t->fn);
    return 0;
  }
  return 1;
}

/* todo_commit - DURABILITY: the new files and their names are on disk
 * before qmail-clean removes todo/num, the previous commit point */
static int todo_commit(struct todo *t, unsigned long id)
{
  char dir[QUEUE_FN];
  int c;

  queue_fn(t->fn, "info/", id, 1);
  if (dur_fsync(t->fdinfo) == -1 || close(t->fdinfo) == -1) {
    t->fdinfo = -1;
    todo_warn("trouble fsyncing ", t->fn);
    return 0;
  }
  t->fdinfo = -1;
  queue_fn(dir, "info/", id % QUEUE_SPLIT, 0);
  if (dur_syncdir(dir) == -1) {
    todo_warn("trouble fsyncing ", dir);
    return 0;
  }
  for (c = 0; c < CHANNELS; ++c) {
    if (t->fdchan[c] == -1) continue;
    queue_fn(t->fn, chandir[c], id, 1);
    if (dur_fsync(t->fdchan[c]) == -1 || close(t->fdchan[c]) == -1) {
      t->fdchan[c] = -1;
      todo_warn("trouble fsyncing ", t->fn);
      return 0;
    }
    t->fdchan[c] = 0;        /* closed, but made: remembered for below */
    queue_fn(dir, chandir[c], id % QUEUE_SPLIT, 0);
    if (dur_syncdir(dir) == -1) {
      todo_warn("trouble fsyncing ", dir);
      return 0;
    }
  }
  return 1;
}

/* todo_close - close the new files unsynced (a syncfs will cover them) */
static int todo_close(struct todo *t, unsigned long id)
{
  int c;
  int ok = 1;

  if (close(t->fdinfo) == -1) {
    queue_fn(t->fn, "info/", id, 1);
    todo_warn("trouble writing to ", t->fn);
    ok = 0;
  }
  t->fdinfo = -1;
  for (c = 0; c < CHANNELS; ++c) {
    if (t->fdchan[c] == -1) continue;
    if (close(t->fdchan[c]) == -1 && ok) {
      queue_fn(t->fn, chandir[c], id, 1);
      todo_warn("trouble writing to ", t->fn);
      ok = 0;
    }
    t->fdchan[c] = 0;        /* closed, but made */
  }
  return ok;
}

/* samefs - the queue's directories are all on the file system of ".",
 * so that a syncfs of "." covers them */
static int samefs(void)
{
  static const char *dirs[] = { "info", "local", "remote", "todo", 0 };
  struct stat top;
  struct stat st;
  int i;

  if (fstat(syncfd, &top) == -1) return 0;
  for (i = 0; dirs[i]; ++i)
    if (stat(dirs[i], &st) == -1 || st.st_dev != top.st_dev) return 0;
  return 1;
}

void todo_init(void)
{
  nexttodorun = recent;
  trigger_set();
  syncfd = open_dir(".");
  if (syncfd != -1 && (!samefs() || dur_syncfs(syncfd) == -1)) {
    close(syncfd);
    syncfd = -1;
  }
}

int todo_pollfd(void)
{
  return exitasap ? -1 : triggerfd;
}

void todo_wakeup(time_t *wakeup)
{
  if (exitasap) return;
  if (tododir) *wakeup = 0;
  else if (nexttodorun < *wakeup) *wakeup = nexttodorun;
}

/* todo_retrysoon - a message could not be preprocessed, or its todo/
 * file not removed: look at todo/ again in SLEEP_SYSFAIL seconds, not
 * only at the next trigger */
static void todo_retrysoon(void)
{
  if (nexttodorun > recent + SLEEP_SYSFAIL) nexttodorun = recent + SLEEP_SYSFAIL;
}

/* todo_schedule - todo/id is gone: the message's deliveries can start */
static void todo_schedule(unsigned long id, const int *made)
{
  int c;
  int any = 0;

  for (c = 0; c < CHANNELS; ++c)
    if (made[c]) {
      pqput(&pqchan[c], id, recent);
      any = 1;
    }
  if (!any) pqput(&pqdone, id, recent);
}

/* todo_done - todo/id is no longer needed: remove it and schedule */
static void todo_done(unsigned long id, const int *made)
{
  char fn[QUEUE_FN];

  queue_fn(fn, "todo/", id, 0);
  if (clean(REC_CLEAN_TODO, id, fn)) todo_schedule(id, made);
  else todo_retrysoon();
}

/* todo_flush - commit the batch: one syncfs, then the removal of its
 * todo/ files, asked of qmail-clean at once, and the schedules.  On
 * failure the todo/ files stay, and the next scan does them again. */
static void todo_flush(void)
{
  unsigned long ids[TODO_BATCH];
  int ok[TODO_BATCH];
  char fn[QUEUE_FN];
  int i;

  if (!nbatch) return;
  if (dur_syncfs(syncfd) == -1) {
    logs("warning: trouble syncing the queue: ");
    logs(err_str(errno));
    logs("\n");
    nbatch = 0;
    todo_retrysoon();
    return;
  }
  for (i = 0; i < nbatch; ++i) ids[i] = batch[i].id;
  if (clean_many(REC_CLEAN_TODO, ids, nbatch, ok))
    for (i = 0; i < nbatch; ++i) {
      if (ok[i]) {
        todo_schedule(ids[i], batch[i].made);
        continue;
      }
      queue_fn(fn, "todo/", ids[i], 0);
      clean_warn(fn);
      todo_retrysoon();
    }
  nbatch = 0;
}

static void todo_process(unsigned long id)
{
  struct todo t;
  struct stat st;
  int made[CHANNELS];
  int c;

  t.fdinfo = -1;
  t.bounced = 0;
  for (c = 0; c < CHANNELS; ++c) t.fdchan[c] = -1;
  queue_fn(t.fn, "todo/", id, 0);
  t.fd = open_read(t.fn);
  if (t.fd == -1) {
    todo_warn("unable to open ", t.fn);
    return;
  }
  queue_fn(t.fn, "mess/", id, 1);
  if (stat(t.fn, &st) == -1) {
    todo_warn("unable to stat ", t.fn);
    goto fail;
  }
  for (c = 0; c < CHANNELS; ++c) {
    queue_fn(t.fn, chandir[c], id, 1);
    if (unlink(t.fn) == -1 && errno != ENOENT) {
      todo_warn("unable to unlink ", t.fn);
      goto fail;
    }
  }
  queue_fn(t.fn, "info/", id, 1);
  if (unlink(t.fn) == -1 && errno != ENOENT) {
    todo_warn("unable to unlink ", t.fn);
    goto fail;
  }
  t.fdinfo = open_excl(t.fn, 0600);
  if (t.fdinfo == -1) {
    todo_warn("unable to create ", t.fn);
    goto fail;
  }
  logs("new msg ");
  lognum(id);
  logs("\n");
  if (!todo_envelope(&t, id, st.st_size)) goto fail;
  close(t.fd);
  t.fd = -1;
  if (syncfd != -1) {
    if (!todo_close(&t, id)) goto fail;
    batch[nbatch].id = id;
    for (c = 0; c < CHANNELS; ++c) batch[nbatch].made[c] = t.fdchan[c] == 0;
    ++nbatch;
    return;
  }
  if (!todo_commit(&t, id)) goto fail;
  for (c = 0; c < CHANNELS; ++c) made[c] = t.fdchan[c] == 0;
  todo_done(id, made);
  return;
fail:
  todo_retrysoon();
  if (t.fd != -1) close(t.fd);
  if (t.fdinfo != -1) close(t.fdinfo);
  for (c = 0; c < CHANNELS; ++c)
    if (t.fdchan[c] > 0) close(t.fdchan[c]);
}

/* todo_next - one step of the scan of todo/: 0 when the scan has ended
 * (or cannot go on), 1 when there may be more */
static int todo_next(int pulled)
{
  struct dirent *d;
  unsigned long id;
  size_t len;

  if (exitasap) return 0;
  if (!tododir) {
    if (!pulled && recent < nexttodorun) return 0;
    trigger_set();
    tododir = opendir("todo");
    if (!tododir) {
      logs("alert: unable to opendir todo, sleeping...\n");
      logflush();
      sleep(10);
      return 0;
    }
    nexttodorun = recent + SLEEP_TODO;
  }
  d = readdir(tododir);
  if (!d) {
    closedir(tododir);
    tododir = 0;
    return 0;
  }
  len = scan_ulong(d->d_name, &id);
  if (!len || d->d_name[len]) return 1;
  todo_process(id);
  return 1;
}

void todo_do(int pulled)
{
  int n;

  /* a batch when syncfs serves, else one message a turn of the loop */
  for (n = syncfd != -1 ? TODO_BATCH : 1; n > 0; --n)
    if (!todo_next(pulled)) break;
  todo_flush();
}

/* ----------------------------------------------------------- cleanup */

/* leftovers: a message in mess/ with neither info/ nor todo/ is one a
 * crash interrupted (queueing it, or removing it); once older than any
 * live qmail-queue can be, qmail-clean removes it */
static struct {
  int active;
  unsigned long split;
  DIR *dir;
  time_t next;
} sweep;

void cleanup_init(void)
{
  sweep.next = recent;
}

/* cleanup_wakeup - a sweep handles one entry per turn of the loop */
void cleanup_wakeup(time_t *wakeup)
{
  if (sweep.active) *wakeup = 0;
  else if (sweep.next < *wakeup) *wakeup = sweep.next;
}

void cleanup_do(void)
{
  struct dirent *d;
  unsigned long id;
  size_t len;
  char fn[QUEUE_FN];
  struct stat st;
  int err;

  if (!sweep.active) {
    if (recent < sweep.next) return;
    sweep.active = 1;
    sweep.split = 0;
    sweep.dir = 0;
  }
  if (!sweep.dir) {
    if (sweep.split == QUEUE_SPLIT) {
      sweep.active = 0;
      sweep.next = recent + SLEEP_CLEANUP;
      return;
    }
    queue_fn(fn, "mess/", sweep.split++, 0);
    sweep.dir = opendir(fn);
    return;
  }
  d = readdir(sweep.dir);
  if (!d) {
    closedir(sweep.dir);
    sweep.dir = 0;
    return;
  }
  len = scan_ulong(d->d_name, &id);
  if (!len || d->d_name[len]) return;
  queue_fn(fn, "mess/", id, 1);
  if (stat(fn, &st) == -1) return;
  if (recent <= st.st_mtime + QUEUE_OSSIFIED) return;
  queue_fn(fn, "info/", id, 1);
  if (exists(fn, &err) || err) return;
  queue_fn(fn, "todo/", id, 0);
  if (exists(fn, &err) || err) return;
  queue_fn(fn, "mess/", id, 1);
  clean(REC_CLEAN_MESS, id, fn);
}


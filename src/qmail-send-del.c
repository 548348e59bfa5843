/* qmail-send-del.c - qmail-send: deliveries through the spawners, and
 * the passes that read recipient lists and start them */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "fmt.h"
#include "open.h"
#include "qmail-send.h"
#include "queue.h"
#include "rec.h"
#include "scan.h"
#include "spawnproto.h"

static const char *const chanstatus[CHANNELS] = { " local ", " remote " };
static const char *const chanto[CHANNELS] = { " to local ", " to remote " };

/* -------------------------------------------------------- deliveries */

struct del {
  int used;
  size_t job;
  unsigned long delid;
  off_t mpos;            /* where the recipient's 'T' is in its list */
  struct sa recip;       /* NUL-terminated */
};

static struct {
  int alive;
  unsigned long used;
  struct del *d;                /* cfg.concurrency[c] slots */
  struct sa pending;            /* requests not yet written */
  size_t pendpos;
  struct sa in;                 /* result bytes not yet decoded */
} chan[CHANNELS];

static unsigned long masterdelid = 1;

static const struct rec_rule from_spawn[] = {
  { REC_SPAWN_SLOT, LIM_SPAWN_NUM, 0 },
  { REC_SPAWN_OK, LIM_REPORT, 0 },
  { REC_SPAWN_TEMP, LIM_REPORT, 0 },
  { REC_SPAWN_PERM, LIM_REPORT, 0 },
  { REC_END, 0, 0 },
};

static void del_status(void)
{
  int c;
  logs("status:");
  for (c = 0; c < CHANNELS; ++c) {
    logs(chanstatus[c]);
    lognum(chan[c].used);
    logs("/");
    lognum(cfg.concurrency[c]);
  }
  if (exitasap) logs(" exitasap");
  logs("\n");
}

static void spawndied(int c)
{
  logs("alert: oh no! lost spawn connection! dying...\n");
  chan[c].alive = 0;
  exitasap = 1;
}

void del_init(void)
{
  int c;
  unsigned long i;
  for (c = 0; c < CHANNELS; ++c) {
    chan[c].alive = 1;
    while (!(chan[c].d = calloc(cfg.concurrency[c] ? cfg.concurrency[c] : 1,
                                sizeof *chan[c].d)))
      nomem();
    for (i = 0; i < cfg.concurrency[c]; ++i) chan[c].d[i].used = 0;
    chan[c].in.max = LIM_REPORT * 2 + 1024;
  }
  del_status();
}

int del_canexit(void)
{
  int c;
  for (c = 0; c < CHANNELS; ++c)
    if (chan[c].alive && chan[c].used) return 0;
  return 1;
}

int del_alive(int c)
{
  return chan[c].alive;
}

int del_pending(int c)
{
  return chan[c].pending.len > 0;
}

static int del_avail(int c)
{
  return chan[c].alive && chan[c].used < cfg.concurrency[c] &&
         chan[c].pending.len - chan[c].pendpos < LIM_PENDING;
}

/* del_start - ask the spawner for one delivery */
static void del_start(size_t j, off_t mpos, const char *recip)
{
  int c = jobs[j].channel;
  struct del *d = 0;
  struct sa *out = &chan[c].pending;
  struct sa sender = SA_ZERO;
  char num[FMT_ULONG];
  unsigned long i;

  for (i = 0; i < cfg.concurrency[c]; ++i)
    if (!chan[c].d[i].used) {
      d = &chan[c].d[i];
      break;
    }
  if (!d) return;
  while (!sa_copys(&d->recip, recip) || !sa_0(&d->recip)) nomem();
  while (!send_senderadd(&sender, jobs[j].sender.s, recip)) nomem();
  while (!rec_put(out, REC_SPAWN_SLOT, num, fmt_ulong(num, i)) ||
         !rec_put(out, REC_SPAWN_MSG, num, fmt_ulong(num, jobs[j].id)) ||
         !rec_put(out, REC_SPAWN_FROM, sender.s, sender.len) ||
         !rec_put(out, REC_SPAWN_TO, recip, strlen(recip)) ||
         !rec_putend(out))
    nomem();
  sa_free(&sender);
  d->job = j;
  ++jobs[j].refs;
  d->delid = masterdelid++;
  d->mpos = mpos;
  d->used = 1;
  ++chan[c].used;

  logs("starting delivery ");
  lognum(d->delid);
  logs(": msg ");
  lognum(jobs[j].id);
  logs(chanto[c]);
  logsafe(recip);
  logs("\n");
  del_status();
}

/* markdone - the recipient's 'T' becomes 'D'.  Not fsynced, as in
 * qmail: after a crash the worst is a second delivery, never a loss. */
static void markdone(int c, unsigned long id, off_t pos)
{
  char fn[QUEUE_FN];
  int fd;

  queue_fn(fn, chandir[c], id, 1);
  fd = open_write(fn);
  if (fd != -1) {
    ssize_t w = pwrite(fd, "D", 1, pos);
    close(fd);
    if (w == 1) return;
  }
  logs("warning: trouble marking ");
  logs(fn);
  logs("; message will be delivered twice!\n");
}

/* del_result - one decoded result for slot of channel c */
static void del_result(int c, unsigned long slot, int type, struct sa *report)
{
  struct del *d;
  struct job *jo;

  if (slot >= cfg.concurrency[c] || !chan[c].d[slot].used) {
    logs("warning: internal error: delivery report out of range\n");
    return;
  }
  d = &chan[c].d[slot];
  jo = &jobs[d->job];
  while (!sa_0(report)) nomem();
  if (type == REC_SPAWN_TEMP && jo->dying) {
    type = REC_SPAWN_PERM;
    --report->len;
    while (!sa_cats(report, "\nThis message has been in the queue too long;"
                            " I have stopped trying. (#4.4.7)\n") ||
           !sa_0(report))
      nomem();
  }
  logs("delivery ");
  lognum(d->delid);
  switch (type) {
  case REC_SPAWN_OK:
    logs(": success: ");
    logsafe(report->s);
    logs("\n");
    markdone(c, jo->id, d->mpos);
    --jo->numtodo;
    break;
  case REC_SPAWN_TEMP:
    logs(": deferral: ");
    logsafe(report->s);
    logs("\n");
    break;
  case REC_SPAWN_PERM:
    logs(": failure: ");
    logsafe(report->s);
    logs("\n");
    logflush();
    addbounce(jo->id, d->recip.s, report->s);
    markdone(c, jo->id, d->mpos);
    --jo->numtodo;
    break;
  default:
    logs(": report mangled, will defer\n");
  }
  job_close(d->job);
  d->used = 0;
  --chan[c].used;
  del_status();
}

/* del_decode - whole results from the bytes read so far */
static void del_decode(int c)
{
  struct sa *in = &chan[c].in;
  struct sa report = SA_ZERO;
  size_t pos = 0;

  for (;;) {
    size_t p = pos;
    unsigned long slot = 0;
    int status = 0;
    int complete = 0;
    int records = 0;
    for (;;) {
      int type;
      const char *payload;
      size_t len;
      size_t num;
      if (p == in->len || !memchr(in->s + p, 0, in->len - p)) break;
      if (rec_next(in->s, in->len, &p, REC_RULES(from_spawn),
                   &type, &payload, &len) != 1) {
        logs("warning: internal error: malformed report from spawner\n");
        spawndied(c);
        sa_free(&report);
        return;
      }
      ++records;
      if (type == REC_END) {
        complete = 1;
        break;
      }
      if (type == REC_SPAWN_SLOT) {
        if (records != 1 || !scan_sizeb(payload, len, &num, LIM_SPAWN_SLOTS)) {
          spawndied(c);
          sa_free(&report);
          return;
        }
        slot = (unsigned long)num;
      } else if (records == 2) {
        status = type;
        while (!sa_copyb(&report, payload, len)) nomem();
      }
      /* one recipient per delivery: further results cannot occur */
    }
    if (!complete) break;
    del_result(c, slot, records == 3 ? status : 0, &report);
    pos = p;
  }
  sa_free(&report);
  if (pos) {
    memmove(in->s, in->s + pos, in->len - pos);
    in->len -= pos;
  }
}

void del_read(int c)
{
  char chunk[4096];
  ssize_t r = read(chanfdin[c], chunk, sizeof chunk);
  if (r == -1) return;
  if (r == 0) {
    spawndied(c);
    return;
  }
  if (!sa_catb(&chan[c].in, chunk, (size_t)r)) {
    logs("warning: internal error: report too long from spawner\n");
    spawndied(c);
    return;
  }
  del_decode(c);
}

void comm_write(int c)
{
  struct sa *p = &chan[c].pending;
  ssize_t w = write(chanfdout[c], p->s + chan[c].pendpos,
                    p->len - chan[c].pendpos);
  if (w == -1) {
    if (errno == EPIPE) spawndied(c);
    return;
  }
  chan[c].pendpos += (size_t)w;
  if (chan[c].pendpos == p->len) {
    p->len = 0;
    chan[c].pendpos = 0;
  }
}

/* ------------------------------------------------------------ passes */

/* a pass reads one recipient list, starting deliveries as slots free */
static struct {
  unsigned long id;     /* 0: no pass under way */
  size_t job;
  int fd;
  off_t mpos;
  struct buf b;
  char space[1024];
} pass[CHANNELS];

static void pass_end(int c)
{
  close(pass[c].fd);
  job_close(pass[c].job);
  pass[c].id = 0;
}

/* pass_dochan - one step of channel c's pass: 1 when it did something
 * and another step may do more, 0 when there is nothing to do now */
static int pass_dochan(int c)
{
  static struct sa line = SA_ZERO;
  struct prioq_elt e;
  char fn[QUEUE_FN];
  time_t birth;
  int r;

  if (exitasap) return 0;
  if (!pass[c].id) {
    if (!job_avail() || !prioq_min(&pqchan[c], &e) || e.dt > recent) return 0;
    prioq_delmin(&pqchan[c]);
    queue_fn(fn, chandir[c], e.id, 1);
    pass[c].fd = open_read(fn);
    if (pass[c].fd == -1) goto trouble;
    if (!getinfo(e.id, &line, &birth)) {
      close(pass[c].fd);
      goto trouble;
    }
    pass[c].id = e.id;
    pass[c].mpos = 0;
    buf_init(&pass[c].b, pass[c].fd, pass[c].space, sizeof pass[c].space);
    pass[c].job = job_open(e.id, c);
    jobs[pass[c].job].retry = send_nextretry(birth, recent, chanskip[c]);
    jobs[pass[c].job].dying = recent > birth + (time_t)cfg.lifetime;
    while (!sa_copy(&jobs[pass[c].job].sender, &line)) nomem();
  }
  if (!del_avail(c)) return 0;
  r = buf_getdelim(&pass[c].b, &line, 0, LIM_QADDR + 2);
  if (r == -1) {
    queue_fn(fn, chandir[c], pass[c].id, 1);
    logs("warning: trouble reading ");
    logs(fn);
    logs("; will try again later\n");
    pass_end(c);
    return 0;
  }
  if (r == 0) {
    jobs[pass[c].job].hiteof = 1;
    pass_end(c);
    return 1;
  }
  switch (line.s[0]) {
  case 'T':
    ++jobs[pass[c].job].numtodo;
    del_start(pass[c].job, pass[c].mpos, line.s + 1);
    break;
  case 'D':
    break;
  default:
    queue_fn(fn, chandir[c], pass[c].id, 1);
    logs("warning: unknown record type in ");
    logs(fn);
    logs("!\n");
    pass_end(c);
    return 0;
  }
  pass[c].mpos += (off_t)line.len;
  return 1;
trouble:
  logs("warning: trouble opening ");
  logs(fn);
  logs("; will try again later\n");
  pqput(&pqchan[c], e.id, recent + SLEEP_SYSFAIL);
  return 0;
}

/* pass_do - up to PASS_STEPS steps of each kind a turn of the loop:
 * enough to keep pace with a batch of preprocessed messages (see
 * todo_do), few enough that no one kind holds up the others long */
#define PASS_STEPS 32
void pass_do(void)
{
  struct prioq_elt e;
  int c;
  int n;

  for (c = 0; c < CHANNELS; ++c)
    for (n = 0; n < PASS_STEPS && pass_dochan(c); ++n)
      ;
  if (prioq_min(&pqfail, &e) && e.dt <= recent) {
    prioq_delmin(&pqfail);
    pqadd(e.id);
  }
  for (n = 0; n < PASS_STEPS && prioq_min(&pqdone, &e) && e.dt <= recent; ++n) {
    prioq_delmin(&pqdone);
    messdone(e.id);
  }
}

/* pass_wakeup - when the passes next need attention */
void pass_wakeup(time_t *wakeup)
{
  struct prioq_elt e;
  int c;

  if (exitasap) return;
  for (c = 0; c < CHANNELS; ++c)
    if (pass[c].id && del_avail(c)) {
      *wakeup = 0;
      return;
    }
  if (job_avail())
    for (c = 0; c < CHANNELS; ++c)
      if (!pass[c].id && prioq_min(&pqchan[c], &e) && e.dt < *wakeup)
        *wakeup = e.dt;
  if (prioq_min(&pqfail, &e) && e.dt < *wakeup) *wakeup = e.dt;
  if (prioq_min(&pqdone, &e) && e.dt < *wakeup) *wakeup = e.dt;
}


/* qmail-send.h - the parts of qmail-send that are pure logic, kept apart
 * so the unit tests can call them (qmail-send-rw.c) */
#ifndef QMAIL_SEND_H
#define QMAIL_SEND_H

#include <time.h>
#include "constmap.h"
#include "rewrite.h"
#include "sa.h"

/* the envelope sender for one delivery; a VERP sender "x-@host-@[]"
 * becomes "x-box=rhost@host" for recipient box@rhost.  1 or 0. */
int send_senderadd(struct sa *out, const char *sender, const char *recip);
/* recip without the prepend a virtualdomains entry gave it */
const char *send_stripvdom(const struct constmap *vdoms, const char *recip);
/* addr made safe for a header field, NUL-terminated.  1 or 0. */
int send_quote(struct sa *out, const char *addr);
/* one failure paragraph of a QSBMF bounce.  1 or 0. */
int send_bouncetext(struct sa *out, const char *recip, const char *report);
/* qmail's retry schedule: birth + (floor(sqrt(age)) + skip)^2 */
time_t send_nextretry(time_t birth, time_t now, int skip);
unsigned long send_isqrt(unsigned long x);

/* ------------------------------------------------------------------
 * qmail-send's modules (qmail-send.c, -queue.c, -del.c, -todo.c) and
 * the state they share.  Nothing below is used outside qmail-send. */

#include <sys/types.h>
#include <signal.h>
#include "buf.h"
#include "prioq.h"

/* CONTRACT: the descriptors qmail-start gives us (qmail-start.c) */
#define FD_LOG 2
#define FD_TOCLEAN 7
#define FD_FROMCLEAN 8

#define CHANNELS 2
extern const char *const chandir[CHANNELS];
extern const int chanfdout[CHANNELS];
extern const int chanfdin[CHANNELS];
extern const int chanskip[CHANNELS];

/* the timing of qmail-send(8) */
#define SLEEP_TODO 1500        /* scan todo/ at least this often */
#define SLEEP_FOREVER 86400    /* longest single wait */
#define SLEEP_CLEANUP 76431    /* between sweeps for leftovers */
#define SLEEP_SYSFAIL 123      /* after a system call failed */
#define LIM_PENDING 65536      /* request bytes buffered per spawner */

struct send_cfg {
  unsigned long lifetime;
  unsigned long concurrency[CHANNELS];
  struct sa me;
  struct sa envnoathost;
  struct sa bouncefrom;
  struct sa bouncehost;
  struct sa doublebounceto;   /* with @doublebouncehost */
  struct sa localslist;
  struct sa percentlist;
  struct sa vdomslist;
  struct send_maps maps;
};

extern struct send_cfg cfg;
extern time_t recent;
extern volatile sig_atomic_t exitasap;

/* qmail-send.c: the activity record (qmail-log(5)) */
void logs(const char *s);
void lognum(unsigned long n);
void logsafe(const char *s);
void logflush(void);
void nomem(void);

/* qmail-send-queue.c: qmail-clean, schedules, jobs, bounces */
struct job {
  int refs;              /* 0: unused */
  unsigned long id;
  int channel;
  time_t retry;
  struct sa sender;      /* NUL-terminated */
  unsigned long numtodo; /* deliveries started and not yet marked done */
  int hiteof;            /* the whole list has been read */
  int dying;             /* older than queuelifetime */
};
extern struct job *jobs;
extern size_t numjobs;
extern struct prioq pqdone;            /* -todo +info -local -remote */
extern struct prioq pqchan[CHANNELS];  /* +info and local/ or remote/ */
extern struct prioq pqfail;            /* stat failed: look again */

void clean_init(void);
int clean(int type, unsigned long id, const char *what);
int clean_many(int type, const unsigned long *ids, int n, int *ok);
void clean_warn(const char *what);   /* qmail-clean said it could not */
void pqput(struct prioq *pq, unsigned long id, time_t dt);
int exists(const char *fn, int *err);
void pqadd(unsigned long id);
void pqstart(void);
void pqfinish(void);
void pqrun(void);
void job_init(void);
int job_avail(void);
size_t job_open(unsigned long id, int channel);
void job_close(size_t j);
int getinfo(unsigned long id, struct sa *sender, time_t *birth);
void addbounce(unsigned long id, const char *recip, const char *report);
void messdone(unsigned long id);

/* qmail-send-del.c: deliveries and passes */
void del_init(void);
int del_canexit(void);
int del_alive(int c);
int del_pending(int c);
void del_read(int c);
void comm_write(int c);
void pass_do(void);
void pass_wakeup(time_t *wakeup);

/* qmail-send-todo.c: preprocessing and the sweep for leftovers */
void todo_init(void);
int todo_pollfd(void);
void todo_wakeup(time_t *wakeup);
void todo_do(int pulled);
void cleanup_init(void);
void cleanup_wakeup(time_t *wakeup);
void cleanup_do(void);

#endif

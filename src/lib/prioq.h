/* prioq.h - a min-heap of (time, id): qmail-send's schedules */
#ifndef PRIOQ_H
#define PRIOQ_H

#include <stddef.h>
#include <time.h>

struct prioq_elt {
  time_t dt;
  unsigned long id;
};

struct prioq {
  struct prioq_elt *p;
  size_t len;
  size_t cap;
};
#define PRIOQ_ZERO { 0, 0, 0 }

int prioq_insert(struct prioq *pq, const struct prioq_elt *e);  /* 1 or 0 */
int prioq_min(const struct prioq *pq, struct prioq_elt *e);     /* 1 or 0 */
void prioq_delmin(struct prioq *pq);
void prioq_free(struct prioq *pq);

#endif

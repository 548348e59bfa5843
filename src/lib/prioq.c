/* prioq.c - a min-heap of (time, id) */
#include <errno.h>
#include <stdlib.h>
#include "prioq.h"
#include "sz.h"

int prioq_insert(struct prioq *pq, const struct prioq_elt *e)
{
  size_t i;

  if (pq->len == pq->cap) {
    size_t n;
    size_t bytes;
    struct prioq_elt *p;
    if (!sz_add3(&n, pq->cap, pq->cap / 2, 16) ||
        !sz_mul(&bytes, n, sizeof *p)) {
      errno = ENOMEM;
      return 0;
    }
    p = realloc(pq->p, bytes);
    if (!p) return 0;
    pq->p = p;
    pq->cap = n;
  }
  /* sift up */
  i = pq->len++;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (pq->p[parent].dt <= e->dt) break;
    pq->p[i] = pq->p[parent];
    i = parent;
  }
  pq->p[i] = *e;
  return 1;
}

int prioq_min(const struct prioq *pq, struct prioq_elt *e)
{
  if (!pq->len) return 0;
  *e = pq->p[0];
  return 1;
}

void prioq_delmin(struct prioq *pq)
{
  struct prioq_elt last;
  size_t i = 0;

  if (!pq->len) return;
  last = pq->p[--pq->len];
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= pq->len) break;
    if (child + 1 < pq->len && pq->p[child + 1].dt < pq->p[child].dt) ++child;
    if (last.dt <= pq->p[child].dt) break;
    pq->p[i] = pq->p[child];
    i = child;
  }
  if (pq->len) pq->p[i] = last;
}

void prioq_free(struct prioq *pq)
{
  free(pq->p);
  pq->p = 0;
  pq->len = 0;
  pq->cap = 0;
}

/* cdbmake.c - writing constant databases
 *
 * Records go out as they are added, behind a 2048-byte placeholder for
 * the header; only each record's hash and position stay in memory.
 * cdbmake_finish writes the 256 hash tables, then seeks back to where
 * the database began and writes the header over the placeholder: the
 * fd must be seekable and not in O_APPEND mode, and nothing else may
 * move its offset meanwhile.  The offset is left at the end of the
 * database.
 *
 * CONTRACT: the bytes are those djb's cdbmake writes for the same
 * records in the same order (cdb.c reads them, and so do tinycdb,
 * tcpserver and qmail): the tables in bucket order right after the
 * records; an empty table's header entry giving the position where the
 * next table begins; two slots per record; each record put in the
 * first free slot from (hash >> 8) % slots, in the order the records
 * were added, so cdb_findnext finds duplicate keys in that order.
 *
 * After a write error the database is unusable; EFBIG and ENOMEM from
 * cdbmake_add leave it as it was, so the caller may stop there and
 * finish.  cdbmake_free releases the memory, after cdbmake_finish or
 * instead of it. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "cdb.h"
#include "cdbmake.h"
#include "sz.h"

#define HEADER 2048     /* bytes: 256 (position, slots) pairs */
#define SLOT 8          /* bytes: hash, record position */

static void pack(char *p, uint32_t u)
{
  p[0] = (char)(u & 255);
  p[1] = (char)(u >> 8 & 255);
  p[2] = (char)(u >> 16 & 255);
  p[3] = (char)(u >> 24 & 255);
}

int cdbmake_start(struct cdbmake *m, int fd)
{
  static const char placeholder[HEADER];

  buf_init(&m->out, fd, m->space, sizeof m->space);
  m->pos = 0;
  m->recs = 0;
  m->nrecs = 0;
  m->caprecs = 0;
  if (!buf_put(&m->out, placeholder, sizeof placeholder)) return 0;
  m->pos = HEADER;
  return 1;
}

/* grow - room in m->recs for one more record: 1, or 0 with ENOMEM */
static int grow(struct cdbmake *m)
{
  struct cdbmake_rec *p;
  size_t cap;
  size_t bytes;

  if (m->nrecs < m->caprecs) return 1;
  if (!sz_add3(&cap, m->caprecs, m->caprecs / 2, 64) ||
      !sz_mul(&bytes, cap, sizeof *p)) {
    errno = ENOMEM;
    return 0;
  }
  p = realloc(m->recs, bytes);
  if (!p) {
    errno = ENOMEM;
    return 0;
  }
  m->recs = p;
  m->caprecs = cap;
  return 1;
}

int cdbmake_add(struct cdbmake *m, const char *key, size_t klen,
                const char *data, size_t dlen)
{
  char head[8];
  size_t end;
  size_t nrecs;
  size_t total;

  /* the finished file is the records so far, this one (8 bytes of
   * lengths, key, data), and two slots of table for every record:
   * refuse now, before writing, if 32-bit positions could not reach
   * its end; that also makes klen and dlen fit a uint32 */
  if (!sz_add3(&end, m->pos, 8, klen) || !sz_add(&end, end, dlen) ||
      !sz_add(&nrecs, m->nrecs, 1) || !sz_mul(&total, nrecs, 2 * SLOT) ||
      !sz_add(&total, total, end) || total > LIM_CDB) {
    errno = EFBIG;
    return 0;
  }
  if (!grow(m)) return 0;
  pack(head, (uint32_t)klen);
  pack(head + 4, (uint32_t)dlen);
  if (!buf_put(&m->out, head, sizeof head)) return 0;
  if (!buf_put(&m->out, key, klen)) return 0;
  if (!buf_put(&m->out, data, dlen)) return 0;
  m->recs[m->nrecs].hash = cdb_hash(key, klen);
  m->recs[m->nrecs].pos = m->pos;
  m->nrecs = nrecs;
  m->pos = (uint32_t)end;
  return 1;
}

/* bucketsort - copy the records into sorted, by table (hash & 255) and
 * in the order they were added within a table; count[b] gets the size
 * of table b, and first[b] the index in sorted where it starts */
static void bucketsort(const struct cdbmake *m, struct cdbmake_rec *sorted,
                       size_t *count, size_t *first)
{
  size_t next[256];
  size_t b;
  size_t i;
  size_t n = 0;

  for (b = 0; b < 256; ++b) count[b] = 0;
  for (i = 0; i < m->nrecs; ++i) ++count[m->recs[i].hash & 255];
  for (b = 0; b < 256; ++b) {
    first[b] = n;
    next[b] = n;
    n += count[b];      /* at most nrecs */
  }
  for (i = 0; i < m->nrecs; ++i)
    sorted[next[m->recs[i].hash & 255]++] = m->recs[i];
}

/* puttable - write the table of the n records at recs, 2n slots, with
 * table (room for 2n) as scratch; its header entry goes to entry */
static int puttable(struct cdbmake *m, const struct cdbmake_rec *recs,
                    size_t n, struct cdbmake_rec *table, char *entry)
{
  size_t slots = 2 * n;         /* n <= nrecs < LIM_CDB / 16 */
  size_t where;
  size_t i;
  char slot[SLOT];

  pack(entry, m->pos);
  pack(entry + 4, (uint32_t)slots);
  for (i = 0; i < slots; ++i) {
    table[i].hash = 0;
    table[i].pos = 0;           /* no record is at 0: free */
  }
  for (i = 0; i < n; ++i) {
    /* ends: fewer than n of the 2n slots are taken yet */
    where = (recs[i].hash >> 8) % slots;
    while (table[where].pos)
      if (++where == slots) where = 0;
    table[where] = recs[i];
  }
  for (i = 0; i < slots; ++i) {
    pack(slot, table[i].hash);
    pack(slot + 4, table[i].pos);
    if (!buf_put(&m->out, slot, sizeof slot)) return 0;
  }
  m->pos += (uint32_t)(slots * SLOT);  /* cdbmake_finish checked */
  return 1;
}

/* putheader - write header over the placeholder, at the start */
static int putheader(struct cdbmake *m, const char *header)
{
  /* pos fits an off_t: the kernel let us write that far */
  off_t back = (off_t)m->pos;

  if (!buf_flush(&m->out)) return 0;
  if (lseek(m->out.fd, -back, SEEK_CUR) == -1) return 0;
  if (!fd_writeall(m->out.fd, header, HEADER, m->out.timeout)) return 0;
  if (lseek(m->out.fd, back - HEADER, SEEK_CUR) == -1) return 0;
  return 1;
}

int cdbmake_finish(struct cdbmake *m)
{
  char header[HEADER];
  size_t count[256];
  size_t first[256];
  struct cdbmake_rec *sorted;
  struct cdbmake_rec *table;
  size_t most = 0;
  size_t bytes;
  size_t b;
  int ok;

  /* cdbmake_add checked this; pos is in the open, so check again */
  if (!sz_mul(&bytes, m->nrecs, 2 * SLOT) ||
      !sz_add(&bytes, bytes, m->pos) || bytes > LIM_CDB) {
    errno = EFBIG;
    return 0;
  }
  /* neither size below can wrap: nrecs * 16 did not */
  sorted = malloc(m->nrecs ? m->nrecs * sizeof *sorted : 1);
  if (!sorted) {
    errno = ENOMEM;
    return 0;
  }
  bucketsort(m, sorted, count, first);
  for (b = 0; b < 256; ++b)
    if (count[b] > most) most = count[b];
  table = malloc(most ? 2 * most * sizeof *table : 1);
  if (!table) {
    free(sorted);
    errno = ENOMEM;
    return 0;
  }
  for (b = 0; b < 256; ++b)
    if (!puttable(m, sorted + first[b], count[b], table, header + 8 * b))
      break;
  ok = b == 256 && putheader(m, header);
  free(sorted);
  free(table);
  return ok;
}

void cdbmake_free(struct cdbmake *m)
{
  free(m->recs);
  m->recs = 0;
  m->nrecs = 0;
  m->caprecs = 0;
}

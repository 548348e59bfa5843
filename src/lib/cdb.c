/* cdb.c - reading constant databases (the cdb format of D. J. Bernstein)
 *
 * The layout, every number a little-endian uint32: a 2048-byte header
 * of 256 (position, slots) pairs, one per hash table; the records from
 * 2048 on, each key length, data length, key, data; then the tables,
 * each its slots of (hash, record position).  Key k is in table
 * hash(k) & 255, and its probe starts at slot (hash(k) >> 8) % slots
 * and goes round; an empty slot (position 0) ends it.
 *
 * SECURITY: a cdb is only as safe as whoever wrote it (users/cdb is
 * root's, a tcprules file may not be), so every range is checked
 * against the size with arithmetic that cannot wrap (inmap) before a
 * byte of it is read, and a probe looks at each slot at most once.
 * The worst a hostile file can do is make a lookup fail with EPROTO.
 *
 * A file shorter than the header (a 0-byte one, say) opens, as with
 * djb's cdb, but every lookup and walk of it fails with EPROTO: the
 * caller sees a corrupt database, not an empty one.
 *
 * The fd may be closed once cdb_init returns: the map keeps the file.
 * Pointers from cdb_data stay good until cdb_free.
 *
 * CONTRACT: a mapped file cut short by another process would raise
 * SIGBUS.  Every quire program that writes a cdb (qmail-newu,
 * qmail-newmrh) replaces it by rename, never rewrites it in place; that
 * is what makes mapping safe. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "bounds.h"
#include "cdb.h"
#include "sa.h"
#include "sz.h"

#define HEADER 2048     /* bytes: 256 (position, slots) pairs */

static const struct cdb zero = CDB_ZERO;

static uint32_t unpack(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static int proto(void)
{
  errno = EPROTO;
  return -1;
}

/* inmap - whether the len bytes at pos lie inside the file */
static int inmap(const struct cdb *c, size_t pos, size_t len)
{
  size_t end;
  return sz_add(&end, pos, len) && end <= c->size;
}

/* pair - the two numbers at pos: 1, or -1 with errno EPROTO */
static int pair(const struct cdb *c, size_t pos, uint32_t *a, uint32_t *b)
{
  if (!inmap(c, pos, 8)) return proto();
  *a = unpack(c->map + pos);
  *b = unpack(c->map + pos + 4);
  return 1;
}

/* record - the lengths of the record at pos, which must end by limit
 * (never past the file): 1, or -1 with errno EPROTO */
static int record(const struct cdb *c, uint32_t pos, size_t limit,
                  uint32_t *klen, uint32_t *dlen)
{
  size_t end;

  if (pair(c, pos, klen, dlen) == -1) return -1;
  if (!sz_add3(&end, pos, 8, *klen) || !sz_add(&end, end, *dlen) ||
      end > limit || end > c->size)
    return proto();
  return 1;
}

uint32_t cdb_hash(const char *key, size_t len)
{
  uint32_t h = 5381;
  size_t i;

  for (i = 0; i < len; ++i)
    h = ((h << 5) + h) ^ (unsigned char)key[i];
  return h;
}

int cdb_init(struct cdb *c, int fd)
{
  struct stat st;
  void *p;

  *c = zero;
  if (fstat(fd, &st) == -1) return -1;
  if (!S_ISREG(st.st_mode)) {
    errno = ENODEV;             /* what mmap says of a pipe or device */
    return -1;
  }
  if (st.st_size < 0 || (uintmax_t)st.st_size > LIM_CDB) {
    errno = EFBIG;
    return -1;
  }
  if (st.st_size == 0) return 0;        /* mmap refuses 0 bytes */
  p = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return -1;
  c->map = p;
  c->size = (size_t)st.st_size;
  c->mapped = 1;
  return 0;
}

int cdb_initmem(struct cdb *c, const char *p, size_t n)
{
  *c = zero;
  if (n > LIM_CDB) {
    errno = EFBIG;
    return -1;
  }
  c->map = (const unsigned char *)p;
  c->size = n;
  return 0;
}

void cdb_free(struct cdb *c)
{
  /* only what cdb_init mapped; munmap wants a pointer without const */
  if (c->mapped && c->map) munmap((void *)(uintptr_t)c->map, c->size);
  *c = zero;
}

void cdb_findstart(struct cdb *c)
{
  c->loop = 0;
}

/* probestart - find key's table and first slot; 1, 0 if the table has
 * no slots, -1 with errno EPROTO */
static int probestart(struct cdb *c, const char *key, size_t len)
{
  uint32_t h = cdb_hash(key, len);
  size_t bytes;

  if (pair(c, (size_t)(h & 255) * 8, &c->hpos, &c->hslots) == -1)
    return -1;
  if (c->hslots == 0) return 0;
  /* SECURITY: the whole table is inside the file, so no kpos from
   * hpos to its end can wrap a uint32 or point outside the map */
  if (!sz_mul(&bytes, c->hslots, 8) || !inmap(c, c->hpos, bytes))
    return proto();
  c->khash = h;
  c->kpos = c->hpos + (h >> 8) % c->hslots * 8;
  return 1;
}

int cdb_findnext(struct cdb *c, const char *key, size_t len)
{
  uint32_t h;
  uint32_t pos;
  uint32_t klen;
  uint32_t dlen;

  if (c->loop == 0) {
    int r = probestart(c, key, len);
    if (r != 1) return r;
  }
  while (c->loop < c->hslots) {
    if (pair(c, c->kpos, &h, &pos) == -1) return -1;
    if (pos == 0) return 0;
    ++c->loop;
    c->kpos += 8;
    if (c->kpos == c->hpos + c->hslots * 8) c->kpos = c->hpos;
    if (h != c->khash) continue;
    if (record(c, pos, c->size, &klen, &dlen) == -1) return -1;
    if (klen != len) continue;
    if (len && memcmp(c->map + pos + 8, key, len) != 0) continue;
    c->dpos = pos + 8 + klen;
    c->dlen = dlen;
    return 1;
  }
  return 0;
}

int cdb_find(struct cdb *c, const char *key, size_t len)
{
  cdb_findstart(c);
  return cdb_findnext(c, key, len);
}

uint32_t cdb_datapos(const struct cdb *c)
{
  return c->dpos;
}

uint32_t cdb_datalen(const struct cdb *c)
{
  return c->dlen;
}

const char *cdb_data(const struct cdb *c)
{
  if (!c->map) return "";       /* nothing was found in no file */
  return (const char *)c->map + c->dpos;
}

int cdb_getdata(const struct cdb *c, struct sa *out)
{
  if (!sa_copyb(out, cdb_data(c), c->dlen)) return -1;
  return 1;
}

/* recordsend - where the records stop: at the first hash table, which
 * is the lowest position of a table that has slots (an empty table
 * takes no room, and writers put it where the next one begins).  A
 * file whose tables all are empty has no records a lookup could find,
 * and a walk finds none either.  1, or -1 with errno EPROTO. */
static int recordsend(const struct cdb *c, uint32_t *end)
{
  uint32_t low = HEADER;
  uint32_t pos;
  uint32_t slots;
  int found = 0;
  size_t i;

  for (i = 0; i < 256; ++i) {
    if (pair(c, i * 8, &pos, &slots) == -1) return -1;
    if (slots && (!found || pos < low)) low = pos;
    if (slots) found = 1;
  }
  if (low < HEADER || low > c->size) return proto();
  *end = low;
  return 1;
}

int cdb_next(const struct cdb *c, uint32_t *pos, struct sa *key,
             struct sa *data)
{
  uint32_t end;
  uint32_t at = *pos ? *pos : HEADER;
  uint32_t klen;
  uint32_t dlen;

  if (recordsend(c, &end) == -1) return -1;
  if (at < HEADER || at > end) return proto();
  if (at == end) return 0;
  if (record(c, at, end, &klen, &dlen) == -1) return -1;
  if (!sa_copyb(key, (const char *)c->map + at + 8, klen)) return -1;
  if (!sa_copyb(data, (const char *)c->map + at + 8 + klen, dlen))
    return -1;
  *pos = at + 8 + klen + dlen;
  return 1;
}

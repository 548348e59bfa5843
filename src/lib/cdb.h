/* cdb.h - reading constant databases (the cdb format of D. J. Bernstein)
 *
 * The file is mapped read-only; every offset read from it is checked
 * against its size, so a corrupt or hostile file gives EPROTO, never a
 * read outside the map.  Files over LIM_CDB bytes are refused (EFBIG).
 * Functions return 1 (found), 0 (not found, or end), -1 with errno. */
#ifndef CDB_H
#define CDB_H

#include <stddef.h>
#include <stdint.h>
#include "sa.h"

struct cdb {
  const unsigned char *map;   /* the whole file */
  size_t size;
  int mapped;         /* 1: cdb_init mapped it, so cdb_free unmaps it */
  /* state of the current search */
  uint32_t loop;      /* slots looked at */
  uint32_t khash;     /* hash of the key */
  uint32_t hpos;      /* position of the hash table */
  uint32_t hslots;    /* slots in it */
  uint32_t kpos;      /* position of the next slot to look at */
  uint32_t dpos;      /* data of the last record found */
  uint32_t dlen;
};
#define CDB_ZERO { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

uint32_t cdb_hash(const char *key, size_t len);
int cdb_init(struct cdb *c, int fd);              /* 0, or -1 with errno */
int cdb_initmem(struct cdb *c, const char *p, size_t n);   /* 0 or -1 */
void cdb_free(struct cdb *c);
void cdb_findstart(struct cdb *c);
int cdb_findnext(struct cdb *c, const char *key, size_t len);
int cdb_find(struct cdb *c, const char *key, size_t len);  /* first */
uint32_t cdb_datapos(const struct cdb *c);
uint32_t cdb_datalen(const struct cdb *c);
const char *cdb_data(const struct cdb *c);        /* dlen bytes */
int cdb_getdata(const struct cdb *c, struct sa *out);      /* 1 or -1 */
/* walk all records in file order: *pos starts at 0 */
int cdb_next(const struct cdb *c, uint32_t *pos,
             struct sa *key, struct sa *data);

#endif

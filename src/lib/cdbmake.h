/* cdbmake.h - writing constant databases
 *
 * cdbmake_start writes to fd from its current position (normally a new
 * empty file); cdbmake_finish writes the tables and flushes, but does
 * not fsync or close: the caller makes the file durable (dur.h) and
 * renames it into place.  A database that would pass 4 GiB (LIM_CDB) is
 * refused with EFBIG before anything past the limit is written.
 * Functions return 1, or 0 with errno. */
#ifndef CDBMAKE_H
#define CDBMAKE_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct cdbmake_rec {
  uint32_t hash;
  uint32_t pos;
};

struct cdbmake {
  struct buf out;
  char space[BUF_SIZE];
  uint32_t pos;                 /* bytes written so far */
  struct cdbmake_rec *recs;     /* one per record added */
  size_t nrecs;
  size_t caprecs;
};

int cdbmake_start(struct cdbmake *m, int fd);
int cdbmake_add(struct cdbmake *m, const char *key, size_t klen,
                const char *data, size_t dlen);
int cdbmake_finish(struct cdbmake *m);
void cdbmake_free(struct cdbmake *m);

#endif

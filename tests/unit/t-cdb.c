/* t-cdb.c - constant databases: writer and reader, the exact format,
 * the 4 GiB limits and corrupt files */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bounds.h"
#include "cdb.h"
#include "cdbmake.h"
#include "sa.h"
#include "t.h"

struct kv {
  const char *key;
  size_t klen;
  const char *data;
  size_t dlen;
};

/* tempfd - a new empty file, already unlinked so nothing is left
 * behind whatever happens; -1 if none can be made */
static int tempfd(void)
{
  const char *dir = getenv("TMPDIR");
  char path[4096];
  int fd;

  if (!dir || !*dir) dir = "/tmp";
  if ((size_t)snprintf(path, sizeof path, "%s/t-cdb.XXXXXX", dir) >=
      sizeof path)
    return -1;
  fd = mkstemp(path);
  if (fd == -1) return -1;
  unlink(path);
  return fd;
}

/* make - write the n records of kv to fd as a cdb: 1 or 0 */
static int make(int fd, const struct kv *kv, size_t n)
{
  struct cdbmake m;
  size_t i;
  int ok;

  if (!cdbmake_start(&m, fd)) return 0;
  ok = 1;
  for (i = 0; i < n && ok; ++i)
    ok = cdbmake_add(&m, kv[i].key, kv[i].klen, kv[i].data, kv[i].dlen);
  ok = ok && cdbmake_finish(&m);
  cdbmake_free(&m);
  return ok;
}

/* slurp - the whole file at fd, from offset 0, in malloc'd memory */
static char *slurp(int fd, size_t *len)
{
  struct stat st;
  char *p;
  size_t got = 0;

  if (fstat(fd, &st) == -1 || st.st_size < 0) return 0;
  *len = (size_t)st.st_size;
  p = malloc(*len ? *len : 1);
  if (!p) return 0;
  while (got < *len) {
    ssize_t r = pread(fd, p + got, *len - got, (off_t)got);
    if (r <= 0) {
      free(p);
      return 0;
    }
    got += (size_t)r;
  }
  return p;
}

/* image - the n records of kv as a cdb in malloc'd memory */
static char *image(const struct kv *kv, size_t n, size_t *len)
{
  int fd = tempfd();
  char *p = 0;

  if (fd == -1) return 0;
  if (make(fd, kv, n)) p = slurp(fd, len);
  close(fd);
  return p;
}

static void put32(char *p, uint32_t u)
{
  p[0] = (char)(u & 255);
  p[1] = (char)(u >> 8 & 255);
  p[2] = (char)(u >> 16 & 255);
  p[3] = (char)(u >> 24 & 255);
}

static uint32_t get32(const char *p)
{
  const unsigned char *u = (const unsigned char *)p;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
         (uint32_t)u[3] << 24;
}

/* found - cdb_findnext finds key next, with data d */
static int found(struct cdb *c, const char *key, size_t klen, const char *d)
{
  struct sa out = SA_ZERO;
  size_t dlen = strlen(d);
  int ok;

  ok = cdb_findnext(c, key, klen) == 1 && cdb_datalen(c) == dlen &&
       memcmp(cdb_data(c), d, dlen) == 0 && cdb_getdata(c, &out) == 1 &&
       out.len == dlen && memcmp(out.s ? out.s : "", d, dlen) == 0;
  sa_free(&out);
  return ok;
}

static void t_hash(void)
{
  /* 5381 * 33 = 177573 = 0x2b5a5, and 0x2b5a5 ^ 'a' = 0x2b5c4 */
  CHECK(cdb_hash("", 0) == 5381);
  CHECK(cdb_hash("a", 1) == 0x2b5c4);
  /* bytes are unsigned: 0x2b5a5 ^ 0xff */
  CHECK(cdb_hash("\377", 1) == 0x2b55a);
}

/* t_compat - "a" -> "b" by hand, byte for byte, as djb's cdbmake and
 * tinycdb write it */
static void t_compat(void)
{
  const struct kv ab[] = { { "a", 1, "b", 1 } };
  char want[2074];
  char *got;
  size_t len = 0;
  size_t i;
  struct cdb c;
  int fd;
  off_t at;

  /* hash("a") = 0x2b5c4: table 0xc4 = 196, first slot (0x2b5 = 693) % 2
   * = 1.  The record is at 2048 (10 bytes), table 196 at 2058 (2 slots,
   * 16 bytes); tables 0-195, empty, point where 196 begins, and tables
   * 197-255, empty, where the file ends, 2074 */
  memset(want, 0, sizeof want);
  for (i = 0; i < 256; ++i) {
    put32(want + 8 * i, i <= 196 ? 2058 : 2074);
    put32(want + 8 * i + 4, i == 196 ? 2 : 0);
  }
  memcpy(want + 2048, "\1\0\0\0\1\0\0\0ab", 10);
  memcpy(want + 2058 + 8, "\304\265\2\0\0\10\0\0", 8);   /* slot 1 */
  got = image(ab, 1, &len);
  CHECK(got && len == sizeof want && memcmp(got, want, len) == 0);
  free(got);

  /* the hand-made bytes read back */
  CHECK(cdb_initmem(&c, want, sizeof want) == 0);
  cdb_findstart(&c);
  CHECK(found(&c, "a", 1, "b"));
  CHECK(cdb_datapos(&c) == 2057);
  CHECK(cdb_findnext(&c, "a", 1) == 0);
  cdb_free(&c);

  /* cdbmake_start writes from the fd's offset and leaves it at the end */
  fd = tempfd();
  CHECK(fd != -1);
  if (fd == -1) return;
  CHECK(write(fd, "junk", 4) == 4);
  CHECK(make(fd, ab, 1));
  at = lseek(fd, 0, SEEK_CUR);
  CHECK(at == 4 + 2074);
  got = slurp(fd, &len);
  CHECK(got && len == 4 + sizeof want && memcmp(got, "junk", 4) == 0 &&
        memcmp(got + 4, want, sizeof want) == 0);
  free(got);
  close(fd);
}

static void t_empty(void)
{
  struct cdb c;
  struct sa k = SA_ZERO;
  struct sa d = SA_ZERO;
  uint32_t pos = 0;
  size_t len = 0;
  size_t i;
  char *p = image(0, 0, &len);
  int fd;
  int ok = 1;

  CHECK(p && len == 2048);
  if (!p) return;
  for (i = 0; i < 256; ++i)       /* every table at 2048, none has slots */
    if (get32(p + 8 * i) != 2048 || get32(p + 8 * i + 4) != 0) ok = 0;
  CHECK(ok);
  CHECK(cdb_initmem(&c, p, len) == 0);
  CHECK(cdb_find(&c, "", 0) == 0);
  CHECK(cdb_find(&c, "x", 1) == 0);
  CHECK(cdb_next(&c, &pos, &k, &d) == 0 && pos == 0);
  cdb_free(&c);
  free(p);

  /* also through the file */
  fd = tempfd();
  CHECK(fd != -1 && make(fd, 0, 0));
  CHECK(cdb_init(&c, fd) == 0 && c.size == 2048);
  close(fd);                      /* the map outlives the fd */
  CHECK(cdb_find(&c, "x", 1) == 0);
  cdb_free(&c);
  CHECK(c.map == 0 && c.size == 0);
  sa_free(&k);
  sa_free(&d);
}

static void t_one(void)
{
  const struct kv one[] = { { "postmaster", 10, "alias:7:7", 9 } };
  struct cdb c = CDB_ZERO;
  struct sa out = SA_ZERO;
  int fd = tempfd();

  CHECK(fd != -1 && make(fd, one, 1));
  CHECK(cdb_init(&c, fd) == 0);
  cdb_findstart(&c);
  CHECK(found(&c, "postmaster", 10, "alias:7:7"));
  CHECK(cdb_findnext(&c, "postmaster", 10) == 0);
  CHECK(cdb_find(&c, "postmaste", 9) == 0);
  CHECK(cdb_find(&c, "postmaster!", 11) == 0);
  CHECK(cdb_find(&c, "", 0) == 0);
  /* getdata honours the sa's cap */
  CHECK(cdb_find(&c, "postmaster", 10) == 1);
  out.max = 4;
  errno = 0;
  CHECK(cdb_getdata(&c, &out) == -1 && errno == E2BIG);
  cdb_free(&c);
  cdb_free(&c);                   /* twice is harmless */
  close(fd);
  sa_free(&out);
}

static void t_dups(void)
{
  const struct kv kv[] = {
    { "k", 1, "first", 5 }, { "x", 1, "other", 5 },
    { "k", 1, "second", 6 }, { "kk", 2, "longer", 6 },
    { "k", 1, "", 0 }, { "k", 1, "fourth", 6 },
  };
  struct cdb c;
  size_t len = 0;
  char *p = image(kv, sizeof kv / sizeof kv[0], &len);

  CHECK(p && cdb_initmem(&c, p, len) == 0);
  if (!p) return;
  cdb_findstart(&c);
  CHECK(found(&c, "k", 1, "first"));
  CHECK(found(&c, "k", 1, "second"));
  CHECK(found(&c, "k", 1, ""));
  CHECK(found(&c, "k", 1, "fourth"));
  CHECK(cdb_findnext(&c, "k", 1) == 0);
  CHECK(cdb_findnext(&c, "k", 1) == 0);     /* and stays not found */
  cdb_findstart(&c);                        /* from the top again */
  CHECK(found(&c, "k", 1, "first"));
  CHECK(cdb_find(&c, "kk", 2) == 1 && cdb_datalen(&c) == 6);
  CHECK(cdb_find(&c, "x", 1) == 1 && cdb_findnext(&c, "x", 1) == 0);
  cdb_free(&c);
  free(p);
}

static void t_binary(void)
{
  const struct kv kv[] = {
    { "a\0b", 3, "one\0", 4 }, { "a\0c", 3, "two", 3 },
    { "a", 1, "three", 5 }, { "\0", 1, "nul", 3 },
    { "\0\0", 2, "nulnul", 6 }, { "\377\200", 2, "\0\0\0", 3 },
  };
  struct cdb c;
  size_t len = 0;
  char *p = image(kv, sizeof kv / sizeof kv[0], &len);

  CHECK(p && cdb_initmem(&c, p, len) == 0);
  if (!p) return;
  CHECK(cdb_find(&c, "a\0b", 3) == 1 && cdb_datalen(&c) == 4 &&
        memcmp(cdb_data(&c), "one\0", 4) == 0);
  cdb_findstart(&c);
  CHECK(found(&c, "a\0c", 3, "two"));
  cdb_findstart(&c);
  CHECK(found(&c, "a", 1, "three"));
  cdb_findstart(&c);
  CHECK(found(&c, "\0", 1, "nul"));
  cdb_findstart(&c);
  CHECK(found(&c, "\0\0", 2, "nulnul"));
  CHECK(cdb_find(&c, "\377\200", 2) == 1 && cdb_datalen(&c) == 3 &&
        memcmp(cdb_data(&c), "\0\0\0", 3) == 0);
  CHECK(cdb_find(&c, "a\0", 2) == 0);
  CHECK(cdb_find(&c, "a\0d", 3) == 0);
  CHECK(cdb_find(&c, "\0\0\0", 3) == 0);
  cdb_free(&c);
  free(p);
}

static void t_emptykey(void)
{
  const struct kv kv[] = {
    { "", 0, "nothing", 7 }, { "z", 1, "", 0 }, { "", 0, "again", 5 },
  };
  struct cdb c;
  size_t len = 0;
  char *p = image(kv, sizeof kv / sizeof kv[0], &len);

  CHECK(p && cdb_initmem(&c, p, len) == 0);
  if (!p) return;
  cdb_findstart(&c);
  CHECK(found(&c, "", 0, "nothing"));
  CHECK(found(&c, 0, 0, "again"));          /* no bytes: no pointer */
  CHECK(cdb_findnext(&c, "", 0) == 0);
  cdb_findstart(&c);
  CHECK(found(&c, "z", 1, ""));
  cdb_free(&c);
  free(p);
}

#define BIG 200000UL
#define ABSENT 1000UL

static size_t bigkey(char *s, size_t cap, const char *what, unsigned long i)
{
  return (size_t)snprintf(s, cap, "%s%lu@example.org", what, i);
}

static size_t bigdata(char *s, size_t cap, unsigned long i)
{
  return (size_t)snprintf(s, cap, "%lu:%lu:/home/u%lu", i * 7, i % 13, i);
}

/* t_big - 200,000 keys through a file, every one read back */
static void t_big(void)
{
  struct cdbmake m;
  struct cdb c;
  struct sa k = SA_ZERO;
  struct sa d = SA_ZERO;
  char key[64];
  char data[64];
  uint32_t pos = 0;
  unsigned long i;
  unsigned long bad = 0;
  size_t klen;
  size_t dlen;
  int fd = tempfd();
  int ok;

  CHECK(fd != -1);
  if (fd == -1) return;
  ok = cdbmake_start(&m, fd);
  for (i = 0; i < BIG && ok; ++i) {
    klen = bigkey(key, sizeof key, "user", i);
    dlen = bigdata(data, sizeof data, i);
    ok = cdbmake_add(&m, key, klen, data, dlen);
  }
  CHECK(ok && m.nrecs == BIG);
  CHECK(ok && cdbmake_finish(&m));
  cdbmake_free(&m);
  CHECK(cdb_init(&c, fd) == 0);
  close(fd);
  for (i = 0; i < BIG; ++i) {
    klen = bigkey(key, sizeof key, "user", i);
    dlen = bigdata(data, sizeof data, i);
    if (cdb_find(&c, key, klen) != 1 || cdb_datalen(&c) != dlen ||
        memcmp(cdb_data(&c), data, dlen) != 0 ||
        cdb_findnext(&c, key, klen) != 0)
      ++bad;
  }
  CHECK(bad == 0);
  for (i = 0; i < ABSENT; ++i) {
    klen = bigkey(key, sizeof key, "nobody", i);
    if (cdb_find(&c, key, klen) != 0) ++bad;
  }
  CHECK(bad == 0);
  /* the walk gives them all, in the order they were added */
  for (i = 0; i < BIG + 1; ++i) {
    int r = cdb_next(&c, &pos, &k, &d);
    if (r != 1) {
      CHECK(r == 0 && i == BIG);
      break;
    }
    klen = bigkey(key, sizeof key, "user", i);
    dlen = bigdata(data, sizeof data, i);
    if (k.len != klen || memcmp(k.s, key, klen) != 0 || d.len != dlen ||
        memcmp(d.s, data, dlen) != 0)
      ++bad;
  }
  CHECK(bad == 0 && i == BIG);
  cdb_free(&c);
  sa_free(&k);
  sa_free(&d);
}

/* t_walk - cdb_next: every record once, in order, then 0 */
static void t_walk(void)
{
  const struct kv kv[] = {
    { "k", 1, "first", 5 }, { "", 0, "", 0 }, { "k", 1, "second", 6 },
    { "a\0b", 3, "bin\0", 4 }, { "long key", 8, "long data", 9 },
  };
  const size_t n = sizeof kv / sizeof kv[0];
  struct cdb c;
  struct sa k = SA_ZERO;
  struct sa d = SA_ZERO;
  uint32_t pos = 0;
  uint32_t last = 0;
  size_t len = 0;
  size_t i;
  char *p = image(kv, n, &len);

  CHECK(p && cdb_initmem(&c, p, len) == 0);
  if (!p) return;
  for (i = 0; i < n; ++i) {
    CHECK(cdb_next(&c, &pos, &k, &d) == 1);
    CHECK(k.len == kv[i].klen && memcmp(k.s, kv[i].key, k.len) == 0);
    CHECK(d.len == kv[i].dlen && memcmp(d.s, kv[i].data, d.len) == 0);
    CHECK(pos > last);
    last = pos;
  }
  CHECK(pos == get32(p));          /* stopped where table 0 begins */
  CHECK(cdb_next(&c, &pos, &k, &d) == 0);
  CHECK(cdb_next(&c, &pos, &k, &d) == 0);
  /* a cap on the sa fails the walk, and pos stays put */
  pos = 0;
  k.max = 3;
  CHECK(cdb_next(&c, &pos, &k, &d) == 1 && pos == 2048 + 8 + 1 + 5);
  CHECK(cdb_next(&c, &pos, &k, &d) == 1);
  CHECK(cdb_next(&c, &pos, &k, &d) == 1);
  CHECK(cdb_next(&c, &pos, &k, &d) == 1);        /* "a\0b" fits 3 */
  last = pos;
  errno = 0;
  CHECK(cdb_next(&c, &pos, &k, &d) == -1 && errno == E2BIG && pos == last);
  /* a position inside the header is a caller's mistake */
  pos = 100;
  errno = 0;
  CHECK(cdb_next(&c, &pos, &k, &d) == -1 && errno == EPROTO);
  pos = (uint32_t)len + 1;
  errno = 0;
  CHECK(cdb_next(&c, &pos, &k, &d) == -1 && errno == EPROTO);
  cdb_free(&c);
  free(p);
  sa_free(&k);
  sa_free(&d);
}

/* t_toobig - a file of 4 GiB + 1 bytes is refused before it is mapped */
static void t_toobig(void)
{
  struct cdb c;
  char small[16] = { 0 };
  int fd;

  if ((size_t)LIM_CDB < SIZE_MAX) {
    errno = 0;
    CHECK(cdb_initmem(&c, small, (size_t)LIM_CDB + 1) == -1 &&
          errno == EFBIG);
  }
  CHECK(cdb_initmem(&c, small, 0) == 0);
  cdb_free(&c);
  if (sizeof (off_t) < 8) {
    printf("# SKIP t_toobig file: off_t has 32 bits\n");
    return;
  }
  fd = tempfd();
  CHECK(fd != -1);
  if (fd == -1) return;
  if (ftruncate(fd, (off_t)0x100000001LL) == -1) {
    printf("# SKIP t_toobig file: cannot make a sparse 4 GiB file: %s\n",
           strerror(errno));
  } else {
    errno = 0;
    CHECK(cdb_init(&c, fd) == -1 && errno == EFBIG);
    CHECK(c.map == 0 && c.size == 0);
    cdb_free(&c);
  }
  close(fd);
}

/* t_notfile - a pipe is not a database */
static void t_notfile(void)
{
  struct cdb c;
  int pfd[2];

  CHECK(pipe(pfd) == 0);
  errno = 0;
  CHECK(cdb_init(&c, pfd[0]) == -1 && errno == ENODEV);
  cdb_free(&c);
  close(pfd[0]);
  close(pfd[1]);
  errno = 0;
  CHECK(cdb_init(&c, -1) == -1 && errno == EBADF);
}

/* t_makelimit - the writer refuses what would pass 4 GiB, and keeps
 * what it had */
static void t_makelimit(void)
{
  struct cdbmake m;
  int fd = tempfd();

  CHECK(fd != -1 && cdbmake_start(&m, fd));
  if (fd == -1) return;
  /* an empty record needs 8 bytes and its two slots 16: 24 fit exactly */
  m.pos = (uint32_t)(LIM_CDB - 24);
  CHECK(cdbmake_add(&m, "", 0, "", 0) == 1);
  CHECK(m.nrecs == 1 && m.pos == LIM_CDB - 16);
  errno = 0;
  CHECK(cdbmake_add(&m, "", 0, "", 0) == 0 && errno == EFBIG);
  CHECK(m.nrecs == 1 && m.pos == LIM_CDB - 16);

  /* a second record of 9 bytes: 9, and 32 of slots for the two */
  m.pos = (uint32_t)(LIM_CDB - 40);
  errno = 0;
  CHECK(cdbmake_add(&m, "k", 1, "", 0) == 0 && errno == EFBIG);
  CHECK(m.nrecs == 1 && m.pos == LIM_CDB - 40);
  m.pos = (uint32_t)(LIM_CDB - 41);
  CHECK(cdbmake_add(&m, "k", 1, "", 0) == 1);
  CHECK(m.nrecs == 2 && m.pos == LIM_CDB - 32);
  /* lengths that would wrap a size_t */
  m.pos = 2048;
  errno = 0;
  CHECK(cdbmake_add(&m, "k", SIZE_MAX, "d", 1) == 0 && errno == EFBIG);
  errno = 0;
  CHECK(cdbmake_add(&m, "k", 1, "d", SIZE_MAX - 8) == 0 && errno == EFBIG);
  errno = 0;
  CHECK(cdbmake_add(&m, "k", SIZE_MAX / 2, "d", SIZE_MAX / 2) == 0 &&
        errno == EFBIG);
  errno = 0;
  CHECK(cdbmake_add(&m, "k", 1, "d", (size_t)LIM_CDB) == 0 &&
        errno == EFBIG);
  /* the tables alone would pass the limit, or their count wrap */
  m.nrecs = (size_t)(LIM_CDB / 16);
  errno = 0;
  CHECK(cdbmake_add(&m, "", 0, "", 0) == 0 && errno == EFBIG);
  m.nrecs = SIZE_MAX;
  errno = 0;
  CHECK(cdbmake_add(&m, "", 0, "", 0) == 0 && errno == EFBIG);
  errno = 0;
  CHECK(cdbmake_finish(&m) == 0 && errno == EFBIG);
  m.nrecs = 2;
  cdbmake_free(&m);
  close(fd);
}

/* corrupt - img with the 4 bytes at off set to u, as a cdb: what a
 * lookup of key and a walk give; both must be -1 with EPROTO */
static int corrupt(const char *img, size_t len, size_t off, uint32_t u,
                   const char *key)
{
  struct cdb c;
  struct sa k = SA_ZERO;
  struct sa d = SA_ZERO;
  char *p = malloc(len ? len : 1);
  uint32_t pos = 0;
  int findbad;
  int walkbad = 1;
  size_t i;
  int r = 0;

  if (!p) return 0;
  memcpy(p, img, len);
  if (off + 4 <= len) put32(p + off, u);
  if (cdb_initmem(&c, p, len) != 0) return 0;
  errno = 0;
  findbad = cdb_find(&c, key, strlen(key)) == -1 && errno == EPROTO;
  for (i = 0; i <= len; ++i) {       /* a record takes 8 bytes at least */
    errno = 0;
    r = cdb_next(&c, &pos, &k, &d);
    if (r != 1) break;
  }
  walkbad = r == -1 && errno == EPROTO;
  cdb_free(&c);
  free(p);
  sa_free(&k);
  sa_free(&d);
  return findbad * 2 + walkbad;
}

static void t_corrupt(void)
{
  const struct kv ab[] = { { "a", 1, "b", 1 } };
  const size_t t196 = 8 * 196;   /* header entry of "a"'s table */
  const size_t rec = 2048;
  const size_t slot1 = 2058 + 8; /* the slot "a" is in */
  struct cdb c;
  struct sa k = SA_ZERO;
  struct sa d = SA_ZERO;
  uint32_t pos = 0;
  size_t len = 0;
  char *p = image(ab, 1, &len);
  int fd;

  CHECK(p && len == 2074);
  if (!p) return;
  /* truncated header: the lookup has no table to go to */
  CHECK(corrupt(p, 2047, 0, 0, "a") == 3);
  CHECK(corrupt(p, 100, 0, 0, "a") == 3);
  CHECK(corrupt(p, 0, 0, 0, "a") == 3);
  /* a 0-byte file opens, then nothing in it can be read */
  fd = tempfd();
  CHECK(fd != -1 && cdb_init(&c, fd) == 0);
  errno = 0;
  CHECK(cdb_find(&c, "a", 1) == -1 && errno == EPROTO);
  errno = 0;
  CHECK(cdb_next(&c, &pos, &k, &d) == -1 && errno == EPROTO);
  cdb_free(&c);
  if (fd != -1) close(fd);
  /* hash table past the end, straddling it, or too big to address */
  CHECK(corrupt(p, len, t196, (uint32_t)len + 100, "a") == 3);
  CHECK(corrupt(p, len, t196, (uint32_t)len - 8, "a") == 2);
  CHECK(corrupt(p, len, t196, 0xfffffff8, "a") == 3);
  CHECK(corrupt(p, len, t196 + 4, 0x20000000, "a") == 2);
  CHECK(corrupt(p, len, t196 + 4, 0xffffffff, "a") == 2);
  CHECK(corrupt(p, len, t196 + 4, 3, "a") == 2);
  /* a table inside the header is odd but in bounds: no record there */
  CHECK(corrupt(p, len, t196, 0, "a") == 1);
  /* slot pointing past the end, or to a record cut by it */
  CHECK(corrupt(p, len, slot1 + 4, (uint32_t)len + 1, "a") == 2);
  CHECK(corrupt(p, len, slot1 + 4, (uint32_t)len - 4, "a") == 2);
  CHECK(corrupt(p, len, slot1 + 4, 0xffffffff, "a") == 2);
  /* record lengths that overflow or pass the end */
  CHECK(corrupt(p, len, rec, 0xffffffff, "a") == 3);
  CHECK(corrupt(p, len, rec + 4, 0xffffffff, "a") == 3);
  CHECK(corrupt(p, len, rec + 4, 0xfffffff7, "a") == 3);
  CHECK(corrupt(p, len, rec + 4, (uint32_t)len, "a") == 3);
  CHECK(corrupt(p, len, rec + 4, 9, "a") == 1);    /* into the tables */
  /* a table that is all taken, none of it "a": the probe ends */
  {
    char *q = malloc(len);
    CHECK(q != 0);
    if (q) {
      memcpy(q, p, len);
      put32(q + 2058, 0x2b5c4 ^ 1);   /* slot 0: another hash */
      put32(q + 2058 + 4, 2048);
      put32(q + slot1, 0x2b5c4 ^ 1);  /* slot 1 too */
      CHECK(cdb_initmem(&c, q, len) == 0);
      CHECK(cdb_find(&c, "a", 1) == 0);
      /* and a matching hash whose key differs is passed over */
      put32(q + slot1, 0x2b5c4);
      q[2048 + 8] = 'A';
      CHECK(cdb_find(&c, "a", 1) == 0);
      cdb_free(&c);
      free(q);
    }
  }
  free(p);
  sa_free(&k);
  sa_free(&d);
}

/* t_nounmap - cdb_free leaves memory it did not map alone */
static void t_nounmap(void)
{
  const struct kv ab[] = { { "a", 1, "b", 1 } };
  struct cdb c;
  size_t len = 0;
  char *p = image(ab, 1, &len);

  CHECK(p && cdb_initmem(&c, p, len) == 0 && c.mapped == 0);
  if (!p) return;
  cdb_free(&c);
  CHECK(get32(p) == 2058);        /* still ours, still readable */
  free(p);
}

int main(void)
{
  TEST(t_hash);
  TEST(t_compat);
  TEST(t_empty);
  TEST(t_one);
  TEST(t_dups);
  TEST(t_binary);
  TEST(t_emptykey);
  TEST(t_big);
  TEST(t_walk);
  TEST(t_toobig);
  TEST(t_notfile);
  TEST(t_makelimit);
  TEST(t_corrupt);
  TEST(t_nounmap);
  return t_done();
}

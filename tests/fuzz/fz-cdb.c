/* fz-cdb.c - fuzz the cdb reader: the input is a database image; look
 * up fixed keys, keys cut from the input and every key the walk finds,
 * and check that whatever is found lies inside the image.  Errors must
 * be EPROTO (or E2BIG from a capped sa), and every loop must end. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cdb.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* lookup - every record under key: found data inside the image and
 * after a copy of the key; at most one hit per slot of the table */
static void lookup(struct cdb *c, const char *img, size_t size,
                   const char *key, size_t len)
{
  struct sa out = SA_ZERO;
  size_t i;
  int r = 0;

  cdb_findstart(c);
  for (i = 0; i <= size / 8 + 1; ++i) {
    size_t pos;
    errno = 0;
    r = cdb_findnext(c, key, len);
    if (r != 1) break;
    pos = cdb_datapos(c);
    if (pos < len + 8 || pos > size || cdb_datalen(c) > size - pos) abort();
    if (cdb_data(c) != img + pos) abort();
    if (len && memcmp(img + pos - len, key, len) != 0) abort();
    out.max = 1024;
    errno = 0;
    if (cdb_getdata(c, &out) == 1) {
      if (out.len != cdb_datalen(c)) abort();
      if (out.len && memcmp(out.s, img + pos, out.len) != 0) abort();
    } else if (errno != E2BIG) {
      abort();
    }
  }
  if (r == 1) abort();                  /* the probe did not end */
  if (r == -1 && errno != EPROTO) abort();
  sa_free(&out);
}

/* walk - cdb_next over all records: each moves pos forward by at
 * least 8, so there are at most size / 8 of them */
static void walk(struct cdb *c, const char *img, size_t size)
{
  struct sa key = SA_ZERO;
  struct sa val = SA_ZERO;
  uint32_t pos = 0;
  uint32_t last = 0;
  size_t i;
  int r = 0;

  key.max = 4096;
  for (i = 0; i <= size / 8; ++i) {
    errno = 0;
    r = cdb_next(c, &pos, &key, &val);
    if (r != 1) break;
    if (pos > size || pos - (last ? last : 2048) != 8 + key.len + val.len)
      abort();
    last = pos;
    lookup(c, img, size, key.s, key.len);
  }
  if (r == 1) abort();
  if (r == -1 && errno != EPROTO && errno != E2BIG) abort();
  sa_free(&key);
  sa_free(&val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const fixed[] = {
    "", "a", "root", "postmaster", "!alias-", "127.0.0.1", "example.org",
  };
  struct cdb c;
  char *img;
  size_t i;

  /* an exact copy, so a read past the end is caught by any checker */
  img = malloc(size ? size : 1);
  if (!img) return 0;
  if (size) memcpy(img, data, size);
  if (cdb_initmem(&c, img, size) == -1) abort();
  for (i = 0; i < sizeof fixed / sizeof fixed[0]; ++i)
    lookup(&c, img, size, fixed[i], strlen(fixed[i]));
  /* keys cut from the input: offset and length from its first bytes */
  for (i = 0; i + 1 < size && i < 16; i += 2) {
    size_t off = (unsigned char)img[i] * 16 % size;
    size_t len = (unsigned char)img[i + 1] % 32;
    if (len > size - off) len = size - off;
    lookup(&c, img, size, img + off, len);
  }
  walk(&c, img, size);
  cdb_free(&c);
  free(img);
  return 0;
}

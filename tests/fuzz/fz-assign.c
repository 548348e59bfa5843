/* fz-assign.c - fuzz the users/assign parser and users/cdb builder:
 * no crash; an accepted line is exactly its fields put back together,
 * with the rules of assign.h true of each; a whole file gives a cdb
 * only if every line before its "." line parses, and then holds one
 * record per such line, in order, and the empty key last */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "assign.h"
#include "bounds.h"
#include "buf.h"
#include "cdb.h"
#include "cdbmake.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long decimal(const struct assign_field *f)
{
  unsigned long v = 0;
  size_t i;
  for (i = 0; i < f->len; ++i) v = v * 10 + (unsigned long)(f->p[i] - '0');
  return v;
}

/* oneline - parse p[0..n) and check what came back: the result */
static int oneline(const char *p, size_t n, struct sa *key, struct sa *value)
{
  struct assign a;
  const char *why = 0;
  size_t i;
  size_t pos;
  int r = assign_parse(&a, p, n, &why);

  if (r == -1 && !why) abort();
  if (r == 0 && !(n == 1 && p[0] == '.')) abort();
  if (r != 1) return r;
  if (p[0] != (a.wild ? '+' : '=')) abort();
  pos = 1;
  for (i = 0; i < ASSIGN_FIELDS; ++i) {
    if (a.f[i].p != p + pos) abort();
    if (memchr(a.f[i].p, ':', a.f[i].len) || memchr(a.f[i].p, 0, a.f[i].len))
      abort();
    pos += a.f[i].len;
    if (pos >= n || p[pos] != ':') abort();
    ++pos;
  }
  if (pos != n) abort();
  if (!a.f[ASSIGN_USER].len || a.f[ASSIGN_HOME].p[0] != '/') abort();
  if (a.uid != decimal(&a.f[ASSIGN_UID]) || a.gid != decimal(&a.f[ASSIGN_GID]))
    abort();
  if (a.uid >= 4294967295UL || a.gid >= 4294967295UL) abort();
  if (!assign_key(&a, key) || !assign_value(&a, value)) abort();
  if (key->len != 1 + a.f[ASSIGN_LOCAL].len + !a.wild || key->s[0] != '!')
    abort();
  for (i = 0; i < key->len; ++i)
    if (key->s[i] >= 'A' && key->s[i] <= 'Z') abort();
  {
    size_t nuls = 0;
    for (i = 0; i < value->len; ++i) nuls += value->s[i] == 0;
    if (nuls != 5) abort();
  }
  return 1;
}

static int scratch = -1;

/* whole - the input as a users/assign file */
static void whole(const char *p, size_t size)
{
  struct sa key = SA_ZERO;
  struct sa value = SA_ZERO;
  struct sa got = SA_ZERO;
  struct sa gotdata = SA_ZERO;
  struct cdbmake m;
  struct buf in;
  size_t lineno = 0;
  size_t records = 0;
  size_t pos = 0;
  const char *why = 0;
  int want = 0;          /* the model's verdict: 1 file, 0 syntax */
  int r;

  /* the model: lines up to ".", each parsed alone */
  for (;;) {
    const char *nl = pos < size ? memchr(p + pos, '\n', size - pos) : 0;
    size_t end = nl ? (size_t)(nl - p) : size;
    if (pos == size) break;
    if (end - pos > LIM_CTL_LINE - 1) break;
    r = oneline(p + pos, end - pos, &key, &value);
    if (r == 0) {
      want = 1;
      break;
    }
    if (r == -1 || !nl) break;
    ++records;
    pos = end + 1;
  }

  if (ftruncate(scratch, 0) == -1 || lseek(scratch, 0, SEEK_SET) == -1)
    abort();
  buf_initmem(&in, p, size);
  if (!cdbmake_start(&m, scratch)) abort();
  r = assign_make(&in, &m, &lineno, &why);
  if (r == -1) abort();                 /* no I/O can fail here */
  if (r != want) abort();
  if (r == 0 && (!why || lineno != records + 1)) abort();
  if (r == 1) {
    off_t len;
    char *file;
    struct cdb c = CDB_ZERO;
    uint32_t at = 0;
    size_t n = 0;
    if (!cdbmake_finish(&m)) abort();
    len = lseek(scratch, 0, SEEK_END);
    file = malloc(len > 0 ? (size_t)len : 1);
    if (!file || pread(scratch, file, (size_t)len, 0) != len) abort();
    if (cdb_initmem(&c, file, (size_t)len) != 0) abort();
    while (cdb_next(&c, &at, &got, &gotdata) == 1) ++n;
    if (n != records + 1 || got.len != 0) abort();
    cdb_free(&c);
    free(file);
  }
  cdbmake_free(&m);
  sa_free(&key);
  sa_free(&value);
  sa_free(&got);
  sa_free(&gotdata);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  struct sa key = SA_ZERO;
  struct sa value = SA_ZERO;

  if (scratch == -1) {
    char path[] = "/tmp/fz-assign.XXXXXX";
    scratch = mkstemp(path);
    if (scratch == -1) abort();
    unlink(path);
  }
  oneline(p, size, &key, &value);
  sa_free(&key);
  sa_free(&value);
  if (size <= 4 * LIM_CTL_LINE) whole(p, size);
  return 0;
}

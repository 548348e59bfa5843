/* t-assign.c - users/assign lines (qmail-users(5)) and the users/cdb
 * they make, checked byte for byte against the layout in assign.h and
 * a writer of djb's cdb format kept here, apart from cdbmake.c */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "assign.h"
#include "bounds.h"
#include "buf.h"
#include "cdb.h"
#include "cdbmake.h"
#include "sa.h"
#include "t.h"

static int parse(struct assign *a, const char *line, const char **why)
{
  *why = 0;
  return assign_parse(a, line, strlen(line), why);
}

static int field(const struct assign *a, int i, const char *want)
{
  return a->f[i].len == strlen(want) && !memcmp(a->f[i].p, want, a->f[i].len);
}

static int sameb(const struct sa *x, const char *p, size_t n)
{
  return x->len == n && (n == 0 || !memcmp(x->s, p, n));
}

static void t_simple(void)
{
  struct assign a;
  const char *why;
  CHECK(parse(&a, "=joe.shmoe:joe:503:78:/home/joe:::", &why) == 1);
  CHECK(a.wild == 0 && a.uid == 503 && a.gid == 78);
  CHECK(field(&a, ASSIGN_LOCAL, "joe.shmoe") && field(&a, ASSIGN_USER, "joe"));
  CHECK(field(&a, ASSIGN_UID, "503") && field(&a, ASSIGN_GID, "78"));
  CHECK(field(&a, ASSIGN_HOME, "/home/joe") && field(&a, ASSIGN_DASH, ""));
  CHECK(field(&a, ASSIGN_EXT, ""));
  CHECK(parse(&a, "=:u:1:2:/:-:x:", &why) == 1 && field(&a, ASSIGN_LOCAL, ""));
  CHECK(field(&a, ASSIGN_DASH, "-") && field(&a, ASSIGN_EXT, "x"));
}

static void t_wildcard(void)
{
  struct assign a;
  const char *why;
  CHECK(parse(&a, "+joe-:joe:507:100:/home/joe:-::", &why) == 1);
  CHECK(a.wild == 1 && field(&a, ASSIGN_LOCAL, "joe-"));
  CHECK(field(&a, ASSIGN_DASH, "-") && field(&a, ASSIGN_EXT, ""));
  CHECK(parse(&a, "+:alias:7790:2108:/var/qmail/alias:-::", &why) == 1);
  CHECK(a.wild == 1 && field(&a, ASSIGN_LOCAL, ""));
  /* qmail-pw2u's subusers and -/ forms */
  CHECK(parse(&a, "+sub-:joe:1:1:/h:-/:pre-:", &why) == 1);
  CHECK(field(&a, ASSIGN_DASH, "-/") && field(&a, ASSIGN_EXT, "pre-"));
}

static void t_end(void)
{
  struct assign a;
  const char *why;
  CHECK(parse(&a, ".", &why) == 0);
  CHECK(parse(&a, ".x", &why) == -1 && why);
  CHECK(parse(&a, ". ", &why) == -1 && why);
  CHECK(parse(&a, "..", &why) == -1 && why);
}

static void t_bad(void)
{
  static const char *const bad[] = {
    "",
    "joe:joe:1:1:/h:::",              /* no = or + */
    "#=joe:joe:1:1:/h:::",
    "|joe:joe:1:1:/h:::",             /* no program lines */
    "=joe:joe:1:1:/h::",              /* six colons */
    "=joe",
    "=joe:joe:1:1:/h::::",            /* eight */
    "=joe:joe:1:1:/h:::x",            /* trailing bytes */
    "=joe:joe:1:1:/h:::\r",
    "=joe::1:1:/h:::",                /* empty user */
    "=joe:joe::1:/h:::",              /* empty uid */
    "=joe:joe:1::/h:::",
    "=joe:joe:x:1:/h:::",
    "=joe:joe:1x:1:/h:::",
    "=joe:joe:-1:1:/h:::",
    "=joe:joe:+1:1:/h:::",
    "=joe:joe: 1:1:/h:::",
    "=joe:joe:1:1 :/h:::",
    "=joe:joe:4294967295:1:/h:::",    /* (uid_t)-1 */
    "=joe:joe:1:4294967295:/h:::",
    "=joe:joe:99999999999999999999999:1:/h:::",
    "=joe:joe:1:1::::",               /* empty home */
    "=joe:joe:1:1:home/joe:::",       /* relative home */
    0
  };
  struct assign a;
  const char *why;
  size_t i;
  for (i = 0; bad[i]; ++i) {
    int r = parse(&a, bad[i], &why);
    if (r != -1 || !why) printf("# accepted: %s\n", bad[i]);
    CHECK(r == -1 && why);
  }
  CHECK(assign_parse(&a, "=jo\0e:joe:1:1:/h:::", 19, &why) == -1);
  CHECK(assign_parse(&a, ".\0", 2, &why) == -1);
  CHECK(parse(&a, "=joe:joe:4294967294:4294967294:/h:::", &why) == 1);
  CHECK(a.uid == 4294967294UL && a.gid == 4294967294UL);
  CHECK(parse(&a, "=joe:joe:0:0:/h:::", &why) == 1);   /* lspawn refuses */
  CHECK(parse(&a, "=joe:joe:007:1:/h:::", &why) == 1 && a.uid == 7);
}

static void t_record(void)
{
  struct assign a;
  struct sa key = SA_ZERO;
  struct sa value = SA_ZERO;
  struct sa wild = SA_ZERO;
  const char *why;

  CHECK(parse(&a, "=Joe.Shmoe:Joe:0503:78:/home/Joe:::", &why) == 1);
  CHECK(assign_key(&a, &key) && sameb(&key, "!joe.shmoe\0", 11));
  /* the value keeps every byte as written: qmail-newu does */
  CHECK(assign_value(&a, &value) &&
        sameb(&value, "Joe\0" "0503\0" "78\0" "/home/Joe\0" "\0", 23));
  CHECK(assign_wild(&a, &wild) && wild.len == 0);
  CHECK(parse(&a, "+JOE-X:joe:1:2:/h:-:pre:", &why) == 1);
  CHECK(assign_key(&a, &key) && sameb(&key, "!joe-x", 6));
  CHECK(assign_value(&a, &value) && sameb(&value, "joe\0" "1\0" "2\0" "/h\0"
                                          "-\0" "pre", 16));
  CHECK(assign_wild(&a, &wild) && sameb(&wild, "x", 1));
  CHECK(assign_wild(&a, &wild) && sameb(&wild, "x", 1));   /* once */
  CHECK(parse(&a, "+a-:joe:1:2:/h:-::", &why) == 1);
  CHECK(assign_wild(&a, &wild) && sameb(&wild, "x-", 2));
  CHECK(parse(&a, "+:joe:1:2:/h:-::", &why) == 1);
  CHECK(assign_key(&a, &key) && sameb(&key, "!", 1));
  CHECK(assign_wild(&a, &wild) && sameb(&wild, "x-", 2));  /* no byte */
  sa_free(&key);
  sa_free(&value);
  sa_free(&wild);
}

/* --- a reference writer of the cdb format, for the byte comparison --- */

struct rec {
  const char *k;
  size_t klen;
  const char *d;
  size_t dlen;
};

static uint32_t ref_hash(const char *p, size_t n)
{
  uint32_t h = 5381;
  while (n--) h = (h + (h << 5)) ^ (unsigned char)*p++;
  return h;
}

static void le32(unsigned char *p, uint32_t u)
{
  p[0] = u & 255;
  p[1] = (u >> 8) & 255;
  p[2] = (u >> 16) & 255;
  p[3] = (u >> 24) & 255;
}

/* ref_cdb - djb's layout: a header of 256 (position, slots) pairs; the
 * records (lengths, key, data) in order; then table 0..255, each with
 * twice as many slots as records, each record in the first free slot
 * from (hash >> 8) % slots in record order.  Returns the length. */
static size_t ref_cdb(const struct rec *r, size_t n, unsigned char *out)
{
  uint32_t pos = 2048;
  uint32_t at[64];
  uint32_t hash[64];
  size_t i;
  int b;

  for (i = 0; i < n; ++i) {
    at[i] = pos;
    hash[i] = ref_hash(r[i].k, r[i].klen);
    le32(out + pos, (uint32_t)r[i].klen);
    le32(out + pos + 4, (uint32_t)r[i].dlen);
    memcpy(out + pos + 8, r[i].k, r[i].klen);
    memcpy(out + pos + 8 + r[i].klen, r[i].d, r[i].dlen);
    pos += (uint32_t)(8 + r[i].klen + r[i].dlen);
  }
  for (b = 0; b < 256; ++b) {
    uint32_t slots = 0;
    for (i = 0; i < n; ++i)
      if ((hash[i] & 255) == (uint32_t)b) slots += 2;
    le32(out + 8 * b, pos);
    le32(out + 8 * b + 4, slots);
    memset(out + pos, 0, 8 * (size_t)slots);
    for (i = 0; i < n; ++i) {
      uint32_t w;
      if ((hash[i] & 255) != (uint32_t)b) continue;
      w = (hash[i] >> 8) % slots;
      while (memcmp(out + pos + 8 * w + 4, "\0\0\0\0", 4))
        w = (w + 1) % slots;
      le32(out + pos + 8 * w, hash[i]);
      le32(out + pos + 8 * w + 4, at[i]);
    }
    pos += 8 * slots;
  }
  return pos;
}

/* build - assign_make over text into a fresh file: the result code,
 * the file in *cdb (malloc'd), its length in *len */
static int build(const char *text, size_t n, size_t *lineno,
                 const char **why, unsigned char **cdb, size_t *len)
{
  char path[] = "/tmp/t-assign.XXXXXX";
  struct cdbmake m;
  struct buf in;
  struct stat st;
  int fd = mkstemp(path);
  int r;

  *cdb = 0;
  *len = 0;
  if (fd == -1) return -2;
  unlink(path);
  buf_initmem(&in, text, n);
  if (!cdbmake_start(&m, fd)) return -2;
  r = assign_make(&in, &m, lineno, why);
  if (r == 1 && !cdbmake_finish(&m)) r = -2;
  cdbmake_free(&m);
  if (r == 1 && fstat(fd, &st) == 0) {
    *len = (size_t)st.st_size;
    *cdb = malloc(*len ? *len : 1);
    if (!*cdb || pread(fd, *cdb, *len, 0) != (ssize_t)*len) r = -2;
  }
  close(fd);
  return r;
}

static void t_bytes(void)
{
  static const char text[] =
    "=joe:joe:507:100:/home/joe:::\n"
    "+joe-:joe:507:100:/home/joe:-::\n"
    "+:alias:7790:2108:/var/qmail/alias:-::\n"
    "=Joe.Shmoe:joe:507:100:/home/joe:-:shmoe:\n"
    "+Sub_:joe:507:100:/home/joe:-:sub-:\n"
    "=joe:bill:508:100:/home/bill:::\n"
    ".\n";
  static const struct rec want[] = {
    { "!joe\0", 5, "joe\0" "507\0" "100\0" "/home/joe\0" "\0", 23 },
    { "!joe-", 5, "joe\0" "507\0" "100\0" "/home/joe\0" "-\0", 24 },
    { "!", 1, "alias\0" "7790\0" "2108\0" "/var/qmail/alias\0" "-\0", 35 },
    { "!joe.shmoe\0", 11,
      "joe\0" "507\0" "100\0" "/home/joe\0" "-\0" "shmoe", 29 },
    { "!sub_", 5, "joe\0" "507\0" "100\0" "/home/joe\0" "-\0" "sub-", 28 },
    { "!joe\0", 5, "bill\0" "508\0" "100\0" "/home/bill\0" "\0", 25 },
    { "", 0, "-_", 2 },
  };
  static unsigned char ref[8192];
  unsigned char *got;
  size_t len;
  size_t reflen;
  size_t lineno;
  const char *why;
  struct cdb c = CDB_ZERO;

  CHECK(build(text, sizeof text - 1, &lineno, &why, &got, &len) == 1);
  reflen = ref_cdb(want, sizeof want / sizeof want[0], ref);
  CHECK(len == reflen && got && !memcmp(got, ref, len));
  /* the library reader agrees, and finds the first "=joe" line first */
  CHECK(got && cdb_initmem(&c, (const char *)got, len) == 0);
  CHECK(cdb_find(&c, "!joe\0", 5) == 1 && cdb_datalen(&c) == 23);
  CHECK(cdb_findnext(&c, "!joe\0", 5) == 1 && cdb_datalen(&c) == 25);
  CHECK(cdb_find(&c, "", 0) == 1 && cdb_datalen(&c) == 2);
  cdb_free(&c);
  free(got);

  /* an empty assign: only the empty key, with an empty value */
  {
    static const struct rec none[] = { { "", 0, "", 0 } };
    CHECK(build(".\n", 2, &lineno, &why, &got, &len) == 1);
    reflen = ref_cdb(none, 1, ref);
    CHECK(len == reflen && got && !memcmp(got, ref, len));
    free(got);
  }
}

static void t_make_errors(void)
{
  unsigned char *got;
  size_t len;
  size_t lineno;
  const char *why;

  /* CONTRACT: no "." line, no users/cdb */
  CHECK(build("", 0, &lineno, &why, &got, &len) == 0 && lineno == 1);
  CHECK(build("=a:a:1:1:/a:::\n", 15, &lineno, &why, &got, &len) == 0);
  CHECK(lineno == 2 && why);
  CHECK(build("=a:a:1:1:/a:::", 14, &lineno, &why, &got, &len) == 0);
  CHECK(lineno == 1 && why);
  CHECK(build("=a:a:1:1:/a:::\n=b:b\n.\n", 22, &lineno, &why, &got, &len)
        == 0 && lineno == 2);
  /* "." without its newline ends the file; lines after it are ignored */
  CHECK(build("=a:a:1:1:/a:::\n.", 16, &lineno, &why, &got, &len) == 1);
  free(got);
  CHECK(build(".\nanything at all\n", 18, &lineno, &why, &got, &len) == 1);
  free(got);
  {
    /* a line longer than LIM_CTL_LINE is refused, not cut */
    size_t n = LIM_CTL_LINE + 100;
    char *big = malloc(n);
    if (big) {
      memset(big, 'a', n);
      big[0] = '=';
      big[n - 1] = '\n';
    }
    CHECK(big && build(big, n, &lineno, &why, &got, &len) == 0 &&
          lineno == 1 && why);
    free(big);
  }
}

static void t_make_writeerror(void)
{
  /* enough lines to fill cdbmake's buffer, onto an fd that refuses */
  size_t n = 2000;
  size_t i;
  size_t lineno;
  const char *why;
  struct sa text = SA_ZERO;
  struct cdbmake m;
  struct buf in;
  int fd = open("/dev/null", O_RDONLY);

  for (i = 0; i < n; ++i)
    CHECK(sa_cats(&text, "=a:a:1:1:/a:::\n"));
  CHECK(sa_cats(&text, ".\n"));
  buf_initmem(&in, text.s, text.len);
  CHECK(fd != -1);
  if (cdbmake_start(&m, fd)) {
    CHECK(assign_make(&in, &m, &lineno, &why) == -1);
    cdbmake_free(&m);
  }
  close(fd);
  sa_free(&text);
}

int main(void)
{
  TEST(t_simple);
  TEST(t_wildcard);
  TEST(t_end);
  TEST(t_bad);
  TEST(t_record);
  TEST(t_bytes);
  TEST(t_make_errors);
  TEST(t_make_writeerror);
  return t_done();
}

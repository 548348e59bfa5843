/* assign.c - users/assign lines and the users/cdb they make (assign.h)
 *
 * A pure parser over bytes: no file is opened here.  assign_make reads
 * lines from a buf the caller opened and adds records to a cdbmake the
 * caller started, so qmail-newu, the unit tests and the fuzz target all
 * run the same code. */
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include "assign.h"
#include "bounds.h"
#include "buf.h"
#include "cdbmake.h"
#include "sa.h"
#include "scan.h"
#include "str.h"

/* number - strict decimal id that survives the trip through id_t and
 * is not (id_t)-1, which setuid and chown read as "no change" */
static int number(const struct assign_field *f, unsigned long *n,
                  unsigned long max)
{
  size_t v;
  if (!scan_sizeb(f->p, f->len, &v, (size_t)max)) return 0;
  *n = (unsigned long)v;
  return 1;
}

int assign_parse(struct assign *a, const char *line, size_t len,
                 const char **why)
{
  size_t pos;
  size_t i;

  if (len == 1 && line[0] == '.') return 0;
  if (memchr(line, 0, len)) {
    *why = "NUL in line";
    return -1;
  }
  if (len == 0 || (line[0] != '=' && line[0] != '+')) {
    *why = "line begins with neither = nor +";
    return -1;
  }
  a->wild = line[0] == '+';
  pos = 1;
  for (i = 0; i < ASSIGN_FIELDS; ++i) {
    size_t n = byte_chr(line + pos, len - pos, ':');
    if (n == len - pos) {
      *why = "fewer than seven colons";
      return -1;
    }
    a->f[i].p = line + pos;
    a->f[i].len = n;
    pos += n + 1;
  }
  if (pos != len) {
    *why = "bytes after the seventh colon";
    return -1;
  }
  if (a->f[ASSIGN_USER].len == 0) {
    *why = "empty user";
    return -1;
  }
  if (!number(&a->f[ASSIGN_UID], &a->uid, (unsigned long)(uid_t)-2)) {
    *why = "uid is not a decimal number below 4294967295";
    return -1;
  }
  if (!number(&a->f[ASSIGN_GID], &a->gid, (unsigned long)(gid_t)-2)) {
    *why = "gid is not a decimal number below 4294967295";
    return -1;
  }
  if (a->f[ASSIGN_HOME].len == 0 || a->f[ASSIGN_HOME].p[0] != '/') {
    *why = "homedir does not begin with /";
    return -1;
  }
  return 1;
}

int assign_key(const struct assign *a, struct sa *key)
{
  const struct assign_field *local = &a->f[ASSIGN_LOCAL];
  if (!sa_copys(key, "!")) return 0;
  if (!sa_catb(key, local->p, local->len)) return 0;
  /* CONTRACT: the NUL is what keeps "=joe" apart from "+joe" */
  if (!a->wild && !sa_0(key)) return 0;
  case_lowerb(key->s, key->len);
  return 1;
}

int assign_value(const struct assign *a, struct sa *value)
{
  size_t i;
  if (!sa_copys(value, "")) return 0;
  for (i = ASSIGN_USER; i < ASSIGN_FIELDS; ++i) {
    if (i > ASSIGN_USER && !sa_0(value)) return 0;
    if (!sa_catb(value, a->f[i].p, a->f[i].len)) return 0;
  }
  return 1;
}

int assign_wild(const struct assign *a, struct sa *wildchars)
{
  const struct assign_field *prefix = &a->f[ASSIGN_LOCAL];
  char c;
  if (!a->wild || prefix->len == 0) return 1;
  /* qmail 1.03 kept this byte as written while its reader compares the
   * lowercased local part: "+JOE:" could never match there */
  c = (char)case_lower((unsigned char)prefix->p[prefix->len - 1]);
  if (byte_chr(wildchars->s, wildchars->len, c) < wildchars->len) return 1;
  return sa_append(wildchars, c);
}

/* addline - one parsed assignment into m: 1, or -1 with errno */
static int addline(const struct assign *a, struct cdbmake *m,
                   struct sa *key, struct sa *value, struct sa *wildchars)
{
  if (!assign_key(a, key) || !assign_value(a, value)) return -1;
  if (!assign_wild(a, wildchars)) return -1;
  if (!cdbmake_add(m, key->s, key->len, value->s, value->len)) return -1;
  return 1;
}

int assign_make(struct buf *in, struct cdbmake *m, size_t *lineno,
                const char **why)
{
  struct sa line = SA_ZERO;
  struct sa key = SA_ZERO;
  struct sa value = SA_ZERO;
  struct sa wildchars = SA_ZERO;
  struct assign a;
  int r;

  *lineno = 0;
  for (;;) {
    int got;
    size_t len;
    ++*lineno;
    got = buf_getline(in, &line, LIM_CTL_LINE);
    if (got == -1 && errno == E2BIG) {
      *why = "line too long (65536 bytes at most, newline included)";
      r = 0;
      break;
    }
    if (got == -1) {
      r = -1;
      break;
    }
    len = line.len;
    if (got == 1) --len;           /* the newline */
    if (got == 0 && len == 0) {
      /* CONTRACT: a file cut short never becomes a users/cdb */
      *why = "end of file before the \".\" line";
      r = 0;
      break;
    }
    r = assign_parse(&a, line.s, len, why);
    if (r == 0) {
      r = cdbmake_add(m, "", 0, wildchars.len ? wildchars.s : "",
                      wildchars.len) ? 1 : -1;
      break;
    }
    if (r == -1) {
      r = 0;
      break;
    }
    if (got == 0) {
      *why = "last line has no newline";
      r = 0;
      break;
    }
    if (addline(&a, m, &key, &value, &wildchars) == -1) {
      r = -1;
      break;
    }
  }
  sa_free(&line);
  sa_free(&key);
  sa_free(&value);
  sa_free(&wildchars);
  return r;
}

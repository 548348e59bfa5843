/* userscdb.c - reading users/cdb as qmail-lspawn does (userscdb.h) */
#include <string.h>
#include <sys/types.h>
#include "cdb.h"
#include "scan.h"
#include "str.h"
#include "userscdb.h"

int userscdb_fields(const char *p, size_t len, struct pwinfo *pw)
{
  struct sa *text[6];
  size_t i;

  text[0] = &pw->user;
  text[1] = text[2] = 0;
  text[3] = &pw->home;
  text[4] = &pw->dash;
  text[5] = &pw->ext;
  for (i = 0; i < 6; ++i) {
    size_t n = byte_chr(p, len, 0);
    size_t id;
    if (n == len) return 0;
    if (text[i]) {
      if (!sa_copyb(text[i], p, n) || !sa_0(text[i])) return -1;
    } else if (i == 1) {
      if (!scan_sizeb(p, n, &id, (size_t)(uid_t)-2)) return 0;
      pw->uid = (uid_t)id;
    } else {
      if (!scan_sizeb(p, n, &id, (size_t)(gid_t)-2)) return 0;
      pw->gid = (gid_t)id;
    }
    p += n + 1;
    len -= n + 1;
  }
  if (len) return 0;
  if (!pw->user.s[0] || !pw->home.s[0]) return 0;
  return 1;
}

/* wildchar - c (already lowercased) is the last byte of some wildcard
 * prefix; qmail 1.03 wrote those bytes without lowercasing them */
static int wildchar(const char *wild, size_t n, char c)
{
  size_t i;
  for (i = 0; i < n; ++i)
    if (case_lower((unsigned char)wild[i]) == (unsigned char)c) return 1;
  return 0;
}

int userscdb_search(struct cdb *c, const char *local, struct sa *value)
{
  struct sa key = SA_ZERO;
  const char *wild;
  size_t nwild;
  size_t i;
  int r;

  /* CONTRACT: qmail-newu always writes the empty key; none: not ours */
  if (cdb_find(c, "", 0) != 1) return -1;
  wild = cdb_data(c);
  nwild = cdb_datalen(c);
  if (!sa_copys(&key, "!") || !sa_cats(&key, local) || !sa_0(&key))
    return -1;
  case_lowerb(key.s, key.len);
  /* i = key.len first: "!local" NUL, the simple assignment; then each
   * "!prefix", longest first, down to "!" alone (the catch-all) */
  for (i = key.len; i > 0; --i) {
    int wildcard = i < key.len;
    if (wildcard && i > 1 && !wildchar(wild, nwild, key.s[i - 1])) continue;
    r = cdb_find(c, key.s, i);
    if (r == 0) continue;
    if (r == 1 && cdb_getdata(c, value) == 1 &&
        (!wildcard || sa_cats(value, local + i - 1)) && sa_0(value))
      r = 1;
    else
      r = -1;
    sa_free(&key);
    return r;
  }
  sa_free(&key);
  return 0;
}


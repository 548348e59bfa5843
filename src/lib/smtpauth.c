/* smtpauth.c - SMTP AUTH's commands and messages (RFC 4954, 4616, 2195) */
#include <string.h>
#include "base64.h"
#include "smtpauth.h"
#include "str.h"

static const struct {
  const char *name;
  int mech;
} mechs[] = {
  { "PLAIN", SMTPAUTH_PLAIN }, { "LOGIN", SMTPAUTH_LOGIN },
  { "CRAM-MD5", SMTPAUTH_CRAM }, { 0, 0 }
};

/* mechanism - the code of name[0..n), or SMTPAUTH_UNKNOWN */
static int mechanism(const char *name, size_t n)
{
  size_t i;

  for (i = 0; mechs[i].name; ++i)
    if (strlen(mechs[i].name) == n && case_equalb(name, mechs[i].name, n))
      return mechs[i].mech;
  return SMTPAUTH_UNKNOWN;
}

int smtpauth_command(const char *arg, size_t n, struct smtpauth_cmd *c)
{
  size_t sp = byte_chr(arg, n, ' ');

  c->hasinitial = 0;
  c->initial = arg + n;
  c->initiallen = 0;
  c->mech = SMTPAUTH_SYNTAX;
  if (sp == 0) return c->mech;
  if (sp < n) {
    const char *r = arg + sp + 1;
    size_t rlen = n - sp - 1;
    if (rlen == 0 || byte_chr(r, rlen, ' ') < rlen) return c->mech;
    c->hasinitial = 1;
    c->initial = r;
    c->initiallen = rlen == 1 && r[0] == '=' ? 0 : rlen;
  }
  return c->mech = mechanism(arg, sp);
}

int smtpauth_response(const char *line, size_t n, char *out, size_t max,
                      size_t *len)
{
  if (n && line[n - 1] == '\n') {
    --n;
    if (n && line[n - 1] == '\r') --n;
  }
  if (n == 1 && line[0] == '*') return SMTPAUTH_CANCEL;
  if (!base64_decode(line, n, out, max, len)) return SMTPAUTH_BADB64;
  return SMTPAUTH_OK;
}

int smtpauth_plain(const char *d, size_t n, struct smtpauth_creds *c)
{
  size_t z1 = byte_chr(d, n, 0);
  size_t z2;

  if (z1 == n) return -1;
  z2 = z1 + 1 + byte_chr(d + z1 + 1, n - z1 - 1, 0);
  if (z2 == n || byte_chr(d + z2 + 1, n - z2 - 1, 0) < n - z2 - 1)
    return -1;
  c->name = d + z1 + 1;
  c->namelen = z2 - z1 - 1;
  c->secret = d + z2 + 1;
  c->secretlen = n - z2 - 1;
  if (!c->namelen || !c->secretlen) return -1;
  /* an authzid other than the authcid: acting for another user */
  if (z1 && (z1 != c->namelen || memcmp(d, c->name, z1) != 0)) return 0;
  return 1;
}

int smtpauth_cram(const char *d, size_t n, struct smtpauth_creds *c)
{
  size_t sp = byte_rchr(d, n, ' ');
  size_t i;

  if (sp == n || sp == 0 || n - sp - 1 != 32) return 0;
  if (byte_chr(d, sp, 0) < sp) return 0;
  for (i = sp + 1; i < n; ++i) {
    char x = d[i];
    if (!((x >= '0' && x <= '9') || (x >= 'a' && x <= 'f') ||
          (x >= 'A' && x <= 'F')))
      return 0;
  }
  c->name = d;
  c->namelen = sp;
  c->secret = d + sp + 1;
  c->secretlen = 32;
  return 1;
}

int smtpauth_mechs(const char *s, int *mask)
{
  size_t n = strlen(s);
  size_t i = 0;
  int m = 0;

  while (i < n) {
    size_t start;
    int code;
    while (i < n && (s[i] == ' ' || s[i] == ',')) ++i;
    start = i;
    while (i < n && s[i] != ' ' && s[i] != ',') ++i;
    if (i == start) break;
    code = mechanism(s + start, i - start);
    if (code == SMTPAUTH_UNKNOWN) return 0;
    m |= code;
  }
  *mask = m ? m : SMTPAUTH_DEFAULT;
  return 1;
}

int smtpauth_isroot(const char *name, size_t n)
{
  size_t at = byte_chr(name, n, '@');
  size_t pct = byte_chr(name, n, '%');

  if (pct < at) at = pct;
  return at == 4 && case_equalb(name, "root", 4);
}

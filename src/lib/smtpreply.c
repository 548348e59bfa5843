/* smtpreply.c - SMTP replies (RFC 5321 4.2), read line by line
 *
 * Decided here: a line after the reply is done is EPROTO (the caller
 * starts a new reply first); an empty line, or one shorter than the
 * code, is EPROTO; the text cap counts the bytes kept, '\n's included. */
#include <errno.h>
#include "bounds.h"
#include "scan.h"
#include "smtpreply.h"
#include "str.h"

void smtpreply_start(struct smtpreply *r)
{
  r->code = 0;
  r->lines = 0;
  r->done = 0;
  r->text.len = 0;
  r->text.max = LIM_SMTP_REPLY;
}

static int bad(void)
{
  errno = EPROTO;
  return -1;
}

int smtpreply_line(struct smtpreply *r, const char *p, size_t n)
{
  unsigned int code;
  size_t i;

  if (r->done) return bad();
  if (n && p[n - 1] == '\n') --n;
  if (n && p[n - 1] == '\r') --n;
  if (n < 3) return bad();
  if (p[0] < '2' || p[0] > '5' || p[1] < '0' || p[1] > '5' ||
      p[2] < '0' || p[2] > '9')
    return bad();
  code = (unsigned int)(p[0] - '0') * 100 + (unsigned int)(p[1] - '0') * 10 +
         (unsigned int)(p[2] - '0');
  if (n > 3 && p[3] != '-' && p[3] != ' ') return bad();
  if (r->lines && code != r->code) return bad();
  r->text.max = LIM_SMTP_REPLY;
  if (!sa_ready(&r->text, n + 1)) return -1;
  for (i = 0; i < n; ++i) {
    char c = p[i];
    if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) c = '?';
    r->text.s[r->text.len++] = c;
  }
  r->text.s[r->text.len++] = '\n';
  r->code = code;
  ++r->lines;
  if (n == 3 || p[3] == ' ') r->done = 1;
  return r->done;
}

/* keyword - the line's keyword is kw (then the end or a space) */
static int keyword(const char *p, size_t n, const char *kw, size_t *after)
{
  size_t k = 0;
  while (kw[k]) ++k;
  if (n < k || !case_equalb(p, kw, k)) return 0;
  if (n > k && p[k] != ' ') return 0;
  *after = k;
  return 1;
}

void smtpreply_ehlo(const struct smtpreply *r, struct smtpext *x)
{
  const char *p = r->text.s;
  size_t n = r->text.len;
  size_t pos = 0;
  size_t line = 0;

  x->size = 0;
  x->sizemax = 0;
  x->pipelining = 0;
  x->eightbitmime = 0;
  x->smtputf8 = 0;
  if (r->code / 100 != 2) return;
  while (pos < n) {
    size_t end = pos + byte_chr(p + pos, n - pos, '\n');
    size_t k;
    /* after "ddd-" or "ddd ": the first line is the greeting */
    if (line++ && end - pos > 4) {
      const char *kw = p + pos + 4;
      size_t len = end - pos - 4;
      if (keyword(kw, len, "PIPELINING", &k)) x->pipelining = 1;
      else if (keyword(kw, len, "8BITMIME", &k)) x->eightbitmime = 1;
      else if (keyword(kw, len, "SMTPUTF8", &k)) x->smtputf8 = 1;
      else if (keyword(kw, len, "SIZE", &k)) {
        size_t v;
        size_t s = k;
        size_t e;
        x->size = 1;
        while (s < len && kw[s] == ' ') ++s;
        e = s;
        while (e < len && kw[e] != ' ') ++e;
        if (e > s && scan_sizeb(kw + s, e - s, &v, (size_t)-1)) x->sizemax = v;
      }
    }
    pos = end + 1;
  }
}

void smtpreply_free(struct smtpreply *r)
{
  sa_free(&r->text);
}

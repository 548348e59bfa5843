/* pop3cmd.c - POP3 command lines, numeric arguments, message encoding
 *
 * What the header leaves open, decided here:
 * - The verb is at most four letters; "RETR1" is unknown, not RETR.
 * - A tab is not a separator (RFC 1939 3 speaks of a single space).
 * - Message numbers with leading zeros are accepted ("LIST 007"): the
 *   value, not the spelling, names the message. */
#include <string.h>
#include "pop3cmd.h"
#include "scan.h"
#include "str.h"

static const struct {
  const char *name;
  int verb;
} verbs[] = {
  { "user", POP3CMD_USER }, { "pass", POP3CMD_PASS },
  { "apop", POP3CMD_APOP }, { "quit", POP3CMD_QUIT },
  { "noop", POP3CMD_NOOP }, { "stat", POP3CMD_STAT },
  { "list", POP3CMD_LIST }, { "uidl", POP3CMD_UIDL },
  { "retr", POP3CMD_RETR }, { "top", POP3CMD_TOP },
  { "dele", POP3CMD_DELE }, { "rset", POP3CMD_RSET },
  { "last", POP3CMD_LAST },
  { 0, 0 }
};

int pop3cmd_parse(const char *line, size_t n, struct pop3cmd *c)
{
  size_t verblen;
  size_t i;

  if (n && line[n - 1] == '\n') {
    --n;
    if (n && line[n - 1] == '\r') --n;
  }
  c->verb = POP3CMD_UNKNOWN;
  c->hasarg = 0;
  c->arg = line + n;
  c->arglen = 0;
  if (n && memchr(line, 0, n)) return c->verb = POP3CMD_BAD;
  verblen = byte_chr(line, n, ' ');
  for (i = 0; verbs[i].name; ++i)
    if (verblen == strlen(verbs[i].name) &&
        case_equalb(line, verbs[i].name, verblen)) {
      c->verb = verbs[i].verb;
      break;
    }
  if (verblen < n) {
    c->hasarg = 1;
    c->arg = line + verblen + 1;
    c->arglen = n - verblen - 1;
  }
  return c->verb;
}

int pop3cmd_numbers(const char *arg, size_t n, int want, size_t *num,
                    size_t max)
{
  int k;

  for (k = 0; k < want; ++k) {
    size_t len = byte_chr(arg, n, ' ');
    if (!scan_sizeb(arg, len, &num[k], max)) return 0;
    if (k + 1 < want) {
      if (len == n) return 0;     /* a number is missing */
      ++len;
    } else if (len != n) {
      return 0;                   /* something follows */
    }
    arg += len;
    n -= len;
  }
  return want > 0;
}

int pop3cmd_apop(const char *arg, size_t n, size_t *namelen,
                 const char **digest, size_t *digestlen)
{
  size_t sp = byte_rchr(arg, n, ' ');

  if (sp == n || sp == 0 || sp + 1 == n) return 0;
  *namelen = sp;
  *digest = arg + sp + 1;
  *digestlen = n - sp - 1;
  return 1;
}

void pop3out_start(struct pop3out *o, size_t maxlines)
{
  o->maxlines = maxlines;
  o->inheader = 1;
  o->bol = 1;
  o->cr = 0;
  o->linelen = 0;
  o->done = 0;
}

/* startline - a line begins in the body: may it be sent? */
static int startline(struct pop3out *o)
{
  if (o->inheader || o->maxlines == POP3OUT_ALL) return 1;
  if (o->maxlines == 0) {
    o->done = 1;
    return 0;
  }
  --o->maxlines;
  return 1;
}

size_t pop3out_encode(struct pop3out *o, const char *in, size_t n,
                      size_t *used, char *out)
{
  size_t i;
  size_t w = 0;

  for (i = 0; i < n && !o->done; ++i) {
    char c = in[i];
    if (o->bol) {
      if (!startline(o)) break;
      o->bol = 0;
      if (c == '.') out[w++] = '.';
    }
    if (c == '\n') {
      if (!o->cr) out[w++] = '\r';
      out[w++] = '\n';
      if (o->inheader && (o->linelen == 0 || (o->linelen == 1 && o->cr)))
        o->inheader = 0;
      o->bol = 1;
      o->cr = 0;
      o->linelen = 0;
      continue;
    }
    out[w++] = c;
    o->cr = c == '\r';
    if (o->linelen < 2) ++o->linelen;   /* only 0, 1 and more matter */
  }
  *used = i;
  return w;
}

size_t pop3out_finish(struct pop3out *o, char *out)
{
  size_t w = 0;

  if (!o->bol) {
    out[w++] = '\r';
    out[w++] = '\n';
  }
  memcpy(out + w, "\r\n.\r\n", 5);
  o->bol = 1;
  o->done = 1;
  return w + 5;
}

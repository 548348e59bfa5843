/* smtpcmd.c - what an SMTP server reads: command lines, paths, text
 *
 * What the header leaves open, decided here:
 * - Trailing spaces after an argument are dropped (clients that send
 *   "RCPT TO:<a@b> " are common and harmless); tabs are not spaces.
 * - Bytes over 127 are allowed in local parts and domains, as qmail
 *   allowed them; whether they may stand (SMTPUTF8 given) and whether
 *   they are UTF-8 is for qmail-smtpd to decide (utf8.h).
 * - A '.' anywhere in a domain is accepted (example.com. too): the
 *   rcpthosts check, not the parser, decides what a domain may be.
 * - The message text decoder keeps the state of the line it is in and
 *   nothing else; a run of ordinary bytes is found with memchr and
 *   copied whole, so the cost per byte is that of two memchr scans. */
#include <stdint.h>
#include <string.h>
#include "smtpcmd.h"
#include "str.h"

static const struct {
  const char *name;
  int verb;
} verbs[] = {
  { "helo", SMTPCMD_HELO }, { "ehlo", SMTPCMD_EHLO },
  { "mail", SMTPCMD_MAIL }, { "rcpt", SMTPCMD_RCPT },
  { "data", SMTPCMD_DATA }, { "rset", SMTPCMD_RSET },
  { "noop", SMTPCMD_NOOP }, { "vrfy", SMTPCMD_VRFY },
  { "help", SMTPCMD_HELP }, { "quit", SMTPCMD_QUIT },
  { "auth", SMTPCMD_AUTH },
  { 0, 0 }
};

int smtpcmd_parse(const char *line, size_t n, struct smtpcmd *c)
{
  size_t verblen;
  size_t i;

  if (n && line[n - 1] == '\n') {
    --n;
    if (n && line[n - 1] == '\r') --n;
  }
  c->verb = SMTPCMD_UNKNOWN;
  c->arg = line + n;
  c->arglen = 0;
  if (n && memchr(line, 0, n)) return c->verb = SMTPCMD_BAD;
  verblen = byte_chr(line, n, ' ');
  for (i = 0; verbs[i].name; ++i)
    if (verblen == 4 && case_equalb(line, verbs[i].name, 4)) {
      c->verb = verbs[i].verb;
      break;
    }
  i = verblen;
  while (i < n && line[i] == ' ') ++i;
  while (n > i && line[n - 1] == ' ') --n;
  c->arg = line + i;
  c->arglen = n - i;
  return c->verb;
}

static int isctl(unsigned char c)
{
  return c < 32 || c == 127;
}

/* isspecial - bytes that may not stand unquoted in a local part */
static int isspecial(unsigned char c)
{
  return c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' ||
         c == '[' || c == ']' || c == ',' || c == ';' || c == ':';
}

static int isdomainbyte(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c >= 128;
}

/* put - append a decoded byte; past LIM_ADDR, note it and go on, so
 * that a syntax error later still counts as one */
static void put(struct smtppath *p, char c, int *toolong)
{
  if (p->len >= LIM_ADDR) {
    *toolong = 1;
    return;
  }
  p->addr[p->len++] = c;
}

/* literal - an address literal at a[*pos] ('['), through its ']' */
static int literal(const char *a, size_t n, size_t *pos,
                   struct smtppath *p, int *toolong)
{
  size_t i = *pos;

  put(p, '[', toolong);
  for (++i; i < n; ++i) {
    unsigned char c = (unsigned char)a[i];
    if (c == ']') {
      put(p, ']', toolong);
      *pos = i + 1;
      return SMTPPATH_OK;
    }
    if (c <= 32 || c >= 127 || c == '[' || c == '\\') break;
    put(p, (char)c, toolong);
  }
  return SMTPPATH_SYNTAX;
}

/* route - skip a source route "@a,@b:" at a[*pos] */
static int route(const char *a, size_t n, size_t *pos)
{
  size_t i = *pos;

  for (; i < n; ++i) {
    unsigned char c = (unsigned char)a[i];
    if (c == ':') {
      *pos = i + 1;
      return SMTPPATH_OK;
    }
    if (isctl(c) || c == ' ' || c == '<' || c == '>' || c == '"' ||
        c == '\\')
      break;
  }
  return SMTPPATH_SYNTAX;
}

/* localbyte - one byte of the local part at a[*pos]; -1 syntax error,
 * 1 it began the domain, 0 otherwise */
static int localbyte(const char *a, size_t n, size_t *pos, int *quoted,
                     struct smtppath *p, int *toolong)
{
  size_t i = *pos;
  unsigned char c = (unsigned char)a[i];

  if (c == '\\') {
    if (i + 1 == n || isctl((unsigned char)a[i + 1])) return -1;
    put(p, a[i + 1], toolong);
    *pos = i + 2;
    return 0;
  }
  *pos = i + 1;
  if (c == '"') {
    *quoted = !*quoted;
    return 0;
  }
  if (*quoted) {
    put(p, (char)c, toolong);
    return 0;
  }
  if (c == '@') {
    put(p, '@', toolong);
    return 1;
  }
  if (isspecial(c)) return -1;
  put(p, (char)c, toolong);
  return 0;
}

/* address - the path at a[*pos], bracketed or bare; *pos moves past it */
static int address(const char *a, size_t n, size_t *pos, struct smtppath *p)
{
  size_t i = *pos;
  size_t start;
  int bracket = 0;
  int routed = 0;
  int quoted = 0;
  int indomain = 0;
  size_t domstart = 0;
  int toolong = 0;

  if (i < n && a[i] == '<') {
    bracket = 1;
    ++i;
  }
  if (i < n && a[i] == '@') {
    if (route(a, n, &i) != SMTPPATH_OK) return SMTPPATH_SYNTAX;
    routed = 1;
  }
  start = i;
  for (;;) {
    unsigned char c;
    if (i == n) {
      if (bracket || quoted) return SMTPPATH_SYNTAX;
      break;
    }
    c = (unsigned char)a[i];
    if (isctl(c)) return SMTPPATH_SYNTAX;
    if (!quoted && bracket && c == '>') {
      ++i;
      break;
    }
    if (!quoted && !bracket && c == ' ') break;
    if (!indomain) {
      int r = localbyte(a, n, &i, &quoted, p, &toolong);
      if (r == -1) return SMTPPATH_SYNTAX;
      if (r == 1) {
        indomain = 1;
        domstart = i;
      }
      continue;
    }
    if (c == '[' && i == domstart) {
      if (literal(a, n, &i, p, &toolong) != SMTPPATH_OK)
        return SMTPPATH_SYNTAX;
      if (i < n && a[i] != '>' && a[i] != ' ') return SMTPPATH_SYNTAX;
      continue;
    }
    if (!isdomainbyte(c)) return SMTPPATH_SYNTAX;
    put(p, (char)c, &toolong);
    ++i;
  }
  /* only <> may be empty: not a bare path, not a route to nothing */
  if (i - start == (size_t)bracket && (!bracket || routed))
    return SMTPPATH_SYNTAX;
  if (indomain && p->len >= 1 && p->addr[p->len - 1] == '@' && !toolong)
    return SMTPPATH_SYNTAX;
  *pos = i;
  return toolong ? SMTPPATH_TOOLONG : SMTPPATH_OK;
}

/* sizevalue - SIZE's digits, saturated at SIZE_MAX; 0 if not digits */
static int sizevalue(const char *v, size_t n, size_t *size)
{
  size_t i;
  size_t s = 0;

  if (n == 0) return 0;
  for (i = 0; i < n; ++i) {
    unsigned d = (unsigned char)v[i] - '0';
    if (d > 9) return 0;
    if (s > (SIZE_MAX - d) / 10) s = SIZE_MAX;
    else s = s * 10 + d;
  }
  *size = s;
  return 1;
}

/* param - one keyword[=value] p[0..n): 1 understood, 0 not */
static int param(const char *q, size_t n, int verb, struct smtppath *p)
{
  size_t eq = byte_chr(q, n, '=');
  const char *v = q + eq + 1;
  size_t vlen = eq < n ? n - eq - 1 : 0;
  size_t i;

  if (eq == 0) return 0;
  for (i = 0; i < eq; ++i) {
    unsigned char c = (unsigned char)q[i];
    int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || c != '-')) return 0;
  }
  for (i = 0; i < vlen; ++i)
    if ((unsigned char)v[i] < 33 || (unsigned char)v[i] > 126 || v[i] == '=')
      return 0;
  if (verb != SMTPCMD_MAIL) return 0;
  if (eq == 4 && case_equalb(q, "size", 4)) {
    if (p->hassize || !sizevalue(v, vlen, &p->size)) return 0;
    p->hassize = 1;
    return 1;
  }
  if (eq == 4 && case_equalb(q, "body", 4)) {
    if (p->body != SMTPPATH_BODY_NONE) return 0;
    if (vlen == 4 && case_equalb(v, "7bit", 4))
      p->body = SMTPPATH_BODY_7BIT;
    else if (vlen == 8 && case_equalb(v, "8bitmime", 8))
      p->body = SMTPPATH_BODY_8BITMIME;
    else
      return 0;
    return 1;
  }
  if (eq == 8 && case_equalb(q, "smtputf8", 8)) {
    /* RFC 6531 3.4: a keyword without a value */
    if (p->smtputf8 || eq < n) return 0;
    p->smtputf8 = 1;
    return 1;
  }
  if (eq == 4 && case_equalb(q, "auth", 4)) {
    /* RFC 4954 5: an xtext mailbox or <>, read and not used */
    if (p->hasauth || vlen == 0) return 0;
    p->hasauth = 1;
    return 1;
  }
  return 0;
}

int smtpcmd_path(const char *arg, size_t n, int verb, struct smtppath *p)
{
  const char *kw = verb == SMTPCMD_MAIL ? "from:" : "to:";
  size_t i = strlen(kw);
  int r;

  p->len = 0;
  p->addr[0] = 0;
  p->hassize = 0;
  p->size = 0;
  p->body = SMTPPATH_BODY_NONE;
  p->smtputf8 = 0;
  p->hasauth = 0;
  p->bad = 0;
  p->badlen = 0;
  if ((verb != SMTPCMD_MAIL && verb != SMTPCMD_RCPT) ||
      !case_startb(arg, n, kw))
    return SMTPPATH_SYNTAX;
  while (i < n && arg[i] == ' ') ++i;
  r = address(arg, n, &i, p);
  p->addr[p->len] = 0;
  if (r == SMTPPATH_SYNTAX) return r;
  while (i < n) {
    size_t start;
    if (arg[i] != ' ') return SMTPPATH_SYNTAX;
    while (i < n && arg[i] == ' ') ++i;
    start = i;
    while (i < n && arg[i] != ' ') ++i;
    if (i > start && !param(arg + start, i - start, verb, p)) {
      p->bad = arg + start;
      p->badlen = i - start;
      return SMTPPATH_PARAM;
    }
  }
  return r;
}

/* the decoder's states: where in a line the next byte falls */
#define ST_BOL 0      /* a line that began after CR LF (or the text) */
#define ST_TEXT 1     /* inside a line, or one begun after a bare end */
#define ST_CR 2       /* a CR is pending */
#define ST_DOT 3      /* ST_BOL, then a dot is pending */
#define ST_DOTCR 4    /* ST_BOL, then a dot and a CR are pending */

void smtpdata_start(struct smtpdata *d, int mode)
{
  d->mode = mode;
  d->state = ST_BOL;
  d->done = 0;
  d->bare = 0;
  d->bytes = 0;
  d->hops = 0;
  d->inheader = 1;
  d->linepos = 0;
}

/* headerline - a header line has ended: count it if it is a hop */
static void headerline(struct smtpdata *d)
{
  size_t n = d->linepos;
  const char *s = d->name;

  if (n > 8 && case_equalb(s, "received", 8) &&
      (s[8] == ':' || s[8] == ' ' || s[8] == '\t'))
    ++d->hops;
  else if (n > 12 && case_equalb(s, "delivered-to", 12) &&
           (s[12] == ':' || s[12] == ' ' || s[12] == '\t'))
    ++d->hops;
}

/* header - follow the header in the bytes just written */
static void header(struct smtpdata *d, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n && d->inheader; ++i) {
    if (p[i] == '\n') {
      if (d->linepos == 0) d->inheader = 0;
      else headerline(d);
      d->linepos = 0;
      continue;
    }
    if (d->linepos < sizeof d->name) d->name[d->linepos] = p[i];
    if (d->linepos < SIZE_MAX) ++d->linepos;
  }
}

/* text - the bytes of in[i..n) up to the next CR or LF; their length */
static size_t text(const char *in, size_t i, size_t n)
{
  const char *lf = memchr(in + i, '\n', n - i);
  size_t end = lf ? (size_t)(lf - in) : n;
  const char *cr = memchr(in + i, '\r', end - i);
  return (cr ? (size_t)(cr - in) : end) - i;
}

/* bare - a bare CR or LF (c) where a line end could stand; in strict
 * mode decoding stops, in normalise mode the line ends (stored as LF)
 * and the next line is plain text; 1 if decoding goes on */
static int bare(struct smtpdata *d, char c, char *out, size_t *o)
{
  if (d->mode == SMTPDATA_STRICT) {
    d->bare = c;
    return 0;
  }
  out[(*o)++] = '\n';
  return 1;
}

/* step - one byte c in state *st (not ST_TEXT's runs); 1 if c was
 * consumed, 0 if it must be looked at again in the new state */
static int step(struct smtpdata *d, int *st, char c, char *out, size_t *o)
{
  switch (*st) {
  case ST_DOTCR:
    if (c == '\n') {                    /* CR LF . CR LF: the end */
      d->done = 1;
      return 1;
    }
    /* "." then a bare CR: a line that is a dot alone, ended badly */
    out[(*o)++] = '.';
    *st = ST_TEXT;
    if (!bare(d, '\r', out, o)) --*o;
    return 0;
  case ST_CR:
    if (c == '\n') {
      out[(*o)++] = '\n';
      *st = ST_BOL;
      return 1;
    }
    *st = ST_TEXT;                      /* the CR was bare */
    bare(d, '\r', out, o);
    return 0;
  case ST_DOT:
    if (c == '\r') {
      *st = ST_DOTCR;
      return 1;
    }
    if (c == '\n') {                    /* "." then a bare LF */
      out[(*o)++] = '.';
      if (!bare(d, '\n', out, o)) {
        --*o;
        return 0;
      }
      *st = ST_TEXT;
      return 1;
    }
    *st = ST_TEXT;                      /* the dot goes: unstuffing */
    return 0;
  default:                              /* ST_BOL, ST_TEXT */
    if (*st == ST_BOL && c == '.') {
      *st = ST_DOT;
      return 1;
    }
    if (c == '\r') {
      *st = ST_CR;
      return 1;
    }
    *st = ST_TEXT;
    if (c == '\n') return bare(d, '\n', out, o);
    return 0;
  }
}

size_t smtpdata_decode(struct smtpdata *d, const char *in, size_t n,
                       size_t *used, char *out)
{
  size_t i = 0;
  size_t o = 0;
  int st = d->state;

  while (i < n && !d->done && !d->bare) {
    if (st == ST_TEXT) {
      size_t run = text(in, i, n);
      memcpy(out + o, in + i, run);
      o += run;
      i += run;
      if (i == n) break;
    }
    if (step(d, &st, in[i], out, &o)) ++i;
  }
  d->state = st;
  *used = i;
  if (d->inheader) header(d, out, o);
  d->bytes = d->bytes > SIZE_MAX - o ? SIZE_MAX : d->bytes + o;
  return o;
}

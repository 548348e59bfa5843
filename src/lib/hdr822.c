/* hdr822.c - RFC 5322 header fields and address lists (see hdr822.h)
 *
 * SECURITY: everything here reads bytes a user or a peer wrote.  Every
 * loop is bounded by the input length, nesting is counted, never
 * recursed, and arrays grow with checked sizes.  Nothing is kept past
 * the input: tokens are offsets into the caller's text. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hdr822.h"
#include "str.h"
#include "sz.h"

int hdr822_name(const char *p, size_t n, size_t *namelen, size_t *colon)
{
  size_t i;
  size_t end;
  size_t c;

  for (c = 0; c < n && p[c] != ':'; ++c)
    ;
  if (c == n) return 0;
  end = c;
  while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t')) --end;
  if (end == 0) return 0;
  for (i = 0; i < end; ++i) {
    unsigned char b = (unsigned char)p[i];
    if (b <= 32 || b >= 127) return 0;
  }
  *namelen = end;
  *colon = c;
  return 1;
}

int hdr822_is(const char *p, size_t n, const char *name)
{
  size_t namelen;
  size_t colon;

  if (!hdr822_name(p, n, &namelen, &colon)) return 0;
  return namelen == strlen(name) && case_equalb(p, name, namelen);
}

/* appendline - append one line of b to f, its newline included (one is
 * added to a last line without it): 1, 0 at end of input with nothing
 * read, -1 with errno (E2BIG if f would pass max bytes) */
static int appendline(struct buf *b, struct sa *f, size_t max)
{
  size_t start = f->len;

  for (;;) {
    ssize_t r = buf_feed(b);
    const char *p;
    size_t take;
    int found;

    if (r < 0) return -1;
    if (f->len > max) {
      errno = E2BIG;
      return -1;
    }
    if (r == 0) {
      if (f->len == start) return 0;
      if (f->len == max) {
        errno = E2BIG;
        return -1;
      }
      return sa_append(f, '\n') ? 1 : -1;
    }
    p = buf_peek(b);
    take = byte_chr(p, (size_t)r, '\n');
    found = take < (size_t)r;
    if (found) ++take;
    if (take > max - f->len) {
      errno = E2BIG;
      return -1;
    }
    if (!sa_catb(f, p, take)) return -1;
    buf_skip(b, take);
    if (found) return 1;
  }
}

int hdr822_getcont(struct buf *b, struct sa *f, size_t max)
{
  for (;;) {
    ssize_t r = buf_feed(b);
    char c;
    if (r < 0) return -1;
    if (r == 0) return 1;
    c = *buf_peek(b);
    if (c != ' ' && c != '\t') return 1;
    if (appendline(b, f, max) == -1) return -1;
  }
}

int hdr822_getfield(struct buf *b, struct sa *f, size_t max)
{
  size_t namelen;
  size_t colon;
  int r;

  f->len = 0;
  r = appendline(b, f, max);
  if (r == -1) return -1;
  if (r == 0) return HDR822_END;
  if (f->len == 1 || (f->len == 2 && f->s[0] == '\r')) return HDR822_END;
  if (!hdr822_name(f->s, f->len, &namelen, &colon)) return HDR822_OTHER;
  if (hdr822_getcont(b, f, max) == -1) return -1;
  return HDR822_FIELD;
}

/* grow - room for one more element in an array of size bytes each */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
  size_t want;
  size_t bytes;
  void *p;

  if (n < *cap) return 1;
  if (!sz_mul(&want, *cap ? *cap : 8, 2) || !sz_mul(&bytes, want, size)) {
    errno = ENOMEM;
    return 0;
  }
  p = realloc(*v, bytes);
  if (!p) {
    errno = ENOMEM;
    return 0;
  }
  *v = p;
  *cap = want;
  return 1;
}

static int pushtok(struct hdr822_toks *ts, int type, size_t pos, size_t len)
{
  void *v = ts->t;
  if (!grow(&v, &ts->cap, ts->n, sizeof *ts->t)) return 0;
  ts->t = v;
  ts->t[ts->n].type = type;
  ts->t[ts->n].pos = pos;
  ts->t[ts->n].len = len;
  ++ts->n;
  return 1;
}

/* ends an atom; ')' ']' and '\\' do not (qmail's rule) */
static int atomstop(char c)
{
  switch (c) {
  case ' ': case '\t': case '\r': case '\n':
  case '(': case '[': case '"': case '<': case '>':
  case ';': case ':': case '@': case ',': case '.':
    return 1;
  }
  return 0;
}

/* closed - length of the comment, quoted string or literal at p[0],
 * whose closing byte is close (comments nest): 0 if never closed */
static size_t closed(const char *p, size_t n, char close)
{
  size_t depth = 1;
  size_t j;

  for (j = 1; j < n; ++j) {
    if (p[j] == '\\') {
      if (++j == n) return 0;
      continue;
    }
    if (close == ')' && p[j] == '(') ++depth;
    else if (p[j] == close && --depth == 0) return j + 1;
  }
  return 0;
}

static int single(char c)
{
  switch (c) {
  case '.': return HDR822_DOT;
  case ',': return HDR822_COMMA;
  case '@': return HDR822_AT;
  case '<': return HDR822_LEFT;
  case '>': return HDR822_RIGHT;
  case ':': return HDR822_COLON;
  case ';': return HDR822_SEMI;
  }
  return 0;
}

int hdr822_tokenize(const char *p, size_t n, size_t base,
                    struct hdr822_toks *ts)
{
  size_t i = 0;

  ts->n = 0;
  /* a NUL would cut an envelope address short (every address there
   * ends in one), so none may come out of here */
  if (n && memchr(p, 0, n)) {
    errno = EINVAL;
    return 0;
  }
  while (i < n) {
    char c = p[i];
    int type = single(c);
    size_t len = 1;

    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == ')' || c == ']') {
      errno = EINVAL;
      return 0;
    }
    if (c == '(' || c == '"' || c == '[') {
      type = c == '(' ? HDR822_COMMENT : c == '"' ? HDR822_QUOTE
                                                  : HDR822_LITERAL;
      len = closed(p + i, n - i, c == '(' ? ')' : c == '"' ? '"' : ']');
      if (!len) {
        errno = EINVAL;
        return 0;
      }
    } else if (!type) {
      type = HDR822_ATOM;
      for (len = 0; i + len < n; ++len) {
        if (p[i + len] == '\\') {
          /* a lone backslash at the end would escape what a
           * rewriter appends: refuse it */
          if (i + len + 1 == n) {
            errno = EINVAL;
            return 0;
          }
          ++len;
        } else if (len && atomstop(p[i + len])) {
          break;
        }
      }
    }
    if (!pushtok(ts, type, base + i, len)) return -1;
    i += len;
  }
  return 1;
}

/* the address being gathered, right to left */
struct pending {
  int active;
  size_t first;
  size_t end;
};

static int emit(struct hdr822_alist *al, size_t first, size_t end,
                int angle, int comma)
{
  void *v = al->a;
  if (!grow(&v, &al->cap, al->n, sizeof *al->a)) return 0;
  al->a = v;
  al->a[al->n].first = first;
  al->a[al->n].end = end;
  al->a[al->n].angle = angle;
  al->a[al->n].comma_before = comma;
  ++al->n;
  return 1;
}

static int flush(struct hdr822_alist *al, struct pending *pd, int comma)
{
  if (!pd->active) return 1;
  pd->active = 0;
  return emit(al, pd->first, pd->end, 0, comma);
}

static void extend(struct pending *pd, size_t i)
{
  if (!pd->active) {
    pd->active = 1;
    pd->end = i + 1;
  }
  pd->first = i;
}

static void reverse(struct hdr822_alist *al)
{
  size_t i;
  for (i = 0; i < al->n / 2; ++i) {
    struct hdr822_addr x = al->a[i];
    al->a[i] = al->a[al->n - 1 - i];
    al->a[al->n - 1 - i] = x;
  }
}

static int syntax(void)
{
  errno = EINVAL;
  return 0;
}

/* angle - the '>' at index i: emit what lies between it and its '<',
 * then pass over the phrase before; *at gets the index to go on from */
static int angle(const struct hdr822_toks *ts, struct hdr822_alist *al,
                 size_t i, size_t *at)
{
  size_t j = i;
  int t;

  while (j > 0 && ts->t[j - 1].type != HDR822_LEFT) --j;
  if (j == 0) return syntax();
  if (!emit(al, j, i, 1, 0)) return -1;
  --j;                                  /* the '<' */
  while (j > 0) {
    t = ts->t[j - 1].type;
    /* qmail stops at a literal; quire takes it as phrase as well, so
     * that "[x] <a>" does not become an address "[x]" */
    if (t != HDR822_COMMENT && t != HDR822_ATOM && t != HDR822_QUOTE &&
        t != HDR822_AT && t != HDR822_DOT && t != HDR822_LITERAL)
      break;
    --j;
  }
  *at = j;
  return 1;
}

int hdr822_addrlist(const struct hdr822_toks *ts, struct hdr822_alist *al)
{
  struct pending pd = { 0, 0, 0 };
  int ingroup = 0;
  int wordok = 1;
  size_t i = ts->n;

  al->n = 0;
  /* qmail's rule: address lists are read from the right, where a '>'
   * or ';' says what the tokens before it are */
  while (i > 0) {
    size_t k = i - 1;
    int r;
    switch (ts->t[k].type) {
    case HDR822_SEMI:
      if (!flush(al, &pd, 1)) return -1;
      if (ingroup) return syntax();
      ingroup = 1;
      wordok = 1;
      i = k;
      break;
    case HDR822_COLON:
      if (!flush(al, &pd, 0)) return -1;
      if (!ingroup) return syntax();
      ingroup = 0;
      wordok = 1;
      /* the group's name, and the comma before it, are no address */
      i = k;
      while (i > 0 && ts->t[i - 1].type != HDR822_COMMA) --i;
      if (i > 0) --i;
      break;
    case HDR822_RIGHT:
      if (!flush(al, &pd, 1)) return -1;
      r = angle(ts, al, k, &i);
      if (r != 1) return r;
      wordok = 0;
      break;
    case HDR822_ATOM:
    case HDR822_QUOTE:
    case HDR822_LITERAL:
      if (!wordok && !flush(al, &pd, 1)) return -1;
      wordok = 0;
      extend(&pd, k);
      i = k;
      break;
    case HDR822_COMMENT:       /* white space, as far as words go */
      i = k;
      break;
    case HDR822_COMMA:
      if (!flush(al, &pd, 0)) return -1;
      wordok = 1;
      i = k;
      break;
    case HDR822_LEFT:          /* without its '>' */
      return syntax();
    default:                   /* . @ */
      wordok = 1;
      extend(&pd, k);
      i = k;
      break;
    }
  }
  if (!flush(al, &pd, 0)) return -1;
  reverse(al);
  return 1;
}

/* catraw - append p[0..n) with quoted pairs undone, CR and LF dropped */
static int catraw(struct sa *out, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < n) c = p[++i];
    if (c == '\r' || c == '\n') continue;
    if (!sa_append(out, c)) return 0;
  }
  return 1;
}

int hdr822_value(const char *text, const struct hdr822_tok *t, size_t n,
                 struct sa *out)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    const char *p = text + t[i].pos;
    size_t len = t[i].len;
    switch (t[i].type) {
    case HDR822_COMMENT:
      break;
    case HDR822_ATOM:
      if (!catraw(out, p, len)) return 0;
      break;
    case HDR822_QUOTE:
      if (!catraw(out, p + 1, len - 2)) return 0;
      break;
    case HDR822_LITERAL:
      if (!sa_append(out, '[') || !catraw(out, p + 1, len - 2) ||
          !sa_append(out, ']'))
        return 0;
      break;
    default:
      if (!sa_append(out, p[0])) return 0;
      break;
    }
  }
  return 1;
}

/* atext - may stand unquoted in a dot-atom (8-bit bytes may: RFC 6532) */
static int atext(unsigned char c)
{
  if (c <= 32 || c == 127) return 0;
  return !strchr("()<>@,;:\\\".[]", c);
}

static int dotatom(const char *p, size_t n)
{
  size_t i;

  if (n == 0 || p[0] == '.' || p[n - 1] == '.') return 0;
  for (i = 0; i < n; ++i) {
    if (p[i] == '.') {
      if (p[i - 1] == '.') return 0;
    } else if (!atext((unsigned char)p[i])) {
      return 0;
    }
  }
  return 1;
}

int hdr822_quotelocal(struct sa *out, const char *p, size_t n)
{
  size_t i;

  if (dotatom(p, n)) return sa_catb(out, p, n);
  if (!sa_append(out, '"')) return 0;
  for (i = 0; i < n; ++i) {
    char c = p[i];
    /* SECURITY: a line break here would end the header field */
    if (c == '\r' || c == '\n') continue;
    if ((c == '"' || c == '\\') && !sa_append(out, '\\')) return 0;
    if (!sa_append(out, c)) return 0;
  }
  return sa_append(out, '"');
}

int hdr822_quote(struct sa *out, const char *addr, size_t n)
{
  size_t at = byte_rchr(addr, n, '@');
  size_t i;

  if (n == 0) return 1;
  if (!hdr822_quotelocal(out, addr, at)) return 0;
  for (i = at; i < n; ++i)
    if (addr[i] != '\r' && addr[i] != '\n' && !sa_append(out, addr[i]))
      return 0;
  return 1;
}

static const char *nz(const char *s)
{
  return s ? s : "";
}

/* pushedit - an edit at pos: remove del bytes, then insert what
 * q->insert holds from start on */
static int pushedit(struct hdr822_qual *q, size_t pos, size_t del,
                    size_t start)
{
  void *v = q->ed;
  struct hdr822_edit *e;

  if (!grow(&v, &q->edcap, q->ned, sizeof *q->ed)) return 0;
  q->ed = v;
  e = q->ed + q->ned++;
  e->pos = pos;
  e->del = del;
  e->ins = start;
  e->inslen = q->insert.len - start;
  return 1;
}

/* sortedits - order the few edits of one address, from first on, by
 * position; an insertion goes before a removal at the same place */
static void sortedits(struct hdr822_qual *q, size_t first)
{
  size_t i;
  size_t j;

  for (i = first + 1; i < q->ned; ++i) {
    struct hdr822_edit e = q->ed[i];
    for (j = i; j > first; --j) {
      const struct hdr822_edit *d = q->ed + j - 1;
      if (d->pos < e.pos || (d->pos == e.pos && d->del <= e.del)) break;
      q->ed[j] = *d;
    }
    q->ed[j] = e;
  }
}

/* cathost - append host h with the plus and dot rules applied */
static int cathost(const struct hdr822_qual *q, struct sa *out,
                   const char *h)
{
  size_t n = strlen(h);

  if (n && h[n - 1] == '+')
    return sa_catb(out, h, n - 1) && sa_append(out, '.') &&
           sa_cats(out, nz(q->plusdomain));
  if (!sa_catb(out, h, n)) return 0;
  if (memchr(h, '.', n) || memchr(h, '[', n)) return 1;
  return sa_append(out, '.') && sa_cats(out, nz(q->defaultdomain));
}

/* escapedlast - the last byte of atom p[0..n) follows a backslash */
static int escapedlast(const char *p, size_t n)
{
  size_t i = 0;

  while (i < n) {
    if (p[i] == '\\' && i + 1 < n) {
      if (i + 2 == n) return 1;
      i += 2;
    } else {
      ++i;
    }
  }
  return 0;
}

static int pushidx(struct hdr822_qual *q, size_t k)
{
  void *v = q->idx;
  if (!grow(&v, &q->idxcap, q->nidx, sizeof *q->idx)) return 0;
  q->idx = v;
  q->idx[q->nidx++] = k;
  return 1;
}

/* needsdomain - no dot or literal after the last '@' of L[lo..hi) */
static int needsdomain(const struct hdr822_tok *t, const size_t *l,
                       size_t lo, size_t hi)
{
  while (hi > lo) {
    int type = t[l[--hi]].type;
    if (type == HDR822_DOT || type == HDR822_LITERAL) return 0;
    if (type == HDR822_AT) return 1;
  }
  return 1;
}

/* qualify - rewrite the address in tokens first..end of q->ts (text f):
 * edits go to q->ed, the address to value */
static int qualify(struct hdr822_qual *q, const char *f, size_t first,
                   size_t end, struct sa *value)
{
  const struct hdr822_tok *t = q->ts.t;
  const size_t *l;
  size_t lo = 0;
  size_t hi;
  size_t k;
  size_t start;
  size_t cut;
  const struct hdr822_tok *last;
  int hasat = 0;

  q->nidx = 0;
  for (k = first; k < end; ++k)
    if (t[k].type != HDR822_COMMENT && !pushidx(q, k)) return 0;
  l = q->idx;
  hi = q->nidx;
  if (hi == 0) return 1;                          /* <> stays */
  if (hi >= 2 && t[l[hi - 1]].type == HDR822_LITERAL &&
      t[l[hi - 1]].len == 2 && t[l[hi - 2]].type == HDR822_AT)
    return hdr822_value(f, t + l[0], l[hi - 1] - l[0] + 1, value);
  /* source routes "@a,@b:" go; qmail removes one, quire all, so that
   * a second pass finds nothing to do */
  while (lo < hi && t[l[lo]].type == HDR822_AT) {
    for (k = lo; k < hi - 1 && t[l[k]].type != HDR822_COLON; ++k)
      ;
    start = q->insert.len;
    if (!pushedit(q, t[l[lo]].pos, t[l[k]].pos + t[l[k]].len - t[l[lo]].pos,
                  start))
      return 0;
    lo = k + 1;
  }
  while (lo < hi && (t[l[hi - 1]].type == HDR822_DOT ||
                     t[l[hi - 1]].type == HDR822_AT)) {
    --hi;
    if (!pushedit(q, t[l[hi]].pos, t[l[hi]].len, q->insert.len)) return 0;
  }
  if (lo == hi) return 1;
  if (!hdr822_value(f, t + l[lo], l[hi - 1] - l[lo] + 1, value)) return 0;
  for (k = lo; k < hi; ++k)
    if (t[l[k]].type == HDR822_AT) hasat = 1;
  last = t + l[hi - 1];
  cut = last->pos + last->len;
  start = q->insert.len;
  if (!hasat) {
    if (!sa_append(&q->insert, '@') ||
        !cathost(q, &q->insert, nz(q->defaulthost)))
      return 0;
  } else if (last->type == HDR822_ATOM && f[cut - 1] == '+' &&
             !escapedlast(f + last->pos, last->len)) {
    if (!pushedit(q, cut - 1, 1, start)) return 0;
    --value->len;                                 /* its '+' */
    if (!sa_append(&q->insert, '.') ||
        !sa_cats(&q->insert, nz(q->plusdomain)))
      return 0;
  } else if (needsdomain(t, l, lo, hi)) {
    if (!sa_append(&q->insert, '.') ||
        !sa_cats(&q->insert, nz(q->defaultdomain)))
      return 0;
  }
  if (q->insert.len == start) return 1;
  if (!pushedit(q, cut, 0, start)) return 0;
  return sa_catb(value, q->insert.s + start, q->insert.len - start);
}

/* apply - out gets f[0..n) with the edits made: 1, or 0 */
static int apply(const struct hdr822_qual *q, const char *f, size_t n,
                 struct sa *out)
{
  size_t cursor = 0;
  size_t i;

  out->len = 0;
  for (i = 0; i < q->ned; ++i) {
    const struct hdr822_edit *e = q->ed + i;
    if (e->pos < cursor || e->pos > n || e->del > n - e->pos) {
      errno = EINVAL;            /* overlapping edits: a bug */
      return 0;
    }
    if (!sa_catb(out, f + cursor, e->pos - cursor) ||
        !sa_catb(out, q->insert.s + e->ins, e->inslen))
      return 0;
    cursor = e->pos + e->del;
  }
  return sa_catb(out, f + cursor, n - cursor);
}

static int verbatim(const char *f, size_t n, struct sa *out, int r)
{
  int saved = errno;
  if (!sa_copyb(out, f, n)) return -1;
  errno = saved;
  return r;
}

int hdr822_qualify(struct hdr822_qual *q, const char *f, size_t n,
                   size_t body, struct sa *out, struct sa *addrs)
{
  size_t mark = addrs ? addrs->len : 0;
  size_t i;
  int r;

  if (body > n) body = n;
  r = hdr822_tokenize(f + body, n - body, body, &q->ts);
  if (r == 1) r = hdr822_addrlist(&q->ts, &q->al);
  if (r != 1) return r == 0 ? verbatim(f, n, out, 0) : -1;
  q->ned = 0;
  q->insert.len = 0;
  /* all that is inserted ends up in out: its cap bounds this too */
  q->insert.max = sa_limit(out);
  for (i = 0; i < q->al.n; ++i) {
    const struct hdr822_addr *a = q->al.a + i;
    size_t edfirst;
    if (a->comma_before) {
      const struct hdr822_tok *before = q->ts.t + a->first - 1;
      size_t start = q->insert.len;
      if (!sa_append(&q->insert, ',') ||
          !pushedit(q, before->pos + before->len, 0, start))
        goto fail;
    }
    edfirst = q->ned;
    q->value.len = 0;
    if (!qualify(q, f, a->first, a->end, addrs ? addrs : &q->value))
      goto fail;
    if (addrs && !sa_append(addrs, 0)) goto fail;
    sortedits(q, edfirst);
  }
  if (apply(q, f, n, out)) return 1;
  if (errno == EINVAL) {
    if (addrs) addrs->len = mark;
    return verbatim(f, n, out, 0);
  }
fail:
  if (addrs) addrs->len = mark;
  return -1;
}

int hdr822_qualify1(struct hdr822_qual *q, const char *a, size_t n,
                    struct sa *out)
{
  size_t at = byte_rchr(a, n, '@');
  int r;

  out->len = 0;
  if (n == 0) return 1;               /* the null address stays null */
  /* the text lives in q->value while its tokens are in use */
  q->value.len = 0;
  if (!hdr822_quotelocal(&q->value, a, at) ||
      !sa_catb(&q->value, a + at, n - at))
    return -1;
  r = hdr822_tokenize(q->value.s, q->value.len, 0, &q->ts);
  if (r != 1) return r;
  q->ned = 0;
  q->insert.len = 0;
  q->insert.max = sa_limit(out);
  return qualify(q, q->value.s, 0, q->ts.n, out) ? 1 : -1;
}

void hdr822_qual_free(struct hdr822_qual *q)
{
  hdr822_toks_free(&q->ts);
  hdr822_alist_free(&q->al);
  free(q->ed);
  q->ed = 0;
  q->ned = 0;
  q->edcap = 0;
  free(q->idx);
  q->idx = 0;
  q->nidx = 0;
  q->idxcap = 0;
  sa_free(&q->insert);
  sa_free(&q->value);
}

void hdr822_toks_free(struct hdr822_toks *ts)
{
  free(ts->t);
  ts->t = 0;
  ts->n = 0;
  ts->cap = 0;
}

void hdr822_alist_free(struct hdr822_alist *al)
{
  free(al->a);
  al->a = 0;
  al->n = 0;
  al->cap = 0;
}

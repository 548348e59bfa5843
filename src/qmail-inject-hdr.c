/* qmail-inject-hdr.c - qmail-inject's header rewriting (qmail-header(5))
 *
 * Which fields hold addresses, which go, which are added, and where
 * the envelope comes from.  The parsing itself is hdr822's.  State is
 * the caller's struct inject; the two scratch strings below only carry
 * one field at a time. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "date822.h"
#include "hdr822.h"
#include "qmail-inject.h"
#include "str.h"
#include "utc.h"

static struct sa rewritten = SA_ZERO;   /* one field, rewritten */
static struct sa found = SA_ZERO;       /* its addresses */

static const struct {
  const char *name;
  int type;
} fieldnames[] = {
  { "sender", HF_SENDER },
  { "from", HF_FROM },
  { "reply-to", HF_REPLYTO },
  { "to", HF_TO },
  { "cc", HF_CC },
  { "bcc", HF_BCC },
  { "date", HF_DATE },
  { "message-id", HF_MESSAGEID },
  { "resent-sender", HF_R_SENDER },
  { "resent-from", HF_R_FROM },
  { "resent-reply-to", HF_R_REPLYTO },
  { "resent-to", HF_R_TO },
  { "resent-cc", HF_R_CC },
  { "resent-bcc", HF_R_BCC },
  { "resent-date", HF_R_DATE },
  { "resent-message-id", HF_R_MESSAGEID },
  { "return-receipt-to", HF_RETURNRECEIPTTO },
  { "errors-to", HF_ERRORSTO },
  { "apparently-to", HF_APPARENTLYTO },
  { "return-path", HF_RETURNPATH },
  { "content-length", HF_CONTENTLENGTH },
  { "mail-followup-to", HF_MAILFOLLOWUPTO },
  { 0, 0 }
};

int inject_htype(const char *f, size_t n)
{
  size_t i;
  for (i = 0; fieldnames[i].name; ++i)
    if (hdr822_is(f, n, fieldnames[i].name)) return fieldnames[i].type;
  return HF_OTHER;
}

void inject_init(struct inject *x)
{
  static const struct hdr822_qual qzero = HDR822_QUAL_ZERO;
  static const struct sa sazero = SA_ZERO;
  size_t listmax = (size_t)LIM_INJECT_RCPTS * (LIM_ADDR + 1);
  size_t i;

  x->q = qzero;
  x->q.defaulthost = "defaulthost";
  x->q.defaultdomain = "defaultdomain";
  x->q.plusdomain = "plusdomain";
  x->idhost = "idhost";
  x->mailuser = "anonymous";
  x->mailhost = 0;
  x->mailruser = "anonymous";
  x->mailrhost = 0;
  x->fullname = 0;
  x->namecomment = x->killreturnpath = x->killfrom = x->killmsgid = 0;
  x->verprecip = x->verpmess = 0;
  x->headerrcpts = 1;
  x->mft = 0;
  x->now = 0;
  x->pid = 0;
  x->saved = sazero;
  x->saved.max = LIM_HEADER_TOTAL;
  x->sender = sazero;
  x->hassender = 0;
  x->resent = 0;
  for (i = 0; i < HF_NUM; ++i) x->seen[i] = 0;
  x->args.s = x->hr.s = x->hrr.s = x->tocc.s = sazero;
  x->args.n = x->hr.n = x->hrr.n = x->tocc.n = 0;
  x->args.s.max = x->hr.s.max = x->hrr.s.max = x->tocc.s.max = listmax;
  x->why = 0;
  x->bad = 0;
  x->badlen = 0;
}

void inject_free(struct inject *x)
{
  hdr822_qual_free(&x->q);
  sa_free(&x->saved);
  sa_free(&x->sender);
  sa_free(&x->args.s);
  sa_free(&x->hr.s);
  sa_free(&x->hrr.s);
  sa_free(&x->tocc.s);
}

static int fail(struct inject *x, const char *why, const char *bad,
                size_t badlen)
{
  x->why = why;
  x->bad = bad;
  x->badlen = badlen;
  return 0;
}

/* failsa - a string could not grow: past its cap the message is at
 * fault (permanent), out of memory is temporary */
static int failsa(struct inject *x)
{
  if (errno == E2BIG) return fail(x, "header too long", 0, 0);
  return -1;
}

/* listadd - one more recipient; the empty address is no recipient */
static int listadd(struct inject *x, struct inject_list *l, const char *p,
                   size_t n)
{
  if (n == 0) return 1;
  if (n > LIM_ADDR) return fail(x, "address too long: ", p, n);
  if (l->n >= LIM_INJECT_RCPTS) return fail(x, "too many recipients", 0, 0);
  if (!sa_catb(&l->s, p, n) || !sa_append(&l->s, 0)) return failsa(x);
  ++l->n;
  return 1;
}

static int setsender(struct inject *x, const char *p, size_t n, int verp)
{
  if (n > LIM_ADDR) return fail(x, "envelope sender too long: ", p, n);
  if (!sa_copyb(&x->sender, p, n)) return -1;
  /* qmail-send(8) makes a per-recipient VERP of a sender ending in
   * "-@[]"; the null sender stays null */
  if (verp && n && !sa_cats(&x->sender, "-@[]")) return -1;
  x->hassender = 1;
  return 1;
}

/* addrfield - which lists a field's addresses go to; 1 if a field of
 * this type may fail to parse and is then kept as it is */
static int addrfield(struct inject *x, int type, struct inject_list **l1,
                     struct inject_list **l2)
{
  *l1 = *l2 = 0;
  switch (type) {
  case HF_TO:
  case HF_CC:
    if (x->headerrcpts) *l1 = &x->hr;
    if (x->mft) *l2 = &x->tocc;
    return 1;
  case HF_BCC:
  case HF_APPARENTLYTO:
    if (x->headerrcpts) *l1 = &x->hr;
    return 1;
  case HF_R_TO:
  case HF_R_CC:
  case HF_R_BCC:
    if (x->headerrcpts) *l1 = &x->hrr;
    return 1;
  }
  return 0;
}

static int rewrites(int type)
{
  switch (type) {
  case HF_TO: case HF_CC: case HF_BCC: case HF_APPARENTLYTO:
  case HF_R_TO: case HF_R_CC: case HF_R_BCC:
  case HF_RETURNPATH:
  case HF_SENDER: case HF_FROM: case HF_REPLYTO:
  case HF_RETURNRECEIPTTO: case HF_ERRORSTO:
  case HF_R_SENDER: case HF_R_FROM: case HF_R_REPLYTO:
    return 1;
  }
  return 0;
}

/* takeaddrs - hand the addresses in found to their lists */
static int takeaddrs(struct inject *x, int type, struct inject_list *l1,
                     struct inject_list *l2)
{
  size_t i = 0;
  int r;

  while (i < found.len) {
    const char *a = found.s + i;
    size_t n = strlen(a);      /* hdr822 lets no NUL into an address */
    if (type == HF_RETURNPATH && !x->hassender) {
      r = setsender(x, a, n, x->verprecip);
      if (r != 1) return r;
    }
    if (l1 && (r = listadd(x, l1, a, n)) != 1) return r;
    if (l2 && (r = listadd(x, l2, a, n)) != 1) return r;
    i += n + 1;
  }
  return 1;
}

int inject_field(struct inject *x, const char *f, size_t n)
{
  int type = inject_htype(f, n);
  struct inject_list *l1;
  struct inject_list *l2;
  size_t namelen;
  size_t colon;
  int mayfail;
  int r;

  if (x->killfrom && type == HF_FROM) return 1;
  if (x->killmsgid && type == HF_MESSAGEID) return 1;
  if (x->killreturnpath && type == HF_RETURNPATH) return 1;
  x->seen[type] = 1;
  mayfail = addrfield(x, type, &l1, &l2);
  if (rewrites(type) && hdr822_name(f, n, &namelen, &colon)) {
    found.len = 0;
    rewritten.max = LIM_HEADER_TOTAL;
    found.max = LIM_HEADER_TOTAL;
    r = hdr822_qualify(&x->q, f, n, colon + 1, &rewritten, &found);
    if (r == -1) return failsa(x);
    /* qmail-inject keeps a recipient field it cannot parse as it is,
     * and refuses the message for any other address field */
    if (r == 0 && !mayfail)
      return fail(x, "unable to parse this header field: ", f, n);
    if (r == 1 && (r = takeaddrs(x, type, l1, l2)) != 1) return r;
    f = rewritten.s;
    n = rewritten.len;
  }
  switch (type) {
  case HF_BCC:
  case HF_R_BCC:
  case HF_RETURNPATH:
  case HF_CONTENTLENGTH:
    return 1;
  }
  if (!sa_catb(&x->saved, f, n)) return failsa(x);
  return 1;
}

int inject_arg(struct inject *x, const char *a)
{
  int r = hdr822_qualify1(&x->q, a, strlen(a), &found);
  if (r == 0) return fail(x, "unable to parse address: ", a, strlen(a));
  if (r == -1) return -1;
  return listadd(x, &x->args, found.s, found.len);
}

int inject_setsender(struct inject *x, const char *a)
{
  size_t n = strlen(a);
  int r;

  /* sendmail users write -f '<>' for the null sender, and may put any
   * sender in angle brackets */
  if (n >= 2 && a[0] == '<' && a[n - 1] == '>') {
    ++a;
    n -= 2;
  }
  r = hdr822_qualify1(&x->q, a, n, &found);
  if (r == 0) return fail(x, "unable to parse address: ", a, n);
  if (r == -1) return -1;
  return setsender(x, found.s, found.len, 0);
}

/* defaultsender - the envelope sender from the environment, with the
 * per-message and per-recipient VERP marks QMAILINJECT asks for */
static int defaultsender(struct inject *x)
{
  struct sa *text = &rewritten;
  int r;

  text->len = 0;
  if (!sa_cats(text, x->mailruser)) return -1;
  if (x->verpmess) {
    if (!sa_append(text, '-') || !sa_catulong(text, (unsigned long)x->now) ||
        !sa_append(text, '.') || !sa_catulong(text, x->pid))
      return -1;
  }
  if (x->verprecip && !sa_append(text, '-')) return -1;
  if (x->mailrhost && (!sa_append(text, '@') || !sa_cats(text, x->mailrhost)))
    return -1;
  r = hdr822_qualify1(&x->q, text->s, text->len, &found);
  if (r == 0)
    return fail(x, "unable to parse the sender made from the environment: ",
                text->s, text->len);
  if (r == -1) return -1;
  return setsender(x, found.s, found.len, x->verprecip);
}

/* catname - fullname as a quoted string or as a comment; a line break
 * in it would end the field, so it becomes a space */
static int catname(struct sa *out, const char *name, int comment)
{
  const char *specials = comment ? "()\\" : "\"\\";
  size_t i;

  if (!sa_append(out, comment ? '(' : '"')) return 0;
  for (i = 0; name[i]; ++i) {
    char c = name[i];
    if (c == '\r' || c == '\n') c = ' ';
    if (strchr(specials, c) && !sa_append(out, '\\')) return 0;
    if (!sa_append(out, c)) return 0;
  }
  return sa_append(out, comment ? ')' : '"');
}

/* fromfield - "From: ..." for the user, qualified like any other */
static int fromfield(struct inject *x, struct sa *top, const char *prefix)
{
  struct sa *text = &found;
  int name = x->fullname && *x->fullname;
  int r;

  text->len = 0;
  if (!sa_cats(text, "From: ")) return -1;
  if (name && !x->namecomment && (!catname(text, x->fullname, 0) ||
                                  !sa_cats(text, " <")))
    return -1;
  if (!hdr822_quotelocal(text, x->mailuser, strlen(x->mailuser))) return -1;
  if (x->mailhost && (!sa_append(text, '@') || !sa_cats(text, x->mailhost)))
    return -1;
  if (name && !x->namecomment && !sa_append(text, '>')) return -1;
  if (name && x->namecomment &&
      (!sa_append(text, ' ') || !catname(text, x->fullname, 1)))
    return -1;
  if (!sa_append(text, '\n')) return -1;
  r = hdr822_qualify(&x->q, text->s, text->len, 5, &rewritten, 0);
  if (r == 0)
    return fail(x, "unable to parse the From made from the environment: ",
                text->s, text->len);
  if (r == -1) return failsa(x);
  if (!sa_cats(top, prefix) || !sa_cat(top, &rewritten)) return failsa(x);
  return 1;
}

static int datefield(struct inject *x, struct sa *top, const char *prefix)
{
  char date[DATE822_LEN];
  size_t len = date822_fmt(date, x->now);

  if (!sa_cats(top, prefix) || !sa_cats(top, "Date: ") ||
      !sa_catb(top, date, len) || !sa_append(top, '\n'))
    return failsa(x);
  return 1;
}

/* msgidfield - unique as long as idhost is: the time to the second,
 * the process id, and a count within the process */
static int msgidfield(struct inject *x, struct sa *top, const char *prefix)
{
  static unsigned long count;
  struct tm tm;
  unsigned long stamp[6] = { 1970, 1, 1, 0, 0, 0 };
  static const unsigned int width[6] = { 4, 2, 2, 2, 2, 2 };
  size_t i;

  if (utc_tm(x->now, &tm)) {
    stamp[0] = (unsigned long)tm.tm_year + 1900;
    stamp[1] = (unsigned long)tm.tm_mon + 1;
    stamp[2] = (unsigned long)tm.tm_mday;
    stamp[3] = (unsigned long)tm.tm_hour;
    stamp[4] = (unsigned long)tm.tm_min;
    stamp[5] = (unsigned long)tm.tm_sec;
  }
  if (!sa_cats(top, prefix) || !sa_cats(top, "Message-ID: <")) return failsa(x);
  for (i = 0; i < 6; ++i)
    if (!sa_catulong0(top, stamp[i], width[i])) return failsa(x);
  if (!sa_append(top, '.') || !sa_catulong(top, x->pid) ||
      !sa_append(top, '.') || !sa_catulong(top, ++count) ||
      !sa_cats(top, ".qmail@") || !sa_cats(top, x->idhost) ||
      !sa_cats(top, ">\n"))
    return failsa(x);
  return 1;
}

/* mftfield - Mail-Followup-To listing every To and Cc address, when
 * one of them is a list named in $QMAILMFTFILE */
static int mftfield(struct inject *x, struct sa *top)
{
  const struct inject_list *l = &x->tocc;
  size_t i;
  int hit = 0;

  if (!x->mft || x->seen[HF_MAILFOLLOWUPTO]) return 1;
  for (i = 0; i < l->s.len && !hit; i += strlen(l->s.s + i) + 1)
    if (constmap_get(x->mft, l->s.s + i, strlen(l->s.s + i), 0)) hit = 1;
  if (!hit) return 1;
  if (!sa_cats(top, "Mail-Followup-To: ")) return failsa(x);
  for (i = 0; i < l->s.len; i += strlen(l->s.s + i) + 1) {
    if (i && !sa_cats(top, ",\n  ")) return failsa(x);
    if (!hdr822_quote(top, l->s.s + i, strlen(l->s.s + i))) return failsa(x);
  }
  if (!sa_append(top, '\n')) return failsa(x);
  return 1;
}

int inject_finish(struct inject *x, struct sa *top)
{
  const int *seen = x->seen;
  const char *p;
  int r;

  x->resent = seen[HF_R_SENDER] || seen[HF_R_FROM] || seen[HF_R_REPLYTO] ||
              seen[HF_R_TO] || seen[HF_R_CC] || seen[HF_R_BCC] ||
              seen[HF_R_DATE] || seen[HF_R_MESSAGEID];
  if (!x->hassender && (r = defaultsender(x)) != 1) return r;
  top->len = 0;
  if (!top->max) top->max = LIM_HEADER_TOTAL;
  /* a resent message gets Resent- fields only (qmail-header(5)) */
  p = x->resent ? "Resent-" : "";
  if (!seen[x->resent ? HF_R_DATE : HF_DATE] && (r = datefield(x, top, p)) != 1)
    return r;
  if (!seen[x->resent ? HF_R_MESSAGEID : HF_MESSAGEID] &&
      (r = msgidfield(x, top, p)) != 1)
    return r;
  if (!seen[x->resent ? HF_R_FROM : HF_FROM] &&
      (r = fromfield(x, top, p)) != 1)
    return r;
  if (x->resent) {
    if (!seen[HF_R_TO] && !seen[HF_R_CC] &&
        !sa_cats(top, "Resent-Cc: recipient list not shown: ;\n"))
      return failsa(x);
    return 1;
  }
  if (!seen[HF_TO] && !seen[HF_CC] &&
      !sa_cats(top, "Cc: recipient list not shown: ;\n"))
    return failsa(x);
  return mftfield(x, top);
}

int inject_rcpts(struct inject *x, struct inject_list *all)
{
  const struct inject_list *from[2];
  size_t i;
  size_t j;
  int r;

  all->s.len = 0;
  all->n = 0;
  if (!all->s.max) all->s.max = (size_t)LIM_INJECT_RCPTS * (LIM_ADDR + 1);
  from[0] = &x->args;
  from[1] = !x->headerrcpts ? 0 : x->resent ? &x->hrr : &x->hr;
  for (j = 0; j < 2; ++j) {
    if (!from[j]) continue;
    for (i = 0; i < from[j]->s.len; i += strlen(from[j]->s.s + i) + 1) {
      r = listadd(x, all, from[j]->s.s + i, strlen(from[j]->s.s + i));
      if (r != 1) return r;
    }
  }
  return 1;
}

/* dotqmail.c - classify the lines of a .qmail file (dot-qmail(5))
 *
 * The rules are qmail-local's, with three tightenings, each of which
 * turns a line qmail would have misread into a temporary failure that
 * the user can see and fix, never into a lost message: a trailing
 * carriage return is removed like trailing white space (files edited
 * on other systems); a line that begins with white space or a control
 * byte is refused (qmail forwarded it to an address that cannot
 * exist); "|" and "&" with nothing after them are refused (qmail ran
 * an empty command, or forwarded to the empty address). */
#include "bounds.h"
#include "dotqmail.h"

void dotqmail_init(struct dq_reader *r, const char *p, size_t n)
{
  r->p = p;
  r->n = n;
  r->pos = 0;
  r->lineno = 0;
}

static void bad(struct dq_line *l, const char *why)
{
  l->kind = DQ_BAD;
  l->why = why;
}

/* startsaddress - may byte c begin a forward address without '&'?
 * dot-qmail(5) promises letters and digits; qmail took every other
 * byte too, and so do we, except white space and control bytes. */
static int startsaddress(unsigned char c)
{
  return c > 0x20 && c != 0x7f;
}

void dotqmail_classify(const char *p, size_t n, size_t lineno,
                       struct dq_line *l)
{
  size_t i;

  l->arg = p;
  l->len = n;
  l->lineno = lineno;
  l->why = 0;
  l->policy = 0;
  if (n > LIM_DOTQMAIL_LINE) {
    bad(l, "line is too long");
    return;
  }
  for (i = 0; i < n; ++i)
    if (p[i] == 0) {
      bad(l, "line contains a NUL byte");
      return;
    }
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
    --n;
  l->len = n;
  if (n == 0) {
    /* CONTRACT: qmail refuses a blank first line (dot-qmail(5)) */
    l->kind = DQ_BLANK;
    if (lineno == 1) bad(l, "first line is blank");
    return;
  }
  switch (p[0]) {
  case '#':
    l->kind = DQ_COMMENT;
    return;
  case '.':
  case '/':
    l->kind = p[n - 1] == '/' ? DQ_MAILDIR : DQ_MBOX;
    return;
  case '|':
    l->kind = DQ_PROGRAM;
    l->arg = p + 1;
    l->len = n - 1;
    if (n == 1) bad(l, "program line has no command");
    return;
  case '+':
    l->kind = (n == 5 && p[1] == 'l' && p[2] == 'i' && p[3] == 's' &&
               p[4] == 't') ? DQ_LIST : DQ_PLUS;
    return;
  case '&':
    l->kind = DQ_FORWARD;
    l->arg = p + 1;
    l->len = n - 1;
    if (n == 1) bad(l, "forward line has no address");
    else if (!startsaddress((unsigned char)p[1]))
      bad(l, "address begins with white space or a control character");
    return;
  }
  if (!startsaddress((unsigned char)p[0])) {
    bad(l, "line begins with white space or a control character");
    return;
  }
  l->kind = DQ_FORWARD;
}

int dotqmail_next(struct dq_reader *r, struct dq_line *l)
{
  size_t start = r->pos;
  size_t end = start;

  if (r->pos >= r->n) return 0;
  while (end < r->n && r->p[end] != '\n') ++end;
  r->pos = end < r->n ? end + 1 : end;
  ++r->lineno;
  dotqmail_classify(r->p + start, end - start, r->lineno, l);
  return 1;
}

int dotqmail_check(const char *p, size_t n, int forwardonly,
                   struct dq_line *badline)
{
  struct dq_reader r;
  struct dq_line l;

  dotqmail_init(&r, p, n);
  while (dotqmail_next(&r, &l)) {
    if (l.kind == DQ_LIST) forwardonly = 1;
    if (forwardonly &&
        (l.kind == DQ_PROGRAM || l.kind == DQ_MBOX || l.kind == DQ_MAILDIR)) {
      bad(&l, l.kind == DQ_PROGRAM ?
          "program delivery in a forward-only .qmail file" :
          "file delivery in a forward-only .qmail file");
      l.policy = 1;
    }
    if (l.kind == DQ_BAD) {
      *badline = l;
      return 0;
    }
  }
  return 1;
}

const char *dotqmail_kindname(int kind)
{
  switch (kind) {
  case DQ_BLANK: return "blank";
  case DQ_COMMENT: return "comment";
  case DQ_PROGRAM: return "program";
  case DQ_FORWARD: return "forward";
  case DQ_MBOX: return "mbox";
  case DQ_MAILDIR: return "maildir";
  case DQ_LIST: return "list";
  case DQ_PLUS: return "plus";
  }
  return "bad";
}

/* fz-dotqmail.c - fuzz the .qmail classifier: no crash, every argument
 * inside the input, every line accounted for, and each kind true to
 * its rule */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "dotqmail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void kindrules(const struct dq_line *l)
{
  size_t i;
  const char *end = l->arg + l->len;

  if (l->kind == DQ_BAD) {
    if (!l->why) abort();
    return;
  }
  if (l->len > LIM_DOTQMAIL_LINE) abort();
  for (i = 0; i < l->len; ++i)
    if (l->arg[i] == 0) abort();
  if (l->len && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    abort();
  switch (l->kind) {
  case DQ_BLANK:
    if (l->len || l->lineno == 1) abort();
    break;
  case DQ_COMMENT:
    if (!l->len || l->arg[0] != '#') abort();
    break;
  case DQ_PROGRAM:
    if (!l->len || l->arg[-1] != '|') abort();
    break;
  case DQ_MAILDIR:
  case DQ_MBOX:
    if (!l->len || (l->arg[0] != '.' && l->arg[0] != '/')) abort();
    if ((end[-1] == '/') != (l->kind == DQ_MAILDIR)) abort();
    break;
  case DQ_FORWARD:
    if (!l->len || (unsigned char)l->arg[0] <= 0x20 ||
        (unsigned char)l->arg[0] == 0x7f)
      abort();
    break;
  case DQ_LIST:
  case DQ_PLUS:
    if (!l->len || l->arg[0] != '+') abort();
    break;
  default:
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  struct dq_reader r;
  struct dq_line l;
  struct dq_line bad;
  size_t lines = 0;
  size_t newlines = 0;
  size_t i;
  int anybad = 0;       /* with forwardonly off, +list included */
  int listed = 0;

  for (i = 0; i < size; ++i)
    if (p[i] == '\n') ++newlines;
  dotqmail_init(&r, p, size);
  while (dotqmail_next(&r, &l)) {
    ++lines;
    if (l.lineno != lines) abort();
    if (l.arg < p || l.arg + l.len > p + size) abort();
    if (r.pos > size) abort();
    kindrules(&l);
    if (l.kind == DQ_LIST) listed = 1;
    if (l.kind == DQ_BAD) anybad = 1;
    if (listed && (l.kind == DQ_PROGRAM || l.kind == DQ_MBOX ||
                   l.kind == DQ_MAILDIR))
      anybad = 1;
  }
  if (r.pos != size) abort();
  if (lines != newlines + (size && p[size - 1] != '\n')) abort();
  if (dotqmail_check(p, size, 0, &bad) == anybad) abort();
  if (!dotqmail_check(p, size, 1, &bad)) {
    if (bad.kind != DQ_BAD || !bad.why || bad.lineno > lines) abort();
  } else if (anybad) abort();
  return 0;
}

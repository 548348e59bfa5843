/* fz-smtpreply.c - fuzz the SMTP reply parser: the input is cut into
 * lines at LF and fed to smtpreply_line, reply after reply; every reply
 * taken has a valid code, printable text within the cap, one '\n' per
 * line, and its EHLO extensions read without trouble */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "smtpreply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct smtpreply *r)
{
  struct smtpext x = SMTPEXT_ZERO;
  size_t i;
  size_t lines = 0;

  if (r->code < 200 || r->code > 559 || (r->code / 10) % 10 > 5) abort();
  if (r->text.len > LIM_SMTP_REPLY) abort();
  for (i = 0; i < r->text.len; ++i) {
    unsigned char c = (unsigned char)r->text.s[i];
    if (c == '\n') ++lines;
    else if (c < 0x20 || c > 0x7e) abort();
  }
  if (lines != r->lines || !r->text.len || r->text.s[r->text.len - 1] != '\n')
    abort();
  smtpreply_ehlo(r, &x);
  if (!x.size && x.sizemax) abort();
  if (r->code / 100 != 2 && (x.size || x.pipelining || x.eightbitmime))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct smtpreply r = SMTPREPLY_ZERO;
  const char *p = (const char *)data;
  size_t pos = 0;

  smtpreply_start(&r);
  while (pos < size) {
    const char *nl = memchr(p + pos, '\n', size - pos);
    size_t len = nl ? (size_t)(nl - (p + pos)) + 1 : size - pos;
    int got;
    errno = 0;
    got = smtpreply_line(&r, p + pos, len);
    pos += len;
    if (got == -1) {
      if (errno != EPROTO && errno != E2BIG && errno != ENOMEM) abort();
      smtpreply_start(&r);
      continue;
    }
    if (got == 0 && r.done) abort();
    if (got == 1) {
      if (!r.done) abort();
      check(&r);
      /* a line after the end is refused until the next start */
      if (smtpreply_line(&r, "250 ok", 6) != -1) abort();
      smtpreply_start(&r);
    }
  }
  smtpreply_free(&r);
  return 0;
}

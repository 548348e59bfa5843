/* qmail-tcpto - print the addresses whose SMTP connections timed out
 * runs as: root or qmailr (the admin's tool); writes nothing
 * reads:   queue/lock/tcpto
 * trusts:  nothing in the file beyond what tcpto_decode checks
 * parses:  queue/lock/tcpto, written by qmail-remote (qmailr)
 *
 * One line per address with a recent timeout, as qmail's did:
 * "ADDRESS timed out N seconds ago; # recent timeouts: K". */
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "tcpto.h"

const char *prog = "qmail-tcpto";

static struct tcpto table;
static char outspace[BUF_SIZE];

/* line - one address's line: 1, or 0 with errno */
static int line(struct buf *out, const struct tcpto_rec *r, time_t now)
{
  struct sa ip = SA_ZERO;
  char num[FMT_ULONG];
  unsigned long ago = 0;
  int ok;

  if (now >= 0 && (uint64_t)now >= r->when)
    ago = (unsigned long)((uint64_t)now - r->when);
  if (!tcpto_iptext(&ip, r->ip)) temp_nomem();
  ok = buf_puts(out, ip.s) && buf_puts(out, " timed out ") &&
       buf_put(out, num, fmt_ulong(num, ago)) &&
       buf_puts(out, " seconds ago; # recent timeouts: ") &&
       buf_put(out, num, fmt_ulong(num, r->count)) && buf_puts(out, "\n");
  sa_free(&ip);
  return ok;
}

int main(int argc, char **argv)
{
  struct buf out;
  time_t now;
  size_t i;
  int r;

  (void)argv;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 1) die_usage("qmail-tcpto");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  r = tcpto_read(TCPTO_FILE, &table);
  if (r == -1) die_tempsys("unable to read ", TCPTO_FILE);
  if (table.foreign)
    warn_say(TCPTO_FILE, " is not in quire's format; qmail-remote will "
             "write it anew");
  now = time(0);
  buf_init(&out, 1, outspace, sizeof outspace);
  for (i = 0; i < table.n; ++i)
    if (table.rec[i].count && !line(&out, &table.rec[i], now))
      die_tempsys("unable to write output");
  if (!buf_flush(&out)) die_tempsys("unable to write output");
  return EX_OK;
}

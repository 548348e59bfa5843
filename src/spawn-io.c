/* spawn-io.c - the records between qmail-send and a spawner: requests
 * in, results out (spawnproto.h).  Shared by spawn.c's driver (for
 * qmail-lspawn) and qmail-rspawn's worker pool.
 *
 * Requests come from qmail-send, which is trusted to be well formed,
 * but the decoder still checks every record: a malformed stream means
 * qmail-send is gone mad, and the spawner stops (fatal). */
#include <string.h>
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "rec.h"
#include "scan.h"
#include "spawnd.h"
#include "spawnproto.h"

static const struct rec_rule from_send[] = {
  { REC_SPAWN_SLOT, LIM_SPAWN_NUM, 0 },
  { REC_SPAWN_MSG, LIM_SPAWN_NUM, 0 },
  { REC_SPAWN_FROM, LIM_SPAWN_FROM, 0 },
  { REC_SPAWN_TO, LIM_QADDR, 0 },
  { REC_END, 0, 0 },
};

static void nomem(void)
{
  temp_nomem();
}

/* spawn_writeresult - the records for one finished delivery, in one write */
void spawn_writeresult(unsigned long slot, const struct sa *result)
{
  struct sa out = SA_ZERO;
  char num[FMT_ULONG];

  if (!rec_put(&out, REC_SPAWN_SLOT, num, fmt_ulong(num, slot))) nomem();
  if (!sa_cat(&out, result) || !rec_putend(&out)) nomem();
  if (!fd_writeall(1, out.s, out.len, 0))
    die_tempsys("unable to write to qmail-send");
  sa_free(&out);
}

/* spawn_allfail - a temporary failure for every recipient */
void spawn_allfail(const struct spawn_req *r, const char *text,
                   struct sa *result)
{
  unsigned int i;
  for (i = 0; i < r->nrcpts; ++i)
    if (!rec_put(result, REC_SPAWN_TEMP, text, strlen(text))) nomem();
}

/* spawn_readreq - one whole request; 0 at end of file */
int spawn_readreq(struct buf *in, struct spawn_req *r)
{
  struct sa payload = SA_ZERO;
  int type;
  int seen = 0;
  size_t num;

  r->sender.len = 0;
  r->rcpts.len = 0;
  r->nrcpts = 0;
  for (;;) {
    int got = rec_get(in, REC_RULES(from_send), &type, &payload);
    if (got == 0 && seen == 0) {
      sa_free(&payload);
      return 0;
    }
    if (got != 1) die_temp("malformed request from qmail-send");
    ++seen;
    switch (type) {
    case REC_SPAWN_SLOT:
      if (!scan_sizeb(payload.s, payload.len, &num, LIM_SPAWN_SLOTS - 1))
        die_temp("bad slot from qmail-send");
      r->slot = (unsigned long)num;
      break;
    case REC_SPAWN_MSG:
      if (!scan_sizeb(payload.s, payload.len, &num, (size_t)-1))
        die_temp("bad message number from qmail-send");
      r->msgnum = (unsigned long)num;
      break;
    case REC_SPAWN_FROM:
      if (!sa_copy(&r->sender, &payload) || !sa_0(&r->sender)) nomem();
      break;
    case REC_SPAWN_TO:
      if (r->nrcpts >= LIM_SPAWN_RCPTS) die_temp("too many recipients");
      if (!sa_cat(&r->rcpts, &payload) || !sa_0(&r->rcpts)) nomem();
      ++r->nrcpts;
      break;
    case REC_END:
      sa_free(&payload);
      if (!r->nrcpts || !r->sender.len) die_temp("incomplete request");
      return 1;
    }
  }
}

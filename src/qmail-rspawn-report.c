/* qmail-rspawn-report.c - qmail-remote's report
 *
 * The report (qmail-remote(8)) is a run of NUL-terminated records: for
 * a prefix of the recipients, in order, "r" (accepted), "h" (refused
 * for good) or "s" (refused for now) with a text, then one message
 * report "K", "Z" or "D" with a text.  Decided here, and said in
 * qmail-rspawn(8):
 * - a recipient that was refused ("h", "s") fails with its own text;
 *   one that was accepted, or has no report, shares the message
 *   report's fate and text;
 * - without a whole message report (a crash, a cut-off or garbled
 *   report, an exit code qmail-remote never uses) every recipient is
 *   deferred: a delivery may then be repeated, never lost. */
#include <stdlib.h>
#include <string.h>
#include "exitcode.h"
#include "qmail-rspawn.h"
#include "rec.h"
#include "spawnproto.h"
#include "str.h"
#include "sz.h"

/* allz - every recipient deferred with text */
static int allz(unsigned int nrcpts, const char *text, struct sa *result)
{
  unsigned int i;
  for (i = 0; i < nrcpts; ++i)
    if (!rec_put(result, REC_SPAWN_TEMP, text, strlen(text))) return 0;
  return 1;
}

int rspawn_report(unsigned int nrcpts, int exitcode, const char *p,
                  size_t n, struct sa *result)
{
  size_t rstart[LIM_SPAWN_RCPTS];   /* where recipient i's record starts */
  size_t rlen[LIM_SPAWN_RCPTS];     /* and its length, letter included */
  unsigned int seen = 0;
  size_t msg = 0;
  size_t msglen = 0;
  int msgcode = 0;
  size_t pos = 0;
  unsigned int i;

  if (exitcode == -1) return allz(nrcpts, "qmail-remote crashed. (#4.3.0)",
                                  result);
  if (exitcode != EX_OK && exitcode != EX_TEMP && exitcode != EX_PERM)
    return allz(nrcpts, "qmail-remote exited unexpectedly. (#4.3.0)", result);
  if (nrcpts > LIM_SPAWN_RCPTS) nrcpts = LIM_SPAWN_RCPTS;
  while (pos < n && !msgcode) {
    size_t len = byte_chr(p + pos, n - pos, 0);
    if (pos + len == n || len == 0) break;       /* cut off, or empty */
    if (byte_chr("rhs", 3, p[pos]) < 3 && seen < nrcpts) {
      rstart[seen] = pos;
      rlen[seen++] = len;
    } else if (byte_chr("KZD", 3, p[pos]) < 3) {
      msgcode = p[pos];
      msg = pos;
      msglen = len;
    } else {
      break;
    }
    pos += len + 1;
  }
  if (!msgcode)
    return allz(nrcpts, "qmail-remote's report is incomplete. (#4.3.0)",
                result);
  for (i = 0; i < nrcpts; ++i) {
    int type = msgcode;
    size_t at = msg;
    size_t len = msglen;
    if (i < seen && p[rstart[i]] != 'r') {
      type = p[rstart[i]] == 'h' ? REC_SPAWN_PERM : REC_SPAWN_TEMP;
      at = rstart[i];
      len = rlen[i];
    }
    if (type == 'K') type = REC_SPAWN_OK;
    else if (type == 'D') type = REC_SPAWN_PERM;
    else if (type == 'Z') type = REC_SPAWN_TEMP;
    if (!rec_put(result, type, p + at + 1, len - 1)) return 0;
  }
  return 1;
}

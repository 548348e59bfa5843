/* qmail-rspawn - run remote deliveries for qmail-send
 * runs as: qmailr (from qmail-start); writes no files
 * reads:   spawn records on fd 0 from qmail-send (spawnproto.h)
 * trusts:  qmail-send's records
 * parses:  nothing from the network or from users
 *
 * XXX: remote delivery (qmail-remote) is not written yet.  Until it is,
 * every remote recipient is deferred: a temporary failure, retried on
 * qmail's schedule, never lost; like any deferred recipient it bounces
 * once the message is older than queuelifetime. */
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "err.h"
#include "fd.h"
#include "logsafe.h"
#include "rec.h"
#include "spawn.h"
#include "spawnproto.h"

const char *prog = "qmail-rspawn";

#define DEFER_TEXT \
  "This quire has no remote delivery yet; the message stays queued " \
  "and will be retried. (#4.3.0)"

pid_t spawn_start(const struct spawn_req *r, int *outfd, struct sa *result)
{
  unsigned int i;
  const char *rcpt = r->rcpts.s;

  (void)outfd;
  for (i = 0; i < r->nrcpts; ++i) {
    struct sa safe = SA_ZERO;
    if (!log_safe(&safe, rcpt, strlen(rcpt)) || !sa_0(&safe)) temp_nomem();
    warn_say("remote delivery is not built yet; deferring ", safe.s);
    sa_free(&safe);
    if (!rec_put(result, REC_SPAWN_TEMP, DEFER_TEXT, strlen(DEFER_TEXT)))
      temp_nomem();
    rcpt += strlen(rcpt) + 1;
  }
  return 0;
}

void spawn_result(const struct spawn_req *r, int status,
                  const struct sa *output, struct sa *result)
{
  /* never reached: spawn_start starts no children */
  (void)r;
  (void)status;
  (void)output;
  (void)result;
}

int main(void)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  spawn_main();
  return EX_OK;
}

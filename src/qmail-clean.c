/* qmail-clean - remove queue files for qmail-send
 * runs as: qmailq (from qmail-start)
 * reads:   clean records on fd 0 from qmail-send (cleanproto.h)
 * writes:  unlinks in queue/intd, queue/todo, queue/mess, queue/pid
 * trusts:  qmail-send's records, checked: only decimal numbers
 * parses:  nothing from the network or from users
 *
 * qmail-send runs as qmails and cannot remove the files qmail-queue
 * made as qmailq; it asks here.  Removal needs no fsync: a name that
 * comes back after a crash is removed again, or, for todo/, makes
 * qmail-send preprocess the message again (at least once, never lost). */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "cleanproto.h"
#include "err.h"
#include "fd.h"
#include "queue.h"
#include "rec.h"
#include "scan.h"
#include "sig.h"

const char *prog = "qmail-clean";

#define PID_SWEEP 3600      /* look at pid/ at most this often */

static const struct rec_rule from_send[] = {
  { REC_CLEAN_TODO, LIM_CLEAN_NUM, 0 },
  { REC_CLEAN_MESS, LIM_CLEAN_NUM, 0 },
};

/* gone - unlink that counts "already gone" as success */
static int gone(const char *fn)
{
  return unlink(fn) == 0 || errno == ENOENT;
}

/* sweeppid - remove files in pid/ older than QUEUE_OSSIFIED: what a
 * qmail-queue killed or crashed left behind */
static void sweeppid(void)
{
  DIR *dir = opendir("pid");
  struct dirent *d;
  time_t now = time(0);

  if (!dir) return;
  while ((d = readdir(dir))) {
    char fn[QUEUE_FN + 256];
    struct stat st;
    size_t len = strlen(d->d_name);
    if (d->d_name[0] == '.' || len > 255) continue;
    memcpy(fn, "pid/", 4);
    memcpy(fn + 4, d->d_name, len + 1);
    if (stat(fn, &st) == 0 && now > st.st_mtime + QUEUE_OSSIFIED)
      unlink(fn);
  }
  closedir(dir);
}

static int clean(int type, unsigned long num)
{
  char fn[QUEUE_FN];

  queue_fn(fn, "intd/", num, 0);
  if (!gone(fn)) return 0;
  if (type == REC_CLEAN_TODO) queue_fn(fn, "todo/", num, 0);
  else queue_fn(fn, "mess/", num, 1);
  return gone(fn);
}

int main(void)
{
  static char inspace[1024];
  struct buf in;
  struct sa payload = SA_ZERO;
  struct sa reply = SA_ZERO;
  time_t lastsweep = 0;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (chdir(auto_qmail) == -1 || chdir("queue") == -1)
    die_tempsys("unable to chdir to the queue");
  buf_init(&in, 0, inspace, sizeof inspace);
  for (;;) {
    int type;
    size_t num;
    int r = rec_get(&in, REC_RULES(from_send), &type, &payload);
    if (r == 0) break;                    /* qmail-send is gone: so are we */
    if (r == -1) die_tempsys("bad request from qmail-send");
    if (!scan_sizeb(payload.s, payload.len, &num, (size_t)-1))
      die_temp("bad message number from qmail-send");
    if (time(0) > lastsweep + PID_SWEEP) {
      sweeppid();
      lastsweep = time(0);
    }
    reply.len = 0;
    if (clean(type, (unsigned long)num)) {
      if (!rec_put(&reply, REC_CLEAN_OK, "", 0)) temp_nomem();
    } else {
      const char *why = err_str(errno);
      if (!rec_put(&reply, REC_CLEAN_FAIL, why, strlen(why))) temp_nomem();
    }
    if (!fd_writeall(1, reply.s, reply.len, 0))
      die_tempsys("unable to write to qmail-send");
  }
  return EX_OK;
}

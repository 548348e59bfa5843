/* qmail-qstat - count the messages in the queue, for the administrator
 * runs as: root, or a user in the group qmail (queue/mess/N and
 *          queue/todo are closed to everyone else); writes no files
 * reads:   the names in queue/mess/N and queue/todo, never a file
 * trusts:  nothing: it counts directory entries
 * parses:  nothing from the network or from users
 *
 * qmail's qmail-qstat is a shell script that counts with find(1); this
 * prints the same two lines.  A message has a file in mess/ from the
 * moment qmail-queue makes it until qmail-send is done with it, so
 * mess/ counts the whole queue; todo/ holds the messages qmail-send has
 * not yet preprocessed (they are in the first count too). */
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "queue.h"

const char *prog = "qmail-qstat";

/* count - add the names in dir, other than . and .., to *n; 0, or -1
 * with errno */
static int count(const char *dir, unsigned long *n)
{
  DIR *d;
  struct dirent *e;
  int saved;

  d = opendir(dir);
  if (!d) return -1;
  for (;;) {
    errno = 0;
    e = readdir(d);
    if (!e) break;
    if (e->d_name[0] == '.' &&
        (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
      continue;
    ++*n;
  }
  saved = errno;
  closedir(d);
  errno = saved;
  return saved ? -1 : 0;
}

/* line - "what: n\n" on out */
static void line(struct buf *out, const char *what, unsigned long n)
{
  char num[FMT_ULONG];

  if (!buf_puts(out, what) || !buf_put(out, num, fmt_ulong(num, n)) ||
      !buf_putc(out, '\n'))
    die_tempsys("unable to write output");
}

int main(int argc, char **argv)
{
  char outspace[256];
  char dir[QUEUE_FN];
  struct buf out;
  unsigned long messages = 0;
  unsigned long todo = 0;
  unsigned long split;

  (void)argv;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc > 1) die_usage("qmail-qstat");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  if (chdir("queue") == -1)
    die_tempsys("unable to chdir to ", auto_qmail, "/queue");

  /* count everything before printing anything: a partial count looks
   * like a real one, so an unreadable directory prints nothing */
  for (split = 0; split < QUEUE_SPLIT; ++split) {
    queue_fn(dir, "mess/", split, 0);
    if (count(dir, &messages) == -1)
      die_tempsys("unable to read queue/", dir);
  }
  if (count("todo", &todo) == -1) die_tempsys("unable to read queue/todo");

  buf_init(&out, 1, outspace, sizeof outspace);
  line(&out, "messages in queue: ", messages);
  line(&out, "messages in queue but not yet preprocessed: ", todo);
  if (!buf_flush(&out)) die_tempsys("unable to write output");
  return EX_OK;
}

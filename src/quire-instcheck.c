/* quire-instcheck - check an installation against the install table
 * runs as: any user (root to see everything)
 * reads:   the install table (hier.c); stat of each path under home
 * trusts:  nothing it reads
 * parses:  nothing
 * Prints one line per problem; exits 0 if none, 100 if any, 111 if it
 * could not look. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fmt.h"
#include "hier.h"
#include "queue.h"
#include "sa.h"

const char *prog = "quire-instcheck";

static char outspace[BUF_SIZE];
static struct buf out;
static int problems;

/* putmode - a mode as people write it: 0755, 04711 */
static void putmode(unsigned long mode)
{
  char o[6];
  size_t n = 0;
  int shift;
  o[n++] = '0';
  for (shift = mode > 0777 ? 9 : 6; shift >= 0; shift -= 3)
    o[n++] = (char)('0' + ((mode >> shift) & 7));
  buf_put(&out, o, n);
}

static void problem(const char *path, const char *what, unsigned long want,
                    unsigned long have, int octal)
{
  char num[FMT_ULONG];
  ++problems;
  buf_puts(&out, prog);
  buf_puts(&out, ": ");
  buf_puts(&out, auto_qmail);
  buf_puts(&out, "/");
  buf_puts(&out, path);
  buf_puts(&out, ": ");
  buf_puts(&out, what);
  if (octal) {
    buf_puts(&out, " (want ");
    putmode(want);
    buf_puts(&out, ", have ");
    putmode(have);
    buf_puts(&out, ")");
  } else if (want != have) {
    buf_puts(&out, " (want ");
    buf_put(&out, num, fmt_ulong(num, want));
    buf_puts(&out, ", have ");
    buf_put(&out, num, fmt_ulong(num, have));
    buf_puts(&out, ")");
  }
  buf_puts(&out, "\n");
}

static void check(const char *path, const struct hier *h, mode_t type)
{
  struct stat st;
  if (lstat(*path ? path : ".", &st) == -1) {
    if (errno != ENOENT) die_tempsys("unable to stat ", path);
    problem(path, "missing", 0, 0, 0);
    return;
  }
  if ((st.st_mode & S_IFMT) != type) {
    problem(path, "wrong type", 0, 0, 0);
    return;
  }
  if (st.st_uid != hier_uid(h->owner))
    problem(path, "wrong owner", hier_uid(h->owner), st.st_uid, 0);
  if (st.st_gid != hier_gid(h->group))
    problem(path, "wrong group", hier_gid(h->group), st.st_gid, 0);
  if ((st.st_mode & 07777) != (mode_t)h->mode)
    problem(path, "wrong mode", (unsigned long)h->mode,
            (unsigned long)(st.st_mode & 07777), 1);
}

int main(void)
{
  unsigned int i;
  unsigned long n;
  struct sa sub = SA_ZERO;

  buf_init(&out, 1, outspace, sizeof outspace);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  for (i = 0; i < hier_count; ++i) {
    const struct hier *h = &hier[i];
    switch (h->kind) {
    case HIER_DIR: check(h->path, h, S_IFDIR); break;
    case HIER_FILE: check(h->path, h, S_IFREG); break;
    case HIER_FIFO: check(h->path, h, S_IFIFO); break;
    case HIER_PROG: check(h->path, h, S_IFREG); break;
    case HIER_MAN: check(h->path, h, S_IFREG); break;
    case HIER_SPLIT:
      check(h->path, h, S_IFDIR);
      for (n = 0; n < QUEUE_SPLIT; ++n) {
        sub.len = 0;
        if (!sa_cats(&sub, h->path) || !sa_append(&sub, '/') ||
            !sa_catulong(&sub, n) || !sa_0(&sub))
          temp_nomem();
        check(sub.s, h, S_IFDIR);
      }
      break;
    }
  }
  if (!buf_flush(&out)) die_tempsys("unable to write output");
  return problems ? EX_PERM : EX_OK;
}

/* ctl.c - reading control files with qmail's rules (qmail-control(5))
 *
 * The files and the memory forms share one reader: a control file is
 * read through a buf on its fd, bytes in memory through a memory buf,
 * and both go through nextline below, so they cannot drift apart.
 *
 * What the header leaves open, decided here:
 * - Only ENOENT means missing.  ENOTDIR (a path through a regular
 *   file), EACCES, EISDIR (a directory read as a file) and the rest are
 *   errors: a control file we cannot read is not an absent one.
 * - A line holds at most LIM_CTL_LINE bytes, not counting its line end
 *   (LF or CRLF); trailing blanks count.  A file, line ends and all,
 *   holds at most LIM_CTL_FILE bytes.  Past either cap: E2BIG.
 * - A NUL byte in a line that is read is an error (EILSEQ): it would
 *   cut the line short for C-string users, or split one list entry in
 *   two.  ctl_readline reads only the first line; ctl_readlist reads
 *   every line, comments too.
 * - ctl_readline takes the first line as it is, as qmail's
 *   control_readline did: an empty first line or a comment is the
 *   value, not skipped.  An empty file gives an empty line (1).
 * - Leading white space is kept, as in qmail: " #x" is an entry.
 * - A last line without a newline counts like any other.
 * - The output (line or list) is replaced, not appended to.  After -1
 *   it is empty (len 0): never a half-read list.
 * - ctl_readulong: overflow is ERANGE; other non-numbers are EINVAL.
 * - ctl_parsefirst and ctl_parselist never return 0: memory is never
 *   missing.
 * - The output must also fit its own ceiling (sa_limit), else E2BIG.
 *   LIM_CTL_FILE is one byte under LIM_SA_DEFAULT, so a file at the cap
 *   whose last line has no newline still has room for its NUL. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "ctl.h"
#include "open.h"
#include "sa.h"
#include "scan.h"

/* nextline - the next line of b into line, line end and trailing
 * spaces, tabs and CRs stripped; *total counts the bytes consumed.
 * 1 a line, 0 end of input, -1 with errno. */
static int nextline(struct buf *b, struct sa *line, size_t *total)
{
  /* room for the longest line and its CRLF; more is E2BIG */
  int r = buf_getline(b, line, LIM_CTL_LINE + 2);
  size_t n;

  if (r == -1) return -1;
  if (r == 0 && line->len == 0) return 0;
  /* invariant: *total <= LIM_CTL_FILE, so the subtraction is safe */
  if (line->len > LIM_CTL_FILE - *total) {
    errno = E2BIG;
    return -1;
  }
  *total += line->len;
  n = line->len;
  if (r == 1) {
    --n;                                    /* the LF */
    if (n > 0 && line->s[n - 1] == '\r') --n;
  }
  if (n > LIM_CTL_LINE) {
    errno = E2BIG;
    return -1;
  }
  if (n > 0 && memchr(line->s, 0, n)) {
    errno = EILSEQ;
    return -1;
  }
  while (n > 0 && (line->s[n - 1] == ' ' || line->s[n - 1] == '\t' ||
                   line->s[n - 1] == '\r'))
    --n;
  line->len = n;
  return 1;
}

/* first - the first line of b, NUL-terminated; 1 or -1 */
static int first(struct buf *b, struct sa *line)
{
  size_t total = 0;

  if (nextline(b, line, &total) == -1 || !sa_0(line)) {
    line->len = 0;
    return -1;
  }
  --line->len;                              /* the NUL is not counted */
  return 1;
}

/* all - every line of b that is neither empty nor a comment, each
 * followed by a NUL, into list; 1 or -1 */
static int all(struct buf *b, struct sa *list)
{
  struct sa line = SA_ZERO;
  size_t total = 0;
  int r;
  int e;

  list->len = 0;
  while ((r = nextline(b, &line, &total)) == 1) {
    if (line.len == 0 || line.s[0] == '#') continue;
    if (!sa_cat(list, &line) || !sa_0(list)) {
      r = -1;
      break;
    }
  }
  e = errno;
  sa_free(&line);
  errno = e;
  if (r == -1) {
    list->len = 0;
    return -1;
  }
  return 1;
}

/* onfile - open path and run f on it; 1, 0 if it does not exist, -1 */
static int onfile(const char *path, struct sa *out,
                  int (*f)(struct buf *, struct sa *))
{
  char space[BUF_SIZE];
  struct buf b;
  int fd;
  int r;
  int e;

  fd = open_read(path);
  if (fd == -1) {
    out->len = 0;
    return errno == ENOENT ? 0 : -1;
  }
  buf_init(&b, fd, space, sizeof space);
  r = f(&b, out);
  e = errno;
  close(fd);
  errno = e;
  return r;
}

int ctl_parsefirst(const char *p, size_t n, struct sa *line)
{
  struct buf b;

  buf_initmem(&b, p, n);
  return first(&b, line);
}

int ctl_parselist(const char *p, size_t n, struct sa *list)
{
  struct buf b;

  buf_initmem(&b, p, n);
  return all(&b, list);
}

int ctl_readline(const char *path, struct sa *line, const char *def)
{
  int r = onfile(path, line, first);

  if (r != 0) return r;
  if (!sa_copys(line, def ? def : "") || !sa_0(line)) {
    line->len = 0;
    return -1;
  }
  --line->len;
  return 0;
}

int ctl_readlist(const char *path, struct sa *list)
{
  return onfile(path, list, all);
}

/* number - a whole line as a decimal number: digits only, at least
 * one, no overflow; 1 with *n set, or -1 with EINVAL or ERANGE */
static int number(const struct sa *line, unsigned long *n)
{
  unsigned long u;
  size_t i;

  if (line->len == 0) {
    errno = EINVAL;
    return -1;
  }
  for (i = 0; i < line->len; ++i)
    if (line->s[i] < '0' || line->s[i] > '9') {
      errno = EINVAL;
      return -1;
    }
  /* all digits: scan_ulongb stops short of the end only on overflow */
  if (scan_ulongb(line->s, line->len, &u) != line->len) {
    errno = ERANGE;
    return -1;
  }
  *n = u;
  return 1;
}

int ctl_readulong(const char *path, unsigned long *n, unsigned long def)
{
  struct sa line = SA_ZERO;
  int r;
  int e;

  r = onfile(path, &line, first);
  if (r == 0) *n = def;
  if (r == 1) r = number(&line, n);
  e = errno;
  sa_free(&line);
  errno = e;
  return r;
}

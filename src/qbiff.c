/* qbiff - tell the recipient at a terminal that mail has come
 * runs as: the .qmail owner (from qmail-local)
 * reads:   the message on fd 0 (its header and first lines); USER; the
 *          utmp database through getutxent(3)
 * writes:  a short summary to each of the user's own terminals whose
 *          owner-execute bit is on (biff y)
 * trusts:  nothing in the message: every byte shown is made printable
 * parses:  header fields, capped
 *
 * qbiff never fails a delivery: whatever goes wrong, it exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmpx.h>
#include "bounds.h"
#include "buf.h"
#include "fd.h"
#include "hdr822.h"
#include "sa.h"

const char *prog = "qbiff";

#define WIDTH 78          /* bytes of one line shown */

static struct sa text;    /* the summary, CR LF line ends */
static size_t lines;

/* show - one line of the summary, made safe for a terminal */
static void show(const char *p, size_t n)
{
  size_t i;

  if (lines >= LIM_QBIFF_LINES) return;
  while (n && (p[n - 1] == '\n' || p[n - 1] == '\r')) --n;
  if (n > WIDTH) n = WIDTH;
  if (text.len + n + 2 > LIM_QBIFF_TEXT) return;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)p[i];
    /* SECURITY: the sender's bytes go to a terminal: control bytes
     * (escape sequences, C1 controls in 8-bit) become '?' */
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    else if (c < 0x20 || c >= 0x7f) c = '?';
    if (!sa_append(&text, (char)c)) _exit(0);
  }
  if (!sa_cats(&text, "\r\n")) _exit(0);
  ++lines;
}

/* summarize - From and Subject, then the first lines of the body */
static void summarize(void)
{
  char space[BUF_SIZE];
  struct buf in;
  struct sa f = SA_ZERO;
  int k;

  buf_init(&in, 0, space, sizeof space);
  if (!sa_cats(&text, "\r\n*** new mail ***\r\n")) _exit(0);
  for (;;) {
    k = hdr822_getfield(&in, &f, LIM_HEADER);
    if (k == -1 || k == HDR822_END) break;
    if (k == HDR822_FIELD && (hdr822_is(f.s, f.len, "From") ||
                              hdr822_is(f.s, f.len, "Subject")))
      show(f.s, f.len);
  }
  if (k == HDR822_END) {
    f.max = LIM_QBIFF_TEXT;
    while (lines < LIM_QBIFF_LINES &&
           buf_getline(&in, &f, LIM_QBIFF_TEXT) == 1)
      show(f.s, f.len);
  }
  sa_free(&f);
}

/* tell - write the summary to one terminal, if it is the user's own
 * and biff is on; never wait for it */
static void tell(const char *line, size_t n)
{
  struct sa path = SA_ZERO;
  struct stat st;
  int fd;
  size_t i;

  /* SECURITY: utmp names a device under /dev, nothing else; no
   * terminal's name holds "..", so none may climb out */
  if (n == 0) return;
  for (i = 0; i + 1 < n; ++i)
    if (line[i] == '.' && line[i + 1] == '.') return;
  if (!sa_cats(&path, "/dev/") || !sa_catb(&path, line, n) || !sa_0(&path))
    return;
  fd = open(path.s, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  sa_free(&path);
  if (fd == -1) return;
  if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_uid == getuid() &&
      (st.st_mode & S_IXUSR))
    if (write(fd, text.s, text.len) < 0) {
      /* a full or hung terminal: the user misses one notice */
    }
  close(fd);
}

int main(void)
{
  const char *user;
  size_t ulen;
  struct utmpx *u;
  int summarized = 0;

  if (fd_ensure012() == -1) _exit(0);
  user = getenv("USER");
  if (!user || !*user) return 0;
  ulen = strlen(user);
  setutxent();
  while ((u = getutxent()) != 0) {
    if (u->ut_type != USER_PROCESS) continue;
    if (ulen > sizeof u->ut_user || strncmp(u->ut_user, user,
                                            sizeof u->ut_user) != 0)
      continue;
    if (!summarized) {
      summarize();
      summarized = 1;
    }
    tell(u->ut_line, strnlen(u->ut_line, sizeof u->ut_line));
  }
  endutxent();
  return 0;
}

/* quire-config - the first control files and admin aliases for a host
 * runs as: root (the administrator, by hand, after make setup); writes
 *          control/me, locals, rcpthosts, defaultdomain, plusdomain and
 *          alias/.qmail-postmaster, -root, -mailer-daemon
 * reads:   its arguments
 * trusts:  the administrator who runs it
 * parses:  a host name and an address from the command line, checked
 *          strictly (hostname.h): nothing else reaches a file
 *
 * DURABILITY: each control file is written to a temporary name, fsynced
 * and renamed, and the directory fsynced (dur_writefile), so a crash
 * leaves the old file or the new one, never half of one. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "dur.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "hostname.h"
#include "open.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

const char *prog = "quire-config";

#define LOCAL_MAX 64        /* RFC 5321 4.5.3.1.1 */

static char outspace[BUF_SIZE];
static struct buf out;

static const char *const aliases[] = {
  "alias/.qmail-postmaster", "alias/.qmail-root", "alias/.qmail-mailer-daemon"
};

static void say(const char *file, const char *what)
{
  if (!buf_puts(&out, prog) || !buf_puts(&out, ": ") ||
      !buf_puts(&out, file) || !buf_puts(&out, ": ") ||
      !buf_puts(&out, what) || !buf_putsflush(&out, "\n"))
    die_tempsys("unable to write to standard output");
}

/* put - path holds line and a newline, replaced durably */
static void put(const char *path, const char *line, size_t n)
{
  struct sa tmp = SA_ZERO;
  struct sa text = SA_ZERO;

  if (!sa_cats(&tmp, path) || !sa_cats(&tmp, ".tmp") || !sa_0(&tmp) ||
      !sa_catb(&text, line, n) || !sa_append(&text, '\n'))
    temp_nomem();
  /* a temporary file left by a crash of an earlier run */
  if (unlink(tmp.s) == -1 && errno != ENOENT)
    die_tempsys("unable to remove ", tmp.s);
  if (dur_writefile(path, tmp.s, text.s, text.len, 0644) == -1)
    die_tempsys("unable to write ", path);
  if (!sa_0(&text)) temp_nomem();
  text.s[n] = 0;
  say(path, text.s);
  sa_free(&tmp);
  sa_free(&text);
}

/* touch - an empty file if there is none; an existing one is kept */
static void touch(const char *path)
{
  int fd = open_excl(path, 0644);
  if (fd == -1) {
    if (errno != EEXIST) die_tempsys("unable to create ", path);
    say(path, "kept as it is");
    return;
  }
  if (dur_fsync(fd) == -1 || close(fd) == -1)
    die_tempsys("unable to write ", path);
  if (dur_syncparent(path) == -1) die_tempsys("unable to sync ", path);
  say(path, "empty: mail goes to the alias user's default delivery");
}

/* local_check - 1 for a local part of letters, digits and . _ + = -,
 * not starting with a dot or a hyphen: nothing a .qmail file or a
 * shell reads as more than a word */
static int local_check(const char *p, size_t n)
{
  size_t i;
  if (n == 0 || n > LOCAL_MAX || p[0] == '.' || p[0] == '-') return 0;
  for (i = 0; i < n; ++i) {
    char c = p[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' ||
        c == '=' || c == '-')
      continue;
    return 0;
  }
  return 1;
}

/* address_check - a local part, or local@host */
static int address_check(const char *s)
{
  size_t n = strlen(s);
  size_t at = byte_chr(s, n, '@');
  if (at == n) return local_check(s, n);
  return local_check(s, at) && hostname_check(s + at + 1, n - at - 1);
}

int main(int argc, char **argv)
{
  char *host;
  size_t n;
  size_t i;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  buf_init(&out, 1, outspace, sizeof outspace);
  if (argc < 2 || argc > 3) die_usage("quire-config host.name [address]");
  host = argv[1];
  n = strlen(host);
  /* a final dot is the root: me never carries it */
  if (n > 1 && host[n - 1] == '.') host[--n] = 0;
  if (!hostname_check(host, n))
    die_perm("not a host name: letters, digits, hyphens and dots, "
             "labels of 1 to 63 bytes, the last not all digits");
  if (argc == 3 && !address_check(argv[2]))
    die_perm("not an address: a local part of letters, digits and . _ + = -, "
             "or local@host.name");
  case_lowerb(host, n);
  umask(022);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);

  /* the host's own name, and the one domain it is sure to own */
  put("control/me", host, n);
  put("control/locals", host, n);
  put("control/rcpthosts", host, n);
  i = hostname_parent(host, n);
  put("control/defaultdomain", host + i, n - i);
  i = hostname_last2(host, n);
  put("control/plusdomain", host + i, n - i);

  /* who reads mail for postmaster, root and mailer-daemon */
  for (i = 0; i < sizeof aliases / sizeof aliases[0]; ++i) {
    if (argc == 3) {
      struct sa line = SA_ZERO;
      if (!sa_cats(&line, "&") || !sa_cats(&line, argv[2])) temp_nomem();
      put(aliases[i], line.s, line.len);
      sa_free(&line);
    } else {
      touch(aliases[i]);
    }
  }
  return EX_OK;
}

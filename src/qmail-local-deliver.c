/* qmail-local-deliver.c - the lines qmail-local adds, and its deliveries
 *
 * Every function here returns to its caller: qmail-local.c decides
 * what is fatal.  The message is read from msgfd from its start each
 * time and streamed: no function holds more than a buffer of it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "dur.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "open.h"
#include "qq.h"
#include "qmail-local.h"
#include "sa.h"
#include "sig.h"
#include "str.h"
#include "wait.h"

/* ---- the added lines ---- */

int local_dtline(struct sa *out, const char *local, const char *host)
{
  size_t i;
  if (!sa_copys(out, "Delivered-To: ") || !sa_cats(out, local) ||
      !sa_append(out, '@') || !sa_cats(out, host))
    return 0;
  /* a newline in the address would end the header field early */
  for (i = 0; i < out->len; ++i)
    if (out->s[i] == '\n') out->s[i] = '_';
  return sa_append(out, '\n');
}

/* atom - may c stand unquoted in an RFC 822 local part? ('.' is
 * allowed between other bytes; see needquote).  Bytes over 127 may, as
 * RFC 6532 3.2 has UTF-8 in atext: Return-Path <jörg@x>, not "jörg" */
static int atom(unsigned char c)
{
  if (c >= 128) return 1;
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= '0' && c <= '9') return 1;
  return c != 0 && strchr("!#$%&'*+-/=?^_`{|}~.", c) != 0;
}

static int needquote(const char *p, size_t n)
{
  size_t i;
  if (n == 0 || p[0] == '.' || p[n - 1] == '.') return 1;
  for (i = 0; i < n; ++i) {
    if (!atom((unsigned char)p[i])) return 1;
    if (p[i] == '.' && i + 1 < n && p[i + 1] == '.') return 1;
  }
  return 0;
}

int local_quote2(struct sa *out, const char *addr)
{
  size_t n = strlen(addr);
  size_t at = byte_rchr(addr, n, '@');
  size_t i;

  out->len = 0;
  if (n == 0) return sa_ready(out, 0);
  if (!needquote(addr, at)) return sa_catb(out, addr, n);
  if (!sa_append(out, '"')) return 0;
  for (i = 0; i < at; ++i) {
    char c = addr[i];
    if (c == '"' || c == '\\' || c == '\r' || c == '\n')
      if (!sa_append(out, '\\')) return 0;
    if (!sa_append(out, c)) return 0;
  }
  if (!sa_append(out, '"')) return 0;
  return sa_catb(out, addr + at, n - at);
}

int local_rpline(struct sa *out, const char *sender)
{
  struct sa quoted = SA_ZERO;
  size_t i;
  int ok = local_quote2(&quoted, sender) &&
           sa_copys(out, "Return-Path: <") && sa_cat(out, &quoted);
  sa_free(&quoted);
  if (!ok) return 0;
  for (i = 0; i < out->len; ++i)
    if (out->s[i] == '\n') out->s[i] = '_';
  return sa_cats(out, ">\n");
}

const char *local_extn(const char *ext, int n)
{
  for (; n > 1; --n) {
    ext += strcspn(ext, "-");
    if (*ext) ++ext;
  }
  return ext;
}

size_t local_hostn(const char *host, int n)
{
  size_t len = strlen(host);
  for (; n > 1; --n) len = byte_rchr(host, len, '.');
  return len;
}

int local_newsender(struct sa *out, const char *sender, const char *local,
                    const char *host, int hasowner, int hasownerdefault)
{
  /* CONTRACT (dot-qmail(5)): a bounce keeps its sender, so that a list
   * never answers a bounce with mail */
  if (!*sender || str_equal(sender, "#@[]") || !hasowner)
    return sa_copys(out, sender);
  if (!sa_copys(out, local)) return 0;
  if (hasownerdefault)
    return sa_cats(out, "-owner-@") && sa_cats(out, host) &&
           sa_cats(out, "-@[]");
  return sa_cats(out, "-owner@") && sa_cats(out, host);
}

/* ---- the header scan ---- */

void hdrscan_init(struct hdrscan *h, const char *dt, size_t dtlen,
                  size_t maxfield, size_t maxtotal)
{
  h->dt = dt;
  h->dtlen = dtlen;
  h->maxfield = maxfield;
  h->maxtotal = maxtotal;
  h->linelen = 0;
  h->fieldlen = 0;
  h->total = 0;
  h->matching = 1;
  h->crfirst = 0;
  h->state = HS_MORE;
}

int hdrscan_feed(struct hdrscan *h, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n && h->state == HS_MORE; ++i) {
    char c = p[i];
    if (h->linelen == 0) {
      if (c == '\n') {
        h->state = HS_END;
        break;
      }
      /* a line that begins with white space continues its field */
      if (c != ' ' && c != '\t') h->fieldlen = 0;
      h->crfirst = c == '\r';
      h->matching = 1;
    }
    /* SECURITY: counters stop at their caps, far below SIZE_MAX */
    ++h->linelen;
    ++h->fieldlen;
    ++h->total;
    if (h->fieldlen > h->maxfield) h->state = HS_LONGFIELD;
    else if (h->total > h->maxtotal) h->state = HS_BIG;
    if (h->matching)
      h->matching = h->linelen <= h->dtlen && h->dt[h->linelen - 1] == c;
    if (c == '\n' && h->state == HS_MORE) {
      if (h->matching && h->linelen == h->dtlen) h->state = HS_LOOP;
      else if (h->crfirst && h->linelen == 2) h->state = HS_END;
      h->linelen = 0;
    }
  }
  return h->state;
}

int hdrscan_eof(struct hdrscan *h)
{
  if (h->state == HS_MORE) h->state = HS_END;
  return h->state;
}

/* ---- helpers for the deliveries ---- */

/* why_set - the report text from its parts; returns code */
static int why_set(struct sa *why, int code, const char *const *parts)
{
  why->len = 0;
  for (; *parts; ++parts)
    if (!sa_cats(why, *parts)) {
      why->len = 0;     /* out of memory: main says so */
      break;
    }
  return code;
}
#define why_temp(w, ...) why_set((w), EX_TEMP, ERR_V(__VA_ARGS__))
#define why_perm(w, ...) why_set((w), EX_PERM, ERR_V(__VA_ARGS__))

/* fullcode - the enhanced status code for a failed write: a full disk
 * or quota is a full mailbox (RFC 3463 4.2.2), still worth a retry */
static const char *fullcode(int e)
{
  if (e == ENOSPC || e == EFBIG
#ifdef EDQUOT
      || e == EDQUOT
#endif
     )
    return ". (#4.2.2)";
  return ". (#4.3.0)";
}

static int rewind_msg(int msgfd, struct sa *why)
{
  if (lseek(msgfd, 0, SEEK_SET) == -1) {
    why_temp(why, "Unable to rewind message. (#4.3.0)");
    return 0;
  }
  return 1;
}

/* copymsg - msgfd to out, as it is; -1 read error, -2 write error */
static int copymsg(int msgfd, struct buf *out)
{
  char chunk[BUF_SIZE];
  for (;;) {
    ssize_t r = read(msgfd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return 0;
    if (!buf_put(out, chunk, (size_t)r)) return -2;
  }
}

/* ---- Maildir ---- */

int local_mdname(struct sa *out, unsigned long sec, unsigned long usec,
                 unsigned long pid, unsigned long counter,
                 unsigned long long rnd, const char *host)
{
  char hex[17];
  int i;

  for (i = 15; i >= 0; --i) {
    hex[i] = "0123456789abcdef"[rnd & 15];
    rnd >>= 4;
  }
  hex[16] = 0;
  if (!sa_catulong(out, sec) || !sa_cats(out, ".M") ||
      !sa_catulong(out, usec) || !sa_append(out, 'P') ||
      !sa_catulong(out, pid) || !sa_append(out, 'Q') ||
      !sa_catulong(out, counter) || !sa_append(out, 'R') ||
      !sa_cats(out, hex) || !sa_append(out, '.'))
    return 0;
  if (!*host) return sa_cats(out, "localhost");
  for (; *host; ++host) {
    /* maildir(5): '/' and ':' cannot appear in a name's unique part */
    const char *esc = *host == '/' ? "\\057" : *host == ':' ? "\\072" : 0;
    if (esc ? !sa_cats(out, esc) : !sa_append(out, *host)) return 0;
  }
  return 1;
}

static unsigned long long randomword(void)
{
  unsigned long long r = 0;
  struct timespec ts;
  if (getentropy(&r, sizeof r) == 0) return r;
  /* no entropy: the name is still unique (pid, counter, O_EXCL, link),
   * only harder to guess */
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 30);
}

/* mdpath - dir + sub + name, NUL-terminated */
static int mdpath(struct sa *out, const char *dir, const char *sub,
                  const struct sa *name)
{
  return sa_copys(out, dir) && sa_cats(out, sub) && sa_cat(out, name) &&
         sa_0(out);
}

/* mdnewname - a fresh name for this delivery */
static int mdnewname(struct sa *name)
{
  static unsigned long counter;
  static char host[256];
  struct timespec ts;

  if (!host[0]) {
    if (gethostname(host, sizeof host - 1) == -1) host[0] = 0;
    host[sizeof host - 1] = 0;
  }
  clock_gettime(CLOCK_REALTIME, &ts);
  name->len = 0;
  return local_mdname(name, (unsigned long)ts.tv_sec,
                      (unsigned long)ts.tv_nsec / 1000,
                      (unsigned long)getpid(), ++counter, randomword(), host);
}

/* mdwrite - the message into the open tmp file, durable on return */
static int mdwrite(int fd, int msgfd, const struct sa *rpline,
                   const struct sa *dtline, const char *tmpname,
                   struct sa *why)
{
  char space[BUF_SIZE];
  struct buf out;
  int r = -2;
  int e;

  buf_init(&out, fd, space, sizeof space);
  if (buf_putsa(&out, rpline) && buf_putsa(&out, dtline))
    r = copymsg(msgfd, &out);
  if (r == -1) {
    why_temp(why, "Unable to read message: ", err_str(errno), ". (#4.3.0)");
    return -1;
  }
  /* DURABILITY: the data is on disk before the name in new/ exists */
  if (r == 0 && buf_flush(&out) && dur_fsync(fd) == 0) return 0;
  e = errno;
  why_temp(why, "Unable to write ", tmpname, ": ", err_str(e), fullcode(e));
  return -1;
}

int local_maildir(const char *dir, int msgfd, const struct sa *rpline,
                  const struct sa *dtline, struct sa *why)
{
  struct sa name = SA_ZERO;
  struct sa tmp = SA_ZERO;
  struct sa new = SA_ZERO;
  struct sa newdir = SA_ZERO;
  struct stat st;
  int fd = -1;
  int tries;
  int code = EX_TEMP;

  if (stat(dir, &st) == -1) {
    /* plainly not a Maildir: a file where the directory should be */
    if (errno == ENOTDIR)
      return why_perm(why, "Maildir ", dir, " is not a directory. (#5.2.1)");
    return why_temp(why, "Unable to find maildir ", dir, ": ",
                    err_str(errno), ". (#4.2.1)");
  }
  if (!rewind_msg(msgfd, why)) return EX_TEMP;
  for (tries = 0; tries < LOCAL_MAILDIR_TRIES; ++tries) {
    if (!mdnewname(&name) || !mdpath(&tmp, dir, "tmp/", &name)) goto nomem;
    fd = open_excl(tmp.s, 0600);
    if (fd != -1 || errno != EEXIST) break;
  }
  if (fd == -1) {
    why_temp(why, "Unable to create a file in ", dir, "tmp/: ",
             err_str(errno), ". (#4.2.1)");
    goto done;
  }
  if (mdwrite(fd, msgfd, rpline, dtline, tmp.s, why) == -1) {
    close(fd);
    unlink(tmp.s);
    goto done;
  }
  if (close(fd) == -1) {       /* NFS may report a write error only here */
    why_temp(why, "Unable to write ", tmp.s, ": ", err_str(errno),
             fullcode(errno));
    unlink(tmp.s);
    goto done;
  }
  /* link, not rename: link never replaces an existing name, so no
   * delivery can overwrite another; a taken name gets a fresh one */
  for (tries = 1;; ++tries) {
    if (!mdpath(&new, dir, "new/", &name)) goto nomemtmp;
    if (link(tmp.s, new.s) == 0) break;
    if (errno != EEXIST || tries >= LOCAL_MAILDIR_TRIES) {
      why_temp(why, "Unable to link ", tmp.s, " into new/: ",
               err_str(errno), ". (#4.3.0)");
      unlink(tmp.s);
      goto done;
    }
    if (!mdnewname(&name)) goto nomemtmp;
  }
  /* DURABILITY: the name in new/ is on disk before we report success;
   * if this fails the message stays, and a retry may repeat it (at
   * least once, never lost) */
  if (!sa_copys(&newdir, dir) || !sa_cats(&newdir, "new") || !sa_0(&newdir))
    goto nomemtmp;
  if (dur_syncdir(newdir.s) == -1) {
    why_temp(why, "Unable to sync ", newdir.s, ": ", err_str(errno),
             ". (#4.3.0)");
    unlink(tmp.s);
    goto done;
  }
  unlink(tmp.s);
  code = EX_OK;
  goto done;
nomemtmp:
  unlink(tmp.s);
nomem:
  why_temp(why, "Out of memory. (#4.3.0)");
done:
  sa_free(&name);
  sa_free(&tmp);
  sa_free(&new);
  sa_free(&newdir);
  return code;
}

/* ---- mbox ---- */

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* lockbox - flock and fcntl locks, waiting at most LOCAL_LOCK_SECONDS
 * in all: 1 locked, 0 the file system has no locks (qmail goes on
 * unlocked), -1 someone held a lock all that time */
static int lockbox(int fd)
{
  long deadline = now_ms() + LOCAL_LOCK_SECONDS * 1000L;
  long pause = 5;
  int flocked = 0;
  int fcntled = 0;
  int flockable = 1;
  int fcntlable = 1;

  for (;;) {
    if (flockable && !flocked) {
      if (lock_exnb(fd) == 0) flocked = 1;
      else if (errno != EWOULDBLOCK && errno != EINTR) flockable = 0;
    }
    if (fcntlable && !fcntled && (flocked || !flockable)) {
      if (lock_fcntl_exnb(fd) == 0) fcntled = 1;
      else if (errno != EAGAIN && errno != EACCES && errno != EINTR)
        fcntlable = 0;
    }
    if ((flocked || !flockable) && (fcntled || !fcntlable))
      return flocked || fcntled;
    if (now_ms() >= deadline) return -1;
    {
      /* back off from 5 ms to 100 ms: cheap when the wait is short */
      struct timespec ts;
      ts.tv_sec = 0;
      ts.tv_nsec = pause * 1000000L;
      nanosleep(&ts, 0);
      if (pause < 100) pause *= 2;
    }
  }
}

static int mboxwrite(int fd, int msgfd, const struct sa *ufline,
                     const struct sa *rpline, const struct sa *dtline)
{
  char space[BUF_SIZE];
  char chunk[BUF_SIZE];
  struct buf out;
  struct fromquote q;

  buf_init(&out, fd, space, sizeof space);
  if (!buf_putsa(&out, ufline) || !buf_putsa(&out, rpline) ||
      !buf_putsa(&out, dtline))
    return -2;
  fromquote_init(&q);
  for (;;) {
    ssize_t r = read(msgfd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) break;
    if (!fromquote_put(&q, &out, chunk, (size_t)r)) return -2;
  }
  if (!fromquote_end(&q, &out) || !buf_flush(&out) || dur_fsync(fd) == -1)
    return -2;
  return 0;
}

int local_mbox(const char *path, int msgfd, const struct sa *ufline,
               const struct sa *rpline, const struct sa *dtline,
               struct sa *why)
{
  int fd;
  int locked;
  off_t pos;
  int r;
  int e;

  if (!rewind_msg(msgfd, why)) return EX_TEMP;
  fd = open_append(path);
  if (fd == -1)
    return why_temp(why, "Unable to open ", path, ": ", err_str(errno),
                    ". (#4.2.1)");
  locked = lockbox(fd);
  if (locked == -1) {
    close(fd);
    return why_temp(why, "File has been locked for 30 seconds straight. ",
                    "(#4.3.0)");
  }
  pos = lseek(fd, 0, SEEK_END);
  if (pos == -1) {
    e = errno;
    close(fd);
    return why_temp(why, "Unable to seek ", path, ": ", err_str(e),
                    ". (#4.3.0)");
  }
  r = mboxwrite(fd, msgfd, ufline, rpline, dtline);
  e = errno;
  if (r == 0) {
    close(fd);       /* after fsync: the data is safe whatever close says */
    return EX_OK;
  }
  /* dot-qmail(5): a half-written message is cut off again, but only
   * under our lock, when no one else can have appended after it */
  if (locked)
    while (ftruncate(fd, pos) == -1 && errno == EINTR) continue;
  close(fd);
  if (r == -1)
    return why_temp(why, "Unable to read message: ", err_str(e),
                    ". (#4.3.0)");
  return why_temp(why, "Unable to write ", path, ": ", err_str(e),
                  fullcode(e));
}

/* ---- programs ---- */

int local_progclass(int status)
{
  if (wait_crashed(status)) return -1;
  switch (wait_exitcode(status)) {
  case 0: return EX_OK;
  case 99: return EX_SKIP;
  case 100:
  case 64: case 65: case 70: case 76: case 77: case 78: case 112:
    return EX_PERM;      /* qmail-command(8): the hard errors */
  }
  return EX_TEMP;
}

static const char *const varnames[] = {
  "USER", "HOME", "LOCAL", "HOST", "HOST2", "HOST3", "HOST4", "RECIPIENT",
  "DTLINE", "RPLINE", "UFLINE", "SENDER", "NEWSENDER", "EXT", "EXT2",
  "EXT3", "EXT4", "DEFAULT", 0
};

int local_env(struct env *e, char *const *inherit, const struct local_vars *v,
              const char *defpath)
{
  size_t i;

  if (inherit && !env_copy(e, inherit)) return 0;
  for (i = 0; varnames[i]; ++i)
    if (!env_unset(e, varnames[i])) return 0;
  if (!env_put(e, "USER", v->user) || !env_put(e, "HOME", v->homedir) ||
      !env_put(e, "LOCAL", v->local) || !env_put(e, "HOST", v->host) ||
      !env_putb(e, "HOST2", v->host, local_hostn(v->host, 2)) ||
      !env_putb(e, "HOST3", v->host, local_hostn(v->host, 3)) ||
      !env_putb(e, "HOST4", v->host, local_hostn(v->host, 4)) ||
      !env_putb(e, "RECIPIENT", v->recipient->s, v->recipient->len) ||
      !env_putb(e, "DTLINE", v->dtline->s, v->dtline->len) ||
      !env_putb(e, "RPLINE", v->rpline->s, v->rpline->len) ||
      !env_putb(e, "UFLINE", v->ufline->s, v->ufline->len) ||
      !env_put(e, "SENDER", v->sender) ||
      !env_putb(e, "NEWSENDER", v->newsender->s, v->newsender->len) ||
      !env_put(e, "EXT", v->ext) ||
      !env_put(e, "EXT2", local_extn(v->ext, 2)) ||
      !env_put(e, "EXT3", local_extn(v->ext, 3)) ||
      !env_put(e, "EXT4", local_extn(v->ext, 4)))
    return 0;
  if (v->deflt && !env_put(e, "DEFAULT", v->deflt)) return 0;
  if (!env_find(e, "PATH") && defpath && !env_put(e, "PATH", defpath))
    return 0;
  return 1;
}

static void progchild(const char *cmd, int msgfd, char **envp, int out)
{
  char *argv[4];

  if (msgfd != 0 && fd_copy(0, msgfd) == -1) _exit(EX_TEMP);
  if (dup2(out, 1) == -1 || dup2(out, 2) == -1) _exit(EX_TEMP);
  if (out > 2) close(out);
  sig_default(SIGPIPE);
  sig_default(SIGXFSZ);
  sig_unblockall();
  /* SECURITY: cmd is the .qmail owner's own command line, run as that
   * owner; what the message's sender controls reaches it only through
   * the environment, never through the command string */
  argv[0] = (char *)(size_t)"/bin/sh";
  argv[1] = (char *)(size_t)"-c";
  argv[2] = (char *)(size_t)cmd;
  argv[3] = 0;
  execve(argv[0], argv, envp);
  {
    const char *text = "Unable to run /bin/sh: ";
    const char *reason = err_str(errno);
    if (write(1, text, strlen(text)) < 0 ||
        write(1, reason, strlen(reason)) < 0 ||
        write(1, ". (#4.3.0)\n", 11) < 0)
      _exit(EX_TEMP);
  }
  _exit(EX_TEMP);
}

/* relay - copy the child's output to outfd within the budget; returns
 * how many bytes the child wrote in all (dropped ones included) */
static size_t relay(int in, pid_t pid, int *status, int outfd,
                    size_t *budget)
{
  char chunk[4096];
  size_t seen = 0;
  int exited = 0;
  int drained = 0;
  int cut = 0;
  char last = '\n';
  struct pollfd pfd;

  for (;;) {
    int r;
    if (!exited && waitpid(pid, status, WNOHANG) == pid) exited = 1;
    /* and not for ever, if it keeps writing */
    if (exited && ++drained > LOCAL_DRAIN_READS) break;
    pfd.fd = in;
    pfd.events = POLLIN;
    pfd.revents = 0;
    /* a grandchild may keep the pipe open after the child is gone:
     * once the child has exited, take only what is already there */
    r = poll(&pfd, 1, exited ? 0 : 100);
    if (r == -1 && errno != EINTR) break;
    if (r > 0) {
      ssize_t got = read(in, chunk, sizeof chunk);
      if (got == -1 && errno == EINTR) continue;
      if (got <= 0) break;
      seen += (size_t)got;
      if (*budget) {
        size_t take = (size_t)got < *budget ? (size_t)got : *budget;
        fd_writeall(outfd, chunk, take, 0);
        if (take) last = chunk[take - 1];
        *budget -= take;
        if (take < (size_t)got) cut = 1;
      } else cut = 1;
      continue;
    }
    if (exited) break;
  }
  /* the mark of a cut goes on a line of its own */
  if (cut) {
    if (last != '\n') fd_writeall(outfd, "\n", 1, 0);
    fd_writeall(outfd, "...\n", 4, 0);
  }
  if (!exited) wait_pid(pid, status);
  return seen;
}

int local_program(const char *cmd, int msgfd, char **envp, int outfd,
                  size_t *budget, struct sa *why)
{
  int pi[2];
  pid_t pid;
  int status = 0;
  int code;
  size_t said;
  char num[FMT_ULONG];

  if (!rewind_msg(msgfd, why)) return EX_TEMP;
  if (pipe(pi) == -1)
    return why_temp(why, "Unable to create a pipe: ", err_str(errno),
                    ". (#4.3.0)");
  fd_cloexec(pi[0]);
  pid = fork();
  if (pid == -1) {
    close(pi[0]);
    close(pi[1]);
    return why_temp(why, "Unable to fork: ", err_str(errno), ". (#4.3.0)");
  }
  if (pid == 0) {
    close(pi[0]);
    progchild(cmd, msgfd, envp, pi[1]);
  }
  close(pi[1]);
  said = relay(pi[0], pid, &status, outfd, budget);
  close(pi[0]);
  code = local_progclass(status);
  why->len = 0;
  if (code == -1) return why_temp(why, "Aack, child crashed. (#4.3.0)");
  if ((code == EX_PERM || code == EX_TEMP) && said == 0) {
    /* the program said nothing: say at least how it ended */
    num[fmt_ulong(num, (unsigned long)wait_exitcode(status))] = 0;
    why_set(why, code, ERR_V("Program exited ", num, code == EX_PERM ?
            ", a permanent failure. (#5.3.0)" :
            ", a temporary failure. (#4.3.0)"));
  }
  return code;
}

/* ---- forwarding ---- */

int local_forward(const char *home, int msgfd, const struct sa *dtline,
                  const char *sender, const struct sa *recips, size_t n,
                  unsigned long *qp, struct sa *why)
{
  struct qq q;
  struct sa err = SA_ZERO;
  char chunk[BUF_SIZE];
  size_t i;
  size_t off = 0;
  int code;

  if (!rewind_msg(msgfd, why)) return EX_TEMP;
  if (qq_open(&q, home) == -1)
    return why_temp(why, "Unable to fork: ", err_str(errno), ". (#4.3.0)");
  *qp = qq_qp(&q);
  /* dot-qmail(5): a forwarded copy gets Delivered-To, not Return-Path */
  qq_put(&q, dtline->s, dtline->len);
  for (;;) {
    ssize_t r = read(msgfd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) qq_fail(&q);
    if (r <= 0) break;
    qq_put(&q, chunk, (size_t)r);
  }
  qq_from(&q, sender);
  for (i = 0; i < n && off < recips->len; ++i) {
    qq_to(&q, recips->s + off);
    off += strlen(recips->s + off) + 1;
  }
  if (qq_close(&q, &err) == 0) {
    sa_free(&err);
    return EX_OK;
  }
  code = err.len && err.s[0] == 'D' ? EX_PERM : EX_TEMP;
  why->len = 0;
  if (!sa_cats(why, "Unable to forward message: ") ||
      (err.len > 1 && !sa_catb(why, err.s + 1, err.len - 1)) ||
      (err.len <= 1 && !sa_cats(why, "qq failed (#4.3.0)")) ||
      !sa_append(why, '.'))
    why->len = 0;
  sa_free(&err);
  return code;
}

/* qmail-local - deliver or forward a message as the .qmail files say
 * runs as: the recipient (from qmail-lspawn); never root
 * reads:   the message on fd 0 (a seekable file); homedir/.qmail*
 * trusts:  its arguments (qmail-lspawn's); the recipient's .qmail files,
 *          whose program lines run as the recipient who wrote them
 * parses:  the message header (the loop check, bounded); .qmail files
 *          (dotqmail.c, bounded)
 *
 * The report goes to fd 1: qmail-lspawn hands it to qmail-send, which
 * logs it and puts it in bounces.  Exit 0 is success, 100 a permanent
 * failure, 111 a temporary one (qmail-local(8)).
 *
 * qmail-local -w is a worker: it does one delivery after another, each
 * as one run of qmail-local with the job's arguments would (lwork.h).
 * A run's end (report(), finish()) then comes back to the worker's
 * loop by longjmp instead of exiting, so every piece of a delivery's
 * state lives in 'a' and is reset by fresh() before the next one. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "dotqmail.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "lwork.h"
#include "qmail-local.h"
#include "qmesearch.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

extern char **environ;

const char *prog = "qmail-local";

/* the arguments, and what follows from them (all set once in main) */
static struct {
  int doit;                 /* deliver (-N), or only describe (-n) */
  const char *user;
  const char *homedir;
  const char *local;
  const char *dash;
  const char *ext;
  const char *host;
  const char *sender;
  const char *defaultdelivery;
  const char *deflt;        /* DEFAULT for a -default file, or null */
  struct sa safeext;
  struct sa recipient;      /* local@host */
  struct sa dtline;
  struct sa rpline;
  struct sa ufline;
  struct sa newsender;      /* NUL-terminated */
  struct sa qmail;          /* the .qmail file used: NUL-terminated */
  struct sa cmds;           /* its contents, or defaultdelivery */
  int forwardonly;          /* its x bit is set */
  int qmfd;                 /* the .qmail file while it is read, or -1 */
  size_t budget;            /* bytes of programs' output still reported */
  struct sa name;           /* scratch: a .qmail name */
  struct sa recips;         /* the forwards, each NUL-terminated */
  struct sa why;            /* a failed instruction's report */
  struct env env;           /* the programs' environment, once built */
} a = { .qmfd = -1 };

/* a worker's job: where its end comes back to, with its code (working:
 * in a job) */
static jmp_buf jobend;
static int jobcode;
static int working;

static char outspace[1024];
static struct buf out;

/* end - a delivery is over: exit with its code, or in a worker go back
 * to the loop with it */
static void end(int code) __attribute__((noreturn));
static void end(int code)
{
  if (working) {
    jobcode = code;
    longjmp(jobend, 1);
  }
  _exit(code);
}

/* report - the last words on fd 1, then the end */
static void report(int code, const char *const *parts)
  __attribute__((noreturn));
static void report(int code, const char *const *parts)
{
  for (; *parts; ++parts) buf_puts(&out, *parts);
  buf_puts(&out, "\n");
  buf_flush(&out);
  end(code);
}
#define fail_temp(...) report(EX_TEMP, ERR_V(__VA_ARGS__))
#define fail_perm(...) report(EX_PERM, ERR_V(__VA_ARGS__))

static void nomem(void)
{
  fail_temp("Out of memory. (#4.3.0)");
}

static void usage(void)
{
  die_usage("qmail-local [ -nN ] user homedir local dash ext domain sender "
            "defaultdelivery");
}

static void args(int argc, char **argv)
{
  int i = 1;

  a.doit = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
    const char *o = argv[i] + 1;
    if (str_equal(argv[i], "--")) {
      ++i;
      break;
    }
    for (; *o; ++o)
      if (*o == 'n') a.doit = 0;
      else if (*o == 'N') a.doit = 1;
      else usage();
  }
  if (argc - i != 8) usage();
  a.user = argv[i];
  a.homedir = argv[i + 1];
  a.local = argv[i + 2];
  a.dash = argv[i + 3];
  a.ext = argv[i + 4];
  a.host = argv[i + 5];
  a.sender = argv[i + 6];
  a.defaultdelivery = argv[i + 7];
  if (a.homedir[0] != '/') usage();
}

/* checkhome - SECURITY: a home others can write is a .qmail others can
 * write; a sticky home means the user is editing .qmail right now */
static void checkhome(void)
{
  struct stat st;

  if (stat(".", &st) == -1)
    fail_temp("Unable to stat home directory: ", err_str(errno),
              ". (#4.3.0)");
  /* CONTRACT: qme_homeok says which homes qmail-newrcpt marks as
   * deferring, so it must stay true to the two tests here */
  if (st.st_mode & QME_PATRN)
    fail_temp("Uh-oh: home directory is writable. (#4.7.0)");
  if (st.st_mode & S_ISVTX) {
    if (a.doit)
      fail_temp("Home directory is sticky: ",
                "user is editing his .qmail file. (#4.2.1)");
    buf_putsflush(&out, "Warning: home directory is sticky.\n");
  }
}

/* lines - the added lines, the recipient and the sender for forwards */
static void lines(void)
{
  if (!sa_copys(&a.recipient, a.local) || !sa_append(&a.recipient, '@') ||
      !sa_cats(&a.recipient, a.host))
    nomem();
  if (!local_dtline(&a.dtline, a.local, a.host)) nomem();
  if (!local_rpline(&a.rpline, a.sender)) nomem();
  if (!mbox_ufline(&a.ufline, a.sender, time(0))) nomem();
  if (!qme_safeext(&a.safeext, a.ext)) nomem();
}

/* loopcheck - refuse a message that already has our Delivered-To line;
 * SECURITY: the header is scanned, never held, and capped (the 2020
 * Qualys attack sent qmail-local a 4 GiB header line) */
static void loopcheck(void)
{
  char chunk[BUF_SIZE];
  struct hdrscan h;
  int state = HS_MORE;

  if (lseek(0, 0, SEEK_SET) == -1)
    fail_temp("Unable to rewind message. (#4.3.0)");
  hdrscan_init(&h, a.dtline.s, a.dtline.len, LIM_HEADER, LIM_HEADER_TOTAL);
  while (state == HS_MORE) {
    ssize_t r = read(0, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1)
      fail_temp("Unable to read message: ", err_str(errno), ". (#4.3.0)");
    state = r == 0 ? hdrscan_eof(&h) : hdrscan_feed(&h, chunk, (size_t)r);
  }
  if (state == HS_LOOP)
    fail_perm("This message is looping: ",
              "it already has my Delivered-To line. (#5.4.6)");
  if (state == HS_LONGFIELD)
    fail_perm("Message header field is too long: ",
              "over 262144 bytes with its continuation lines. (#5.3.4)");
  if (state == HS_BIG)
    fail_perm("Message header is too big: over 8388608 bytes. (#5.3.4)");
}

/* probe - qme_search's look at one name, with qmail-local's reports;
 * the fd found is kept for instructions() */
static int probe(void *ctx, const char *name)
{
  int *fd = ctx;
  int r = qme_open(name, fd, &a.forwardonly);

  if (r == QME_TEMP)
    fail_temp("Unable to open ", name, ": ", err_str(errno), ". (#4.3.0)");
  if (r == QME_WRITABLE) fail_temp("Uh-oh: .qmail file is writable. (#4.7.0)");
  return r;
}

static void qmename(struct sa *name, const char *ext, size_t len,
                    const char *suffix)
{
  name->len = 0;
  if (!sa_cats(name, ".qmail") || !sa_cats(name, a.dash) ||
      !sa_catb(name, ext, len) || !sa_cats(name, suffix) || !sa_0(name))
    nomem();
}

/* qmesearch - .qmail-a-b, then .qmail-a-default, then .qmail-default
 * (dot-qmail(5), qmesearch.h); DEFAULT is the part of ext a -default
 * file stands for */
static int qmesearch(void)
{
  size_t deflt;
  int fd = -1;
  int r = qme_search(a.dash, a.safeext.s, a.safeext.len, probe, &fd, &a.qmail,
                     &deflt);

  if (r == QME_TEMP) nomem();          /* probe() reports the others */
  if (r != QME_FOUND) return -1;
  if (deflt != QME_NODEFAULT) a.deflt = a.ext + deflt;   /* same length */
  a.qmfd = fd;
  return fd;
}

/* exists - is .qmail<dash><safeext><suffix> there (for -owner)? */
static int exists(const char *suffix)
{
  struct stat st;
  int r;

  qmename(&a.name, a.safeext.s, a.safeext.len, suffix);
  r = stat(a.name.s, &st);
  if (r == -1 && !qme_absent(errno))
    fail_temp("Unable to stat ", a.name.s, ": ", err_str(errno),
              ". (#4.3.0)");
  return r == 0;
}

/* newsender - NEWSENDER, the envelope sender of forwarded copies */
static void newsender(void)
{
  int owner = 0;
  int ownerdefault = 0;

  /* a bounce keeps its empty sender: no owner lookup */
  if (*a.sender && !str_equal(a.sender, "#@[]")) {
    owner = exists("-owner");
    if (owner) ownerdefault = exists("-owner-default");
  }
  if (!local_newsender(&a.newsender, a.sender, a.local, a.host, owner,
                       ownerdefault) ||
      !sa_0(&a.newsender))
    nomem();
}

/* readqmail - the file's contents, at most LIM_DOTQMAIL bytes */
static void readqmail(int fd)
{
  char chunk[4096];

  a.cmds.len = 0;
  a.cmds.max = LIM_DOTQMAIL;
  for (;;) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1)
      fail_temp("Unable to read ", a.qmail.s, ": ", err_str(errno),
                ". (#4.3.0)");
    if (r == 0) break;
    if (!sa_catb(&a.cmds, chunk, (size_t)r)) {
      if (errno == E2BIG)
        fail_temp("Uh-oh: ", a.qmail.s,
                  " is longer than 1048576 bytes. (#4.2.1)");
      nomem();
    }
  }
  close(fd);
  a.qmfd = -1;
}

/* instructions - what to follow, the .qmail file or defaultdelivery;
 * returns its name for reports */
static const char *instructions(void)
{
  int fd = qmesearch();

  if (fd == -1 && *a.dash)
    fail_perm("Sorry, no mailbox here by that name. (#5.1.1)");
  newsender();
  if (fd != -1) readqmail(fd);
  if (fd != -1 && a.cmds.len) return a.qmail.s;
  /* dot-qmail(5): an empty or missing .qmail means defaultdelivery */
  a.forwardonly = 0;
  a.cmds.max = LIM_DOTQMAIL;
  if (!sa_copys(&a.cmds, a.defaultdelivery)) nomem();
  return "defaultdelivery";
}

/* checkcmds - every line is followed or none: a bad line found half
 * way would leave the earlier deliveries done and repeated on retry */
static void checkcmds(const char *name)
{
  struct dq_line bad;
  char num[FMT_ULONG];

  if (dotqmail_check(a.cmds.s, a.cmds.len, a.forwardonly, &bad)) return;
  num[fmt_ulong(num, (unsigned long)bad.lineno)] = 0;
  fail_temp("Uh-oh: ", name, " line ", num, ": ", bad.why,
            bad.policy ? ". (#4.7.0)" : ". (#4.2.1)");
}

static void progenv(struct env *e)
{
  struct local_vars v;
  struct sa path = SA_ZERO;
  struct sa ns = a.newsender;

  v.user = a.user;
  v.homedir = a.homedir;
  v.local = a.local;
  v.host = a.host;
  v.ext = a.ext;
  v.sender = a.sender;
  v.deflt = a.deflt;
  v.recipient = &a.recipient;
  /* a.newsender ends in a NUL for qq_from; the variable does not */
  ns.len--;
  v.newsender = &ns;
  v.dtline = &a.dtline;
  v.rpline = &a.rpline;
  v.ufline = &a.ufline;
  if (!sa_cats(&path, auto_qmail) ||
      !sa_cats(&path, "/bin:/usr/local/bin:/usr/bin:/bin") || !sa_0(&path) ||
      !local_env(e, environ, &v, path.s))
    nomem();
  sa_free(&path);
}

/* finish - a failed instruction ends the delivery (dot-qmail(5)) */
static void finish(int code, const struct sa *why) __attribute__((noreturn));
static void finish(int code, const struct sa *why)
{
  if (why->len) {
    buf_putsa(&out, why);
    buf_puts(&out, "\n");
  }
  buf_flush(&out);
  end(code);
}

struct counts {
  unsigned long file;
  unsigned long forward;
  unsigned long program;
};

/* describe - -n: say what would be done */
static void describe(const struct dq_line *l)
{
  buf_puts(&out, dotqmail_kindname(l->kind));
  buf_puts(&out, " ");
  buf_put(&out, l->arg, l->len);
  buf_puts(&out, "\n");
}

static int follow(const struct dq_line *l, struct counts *n,
                  struct sa *recips, struct env *e, struct sa *why)
{
  struct sa arg = SA_ZERO;
  int code = EX_OK;

  if (l->kind == DQ_PROGRAM) ++n->program;
  else if (l->kind == DQ_FORWARD) ++n->forward;
  else ++n->file;
  if (!a.doit) {
    describe(l);
    return EX_OK;
  }
  if (!sa_copyb(&arg, l->arg, l->len) || !sa_0(&arg)) nomem();
  switch (l->kind) {
  case DQ_MBOX:
    code = local_mbox(arg.s, 0, &a.ufline, &a.rpline, &a.dtline, why);
    break;
  case DQ_MAILDIR:
    code = local_maildir(arg.s, 0, &a.rpline, &a.dtline, why);
    break;
  case DQ_PROGRAM:
    if (!e->vec) progenv(e);
    code = local_program(arg.s, 0, env_vec(e), 1, &a.budget, why);
    break;
  case DQ_FORWARD:
    /* dot-qmail(5): forwards wait until every other line succeeded */
    if (!sa_cat(recips, &arg)) nomem();
    break;
  }
  sa_free(&arg);
  return code;
}

static void deliver(void)
{
  struct dq_reader r;
  struct dq_line l;
  struct counts n = { 0, 0, 0 };
  struct sa *recips = &a.recips;
  struct sa *why = &a.why;
  struct env *e = &a.env;
  unsigned long qp = 0;
  char num[FMT_ULONG];

  dotqmail_init(&r, a.cmds.s, a.cmds.len);
  while (dotqmail_next(&r, &l)) {
    int code;
    if (l.kind != DQ_PROGRAM && l.kind != DQ_FORWARD && l.kind != DQ_MBOX &&
        l.kind != DQ_MAILDIR)
      continue;
    buf_flush(&out);       /* a program's output comes after ours */
    code = follow(&l, &n, recips, e, why);
    if (code == EX_TEMP || code == EX_PERM) finish(code, why);
    if (code == EX_SKIP) break;     /* earlier forwards still go */
  }
  if (a.doit && n.forward) {
    int code = local_forward(auto_qmail, 0, &a.dtline, a.newsender.s,
                             recips, (size_t)n.forward, &qp, why);
    if (code != EX_OK) finish(code, why);
  }
  /* CONTRACT: qmail's success report, "did" files+forwards+programs */
  buf_puts(&out, "did ");
  buf_put(&out, num, fmt_ulong(num, n.file));
  buf_puts(&out, "+");
  buf_put(&out, num, fmt_ulong(num, n.forward));
  buf_puts(&out, "+");
  buf_put(&out, num, fmt_ulong(num, n.program));
  buf_puts(&out, "\n");
  if (qp) {
    buf_puts(&out, "qp ");
    buf_put(&out, num, fmt_ulong(num, qp));
    buf_puts(&out, "\n");
  }
  buf_flush(&out);
}

/* one - a whole delivery, from the home directory on */
static void one(void)
{
  const char *name;

  if (chdir(a.homedir) == -1)
    fail_temp("Unable to switch to ", a.homedir, ": ", err_str(errno),
              ". (#4.3.0)");
  checkhome();
  lines();
  if (a.doit) loopcheck();
  name = instructions();
  checkcmds(name);
  deliver();
}

/* fresh - forget the last delivery: nothing of it reaches the next */
static void fresh(void)
{
  if (a.qmfd != -1) close(a.qmfd);
  a.qmfd = -1;
  a.deflt = 0;
  a.forwardonly = 0;
  a.budget = LIM_LOCAL_PROGOUT;
  a.safeext.len = a.recipient.len = a.dtline.len = a.rpline.len = 0;
  a.ufline.len = a.newsender.len = a.qmail.len = a.cmds.len = 0;
  a.name.len = a.recips.len = a.why.len = 0;
  env_free(&a.env);
  buf_init(&out, 1, outspace, sizeof outspace);
}

/* job - one delivery in a worker, with the message on fd 0 and the
 * report pipe on fds 1 and 2: the code qmail-local would exit with */
static int job(const char *const *args)
{
  fresh();
  a.user = args[0];
  a.homedir = args[1];
  a.local = args[2];
  a.dash = args[3];
  a.ext = args[4];
  a.host = args[5];
  a.sender = args[6];
  a.defaultdelivery = args[7];
  if (setjmp(jobend) == 0) {
    working = 1;
    one();
    jobcode = EX_OK;
  }
  working = 0;
  fresh();
  return jobcode;
}

/* worker - qmail-local -w: jobs from qmail-lspawn on fd 0 (lwork.h)
 * until end of file.  The socket moves out of the way, close-on-exec,
 * so that no program a .qmail file runs holds it; between jobs fds 0,
 * 1 and 2 are /dev/null, so that the job's report pipe is closed when
 * the status goes and no file the worker opens lands on them. */
static void worker(void)
{
  static char packet[LWORK_JOB];
  int sock = fcntl(0, F_DUPFD_CLOEXEC, 3);
  int nul = open("/dev/null", O_RDWR | O_CLOEXEC);

  if (sock == -1 || nul == -1 || dup2(nul, 0) == -1)
    fail_temp("Unable to set up the worker: ", err_str(errno), ". (#4.3.0)");
  for (;;) {
    unsigned char st[LWORK_STATUS];
    const char *args[LWORK_ARGS];
    unsigned long num;
    size_t n;
    int fds[2];
    int code;
    int r = lwork_recv(sock, packet, sizeof packet, &n, fds);

    if (r == 0) _exit(EX_OK);
    if (r == -1) _exit(EX_TEMP);
    if (!lwork_parse(packet, n, &num, args)) {
      /* the job's report says why; its status never comes, and this
       * worker's exit ends the job (qmail-lspawn(8)) */
      static const char bad[] = "Malformed job for qmail-local -w. (#4.3.0)\n";
      fd_writeall(fds[1], bad, sizeof bad - 1, 0);
      _exit(EX_TEMP);
    }
    if (dup2(fds[0], 0) == -1 || dup2(fds[1], 1) == -1 || dup2(1, 2) == -1)
      _exit(EX_TEMP);
    close(fds[0]);
    close(fds[1]);
    code = job(args);
    if (dup2(nul, 0) == -1 || dup2(nul, 1) == -1 || dup2(nul, 2) == -1)
      _exit(EX_TEMP);
    lwork_status(st, num, code);
    if (send(sock, st, sizeof st, MSG_NOSIGNAL) != (ssize_t)sizeof st)
      _exit(EX_TEMP);
  }
}

int main(int argc, char **argv)
{
  int w = argc == 2 && str_equal(argv[1], "-w");

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  umask(077);
  /* a reader that goes away, or a file size limit, is a write error
   * to handle, not a reason to die without a report */
  sig_ignore(SIGPIPE);
  sig_ignore(SIGXFSZ);
  buf_init(&out, 1, outspace, sizeof outspace);
  if (w) a.doit = 1;
  else args(argc, argv);
  /* SECURITY: qmail-local runs as the recipient; as root, a .qmail
   * program line would run as root */
  if (getuid() == 0 || geteuid() == 0)
    fail_temp("Refusing to deliver as root. (#4.3.0)");
  if (w) worker();
  a.budget = LIM_LOCAL_PROGOUT;
  one();
  return EX_OK;
}

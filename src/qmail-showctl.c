/* qmail-showctl - explain the configuration: compiled-in and control/
 * runs as: any user (control/ is world-readable); writes no files
 * reads:   HOME/control/ (every file qmail-control(5) names, and the
 *          names of the others); the compiled-in home and ids
 * trusts:  nothing it reads: values print with bytes outside 32-126 as
 *          '?', and a file it cannot read is reported, not guessed at
 * parses:  control files, with ctl.h's rules, the same as the programs
 *          that use them
 *
 * The layout is qmail's, because administrators compare the two: the
 * compiled-in settings, one a line, then a paragraph per control file,
 * "\nname: " followed by "(Default.) " when the file is missing, then
 * what the value means.  Files listed one entry a line print each entry
 * on its own line.  Last, every other name in control/ is flagged: a
 * misspelt control file is a setting silently not in force.
 *
 * A missing one-line file whose default is me shows me's value, as the
 * programs that read it would use it.  A file that cannot be read is
 * "Oops!" in its paragraph and makes the exit code 111. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "ctl.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "queue.h"
#include "sa.h"
#include "spawnproto.h"
#include "str.h"

const char *prog = "qmail-showctl";

/* names in control/ that are none of ours, sorted before printing */
#define LIM_UNKNOWN 1000

struct ctlfile {
  const char *name;
  void (*show)(const struct ctlfile *f);
  const char *def;          /* default value, or for a list its text */
  unsigned long defnum;     /* default of a number */
  unsigned long cap;        /* a number over this is cut to it; 0: none */
  const char *pre;          /* text before the value or each entry */
  const char *post;         /* text after it */
};

static struct {
  struct buf out;
  char outspace[BUF_SIZE];
  struct sa me;             /* control/me, when meok */
  int meok;
  struct sa line;           /* a one-line file's value */
  struct sa list;           /* a list file's entries */
  int rcpthosts;            /* rcpthosts has entries (morercpthosts) */
  int trouble;              /* some file was unreadable: exit 111 */
  struct sa unknown;        /* the other names, NUL after each */
  size_t offsets[LIM_UNKNOWN];
  size_t nunknown;
  int toomany;
} sc = { .me = SA_ZERO, .line = SA_ZERO, .list = SA_ZERO,
         .unknown = SA_ZERO };

static void out(const char *p, size_t n)
{
  if (!buf_put(&sc.out, p, n)) die_tempsys("unable to write output");
}

static void outs(const char *s)
{
  out(s, strlen(s));
}

/* outsafe - bytes outside 32-126 become '?', as in qmail */
static void outsafe(const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    char c = (p[i] >= 32 && p[i] <= 126) ? p[i] : '?';
    out(&c, 1);
  }
}

static void outnum(unsigned long u)
{
  char num[FMT_ULONG];
  out(num, fmt_ulong(num, u));
}

/* head - the start of a file's paragraph */
static void head(const struct ctlfile *f)
{
  outs("\n");
  outs(f->name);
  outs(": ");
}

/* oops - the file could not be read; errno says why */
static void oops(void)
{
  const char *why;

  if (errno == EINVAL) why = "its first line is not a decimal number";
  else if (errno == ERANGE) why = "its number is too large";
  else if (errno == EILSEQ) why = "it holds a NUL byte";
  else if (errno == E2BIG) why = "a line or the file is over quire's limit";
  else why = err_str(errno);
  outs("Oops! Unable to read this file: ");
  outs(why);
  outs(".\n");
  sc.trouble = 1;
}

/* strline - a one-line file; missing, def, or with defme me if known */
static void strline(const struct ctlfile *f, int defme)
{
  int r;

  head(f);
  r = ctl_readline(f->name, &sc.line, 0);
  if (r == -1) {
    oops();
    return;
  }
  if (r == 0) outs("(Default.) ");
  outs(f->pre);
  if (r == 1) outsafe(sc.line.s, sc.line.len);
  else if (defme && sc.meok) outsafe(sc.me.s, sc.me.len);
  else outs(f->def);
  outs(f->post);
  outs("\n");
}

static void show_str(const struct ctlfile *f)
{
  strline(f, 0);
}

static void show_strme(const struct ctlfile *f)
{
  strline(f, 1);
}

/* readnum - the paragraph's head and the number; 1 read, 0 default,
 * -1 after saying why not */
static int readnum(const struct ctlfile *f, unsigned long *n)
{
  int r;

  head(f);
  r = ctl_readulong(f->name, n, f->defnum);
  if (r == -1) oops();
  if (r == 0) outs("(Default.) ");
  return r;
}

/* show_num - a number on the first line */
static void show_num(const struct ctlfile *f)
{
  unsigned long n;

  if (readnum(f, &n) == -1) return;
  outs(f->pre);
  outnum(n);
  outs(f->post);
  if (f->cap && n > f->cap) {
    outs(", over the silent limit: ");
    outnum(f->cap);
    outs(" is used");
  }
  outs(".\n");
}

/* show_databytes - a number, where 0 means no limit (qmail-smtpd(8)) */
static void show_databytes(const struct ctlfile *f)
{
  unsigned long n;

  if (readnum(f, &n) == -1) return;
  if (n == 0) {
    outs(f->def);
    outs("\n");
    return;
  }
  outs(f->pre);
  outnum(n);
  outs(f->post);
  outs(".\n");
}

/* showlist - a file of entries, one a line; ctl_readlist's result.
 * Missing, it prints def, or with defme and me known, me as an entry. */
static int showlist(const struct ctlfile *f, const char *def, int defme)
{
  size_t i;
  size_t j;
  int r;

  head(f);
  r = ctl_readlist(f->name, &sc.list);
  if (r == -1) {
    oops();
    return -1;
  }
  if (r == 0) {
    outs("(Default.) ");
    if (defme && sc.meok) {
      outs(f->pre);
      outsafe(sc.me.s, sc.me.len);
      outs(f->post);
    } else {
      outs(def);
    }
    outs("\n");
    return 0;
  }
  outs("\n");
  for (i = j = 0; j < sc.list.len; ++j)
    if (!sc.list.s[j]) {
      outs(f->pre);
      outsafe(sc.list.s + i, j - i);
      outs(f->post);
      outs("\n");
      i = j + 1;
    }
  return 1;
}

static void show_list(const struct ctlfile *f)
{
  showlist(f, f->def, 0);
}

/* show_locals - missing, locals is me alone */
static void show_locals(const struct ctlfile *f)
{
  showlist(f, f->def, 1);
}

/* show_rcpthosts - remembers whether the file exists: qmail-smtpd
 * reads morercpthosts.cdb only then (an unreadable one counts as there:
 * qmail-smtpd then defers every recipient) */
static void show_rcpthosts(const struct ctlfile *f)
{
  sc.rcpthosts = showlist(f, f->def, 0) != 0;
}

/* show_morercpthosts - it matters only when rcpthosts is in force */
static void show_morercpthosts(const struct ctlfile *f)
{
  struct ctlfile g = *f;

  if (!sc.rcpthosts) {
    g.pre = "Ignored while rcpthosts is missing: ";
    g.post = ".";
    showlist(&g, "Nothing to add, and rcpthosts is missing anyway.", 0);
    return;
  }
  showlist(&g, f->def, 0);
}

/* show_mrhcdb - qmail-smtpd reads morercpthosts.cdb, which qmail-newmrh
 * makes from morercpthosts: say whether it looks made from the latest */
static void show_mrhcdb(const struct ctlfile *f)
{
  struct stat text;
  struct stat cdb;
  int havetext;
  int havecdb;

  head(f);
  havetext = stat("morercpthosts", &text) == 0;
  if (!havetext && errno != ENOENT) {
    outs("Oops! Unable to stat morercpthosts: ");
    outs(err_str(errno));
    outs(".\n");
    sc.trouble = 1;
    return;
  }
  havecdb = stat(f->name, &cdb) == 0;
  if (!havecdb && errno != ENOENT) {
    oops();
    return;
  }
  if (!havetext && !havecdb)
    outs("(Default.) Absent, and so is morercpthosts: nothing to add.\n");
  else if (!havetext)
    outs("Oops! It exists but morercpthosts does not: "
         "run qmail-newmrh or remove it.\n");
  else if (!havecdb)
    outs("Oops! morercpthosts exists but this does not: "
         "run qmail-newmrh.\n");
  else if (text.st_mtime > cdb.st_mtime)
    outs("Oops! It is older than morercpthosts: run qmail-newmrh.\n");
  else
    outs("Newer than morercpthosts, so probably made from it.\n");
}

/* show_me - control/me itself; read once in main */
static void show_me(const struct ctlfile *f)
{
  head(f);
  if (!sc.meok) {
    outs("(Default.) ");
    outs(f->def);
    outs("\n");
    return;
  }
  outs(f->pre);
  outsafe(sc.me.s, sc.me.len);
  outs(f->post);
  outs("\n");
}

/* qmail-control(5)'s files, in qmail-showctl's order.  CONTRACT: the
 * defaults are those of the programs that read the files. */
static const struct ctlfile files[] = {
  { "badmailfrom", show_list,
    "No envelope sender is refused.", 0, 0,
    "SMTP refuses MAIL FROM ", "." },
  { "bouncefrom", show_str, "MAILER-DAEMON", 0, 0,
    "Bounces come from the user name ", "." },
  { "bouncehost", show_strme, "bouncehost", 0, 0,
    "Bounces come from the host name ", "." },
  { "concurrencylocal", show_num, 0, 10, LIM_SPAWN_SLOTS,
    "At most ", " local deliveries run at once" },
  { "concurrencyremote", show_num, 0, 20, LIM_SPAWN_SLOTS,
    "At most ", " remote deliveries run at once" },
  { "databytes", show_databytes, "SMTP sets no limit on message size.",
    LIM_DATABYTES_DEFAULT, 0, "SMTP refuses messages over ", " bytes" },
  { "defaultdomain", show_strme, "defaultdomain", 0, 0,
    "Host names without a dot get the domain ", "." },
  { "defaulthost", show_strme, "defaulthost", 0, 0,
    "Addresses without a host get the host name ", "." },
  { "doublebouncehost", show_strme, "doublebouncehost", 0, 0,
    "Double bounces go to the host ", "." },
  { "doublebounceto", show_str, "postmaster", 0, 0,
    "Double bounces go to the user ", "." },
  { "envnoathost", show_strme, "envnoathost", 0, 0,
    "Envelope recipients without @ get the host name ", "." },
  { "helohost", show_strme, "helohost", 0, 0,
    "qmail-remote greets servers with EHLO (or HELO) ", "." },
  { "idhost", show_strme, "idhost", 0, 0,
    "New Message-IDs end in @", "." },
  { "localiphost", show_strme, "localiphost", 0, 0,
    "Mail for a domain literal of a local IP address is taken as mail for ",
    "." },
  { "locals", show_locals,
    "No host is local: me is missing too.", 0, 0,
    "Mail for ", " is delivered here." },
  { "me", show_me,
    "Missing! Defaults that would be me are placeholders instead.",
    0, 0, "This host is ", "." },
  { "percenthack", show_list,
    "No domain has the percent hack.", 0, 0,
    "user%host@", " becomes user@host." },
  { "plusdomain", show_strme, "plusdomain", 0, 0,
    "A host name ending in + gets the domain ", "." },
  { "qmqpservers", show_list, "No QMQP servers.", 0, 0,
    "QMQP server ", "." },
  { "queuelifetime", show_num, 0, 604800, 0,
    "Messages stay in the queue at most ", " seconds" },
  { "rcpthosts", show_rcpthosts,
    "No list: SMTP refuses every recipient with a domain.", 0, 0,
    "SMTP accepts mail for recipients at ", "." },
  { "morercpthosts", show_morercpthosts,
    "Nothing to add to rcpthosts.", 0, 0,
    "SMTP accepts mail for recipients at ",
    " (through morercpthosts.cdb)." },
  { "morercpthosts.cdb", show_mrhcdb, 0, 0, 0, "", "" },
  { "smtpgreeting", show_strme, "smtpgreeting", 0, 0,
    "qmail-smtpd greets clients with 220 ", "." },
  { "smtproutes", show_list, "No static SMTP routes.", 0, 0,
    "SMTP route ", "" },
  { "timeoutconnect", show_num, 0, 60, 0,
    "qmail-remote gives up a connection attempt after ", " seconds" },
  { "timeoutremote", show_num, 0, 1200, 0,
    "qmail-remote gives up on a silent server after ", " seconds" },
  { "timeoutsmtpd", show_num, 0, 1200, 0,
    "qmail-smtpd gives up on a silent client after ", " seconds" },
  { "virtualdomains", show_list, "No virtual domains.", 0, 0,
    "Virtual domain ", "" },
};

#define NFILES (sizeof files / sizeof files[0])

static int known(const char *name)
{
  size_t i;

  for (i = 0; i < NFILES; ++i)
    if (str_equal(name, files[i].name)) return 1;
  return 0;
}

static int byname(const void *a, const void *b)
{
  return strcmp(sc.unknown.s + *(const size_t *)a,
                sc.unknown.s + *(const size_t *)b);
}

/* collect - the names in control/ that are not ours */
static void collect(void)
{
  DIR *d;
  struct dirent *e;

  d = opendir(".");
  if (!d) die_tempsys("unable to read ", auto_qmail, "/control");
  for (;;) {
    errno = 0;
    e = readdir(d);
    if (!e) break;
    if (str_equal(e->d_name, ".") || str_equal(e->d_name, "..")) continue;
    if (known(e->d_name)) continue;
    if (sc.nunknown == LIM_UNKNOWN) {
      sc.toomany = 1;
      continue;
    }
    sc.offsets[sc.nunknown++] = sc.unknown.len;
    if (!sa_cats(&sc.unknown, e->d_name) || !sa_0(&sc.unknown))
      temp_nomem();
  }
  if (errno) die_tempsys("unable to read ", auto_qmail, "/control");
  closedir(d);
  qsort(sc.offsets, sc.nunknown, sizeof sc.offsets[0], byname);
}

static void show_unknown(void)
{
  size_t i;

  for (i = 0; i < sc.nunknown; ++i) {
    const char *name = sc.unknown.s + sc.offsets[i];
    outs("\n");
    outsafe(name, strlen(name));
    outs(": no quire program reads this file.\n");
  }
  if (sc.toomany) {
    outs("\nOops! More than ");
    outnum(LIM_UNKNOWN);
    outs(" unknown files; the rest are not listed.\n");
    sc.trouble = 1;
  }
}

/* settings - what the build compiled in */
static void settings(void)
{
  static const uid_t *const uids[] = {
    &auto_uid_alias, &auto_uid_daemon, &auto_uid_log, &auto_uid_owner,
    &auto_uid_passwd, &auto_uid_queue, &auto_uid_remote, &auto_uid_send
  };
  size_t i;

  outs("qmail home directory: ");
  outsafe(auto_qmail, strlen(auto_qmail));
  outs(".\nuser-ext delimiter: -.\nsilent concurrency limit: ");
  outnum(LIM_SPAWN_SLOTS);
  outs(".\nsubdirectory split: ");
  outnum(QUEUE_SPLIT);
  outs(".\nuser ids: ");
  for (i = 0; i < sizeof uids / sizeof uids[0]; ++i) {
    if (i) outs(", ");
    outnum((unsigned long)*uids[i]);
  }
  outs(".\ngroup ids: ");
  outnum((unsigned long)auto_gid_nofiles);
  outs(", ");
  outnum((unsigned long)auto_gid_group);
  outs(".\n");
}

int main(int argc, char **argv)
{
  size_t i;
  int r;

  (void)argv;
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc > 1) die_usage("qmail-showctl");
  buf_init(&sc.out, 1, sc.outspace, sizeof sc.outspace);

  /* the compiled-in part needs no file: it prints even when control/
   * cannot be read, which is when it helps most */
  settings();
  if (!buf_flush(&sc.out)) die_tempsys("unable to write output");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  if (chdir("control") == -1)
    die_tempsys("unable to chdir to ", auto_qmail, "/control");

  /* me first: it is the default of many others */
  r = ctl_readline("me", &sc.me, 0);
  if (r == -1) die_tempsys("unable to read ", auto_qmail, "/control/me");
  sc.meok = r == 1;
  collect();

  for (i = 0; i < NFILES; ++i) files[i].show(&files[i]);
  show_unknown();

  if (!buf_flush(&sc.out)) die_tempsys("unable to write output");
  return sc.trouble ? EX_TEMP : EX_OK;
}

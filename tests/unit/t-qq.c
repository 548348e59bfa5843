/* t-qq.c - qq_open, qq_begin and qq_close against a queue program of the
 * test's own
 *
 * home/bin/qmail-queue is a shell script that records what it was given:
 * its arguments (appended to out.args, one run a line), its directory,
 * the message on fd 0, the envelope on fd 1, which of fds 3..9 are open,
 * and whether SIGPIPE is ignored (Linux: SigIgn in /proc/PID/status);
 * then it exits with the code in home/code, after writing home/custom to
 * the fd named in home/customfd.  It never greets, so qq_begin must fall
 * back to it.  The session tests put a python3 fake of qmail-queue -s in
 * its place for a while. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "qq.h"
#include "sa.h"
#include "t.h"

static char home[256];
static char path[512];

static const char *at(const char *name)
{
  snprintf(path, sizeof path, "%s/%s", home, name);
  return path;
}

static int put(const char *name, const char *text, mode_t mode)
{
  FILE *f;
  unlink(at(name));
  f = fopen(at(name), "w");
  if (!f) return 0;
  fputs(text, f);
  if (fclose(f) != 0) return 0;
  return chmod(at(name), mode) == 0;
}

/* get - the file's contents (binary; NULs kept), length in *len */
static char *get(const char *name, size_t *len)
{
  static char space[65536];
  FILE *f = fopen(at(name), "r");
  size_t n;
  if (!f) return 0;
  n = fread(space, 1, sizeof space - 1, f);
  fclose(f);
  space[n] = 0;
  if (len) *len = n;
  return space;
}

static const char script[] =
  "#!/bin/sh\n"
  "echo \"args:$*\" >>out.args\n"
  "pwd >out.cwd\n"
  "cat >out.mess\n"
  "cat <&1 >out.env\n"
  ": >out.fds\n"
  "for fd in 3 4 5 6 7 8 9; do\n"
  "  if (: >&$fd) 2>/dev/null; then echo $fd >>out.fds; fi\n"
  "done\n"
  "if [ -r /proc/$$/status ]; then\n"
  "  sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status >out.sigign\n"
  "fi\n"
  "if [ -s customfd ]; then cat custom >&$(cat customfd); fi\n"
  "exit $(cat code)\n";

/* send - one message through qq; the return of qq_close, err's text */
static int send(const char *mess, struct sa *err)
{
  struct qq q;
  if (qq_open(&q, home) == -1) return -2;
  qq_puts(&q, mess);
  qq_from(&q, "s@example.org");
  qq_to(&q, "r1@example.com");
  qq_to(&q, "r2@example.com");
  return qq_close(&q, err);
}

static int has(const struct sa *err, const char *text)
{
  size_t n = strlen(text);
  return err->len == n && !memcmp(err->s, text, n);
}

static void setup(const char *code, const char *customfd, const char *custom)
{
  CHECK(put("code", code, 0644));
  CHECK(put("customfd", customfd, 0644));
  CHECK(put("custom", custom, 0644));
  unlink(at("out.cwd"));
  unlink(at("out.mess"));
  unlink(at("out.env"));
  unlink(at("out.fds"));
  unlink(at("out.sigign"));
}

static void t_queued(void)
{
  struct sa err = SA_ZERO;
  char *s;
  size_t len = 0;
  static const char env[] =
    "Fs@example.org\0Tr1@example.com\0Tr2@example.com\0";

  setup("0\n", "", "");
  CHECK(send("Subject: x\n\nbody\n", &err) == 0);
  CHECK(err.len == 0);
  s = get("out.mess", 0);
  CHECK(s && !strcmp(s, "Subject: x\n\nbody\n"));
  s = get("out.env", &len);
  CHECK(s && len == sizeof env && !memcmp(s, env, sizeof env));
  s = get("out.cwd", 0);
  CHECK(s && !strncmp(s, home, strlen(home)) && s[strlen(home)] == '\n');
  /* only the two custom-error descriptors: nothing else leaks in */
  s = get("out.fds", 0);
  CHECK(s && !strcmp(s, "4\n6\n"));
  /* the caller ignores SIGPIPE; the queue program must not inherit that */
  s = get("out.sigign", 0);
  if (s) CHECK(!(strtoul(s, 0, 16) & (1UL << (SIGPIPE - 1))));
  sa_free(&err);
}

static void t_custom_fd6(void)
{
  struct sa err = SA_ZERO;
  setup("82\n", "6\n", "Dno thanks (#5.7.1)\n");
  CHECK(send("x\n", &err) == 82);
  CHECK(has(&err, "Dno thanks (#5.7.1)"));
  sa_free(&err);
}

static void t_custom_fd4(void)
{
  struct sa err = SA_ZERO;
  setup("82\n", "4\n", "Ztry later\001 (#4.3.0)\n");
  CHECK(send("x\n", &err) == 82);
  CHECK(has(&err, "Ztry later_ (#4.3.0)"));
  sa_free(&err);
}

static void t_exitcodes(void)
{
  struct sa err = SA_ZERO;
  setup("31\n", "", "");
  CHECK(send("x\n", &err) == 31);
  CHECK(err.len > 0 && err.s[0] == 'D');
  setup("53\n", "", "");
  CHECK(send("x\n", &err) == 53);
  CHECK(err.len > 0 && err.s[0] == 'Z');
  sa_free(&err);
}

static void t_noprogram(void)
{
  struct sa err = SA_ZERO;
  CHECK(setenv("QMAILQUEUE", "bin/no-such-program", 1) == 0);
  CHECK(send("x\n", &err) == 120);
  CHECK(has(&err, "Zunable to exec qq (#4.3.0)"));
  /* a program that is there but may not be run */
  CHECK(put("bin/noexec", "#!/bin/sh\nexit 0\n", 0644));
  CHECK(setenv("QMAILQUEUE", "bin/noexec", 1) == 0);
  CHECK(send("x\n", &err) == 120);
  unlink(at("bin/noexec"));
  CHECK(unsetenv("QMAILQUEUE") == 0);
  sa_free(&err);
}

static void t_nohome(void)
{
  struct sa err = SA_ZERO;
  char saved[sizeof home];
  memcpy(saved, home, sizeof home);
  strncat(home, "/missing", sizeof home - strlen(home) - 1);
  CHECK(send("x\n", &err) == 61);
  CHECK(has(&err, "Zqq trouble in home directory (#4.3.0)"));
  memcpy(home, saved, sizeof home);
  sa_free(&err);
}

/* a big message to a program that never reads it: the writes fail
 * quietly (the caller ignores SIGPIPE) and qq_close still reaps it */
static void t_early_exit(void)
{
  struct sa err = SA_ZERO;
  struct qq q;
  static char big[200000];
  memset(big, 'a', sizeof big - 1);
  CHECK(put("bin/quick", "#!/bin/sh\nexit 0\n", 0755));
  CHECK(setenv("QMAILQUEUE", "bin/quick", 1) == 0);
  CHECK(qq_open(&q, home) == 0);
  qq_puts(&q, big);
  qq_from(&q, "s@example.org");
  qq_to(&q, "r@example.com");
  CHECK(qq_close(&q, &err) != 0);
  CHECK(err.len > 0 && err.s[0] == 'Z');
  unlink(at("bin/quick"));
  CHECK(unsetenv("QMAILQUEUE") == 0);
  sa_free(&err);
}

/* begin - one message through qq_begin; the return of qq_close, err's
 * text, and in *qp the queue program that had it */
static int begin(struct qq *q, const char *mess, struct sa *err,
                 unsigned long *qp)
{
  if (qq_begin(q, home) == -1) return -2;
  *qp = qq_qp(q);
  qq_puts(q, mess);
  qq_from(q, "s@example.org");
  qq_to(q, "r1@example.com");
  qq_to(q, "r2@example.com");
  return qq_close(q, err);
}

static const char env2[] =
  "Fs@example.org\0Tr1@example.com\0Tr2@example.com\0";

/* got - 1 if the file holds exactly text[0..len) */
static int got(const char *name, const char *text, size_t len)
{
  size_t n = 0;
  const char *s = get(name, &n);
  return s && n == len && !memcmp(s, text, len);
}

#define GOT(name, text) got(name, text, sizeof text - 1)

/* t_begin_fallback - the script does not greet: qq_begin runs it again
 * classic, the message arrives whole, and the struct remembers: the
 * next message goes classic at once, with no second try at -s */
static void t_begin_fallback(void)
{
  struct qq q = QQ_ZERO;
  struct sa err = SA_ZERO;
  unsigned long qp;

  setup("0\n", "", "");
  unlink(at("out.args"));
  CHECK(begin(&q, "Subject: x\n\nbody\n", &err, &qp) == 0);
  CHECK(err.len == 0);
  CHECK(GOT("out.mess", "Subject: x\n\nbody\n"));
  CHECK(got("out.env", env2, sizeof env2));
  CHECK(GOT("out.fds", "4\n6\n"));      /* no session socket left over */
  CHECK(GOT("out.args", "args:-s\nargs:\n"));
  setup("0\n", "", "");
  CHECK(begin(&q, "second\n", &err, &qp) == 0);
  CHECK(GOT("out.mess", "second\n"));
  CHECK(got("out.env", env2, sizeof env2));
  CHECK(GOT("out.args", "args:-s\nargs:\nargs:\n"));
  qq_end(&q);
  sa_free(&err);
}

/* t_begin_qmailqueue - with QMAILQUEUE set, qq_begin is qq_open */
static void t_begin_qmailqueue(void)
{
  struct qq q = QQ_ZERO;
  struct sa err = SA_ZERO;
  unsigned long qp;

  setup("0\n", "", "");
  unlink(at("out.args"));
  CHECK(setenv("QMAILQUEUE", "bin/qmail-queue", 1) == 0);
  CHECK(begin(&q, "one\n", &err, &qp) == 0);
  CHECK(GOT("out.mess", "one\n"));
  CHECK(got("out.env", env2, sizeof env2));
  CHECK(begin(&q, "two\n", &err, &qp) == 0);
  CHECK(GOT("out.mess", "two\n"));
  CHECK(GOT("out.args", "args:\nargs:\n"));
  qq_end(&q);
  CHECK(unsetenv("QMAILQUEUE") == 0);
  sa_free(&err);
}

/* a fake qmail-queue -s: it greets, then takes each message (checking
 * the chunks as strictly as qqframe.c) and its envelope, writes them to
 * out.mess.N and out.env.N and answers K; end of file between messages
 * is exit 0.  With home/sessfail, it exits with the code there instead
 * of answering.  It dies by itself after 10 seconds, so that nothing
 * waits on it for ever. */
static const char fake[] =
  "#!/usr/bin/env python3\n"
  "import os, signal, sys\n"
  "signal.alarm(10)\n"
  "open('out.args', 'a').write('args:' + ' '.join(sys.argv[1:]) + '\\n')\n"
  "open('out.pid', 'w').write('%d\\n' % os.getpid())\n"
  "data = b''\n"
  "def more():\n"
  "    global data\n"
  "    d = os.read(3, 65536)\n"
  "    data += d\n"
  "    return len(d) > 0\n"
  "def take(n):\n"
  "    global data\n"
  "    while len(data) < n:\n"
  "        if not more(): sys.exit(91)\n"
  "    r, data = data[:n], data[n:]\n"
  "    return r\n"
  "def upto(end):\n"
  "    while end not in data:\n"
  "        if not more(): sys.exit(91)\n"
  "    return take(data.index(end) + len(end))\n"
  "os.write(3, b'S')\n"
  "n = 0\n"
  "while data or more():\n"
  "    n += 1\n"
  "    text = b''\n"
  "    while True:\n"
  "        head = upto(b':')[:-1]\n"
  "        if not head.isdigit() or head[:1] == b'0' and head != b'0':\n"
  "            sys.exit(91)\n"
  "        size = int(head)\n"
  "        if size > 65536: sys.exit(91)\n"
  "        text += take(size)\n"
  "        if take(1) != b',': sys.exit(91)\n"
  "        if size == 0: break\n"
  "    env = upto(b'\\0\\0')\n"
  "    open('out.mess.%d' % n, 'wb').write(text)\n"
  "    open('out.env.%d' % n, 'wb').write(env)\n"
  "    if os.path.exists('sessfail'):\n"
  "        sys.exit(int(open('sessfail').read()))\n"
  "    os.write(3, b'K')\n";

/* havepython - python3 is on PATH, for the fake */
static int havepython(void)
{
  const char *dirs = getenv("PATH");
  char name[1024];

  while (dirs && *dirs) {
    size_t n = strcspn(dirs, ":");
    int len = snprintf(name, sizeof name, "%.*s/python3", (int)n, dirs);
    if (n > 0 && len > 0 && (size_t)len < sizeof name &&
        access(name, X_OK) == 0)
      return 1;
    dirs += n;
    if (*dirs) ++dirs;
  }
  return 0;
}

/* sessionsetup - the fake in bin/qmail-queue's place, no outputs */
static void sessionsetup(void)
{
  static const char *names[] = {
    "out.args", "out.pid", "out.mess.1", "out.env.1", "out.mess.2",
    "out.env.2", "sessfail", 0
  };
  int i;
  for (i = 0; names[i]; ++i) unlink(at(names[i]));
  CHECK(put("bin/qmail-queue", fake, 0755));
}

/* t_session - two messages through one qmail-queue -s, the second in
 * several chunks; each qq_close has its own answer */
static void t_session(void)
{
  struct qq q = QQ_ZERO;
  struct sa err = SA_ZERO;
  static char big[20001];
  unsigned long qp1 = 0;
  unsigned long qp2 = 0;
  char *s;

  sessionsetup();
  memset(big, 'b', sizeof big - 1);
  CHECK(begin(&q, "Subject: 1\n\none\n", &err, &qp1) == 0);
  CHECK(err.len == 0 && qp1 != 0);
  CHECK(begin(&q, big, &err, &qp2) == 0);
  CHECK(err.len == 0 && qp2 == qp1);
  qq_end(&q);
  CHECK(qq_qp(&q) == 0);
  CHECK(GOT("out.mess.1", "Subject: 1\n\none\n"));
  CHECK(got("out.env.1", env2, sizeof env2));
  CHECK(got("out.mess.2", big, sizeof big - 1));
  CHECK(got("out.env.2", env2, sizeof env2));
  CHECK(GOT("out.args", "args:-s\n"));
  s = get("out.pid", 0);
  CHECK(s && strtoul(s, 0, 10) == qp1);
  CHECK(put("bin/qmail-queue", script, 0755));
  sa_free(&err);
}

/* t_session_fails - the session's qmail-queue exits 53 instead of
 * answering: qq_close says so, and the next qq_begin starts another */
static void t_session_fails(void)
{
  struct qq q = QQ_ZERO;
  struct sa err = SA_ZERO;
  unsigned long qp1 = 0;
  unsigned long qp2 = 0;

  sessionsetup();
  CHECK(put("sessfail", "53\n", 0644));
  CHECK(begin(&q, "one\n", &err, &qp1) == 53);
  CHECK(err.len > 0 && err.s[0] == 'Z');
  CHECK(GOT("out.mess.1", "one\n"));
  CHECK(qq_qp(&q) == 0);
  unlink(at("sessfail"));
  CHECK(begin(&q, "two\n", &err, &qp2) == 0);
  CHECK(err.len == 0 && qp2 != 0 && qp2 != qp1);
  CHECK(GOT("out.mess.1", "two\n"));
  CHECK(GOT("out.args", "args:-s\nargs:-s\n"));
  qq_end(&q);
  CHECK(put("bin/qmail-queue", script, 0755));
  sa_free(&err);
}

/* t_prestart - qq_prestart starts the session's qmail-queue ahead of
 * qq_begin, which then uses it; again while it lives starts nothing;
 * after a fallback to classic mode, or with QMAILQUEUE set, it starts
 * nothing at all */
static void t_prestart(void)
{
  struct qq q = QQ_ZERO;
  struct qq c = QQ_ZERO;
  struct sa err = SA_ZERO;
  unsigned long pre;
  unsigned long qp = 0;

  sessionsetup();
  qq_prestart(&q, home);
  pre = qq_qp(&q);
  CHECK(pre != 0);
  qq_prestart(&q, home);
  CHECK(qq_qp(&q) == pre);
  CHECK(begin(&q, "early\n", &err, &qp) == 0);
  CHECK(err.len == 0 && qp == pre);
  CHECK(GOT("out.mess.1", "early\n"));
  qq_prestart(&q, home);
  CHECK(qq_qp(&q) == pre);
  qq_end(&q);
  CHECK(GOT("out.args", "args:-s\n"));
  CHECK(put("bin/qmail-queue", script, 0755));

  /* a program that will not greet: one try at -s, then none */
  setup("0\n", "", "");
  unlink(at("out.args"));
  qq_prestart(&c, home);
  CHECK(begin(&c, "classic\n", &err, &qp) == 0);
  CHECK(GOT("out.mess", "classic\n"));
  qq_prestart(&c, home);
  CHECK(qq_qp(&c) == qp);
  CHECK(GOT("out.args", "args:-s\nargs:\n"));
  qq_end(&c);

  CHECK(setenv("QMAILQUEUE", "bin/qmail-queue", 1) == 0);
  q = (struct qq)QQ_ZERO;
  qq_prestart(&q, home);
  CHECK(qq_qp(&q) == 0);
  CHECK(unsetenv("QMAILQUEUE") == 0);
  sa_free(&err);
}

static void cleanup(void)
{
  static const char *names[] = {
    "bin/qmail-queue", "code", "customfd", "custom", "out.cwd", "out.mess",
    "out.env", "out.fds", "out.sigign", "out.args", "out.pid", "out.mess.1",
    "out.env.1", "out.mess.2", "out.env.2", "sessfail", 0
  };
  int i;
  for (i = 0; names[i]; ++i) unlink(at(names[i]));
  CHECK(rmdir(at("bin")) == 0);
  CHECK(rmdir(home) == 0);
}

int main(void)
{
  const char *tmp = getenv("TMPDIR");
  int n = snprintf(home, sizeof home - 64, "%s/t-qq.XXXXXX",
                   tmp && *tmp ? tmp : "/tmp");

  if (n < 0 || (size_t)n >= sizeof home - 64 || !mkdtemp(home)) {
    perror("mkdtemp");
    return 1;
  }
  if (mkdir(at("bin"), 0755) == -1 ||
      !put("bin/qmail-queue", script, 0755)) {
    perror("setup");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);   /* as every caller of qq does */
  alarm(120);   /* a queue program that hangs fails the test, not hangs it */
  unsetenv("QMAILQUEUE");
  TEST(t_queued);
  TEST(t_custom_fd6);
  TEST(t_custom_fd4);
  TEST(t_exitcodes);
  TEST(t_noprogram);
  TEST(t_nohome);
  TEST(t_early_exit);
  TEST(t_begin_fallback);
  TEST(t_begin_qmailqueue);
  if (havepython()) {
    TEST(t_session);
    TEST(t_session_fails);
    TEST(t_prestart);
  } else {
    printf("ok %d t_session # SKIP no python3 for the fake\n", ++t_count);
    printf("ok %d t_prestart # SKIP no python3 for the fake\n", ++t_count);
  }
  TEST(cleanup);
  return t_done();
}

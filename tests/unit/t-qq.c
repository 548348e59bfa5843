/* t-qq.c - qq_open and qq_close against a queue program of the test's own
 *
 * home/bin/qmail-queue is a shell script that records what it was given:
 * its directory, the message on fd 0, the envelope on fd 1, which of
 * fds 3..9 are open, and whether SIGPIPE is ignored (Linux: SigIgn in
 * /proc/PID/status); then it exits with the code in home/code, after
 * writing home/custom to the fd named in home/customfd. */
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
  static char space[4096];
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

static void cleanup(void)
{
  static const char *names[] = {
    "bin/qmail-queue", "code", "customfd", "custom", "out.cwd", "out.mess",
    "out.env", "out.fds", "out.sigign", 0
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
  unsetenv("QMAILQUEUE");
  TEST(t_queued);
  TEST(t_custom_fd6);
  TEST(t_custom_fd4);
  TEST(t_exitcodes);
  TEST(t_noprogram);
  TEST(t_nohome);
  TEST(t_early_exit);
  TEST(cleanup);
  return t_done();
}

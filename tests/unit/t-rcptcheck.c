/* t-rcptcheck.c - the shared delivery rules and the RCPT check over
 * them: qme_search (qmail-local's .qmail search) with a table of
 * files, getpw_userext (qmail-getpw's split), and rcptcheck_local /
 * rcptcheck_addr over a users/rcpt.cdb and users/cdb built here, in
 * the layout qmail-newrcpt and qmail-newu write. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "assign.h"
#include "buf.h"
#include "cdb.h"
#include "cdbmake.h"
#include "getpw.h"
#include "qmesearch.h"
#include "rcptcheck.h"
#include "sa.h"
#include "t.h"

/* files - a probe over a NULL-ended list: "name" found, "?name" temp */
static int files(void *ctx, const char *name)
{
  const char *const *f = ctx;
  for (; *f; ++f) {
    if (!strcmp(*f, name)) return QME_FOUND;
    if ((*f)[0] == '?' && !strcmp(*f + 1, name)) return QME_TEMP;
  }
  return QME_ABSENT;
}

/* found - qme_search's file for dash, ext over the list, or "" */
static const char *found(const char *const *list, const char *dash,
                         const char *ext, size_t *deflt)
{
  static struct sa name;
  struct sa safe = SA_ZERO;
  int r;

  if (!qme_safeext(&safe, ext)) return "nomem";
  r = qme_search(dash, safe.s, safe.len, files, (void *)list, &name, deflt);
  sa_free(&safe);
  if (r == QME_ABSENT) return "";
  if (r == QME_TEMP) return "temp";
  return name.s;
}

static void t_qmesearch(void)
{
  static const char *const list[] = { ".qmail-a-b", ".qmail-a-default",
                                      ".qmail-x:y", ".qmail-default",
                                      ".qmail-t-default", 0 };
  static const char *const none[] = { ".qmail-b", "?.qmail-bad", 0 };
  size_t d;

  CHECK(!strcmp(found(list, "-", "a-b", &d), ".qmail-a-b") &&
        d == QME_NODEFAULT);
  CHECK(!strcmp(found(list, "-", "A-B", &d), ".qmail-a-b"));
  CHECK(!strcmp(found(list, "-", "a-c", &d), ".qmail-a-default") && d == 2);
  CHECK(!strcmp(found(list, "-", "a-b-c", &d), ".qmail-a-default") && d == 2);
  CHECK(!strcmp(found(list, "-", "X.Y", &d), ".qmail-x:y"));
  CHECK(!strcmp(found(list, "-", "zz", &d), ".qmail-default") && d == 0);
  CHECK(!strcmp(found(list, "-", "t-default", &d), ".qmail-t-default") &&
        d == 2);
  /* "a" alone: .qmail-a, then only .qmail-default (no .qmail-a-default) */
  CHECK(!strcmp(found(none, "-", "a", &d), ""));
  CHECK(!strcmp(found(none, "-", "b", &d), ".qmail-b"));
  CHECK(!strcmp(found(none, "-", "bad", &d), "temp"));
  CHECK(!strcmp(found(none, "-", "", &d), ""));
  CHECK(!strcmp(found(list, "", "", &d), ""));     /* ".qmail" is absent */
}

static int users(void *ctx, const char *name)
{
  (void)ctx;
  if (!strcmp(name, "broken")) return -1;
  return !strcmp(name, "joe") || !strcmp(name, "joe-work");
}

static void t_userext(void)
{
  size_t n = 0;
  char longname[80];

  CHECK(getpw_userext("joe", users, 0, &n) == 1 && n == 3);
  CHECK(getpw_userext("JOE-x", users, 0, &n) == 1 && n == 3);
  CHECK(getpw_userext("joe-work-x", users, 0, &n) == 1 && n == 8);
  CHECK(getpw_userext("joe-worker", users, 0, &n) == 1 && n == 3);
  CHECK(getpw_userext("joex", users, 0, &n) == 0);
  CHECK(getpw_userext("", users, 0, &n) == 0);
  CHECK(getpw_userext("broken-x", users, 0, &n) == -1);
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  CHECK(getpw_userext(longname, users, 0, &n) == 0);
}

/* the instance the facts describe */
static char dir[] = "/tmp/t-rcptcheck.XXXXXX";
static struct cdbmake make;

static void put(const char *k, size_t klen, const char *v, size_t vlen)
{
  CHECK(cdbmake_add(&make, k, klen, v, vlen));
}

static void home(char type, const char *h, unsigned long uid,
                 const char *name, const char *v)
{
  struct sa key = SA_ZERO;
  CHECK(rcptcheck_homekey(&key, type, h, uid, uid));
  CHECK(sa_cats(&key, name));
  put(key.s, key.len, v, strlen(v));
  sa_free(&key);
}

static void facts(void)
{
  static const char carol[] = "+7\0" "7\0" "/h/carol";
  int fd = open(RCPT_CDB, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd != -1 && cdbmake_start(&make, fd));
  put("", 0, RCPT_MAGIC, sizeof RCPT_MAGIC - 1);
  put("Pcarol", 6, carol, sizeof carol - 1);
  put("Pdefer", 6, "?", 1);
  put("Pbad", 4, "+x", 2);
  home('H', "/h/alias", 1, "", "+");
  home('F', "/h/alias", 1, ".qmail-postmaster", "+");
  home('F', "/h/alias", 1, ".qmail-bar-default", "+");
  home('H', "/h/joe", 5, "", "+");
  home('F', "/h/joe", 5, ".qmail-ext", "+");
  home('F', "/h/joe", 5, ".qmail-odd", "?");
  home('H', "/h/carol", 7, "", "+");
  home('F', "/h/carol", 7, ".qmail-x", "+");
  home('H', "/h/sue", 6, "", "?");
  CHECK(cdbmake_finish(&make));
  cdbmake_free(&make);
  close(fd);
}

static void assign(void)
{
  static const char text[] = "=joe:joe:5:5:/h/joe:::\n"
                             "+joe-:joe:5:5:/h/joe:-::\n"
                             "+sue-:sue:6:6:/h/sue:-::\n"
                             "+new-:new:8:8:/h/new:-::\n"
                             "=root:root:0:0:/h/root:-:x:\n.\n";
  struct cdbmake m;
  struct buf in;
  size_t lineno;
  const char *why;
  int fd = open("users/cdb", O_WRONLY | O_CREAT | O_TRUNC, 0644);

  CHECK(fd != -1);
  buf_initmem(&in, text, strlen(text));
  CHECK(cdbmake_start(&m, fd) && assign_make(&in, &m, &lineno, &why) == 1 &&
        cdbmake_finish(&m));
  cdbmake_free(&m);
  close(fd);
}

static struct rcptcheck rc;

static void t_setup(void)
{
  facts();
  assign();
  CHECK(rcptcheck_open(&rc, "/h/alias", 1, 1) == 1);
}

static int check(const char *addr)
{
  return rcptcheck_addr(&rc, addr);
}

static void t_verdicts(void)
{
  CHECK(check("joe@test.example") == RCPT_OK);
  CHECK(check("joe-ext@test.example") == RCPT_OK);
  CHECK(check("JOE-Ext@test.example") == RCPT_OK);
  CHECK(check("joe-nope@test.example") == RCPT_NOMAILBOX);
  CHECK(check("joe-odd@test.example") == RCPT_OK);      /* would defer */
  CHECK(check("sue-x@test.example") == RCPT_OK);        /* home defers */
  CHECK(check("new-x@test.example") == RCPT_OK);        /* no facts */
  CHECK(check("root@test.example") == RCPT_OK);         /* uid 0 defers */
  CHECK(check("carol@test.example") == RCPT_OK);
  CHECK(check("carol-x@test.example") == RCPT_OK);
  CHECK(check("carol-y@test.example") == RCPT_NOMAILBOX);
  CHECK(check("defer-x@test.example") == RCPT_OK);
  CHECK(check("bad-x@test.example") == RCPT_TROUBLE);
  CHECK(check("postmaster@test.example") == RCPT_OK);
  CHECK(check("Postmaster@TEST.example") == RCPT_OK);
  CHECK(check("bar@test.example") == RCPT_NOMAILBOX);
  CHECK(check("bar-q@test.example") == RCPT_OK);
  CHECK(check("nobody@test.example") == RCPT_NOMAILBOX);
  CHECK(check("nobody@remote.example") == RCPT_OK);
  CHECK(check("ext@virt.example") == RCPT_OK);          /* joe-ext */
  CHECK(check("zz@virt.example") == RCPT_NOMAILBOX);
  CHECK(check("joe-ext%test.example@test.example") == RCPT_OK);
  CHECK(check("zz%test.example@test.example") == RCPT_NOMAILBOX);
  CHECK(check("zz%remote.example@test.example") == RCPT_OK);
  CHECK(check("@test.example") == RCPT_OK);             /* discarded */
  CHECK(check("postmaster") == RCPT_OK);                /* envnoathost */
  CHECK(check("nobody") == RCPT_NOMAILBOX);
}

static void t_corrupt(void)
{
  struct rcptcheck bad;
  int fd = open(RCPT_CDB, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd != -1 && cdbmake_start(&make, fd));
  put("", 0, "quire-rcpt 9", 12);
  CHECK(cdbmake_finish(&make));
  cdbmake_free(&make);
  close(fd);
  memset(&bad, 0, sizeof bad);
  CHECK(rcptcheck_open(&bad, "/h/alias", 1, 1) == -1 && errno == EPROTO);
  CHECK(unlink(RCPT_CDB) == 0);
  memset(&bad, 0, sizeof bad);
  CHECK(rcptcheck_open(&bad, "/h/alias", 1, 1) == 0);
}

static void writefile(const char *path, const char *text)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd != -1 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  close(fd);
}

int main(void)
{
  if (!mkdtemp(dir) || chdir(dir) == -1 || mkdir("users", 0755) == -1 ||
      mkdir("control", 0755) == -1) {
    perror("t-rcptcheck: setup");
    return 1;
  }
  writefile("control/me", "test.example\n");
  writefile("control/percenthack", "test.example\n");
  writefile("control/virtualdomains", "virt.example:joe\n");
  TEST(t_qmesearch);
  TEST(t_userext);
  TEST(t_setup);
  TEST(t_verdicts);
  TEST(t_corrupt);
  unlink("users/cdb");
  unlink("control/me");
  unlink("control/percenthack");
  unlink("control/virtualdomains");
  rmdir("users");
  rmdir("control");
  if (chdir("/") == 0) rmdir(dir);
  return t_done();
}

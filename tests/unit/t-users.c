/* t-users.c - users_lookup over a users/cdb built by qmail-newu's code
 * (assign_make): simple, wildcard, longest prefix, case, the catch-all,
 * duplicates, corrupt databases; then qmail-getpw's turn, which as root
 * runs a fake bin/qmail-getpw and checks it ran as the passwd role.
 *
 * The test supplies the two ids users.c uses, instead of auto_uids.o:
 * those of a root-built test instance (tests/system/lib.sh). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "assign.h"
#include "auto_uids.h"
#include "buf.h"
#include "cdbmake.h"
#include "sa.h"
#include "users.h"
#include "t.h"

const uid_t auto_uid_passwd = 65503;
const gid_t auto_gid_nofiles = 65501;

static char dir[] = "/tmp/t-users.XXXXXX";

/* newu - users/cdb from assign text, as qmail-newu makes it: 1 or 0 */
static int newu(const char *text)
{
  struct cdbmake m;
  struct buf in;
  size_t lineno;
  const char *why;
  int fd = open("users/cdb.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int ok;

  if (fd == -1) return 0;
  buf_initmem(&in, text, strlen(text));
  ok = cdbmake_start(&m, fd) && assign_make(&in, &m, &lineno, &why) == 1 &&
       cdbmake_finish(&m);
  cdbmake_free(&m);
  close(fd);
  return ok && rename("users/cdb.tmp", "users/cdb") == 0;
}

/* rawcdb - users/cdb with exactly these records (for corrupt values) */
static int rawcdb(const char *k1, size_t k1len, const char *d1, size_t d1len,
                  int withempty)
{
  struct cdbmake m;
  int fd = open("users/cdb", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int ok;
  if (fd == -1) return 0;
  ok = cdbmake_start(&m, fd) && cdbmake_add(&m, k1, k1len, d1, d1len) &&
       (!withempty || cdbmake_add(&m, "", 0, "", 0)) && cdbmake_finish(&m);
  cdbmake_free(&m);
  close(fd);
  return ok;
}

/* is - the lookup of local gave exactly these fields */
static int is(const char *local, const char *user, uid_t uid, gid_t gid,
              const char *home, const char *dash, const char *ext)
{
  struct pwinfo pw = PWINFO_ZERO;
  const char *why = 0;
  int r = users_lookup(local, &pw, &why);
  int ok = r == 1 && !strcmp(pw.user.s, user) && pw.uid == uid &&
           pw.gid == gid && !strcmp(pw.home.s, home) &&
           !strcmp(pw.dash.s, dash) && !strcmp(pw.ext.s, ext);
  if (!ok) {
    printf("# %s: r=%d", local, r);
    if (r == 1)
      printf(" %s %u %u %s [%s] [%s]", pw.user.s, (unsigned)pw.uid,
             (unsigned)pw.gid, pw.home.s, pw.dash.s, pw.ext.s);
    else
      printf(" why=%s", why ? why : "(none)");
    printf("\n");
  }
  sa_free(&pw.user);
  sa_free(&pw.home);
  sa_free(&pw.dash);
  sa_free(&pw.ext);
  return ok;
}

/* fails - the lookup is a temporary failure with a reason */
static int fails(const char *local)
{
  struct pwinfo pw = PWINFO_ZERO;
  const char *why = 0;
  int r = users_lookup(local, &pw, &why);
  sa_free(&pw.user);
  sa_free(&pw.home);
  sa_free(&pw.dash);
  sa_free(&pw.ext);
  return r == -1 && why && *why;
}

static const char assign[] =
  "=joe:joe:507:100:/home/joe:::\n"
  "+joe-:joe:507:100:/home/joe:-::\n"
  "+joe-list-:joe:507:100:/home/joe:-:list-:\n"
  "=joe-direct:direct:600:100:/home/direct:::\n"
  "=dup:first:1:1:/first:::\n"
  "=dup:second:2:2:/second:::\n"
  "+Staff.:staff:700:100:/home/staff:-:staff-:\n"
  "+:alias:7790:2108:/var/qmail/alias:-::\n"
  ".\n";

static void t_simple(void)
{
  CHECK(newu(assign));
  CHECK(is("joe", "joe", 507, 100, "/home/joe", "", ""));
  CHECK(is("JoE", "joe", 507, 100, "/home/joe", "", ""));
  CHECK(is("joe-direct", "direct", 600, 100, "/home/direct", "", ""));
  CHECK(is("JOE-Direct", "direct", 600, 100, "/home/direct", "", ""));
  CHECK(is("dup", "first", 1, 1, "/first", "", ""));   /* the first line */
}

static void t_wildcard(void)
{
  /* the extension keeps its case; the prefix matches in any case */
  CHECK(is("joe-Foo", "joe", 507, 100, "/home/joe", "-", "Foo"));
  CHECK(is("JOE-foo-bar", "joe", 507, 100, "/home/joe", "-", "foo-bar"));
  CHECK(is("joe-", "joe", 507, 100, "/home/joe", "-", ""));
  CHECK(is("joe-direct-x", "joe", 507, 100, "/home/joe", "-", "direct-x"));
  /* the longest prefix wins */
  CHECK(is("joe-list-x", "joe", 507, 100, "/home/joe", "-", "list-x"));
  CHECK(is("joe-list-", "joe", 507, 100, "/home/joe", "-", "list-"));
  CHECK(is("joe-lis", "joe", 507, 100, "/home/joe", "-", "lis"));
  CHECK(is("staff.Jim", "staff", 700, 100, "/home/staff", "-", "staff-Jim"));
  /* the catch-all: everything else, ext the whole local part */
  CHECK(is("bill", "alias", 7790, 2108, "/var/qmail/alias", "-", "bill"));
  CHECK(is("Joey", "alias", 7790, 2108, "/var/qmail/alias", "-", "Joey"));
  CHECK(is("jo", "alias", 7790, 2108, "/var/qmail/alias", "-", "jo"));
  CHECK(is("staff", "alias", 7790, 2108, "/var/qmail/alias", "-", "staff"));
}

static void t_qmail103_wildchars(void)
{
  /* qmail 1.03's qmail-newu kept the last byte of "+JOE:" as written;
   * such a users/cdb still finds "joex" here */
  struct cdbmake m;
  int fd = open("users/cdb", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int ok = fd != -1 && cdbmake_start(&m, fd) &&
           cdbmake_add(&m, "!joe", 4, "u\0" "9\0" "9\0" "/u\0" "-\0" "p-", 13) &&
           cdbmake_add(&m, "", 0, "E", 1) && cdbmake_finish(&m);
  if (fd != -1) {
    cdbmake_free(&m);
    close(fd);
  }
  CHECK(ok);
  CHECK(is("JoeX", "u", 9, 9, "/u", "-", "p-X"));
}

static void t_corrupt(void)
{
  static const char good[] = "u\0" "1\0" "2\0" "/h\0" "-\0" "e";
  /* a well-formed record, as a control */
  CHECK(rawcdb("!x\0", 3, good, sizeof good - 1, 1));
  CHECK(is("x", "u", 1, 2, "/h", "-", "e"));
  /* CONTRACT: no empty key, no trust in the file */
  CHECK(rawcdb("!x\0", 3, good, sizeof good - 1, 0));
  CHECK(fails("x"));
  CHECK(rawcdb("!x\0", 3, "u\0" "1\0" "2\0" "/h\0" "-", 10, 1));
  CHECK(fails("x"));                                    /* five fields */
  CHECK(rawcdb("!x\0", 3, "u\0" "1\0" "2\0" "/h\0" "-\0" "e\0", 13, 1));
  CHECK(fails("x"));                                    /* seven */
  CHECK(rawcdb("!x\0", 3, "u\0" "1x\0" "2\0" "/h\0" "-\0" "e", 13, 1));
  CHECK(fails("x"));
  CHECK(rawcdb("!x\0", 3, "u\0" "\0" "2\0" "/h\0" "-\0" "e", 11, 1));
  CHECK(fails("x"));
  CHECK(rawcdb("!x\0", 3, "u\0" "1\0" "4294967296\0" "/h\0" "-\0" "e", 21,
               1));
  CHECK(fails("x"));
  CHECK(rawcdb("!x\0", 3, "\0" "1\0" "2\0" "/h\0" "-\0" "e", 11, 1));
  CHECK(fails("x"));                                    /* no user */
  CHECK(rawcdb("!x\0", 3, "u\0" "1\0" "2\0" "\0" "-\0" "e", 10, 1));
  CHECK(fails("x"));                                    /* no home */
  {
    int fd = open("users/cdb", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd != -1 && write(fd, "garbage", 7) == 7);
    if (fd != -1) close(fd);
    CHECK(fails("x"));
  }
  CHECK(unlink("users/cdb") == 0 && mkdir("users/cdb", 0755) == 0);
  CHECK(fails("x"));
  CHECK(rmdir("users/cdb") == 0);
}

/* script - bin/qmail-getpw as a shell script with this body */
static int script(const char *body)
{
  FILE *f = fopen("bin/qmail-getpw", "w");
  if (!f) return 0;
  fprintf(f, "#!/bin/sh\n%s\n", body);
  if (fclose(f) != 0) return 0;
  return chmod("bin/qmail-getpw", 0755) == 0;
}

static void t_getpw(void)
{
  /* no users/cdb, or no match in it: qmail-getpw decides */
  CHECK(newu("=joe:joe:507:100:/home/joe:::\n.\n"));
  CHECK(fails("nobody-here"));              /* no bin/qmail-getpw */
  CHECK(mkdir("bin", 0755) == 0);
  CHECK(script("printf 'p\\000%s\\000%s\\000/p\\000-\\000%s\\000' "
               "`id -u` `id -g` \"$1\""));
  if (geteuid() != 0) {
    /* not root: the child cannot become the passwd role, and says so */
    CHECK(fails("nobody-here"));
    return;
  }
  /* SECURITY: the child ran as the passwd role, not as root */
  CHECK(is("Nobody-Here", "p", auto_uid_passwd, auto_gid_nofiles, "/p", "-",
           "Nobody-Here"));
  CHECK(unlink("users/cdb") == 0);
  CHECK(is("joe", "p", auto_uid_passwd, auto_gid_nofiles, "/p", "-", "joe"));
  /* its stdin is not the caller's */
  CHECK(script("read x && exit 1; printf 'p\\0001\\0002\\000/p\\000\\000\\000'"));
  CHECK(is("x", "p", 1, 2, "/p", "", ""));
  /* strict: a short, long or failed answer defers */
  CHECK(script("printf 'p\\0001\\0002\\000/p\\000-\\000'"));
  CHECK(fails("x"));
  CHECK(script("printf 'p\\0001\\0002\\000/p\\000-\\000e\\000z'"));
  CHECK(fails("x"));
  CHECK(script("printf 'p\\0001\\0002\\000/p\\000-\\000e'"));
  CHECK(fails("x"));
  CHECK(script("printf 'p\\000-1\\0002\\000/p\\000-\\000e\\000'"));
  CHECK(fails("x"));
  CHECK(script("printf 'p\\0001\\0002\\000/p\\000-\\000e\\000'; exit 111"));
  CHECK(fails("x"));
  CHECK(script("kill -9 $$"));
  CHECK(fails("x"));
  /* an endless answer is cut off at the cap, and the child killed */
  CHECK(script("exec yes"));
  CHECK(fails("x"));
}

int main(void)
{
  if (!mkdtemp(dir) || chmod(dir, 0755) == -1 || chdir(dir) == -1 ||
      mkdir("users", 0755) == -1) {
    printf("not ok 1 cannot make %s\n", dir);
    return 1;
  }
  TEST(t_simple);
  TEST(t_wildcard);
  TEST(t_qmail103_wildchars);
  TEST(t_corrupt);
  TEST(t_getpw);
  unlink("bin/qmail-getpw");
  rmdir("bin");
  unlink("users/cdb");
  unlink("users/cdb.tmp");
  rmdir("users");
  if (chdir("/") == -1) return 1;
  rmdir(dir);
  return t_done();
}

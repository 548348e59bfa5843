/* t-mbox.c - the mbox pieces maildir2mbox and qmail-local share */
#include <errno.h>
#include <string.h>
#include "mbox.h"
#include "sa.h"
#include "t.h"

static int rp(const char *line, const char *want)
{
  struct sa a = SA_ZERO;
  int r = mbox_returnpath(line, strlen(line), &a);
  int ok = want ? r == 1 && a.len == strlen(want) &&
                  memcmp(a.s, want, a.len) == 0
                : r == 0;
  sa_free(&a);
  return ok;
}

static void t_returnpath(void)
{
  CHECK(rp("Return-Path: <a@b>\n", "a@b"));
  CHECK(rp("Return-Path: <a@b>", "a@b"));
  CHECK(rp("Return-Path: <>\n", ""));
  CHECK(rp("Return-Path: <\"a b\"@c>\n", "\"a b\"@c"));
  CHECK(rp("Return-Path: <a@b> \n", 0));
  CHECK(rp("Return-Path: a@b\n", 0));
  CHECK(rp("return-path: <a@b>\n", 0));
  CHECK(rp("Return-Path: <\n", 0));
  CHECK(rp("Return-Path: <", 0));
  CHECK(rp("", 0));
  CHECK(rp("\n", 0));
  CHECK(rp("Delivered-To: x\n", 0));
}

static void t_returnpath_cap(void)
{
  struct sa a = SA_ZERO;
  a.max = 4;
  errno = 0;
  CHECK(mbox_returnpath("Return-Path: <abcdef>\n", 22, &a) == -1);
  CHECK(errno == E2BIG);
  sa_free(&a);
}

static int same(const struct sa *x, const char *s)
{
  return x->len == strlen(s) && memcmp(x->s, s, x->len) == 0;
}

static void t_ufline(void)
{
  struct sa x = SA_ZERO;
  CHECK(mbox_ufline(&x, "\"a b\"@c", 86400 * 365));
  CHECK(same(&x, "From \"a-b\"@c Fri Jan  1 00:00:00 1971\n"));
  CHECK(mbox_ufline(&x, "", 0));
  CHECK(same(&x, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n"));
  sa_free(&x);
}

int main(void)
{
  TEST(t_returnpath);
  TEST(t_returnpath_cap);
  TEST(t_ufline);
  return t_done();
}

/* t-dotqmail.c - the .qmail line classifier, every kind and edge */
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "dotqmail.h"
#include "t.h"

/* one - classify s as line lineno; check kind and argument */
static int one(const char *s, size_t lineno, int kind, const char *arg)
{
  struct dq_line l;
  dotqmail_classify(s, strlen(s), lineno, &l);
  if (l.kind != kind) return 0;
  if (l.lineno != lineno) return 0;
  if (kind == DQ_BAD) return l.why != 0;
  if (!arg) return 1;
  return l.len == strlen(arg) && !memcmp(l.arg, arg, l.len);
}

static void t_comment(void)
{
  CHECK(one("# a comment", 1, DQ_COMMENT, 0));
  CHECK(one("#", 1, DQ_COMMENT, 0));
  CHECK(one("#|not a program", 2, DQ_COMMENT, 0));
}

static void t_program(void)
{
  CHECK(one("|preline /usr/ucb/vacation djb", 1, DQ_PROGRAM,
            "preline /usr/ucb/vacation djb"));
  CHECK(one("| echo hi", 1, DQ_PROGRAM, " echo hi"));   /* inner space kept */
  CHECK(one("|echo a  \t ", 1, DQ_PROGRAM, "echo a"));
  CHECK(one("|", 1, DQ_BAD, 0));
  CHECK(one("|   ", 1, DQ_BAD, 0));
  CHECK(one("|'$(x)' \"y\"", 1, DQ_PROGRAM, "'$(x)' \"y\""));
}

static void t_forward(void)
{
  CHECK(one("&me@new.job.com", 1, DQ_FORWARD, "me@new.job.com"));
  CHECK(one("me@new.job.com", 1, DQ_FORWARD, "me@new.job.com"));
  CHECK(one("9lives@example.com", 1, DQ_FORWARD, "9lives@example.com"));
  CHECK(one("Zed@example.com", 1, DQ_FORWARD, "Zed@example.com"));
  CHECK(one("_x@example.com", 1, DQ_FORWARD, "_x@example.com"));
  CHECK(one("-x@example.com", 1, DQ_FORWARD, "-x@example.com"));
  CHECK(one("&-x@example.com", 1, DQ_FORWARD, "-x@example.com"));
  CHECK(one("&<me@example.com>", 1, DQ_FORWARD, "<me@example.com>"));
  CHECK(one("\xc3\xa9t\xc3\xa9@example.com", 1, DQ_FORWARD, 0));
  CHECK(one("&me@example.com   ", 1, DQ_FORWARD, "me@example.com"));
  CHECK(one("&", 1, DQ_BAD, 0));
  CHECK(one("& me@example.com", 1, DQ_BAD, 0));
  CHECK(one("&\tme@example.com", 1, DQ_BAD, 0));
}

static void t_mbox(void)
{
  CHECK(one("./Mailbox", 1, DQ_MBOX, "./Mailbox"));
  CHECK(one("/home/djb/Mailbox.sos", 1, DQ_MBOX, "/home/djb/Mailbox.sos"));
  CHECK(one(".mbox", 1, DQ_MBOX, ".mbox"));
  CHECK(one("./Mailbox \t", 1, DQ_MBOX, "./Mailbox"));
  CHECK(one(".", 1, DQ_MBOX, "."));
}

static void t_maildir(void)
{
  CHECK(one("./Maildir/", 1, DQ_MAILDIR, "./Maildir/"));
  CHECK(one("/home/djb/Maildir/", 1, DQ_MAILDIR, "/home/djb/Maildir/"));
  CHECK(one("/", 1, DQ_MAILDIR, "/"));
  CHECK(one("./Maildir/  ", 1, DQ_MAILDIR, "./Maildir/"));
  CHECK(one("./Maildir/\r", 1, DQ_MAILDIR, "./Maildir/"));
  CHECK(one("./Maildir/ x", 1, DQ_MBOX, "./Maildir/ x"));
}

static void t_plus(void)
{
  CHECK(one("+list", 1, DQ_LIST, 0));
  CHECK(one("+list  ", 1, DQ_LIST, 0));
  CHECK(one("+lists", 1, DQ_PLUS, 0));
  CHECK(one("+", 1, DQ_PLUS, 0));
  CHECK(one("+LIST", 1, DQ_PLUS, 0));
}

static void t_blank(void)
{
  CHECK(one("", 1, DQ_BAD, 0));          /* qmail: first line blank */
  CHECK(one(" \t", 1, DQ_BAD, 0));
  CHECK(one("\r", 1, DQ_BAD, 0));
  CHECK(one("", 2, DQ_BLANK, 0));
  CHECK(one("  \t\r", 3, DQ_BLANK, 0));
}

static void t_whitespace_start(void)
{
  CHECK(one(" ./Mailbox", 1, DQ_BAD, 0));
  CHECK(one("\t|prog", 1, DQ_BAD, 0));
  CHECK(one("\x01x@y", 1, DQ_BAD, 0));
  CHECK(one("\x7fx@y", 1, DQ_BAD, 0));
  CHECK(one("\rx@y", 1, DQ_BAD, 0));
}

static void t_trailing_cr(void)
{
  CHECK(one("|echo hi\r", 1, DQ_PROGRAM, "echo hi"));
  CHECK(one("me@example.com\r", 1, DQ_FORWARD, "me@example.com"));
  CHECK(one("./Mailbox\r\r \r", 1, DQ_MBOX, "./Mailbox"));
  CHECK(one("|echo\ra", 1, DQ_PROGRAM, "echo\ra"));     /* inner CR kept */
}

static void t_nul(void)
{
  struct dq_line l;
  dotqmail_classify("|echo\0rm", 8, 1, &l);
  CHECK(l.kind == DQ_BAD && l.why);
  dotqmail_classify("./Mailbox\0", 10, 2, &l);
  CHECK(l.kind == DQ_BAD);
  dotqmail_classify("\0", 1, 2, &l);
  CHECK(l.kind == DQ_BAD);
}

static void t_long(void)
{
  char *s = malloc(LIM_DOTQMAIL_LINE + 2);
  struct dq_line l;
  CHECK(s != 0);
  if (!s) return;
  memset(s, 'a', LIM_DOTQMAIL_LINE + 1);
  s[0] = '|';
  dotqmail_classify(s, LIM_DOTQMAIL_LINE, 1, &l);
  CHECK(l.kind == DQ_PROGRAM && l.len == LIM_DOTQMAIL_LINE - 1);
  dotqmail_classify(s, LIM_DOTQMAIL_LINE + 1, 1, &l);
  CHECK(l.kind == DQ_BAD);
  /* trailing blanks count against the cap, as the file holds them */
  memset(s + 10, ' ', LIM_DOTQMAIL_LINE + 1 - 10);
  dotqmail_classify(s, LIM_DOTQMAIL_LINE + 1, 1, &l);
  CHECK(l.kind == DQ_BAD);
  free(s);
}

static void t_reader(void)
{
  static const char f[] = "# comment\n|prog one\n\n&a@b.example\n"
                          "c@d.example\n./Mailbox\n./Maildir/\n+list\n"
                          "last@line.example";
  static const int kinds[] = { DQ_COMMENT, DQ_PROGRAM, DQ_BLANK, DQ_FORWARD,
                               DQ_FORWARD, DQ_MBOX, DQ_MAILDIR, DQ_LIST,
                               DQ_FORWARD };
  struct dq_reader r;
  struct dq_line l;
  size_t i = 0;

  dotqmail_init(&r, f, sizeof f - 1);
  while (dotqmail_next(&r, &l)) {
    CHECK(i < sizeof kinds / sizeof kinds[0]);
    if (i >= sizeof kinds / sizeof kinds[0]) break;
    CHECK(l.kind == kinds[i]);
    CHECK(l.lineno == i + 1);
    ++i;
  }
  CHECK(i == 9);
  CHECK(l.len == 17 && !memcmp(l.arg, "last@line.example", 17));
  CHECK(!dotqmail_next(&r, &l));
}

static void t_reader_edges(void)
{
  struct dq_reader r;
  struct dq_line l;

  dotqmail_init(&r, "", 0);
  CHECK(!dotqmail_next(&r, &l));
  dotqmail_init(&r, "\n", 1);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_BAD);   /* blank first line */
  CHECK(!dotqmail_next(&r, &l));
  dotqmail_init(&r, "a@b\n\n", 5);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_FORWARD && l.len == 3);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_BLANK && l.lineno == 2);
  CHECK(!dotqmail_next(&r, &l));
  dotqmail_init(&r, "a@b\r\n|x\r\n", 9);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_FORWARD && l.len == 3);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_PROGRAM && l.len == 1);
  CHECK(!dotqmail_next(&r, &l));
}

static void t_reader_longline(void)
{
  size_t n = LIM_DOTQMAIL_LINE * 3;
  char *s = malloc(n + 20);
  struct dq_reader r;
  struct dq_line l;

  CHECK(s != 0);
  if (!s) return;
  memset(s, 'x', n);
  memcpy(s + n, "\n|prog\n", 7);
  dotqmail_init(&r, s, n + 7);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_BAD && l.lineno == 1);
  CHECK(dotqmail_next(&r, &l) && l.kind == DQ_PROGRAM && l.lineno == 2);
  CHECK(!dotqmail_next(&r, &l));
  free(s);
}

static void t_checkfile(void)
{
  struct dq_line bad;
  const char *ok = "# c\n|prog\n./Mailbox\n./Maildir/\n&a@b\n";
  const char *fwd = "# only\n&a@b\nc@d\n\n";

  CHECK(dotqmail_check(ok, strlen(ok), 0, &bad) == 1);
  CHECK(dotqmail_check(fwd, strlen(fwd), 1, &bad) == 1);
  CHECK(dotqmail_check(ok, strlen(ok), 1, &bad) == 0);
  CHECK(bad.kind == DQ_BAD && bad.lineno == 2 && bad.policy == 1);
  CHECK(dotqmail_check("a@b\n./Mailbox\n", 14, 1, &bad) == 0);
  CHECK(bad.lineno == 2 && bad.policy == 1);
  CHECK(dotqmail_check("a@b\n./M/\n", 9, 1, &bad) == 0 && bad.lineno == 2);
  /* +list: forwards only from that line on */
  CHECK(dotqmail_check("|p\n+list\na@b\n", 13, 0, &bad) == 1);
  CHECK(dotqmail_check("+list\n|p\n", 9, 0, &bad) == 0);
  CHECK(bad.lineno == 2 && bad.policy == 1);
  CHECK(dotqmail_check("\n|p\n", 4, 0, &bad) == 0);
  CHECK(bad.lineno == 1 && bad.policy == 0);
  CHECK(dotqmail_check("|p\n \n", 5, 0, &bad) == 1);
  CHECK(dotqmail_check("|p\n x@y\n", 8, 0, &bad) == 0 && bad.lineno == 2);
  CHECK(dotqmail_check("", 0, 1, &bad) == 1);
}

static void t_kindname(void)
{
  CHECK(!strcmp(dotqmail_kindname(DQ_PROGRAM), "program"));
  CHECK(!strcmp(dotqmail_kindname(DQ_FORWARD), "forward"));
  CHECK(!strcmp(dotqmail_kindname(DQ_MBOX), "mbox"));
  CHECK(!strcmp(dotqmail_kindname(DQ_MAILDIR), "maildir"));
  CHECK(!strcmp(dotqmail_kindname(99), "bad"));
}

int main(void)
{
  TEST(t_comment);
  TEST(t_program);
  TEST(t_forward);
  TEST(t_mbox);
  TEST(t_maildir);
  TEST(t_plus);
  TEST(t_blank);
  TEST(t_whitespace_start);
  TEST(t_trailing_cr);
  TEST(t_nul);
  TEST(t_long);
  TEST(t_reader);
  TEST(t_reader_edges);
  TEST(t_reader_longline);
  TEST(t_checkfile);
  TEST(t_kindname);
  return t_done();
}

/* t-inject.c - qmail-inject's header rewriting (qmail-inject-hdr.c) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "constmap.h"
#include "hdr822.h"
#include "qmail-inject.h"
#include "sa.h"
#include "t.h"

#define NOW 1700000000   /* Tue, 14 Nov 2023 22:13:20 +0000 */

static struct inject x;
static struct sa top;
static struct sa all;    /* top and saved */

static void setup(void)
{
  inject_free(&x);
  inject_init(&x);
  x.q.defaulthost = "host";
  x.q.defaultdomain = "dom.example";
  x.q.plusdomain = "plus.example";
  x.idhost = "id.example";
  x.mailuser = "joe";
  x.mailruser = "joe";
  x.now = NOW;
  x.pid = 4711;
}

/* run - feed header h field by field, finish; 1, or what failed */
static int run(const char *h)
{
  struct buf b;
  struct sa f = SA_ZERO;
  int r = 1;

  buf_initmem(&b, h, strlen(h));
  while (r == 1 && hdr822_getfield(&b, &f, LIM_HEADER) == HDR822_FIELD)
    r = inject_field(&x, f.s, f.len);
  sa_free(&f);
  if (r != 1) return r;
  top.len = 0;
  r = inject_finish(&x, &top);
  all.len = 0;
  sa_cat(&all, &top);
  sa_cat(&all, &x.saved);
  sa_0(&all);
  return r;
}

static int has(const char *s)
{
  return strstr(all.s, s) != 0;
}

static int sender(const char *s)
{
  return x.hassender && x.sender.len == strlen(s) &&
         !memcmp(x.sender.s, s, x.sender.len);
}

/* rcpts - the envelope recipients as "a|b|" */
static const char *rcpts(void)
{
  static struct sa out;
  struct inject_list l = INJECT_LIST_ZERO;
  size_t i;

  out.len = 0;
  if (inject_rcpts(&x, &l) != 1) sa_cats(&out, "!");
  for (i = 0; i < l.s.len; ++i) sa_append(&out, l.s.s[i] ? l.s.s[i] : '|');
  sa_0(&out);
  sa_free(&l.s);
  return out.s;
}

static void t_htype(void)
{
  CHECK(inject_htype("To: x\n", 6) == HF_TO);
  CHECK(inject_htype("tO : x\n", 7) == HF_TO);
  CHECK(inject_htype("RESENT-BCC: x\n", 14) == HF_R_BCC);
  CHECK(inject_htype("Content-Length: 3\n", 18) == HF_CONTENTLENGTH);
  CHECK(inject_htype("Mail-Followup-To: x\n", 20) == HF_MAILFOLLOWUPTO);
  CHECK(inject_htype("Toe: x\n", 7) == HF_OTHER);
  CHECK(inject_htype("X-To: x\n", 8) == HF_OTHER);
}

static void t_plain(void)
{
  setup();
  CHECK(run("To: fred\nSubject: hi\n") == 1);
  CHECK(!strncmp(all.s, "Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
                        "Message-ID: <20231114221320.4711.", 71));
  CHECK(has(".qmail@id.example>\nFrom: joe@host.dom.example\n"
            "To: fred@host.dom.example\nSubject: hi\n"));
  CHECK(!has("Cc:"));
  CHECK(sender("joe@host.dom.example"));
  CHECK(!strcmp(rcpts(), "fred@host.dom.example|"));
  CHECK(!x.resent);
}

static void t_removed(void)
{
  setup();
  CHECK(run("Bcc: a, b@x.y\nReturn-Path: <rp@x.y>\nContent-Length: 99\n"
            "Apparently-To: c\nX: 1\n") == 1);
  CHECK(!has("Bcc") && !has("Return-Path") && !has("Content-Length"));
  CHECK(has("Cc: recipient list not shown: ;\n"));
  CHECK(has("Apparently-To: c@host.dom.example\nX: 1\n"));
  CHECK(sender("rp@x.y"));
  CHECK(!strcmp(rcpts(), "a@host.dom.example|b@x.y|c@host.dom.example|"));
}

static void t_returnpath(void)
{
  setup();
  CHECK(run("Return-Path: <>\nReturn-Path: <b@x.y>\nTo: a\n") == 1);
  CHECK(sender(""));                       /* the first one counts */
  setup();
  x.killreturnpath = 1;
  CHECK(run("Return-Path: <b@x.y>\nTo: a\n") == 1);
  CHECK(sender("joe@host.dom.example") && !has("Return-Path"));
  setup();
  CHECK(inject_setsender(&x, "s@y") == 1);
  CHECK(run("Return-Path: <b@x.y>\nTo: a\n") == 1);
  CHECK(sender("s@y.dom.example"));        /* -f wins */
  setup();
  CHECK(inject_setsender(&x, "<>") == 1 && sender(""));
  setup();
  CHECK(inject_setsender(&x, "") == 1 && sender(""));
  setup();
  CHECK(inject_setsender(&x, "<b@x.y>") == 1 && sender("b@x.y"));
  setup();
  CHECK(inject_setsender(&x, "<b>") == 1 && sender("b@host.dom.example"));
  setup();
  CHECK(inject_setsender(&x, "a b") == 1 && sender("a b@host.dom.example"));
  setup();
  CHECK(inject_setsender(&x, "x@(y") == 0 && x.why && !x.hassender);
  setup();
  CHECK(run("Return-Path: <\"unterminated\n") == 0 && x.why);
}

static void t_from_msgid_date(void)
{
  setup();
  CHECK(run("From: me@x.y\nMessage-ID: <1@x>\nDate: whenever\nCc: c\n") == 1);
  CHECK(!strncmp(all.s, "From: me@x.y\nMessage-ID: <1@x>\nDate: whenever\n"
                        "Cc: c@host.dom.example\n", 68));
  setup();
  x.killfrom = 1;
  x.killmsgid = 1;
  CHECK(run("From: me@x.y\nMessage-ID: <1@x>\nTo: t\n") == 1);
  CHECK(!has("me@x.y") && !has("<1@x>"));
  CHECK(has("From: joe@host.dom.example\n") && has("Message-ID: <2023"));
}

static void t_resent(void)
{
  setup();
  CHECK(run("Resent-To: r\nTo: t\nFrom: f\nBcc: b\nResent-Bcc: rb\n") == 1);
  CHECK(x.resent);
  CHECK(!strncmp(all.s, "Resent-Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
                        "Resent-Message-ID: <2023", 69));
  CHECK(has("Resent-From: joe@host.dom.example\nResent-To: r@host"));
  CHECK(!has("\nDate:") && !has("\nMessage-ID:") && !has("Resent-Cc"));
  CHECK(!has("Bcc"));
  CHECK(!strcmp(rcpts(), "r@host.dom.example|rb@host.dom.example|"));
  setup();
  CHECK(run("Resent-From: f@x.y\nTo: t\n") == 1);
  CHECK(has("Resent-Cc: recipient list not shown: ;\n"));
  CHECK(!has("Resent-From: joe") && !has("\nCc:"));
  CHECK(!strcmp(rcpts(), ""));             /* Resent- has none */
  setup();
  CHECK(run("Resent-Message-ID: <x@y>\n") == 1 && x.resent);
  CHECK(!has("Resent-Message-ID: <2023") && has("Resent-Date:"));
}

static void t_names(void)
{
  setup();
  x.fullname = "Joe \"Q\" Public";
  CHECK(run("To: t\n") == 1);
  CHECK(has("From: \"Joe \\\"Q\\\" Public\" <joe@host.dom.example>\n"));
  setup();
  x.fullname = "Joe (Q) Public";
  x.namecomment = 1;
  CHECK(run("To: t\n") == 1);
  CHECK(has("From: joe@host.dom.example (Joe \\(Q\\) Public)\n"));
  setup();
  x.fullname = "Evil\nBcc: victim@x.y";        /* no field of its own */
  CHECK(run("To: t\n") == 1);
  CHECK(has("From: \"Evil Bcc: victim@x.y\" <joe@host.dom.example>\n"));
  setup();
  x.fullname = "";
  CHECK(run("To: t\n") == 1 && has("From: joe@host.dom.example\n"));
  setup();
  x.mailuser = "john smith";
  x.mailhost = "box+";
  CHECK(run("To: t\n") == 1);
  CHECK(has("From: \"john smith\"@box.plus.example\n"));
  setup();
  x.mailhost = "bad(host";
  CHECK(run("To: t\n") == 0 && x.why);
}

static void t_verp(void)
{
  setup();
  x.verprecip = 1;
  CHECK(run("To: t\n") == 1 && sender("joe-@host.dom.example-@[]"));
  setup();
  x.verpmess = 1;
  CHECK(run("To: t\n") == 1 && sender("joe-1700000000.4711@host.dom.example"));
  setup();
  x.verprecip = 1;
  CHECK(run("Return-Path: <b@x.y>\n") == 1 && sender("b@x.y-@[]"));
  setup();
  x.verprecip = 1;
  CHECK(run("Return-Path: <>\n") == 1 && sender(""));
  setup();
  x.verprecip = 1;
  CHECK(inject_setsender(&x, "f@x.y") == 1);
  CHECK(run("To: t\n") == 1 && sender("f@x.y"));  /* not for -f */
  setup();
  x.mailruser = "bounces";
  x.mailrhost = "lists.example";
  CHECK(run("To: t\n") == 1 && sender("bounces@lists.example"));
  CHECK(has("From: joe@host.dom.example\n"));
}

static void t_mft(void)
{
  static const char lists[] = "list@x.example\0other@x.example";
  struct constmap m = CONSTMAP_ZERO;

  CHECK(constmap_init(&m, lists, sizeof lists, 0) == 1);
  setup();
  x.mft = &m;
  CHECK(run("To: List@X.example\nCc: bob, \"a b\"@c.d\n") == 1);
  CHECK(has("Mail-Followup-To: List@X.example,\n  bob@host.dom.example,\n"
            "  \"a b\"@c.d\n"));
  setup();
  x.mft = &m;
  CHECK(run("To: bob\n") == 1 && !has("Mail-Followup-To"));
  setup();
  x.mft = &m;
  CHECK(run("To: list@x.example\nMail-Followup-To: z@z.z\n") == 1);
  CHECK(!has("Mail-Followup-To: list"));
  setup();
  x.mft = &m;
  CHECK(run("To: list@x.example\nResent-To: r\n") == 1);
  CHECK(!has("Mail-Followup-To"));          /* not for a resent message */
  constmap_free(&m);
}

static void t_parse(void)
{
  setup();
  CHECK(run("From: \"broken\n") == 0 && x.why && x.bad);
  setup();
  CHECK(run("Reply-To: a:b\n") == 0);
  setup();
  CHECK(run("To: a:b, c\nCc: d\n") == 1);   /* kept as it is */
  CHECK(has("To: a:b, c\nCc: d@host.dom.example\n"));
  CHECK(!strcmp(rcpts(), "d@host.dom.example|"));
  setup();
  CHECK(run("Subject: (unbalanced \"quotes\n") == 1);   /* not parsed */
  setup();
  CHECK(run("To: \"a@b, c\"@d (x), e\n") == 1);
  CHECK(!strcmp(rcpts(), "a@b, c@d.dom.example|e@host.dom.example|"));
}

static void t_args(void)
{
  setup();
  x.headerrcpts = 0;
  CHECK(inject_arg(&x, "one") == 1 && inject_arg(&x, "two@x.y") == 1);
  CHECK(inject_arg(&x, "") == 1);            /* no recipient */
  CHECK(run("To: three\n") == 1);
  CHECK(!strcmp(rcpts(), "one@host.dom.example|two@x.y|"));
  setup();
  CHECK(inject_arg(&x, "one") == 1);
  CHECK(run("To: three\n") == 1);
  CHECK(!strcmp(rcpts(), "one@host.dom.example|three@host.dom.example|"));
  setup();
  CHECK(inject_arg(&x, "x@[y") == 0 && x.why);
}

static void t_caps(void)
{
  struct sa h = SA_ZERO;
  size_t i;

  setup();
  CHECK(sa_cats(&h, "To: a0"));
  for (i = 1; i <= LIM_INJECT_RCPTS; ++i)
    CHECK(sa_cats(&h, ",a") && sa_catulong(&h, (unsigned long)i));
  CHECK(sa_cats(&h, "\n") && sa_0(&h));
  CHECK(run(h.s) == 0 && !strcmp(x.why, "too many recipients"));
  setup();
  x.headerrcpts = 0;
  CHECK(run(h.s) == 1);                     /* not recipients: no limit */

  setup();
  h.len = 0;
  CHECK(sa_cats(&h, "To: "));
  for (i = 0; i <= LIM_ADDR; ++i) CHECK(sa_append(&h, 'x'));
  CHECK(sa_cats(&h, "@y.z\n") && sa_0(&h));
  CHECK(run(h.s) == 0 && !strncmp(x.why, "address too long", 16));
  CHECK(x.bad && x.badlen > LIM_ADDR);

  setup();
  x.saved.max = 20;
  CHECK(run("Subject: 12345\nX: 67890\n") == 0 &&
        !strcmp(x.why, "header too long"));
  sa_free(&h);
}

int main(void)
{
  inject_init(&x);
  TEST(t_htype);
  TEST(t_plain);
  TEST(t_removed);
  TEST(t_returnpath);
  TEST(t_from_msgid_date);
  TEST(t_resent);
  TEST(t_names);
  TEST(t_verp);
  TEST(t_mft);
  TEST(t_parse);
  TEST(t_args);
  TEST(t_caps);
  inject_free(&x);
  sa_free(&top);
  sa_free(&all);
  return t_done();
}

/* t-hdr822.c - header fields, tokens, address lists, qualification */
#include <errno.h>
#include <string.h>
#include "buf.h"
#include "hdr822.h"
#include "sa.h"
#include "t.h"

#define S(lit) lit, sizeof lit - 1

static int saeq(const struct sa *x, const char *p, size_t n)
{
  return x->len == n && (n == 0 || memcmp(x->s, p, n) == 0);
}

static void t_name(void)
{
  size_t nl = 99;
  size_t c = 99;
  CHECK(hdr822_name(S("To: x\n"), &nl, &c) == 1 && nl == 2 && c == 2);
  CHECK(hdr822_name(S("To \t: x\n"), &nl, &c) == 1 && nl == 2 && c == 4);
  CHECK(hdr822_name(S("X-Mailer:\n"), &nl, &c) == 1 && nl == 8);
  CHECK(hdr822_name(S(": x\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("  : x\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("T o: x\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("To\001: x\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("X\351: x\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("no colon here\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("From joe Mon Jan  1 00:00:00 2024\n"), &nl, &c) == 0);
  CHECK(hdr822_name(S("To\n: x\n"), &nl, &c) == 0);  /* colon on line 2 */
  CHECK(hdr822_name("", 0, &nl, &c) == 0);
  CHECK(hdr822_is(S("cC: x\n"), "cc"));
  CHECK(hdr822_is(S("Resent-To : x\n"), "resent-to"));
  CHECK(!hdr822_is(S("Ccc: x\n"), "cc"));
  CHECK(!hdr822_is(S("C: x\n"), "cc"));
  CHECK(!hdr822_is(S("Resent_To: x\n"), "resent-to"));
}

static void t_getfield(void)
{
  static const char in[] =
    "To: a,\n b\nSubject: x\n\tmore\n\tand more\nX: 1\n\nbody\n";
  struct buf b;
  struct sa f = SA_ZERO;
  char c;

  buf_initmem(&b, in, sizeof in - 1);
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_FIELD);
  CHECK(saeq(&f, S("To: a,\n b\n")));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_FIELD);
  CHECK(saeq(&f, S("Subject: x\n\tmore\n\tand more\n")));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_FIELD);
  CHECK(saeq(&f, S("X: 1\n")));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_END);
  CHECK(saeq(&f, S("\n")));
  CHECK(buf_getc(&b, &c) == 1 && c == 'b');   /* the body is left */

  buf_initmem(&b, S("\r\nbody"));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_END && saeq(&f, S("\r\n")));

  buf_initmem(&b, S("not a field\n To: x\n"));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_OTHER);
  CHECK(saeq(&f, S("not a field\n")));      /* continuations not taken */
  CHECK(hdr822_getcont(&b, &f, 1000) == 1);
  CHECK(saeq(&f, S("not a field\n To: x\n")));

  buf_initmem(&b, S("To: x"));           /* no newline at the end */
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_FIELD);
  CHECK(saeq(&f, S("To: x\n")));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_END && f.len == 0);
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_END && f.len == 0);

  buf_initmem(&b, S("To: x\n y"));
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_FIELD);
  CHECK(saeq(&f, S("To: x\n y\n")));

  buf_initmem(&b, "", 0);
  CHECK(hdr822_getfield(&b, &f, 1000) == HDR822_END && f.len == 0);
  sa_free(&f);
}

static void t_getfield_caps(void)
{
  struct buf b;
  struct sa f = SA_ZERO;

  buf_initmem(&b, S("To: 0123456789\n"));
  errno = 0;
  CHECK(hdr822_getfield(&b, &f, 10) == -1 && errno == E2BIG);
  buf_initmem(&b, S("To: 01234\n"));
  CHECK(hdr822_getfield(&b, &f, 10) == HDR822_FIELD);   /* exactly 10 */
  buf_initmem(&b, S("To: 0123"));
  CHECK(hdr822_getfield(&b, &f, 9) == HDR822_FIELD && f.len == 9);
  buf_initmem(&b, S("To: 01234"));
  errno = 0;
  CHECK(hdr822_getfield(&b, &f, 9) == -1 && errno == E2BIG);
  buf_initmem(&b, S("To: 0\n 1\n 2\n 3\n"));
  errno = 0;
  CHECK(hdr822_getfield(&b, &f, 12) == -1 && errno == E2BIG);
  f.len = 0;
  f.max = 4;                       /* the sa's own cap counts as well */
  buf_initmem(&b, S("To: x\n"));
  errno = 0;
  CHECK(hdr822_getfield(&b, &f, 1000) == -1 && errno == E2BIG);
  sa_free(&f);
}

static int types(const struct hdr822_toks *ts, const int *want, size_t n)
{
  size_t i;
  if (ts->n != n) return 0;
  for (i = 0; i < n; ++i)
    if (ts->t[i].type != want[i]) return 0;
  return 1;
}

static void t_tokenize(void)
{
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  static const int t1[] = { HDR822_ATOM, HDR822_DOT, HDR822_ATOM,
                            HDR822_AT, HDR822_ATOM };
  static const int t2[] = { HDR822_QUOTE, HDR822_AT, HDR822_LITERAL };
  static const int t3[] = { HDR822_COMMENT, HDR822_ATOM };
  static const int t4[] = { HDR822_ATOM, HDR822_LEFT, HDR822_ATOM,
                            HDR822_RIGHT, HDR822_COMMA, HDR822_ATOM,
                            HDR822_COLON, HDR822_SEMI };

  CHECK(hdr822_tokenize(S(" a.b @c "), 100, &ts) == 1 && types(&ts, t1, 5));
  CHECK(ts.t[0].pos == 101 && ts.t[0].len == 1);
  CHECK(ts.t[3].pos == 105 && ts.t[4].pos == 106);
  CHECK(hdr822_tokenize(S("\"a b\"@[1.2.3.4]"), 0, &ts) == 1);
  CHECK(types(&ts, t2, 3) && ts.t[0].len == 5 && ts.t[2].len == 9);
  /* nested comments, quoted pairs inside */
  CHECK(hdr822_tokenize(S("(a (nested (deep)) \\) x) b"), 0, &ts) == 1);
  CHECK(types(&ts, t3, 2) && ts.t[0].len == 24);
  CHECK(hdr822_tokenize(S("x<y>,z:;"), 0, &ts) == 1 && types(&ts, t4, 8));
  CHECK(hdr822_tokenize(S("\r\n\t "), 0, &ts) == 1 && ts.n == 0);
  CHECK(hdr822_tokenize("", 0, 0, &ts) == 1 && ts.n == 0);
  /* qmail's atoms hold ) ] and quoted pairs, not at their start */
  CHECK(hdr822_tokenize(S("a)b]c"), 0, &ts) == 1 && ts.n == 1);
  CHECK(hdr822_tokenize(S("a\\ b\\,c"), 0, &ts) == 1 && ts.n == 1);
  CHECK(hdr822_tokenize(S("\\@x"), 0, &ts) == 1 && ts.n == 1);
  /* 8-bit bytes are atom bytes; a NUL is refused anywhere */
  CHECK(hdr822_tokenize(S("j\366rg@b\344r"), 0, &ts) == 1 && ts.n == 3);
  CHECK(ts.t[2].len == 3);
  errno = 0;
  CHECK(hdr822_tokenize(S("a@\0x"), 0, &ts) == 0 && errno == EINVAL);
  CHECK(hdr822_tokenize(S("\"a\0\"@x"), 0, &ts) == 0);
  CHECK(hdr822_tokenize(S("(\0) x"), 0, &ts) == 0);
  /* "a@b" inside quotes is one token */
  CHECK(hdr822_tokenize(S("\"x@y, z\"@w"), 0, &ts) == 1 && ts.n == 3);
  CHECK(hdr822_tokenize(S("\"a\\\"b\""), 0, &ts) == 1 && ts.n == 1);
  hdr822_toks_free(&ts);
}

static void t_tokenize_errors(void)
{
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  static const char *const bad[] = {
    "\"unterminated", "(unterminated", "(a (b)", "[x", ")", "a, ]",
    "\"a\\", "(a\\", "[a\\", "a\\", "\"a\\\"", 0
  };
  size_t i;
  for (i = 0; bad[i]; ++i) {
    errno = 0;
    CHECK(hdr822_tokenize(bad[i], strlen(bad[i]), 0, &ts) == 0 &&
          errno == EINVAL);
  }
  hdr822_toks_free(&ts);
}

/* addrs - the addresses of text as "v1|v2|..." (angle ones in <>),
 * with a comma mark "," before those that need one; "!" on error */
static const char *addrs(const char *text)
{
  static struct sa out;
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  struct hdr822_alist al = HDR822_ALIST_ZERO;
  size_t i;

  out.len = 0;
  if (hdr822_tokenize(text, strlen(text), 0, &ts) != 1 ||
      hdr822_addrlist(&ts, &al) != 1) {
    sa_copys(&out, "!");
  } else {
    for (i = 0; i < al.n; ++i) {
      const struct hdr822_addr *a = al.a + i;
      if (i) sa_append(&out, '|');
      if (a->comma_before) sa_append(&out, ',');
      if (a->angle) sa_append(&out, '<');
      hdr822_value(text, ts.t + a->first, a->end - a->first, &out);
      if (a->angle) sa_append(&out, '>');
    }
  }
  sa_0(&out);
  hdr822_toks_free(&ts);
  hdr822_alist_free(&al);
  return out.s;
}

static void t_addrlist(void)
{
  CHECK(!strcmp(addrs("a@b, c@d (Somebody), A Person <e@f>,\n"
                      "   random group: g@h, i@j;, k@l"),
                "a@b|c@d|<e@f>|g@h|i@j|k@l"));
  CHECK(!strcmp(addrs("djb fred"), "djb|,fred"));
  CHECK(!strcmp(addrs("djb (Dan) fred"), "djb|,fred"));
  CHECK(!strcmp(addrs("a@b c@d"), "a@b|,c@d"));
  CHECK(!strcmp(addrs("a . b @ c"), "a.b@c"));         /* obsolete spaces */
  CHECK(!strcmp(addrs("list: a, b;"), "a|b"));
  CHECK(!strcmp(addrs("list: ;"), ""));
  CHECK(!strcmp(addrs("recipient list not shown: ;"), ""));
  CHECK(!strcmp(addrs("x: a;, y: b;"), "a|b"));
  CHECK(!strcmp(addrs("x: a;y"), "a|,y"));
  CHECK(!strcmp(addrs("<>"), "<>"));
  CHECK(!strcmp(addrs("Joe <>"), "<>"));
  CHECK(!strcmp(addrs("<@a,@b:c@d>"), "<@a,@b:c@d>"));
  CHECK(!strcmp(addrs("\"Smith, Joe\" <j@x>, \"a@b, c\"@d"), "<j@x>|a@b, c@d"));
  CHECK(!strcmp(addrs("Joe <a@b> Smith"), "<a@b>|,Smith"));
  CHECK(!strcmp(addrs("[x] <a@b>"), "<a@b>"));
  CHECK(!strcmp(addrs("a <b> <c>"), "<b>|<c>"));
  CHECK(!strcmp(addrs("(only a comment)"), ""));
  CHECK(!strcmp(addrs(""), ""));
  CHECK(!strcmp(addrs(",,a,,"), "a"));
  CHECK(!strcmp(addrs("\"q\\\"x\"@y (c) "), "q\"x@y"));
  CHECK(!strcmp(addrs("\"a\n b\"@c"), "a b@c"));         /* unfolded */
  CHECK(!strcmp(addrs("a;b;"), "!"));                    /* group in group */
  CHECK(!strcmp(addrs("a:b"), "!"));                     /* ':' outside */
  CHECK(!strcmp(addrs("a>"), "!"));                      /* '>' alone */
  CHECK(!strcmp(addrs("a < b"), "!"));                   /* '<' alone */
  CHECK(!strcmp(addrs("x <<b>"), "!"));
}

static struct hdr822_qual q = HDR822_QUAL_ZERO;

/* qual - text qualified, and its addresses "a|b|..." after a tab */
static const char *qual(const char *text)
{
  static struct sa out;
  static struct sa list;
  static struct sa res;
  size_t i;
  int r;

  list.len = 0;
  r = hdr822_qualify(&q, text, strlen(text), 3, &out, &list);
  res.len = 0;
  if (r != 1) sa_copys(&res, r == 0 ? "!" : "?");
  sa_cat(&res, &out);
  sa_append(&res, '\t');
  for (i = 0; i < list.len; ++i)
    sa_append(&res, list.s[i] ? list.s[i] : '|');
  sa_0(&res);
  return res.s;
}

static void t_qualify(void)
{
  q.defaulthost = "host";
  q.defaultdomain = "dom.example";
  q.plusdomain = "plus.example";
  CHECK(!strcmp(qual("To: joe\n"),
                "To: joe@host.dom.example\n\tjoe@host.dom.example|"));
  CHECK(!strcmp(qual("To: djb@silverton\n"),
                "To: djb@silverton.dom.example\n\tdjb@silverton.dom.example|"));
  CHECK(!strcmp(qual("To: eric@mammoth.cs+\n"),
                "To: eric@mammoth.cs.plus.example\n"
                "\teric@mammoth.cs.plus.example|"));
  CHECK(!strcmp(qual("To: djb@[1.2.3.4]\n"),
                "To: djb@[1.2.3.4]\n\tdjb@[1.2.3.4]|"));
  CHECK(!strcmp(qual("To: djb fred\n"),
                "To: djb@host.dom.example, fred@host.dom.example\n"
                "\tdjb@host.dom.example|fred@host.dom.example|"));
  CHECK(!strcmp(qual("To: a (x) b\n"),
                "To: a@host.dom.example (x), b@host.dom.example\n"
                "\ta@host.dom.example|b@host.dom.example|"));
  CHECK(!strcmp(qual("To: A Person <e>\n"),
                "To: A Person <e@host.dom.example>\n\te@host.dom.example|"));
  CHECK(!strcmp(qual("To: <@a,@b:c@d.example>\n"),
                "To: <c@d.example>\n\tc@d.example|"));
  CHECK(!strcmp(qual("To: \"a@b, c\" <x@y.z>\n"),
                "To: \"a@b, c\" <x@y.z>\n\tx@y.z|"));
  CHECK(!strcmp(qual("To: \"a@b, c\"\n"),
                "To: \"a@b, c\"@host.dom.example\n\ta@b, c@host.dom.example|"));
  CHECK(!strcmp(qual("To: <>\n"), "To: <>\n\t|"));
  CHECK(!strcmp(qual("To: x@[]\n"), "To: x@[]\n\tx@[]|"));
  CHECK(!strcmp(qual("To: a@b.\n"),
                "To: a@b.dom.example\n\ta@b.dom.example|"));
  CHECK(!strcmp(qual("To: a@\n"),
                "To: a@host.dom.example\n\ta@host.dom.example|"));
  CHECK(!strcmp(qual("To: <@route.only>\n"), "To: <>\n\t|"));
  CHECK(!strcmp(qual("To: list: a, b;, c\n"),
                "To: list: a@host.dom.example, b@host.dom.example;, "
                "c@host.dom.example\n"
                "\ta@host.dom.example|b@host.dom.example|c@host.dom.example|"));
  CHECK(!strcmp(qual("Cc: recipient list not shown: ;\n"),
                "Cc: recipient list not shown: ;\n\t"));
  CHECK(!strcmp(qual("To: joe (Joe Smith)\n"),
                "To: joe@host.dom.example (Joe Smith)\n"
                "\tjoe@host.dom.example|"));
  CHECK(!strcmp(qual("To: a,\n\tb\n"),
                "To: a@host.dom.example,\n\tb@host.dom.example\n"
                "\ta@host.dom.example|b@host.dom.example|"));
  CHECK(!strcmp(qual("To: j\366rg\n"),
                "To: j\366rg@host.dom.example\n\tj\366rg@host.dom.example|"));
  CHECK(!strcmp(qual("To: \"unterminated\n"), "!To: \"unterminated\n\t"));
  CHECK(!strcmp(qual("To: a:b\n"), "!To: a:b\n\t"));
  CHECK(!strcmp(qual("To: x@y\\+\n"),
                "To: x@y\\+.dom.example\n\tx@y+.dom.example|"));
  CHECK(!strcmp(qual("To: <a(c)@(d)b (e)>\n"),
                "To: <a(c)@(d)b.dom.example (e)>\n\ta@b.dom.example|"));
}

static void t_qualify_defaulthost(void)
{
  q.defaulthost = "box+";
  CHECK(!strcmp(qual("To: x\n"),
                "To: x@box.plus.example\n\tx@box.plus.example|"));
  q.defaulthost = "[10.0.0.1]";
  CHECK(!strcmp(qual("To: x\n"), "To: x@[10.0.0.1]\n\tx@[10.0.0.1]|"));
  q.defaulthost = "a.b";
  CHECK(!strcmp(qual("To: x\n"), "To: x@a.b\n\tx@a.b|"));
  q.defaulthost = "host";
}

static void t_qualify_idempotent(void)
{
  static const char *const in[] = {
    "To: djb fred, a@b., <@x:y>, g: c d;, \"q q\" <e@f+>\n",
    "To: a.@..@\n", "To: <@a:@b:c>\n", "To: x <a> y <b> z\n",
    "To: [1.2.3.4]\n", "To: a@. , @, .\n", 0
  };
  struct sa once = SA_ZERO;
  struct sa twice = SA_ZERO;
  size_t i;

  for (i = 0; in[i]; ++i) {
    CHECK(hdr822_qualify(&q, in[i], strlen(in[i]), 3, &once, 0) == 1);
    CHECK(hdr822_qualify(&q, once.s, once.len, 3, &twice, 0) == 1);
    CHECK(once.len == twice.len && !memcmp(once.s, twice.s, once.len));
  }
  sa_free(&once);
  sa_free(&twice);
}

static void t_qualify_caps(void)
{
  struct sa out = SA_ZERO;
  struct sa list = SA_ZERO;

  out.max = 20;
  errno = 0;
  CHECK(hdr822_qualify(&q, S("To: a, b, c\n"), 3, &out, 0) == -1 &&
        errno == E2BIG);
  out.max = 0;
  list.max = 30;
  CHECK(sa_copys(&list, "kept"));
  errno = 0;
  CHECK(hdr822_qualify(&q, S("To: a, b, c\n"), 3, &out, &list) == -1 &&
        errno == E2BIG);
  CHECK(saeq(&list, S("kept")));           /* nothing half-appended */
  sa_free(&out);
  sa_free(&list);
}

static void t_qualify1(void)
{
  struct sa out = SA_ZERO;
  CHECK(hdr822_qualify1(&q, S("joe"), &out) == 1 &&
        saeq(&out, S("joe@host.dom.example")));
  CHECK(hdr822_qualify1(&q, S("a b@c"), &out) == 1 &&
        saeq(&out, S("a b@c.dom.example")));
  CHECK(hdr822_qualify1(&q, S("x@y.z"), &out) == 1 && saeq(&out, S("x@y.z")));
  CHECK(hdr822_qualify1(&q, S("x@y+"), &out) == 1 &&
        saeq(&out, S("x@y.plus.example")));
  CHECK(hdr822_qualify1(&q, S("\"q\"@y.z"), &out) == 1 &&
        saeq(&out, S("\"q\"@y.z")));
  CHECK(hdr822_qualify1(&q, "", 0, &out) == 1 && out.len == 0);
  CHECK(hdr822_qualify1(&q, S("x@(y"), &out) == 0);
  sa_free(&out);
}

static void t_quote(void)
{
  struct sa out = SA_ZERO;
  CHECK(hdr822_quote(&out, S("a@b")) && saeq(&out, S("a@b")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S("a b@c")) && saeq(&out, S("\"a b\"@c")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S("a..b@c")) && saeq(&out, S("\"a..b\"@c")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S(".a@c")) && saeq(&out, S("\".a\"@c")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S("x\"y\\z")) && saeq(&out, S("\"x\\\"y\\\\z\"")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S("a@b@c")) && saeq(&out, S("\"a@b\"@c")));
  out.len = 0;
  CHECK(hdr822_quote(&out, S("a\nb@c\r\n")) && saeq(&out, S("\"ab\"@c")));
  out.len = 0;
  CHECK(hdr822_quote(&out, "", 0) && out.len == 0);
  CHECK(hdr822_quote(&out, S("j\366rg@x")) && saeq(&out, S("j\366rg@x")));
  sa_free(&out);
}

/* long inputs: a long line, many addresses, deep nesting; all linear */
static void t_long(void)
{
  struct sa in = SA_ZERO;
  struct sa out = SA_ZERO;
  struct sa list = SA_ZERO;
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  struct buf b;
  size_t i;
  size_t n = 0;

  CHECK(sa_cats(&in, "Subject: "));
  for (i = 0; i < 1000000; ++i) CHECK(sa_append(&in, 'x'));
  CHECK(sa_cats(&in, "\n"));
  buf_initmem(&b, in.s, in.len);
  CHECK(hdr822_getfield(&b, &out, 2000000) == HDR822_FIELD);
  CHECK(out.len == in.len);
  CHECK(hdr822_tokenize(in.s + 9, in.len - 9, 9, &ts) == 1 && ts.n == 1);

  in.len = 0;
  CHECK(sa_cats(&in, "To: a"));
  for (i = 1; i < 50000; ++i) CHECK(sa_cats(&in, ",\n a"));
  CHECK(sa_cats(&in, "\n"));
  CHECK(hdr822_qualify(&q, in.s, in.len, 3, &out, &list) == 1);
  for (i = 0; i < list.len; ++i)
    if (!list.s[i]) ++n;
  CHECK(n == 50000);
  CHECK(out.len == in.len + 50000 * strlen("@host.dom.example"));

  in.len = 0;                              /* nesting 100000 deep */
  for (i = 0; i < 100000; ++i) CHECK(sa_append(&in, '('));
  for (i = 0; i < 100000; ++i) CHECK(sa_append(&in, ')'));
  CHECK(sa_cats(&in, " x"));
  CHECK(hdr822_tokenize(in.s, in.len, 0, &ts) == 1 && ts.n == 2);
  CHECK(ts.t[0].type == HDR822_COMMENT && ts.t[0].len == 200000);
  in.len -= 2;
  CHECK(sa_cats(&in, "(x"));
  CHECK(hdr822_tokenize(in.s, in.len, 0, &ts) == 0);
  sa_free(&in);
  sa_free(&out);
  sa_free(&list);
  hdr822_toks_free(&ts);
}

int main(void)
{
  TEST(t_name);
  TEST(t_getfield);
  TEST(t_getfield_caps);
  TEST(t_tokenize);
  TEST(t_tokenize_errors);
  TEST(t_addrlist);
  TEST(t_qualify);
  TEST(t_qualify_defaulthost);
  TEST(t_qualify_idempotent);
  TEST(t_qualify_caps);
  TEST(t_qualify1);
  TEST(t_quote);
  TEST(t_long);
  hdr822_qual_free(&q);
  return t_done();
}

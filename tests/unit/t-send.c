/* t-send.c - qmail-send's pure logic: rewriting, VERP, bounce text,
 * header quoting, the retry schedule */
#include <string.h>
#include "qmail-send.h"
#include "t.h"

/* the modules qmail-send.h declares but this test does not link */
struct send_cfg cfg;
time_t recent;
volatile sig_atomic_t exitasap;

static struct send_maps maps;

static void setup(void)
{
  static const char locals[] = "example.com\0localhost\0";
  static const char percent[] = "example.com\0";
  static const char vdoms[] = "virt.example:v\0joe@other.example:joe\0"
                              ".wild.example:w\0empty.example:\0";
  CHECK(constmap_init(&maps.locals, locals, sizeof locals - 1, 0));
  CHECK(constmap_init(&maps.percenthack, percent, sizeof percent - 1, 0));
  CHECK(constmap_init(&maps.vdoms, vdoms, sizeof vdoms - 1, 1));
  maps.envnoathost = "example.com";
}

static int rw(const char *in, int want, const char *out)
{
  struct sa x = SA_ZERO;
  int r = send_rewrite(&maps, in, &x);
  int ok = r == want && x.len == strlen(out) && !memcmp(x.s, out, x.len);
  if (!ok) printf("# %s -> %d %.*s\n", in, r, (int)x.len, x.s);
  sa_free(&x);
  return ok;
}

static void t_rewrite(void)
{
  setup();
  CHECK(rw("joe@example.com", SEND_LOCAL, "joe@example.com"));
  CHECK(rw("joe@EXAMPLE.com", SEND_LOCAL, "joe@EXAMPLE.com"));  /* case */
  CHECK(rw("joe", SEND_LOCAL, "joe@example.com"));              /* envnoathost */
  CHECK(rw("joe@remote.example", SEND_REMOTE, "joe@remote.example"));
  CHECK(rw("a%b@example.com", SEND_REMOTE, "a@b"));             /* percenthack */
  CHECK(rw("a%b%localhost@example.com", SEND_LOCAL, "a%b@localhost"));
  CHECK(rw("x@virt.example", SEND_LOCAL, "v-x@virt.example"));
  CHECK(rw("joe@other.example", SEND_LOCAL, "joe-joe@other.example"));
  CHECK(rw("ann@other.example", SEND_REMOTE, "ann@other.example"));
  CHECK(rw("y@a.wild.example", SEND_LOCAL, "w-y@a.wild.example"));
  CHECK(rw("y@wild.example", SEND_REMOTE, "y@wild.example"));   /* not .wild */
  CHECK(rw("z@empty.example", SEND_REMOTE, "z@empty.example")); /* empty prepend */
}

static void t_catchall(void)
{
  static const char vdoms[] = ":all\0";
  struct constmap saved = maps.vdoms;
  CHECK(constmap_init(&maps.vdoms, vdoms, sizeof vdoms - 1, 1));
  CHECK(rw("q@anything.example", SEND_LOCAL, "all-q@anything.example"));
  CHECK(rw("joe@example.com", SEND_LOCAL, "joe@example.com"));  /* locals first */
  constmap_free(&maps.vdoms);
  maps.vdoms = saved;
}

static void t_verp(void)
{
  struct sa x = SA_ZERO;
  CHECK(send_senderadd(&x, "list-@lists.example-@[]", "box@rhost.example"));
  CHECK(x.len == strlen("list-box=rhost.example@lists.example") &&
        !memcmp(x.s, "list-box=rhost.example@lists.example", x.len));
  CHECK(send_senderadd(&x, "plain@example.com", "box@rhost") &&
        x.len == 17 && !memcmp(x.s, "plain@example.com", 17));
  CHECK(send_senderadd(&x, "", "box@rhost") && x.len == 0);
  CHECK(send_senderadd(&x, "-@[]", "box@rhost") && x.len == 4);
  sa_free(&x);
}

static void t_stripvdom(void)
{
  CHECK(!strcmp(send_stripvdom(&maps.vdoms, "v-x@virt.example"), "x@virt.example"));
  CHECK(!strcmp(send_stripvdom(&maps.vdoms, "q-x@virt.example"), "q-x@virt.example"));
  CHECK(!strcmp(send_stripvdom(&maps.vdoms, "w-y@a.wild.example"), "y@a.wild.example"));
  CHECK(!strcmp(send_stripvdom(&maps.vdoms, "nobody"), "nobody"));
}

static void t_bouncetext(void)
{
  struct sa x = SA_ZERO;
  const char *want = "<a@b>:\nline one\n/line three\n\n";   /* qmail: "\\n\\n" -> "\\n/" */
  CHECK(send_bouncetext(&x, "a@b", "line one\n\nline three"));
  CHECK(x.len == strlen(want) && !memcmp(x.s, want, x.len));
  x.len = 0;
  CHECK(send_bouncetext(&x, "bad\naddr", "r\n"));
  CHECK(x.len == strlen("<bad_addr>:\nr\n\n") &&
        !memcmp(x.s, "<bad_addr>:\nr\n\n", x.len));
  sa_free(&x);
}

static void t_quote(void)
{
  struct sa x = SA_ZERO;
  CHECK(send_quote(&x, "joe@example.com") && !strcmp(x.s, "joe@example.com"));
  CHECK(send_quote(&x, "joe smith@example.com") &&
        !strcmp(x.s, "\"joe smith\"@example.com"));
  CHECK(send_quote(&x, "a\"b@c") && !strcmp(x.s, "\"a\\\"b\"@c"));
  CHECK(send_quote(&x, "evil\nBcc: x@y@c") && !strchr(x.s, '\n'));
  CHECK(send_quote(&x, ".dot@c") && !strcmp(x.s, "\".dot\"@c"));
  CHECK(send_quote(&x, "a..b@c") && !strcmp(x.s, "\"a..b\"@c"));
  CHECK(send_quote(&x, "nodomain") && !strcmp(x.s, "nodomain"));
  CHECK(send_quote(&x, "#@[]") && !strcmp(x.s, "#@[]"));
  /* RFC 6532: UTF-8 stands unquoted in a bounce's To: */
  CHECK(send_quote(&x, "j\303\266rg@c") && !strcmp(x.s, "j\303\266rg@c"));
  sa_free(&x);
}

static void t_retry(void)
{
  /* qmail's schedule: local retries 100, 400, 900 s after birth,
   * remote 400, 1600, 3600 s */
  CHECK(send_nextretry(1000, 1000, 10) == 1100);
  CHECK(send_nextretry(1000, 1100, 10) == 1400);
  CHECK(send_nextretry(1000, 1400, 10) == 1900);
  CHECK(send_nextretry(1000, 1000, 20) == 1400);
  CHECK(send_nextretry(1000, 1400, 20) == 2600);
  CHECK(send_nextretry(1000, 2600, 20) == 4600);
  CHECK(send_nextretry(5000, 1000, 10) == 5100);      /* born in the future */
  CHECK(send_isqrt(0) == 0 && send_isqrt(1) == 1 && send_isqrt(3) == 1 &&
        send_isqrt(4) == 2 && send_isqrt(99) == 9 && send_isqrt(100) == 10);
  CHECK(send_isqrt(604800) == 777);                   /* a week */
  CHECK(send_isqrt((unsigned long)-1) == 4294967295UL || sizeof(long) == 4);
}

int main(void)
{
  TEST(t_rewrite);
  TEST(t_catchall);
  TEST(t_verp);
  TEST(t_stripvdom);
  TEST(t_bouncetext);
  TEST(t_quote);
  TEST(t_retry);
  return t_done();
}

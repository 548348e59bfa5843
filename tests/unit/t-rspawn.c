/* t-rspawn.c - qmail-rspawn: qmail-remote's report turned into one
 * result record per recipient */
#include <stdlib.h>
#include <string.h>
#include "qmail-rspawn.h"
#include "sa.h"
#include "spawnd.h"
#include "t.h"

/* is - result holds exactly the bytes want[0..n) */
static int is(const struct sa *result, const char *want, size_t n)
{
  return result->len == n && !memcmp(result->s, want, n);
}

#define REPORT(nr, code, text, want) \
  report(nr, code, text, sizeof text - 1, want, sizeof want - 1)

static int report(unsigned int nrcpts, int code, const char *p, size_t n,
                  const char *want, size_t wn)
{
  struct sa result = SA_ZERO;
  int ok = rspawn_report(nrcpts, code, p, n, &result) &&
           is(&result, want, wn);
  if (!ok) printf("# got %d bytes: %.*s\n", (int)result.len,
                  (int)result.len, result.s ? result.s : "");
  sa_free(&result);
  return ok;
}

static void t_accepted(void)
{
  /* one recipient, accepted, message taken */
  CHECK(REPORT(1, 0, "r\0K1.2.3.4 accepted message.\nRemote host said: 250 ok\n\0",
               "K1.2.3.4 accepted message.\nRemote host said: 250 ok\n\0"));
  /* the message report decides for accepted recipients: Z and D */
  CHECK(REPORT(1, 0, "r\0Zlater\n\0", "Zlater\n\0"));
  CHECK(REPORT(1, 0, "r\0Dnever\n\0", "Dnever\n\0"));
}

static void t_refused(void)
{
  /* h and s are the recipient's own fate, whatever the message did */
  CHECK(REPORT(3, 0, "r\0hno such user\n\0sover quota\n\0Kaccepted\n\0",
               "Kaccepted\n\0Dno such user\n\0Zover quota\n\0"));
  /* a recipient without a report shares the message report */
  CHECK(REPORT(2, 0, "hbad\n\0Zconnection died\n\0",
               "Dbad\n\0Zconnection died\n\0"));
  CHECK(REPORT(2, 0, "DSorry, I couldn't find any host named x. (#5.1.2)\n\0",
               "DSorry, I couldn't find any host named x. (#5.1.2)\n\0"
               "DSorry, I couldn't find any host named x. (#5.1.2)\n\0"));
  /* exit 111 and 100 come with a report, and it counts */
  CHECK(REPORT(1, 111, "ZOut of memory. (#4.3.0)\n\0",
               "ZOut of memory. (#4.3.0)\n\0"));
  CHECK(REPORT(1, 100, "Dwrong arguments\n\0", "Dwrong arguments\n\0"));
}

static void t_broken(void)
{
  /* no message report: deferred, never delivered or bounced */
  CHECK(REPORT(1, 0, "", "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  CHECK(REPORT(1, 0, "r\0", "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  CHECK(REPORT(1, 0, "r\0Kcut off",
               "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  CHECK(REPORT(1, 0, "hno\0", "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  CHECK(REPORT(1, 0, "xjunk\0Kok\0",
               "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  CHECK(REPORT(1, 0, "\0Kok\0", "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  /* more recipient reports than recipients: not a report we know */
  CHECK(REPORT(1, 0, "r\0r\0Kok\0",
               "Zqmail-remote's report is incomplete. (#4.3.0)\0"));
  /* a crash or a strange exit overrides any report */
  CHECK(REPORT(2, -1, "r\0Kok\0", "Zqmail-remote crashed. (#4.3.0)\0"
               "Zqmail-remote crashed. (#4.3.0)\0"));
  CHECK(REPORT(1, 1, "r\0Kok\0", "Zqmail-remote exited unexpectedly. (#4.3.0)\0"));
  /* what follows the message report is ignored */
  CHECK(REPORT(1, 0, "Kok\0trailing", "Kok\0"));
}

int main(void)
{
  TEST(t_accepted);
  TEST(t_refused);
  TEST(t_broken);
  return t_done();
}

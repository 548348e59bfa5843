/* t-logsafe.c - peer bytes made safe for log lines */
#include <string.h>
#include "logsafe.h"
#include "t.h"

static void t_plain_and_escapes(void)
{
  struct sa out = SA_ZERO;
  CHECK(log_safe(&out, "a@b.example", 11) && sa_equals(&out, "a@b.example"));
  out.len = 0;
  CHECK(log_safe(&out, "x\ny z\r\\\0\377", 9));
  CHECK(sa_equals(&out, "x\\012y\\040z\\015\\134\\000\\377"));
  out.len = 0;
  CHECK(log_safe(&out, "", 0) && out.len == 0);
  sa_free(&out);
}

static void t_cap(void)
{
  struct sa out = SA_ZERO;
  out.max = 4;
  CHECK(log_safe(&out, "\n", 1) && out.len == 4);
  CHECK(!log_safe(&out, "a", 1) && out.len == 4);
  sa_free(&out);
}

int main(void)
{
  TEST(t_plain_and_escapes);
  TEST(t_cap);
  return t_done();
}

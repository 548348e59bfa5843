/* t-qqexit.c - qmail-queue exit classes */
#include <string.h>
#include "qqexit.h"
#include "t.h"

static void t_classes(void)
{
  int c;
  CHECK(qqexit_isperm(QQ_ADDR_TOOLONG) && qqexit_isperm(QQ_REFUSED));
  CHECK(qqexit_isperm(11) && qqexit_isperm(40));
  CHECK(!qqexit_isperm(10) && !qqexit_isperm(41));
  for (c = 51; c <= 91; ++c) CHECK(!qqexit_isperm(c));
  CHECK(!qqexit_isperm(0) && !qqexit_isperm(255) && !qqexit_isperm(-1));
}

static void t_texts(void)
{
  CHECK(strcmp(qqexit_text(QQ_WRITE), "write error (disk full?)") == 0);
  CHECK(strcmp(qqexit_text(QQ_ADDR_TOOLONG), "address too long") == 0);
  CHECK(strcmp(qqexit_text(35), "permanent queue failure") == 0);
  CHECK(strcmp(qqexit_text(99), "temporary queue failure") == 0);
}

int main(void)
{
  TEST(t_classes);
  TEST(t_texts);
  return t_done();
}

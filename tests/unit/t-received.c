/* t-received.c - the "with" keyword of the Received field */
#include <string.h>
#include "received.h"
#include "t.h"

static void t_protocol(void)
{
  CHECK(strcmp(received_protocol(0, 0, 0), "SMTP") == 0);
  CHECK(strcmp(received_protocol(1, 0, 0), "ESMTP") == 0);
  CHECK(strcmp(received_protocol(1, 0, 1), "ESMTPA") == 0);
  CHECK(strcmp(received_protocol(1, 1, 0), "UTF8SMTP") == 0);
  CHECK(strcmp(received_protocol(1, 1, 1), "UTF8SMTPA") == 0);
  /* SMTPUTF8 is an extension: it stands for EHLO even after HELO */
  CHECK(strcmp(received_protocol(0, 1, 0), "UTF8SMTP") == 0);
}

int main(void)
{
  TEST(t_protocol);
  return t_done();
}

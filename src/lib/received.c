/* received.c - the Received field a server puts on a message it takes */
#include <time.h>
#include "date822.h"
#include "received.h"
#include "str.h"

/* safe - s with every byte outside qmail's safe set made '?' */
static void safe(struct qq *q, const char *s)
{
  char c;

  for (; (c = *s); ++s) {
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '.' || c == '@' || c == '%' ||
             c == '+' || c == '/' || c == '=' || c == ':' || c == '-' ||
             c == '[' || c == ']';
    qq_put(q, ok ? &c : "?", 1);
  }
}

void received(struct qq *q, const struct received *r)
{
  char date[DATE822_LEN];

  qq_puts(q, "Received: from ");
  safe(q, r->remotehost);
  if (r->helo && !case_equals(r->remotehost, r->helo)) {
    qq_puts(q, " (HELO ");
    safe(q, r->helo);
    qq_puts(q, ")");
  }
  qq_puts(q, " (");
  if (r->remoteinfo) {
    safe(q, r->remoteinfo);
    qq_puts(q, "@");
  }
  safe(q, r->remoteip);
  qq_puts(q, ")\n  by ");
  safe(q, r->local);
  qq_puts(q, " with ");
  qq_puts(q, r->protocol);
  qq_puts(q, "; ");
  qq_put(q, date, date822_fmt(date, time(0)));
  qq_puts(q, "\n");
}

const char *received_protocol(int esmtp, int utf8, int auth)
{
  if (utf8) return auth ? "UTF8SMTPA" : "UTF8SMTP";
  if (auth) return "ESMTPA";
  return esmtp ? "ESMTP" : "SMTP";
}

/* logsafe.c - make peer or user bytes safe for a log line */
#include "logsafe.h"

int log_safe(struct sa *out, const char *p, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x21 && c <= 0x7e && c != '\\') {
      if (!sa_append(out, (char)c)) return 0;
    } else {
      char esc[4];
      esc[0] = '\\';
      esc[1] = (char)('0' + (c >> 6));
      esc[2] = (char)('0' + ((c >> 3) & 7));
      esc[3] = (char)('0' + (c & 7));
      if (!sa_catb(out, esc, 4)) return 0;
    }
  }
  return 1;
}

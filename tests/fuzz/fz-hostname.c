/* fz-hostname.c - fuzz the strict host name check: no crash, and a name
 * accepted holds only letters, digits, '-' and '.', and its derived
 * domains are suffixes that start a label */
#include <stdint.h>
#include <stdlib.h>
#include "hostname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  size_t i;
  size_t off;

  if (!hostname_check(p, size)) return 0;
  if (size == 0 || size > HOSTNAME_MAX) abort();
  for (i = 0; i < size; ++i) {
    char c = p[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '.'))
      abort();
  }
  off = hostname_parent(p, size);
  if (off >= size || (off && p[off - 1] != '.')) abort();
  off = hostname_last2(p, size);
  if (off >= size || (off && p[off - 1] != '.')) abort();
  return 0;
}

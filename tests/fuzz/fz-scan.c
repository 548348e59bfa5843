/* fz-scan.c - fuzz the strict number scanners: no crash, and a value
 * accepted is exactly the one the digits spell */
#include <stdint.h>
#include <stdlib.h>
#include "fmt.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  size_t n;
  unsigned long u;
  size_t used;

  if (scan_sizeb(p, size, &n, (size_t)-1)) {
    char back[FMT_ULONG];
    size_t len = fmt_ulong(back, n);
    size_t skip = 0;
    while (skip + 1 < size && p[skip] == '0') ++skip;   /* leading zeros */
    if (len != size - skip) abort();
    for (n = 0; n < len; ++n)
      if (back[n] != p[skip + n]) abort();
  }
  if (size && scan_sizeb(p, size, &n, 1000) && n > 1000) abort();
  used = scan_ulongb(p, size, &u);
  if (used > size) abort();
  return 0;
}

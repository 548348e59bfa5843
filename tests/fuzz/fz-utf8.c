/* fz-utf8.c - fuzz the UTF-8 validator
 *
 * Checked: the answer for a string is the conjunction of the answers
 * for its pieces when it is cut between two sequences (a byte under
 * 0x80 or a lead byte starts one), and a valid string stays valid with
 * its first byte off only if that byte was a whole sequence. */
#include <stdint.h>
#include <stdlib.h>
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  int whole;
  size_t cut;

  whole = utf8_valid(p, size);
  if (utf8_ascii(p, size) && !whole) abort();
  if (size == 0) return 0;
  cut = data[0] % size;
  /* a cut before a byte that cannot continue a sequence splits none */
  if ((data[cut] & 0xc0) != 0x80 &&
      whole != (utf8_valid(p, cut) && utf8_valid(p + cut, size - cut)))
    abort();
  if (whole && data[0] < 0x80 && !utf8_valid(p + 1, size - 1)) abort();
  if (whole && data[0] >= 0x80 && utf8_valid(p + 1, size - 1)) abort();
  return 0;
}

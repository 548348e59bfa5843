/* fz-lwork.c - fuzz the worker's job and status decoders: lwork_parse
 * takes a whole job or nothing; what it takes, written again by
 * lwork_put, parses to the same fields; lwork_statusparse gives one of
 * the three codes or -1 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lwork.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *args[LWORK_ARGS];
  const char *again[LWORK_ARGS];
  unsigned long num = 0;
  unsigned long num2 = 0;
  struct sa out = SA_ZERO;
  int code;
  int i;

  if (lwork_parse((const char *)data, size, &num, args) == 1) {
    if (!lwork_fits(args) || !lwork_put(&out, num, args)) abort();
    if (out.len != size || memcmp(out.s, data, size)) {
      /* the only other spelling of a job is its number's: zeros in front */
      if (data[0] != '0') abort();
    }
    if (lwork_parse(out.s, out.len, &num2, again) != 1 || num2 != num) abort();
    for (i = 0; i < LWORK_ARGS; ++i)
      if (strcmp(args[i], again[i])) abort();
    if (args[1][0] != '/') abort();
  }
  sa_free(&out);
  if (size >= LWORK_STATUS) {
    code = lwork_statusparse(data, size, 0);
    if (code != -1 && code != 0 && code != 100 && code != 111) abort();
    if (code != -1 && size != LWORK_STATUS) abort();
  }
  return 0;
}

/* fz-rcptcheck.c - fuzz the RCPT check over a users/rcpt.cdb and a
 * users/cdb of any bytes: the first byte is the local part's length
 * (mod 64), then the local part, then two bytes (little-endian)
 * saying where the rest splits into the two databases.  No crash, no read outside either
 * map, and a verdict that is one of RCPT_OK, RCPT_NOMAILBOX and
 * RCPT_TROUBLE; a local part with no extension is never refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cdb.h"
#include "rcptcheck.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct rcptcheck rc;
  char local[64];
  size_t n;
  size_t split;
  int r;

  if (size < 2) return 0;
  n = data[0] % 64;
  if (n + 2 > size) return 0;
  memcpy(local, data + 1, n);
  local[n] = 0;
  if (strlen(local) != n) return 0;     /* the envelope holds no NUL */
  data += n + 1;
  size -= n + 1;
  if (size < 2) return 0;
  split = (size_t)data[0] | (size_t)data[1] << 8;
  data += 2;
  size -= 2;
  if (split > size) split = size;
  rc.aliashome = "/h/alias";
  rc.aliasuid = 1;
  rc.aliasgid = 1;
  if (cdb_initmem(&rc.facts, (const char *)data, split) != 0) return 0;
  rc.usersok = cdb_initmem(&rc.users, (const char *)data + split,
                           size - split) == 0;
  r = rcptcheck_local(&rc, local);
  if (r != RCPT_OK && r != RCPT_NOMAILBOX && r != RCPT_TROUBLE) abort();
  cdb_free(&rc.facts);
  if (rc.usersok) cdb_free(&rc.users);
  return 0;
}

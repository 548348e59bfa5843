/* getpw.c - which prefix of a local part names a user (getpw.h) */
#include <string.h>
#include "getpw.h"
#include "str.h"

int getpw_userext(const char *local, getpw_test isuser, void *ctx,
                  size_t *userlen)
{
  char name[GETPW_USERLEN];
  size_t len = strlen(local);
  size_t end;

  for (end = len; end > 0; --end) {
    int r;
    if (end != len && local[end] != GETPW_BREAK) continue;
    if (end >= GETPW_USERLEN) continue;
    memcpy(name, local, end);
    name[end] = 0;
    case_lowerb(name, end);
    r = isuser(ctx, name);
    if (r == 0) continue;
    if (r == 1) *userlen = end;
    return r;
  }
  return 0;
}

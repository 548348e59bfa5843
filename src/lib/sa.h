/* sa.h - growable byte strings with a hard cap
 *
 * A struct sa owns s[0..cap); s[0..len) are the bytes.  max is the
 * ceiling for len (0 means LIM_SA_DEFAULT).  Growth that would pass the
 * ceiling fails with E2BIG and leaves the string as it was; allocation
 * failure gives ENOMEM.  Functions return 1 on success, 0 on failure. */
#ifndef SA_H
#define SA_H

#include <stddef.h>

struct sa {
  char *s;      /* bytes; NUL-terminated only after sa_0() */
  size_t len;   /* bytes used */
  size_t cap;   /* bytes allocated */
  size_t max;   /* ceiling for len; 0 = LIM_SA_DEFAULT */
};
#define SA_ZERO { 0, 0, 0, 0 }

int sa_ready(struct sa *x, size_t extra);   /* room for len + extra */
int sa_catb(struct sa *x, const char *p, size_t n);
int sa_cats(struct sa *x, const char *s);
int sa_cat(struct sa *x, const struct sa *y);
int sa_copyb(struct sa *x, const char *p, size_t n);
int sa_copys(struct sa *x, const char *s);
int sa_copy(struct sa *x, const struct sa *y);
int sa_0(struct sa *x);                     /* append one NUL byte */
int sa_append(struct sa *x, char c);
int sa_catulong(struct sa *x, unsigned long u);
int sa_catulong0(struct sa *x, unsigned long u, unsigned int width);
int sa_starts(const struct sa *x, const char *prefix);
int sa_equals(const struct sa *x, const char *s);
void sa_free(struct sa *x);
size_t sa_limit(const struct sa *x);

#endif

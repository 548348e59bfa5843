/* fmt.h - numbers to text, without printf
 *
 * Each writes to s (when s is not null) and returns the length; no NUL
 * is written.  FMT_ULONG bytes always suffice. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>

#define FMT_ULONG 40

size_t fmt_ulong(char *s, unsigned long u);
size_t fmt_ulong0(char *s, unsigned long u, unsigned int width);
size_t fmt_xlong(char *s, unsigned long u);
size_t fmt_long(char *s, long l);

#endif

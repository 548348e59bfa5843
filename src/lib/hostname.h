/* hostname.h - a host name an administrator types, checked strictly
 *
 * quire-config writes the name into control files and .qmail files and
 * derives domains from it; it must never carry a byte that a control
 * file, a .qmail line or a shell could read as more than a name. */
#ifndef HOSTNAME_H
#define HOSTNAME_H

#include <stddef.h>

#define HOSTNAME_MAX 253    /* RFC 1035 2.3.4: 255 in wire form */

/* hostname_check - 1 if p[0..n) is a host name of RFC 1123 2.1: dot
 * separated labels of 1-63 letters, digits and hyphens, a label never
 * starting or ending with a hyphen, at most HOSTNAME_MAX bytes, no
 * empty label (so no leading, trailing or double dot), the last label
 * not all digits (an address, not a name); 0 otherwise. */
int hostname_check(const char *p, size_t n);

/* hostname_parent - the offset in p[0..n) of the name without its first
 * label when it has three labels or more ("a.b.c" gives 2, "b.c" and
 * "b" give 0): qmail's defaultdomain.  hostname_last2 - the offset of
 * its last two labels ("a.b.c" gives 2, "b.c" gives 0): its plusdomain.
 * Both for names hostname_check accepted. */
size_t hostname_parent(const char *p, size_t n);
size_t hostname_last2(const char *p, size_t n);

#endif

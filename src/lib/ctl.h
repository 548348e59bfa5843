/* ctl.h - reading control files with qmail's rules (qmail-control(5))
 *
 * A missing file (ENOENT) is not an error: the caller's default applies.
 * Any other failure to read (EACCES, EIO, a line or file over its cap)
 * is an error, and callers treat it as temporary (exit 111, 451): an
 * unreadable rcpthosts must never turn into "relay for everyone".
 * Trailing spaces, tabs and carriage returns are stripped from every
 * line, so files written on other systems (CRLF) read the same.
 * Functions return 1 (read), 0 (missing: default used), -1 (errno). */
#ifndef CTL_H
#define CTL_H

#include "sa.h"

/* the first line; def (may be null: then an empty string) if missing.
 * line is NUL-terminated afterwards (the NUL is not counted in len). */
int ctl_readline(const char *path, struct sa *line, const char *def);
/* the first line as a number; def if missing; a line that is not a
 * decimal number (empty, sign, junk) is an error (EINVAL; ERANGE on
 * overflow) */
int ctl_readulong(const char *path, unsigned long *n, unsigned long def);
/* every line that is neither empty nor begins with #, each followed
 * by a NUL, in file order; an empty list if missing */
int ctl_readlist(const char *path, struct sa *list);
/* the same rules applied to bytes already in memory (for fuzzing and
 * for files read another way) */
int ctl_parsefirst(const char *p, size_t n, struct sa *line);
int ctl_parselist(const char *p, size_t n, struct sa *list);

#endif

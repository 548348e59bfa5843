/* assign.h - users/assign lines and the users/cdb they make (qmail-users(5))
 *
 * A line is "=local:user:uid:gid:homedir:dash:ext:" (a simple
 * assignment) or "+prefix:user:uid:gid:homedir:dash:pre:" (a wildcard
 * assignment); a line holding only "." ends the file.  assign_parse
 * insists on the whole line: a first byte of '=' or '+', exactly seven
 * colons with nothing after the last, no NUL, a non-empty user, uid
 * and gid in decimal that fit uid_t and gid_t, an absolute homedir.
 *
 * CONTRACT: the users/cdb layout, shared with qmail 1.03's qmail-newu
 * and qmail-lspawn and with quire's users.c, byte for byte:
 *   "=local" line   key "!" lower(local) NUL
 *   "+prefix" line  key "!" lower(prefix)           (no NUL)
 *   both            value user NUL uid NUL gid NUL homedir NUL dash NUL ext
 *                   (five NULs: no NUL after ext; uid and gid as written)
 *   after the last  key "" (empty), value: each distinct last byte of a
 *                   non-empty wildcard prefix, lowercased, in line order
 * Records go in file order, so of two lines for the same key the first
 * is found first.  A reader tries "!" lower(local) NUL, then each prefix
 * "!" lower(local[0..n)) for n from the whole length down to 0, trying
 * n > 0 only if the prefix's last byte is in the empty key's value; on
 * a wildcard match it appends local[n..] (case kept) to the value. */
#ifndef ASSIGN_H
#define ASSIGN_H

#include <stddef.h>
#include "buf.h"
#include "cdbmake.h"
#include "sa.h"

enum {
  ASSIGN_LOCAL,       /* local part (=) or prefix (+) */
  ASSIGN_USER,
  ASSIGN_UID,
  ASSIGN_GID,
  ASSIGN_HOME,
  ASSIGN_DASH,
  ASSIGN_EXT,         /* ext (=) or pre (+) */
  ASSIGN_FIELDS
};

struct assign_field {
  const char *p;      /* points into the parsed line */
  size_t len;
};

struct assign {
  int wild;           /* 1: "+prefix" wildcard; 0: "=local" */
  struct assign_field f[ASSIGN_FIELDS];
  unsigned long uid;
  unsigned long gid;
};

/* assign_parse - one line, without its newline: 1 an assignment in *a;
 * 0 the end line "."; -1 a syntax error, *why a phrase saying which */
int assign_parse(struct assign *a, const char *line, size_t len,
                 const char **why);
/* assign_key, assign_value - the users/cdb record for *a: 1, or 0 with
 * errno (the string replaced, not appended to) */
int assign_key(const struct assign *a, struct sa *key);
int assign_value(const struct assign *a, struct sa *value);
/* assign_wild - add the last byte of a wildcard's prefix to wildchars
 * unless there already: 1, or 0 with errno */
int assign_wild(const struct assign *a, struct sa *wildchars);
/* assign_make - read users/assign from in up to its "." line, writing
 * every record, and the empty key last, to m (started, not finished).
 * 1 done; 0 a syntax error in line *lineno (*why says what); -1 a read
 * or write error, errno set (*lineno the line being read).  A line
 * longer than LIM_CTL_LINE is a syntax error. */
int assign_make(struct buf *in, struct cdbmake *m, size_t *lineno,
                const char **why);

#endif

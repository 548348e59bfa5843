/* getpw.h - qmail-getpw's rules: which account controls a local part
 *
 * CONTRACT: the one copy of qmail-getpw(8)'s rules.  qmail-getpw runs
 * them over getpwnam (getpw_isuser) for delivery; qmail-newrcpt runs
 * getpw_isuser, as the same passwd role, over every account, and the
 * recipient check at RCPT time runs getpw_userext over what it found.
 * getpw_isuser is in pwent.c, apart, so that a static program using
 * only getpw_userext does not link getpwnam. */
#ifndef GETPW_H
#define GETPW_H

#include <stddef.h>

/* qmail-getpw(8): account names are shorter than this */
#define GETPW_USERLEN 32
/* qmail's conf-break: where a user name ends and an extension begins */
#define GETPW_BREAK '-'

struct getpw_found {
  const char *user;   /* these point into getpwnam's static area */
  unsigned long uid;
  unsigned long gid;
  const char *home;
};

/* getpw_isuser - the rules of qmail-getpw(8) for the account name: a
 * nonzero uid and a home directory that exists and is owned by that
 * uid.  1 with *f filled in; 0 not a user; -1 the passwd database or
 * the home could not be read (errno): try later */
int getpw_isuser(const char *name, struct getpw_found *f);

/* getpw_test - is name (lowercased, NUL-terminated) a user: 1, 0, -1 */
typedef int (*getpw_test)(void *ctx, const char *name);

/* getpw_userext - the longest prefix of local that ends at its end or
 * before a GETPW_BREAK, is shorter than GETPW_USERLEN and, lowercased,
 * passes isuser.  1 with *userlen its length; 0 none (the alias user's
 * then); -1 when isuser said -1 */
int getpw_userext(const char *local, getpw_test isuser, void *ctx,
                  size_t *userlen);

#endif

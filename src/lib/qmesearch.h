/* qmesearch.h - which .qmail file qmail-local follows (dot-qmail(5))
 *
 * CONTRACT: the one copy of qmail-local's search rules.  qmail-local
 * probes the file system with qme_open; the recipient check at RCPT
 * time (rcptcheck.c) probes the names qmail-newrcpt recorded, which it
 * classified with qme_open too, as the home's owner.  So the two
 * cannot disagree on which name is looked for, or on what counts as
 * there: a regular file that opens; a name that is absent (ENOENT,
 * ENOTDIR, ENAMETOOLONG: a dangling symlink too) or not a regular file
 * counts as missing; any other failure, and a .qmail file writable by
 * group or others, is a temporary error. */
#ifndef QMESEARCH_H
#define QMESEARCH_H

#include <stddef.h>
#include "sa.h"

#define QME_FOUND 1
#define QME_ABSENT 0
#define QME_TEMP -1          /* errno says why */
#define QME_WRITABLE -2      /* group or others may write it */

/* SECURITY: qmail-local defers delivery when the home directory or the
 * .qmail file has any of these mode bits (qmail's conf-patrn, which
 * qmail shipped as 002; dot-qmail(5) promises group-writable too). */
#define QME_PATRN 022

/* no -default file: the DEFAULT offset qme_search gives */
#define QME_NODEFAULT ((size_t)-1)

/* qme_probe - the state of the file called name: a QME_* value; a
 * probe that returns QME_FOUND ends the search */
typedef int (*qme_probe)(void *ctx, const char *name);

/* qme_safeext - ext in lower case with every '.' made ':' */
int qme_safeext(struct sa *out, const char *ext);
/* qme_search - .qmail<dash><safeext>, then .qmail<dash><prefix>-default
 * for each prefix of safeext ending before a '-', longest first, then
 * .qmail<dash>default.  The first probe result that is not QME_ABSENT,
 * with *name the file's name (NUL-terminated) and *deflt the bytes of
 * ext before the part DEFAULT stands for (QME_NODEFAULT if none); or
 * QME_ABSENT; QME_TEMP with errno ENOMEM if out of memory. */
int qme_search(const char *dash, const char *safeext, size_t len,
               qme_probe probe, void *ctx, struct sa *name, size_t *deflt);
/* qme_open - open name as qmail-local does, in the current directory:
 * QME_FOUND with *fd open (close-on-exec) and *forwardonly its x bit,
 * QME_ABSENT, QME_TEMP (errno), or QME_WRITABLE (*fd closed) */
int qme_open(const char *name, int *fd, int *forwardonly);
/* qme_absent - does errno say that a name is simply not there?  A name
 * too long for the file system cannot exist either, so an extension
 * of any length falls through to the -default files */
int qme_absent(int e);
/* qme_homeok - may mail be delivered in a home of this mode: 1; 0 if
 * it is writable by others or sticky (qmail-local defers) */
int qme_homeok(unsigned long mode);

#endif

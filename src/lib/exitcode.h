/* exitcode.h - the exit classes every program uses (STYLE.md section 5)
 *
 * CONTRACT: qmail-send, qmail-lspawn and qmail-rspawn read these from
 * their children; 111 means try again later, 100 means never. */
#ifndef EXITCODE_H
#define EXITCODE_H

#define EX_OK 0
#define EX_SKIP 99   /* qmail-command(8): success, ignore later lines */
#define EX_PERM 100  /* permanent failure; usage errors included */
#define EX_TEMP 111  /* temporary failure: retry */

#endif

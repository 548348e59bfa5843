/* qqexit.h - the exit codes of qmail-queue(8)
 *
 * CONTRACT: qmail-queue exits with these; qmail-smtpd, qmail-inject,
 * qmail-qmtpd, qmail-qmqpd and sendmail turn them into replies with
 * qqexit_text().  11-40 are permanent, 51-91 temporary (qmail's rule:
 * anything else is temporary as well). */
#ifndef QQEXIT_H
#define QQEXIT_H

#define QQ_OK 0
#define QQ_ADDR_TOOLONG 11   /* address too long */
#define QQ_REFUSED 31        /* mail server permanently refuses to send */
#define QQ_NOMEM 51          /* out of memory */
#define QQ_TIMEOUT 52        /* timeout */
#define QQ_WRITE 53          /* write error, e.g. disk full */
#define QQ_READ 54           /* unable to read the message or envelope */
#define QQ_CONFIG 55         /* unable to read a configuration file */
#define QQ_NETWORK 56        /* problem making a network connection */
#define QQ_HOME 61           /* problem with the qmail home directory */
#define QQ_QUEUEDIR 62       /* problem with the queue directory */
#define QQ_PID 63            /* problem with queue/pid */
#define QQ_MESS 64           /* problem with queue/mess */
#define QQ_INTD 65           /* problem with queue/intd */
#define QQ_TODO 66           /* problem with queue/todo */
#define QQ_TEMP 71           /* mail server temporarily refuses to send */
#define QQ_CONNTIMEOUT 72    /* connection to mail server timed out */
#define QQ_CONNREFUSED 73    /* connection to mail server rejected */
#define QQ_CONNFAIL 74       /* communication with mail server failed */
#define QQ_FORK 81           /* internal bug (qmail-queue: unable to fork) */
#define QQ_CUSTOM 82         /* custom error: the text is on fd 6 (or 4) */
#define QQ_INTERNAL 91       /* envelope format error */

int qqexit_isperm(int code);
const char *qqexit_text(int code);
/* the report for a caller: 'D' (permanent) or 'Z' (temporary), a text
 * and an enhanced status code, e.g. "Zqq write error or disk full
 * (#4.3.0)"; 120 is "unable to exec qq" (qq.c's own code) */
const char *qqexit_report(int code);

#endif

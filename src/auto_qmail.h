/* auto_qmail.h - the home directory, from conf-qmail at build time */
#ifndef AUTO_QMAIL_H
#define AUTO_QMAIL_H

extern const char auto_qmail[];

#endif

/* qmail-inject.h - qmail-inject's header rewriting, apart from its main
 *
 * qmail-inject.c reads the environment, the options and the control
 * files into a struct inject, feeds it the header one field at a time
 * (inject_field), asks inject_finish for the fields to add, and then
 * queues what inject_rcpts and x->sender say.  Everything here works
 * on memory, so the unit tests drive it without a queue.
 *
 * Functions return 1 on success; 0 for a permanent problem with the
 * message or the addresses (x->why says which; x->bad and x->badlen
 * point at the offending text, or are null); -1 with errno for a
 * temporary one (out of memory). */
#ifndef QMAIL_INJECT_H
#define QMAIL_INJECT_H

#include <stddef.h>
#include <time.h>
#include "bounds.h"
#include "constmap.h"
#include "hdr822.h"
#include "sa.h"

/* the fields qmail-header(5) gives a meaning to */
#define HF_OTHER 0
#define HF_SENDER 1
#define HF_FROM 2
#define HF_REPLYTO 3
#define HF_TO 4
#define HF_CC 5
#define HF_BCC 6
#define HF_DATE 7
#define HF_MESSAGEID 8
#define HF_R_SENDER 9
#define HF_R_FROM 10
#define HF_R_REPLYTO 11
#define HF_R_TO 12
#define HF_R_CC 13
#define HF_R_BCC 14
#define HF_R_DATE 15
#define HF_R_MESSAGEID 16
#define HF_RETURNRECEIPTTO 17
#define HF_ERRORSTO 18
#define HF_APPARENTLYTO 19
#define HF_RETURNPATH 20
#define HF_CONTENTLENGTH 21
#define HF_MAILFOLLOWUPTO 22
#define HF_NUM 23

/* addresses, each followed by a NUL; empty ones are never kept */
struct inject_list {
  struct sa s;
  size_t n;
};
#define INJECT_LIST_ZERO { SA_ZERO, 0 }

struct inject {
  /* set by the caller before use (inject_init gives defaults) */
  struct hdr822_qual q;       /* defaulthost, defaultdomain, plusdomain */
  const char *idhost;         /* control/idhost, $QMAILIDHOST */
  const char *mailuser;       /* From: QMAILUSER MAILUSER USER LOGNAME */
  const char *mailhost;       /* QMAILHOST MAILHOST, or null */
  const char *mailruser;      /* envelope sender: QMAILSUSER, or mailuser */
  const char *mailrhost;      /* QMAILSHOST, or mailhost (may be null) */
  const char *fullname;       /* QMAILNAME MAILNAME NAME, or null */
  int namecomment;            /* QMAILINJECT c */
  int killreturnpath;         /* s */
  int killfrom;               /* f */
  int killmsgid;              /* i */
  int verprecip;              /* r */
  int verpmess;               /* m */
  int headerrcpts;            /* take recipients from the header */
  const struct constmap *mft; /* $QMAILMFTFILE's lists, or null */
  time_t now;
  unsigned long pid;

  /* results */
  struct sa saved;            /* the fields kept, rewritten, in order */
  struct sa sender;           /* envelope sender, once hassender */
  int hassender;
  int resent;                 /* set by inject_finish */
  int seen[HF_NUM];
  struct inject_list args;    /* recipients from the command line */
  struct inject_list hr;      /* To Cc Bcc Apparently-To */
  struct inject_list hrr;     /* Resent-To Resent-Cc Resent-Bcc */
  struct inject_list tocc;    /* To Cc, for Mail-Followup-To */
  const char *why;
  const char *bad;
  size_t badlen;
};

void inject_init(struct inject *x);
void inject_free(struct inject *x);
int inject_htype(const char *f, size_t n);

/* inject_field - take one header field (all its lines): rewrite it,
 * note what it says, keep it in x->saved unless it is to go */
int inject_field(struct inject *x, const char *f, size_t n);
int inject_arg(struct inject *x, const char *a);        /* a recipient */
int inject_setsender(struct inject *x, const char *a);  /* -f */
/* inject_finish - after the last field: decide the sender, and put in
 * top the fields to add before x->saved */
int inject_finish(struct inject *x, struct sa *top);
/* inject_rcpts - every envelope recipient: args, then the header's */
int inject_rcpts(struct inject *x, struct inject_list *all);

#endif

/* cleanproto.h - the protocol between qmail-send and qmail-clean
 *
 * CONTRACT: qmail-send and qmail-clean, records of rec.h over two pipes.
 * qmail-send asks, one record at a time:
 *   "T" msgnum   preprocessing is done: remove intd/num, then todo/num
 *   "M" msgnum   the message is done, or a leftover: remove intd/num,
 *                then mess/N/num
 * qmail-clean answers each with one record: "K" (removed, or already
 * gone) or "Z" and a reason (try again later).  Files are in queue/,
 * owned by qmailq, which qmail-send (qmails) cannot remove itself. */
#ifndef CLEANPROTO_H
#define CLEANPROTO_H

#define REC_CLEAN_TODO 'T'
#define REC_CLEAN_MESS 'M'
#define REC_CLEAN_OK 'K'
#define REC_CLEAN_FAIL 'Z'
#define LIM_CLEAN_NUM 20
#define LIM_CLEAN_REPLY 256

/* CONTRACT: qmail-queue's QUEUE_DEATH (24 hours) is less than this:
 * anything in pid/ older than this belongs to no live qmail-queue */
#define QUEUE_OSSIFIED 129600

#endif

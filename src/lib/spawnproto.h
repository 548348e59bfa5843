/* spawnproto.h - the protocol between qmail-send and its spawners
 *
 * CONTRACT: qmail-send, qmail-lspawn and qmail-rspawn.  Internal to
 * quire (DESIGN.md 3), written in rec.h's records over two pipes.
 *
 * qmail-send to a spawner (the spawner's fd 0), one delivery:
 *   "S" slot      the delivery's slot, 0 to limit-1, decimal
 *   "M" msgnum    the message number, decimal
 *   "F" sender    the envelope sender, as qmail-send rewrote it
 *   "T" recipient one or more
 *   end marker
 * A spawner to qmail-send (the spawner's fd 1), one result:
 *   "S" slot
 *   one of "K" (delivered), "Z" (deferred), "D" (failed for good) per
 *   recipient, in order, with the report text (it may hold newlines)
 *   end marker
 * A spawner may answer out of order; qmail-send matches slots.  A slot
 * is busy from request to result; qmail-send never reuses a busy slot.
 * A spawner that reads end of file finishes its deliveries and exits.
 */
#ifndef SPAWNPROTO_H
#define SPAWNPROTO_H

#include "bounds.h"
#include "rec.h"

#define LIM_SPAWN_SLOTS 1000    /* deliveries at once, per spawner */
#define LIM_REPORT 10000        /* bytes of one report text */
#define LIM_SPAWN_NUM 20        /* digits of a slot or message number */
#define LIM_SPAWN_RCPTS 100     /* recipients in one request */
/* an F record may be a VERP sender made from sender and recipient */
#define LIM_SPAWN_FROM (LIM_ADDR + LIM_QADDR + 16)

#define REC_SPAWN_SLOT 'S'
#define REC_SPAWN_MSG 'M'
#define REC_SPAWN_FROM 'F'
#define REC_SPAWN_TO 'T'
#define REC_SPAWN_OK 'K'
#define REC_SPAWN_TEMP 'Z'
#define REC_SPAWN_PERM 'D'

#endif

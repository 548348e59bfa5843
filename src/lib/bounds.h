/* bounds.h - every cap quire puts on data from outside, with its source
 *
 * A cap is a promise about memory: no input can make a program hold more
 * than these.  Changing one is a security decision; say why in the
 * commit. */
#ifndef BOUNDS_H
#define BOUNDS_H

/* Ceiling of any struct sa whose max is 0.  Control files and cdb
 * records are read whole; 64 MiB holds a million-line rcpthosts. */
#define LIM_SA_DEFAULT (64UL * 1024 * 1024)

/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets with CRLF.
 * We allow more (ESMTP parameters, SMTPUTF8 addresses) but not much. */
#define LIM_SMTP_LINE 4096

/* RFC 5321 4.5.3.1.5: a text line is at most 1000 octets with CRLF.
 * qmail accepts longer lines; we accept them up to this, per line,
 * while streaming (nothing holds a whole line but header parsers). */
#define LIM_SMTP_TEXTLINE (1024UL * 1024)

/* qmail's address limit: qmail-queue exits 11 beyond it (1003 bytes in
 * qmail-smtpd's buffer; RFC 5321 4.5.3.1.3 says 256 for a path). */
#define LIM_ADDR 1003

/* An address in the queue after qmail-send's rewriting (envnoathost
 * added, a virtualdomains prepend): qmail-queue's LIM_ADDR plus room.
 * qmail-send bounces a recipient that would pass it. */
#define LIM_QADDR 4096

/* Recipients in one SMTP transaction: RFC 5321 4.5.3.1.8 asks for at
 * least 100. */
#define LIM_RCPTS 1000

/* A header field, all its continuation lines together, as parsed by
 * qmail-inject and qmail-local: the 2020 Qualys attack on qmail-local
 * sent a ~4 GiB header line; we refuse beyond this. */
#define LIM_HEADER (256UL * 1024)

/* A whole header section, where a program must hold it: qmail-inject
 * (new fields go before it, and what to add is known only at its end)
 * and qmail-local (the Delivered-To loop check).  Bodies are streamed. */
#define LIM_HEADER_TOTAL (8UL * 1024 * 1024)

/* Envelope recipients of one message from qmail-inject: ten times
 * SMTP's LIM_RCPTS, for a user's Bcc list; with LIM_ADDR bytes each the
 * envelope stays near 10 MB.  Beyond it a list manager is the tool. */
#define LIM_INJECT_RCPTS 10000

/* Default databytes when control/databytes is absent: 0 would mean
 * unlimited in qmail; quire's default is bounded. */
#define LIM_DATABYTES_DEFAULT (64UL * 1024 * 1024)

/* A line of a control file, and a whole control file. */
#define LIM_CTL_LINE (64UL * 1024)
#define LIM_CTL_FILE (LIM_SA_DEFAULT - 1)   /* room for a last NUL */

/* A record of an internal protocol (spawn, clean, envelope field). */
#define LIM_REC 4096

/* A netstring payload in QMTP and QMQP, unless a program says less. */
#define LIM_NETSTRING (64UL * 1024 * 1024)

/* Recipients kept from one QMTP package or QMQP message; the rest are
 * counted, not kept (QMTP answers them "try again later", QMQP refuses
 * the message).  qmail-inject's own cap, since QMQP carries its mail. */
#define LIM_QM_RCPTS LIM_INJECT_RCPTS

/* A QMQP server's response (K, Z or D and a text), as qmail-qmqpc
 * reads it: qmail's servers send a line. */
#define LIM_QQ_TEXT 1000

/* A cdb file: its format addresses 32-bit offsets. */
#define LIM_CDB 0xffffffffUL

/* A .qmail file and a line of it. */
#define LIM_DOTQMAIL (1024UL * 1024)
#define LIM_DOTQMAIL_LINE 4096

/* Messages maildir2mbox moves in one run: about 100 bytes of memory
 * each.  The rest stay in the Maildir for the next run. */
#define LIM_M2M_MESSAGES 100000

/* A message's summary that qbiff writes to a terminal, and its lines
 * (comsat(8) shows 7 lines or 560 characters; we stay near that). */
#define LIM_QBIFF_TEXT 800
#define LIM_QBIFF_LINES 8

/* --- remote delivery: qmail-remote, its resolver, tcpto --- */

/* Records of one type kept from one DNS answer (dnsmsg.h); more are
 * counted and left out.  An answer is at most 65535 bytes (RFC 1035
 * 4.2.2), so this is a choice, not a necessity: no domain needs more
 * mail exchangers or addresses than this to be reachable. */
#define LIM_DNS_RRS 64

/* CNAME links followed for one name, in one answer and across queries
 * (RFC 1034 3.6.2 asks resolvers to bound chains; glibc stops at 16,
 * BIND at 16; mail needs few). */
#define LIM_DNS_CNAME 8

/* nameserver lines of /etc/resolv.conf used (glibc's MAXNS is 3). */
#define LIM_DNS_SERVERS 8

/* A DNS message over TCP, with its 2-byte length (RFC 1035 4.2.2). */
#define LIM_DNS_TCP 65535

/* Mail exchangers of one domain looked up; the rest (least preferred,
 * as sorted) are left out.  RFC 5321 5.1 asks for at least two. */
#define LIM_DNS_MX 32

/* Addresses one qmail-remote tries, in order; the rest are left out.
 * Each costs up to timeoutconnect seconds. */
#define LIM_REMOTE_ADDRS 128

/* One SMTP reply, all its lines together (RFC 5321 4.5.3.1.5 puts a
 * reply line at 512 octets; EHLO replies run to a few dozen lines).
 * Lines are capped by LIM_SMTP_LINE.  Beyond either: a protocol error. */
#define LIM_SMTP_REPLY (64UL * 1024)

/* Bytes of a remote server's reply quoted in one qmail-remote report;
 * a longer text is cut, and the cut is marked.  Keeps a report of 100
 * recipients near 100 KB. */
#define LIM_REMOTE_TEXT 1000

/* SMTP commands written before their replies are read, with PIPELINING
 * (RFC 2920 3.1: the client must not deadlock on a full window). */
#define LIM_SMTP_PIPELINE 100

/* A qmail-remote worker's SMTP session serves at most this many
 * messages and lives at most this many seconds, then it is QUIT and a
 * new one made (Postfix's smtp_connection_cache_time_limit and
 * smtp_connection_reuse_time_limit are of the same kind): a server's
 * change of mind, or of address, is seen soon. */
#define LIM_REMOTE_REUSE_MSGS 100
#define LIM_REMOTE_REUSE_SECS 300

/* Records in queue/lock/tcpto (qmail kept 64 of 16 bytes). */
#define LIM_TCPTO_RECS 128

/* --- POP3: qmail-popup and qmail-pop3d --- */

/* A POP3 command line with CR LF.  RFC 2449 4 puts a command at 255
 * octets; a long password or APOP digest needs more than RFC 1939's
 * 40-byte arguments, so we allow about four times that. */
#define LIM_POP3_LINE 1024

/* What qmail-popup writes on fd 3 for the checkpassword program: name,
 * password and timestamp, each with its NUL.  checkpassword reads at
 * most 512 bytes there (cr.yp.to/checkpwd/interface.html). */
#define LIM_CHECKPW 512

/* Failed SMTP AUTH attempts in one session (wrong password, malformed
 * or cancelled exchange): at the last one qmail-smtpd says 421 and
 * closes, so a guesser must reconnect (and wait AUTH_FAILDELAY each
 * time).  RFC 4954 14 asks servers to limit them. */
#define LIM_AUTH_FAILS 3

/* Messages qmail-pop3d lists in one session; the others wait for a
 * later one.  With a name of at most 255 bytes each, about 3 MB. */
#define LIM_POP3_MSGS 10000

/* .qmail names qmail-newrcpt records for one home; a home with more is
 * recorded as "unknown", and every address there is accepted.  With a
 * name of at most 255 bytes each, about 2.6 MB from one lister. */
#define LIM_RCPT_NAMES 10000
/* The passwd facts qmail-newrcpt takes from its passwd child: about a
 * million accounts with their homes. */
#define LIM_RCPT_PASSWD (LIM_SA_DEFAULT - 1)

#endif

/* qmail-remote-smtp.c - qmail-remote's SMTP client: one session, one
 * or more messages (RSET between them), the data copy, the reports
 *
 * SECURITY: the server is a stranger.  Its replies are read a bounded
 * line at a time (LIM_SMTP_LINE), a reply at most LIM_SMTP_REPLY bytes,
 * every read and write with the deadline timeoutremote; its text goes
 * into reports only through smtpreply's filter (printable ASCII) and
 * at most LIM_REMOTE_TEXT bytes of it.
 *
 * SECURITY: what we send cannot be read two ways (SMTP smuggling).
 * The queue holds LF line ends; remote_copy sends every line end in
 * the message, LF, CR LF or a lone CR, as CR LF, and stuffs a dot at
 * the start of every line it sends, so no bare CR or LF and no line
 * "." can reach the server before the final one.  Addresses with a
 * control byte never reach a command line (remote_quote). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bounds.h"
#include "fmt.h"
#include "qmail-remote.h"
#include "str.h"
#include "sz.h"
#include "utf8.h"

static char msgspace[65536];

/* ------------------------------------------------------ data copy */

int remote_copy(struct buf *in, struct buf *out)
{
  int bol = 1;        /* the next byte starts a line */
  int cr = 0;         /* a CR was read; its line end is not sent yet */

  for (;;) {
    ssize_t r = buf_feed(in);
    const char *p;
    size_t n;
    size_t i = 0;
    if (r == -1) return COPY_READ;
    if (r == 0) break;
    p = buf_peek(in);
    n = (size_t)r;
    while (i < n) {
      size_t j;
      if (cr) {
        if (!buf_put(out, "\r\n", 2)) return COPY_WRITE;
        cr = 0;
        bol = 1;
        if (p[i] == '\n') {             /* CR LF: one line end */
          ++i;
          continue;
        }
      }
      if (bol && p[i] == '.' && !buf_put(out, ".", 1)) return COPY_WRITE;
      j = i;
      while (j < n && p[j] != '\n' && p[j] != '\r') ++j;
      if (j > i) {
        if (!buf_put(out, p + i, j - i)) return COPY_WRITE;
        bol = 0;
      }
      if (j == n) break;
      if (p[j] == '\n') {
        if (!buf_put(out, "\r\n", 2)) return COPY_WRITE;
        bol = 1;
      } else {
        cr = 1;
      }
      i = j + 1;
    }
    buf_skip(in, n);
  }
  if ((cr || !bol) && !buf_put(out, "\r\n", 2)) return COPY_WRITE;
  if (!buf_put(out, ".\r\n", 3) || !buf_flush(out)) return COPY_WRITE;
  return COPY_OK;
}

int remote_measure(struct buf *in, size_t *size, int *eightbit)
{
  size_t total = 0;
  int bol = 1;
  int cr = 0;
  int high = 0;
  int header = 1;     /* no empty line yet */

  /* the same walk as remote_copy's, counting; the unit tests hold the
   * two together */
  for (;;) {
    ssize_t r = buf_feed(in);
    const char *p;
    size_t n;
    size_t i;
    if (r == -1) return 0;
    if (r == 0) break;
    p = buf_peek(in);
    n = (size_t)r;
    for (i = 0; i < n; ++i) {
      unsigned char c = (unsigned char)p[i];
      size_t add = 1;
      if (cr) {
        cr = 0;
        bol = 1;
        if (c == '\n') continue;        /* counted with its CR */
      }
      if (c == '\r') {
        if (bol) header = 0;
        cr = 1;
        add = 2;
      } else if (c == '\n') {
        if (bol) header = 0;
        bol = 1;
        add = 2;
      } else {
        bol = 0;
        if (c > 0x7f) high |= REMOTE_8BIT | (header ? REMOTE_8BIT_HEADER : 0);
      }
      if (!sz_add(&total, total, add)) {
        errno = EFBIG;
        return 0;
      }
    }
    buf_skip(in, n);
  }
  if (!cr && !bol && !sz_add(&total, total, 2)) {
    errno = EFBIG;
    return 0;
  }
  *size = total;
  *eightbit = high;
  return 1;
}

int remote_scan(struct remote_msg *m)
{
  struct buf in;
  off_t start = lseek(m->fd, 0, SEEK_CUR);

  m->known = 0;
  if (start == -1) return 0;              /* a pipe: cannot look ahead */
  buf_init(&in, m->fd, msgspace, sizeof msgspace);
  if (!remote_measure(&in, &m->size, &m->eightbit)) return -1;
  if (lseek(m->fd, start, SEEK_SET) == -1) return -1;
  m->known = 1;
  return 1;
}

/* -------------------------------------------------------- addresses */

static int atext(unsigned char c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9') || c >= 0x80)
    return 1;
  return c && byte_chr("!#$%&'*+-/=?^_`{|}~", 19, c) < 19;
}

/* dotstring - RFC 5321 4.1.2 Dot-string: atoms joined by single dots
 * (bytes over 0x7f count as atom bytes, as RFC 6531 has them) */
static int dotstring(const char *p, size_t n)
{
  size_t i;
  if (n == 0 || p[0] == '.' || p[n - 1] == '.') return 0;
  for (i = 0; i < n; ++i) {
    if (p[i] == '.') {
      if (p[i + 1] == '.') return 0;
    } else if (!atext((unsigned char)p[i])) {
      return 0;
    }
  }
  return 1;
}

int remote_quote(struct sa *out, const char *addr)
{
  size_t len = strlen(addr);
  size_t at = byte_rchr(addr, len, '@');
  size_t i;

  out->len = 0;
  for (i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)addr[i];
    /* SECURITY: no control byte, CR and LF above all, in a command */
    if (c < 0x20 || c == 0x7f) goto bad;
    if (at < len && i > at && (c == ' ' || c == '<' || c == '>' || c == '"'))
      goto bad;
  }
  if (dotstring(addr, at) || (at == len && len == 0)) {
    if (!sa_catb(out, addr, at)) return 0;
  } else {
    if (!sa_append(out, '"')) return 0;
    for (i = 0; i < at; ++i) {
      if ((addr[i] == '"' || addr[i] == '\\') && !sa_append(out, '\\'))
        return 0;
      if (!sa_append(out, addr[i])) return 0;
    }
    if (!sa_append(out, '"')) return 0;
  }
  if (at < len && !sa_catb(out, addr + at, len - at)) return 0;
  return 1;
bad:
  errno = EINVAL;
  return 0;
}

/* ---------------------------------------------------------- reports */

int remote_said(struct sa *out, const char *what, const struct smtpreply *r)
{
  out->len = 0;
  if (!sa_cats(out, what) || !sa_append(out, '\n')) return 0;
  if (!r || !r->text.len) return 1;
  if (!sa_cats(out, "Remote host said: ")) return 0;
  if (r->text.len <= LIM_REMOTE_TEXT) return sa_cat(out, &r->text);
  return sa_catb(out, r->text.s, LIM_REMOTE_TEXT) &&
         sa_cats(out, "...\n");
}

int remote_report(struct sa *out, const struct remote_rcpt *rc, size_t n,
                  const struct remote_result *res)
{
  size_t i;

  /* CONTRACT: a prefix of the recipients, in order, then one message
   * report; qmail-rspawn gives the rest the message report's fate */
  for (i = 0; i < n && rc[i].status; ++i) {
    if (!sa_append(out, (char)rc[i].status)) return 0;
    if (rc[i].status != 'r' && !sa_cat(out, &rc[i].text)) return 0;
    if (!sa_0(out)) return 0;
  }
  return sa_append(out, (char)res->code) && sa_cat(out, &res->text) &&
         sa_0(out);
}

/* -------------------------------------------------------- the session */

void smtp_init(struct smtp *s, int fd, int timeout, const char *peer)
{
  s->fd = fd;
  s->broken = 0;
  s->died = 0;
  s->peer = peer;
  buf_init(&s->in, fd, s->inspace, sizeof s->inspace);
  buf_init(&s->out, fd, s->outspace, sizeof s->outspace);
  s->in.timeout = timeout;
  s->out.timeout = timeout;
  {
    struct smtpext x = SMTPEXT_ZERO;
    struct smtpreply r = SMTPREPLY_ZERO;
    struct sa z = SA_ZERO;
    s->ext = x;
    s->reply = r;
    s->line = z;
  }
}

/* getreply - one whole reply into s->reply: 1, or 0 with errno (the
 * session is then broken) */
static int getreply(struct smtp *s)
{
  smtpreply_start(&s->reply);
  for (;;) {
    int r = buf_getline(&s->in, &s->line, LIM_SMTP_LINE);
    if (r == 0) errno = ECONNRESET;      /* end of file inside a reply */
    if (r == 1) r = smtpreply_line(&s->reply, s->line.s, s->line.len);
    else r = -1;
    if (r == 1) return 1;
    if (r == -1) {
      s->broken = 1;
      return 0;
    }
  }
}

/* trouble - a temporary failure of our own making */
static void trouble(struct remote_result *res, const char *text)
{
  res->code = 'Z';
  res->local = 1;
  res->text.len = 0;
  sa_cats(&res->text, text);      /* if even this fails: an empty text */
}

/* set - the message report: code, then text pieces */
static void set(struct remote_result *res, int code, const char *a,
                const char *b, const char *c)
{
  res->code = code;
  res->text.len = 0;
  if (!sa_cats(&res->text, a) || !sa_cats(&res->text, b) ||
      !sa_cats(&res->text, c))
    trouble(res, "Out of memory. (#4.3.0)\n");
}

/* peersaid - out gets a, the peer, b, then the server's reply */
static int peersaid(const struct smtp *s, struct sa *out, const char *a,
                    const char *b)
{
  struct sa what = SA_ZERO;
  int ok = sa_cats(&what, a) && sa_cats(&what, s->peer) &&
           sa_cats(&what, b) && sa_0(&what) &&
           remote_said(out, what.s, &s->reply);
  sa_free(&what);
  return ok;
}

/* said - the message report with the server's reply after it */
static void said(const struct smtp *s, struct remote_result *res, int code,
                 const char *a, const char *b)
{
  res->code = code;
  if (!peersaid(s, &res->text, a, b))
    trouble(res, "Out of memory. (#4.3.0)\n");
}

/* died - the message report when the session broke under us */
static void died(struct smtp *s, struct remote_result *res)
{
  s->broken = 1;
  if (res->code) return;          /* the server had already decided */
  s->died = 1;
  if (errno == ENOMEM)
    trouble(res, "Out of memory. (#4.3.0)\n");
  else if (errno == ETIMEDOUT)
    set(res, 'Z', "Connected to ", s->peer,
        " but the connection timed out. (#4.4.2)\n");
  else if (errno == EPROTO || errno == E2BIG)
    set(res, 'Z', "Connected to ", s->peer,
        " but its reply broke the SMTP rules. (#4.5.0)\n");
  else
    set(res, 'Z', "Connected to ", s->peer, " but connection died. (#4.4.2)\n");
}

static int command(struct smtp *s, const char *a, const char *b)
{
  if (!buf_puts(&s->out, a) || !buf_puts(&s->out, b) ||
      !buf_puts(&s->out, "\r\n") || !buf_flush(&s->out)) {
    s->broken = 1;
    return 0;
  }
  return 1;
}

int smtp_open(struct smtp *s, const char *helohost, struct remote_result *res)
{
  res->code = 0;
  res->text.len = 0;
  res->local = 0;
  res->next = 1;
  if (!getreply(s)) {
    died(s, res);
    return 0;
  }
  if (s->reply.code / 100 != 2) {
    said(s, res, 'Z', "Connected to ", " but greeting failed.");
    return 0;
  }
  if (!command(s, "EHLO ", helohost) || !getreply(s)) {
    died(s, res);
    return 0;
  }
  if (s->reply.code / 100 == 2) {
    smtpreply_ehlo(&s->reply, &s->ext);
    res->next = 0;
    return 1;
  }
  if (s->reply.code / 100 == 5) {
    /* RFC 5321 3.2: an old server; HELO, and no extensions */
    if (!command(s, "HELO ", helohost) || !getreply(s)) {
      died(s, res);
      return 0;
    }
    if (s->reply.code / 100 == 2) {
      res->next = 0;
      return 1;
    }
  }
  said(s, res, 'Z', "Connected to ", " but my name was rejected.");
  return 0;
}

/* the commands of one transaction, written ahead: MAIL, one RCPT per
 * recipient to send, DATA; off[i] is where command i starts */
struct batch {
  struct sa cmds;
  size_t *off;
  size_t *rcpt;        /* command 1 + j is for recipient rcpt[j] */
  size_t total;        /* commands */
};

static void batch_free(struct batch *b)
{
  sa_free(&b->cmds);
  free(b->off);
  free(b->rcpt);
}

/* mailcmd - MAIL FROM with SIZE, BODY and SMTPUTF8 as the server
 * offers them; utf8: the envelope needs SMTPUTF8 */
static int mailcmd(const struct smtp *s, const struct remote_msg *m,
                   const struct sa *path, int utf8, struct sa *out)
{
  char num[FMT_ULONG];

  if (!sa_cats(out, "MAIL FROM:<") || !sa_cat(out, path) ||
      !sa_append(out, '>'))
    return 0;
  if (s->ext.size && m->known &&
      (!sa_cats(out, " SIZE=") ||
       !sa_catb(out, num, fmt_ulong(num, (unsigned long)m->size))))
    return 0;
  /* RFC 6152: when we cannot tell, say 8BITMIME rather than risk 8-bit
   * data the server thinks is 7-bit */
  if (s->ext.eightbitmime && (!m->known || m->eightbit) &&
      !sa_cats(out, " BODY=8BITMIME"))
    return 0;
  /* RFC 6531 3.4: so too SMTPUTF8 for a header we have not seen */
  if (s->ext.smtputf8 &&
      (utf8 || !m->known || (m->eightbit & REMOTE_8BIT_HEADER)) &&
      !sa_cats(out, " SMTPUTF8"))
    return 0;
  return sa_cats(out, "\r\n");
}

/* utf8envelope - the sender or a recipient still to be sent holds a
 * byte over 0x7f: RFC 6531 3.4, the transaction needs SMTPUTF8 */
static int utf8envelope(const char *sender, const struct remote_rcpt *rc,
                        size_t n)
{
  size_t i;

  if (!utf8_ascii(sender, strlen(sender))) return 1;
  for (i = 0; i < n; ++i)
    if (!rc[i].status && !utf8_ascii(rc[i].addr, strlen(rc[i].addr)))
      return 1;
  return 0;
}

/* noutf8 - the server does not offer SMTPUTF8: an 8-bit sender fails
 * the message, an 8-bit recipient is refused for good; RFC 6531 3.2
 * forbids sending them, and qmail-remote does not downgrade.  1 if the
 * message may go on */
static int noutf8(const struct smtp *s, const char *sender,
                  struct remote_rcpt *rc, size_t n, struct remote_result *res)
{
  size_t i;

  if (!utf8_ascii(sender, strlen(sender))) {
    set(res, 'D', "Sorry, ", s->peer, " does not offer SMTPUTF8, which "
        "the sender address needs (RFC 6531). (#5.6.7)\n");
    return 0;
  }
  for (i = 0; i < n; ++i) {
    if (rc[i].status || utf8_ascii(rc[i].addr, strlen(rc[i].addr)))
      continue;
    rc[i].status = 'h';
    rc[i].text.len = 0;
    if (!sa_cats(&rc[i].text, "Sorry, ") ||
        !sa_cats(&rc[i].text, s->peer) ||
        !sa_cats(&rc[i].text, " does not offer SMTPUTF8, which this "
                 "address needs (RFC 6531). (#5.6.7)\n")) {
      trouble(res, "Out of memory. (#4.3.0)\n");
      return 0;
    }
  }
  return 1;
}

/* prepare - the batch; recipients no path can hold are refused here.
 * 1; 0 out of memory; -1 the sender cannot be written */
static int prepare(const struct smtp *s, const struct remote_msg *m,
                   const char *sender, struct remote_rcpt *rc, size_t n,
                   struct batch *b)
{
  struct sa path = SA_ZERO;
  size_t bytes;
  size_t i;

  /* MAIL, n RCPT, DATA, and the end of the last */
  if (!sz_add(&bytes, n, 3) || !sz_mul(&bytes, bytes, sizeof (size_t)))
    return 0;
  b->off = malloc(bytes);
  b->rcpt = malloc(bytes);
  if (!b->off || !b->rcpt) return 0;
  if (!remote_quote(&path, sender)) {
    sa_free(&path);
    return errno == EINVAL ? -1 : 0;
  }
  b->off[0] = 0;
  if (!mailcmd(s, m, &path, utf8envelope(sender, rc, n), &b->cmds))
    goto nomem;
  b->total = 1;
  for (i = 0; i < n; ++i) {
    if (rc[i].status) continue;
    if (!remote_quote(&path, rc[i].addr)) {
      if (errno != EINVAL) goto nomem;
      rc[i].status = 'h';
      rc[i].text.len = 0;
      if (!sa_cats(&rc[i].text, "Sorry, no SMTP path can hold this "
                   "address. (#5.1.3)\n"))
        goto nomem;
      continue;
    }
    b->rcpt[b->total - 1] = i;
    b->off[b->total++] = b->cmds.len;
    if (!sa_cats(&b->cmds, "RCPT TO:<") || !sa_cat(&b->cmds, &path) ||
        !sa_cats(&b->cmds, ">\r\n"))
      goto nomem;
  }
  b->off[b->total++] = b->cmds.len;
  if (!sa_cats(&b->cmds, "DATA\r\n")) goto nomem;
  b->off[b->total] = b->cmds.len;
  sa_free(&path);
  return 1;
nomem:
  sa_free(&path);
  return 0;
}

/* the state of one transaction while its replies come in */
struct txn {
  int mailok;          /* -1 not yet known, 0 refused, 1 accepted */
  size_t accepted;     /* recipients accepted */
  int data;            /* DATA got 354: the message is to be sent */
  int ignore354;       /* DATA got 354 but there is nothing to send */
};

/* onreply - the reply to command i of the batch */
static void onreply(struct smtp *s, const struct batch *b, size_t i,
                    struct remote_rcpt *rc, struct txn *t,
                    struct remote_result *res)
{
  unsigned int class = s->reply.code / 100;

  if (i == 0) {
    t->mailok = class == 2;
    if (!t->mailok)
      said(s, res, class == 5 ? 'D' : 'Z', "Connected to ",
           " but sender was rejected.");
  } else if (i + 1 < b->total) {
    struct remote_rcpt *r = &rc[b->rcpt[i - 1]];
    if (t->mailok != 1) return;         /* pipelined after a refused MAIL */
    if (class == 2) {
      r->status = 'r';
      ++t->accepted;
      return;
    }
    r->status = class == 5 ? 'h' : 's';
    if (!peersaid(s, &r->text, "", " does not like recipient."))
      trouble(res, "Out of memory. (#4.3.0)\n");
  } else if (class == 3) {
    if (t->mailok == 1 && t->accepted) t->data = 1;
    else t->ignore354 = 1;
  } else if (t->mailok == 1 && t->accepted) {
    said(s, res, class == 5 ? 'D' : 'Z', "", " failed on DATA command.");
  }
}

/* exchange - write the batch and read its replies: all at once (up to
 * LIM_SMTP_PIPELINE in flight) with PIPELINING, else one by one, and
 * then only as far as the replies allow.  1, or 0 if the session broke
 * (res set). */
static int exchange(struct smtp *s, const struct batch *b,
                    struct remote_rcpt *rc, struct txn *t,
                    struct remote_result *res)
{
  size_t window = s->ext.pipelining ? LIM_SMTP_PIPELINE : 1;
  size_t sent = 0;
  size_t got = 0;

  while (sent < b->total) {
    while (sent < b->total && sent - got < window) {
      if (!s->ext.pipelining) {
        /* RFC 5321 3.3: nothing after a refused MAIL; no DATA without
         * a recipient */
        if (sent > 0 && t->mailok != 1) return 1;
        if (sent + 1 == b->total && !t->accepted) return 1;
      }
      if (!buf_put(&s->out, b->cmds.s + b->off[sent],
                   b->off[sent + 1] - b->off[sent]))
        goto broke;
      ++sent;
    }
    if (!buf_flush(&s->out)) goto broke;
    /* RFC 2920 3.1: replies come in the order of the commands */
    while (got < sent) {
      if (!getreply(s)) goto broke;
      onreply(s, b, got++, rc, t, res);
    }
  }
  return 1;
broke:
  died(s, res);
  return 0;
}

/* finish - the message after DATA's 354, then the server's verdict */
static void finish(struct smtp *s, struct remote_msg *m,
                   struct remote_result *res)
{
  struct buf in;
  int r;

  buf_init(&in, m->fd, msgspace, sizeof msgspace);
  r = remote_copy(&in, &s->out);
  if (r == COPY_READ) {
    /* SECURITY: never the final dot after a short read: the server
     * must not take half a message.  The session is left unfinished. */
    s->broken = 1;
    trouble(res, "Unable to read message. (#4.3.0)\n");
    return;
  }
  if (r == COPY_WRITE || !getreply(s)) {
    died(s, res);
    return;
  }
  switch (s->reply.code / 100) {
  case 2: said(s, res, 'K', "", " accepted message."); break;
  case 5: said(s, res, 'D', "", " failed after I sent the message."); break;
  default: said(s, res, 'Z', "", " failed after I sent the message."); break;
  }
}

void smtp_send(struct smtp *s, struct remote_msg *m, const char *sender,
               struct remote_rcpt *rc, size_t n, struct remote_result *res)
{
  struct batch b = { SA_ZERO, 0, 0, 0 };
  struct txn t = { -1, 0, 0, 0 };
  char num[FMT_ULONG];
  char max[FMT_ULONG];
  int r;

  res->code = 0;
  res->next = 0;
  res->local = 0;
  res->text.len = 0;
  s->died = 0;
  if (s->ext.size && s->ext.sizemax && m->known && m->size > s->ext.sizemax) {
    /* RFC 1870 6.1: no use sending what the server said it refuses */
    num[fmt_ulong(num, (unsigned long)m->size)] = 0;
    max[fmt_ulong(max, (unsigned long)s->ext.sizemax)] = 0;
    set(res, 'D', "Connected to ", s->peer, " but the message is ");
    if (!sa_cats(&res->text, num) || !sa_cats(&res->text, " bytes and it "
        "takes at most ") || !sa_cats(&res->text, max) ||
        !sa_cats(&res->text, ". (#5.3.4)\n"))
      trouble(res, "Out of memory. (#4.3.0)\n");
    return;
  }
  if (!s->ext.smtputf8 && !noutf8(s, sender, rc, n, res)) return;
  r = prepare(s, m, sender, rc, n, &b);
  if (r == -1) {
    set(res, 'D', "Sorry, no SMTP path can hold the sender address. "
        "(#5.1.7)\n", "", "");
  } else if (r == 0) {
    trouble(res, "Out of memory. (#4.3.0)\n");
  } else if (b.total == 2) {
    set(res, 'D', "Sorry, no recipient address can be sent. (#5.1.3)\n",
        "", "");
  } else if (exchange(s, &b, rc, &t, res)) {
    if (t.ignore354) {
      /* RFC 2920 3.1: DATA was taken though nothing can be sent: end
       * it empty, and let the server drop it for want of recipients */
      if (!command(s, ".", "") || !getreply(s)) died(s, res);
    }
    if (!res->code) {
      if (t.data) finish(s, m, res);
      else if (!t.accepted)
        set(res, 'D', "Giving up on ", s->peer,
            ": it accepted no recipient.\n");
    }
  }
  batch_free(&b);
}

int smtp_rset(struct smtp *s)
{
  if (s->broken) return 0;
  if (!command(s, "RSET", "") || !getreply(s) || s->reply.code / 100 != 2) {
    s->broken = 1;
    return 0;
  }
  return 1;
}

void smtp_quit(struct smtp *s)
{
  if (!s->broken) {
    /* the verdict is known: a server slow to say goodbye is not worth
     * the whole timeoutremote */
    if (s->in.timeout <= 0 || s->in.timeout > 30) s->in.timeout = 30;
    if (command(s, "QUIT", "")) getreply(s);
  }
  close(s->fd);
  s->fd = -1;
  smtpreply_free(&s->reply);
  sa_free(&s->line);
}

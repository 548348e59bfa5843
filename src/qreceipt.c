/* qreceipt - answer a request for a delivery notice
 * runs as: the .qmail owner (from qmail-local)
 * reads:   the message header on fd 0; SENDER
 * writes:  one notice, through qmail-queue, to the envelope sender
 * trusts:  its command line (the .qmail owner's)
 * parses:  header fields (Notice-Requested-Upon-Delivery-To address
 *          lists, Message-ID), each capped; the header in all capped */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "date822.h"
#include "err.h"
#include "fd.h"
#include "hdr822.h"
#include "qq.h"
#include "sa.h"
#include "sig.h"
#include "str.h"
#include "usertool.h"

const char *prog = "qreceipt";

#define NOTICE_FIELD "Notice-Requested-Upon-Delivery-To"
#define LIM_MSGID 998     /* RFC 5322 2.1.1: a line's limit */

static struct {
  struct hdr822_toks ts;
  struct hdr822_alist al;
  struct sa value;
  struct sa msgid;
} r = { HDR822_TOKS_ZERO, HDR822_ALIST_ZERO, SA_ZERO, SA_ZERO };

/* asks - does the field f[0..n) list target? */
static int asks(const char *f, size_t n, const char *target)
{
  size_t namelen;
  size_t colon;
  size_t i;
  size_t tlen = strlen(target);

  if (!hdr822_name(f, n, &namelen, &colon)) return 0;
  /* a list that does not parse asks nothing of us */
  if (hdr822_tokenize(f + colon + 1, n - colon - 1, colon + 1, &r.ts) != 1)
    return 0;
  if (hdr822_addrlist(&r.ts, &r.al) != 1) return 0;
  for (i = 0; i < r.al.n; ++i) {
    const struct hdr822_addr *a = r.al.a + i;
    r.value.len = 0;
    if (!hdr822_value(f, r.ts.t + a->first, a->end - a->first, &r.value))
      temp_nomem();
    if (r.value.len == tlen && case_equalb(r.value.s, target, tlen))
      return 1;
  }
  return 0;
}

/* keepmsgid - the Message-ID, if it is printable and short, to quote */
static void keepmsgid(const char *f, size_t n)
{
  size_t namelen;
  size_t colon;
  size_t i;

  r.msgid.len = 0;
  if (!hdr822_name(f, n, &namelen, &colon)) return;
  for (i = colon + 1; i < n; ++i) {
    unsigned char c = (unsigned char)f[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c < 0x21 || c > 0x7e || r.msgid.len >= LIM_MSGID) {
      r.msgid.len = 0;     /* odd bytes: better no quote than a bad one */
      return;
    }
    if (!sa_append(&r.msgid, (char)c)) temp_nomem();
  }
}

/* wanted - read the header: is a notice to target asked for? */
static int wanted(const char *target)
{
  char space[BUF_SIZE];
  struct buf in;
  struct sa f = SA_ZERO;
  size_t total = 0;
  int want = 0;

  buf_init(&in, 0, space, sizeof space);
  for (;;) {
    int k = hdr822_getfield(&in, &f, LIM_HEADER);
    if (k == -1 && errno == E2BIG) break;  /* a monster: stop looking */
    if (k == -1) die_tempsys("unable to read message");
    if (k == HDR822_END) break;
    total += f.len;                        /* each f.len <= LIM_HEADER */
    if (total > LIM_HEADER_TOTAL) break;
    if (k != HDR822_FIELD) continue;
    if (hdr822_is(f.s, f.len, NOTICE_FIELD) && asks(f.s, f.len, target))
      want = 1;
    else if (hdr822_is(f.s, f.len, "Message-ID"))
      keepmsgid(f.s, f.len);
  }
  sa_free(&f);
  return want;
}

/* notice - the message that says so */
static void notice(struct sa *out, const char *target, const char *sender)
{
  char date[DATE822_LEN];

  if (!sa_cats(out, "Date: ") ||
      !sa_catb(out, date, date822_fmt(date, time(0))) ||
      !sa_cats(out, "\nFrom: delivery notice service <") ||
      !hdr822_quote(out, target, strlen(target)) ||
      !sa_cats(out, ">\nTo: <") ||
      !hdr822_quote(out, sender, strlen(sender)) ||
      !sa_cats(out, ">\nSubject: success notice\n") ||
      !sa_cats(out, "Auto-Submitted: auto-replied\n"))
    temp_nomem();
  if (r.msgid.len && (!sa_cats(out, "In-Reply-To: ") ||
                      !sa_cat(out, &r.msgid) || !sa_append(out, '\n')))
    temp_nomem();
  if (!sa_cats(out, "\nThis is the qreceipt program.  Your message") ||
      (r.msgid.len && (!sa_append(out, ' ') || !sa_cat(out, &r.msgid))) ||
      !sa_cats(out, "\nreached the mailbox of <") ||
      !hdr822_quote(out, target, strlen(target)) ||
      !sa_cats(out, ">,\nwhich its Notice-Requested-Upon-Delivery-To field "
                    "named.\n"))
    temp_nomem();
}

int main(int argc, char **argv)
{
  const char *sender;
  struct sa text = SA_ZERO;
  struct qq q;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 2 || !*argv[1]) die_usage("qreceipt youraddress");
  sender = ut_env("SENDER");
  /* never answer a bounce: no loops between two notice services */
  if (!*sender || str_equal(sender, "#@[]")) return EX_OK;
  if (!wanted(argv[1])) return EX_OK;

  notice(&text, argv[1], sender);
  sig_ignore(SIGPIPE);
  if (qq_open(&q, auto_qmail) == -1) die_tempsys("unable to fork");
  qq_put(&q, text.s, text.len);
  /* the null sender: a notice that fails is not bounced back */
  qq_from(&q, "");
  qq_to(&q, sender);
  ut_qqclose(&q);
  return EX_OK;
}

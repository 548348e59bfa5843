/* rcptcheck.c - would delivery find a mailbox (rcptcheck.h)
 *
 * SECURITY: runs inside qmail-smtpd, as qmaild, for every RCPT.  It
 * opens nothing per recipient and reads no user's file: the facts
 * are users/rcpt.cdb, written by root (qmail-newrcpt) and parsed here
 * strictly; the address, from the client, only forms cdb keys.  Each
 * recipient costs a bounded number of cdb lookups: at most
 * GETPW_USERLEN passwd keys and one key per '-' in the extension. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "cdb.h"
#include "ctl.h"
#include "getpw.h"
#include "open.h"
#include "qmesearch.h"
#include "rcptcheck.h"
#include "scan.h"
#include "str.h"
#include "userscdb.h"

/* mapcdb - open and map path: 1, 0 if it does not exist, -1 */
static int mapcdb(const char *path, struct cdb *c)
{
  int fd = open_read(path);
  int r;

  if (fd == -1) return errno == ENOENT ? 0 : -1;
  r = cdb_init(c, fd);
  close(fd);
  return r == -1 ? -1 : 1;
}

/* controls - what qmail-send reads for send_rewrite, with its defaults */
static int controls(struct rcptcheck *rc)
{
  struct sa me = SA_ZERO;
  int r = ctl_readline("control/me", &me, 0);

  if (r == -1) return -1;
  if (r == 0) me.len = 0;
  r = ctl_readline("control/envnoathost", &rc->envnoathost, 0);
  if (r == 0 && !sa_copys(&rc->envnoathost, me.len ? me.s : "envnoathost"))
    r = -1;
  if (r == -1 || !sa_0(&rc->envnoathost) ||
      !rewrite_readlists(&rc->lists[0], &rc->lists[1], &me) ||
      ctl_readlist("control/percenthack", &rc->lists[2]) == -1) {
    sa_free(&me);
    return -1;
  }
  sa_free(&me);
  rc->maps.envnoathost = rc->envnoathost.s;
  if (!constmap_init(&rc->maps.locals, rc->lists[0].s, rc->lists[0].len, 0) ||
      !constmap_init(&rc->maps.vdoms, rc->lists[1].s, rc->lists[1].len, 1) ||
      !constmap_init(&rc->maps.percenthack, rc->lists[2].s, rc->lists[2].len,
                     0))
    return -1;
  return 1;
}

int rcptcheck_open(struct rcptcheck *rc, const char *aliashome,
                   unsigned long aliasuid, unsigned long aliasgid)
{
  int r = mapcdb(RCPT_CDB, &rc->facts);

  if (r != 1) return r;
  /* CONTRACT: the magic says it is ours and of this layout */
  if (cdb_find(&rc->facts, "", 0) != 1 ||
      cdb_datalen(&rc->facts) != sizeof RCPT_MAGIC - 1 ||
      memcmp(cdb_data(&rc->facts), RCPT_MAGIC, sizeof RCPT_MAGIC - 1)) {
    errno = EPROTO;
    return -1;
  }
  r = mapcdb("users/cdb", &rc->users);
  if (r == -1) return -1;
  rc->usersok = r;
  rc->aliashome = aliashome;
  rc->aliasuid = aliasuid;
  rc->aliasgid = aliasgid;
  return controls(rc);
}

/* flag - a "+" or "?" value: 1, 0, or -1 if it is neither */
static int flag(const struct cdb *c)
{
  if (cdb_datalen(c) != 1) return -1;
  if (cdb_data(c)[0] == '+') return 1;
  if (cdb_data(c)[0] == '?') return 0;
  return -1;
}

struct owner {
  struct rcptcheck *rc;
  unsigned long uid;
  unsigned long gid;
  int bad;            /* a record was malformed */
};

/* number - a decimal field ended by a NUL at p[0..n): 1, or 0 */
static int number(const char **p, size_t *n, unsigned long *u)
{
  size_t len = byte_chr(*p, *n, 0);
  size_t k;

  if (len == *n || len == 0 || (len > 1 && **p == '0')) return 0;
  k = scan_ulongb(*p, len, u);
  if (k != len) return 0;
  *p += len + 1;
  *n -= len + 1;
  return 1;
}

/* isuser - getpw_test over the "P" facts: the account and its home */
static int isuser(void *ctx, const char *name)
{
  struct owner *o = ctx;
  struct rcptcheck *rc = o->rc;
  const char *p;
  size_t n;

  rc->key.len = 0;
  if (!sa_append(&rc->key, 'P') || !sa_cats(&rc->key, name)) return -1;
  if (cdb_find(&rc->facts, rc->key.s, rc->key.len) != 1) return 0;
  p = cdb_data(&rc->facts);
  n = cdb_datalen(&rc->facts);
  if (n == 1 && p[0] == '?') return -1;          /* delivery defers */
  if (n < 2 || p[0] != '+') {
    o->bad = 1;
    return -1;
  }
  ++p;
  --n;
  if (!number(&p, &n, &o->uid) || !number(&p, &n, &o->gid) || n == 0 ||
      p[0] != '/' || byte_chr(p, n, 0) != n ||
      !sa_copyb(&rc->home, p, n) || !sa_0(&rc->home)) {
    o->bad = 1;
    return -1;
  }
  return 1;
}

/* probe - qme_probe over the "F" facts of the home in rc->key */
static int probe(void *ctx, const char *name)
{
  struct rcptcheck *rc = ctx;
  size_t keep = rc->key.len;
  int r;

  if (!sa_cats(&rc->key, name)) return QME_TEMP;
  r = cdb_find(&rc->facts, rc->key.s, rc->key.len);
  rc->key.len = keep;
  if (r == 0) return QME_ABSENT;
  if (r == -1) return QME_TEMP;
  return flag(&rc->facts) == 1 ? QME_FOUND : QME_TEMP;
}

/* search - qmail-local's verdict for ext in the home rc->home */
static int search(struct rcptcheck *rc, const struct owner *o,
                  const char *dash, const char *ext)
{
  size_t deflt;
  int r;

  if (!rcptcheck_homekey(&rc->key, 'H', rc->home.s, o->uid, o->gid))
    return RCPT_TROUBLE;
  r = cdb_find(&rc->facts, rc->key.s, rc->key.len);
  if (r == -1) return RCPT_TROUBLE;
  if (r == 0) return RCPT_OK;          /* not listed: the facts are stale */
  r = flag(&rc->facts);
  if (r == -1) return RCPT_TROUBLE;
  if (r == 0) return RCPT_OK;          /* delivery there defers */
  rc->key.s[0] = 'F';
  if (!qme_safeext(&rc->safeext, ext)) return RCPT_TROUBLE;
  r = qme_search(dash, rc->safeext.s, rc->safeext.len, probe, rc, &rc->name,
                 &deflt);
  if (r != QME_ABSENT) return RCPT_OK;
  /* qmail-local: no .qmail file and an extension is a bounce; with no
   * extension, defaultdelivery takes the mail */
  return *dash ? RCPT_NOMAILBOX : RCPT_OK;
}

/* fromusers - users/cdb's answer: 1 with the owner, 0 none, -1 */
static int fromusers(struct rcptcheck *rc, const char *local,
                     struct pwinfo *pw)
{
  int r;
  if (!rc->usersok) return 0;
  r = userscdb_search(&rc->users, local, &rc->value);
  if (r != 1) return r;
  return userscdb_fields(rc->value.s, rc->value.len, pw) == 1 ? 1 : -1;
}

int rcptcheck_local(struct rcptcheck *rc, const char *local)
{
  struct pwinfo pw = PWINFO_ZERO;
  struct owner o;
  size_t len = strlen(local);
  size_t end;
  int r;

  /* qmail-lspawn discards mail for an empty local part */
  if (!len) return RCPT_OK;
  o.rc = rc;
  o.bad = 0;
  r = fromusers(rc, local, &pw);
  if (r == 1) {
    o.uid = (unsigned long)pw.uid;
    o.gid = (unsigned long)pw.gid;
    r = RCPT_OK;
    /* qmail-lspawn refuses uid 0: a deferral, not ours to refuse */
    if (pw.uid != 0 && sa_copy(&rc->home, &pw.home))
      r = search(rc, &o, pw.dash.s, pw.ext.s);
    else if (pw.uid != 0)
      r = RCPT_TROUBLE;
  } else if (r == -1) {
    r = RCPT_TROUBLE;
  } else {
    r = getpw_userext(local, isuser, &o, &end);
    if (r == 1)
      r = search(rc, &o, end == len ? "" : "-",
                 end == len ? local + len : local + end + 1);
    else if (r == 0 && sa_copys(&rc->home, rc->aliashome) && sa_0(&rc->home)) {
      o.uid = rc->aliasuid;
      o.gid = rc->aliasgid;
      r = search(rc, &o, "-", local);
    } else if (r == 0 || o.bad) {
      r = RCPT_TROUBLE;
    } else {
      r = RCPT_OK;                     /* qmail-getpw would defer */
    }
  }
  sa_free(&pw.user);
  sa_free(&pw.home);
  sa_free(&pw.dash);
  sa_free(&pw.ext);
  return r;
}

int rcptcheck_addr(struct rcptcheck *rc, const char *addr)
{
  size_t at;
  int r = send_rewrite(&rc->maps, addr, &rc->addr);

  if (r == 0) return RCPT_TROUBLE;
  if (r != SEND_LOCAL) return RCPT_OK;
  /* as qmail-lspawn: the local part is what precedes the last @ */
  at = byte_rchr(rc->addr.s, rc->addr.len, '@');
  rc->addr.len = at;
  if (!sa_0(&rc->addr)) return RCPT_TROUBLE;
  return rcptcheck_local(rc, rc->addr.s);
}

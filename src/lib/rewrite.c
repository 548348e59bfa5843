/* rewrite.c - qmail-send's address rewriting (rewrite.h) */
#include "ctl.h"
#include "rewrite.h"
#include "str.h"

/* send_rewrite - as qmail-send(8): an address with no @ gets
 * @envnoathost; a domain in percenthack turns the last % of the local
 * part into @, again and again; a domain in locals is local as it is;
 * else virtualdomains is tried with the whole address, the domain,
 * each .suffix of it and the empty catch-all, and a non-empty prepend
 * makes it local as "prepend-address"; anything else is remote. */
int send_rewrite(const struct send_maps *m, const char *recip,
                 struct sa *out)
{
  size_t at;
  size_t i;

  if (!sa_copys(out, recip)) return 0;
  at = byte_rchr(out->s, out->len, '@');
  if (at == out->len) {
    if (!sa_append(out, '@') || !sa_cats(out, m->envnoathost)) return 0;
  }
  while (constmap_get(&m->percenthack, out->s + at + 1,
                      out->len - at - 1, 0)) {
    size_t pct = byte_rchr(out->s, at, '%');
    if (pct == at) break;
    out->len = at;
    at = pct;
    out->s[at] = '@';
  }
  at = byte_rchr(out->s, out->len, '@');
  if (constmap_get(&m->locals, out->s + at + 1, out->len - at - 1, 0))
    return SEND_LOCAL;
  for (i = 0; i <= out->len; ++i) {
    const char *prepend;
    size_t plen;
    if (!(i == 0 || i == at + 1 || i == out->len ||
          (i > at && out->s[i] == '.')))
      continue;
    prepend = constmap_get(&m->vdoms, out->s + i, out->len - i, &plen);
    if (!prepend) continue;
    if (!plen) break;              /* an empty prepend means: not virtual */
    {
      struct sa addr = SA_ZERO;
      int ok = sa_copy(&addr, out) && sa_copyb(out, prepend, plen) &&
               sa_append(out, '-') && sa_cat(out, &addr);
      sa_free(&addr);
      return ok ? SEND_LOCAL : 0;
    }
  }
  return SEND_REMOTE;
}

int rewrite_readlists(struct sa *locals, struct sa *vdoms, const struct sa *me)
{
  int r = ctl_readlist("control/locals", locals);
  if (r == -1) return 0;
  /* as qmail: no locals means me; with neither, nothing is local */
  if (r == 0 && (!me->len || !sa_copy(locals, me) || !sa_0(locals)))
    return 0;
  return ctl_readlist("control/virtualdomains", vdoms) != -1;
}

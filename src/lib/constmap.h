/* constmap.h - constant maps for locals, rcpthosts, virtualdomains ...
 *
 * Built once from a list of NUL-terminated entries (ctl_readlist's
 * output), looked up many times; keys compare without regard to ASCII
 * case.  With split set, each entry is "key:value" and split at the
 * first colon (virtualdomains); an entry without a colon is skipped.
 * Without it, the entry is the key and the value is empty.  When a key
 * appears twice, the first entry wins, as in qmail.  The map points
 * into the list, which must outlive it. */
#ifndef CONSTMAP_H
#define CONSTMAP_H

#include <stddef.h>
#include <stdint.h>

struct constmap_entry {
  const char *key;
  size_t klen;
  const char *value;
  size_t vlen;
  uint32_t hash;
  size_t next;       /* index + 1 of the next entry in the chain; 0 ends */
};

struct constmap {
  struct constmap_entry *entries;
  size_t n;
  size_t *heads;     /* index + 1 of the first entry of each chain */
  size_t nheads;     /* a power of two */
};
#define CONSTMAP_ZERO { 0, 0, 0, 0 }

int constmap_init(struct constmap *m, const char *list, size_t len,
                  int split);                       /* 1, or 0 + errno */
void constmap_free(struct constmap *m);
/* the value for key, or null; *vlen gets its length (vlen may be null) */
const char *constmap_get(const struct constmap *m, const char *key,
                         size_t klen, size_t *vlen);
/* rcpthosts matching: host itself, then each suffix of host that starts
 * at a dot (".example.com" matches "mx.example.com") */
const char *constmap_domain(const struct constmap *m, const char *host,
                            size_t len, size_t *vlen);

#endif

/* env.h - environments built fresh for child programs
 *
 * A child's environ is never the parent's with bits changed in place:
 * it is built entry by entry (STYLE.md principle 2).  Names must be
 * non-empty and hold no '='; values may hold any byte but NUL.  At
 * most LIM_ENV entries.  Functions return 1, or 0 with errno. */
#ifndef ENV_H
#define ENV_H

#include <stddef.h>

#define LIM_ENV 4096

struct env {
  char **vec;    /* NULL-terminated "name=value" strings */
  size_t n;      /* entries in vec */
  size_t cap;    /* slots allocated in vec */
};
#define ENV_ZERO { 0, 0, 0 }

int env_copy(struct env *e, char *const *from);   /* append all of from */
int env_put(struct env *e, const char *name, const char *value);
int env_putb(struct env *e, const char *name, const char *value, size_t n);
int env_unset(struct env *e, const char *name);
const char *env_find(const struct env *e, const char *name);
/* never null: an empty list at worst.  The array is e's own: any later
 * put or unset may move it. */
char **env_vec(struct env *e);
void env_free(struct env *e);

#endif

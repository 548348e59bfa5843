/* t-sa.c - capped byte strings */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "sa.h"
#include "bounds.h"
#include "t.h"

static void t_sa_cap(void)
{
  struct sa x = SA_ZERO;
  x.max = 16;
  CHECK(sa_catb(&x, "0123456789", 10) == 1);
  errno = 0;
  CHECK(sa_catb(&x, "0123456789", 10) == 0 && errno == E2BIG);
  CHECK(x.len == 10);                    /* nothing half-appended */
  CHECK(sa_catb(&x, "012345", 6) == 1);  /* the cap hit exactly */
  CHECK(x.len == 16);
  errno = 0;
  CHECK(sa_append(&x, 'x') == 0 && errno == E2BIG);  /* one past it */
  CHECK(x.len == 16 && memcmp(x.s, "0123456789012345", 16) == 0);
  CHECK(x.cap <= 16);                    /* never allocated past max */
  sa_free(&x);
  CHECK(x.s == 0 && x.len == 0 && x.cap == 0);
}

static void t_sa_sizes(void)
{
  struct sa x = SA_ZERO;
  CHECK(sa_ready(&x, 0) == 1 && x.s != 0);
  CHECK(sa_catb(&x, "", 0) == 1 && x.len == 0);
  CHECK(sa_catb(&x, "a", 1) == 1 && x.len == 1);
  errno = 0;
  CHECK(sa_ready(&x, SIZE_MAX / 2) == 0 && errno == E2BIG);
  errno = 0;
  CHECK(sa_ready(&x, SIZE_MAX) == 0 && errno == E2BIG);  /* len + extra wraps */
  x.max = SIZE_MAX;                      /* a ceiling that cannot protect */
  errno = 0;
  CHECK(sa_ready(&x, SIZE_MAX) == 0 && errno == E2BIG);
  errno = 0;
  CHECK(sa_ready(&x, SIZE_MAX / 2) == 0 && errno == ENOMEM);
  CHECK(x.len == 1 && x.s[0] == 'a');
  sa_free(&x);
}

static void t_sa_default_limit(void)
{
  struct sa x = SA_ZERO;
  CHECK(sa_limit(&x) == LIM_SA_DEFAULT);
  errno = 0;
  CHECK(sa_ready(&x, LIM_SA_DEFAULT + 1) == 0 && errno == E2BIG);
  x.max = 5;
  CHECK(sa_limit(&x) == 5);
  sa_free(&x);
}

static void t_sa_copy(void)
{
  struct sa x = SA_ZERO;
  struct sa y = SA_ZERO;
  CHECK(sa_copys(&x, "hello"));
  CHECK(sa_equals(&x, "hello"));
  CHECK(sa_copys(&x, "hi") && x.len == 2 && sa_equals(&x, "hi"));
  CHECK(sa_copy(&y, &x) && sa_equals(&y, "hi"));
  CHECK(sa_cat(&y, &x) && sa_equals(&y, "hihi"));
  CHECK(sa_starts(&y, "hih") && !sa_starts(&y, "hihih") && sa_starts(&y, ""));
  y.max = 3;
  errno = 0;
  CHECK(sa_copys(&y, "abcd") == 0 && errno == E2BIG);
  CHECK(sa_equals(&y, "hihi"));          /* untouched */
  CHECK(sa_copys(&y, "abc") && sa_equals(&y, "abc"));
  sa_free(&x);
  sa_free(&y);
}

static void t_sa_self(void)
{
  /* appending a string to itself survives the realloc that moves it */
  struct sa x = SA_ZERO;
  int i;
  CHECK(sa_copys(&x, "abc"));
  for (i = 0; i < 20; ++i) CHECK(sa_catb(&x, x.s, x.len));
  CHECK(x.len == 3UL << 20);
  CHECK(memcmp(x.s + x.len - 3, "abc", 3) == 0);
  CHECK(sa_copyb(&x, x.s + 1, 2) && x.len == 2 && memcmp(x.s, "bc", 2) == 0);
  sa_free(&x);
}

static void t_sa_0_and_numbers(void)
{
  struct sa x = SA_ZERO;
  CHECK(sa_cats(&x, "n=") && sa_catulong(&x, 0) && sa_append(&x, ',') &&
        sa_catulong(&x, 4294967295UL) && sa_append(&x, ',') &&
        sa_catulong0(&x, 42, 5) && sa_append(&x, ',') &&
        sa_catulong0(&x, 123456, 3) && sa_0(&x));
  CHECK(strcmp(x.s, "n=0,4294967295,00042,123456") == 0);
  CHECK(x.len == strlen(x.s) + 1);       /* the NUL is counted */
  sa_free(&x);
}

int main(void)
{
  TEST(t_sa_cap);
  TEST(t_sa_sizes);
  TEST(t_sa_default_limit);
  TEST(t_sa_copy);
  TEST(t_sa_self);
  TEST(t_sa_0_and_numbers);
  return t_done();
}

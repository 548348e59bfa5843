/* t-env.c - fresh environments for children */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "env.h"
#include "t.h"

/* wellformed - 1 if vec holds exactly e->n non-null entries, then null */
static int wellformed(struct env *e)
{
  char **vec = env_vec(e);
  size_t i;
  for (i = 0; i < e->n; ++i)
    if (!vec[i] || !strchr(vec[i], '=')) return 0;
  return vec[e->n] == 0;
}

static void t_put_find(void)
{
  struct env e = ENV_ZERO;
  CHECK(env_vec(&e) != 0 && env_vec(&e)[0] == 0);   /* empty, not null */
  CHECK(env_find(&e, "USER") == 0);
  CHECK(env_put(&e, "USER", "joe") && env_put(&e, "HOME", "/home/joe"));
  CHECK(e.n == 2 && !strcmp(env_find(&e, "USER"), "joe") && wellformed(&e));
  CHECK(env_put(&e, "USER", "ann") && e.n == 2);   /* replaced in place */
  CHECK(!strcmp(e.vec[0], "USER=ann") && !strcmp(env_find(&e, "USER"), "ann"));
  CHECK(env_find(&e, "USE") == 0 && env_find(&e, "USERS") == 0);
  CHECK(env_putb(&e, "EMPTY", "", 0) && !strcmp(env_find(&e, "EMPTY"), ""));
  CHECK(env_putb(&e, "EQ", "a=b", 3) && !strcmp(env_find(&e, "EQ"), "a=b"));
  CHECK(env_putb(&e, "PART", "abcdef", 3) &&
        !strcmp(env_find(&e, "PART"), "abc"));       /* n bytes, no more */
  CHECK(env_find(&e, "EQ=a") == 0);            /* not a name: no match */
  CHECK(env_find(&e, "") == 0);
  CHECK(wellformed(&e));
  env_free(&e);
  CHECK(e.n == 0 && e.vec == 0 && env_vec(&e)[0] == 0);
  CHECK(env_put(&e, "AGAIN", "1") && e.n == 1);     /* usable after free */
  env_free(&e);
}

static void t_unset(void)
{
  struct env e = ENV_ZERO;
  CHECK(env_unset(&e, "NONE") && e.n == 0);        /* on an empty env */
  CHECK(env_put(&e, "A", "1") && env_put(&e, "B", "2") &&
        env_put(&e, "C", "3") && env_put(&e, "D", "4"));
  CHECK(env_unset(&e, "B") && e.n == 3 && env_find(&e, "B") == 0);
  CHECK(!strcmp(e.vec[0], "A=1") && !strcmp(e.vec[1], "C=3") &&
        !strcmp(e.vec[2], "D=4") && e.vec[3] == 0);  /* order kept */
  CHECK(env_unset(&e, "D") && e.n == 2 && e.vec[2] == 0);   /* the last */
  CHECK(env_unset(&e, "A") && !strcmp(e.vec[0], "C=3"));     /* the first */
  CHECK(env_unset(&e, "NOSUCH") && e.n == 1);
  CHECK(env_unset(&e, "C") && e.n == 0 && env_vec(&e)[0] == 0);
  CHECK(env_put(&e, "E", "5") && wellformed(&e));
  errno = 0;
  CHECK(!env_unset(&e, "E=5") && errno == EINVAL && e.n == 1);
  errno = 0;
  CHECK(!env_unset(&e, "") && errno == EINVAL);
  env_free(&e);
}

static void t_invalid(void)
{
  struct env e = ENV_ZERO;
  errno = 0;
  CHECK(!env_put(&e, "A=B", "x") && errno == EINVAL);
  errno = 0;
  CHECK(!env_put(&e, "=", "x") && errno == EINVAL);
  errno = 0;
  CHECK(!env_put(&e, "", "x") && errno == EINVAL);
  errno = 0;
  CHECK(!env_putb(&e, "NUL", "a\0b", 3) && errno == EINVAL);
  CHECK(e.n == 0 && env_vec(&e)[0] == 0);           /* nothing added */
  env_free(&e);
}

static void t_copy(void)
{
  static char longname[5000];
  char *from[] = { (char *)"A=1", (char *)"junk", (char *)"=x",
                   (char *)"B=2", (char *)"A=3", (char *)"C==", longname, 0 };
  struct env e = ENV_ZERO;
  memset(longname, 'L', sizeof longname - 3);
  memcpy(longname + sizeof longname - 3, "=v", 3);
  CHECK(env_copy(&e, from));
  CHECK(e.n == 4 && wellformed(&e));
  CHECK(!strcmp(env_find(&e, "A"), "3") && !strcmp(env_find(&e, "B"), "2"));
  CHECK(!strcmp(env_find(&e, "C"), "="));
  longname[sizeof longname - 3] = 0;               /* now just the name */
  CHECK(env_find(&e, longname) && !strcmp(env_find(&e, longname), "v"));
  CHECK(!strcmp(e.vec[0], "A=3") && !strcmp(e.vec[1], "B=2"));
  CHECK(env_copy(&e, 0) && e.n == 4);              /* no list: nothing */
  env_free(&e);
}

static void t_cap(void)
{
  struct env e = ENV_ZERO;
  char name[16];
  int i;
  int ok = 1;
  for (i = 0; i < LIM_ENV && ok; ++i) {
    size_t n = 0;
    int v = i;
    name[n++] = 'V';
    do name[n++] = (char)('0' + v % 10); while ((v /= 10));
    name[n] = 0;
    ok = env_put(&e, name, "x");
  }
  CHECK(ok && e.n == LIM_ENV && wellformed(&e));   /* the cap exactly */
  errno = 0;
  CHECK(!env_put(&e, "ONEMORE", "x") && errno == E2BIG);   /* one over */
  CHECK(e.n == LIM_ENV && env_find(&e, "ONEMORE") == 0);
  CHECK(env_put(&e, "V7", "replaced"));            /* replacing is fine */
  CHECK(!strcmp(env_find(&e, "V7"), "replaced"));
  CHECK(env_unset(&e, "V7") && env_put(&e, "ONEMORE", "x"));
  env_free(&e);
}

/* run_env - /usr/bin/env run with vec as its whole environment; its
 * output in out (NUL-terminated), or -1 */
static int run_env(char **vec, char *out, size_t size)
{
  char *argv[] = { (char *)"env", 0 };
  size_t len = 0;
  int status;
  int i;
  int p[2];
  pid_t pid;

  if (pipe(p) == -1) return -1;
  pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) {
    close(p[0]);
    if (dup2(p[1], 1) == -1) _exit(126);
    execve("/usr/bin/env", argv, vec);
    _exit(127);
  }
  close(p[1]);
  for (;;) {                  /* bounded: 5 s of silence ends it */
    struct pollfd pf = { p[0], POLLIN, 0 };
    ssize_t r;
    if (len + 1 >= size || poll(&pf, 1, 5000) != 1) break;
    r = read(p[0], out + len, size - 1 - len);
    if (r <= 0) break;
    len += (size_t)r;
  }
  out[len] = 0;
  close(p[0]);
  for (i = 0; i < 500; ++i) {  /* at most 5 s, then it is killed */
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r == -1) return -1;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

static void t_exec(void)
{
  struct env e = ENV_ZERO;
  char out[256];

  CHECK(run_env(env_vec(&e), out, sizeof out) == 0 && !strcmp(out, ""));
  CHECK(env_put(&e, "ONE", "1") && env_put(&e, "TWO", "two words"));
  CHECK(env_put(&e, "GONE", "x") && env_put(&e, "ONE", "uno"));
  CHECK(env_unset(&e, "GONE"));
  CHECK(run_env(env_vec(&e), out, sizeof out) == 0);
  CHECK(!strcmp(out, "ONE=uno\nTWO=two words\n"));
  env_free(&e);
}

int main(void)
{
  TEST(t_put_find);
  TEST(t_unset);
  TEST(t_invalid);
  TEST(t_copy);
  TEST(t_cap);
  TEST(t_exec);
  return t_done();
}

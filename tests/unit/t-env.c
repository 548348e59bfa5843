/* t-env.c - fresh environments for children */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "env.h"
#include "t.h"

static void t_put_find(void)
{
  struct env e = ENV_ZERO;
  CHECK(env_vec(&e) != 0 && env_vec(&e)[0] == 0);   /* empty, not null */
  CHECK(env_put(&e, "USER", "joe") && env_put(&e, "HOME", "/home/joe"));
  CHECK(e.n == 2 && !strcmp(env_find(&e, "USER"), "joe"));
  CHECK(env_put(&e, "USER", "ann") && e.n == 2);   /* replaced in place */
  CHECK(!strcmp(e.vec[0], "USER=ann") && !strcmp(env_find(&e, "USER"), "ann"));
  CHECK(env_find(&e, "USE") == 0 && env_find(&e, "USERS") == 0);
  CHECK(env_putb(&e, "EMPTY", "", 0) && !strcmp(env_find(&e, "EMPTY"), ""));
  CHECK(env_putb(&e, "EQ", "a=b", 3) && !strcmp(env_find(&e, "EQ"), "a=b"));
  CHECK(env_unset(&e, "HOME") && e.n == 3 && env_find(&e, "HOME") == 0);
  CHECK(!strcmp(e.vec[1], "EMPTY=") && e.vec[3] == 0);   /* order kept */
  CHECK(env_unset(&e, "NOSUCH") && e.n == 3);
  errno = 0;
  CHECK(!env_put(&e, "A=B", "x") && errno == EINVAL);
  CHECK(!env_put(&e, "", "x") && errno == EINVAL);
  CHECK(!env_putb(&e, "NUL", "a\0b", 3) && errno == EINVAL);
  env_free(&e);
  CHECK(e.n == 0 && e.vec == 0);
}

static void t_copy(void)
{
  char *from[] = { (char *)"A=1", (char *)"junk", (char *)"=x", (char *)"B=2",
                   (char *)"A=3", 0 };
  struct env e = ENV_ZERO;
  CHECK(env_copy(&e, from));
  CHECK(e.n == 2 && !strcmp(env_find(&e, "A"), "3") && !strcmp(env_find(&e, "B"), "2"));
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
  CHECK(ok && e.n == LIM_ENV);                      /* the cap exactly */
  errno = 0;
  CHECK(!env_put(&e, "ONEMORE", "x") && errno == E2BIG);   /* one over */
  CHECK(env_put(&e, "V7", "replaced"));             /* replacing is fine */
  env_free(&e);
}

static void t_exec(void)
{
  struct env e = ENV_ZERO;
  int p[2];
  char out[256];
  size_t len = 0;
  ssize_t r;
  int status;
  pid_t pid;
  char *argv[] = { (char *)"env", 0 };

  CHECK(env_put(&e, "ONE", "1") && env_put(&e, "TWO", "two words"));
  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    execve("/usr/bin/env", argv, env_vec(&e));
    _exit(127);
  }
  close(p[1]);
  while ((r = read(p[0], out + len, sizeof out - 1 - len)) > 0) len += (size_t)r;
  out[len] = 0;
  close(p[0]);
  CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
  CHECK(!strcmp(out, "ONE=1\nTWO=two words\n"));
  env_free(&e);
}

int main(void)
{
  TEST(t_put_find);
  TEST(t_copy);
  TEST(t_cap);
  TEST(t_exec);
  return t_done();
}

/* t-rec.c - the record codec: envelopes, limits and every refusal */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "rec.h"
#include "sa.h"
#include "t.h"

/* what the handlers saw: the records joined as "type:payload;" */
struct seen {
  struct sa log;
  int fail_on;          /* a type whose handler fails, or -1 */
};

static int note(struct seen *s, int type, const char *payload, size_t len)
{
  if (type == s->fail_on) {
    errno = ENOSPC;
    return 0;
  }
  if (payload[len] != 0) {        /* the payload ends at its NUL */
    errno = EFAULT;
    return 0;
  }
  return sa_append(&s->log, (char)(type ? type : '$')) &&
         sa_catb(&s->log, ":", 1) && sa_catb(&s->log, payload, len) &&
         sa_catb(&s->log, ";", 1);
}

static int on_from(void *ctx, const char *payload, size_t len)
{
  return note(ctx, 'F', payload, len);
}

static int on_to(void *ctx, const char *payload, size_t len)
{
  return note(ctx, 'T', payload, len);
}

static int on_end(void *ctx, const char *payload, size_t len)
{
  return note(ctx, REC_END, payload, len);
}

static const struct rec_rule envelope[] = {
  { 'F', LIM_ADDR, on_from },
  { 'T', LIM_ADDR, on_to },
  { REC_END, 0, on_end },
};

/* small limits, a high type byte, and no end marker */
static const struct rec_rule small[] = {
  { 'A', 5, 0 },
  { 'Z', 0, 0 },
  { 'B', 1, 0 },
  { 0xe9, 3, 0 },
};

/* next - rec_next of p[0..n) at *pos, errno cleared */
static int next(const char *p, size_t n, size_t *pos,
                const struct rec_rule *rules, size_t nrules,
                int *type, const char **payload, size_t *len)
{
  errno = 0;
  return rec_next(p, n, pos, rules, nrules, type, payload, len);
}

/* get1 - rec_get of the first record of p[0..n) */
static int get1(const char *p, size_t n, const struct rec_rule *rules,
                size_t nrules, int *type, struct sa *payload)
{
  struct buf b;
  buf_initmem(&b, p, n);
  errno = 0;
  return rec_get(&b, rules, nrules, type, payload);
}

/* dispatch - rec_dispatch of p[0..n) over envelope into s */
static int dispatch(const char *p, size_t n, struct seen *s)
{
  s->log.len = 0;
  errno = 0;
  return rec_dispatch(p, n, REC_RULES(envelope), s);
}

static void t_next_envelope(void)
{
  const char in[] = "Fa@b\0Tc@d\0T\0\0";
  size_t n = sizeof in - 1;
  size_t pos = 0;
  int type;
  const char *payload;
  size_t len;
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == 1);
  CHECK(type == 'F' && len == 3 && memcmp(payload, "a@b", 3) == 0);
  CHECK(pos == 5);
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == 1);
  CHECK(type == 'T' && len == 3 && memcmp(payload, "c@d", 3) == 0);
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == 1);
  CHECK(type == 'T' && len == 0 && pos == 12);
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == 1);
  CHECK(type == REC_END && len == 0 && pos == n && *payload == 0);
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == 0);
  CHECK(pos == n);
  pos = n + 1;
  CHECK(next(in, n, &pos, REC_RULES(envelope), &type, &payload, &len) == -1);
  CHECK(errno == EINVAL);
}

static void t_next_bad(void)
{
  size_t pos;
  int type;
  const char *payload;
  size_t len;
  pos = 0;                                  /* unknown type */
  CHECK(next("Xa\0", 3, &pos, REC_RULES(envelope), &type, &payload, &len)
        == -1 && errno == EPROTO && pos == 0);
  pos = 0;                                  /* lowercase is another type */
  CHECK(next("fa\0", 3, &pos, REC_RULES(envelope), &type, &payload, &len)
        == -1 && errno == EPROTO);
  pos = 0;                                  /* end marker not allowed */
  CHECK(next("\0", 1, &pos, REC_RULES(small), &type, &payload, &len) == -1 &&
        errno == EPROTO);
  pos = 0;                                  /* missing NUL */
  CHECK(next("Fabc", 4, &pos, REC_RULES(envelope), &type, &payload, &len)
        == -1 && errno == EPROTO && pos == 0);
  pos = 0;                                  /* type byte alone */
  CHECK(next("F", 1, &pos, REC_RULES(envelope), &type, &payload, &len) == -1 &&
        errno == EPROTO);
  pos = 0;                                  /* no rules at all */
  CHECK(next("F\0", 2, &pos, envelope, 0, &type, &payload, &len) == -1 &&
        errno == EPROTO);
}

static void t_next_limits(void)
{
  size_t pos;
  int type;
  const char *payload;
  size_t len;
  pos = 0;                                  /* exactly max */
  CHECK(next("Aabcde\0", 7, &pos, REC_RULES(small), &type, &payload, &len)
        == 1 && type == 'A' && len == 5 && pos == 7);
  pos = 0;                                  /* max + 1 */
  CHECK(next("Aabcdef\0", 8, &pos, REC_RULES(small), &type, &payload, &len)
        == -1 && errno == E2BIG);
  pos = 0;                       /* over max with no NUL in sight: E2BIG */
  CHECK(next("Aabcdefgh", 9, &pos, REC_RULES(small), &type, &payload, &len)
        == -1 && errno == E2BIG);
  pos = 0;                       /* at max with no NUL yet: missing NUL */
  CHECK(next("Aabcde", 6, &pos, REC_RULES(small), &type, &payload, &len)
        == -1 && errno == EPROTO);
  pos = 0;                                  /* size 0, max 0 */
  CHECK(next("Z\0", 2, &pos, REC_RULES(small), &type, &payload, &len) == 1 &&
        type == 'Z' && len == 0);
  pos = 0;
  CHECK(next("Zx\0", 3, &pos, REC_RULES(small), &type, &payload, &len) == -1 &&
        errno == E2BIG);
  pos = 0;                                  /* size 1, max 1 */
  CHECK(next("Bx\0", 3, &pos, REC_RULES(small), &type, &payload, &len) == 1 &&
        len == 1 && *payload == 'x');
  pos = 0;
  CHECK(next("Bxy\0", 4, &pos, REC_RULES(small), &type, &payload, &len) == -1 &&
        errno == E2BIG);
  pos = 0;                                  /* size 0 where 1 is allowed */
  CHECK(next("B\0", 2, &pos, REC_RULES(small), &type, &payload, &len) == 1 &&
        len == 0);
}

/* a type byte over 127 is looked up as its unsigned value */
static void t_high_type(void)
{
  struct sa out = SA_ZERO;
  struct sa payload = SA_ZERO;
  size_t pos = 0;
  int type;
  const char *p;
  size_t len;
  CHECK(rec_put(&out, 0xe9, "abc", 3) == 1);
  CHECK(out.len == 5 && (unsigned char)out.s[0] == 0xe9);
  CHECK(next(out.s, out.len, &pos, REC_RULES(small), &type, &p, &len) == 1);
  CHECK(type == 0xe9 && len == 3);
  CHECK(get1(out.s, out.len, REC_RULES(small), &type, &payload) == 1);
  CHECK(type == 0xe9 && sa_equals(&payload, "abc"));
  pos = 0;
  CHECK(next("\xeaz\0", 3, &pos, REC_RULES(small), &type, &p, &len) == -1 &&
        errno == EPROTO);
  sa_free(&out);
  sa_free(&payload);
}

static void t_get_limits(void)
{
  struct sa payload = SA_ZERO;
  int type;
  CHECK(get1("Aabcde\0", 7, REC_RULES(small), &type, &payload) == 1);
  CHECK(type == 'A' && sa_equals(&payload, "abcde"));
  CHECK(get1("Aabcdef\0", 8, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == E2BIG && payload.len <= 5);
  CHECK(get1("Aabcde", 6, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == EPROTO);
  CHECK(get1("Z\0", 2, REC_RULES(small), &type, &payload) == 1);
  CHECK(type == 'Z' && payload.len == 0);
  CHECK(get1("Zx\0", 3, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == E2BIG);
  CHECK(get1("Bx\0", 3, REC_RULES(small), &type, &payload) == 1);
  CHECK(sa_equals(&payload, "x"));
  CHECK(get1("Xa\0", 3, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == EPROTO);
  CHECK(get1("\0", 1, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == EPROTO);
  CHECK(get1("\0", 1, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == REC_END && payload.len == 0);
  CHECK(get1("F", 1, REC_RULES(envelope), &type, &payload) == -1);
  CHECK(errno == EPROTO);
  CHECK(get1("", 0, REC_RULES(envelope), &type, &payload) == 0);
  /* the payload string's own ceiling holds too */
  payload.max = 2;
  CHECK(get1("Aabc\0", 5, REC_RULES(small), &type, &payload) == -1);
  CHECK(errno == E2BIG);
  sa_free(&payload);
}

/* a peer that sends a megabyte with no NUL, in small reads: refused
 * after max + 1 bytes, and the payload never grew past max */
static void t_get_bounded(void)
{
  size_t n = 1024 * 1024;
  int p[2];
  pid_t pid;
  struct buf b;
  char space[64];
  struct sa payload = SA_ZERO;
  int type;
  int status;

  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) {
    char chunk[4096];
    size_t sent;
    close(p[0]);
    alarm(10);
    memset(chunk, 'x', sizeof chunk);
    chunk[0] = 'F';
    for (sent = 0; sent < n; sent += sizeof chunk) {   /* or SIGPIPE */
      if (write(p[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) _exit(1);
      chunk[0] = 'x';
    }
    _exit(0);
  }
  CHECK(pid > 0);
  close(p[1]);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 5;
  errno = 0;
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == -1);
  CHECK(errno == E2BIG && payload.len <= LIM_ADDR);
  CHECK(payload.len > LIM_ADDR - sizeof space);    /* it did grow */
  CHECK(payload.cap <= LIM_ADDR + LIM_ADDR / 8 + 32);
  close(p[0]);
  CHECK(waitpid(pid, &status, 0) == pid);
  sa_free(&payload);
}

static void t_envelope_round_trip(void)
{
  const char want[] = "Fsender\0Trcpt1\0Trcpt2\0\0";
  struct sa out = SA_ZERO;
  struct sa payload = SA_ZERO;
  struct seen s = { SA_ZERO, -1 };
  struct buf b;
  int type;

  CHECK(rec_put(&out, 'F', "sender", 6) == 1);
  CHECK(rec_put(&out, 'T', "rcpt1", 5) == 1);
  CHECK(rec_put(&out, 'T', "rcpt2", 5) == 1);
  CHECK(rec_putend(&out) == 1);
  CHECK(out.len == sizeof want - 1 && memcmp(out.s, want, out.len) == 0);

  CHECK(dispatch(out.s, out.len, &s) == 1);
  CHECK(sa_equals(&s.log, "F:sender;T:rcpt1;T:rcpt2;$:;"));

  buf_initmem(&b, out.s, out.len);
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'F' && sa_equals(&payload, "sender"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'T' && sa_equals(&payload, "rcpt1"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'T' && sa_equals(&payload, "rcpt2"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == REC_END && payload.len == 0);
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 0);
  sa_free(&out);
  sa_free(&payload);
  sa_free(&s.log);
}

static void t_dispatch_bad(void)
{
  struct seen s = { SA_ZERO, -1 };
  CHECK(dispatch("", 0, &s) == 1 && s.log.len == 0);
  CHECK(dispatch("Fa\0", 3, &s) == 1);
  /* trailing bytes after REC_END */
  CHECK(dispatch("Fa\0\0T", 5, &s) == -1 && errno == EPROTO);
  CHECK(dispatch("Fa\0\0\0", 5, &s) == -1 && errno == EPROTO);
  CHECK(dispatch("\0Tb\0", 4, &s) == -1 && errno == EPROTO);
  /* trailing bytes after the last whole record */
  CHECK(dispatch("Fa\0Tb", 5, &s) == -1 && errno == EPROTO);
  CHECK(dispatch("Fa\0T", 4, &s) == -1 && errno == EPROTO);
  /* unknown type, and a payload over max */
  CHECK(dispatch("Fa\0Xb\0\0", 7, &s) == -1 && errno == EPROTO);
  /* the whole input is checked before any handler runs */
  CHECK(s.log.len == 0);
  sa_free(&s.log);
}

static void t_dispatch_max(void)
{
  struct seen s = { SA_ZERO, -1 };
  struct sa in = SA_ZERO;
  size_t i;
  CHECK(sa_append(&in, 'T'));
  for (i = 0; i < LIM_ADDR; ++i) CHECK(sa_append(&in, 'x'));
  CHECK(sa_append(&in, 0) && rec_putend(&in));
  CHECK(dispatch(in.s, in.len, &s) == 1);
  CHECK(s.log.len == 2 + LIM_ADDR + 1 + 3);
  in.len = 1 + LIM_ADDR;
  CHECK(sa_append(&in, 'x') && sa_append(&in, 0) && rec_putend(&in));
  CHECK(dispatch(in.s, in.len, &s) == -1 && errno == E2BIG);
  CHECK(s.log.len == 0);
  sa_free(&in);
  sa_free(&s.log);
}

/* no end marker in the rules: the NUL type is refused */
static void t_dispatch_no_end(void)
{
  static const struct rec_rule noend[] = {
    { 'F', LIM_ADDR, on_from },
    { 'T', LIM_ADDR, on_to },
  };
  struct seen s = { SA_ZERO, -1 };
  errno = 0;
  CHECK(rec_dispatch("Fa\0Tb\0", 6, REC_RULES(noend), &s) == 1);
  CHECK(sa_equals(&s.log, "F:a;T:b;"));
  s.log.len = 0;
  errno = 0;
  CHECK(rec_dispatch("Fa\0Tb\0\0", 7, REC_RULES(noend), &s) == -1);
  CHECK(errno == EPROTO && s.log.len == 0);
  sa_free(&s.log);
}

/* a handler that fails stops the walk with its errno */
static void t_dispatch_handler_fails(void)
{
  struct seen s = { SA_ZERO, 'T' };
  const char in[] = "Fa\0Tb\0Tc\0\0";
  CHECK(dispatch(in, sizeof in - 1, &s) == -1 && errno == ENOSPC);
  CHECK(sa_equals(&s.log, "F:a;"));
  s.fail_on = REC_END;
  CHECK(dispatch(in, sizeof in - 1, &s) == -1 && errno == ENOSPC);
  CHECK(sa_equals(&s.log, "F:a;T:b;T:c;"));
  sa_free(&s.log);
}

static void t_put_bad(void)
{
  struct sa out = SA_ZERO;
  CHECK(rec_put(&out, 'F', "ok", 2) == 1);
  errno = 0;
  CHECK(rec_put(&out, 'F', "a\0b", 3) == 0 && errno == EINVAL);
  errno = 0;
  CHECK(rec_put(&out, 'F', "ab\0", 3) == 0 && errno == EINVAL);
  errno = 0;
  CHECK(rec_put(&out, 0, "a", 1) == 0 && errno == EINVAL);
  errno = 0;
  CHECK(rec_put(&out, 256, "a", 1) == 0 && errno == EINVAL);
  errno = 0;
  CHECK(rec_put(&out, -1, "a", 1) == 0 && errno == EINVAL);
  errno = 0;
  CHECK(rec_put(&out, -23, "a", 1) == 0 && errno == EINVAL);
  CHECK(out.len == 4 && memcmp(out.s, "Fok\0", 4) == 0);
  CHECK(rec_put(&out, 255, "", 0) == 1 && out.len == 6);
  CHECK(rec_put(&out, 1, 0, 0) == 1 && out.len == 8);
  sa_free(&out);
}

/* a record that does not fit leaves out as it was */
static void t_put_cap(void)
{
  struct sa out = SA_ZERO;
  out.max = 6;
  CHECK(rec_put(&out, 'F', "abc", 3) == 1 && out.len == 5);
  errno = 0;
  CHECK(rec_put(&out, 'T', "", 0) == 0 && errno == E2BIG && out.len == 5);
  CHECK(rec_putend(&out) == 1 && out.len == 6);
  errno = 0;
  CHECK(rec_putend(&out) == 0 && errno == E2BIG && out.len == 6);
  sa_free(&out);
}

static void t_get_error(void)
{
  struct buf b;
  char space[16];
  struct sa payload = SA_ZERO;
  int type;
  int fd = open("/", O_RDONLY);
  CHECK(fd != -1);
  buf_init(&b, fd, space, sizeof space);
  errno = 0;
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == -1);
  CHECK(errno == EISDIR);
  close(fd);
  sa_free(&payload);
}

/* records split across many small reads from a pipe */
static void t_get_pipe(void)
{
  const char in[] = "Fa@b.example\0Tc@d.example\0Te\0\0";
  int p[2];
  pid_t pid;
  struct buf b;
  char space[3];
  struct sa payload = SA_ZERO;
  int type;
  int status;

  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    _exit(write(p[1], in, sizeof in - 1) == sizeof in - 1 ? 0 : 1);
  }
  CHECK(pid > 0);
  close(p[1]);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 5;
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'F' && sa_equals(&payload, "a@b.example"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'T' && sa_equals(&payload, "c@d.example"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == 'T' && sa_equals(&payload, "e"));
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 1);
  CHECK(type == REC_END);
  CHECK(rec_get(&b, REC_RULES(envelope), &type, &payload) == 0);
  close(p[0]);
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0);
  sa_free(&payload);
}

int main(void)
{
  TEST(t_next_envelope);
  TEST(t_next_bad);
  TEST(t_next_limits);
  TEST(t_high_type);
  TEST(t_get_limits);
  TEST(t_get_bounded);
  TEST(t_envelope_round_trip);
  TEST(t_dispatch_bad);
  TEST(t_dispatch_max);
  TEST(t_dispatch_no_end);
  TEST(t_dispatch_handler_fails);
  TEST(t_put_bad);
  TEST(t_put_cap);
  TEST(t_get_error);
  TEST(t_get_pipe);
  return t_done();
}

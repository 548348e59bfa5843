/* err.c - diagnostics on fd 2 and exits in the 111/100 classes
 *
 * One write(2) per message, so lines from concurrent processes sharing
 * a log pipe do not interleave (pipe writes up to PIPE_BUF are atomic).
 * An over-long message is cut and ends in "...". */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "err.h"

#define ERR_MAX 1024

const char *err_str(int e)
{
  static char lower[128];
  const char *s = strerror(e);
  size_t i;

  for (i = 0; s[i] && i < sizeof lower - 1; ++i)
    lower[i] = (char)(i == 0 && s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  lower[i] = 0;
  return lower;
}

static void add(char *line, size_t *len, const char *s)
{
  while (*s && *len < ERR_MAX - 4) line[(*len)++] = *s++;
  if (*s) {
    memcpy(line + ERR_MAX - 4, "...", 3);
    *len = ERR_MAX - 1;
  }
}

void err_say(const char *level, int with_errno, const char *const *parts)
{
  char line[ERR_MAX];
  size_t len = 0;
  int saved = errno;
  ssize_t w;

  add(line, &len, prog ? prog : "quire");
  add(line, &len, ": ");
  add(line, &len, level);
  add(line, &len, ": ");
  for (; *parts; ++parts) add(line, &len, *parts);
  if (with_errno) {
    add(line, &len, ": ");
    add(line, &len, err_str(saved));
  }
  line[len++] = '\n';
  do w = write(2, line, len);
  while (w == -1 && errno == EINTR);
  errno = saved;
}

void err_die(int code, int with_errno, const char *const *parts)
{
  err_say("fatal", with_errno, parts);
  _exit(code);
}

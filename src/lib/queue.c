/* queue.c - names in the queue directory */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "fmt.h"
#include "queue.h"

size_t queue_fn(char *s, const char *dir, unsigned long id, int split)
{
  size_t len = strlen(dir);

  /* "remote/" + 2 digits + "/" + 20 digits + NUL fits in QUEUE_FN */
  memcpy(s, dir, len);
  if (split) {
    len += fmt_ulong(s + len, id % QUEUE_SPLIT);
    s[len++] = '/';
  }
  len += fmt_ulong(s + len, id);
  s[len] = 0;
  return len;
}

void queue_trigger_pull(void)
{
  int fd = open("lock/trigger", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) return;
  if (write(fd, "", 1) == -1) {
    /* a full pipe means qmail-send has a wake-up pending already */
  }
  close(fd);
}

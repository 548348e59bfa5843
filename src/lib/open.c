/* open.c - open(2) shapes quire uses
 *
 * SECURITY: every fd is O_CLOEXEC, so no program hands a queue file or
 * lock to a child by accident; fd_move and fd_copy give one on purpose.
 * O_NOCTTY on everything that could name a terminal device: a daemon
 * without a controlling terminal must never acquire one. */
#include <fcntl.h>
#include "open.h"

int open_read(const char *path)
{
  return open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
}

int open_readnofollow(const char *path)
{
  return open(path, O_RDONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
}

int open_write(const char *path)
{
  return open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
}

int open_append(const char *path)
{
  return open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC,
              0600);
}

int open_trunc(const char *path)
{
  return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC,
              0644);
}

/* open_excl - O_EXCL also refuses a symbolic link in the last place,
 * even a dangling one, so a planted link cannot redirect the write */
int open_excl(const char *path, int mode)
{
  return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC,
              (mode_t)mode);
}

int open_dir(const char *path)
{
  return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

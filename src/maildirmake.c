/* maildirmake - make a new, empty Maildir
 * runs as: the user who will own it
 * reads:   nothing
 * trusts:  its command line
 * parses:  nothing */
#include <sys/stat.h>
#include <unistd.h>
#include "dur.h"
#include "err.h"
#include "fd.h"

const char *prog = "maildirmake";

static const char *const subdirs[] = { "tmp", "new", "cur", 0 };

int main(int argc, char **argv)
{
  const char *dir;
  int i;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 2) die_usage("maildirmake name");
  dir = argv[1];
  /* maildir(5): the mailbox is its owner's alone */
  umask(077);
  if (mkdir(dir, 0700) == -1) die_tempsys("unable to mkdir ", dir);
  /* DURABILITY: the Maildir's name, then its three names, are on disk
   * before we say it exists; a delivery may follow at once */
  if (dur_syncparent(dir) == -1)
    die_tempsys("unable to sync the directory holding ", dir);
  if (chdir(dir) == -1) die_tempsys("unable to chdir to ", dir);
  for (i = 0; subdirs[i]; ++i)
    if (mkdir(subdirs[i], 0700) == -1)
      die_tempsys("unable to mkdir ", dir, "/", subdirs[i]);
  if (dur_syncdir(".") == -1) die_tempsys("unable to sync ", dir);
  return EX_OK;
}

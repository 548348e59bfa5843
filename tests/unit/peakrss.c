/* peakrss - run a command, then say how much memory it used at most
 *
 * usage: peakrss command [arg...]
 * Runs the command with this program's descriptors, waits for it, and
 * prints "status maxrss-kB" on standard error: the exit status (128+n
 * for signal n) and the peak resident set size the kernel recorded for
 * it (getrusage RUSAGE_CHILDREN).  The peak includes this small
 * program's image before the exec, which is why the system tests start
 * the command from here rather than from python3 or a shell.  Exits 0,
 * or 111 if the command could not be started. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  struct rusage ru;
  int status;
  pid_t pid;

  if (argc < 2) {
    fputs("usage: peakrss command [arg...]\n", stderr);
    return 111;
  }
  pid = fork();
  if (pid == -1) return 111;
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) != pid) return 111;
  if (getrusage(RUSAGE_CHILDREN, &ru) == -1) return 111;
  fprintf(stderr, "%d %ld\n",
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
          ru.ru_maxrss);
  return 0;
}

#!/bin/sh
# 85-syncfs.sh - qmail-send's batched commit when it fails.  When
# syncfs(2) fails the batch is logged ("warning: trouble syncing the
# queue"), no todo/ file of it is removed and nothing of it is
# delivered; when qmail-clean cannot remove a todo/ file, that is logged
# ("warning: qmail-clean unable to clean up todo/n") and the message is
# not delivered either.  Once the fault is gone, the next scan of todo/
# does the message again, and every message is delivered once.  Here
# the next message wakes that scan; with QUIRE_LONG=1 (make proofs) the
# test first waits, up to 150 s, for the scan qmail-send schedules by
# itself 123 s after a failure, with no message to wake it.
#
# The failures come from a small shared object preloaded into the
# instance's daemons (qmail-send and qmail-clean are linked dynamically,
# conf-ld): its syncfs fails with EIO while the file fail exists in its
# directory, and counts every call; its unlink of a todo/ name fails
# with EIO while the file failclean exists.  Where qmail-send does not
# use syncfs (not Linux, or Linux before 5.8) or is linked statically,
# it says SKIP.
. "$(dirname "$0")/lib.sh"
t_init
command -v cc >/dev/null 2>&1 || { t_skip "syncfs failure" "no C compiler for the shim"; t_done; exit 0; }
t_build
t_user joe 65510
t_newu
J=$T/users/joe/Maildir
S=$T/shim
mkdir -p "$S"
chmod 755 "$T"
chmod 1777 "$S"

cat >"$S/shim.c" <<'C'
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void mark(const char *name, const char *what)
{
  char p[4096];
  const char *d = getenv("QUIRE_SHIM_DIR");
  int fd;
  if (!d) return;
  snprintf(p, sizeof p, "%s/%s", d, name);
  fd = open(p, O_WRONLY | O_APPEND | O_CREAT, 0666);
  if (fd == -1) return;
  if (write(fd, what, 2) != 2) { /* a count lost is a test that fails */ }
  close(fd);
}

__attribute__((constructor)) static void loaded(void) { mark("loaded", "l\n"); }

int syncfs(int fd)
{
  char p[4096];
  const char *d = getenv("QUIRE_SHIM_DIR");
  mark("calls", "c\n");
  if (d) {
    snprintf(p, sizeof p, "%s/fail", d);
    if (access(p, F_OK) == 0) {
      errno = EIO;
      return -1;
    }
  }
  return (int)syscall(SYS_syncfs, fd);
}

int unlink(const char *path)
{
  char p[4096];
  const char *d = getenv("QUIRE_SHIM_DIR");
  if (d && strncmp(path, "todo/", 5) == 0) {
    snprintf(p, sizeof p, "%s/failclean", d);
    if (access(p, F_OK) == 0) {
      mark("cleanfails", "f\n");
      errno = EIO;
      return -1;
    }
  }
  return unlinkat(AT_FDCWD, path, 0);
}
C
if ! cc -shared -fPIC -o "$S/shim.so" "$S/shim.c" 2>"$S/cc.err"; then
  t_skip "syncfs failure" "cannot build the shim: $(head -n 1 "$S/cc.err")"
  t_done; exit 0
fi
chmod 755 "$S/shim.so"

calls() { cat "$S/calls" 2>/dev/null | wc -l | tr -d ' '; }
todos() { find "$H/queue/todo" -type f | wc -l | tr -d ' '; }
inject() { printf 'Subject: %s\n\nbody\n' "$1" | "$H/bin/qmail-inject" -f ann@test.example joe@test.example; }
delivered() { grep -l "^Subject: $1\$" "$J"/new/* 2>/dev/null | wc -l | tr -d ' '; }
# arrives subject seconds: wait until that message is in the Maildir once
arrives() { t_wait "$2" sh -c "[ \$(grep -l '^Subject: $1\$' $J/new/* 2>/dev/null | wc -l) = 1 ]"; }
# todo_empty: wait until todo/ holds no file
todo_empty() { t_wait 30 sh -c "[ -z \"\$(find $H/queue/todo -type f)\" ]"; }

QUIRE_SHIM_DIR=$S LD_PRELOAD=$S/shim.so
export QUIRE_SHIM_DIR LD_PRELOAD
t_start
unset LD_PRELOAD QUIRE_SHIM_DIR
if [ ! -s "$S/loaded" ]; then
  t_skip "syncfs failure" "the daemons did not load the shim (linked statically?)"
  t_stop; t_done; exit 0
fi

# a message with syncfs working: delivered, and its batch used syncfs
# (qmail-send's probe at start-up is counted apart)
if [ "$(calls)" = 0 ]; then
  t_skip "syncfs failure" "qmail-send does not use syncfs here (not Linux 5.8 or later)"
  t_stop; t_done; exit 0
fi
atstart=$(calls)
inject one
t_check "first message delivered" arrives one 30
t_check "its batch was committed with syncfs ($atstart at start-up, $(calls) now)" test "$(calls)" -gt "$atstart"

# syncfs fails: the batch stays in todo/, undelivered, and is logged
: >"$S/fail"
before=$(calls)
inject two
t_check "the failure is logged" t_wait 30 sh -c "grep -q '^warning: trouble syncing the queue: ' '$T/log-home'"
t_check "syncfs was called and failed" test "$(calls)" -gt "$before"
t_check "todo/ keeps the message" test "$(todos)" = 1
sleep 1
t_check "nothing of it delivered" test "$(delivered two)" = 0
t_check "no delivery of it started" test "$(grep -c '^starting delivery ' "$T/log-home")" = 1

# syncfs works again: the next scan (woken by a new message, or with
# QUIRE_LONG by itself) does both
rm -f "$S/fail"
if [ "${QUIRE_LONG:-0}" = 1 ]; then
  t_check "123 s after the failure, with no new message: the message delivered" \
    arrives two 150
fi
inject three
t_check "after the failure: the message delivered" arrives two 30
t_check "and the next one" arrives three 30
t_check "each once: three in the Maildir" test "$(t_count "$J")" = 3
t_check "todo/ empty" todo_empty

# qmail-clean cannot remove todo/: logged, the message stays there and
# no delivery of it starts
: >"$S/failclean"
starts=$(grep -c '^starting delivery ' "$T/log-home")
inject four
t_check "qmail-clean's refusal is logged" t_wait 30 sh -c "grep -q '^warning: qmail-clean unable to clean up todo/[0-9]*\$' '$T/log-home'"
t_check "the shim refused an unlink of todo/" test -s "$S/cleanfails"
t_check "todo/ keeps the message" test "$(todos)" = 1
sleep 1
t_check "nothing of it delivered" test "$(delivered four)" = 0
t_check "no delivery of it started" test "$(grep -c '^starting delivery ' "$T/log-home")" = "$starts"
rm -f "$S/failclean"
if [ "${QUIRE_LONG:-0}" = 1 ]; then
  t_check "123 s after the refusal, with no new message: the message delivered" \
    arrives four 150
fi
inject five
t_check "after the refusal: the message delivered" arrives four 30
t_check "and the next one" arrives five 30
t_check "each once: five in the Maildir" test "$(t_count "$J")" = 5
t_check "todo/ empty again" todo_empty
t_stop
t_done

#!/bin/sh
# 82-diskfull.sh - a full disk never loses or half-delivers a message:
# with the queue on a full filesystem, SMTP gets a 4xx, qmail-inject a
# temporary failure, and no piece of the refused message stays in the
# queue; when space returns, mail flows again.  With a user's Maildir on
# a full filesystem, the delivery is deferred (never bounced), leaves no
# partial file, and succeeds on the retry after space returns.
#
# The small filesystems are tmpfs mounts inside a mount namespace of the
# test's own (unshare --mount), so nothing outside it sees them and they
# vanish with it.  Without root or unshare it says SKIP.
. "$(dirname "$0")/lib.sh"

if [ -z "${QUIRE_IN_NS:-}" ]; then
  why=""
  if [ "$T_ROOT" != 1 ]; then why="not root: cannot mount the small filesystems"
  elif ! command -v unshare >/dev/null 2>&1; then why="unshare is not installed"
  elif ! unshare --mount true 2>/dev/null; then why="unshare --mount is not permitted here"
  fi
  if [ -n "$why" ]; then
    t_skip "disk full" "$why"
    exit 0
  fi
  QUIRE_IN_NS=1 exec unshare --mount sh "$0" "$@"
fi

# inside the mount namespace: nothing mounted here propagates out
mount --make-rprivate / || { echo "Bail out! mount --make-rprivate"; exit 1; }
t_init
t_build
t_user joe 65510
t_user ann 65511
t_newu
J=$T/users/joe/Maildir
A=$T/users/ann/Maildir

# fill dir: fill the filesystem under dir up to its last block
fill() {
  dd if=/dev/zero of="$1/filler" bs=64k 2>/dev/null
  dd if=/dev/zero of="$1/filler2" bs=512 2>/dev/null
  return 0
}
unfill() { rm -f "$1/filler" "$1/filler2"; }
leftovers() {
  find "$H/queue/pid" "$H/queue/intd" "$H/queue/todo" "$H/queue/mess" -type f | wc -l | tr -d ' '
}

# -- the queue on a 4 MiB tmpfs, with the installed owners and modes
mkdir "$T/qfs"
mount -t tmpfs -o size=4m,mode=0750 tmpfs "$T/qfs" || { t_notok "tmpfs for the queue"; exit 1; }
cp -a "$H/queue/." "$T/qfs/" && chown --reference="$H/queue" "$T/qfs" &&
  mount --bind "$T/qfs" "$H/queue" || { t_notok "queue on the tmpfs"; exit 1; }
t_start
LOG=$T/log-home

printf 'Subject: before\n\nfits\n' | "$H/bin/qmail-inject" -f ann@test.example joe@test.example
t_check "a message is delivered while there is room" t_wait 20 sh -c \
  "grep -l fits $J/new/* >/dev/null 2>&1"
t_wait 20 sh -c "[ \$(find $H/queue/mess -type f | wc -l) = 0 ]"

fill "$H/queue"
{ head -c 200000 /dev/zero | tr "\0" x | fold -w 70; echo; } >"$T/body"
{ printf 'Subject: too big for the disk\n\n'; cat "$T/body"; } >"$T/msg"
"$H/bin/qmail-inject" -f ann@test.example joe@test.example <"$T/msg" 2>"$T/inject.err"
rc=$?
t_check "qmail-inject on a full queue fails temporarily (exit $rc)" test "$rc" = 111
t_check "and says why: $(cat "$T/inject.err")" grep -qi "disk full" "$T/inject.err"
t_check "no piece of it is left in the queue" test "$(leftovers)" = 0

{ printf 'EHLO x\r\nMAIL FROM:<ann@test.example>\r\nRCPT TO:<joe@test.example>\r\nDATA\r\n'
  printf 'Subject: by smtp\r\n\r\n'; sed 's/$/\r/' "$T/body"; printf '.\r\nQUIT\r\n'; } >"$T/smtp.in"
env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
  "$H/bin/qmail-smtpd" <"$T/smtp.in" >"$T/smtp.out" 2>/dev/null
t_check "SMTP on a full queue: a 4xx after the data" sh -c \
  "tr -d '\r' <'$T/smtp.out' | grep -q '^451 4.3.0 qq write error or disk full'"
t_check "SMTP: the session goes on (QUIT answered)" grep -q '^221 ' "$T/smtp.out"
t_check "no piece of it is left in the queue" test "$(leftovers)" = 0
t_check "nothing of them was delivered" sh -c "! grep -l 'too big\|by smtp' $J/new/* >/dev/null 2>&1"

unfill "$H/queue"
"$H/bin/qmail-inject" -f ann@test.example joe@test.example <"$T/msg"
t_check "with room again, qmail-inject queues it (exit $?)" test $? = 0
t_check "and it is delivered" t_wait 30 sh -c "grep -l 'too big for the disk' $J/new/* >/dev/null 2>&1"

# -- joe's Maildir on a 1 MiB tmpfs, full
t_stop
mount -t tmpfs -o size=1m,mode=0700 tmpfs "$J" || { t_notok "tmpfs for the Maildir"; exit 1; }
mkdir "$J/new" "$J/cur" "$J/tmp" && chown -R 65510:65510 "$J"
fill "$J"
t_start
"$H/bin/qmail-inject" -f ann@test.example joe@test.example <"$T/msg"
t_check "a delivery into a full Maildir is deferred" t_wait 30 sh -c \
  "grep -q '^delivery [0-9]*: deferral:' '$LOG'"
t_check "not bounced: no failure logged" sh -c "! grep -q '^delivery [0-9]*: failure:' '$LOG'"
t_check "no partial file in the Maildir" test -z "$(find "$J/tmp" "$J/new" -type f)"
t_check "no bounce reached the sender" test -z "$(find "$A/new" -type f)"
t_check "the message is still queued" test "$(find "$H/queue/mess" -type f | wc -l)" -ge 1
unfill "$J"
kill -ALRM "$SENDPID"
t_check "with room again, the retry delivers it" t_wait 30 sh -c \
  "grep -l 'too big for the disk' $J/new/* >/dev/null 2>&1"
t_check "the queue is empty again" t_wait 30 sh -c "[ \$(find $H/queue/mess -type f | wc -l) = 0 ]"
t_stop
umount "$J" "$H/queue" "$T/qfs" 2>/dev/null
t_done

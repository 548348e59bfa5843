#!/bin/sh
# 32-qmailqueue.sh - QMAILQUEUE filters in the full pipeline, through
# qmail-inject and sendmail: a filter that accepts (adds a header and
# hands the message to the real qmail-queue, and the running daemons
# deliver it), one that refuses with its own text on fd 6, one with its
# own text on fd 4; the caller sees the filter's text and exit class,
# and a refused message is never queued.
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_newu
t_start
M=$T/users/joe/Maildir
QQ=$H/bin/qmail-queue

mkqq() {
  printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
  chmod 755 "$T/$1"
}
# the accepting filter: fd 1 (the envelope) goes through untouched
mkqq pass "{ echo 'X-Filter: passed'; cat; } | '$QQ'"
mkqq fd6 "cat >/dev/null; printf 'Dthe filter refuses this (#5.7.1)' >&6; exit 82"
mkqq fd4 "cat >/dev/null; printf 'Zthe filter is busy, from fd 4 (#4.3.0)' >&4; exit 82"
chmod 755 "$T"

# send how filter subject: a message to joe through qmail-inject or
# sendmail with QMAILQUEUE set; status in $rc, stderr in $T/err
send() {
  printf 'To: joe@test.example\nSubject: %s\n\nbody of %s\n' "$3" "$3" >"$T/in"
  if [ "$1" = inject ]; then prog=$H/bin/qmail-inject; flag=; else
    prog=$H/bin/sendmail; flag=-t; fi
  env -i PATH=/usr/bin:/bin USER=joe QMAILHOST=test.example \
    QMAILQUEUE="$T/$2" "$prog" $flag <"$T/in" >/dev/null 2>"$T/err"
  rc=$?
}
okrc() {
  if [ "$rc" = "$2" ]; then t_ok "$1: exit $2"; else
    t_notok "$1: exit $rc, not $2"; sed 's/^/# /' "$T/err"; fi
}
errhas() {
  if grep -qF "$2" "$T/err"; then t_ok "$1: says \"$2\""; else
    t_notok "$1: stderr lacks \"$2\""; sed 's/^/# /' "$T/err"; fi
}
delivered() { # subject: a message with it, filtered, in joe's Maildir
  t_wait 30 sh -c "grep -l '^Subject: $1\$' '$M'/new/* 2>/dev/null | xargs grep -l '^X-Filter: passed\$' 2>/dev/null | grep -q ."
}
nmess() {
  find "$H/queue/mess" -type f | wc -l | tr -d ' '
}

for how in inject sendmail; do
  # accepted: queued by the real qmail-queue, delivered by the daemons
  send "$how" pass "via $how"
  okrc "$how, accepting filter" 0
  t_check "$how, accepting filter: delivered with the filter's header" delivered "via $how"

  # refused with a text on fd 6: permanent, the caller sees the text
  before=$(t_count "$M")
  t_wait 30 sh -c "[ \$(find '$H/queue/mess' -type f | wc -l) -eq 0 ]"
  send "$how" fd6 "refused via $how"
  okrc "$how, fd 6 filter" 100
  errhas "$how, fd 6 filter" "the filter refuses this (#5.7.1)"
  t_check "$how, fd 6 filter: nothing queued" test "$(nmess)" = 0

  # deferred with a text on fd 4: temporary, the caller sees the text
  send "$how" fd4 "deferred via $how"
  okrc "$how, fd 4 filter" 111
  errhas "$how, fd 4 filter" "the filter is busy, from fd 4 (#4.3.0)"
  t_check "$how, fd 4 filter: nothing queued" test "$(nmess)" = 0
  t_check "$how: refused messages never delivered" test "$(t_count "$M")" = "$before"
done

t_check "queue drained" t_wait 30 sh -c \
  "[ -z \"\$(find $H/queue/mess $H/queue/todo $H/queue/intd -type f)\" ]"
t_stop
t_done

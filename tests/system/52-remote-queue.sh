#!/bin/sh
# 52-remote-queue.sh - qmail-send's use of remote delivery: a deferred
# message is tried again (here at once, on ALRM) and delivered when the
# server is back; concurrencyremote bounds the sessions open at once;
# a permanent failure after DATA bounces with the server's words.
. "$(dirname "$0")/lib.sh"
t_init
. "$(dirname "$0")/remote-lib.sh"

sink slow --delay 1
sink late5 --dot 554
# a port that is free now: the "later" sink starts there afterwards
sink later
later=$(port later)
kill "$SINKPID"
t_wait 10 sh -c "! kill -0 $SINKPID 2>/dev/null"

{
  echo "slow.example:127.0.0.1:$(port slow)"
  echo "late5.example:127.0.0.1:$(port late5)"
  echo "later.example:127.0.0.1:$later"
} >"$H/control/smtproutes"
echo 2 >"$H/control/concurrencyremote"
echo 10 >"$H/control/timeoutremote"
t_start


# 1. concurrencyremote 2: six deliveries to a slow server, two at a time
i=0
while [ $i -lt 6 ]; do queue "u$i@slow.example"; i=$((i + 1)); done
t_check "six deliveries to the slow server" t_wait 60 sh -c \
  "[ \$(grep -c '^delivery [0-9]*: success' '$LOG') -eq 6 ]"
t_check "never more than 2 sessions at once (concurrencyremote)" \
  test "$(cat "$T/sink-slow/maxopen")" = 2
t_check "log: status never past remote 2/2" sh -c \
  "grep '^status:' '$LOG' | grep -q 'remote 2/2' && ! grep '^status:' '$LOG' | grep -qE 'remote ([3-9]|[0-9][0-9]+)/2'"

# 2. 5xx after the data: a bounce with the server's reply
queue v@late5.example
t_check "554 after the dot: failure" t_wait 30 grep -qE \
  '^delivery [0-9]+: failure: 127.0.0.1_failed_after_I_sent_the_message./Remote_host_said:_554_ok_queued_as_1/' "$LOG"
t_check "the bounce reached the sender" t_wait 30 sh -c \
  "grep -l 'v@late5.example' $J/new/* 2>/dev/null | xargs grep -l 'Remote host said: 554' | grep -q ."

# 3. nobody listens: deferred; the server comes back; ALRM retries now
queue w@later.example
t_check "no server: deferral" t_wait 30 grep -qE \
  "^delivery [0-9]+: deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection" "$LOG"
t_check "the message stays queued" sh -c "'$H/bin/qmail-qread' | grep -q 'w@later.example'"
sink later --port "$later"
kill -ALRM "$SENDPID"
# the delivery number of the retry: the last one started for w@
retried() {
  d=$(sed -n 's/^starting delivery \([0-9]*\): msg [0-9]* to remote w@later.example$/\1/p' "$LOG" | tail -n 1)
  [ -n "$d" ] && grep -q "^delivery $d: success: 127.0.0.1_accepted_message" "$LOG"
}
t_check "retried and delivered once the server is back" t_wait 30 retried
t_check "the later sink got w@later.example" t_wait 10 sh -c \
  "grep -q '^RCPT TO:<w@later.example>' '$T'/sink-later/env-*"
t_check "queue drained" t_wait 30 sh -c \
  "[ -z \"\$(find $H/queue/mess -type f)\" ]"

t_stop
t_done

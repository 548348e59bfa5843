#!/bin/sh
# 54-remote-reuse.sh - qmail-rspawn's workers keep their SMTP session:
# N messages to one destination take fewer sessions than N, with RSET
# between messages and the data byte-exact; different destinations
# never share a session; a server that closes a kept session, refuses
# RSET, drops a reused session in the middle of a transaction or says
# 421 to it still gets every message, exactly once, with no deferral.
. "$(dirname "$0")/lib.sh"
t_init
. "$(dirname "$0")/remote-lib.sh"

sink one --ext PIPELINING,8BITMIME,SIZE\ 10000000
sink a --ext PIPELINING
sink b --ext PIPELINING
sink closes --max-msgs 1
sink norset --rset 502
sink mid --ext PIPELINING --drop rcpt --drop-nth 2
sink busy --busy 1
{
  for n in one a b closes norset mid busy; do
    echo "$n.example:127.0.0.1:$(port $n)"
  done
} >"$H/control/smtproutes"
echo 2 >"$H/control/concurrencyremote"
echo 5 >"$H/control/timeoutremote"
t_start

# delivered n: n successes in the log so far
delivered() { [ "$(grep -c '^delivery [0-9]*: success' "$LOG")" -ge "$1" ]; }

# once sink subject...: each subject in exactly one data file of the sink
once() {
  s=$1; shift
  for subj in "$@"; do
    c=$(grep -l "^Subject: $subj$(printf '\r')\$" "$T/sink-$s"/data-* 2>/dev/null | wc -l)
    [ "$c" -eq 1 ] || { t_note "$subj: in $c data files of $s"; return 1; }
  done
}

# messages sink count: queue count messages to the sink, one at a time
# so that each finds the session of the last; subjects sink-1 ...
total=0
messages() {
  i=1
  while [ "$i" -le "$2" ]; do
    printf 'Subject: %s-%d\n\nline\n.dot line\n..two\nend\n' "$1" "$i" >"$T/msg"
    qfile "$T/msg" "r$i@$1.example"
    i=$((i + 1))
  done
  total=$((total + $2))
}
subjects() { i=1; while [ "$i" -le "$2" ]; do echo "$1-$i"; i=$((i + 1)); done; }

# 1. ten messages to one destination: fewer sessions, RSET between
messages one 10
t_check "ten messages to one destination delivered" t_wait 60 delivered $total
n=$(sessions one)
t_check "they took fewer sessions than messages ($n)" test "$n" -lt 10
t_check "RSET before each reused transaction" sh -c \
  "cat '$T'/sink-one/env-* | grep -c '^RSET' | grep -qx $((10 - n))"
t_check "each message reached the sink exactly once" once one $(subjects one 10)
t_check "reused sessions keep the data byte-exact" python3 -c "
import glob, sys
want = b'\r\nline\r\n..dot line\r\n...two\r\nend\r\n.\r\n'
fs = glob.glob(sys.argv[1] + '/data-*')
sys.exit(not (len(fs) == 10 and all(open(f, 'rb').read().endswith(want) for f in fs)))" "$T/sink-one"
t_check "the session was QUIT when the worker idled" t_wait 20 sh -c \
  "cat '$T'/sink-one/env-* | grep -c '^QUIT' | grep -qx $n"

# 2. two destinations, interleaved: never in each other's session
i=1
while [ $i -le 4 ]; do
  queue "x$i@a.example"
  queue "y$i@b.example"
  i=$((i + 1))
done
total=$((total + 8))
t_check "eight messages to two destinations delivered" t_wait 60 delivered $total
t_check "sink a saw only a.example recipients" sh -c \
  "[ \$(cat '$T'/sink-a/env-* | grep -c '^RCPT TO:<x[0-9]@a.example>') = 4 ] &&
   ! cat '$T'/sink-a/env-* | grep '^RCPT' | grep -qv '@a.example>'"
t_check "sink b saw only b.example recipients" sh -c \
  "[ \$(cat '$T'/sink-b/env-* | grep -c '^RCPT TO:<y[0-9]@b.example>') = 4 ] &&
   ! cat '$T'/sink-b/env-* | grep '^RCPT' | grep -qv '@b.example>'"

# 3. servers that end or spoil the kept session
for s in closes norset mid busy; do
  messages "$s" 4
  t_check "$s: four messages delivered" t_wait 60 delivered $total
  t_check "$s: each reached the sink exactly once" once "$s" $(subjects "$s" 4)
done
t_check "closes: a new session for each message" test "$(sessions closes)" = 4
t_check "norset: RSET was refused, a new session followed" sh -c \
  "cat '$T'/sink-norset/env-* | grep -q '^RSET' && [ $(sessions norset) -gt 1 ]"
t_check "mid: a reused session dropped at RCPT, the job went on" sh -c \
  "[ \$(cat '$T'/sink-mid/env-* | grep -c '^RCPT') -gt 4 ]"
t_check "no delivery was deferred or failed" sh -c \
  "! grep -qE '^delivery [0-9]+: (deferral|failure)' '$LOG'"
t_check "queue drained" t_wait 30 sh -c \
  "[ -z \"\$(find $H/queue/mess -type f)\" ]"

# 4. the workers run as qmailr, like qmail-remote always did
if [ "$T_ROOT" = 1 ]; then
  messages one 1
  uids=""
  j=0
  while [ $j -lt 50 ] && [ -z "$uids" ]; do
    for p in $(pgrep -x qmail-remote); do
      case "$(readlink /proc/$p/exe)" in "$H"/*)
        uids="$uids $(awk '/^Uid:/ { print $2 }' /proc/$p/status)";; esac
    done
    sleep 0.1
    j=$((j + 1))
  done
  t_check "workers run as qmailr ($uids)" sh -c \
    "[ -n '$uids' ] && ! echo '$uids' | tr ' ' '\n' | grep -v '^$' | grep -qvx $U_REMOTE"
else
  t_skip "workers run as qmailr" "not root: every role is $(id -un)"
fi

t_stop
t_done

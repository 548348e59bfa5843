#!/bin/sh
# 12-crash.sh - kill -9 qmail-send while 500 messages are in flight,
# restart it, and account for every accepted message: each delivered at
# least once, none lost, duplicates counted and reported, nothing left
# in the queue.  (Every daemon killed at random, under local and SMTP
# load: 83-crash-all.sh; longer versions of both: `make proofs`.)
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_newu
J=$T/users/joe/Maildir
N=${CRASH_MESSAGES:-500}
KILLS=${CRASH_KILLS:-3}
t_start

# four injectors, N messages in all, each with a unique subject; the
# accepted ones (qmail-inject exit 0) are listed in $T/accepted.*
injector() {
  k=$1; i=$1
  while [ "$i" -lt "$N" ]; do
    if printf 'Subject: crash-%s\n\nbody %s\n' "$i" "$i" |
        "$H/bin/qmail-inject" -f joe@test.example joe@test.example; then
      echo "crash-$i" >>"$T/accepted.$k"
    fi
    i=$((i + 4))
  done
}
for k in 0 1 2 3; do
  injector "$k" &
  TPIDS="$TPIDS $!"
  eval "inj$k=$!"
done

# kill qmail-send -9 at moments spread over the injection, restart it
killed=0
while [ "$killed" -lt "$KILLS" ]; do
  sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))"
  kill -9 "$SENDPID" 2>/dev/null && killed=$((killed + 1))
  t_wait 10 sh -c "! kill -0 $SENDPID 2>/dev/null"
  t_start
done
t_note "killed qmail-send -9 $killed times during injection"
for k in 0 1 2 3; do eval "wait \$inj$k"; done

accepted=$(cat "$T"/accepted.* | sort -u | wc -l | tr -d ' ')
t_check "all $N injections accepted" test "$accepted" -eq "$N"
# every accepted message arrives (retries included: SIGALRM nudges them)
deliveredall() {
  kill -ALRM "$SENDPID" 2>/dev/null
  [ "$(grep -h '^Subject: crash-' "$J"/new/* 2>/dev/null | sort -u | wc -l)" -ge "$accepted" ]
}
t_check "every accepted message delivered" t_wait 120 deliveredall
grep -h '^Subject: crash-' "$J"/new/* | sed 's/^Subject: //' | sort >"$T/delivered"
sort -u "$T"/accepted.* >"$T/acc"
lost=$(comm -23 "$T/acc" "$T/delivered" | sort -u | wc -l | tr -d ' ')
total=$(wc -l <"$T/delivered" | tr -d ' ')
unique=$(sort -u "$T/delivered" | wc -l | tr -d ' ')
t_note "accepted $accepted, delivered $total copies of $unique messages: $lost lost, $((total - unique)) duplicates"
t_check "no message lost" test "$lost" -eq 0
t_check "nothing left to deliver or bounce" t_wait 120 sh -c \
  "kill -ALRM $SENDPID; [ -z \"\$(find $H/queue/info $H/queue/local $H/queue/remote $H/queue/todo $H/queue/bounce -type f)\" ]"
t_sweep_orphans
t_stop
t_done

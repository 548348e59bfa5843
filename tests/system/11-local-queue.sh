#!/bin/sh
# 11-local-queue.sh - qmail-send's decisions and schedules, through the
# real daemons: virtualdomains, the alias user and its .qmail files,
# users/assign wildcards, SIGHUP (reread), SIGALRM (retry now), retries
# of a deferred delivery, queuelifetime, concurrencylocal.
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_user vuser 65511
t_newu
LOG=$T/log-home
J=$T/users/joe/Maildir
V=$T/users/vuser/Maildir
AL=$H/alias
mkdir -p "$AL/Maildir/new" "$AL/Maildir/cur" "$AL/Maildir/tmp"
echo ./Maildir/ >"$AL/.qmail-postmaster"
echo ./Maildir/ >"$AL/.qmail-default"
chown -R "$U_ALIAS" "$AL/Maildir" "$AL/.qmail-postmaster" "$AL/.qmail-default"

# virtual domain: everything @virt.example goes to vuser, as vuser-<local>
echo "virt.example:vuser" >"$H/control/virtualdomains"
echo ./Maildir/ >"$T/users/vuser/.qmail-default"
chown 65510 "$T/users/vuser/.qmail-default" 2>/dev/null
[ "$T_ROOT" = 1 ] && chown 65511 "$T/users/vuser/.qmail-default"
echo 2 >"$H/control/concurrencylocal"
t_start

inject() {
  r=$1; s=$2
  printf 'Subject: %s\n\nbody\n' "$s" |
    QMAILHOST=test.example "$H/bin/qmail-inject" -f joe@test.example "$r"
}

inject anyone@virt.example virt1
t_check "virtualdomains: delivered to the domain's user" t_wait 20 sh -c "[ \$(find $V/new -type f | wc -l) = 1 ]"
f=$(find "$V/new" -type f | head -n 1)
t_check "virtualdomains: Delivered-To shows the prepend" grep -q '^Delivered-To: vuser-anyone@virt.example' "$f"

inject stranger@test.example alias1
t_check "unknown local part: the alias user's .qmail-default" t_wait 20 sh -c "[ \$(find $AL/Maildir/new -type f | wc -l) = 1 ]"
f=$(find "$AL/Maildir/new" -type f | head -n 1)
t_check "alias delivery Delivered-To" grep -q '^Delivered-To: stranger@test.example' "$f"

# SIGHUP: a new locals file takes effect without a restart
inject joe@newhost.example beforehup
t_wait 10 grep -q 'to remote joe@newhost.example' "$LOG"
t_check "not yet local: goes to remote (deferred)" grep -q 'to remote joe@newhost.example' "$LOG"
printf 'test.example\nnewhost.example\n' >"$H/control/locals"
kill -HUP "$SENDPID"
sleep 1
inject joe@newhost.example afterhup
t_check "after SIGHUP: the new local domain is local" t_wait 20 grep -q 'to local joe@newhost.example' "$LOG"

# a delivery that defers, then succeeds: qmail-send retries it on its
# schedule, and SIGALRM makes it try at once
cat >"$T/users/joe/.qmail-flaky" <<EOF
|if [ -f "\$HOME/flaky-ok" ]; then exit 0; fi; echo not yet; exit 111
EOF
[ "$T_ROOT" = 1 ] && chown 65510 "$T/users/joe/.qmail-flaky"
inject joe-flaky@test.example flaky
t_check "deferral logged" t_wait 20 grep -q 'deferral: not_yet/' "$LOG"
touch "$T/users/joe/flaky-ok"
[ "$T_ROOT" = 1 ] && chown 65510 "$T/users/joe/flaky-ok"
n0=$(grep -c 'to local joe-flaky@test.example' "$LOG")
kill -ALRM "$SENDPID"
t_check "SIGALRM: retried at once" t_wait 20 sh -c \
  "[ \$(grep -c 'to local joe-flaky@test.example' $LOG) -gt $n0 ]"
# the result of the last delivery to joe-flaky: its number, then its line
lastresult() {
  d=$(grep 'to local joe-flaky@test.example' "$LOG" | tail -n 1 |
    sed 's/^starting delivery \([0-9]*\):.*/\1/')
  grep "^delivery $d: $1" "$LOG" >/dev/null
}
t_check "the retry succeeded" t_wait 20 lastresult success

# concurrencylocal 2: never more than 2 local deliveries at once
cat >"$T/users/joe/.qmail-slow" <<EOF
|sleep 1
EOF
[ "$T_ROOT" = 1 ] && chown 65510 "$T/users/joe/.qmail-slow"
i=0
while [ $i -lt 6 ]; do inject joe-slow@test.example "slow$i"; i=$((i + 1)); done
t_wait 30 sh -c "[ \$(grep -c 'to local joe-slow' $LOG) -eq 6 ] && [ \$(grep -c 'success' $LOG) -ge 6 ]"
t_check "concurrencylocal 2 honoured" sh -c "! grep -qE '^status: local ([3-9]|[1-9][0-9])/' $LOG"
t_check "status shows the limit 2" grep -q '^status: local 2/2 ' "$LOG"

# queuelifetime: a message older than it stops being retried and bounces
t_stop
echo 1 >"$H/control/queuelifetime"
rm -f "$T/users/joe/flaky-ok"
t_start
inject joe-flaky@test.example old
sleep 2
kill -ALRM "$SENDPID"
t_check "queuelifetime: the deferral becomes a failure" t_wait 30 \
  grep -q 'in_the_queue_too_long' "$LOG"
t_check "queuelifetime: the sender gets the bounce" t_wait 30 sh -c \
  "grep -l 'in the queue too long' $J/new/* 2>/dev/null | grep -q ."
t_stop
t_done

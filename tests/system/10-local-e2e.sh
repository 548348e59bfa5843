#!/bin/sh
# 10-local-e2e.sh - local mail end to end, through the real daemons:
# qmail-inject -> qmail-queue -> qmail-send -> qmail-lspawn ->
# qmail-local -> Maildir; bounces and double bounces; the log lines of
# qmail-log(5); the alias user; and, as root, the privilege partition
# read from /proc.
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_user ann 65511
t_newu
mkdir -p "$H/alias/Maildir/new" "$H/alias/Maildir/cur" "$H/alias/Maildir/tmp"
chown -R "$U_ALIAS:$G_NOFILES" "$H/alias/Maildir" 2>/dev/null
echo ./Maildir/ >"$H/alias/.qmail-postmaster"
chown "$U_ALIAS" "$H/alias/.qmail-postmaster" 2>/dev/null
# a descriptor left open by whatever starts qmail-start must not reach
# the daemons
exec 9>"$T/stray-fd"
t_start
exec 9>&-
strays=""
for pid in $SENDPID $(pgrep -P "$SENDPID"); do
  ls -l "/proc/$pid/fd/" 2>/dev/null | grep -q stray-fd && strays="$strays $pid"
done
t_check "no stray descriptor in qmail-send or its daemons" test -z "$strays"
LOG=$T/log-home
J=$T/users/joe/Maildir
A=$T/users/ann/Maildir

# inject recipient subject [sender [more recipients]]
inject() {
  r=$1; s=$2; f=${3:-joe@test.example}
  shift 2; [ $# -gt 0 ] && shift
  printf 'Subject: %s\n\n%s\n' "$s" "body of $s" |
    QMAILHOST=test.example "$H/bin/qmail-inject" -f "$f" "$r" "$@"
}

# 1. one message to one user
inject joe@test.example one
t_check "qmail-inject exits 0" test $? = 0
t_check "delivered to joe's Maildir" t_wait 20 sh -c "[ \$(find $J/new -type f | wc -l) -ge 1 ]"
f=$(find "$J/new" -type f | head -n 1)
t_check "Delivered-To and Return-Path added" sh -c \
  "head -n 2 '$f' | grep -q '^Return-Path: <joe@test.example>' && grep -q '^Delivered-To: joe@test.example' '$f'"
t_check "qmail-queue's Received line" grep -q '^Received: (qmail [0-9]* invoked by' "$f"
t_check "subject and body intact" sh -c "grep -q '^Subject: one' '$f' && grep -q '^body of one' '$f'"

# 2. the log lines of qmail-log(5), in order
t_wait 10 grep -q '^end msg ' "$LOG"
t_check "log: new msg" grep -qE '^new msg [0-9]+$' "$LOG"
t_check "log: info msg" grep -qE '^info msg [0-9]+: bytes [0-9]+ from <joe@test.example> qp [0-9]+ uid [0-9]+$' "$LOG"
t_check "log: starting delivery" grep -qE '^starting delivery 1: msg [0-9]+ to local joe@test.example$' "$LOG"
t_check "log: status" grep -qE '^status: local 1/10 remote 0/20$' "$LOG"
t_check "log: success" grep -qE '^delivery 1: success: did_1\+0\+0/' "$LOG"
t_check "log: end msg" grep -qE '^end msg [0-9]+$' "$LOG"

# 3. several recipients, several messages
i=0
while [ $i -lt 20 ]; do
  inject joe@test.example "many$i" joe@test.example ann@test.example ||
    t_notok "inject many$i"
  i=$((i + 1))
done
t_check "20 messages to two users all delivered" t_wait 60 sh -c \
  "[ \$(find $J/new -type f | wc -l) -eq 21 ] && [ \$(find $A/new -type f | wc -l) -eq 20 ]"

# 4. an unknown local part goes to the alias user, which has no
# .qmail-default here: qmail-local bounces it to the sender (joe)
before=$(find "$J/new" -type f | wc -l)
inject nosuchuser@test.example lost joe@test.example
t_check "unknown user bounces back to the sender" t_wait 30 sh -c \
  "grep -l '^Subject: failure notice' $J/new/* 2>/dev/null | grep -q ."
b=$(grep -l '^Subject: failure notice' "$J"/new/* | head -n 1)
t_check "bounce is QSBMF" sh -c "sed -n '/^\$/,\$p' '$b' | sed -n 2p | grep -q '^Hi. This is the qmail-send program at test.example.'"
t_check "bounce names the recipient" grep -q '^<nosuchuser@test.example>:' "$b"
t_check "bounce has Auto-Submitted, Date, Message-ID" sh -c \
  "grep -q '^Auto-Submitted: auto-replied' '$b' && grep -q '^Date: ' '$b' && grep -q '^Message-ID: <' '$b'"
t_check "bounce carries the original" sh -c \
  "grep -q '^--- Below this line is a copy of the message.' '$b' && grep -q '^Subject: lost' '$b'"
t_check "bounce came from the null sender" grep -q '^Return-Path: <>' "$b"
t_check "log: failure and bounce msg" sh -c \
  "grep -qE '^delivery [0-9]+: failure: ' $LOG && grep -qE '^bounce msg [0-9]+ qp [0-9]+$' $LOG"

# 5. a bounce that bounces goes to doublebounceto (postmaster -> alias)
inject nosuchuser@test.example twice "nobody-here@test.example"
t_check "double bounce reaches postmaster" t_wait 30 sh -c \
  "grep -l 'Below this line is the original bounce' $H/alias/Maildir/new/* 2>/dev/null | grep -q ."

# 6. the queue is empty again, and nothing is left behind
t_check "queue drained" t_wait 30 sh -c \
  "[ -z \"\$(find $H/queue/mess $H/queue/info $H/queue/local $H/queue/remote $H/queue/todo $H/queue/intd $H/queue/bounce -type f)\" ]"

# 7. the partition, as seen by the kernel
if [ "$T_ROOT" = 1 ]; then
  uid_of() { awk '/^Uid:/ { print $2 " " $3 " " $4 " " $5 }' "/proc/$1/status"; }
  gid_of() { awk '/^Gid:/ { print $2 }' "/proc/$1/status"; }
  groups_of() { awk '/^Groups:/ { $1 = ""; print }' "/proc/$1/status" | tr -d ' '; }
  send=$SENDPID
  t_check "qmail-send runs as qmails" test "$(uid_of $send)" = "$U_SEND $U_SEND $U_SEND $U_SEND"
  t_check "qmail-send has only group qmail" test "$(gid_of $send)/$(groups_of $send)" = "$G_QMAIL/$G_QMAIL"
  for d in qmail-lspawn qmail-rspawn qmail-clean; do
    pid=$(pgrep -P "$send" -x "$d" | head -n 1)
    case $d in
      qmail-lspawn) want=0 ;;
      qmail-rspawn) want=$U_REMOTE ;;
      qmail-clean) want=$U_QUEUE ;;
    esac
    t_check "$d runs as uid $want" test "$(uid_of "$pid" | cut -d' ' -f1-2)" = "$want $want"
  done
  # qmail-local: a program delivery records who it ran as
  echo '|id -u >"$HOME/ran-as"; id -G >"$HOME/groups-of"' >"$T/users/joe/.qmail-who"
  chown 65510 "$T/users/joe/.qmail-who"
  inject joe-who@test.example who
  # groups-of is written last: once it has its line, both are whole
  t_wait 20 test -s "$T/users/joe/groups-of"
  t_check "qmail-local ran as the recipient, not root" test "$(cat "$T/users/joe/ran-as" 2>/dev/null)" = 65510
  t_check "qmail-local had only the recipient's group" test "$(cat "$T/users/joe/groups-of" 2>/dev/null)" = 65510
  q=$(ls -l "$H/bin/qmail-queue" | cut -c1-10)
  t_check "qmail-queue is setuid ($q)" test "$q" = "-rws--x--x"
  t_check "install table holds (quire-instcheck)" "$T/build-home/bin/quire-instcheck"
else
  t_skip "privilege partition" "not root: every role is the invoking user"
fi

# 8. SIGTERM: qmail-send finishes and exits, and says so
t_stop
t_check "qmail-send exited on SIGTERM" sh -c "! kill -0 $SENDPID 2>/dev/null"
t_check "log: status: exiting" grep -q '^status: exiting$' "$LOG"
t_done

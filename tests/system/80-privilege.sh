#!/bin/sh
# 80-privilege.sh - the partition of DESIGN.md, proved as root from the
# kernel's point of view: which installed file is setuid or setgid,
# which uid and groups each daemon and each delivery runs with, what a
# user's .qmail program can reach, and that qmail-smtpd's user can put
# nothing into the queue except through qmail-queue.
. "$(dirname "$0")/lib.sh"
if [ "$T_ROOT" != 1 ]; then
  t_skip "privilege partition" "not root: every role is the invoking user"
  exit 0
fi
command -v setpriv >/dev/null || { t_skip "privilege partition" "no setpriv (util-linux)"; exit 0; }
t_init
t_build
t_user joe 65510
t_user ann 65511
t_newu
# Maildirs as maildirmake(1) makes them: the owner's alone
chmod 700 "$T/users/joe/Maildir" "$T/users/ann/Maildir"

# -- 1. the installed files: setuid only on qmail-queue, setgid nowhere
suid=$(find "$H" -type f -perm -4000 | sed "s|^$H/||" | sort | tr '\n' ' ')
t_check "the only setuid file is bin/qmail-queue ($suid)" test "$suid" = "bin/qmail-queue "
t_check "qmail-queue is setuid to qmailq" test "$(stat -c %u "$H/bin/qmail-queue")" = "$U_QUEUE"
sgid=$(find "$H" -type f -perm -2000 | sed "s|^$H/||" | tr '\n' ' ')
t_check "no setgid file ($sgid)" test -z "$sgid"
ww=$(find "$H" -perm -0002 ! -type l ! -type p | sed "s|^$H/||" | tr '\n' ' ')
t_check "nothing world-writable but the trigger fifo ($ww)" test -z "$ww"

# -- 2. the daemons, from /proc/PID/status: real, effective, saved and
# filesystem uid all the role's; the supplementary groups only its own
# (qmail-lspawn: root, gid 0, no supplementary group at all)
t_start
ids() { awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$1/status"; }
gids() { awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$1/status"; }
groups() { awk '/^Groups:/ { $1 = ""; print }' "/proc/$1/status" | sed 's/^ *//; s/ *$//'; }
role() {
  # role name pid uid gid
  u4="$3 $3 $3 $3"; g4="$4 $4 $4 $4"
  if [ "$(ids "$2")" = "$u4" ] && [ "$(gids "$2")" = "$g4" ]; then
    t_ok "$1 runs as uid $3 gid $4 (all four ids)"
  else
    t_notok "$1 runs as uid $3 gid $4: has uids $(ids "$2"), gids $(gids "$2")"
  fi
  g=$(groups "$2")
  if [ -z "$g" ] || [ "$g" = "$4" ]; then t_ok "$1 has no other group ($g)"
  else t_notok "$1 has supplementary groups $g"; fi
}
role qmail-send "$SENDPID" "$U_SEND" "$G_QMAIL"
for d in qmail-lspawn qmail-rspawn qmail-clean; do
  pid=$(pgrep -P "$SENDPID" -x "$d" | head -n 1)
  case $d in
    qmail-lspawn) role "$d" "$pid" 0 0 ;;
    qmail-rspawn) role "$d" "$pid" "$U_REMOTE" "$G_QMAIL" ;;
    qmail-clean) role "$d" "$pid" "$U_QUEUE" "$G_QMAIL" ;;
  esac
done

# -- 3. deliveries: a user's program runs as that user, with that user's
# group alone, and can reach neither another user's Maildir nor the queue
mkdir -p "$T/probe" && chmod 777 "$T/probe"
cat >"$T/users/joe/.qmail-probe" <<EOF
|id -u >$T/probe/uid; id -g >$T/probe/gid; id -G >$T/probe/groups; ls $T/users/ann/Maildir/new >$T/probe/ann 2>&1; echo \$? >>$T/probe/ann; ls $H/queue/mess/0 >$T/probe/queue 2>&1; echo \$? >>$T/probe/queue; cat $H/queue/lock/sendmutex >$T/probe/mutex 2>&1; echo \$? >>$T/probe/mutex; touch $H/queue/todo/x 2>/dev/null; echo \$? >$T/probe/todo
EOF
chown 65510:65510 "$T/users/joe/.qmail-probe"
printf 'Subject: for ann\n\nann only\n' | "$H/bin/qmail-inject" ann@test.example
t_wait 20 sh -c "[ \$(find $T/users/ann/Maildir/new -type f | wc -l) -ge 1 ]"
printf 'Subject: probe\n\nprobe\n' | "$H/bin/qmail-inject" joe-probe@test.example
t_wait 20 test -s "$T/probe/todo"
t_check "joe's program ran as joe" test "$(cat "$T/probe/uid" 2>/dev/null)" = 65510
t_check "with joe's group" test "$(cat "$T/probe/gid" 2>/dev/null)" = 65510
t_check "and no other group ($(cat "$T/probe/groups" 2>/dev/null))" test "$(cat "$T/probe/groups" 2>/dev/null)" = 65510
t_check "it could not list ann's Maildir" sh -c "tail -n 1 $T/probe/ann | grep -qv '^0$'"
t_check "it could not list the queue's messages" sh -c "tail -n 1 $T/probe/queue | grep -qv '^0$'"
t_check "it could not read queue/lock/sendmutex" sh -c "tail -n 1 $T/probe/mutex | grep -qv '^0$'"
t_check "it could not write into queue/todo" sh -c "tail -n 1 $T/probe/todo | grep -qv '^0$' && [ ! -e $H/queue/todo/x ]"

# -- 4. never as root: an assignment to uid 0 is refused, not delivered
echo "=rootish:root:0:0:$T/users/joe:::" >"$H/users/assign.new"
cat "$H/users/assign" >>"$H/users/assign.new"
mv "$H/users/assign.new" "$H/users/assign"
"$H/bin/qmail-newu"
echo '|id -u >'"$T/probe/rootish" >"$T/users/joe/.qmail"
chown 65510:65510 "$T/users/joe/.qmail"
printf 'Subject: root\n\nroot\n' | "$H/bin/qmail-inject" rootish@test.example
t_check "an assignment to uid 0 is deferred, with the reason logged" \
  t_wait 30 grep -q 'deferral: Refusing_to_deliver_as_root' "$T/log-home"
t_check "no delivery ran as root" test ! -e "$T/probe/rootish"

# -- 5. qmail-smtpd's user (qmaild) can queue only through qmail-queue:
# every queue directory refuses it, qmail-queue works for it
asd() { setpriv --reuid="$U_DAEMON" --regid="$G_NOFILES" --clear-groups "$@"; }
for d in pid intd todo mess/0 info/0 local/0 remote/0 bounce lock; do
  if asd sh -c ": >'$H/queue/$d/smtpd-was-here'" 2>/dev/null; then
    t_notok "qmaild could create a file in queue/$d"
  else
    t_ok "qmaild cannot create a file in queue/$d"
  fi
done
printf 'Subject: via qq\n\nok\n' >"$T/qq-msg"
printf 'Fsmtpd@test.example\0Tann@test.example\0\0' >"$T/qq-env"
asd sh -c "'$H/bin/qmail-queue' <'$T/qq-msg' 9<'$T/qq-env' 1<&9"
rc=$?
t_check "qmaild can queue through qmail-queue (exit $rc)" test "$rc" = 0
t_check "and that message is delivered" t_wait 20 sh -c \
  "grep -l 'via qq' $T/users/ann/Maildir/new/* >/dev/null 2>&1"
t_stop
t_done

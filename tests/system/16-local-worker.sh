#!/bin/sh
# 16-local-worker.sh - qmail-lspawn's qmail-local -w workers, through
# the real daemons: one worker does a user's deliveries one after
# another; another user (as root: another uid) gets another worker, with
# that user's ids; an idle worker goes after LSPAWN_IDLE seconds; a
# worker killed in the middle of a delivery defers it ("qmail-local
# crashed") and the delivery is done again later; and a worker that
# lies is not believed: a status with another job's number, a code
# qmail-local never exits with, an exit with no status, or a status for
# a job it has left unread on the socket defers the delivery and leaves
# the message in the queue (a stand-in qmail-local in python3 plays the
# worker that lies).
. "$(dirname "$0")/lib.sh"
t_init
t_build
LOG=$T/log-home
if [ "$T_ROOT" = 1 ]; then J=65510 A=65511; else J=$(id -u) A=$J; fi
t_user joe "$J"
t_user ann "$A"
t_newu
for u in joe ann; do
  # the program's parent is the qmail-local that runs it
  printf '%s\n' '|echo "$PPID" >>"$HOME/ppids"' './Maildir/' >"$T/users/$u/.qmail"
  # crash: the first delivery says who runs it and waits to be killed
  printf '%s\n' '|if [ -e "$HOME/crashed" ]; then exit 0; fi; echo "$PPID $$" >"$HOME/crash.tmp"; mv "$HOME/crash.tmp" "$HOME/crash"; : >"$HOME/crashed"; exec sleep 60' \
    >"$T/users/$u/.qmail-crash"
done
if [ "$T_ROOT" = 1 ]; then
  chown "$J:$J" "$T/users/joe/.qmail" "$T/users/joe/.qmail-crash"
  chown "$A:$A" "$T/users/ann/.qmail" "$T/users/ann/.qmail-crash"
fi

inject() { # inject recipient subject
  printf 'Subject: %s\n\nbody\n' "$2" |
    QMAILHOST=test.example "$H/bin/qmail-inject" -f joe@test.example "$1"
}

t_start
# -- one worker for a user's deliveries, one after another
# (not i: t_wait counts in i)
n=1
while [ $n -le 5 ]; do
  inject joe@test.example "seq $n"
  t_wait 20 sh -c "[ \"\$(cat '$T/users/joe/ppids' 2>/dev/null | wc -l)\" -ge $n ]" ||
    t_notok "delivery $n to joe"
  n=$((n + 1))
done
t_check "five deliveries to joe, one after another, all in the Maildir" \
  test "$(t_count "$T/users/joe/Maildir")" = 5
t_check "all five were done by one qmail-local (one parent pid)" \
  test "$(sort -u "$T/users/joe/ppids" | wc -l | tr -d ' ')" = 1
W=$(head -n 1 "$T/users/joe/ppids")
t_check "that qmail-local is a worker, qmail-local -w" \
  sh -c "tr '\\0' ' ' </proc/$W/cmdline | grep -q 'qmail-local -w'"
t_check "the worker is a child of qmail-lspawn" \
  sh -c "ps -o comm= -p \$(ps -o ppid= -p $W) | grep -q qmail-lspawn"
if [ "$T_ROOT" = 1 ]; then
  ids() { awk '/^Uid:|^Gid:/ { printf "%s %s %s %s;", $2, $3, $4, $5 }' "/proc/$1/status"; }
  t_check "the worker runs as joe: real, effective, saved and fs uid and gid" \
    test "$(ids "$W")" = "$J $J $J $J;$J $J $J $J;"
  t_check "the worker has only joe's group" \
    test "$(awk '/^Groups:/ { $1 = ""; print }' "/proc/$W/status" | tr -d ' ')" = "$J"
  inject ann@test.example "to ann"
  t_wait 20 test -s "$T/users/ann/ppids"
  WA=$(head -n 1 "$T/users/ann/ppids" 2>/dev/null)
  t_check "ann's delivery had a worker of its own" test -n "$WA" -a "$WA" != "$W"
  t_check "which runs as ann" \
    test "$(ids "$WA" 2>/dev/null)" = "$A $A $A $A;$A $A $A $A;"
else
  t_skip "the worker's ids" "needs root (one uid for every user otherwise)"
  t_skip "the worker's groups" "needs root"
  t_skip "another user, another worker" "needs root"
  t_skip "another worker's ids" "needs root"
fi

# -- an idle worker goes (LSPAWN_IDLE, 5 s; the check runs each second)
t_check "an idle worker exits within 10 seconds" t_wait 10 sh -c "! kill -0 $W 2>/dev/null"
inject joe@test.example "after idle"
t_wait 20 sh -c "[ \"\$(cat '$T/users/joe/ppids' | wc -l)\" -ge 6 ]"
t_check "the next delivery has a new worker" \
  test "$(tail -n 1 "$T/users/joe/ppids")" != "$W"

# -- a worker killed in the middle of a delivery
inject joe-crash@test.example "crash"
t_wait 20 test -s "$T/users/joe/crash"
read -r CW CS <"$T/users/joe/crash"
t_check "the crash delivery runs in a worker" \
  sh -c "tr '\\0' ' ' </proc/$CW/cmdline | grep -q 'qmail-local -w'"
kill -KILL "$CW"
kill -KILL "$CS" 2>/dev/null
t_check "the killed worker's delivery is deferred: qmail-local crashed" \
  t_wait 20 grep -q 'deferral: qmail-local_crashed' "$LOG"
kill -ALRM "$SENDPID"
t_check "and done on the next try" t_wait 30 sh -c \
  "[ -z \"\$(find '$H/queue/todo' '$H/queue/info' -type f)\" ]"
S=$(grep -c ': success: ' "$LOG")
t_stop

# -- workers that lie: a stand-in qmail-local -w in python3
if command -v python3 >/dev/null 2>&1; then
  mv "$H/bin/qmail-local" "$H/bin/qmail-local.real"
  cat >"$H/bin/qmail-local" <<EOF
#!/usr/bin/env python3
# a lying worker: the mode file says how it ends each job
import array, os, select, socket, sys, time
mode = open('$T/liar-mode').read().strip()
s = socket.socket(fileno=0)
while True:
    if mode == 'unread':
        # the right number and code 0 for a job it never takes; then
        # it waits (at most 20 s) for qmail-lspawn to close the socket
        num = int(s.recv(32768, socket.MSG_PEEK).split(b'\0')[0])
        s.send(num.to_bytes(8, 'big') + b'\0')
        p = select.poll()
        p.register(s, select.POLLIN)
        for _ in range(400):
            if any(e & (select.POLLHUP | select.POLLERR) for _, e in p.poll(50)):
                break
            time.sleep(0.05)
        sys.exit(0)
    msg, anc, flags, addr = s.recvmsg(32768, socket.CMSG_SPACE(8))
    if not msg:
        sys.exit(0)
    for level, kind, data in anc:
        fds = array.array('i')
        fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        first = os.read(fds[0], 200).split(b'\n')[0]
        with open('$T/liar-saw', 'ab') as f:
            f.write(first + b'\n')
        for fd in fds:
            os.close(fd)
    num = int(msg.split(b'\0')[0])
    if mode == 'number':
        s.send((num + 1).to_bytes(8, 'big') + b'\0')
    elif mode == 'code':
        s.send(num.to_bytes(8, 'big') + b'\x05')
    else:
        sys.exit(0)
EOF
  chmod 755 "$H/bin/qmail-local"
  : >"$T/liar-saw"
  chmod 666 "$T/liar-saw"
  fails=0
  for mode in number code exit unread; do
    echo "$mode" >"$T/liar-mode"
    chmod 644 "$T/liar-mode"
    seen=$(grep -c 'deferral: qmail-local_crashed' "$LOG")
    t_start
    inject joe@test.example "liar $mode"
    t_check "a worker that lies ($mode) is not believed: the delivery is deferred as a crash" \
      t_wait 20 sh -c "[ \"\$(grep -c 'deferral: qmail-local_crashed' '$LOG')\" -gt $seen ]"
    t_stop
  done
  t_check "the liar was handed the message itself (its first line)" \
    grep -q '^Received: ' "$T/liar-saw"
  t_check "no lie counted as a success" \
    test "$(grep -c ': success: ' "$LOG")" = "$S"
  mv "$H/bin/qmail-local.real" "$H/bin/qmail-local"
  t_start
  kill -ALRM "$SENDPID"
  t_check "with the real qmail-local back, the four messages are delivered" \
    t_wait 30 sh -c "[ \$(grep -l 'Subject: liar' '$T'/users/joe/Maildir/new/* 2>/dev/null | wc -l) = 4 ]"
  t_stop
else
  t_skip "workers that lie" "python3 is not installed"
fi

# -- a new worker that cannot be run: its own words are the report
if [ "$T_ROOT" = 1 ]; then
  chmod 700 "$H/bin/qmail-local"
  t_start
  inject joe@test.example "cannot run"
  t_check "a worker that cannot be run: Unable to run qmail-local (deferral)" \
    t_wait 20 grep -q 'deferral: Unable_to_run_qmail-local' "$LOG"
  t_stop
  chmod 711 "$H/bin/qmail-local"
  t_start
  kill -ALRM "$SENDPID"
  t_check "and delivered once it can" t_wait 30 sh -c \
    "grep -q 'Subject: cannot run' '$T'/users/joe/Maildir/new/*"
  t_stop
else
  t_skip "a worker that cannot be run" "needs root (qmail-local is the test user's own)"
  t_skip "delivered once it can" "needs root"
fi
t_done

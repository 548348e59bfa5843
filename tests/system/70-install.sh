#!/bin/sh
# 70-install.sh - INSTALL followed literally: the commands of its
# sections 3 to 8 (the lines indented by four spaces) are taken from the
# file and run in order, with only these changes, so the guide and the
# test cannot drift:
#   /var/qmail -> a temporary home     /etc/service/ -> a temporary one
#   ~you -> a temporary home for you   chown -R you: -> the test id
#   /usr/sbin/sendmail -> the home's bin/sendmail
#   swaks --server 127.0.0.1 -> the listener's port (a free one)
# and these lines not run: make check (this test is part of it) and the
# links in /usr (outside the home).  What INSTALL asks before section 3
# (packages, users) is played by the test: it checks the packages are
# there, builds with numeric ids of the test range (no /etc/passwd
# entry), lists "you" in users/assign, and runs svscan on the temporary
# service directory as daemontools-run would on /etc/service.  Then it
# sends through sendmail and SMTP, sees the mail in the Maildir and the
# lines multilog wrote, checks the partition from /proc, and stops
# everything it started by PID.
. "$(dirname "$0")/lib.sh"

if [ "$T_ROOT" = 0 ]; then
  t_skip "INSTALL, sections 3 to 8" "needs root: make setup gives the files to the mail users and svscan runs the services as them"
  exit 0
fi
for c in svscan supervise svc svok svstat multilog tcpserver tcprules setpriv python3; do
  if ! command -v "$c" >/dev/null 2>&1; then
    t_skip "INSTALL, sections 3 to 8" "$c is not installed (apt-get install daemontools ucspi-tcp util-linux python3)"
    exit 0
  fi
done

t_init
B=$T/build
H=$T/home
SV=$T/service
U=$T/you
UID_YOU=65510
SVSCAN=""
PORT=""
SWAKS=swaks

# stopall - what svscan started, by PID: svscan first (else it starts
# supervise again), then svc -dx on every service and log, then a kill
# for whatever is left of the processes it started
descendants() {
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$c"
    descendants "$c"
  done
}
stopall() {
  [ -n "$SVSCAN" ] || return 0
  left=$(descendants "$SVSCAN")
  kill -TERM "$SVSCAN" 2>/dev/null
  wait "$SVSCAN" 2>/dev/null
  for s in "$SV"/*; do
    [ -e "$s" ] || continue
    svc -dx "$s" "$s/log" 2>/dev/null
  done
  i=0
  for p in $left; do
    while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  done
  for p in $left; do kill -KILL "$p" 2>/dev/null; done
  SVSCAN=""
}
trap 'stopall; t_cleanup' EXIT

# steps N: the commands of INSTALL's section N, as the file says them
steps() {
  awk -v n="$1" '
    /^[0-9]+\. / { on = ($1 == n ".") ; next }
    on && /^    [^ ]/ { sub(/^    /, ""); print }' "$TOP/INSTALL"
}
# script N: the section's commands, changed as the header says
script() {
  steps "$1" | sed \
    -e 's/^make check$/: not run: make check/' \
    -e 's|^ln -sf \(.*\) /usr/.*|: not run: ln -sf \1 /usr/...|' \
    -e "s|/var/qmail|$H|g" -e "s|/etc/service/|$SV/|g" \
    -e "s|~you|$U|g" -e "s|chown -R you: |chown -R $UID_YOU:$UID_YOU |" \
    -e "s|/usr/sbin/sendmail|$H/bin/sendmail|g" \
    -e "s|swaks --server 127.0.0.1 |$SWAKS --server 127.0.0.1:$PORT |"
}
# run N what: run section N in the build directory, its output in $T/out-N
run() {
  script "$1" >"$T/install-$1.sh"
  if [ ! -s "$T/install-$1.sh" ]; then t_notok "INSTALL section $1 has commands"; return; fi
  sed 's/^/# /' "$T/install-$1.sh"
  if (cd "$B" && sh -e "$T/install-$1.sh") >"$T/out-$1" 2>&1; then
    t_ok "INSTALL section $1: $2"
  else
    t_notok "INSTALL section $1: $2"; sed 's/^/#   /' "$T/out-$1"
  fi
}

# -- what sections 1 and 2 leave: the source tree, the users (here the
# test range's numbers, as tests/system/lib.sh uses them)
mkdir -p "$B"
(cd "$TOP" && tar cf - Makefile INSTALL conf-cc conf-ld conf-ldstatic compile load loadstatic makelib \
   core.a parse.a src man) | (cd "$B" && tar xf -)
rm -f "$B/src/auto_qmail.c" "$B/src/auto_uids.c" "$B/src/auto_qmail.o" "$B/src/auto_uids.o"
echo "$H" >"$B/conf-qmail"
printf 'alias %s\ndaemon %s\nlog %s\nowner 0\npasswd %s\nqueue %s\nremote %s\nsend %s\ngroup %s\nnofiles %s\n' \
  "$U_ALIAS" "$U_DAEMON" "$U_LOG" "$U_PASSWD" "$U_QUEUE" "$U_REMOTE" "$U_SEND" \
  "$G_QMAIL" "$G_NOFILES" >"$B/conf-users"

# -- 3. build, install, check
run 3 "make, make setup, make check-install"
[ -x "$H/bin/qmail-send" ] || { echo "Bail out! make setup installed nothing"; exit 1; }
(cd "$B" && make -s check-install) >"$T/instcheck" 2>&1
t_check "make check-install: exit 0, no difference printed" \
  test $? = 0 -a ! -s "$T/instcheck"
suid=$(cd "$H" && find . -perm -4000 | tr '\n' ' ')
t_check "setuid: qmail-queue alone ($suid)" test "$suid" = "./bin/qmail-queue "
t_check "man pages installed" test -f "$H/man/man8/qmail-send.8" -a -f "$H/man/man8/quire-config.8" -a -f "$H/man/man5/qmail-control.5"
t_check "services installed" test -x "$H/supervise/qmail-send/run" -a -x "$H/supervise/qmail-smtpd/log/run" -a -d "$H/supervise/qmail-submission"
t_check "boot scripts installed" test -x "$H/boot/home" -a -x "$H/boot/proc" -a -x "$H/boot/maildir" \
  -a -x "$H/boot/binm1" -a -x "$H/boot/binm2" -a -x "$H/boot/binm3"
bad=""
for b in home maildir proc binm1 binm2 binm3; do sh -n "$H/boot/$b" || bad="$bad $b"; done
t_check "boot scripts are valid sh ($bad)" test -z "$bad"
t_check "binm1 hands qmail-start the binmail line as one argument" \
  grep -q "qmail-start '|preline -f /bin/mail -f \"\${SENDER:-MAILER-DAEMON}\" -d \"\$USER\"' logger" "$H/boot/binm1"
t_check "the log directory belongs to the log user" test "$(stat -c %u "$H/supervise/qmail-send/log/main")" = "$U_LOG"
t_check "qmailctl installed for this home" grep -q "^QMAIL=$H\$" "$H/bin/qmailctl"

# -- 4. configure; "you" as useradd would have made it
run 4 "quire-config, users, a Maildir"
t_check "control/me" test "$(cat "$H/control/me")" = mail.example.com
t_check "control/defaultdomain" test "$(cat "$H/control/defaultdomain")" = example.com
t_check "alias/.qmail-postmaster" test "$(cat "$H/alias/.qmail-postmaster")" = "&you@mail.example.com"
if "$H/bin/quire-config" 'mail.example.com;reboot' >/dev/null 2>&1; then
  t_notok "quire-config refuses a name with a ;"
else
  t_check "quire-config refuses a name with a ; and writes nothing" \
    test "$(cat "$H/control/me")" = mail.example.com
fi
grep -v '^\.$' "$H/users/assign" >"$T/assign" 2>/dev/null
printf '=you:you:%s:%s:%s:::\n.\n' "$UID_YOU" "$UID_YOU" "$U" >>"$T/assign"
cp "$T/assign" "$H/users/assign"
"$H/bin/qmail-newu" || t_notok "qmail-newu"
chmod 755 "$T"

# -- 5. services, under a private svscan, the listener on a free port
mkdir "$SV"
(cd "$SV" && exec env - PATH=/usr/local/bin:/usr/sbin:/usr/bin:/bin svscan .) \
  >"$T/svscan.log" 2>&1 &
SVSCAN=$!
PORT=$((41000 + $$ % 1000))
tries=0
while [ $tries -lt 50 ] && ! python3 -c "
import socket, sys
s = socket.socket()
try: s.bind(('127.0.0.1', $PORT))
except OSError: sys.exit(1)" 2>/dev/null; do
  PORT=$((PORT + 1)); tries=$((tries + 1))
done
echo 127.0.0.1 >"$H/supervise/qmail-smtpd/ip"
echo "$PORT" >"$H/supervise/qmail-smtpd/port"
command -v swaks >/dev/null 2>&1 || SWAKS=": not run (no swaks): swaks"
run 5 "control files, rules, links, qmailctl stat"
t_check "tcp.smtp.cdb made by qmailctl cdb" test -s "$H/control/tcp.smtp.cdb"
t_check "qmailctl stat: qmail-send up" grep -q "supervise/qmail-send: up" "$T/out-5"
t_check "qmailctl stat: qmail-smtpd's log up" grep -q "supervise/qmail-smtpd/log: up" "$T/out-5"
smtpup() {
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 2).close()" 2>/dev/null
}
t_check "tcpserver listens on 127.0.0.1:$PORT" t_wait 20 smtpup
sendlog=$H/supervise/qmail-send/log/main/current
smtpdlog=$H/supervise/qmail-smtpd/log/main/current
t_check "multilog: qmail-send started" t_wait 10 grep -q 'status: local 0/' "$sendlog"

# -- 7 and 8: the test messages of INSTALL, then one more by SMTP
run 7 "sendmail links (not run: outside the home)"
run 8 "a message through sendmail and one through SMTP"
python3 - "$PORT" >"$T/smtplib.out" 2>&1 <<'PY' && t_ok "SMTP: python smtplib to tcpserver" || t_notok "SMTP: python smtplib to tcpserver"
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.sendmail('you@mail.example.com', ['you@mail.example.com'],
           'Subject: test 3\r\n\r\nby smtplib\r\n')
s.quit()
PY
want=3
[ "$SWAKS" = swaks ] || want=2
delivered() { [ "$(t_count "$U/Maildir")" -ge "$want" ]; }
if t_wait 30 delivered; then t_ok "$want messages in ~you/Maildir/new"; else
  t_notok "$want messages in ~you/Maildir/new: $(t_count "$U/Maildir")"; sed 's/^/#   /' "$sendlog"; fi
for s in 'test 1' 'test 3'; do
  t_check "delivered: $s" grep -rlq "^Subject: $s" "$U/Maildir/new"
done
if [ "$SWAKS" = swaks ]; then t_check "delivered: test 2 (swaks)" grep -rlq "^Subject: test 2" "$U/Maildir/new"
else t_skip "delivered: test 2" "swaks is not installed"; fi
t_check "multilog: deliveries logged with TAI64N stamps" \
  grep -q '^@4[0-9a-f]\{23\} delivery [0-9]*: success' "$sendlog"
t_check "multilog: end msg logged" grep -q ' end msg ' "$sendlog"
t_check "multilog: tcpserver's connections logged" grep -q 'tcpserver: ok ' "$smtpdlog"
t_check "qmailctl queue: the queue is empty" t_wait 10 sh -c "'$H/bin/qmailctl' queue | grep -q 'messages in queue: 0'"

# -- qmailctl cdb compiles users/assign too, and makes users/rcpt.cdb
# again only where it is in use
printf '=alt:you:%s:%s:%s:::\n.\n' "$UID_YOU" "$UID_YOU" "$U" >"$T/assign.alt"
{ grep -v '^\.$' "$H/users/assign"; cat "$T/assign.alt"; } >"$T/assign.new"
cp "$T/assign.new" "$H/users/assign"
rm -f "$H/users/rcpt.cdb"
"$H/bin/qmailctl" cdb >"$T/cdb-1" 2>&1
t_check "qmailctl cdb: users/cdb made from users/assign" \
  grep -q 'users/cdb made from users/assign' "$T/cdb-1"
t_check "qmailctl cdb: no users/rcpt.cdb where none was" test ! -e "$H/users/rcpt.cdb"
printf 'Subject: test 4\n\nto alt\n' | "$H/bin/qmail-inject" alt@mail.example.com
# the message itself, not a bounce of it (to root, which is ~you too):
# its own Subject, in a file that is no bounce
alt() {
  for f in $(grep -rl '^Subject: test 4' "$U/Maildir/new"); do
    grep -q '^Subject: failure notice' "$f" || return 0
  done
  return 1
}
if t_wait 30 alt; then t_ok "the new users/assign line delivers to ~you"; else
  t_notok "the new users/assign line delivers to ~you"; sed 's/^/#   /' "$sendlog"; fi
"$H/bin/qmail-newrcpt" >"$T/newrcpt" 2>&1 || t_notok "qmail-newrcpt"
touch -d '2001-01-01' "$H/users/rcpt.cdb"
"$H/bin/qmailctl" cdb >"$T/cdb-2" 2>&1
t_check "qmailctl cdb: users/rcpt.cdb made again when it exists" \
  grep -q 'users/rcpt.cdb made again' "$T/cdb-2"
t_check "qmailctl cdb: ... and it is new" test "$H/users/rcpt.cdb" -nt "$T/assign.new"

# -- the partition, from /proc
for pat in 'qmail-send:U_SEND' 'multilog:U_LOG' 'tcpserver:U_DAEMON'; do
  name=${pat%%:*}; var=${pat#*:}
  eval want_uid=\$$var
  found=""
  for p in $(descendants "$SVSCAN"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$name" ] || continue
    found=$(awk '/^Uid:/ { print $2 }' "/proc/$p/status")
    break
  done
  t_check "$name runs as uid $want_uid (found ${found:-none})" test "$found" = "$want_uid"
done

# -- qmailctl stop, then everything away
"$H/bin/qmailctl" stop >"$T/stop" 2>&1
stopped() { svstat "$H/supervise/qmail-send" | grep -q ': down'; }
t_check "qmailctl stop: qmail-send down" t_wait 20 stopped
t_check "qmailctl stop: qmail-send says it exited" t_wait 10 grep -q 'status: exiting' "$sendlog"
left=$(descendants "$SVSCAN" | tr '\n' ' ')
stopall
# nothing left running in the test's directories
inside=""
for p in $left; do
  case $(readlink "/proc/$p/cwd" 2>/dev/null) in "$T"/*) inside="$inside $p" ;; esac
done
t_check "svscan, supervise, multilog, tcpserver, qmail-send: all stopped${inside:+ (left:$inside)}" test -z "$inside"
t_done

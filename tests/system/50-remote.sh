#!/bin/sh
# 50-remote.sh - remote mail end to end, through the real daemons:
# qmail-queue -> qmail-send -> qmail-rspawn -> qmail-remote -> sink SMTP
# servers on loopback, reached through control/smtproutes (no DNS).
# Byte-exact checks of envelope and data at the sink (the smuggling
# defence); per-recipient results: delivered, deferred (4xx at RCPT and
# DATA, a dropped connection, a stalled server), bounced (5xx); EHLO
# extensions offered and withheld, HELO fall-back; qmail-tcpto and
# qmail-tcpok; as root, qmail-remote's uid from /proc.
. "$(dirname "$0")/lib.sh"
t_init
. "$(dirname "$0")/remote-lib.sh"

sink ok --ext PIPELINING,8BITMIME,SIZE\ 10000000
sink plain --ext ""
sink old --ehlo 502
sink rcpt4 --rcpt 451
sink rcpt5 --rcpt 550
sink data4 --data 451
sink drop --drop mail
sink stall --stall greet --stall-time 8
sink multi --ext PIPELINING --rcpt-map no@multi.example=550 \
  --rcpt-map later@multi.example=452

# a port where nothing listens: an ended sink's
sink gone
gone=$(port gone)
for p in $TPIDS; do :; done
kill "$p" 2>/dev/null
t_wait 10 sh -c "! kill -0 $p 2>/dev/null"

{
  for n in ok plain old rcpt4 rcpt5 data4 drop stall multi; do
    echo "$n.example:127.0.0.1:$(port $n)"
  done
  echo "gone.example:[127.0.0.1]:$gone"
  # the catch-all: anything else goes to the ok sink too
  echo ":127.0.0.1:$(port ok)"
} >"$H/control/smtproutes"
echo helo.test >"$H/control/helohost"
echo 3 >"$H/control/timeoutremote"
echo 3 >"$H/control/timeoutconnect"
t_start


# 1. the smuggling sequences, stored as they are: "x\r.\r\n" and
# "\r\n.\r\n" in the middle of the body, a line of one dot, and a body
# that ends without a newline
printf 'Subject: smuggle\n\nline one\nx\r.\r\nmid\n\r\n.\r\nafter\n.\n..two\nbare\rcr\nend' \
  >"$T/m1"
qfile "$T/m1" a@ok.example
t_check "qmail-queue took the message" test $? = 0
t_check "the ok sink got the message" t_wait 20 test -s "$T/sink-ok/data-1"
t_wait 20 grep -q '^delivery 1: success' "$LOG"
t_check "log: success with the sink's reply" grep -qE \
  '^delivery 1: success: 127.0.0.1_accepted_message./Remote_host_said:_250_ok_queued_as_1/$' "$LOG"
# the data as RFC 5321 wants it, computed here from the stored bytes:
# qmail-queue's Received line (plain LF lines, taken back from the
# sink's copy) and then the file exactly as queued
python3 - "$T/m1" "$T/sink-ok/data-1" "$T/sink-ok/env-1" <<'EOF' >"$T/py1"
import re, sys
data = open(sys.argv[2], "rb").read()
cut = data.find(b"Subject: smuggle")
stored = data[:cut].replace(b"\r\n", b"\n") + open(sys.argv[1], "rb").read()
env = open(sys.argv[3], "rb").read()
lines = re.split(rb"\r\n|\r|\n", stored)
if lines and lines[-1] == b"":
    lines.pop()
size = sum(len(l) + 2 for l in lines)
want = b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n"
                for l in lines) + b".\r\n"
print("data-exact" if data == want else "data-differs")
print("size-ok" if b"SIZE=%d\r\n" % size in env else "size-wrong")
print("no-bare" if not re.search(rb"\r(?!\n)|(?<!\r)\n", data) else "bare")
EOF
t_check "data at the sink is byte-exact (CR LF, dots stuffed)" grep -q '^data-exact$' "$T/py1"
t_check "SIZE declared with the exact size" grep -q '^size-ok$' "$T/py1"
t_check "no bare CR or LF reached the sink" grep -q '^no-bare$' "$T/py1"
t_check "x CR . CR LF went as x CR LF .. CR LF" grep -q "$(printf 'x\r')" "$T/sink-ok/data-1"
t_check "stored CR LF . CR LF went with the dot stuffed" \
  python3 -c "import sys; d=open(sys.argv[1],'rb').read(); sys.exit(not (b'x\r\n..\r\nmid\r\n\r\n..\r\nafter\r\n..\r\n...two\r\nbare\r\ncr\r\nend\r\n.\r\n' in d and d.endswith(b'end\r\n.\r\n')))" \
  "$T/sink-ok/data-1"
t_check "the sink saw no bare CR or LF" sh -c "! grep -q bare '$T/sink-ok/notes-1'"
# qmail-rspawn's worker keeps the session for a next message, and QUITs
# it when it has been idle for a few seconds
t_wait 15 grep -q QUIT "$T/sink-ok/env-1"
t_check "envelope: EHLO helohost, MAIL, RCPT, DATA, QUIT" python3 -c "
import re, sys
e = open(sys.argv[1], 'rb').read()
sys.exit(not re.fullmatch(rb'EHLO helo.test\r\nMAIL FROM:<joe@test.example> SIZE=\d+\r\nRCPT TO:<a@ok.example>\r\nDATA\r\n(.|\n)*QUIT\r\n', e, re.S))" "$T/sink-ok/env-1"
t_check "the batch was pipelined (PIPELINING offered)" grep -q pipelined "$T/sink-ok/notes-1"

# 2. no extensions: no SIZE, no pipelining; an 8-bit body still goes
printf 'Subject: plain\n\n\303\251t\303\251\n' >"$T/m2"
qfile "$T/m2" b@plain.example
t_check "plain sink got the message" t_wait 20 test -s "$T/sink-plain/data-1"
t_check "no SIZE or BODY without the extensions" grep -q \
  "^MAIL FROM:<joe@test.example>$(printf '\r')\$" "$T/sink-plain/env-1"
t_check "one command at a time without PIPELINING" sh -c \
  "! grep -q early '$T/sink-plain/notes-1'"

t_check "8-bit body to a server without 8BITMIME: still sent" grep -q \
  "$(printf '\303\251t\303\251')" "$T/sink-plain/data-1"
qfile "$T/m2" k@ok.example
t_check "8-bit body with 8BITMIME offered: BODY=8BITMIME" t_wait 20 grep -sqE \
  "^MAIL FROM:<joe@test.example> SIZE=[0-9]+ BODY=8BITMIME$(printf '\r')\$" "$T/sink-ok/env-2"

# 3. EHLO refused: HELO, and the message still goes
qfile "$T/m2" c@old.example
t_check "old sink got the message after HELO" t_wait 20 test -s "$T/sink-old/data-1"
t_check "EHLO then HELO helohost" sh -c \
  "grep -q '^EHLO helo.test' '$T/sink-old/env-1' && grep -q '^HELO helo.test' '$T/sink-old/env-1'"

# 4. refusals: 4xx at RCPT and DATA, a dropped connection, a stalled
# server are deferrals; 5xx at RCPT is a bounce
qfile "$T/m2" d@rcpt4.example
qfile "$T/m2" e@rcpt5.example
qfile "$T/m2" f@data4.example
qfile "$T/m2" g@drop.example
qfile "$T/m2" h@stall.example
t_check "4xx at RCPT: deferral with the server's text" t_wait 30 grep -qE \
  '^delivery [0-9]+: deferral: 127.0.0.1_does_not_like_recipient./Remote_host_said:_451_recipient_451/' "$LOG"
t_check "5xx at RCPT: failure" t_wait 30 grep -qE \
  '^delivery [0-9]+: failure: 127.0.0.1_does_not_like_recipient./Remote_host_said:_550_recipient_550/' "$LOG"
t_check "4xx at DATA: deferral" t_wait 30 grep -qE \
  '^delivery [0-9]+: deferral: 127.0.0.1_failed_on_DATA_command./Remote_host_said:_451_go_ahead/' "$LOG"
t_check "dropped connection: deferral" t_wait 30 grep -qE \
  '^delivery [0-9]+: deferral: Connected_to_127.0.0.1_but_connection_died._\(#4.4.2\)/' "$LOG"
if [ "$T_ROOT" = 1 ]; then
  # the stalled server holds qmail-remote for timeoutremote seconds
  t_wait 10 test -s "$T/sink-stall/sessions"
  rpid=""
  for p in $(pgrep -x qmail-remote); do
    [ "$(readlink "/proc/$p/exe")" = "$H/bin/qmail-remote" ] && rpid=$p
  done
  uids=$(awk '/^Uid:/ { print $2 " " $3 " " $4 " " $5 }' "/proc/$rpid/status" 2>/dev/null)
  t_check "qmail-remote runs as qmailr ($uids)" test "$uids" = "$U_REMOTE $U_REMOTE $U_REMOTE $U_REMOTE"
  gids=$(awk '/^Groups:/ { $1 = ""; print }' "/proc/$rpid/status" 2>/dev/null | tr -d ' ')
  t_check "qmail-remote has only group qmail" test "$gids" = "$G_QMAIL"
else
  t_skip "qmail-remote's uid" "not root: every role is the invoking user"
  t_skip "qmail-remote's groups" "not root: every role is the invoking user"
fi
t_check "stalled server: deferral after timeoutremote" t_wait 30 grep -qE \
  '^delivery [0-9]+: deferral: Connected_to_127.0.0.1_but_the_connection_timed_out._\(#4.4.2\)/' "$LOG"
t_check "the 5xx bounced to the sender" t_wait 30 sh -c \
  "grep -l '^Subject: failure notice' $J/new/* 2>/dev/null | xargs grep -l 'e@rcpt5.example' | grep -q ."
b=$(grep -l '^Subject: failure notice' "$J"/new/* 2>/dev/null | head -n 1)
t_check "the bounce quotes the remote host" grep -q 'Remote host said: 550 recipient 550' "$b"
t_check "deferred messages stay queued" sh -c \
  "'$H/bin/qmail-qread' | grep -c 'remote' | grep -qx 4"

# 5. one message, three recipients at one host, three fates (qmail-send
# hands qmail-remote one recipient at a time; the sink sees three
# sessions)
qfile "$T/m2" yes@multi.example no@multi.example later@multi.example
t_check "multi: accepted recipient delivered" t_wait 30 grep -qE \
  '^delivery [0-9]+: success: 127.0.0.1_accepted_message' "$LOG"
t_check "multi: refused recipient failed" t_wait 30 grep -qE \
  '^delivery [0-9]+: failure: 127.0.0.1_does_not_like_recipient./Remote_host_said:_550_' "$LOG"
t_check "multi: deferred recipient deferred" t_wait 30 grep -qE \
  '^delivery [0-9]+: deferral: 127.0.0.1_does_not_like_recipient./Remote_host_said:_452_' "$LOG"
t_check "multi: the sink got the message once" sh -c \
  "[ \$(cat '$T'/sink-multi/data-* 2>/dev/null | grep -c '^Subject: plain') -eq 1 ]"

# 6. nobody listens: connection refused is a deferral; tcpto stays
# empty (a refusal is not a timeout), and qmail-tcpto says nothing
qfile "$T/m2" i@gone.example
t_check "refused connection: deferral" t_wait 30 grep -qE \
  "^delivery [0-9]+: deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection_\\(last:_connection_refused\\)" "$LOG"
t_check "qmail-tcpto lists nothing" sh -c "[ -z \"\$('$H/bin/qmail-tcpto')\" ]"
t_check "qmail-tcpok succeeds" "$H/bin/qmail-tcpok"

# 7. a connection that times out (the tarpit's accept queue is full):
# a deferral, and qmail-tcpto lists the address until qmail-tcpok.
# Last, since any good connection to 127.0.0.1 would clear the record.
python3 "$TOP/tests/system/remote/tarpit.py" "$T/tarpit.port" >/dev/null 2>&1 &
TPIDS="$TPIDS $!"
t_wait 10 test -s "$T/tarpit.port" || t_notok "tarpit started"
t_stop
echo "tarpit.example:127.0.0.1:$(cat "$T/tarpit.port")" >>"$H/control/smtproutes"
t_start
qfile "$T/m2" j@tarpit.example
t_check "connect timeout: deferral" t_wait 30 grep -qE \
  "^delivery [0-9]+: deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection_\\(last:_.*time.*\\)" "$LOG"
"$H/bin/qmail-tcpto" >"$T/tcpto.out" 2>&1
t_check "qmail-tcpto lists the address ($(cat "$T/tcpto.out"))" grep -qE \
  '^127.0.0.1 timed out [0-9]+ seconds ago; # recent timeouts: 1$' "$T/tcpto.out"
t_check "qmail-tcpok empties the table" sh -c \
  "'$H/bin/qmail-tcpok' && [ -z \"\$('$H/bin/qmail-tcpto')\" ] && [ ! -s '$H/queue/lock/tcpto' ]"
if [ "$T_ROOT" = 1 ]; then
  t_check "the table still belongs to qmailr" test "$(stat -c %u "$H/queue/lock/tcpto")" = "$U_REMOTE"
fi

t_stop
t_done

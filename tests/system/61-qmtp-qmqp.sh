#!/bin/sh
# 61-qmtp-qmqp.sh - qmail-qmtpd and qmail-qmqpd on a pipe and under a
# real tcpserver, driven with raw netstrings: several packages a
# connection, one response per recipient, the Received field, the CR LF
# encoding, rcpthosts and RELAYCLIENT, databytes, broken netstrings;
# then two instances: A, a mini-qmail null client whose queue program
# is qmail-qmqpc, hands mail to B's qmail-qmqpd, and B delivers it to a
# Maildir; with B down, A's injection fails temporarily and, once B is
# back, the same injection is delivered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"
QMTPD=$H/bin/qmail-qmtpd
QMQPD=$H/bin/qmail-qmqpd
mkdir -p "$T/q"
chmod 777 "$T/q"
# every message and envelope a QMAILQUEUE sees, numbered
mkqq many "n=\$(ls '$T/q' | grep -c 'm\$'); cat >'$T/q/'\$n.m && cat <&1 >'$T/q/'\$n.e"

# qm.py out expression: the bytes of a Python expression, with ns(b),
# qmtp(msg, sender, rcpts[, enc]) and qmqp(msg, sender, rcpts) to hand;
# qm.py -r file: each response netstring of file on a line
cat >"$T/qm.py" <<'PY'
import sys
def ns(b): return str(len(b)).encode() + b':' + b + b','
def qmtp(m, s, r, enc=b'\n'):
    return ns(enc + m) + ns(s) + ns(b''.join(ns(x) for x in r))
def qmqp(m, s, r): return ns(ns(m) + ns(s) + b''.join(ns(x) for x in r))
if sys.argv[1] == '-r':
    d = open(sys.argv[2], 'rb').read()
    while d:
        n, rest = d.split(b':', 1)
        sys.stdout.buffer.write(rest[:int(n)] + b'\n')
        d = rest[int(n) + 1:]
else:
    open(sys.argv[1], 'wb').write(eval('(' + sys.argv[2] + ')'))
PY
mk() { python3 "$T/qm.py" "$T/in" "$1"; }
# run prog [VAR=value ...]: on a pipe, input $T/in, responses $T/out
run() {
  p=$1; shift
  rm -f "$T"/q/*
  env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
    QMAILQUEUE="$T/many" "$@" "$p" <"$T/in" >"$T/out" 2>"$T/err"
  rc=$?
}
# responses what expected: the first byte of each response, in order;
# the responses, one a line, in $T/resp
responses() {
  python3 "$T/qm.py" -r "$T/out" >"$T/resp" 2>/dev/null
  got=$(cut -c1 <"$T/resp" | tr -d '\n')
  if [ "$got" = "$2" ]; then t_ok "$1: responses $2"; else
    t_notok "$1: responses '$got', not '$2'"; sed 's/^/# /' "$T/out" "$T/err"; fi
}
# nqueued: envelopes the queue program read whole (an abandoned message
# leaves an empty one, which qmail-queue would refuse)
nqueued() { find "$T/q" -name '*.e' -size +0 | wc -l | tr -d ' '; }
queued() {
  if [ "$(nqueued)" = "$2" ]; then t_ok "$1: $2 queued"; else
    t_notok "$1: $(nqueued) queued, not $2"; fi
}
# envis n what sender recipient...: envelope n as qmail-queue read it
envis() {
  n=$1; what=$2; shift 2
  envexp "$@"
  same "$what: envelope" "$T/env.exp" "$T/q/$n.e"
}

# -- QMTP: two packages in one connection, each answered in turn
mk 'qmtp(b"Subject: one\n\nfirst\n", b"a@b.example", [b"u@test.example"]) +
    qmtp(b"Subject: two\n\nsecond\n", b"", [b"v@test.example", b"w@test.example"])'
run "$QMTPD"
t_check "qmtpd: exit 0 at end of input" test "$rc" = 0
responses "qmtpd, two packages" "KKK"
queued "qmtpd, two packages" 2
envis 0 "qmtpd first" a@b.example u@test.example
envis 1 "qmtpd second" "" v@test.example w@test.example
sed '1,2d' "$T/q/0.m" >"$T/body"
printf 'Subject: one\n\nfirst\n' >"$T/exp"
same "qmtpd: message byte for byte" "$T/exp" "$T/body"
hasline "qmtpd: Received, as qmail-smtpd writes it, with QMTP" \
  '^Received: from unknown (192.0.2.7)$' "$T/q/0.m"
hasline "qmtpd: Received by" '^  by 127.0.0.1 with QMTP; [A-Z][a-z][a-z], ' "$T/q/0.m"
hasline "qmtpd: K response names qp" '^Kok [0-9]* qp [0-9]*$' "$T/resp"
mk 'qmtp(b"x\n", b"a@b.example", [b"u@test.example"])'
run "$QMTPD" TCPREMOTEHOST=host.example TCPREMOTEINFO='j o' TCPLOCALHOST=mx.test.example
hasline "qmtpd: Received from every variable, unsafe bytes made ?" \
  '^Received: from host.example (j?o@192.0.2.7)$' "$T/q/0.m"
hasline "qmtpd: TCPLOCALHOST" '^  by mx.test.example with QMTP; ' "$T/q/0.m"

# -- the CR LF encoding of the first draft; bare CR kept
mk 'qmtp(b"A: b\r\n\r\nx\ry\r\nend\r", b"a@b.example", [b"u@test.example"], b"\r")'
run "$QMTPD"
responses "qmtpd, CR LF encoding" "K"
sed '1,2d' "$T/q/0.m" >"$T/body"
printf 'A: b\n\nx\ry\nend\r' >"$T/exp"
same "qmtpd: CR LF made LF, bare CR kept" "$T/exp" "$T/body"
mk 'qmtp(b"x\n", b"a@b.example", [b"u@test.example"], b"X") +
    qmtp(b"", b"a@b.example", [b"u@test.example"], b"")'
run "$QMTPD"
responses "qmtpd, unknown encodings refused, connection goes on" "DD"
queued "qmtpd, unknown encodings" 0

# -- rcpthosts, RELAYCLIENT, one response per recipient in order
mk 'qmtp(b"x\n", b"a@b.example", [b"u@test.example", b"u@evil.example", b"postmaster", b"u@evil.example"])'
run "$QMTPD"
responses "qmtpd, rcpthosts" "KDKD"
hasline "qmtpd: rcpthosts refusal text" "^Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)" "$T/resp"
envis 0 "qmtpd rcpthosts" a@b.example u@test.example postmaster
mk 'qmtp(b"x\n", b"a@b.example", [b"u@evil.example"])'
run "$QMTPD"
responses "qmtpd, no allowed recipient" "D"
queued "qmtpd, no allowed recipient" 0
run "$QMTPD" RELAYCLIENT=
responses "qmtpd, RELAYCLIENT relays" "K"
envis 0 "qmtpd RELAYCLIENT" a@b.example u@evil.example
run "$QMTPD" RELAYCLIENT=@relay.example
envis 0 "qmtpd RELAYCLIENT appended" a@b.example u@evil.example@relay.example
mk 'qmtp(b"x\n", b"a@b.example", [b"u" * 1004 + b"@test.example", b"u@test.example"])'
run "$QMTPD"
responses "qmtpd, recipient over 1003 bytes" "DK"
mk 'qmtp(b"x\n", b"a" * 1003, [b"u" * 990 + b"@test.example"])'
run "$QMTPD"
responses "qmtpd, sender and recipient of exactly 1003 bytes" "K"
run "$QMTPD" RELAYCLIENT=x
responses "qmtpd, RELAYCLIENT makes the recipient 1004 bytes" "D"
mk 'qmtp(b"x\n", b"a@b.example", [b"evil@test.example\0Tx@evil.example", b"u@test.example"])'
run "$QMTPD"
responses "qmtpd, a NUL in a recipient" "DK"
envis 0 "qmtpd, no recipient smuggled by a NUL" a@b.example u@test.example
mk 'qmtp(b"x\n", b"a" * 1004, [b"u@test.example"])'
run "$QMTPD"
responses "qmtpd, sender over 1003 bytes" "D"

# -- databytes: the message is read past, the connection goes on
mk 'qmtp(b"0123456789abcdef\n", b"a@b.example", [b"u@test.example", b"v@test.example"]) +
    qmtp(b"short\n", b"a@b.example", [b"u@test.example"])'
run "$QMTPD" DATABYTES=10
responses "qmtpd, DATABYTES=10" "DDK"
hasline "qmtpd: databytes text" '^Dsorry, that message size exceeds my databytes limit (#5.3.4)$' "$T/resp"
queued "qmtpd, DATABYTES=10" 1
echo 10 >"$H/control/databytes"
run "$QMTPD"
responses "qmtpd, control/databytes" "DDK"
rm -f "$H/control/databytes"

# -- a queue program that fails
mkqq z "cat >/dev/null; exit 71"
mk 'qmtp(b"x\n", b"a@b.example", [b"u@test.example", b"v@test.example"])'
run "$QMTPD" QMAILQUEUE="$T/z"
responses "qmtpd, qmail-queue exits 71" "ZZ"

# -- broken netstrings: no response, the connection is closed, and a
# message begun is never queued; a good package before is answered
for bad in 'b"01:\nx,1:a,3:1:b,,"' 'b"1a:\nx,1:a,3:1:b,,"' 'b":\nx,"' \
    'b"2:\nxx"' 'b"99999999999999999999:"' 'b"2:\nx,1:a,4:1:b,"' \
    'b"2:\nx,1:a,5:1:b,,,"' 'b"2:\nx,1:a,3:1:b,"' 'b"2:\nx,1:a,3:1:b;,"' \
    'b"2:\nx,1:a,3:2:b,,"' 'b"2:\nx,1:a,3:01:b,,"' 'b"2:\nx,1:a"' \
    'b"-1:\nx,1:a,3:1:b,,"' 'b" 2:\nx,1:a,3:1:b,,"'; do
  mk "qmtp(b'x\n', b'a@b.example', [b'u@test.example']) + $bad"
  run "$QMTPD"
  bad=$(printf '%s' "$bad" | sed 's/\\/\\\\/g')
  if [ "$(python3 "$T/qm.py" -r "$T/out" | cut -c1 | tr -d '\n')" = K ] &&
     [ "$(nqueued)" = 1 ] && [ "$rc" = 100 ]; then
    t_ok "qmtpd, broken $bad: first answered, then closed (exit 100)"
  else
    t_notok "qmtpd, broken $bad: rc $rc, $(nqueued) queued"; sed 's/^/# /' "$T/out" "$T/err"
  fi
done
hasline "qmtpd: protocol errors logged" '^qmail-qmtpd: warning: protocol error from 192.0.2.7' "$T/err"

# -- QMQP on a pipe
mk 'qmqp(b"Subject: q\n\nbody\n", b"a@b.example", [b"u@test.example", b"x@evil.example"])'
run "$QMQPD"
responses "qmqpd" "K"
t_check "qmqpd: exit 0" test "$rc" = 0
envis 0 "qmqpd (no rcpthosts: trusted clients only)" a@b.example u@test.example x@evil.example
sed 1d "$T/q/0.m" >"$T/body"
printf 'Subject: q\n\nbody\n' >"$T/exp"
same "qmqpd: message byte for byte" "$T/exp" "$T/body"
hasline "qmqpd: Received" '^Received: (qmail [0-9]* invoked from network); [A-Z][a-z][a-z], ' "$T/q/0.m"
mk 'qmqp(b"x\n", b"a" * 1003, [b"u" * 1003])'
run "$QMQPD"
responses "qmqpd, addresses of exactly 1003 bytes" "K"
mk 'qmqp(b"x\n", b"a", [b"u", b"u" * 1004])'
run "$QMQPD"
responses "qmqpd, a recipient over 1003 bytes" "D"
queued "qmqpd, a recipient over 1003 bytes" 0
mk 'qmqp(b"x\n", b"a@b.example", [])'
run "$QMQPD"
responses "qmqpd, no recipients" "D"
queued "qmqpd, no recipients" 0
run "$QMQPD" QMAILQUEUE="$T/z"
mk 'qmqp(b"x\n", b"a@b.example", [b"u@test.example"])'
run "$QMQPD" QMAILQUEUE="$T/z"
responses "qmqpd, qmail-queue exits 71" "Z"
for bad in 'b"10:1:x,1:a,1:b,,"' 'b"11:1:x,1:a,1:b,"' 'b"12:1:x,1:a,2:b,,"' \
    'b"11:1:x,1:a,01:b,,"' 'b"11:1:x,1:a,1:b;,"' 'b"011:1:x,1:a,1:b,,"' \
    'b"11:9:x,1:a,1:b,,"' 'b""' 'b"5:1:x,"[:-1]'; do
  mk "$bad"
  run "$QMQPD"
  bad=$(printf '%s' "$bad" | sed 's/\\/\\\\/g')
  if [ ! -s "$T/out" ] && [ "$(nqueued)" = 0 ]; then
    t_ok "qmqpd, broken $bad: no response, nothing queued"
  else
    t_notok "qmqpd, broken $bad: rc $rc"; sed 's/^/# /' "$T/out" "$T/err"
  fi
done

# -- QMTP under a real tcpserver: packages through one connection
if ! command -v tcpserver >/dev/null; then
  t_skip "tcpserver" "ucspi-tcp is not installed"
  t_done; exit
fi
LISTEN_PROG=$QMTPD
if [ "$T_ROOT" = 1 ]; then LISTEN_OPTS="-u $U_DAEMON -g $G_QMAIL"; fi
QQ=$T/many listen
mk 'qmtp(b"a\n", b"a@b.example", [b"u@test.example"]) +
    qmtp(b"b\n", b"a@b.example", [b"u@evil.example", b"v@test.example"]) +
    qmtp(b"c\n" * 5000, b"", [b"w@test.example"])'
rm -f "$T"/q/*
raw "$T/in"
responses "tcpserver qmtpd, three packages" "KDKK"
queued "tcpserver qmtpd" 3
mk 'qmtp(b"a\n", b"a@b.example", [b"u@test.example"]) + b"3:\nab;"'
rm -f "$T"/q/*
raw "$T/in"
responses "tcpserver qmtpd, a broken package after a good one" "K"
queued "tcpserver qmtpd, broken package" 1

# procuid name: the uid the running process of that name runs as
procuid() {
  for s in /proc/[0-9]*/status; do
    if grep -q "^Name:[[:space:]]*$1\$" "$s" 2>/dev/null; then
      awk '/^Uid:/ { print $2 }' "$s"; return
    fi
  done
}
# runsas name port: as root, a client that says nothing keeps the
# server on port waiting, and /proc shows that it runs as qmaild
runsas() {
  if [ "$T_ROOT" != 1 ]; then
    t_skip "$1 runs as qmaild" "not root: every role is $(id -u)"
    return
  fi
  python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); time.sleep(4)' "$2" &
  TPIDS="$TPIDS $!"
  t_wait 3 sh -c "grep -l '^Name:.$1\$' /proc/[0-9]*/status >/dev/null 2>&1"
  u=$(procuid "$1")
  t_check "$1 runs as qmaild ($U_DAEMON): uid '$u'" test "$u" = "$U_DAEMON"
}
runsas qmail-qmtpd "$PORT"
unlisten

# -- two instances: A (a null client, qmail-qmqpc as its queue) hands
# mail to B (qmail-qmqpd under tcpserver, the real qmail-queue) which
# delivers it to joe's Maildir
B=$H
t_user joe 65510
t_newu
t_start
LISTEN_PROG=$QMQPD
QQ=$B/bin/qmail-queue listen
PORTB=$PORT
t_build a
A=$H
H=$B
# a server that refuses connections first: qmail-qmqpc tries the next
printf '# dead first\n127.0.0.1:1\n[127.0.0.1]:%s\n' "$PORTB" >"$A/control/qmqpservers"
M=$T/users/joe/Maildir
inject() {
  printf 'To: joe@test.example\nSubject: %s\n\nvia QMQP\n' "$1" >"$T/msg"
  env -i PATH=/usr/bin:/bin USER=sender QMAILHOST=test.example \
    QMAILQUEUE="$A/bin/qmail-qmqpc" "$A/bin/qmail-inject" <"$T/msg" \
    >/dev/null 2>"$T/err"
  rc=$?
}
arrived() {
  t_wait 30 sh -c "grep -l '^Subject: $1\$' '$M'/new/* >/dev/null 2>&1"
}
inject "null client one"
t_check "A: qmail-inject through qmail-qmqpc exits 0 (rc $rc)" test "$rc" = 0
t_check "B delivers A's message to joe's Maildir" arrived "null client one"
hasline "qmail-qmqpc says why it passed over the dead server" \
  "^qmail-qmqpc: warning: unable to connect to 127.0.0.1:1" "$T/err"
runsas qmail-qmqpd "$PORTB"

# B down: a temporary failure, and nothing queued anywhere
unlisten
before=$(t_count "$M")
inject "while B is down"
t_check "B down: qmail-inject fails temporarily (exit $rc)" test "$rc" = 111
t_check "B down: nothing in A's queue" \
  test -z "$(find "$A/queue/mess" "$A/queue/todo" -type f)"
sleep 1
t_check "B down: nothing delivered" test "$(t_count "$M")" = "$before"
# B back (on whatever port is free): the retry is delivered
QQ=$B/bin/qmail-queue listen
printf '127.0.0.1:%s\n' "$PORT" >"$A/control/qmqpservers"
inject "while B is down"
t_check "B back: the retry exits 0 (rc $rc)" test "$rc" = 0
t_check "B back: the retry is delivered" arrived "while B is down"
t_check "B's queue drained" t_wait 30 sh -c \
  "[ -z \"\$(find '$B/queue/mess' '$B/queue/todo' '$B/queue/intd' -type f)\" ]"
unlisten
t_stop
t_done

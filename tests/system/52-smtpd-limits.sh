#!/bin/sh
# 52-smtpd-limits.sh - qmail-smtpd against hostile clients: address
# tricks that must not relay, the caps on lines, addresses and
# recipients, databytes and SIZE, hop counts, NUL bytes, long lines and
# long headers, timeouts, pipelining, 20 concurrent clients, and as
# root the user it runs as, from /proc
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"

# -- address tricks: refused, or accepted for a local domain with an
# envelope that qmail-send delivers locally (never to evil.example)
for a in 'u@evil.example' '<@test.example:u@evil.example>' \
    '<@test.example,@x.example:u@evil.example>' 'u\@test.example@evil.example' \
    '<u@evil.example.>' '<"u@test.example"@evil.example>' '<u@[192.0.2.1]>' \
    '<u@[IPv6:2001:db8::1]>' '<u@evil.example@test.example>' \
    '<u@test.example\@evil.example>' '<u@evil.example%test.example>' \
    '<u@test.example >' '<u@test.example' '<u@test .example>' \
    "$(printf '<u@test.example\001>')" '<u@(test.example)>'; do
  printf 'MAIL FROM:<>\r\nRCPT TO:%s\r\nDATA\r\n' "$a" >"$T/in"
  smtp
  if grep -q '^250 2.1.5' "$T/out"; then t_notok "not relayed: $a"; sed 's/^/# /' "$T/out"
  else t_ok "not relayed: $a"; fi
done
# accepted, but the domain after the last @ is local
for pair in 'u%evil.example@test.example|u%evil.example@test.example' \
    'evil.example!u@test.example|evil.example!u@test.example' \
    '"u@evil.example"@test.example|u@evil.example@test.example' \
    '"u\"x"@test.example|u"x@test.example' \
    '<"a b"@test.example>|a b@test.example'; do
  a=${pair%%|*}; want=${pair#*|}
  printf 'MAIL FROM:<>\r\nRCPT TO:%s\r\nDATA\r\n.\r\n' "$a" >"$T/in"
  smtp
  checkenv "local: $a" "" "$want"
done

# -- caps: command line, address, recipients
head -c 5000 /dev/zero | tr '\0' a >"$T/long"
{ printf 'NOOP %s\r\n' "$(cat "$T/long")"; printf 'NOOP\r\nQUIT\r\n'; } >"$T/in"
smtp
replies "a 5000-byte command line" "220 500 250 221"
{ printf 'MAIL FROM:<>\r\nRCPT TO:<%s@test.example>\r\n' "$(head -c 1000 "$T/long")"
  printf 'RCPT TO:<%s@test.example>\r\nQUIT\r\n' "$(head -c 990 "$T/long")"; } >"$T/in"
smtp
replies "an address over 1003 bytes" "220 250 553 250 221"
hasline "address too long: 5.1.3" '^553 5.1.3 ' "$T/out"
{ printf 'MAIL FROM:<>\r\n'; i=0
  while [ $i -lt 1001 ]; do printf 'RCPT TO:<u%d@test.example>\r\n' $i; i=$((i + 1)); done
  printf 'DATA\r\nx\r\n.\r\n'; } >"$T/in"
smtp
t_check "1000 recipients accepted" test "$(grep -c '^250 2.1.5' "$T/out")" = 1000
hasline "the 1001st: 452 4.5.3" '^452 4.5.3 ' "$T/out"
t_check "1000 recipients queued" test "$(tr '\0' '\n' <"$T/env" | grep -c '^T')" = 1000

# -- databytes, DATABYTES and SIZE
echo 100 >"$H/control/databytes"
printf 'EHLO x\r\nMAIL FROM:<> SIZE=101\r\nMAIL FROM:<> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<u@test.example>\r\nDATA\r\n%s\r\n.\r\nQUIT\r\n' "$(head -c 200 "$T/long")" >"$T/in"
smtp
hasline "EHLO: SIZE from databytes" '^250-SIZE 100$' "$T/out"
replies "SIZE over databytes refused at once; text over it refused" "220 250 552 250 250 354 552 221"
nothingqueued "over databytes"
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n%s\r\n.\r\n' "$(head -c 99 "$T/long")" >"$T/in"
smtp
replies "100 bytes stored (99 and LF) fit" "220 250 250 354 250"
smtp DATABYTES=50
replies "DATABYTES overrides databytes" "220 250 250 354 552"
smtp DATABYTES=0
replies "DATABYTES=0: no limit" "220 250 250 354 250"
echo 0 >"$H/control/databytes"
printf 'EHLO x\r\nMAIL FROM:<> SIZE=999999999999999999999999\r\nMAIL FROM:<> SIZE=x\r\nMAIL FROM:<> SIZE=1 SIZE=2\r\nMAIL FROM:<> FOO=bar\r\nRCPT TO:<u@test.example> SIZE=1\r\n' >"$T/in"
smtp
replies "databytes 0: any SIZE; bad parameters refused" "220 250 250 555 555 555 555"
hasline "databytes 0: SIZE 0 offered" '^250-SIZE 0$' "$T/out"
rm -f "$H/control/databytes"

# -- hops
{ printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n'; i=0
  while [ $i -lt 99 ]; do printf 'Received: hop %d\r\n' $i; i=$((i + 1)); done
  printf 'Subject: 99 hops\r\n\r\nReceived: in the body\r\n.\r\n'; } >"$T/in"
smtp
replies "99 Received fields pass" "220 250 250 354 250"
{ printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n'; i=0
  while [ $i -lt 50 ]; do printf 'Received: hop\r\nDelivered-To: x\r\n' ; i=$((i + 1)); done
  printf '\r\nbody\r\n.\r\n'; } >"$T/in"
smtp
replies "100 hops refused" "220 250 250 354 554"
hasline "looping: 5.4.6" '^554 5.4.6 too many hops' "$T/out"
nothingqueued "looping"

# -- NUL bytes, a 100 kB line, 20,000 header lines
printf 'NO\000OP\r\nMAIL FROM:<a\000b@x>\r\nMAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\na\000b\r\n.\r\nQUIT\r\n' >"$T/in"
smtp
replies "NUL in commands refused, in text kept" "220 500 500 250 250 354 250 221"
t_check "NUL stored" sh -c "tail -n 1 '$T/mess' | od -c | grep -q '\\\\0'"
{ printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: big\r\n\r\n'
  head -c 100000 /dev/zero | tr '\0' b; printf '\r\n.\r\nQUIT\r\n'; } >"$T/in"
smtp
replies "a 100 kB text line" "220 250 250 354 250 221"
t_check "the 100 kB line stored whole" test "$(tail -n 1 "$T/mess" | wc -c)" = 100001
{ printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n'; i=0
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "X-Header-%d: v\r\n", i }'
  printf '\r\nbody\r\n.\r\nQUIT\r\n'; } >"$T/in"
smtp
replies "20,000 header lines" "220 250 250 354 250 221"
t_check "20,000 header lines stored" test "$(grep -c '^X-Header-' "$T/mess")" = 20000

# -- timeout: a silent client gets 451 and the connection closes
echo 1 >"$H/control/timeoutsmtpd"
listen
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nhalf a message' >"$T/slowin"
raw "$T/slowin" 10
replies "timeoutsmtpd: 451 in DATA" "220 250 250 354 451"
hasline "timeout text" '^451 4.4.2 timeout' "$T/out"
nothingqueued "timeout in DATA"
unlisten
rm -f "$H/control/timeoutsmtpd"

# -- pipelining: a whole session in one packet, replies in order
listen
{ printf 'EHLO p\r\nMAIL FROM:<p@x.example>\r\nRCPT TO:<a@test.example>\r\nRCPT TO:<b@evil.example>\r\nRCPT TO:<c@test.example>\r\nDATA\r\n'
  printf 'Subject: pipelined\r\n\r\none\r\n.\r\nMAIL FROM:<q@x.example>\r\nRCPT TO:<d@test.example>\r\nDATA\r\ntwo\r\n.\r\nRSET\r\nNOOP\r\nQUIT\r\n'; } >"$T/in"
raw "$T/in"
replies "a pipelined session" "220 250 250 250 553 250 354 250 250 250 354 250 250 250 221"
checkenv "pipelined: the second message" q@x.example d@test.example

# -- 20 concurrent clients, each with its own message
mkqq keep "cat >'$T/m.'\$\$ && cat <&1 >'$T/e.'\$\$"
unlisten
QQ=$T/keep listen
cat >"$T/many.py" <<'PY'
import smtplib, sys, threading
port = int(sys.argv[1]); errors = []
def one(i):
    try:
        s = smtplib.SMTP('127.0.0.1', port, timeout=30)
        s.sendmail('c%d@x.example' % i, ['u%d@test.example' % i],
                   'Subject: client %d\r\n\r\nbody %d\r\n' % (i, i))
        s.quit()
    except Exception as e:
        errors.append((i, repr(e)))
ts = [threading.Thread(target=one, args=(i,)) for i in range(20)]
for t in ts: t.start()
for t in ts: t.join(60)
print(len(errors), errors)
PY
python3 "$T/many.py" "$PORT" >"$T/many.out" 2>&1
hasline "20 concurrent clients: no errors" '^0 \[\]' "$T/many.out"
t_check "20 messages queued" test "$(ls "$T" | grep -c '^e\.')" = 20
ok=1; i=0
while [ $i -lt 20 ]; do
  f=$(grep -l "^Subject: client $i\$" "$T"/m.* 2>/dev/null | head -n 1)
  e=${f:+$T/e.${f##*/m.}}
  if [ -z "$f" ] || ! grep -q "^body $i\$" "$f" ||
     [ "$(tr '\0' '\n' <"$e" | grep -c "^Tu$i@test.example\$")" != 1 ]; then ok=0; fi
  i=$((i + 1))
done
t_check "20 concurrent clients: each message whole with its own envelope" test $ok = 1

# -- as root: qmail-smtpd runs as qmaild (the uid tcpserver -u gives)
if [ "$T_ROOT" = 1 ]; then
  unlisten
  mkqq hold "sleep 3; cat >/dev/null; cat <&1 >/dev/null"
  QQ=$T/hold listen
  kill "$LPID"; wait "$LPID" 2>/dev/null
  env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/hold" \
    tcpserver -HRl localhost -u "$U_DAEMON" -g "$G_NOFILES" 127.0.0.1 "$PORT" "$SMTPD" \
    2>>"$T/tcpserver.log" &
  LPID=$!; TPIDS="$TPIDS $LPID"
  t_wait 5 sh -c "python3 '$T/raw.py' 127.0.0.1 $PORT /dev/null 1 >/dev/null 2>&1"
  printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' >"$T/in"
  python3 "$T/raw.py" 127.0.0.1 "$PORT" "$T/in" 10 >"$T/out" &
  cpid=$!
  pid=""
  t_wait 5 sh -c "pgrep -P $LPID -x qmail-smtpd >/dev/null" && pid=$(pgrep -P "$LPID" -x qmail-smtpd | head -n 1)
  if [ -n "$pid" ]; then
    uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
    gids=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
    t_check "root: qmail-smtpd's uids are all qmaild ($U_DAEMON)" test "$uids" = "$U_DAEMON $U_DAEMON $U_DAEMON $U_DAEMON"
    t_check "root: its gids are all nofiles ($G_NOFILES)" test "$gids" = "$G_NOFILES $G_NOFILES $G_NOFILES $G_NOFILES"
  else
    t_notok "root: qmail-smtpd seen in /proc"
  fi
  wait "$cpid"
else
  t_skip "root: qmail-smtpd runs as qmaild" "needs root to start tcpserver -u"
fi
unlisten

t_done

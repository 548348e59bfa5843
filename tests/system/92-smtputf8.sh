#!/bin/sh
# 92-smtputf8.sh - SMTPUTF8 (RFC 6531) end to end: qmail-smtpd offers
# it and takes UTF-8 addresses only with it, and only well-formed;
# python3 smtplib with SMTPUTF8 under a real tcpserver, through the real
# daemons, into Maildirs (a UTF-8 user from users/assign, a UTF-8
# extension through .qmail-default) with "with UTF8SMTP" in Received;
# qmail-remote to a sink that offers SMTPUTF8 (said on MAIL for an 8-bit
# envelope or header, not for plain mail, on kept sessions too) and to
# one that does not (an 8-bit address is never sent there and bounces
# with a clear text; an 8-bit header alone goes as it is); qmail-inject
# and sendmail pass UTF-8 addresses through.
. "$(dirname "$0")/lib.sh"
t_init
. "$(dirname "$0")/remote-lib.sh"
if ! command -v tcpserver >/dev/null 2>&1; then
  t_skip "SMTPUTF8 end to end" "tcpserver (ucspi-tcp) is not installed"
  t_done; exit
fi

CR=$(printf '\r')
JORG=$(printf 'j\303\266rg')                  # jörg, UTF-8
sed -i "/^\\.$/d" "$H/users/assign"    # remote-lib.sh ended it
t_user jorg 65511
sed -i "s/^=jorg:/=$JORG:/; /^+jorg-:/d" "$H/users/assign"
t_newu
JM=$T/users/jorg/Maildir
# joe's extensions: joe-<anything>, UTF-8 too, land in Maildir-ext
mkdir -p "$T/users/joe/Maildir-ext/new" "$T/users/joe/Maildir-ext/cur" \
  "$T/users/joe/Maildir-ext/tmp"
echo ./Maildir-ext/ >"$T/users/joe/.qmail-default"
if [ "$T_ROOT" = 1 ]; then
  chown -R 65510:65510 "$T/users/joe"
fi

sink utf --ext PIPELINING,8BITMIME,SMTPUTF8
sink ascii --ext PIPELINING,8BITMIME
{
  echo "utf.example:127.0.0.1:$(port utf)"
  echo "ascii.example:127.0.0.1:$(port ascii)"
} >"$H/control/smtproutes"
echo helo.test >"$H/control/helohost"
echo 5 >"$H/control/timeoutremote"
t_start

# -- qmail-smtpd on a pipe: what it offers, what it refuses
# smtpd: the session $T/in through qmail-smtpd; replies in $T/out
smtpd() {
  env -i PATH=/usr/bin:/bin TCPREMOTEIP=127.0.0.1 TCPLOCALIP=127.0.0.1 \
    QMAILQUEUE=/bin/false "$H/bin/qmail-smtpd" <"$T/in" >"$T/out" 2>"$T/err"
}
# codes what expected: the reply codes (with enhanced codes) in $T/out
codes() {
  tr -d '\r' <"$T/out" | awk 'substr($0, 4, 1) != "-" {
      c = substr($0, 1, 3)
      if ($2 ~ /^[245]\.[0-9]+\.[0-9]+$/) c = c " " $2
      printf "%s|", c }' >"$T/codes"
  if [ "$(cat "$T/codes")" = "$2" ]; then t_ok "$1"; else
    t_notok "$1: $(cat "$T/codes")"; sed 's/^/# /' "$T/out"; fi
}
printf 'EHLO x\r\nQUIT\r\n' >"$T/in"
smtpd
t_check "EHLO offers SMTPUTF8 (before the last line)" sh -c \
  "tr -d '\r' <'$T/out' | grep -A1 '^250-SMTPUTF8\$' | grep -q '^250 ENHANCEDSTATUSCODES\$'"
printf 'EHLO x\r\nMAIL FROM:<%s@test.example>\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<%s@test.example>\r\nQUIT\r\n' \
  "$JORG" "$JORG" >"$T/in"
smtpd
codes "without SMTPUTF8: 8-bit sender and recipient refused, 553 5.6.7" \
  "220|250|553 5.6.7|250 2.1.0|553 5.6.7|221 2.0.0|"
t_check "the refusal says why" grep -q "553 5.6.7 sorry, a non-ASCII address needs SMTPUTF8" "$T/out"
printf 'HELO x\r\nMAIL FROM:<%s@test.example>\r\nQUIT\r\n' "$JORG" >"$T/in"
smtpd
codes "after HELO too" "220|250|553 5.6.7|221 2.0.0|"
# malformed: a cut-off sequence, a surrogate, an overlong '/', past U+10FFFF,
# Latin-1
printf 'EHLO x\r\nMAIL FROM:<j\303@test.example> SMTPUTF8\r\nMAIL FROM:<a@test.example> SMTPUTF8\r\nRCPT TO:<\355\240\200@test.example>\r\nRCPT TO:<a\300\257b@test.example>\r\nRCPT TO:<\364\220\200\200@test.example>\r\nRCPT TO:<j\366rg@test.example>\r\nRCPT TO:<%s@test.example>\r\nQUIT\r\n' \
  "$JORG" >"$T/in"
smtpd
codes "with SMTPUTF8: malformed UTF-8 refused (553 5.1.7, 5.1.3), good taken" \
  "220|250|553 5.1.7|250 2.1.0|553 5.1.3|553 5.1.3|553 5.1.3|553 5.1.3|250 2.1.5|221 2.0.0|"
t_check "the refusal says not well-formed UTF-8" grep -q "not well-formed UTF-8" "$T/out"
printf 'EHLO x\r\nMAIL FROM:<a@test.example> SMTPUTF8=1\r\nMAIL FROM:<a@test.example> SMTPUTF8 SMTPUTF8\r\nMAIL FROM:<a@test.example> SMTPUTF8\r\nRCPT TO:<a@test.example> SMTPUTF8\r\nRSET\r\nRCPT TO:<%s@test.example>\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<%s@test.example>\r\nQUIT\r\n' \
  "$JORG" "$JORG" >"$T/in"
smtpd
codes "SMTPUTF8 with a value, twice, on RCPT: 555; RSET and a new MAIL forget it" \
  "220|250|555 5.5.4|555 5.5.4|250 2.1.0|555 5.5.4|250 2.0.0|503 5.5.1|250 2.1.0|553 5.6.7|221 2.0.0|"

# -- through tcpserver and the real queue, with python3 smtplib
LOPTS=""
if [ "$T_ROOT" = 1 ]; then LOPTS="-u $U_DAEMON -g $G_QMAIL"; fi
p=26200
LPORT=""
while [ $p -lt 26300 ] && [ -z "$LPORT" ]; do
  env -i PATH=/usr/bin:/bin RELAYCLIENT= tcpserver -HRl localhost $LOPTS \
    127.0.0.1 $p "$H/bin/qmail-smtpd" 2>>"$T/tcpserver.log" &
  LPID=$!
  TPIDS="$TPIDS $LPID"
  if t_wait 3 python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $p), 2).close()" 2>/dev/null &&
      kill -0 "$LPID" 2>/dev/null; then
    LPORT=$p
  else
    kill "$LPID" 2>/dev/null
    p=$((p + 1))
  fi
done
[ -n "$LPORT" ] || { echo "Bail out! no port for tcpserver in 26200-26299"; exit 1; }

cat >"$T/send.py" <<'PY'
# send.py port sender subject recipient...: one message with SMTPUTF8,
# a UTF-8 header when the subject holds UTF-8; prints what was refused
import smtplib, sys
port, sender, subject, rcpts = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
s = smtplib.SMTP('127.0.0.1', port, timeout=20)
s.ehlo('py.example')
assert s.has_extn('smtputf8'), 'no SMTPUTF8'
msg = ('From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\nGr\u00fc\u00dfe aus dem Test\r\n'
       % (sender, ', '.join(rcpts), subject)).encode('utf-8')
refused = s.sendmail(sender, rcpts, msg, mail_options=['SMTPUTF8'])
print('refused', sorted(refused))
s.quit()
PY
# sendpy sender subject recipient...: send.py, UTF-8 arguments as such
sendpy() {
  PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8 python3 "$T/send.py" "$LPORT" "$@" \
    >"$T/py.out" 2>&1
}

# 1. a UTF-8 sender to a UTF-8 user, a UTF-8 extension, the sink that
# offers SMTPUTF8, and the sink that does not
sendpy "$JORG@test.example" "Gr$(printf '\303\274\303\237')e one" \
  "$JORG@test.example" "joe-$(printf '\303\274')mlaut@test.example" \
  "$(printf '\303\274n\303\257')@utf.example" plain@ascii.example
t_check "smtplib with SMTPUTF8: every recipient taken" grep -q "^refused \[\]" "$T/py.out" ||
  sed 's/^/# /' "$T/py.out"
t_check "the UTF-8 user got it (users/assign)" t_wait 30 sh -c \
  "grep -l '^Subject: Gr.*e one' '$JM'/new/* 2>/dev/null | grep -q ."
m=$(grep -l '^Subject: Gr.*e one' "$JM"/new/* 2>/dev/null | head -n 1)
t_check "its Delivered-To and Return-Path are the UTF-8 addresses" sh -c \
  "grep -q '^Delivered-To: $JORG@test.example\$' '$m' && grep -q '^Return-Path: <$JORG@test.example>\$' '$m'"
t_check "Received says with UTF8SMTP" grep -q '^  by .* with UTF8SMTP; ' "$m"
t_check "the UTF-8 header arrived byte for byte" grep -q \
  "^Subject: Gr$(printf '\303\274\303\237')e one\$" "$m"
t_check "the UTF-8 extension went through .qmail-default" t_wait 30 sh -c \
  "grep -l '^Subject: Gr.*e one' '$T/users/joe/Maildir-ext'/new/* 2>/dev/null | grep -q ."
m=$(grep -l '^Subject: Gr.*e one' "$T/users/joe/Maildir-ext"/new/* 2>/dev/null | head -n 1)
t_check "... with DEFAULT's Delivered-To" grep -q \
  "^Delivered-To: joe-$(printf '\303\274')mlaut@test.example\$" "$m"
t_check "the SMTPUTF8 sink got the message" t_wait 30 sh -c \
  "grep -l 'Gr.*e one' '$T/sink-utf'/data-* 2>/dev/null | grep -q ."
t_check "its MAIL said SMTPUTF8, its RCPT the UTF-8 address" sh -c \
  "cat '$T/sink-utf'/env-* | grep -q '^MAIL FROM:<$JORG@test.example> BODY=8BITMIME SMTPUTF8$CR\$' &&
   cat '$T/sink-utf'/env-* | grep -q '^RCPT TO:<$(printf '\303\274n\303\257')@utf.example>$CR\$'"
t_check "the sender's bounce came back: the other sink lacks SMTPUTF8" t_wait 30 sh -c \
  "grep -l '^Subject: failure notice' '$JM'/new/* 2>/dev/null | xargs grep -l 'plain@ascii.example' | grep -q ."
b=$(grep -l '^Subject: failure notice' "$JM"/new/* 2>/dev/null | head -n 1)
t_check "the bounce says why" grep -q \
  "does not offer SMTPUTF8, which the sender address needs (RFC 6531). (#5.6.7)" "$b"
t_check "nothing from the UTF-8 sender reached that sink" sh -c \
  "! grep -q 'MAIL' '$T/sink-ascii'/env-* 2>/dev/null"

# 2. an ASCII sender: a UTF-8 recipient at the sink without SMTPUTF8 is
# refused, the ASCII one gets the message with its UTF-8 header as it is
sendpy joe@test.example "Gr$(printf '\303\274\303\237')e two" \
  "$(printf '\303\274n\303\257')@ascii.example" plain2@ascii.example
t_check "smtplib: both taken" grep -q "^refused \[\]" "$T/py.out"
t_check "the sink without SMTPUTF8 got the message" t_wait 30 sh -c \
  "grep -l 'Gr.*e two' '$T/sink-ascii'/data-* 2>/dev/null | grep -q ."
t_check "... for the ASCII recipient, without SMTPUTF8 on MAIL" sh -c \
  "cat '$T/sink-ascii'/env-* | grep -q '^MAIL FROM:<joe@test.example> BODY=8BITMIME$CR\$' &&
   cat '$T/sink-ascii'/env-* | grep -q '^RCPT TO:<plain2@ascii.example>$CR\$'"
t_check "... and the UTF-8 recipient never reached it" sh -c \
  "! cat '$T/sink-ascii'/env-* | grep -q '$(printf '\303\274n\303\257')@'"
t_check "the bounce for the UTF-8 recipient reached joe" t_wait 30 sh -c \
  "grep -l '^Subject: failure notice' '$J'/new/* 2>/dev/null | xargs grep -l 'does not offer SMTPUTF8, which this address needs' | grep -q ."
b=$(grep -l '^Subject: failure notice' "$J"/new/* 2>/dev/null | head -n 1)
t_check "... naming the recipient and the code" sh -c \
  "grep -q '<$(printf '\303\274n\303\257')@ascii.example>' '$b' && grep -q '(#5.6.7)' '$b'"

# 3. the SMTPUTF8 sink again: an ASCII envelope with a UTF-8 header says
# SMTPUTF8, a plain ASCII message does not (the decision is the
# message's, on a kept session too)
sendpy joe@test.example "Gr$(printf '\303\274\303\237')e three" h@utf.example
sendpy joe@test.example "plain four" p@utf.example
t_check "both reached the SMTPUTF8 sink" t_wait 30 sh -c \
  "grep -l 'Gr.*e three' '$T/sink-utf'/data-* >/dev/null 2>&1 &&
   grep -l 'plain four' '$T/sink-utf'/data-* >/dev/null 2>&1"
t_check "UTF-8 header only: MAIL says SMTPUTF8" sh -c \
  "cat '$T/sink-utf'/env-* | grep -q '^MAIL FROM:<joe@test.example> BODY=8BITMIME SMTPUTF8$CR\$'"
# the body of "plain four" holds UTF-8 (BODY=8BITMIME), its header not
t_check "ASCII envelope and header: MAIL says no SMTPUTF8" sh -c \
  "cat '$T/sink-utf'/env-* | grep -q '^MAIL FROM:<joe@test.example> BODY=8BITMIME$CR\$'"
t_note "SMTPUTF8 sink sessions: $(sessions utf)"

# -- qmail-inject and sendmail: UTF-8 addresses pass through
printf 'To: %s@test.example\nSubject: injected\n\nx\n' "$JORG" |
  "$H/bin/qmail-inject" -f joe@test.example
t_check "qmail-inject: the UTF-8 To: address delivered" t_wait 30 sh -c \
  "grep -l '^Subject: injected' '$JM'/new/* 2>/dev/null | xargs grep -l '^Delivered-To: $JORG@test.example\$' | grep -q ."
m=$(grep -l '^Subject: injected' "$JM"/new/* 2>/dev/null | head -n 1)
t_check "... with the To: field as written" grep -q "^To: $JORG@test.example\$" "$m"
printf 'Subject: via sendmail\n\nx\n' |
  "$H/bin/sendmail" -f "$JORG@test.example" "$JORG@test.example"
t_check "sendmail: UTF-8 sender and recipient" t_wait 30 sh -c \
  "grep -l '^Subject: via sendmail' '$JM'/new/* 2>/dev/null | xargs grep -l '^Return-Path: <$JORG@test.example>\$' | grep -q ."

t_done

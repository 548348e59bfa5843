#!/bin/sh
# 50-smtpd.sh - qmail-smtpd: the dialogue of qmail-smtpd(8) on a pipe,
# replies, envelope and message byte for byte, the Received field,
# control files and environment, queue errors; then through a real
# tcpserver with python3 smtplib and swaks, and end to end into a
# Maildir through the real daemons
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"

# -- a whole dialogue
printf 'EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\nbody\r\n.\r\nQUIT\r\n' >"$T/in"
smtp
t_check "dialogue: exit 0" test "$rc" = 0
replies "dialogue" "220 250 250 250 354 250 221"
tr -d '\r' <"$T/out" | sed 's/^250 2.0.0 ok [0-9]* qp [0-9]*$/250 2.0.0 ok TIME qp PID/' >"$T/out.n"
printf '220 test.example ESMTP\n250-test.example\n250-PIPELINING\n250-8BITMIME\n250-SIZE 67108864\n250-SMTPUTF8\n250 ENHANCEDSTATUSCODES\n250 2.1.0 ok\n250 2.1.5 ok\n354 go ahead\n250 2.0.0 ok TIME qp PID\n221 2.0.0 test.example\n' >"$T/exp"
same "dialogue: reply texts" "$T/exp" "$T/out.n"
checkenv "dialogue" a@b.example u@test.example
sed '1,2d' "$T/mess" >"$T/body"
printf 'Subject: x\n\n.dot\nbody\n' >"$T/exp"
same "dialogue: text unstuffed, CR LF to LF" "$T/exp" "$T/body"
hasline "Received: remote host unknown, HELO, IP" \
  '^Received: from unknown (HELO client.example) (192.0.2.7)$' "$T/mess"
hasline "Received: with ESMTP after EHLO" \
  '^  by 127.0.0.1 with ESMTP; [A-Z][a-z][a-z], [0-9]* [A-Z][a-z][a-z] [0-9]* [0-9:]* +0000$' "$T/mess"

# -- HELO, and the Received field from every variable
printf 'HELO Host.Example\r\nMAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n\r\nx\r\n.\r\n' >"$T/in"
smtp TCPREMOTEHOST=host.example TCPREMOTEINFO=joe TCPLOCALHOST=mx.test.example
replies "HELO" "220 250 250 250 354 250"
t_check "HELO: exit 0 at end of input" test "$rc" = 0
checkenv "null sender" "" u@test.example
hasline "Received: no HELO when it equals the host name" \
  '^Received: from host.example (joe@192.0.2.7)$' "$T/mess"
hasline "Received: with SMTP after HELO, TCPLOCALHOST" '^  by mx.test.example with SMTP; ' "$T/mess"
printf 'HELO a b<c>"d\r\nMAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n.\r\n' >"$T/in"
smtp TCPREMOTEIP=2001:db8::7 TCPREMOTEINFO='x y'
hasline "Received: unsafe bytes become ?, IPv6 address" \
  '^Received: from unknown (HELO a?b?c??d) (x?y@2001:db8::7)$' "$T/mess"

# -- the other commands
printf 'NOOP\r\nVRFY joe\r\nHELP\r\nRSET\r\nEXPN list\r\nSTARTTLS\r\nhelo\r\nQuIt\r\n' >"$T/in"
smtp
replies "NOOP VRFY HELP RSET EXPN STARTTLS helo QUIT" "220 250 252 214 250 502 502 250 221"
hasline "VRFY: qmail's text" '^252 2.1.5 send some mail, i.ll try my best' "$T/out"
hasline "unknown: 502 5.5.1" '^502 5.5.1 unimplemented' "$T/out"

# -- order
printf 'RCPT TO:<u@test.example>\r\nDATA\r\nMAIL FROM:<a@b.example>\r\nDATA\r\nQUIT\r\n' >"$T/in"
smtp
replies "RCPT and DATA out of order" "220 503 503 250 503 221"
hasline "MAIL first" '^503 5.5.1 MAIL first' "$T/out"
hasline "RCPT first" '^503 5.5.1 RCPT first' "$T/out"
printf 'MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nRSET\r\nRCPT TO:<u@test.example>\r\nQUIT\r\n' >"$T/in"
smtp
replies "RSET ends the transaction" "220 250 250 250 503 221"

# -- rcpthosts, wildcards, morercpthosts.cdb, no domain
printf 'test.example\n.sub.example\n' >"$H/control/rcpthosts"
printf 'More.Example\n.deep.example\n' >"$H/control/morercpthosts"
"$H/bin/qmail-newmrh"
t_check "qmail-newmrh: exit 0" test $? = 0
for a in u@test.example u@TEST.example u@x.sub.example u@a.b.sub.example \
    u@more.example u@x.deep.example postmaster; do
  printf 'MAIL FROM:<>\r\nRCPT TO:<%s>\r\n' "$a" >"$T/in"
  smtp
  replies "rcpthosts: $a accepted" "220 250 250"
done
for a in u@sub.example u@evil.example u@x.more.example u@deep.example \
    u@test.example.evil.example; do
  printf 'MAIL FROM:<>\r\nRCPT TO:<%s>\r\n' "$a" >"$T/in"
  smtp
  replies "rcpthosts: $a refused" "220 250 553"
done
hasline "refusal text" "^553 5.7.1 sorry, that domain isn't in my list of allowed rcpthosts" "$T/out"
mv "$H/control/rcpthosts" "$T/rcpthosts.save"
printf 'MAIL FROM:<>\r\nRCPT TO:<u@more.example>\r\nRCPT TO:<postmaster>\r\n' >"$T/in"
smtp
replies "no rcpthosts: nothing with a domain" "220 250 553 250"
mv "$T/rcpthosts.save" "$H/control/rcpthosts"

# -- RELAYCLIENT
printf 'MAIL FROM:<a@b.example>\r\nRCPT TO:<u@evil.example>\r\nRCPT TO:<v@test.example>\r\nDATA\r\n.\r\n' >"$T/in"
smtp RELAYCLIENT=
replies "RELAYCLIENT empty: relays" "220 250 250 250 354 250"
checkenv "RELAYCLIENT empty" a@b.example u@evil.example v@test.example
smtp RELAYCLIENT=.relay
checkenv "RELAYCLIENT appended" a@b.example u@evil.example.relay v@test.example.relay

# -- badmailfrom
printf 'bad@b.example\n@Spam.Example\n' >"$H/control/badmailfrom"
for s in bad@b.example BAD@B.EXAMPLE x@spam.example; do
  printf 'MAIL FROM:<%s>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n' "$s" >"$T/in"
  smtp
  replies "badmailfrom: $s" "220 250 553 503"
done
hasline "badmailfrom text" '^553 5.7.1 sorry, your envelope sender is in my badmailfrom list' "$T/out"
printf 'MAIL FROM:<ok@b.example>\r\nRCPT TO:<u@test.example>\r\n' >"$T/in"
smtp
replies "badmailfrom: others pass" "220 250 250"
rm -f "$H/control/badmailfrom"

# -- smtpgreeting, localiphost, me
echo 'mx.example greets you' >"$H/control/smtpgreeting"
echo 'local.example' >"$H/control/localiphost"
echo 'local.example' >>"$H/control/rcpthosts"
printf 'HELO x\r\nMAIL FROM:<>\r\nRCPT TO:<box@[127.0.0.1]>\r\nRCPT TO:<box@[127.0.0.2]>\r\nDATA\r\n.\r\nQUIT\r\n' >"$T/in"
smtp
hasline "smtpgreeting: 220" '^220 mx.example greets you ESMTP' "$T/out"
hasline "smtpgreeting: HELO" '^250 mx.example greets you' "$T/out"
hasline "smtpgreeting: QUIT" '^221 2.0.0 mx.example greets you' "$T/out"
replies "localiphost" "220 250 250 250 553 354 250 221"
checkenv "localiphost replaces the local IP" "" box@local.example
printf 'MAIL FROM:<>\r\nRCPT TO:<box@[IPv6:::1]>\r\nRCPT TO:<box@[IPv6:0:0::1]>\r\nDATA\r\n.\r\n' >"$T/in"
smtp TCPLOCALIP=::1
checkenv "localiphost: IPv6 literal" "" box@local.example box@local.example
printf 'MAIL FROM:<>\r\nRCPT TO:<box@[127.0.0.1]>\r\nDATA\r\n.\r\n' >"$T/in"
smtp TCPLOCALIP=::ffff:127.0.0.1
checkenv "localiphost: IPv4-mapped local address" "" box@local.example
rm -f "$H/control/smtpgreeting" "$H/control/localiphost"
mv "$H/control/me" "$T/me.save"
printf 'QUIT\r\n' >"$T/in"
smtp
hasline "no me and no smtpgreeting: 421" '^421 4.3.0 unable to read controls' "$T/out"
t_check "no me: exit 111" test "$rc" = 111
mv "$T/me.save" "$H/control/me"
mkdir "$H/control/badmailfrom"
smtp
hasline "unreadable badmailfrom: 421" '^421 4.3.0 unable to read controls' "$T/out"
rmdir "$H/control/badmailfrom"

# -- queue errors: a filter's own text with its class, qmail-queue's
mkqq fd6 "cat >/dev/null; cat <&1 >/dev/null; printf 'Dno mail for you today (#5.7.1)' >&6; exit 82"
mkqq fd4 "cat >/dev/null; cat <&1 >/dev/null; printf 'Zcome back later (#4.3.2)' >&4; exit 82"
mkqq badclass "cat >/dev/null; cat <&1 >/dev/null; printf 'Dodd (#4.1.1)' >&6; exit 82"
mkqq w53 "cat >/dev/null; exit 53"
mkqq p31 "cat >/dev/null; exit 31"
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nhi\r\n.\r\nNOOP\r\n' >"$T/in"
smtp QMAILQUEUE="$T/fd6"
hasline "custom permanent error" '^554 5.7.1 no mail for you today (#5.7.1)' "$T/out"
smtp QMAILQUEUE="$T/fd4"
hasline "custom temporary error on fd 4" '^451 4.3.2 come back later (#4.3.2)' "$T/out"
smtp QMAILQUEUE="$T/badclass"
hasline "custom error: a code of the other class is not used" '^554 5.3.0 odd (#4.1.1)' "$T/out"
smtp QMAILQUEUE="$T/w53"
hasline "qmail-queue 53: 451" '^451 4.3.0 qq write error or disk full (#4.3.0)' "$T/out"
smtp QMAILQUEUE="$T/p31"
hasline "qmail-queue 31: 554" '^554 5.3.0 mail server permanently rejected message (#5.3.0)' "$T/out"
hasline "the session goes on after a queue error" '^250 2.0.0 ok$' "$T/out"
smtp QMAILQUEUE="$T/nonexistent"
hasline "no queue program: 451" '^451 4.3.0 unable to exec qq' "$T/out"

# -- real clients through tcpserver: python3 smtplib, swaks
listen
cat >"$T/send.py" <<'PY'
import smtplib, sys
port = int(sys.argv[1])
s = smtplib.SMTP('127.0.0.1', port, timeout=20)
code, ext = s.ehlo('py.example')
assert code == 250
for k in ('pipelining', '8bitmime', 'size', 'enhancedstatuscodes'):
    assert s.has_extn(k), k
msg = b'Subject: from smtplib\r\n\r\nline one\r\n.leading dot\r\n'
refused = s.sendmail('py@client.example', ['u@test.example'], msg)
assert not refused
try:
    s.sendmail('py@client.example', ['u@evil.example'], msg)
    print('relayed!')
except smtplib.SMTPRecipientsRefused as e:
    print('refused', e.recipients['u@evil.example'][0])
s.quit()
PY
python3 "$T/send.py" "$PORT" >"$T/py.out" 2>&1
t_check "smtplib: exit 0" test $? = 0
hasline "smtplib: a relay attempt refused with 553" '^refused 553' "$T/py.out"
checkenv "smtplib" py@client.example u@test.example
hasline "smtplib: dot-stuffed line arrives whole" '^\.leading dot$' "$T/mess"
hasline "tcpserver: TCPREMOTEIP in Received" '^Received: from unknown (HELO py.example) (127.0.0.1)$' "$T/mess"
swaks --server 127.0.0.1 --port "$PORT" --from sw@client.example \
  --to u@test.example --helo sw.example --pipeline >"$T/swaks.out" 2>&1
t_check "swaks with --pipeline: exit 0" test $? = 0
checkenv "swaks" sw@client.example u@test.example
unlisten

# -- end to end: SMTP, the real qmail-queue and daemons, a Maildir
t_user joe 65510
t_newu
t_start
QQ=$H/bin/qmail-queue listen
swaks --server 127.0.0.1 --port "$PORT" --from far@client.example \
  --to joe@test.example --header "Subject: end to end" >"$T/swaks.out" 2>&1
t_check "end to end: swaks exit 0" test $? = 0
J=$T/users/joe/Maildir
t_check "end to end: delivered to joe's Maildir" t_wait 20 sh -c "[ \$(find $J/new -type f | wc -l) -ge 1 ]"
f=$(find "$J/new" -type f | head -n 1)
hasline "end to end: qmail-smtpd's Received field" '^Received: from unknown (HELO ' "${f:-/dev/null}"
hasline "end to end: Return-Path" '^Return-Path: <far@client.example>' "${f:-/dev/null}"
unlisten
t_stop

t_done

#!/bin/sh
# 91-auth.sh - SMTP AUTH in qmail-smtpd (RFC 4954): offered only with a
# checkpassword program on the command line and SMTPAUTH set; PLAIN,
# LOGIN and CRAM-MD5 on a pipe and through a real tcpserver with
# python3 smtplib and swaks; wrong password, root refused unasked,
# cancellation, bad base64, the attempt limit, a temporary failure,
# AUTH out of place; relaying only after AUTH, "with ESMTPA"; the
# password never in the log.  The checkpassword program is the test's
# own (auth/checkpw.py): Debian's reads /etc/shadow, and tests add no
# users.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
  t_skip "SMTP AUTH" "python3 is needed"
  exit 0
fi
cp "$TOP/tests/system/auth/checkpw.py" "$T/checkpw"
chmod 755 "$T/checkpw"
CP=$T/checkpw
mkdir "$T/cp"
chmod 777 "$T/cp"
printf 'alice:se cret:1\nroot:toor\nRoot:toor\n' >"$T/cp/users"
chmod 644 "$T/cp/users"
: >"$T/cp/log"
chmod 666 "$T/cp/log"
CPENV="CHECKPW_USERS=$T/cp/users CHECKPW_LOG=$T/cp/log"

# b64 string: its base64 (printf's escapes apply, \0 for NUL)
b64() { printf "$1" | base64 | tr -d '\n'; }
PLAIN=$(b64 '\0alice\0se cret:1')
WRONG=$(b64 '\0alice\0wrong')

# asmtp [VAR=value ...]: smtp with the checkpassword program on the
# command line
asmtp() {
  rm -f "$T/mess" "$T/env"
  env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
    QMAILQUEUE="$T/save" $CPENV "$@" "$SMTPD" "$CP" /bin/true \
    <"$T/in" >"$T/out" 2>"$T/err"
  rc=$?
}

# -- offered only with both the program and SMTPAUTH
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$PLAIN" >"$T/in"
asmtp
replies "program but no SMTPAUTH: AUTH unimplemented" "220 250 502 221"
if grep -q AUTH "$T/out"; then t_notok "no SMTPAUTH: not in EHLO"; else t_ok "no SMTPAUTH: not in EHLO"; fi
smtp SMTPAUTH=
replies "SMTPAUTH but no program: AUTH unimplemented" "220 250 502 221"
if grep -q AUTH "$T/out"; then t_notok "no program: not in EHLO"; else t_ok "no program: not in EHLO"; fi
asmtp SMTPAUTH=
hasline "SMTPAUTH empty: PLAIN and LOGIN offered" '^250-AUTH PLAIN LOGIN$' "$T/out"
asmtp SMTPAUTH="cram-md5, plain"
hasline "SMTPAUTH names the mechanisms" '^250-AUTH PLAIN CRAM-MD5$' "$T/out"
hasline "AUTH line before the last EHLO line" '^250 ENHANCEDSTATUSCODES$' "$T/out"
asmtp SMTPAUTH="PLAIN KERBEROS_V4"
replies "SMTPAUTH with an unknown name: 421" "421"
hasline "SMTPAUTH with an unknown name: logged" 'unknown mechanism' "$T/err"

# -- PLAIN with an initial response grants relaying, says ESMTPA
printf 'EHLO c.example\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<bob@remote.example>\r\nRSET\r\nAUTH PLAIN %s\r\nMAIL FROM:<alice@test.example> AUTH=<>\r\nRCPT TO:<bob@remote.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: relayed\r\n\r\nhi\r\n.\r\nQUIT\r\n' "$PLAIN" >"$T/in"
asmtp SMTPAUTH=
replies "PLAIN: relaying refused before, granted after" "220 250 250 553 250 235 250 250 250 354 250 221"
hasline "PLAIN: 235 2.7.0" '^235 2.7.0 ' "$T/out"
checkenv "PLAIN: the remote address is queued" alice@test.example bob@remote.example u@test.example
hasline "Received: with ESMTPA" '^  by 127.0.0.1 with ESMTPA; ' "$T/mess"
hasline "success logged with the name" 'qmail-smtpd: info: auth success mech=PLAIN user=alice remote=192.0.2.7' "$T/err"
if grep -q 'se cret' "$T/err" "$T/out"; then t_notok "the password is not logged"; else t_ok "the password is not logged"; fi
printf 'EHLO c.example\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n\r\nhi\r\n.\r\n' >"$T/in"
asmtp SMTPAUTH=
hasline "no AUTH: Received with ESMTP" '^  by 127.0.0.1 with ESMTP; ' "$T/mess"

# -- the checkpassword program and its subprogram never see the client:
# fd 0 is /dev/null, fd 1 goes to the log
printf '#!/bin/sh\nreadlink /proc/$$/fd/0 >%s/cp/fd0\necho subprogram says hello\n' "$T" >"$T/sub"
chmod 755 "$T/sub"
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$PLAIN" >"$T/in"
env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/save" $CPENV SMTPAUTH= "$SMTPD" "$CP" "$T/sub" \
  <"$T/in" >"$T/out" 2>"$T/err"
replies "a subprogram of our own" "220 250 235 221"
hasline "the subprogram reads /dev/null" '^/dev/null$' "$T/cp/fd0"
hasline "the subprogram writes to the log" '^subprogram says hello$' "$T/err"
if grep -q hello "$T/out"; then t_notok "the subprogram cannot write to the client"
else t_ok "the subprogram cannot write to the client"; fi

# -- PLAIN without an initial response, LOGIN both ways, on a pipe
printf 'EHLO c.example\r\nAUTH PLAIN\r\n%s\r\nQUIT\r\n' "$PLAIN" >"$T/in"
asmtp SMTPAUTH=
replies "PLAIN after an empty 334" "220 250 334 235 221"
hasline "PLAIN: the challenge is empty" '^334 $' "$T/out"
printf 'EHLO c.example\r\nAUTH LOGIN\r\n%s\r\n%s\r\nQUIT\r\n' "$(b64 alice)" "$(b64 'se cret:1')" >"$T/in"
asmtp SMTPAUTH=
replies "LOGIN: user and password asked" "220 250 334 334 235 221"
hasline "LOGIN: Username: asked" '^334 VXNlcm5hbWU6$' "$T/out"
hasline "LOGIN: Password: asked" '^334 UGFzc3dvcmQ6$' "$T/out"
printf 'EHLO c.example\r\nAUTH LOGIN %s\r\n%s\r\nQUIT\r\n' "$(b64 alice)" "$(b64 'se cret:1')" >"$T/in"
asmtp SMTPAUTH=
replies "LOGIN with an initial response" "220 250 334 235 221"

# -- refusals
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<bob@remote.example>\r\nQUIT\r\n' "$WRONG" >"$T/in"
asmtp SMTPAUTH=
replies "wrong password: 535, no relaying" "220 250 535 250 553 221"
hasline "wrong password: 535 5.7.8" '^535 5.7.8 ' "$T/out"
hasline "failure logged" 'info: auth failure mech=PLAIN user=alice' "$T/err"
: >"$T/cp/log"
for who in root ROOT root@test.example; do
  printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$(b64 "\\0$who\\0toor")" >"$T/in"
  asmtp SMTPAUTH=
  replies "$who refused" "220 250 535 221"
done
printf 'EHLO c.example\r\nAUTH LOGIN\r\n%s\r\n%s\r\nQUIT\r\n' "$(b64 Root)" "$(b64 toor)" >"$T/in"
asmtp SMTPAUTH=
replies "Root refused in LOGIN" "220 250 334 334 535 221"
if [ -s "$T/cp/log" ]; then t_notok "root: checkpassword never asked"; cat "$T/cp/log" | sed 's/^/# /'
else t_ok "root: checkpassword never asked"; fi
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$(b64 'bob\0alice\0se cret:1')" >"$T/in"
asmtp SMTPAUTH=
replies "PLAIN acting for another user refused" "220 250 535 221"
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$(b64 '\0tempfail\0x')" >"$T/in"
asmtp SMTPAUTH=
replies "checkpassword exits 111: 454" "220 250 454 221"
hasline "temporary failure: 454 4.7.0" '^454 4.7.0 ' "$T/out"
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$PLAIN" >"$T/in"
env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/save" SMTPAUTH= "$SMTPD" "$T/nonexistent" \
  <"$T/in" >"$T/out" 2>"$T/err"
replies "checkpassword missing: 454" "220 250 454 221"

# -- cancellation, bad base64, malformed messages
printf 'EHLO c.example\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN\r\n*\r\nQUIT\r\n' >"$T/in"
asmtp SMTPAUTH=
replies "cancel with *: 501" "220 250 334 501 334 501 221"
hasline "cancel: 501 5.0.0" '^501 5.0.0 ' "$T/out"
printf 'EHLO c.example\r\nAUTH PLAIN !!!!\r\nAUTH LOGIN\r\nYWxp Y2U=\r\nQUIT\r\n' >"$T/in"
asmtp SMTPAUTH=
replies "bad base64: 501" "220 250 501 334 501 221"
hasline "bad base64: 5.5.2" '^501 5.5.2 malformed base64' "$T/out"
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$(b64 'alice\0')" >"$T/in"
asmtp SMTPAUTH=
replies "malformed PLAIN: 501" "220 250 501 221"
long=$(head -c 5000 /dev/zero | tr '\0' A)
printf 'EHLO c.example\r\nAUTH PLAIN\r\n%s\r\nNOOP\r\n' "$long" >"$T/in"
asmtp SMTPAUTH=
replies "an overlong response line: 501, session goes on" "220 250 334 501 250"

# -- out of place
printf 'AUTH PLAIN %s\r\nEHLO c.example\r\nMAIL FROM:<a@test.example>\r\nAUTH PLAIN %s\r\nRSET\r\nAUTH PLAIN %s\r\nAUTH PLAIN %s\r\nAUTH GSSAPI\r\nQUIT\r\n' \
  "$PLAIN" "$PLAIN" "$PLAIN" "$PLAIN" >"$T/in"
asmtp SMTPAUTH=
replies "before EHLO, in a transaction, twice: 503" "220 503 250 250 503 250 235 503 503 221"
printf 'EHLO c.example\r\nAUTH CRAM-MD5\r\nAUTH FOO\r\nAUTH\r\nAUTH PLAIN a b\r\nQUIT\r\n' >"$T/in"
asmtp SMTPAUTH=
replies "a mechanism not offered: 504; no mechanism: 501" "220 250 504 504 501 501 221"

# -- the attempt limit: the third failure closes the session
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN %s\r\nNOOP\r\n' "$WRONG" "$WRONG" >"$T/in"
asmtp SMTPAUTH=
replies "three failures: 421 and closed" "220 250 535 334 501 421"
t_check "three failures: exit 111" test "$rc" = 111

# -- a real tcpserver: smtplib and swaks
if ! command -v tcpserver >/dev/null 2>&1; then
  t_skip "SMTP AUTH over TCP" "ucspi-tcp's tcpserver is needed"
  exit 0
fi
printf '#!/bin/sh\nexec %s %s /bin/true\n' "$SMTPD" "$CP" >"$T/smtpd-auth"
# as root qmail-smtpd runs as the daemon user: the queue stand-in
# writes where that user may
mkqq saveq "cat >'$T/cp/mess' && cat <&1 >'$T/cp/env'"
# got: what the stand-in saved, where checkenv and hasline look
got() {
  rm -f "$T/env" "$T/mess"
  mv "$T/cp/env" "$T/env" 2>/dev/null
  mv "$T/cp/mess" "$T/mess" 2>/dev/null
}
chmod 755 "$T/smtpd-auth"
[ "$T_ROOT" = 1 ] && LISTEN_OPTS="-u $U_DAEMON -g $G_NOFILES"
# alisten [VAR=value ...]: like smtpd-lib's listen, in this test's range
alisten() {
  p=$((26100 + $$ % 90)); tries=0
  while [ $tries -lt 50 ]; do
    env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/saveq" $CPENV "$@" \
      tcpserver -HRl localhost -c 10 ${LISTEN_OPTS:-} 127.0.0.1 "$p" \
      "$T/smtpd-auth" 2>>"$T/tcpserver.log" &
    LPID=$!; TPIDS="$TPIDS $LPID"
    if t_wait 3 sh -c "python3 '$T/raw.py' 127.0.0.1 $p /dev/null 1 >/dev/null 2>&1"; then
      PORT=$p; return 0; fi
    kill "$LPID" 2>/dev/null; p=$((p + 1)); tries=$((tries + 1))
    [ $p -gt 26199 ] && p=26100
  done
  echo "Bail out! no port for tcpserver"; exit 1
}
unlisten() { kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; }

# client scenario: PASS/FAIL lines become ok/not ok
client() {
  timeout 60 python3 "$TOP/tests/system/auth/client.py" "$PORT" "$1" >"$T/client.out" 2>&1
  crc=$?
  t_passfail "$T/client.out"
  [ "$crc" = 0 ] || t_notok "client $1 exited $crc"
}

alisten SMTPAUTH="PLAIN LOGIN CRAM-MD5"
client PLAIN
got
checkenv "smtplib PLAIN: the remote address is queued" alice@test.example bob@remote.example
hasline "smtplib: Received with ESMTPA" '^  by localhost with ESMTPA; ' "$T/mess"
client LOGIN
client CRAM-MD5
client login
if command -v swaks >/dev/null 2>&1; then
  for m in PLAIN LOGIN CRAM-MD5; do
    if timeout 60 swaks --server "127.0.0.1:$PORT" --from alice@test.example \
        --to carol@remote.example --auth "$m" --auth-user alice \
        --auth-password 'se cret:1' --helo c.example >"$T/swaks.out" 2>&1 &&
       grep -q '^<-  235 2.7.0' "$T/swaks.out"; then
      t_ok "swaks --auth $m"
    else
      t_notok "swaks --auth $m"; sed 's/^/# /' "$T/swaks.out"
    fi
    got
    checkenv "swaks $m: relayed" alice@test.example carol@remote.example
  done
  if timeout 60 swaks --server "127.0.0.1:$PORT" --from a@test.example \
      --to carol@remote.example --auth PLAIN --auth-user alice \
      --auth-password nope >"$T/swaks.out" 2>&1; then
    t_notok "swaks wrong password fails"
  else
    hasline "swaks wrong password: 535" '^<\*\* 535 5.7.8' "$T/swaks.out"
  fi
else
  t_skip "swaks --auth" "swaks is not installed"
fi
unlisten
alisten SMTPAUTH=
client wrong
unlisten
alisten
printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nQUIT\r\n' "$PLAIN" >"$T/in"
raw "$T/in" 3
replies "tcpserver without SMTPAUTH: 502" "220 250 502 221"
unlisten

# -- the submission service as installed: its run script, on a port of
# this test's range (the file port), with control/qmail-submission-checkpw
sv=$T/sv-submission
cp -R "$H/supervise/qmail-submission" "$sv"
echo 127.0.0.1 >"$sv/ip"
# an ordinary user's tcpserver cannot set its gid (setgroups), even to
# its own: the run script runs without -u and -g then
[ "$T_ROOT" = 1 ] || sed -i 's/ -u [0-9]* -g [0-9]*//' "$sv/run"
echo "$CP" >"$H/control/qmail-submission-checkpw"
p=$((26190 + $$ % 10)); tries=0; PORT=""
while [ $tries -lt 10 ] && [ -z "$PORT" ]; do
  echo "$p" >"$sv/port"
  (cd "$sv" && exec env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/saveq" $CPENV sh ./run) \
    >>"$T/submission.log" 2>&1 &
  SPID=$!; TPIDS="$TPIDS $SPID"
  if t_wait 3 sh -c "python3 '$T/raw.py' 127.0.0.1 $p /dev/null 1 >/dev/null 2>&1"; then
    PORT=$p
  else
    kill "$SPID" 2>/dev/null; p=$((p + 1)); tries=$((tries + 1))
  fi
done
if [ -z "$PORT" ]; then
  t_notok "submission service listens"; sed 's/^/# /' "$T/submission.log"
else
  printf 'EHLO c.example\r\nAUTH PLAIN %s\r\nMAIL FROM:<alice@test.example>\r\nRCPT TO:<dave@remote.example>\r\nDATA\r\nSubject: submitted\r\n\r\nhi\r\n.\r\nQUIT\r\n' "$PLAIN" >"$T/in"
  raw "$T/in" 5
  replies "submission service: AUTH, then relaying" "220 250 235 250 250 354 250 221"
  hasline "submission service: AUTH PLAIN LOGIN offered" '^250-AUTH PLAIN LOGIN$' "$T/out"
  got
  checkenv "submission service: relayed" alice@test.example dave@remote.example
  kill "$SPID" 2>/dev/null
fi
t_done

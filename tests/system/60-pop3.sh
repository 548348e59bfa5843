#!/bin/sh
# 60-pop3.sh - qmail-popup and qmail-pop3d under a real tcpserver on
# loopback, with a checkpassword (Debian's is not used even when
# installed: it checks /etc/shadow, and the tests never add users;
# pop3/checkpw.py checks a fixed table), driven by
# python3's poplib: login, STAT, LIST, UIDL, TOP and RETR byte for
# byte, DELE with QUIT and with a dropped connection, RSET, LAST,
# APOP, wrong passwords, new/ moved to cur/, malformed and overlong
# lines; as root, qmail-pop3d runs as the user and refuses root.
. "$(dirname "$0")/lib.sh"
t_init
t_build
# the checkpassword runs from the test's own directory
cp "$TOP/tests/system/pop3/checkpw.py" "$T/checkpw"
chmod 755 "$T/checkpw"
CP=$T/checkpw
CLIENT=$TOP/tests/system/pop3/client.py
POPUP=$H/bin/qmail-popup
POP3D=$H/bin/qmail-pop3d

if ! command -v python3 >/dev/null 2>&1 || ! command -v tcpserver >/dev/null 2>&1; then
  t_skip "POP3" "python3 and ucspi-tcp's tcpserver are needed"
  exit 0
fi

# alice, uid 65510 as root; toor keeps root's uid
ALICE=65510
[ "$T_ROOT" = 1 ] || ALICE=$(id -u)
home=$T/users/alice
md=$home/Maildir
mkdir -p "$T/users" "$md/new" "$md/cur" "$md/tmp"
chmod 755 "$T/users"
printf 'alice:se cret:%s:%s\ntoor:se cret:keep:%s\n' "$ALICE" "$home" "$home" \
  >"$T/users.txt"

# mailbox: one old message already seen (cur/, flag S) and one new one
# whose body has lines that must be dot-stuffed and a last line with
# no line end
printf 'From: a@test.example\nSubject: one\n\nfirst\n' \
  >"$md/cur/1000000000.1.test:2,S"
printf 'From: b@test.example\nSubject: two\n\n.\n..two dots\n.leading\nmiddle\n\nlast line, no LF' \
  >"$md/new/1000000001.2.test"
touch -d @1000000000 "$md/cur/1000000000.1.test:2,S"
touch -d @1000000001 "$md/new/1000000001.2.test"
# a tmp/ file left by a crash 40 hours ago is removed; a fresh one stays
: >"$md/tmp/1.old"; touch -a -d "@$(( $(date +%s) - 40 * 3600 ))" "$md/tmp/1.old"
: >"$md/tmp/2.fresh"
[ "$T_ROOT" = 1 ] && chown -R "$ALICE:$ALICE" "$home"

# listen: tcpserver on 127.0.0.1:$PORT running qmail-popup, a port
# picked from the pid, tried again if it is taken
listen() {
  p=$((50000 + $$ % 10000)); tries=0
  while [ $tries -lt 50 ]; do
    env -i PATH=/usr/bin:/bin CHECKPW_USERS="$T/users.txt" \
      tcpserver -HRl localhost -c 10 127.0.0.1 "$p" \
      "$POPUP" pop.test "$CP" "$POP3D" Maildir 2>>"$T/tcpserver.log" &
    LPID=$!; TPIDS="$TPIDS $LPID"
    if t_wait 3 python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 1).close()" 2>/dev/null; then
      PORT=$p; return 0; fi
    kill "$LPID" 2>/dev/null; p=$((p + 1)); tries=$((tries + 1))
  done
  echo "Bail out! no port for tcpserver"; exit 1
}

# client scenario: run one scenario; its PASS/FAIL lines become ok/not ok
client() {
  timeout 60 python3 "$CLIENT" "$PORT" "$md" "$LPID" "$1" >"$T/client.out" 2>&1
  rc=$?
  t_passfail "$T/client.out"
  [ "$rc" = 0 ] || t_notok "client $1 exited $rc"
}

listen
client session
t_check "tmp/: a file older than 36 hours removed" test ! -e "$md/tmp/1.old"
t_check "tmp/: a fresh file kept" test -e "$md/tmp/2.fresh"
client drop
client wrong
client apop
client malformed
if [ "$T_ROOT" = 1 ]; then
  client uid
  client root
  t_check "the refusal is logged" grep -q 'qmail-pop3d: fatal: refusing to run as root' "$T/tcpserver.log"
else
  t_skip "qmail-pop3d runs as the user (from /proc)" "needs root to change uid"
  t_skip "qmail-pop3d refuses to run as root" "needs root"
fi
client delete

# qmail-pop3d alone, on pipes: usage, and a missing Maildir
"$POP3D" </dev/null >"$T/out" 2>"$T/err"; rc=$?
t_check "qmail-pop3d without a maildir: usage, exit 100" test "$rc" = 100
if [ "$T_ROOT" = 1 ]; then
  (cd "$home" && setpriv --reuid="$ALICE" --regid="$ALICE" --clear-groups -- "$POP3D" Nomaildir) </dev/null >"$T/out" 2>"$T/err"
else
  (cd "$home" && "$POP3D" Nomaildir) </dev/null >"$T/out" 2>"$T/err"
fi
rc=$?
t_check "qmail-pop3d with no such Maildir: exit 111, nothing said to the client" \
  sh -c "test $rc = 111 && test ! -s '$T/out'"
"$POPUP" pop.test </dev/null >"$T/out" 2>"$T/err"; rc=$?
t_check "qmail-popup without a subprogram: usage, exit 100" test "$rc" = 100
printf 'USER alice\r\nPASS x\r\n' |
  env -i CHECKPW_USERS="$T/users.txt" "$POPUP" pop.test "$T/nonexistent" >"$T/out" 2>"$T/err"; rc=$?
t_check "a checkpassword that cannot run: a temporary -ERR, exit 111" \
  sh -c "test $rc = 111 && tr -d '\r' <'$T/out' | tail -n 1 | grep -q '^-ERR \[SYS/TEMP\]'"

t_done

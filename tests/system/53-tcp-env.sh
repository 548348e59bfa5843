#!/bin/sh
# 53-tcp-env.sh - tcp-env: the variables of tcp-environ(5) from the
# socket on fd 0 (IPv4 loopback), stale values removed, -R and -t,
# a non-socket left alone, usage errors; then qmail-smtpd behind it
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"
TE=$H/bin/tcp-env

# serve program...: one tcpserver on a free port running program
serve() {
  p=$((30000 + $$ % 20000)); tries=0
  while [ $tries -lt 50 ]; do
    tcpserver -HR 127.0.0.1 "$p" "$@" 2>>"$T/tcpserver.log" &
    LPID=$!; TPIDS="$TPIDS $LPID"
    if t_wait 3 sh -c "python3 '$T/raw.py' 127.0.0.1 $p /dev/null 1 >/dev/null 2>&1"; then
      PORT=$p; return 0; fi
    kill "$LPID" 2>/dev/null; p=$((p + 1)); tries=$((tries + 1))
  done
  echo "Bail out! no port"; exit 1
}

: >"$T/empty"
serve env -i TCPREMOTEINFO=stale TCPREMOTEHOST=stale "$TE" -t 2 /usr/bin/env
raw "$T/empty" 5
sort "$T/out" >"$T/vars"
hasline "PROTO=TCP" '^PROTO=TCP$' "$T/vars"
hasline "TCPLOCALIP" '^TCPLOCALIP=127.0.0.1$' "$T/vars"
hasline "TCPREMOTEIP" '^TCPREMOTEIP=127.0.0.1$' "$T/vars"
hasline "TCPLOCALPORT" "^TCPLOCALPORT=$PORT\$" "$T/vars"
hasline "TCPREMOTEPORT" '^TCPREMOTEPORT=[0-9][0-9]*$' "$T/vars"
if grep -q '=stale$' "$T/vars"; then t_notok "stale TCPREMOTEHOST and TCPREMOTEINFO replaced or removed"; sed 's/^/# /' "$T/vars"
else t_ok "stale TCPREMOTEHOST and TCPREMOTEINFO replaced or removed"; fi
kill "$LPID"; wait "$LPID" 2>/dev/null

serve env -i "$TE" -R /usr/bin/env
raw "$T/empty" 5
t_check "-R: no TCPREMOTEINFO" sh -c "! grep -q '^TCPREMOTEINFO=' '$T/out'"
hasline "-R: the other variables" '^TCPREMOTEIP=127.0.0.1$' "$T/out"
kill "$LPID"; wait "$LPID" 2>/dev/null

# not a socket: the environment is left as it is
env -i TCPREMOTEIP=9.9.9.9 "$TE" /usr/bin/env </dev/null >"$T/out" 2>&1
hasline "not a socket: nothing changed" '^TCPREMOTEIP=9.9.9.9$' "$T/out"
t_check "not a socket: no PROTO" sh -c "! grep -q '^PROTO=' '$T/out'"
env -i "$TE" >/dev/null 2>"$T/err"; rc=$?
t_check "no program: usage, exit 100" test "$rc" = 100
env -i "$TE" -t x /usr/bin/env >/dev/null 2>&1; rc=$?
t_check "-t x: exit 100" test "$rc" = 100
env -i "$TE" -R "$T/nonexistent" </dev/null >/dev/null 2>"$T/err"; rc=$?
t_check "a program that cannot run: exit 111" test "$rc" = 111

# qmail-smtpd behind tcp-env, as from inetd
serve env -i QMAILQUEUE="$T/save" "$TE" -R "$SMTPD"
printf 'HELO t\r\nMAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' >"$T/in"
raw "$T/in"
replies "qmail-smtpd behind tcp-env" "220 250 250 250 354 250 221"
hasline "Received from tcp-env's variables" '(127.0.0.1)$' "$T/mess"
kill "$LPID"; wait "$LPID" 2>/dev/null

t_done

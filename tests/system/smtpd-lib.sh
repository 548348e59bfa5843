# smtpd-lib.sh - sourced by the qmail-smtpd tests (5N-smtpd-*.sh) after
# lib.sh: a QMAILQUEUE that saves the message and the envelope, a pipe
# runner, a tcpserver listener on loopback, and a raw socket client.
t_init
t_build
chmod 755 "$T"
SMTPD=$H/bin/qmail-smtpd

# mkqq name body: a QMAILQUEUE program in $T
mkqq() {
  printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
  chmod 755 "$T/$1"
}
mkqq save "cat >'$T/mess' && cat <&1 >'$T/env'"

# smtp [VAR=value ...]: qmail-smtpd on a pipe, the ucspi way; input
# $T/in, replies $T/out, stderr $T/err, status $rc
smtp() {
  rm -f "$T/mess" "$T/env"
  env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
    QMAILQUEUE="$T/save" "$@" "$SMTPD" <"$T/in" >"$T/out" 2>"$T/err"
  rc=$?
}

same() {
  if cmp -s "$2" "$3"; then t_ok "$1"; else
    t_notok "$1"; diff "$2" "$3" | sed 's/^/# /'; fi
}

# replies what expected: the reply codes in $T/out, one a line, then
# compared with the list given (space separated)
replies() {
  tr -d '\r' <"$T/out" | sed -n 's/^\([0-9][0-9][0-9]\)\( .*\)\{0,1\}$/\1/p' |
    tr '\n' ' ' | sed 's/ $//' >"$T/codes"
  if [ "$(cat "$T/codes")" = "$2" ]; then t_ok "$1: replies $2"; else
    t_notok "$1: replies $(cat "$T/codes"), not $2"; sed 's/^/# /' "$T/out"; fi
}

hasline() {
  if tr -d '\r' <"$3" 2>/dev/null | grep -q "$2"; then t_ok "$1"; else
    t_notok "$1"; sed 's/^/# /' "$3" 2>/dev/null; fi
}

# envexp sender recipient...: the envelope qmail-queue should read
envexp() {
  printf 'F%s\0' "$1" >"$T/env.exp"; shift
  for r in "$@"; do printf 'T%s\0' "$r" >>"$T/env.exp"; done
  printf '\0' >>"$T/env.exp"
}
checkenv() {
  what=$1; shift
  envexp "$@"
  same "$what: envelope" "$T/env.exp" "$T/env"
}
nothingqueued() {
  if [ -s "$T/env" ]; then t_notok "$1: nothing queued"; od -c "$T/env" | sed 's/^/# /'
  else t_ok "$1: nothing queued"; fi
}

# listen [VAR=value ...]: qmail-smtpd (or $LISTEN_PROG) under a real
# tcpserver on 127.0.0.1:$PORT, with the given environment (tcprules'
# job) and any tcpserver options in $LISTEN_OPTS (-u, -g)
listen() {
  p=$((20000 + $$ % 20000))
  tries=0
  while [ $tries -lt 50 ]; do
    env -i PATH=/usr/bin:/bin QMAILQUEUE="${QQ:-$T/save}" "$@" \
      tcpserver -HRl localhost -c 40 ${LISTEN_OPTS:-} 127.0.0.1 "$p" \
      "${LISTEN_PROG:-$SMTPD}" \
      2>>"$T/tcpserver.log" &
    LPID=$!
    TPIDS="$TPIDS $LPID"
    if t_wait 3 sh -c "python3 '$T/raw.py' 127.0.0.1 $p /dev/null 1 >/dev/null 2>&1"; then
      PORT=$p
      return 0
    fi
    kill "$LPID" 2>/dev/null
    p=$((p + 1)); tries=$((tries + 1))
  done
  echo "Bail out! no port for tcpserver"
  exit 1
}
unlisten() { kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; }

# raw.py host port infile [timeout]: send infile's bytes as they are,
# print every byte the server sends until it closes or goes quiet
cat >"$T/raw.py" <<'PY'
import socket, sys
host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
quiet = float(sys.argv[4]) if len(sys.argv) > 4 else 5
s = socket.create_connection((host, port), timeout=quiet)
data = open(path, 'rb').read()
if data:
    s.sendall(data)
out = b''
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except socket.timeout:
    pass
sys.stdout.buffer.write(out)
PY
# raw infile [timeout]: through the listener; replies in $T/out
raw() {
  python3 "$T/raw.py" 127.0.0.1 "$PORT" "$1" "${2:-5}" >"$T/out" 2>"$T/rawerr"
}

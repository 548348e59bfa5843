#!/bin/sh
# 63-splogger.sh - splogger's records as syslogd receives them: tag,
# facility and priority, the numerical timestamp, unprintable bytes,
# blank lines, folding after 800 bytes, a last line without newline.
#
# syslog(3) always writes to /dev/log, so the test gives splogger a
# mount namespace of its own where /dev/log is the test's datagram
# socket (unshare -m as root; unshare -rm, a user namespace, otherwise).
# Where neither is allowed, the records cannot be seen: SKIP.
. "$(dirname "$0")/lib.sh"
t_init
SP=$TOP/bin/splogger

"$SP" a b c </dev/null 2>/dev/null
t_check "usage: three arguments is 100" [ $? = 100 ]
"$SP" tag 24 </dev/null 2>/dev/null
t_check "usage: facility over 23 is 100" [ $? = 100 ]
"$SP" tag x </dev/null 2>/dev/null
t_check "usage: a facility that is not a number is 100" [ $? = 100 ]
printf 'x\n' | "$SP" >/dev/null 2>&1
t_check "no syslogd reachable: still exits 0" [ $? = 0 ]

if ! command -v python3 >/dev/null 2>&1; then
  t_skip "syslog records" "python3 is not installed"
  t_done; exit
fi
cat >"$T/recv.py" <<'EOF'
import socket, sys, time, os
path, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
open(out + ".ready", "w").close()
end = time.time() + 20
got = 0
with open(out, "wb") as f:
    while got < want and time.time() < end:
        s.settimeout(max(0.1, end - time.time()))
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        f.write(d.rstrip(b"\0") + b"\n"); f.flush(); got += 1
EOF

if [ "$T_ROOT" = 1 ]; then NS="unshare -m"; else NS="unshare -rm"; fi
# inns file args...: splogger with file on its input, /dev/log ours
inns() {
  f=$1; shift
  $NS sh -c 'mount --make-rprivate / 2>/dev/null
    mount -t tmpfs tmpfs /dev || exit 99
    ln -s "$1" /dev/log || exit 99
    shift; exec "$@"' sh "$T/log.sock" "$SP" "$@" <"$f"
}
# run n file args...: start a receiver for n records, run splogger
run() {
  n=$1; shift
  rm -f "$T/log.sock" "$T/recs" "$T/recs.ready"
  python3 "$T/recv.py" "$T/log.sock" "$T/recs" "$n" &
  RP=$!; TPIDS="$TPIDS $RP"
  t_wait 10 test -f "$T/recs.ready" || return 1
  inns "$@"; rc=$?
  t_wait 20 sh -c "! kill -0 $RP 2>/dev/null"
  return $rc
}

if ! $NS sh -c 'mount -t tmpfs tmpfs /dev' 2>/dev/null; then
  t_skip "syslog records" "no mount namespace here (unshare -m or -rm refused)"
  t_done; exit
fi

long=$(head -c 1700 /dev/zero | tr '\0' a)
printf 'hello world\n\nwarning: disk low\nalert: oops\nqmail-send: warning: x\ntab\there\001ctl\303\251\n%s\nend' \
  "$long" >"$T/in"
run 8 "$T/in" qtag
t_check "splogger exits 0" [ $rc = 0 ]
t_check "eight records (blank line left out, long line in three)" \
  [ "$(wc -l <"$T/recs" | tr -d ' ')" = 8 ]
rec() { sed -n "$1p" "$T/recs"; }
t_check "info, facility 2 (mail), tag and timestamp" \
  sh -c "sed -n 1p '$T/recs' | grep -qE '^<22>.* qtag: [0-9]+\\.[0-9]{6} hello world\$'"
t_check "warning: is LOG_WARNING" sh -c "sed -n 2p '$T/recs' | grep -qE '^<20>.* qtag: [0-9.]+ warning: disk low\$'"
t_check "alert: is LOG_ALERT" sh -c "sed -n 3p '$T/recs' | grep -qE '^<17>.* qtag: [0-9.]+ alert: oops\$'"
t_check "prog: warning: is LOG_WARNING" sh -c "sed -n 4p '$T/recs' | grep -qE '^<20>.* qmail-send: warning: x\$'"
t_check "unprintable bytes become ?" sh -c "sed -n 5p '$T/recs' | grep -qE '^<22>.* [0-9.]+ tab\\?here\\?ctl\\?\\?\$'"
s1=$(rec 6 | sed -n 's/.* qtag: \([0-9.]*\) .*/\1/p')
s2=$(rec 7 | sed -n 's/.* qtag: \([0-9.]*\) .*/\1/p')
s3=$(rec 8 | sed -n 's/.* qtag: \([0-9.]*\) .*/\1/p')
t_check "a folded line keeps its timestamp" sh -c "[ -n '$s1' ] && [ '$s1' = '$s2' ] && [ '$s2' = '$s3' ]"
t_check "folded pieces: 800 bytes, then + and the rest" sh -c \
  "[ \"\$(sed -n 6p '$T/recs' | sed 's/.* [0-9.]* //' | tr -d '\n' | wc -c)\" = 800 ] &&
   sed -n 7p '$T/recs' | grep -qE ' [0-9.]+ \\+a+\$' && sed -n 8p '$T/recs' | grep -qE ' [0-9.]+ \\+a+\$'"
t_check "folded pieces hold the whole line" sh -c \
  "[ \"\$(sed -n '6,8p' '$T/recs' | sed 's/.* [0-9.]* +*//' | tr -d '\n' | wc -c)\" = 1700 ]"
# the last line, without newline, is record 9: run again for it alone
printf 'no newline at end' >"$T/in2"
run 1 "$T/in2" qtag 3
t_check "a last line without newline; facility 3 (daemon)" \
  sh -c "grep -qE '^<30>.* qtag: [0-9.]+ no newline at end\$' '$T/recs'"
printf 'x\n' >"$T/in3"
run 1 "$T/in3"
t_check "default tag splogger" grep -qE '^<22>.* splogger: [0-9.]+ x$' "$T/recs"
t_done

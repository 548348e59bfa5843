#!/bin/sh
# 81-hugeline.sh - the 2020 Qualys attack on qmail-local (a header line
# of 4 GiB) against quire's qmail-local and qmail-smtpd, with no
# softlimit or ulimit on memory: each refuses the message with the
# right error, nothing is delivered or queued, and the process's peak
# memory (ru_maxrss) stays small.
#
# qmail-local gets the real 4 GiB line (a sparse file, so it costs no
# disk).  qmail-smtpd must read what it refuses to the end of the data,
# so it is sent HUGE bytes over a pipe: 80 MiB by default (over the
# default databytes of 64 MiB), 4 GiB + 1
# with QUIRE_LONG=1 (make proofs).
. "$(dirname "$0")/lib.sh"
t_init
. "$(dirname "$0")/local-lib.sh"
MAXKB=8192
if [ -n "${QUIRE_LONG:-}" ]; then HUGE=$((4 * 1024 * 1024 * 1024 + 1)); else HUGE=$((80 * 1024 * 1024)); fi

# peak command...: tests/unit/peakrss: "status maxrss-kB" on stderr
PEAK=$TOP/tests/unit/peakrss
[ -x "$PEAK" ] || { echo "Bail out! $PEAK is not built (make tests)"; exit 1; }

# -- qmail-local: "X-Big: " and 4 GiB of NUL bytes, no newline, then a body
HOMED=$T/rcpt
mkhome
printf 'X-Big: ' >"$T/big"
truncate -s $((4 * 1024 * 1024 * 1024 + 7)) "$T/big"
printf '\n\nbody\n' >>"$T/big"
t_check "the message file is over 4 GiB" test "$(stat -c %s "$T/big")" -gt 4294967296
start=$(date +%s)
as_rcpt "$PEAK" "$QL" -- rcpt "$HOMED" rcpt "" "" test.example \
  sender@test.example ./Maildir/ <"$T/big" >"$T/ql.out" 2>"$T/ql.peak"
read -r rc kb <"$T/ql.peak"
t_check "qmail-local refuses it permanently (exit $rc)" test "$rc" = 100
t_check "with a clear reason" grep -q 'header field is too long' "$T/ql.out"
t_check "qmail-local's peak memory ${kb} kB < $MAXKB kB" test "$kb" -lt "$MAXKB"
t_check "it stopped early ($(($(date +%s) - start)) s)" test $(($(date +%s) - start)) -lt 60
t_check "nothing delivered" test -z "$(find "$HOMED/Maildir" -type f)"

# -- qmail-smtpd: a session whose DATA holds one line of HUGE bytes, into
# the instance's own qmail-queue
SMTPD=$H/bin/qmail-smtpd
mkfifo "$T/smtp-in"
python3 - "$T/smtp-in" "$HUGE" <<'PY' &
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, 'wb') as f:
    f.write(b'EHLO x\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<u@test.example>\r\n'
            b'DATA\r\nX-Big: ')
    chunk = b'a' * (1 << 20)
    left = n
    while left > 0:
        k = min(left, len(chunk))
        f.write(chunk[:k])
        left -= k
    f.write(b'\r\n\r\nbody\r\n.\r\nQUIT\r\n')
PY
WPID=$!
TPIDS="$TPIDS $WPID"
start=$(date +%s)
env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
  "$PEAK" "$SMTPD" <"$T/smtp-in" >"$T/sd.out" 2>"$T/sd.peak"
wait "$WPID"
read -r rc kb <"$T/sd.peak"
t_note "qmail-smtpd read $HUGE bytes of one line in $(($(date +%s) - start)) s"
t_check "qmail-smtpd refuses it: 552 (default databytes)" grep -q '^552 ' "$T/sd.out"
t_check "and stays in step: QUIT answered" grep -q '^221 ' "$T/sd.out"
t_check "qmail-smtpd's peak memory ${kb} kB < $MAXKB kB" test "$kb" -lt "$MAXKB"
t_check "nothing queued, nothing left in the queue" test -z "$(find "$H/queue/mess" \
  "$H/queue/todo" "$H/queue/intd" "$H/queue/pid" -type f)"
t_done

#!/bin/sh
# remote.sh - draining a queue to a loopback SMTP sink, quire and Postfix
#
# N messages of SIZE bytes to one remote domain are queued while each
# system's daemons are stopped (quire: qmail-inject into todo/; Postfix:
# sendmail, which leaves them in maildrop/), then the daemons are started
# and timed until the sink has taken all N.  The sink is the same for
# both: Postfix's smtp-sink on 127.0.0.1, which throws the messages away
# and counts sessions and messages (-c).  Concurrency CONC (default "20
# 100"): quire's control/concurrencyremote, Postfix's
# default_destination_concurrency_limit and
# smtp_destination_concurrency_limit.  R repetitions, the order of the
# systems swapped each time.  Prints msg/s, CPU ms per message of the
# daemons, SMTP sessions per message, and the quire/Postfix ratios.
# PREPROCESS=1 measures the remote path alone: the queue is processed
# beforehand (quire: qmail-send with concurrencyremote 0 until todo/ is
# empty; Postfix: defer_transports = smtp until every message is in
# deferred/), then drained (Postfix: postqueue -f at the start).
# set before lib.sh, whose defaults (1000, 3) suit the local benchmarks
N=${N:-2000}
R=${R:-1}
. "$(dirname "$0")/lib.sh"
CONC=${CONC:-20 100}
PREPROCESS=${PREPROCESS:-0}
SINK_DOMAIN=sink.example
RCPT=r@$SINK_DOMAIN
b_init
command -v smtp-sink >/dev/null ||
  { echo "bench: smtp-sink is needed (it comes with postfix)"; exit 1; }

b_say "remote benchmark: drain N=$N queued messages of $SIZE bytes to a loopback sink, R=$R, concurrency: $CONC, preprocessed: $PREPROCESS"
b_machine

# a free TCP port on 127.0.0.1 now (the kernel's choice)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

b_quire_build quire
echo "$SINK_DOMAIN:127.0.0.1:$PORT" >"$B/quire/control/smtproutes"
b_pf_setup
cat >>"$PF/etc/main.cf" <<PFEOF
relayhost = [127.0.0.1]:$PORT
smtp_dns_support_level = disabled
default_process_limit = 200
PFEOF
b_say "  postfix $(b_pf_version) (smtp(8) through relayhost), private instance in $PF; sink smtp-sink on 127.0.0.1:$PORT"

now() { date +%s.%N; }

# sink_start tag: smtp-sink, its counters in $B/sink-tag.out
sink_start() {
  smtp-sink -c -u nobody -m 1000 "127.0.0.1:$PORT" 1000 >"$B/sink-$1.out" 2>&1 &
  SINKPID=$!
  b_addpid "$SINKPID"
  b_wait 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT)).close()" ||
    b_fail "smtp-sink did not start"
}

sink_stop() {
  kill -TERM "$SINKPID" 2>/dev/null
  b_wait 10 sh -c "! kill -0 $SINKPID 2>/dev/null" || kill -KILL "$SINKPID" 2>/dev/null
  wait "$SINKPID" 2>/dev/null
  b_delpid "$SINKPID"
}

# sink_count file: "sessions messages" from smtp-sink's last counter line
# (the probe connection of sink_start is one session, not counted here)
sink_count() {
  tr '\r' '\n' <"$1" | grep '^sess=' | tail -n 1 |
    sed 's/^sess=\([0-9]*\) quit=[0-9]* mesg=\([0-9]*\).*/\1 \2/'
}

# wait_sink file n seconds: until the sink has taken n messages; prints
# the epoch time when it had (polled every 20 ms), or fails
wait_sink() {
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys, time
path, n, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.time() + limit
while time.time() < end:
    with open(path, 'rb') as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 200))
        tail = f.read().decode(errors='replace')
    m = re.findall(r'mesg=(\d+)', tail)
    if m and int(m[-1]) >= n:
        print('%.3f' % time.time())
        sys.exit(0)
    time.sleep(0.02)
print('timeout')
sys.exit(1)
PY
}

# wait_empty dirs seconds: until no file is left under the dirs
wait_empty() {
  b_wait "$2" sh -c "[ -z \"\$(find $1 -type f 2>/dev/null | head -n 1)\" ]"
}

# sink_settled file: the counters once no session has ended for a
# second (smtp-sink counts a session when it ends), at most 30 s
sink_settled() {
  last=$(sink_count "$1")
  i=0
  while [ $i -lt 30 ]; do
    sleep 1
    now_=$(sink_count "$1")
    [ "$now_" = "$last" ] && break
    last=$now_
    i=$((i + 1))
  done
  echo "$last"
}

# report tag sys conc t0 t1 cpu: one result line; the daemons are
# stopped by now, so every session they had open has ended
report() {
  tag=$1 sys=$2 conc=$3 t0=$4 t1=$5 cpu=$6
  set -- $(sink_settled "$B/sink-$tag.$sys.$conc.out")
  sess=$(($1 - 1)) got=$2
  [ "$got" -eq "$N" ] || b_fail "$sys c=$conc: the sink took $got messages, expected $N"
  line=$(awk -v t0="$t0" -v t1="$t1" -v n="$N" -v cpu="$cpu" -v s="$sess" 'BEGIN {
    split(cpu, c, " ")
    printf "rate=%.1f wall=%.3f cpu_ms=%.3f sessions=%d sess_per_msg=%.3f procs=%d",
      n / (t1 - t0), t1 - t0, 1000 * c[1] / n, s, s / n, c[2] }')
  echo "$tag $sys $conc $line" >>"$B/results"
  echo "  $tag $sys conc=$conc $line"
}

run_quire() {
  tag=$1 conc=$2
  line=$(python3 "$B/bench.py" fill --n "$N" --injectors 4 --size "$SIZE" \
    --timeout "$TIMEOUT" --tag "$tag.q.$conc" -- \
    "$B/quire/bin/qmail-inject" -f "$SENDER" "$RCPT") || b_fail "queueing for quire: $line"
  if [ "$PREPROCESS" = 1 ]; then
    # qmail-send with no remote slot: todo/ processed, nothing sent
    echo 0 >"$B/quire/control/concurrencyremote"
    b_quire_start quire
    wait_empty "$B/quire/queue/todo" "$TIMEOUT" || b_fail "quire: todo/ not processed"
    b_quire_stop quire
  fi
  echo "$conc" >"$B/quire/control/concurrencyremote"
  sink_start "$tag.quire.$conc"
  t0=$(now)
  b_quire_start quire
  t1=$(wait_sink "$B/sink-$tag.quire.$conc.out" "$N" "$TIMEOUT") ||
    b_fail "quire c=$conc: not drained within $TIMEOUT s ($(sink_count "$B/sink-$tag.quire.$conc.out"))"
  wait_empty "$B/quire/queue/mess $B/quire/queue/todo" "$TIMEOUT" ||
    b_fail "quire c=$conc: the queue did not empty"
  cpu=$(python3 "$B/bench.py" ticks "$(cat "$B/quire.pid")")
  b_quire_stop quire
  report "$tag" quire "$conc" "$t0" "$t1" "$cpu"
  sink_stop
}

run_postfix() {
  tag=$1 conc=$2
  postconf -c "$PF/etc" -e "default_destination_concurrency_limit = $conc" \
    "smtp_destination_concurrency_limit = $conc" ||
    b_fail "postconf"
  line=$(python3 "$B/bench.py" fill --n "$N" --injectors 4 --size "$SIZE" \
    --timeout "$TIMEOUT" --tag "$tag.p.$conc" -- \
    /usr/sbin/sendmail -C "$PF/etc" -f "$SENDER" -i "$RCPT") ||
    b_fail "queueing for Postfix: $line"
  if [ "$PREPROCESS" = 1 ]; then
    # every message through pickup, cleanup and qmgr into deferred/
    postconf -c "$PF/etc" -e "defer_transports = smtp" || b_fail "postconf"
    b_pf_start
    b_wait "$TIMEOUT" sh -c "[ \$(find '$PF/queue/deferred' -type f | wc -l) -ge $N ]" ||
      b_fail "postfix: the messages did not reach deferred/"
    b_pf_stop
    postconf -c "$PF/etc" -e "defer_transports =" || b_fail "postconf"
  fi
  sink_start "$tag.postfix.$conc"
  t0=$(now)
  b_pf_start
  if [ "$PREPROCESS" = 1 ]; then
    postqueue -c "$PF/etc" -f || b_fail "postqueue -f"
  fi
  t1=$(wait_sink "$B/sink-$tag.postfix.$conc.out" "$N" "$TIMEOUT") ||
    b_fail "postfix c=$conc: not drained within $TIMEOUT s ($(sink_count "$B/sink-$tag.postfix.$conc.out"))"
  q=$PF/queue
  wait_empty "$q/maildrop $q/incoming $q/active $q/deferred" "$TIMEOUT" ||
    b_fail "postfix c=$conc: the queue did not empty"
  cpu=$(python3 "$B/bench.py" ticks "$PFPID")
  b_pf_stop
  report "$tag" postfix "$conc" "$t0" "$t1" "$cpu"
  sink_stop
}

: >"$B/results"
rep=1
while [ "$rep" -le "$R" ]; do
  if [ $((rep % 2)) = 1 ]; then order="quire postfix"; else order="postfix quire"; fi
  for conc in $CONC; do
    for sys in $order; do
      "run_$sys" "r$rep" "$conc"
    done
  done
  rep=$((rep + 1))
done

echo
b_say "medians over $R repetitions (ratio: median of the per-repetition quire/postfix ratios)"
python3 - "$B/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    kv = dict(x.split('=', 1) for x in f[3:])
    rows.setdefault((f[1], f[2]), {})[f[0]] = {k: float(v) for k, v in kv.items()}
def med(xs):
    xs = sorted(xs); m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2
print('%-6s %27s %27s %20s' % ('conc', 'quire', 'postfix', 'quire/postfix'))
print('%-6s' % '' + '%9s%9s%9s' % ('msg/s', 'cpu_ms', 'sess/msg') * 2 +
      '%10s%10s' % ('msg/s', 'cpu/msg'))
for conc in sorted({c for (_, c) in rows}, key=int):
    q, p = rows.get(('quire', conc), {}), rows.get(('postfix', conc), {})
    out = '%-6s' % conc
    for r in (q, p):
        for k in ('rate', 'cpu_ms', 'sess_per_msg'):
            v = [x[k] for x in r.values()]
            out += '%9.2f' % med(v) if v else '%9s' % '-'
    tags = sorted(set(q) & set(p))
    for k in ('rate', 'cpu_ms'):
        v = [q[t][k] / p[t][k] for t in tags if p[t][k]]
        out += '%10.2f' % med(v) if v else '%10s' % '-'
    print(out)
PY
exit 0

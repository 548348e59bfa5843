#!/bin/sh
# bigqueue.sh - does a large queue slow injection and local delivery?
#
# Two quire instances from the same build, "empty" and "big":
#  1. fill: "big" gets BIG messages (default 20,000) to a remote address
#     from 4 injectors while its qmail-send runs: this quire's
#     qmail-rspawn defers every remote recipient, so they stay queued.
#     Prints the injection rate by quarter of the fill, and how long
#     qmail-send took to preprocess and try them all once.
#  2. restart: "big"'s qmail-send is stopped (it writes each message's
#     next retry, qmail's pqfinish) and started again (it reads info/,
#     local/, remote/ of every message, pqstart): both timed.  While it
#     is stopped the retries are moved two hours ahead, so that no retry
#     runs during step 3 (otherwise the first retries come 400 s after
#     the fill began, mid-measurement).
#  3. measure: N local messages into each instance, by 1 and by 4
#     injectors, R repetitions with the order swapped each time, as
#     local.sh measures them; medians and big/empty ratios.
#  4. drain: "empty"'s qmail-send is stopped, DRAIN local messages
#     (default BIG) are injected into its queue, where they wait in
#     todo/ (injection rate by quarter: qmail-queue alone into a growing
#     queue); then qmail-send is started and timed until the last of
#     them is in the Maildir, with its CPU time.  DRAIN=0 skips it.
# About 10 minutes with the defaults; see README.
. "$(dirname "$0")/lib.sh"
BIG=${BIG:-20000}
DRAIN=${DRAIN:-$BIG}
INJECTORS=${INJECTORS:-1 4}
b_init

b_say "bigqueue benchmark: $BIG queued messages; N=$N local messages of $SIZE bytes, R=$R, injectors: $INJECTORS; drain $DRAIN"
b_machine
for q in empty big; do
  b_quire_build "$q"
  b_quire_start "$q"
done

now() { date +%s.%N; }
# since t0: seconds from t0 to now, 2 decimals
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# qdirs: the directories a local delivery passes through; mess/ and
# info/ hold the queued remote messages in "big", so they are left out
qdirs() { echo "$B/$1/queue/todo,$B/$1/queue/intd,$B/$1/queue/local"; }

run_inst() {
  b_empty "$B/$2-u/Maildir"
  b_run "$1" "$2" "$B/$2-u/Maildir/new" "$(cat "$B/$2.pid")" "$(qdirs "$2")" "$3" "$4" -- \
    "$B/$2/bin/qmail-inject" -f "$SENDER" "u@$DOMAIN"
}

run_inst warm empty 1 20 >/dev/null
run_inst warm big 1 20 >/dev/null

# ---------------------------------------------------------------- 1. fill
filltime=$((BIG / 20 + 60))
[ "$filltime" -lt "$TIMEOUT" ] && filltime=$TIMEOUT
b_say "1. filling \"big\" with $BIG messages to remote.example (4 injectors, qmail-send running) ..."
line=$(python3 "$B/bench.py" fill --n "$BIG" --injectors 4 --size "$SIZE" \
  --timeout "$filltime" --tag fill -- \
  "$B/big/bin/qmail-inject" -f "$SENDER" "r@remote.example") ||
  b_fail "filling the queue: $line"
b_say "  $line"
b_say "  (quarters: msg/s of injection while the queue held 0-25%, 25-50%, 50-75%, 75-100% of them)"

# settle: every queued message preprocessed and tried once (deferred),
# so that what follows measures a standing queue, not the fill's tail
t0=$(now)
i=0
while :; do
  todo=$(find "$B/big/queue/todo" -type f | wc -l)
  tried=$(grep -c ': deferral: ' "$B/big.log")
  [ "$todo" -eq 0 ] && [ "$tried" -ge "$BIG" ] && break
  [ $i -gt "$filltime" ] &&
    b_fail "queue did not settle: todo=$todo, deferred=$tried of $BIG"
  sleep 1
  i=$((i + 1))
done
queued=$(find "$B/big/queue/mess" -type f | wc -l)
b_say "  settled $(since "$t0") s after the fill: $queued messages in big's queue, each deferred once"
[ "$queued" -ge "$BIG" ] || b_fail "only $queued of $BIG messages queued"

# ------------------------------------------------------------- 2. restart
b_say "2. restarting \"big\"'s qmail-send with $queued messages queued ..."
t0=$(now)
b_quire_stop big
b_say "  stop (writes every next retry): $(since "$t0") s"
later=$(($(date +%s) + 7200))
find "$B/big/queue/remote" -type f -exec touch -m -d "@$later" {} + ||
  b_fail "cannot move the retries"
t0=$(now)
b_quire_start big
b_say "  start until its first status line (reads the whole queue): $(since "$t0") s;" \
  "CPU s and processes of its tree: $(python3 "$B/bench.py" ticks "$(cat "$B/big.pid")")"
before=$(grep -c ' to remote ' "$B/big.log")

# ------------------------------------------------------------- 3. measure
b_say "3. local injection and delivery, \"big\" ($queued queued) and \"empty\" side by side"
: >"$B/results"
rep=1
while [ "$rep" -le "$R" ]; do
  if [ $((rep % 2)) = 1 ]; then order="empty big"; else order="big empty"; fi
  for inj in $INJECTORS; do
    for q in $order; do
      run_inst "r$rep" "$q" "$inj" "$N"
    done
  done
  rep=$((rep + 1))
done

retries=$(($(grep -c ' to remote ' "$B/big.log") - before))
queued=$(find "$B/big/queue/mess" -type f | wc -l)
echo
b_say "medians over $R repetitions (ratios: median of the per-repetition ratios)"
python3 "$B/bench.py" report "$B/results" big,empty big,empty
b_say "remote delivery attempts in \"big\" during the measurements: $retries; still queued: $queued"
b_quire_stop big

# --------------------------------------------------------------- 4. drain
if [ "$DRAIN" -eq 0 ]; then b_quire_stop empty; exit 0; fi
echo
b_say "4. drain: $DRAIN local messages queued while \"empty\"'s qmail-send is stopped ..."
b_quire_stop empty
b_empty "$B/empty-u/Maildir"
line=$(python3 "$B/bench.py" fill --n "$DRAIN" --injectors 4 --size "$SIZE" \
  --timeout "$filltime" --tag drain -- \
  "$B/empty/bin/qmail-inject" -f "$SENDER" "u@$DOMAIN") ||
  b_fail "filling the queue: $line"
b_say "  $line"
todo=$(find "$B/empty/queue/todo" -type f | wc -l)
[ "$todo" -eq "$DRAIN" ] || b_fail "$todo messages in todo/, expected $DRAIN"
t0=$(now)
b_quire_start empty
b_say "  start until its first status line: $(since "$t0") s"
new=$B/empty-u/Maildir/new
i=0
while [ "$(ls "$new" | wc -l)" -lt "$DRAIN" ]; do
  [ $i -gt "$filltime" ] &&
    b_fail "drain: $(ls "$new" | wc -l) of $DRAIN delivered after $filltime s"
  sleep 1
  i=$((i + 1))
done
cpu=$(python3 "$B/bench.py" ticks "$(cat "$B/empty.pid")")
line=$(python3 "$B/bench.py" arrivals "$new" "$t0") || b_fail "drain: $line"
b_say "  delivered (s after the start): $line"
awk -v l="$line" -v n="$DRAIN" -v cpu="$cpu" 'BEGIN {
  split(l, f, /[ =]/); last = f[6]; first = f[4]
  split(cpu, c, " ")
  printf "  drain rate %.1f msg/s (first to last delivery %.1f msg/s); daemons %.3f CPU ms/msg\n",
    n / last, (n - 1) / (last - first), 1000 * c[1] / n }'
b_quire_stop empty
exit 0

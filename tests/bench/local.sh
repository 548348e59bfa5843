#!/bin/sh
# local.sh - local injection to Maildir, quire and Postfix side by side
#
# N messages of SIZE bytes to one local recipient, injected with the
# system's own injector (quire: bin/qmail-inject; Postfix: sendmail -C),
# by 1 and by 4 concurrent injectors; R repetitions with the order of the
# two systems swapped each time.  Prints every run, then medians of
# msg/s, CPU ms per message and forks per message, and the medians of
# the quire/Postfix ratios of the runs made side by side.  See README.
. "$(dirname "$0")/lib.sh"
INJECTORS=${INJECTORS:-1 4}
b_init

b_say "local benchmark: N=$N messages of $SIZE bytes, R=$R repetitions, injectors: $INJECTORS"
b_machine
b_quire_build quire
b_quire_start quire
QPID=$(cat "$B/quire.pid")
QNEW=$B/quire-u/Maildir/new
b_pf_setup
b_pf_start
PNEW=$PF/mail/u/Maildir/new
b_say "  postfix $(b_pf_version) (virtual(8) to Maildir), private instance in $PF"

run_quire() {
  b_empty "$B/quire-u/Maildir"
  b_run "$1" quire "$QNEW" "$QPID" "$(b_quire_qdirs quire)" "$2" "$3" -- \
    "$B/quire/bin/qmail-inject" -f "$SENDER" "u@$DOMAIN"
}

run_postfix() {
  b_empty "$PF/mail/u/Maildir"
  b_run "$1" postfix "$PNEW" "$PFPID" "$(b_pf_qdirs)" "$2" "$3" -- \
    /usr/sbin/sendmail -C "$PF/etc" -f "$SENDER" -i "u@$DOMAIN"
}

# warm up: each system's processes started and caches filled, not timed
run_quire warm 1 20 >/dev/null
run_postfix warm 1 20 >/dev/null
: >"$B/results"

rep=1
while [ "$rep" -le "$R" ]; do
  if [ $((rep % 2)) = 1 ]; then order="quire postfix"; else order="postfix quire"; fi
  for inj in $INJECTORS; do
    for sys in $order; do
      "run_$sys" "r$rep" "$inj" "$N"
    done
  done
  rep=$((rep + 1))
done

echo
b_say "medians over $R repetitions (ratios: median of the per-repetition ratios)"
python3 "$B/bench.py" report "$B/results" quire,postfix quire,postfix
b_quire_stop quire
b_pf_stop
exit 0

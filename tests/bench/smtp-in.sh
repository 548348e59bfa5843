#!/bin/sh
# smtp-in.sh - mail received over SMTP on loopback and delivered to a
# Maildir: quire's qmail-smtpd under tcpserver, Postfix's smtpd, side by
# side, with the same client (Postfix's smtp-source) and SESSIONS
# concurrent sessions.  Two ways of sending: one message per connection
# (as most of the Internet sends), and every message of a session over
# one connection (smtp-source -d).  A run is timed from the client's
# start until the N-th message is in the Maildir; CPU is that of the
# receiving and delivering process trees (tcpserver and qmail-send's
# for quire, master's for Postfix), with the client's shown apart.
. "$(dirname "$0")/lib.sh"
SESSIONS=${SESSIONS:-10}
MODES=${MODES:-conn keep}
b_init
command -v smtp-source >/dev/null ||
  { echo "bench: smtp-source is not installed (it comes with postfix)"; exit 1; }
command -v tcpserver >/dev/null ||
  { echo "bench: tcpserver is not installed (apt-get install ucspi-tcp)"; exit 1; }

# b_port: a free TCP port on 127.0.0.1
b_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

b_say "smtp-in benchmark: N=$N messages of $SIZE bytes, $SESSIONS sessions, R=$R repetitions, modes: $MODES"
b_machine

b_quire_build quire
b_quire_start quire
QPID=$(cat "$B/quire.pid")
QNEW=$B/quire-u/Maildir/new
QPORT=$(b_port)
# qmail-smtpd as the instance's qmaild/nofiles; -H -R: no DNS or ident
# lookups of the client (Postfix looks 127.0.0.1 up in /etc/hosts)
ids=$(sed -n 's/^daemon //p; s/^nofiles //p' "$B/build-quire/conf-users" | tr '\n' ' ')
set -- $ids
tcpserver -HR -l "$DOMAIN" -c $((SESSIONS + 10)) -u "$1" -g "$2" -b 100 \
  127.0.0.1 "$QPORT" "$B/quire/bin/qmail-smtpd" >"$B/tcpserver.log" 2>&1 &
TPID=$!
b_addpid "$TPID"
b_wait 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $QPORT), 1).close()" ||
  { cat "$B/tcpserver.log"; b_fail "tcpserver did not listen on $QPORT"; }

b_pf_setup
PPORT=$(b_port)
echo "127.0.0.1:$PPORT inet n - n - - smtpd" >>"$PF/etc/master.cf"
cat >>"$PF/etc/main.cf" <<EOF
mynetworks = 127.0.0.0/8
smtpd_banner = pf.$DOMAIN ESMTP
EOF
b_pf_start
b_wait 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $PPORT), 1).close()" ||
  { cat "$PF/maillog"; b_fail "Postfix smtpd did not listen on $PPORT"; }
PNEW=$PF/mail/u/Maildir/new
b_say "  postfix $(b_pf_version) (smtpd, cleanup, virtual(8) to Maildir), private instance in $PF"

# client mode port n: smtp-source's arguments
client() {
  keep=""
  [ "$1" = keep ] && keep=-d
  echo smtp-source $keep -s "$SESSIONS" -m "$3" -l "$SIZE" -M "client.$DOMAIN" \
    -f "$SENDER" -t "u@$DOMAIN" "127.0.0.1:$2"
}

run_quire() {
  b_empty "$B/quire-u/Maildir"
  ONCE=1 RESULTS=$B/results-$3 b_run "$1" quire "$QNEW" "$QPID,$TPID" \
    "$(b_quire_qdirs quire)" "$SESSIONS" "$2" -- $(client "$3" "$QPORT" "$2")
}

run_postfix() {
  b_empty "$PF/mail/u/Maildir"
  ONCE=1 RESULTS=$B/results-$3 b_run "$1" postfix "$PNEW" "$PFPID" \
    "$(b_pf_qdirs)" "$SESSIONS" "$2" -- $(client "$3" "$PPORT" "$2")
}

for mode in $MODES; do
  run_quire warm 20 "$mode" >/dev/null
  run_postfix warm 20 "$mode" >/dev/null
  : >"$B/results-$mode"
done

rep=1
while [ "$rep" -le "$R" ]; do
  if [ $((rep % 2)) = 1 ]; then order="quire postfix"; else order="postfix quire"; fi
  for mode in $MODES; do
    for sys in $order; do
      b_say "  [$mode]"
      "run_$sys" "r$rep" "$N" "$mode"
    done
  done
  rep=$((rep + 1))
done

for mode in $MODES; do
  echo
  case $mode in
    conn) b_say "one message per connection; medians over $R repetitions" ;;
    keep) b_say "all of a session's messages over one connection; medians over $R repetitions" ;;
  esac
  b_say "(the injectors column is the number of concurrent sessions; cpu ms/msg"
  b_say " counts the client too, the detail lines split it off as 'cpu inj')"
  python3 "$B/bench.py" report "$B/results-$mode" quire,postfix quire,postfix
done
kill -TERM "$TPID" 2>/dev/null
wait "$TPID" 2>/dev/null
b_delpid "$TPID"
b_quire_stop quire
b_pf_stop
exit 0

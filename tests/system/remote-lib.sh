# remote-lib.sh - sourced (after lib.sh and t_init) by the tests of
# remote delivery through the real daemons: an instance with the local
# user joe, and sink SMTP servers (remote/sink.py) on 127.0.0.1 reached
# through control/smtproutes.  Without python3 the test says SKIP and
# ends here.
t_build
t_user joe 65510
t_newu
LOG=$T/log-home
J=$T/users/joe/Maildir
SINK=$TOP/tests/system/remote/sink.py

if ! command -v python3 >/dev/null 2>&1; then
  t_skip "remote delivery" "python3 (the sink SMTP server) is not installed"
  t_done
  exit
fi

# sink name options...: a sink SMTP server on 127.0.0.1, recording under
# $T/sink-name (its port in port); $SINKPID is its pid
sink() {
  n=$1; shift
  mkdir -p "$T/sink-$n"
  rm -f "$T/sink-$n/port"
  python3 "$SINK" --ready "$T/sink-$n/port" --dir "$T/sink-$n" "$@" \
    >>"$T/sink-$n/log" 2>&1 &
  SINKPID=$!
  TPIDS="$TPIDS $SINKPID"
  t_wait 10 test -s "$T/sink-$n/port" || t_notok "sink $n started"
}
port() { cat "$T/sink-$1/port"; }
# sessions name: how many sessions the sink has seen
sessions() { cat "$T/sink-$1/sessions" 2>/dev/null || echo 0; }

# qfile file recipient...: the bytes of file as a message from
# joe@test.example, straight to qmail-queue (no qmail-inject: the stored
# bytes are exactly ours)
qfile() {
  f=$1; shift
  : >"$T/env"
  printf 'Fjoe@test.example\0' >>"$T/env"
  for r in "$@"; do printf 'T%s\0' "$r" >>"$T/env"; done
  printf '\0' >>"$T/env"
  "$H/bin/qmail-queue" <"$f" 1<"$T/env"
}
# queue recipient...: a small message
queue() {
  printf 'Subject: q\n\nbody\n' >"$T/qbody"
  qfile "$T/qbody" "$@"
}

#!/bin/sh
# 83-crash-all.sh - under a steady load of local and SMTP injections to
# local and remote recipients, kill -9 every kind of daemon at random
# moments: qmail-send, qmail-clean, qmail-lspawn, qmail-rspawn,
# qmail-local, qmail-remote, qmail-queue, qmail-smtpd.  Restart what
# died, then account for every accepted message (qmail-inject exit 0,
# or 250 after the data): each delivered at least once, none lost,
# duplicates counted and reported, no stray queue files left behind.
#
# The killer takes each kind in turn, at random moments, until it has
# made CRASH_KILLS kills (default 10); the injectors go on till then, at
# most CRASH_MESSAGES (default 2000) messages in all.  `make proofs`
# runs a longer version.  A process killed half-way may leave files in
# pid/, mess/ or intd/ that no todo/ or info/ file names: qmail-send and
# qmail-clean remove such orphans once they are 36 hours old, as qmail
# does, so the test ages them and restarts qmail-send to see them go.
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1 || ! command -v tcpserver >/dev/null 2>&1; then
  t_skip "crash of every daemon" "needs python3 and tcpserver (ucspi-tcp)"
  exit 0
fi
t_init
t_build
t_user joe 65510
t_newu
J=$T/users/joe/Maildir
LOG=$T/log-home
N=${CRASH_MESSAGES:-2000}
KILLS=${CRASH_KILLS:-10}

# the remote side: a sink SMTP server on loopback, through smtproutes
mkdir -p "$T/sink"
python3 "$TOP/tests/system/remote/sink.py" --ready "$T/sink/port" --dir "$T/sink" \
  >"$T/sink/log" 2>&1 &
TPIDS="$TPIDS $!"
t_wait 10 test -s "$T/sink/port" || { t_notok "sink started"; exit 1; }
echo "far.example:127.0.0.1:$(cat "$T/sink/port")" >"$H/control/smtproutes"
echo 5 >"$H/control/timeoutremote"

# SMTP in: qmail-smtpd under tcpserver, as qmaild when root
if [ "$T_ROOT" = 1 ]; then ids="-u $U_DAEMON -g $G_NOFILES"; else ids=""; fi
p=$((20000 + $$ % 20000)); tries=0; SPORT=""
while [ $tries -lt 50 ] && [ -z "$SPORT" ]; do
  # shellcheck disable=SC2086
  env RELAYCLIENT= tcpserver -HR -l test.example $ids 127.0.0.1 "$p" \
    "$H/bin/qmail-smtpd" 2>>"$T/tcpserver.log" &
  TCPPID=$!
  TPIDS="$TPIDS $TCPPID"
  if t_wait 3 python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 1).close()" 2>/dev/null; then
    SPORT=$p
  else
    kill "$TCPPID" 2>/dev/null; p=$((p + 1)); tries=$((tries + 1))
  fi
done
[ -n "$SPORT" ] || { echo "Bail out! no port for tcpserver"; exit 1; }
t_start

# injectors: two through qmail-inject, one through SMTP, each message a
# unique subject, alternately to joe (local) and to far.example (remote)
rcpt() { if [ $(($1 % 2)) = 0 ]; then echo joe@test.example; else echo "u$1@far.example"; fi; }
injector() {
  k=$1; i=$1
  while [ "$i" -lt "$N" ] && [ ! -e "$T/stop" ]; do
    if printf 'Subject: crash-%s\n\nbody %s\n' "$i" "$i" |
        "$H/bin/qmail-inject" -f joe@test.example "$(rcpt "$i")" 2>/dev/null; then
      echo "crash-$i" >>"$T/accepted.$k"
    fi
    i=$((i + 3))
  done
}
cat >"$T/smtpinj.py" <<'PY'
import os, socket, sys
port, first, n, step, out = (int(sys.argv[1]), int(sys.argv[2]),
                             int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
def rcpt(i):
    return 'joe@test.example' if i % 2 == 0 else 'u%d@far.example' % i
stop = os.path.join(os.path.dirname(out), 'stop')
for i in range(first, n, step):
    if os.path.exists(stop):
        break
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=10)
        f = s.makefile('rb')
        def reply():
            while True:
                l = f.readline()
                if not l:
                    raise EOFError
                if l[3:4] != b'-':
                    return l
        reply()
        ok = True
        for c in (b'HELO x\r\n', b'MAIL FROM:<joe@test.example>\r\n',
                  b'RCPT TO:<%s>\r\n' % rcpt(i).encode(), b'DATA\r\n'):
            s.sendall(c)
            if reply()[:1] not in (b'2', b'3'):
                ok = False
                break
        if ok:
            s.sendall(b'Subject: crash-%d\r\n\r\nbody %d\r\n.\r\n' % (i, i))
            if reply()[:3] == b'250':
                with open(out, 'a') as o:
                    o.write('crash-%d\n' % i)
            s.sendall(b'QUIT\r\n')
        s.close()
    except (OSError, EOFError):
        pass
PY
injector 0 &
inj0=$!
injector 1 &
inj1=$!
python3 "$T/smtpinj.py" "$SPORT" 2 "$N" 3 "$T/accepted.2" &
inj2=$!
TPIDS="$TPIDS $inj0 $inj1 $inj2"

# killone name root...: kill -9 one process of that name among the
# descendants of the roots, looking for up to 3 s (the short-lived ones
# come and go); prints its pid, or nothing
cat >"$T/killone.py" <<'PY'
import os, signal, sys, time
name, roots = sys.argv[1], [int(x) for x in sys.argv[2:]]
def table():
    t = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open('/proc/%s/stat' % d) as f:
                    s = f.read()
            except OSError:
                continue
            comm = s[s.index('(') + 1:s.rindex(')')]
            t[int(d)] = (int(s[s.rindex(')') + 2:].split()[1]), comm)
    return t
end = time.monotonic() + 3
while time.monotonic() < end:
    t = table()
    kids = {}
    for pid, (ppid, _) in t.items():
        kids.setdefault(ppid, []).append(pid)
    todo = list(roots)
    while todo:
        p = todo.pop()
        if p in t and t[p][1] == name:
            try:
                os.kill(p, signal.SIGKILL)
                print(p)
                sys.exit(0)
            except OSError:
                pass
        todo.extend(kids.get(p, []))
    time.sleep(0.005)
PY
# restart: when qmail-send is gone (killed, or dying after losing a
# daemon), wait for its daemons to go, then start it again
restart() {
  t_wait 10 sh -c "! kill -0 $SENDPID 2>/dev/null" || return 0
  wait "$SENDPID" 2>/dev/null
  t_wait 10 sh -c "[ -z \"\$(pgrep -f '^qmail-(lspawn|rspawn|clean)' -P $SENDPID)\" ]"
  t_start
  restarts=$((restarts + 1))
}

names="qmail-local qmail-queue qmail-smtpd qmail-remote qmail-send qmail-clean qmail-lspawn qmail-rspawn"
killed=0; tries=0; restarts=0; what=""
while [ "$killed" -lt "$KILLS" ] && [ "$tries" -lt $((KILLS * 40)) ]; do
  tries=$((tries + 1))
  sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 4 + 1 ))"
  # every kind in turn, at a random moment
  r=$(( (tries - 1) % 8 + 1 ))
  name=$(echo $names | cut -d' ' -f"$r")
  v=$(python3 "$T/killone.py" "$name" "$SENDPID" "$TCPPID" "$inj0" "$inj1" "$inj2")
  [ -n "$v" ] || continue
  killed=$((killed + 1)); what="$what $name"
  case $name in
    qmail-send|qmail-clean|qmail-lspawn|qmail-rspawn) restart ;;
  esac
  kill -0 "$inj0" 2>/dev/null || kill -0 "$inj1" 2>/dev/null ||
    kill -0 "$inj2" 2>/dev/null || break
done
touch "$T/stop"
kill -0 "$SENDPID" 2>/dev/null || restart
t_note "killed -9, $killed times:$(echo $what | tr ' ' '\n' | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
t_note "qmail-send restarted $restarts times"
t_check "kills happened ($killed of $KILLS)" test "$killed" -gt 0
for p in $inj0 $inj1 $inj2; do
  t_wait 300 sh -c "! kill -0 $p 2>/dev/null"
done

sort -u "$T"/accepted.* >"$T/acc" 2>/dev/null
accepted=$(wc -l <"$T/acc" | tr -d ' ')
# delivered: joe's Maildir, and the data the sink received
delivered() {
  { grep -h '^Subject: crash-' "$J"/new/* 2>/dev/null
    cat "$T"/sink/data-* 2>/dev/null | tr -d '\r' | grep '^Subject: crash-'
  } | sed 's/^Subject: //' | sort
}
allin() {
  kill -ALRM "$SENDPID" 2>/dev/null
  [ -z "$(delivered | sort -u | comm -23 "$T/acc" -)" ]
}
t_check "every accepted message delivered" t_wait 180 allin
delivered >"$T/delivered"
lost=$(sort -u "$T/delivered" | comm -23 "$T/acc" - | wc -l | tr -d ' ')
total=$(wc -l <"$T/delivered" | tr -d ' ')
unique=$(sort -u "$T/delivered" | wc -l | tr -d ' ')
t_note "accepted $accepted, delivered $total copies of $unique messages: $lost lost, $((total - unique)) duplicates"
t_check "injections were accepted ($accepted)" test "$accepted" -gt 0
t_check "no accepted message lost" test "$lost" -eq 0
t_check "nothing left to deliver or bounce" t_wait 120 sh -c \
  "kill -ALRM $SENDPID; [ -z \"\$(find $H/queue/info $H/queue/local $H/queue/remote $H/queue/todo $H/queue/bounce -type f)\" ]"
t_sweep_orphans
t_check "no bounce: nothing failed permanently" sh -c "! grep -q '^delivery [0-9]*: failure:' '$LOG'"
kill "$TCPPID" 2>/dev/null
t_stop
t_done

#!/bin/sh
# 55-smtpd-session.sh - qmail-queue's session mode (qmail-queue -s) and
# qmail-smtpd's use of it: the framing, byte for byte, against the real
# setuid qmail-queue and the real daemons; every bad framing and every
# refused descriptor ends the session with nothing left in the queue;
# qmail-smtpd keeps one qmail-queue for a connection's messages, starts
# a new one after a failure, runs QMAILQUEUE once per message, and falls
# back to one run per message, through the filter, when bin/qmail-queue
# is a wrapper
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_newu
t_start
chmod 755 "$T"
M=$T/users/joe/Maildir
QQ=$H/bin/qmail-queue

# strays: files in pid/, intd/, mess/ or todo/ (none once the queue
# has drained)
drained() {
  [ -z "$(find "$H/queue/pid" "$H/queue/intd" "$H/queue/mess" "$H/queue/todo" "$H/queue/info" -type f)" ]
}
t_check "queue empty at start" drained

# qqs.py: drives qmail-queue -s.  argv: qmail-queue, a script of steps
# in a file (python literals, one a line), the output file.  Steps:
#   ("send", bytes)      bytes to the socket
#   ("msg", text, env, chunksize)   one message framed, then its envelope
#   ("read",)            one status byte, recorded ('' at end of file)
#   ("close",)           shut the socket for writing
# the output: the bytes read ('-' for end of file), then "exit N"
cat >"$T/qqs.py" <<'PY'
import os, socket, subprocess, sys
qq, script, outpath = sys.argv[1], sys.argv[2], sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else 'good'
a, b = socket.socketpair()
null = os.open('/dev/null', os.O_RDONLY)
rp, wp = os.pipe()
bfd = b.fileno()
def child():
    if mode == 'pipe0':
        os.dup2(rp, 0)
    if mode == 'pipe3':
        os.dup2(rp, 3)
    else:
        os.dup2(bfd, 3)
p = subprocess.Popen([qq, '-s'], stdin=null, stdout=null, close_fds=False,
                     preexec_fn=child)
b.close()
a.settimeout(30)
got = b''
def readbyte():
    global got
    try:
        c = a.recv(1)
    except (ConnectionResetError, socket.timeout):
        c = b''
    got += c if c else b'-'
got_hello = readbyte()
for line in open(script):
    line = line.strip()
    if not line:
        continue
    step = eval(line, {'__builtins__': {}, 'bytes': bytes, 'range': range})
    try:
        if step[0] == 'send':
            a.sendall(step[1])
        elif step[0] == 'msg':
            text, env, size = step[1], step[2], step[3]
            out = b''
            for i in range(0, len(text), size):
                piece = text[i:i + size]
                out += str(len(piece)).encode() + b':' + piece + b','
            a.sendall(out + b'0:,' + env)
        elif step[0] == 'read':
            readbyte()
        elif step[0] == 'close':
            a.shutdown(socket.SHUT_WR)
    except (BrokenPipeError, ConnectionResetError):
        pass
a.close()
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    rc = 'hung'
open(outpath, 'w').write(got.decode('latin-1') + '\nexit %s\n' % rc)
PY

# qqs what expected [mode]: run $T/script through qqs.py; the status
# bytes and the exit code must be as expected ("SKK" then "exit 0")
qqs() {
  python3 "$T/qqs.py" "$QQ" "$T/script" "$T/qqs.out" "${3:-good}" 2>"$T/qqs.err"
  got=$(tr '\n' ' ' <"$T/qqs.out" | sed 's/ $//')
  if [ "$got" = "$2" ]; then t_ok "$1: $2"; else
    t_notok "$1: $got, not $2"; sed 's/^/# /' "$T/qqs.err"; fi
}
env1="b'Fa@b.example\\\\0Tjoe@test.example\\\\0\\\\0'"
# msg subject chunk: a script line with one message to joe
msg() {
  echo "('msg', b'Subject: $1\\\\n\\\\nbody of $1\\\\n' + bytes(range(256)) * 40 + b'\\\\nend\\\\n', $env1, $2)"
}
delivered() { # subject
  grep -l "^Subject: $1\$" "$M"/new/* 2>/dev/null | head -n 1
}

# -- two messages in one session, chunks of odd sizes, every byte value
{ msg one 1; echo "('read',)"; msg two 7000; echo "('read',)"; echo "('close',)"; } >"$T/script"
qqs "two messages" "SKK exit 0"
t_wait 30 sh -c "[ -n \"\$(grep -l '^Subject: two\$' '$M'/new/* 2>/dev/null)\" ]"
for s in one two; do
  f=$(delivered $s)
  if [ -z "$f" ]; then t_notok "$s: delivered"; continue; fi
  python3 - "$f" "$s" >"$T/cmp" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
s = sys.argv[2].encode()
want = b'Subject: ' + s + b'\n\nbody of ' + s + b'\n' + bytes(range(256)) * 40 + b'\nend\n'
print('same' if data.endswith(b'\n' + want) else 'differs')
PY
  t_check "$s: delivered byte for byte (chunks rejoined)" test "$(cat "$T/cmp")" = same
  t_check "$s: one Received line of qmail-queue's, invoked by uid" \
    grep -q '^Received: (qmail [0-9]* invoked ' "$f"
done
p1=$(sed -n 's/^Received: (qmail \([0-9]*\) .*/\1/p' "$(delivered one)")
p2=$(sed -n 's/^Received: (qmail \([0-9]*\) .*/\1/p' "$(delivered two)")
t_check "one qmail-queue queued both (qp $p1 and $p2)" test -n "$p1" -a "$p1" = "$p2"
t_check "queue drained" t_wait 30 drained

# -- end of file at once, and after a message
echo "('close',)" >"$T/script"
qqs "end of file before any message" "S exit 0"
# -- bad framing: nothing queued, the session ends with 54
bad() { # what bytes [code]
  { msg ok 100; echo "('read',)"; echo "('send', $2)"; echo "('close',)"; echo "('read',)"; } >"$T/script"
  before=$(t_count "$M")
  qqs "$1" "SK- exit ${3:-54}"
  t_wait 30 drained
  t_check "$1: the message before it delivered, nothing else" \
    test "$(t_count "$M")" = $((before + 1))
  t_check "$1: no stray file in the queue" drained
}
bad "leading zero" "b'05:hello,0:,'"
bad "no comma" "b'5:hello;0:,'"
bad "chunk over 65536" "b'65537:' + b'x' * 65537 + b',0:,'"
bad "no digits" "b':hello,'"
bad "letter in length" "b'5x:hello,'"
bad "end of file inside a chunk" "b'10:hello'"
bad "end of file before the end chunk" "b'5:hello,'"
bad "end of file inside the envelope" "b'5:hello,0:,Fa@b.example\\\\0Tjoe'"
bad "envelope without F" "b'5:hello,0:,Tjoe@test.example\\\\0\\\\0'" 91
bad "address too long" "b'5:hello,0:,F' + b'a' * 1100 + b'\\\\0\\\\0'" 11

# -- refused descriptors: no greeting, nothing read
printf '%s\n' "('close',)" >"$T/script"
qqs "fd 0 a pipe, not /dev/null" "- exit 54" pipe0
qqs "fd 3 a pipe, not a socket" "- exit 54" pipe3

# -- qmail-smtpd: a connection's messages through one qmail-queue
cat >"$T/smtp.py" <<'PY'
import smtplib, sys, re
port, out = int(sys.argv[1]), sys.argv[2]
subjects = sys.argv[3:]
s = smtplib.SMTP('127.0.0.1', port, timeout=30)
# HELO: no SIZE in MAIL, so that databytes is met during DATA
s.helo('client.example')
res = []
for subj in subjects:
    body = 'Subject: %s\r\n\r\n%s\r\n' % (subj, ('line of %s ' % subj) * 2000)
    if subj.startswith('big'):
        body += ('x' * 70 + '\r\n') * 400
    try:
        s.sendmail('a@b.example', ['joe@test.example'], body)
        code, msg = 250, ''
    except smtplib.SMTPDataError as e:
        code, msg = e.smtp_code, e.smtp_error.decode()
    if code == 250:
        # smtplib keeps the last reply of DATA
        msg = s.docmd('NOOP') and ''
    res.append('%s %d' % (subj, code))
s.quit()
open(out, 'w').write('\n'.join(res) + '\n')
PY
# the qp of each 250 comes from the log of a second listener below;
# here the Received lines tell which qmail-queue queued each message
listenat() {
  p=$((20000 + ($$ + $1) % 20000))
  tries=0
  while [ $tries -lt 50 ]; do
    shift
    env -i PATH=/usr/bin:/bin "$@" tcpserver -HRl localhost -c 20 \
      ${LOPTS:-} 127.0.0.1 "$p" "$H/bin/qmail-smtpd" 2>>"$T/tcpserver.log" &
    LPID=$!
    TPIDS="$TPIDS $LPID"
    if t_wait 3 python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 1).close()"; then
      PORT=$p; return 0; fi
    kill "$LPID" 2>/dev/null
    set -- x "$@"
    p=$((p + 1)); tries=$((tries + 1))
  done
  echo "Bail out! no port for tcpserver"; exit 1
}
qpof() { # subject: the pid in qmail-queue's Received line
  f=$(delivered "$1")
  [ -n "$f" ] && sed -n 's/^Received: (qmail \([0-9]*\) .*/\1/p' "$f"
}
sendall() { # what subjects...: one connection; wait for delivery
  what=$1; shift
  before=$(t_count "$M")
  python3 "$T/smtp.py" "$PORT" "$T/smtp.out" "$@" 2>"$T/smtp.err" ||
    sed 's/^/# /' "$T/smtp.err"
}

listenat 1 DATABYTES=40000
sendall session s1 s2 big3 s4 s5
printf 's1 250\ns2 250\nbig3 552\ns4 250\ns5 250\n' >"$T/exp"
if cmp -s "$T/exp" "$T/smtp.out"; then t_ok "smtpd: replies 250 250 552 250 250"; else
  t_notok "smtpd: replies"; sed 's/^/# /' "$T/smtp.out"; fi
t_wait 30 sh -c "[ \$(find '$M/new' -type f | wc -l) -ge $((before + 4)) ]"
t_check "smtpd: four delivered" test "$(t_count "$M")" = $((before + 4))
t_check "smtpd: s1 and s2 by one qmail-queue" test -n "$(qpof s1)" -a "$(qpof s1)" = "$(qpof s2)"
t_check "smtpd: s4 and s5 by one qmail-queue" test -n "$(qpof s4)" -a "$(qpof s4)" = "$(qpof s5)"
t_check "smtpd: a new one after the refused message" test "$(qpof s2)" != "$(qpof s4)"
t_check "smtpd: the refused message left nothing in the queue" t_wait 30 drained
f=$(delivered s2)
python3 - "$f" >"$T/cmp" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
want = b'Subject: s2\n\n' + b'line of s2 ' * 2000 + b'\n'
print('same' if data.endswith(b'\n' + want) else 'differs')
PY
t_check "smtpd: a 22 kB line arrives whole through the chunks" test "$(cat "$T/cmp")" = same
unlisten() { kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; }
unlisten

# -- as root: in a session, qmail-smtpd runs as qmaild and holds nothing
# more; its qmail-queue -s has qmaild's real uid and qmailq's effective
# one (read from /proc while the connection is open)
if [ "$T_ROOT" = 1 ]; then
  LOPTS="-u $U_DAEMON -g $G_NOFILES"
  listenat 5
  LOPTS=
  python3 - "$PORT" "$LPID" >"$T/ids" 2>&1 <<'PY'
import os, smtplib, sys
port, server = int(sys.argv[1]), sys.argv[2]
def ppid(p):
    try:
        for l in open('/proc/%s/status' % p):
            if l.startswith('PPid:'): return l.split()[1]
    except OSError:
        return None
def uids(p):
    for l in open('/proc/%s/status' % p):
        if l.startswith('Uid:'): return ' '.join(l.split()[1:3])
s = smtplib.SMTP('127.0.0.1', port, timeout=30)
s.helo('client.example')
s.sendmail('a@b.example', ['joe@test.example'], 'Subject: ids\r\n\r\nx\r\n')
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try: cmd = open('/proc/%s/cmdline' % p, 'rb').read()
    except OSError: continue
    if cmd == b'bin/qmail-queue\0-s\0' and ppid(ppid(p)) == server:
        print('smtpd', uids(ppid(p)))
        print('queue', uids(p))
s.quit()
PY
  t_check "root: qmail-smtpd runs as qmaild (real and effective)" \
    grep -qx "smtpd $U_DAEMON $U_DAEMON" "$T/ids"
  t_check "root: its qmail-queue -s: real uid qmaild, effective qmailq" \
    grep -qx "queue $U_DAEMON $U_QUEUE" "$T/ids"
  sed 's/^/# /' "$T/ids"
  unlisten
else
  t_skip "root: qmail-smtpd runs as qmaild" "needs root"
  t_skip "root: its qmail-queue -s runs as qmailq" "needs root"
fi

# -- a bare LF ends the session and the connection; nothing queued
listenat 2
printf 'EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<joe@test.example>\r\nDATA\r\nSubject: lf\r\n\r\nbare\nLF\r\n.\r\nQUIT\r\n' >"$T/lf"
python3 - "$PORT" "$T/lf" >"$T/lf.out" <<'PY'
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), 10)
s.sendall(open(sys.argv[2], 'rb').read())
out = b''
while True:
    b = s.recv(65536)
    if not b: break
    out += b
sys.stdout.write(out.decode())
PY
t_check "bare LF: 451, closed" grep -q '^451 ' "$T/lf.out"
t_check "bare LF: nothing queued, no stray file" t_wait 30 drained
unlisten

# -- qmail-queue -s starts at the first accepted recipient, so that its
# start overlaps the rest of the transaction; a connection that ends
# before DATA, by QUIT or by dropping, ends its session, and neither
# leaves a qmail-queue running or a file in the queue
listenat 3
python3 - "$PORT" "$H/queue" >"$T/pre.out" 2>&1 <<'PY'
import os, socket, sys, time
port, qdir = int(sys.argv[1]), os.path.realpath(sys.argv[2])
def sessions():
    n = 0
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            if open('/proc/%s/cmdline' % p, 'rb').read() != b'bin/qmail-queue\0-s\0': continue
            if os.readlink('/proc/%s/cwd' % p) == qdir: n += 1
        except OSError:
            pass
    return n
def waitfor(want):
    for _ in range(100):
        if sessions() == want: return True
        time.sleep(0.1)
    return False
for how in ('quit', 'drop'):
    s = socket.create_connection(('127.0.0.1', port), 10)
    f = s.makefile('rb')
    def cmd(c):
        if c: s.sendall(c)
        return f.readline()
    cmd(b'')
    cmd(b'HELO x\r\n'); cmd(b'MAIL FROM:<a@b.example>\r\n')
    print(how, 'before RCPT', sessions())
    cmd(b'RCPT TO:<nobody@elsewhere.example>\r\n')
    print(how, 'after a refused RCPT', sessions())
    cmd(b'RCPT TO:<joe@test.example>\r\n')
    print(how, 'after RCPT', 1 if waitfor(1) else sessions())
    if how == 'quit':
        cmd(b'QUIT\r\n')
    f.close(); s.close()
    print(how, 'after the end', 0 if waitfor(0) else sessions())
PY
for how in quit drop; do
  t_check "prestart ($how): no qmail-queue before a recipient" grep -qx "$how before RCPT 0" "$T/pre.out"
  t_check "prestart ($how): none for a refused recipient" grep -qx "$how after a refused RCPT 0" "$T/pre.out"
  t_check "prestart ($how): one, started at the first accepted RCPT" grep -qx "$how after RCPT 1" "$T/pre.out"
  t_check "prestart ($how): gone when the connection ends" grep -qx "$how after the end 0" "$T/pre.out"
done
grep -q "[0-9]" "$T/pre.out" || sed 's/^/# /' "$T/pre.out"
t_check "prestart: nothing queued, no stray file" t_wait 30 drained
unlisten

# -- QMAILQUEUE: one run of the filter per message, as before
printf '#!/bin/sh\n{ echo "X-Filter: %s"; cat; } | %s\n' passed "$QQ" >"$T/filter"
chmod 755 "$T/filter"
listenat 3 QMAILQUEUE="$T/filter"
sendall filter f1 f2
t_wait 30 sh -c "[ -n \"\$(grep -l '^Subject: f2\$' '$M'/new/* 2>/dev/null)\" ]"
t_check "QMAILQUEUE: both through the filter" \
  sh -c "grep -l '^X-Filter: passed' \$(grep -l '^Subject: f[12]\$' '$M'/new/*) | wc -l | grep -qx 2"
t_check "QMAILQUEUE: one qmail-queue each" test -n "$(qpof f1)" -a "$(qpof f1)" != "$(qpof f2)"
unlisten

# -- bin/qmail-queue replaced by a wrapper: no session, the filter runs
# for each message.  The one that passes its arguments on gives the real
# qmail-queue -s a pipe on fd 0, and the session is refused.
t_stop
mv "$QQ" "$QQ.real"
for how in plain args; do
  if [ $how = plain ]; then a=; else a=' "$@"'; fi
  printf '#!/bin/sh\n{ echo "X-Wrapper: %s"; cat; } | %s%s\n' "$how" "$QQ.real" "$a" >"$QQ"
  chmod 755 "$QQ"
  listenat 4 
  sendall "wrapper $how" "w$how-1" "w$how-2"
  unlisten
done
t_start
t_wait 30 sh -c "[ -n \"\$(grep -l '^Subject: wargs-2\$' '$M'/new/* 2>/dev/null)\" ]"
for how in plain args; do
  for i in 1 2; do
    f=$(delivered "w$how-$i")
    t_check "wrapper ($how): message $i through the wrapper's filter" \
      sh -c "[ -n '$f' ] && grep -q '^X-Wrapper: $how\$' '$f' && ! grep -q '^[0-9]*:' '$f'"
  done
done
mv "$QQ.real" "$QQ"
t_check "queue drained at the end" t_wait 30 drained
t_stop
t_done

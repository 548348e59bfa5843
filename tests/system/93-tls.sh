#!/bin/sh
# 93-tls.sh - TLS outside the binaries, with stunnel4 (INSTALL, "TLS"):
# 1. implicit TLS on port 465: the generated supervise/qmail-smtps/run
#    (tcpserver as root, stunnel in inetd mode dropping to the daemon
#    user, qmail-smtpd) on loopback, with a throwaway CA; mail sent with
#    python3 smtplib.SMTP_SSL, swaks --tlsc and openssl s_client,
#    delivered to a Maildir; the Received field names the client's own
#    address (127.0.0.2), control/tcp.smtps is matched against it, so
#    the TLS hop grants no relaying; as root, stunnel and qmail-smtpd run
#    as the daemon user and that user cannot read the key.
# 2. a smarthost over TLS: qmail-remote -> the generated
#    supervise/qmail-smarthost/run (stunnel client, certificate checked)
#    -> a stunnel server -> a sink SMTP server.  A certificate for the
#    wrong name, or from the wrong CA: nothing is sent, the message is
#    deferred and stays queued.
# Ports from 26300 up.
. "$(dirname "$0")/lib.sh"
t_init
for c in stunnel openssl tcpserver tcprules python3; do
  if ! command -v $c >/dev/null 2>&1; then
    t_skip "TLS with stunnel" "$c is not installed (apt-get install stunnel4 openssl ucspi-tcp python3)"
    t_done
    exit
  fi
done
if [ "$T_ROOT" = 1 ] && ! id stunnel4 >/dev/null 2>&1; then
  t_skip "TLS with stunnel" "no user stunnel4 (made by Debian's stunnel4 package)"
  t_done
  exit
fi
. "$(dirname "$0")/remote-lib.sh"
X=$T/tls
mkdir -p "$X"

# -- a throwaway CA, a server certificate for mail.test.example, and a
# second CA that signed nothing the client will see
ossl() { openssl "$@" >>"$X/openssl.log" 2>&1 || t_notok "openssl $1"; }
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=quire test CA" \
  -keyout "$X/ca.key" -out "$X/ca.pem"
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" \
  -keyout "$X/ca2.key" -out "$X/ca2.pem"
ossl req -newkey rsa:2048 -nodes -subj "/CN=mail.test.example" \
  -keyout "$X/srv.key" -out "$X/srv.csr"
echo "subjectAltName=DNS:mail.test.example" >"$X/ext"
ossl x509 -req -days 2 -in "$X/srv.csr" -CA "$X/ca.pem" -CAkey "$X/ca.key" \
  -CAcreateserial -extfile "$X/ext" -out "$X/srv.pem"
# as INSTALL says: key and certificate in one file that only root reads
(umask 077 && cat "$X/srv.key" "$X/srv.pem" >"$H/control/smtps.pem")
chmod 644 "$X/ca.pem" "$X/ca2.pem"

# freeport n: a port from 26300 + n up where nothing listens
freeport() {
  python3 - "$((26300 + $1))" <<'PY'
import socket, sys
p = int(sys.argv[1])
while p < 26400:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError:
        p += 1
PY
}
# up port: something accepts on 127.0.0.1:port
up() {
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()" "$1" 2>/dev/null
}

# -- 1. port 465: the service directory as make setup installs it
SV=$H/supervise/qmail-smtps
printf '127.0.0.1:allow,RELAYCLIENT=""\n:allow\n' >"$H/control/tcp.smtps"
"$H/bin/qmailctl" cdb >"$T/cdb.out" 2>&1
t_check "qmailctl cdb compiles control/tcp.smtps" test -s "$H/control/tcp.smtps.cdb"
# a checkpassword program for the AUTH of qmail-smtpd (where it has
# one): user tls, password secret
cat >"$X/checkpw" <<'PY'
#!/usr/bin/env python3
import os, sys
f = os.fdopen(3, "rb")
d = f.read(600).split(b"\0")
if len(d) >= 2 and d[0] == b"tls" and d[1] == b"secret":
    os.execvp(sys.argv[1], sys.argv[1:])
sys.exit(1)
PY
chmod 755 "$X/checkpw"
echo "$X/checkpw /bin/true" >"$SV/checkpassword"
echo 127.0.0.1 >"$SV/ip"
P465=""
for try in 1 2 3 4 5; do
  p=$(freeport $((try * 3)))
  echo "$p" >"$SV/port"
  (cd "$SV" && exec ./run) >>"$T/smtps.log" 2>&1 &
  SPID=$!
  TPIDS="$TPIDS $SPID"
  if t_wait 5 up "$p"; then P465=$p; break; fi
  kill "$SPID" 2>/dev/null
done
if [ -z "$P465" ]; then
  t_notok "qmail-smtps/run listens"; sed 's/^/# /' "$T/smtps.log"; t_done; exit
fi
t_ok "qmail-smtps/run listens on 127.0.0.1:$P465"
t_check "stunnel.conf written, with the checkpassword program" \
  grep -q "^execArgs = qmail-smtpd $X/checkpw /bin/true\$" "$SV/stunnel.conf"
t_start

# smtps.py port ca source from to [user:password]: one message over
# implicit TLS from the address source, the CA ca trusted and the name
# mail.test.example checked; prints the EHLO keywords and the outcome
cat >"$X/smtps.py" <<'PY'
import smtplib, socket, ssl, sys
port, ca, src, frm, to = sys.argv[1:6]
auth = sys.argv[6] if len(sys.argv) > 6 else ""
ctx = ssl.create_default_context(cafile=ca)

class Client(smtplib.SMTP_SSL):
    def _get_socket(self, host, port, timeout):
        raw = socket.create_connection((host, port), timeout, (src, 0))
        return ctx.wrap_socket(raw, server_hostname="mail.test.example")

s = Client("127.0.0.1", int(port), local_hostname="client.test",
           context=ctx, timeout=20)
s.ehlo()
print("ehlo", " ".join(sorted(s.esmtp_features)))
if to == "-":
    s.quit()
    sys.exit(0)
if auth:
    u, p = auth.split(":")
    s.login(u, p)
    print("auth ok")
try:
    s.sendmail(frm, [to], "Subject: over TLS\r\n\r\nsent over implicit TLS\r\n")
    print("sent")
except smtplib.SMTPRecipientsRefused as e:
    print("refused", e.recipients[to][0])
s.quit()
PY
smtps() { python3 "$X/smtps.py" "$P465" "$@" >"$T/py.out" 2>&1; }

J=$T/users/joe/Maildir
smtps "$X/ca.pem" 127.0.0.2 someone@client.test joe@test.example
t_check "smtplib over TLS: the message accepted" grep -q '^sent$' "$T/py.out"
# joehas n: joe's Maildir holds n messages (counted anew on each try)
joehas() { test "$(t_count "$J")" = "$1"; }
t_check "delivered to joe's Maildir" t_wait 40 joehas 1
f=$(find "$J/new" -type f | head -n 1)
if grep -q '^Received: from client.test (HELO client.test) (127.0.0.2)$' "$f" 2>/dev/null ||
   grep -q '^Received: from unknown (HELO client.test) (127.0.0.2)$' "$f" 2>/dev/null; then
  t_ok "the Received field names the client, 127.0.0.2"
else
  t_notok "the Received field names the client, 127.0.0.2"; sed 's/^/# /' "$f" "$T/py.out"
fi
t_check "the message came through intact" grep -q '^sent over implicit TLS$' "$f"
t_check "tcpserver saw the client's address" \
  grep -q "tcpserver: ok [0-9]* .*:127.0.0.2::" "$T/smtps.log"

# relaying: 127.0.0.2 is not in control/tcp.smtps, so not through 465
# either (a tunnel to a tcpserver on 127.0.0.1 would have let it)
smtps "$X/ca.pem" 127.0.0.2 someone@client.test far@elsewhere.example
t_check "no relaying for 127.0.0.2: the recipient refused" grep -q '^refused 553$' "$T/py.out"
# and the rules are matched against the client: 127.0.0.1 may relay
echo "far.example:127.0.0.1:1" >"$H/control/smtproutes"
smtps "$X/ca.pem" 127.0.0.1 someone@client.test far@far.example
t_check "control/tcp.smtps: 127.0.0.1 may relay" grep -q '^sent$' "$T/py.out"

# a client that does not trust the CA gives up
smtps "$X/ca2.pem" 127.0.0.2 someone@client.test joe@test.example
t_check "a client with another CA refuses the certificate" grep -q CERTIFICATE_VERIFY_FAILED "$T/py.out"

# AUTH, where this qmail-smtpd has it: SMTPAUTH is set by the run script
smtps "$X/ca.pem" 127.0.0.2 someone@client.test -
if grep -q '^ehlo.* auth' "$T/py.out"; then
  smtps "$X/ca.pem" 127.0.0.2 tls@client.test far@far.example tls:secret
  t_check "AUTH over TLS grants relaying" grep -q '^sent$' "$T/py.out"
else
  t_skip "AUTH over TLS" "this qmail-smtpd offers no AUTH"
fi

# openssl s_client: the certificate chain and name verified, and a
# whole SMTP session
printf 'EHLO sclient.test\r\nMAIL FROM:<s@client.test>\r\nRCPT TO:<joe@test.example>\r\nDATA\r\n' >"$X/s.in"
printf 'Subject: s_client\r\n\r\nfrom openssl s_client\r\n.\r\nQUIT\r\n' >>"$X/s.in"
(cat "$X/s.in"; sleep 3) | timeout 20 openssl s_client -connect "127.0.0.1:$P465" \
  -CAfile "$X/ca.pem" -verify_hostname mail.test.example -verify_return_error \
  -ign_eof >"$T/sc.out" 2>&1
t_check "openssl s_client: verified" grep -q 'Verify return code: 0 (ok)' "$T/sc.out"
t_check "openssl s_client: the message accepted" grep -q '^250 2.0.0 ok' "$T/sc.out"
t_check "openssl s_client: delivered" t_wait 40 joehas 2

if command -v swaks >/dev/null 2>&1 && perl -MNet::SSLeay -e 1 2>/dev/null; then
  timeout 30 swaks --server 127.0.0.1 --port "$P465" --tlsc --tls-verify \
    --tls-ca-path "$X/ca.pem" \
    --from swaks@client.test --to joe@test.example --header 'Subject: swaks' \
    >"$T/swaks.out" 2>&1
  t_check "swaks --tlsc: sent" grep -q '^<~  250 2.0.0 ok' "$T/swaks.out"
  t_check "swaks --tlsc: delivered" t_wait 40 joehas 3
else
  t_skip "swaks --tlsc" "swaks or libnet-ssleay-perl is not installed"
fi

# as root: who holds the key, who reads the network
if [ "$T_ROOT" = 1 ]; then
  t_check "control/smtps.pem: root's, mode 600" \
    test "$(stat -c '%u %a' "$H/control/smtps.pem")" = "0 600"
  if setpriv --reuid="$U_DAEMON" --regid="$G_NOFILES" --clear-groups \
    cat "$H/control/smtps.pem" >/dev/null 2>&1; then
    t_notok "the daemon user cannot read the key"
  else
    t_ok "the daemon user cannot read the key"
  fi
  # a session held open: stunnel and its qmail-smtpd, from /proc
  python3 - "$P465" "$X/ca.pem" >"$T/hold.out" 2>&1 <<'PY' &
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 10, ("127.0.0.3", 0))
s = ctx.wrap_socket(raw, server_hostname="mail.test.example")
print(s.recv(1000).decode()[:3], flush=True)
time.sleep(6)
s.sendall(b"QUIT\r\n")
PY
  HOLD=$!
  TPIDS="$TPIDS $HOLD"
  t_wait 10 grep -q '^220' "$T/hold.out"
  sp=$(sed -n 's/.*tcpserver: pid \([0-9]*\) from 127.0.0.3$/\1/p' "$T/smtps.log" | head -n 1)
  uids() { awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$1/status" 2>/dev/null; }
  t_check "stunnel runs as the daemon user" \
    test "$(uids "$sp")" = "$U_DAEMON $U_DAEMON $U_DAEMON $U_DAEMON"
  child=$(grep -l "^PPid:[[:space:]]*$sp\$" /proc/[0-9]*/status 2>/dev/null | head -n 1)
  child=${child#/proc/}; child=${child%/status}
  t_check "its qmail-smtpd runs as the daemon user" \
    test -n "$child" -a "$(uids "$child")" = "$U_DAEMON $U_DAEMON $U_DAEMON $U_DAEMON"
  wait "$HOLD"
fi

# -- 1b. STARTTLS (port 587): a copy of the service with a file starttls
S7=$T/sv-587
mkdir -p "$S7"
cp "$SV/run" "$SV/checkpassword" "$SV/ip" "$S7/"
: >"$S7/starttls"
P587=$(freeport 30)
echo "$P587" >"$S7/port"
(cd "$S7" && exec ./run) >>"$T/587.log" 2>&1 &
TPIDS="$TPIDS $!"
t_check "the STARTTLS copy listens on 127.0.0.1:$P587" t_wait 10 up "$P587"
before=$(t_count "$J")
(sleep 1; cat "$X/s.in"; sleep 3) | timeout 20 openssl s_client \
  -starttls smtp -connect "127.0.0.1:$P587" -CAfile "$X/ca.pem" \
  -verify_hostname mail.test.example -verify_return_error -ign_eof \
  >"$T/sc7.out" 2>&1
t_check "STARTTLS: verified" grep -q 'Verify return code: 0 (ok)' "$T/sc7.out"
t_check "STARTTLS: the message accepted" grep -q '^250 2.0.0 ok' "$T/sc7.out"
t_check "STARTTLS: delivered" t_wait 40 joehas $((before + 1))
# a client that will not say STARTTLS gets no further than EHLO
printf 'EHLO plain.test\r\nMAIL FROM:<p@client.test>\r\nRCPT TO:<joe@test.example>\r\n' >"$X/p.in"
python3 - "$P587" "$X/p.in" >"$T/p.out" 2>&1 <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
out = s.recv(1000)
s.sendall(open(sys.argv[2], "rb").read())
try:
    while True:
        b = s.recv(1000)
        if not b:
            break
        out += b
except OSError:
    pass
sys.stdout.write(out.decode("ascii", "replace").replace("\r", ""))
PY
t_check "STARTTLS: offered" grep -q '^250 STARTTLS' "$T/p.out"
if grep -q '^250 .*ok' "$T/p.out"; then
  t_notok "STARTTLS: nothing accepted in clear"; sed 's/^/# /' "$T/p.out"
else
  t_ok "STARTTLS: nothing accepted in clear"
fi

# -- 2. a smarthost over TLS: a stunnel server (the smarthost's side, as
# root here only because the test is) in front of the sink
sink tls
PS=$(freeport 40)
cat >"$X/server.conf" <<EOT
foreground = yes
syslog = no
pid =
debug = notice
CAfile = $H/control/smtps.pem
[smarthost]
accept = 127.0.0.1:$PS
connect = 127.0.0.1:$(port tls)
cert = $H/control/smtps.pem
EOT
stunnel "$X/server.conf" >>"$T/server.log" 2>&1 &
TPIDS="$TPIDS $!"
t_check "the smarthost's stunnel listens" t_wait 10 up "$PS"

# tunnel name smarthost cafile n: a copy of the generated
# supervise/qmail-smarthost, started; its port in $TP
tunnel() {
  d=$T/sv-$1
  mkdir -p "$d"
  cp "$H/supervise/qmail-smarthost/run" "$d/run"
  echo "$2:$PS" >"$d/smarthost"
  echo "127.0.0.1:$PS" >"$d/connect"
  echo "$3" >"$d/cafile"
  TP=$(freeport "$4")
  echo "$TP" >"$d/port"
  (cd "$d" && exec ./run) >>"$T/tunnel-$1.log" 2>&1 &
  TPID=$!
  TPIDS="$TPIDS $TPID"
  t_check "tunnel $1 listens on 127.0.0.1:$TP" t_wait 10 up "$TP"
}
tunnel good mail.test.example "$X/ca.pem" 50
PG=$TP
if [ "$T_ROOT" = 1 ]; then
  t_check "the tunnel's stunnel runs as stunnel4" test \
    "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$TPID/status")" = \
    "$(id -u stunnel4) $(id -u stunnel4) $(id -u stunnel4) $(id -u stunnel4)"
fi
tunnel badname wrong.test.example "$X/ca.pem" 60
PN=$TP
tunnel badca mail.test.example "$X/ca2.pem" 70
PC=$TP
cat >"$H/control/smtproutes" <<EOT
good.example:127.0.0.1:$PG
badname.example:127.0.0.1:$PN
badca.example:127.0.0.1:$PC
far.example:127.0.0.1:1
EOT
echo 5 >"$H/control/timeoutremote"
echo 5 >"$H/control/timeoutconnect"

# dstatus recipient: the outcome of its deliveries in qmail-send's log
dstatus() {
  awk -v r="$1" '
    $0 ~ "^starting delivery [0-9]+: msg [0-9]+ to remote " r "$" {
      d[$3] = 1 }
    $1 == "delivery" && ($2 in d) { print $3 }' "$LOG" | tr -d ':' | sort -u
}
queue x@good.example
queue y@badname.example
queue z@badca.example
t_check "through the tunnel: the sink got the message" \
  t_wait 30 sh -c "grep -l '^RCPT TO:<x@good.example>' '$T'/sink-tls/env-* >'$T/good'"
isstatus() { [ "$(dstatus "$1")" = "$2" ]; }
t_check "through the tunnel: delivered" t_wait 20 isstatus x@good.example success
good=$(sed -n 's/.*env-\([0-9]*\)$/\1/p' "$T/good" | head -n 1)
t_check "the data arrived intact" grep -q '^body' "$T/sink-tls/data-$good"
for n in y@badname z@badca; do
  t_check "$n: deferred" t_wait 30 isstatus "$n.example" deferral
  n=${n#*@}
  t_check "$n: the tunnel refused the certificate" \
    grep -qi 'certificate verify failed\|CERT: .* check failed\|verify error' "$T/tunnel-$n.log"
  if grep -rqs "$n.example" "$T/sink-tls"; then
    t_notok "$n: nothing reached the smarthost"
  else
    t_ok "$n: nothing reached the smarthost"
  fi
done
"$H/bin/qmail-qread" >"$T/qread.out" 2>&1
t_check "both messages still queued" \
  sh -c "grep -q 'y@badname.example' '$T/qread.out' && grep -q 'z@badca.example' '$T/qread.out'"
t_done

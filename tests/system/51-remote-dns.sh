#!/bin/sh
# 51-remote-dns.sh - qmail-remote's routing through a real DNS server:
# MX, several MX of equal and of different preference, null MX, CNAME
# chains, AAAA-only and dual-stack hosts, an answer over 512 bytes (TCP
# fall-back), NXDOMAIN, and the check that refuses to hand mail to this
# host when it is the best MX.
#
# The test makes its own network and mount namespaces (unshare): a
# loopback interface, routes that make 198.51.100.0/24 and 2001:db8::/64
# local (so sinks can listen there, while this host's own addresses stay
# 127.0.0.1 and ::1), dnsmasq on ::1 and 127.0.0.1 port 53, and its own resolv.conf
# bound over /etc/resolv.conf.  The host's network and configuration are
# never touched.  Without root or unshare it says SKIP.
. "$(dirname "$0")/lib.sh"

if [ -z "${QUIRE_IN_NS:-}" ]; then
  why=""
  if [ "$T_ROOT" != 1 ]; then why="not root: cannot make namespaces"
  elif ! command -v unshare >/dev/null 2>&1; then why="unshare is not installed"
  elif ! command -v dnsmasq >/dev/null 2>&1; then why="dnsmasq is not installed (apt-get install dnsmasq-base)"
  elif ! command -v ip >/dev/null 2>&1; then why="ip (iproute2) is not installed"
  elif ! command -v python3 >/dev/null 2>&1; then why="python3 (the sink SMTP server) is not installed"
  elif ! unshare --net --mount true 2>/dev/null; then why="unshare --net --mount is not permitted here"
  fi
  if [ -n "$why" ]; then
    t_skip "remote delivery through DNS" "$why"
    exit 0
  fi
  QUIRE_IN_NS=1 exec unshare --net --mount sh "$0" "$@"
fi

# from here on: inside the namespaces
t_init
t_build
SINK=$TOP/tests/system/remote/sink.py
N=$T/ns
mkdir -p "$N"

ip link set lo up || { t_notok "loopback up"; exit 1; }
ip route add local 198.51.100.0/24 dev lo || t_notok "local IPv4 route"
ip -6 route add local 2001:db8::/64 dev lo 2>/dev/null || t_note "no local IPv6 route"
# the resolver is asked over IPv6 where the namespace has ::1, so both
# kinds of nameserver line are used by some run of this test
if ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/'; then
  NSADDR=::1 LISTEN=127.0.0.1,::1
else
  NSADDR=127.0.0.1 LISTEN=127.0.0.1
  t_note "no ::1 in the namespace: nameserver 127.0.0.1"
fi
echo "nameserver $NSADDR" >"$N/resolv.conf"
mount --bind "$N/resolv.conf" /etc/resolv.conf || { t_notok "private resolv.conf"; exit 1; }

X=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
{
  cat <<EOF
port=53
listen-address=$LISTEN
bind-interfaces
no-resolv
no-hosts
local=/test/
mx-host=one.test,mx1.one.test,10
host-record=mx1.one.test,198.51.100.1
host-record=plain.test,198.51.100.1
mx-host=pref.test,hi.pref.test,10
mx-host=pref.test,lo.pref.test,20
host-record=hi.pref.test,198.51.100.9
host-record=lo.pref.test,198.51.100.1
mx-host=eq.test,mxa.eq.test,10
mx-host=eq.test,mxb.eq.test,10
host-record=mxa.eq.test,198.51.100.2
host-record=mxb.eq.test,198.51.100.3
dns-rr=null.test,15,000000
mx-host=cn.test,mx.cn.test,10
cname=alias.test,alias2.test
cname=alias2.test,cn.test
host-record=cn.test,198.51.100.9
host-record=mx.cn.test,198.51.100.1
mx-host=six.test,mx.six.test,10
host-record=mx.six.test,2001:db8::6
mx-host=dual.test,mx.dual.test,10
host-record=mx.dual.test,198.51.100.1,2001:db8::8
mx-host=me.test,mx.me.test,10
host-record=mx.me.test,127.0.0.1
EOF
  # an answer too big for 512 bytes: 40 MX records with long names; only
  # the best one has an address
  i=0
  while [ $i -lt 40 ]; do
    echo "mx-host=big.test,mx$i.$X.big.test,$((i + 10))"
    i=$((i + 1))
  done
  echo "host-record=mx0.$X.big.test,198.51.100.1"
} >"$N/dnsmasq.conf"
dnsmasq --keep-in-foreground --conf-file="$N/dnsmasq.conf" --pid-file= \
  --user=root >"$N/dnsmasq.log" 2>&1 &
TPIDS="$TPIDS $!"

# sink name addresses... options: a sink SMTP server on port 25
sink() {
  n=$1; shift
  mkdir -p "$T/sink-$n"
  python3 "$SINK" --ready "$T/sink-$n/port" --dir "$T/sink-$n" --port 25 \
    "$@" >"$T/sink-$n/log" 2>&1 &
  TPIDS="$TPIDS $!"
  t_wait 10 test -s "$T/sink-$n/port" || { t_notok "sink $n started"; cat "$T/sink-$n/log"; }
}
sink s1 --listen 198.51.100.1 --ext PIPELINING,8BITMIME
sink s2 --listen 198.51.100.2
sink s3 --listen 198.51.100.3
sink s6 --listen 2001:db8::6

# query name type: "tc rcode answers length" of a UDP answer, to check
# the test's own premises
query() {
  python3 - "$1" "$2" <<'EOF'
import socket, struct, sys
name, qt = sys.argv[1], int(sys.argv[2])
q = struct.pack(">HHHHHH", 7, 0x100, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
q += struct.pack(">HH", qt, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(q, ("127.0.0.1", 53))
r = s.recv(65536)
fl, qd, an = struct.unpack(">HHH", r[2:8])
print((fl >> 9) & 1, fl & 15, an, len(r))
EOF
}
t_wait 10 sh -c "python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.connect((\"127.0.0.1\", 53))' 2>/dev/null" ||
  { t_notok "dnsmasq started"; cat "$N/dnsmasq.log"; }
set -- $(query one.test 15)
t_check "dnsmasq answers MX for one.test" test "${2:-x}/${3:-x}" = "0/1"
set -- $(query big.test 15)
t_check "big.test's answer is truncated over UDP (${4:-?} bytes)" test "${1:-x}" = 1

printf 'Subject: dns\n\nhello\n' >"$T/msg"
# remote host recipient: run qmail-remote by hand; its report, NULs as
# newlines, in $T/out
remote() {
  "$H/bin/qmail-remote" "$1" joe@test.example "$2" <"$T/msg" >"$T/out.raw"
  echo "exit $?" >>"$T/out.raw"
  tr '\0' '\n' <"$T/out.raw" >"$T/out"
}
# sessions sink
sessions() { cat "$T/sink-$1/sessions" 2>/dev/null || echo 0; }
# rcpt_seen sink address: the sink got RCPT TO:<address>
rcpt_seen() { cat "$T/sink-$1"/env-* 2>/dev/null | grep -q "^RCPT TO:<$2>"; }

remote one.test u1@one.test
t_check "MX: delivered" grep -q '^K198.51.100.1 accepted message.' "$T/out"
t_check "MX: the recipient reported accepted" sh -c "head -n 1 '$T/out' | grep -qx r"
t_check "MX: the sink got the recipient" rcpt_seen s1 u1@one.test

remote plain.test u2@plain.test
t_check "no MX: the host's own A record" grep -q '^K198.51.100.1 accepted' "$T/out"

remote pref.test u3@pref.test
t_check "MX preference: the worse MX after the better one refused" \
  grep -q '^K198.51.100.1 accepted' "$T/out"
t_check "MX preference: the sink got it" rcpt_seen s1 u3@pref.test

i=0
while [ $i -lt 20 ]; do
  remote eq.test "u$i@eq.test"
  grep -q '^K' "$T/out" || t_notok "equal MX delivery $i"
  i=$((i + 1))
done
a=$(sessions s2); b=$(sessions s3)
t_check "equal MX: 20 deliveries spread over both ($a and $b)" \
  sh -c "[ $a -gt 0 ] && [ $b -gt 0 ] && [ \$(($a + $b)) -eq 20 ]"

remote null.test u4@null.test
t_check "null MX: permanent failure" grep -q '^DSorry, null.test says it accepts no mail (null MX). (#5.1.10)' "$T/out"

remote alias.test u5@alias.test
t_check "CNAME chain: followed to cn.test's MX" grep -q '^K198.51.100.1 accepted' "$T/out"
t_check "CNAME chain: the recipient is not rewritten" rcpt_seen s1 u5@alias.test

remote six.test u6@six.test
t_check "AAAA-only MX: delivered over IPv6" grep -q '^K2001:db8::6 accepted message.' "$T/out"
t_check "AAAA-only MX: the IPv6 sink got it" rcpt_seen s6 u6@six.test

remote dual.test u7@dual.test
t_check "dual stack: IPv4 after the IPv6 address refused" grep -q '^K198.51.100.1 accepted' "$T/out"

remote big.test u8@big.test
t_check "answer over 512 bytes: asked again over TCP, delivered" \
  grep -q '^K198.51.100.1 accepted' "$T/out"
t_check "answer over 512 bytes: the sink got it" rcpt_seen s1 u8@big.test

remote me.test u9@me.test
t_check "best MX is this host: permanent failure" grep -q "^DSorry. Although I'm listed as a best-preference MX or A for me.test," "$T/out"

remote nosuch.test u10@nosuch.test
t_check "NXDOMAIN: permanent failure" grep -q "^DSorry, I couldn't find any host named nosuch.test. (#5.1.2)" "$T/out"

t_check "the host's resolv.conf was never the one used" sh -c \
  "[ \"\$(cat /etc/resolv.conf)\" = 'nameserver $NSADDR' ]"
t_done

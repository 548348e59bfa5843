#!/bin/sh
# 40-qtools.sh - qmail-qread, qmail-qstat and qmail-showctl
#
# No daemon runs: the queue files are made by hand, exactly as
# qmail-queue (pid/ -> mess/N/inode, todo/) and qmail-send (info/,
# local/, remote/, bounce/) leave them, and the outputs are compared
# byte for byte.  Birth times are set with touch, so the dates are known
# and need no normalising; messages are compared as sorted blocks,
# since the order within a queue subdirectory is the directory's.
. "$(dirname "$0")/lib.sh"
t_init
t_build
Q=$H/queue
QB=$H/bin

# mkmess text: a message file named as qmail-queue names it (the inode
# number of its file in pid/); prints the message number
mkmess() {
  tmp=$Q/pid/new.$$
  {
    echo 'Received: (qmail 4242 invoked by uid 0); 24 Nov 2026 07:50:00 -0000'
    echo "$1"
  } >"$tmp"
  id=$(ls -i "$tmp" | awk '{ print $1 }')
  ln "$tmp" "$Q/mess/$((id % 23))/$id"
  rm -f "$tmp"
  echo "$id"
}

# rec file record...: records with \001 standing for NUL
rec() {
  f=$1; shift
  : >"$f"
  for r in "$@"; do printf '%s\001' "$r" | tr '\001' '\000' >>"$f"; done
}

# birth id YYYYMMDDhhmm.SS: the info file's mtime, in UTC
birth() {
  TZ=UTC0 touch -t "$2" "$Q/info/$(($1 % 23))/$1"
}

# blocks: each message's lines joined into one, then sorted
blocks() {
  awk '/^(\t|  done\t)/ { b = b "|" $0; next }
       { if (n++) print b; b = $0 }
       END { if (n) print b }' | LC_ALL=C sort
}

split_of() { echo $(($1 % 23)); }

# qstat_is n m: qmail-qstat's two lines, byte for byte
qstat_is() {
  printf 'messages in queue: %s\n' "$1" >"$T/exp"
  printf 'messages in queue but not yet preprocessed: %s\n' "$2" >>"$T/exp"
  "$QB/qmail-qstat" >"$T/out" 2>"$T/err" &&
    cmp -s "$T/out" "$T/exp" && ! [ -s "$T/err" ]
}

# listed id: message id has a first line in qmail-qread's output
listed() { grep -q "#$1 " "$T/out"; }

# ---- an empty queue
out=$("$QB/qmail-qread" 2>"$T/err"); rc=$?
t_check "qmail-qread: empty queue, no output, exit 0" \
  test -z "$out" -a ! -s "$T/err" -a "$rc" = 0
t_check "qmail-qstat: empty queue, exit 0" qstat_is 0 0

# ---- a queue: A preprocessed with a done local and a pending remote
# recipient; B bouncing; C still in todo/; D with bytes to hide
A=$(mkmess "Subject: a")
rec "$Q/info/$(split_of "$A")/$A" "Falice@example.org"
rec "$Q/local/$(split_of "$A")/$A" "Dcarol@test.example"
rec "$Q/remote/$(split_of "$A")/$A" "Tbob@example.net" "Tdan@example.net"
birth "$A" 202611240750.00

B=$(mkmess "Subject: b")
rec "$Q/info/$(split_of "$B")/$B" "F"
rec "$Q/local/$(split_of "$B")/$B" "Dnobody@test.example" "Terin@test.example"
printf '<nobody@test.example>:\nSorry, no mailbox here by that name.\n\n' \
  >"$Q/bounce/$B"
birth "$B" 202611040905.07

C=$(mkmess "Subject: c")
rec "$Q/todo/$C" "u0" "p4242" "Fdave@example.org" "Terin@example.net"

D=$(mkmess "Subject: d")
esc=$(printf '\033')
tab=$(printf '\t')
rec "$Q/info/$(split_of "$D")/$D" "F${esc}[2Jmallory@example.org"
rec "$Q/remote/$(split_of "$D")/$D" "Tx${tab}y@example.org"
birth "$D" 202601010000.00

size() { wc -c <"$Q/mess/$(split_of "$1")/$1" | tr -d ' '; }
{
  printf '24 Nov 2026 07:50:00 GMT  #%s  %s  <alice@example.org> \n' \
    "$A" "$(size "$A")"
  printf '  done\tlocal\tcarol@test.example\n'
  printf '\tremote\tbob@example.net\n'
  printf '\tremote\tdan@example.net\n'
  printf '4 Nov 2026 09:05:07 GMT  #%s  %s  <>  bouncing\n' \
    "$B" "$(size "$B")"
  printf '  done\tlocal\tnobody@test.example\n'
  printf '\tlocal\terin@test.example\n'
  printf '1 Jan 2026 00:00:00 GMT  #%s  %s  <_[2Jmallory@example.org> \n' \
    "$D" "$(size "$D")"
  printf '\tremote\tx_y@example.org\n'
} | blocks >"$T/exp"
"$QB/qmail-qread" >"$T/out" 2>"$T/err"; rc=$?
blocks <"$T/out" >"$T/outb"
t_check "qmail-qread: queue listed byte for byte" cmp -s "$T/outb" "$T/exp"
[ -s "$T/err" ] && sed 's/^/# /' "$T/err"
t_check "qmail-qread: exit 0, nothing on stderr" test "$rc" = 0 -a ! -s "$T/err"
t_check "qmail-qread: the todo message is not listed" eval '! listed "$C"'
t_check "qmail-qread: local before remote within a message" \
  sh -c "awk -v id='#$A ' 'index(\$0, id) { getline; print; exit }' '$T/out' |
         grep -q '^  done.local.carol'"

t_check "qmail-qstat: 4 in queue, 1 not preprocessed" qstat_is 4 1

# ---- trouble: E's info is corrupt; F has a recipient over the address
# limit; G is being preprocessed (todo/G) with an empty info file, which
# is nobody's trouble; a stray name in info/
E=$(mkmess "Subject: e")
printf 'Xnot a sender record' >"$Q/info/$(split_of "$E")/$E"
F=$(mkmess "Subject: f")
rec "$Q/info/$(split_of "$F")/$F" "Ffrank@example.org"
long=$(awk 'BEGIN { while (n++ < 4200) printf "a"; print "@example.net" }')
rec "$Q/remote/$(split_of "$F")/$F" \
  "Tok@example.net" "T$long" "Tlater@example.net"
birth "$F" 202611240750.00
G=$(mkmess "Subject: g")
: >"$Q/info/$(split_of "$G")/$G"
rec "$Q/todo/$G" "u0" "p4243" "Fgina@example.org" "Thank@example.net"
echo junk >"$Q/info/0/junk"

"$QB/qmail-qread" >"$T/out" 2>"$T/err"; rc=$?
sed 's/^/# stderr: /' "$T/err"
t_check "qmail-qread: trouble gives exit 111" test "$rc" = 111
W="qmail-qread: warning: trouble with"
t_check "qmail-qread: corrupt info is named on stderr" \
  grep -q "^$W #$E: info/$(split_of "$E")/$E: corrupt" "$T/err"
t_check "qmail-qread: corrupt message is not listed" eval '! listed "$E"'
t_check "qmail-qread: overlong record is named on stderr" \
  grep -q "^$W #$F: remote/$(split_of "$F")/$F: record longer than the address limit at byte 16" "$T/err"
printf '24 Nov 2026 07:50:00 GMT  #%s  %s  <frank@example.org> |%s\n' \
  "$F" "$(size "$F")" "$(printf '\tremote\tok@example.net')" >"$T/exp"
blocks <"$T/out" | grep "#$F " >"$T/outb"
t_check "qmail-qread: nothing of the overlong record is printed" \
  cmp -s "$T/outb" "$T/exp"
t_check "qmail-qread: the other messages are still listed" \
  eval 'listed "$A" && listed "$B" && listed "$D"'
t_check "qmail-qread: a message being preprocessed is no trouble" \
  eval '! grep -q "#$G" "$T/err"'
t_check "qmail-qread: a stray name in info/ is ignored, with a warning" \
  grep -q "^qmail-qread: warning: ignoring queue/info/0/junk" "$T/err"
t_check "qmail-qread: no output line is unprintable" \
  eval '! LC_ALL=C grep -q "[^ -~$tab]" "$T/out"'
t_check "qmail-qread: an argument is a usage error" \
  sh -c "'$QB/qmail-qread' x >/dev/null 2>&1; test \$? = 100"

# the queue is private: an ordinary user gets 111 and a reason, not a
# partial listing (as root, with a test uid no role has)
if [ "$T_ROOT" = 1 ] && command -v setpriv >/dev/null 2>&1; then
  asuser() { setpriv --reuid 65510 --regid 65510 --clear-groups "$@"; }
  asuser "$QB/qmail-qread" >"$T/out" 2>"$T/err"; rc=$?
  t_check "qmail-qread: as another user, exit 111 and why" eval \
    'test "$rc" = 111 && ! [ -s "$T/out" ] &&
     grep -q "^qmail-qread: fatal: unable to .*: permission denied" "$T/err"'
  asuser "$QB/qmail-qstat" >"$T/out" 2>"$T/err"; rc=$?
  t_check "qmail-qstat: as another user, exit 111 and no count" eval \
    'test "$rc" = 111 && ! [ -s "$T/out" ] &&
     grep -q "^qmail-qstat: fatal: unable to .*: permission denied" "$T/err"'
else
  t_skip "qmail-qread: as another user" "needs root and setpriv"
  t_skip "qmail-qstat: as another user" "needs root and setpriv"
fi

# ---- qmail-showctl: me, locals and rcpthosts from t_build; a few more
# set; one misspelt and one unknown file
C_=$H/control
echo 5 >"$C_/concurrencyremote"
echo 5000 >"$C_/concurrencylocal"
printf '# spammers\n@spam.example\n\nbad@example.com  \n' >"$C_/badmailfrom"
echo bounce.example >"$C_/bouncehost"
printf 'example.net:alias-net\n' >"$C_/virtualdomains"
echo other.example >"$C_/rcpthost"
: >"$C_/zz-unknown"
"$QB/qmail-showctl" >"$T/out" 2>"$T/err"; rc=$?
cat >"$T/exp" <<EOF
qmail home directory: $H.
user-ext delimiter: -.
silent concurrency limit: 1000.
subdirectory split: 23.
user ids: $U_ALIAS, $U_DAEMON, $U_LOG, $U_OWNER, $U_PASSWD, $U_QUEUE, $U_REMOTE, $U_SEND.
group ids: $G_NOFILES, $G_QMAIL.

badmailfrom: 
SMTP refuses MAIL FROM @spam.example.
SMTP refuses MAIL FROM bad@example.com.

bouncefrom: (Default.) Bounces come from the user name MAILER-DAEMON.

bouncehost: Bounces come from the host name bounce.example.

concurrencylocal: At most 5000 local deliveries run at once, over the silent limit: 1000 is used.

concurrencyremote: At most 5 remote deliveries run at once.

databytes: (Default.) SMTP refuses messages over 67108864 bytes.

defaultdomain: (Default.) Host names without a dot get the domain test.example.

defaulthost: (Default.) Addresses without a host get the host name test.example.

doublebouncehost: (Default.) Double bounces go to the host test.example.

doublebounceto: (Default.) Double bounces go to the user postmaster.

envnoathost: (Default.) Envelope recipients without @ get the host name test.example.

helohost: (Default.) qmail-remote greets servers with EHLO (or HELO) test.example.

idhost: (Default.) New Message-IDs end in @test.example.

localiphost: (Default.) Mail for a domain literal of a local IP address is taken as mail for test.example.

locals: 
Mail for test.example is delivered here.

me: This host is test.example.

percenthack: (Default.) No domain has the percent hack.

plusdomain: (Default.) A host name ending in + gets the domain test.example.

qmqpservers: (Default.) No QMQP servers.

queuelifetime: (Default.) Messages stay in the queue at most 604800 seconds.

rcpthosts: 
SMTP accepts mail for recipients at test.example.

morercpthosts: (Default.) Nothing to add to rcpthosts.

morercpthosts.cdb: (Default.) Absent, and so is morercpthosts: nothing to add.

smtpgreeting: (Default.) qmail-smtpd greets clients with 220 test.example.

smtproutes: (Default.) No static SMTP routes.

timeoutconnect: (Default.) qmail-remote gives up a connection attempt after 60 seconds.

timeoutremote: (Default.) qmail-remote gives up on a silent server after 1200 seconds.

timeoutsmtpd: (Default.) qmail-smtpd gives up on a silent client after 1200 seconds.

virtualdomains: 
Virtual domain example.net:alias-net

rcpthost: no quire program reads this file.

zz-unknown: no quire program reads this file.
EOF
t_check "qmail-showctl: output byte for byte" cmp -s "$T/out" "$T/exp"
cmp -s "$T/out" "$T/exp" || diff "$T/exp" "$T/out" | sed 's/^/# /'
t_check "qmail-showctl: exit 0, nothing on stderr" test "$rc" = 0 -a ! -s "$T/err"

# an unreadable number, a missing me, a stale morercpthosts.cdb
echo 12x >"$C_/databytes"
rm -f "$C_/me"
echo more.example >"$C_/morercpthosts"
: >"$C_/morercpthosts.cdb"
TZ=UTC0 touch -t 202001010000.00 "$C_/morercpthosts.cdb"
"$QB/qmail-showctl" >"$T/out" 2>"$T/err"; rc=$?
t_check "qmail-showctl: an unreadable file gives exit 111" test "$rc" = 111
t_check "qmail-showctl: the unreadable file's paragraph says why" \
  grep -qx "databytes: Oops! Unable to read this file: its first line is not a decimal number." "$T/out"
t_check "qmail-showctl: without me, defaults are the placeholders" \
  grep -qx "helohost: (Default.) qmail-remote greets servers with EHLO (or HELO) helohost." "$T/out"
t_check "qmail-showctl: a stale morercpthosts.cdb is flagged" \
  grep -qx "morercpthosts.cdb: Oops! It is older than morercpthosts: run qmail-newmrh." "$T/out"
t_check "qmail-showctl: morercpthosts entries" \
  grep -qx "SMTP accepts mail for recipients at more.example (through morercpthosts.cdb)." "$T/out"
t_check "qmail-showctl: the paragraphs go on after trouble" \
  grep -qx "zz-unknown: no quire program reads this file." "$T/out"

t_done

#!/bin/sh
# 90-rcptcheck.sh - recipient checks at RCPT time (qmail-newrcpt(8),
# qmail-smtpd(8) RCPTCHECK).  The key test: for a table of addresses
# (users/assign, wildcard and simple lines, the alias user's .qmail
# files, -default chains, extensions, case, dots, virtualdomains,
# percenthack, passwd users as root), each is first delivered for real
# with the check off, and the outcome (delivered, deferred, bounced) is
# taken from qmail-send's log; then qmail-smtpd, with the check on and
# run as qmaild, must say 250 to each delivered or deferred address and
# 550 5.1.1 to each bounced one.  Also: off by default; remote domains
# and RELAYCLIENT unchecked; stale and missing facts; an unreadable or
# corrupt users/rcpt.cdb (451, never 5xx); a symlink to a root-only
# file; and, as root, an strace proof that qmail-newrcpt touches no
# home while it is root.
. "$(dirname "$0")/lib.sh"
t_init
t_build
LOG=$T/log-home
D=test.example

if [ "$T_ROOT" = 1 ]; then
  J=65510 S=65511 C=65512
else
  J=$(id -u) S=$J C=$J
fi
NS=0
if [ "$T_ROOT" = 1 ] && unshare -m --propagation private true 2>/dev/null; then
  NS=1
fi
# inns command...: with the test passwd file as /etc/passwd
inns() {
  if [ "$NS" = 1 ]; then
    unshare -m --propagation private sh -c \
      'mount --bind "$0" /etc/passwd && exec "$@"' "$T/passwd" "$@"
  else
    "$@"
  fi
}

# mkhome dir uid file...: a home with a Maildir and these .qmail files
# (each delivers to the Maildir)
mkhome() {
  h=$1 u=$2
  shift 2
  mkdir -p "$h/Maildir/new" "$h/Maildir/cur" "$h/Maildir/tmp"
  for f in "$@"; do echo ./Maildir/ >"$h/$f"; chmod 644 "$h/$f"; done
  chmod 755 "$h"
  if [ "$T_ROOT" = 1 ]; then chown -R "$u:$u" "$h"; fi
}
chmod 755 "$T"
mkdir -p "$T/users"
chmod 755 "$T/users"
mkhome "$T/users/joe" "$J" .qmail .qmail-ext .qmail-list-default
mkdir "$T/users/joe/.qmail-dir-default"          # not a regular file
ln -s "$T/users/joe/gone" "$T/users/joe/.qmail-dangling"
# a file only root may read, and a link to it in joe's home
echo secret >"$T/rootonly"
chmod 600 "$T/rootonly"
[ "$T_ROOT" = 1 ] || chmod 000 "$T/rootonly"
ln -s "$T/rootonly" "$T/users/joe/.qmail-secret"
[ "$T_ROOT" = 1 ] && chown -h "$J:$J" "$T/users/joe/.qmail-dir-default" \
  "$T/users/joe/.qmail-dangling" "$T/users/joe/.qmail-secret"
mkhome "$T/users/sue" "$S" .qmail-default
mkhome "$T/users/carol" "$C" .qmail-x .qmail-y-default
AL=$H/alias
mkhome "$AL" "$U_ALIAS" .qmail-postmaster .qmail-mailer-daemon .qmail-foo \
  .qmail-bar-default .qmail-dot:ted .qmail-vd2-default .qmail-sink-default
[ "$T_ROOT" = 1 ] && chown -R "$U_ALIAS:$G_NOFILES" "$AL"

{
  echo "=joe:joe:$J:$J:$T/users/joe:::"
  echo "+joe-:joe:$J:$J:$T/users/joe:-::"
  echo "=sue:sue:$S:$S:$T/users/sue:::"
  echo "+sue-:sue:$S:$S:$T/users/sue:-::"
  echo "=nomail:joe:$J:$J:$T/users/joe:-:zzz:"
  echo "=ann:sue:$S:$S:$T/users/sue:-:ann:"
  echo .
} >"$H/users/assign"
"$H/bin/qmail-newu" || t_notok "qmail-newu"
echo "$D" >"$H/control/percenthack"
printf 'virt.example:joe\nvd2.example:vd2\n' >"$H/control/virtualdomains"
printf '%s\nvirt.example\nvd2.example\nremote.example\n' "$D" >"$H/control/rcpthosts"
cat >"$T/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
carol:x:$C:$C::$T/users/carol:/bin/sh
EOF

# the table: local parts at test.example, or whole addresses
set -- joe JOE joe-ext Joe-EXT joe-ext-more joe-list-a joe-LIST-a-b \
  joe-list- joe-list joe-nope joe-secret joe-dangling joe-dir-x nomail \
  sue sue-x sue-x-y ann foo FOO foo-x bar bar- bar-x bar-x-y dot.ted \
  Dot.Ted dot.ted-x dot-ted postmaster PostMaster mailer-daemon \
  nobody-here xyz x@virt.example ext@virt.example Ext@Virt.Example \
  list-q@virt.example a@vd2.example "joe-ext%$D@$D" "nope-x%$D@$D"
if [ "$NS" = 1 ]; then set -- "$@" carol CAROL carol-x carol-y-z carol-z; fi
ADDRS=$*
full() { case "$1" in *@*) echo "$1" ;; *) echo "$1@$D" ;; esac; }

# 1. delivery, check off: each address from its own sender sink-N
if [ "$NS" = 1 ]; then
  (cd "$H" && exec unshare -m --propagation private sh -c \
    'mount --bind "$0" /etc/passwd && exec ./bin/qmail-start ./Maildir/' \
    "$T/passwd") >>"$LOG" 2>&1 &
else
  (cd "$H" && exec ./bin/qmail-start ./Maildir/) >>"$LOG" 2>&1 &
fi
SENDPID=$!
TPIDS="$TPIDS $SENDPID"
t_wait 10 grep -q '^status: local' "$LOG" || { t_notok "qmail-send started"; cat "$LOG"; }
n=0
for a in $ADDRS; do
  n=$((n + 1))
  printf 'Subject: %s\n\nbody\n' "$a" |
    QMAILHOST=$D "$H/bin/qmail-inject" -f "sink-$n@$D" "$(full "$a")" ||
    t_notok "qmail-inject $a"
done
# outcomes: "N result" for each sink-N whose first delivery has ended
# (success, failure or deferral), from qmail-send's log, in $T/outcomes
outcomes() {
  awk -v dom="@$D>" '
    /^info msg / && index($0, "from <sink-") {
      t = $0; sub(/.*from <sink-/, "", t); sub(dom ".*", "", t)
      m = $0; sub(/.*info msg /, "", m); sub(/:.*/, "", m)
      msg[m] = t; next }
    /^starting delivery / {
      d = $0; sub(/.*starting delivery /, "", d); sub(/:.*/, "", d)
      m = $0; sub(/.*: msg /, "", m); sub(/ .*/, "", m)
      if ((m in msg) && !(msg[m] in started)) { started[msg[m]] = 1; del[d] = msg[m] }
      delete msg[m]; next }
    /^delivery [0-9]+: / {
      d = $0; sub(/^delivery /, "", d); r = d; sub(/:.*/, "", d)
      sub(/^[0-9]+: /, "", r); sub(/:.*/, "", r)
      if (d in del) { print del[d], r; delete del[d] } }
  ' "$LOG" >"$T/outcomes"
  [ "$(wc -l <"$T/outcomes")" -ge "$NADDR" ]
}
outcome() { awk -v n="$1" '$1 == n { print $2; exit }' "$T/outcomes"; }
NADDR=$(echo $ADDRS | wc -w)
t_check "every table address delivered, deferred or bounced" t_wait 120 outcomes

# 2. the facts; then the check, in qmail-smtpd as qmaild
inns "$H/bin/qmail-newrcpt" 2>"$T/newrcpt.err"
t_check "qmail-newrcpt exits 0" test $? = 0
t_check "qmail-newrcpt leaves no users/rcpt.cdb.tmp" test ! -e "$H/users/rcpt.cdb.tmp"
t_check "users/rcpt.cdb is mode 0644" test "$(stat -c %a "$H/users/rcpt.cdb")" = 644
# smtp [VAR=value...] -- addr...: RCPT each, replies' codes in $T/codes
smtp() {
  vars=""
  while [ "$1" != -- ]; do vars="$vars $1"; shift; done
  shift
  { printf 'HELO x\r\nMAIL FROM:<s@remote.example>\r\n'
    for a in "$@"; do printf 'RCPT TO:<%s>\r\n' "$(full "$a")"; done
    printf 'QUIT\r\n'; } >"$T/in"
  if [ "$T_ROOT" = 1 ]; then
    set -- setpriv --reuid="$U_DAEMON" --regid="$G_NOFILES" --clear-groups
  else
    set --
  fi
  # shellcheck disable=SC2086
  env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
    QMAILQUEUE=/bin/false $vars "$@" "$H/bin/qmail-smtpd" <"$T/in" >"$T/out" 2>"$T/err"
  tr -d '\r' <"$T/out" | sed -n '4,$s/^\([0-9][0-9][0-9]\) .*/\1/p' | sed '$d' >"$T/codes"
}
smtp RCPTCHECK=1 -- $ADDRS
i=0
agree=0
refused=0
for a in $ADDRS; do
  i=$((i + 1))
  o=$(outcome $i)
  c=$(sed -n "${i}p" "$T/codes")
  case "$o" in failure) want=550 ;; *) want=250 ;; esac
  if [ "$c" = "$want" ]; then
    agree=$((agree + 1))
    [ "$c" = 550 ] && refused=$((refused + 1))
  else
    t_notok "RCPT $(full "$a"): $c, but delivery said $o"
  fi
done
t_check "RCPT agrees with delivery for all $i addresses ($refused refused)" \
  test "$agree" = "$i"
t_check "the table has both answers" test "$refused" -gt 5 -a "$refused" -lt "$i"
t_check "the refusal text" grep -q '^550 5.1.1 sorry, no mailbox here by that name' "$T/out"
# spot checks, so that agreement is not agreement on nothing
spot() { # addr outcome
  i=0
  for a in $ADDRS; do
    i=$((i + 1))
    [ "$a" = "$1" ] || continue
    t_check "delivery of $1: $2" test "$(outcome $i)" = "$2"
  done
}
spot joe-ext success
spot joe-nope failure
spot joe-secret deferral
spot joe-dangling failure
spot bar failure
spot bar-x-y success
spot Dot.Ted success
spot x@virt.example failure
spot a@vd2.example success
[ "$NS" = 1 ] && spot carol-z failure
[ "$NS" = 1 ] || t_skip "passwd users" "needs root and a mount namespace for a test /etc/passwd"

# 3. off by default; remote domains and RELAYCLIENT are not checked
smtp -- joe-nope nobody-here
t_check "without RCPTCHECK every recipient is accepted" test "$(tr '\n' ' ' <"$T/codes")" = "250 250 "
smtp RCPTCHECK= -- joe-nope
t_check "an empty RCPTCHECK (tcprules opt-out) checks nothing" test "$(cat "$T/codes")" = 250
smtp RCPTCHECK=1 -- nobody@remote.example "nope-x%remote.example@$D"
t_check "remote domains are not checked" test "$(tr '\n' ' ' <"$T/codes")" = "250 250 "
smtp RCPTCHECK=1 RELAYCLIENT= -- joe-nope
t_check "RELAYCLIENT recipients are not checked" test "$(cat "$T/codes")" = 250

# 4. stale facts, as qmail-newrcpt(8) says
mkhome "$T/users/joe" "$J" .qmail-new
smtp RCPTCHECK=1 -- joe-new
t_check "a .qmail file made after qmail-newrcpt is refused (stale)" test "$(cat "$T/codes")" = 550
inns "$H/bin/qmail-newrcpt" 2>>"$T/newrcpt.err"
smtp RCPTCHECK=1 -- joe-new
t_check "... and accepted once qmail-newrcpt has run" test "$(cat "$T/codes")" = 250
mkhome "$T/users/newbie" "$J"
sed -i '$d' "$H/users/assign"
printf '+newbie-:newbie:%s:%s:%s:-::\n.\n' "$J" "$J" "$T/users/newbie" >>"$H/users/assign"
"$H/bin/qmail-newu"
smtp RCPTCHECK=1 -- newbie-x joe-nope
t_check "a home with no facts yet is accepted, the rest still checked" \
  test "$(tr '\n' ' ' <"$T/codes")" = "250 550 "
mv "$H/users/rcpt.cdb" "$H/users/rcpt.cdb.off"
smtp RCPTCHECK=1 -- joe-nope
t_check "no users/rcpt.cdb: nothing to check, accepted" test "$(cat "$T/codes")" = 250
head -c 3000 /dev/urandom >"$H/users/rcpt.cdb"
chmod 644 "$H/users/rcpt.cdb"
smtp RCPTCHECK=1 -- joe-nope joe
t_check "a corrupt users/rcpt.cdb: 451, never 5xx" test "$(tr '\n' ' ' <"$T/codes")" = "451 451 "
mv "$H/users/rcpt.cdb.off" "$H/users/rcpt.cdb"
if [ "$T_ROOT" = 1 ]; then
  chmod 600 "$H/users/rcpt.cdb"
  smtp RCPTCHECK=1 -- joe-nope
  t_check "an unreadable users/rcpt.cdb: 451" test "$(cat "$T/codes")" = 451
  chmod 644 "$H/users/rcpt.cdb"
else
  t_skip "an unreadable users/rcpt.cdb" "not root: the owner reads it anyway"
fi

# 5. the symlink to a root-only file, and root never in a home
if [ "$T_ROOT" = 1 ] && command -v strace >/dev/null; then
  inns strace -f -qq -o "$T/strace" -e trace=%file,setresuid,getdents64 \
    "$H/bin/qmail-newrcpt" 2>>"$T/newrcpt.err"
  # a pid is root until it calls setresuid(N, N, N) with N nonzero
  bad=$(awk -v users="$T/users/" -v alias="$AL" '
    $2 ~ /^setresuid\(/ && $0 !~ /setresuid\(0,/ && $NF == "0" { dropped[$1] = 1; next }
    !dropped[$1] && (index($0, users) || index($0, "\"" alias) || index($0, "\".qmail") || $2 ~ /^getdents/) { print }
  ' "$T/strace")
  if [ -z "$bad" ]; then t_ok "qmail-newrcpt as root touched no home"; else
    t_notok "qmail-newrcpt touched a home as root"; echo "$bad" | sed 's/^/# /'; fi
  t_check "the root-only file was refused to the lister (EACCES)" \
    grep -q '".qmail-secret".*EACCES' "$T/strace"
  t_check "... and never opened" sh -c "! grep -e rootonly -e '\".qmail-secret\"' '$T/strace' | grep -qv ' = -1 '"
else
  t_skip "strace of qmail-newrcpt" "needs root and strace"
fi
smtp RCPTCHECK=1 -- joe-secret
t_check "a .qmail link to a root-only file: accepted, as delivery defers" \
  test "$(cat "$T/codes")" = 250
t_check "qmail-newrcpt warned about nothing in the test homes" \
  sh -c "! grep -q '$T/users' '$T/newrcpt.err'"
t_check "qmail-newrcpt with an argument: usage, exit 100" \
  sh -c "'$H/bin/qmail-newrcpt' x 2>/dev/null; test \$? = 100"
t_done

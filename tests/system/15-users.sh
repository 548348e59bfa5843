#!/bin/sh
# 15-users.sh - who receives mail for a local part, through the real
# daemons: users/assign compiled by qmail-newu (simple and wildcard
# lines, longest prefix, case, first line wins, uid 0 refused), the
# fallback to qmail-getpw and its alias catch-all, qmail-getpw's passwd
# rules (as root, against a test passwd file bind-mounted over
# /etc/passwd in a mount namespace of the test's own), qmail-pw2u with
# every users/ file, and, as root, the ids qmail-getpw and the
# deliveries run with; a users/cdb hit started by qmail-lspawn itself
# (vfork): its failures and the signal state qmail-local starts with.
. "$(dirname "$0")/lib.sh"
t_init
t_build
LOG=$T/log-home

if [ "$T_ROOT" = 1 ]; then
  J=65510 A=65511 B=65512 C=65513 CW=65514
else
  J=$(id -u) A=$J B=$J C=$J CW=$J
fi

# mkuser name uid: a home with a Maildir, and a .qmail-default that
# records USER:LOCAL:EXT:uid for every extension delivered there
mkuser() {
  h=$T/users/$1
  mkdir -p "$h/Maildir/new" "$h/Maildir/cur" "$h/Maildir/tmp"
  echo '|echo "$USER:$LOCAL:$EXT:$(id -u)" >>"$HOME/got"' >"$h/.qmail-default"
  chmod 755 "$T/users" "$h"
  if [ "$T_ROOT" = 1 ]; then chown -R "$2:$2" "$h"; fi
}
mkuser joe "$J"
mkuser ann "$A"
mkuser bob "$B"
mkuser carol "$C"
mkuser carolw "$CW"
AL=$H/alias
mkdir -p "$AL/Maildir/new" "$AL/Maildir/cur" "$AL/Maildir/tmp"
echo '|echo "$USER:$LOCAL:$EXT:$(id -u)" >>"$HOME/got"' >"$AL/.qmail-default"
chown -R "$U_ALIAS:$G_NOFILES" "$AL/Maildir" "$AL/.qmail-default" 2>/dev/null

# a qmail-getpw that records its ids and argument, then runs the real one
GL=$T/getpw
mkdir -p "$GL"
chown "$U_PASSWD" "$GL" 2>/dev/null
mv "$H/bin/qmail-getpw" "$H/bin/qmail-getpw.real"
cat >"$H/bin/qmail-getpw" <<EOF
#!/bin/sh
grep -E '^(Uid|Gid):' /proc/\$\$/status | tr '\t' ' ' >"$GL/ids"
printf '%s\n' "\$1" >>"$GL/args"
exec "$H/bin/qmail-getpw.real" "\$@"
EOF
chmod 755 "$H/bin/qmail-getpw"

line() { # line local user uid home dash ext: one assign line
  echo "$1:$2:$3:$3:$4:$5:$6:"
}
{
  line =joe joe "$J" "$T/users/joe" "" ""
  line +joe- joe "$J" "$T/users/joe" - ""
  line +joe-list- ann "$A" "$T/users/ann" - l-
  line =joe-special bob "$B" "$T/users/bob" "" ""
  line =Mixed.Case bob "$B" "$T/users/bob" - mixed
  line +BIG bob "$B" "$T/users/bob" - big
  line =dup ann "$A" "$T/users/ann" "" ""
  line =dup bob "$B" "$T/users/bob" "" ""
  line =rootme root 0 "$T/users/joe" "" ""
  line =homeless joe "$J" "$T/users/no-such-home" "" ""
  line =joe-sigs joe "$J" "$T/users/joe" - sigs
  echo .
} >"$H/users/assign"
"$H/bin/qmail-newu"
t_check "qmail-newu compiles users/assign" test $? = 0 -a -s "$H/users/cdb"
t_check "qmail-newu leaves no users/cdb.tmp" test ! -e "$H/users/cdb.tmp"
# the empty key: the last byte of each wildcard prefix, once, lowercased
# (qmail 1.03 kept "G" from "+BIG", which its reader never matched)
if command -v python3 >/dev/null; then
  wild=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
end = min(struct.unpack_from("<I", d, 8 * i)[0] for i in range(256))
pos = 2048
while pos < end:
    kl, dl = struct.unpack_from("<II", d, pos)
    if kl == 0:
        sys.stdout.write(d[pos + 8:pos + 8 + dl].decode())
    pos += 8 + kl + dl
' "$H/users/cdb")
  t_check "users/cdb's empty key is \"-g\" (got \"$wild\")" test "$wild" = "-g"
else
  t_skip "users/cdb's empty key" "no python3 to read the cdb"
fi

# the passwd file qmail-getpw sees (as root, in the daemons' namespace)
cat >"$T/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
carol:x:$C:$C::$T/users/carol:/bin/sh
carol-work:x:$CW:$CW::$T/users/carolw:/bin/sh
zeroed:x:0:0::$T/users/carol:/bin/sh
nohome:x:65515:65515::$T/users/missing:/bin/sh
notown:x:65516:65516::$T/users/carol:/bin/sh
Upper:x:65517:65517::$T/users/upper:/bin/sh
abcdefghijklmnopqrstuvwxyzabcdefg:x:65518:65518::$T/users/long:/bin/sh
EOF
mkdir -p "$T/users/upper" "$T/users/long"
chown 65517 "$T/users/upper" 2>/dev/null
chown 65518 "$T/users/long" 2>/dev/null
NS=0
if [ "$T_ROOT" = 1 ] && unshare -m --propagation private true 2>/dev/null; then
  NS=1
fi
# inns command...: with the test passwd file as /etc/passwd
inns() {
  unshare -m --propagation private sh -c \
    'mount --bind "$0" /etc/passwd && exec "$@"' "$T/passwd" "$@"
}

# start qmail-send (in the namespace when there is one)
before=0
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

inject() {
  printf 'Subject: to %s\n\nbody\n' "$1" |
    QMAILHOST=test.example "$H/bin/qmail-inject" -f joe@test.example "$1@test.example"
}
# got who record: the record appears in who's got file
got() {
  if t_wait 30 grep -qxF "$2" "$1/got" 2>/dev/null; then t_ok "got $2"; else
    t_notok "no \"$2\" in $1/got"; sed 's/^/# /' "$1/got" 2>/dev/null; fi
}
# mailcount dir n: n messages in a Maildir
mailcount() {
  t_wait 30 sh -c "[ \$(find '$1/new' '$1/cur' -type f | wc -l) -eq $2 ]"
}

# 1. users/cdb: simple, wildcard, longest prefix, case, first wins
inject joe
t_check "=joe: joe's Maildir" mailcount "$T/users/joe/Maildir" 1
inject joe-foo
got "$T/users/joe" "joe:joe-foo:foo:$J"
inject JOE-bar
got "$T/users/joe" "joe:JOE-bar:bar:$J"
inject joe-list-x
got "$T/users/ann" "ann:joe-list-x:l-x:$A"
inject joe-lis
got "$T/users/joe" "joe:joe-lis:lis:$J"
inject joe-special
t_check "a simple line beats a wildcard" mailcount "$T/users/bob/Maildir" 1
inject mixed.case
got "$T/users/bob" "bob:mixed.case:mixed:$B"
inject MIXED.CASE
got "$T/users/bob" "bob:MIXED.CASE:mixed:$B"
inject big-x
got "$T/users/bob" "bob:big-x:big-x:$B"
inject dup
t_check "of two lines for one local part the first counts" mailcount "$T/users/ann/Maildir" 1
t_check "... and not the second" mailcount "$T/users/bob/Maildir" 1

# 2. uid 0 in users/assign: deferred, never delivered
inject rootme
t_check "uid 0 is refused (deferral logged)" t_wait 30 grep -q 'deferral: Refusing_to_deliver_as_root' "$LOG"
t_check "nothing delivered for rootme" sh -c "! grep -q rootme '$T/users/joe/got' 2>/dev/null"

# 2b. a users/cdb hit is started by the parent itself (a vfork child):
# its failures are reported all the same, and the signals it blocked
# around the vfork are unblocked again before qmail-local runs
inject homeless
t_check "a missing home from users/cdb is deferred (logged)" t_wait 30 grep -q 'deferral: Unable_to_switch_to_.*no-such-home' "$LOG"
# the program's parent is qmail-local itself, which waits for it
echo '|grep -E "^Sig(Blk|Ign):" /proc/$PPID/status >"$HOME/sigs"' >"$T/users/joe/.qmail-sigs"
[ "$T_ROOT" = 1 ] && chown "$J:$J" "$T/users/joe/.qmail-sigs"
inject joe-sigs
t_check "qmail-local from users/cdb runs with no signal blocked" t_wait 30 grep -qsx 'SigBlk:.0*' "$T/users/joe/sigs"
t_check "... and SIGCHLD not ignored" sh -c \
  "v=\$(sed -n 's/^SigIgn:.//p' '$T/users/joe/sigs'); [ -n \"\$v\" ] && [ \$(( 0x\$v & 0x10000 )) = 0 ]"

# 3. not in users/cdb: qmail-getpw, then the alias catch-all
inject nosuchuser-zz9
got "$AL" "alias:nosuchuser-zz9:nosuchuser-zz9:$U_ALIAS"
t_check "qmail-getpw got the local part" grep -qx nosuchuser-zz9 "$GL/args"
t_check "users/cdb hits never ran qmail-getpw" sh -c "! grep -q joe '$GL/args'"
if [ "$T_ROOT" = 1 ]; then
  t_check "qmail-getpw ran as the passwd role" grep -qx "Uid: $U_PASSWD $U_PASSWD $U_PASSWD $U_PASSWD" "$GL/ids"
  t_check "qmail-getpw ran with group nofiles" grep -qx "Gid: $G_NOFILES $G_NOFILES $G_NOFILES $G_NOFILES" "$GL/ids"
else
  t_skip "qmail-getpw's ids" "not root: every role is the invoking user"
fi

# 4. qmail-getpw's passwd rules, through the daemons
if [ "$NS" = 1 ]; then
  inject carol-foo-bar
  got "$T/users/carol" "carol:carol-foo-bar:foo-bar:$C"
  inject CAROL
  t_check "passwd user, any case: carol's Maildir" mailcount "$T/users/carol/Maildir" 1
  inject carol-work-x
  got "$T/users/carolw" "carol-work:carol-work-x:x:$CW"
  inject notown-y
  got "$AL" "alias:notown-y:notown-y:$U_ALIAS"
else
  t_skip "passwd users through the daemons" "needs root and a mount namespace"
fi

# 5. no delivery as root
if [ "$T_ROOT" = 1 ]; then
  t_check "no delivered message belongs to root" sh -c \
    "[ -z \"\$(find '$T/users' '$AL/Maildir' -path '*/Maildir/*' -type f -user 0)\" ]"
fi
t_check "no program delivery ran as uid 0" sh -c \
  "! cat '$T'/users/*/got '$AL/got' | grep -q ':0\$'"

# 6. qmail-getpw by hand: the answer, field by field
# pw local...: qmail-getpw's fields, NULs as newlines, in $T/pw.out
pw() {
  if [ "$NS" = 1 ]; then
    inns setpriv --reuid="$U_PASSWD" --regid="$G_NOFILES" --clear-groups \
      "$H/bin/qmail-getpw.real" "$@" >"$T/pw.raw" 2>"$T/pw.err"
  else
    "$H/bin/qmail-getpw.real" "$@" >"$T/pw.raw" 2>"$T/pw.err"
  fi
  rc=$?
  tr '\0' '\n' <"$T/pw.raw" >"$T/pw.out"
}
# pwis what user uid gid home dash ext: the last pw's answer
pwis() {
  what=$1; shift
  printf '%s\n' "$@" >"$T/pw.exp"
  if [ "$rc" = 0 ] && cmp -s "$T/pw.exp" "$T/pw.out" &&
     [ "$(tr -cd '\0' <"$T/pw.raw" | wc -c)" -eq 6 ]; then t_ok "qmail-getpw $what"
  else t_notok "qmail-getpw $what (exit $rc)"; diff "$T/pw.exp" "$T/pw.out" | sed 's/^/# /'; fi
}
pw nosuchuser-zz9-Q
pwis "catch-all" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - nosuchuser-zz9-Q
"$H/bin/qmail-getpw.real" >"$T/pw.raw" 2>/dev/null
rc=$?
t_check "qmail-getpw without an argument: exit 100, no output" test "$rc" = 100 -a ! -s "$T/pw.raw"
if [ "$NS" = 1 ]; then
  pw carol
  pwis "user" carol "$C" "$C" "$T/users/carol" "" ""
  pw carol-foo-bar
  pwis "user-ext" carol "$C" "$C" "$T/users/carol" - foo-bar
  pw CaRoL-Foo
  pwis "any case, extension kept" carol "$C" "$C" "$T/users/carol" - Foo
  pw carol-work-x
  pwis "longest prefix" carol-work "$CW" "$CW" "$T/users/carolw" - x
  pw carol-workx
  pwis "break only at a hyphen" carol "$C" "$C" "$T/users/carol" - workx
  pw zeroed
  pwis "uid 0 is no user" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - zeroed
  pw nohome-1
  pwis "missing home is no user" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - nohome-1
  pw notown
  pwis "home owned by another is no user" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - notown
  pw upper
  pwis "capitals in the account name" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - upper
  pw abcdefghijklmnopqrstuvwxyzabcdefg
  pwis "names of 32 bytes or more" alias "$U_ALIAS" "$G_NOFILES" "$H/alias" - abcdefghijklmnopqrstuvwxyzabcdefg
else
  t_skip "qmail-getpw against passwd entries" "needs root and a mount namespace (test passwd over /etc/passwd)"
fi

# 7. qmail-newu refuses a bad file and keeps users/cdb
cp "$H/users/assign" "$T/assign.good"
cp "$H/users/cdb" "$T/cdb.good"
newu_bad() { # what expected-stderr: the current users/assign is refused
  "$H/bin/qmail-newu" 2>"$T/err"
  rc=$?
  if [ "$rc" = 100 ] && grep -q "$2" "$T/err" && cmp -s "$H/users/cdb" "$T/cdb.good" &&
     [ ! -e "$H/users/cdb.tmp" ]; then t_ok "qmail-newu refuses $1"
  else t_notok "qmail-newu refuses $1 (exit $rc)"; sed 's/^/# /' "$T/err"; fi
}
{ echo "=a:a:1:1:/a:::"; echo "=b:b:1:1:relative:::"; echo .; } >"$H/users/assign"
newu_bad "a relative home" "line 2"
{ echo "=a:a:1:1:/a:::"; echo "x:a:1:1:/a:::"; echo .; } >"$H/users/assign"
newu_bad "a line without = or +" "line 2"
{ echo "=a:a:1:1:/a:::extra"; echo .; } >"$H/users/assign"
newu_bad "bytes after the seventh colon" "line 1"
{ echo "=a:a:x1:1:/a:::"; echo .; } >"$H/users/assign"
newu_bad "a uid that is not a number" "uid"
echo "=a:a:1:1:/a:::" >"$H/users/assign"
newu_bad "a file without its . line" "end of file"
"$H/bin/qmail-newu" x 2>/dev/null
t_check "qmail-newu with an argument: exit 100" test $? = 100
cp "$T/assign.good" "$H/users/assign"

# 8. qmail-pw2u: a passwd file on stdin, never /etc/passwd
if [ "$T_ROOT" = 1 ]; then NO=$T/users/notown; mkdir -p "$NO"; chown 65510 "$NO"; else NO=/; fi
cat >"$T/pwin" <<EOF
root:x:0:0:root:/root:/bin/sh
joe:x:$J:$J:Joe:$T/users/joe:/bin/sh
ann:x:$A:$A::$T/users/ann:/bin/sh
bob:x:$B:$B::$T/users/bob:/bin/sh
gone:x:65515:65515::$T/users/missing:/bin/sh
notown:x:65516:65516::$NO:/bin/sh
Upper:x:$B:$B::$T/users/bob:/bin/sh
no colons here
bad:x:abc:1::/x:/bin/sh
EOF
CATCH="+:alias:$U_ALIAS:$G_NOFILES:$H/alias:-::"
lines() { # lines name user uid home [brk dash]: a user's two lines
  echo "=$1:$2:$3:$3:$4:::"
  echo "+$1${5:--}:$2:$3:$3:$4:${6:--}::"
}
# pw2u what [options]: compare qmail-pw2u's output with $T/pw2u.exp
pw2u() {
  what=$1; shift
  (cd / && "$H/bin/qmail-pw2u" "$@" <"$T/pwin" >"$T/pw2u.out" 2>"$T/err")
  rc=$?
  if [ "$rc" = 0 ] && cmp -s "$T/pw2u.exp" "$T/pw2u.out"; then t_ok "qmail-pw2u $what"
  else t_notok "qmail-pw2u $what (exit $rc)"; diff "$T/pw2u.exp" "$T/pw2u.out" | sed 's/^/# /'; sed 's/^/# /' "$T/err"; fi
}
{ echo "$CATCH"; lines joe joe "$J" "$T/users/joe"; lines ann ann "$A" "$T/users/ann"
  lines bob bob "$B" "$T/users/bob"; echo .; } >"$T/pw2u.exp"
pw2u "default rules"
t_check "qmail-pw2u warns about the malformed lines" sh -c \
  "grep -q 'line 8: fewer than seven fields' '$T/err' && grep -q 'line 9: uid is not a number' '$T/err'"
{ echo "$CATCH"; lines joe joe "$J" "$T/users/joe"; lines ann ann "$A" "$T/users/ann"
  lines bob bob "$B" "$T/users/bob"; lines Upper Upper "$B" "$T/users/bob"; echo .; } >"$T/pw2u.exp"
pw2u "-u" -u
{ echo "$CATCH"; lines joe joe "$J" "$T/users/joe"; lines ann ann "$A" "$T/users/ann"
  lines bob bob "$B" "$T/users/bob"; lines gone gone 65515 "$T/users/missing"
  lines notown notown 65516 "$NO"; echo .; } >"$T/pw2u.exp"
pw2u "-H" -H
{ echo "$CATCH"; echo "=joe:joe:$J:$J:$T/users/joe:::"; echo "=ann:ann:$A:$A:$T/users/ann:::"
  echo "=bob:bob:$B:$B:$T/users/bob:::"; echo .; } >"$T/pw2u.exp"
pw2u "-C" -C
{ echo "$CATCH"; lines joe joe "$J" "$T/users/joe" +; lines ann ann "$A" "$T/users/ann" +
  lines bob bob "$B" "$T/users/bob" +; echo .; } >"$T/pw2u.exp"
pw2u "-c+" -c+
{ echo "+:alias:$U_ALIAS:$G_NOFILES:$H/alias:-/::"; lines joe joe "$J" "$T/users/joe" - -/
  lines ann ann "$A" "$T/users/ann" - -/; lines bob bob "$B" "$T/users/bob" - -/; echo .; } >"$T/pw2u.exp"
pw2u "-/" -/
(cd / && "$H/bin/qmail-pw2u" -h <"$T/pwin" >/dev/null 2>"$T/err")
t_check "qmail-pw2u -h stops at a missing home (exit 111)" test $? = 111
"$H/bin/qmail-pw2u" -x </dev/null >/dev/null 2>&1
t_check "qmail-pw2u with an unknown option: exit 100" test $? = 100

printf 'joe\nann\n# a comment\nbob\n' >"$H/users/include"
printf 'bob\n' >"$H/users/exclude"
printf 'joe:jdoe:joe\nghost:gg\n' >"$H/users/mailnames"
printf 'sales:ann:sales:\n' >"$H/users/subusers"
printf '=extra:bob:%s:%s:%s:::' "$B" "$B" "$T/users/bob" >"$H/users/append"
{ echo "$CATCH"; lines jdoe joe "$J" "$T/users/joe"; lines joe joe "$J" "$T/users/joe"
  lines ann ann "$A" "$T/users/ann"
  echo "=sales:ann:$A:$A:$T/users/ann:-:sales:"
  echo "+sales-:ann:$A:$A:$T/users/ann:-:sales-:"
  echo "=extra:bob:$B:$B:$T/users/bob:::"; echo .; } >"$T/pw2u.exp"
pw2u "include, exclude, mailnames, subusers, append"
cp "$T/pw2u.out" "$T/pw2u.assign"
printf 'x:bob:x:\n' >"$H/users/subusers"
(cd / && "$H/bin/qmail-pw2u" <"$T/pwin" >/dev/null 2>"$T/err")
t_check "qmail-pw2u: a subuser of an excluded user is fatal (exit 100)" test $? = 100
rm -f "$H/users/subusers"

# 9. qmail-pw2u's output, compiled, decides deliveries
cp "$T/pw2u.assign" "$H/users/assign"
"$H/bin/qmail-newu"
t_check "qmail-newu takes qmail-pw2u's output" test $? = 0
inject jdoe-x
got "$T/users/joe" "joe:jdoe-x:x:$J"
inject sales
got "$T/users/ann" "ann:sales:sales:$A"
inject sales-y
got "$T/users/ann" "ann:sales-y:sales-y:$A"
inject extra
t_check "users/append line: bob's Maildir" mailcount "$T/users/bob/Maildir" 2
inject bob
got "$AL" "alias:bob:bob:$U_ALIAS"

# 10. the man pages are installed
missing=
for m in "$TOP"/man/*.[1578]; do
  b=${m##*/}
  [ -f "$H/man/man${b##*.}/$b" ] || missing="$missing $b"
done
t_check "every man page installed under man/manN${missing:+ (missing:$missing)}" test -z "$missing"

t_stop
t_done

#!/bin/sh
# 62-usertools.sh - the user tools of qmail's suite, each in a real
# delivery through a private instance (qmail-inject -> qmail-queue ->
# qmail-send -> qmail-local -> the tool), outputs compared byte for
# byte: forward, condredirect, bouncesaying, except, preline, qreceipt,
# qbiff from .qmail files; predate, datemail, mailsubj, maildirmake and
# maildir2mbox as a user runs them.  splogger is in 63-splogger.sh.
. "$(dirname "$0")/lib.sh"
t_init
t_build
t_user joe 65510
t_user ann 65511
t_newu
t_start
B=$H/bin
J=$T/users/joe
A=$T/users/ann
if [ "$T_ROOT" = 1 ]; then JU=65510; AU=65511; else JU=$(id -u); AU=$JU; fi

# qm user name text: a .qmail file of the user's, owned by the user
qm() {
  printf '%s\n' "$3" >"$T/users/$1/$2"
  chmod 644 "$T/users/$1/$2"
  chown "$(stat -c %u "$T/users/$1")" "$T/users/$1/$2"
}
# as uid command...: run as that user (as root), or as ourselves
as() {
  u=$1; shift
  if [ "$T_ROOT" = 1 ]; then
    setpriv --reuid="$u" --regid="$u" --clear-groups "$@"
  else
    "$@"
  fi
}
# inject rcpt subject [sender] [extra header line]: a message from
# sender (joe by default), its text kept in $T/sent
inject() {
  { [ -n "${4:-}" ] && printf '%s\n' "$4"
    printf 'Subject: %s\n\nbody of %s\nFrom here on\n' "$2" "$2"; } >"$T/sent"
  QMAILHOST=test.example "$B/qmail-inject" -f "${3-joe@test.example}" "$1" \
    <"$T/sent"
}
# newest dir: the newest message file in a Maildir's new/
newest() { ls -t "$1/new" 2>/dev/null | head -n 1 | sed "s|^|$1/new/|"; }
count() { t_count "$1"; }
# waitn dir n: wait until the Maildir holds n messages
waitn() { t_wait 30 sh -c "[ \$(find $1/new $1/cur -type f | wc -l) -ge $2 ]"; }
# withsubj dir subject: the message file with that subject, if any
withsubj() { grep -l "^Subject: $2\$" "$1"/new/* 2>/dev/null | head -n 1; }
waitsubj() { t_wait 30 sh -c "grep -lq '^Subject: $2\$' $1/new/* 2>/dev/null"; }

# --- forward -------------------------------------------------------
qm joe .qmail-fwd "./Maildir/
|$B/forward ann@test.example"
inject joe-fwd@test.example fwd1
t_check "forward: the copy reaches ann" waitsubj "$A/Maildir" fwd1
t_check "forward: joe keeps one too" waitsubj "$J/Maildir" fwd1
a=$(withsubj "$A/Maildir" fwd1); j=$(withsubj "$J/Maildir" fwd1)
t_check "forward: envelope sender is NEWSENDER (the sender)" \
  [ "$(head -n 1 "$a")" = "Return-Path: <joe@test.example>" ]
t_check "forward: ann's copy has ann's Delivered-To, a Received line" \
  sh -c "sed -n 2p '$a' | grep -qx 'Delivered-To: ann@test.example' &&
         sed -n 3p '$a' | grep -q '^Received: (qmail '"
tail -n +4 "$a" >"$T/fa"; tail -n +2 "$j" >"$T/fj"
t_check "forward: the rest is joe's copy byte for byte (DTLINE kept)" \
  cmp -s "$T/fa" "$T/fj"
t_check "forward: the copy starts with joe-fwd's Delivered-To" \
  [ "$(head -n 1 "$T/fa")" = "Delivered-To: joe-fwd@test.example" ]
# a forwarding loop stops at the Delivered-To line
qm joe .qmail-loop "|$B/forward joe-loop@test.example"
inject joe-loop@test.example loop1
t_check "forward: a loop bounces to the sender" t_wait 30 sh -c \
  "grep -l 'This message is looping' $J/Maildir/new/* 2>/dev/null | grep -q ."
# without NEWSENDER, run by hand
out=$(echo x | env -u NEWSENDER DTLINE=x "$B/forward" a@b 2>&1); rc=$?
t_check "forward: NEWSENDER unset is 100" sh -c "[ $rc = 100 ] && echo '$out' | grep -q 'NEWSENDER not set'"
echo x | "$B/forward" >/dev/null 2>&1; rc=$?
t_check "forward: no address is a usage error (100)" [ $rc = 100 ]
# QMAILQUEUE is honoured, and a queue refusal is reported
cat >"$T/qq-keep.sh" <<'EOF'
#!/bin/sh
cat >"$QQOUT.mess"; tr '\0' '\n' <&1 >"$QQOUT.env"; exit 0
EOF
cat >"$T/qq-no.sh" <<'EOF'
#!/bin/sh
cat >/dev/null; cat <&1 >/dev/null; printf 'Dno thanks (#5.7.1)' >&6; exit 82
EOF
chmod 755 "$T/qq-keep.sh" "$T/qq-no.sh"
printf 'Subject: q\n\nbody\n' >"$T/m1"
NEWSENDER=s@x DTLINE='Delivered-To: me@here
' QMAILQUEUE=$T/qq-keep.sh QQOUT=$T/qqk "$B/forward" a@b c@d <"$T/m1" >"$T/out" 2>&1
rc=$?
printf 'Delivered-To: me@here\nSubject: q\n\nbody\n' >"$T/m1.exp"
t_check "forward: QMAILQUEUE gets DTLINE + message, exactly" \
  sh -c "[ $rc = 0 ] && cmp -s '$T/qqk.mess' '$T/m1.exp'"
t_check "forward: envelope F sender, T each address" \
  [ "$(cat "$T/qqk.env")" = "Fs@x
Ta@b
Tc@d" ]
t_check "forward: reports its qp" grep -qE '^forward: qp [0-9]+$' "$T/out"
NEWSENDER=s@x DTLINE=x QMAILQUEUE=$T/qq-no.sh "$B/forward" a@b <"$T/m1" >"$T/out" 2>&1
rc=$?
t_check "forward: a permanent queue refusal is 100 with its text" \
  sh -c "[ $rc = 100 ] && grep -q 'no thanks' '$T/out'"

# --- condredirect --------------------------------------------------
qm joe .qmail-cr "|$B/condredirect ann@test.example grep -q '^Subject: redirect-me'
./Maildir/"
inject joe-cr@test.example redirect-me
t_check "condredirect: program says 0: forwarded" waitsubj "$A/Maildir" redirect-me
inject joe-cr@test.example stay-here
t_check "condredirect: program says 1: next line delivers" waitsubj "$J/Maildir" stay-here
t_wait 5 grep -q "^delivery .*: success: .*qp" "$T/log-home"
t_check "condredirect: 99 stopped the .qmail file (joe has no copy)" \
  sh -c "! grep -lq '^Subject: redirect-me' $J/Maildir/new/* 2>/dev/null"
t_check "condredirect: not forwarded when declined" \
  sh -c "! grep -lq '^Subject: stay-here' $A/Maildir/new/* 2>/dev/null"
a=$(withsubj "$A/Maildir" redirect-me)
t_check "condredirect: copy carries joe-cr's Delivered-To" \
  grep -qx 'Delivered-To: joe-cr@test.example' "$a"
t_check "condredirect: the message read again from its start" \
  sh -c "tail -n 4 '$a' | head -n 1 | grep -qx 'Subject: redirect-me'"
NEWSENDER=s DTLINE=x "$B/condredirect" a@b sh -c 'exit 111' </dev/null >/dev/null 2>&1
t_check "condredirect: 111 from the program is 111" [ $? = 111 ]
NEWSENDER=s DTLINE=x "$B/condredirect" a@b sh -c 'exit 100' </dev/null >/dev/null 2>&1
t_check "condredirect: other codes are 0" [ $? = 0 ]
NEWSENDER=s DTLINE='Delivered-To: x
' QMAILQUEUE=$T/qq-keep.sh QQOUT=$T/qqc "$B/condredirect" n@b sh -c 'cat >/dev/null' \
  <"$T/m1" >/dev/null 2>&1
rc=$?
printf 'Delivered-To: x\nSubject: q\n\nbody\n' >"$T/m2.exp"
t_check "condredirect: 99, the whole message forwarded after the program read it" \
  sh -c "[ $rc = 99 ] && cmp -s '$T/qqc.mess' '$T/m2.exp' && grep -qx Tn@b '$T/qqc.env'"

# --- bouncesaying --------------------------------------------------
qm joe .qmail-bs "|$B/bouncesaying 'This address is closed.'"
inject joe-bs@test.example bs1
t_check "bouncesaying: the sender gets a bounce with the text" t_wait 30 sh -c \
  "grep -l '^This address is closed.\$' $J/Maildir/new/* 2>/dev/null | grep -q ."
qm joe .qmail-bs2 "|$B/bouncesaying 'No lists here.' grep -qi '^Subject: list'
./Maildir/"
inject joe-bs2@test.example list-post
inject joe-bs2@test.example personal
t_check "bouncesaying with a program: declined mail delivered" waitsubj "$J/Maildir" personal
t_check "bouncesaying with a program: matching mail bounced" t_wait 30 sh -c \
  "grep -l '^No lists here.\$' $J/Maildir/new/* 2>/dev/null | grep -q ."
"$B/bouncesaying" 'x' sh -c 'exit 111' </dev/null 2>/dev/null
t_check "bouncesaying: 111 passes through" [ $? = 111 ]
out=$("$B/bouncesaying" 'gone away' 2>&1); rc=$?
t_check "bouncesaying: alone, prints the error and exits 100" \
  sh -c "[ $rc = 100 ] && [ '$out' = 'gone away' ]"

# --- except --------------------------------------------------------
qm joe .qmail-ex "|$B/except grep -q '^Subject: blocked'
./Maildir/"
inject joe-ex@test.example blocked
inject joe-ex@test.example allowed
t_check "except: the program's 1 becomes 0 (delivered)" waitsubj "$J/Maildir" allowed
t_check "except: the program's 0 becomes a bounce" t_wait 30 sh -c \
  "grep -l '^<joe-ex@test.example>:' $J/Maildir/new/* 2>/dev/null | xargs grep -l 'Subject: blocked' | grep -q ."
for c in 0:100 100:0 111:111 7:0; do
  "$B/except" sh -c "exit ${c%%:*}"
  rc=$?
  t_check "except: program ${c%%:*} -> ${c#*:}" [ $rc = "${c#*:}" ]
done
"$B/except" /nonexistent/prog 2>/dev/null
t_check "except: a missing program is 100, not reversed" [ $? = 100 ]
"$B/bouncesaying" 'x' /nonexistent/prog 2>/dev/null
t_check "bouncesaying: a missing program is 100" [ $? = 100 ]

# --- preline -------------------------------------------------------
qm joe .qmail-pl "./Maildir/
|$B/preline sh -c 'cat >\"\$HOME/pl.out\"'
|$B/preline -fr sh -c 'cat >\"\$HOME/pl2.out\"'
|$B/preline -d -f -r sh -c 'cat >\"\$HOME/pl3.out\"'"
inject joe-pl@test.example pl1
t_check "preline: delivered" t_wait 30 test -s "$J/pl3.out"
j=$(withsubj "$J/Maildir" pl1)
t_check "preline: first line is the From_ line" \
  sh -c "head -n 1 '$J/pl.out' | grep -qE '^From joe@test.example [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}\$'"
tail -n +2 "$J/pl.out" >"$T/pl.rest"
t_check "preline: then Return-Path, Delivered-To, message: the Maildir copy" \
  cmp -s "$T/pl.rest" "$j"
tail -n +2 "$j" >"$T/pl2.exp"
t_check "preline -fr: Delivered-To and the message" cmp -s "$J/pl2.out" "$T/pl2.exp"
tail -n +3 "$j" >"$T/pl3.exp"
t_check "preline -d -f -r: the message alone" cmp -s "$J/pl3.out" "$T/pl3.exp"
UFLINE='U
' RPLINE='R
' DTLINE='D
' "$B/preline" sh -c 'exit 7' </dev/null
t_check "preline: the program's exit code" [ $? = 7 ]
head -c 2000000 /dev/zero | UFLINE=u RPLINE=r DTLINE=d "$B/preline" true
t_check "preline: a program that reads nothing is not an error" [ $? = 0 ]
env -u UFLINE RPLINE=r DTLINE=d "$B/preline" true </dev/null 2>/dev/null
t_check "preline: UFLINE unset is 100" [ $? = 100 ]
env -u UFLINE RPLINE=r DTLINE=d "$B/preline" -f true </dev/null
t_check "preline -f: UFLINE not needed" [ $? = 0 ]
"$B/preline" -x true </dev/null 2>/dev/null
t_check "preline: unknown option is 100" [ $? = 100 ]

# --- qreceipt ------------------------------------------------------
qm joe .qmail-qr "./Maildir/
|$B/qreceipt joe-qr@test.example"
inject joe-qr@test.example qr1 ann@test.example \
  'Notice-Requested-Upon-Delivery-To: Joe <JOE-QR@test.example>, other@x.example'
t_check "qreceipt: the sender gets a success notice" waitsubj "$A/Maildir" "success notice"
n=$(withsubj "$A/Maildir" "success notice")
t_check "qreceipt: notice from the null sender" grep -qx 'Return-Path: <>' "$n"
t_check "qreceipt: notice names the address" grep -q '<joe-qr@test.example>' "$n"
t_check "qreceipt: notice is Auto-Submitted" grep -qx 'Auto-Submitted: auto-replied' "$n"
t_check "qreceipt: joe got the message too" waitsubj "$J/Maildir" qr1
inject joe-qr@test.example qr2 ann@test.example
inject joe-qr@test.example qr3 '' 'Notice-Requested-Upon-Delivery-To: joe-qr@test.example'
inject joe-qr@test.example qr4 ann@test.example 'Notice-Requested-Upon-Delivery-To: someone@else'
ok=1
for s in qr2 qr3 qr4; do waitsubj "$J/Maildir" $s || ok=0; done
t_check "qreceipt: the other messages delivered" [ $ok = 1 ]
sleep 1
t_check "qreceipt: no notice unless asked, none to a bounce" \
  [ "$(grep -l '^Subject: success notice' "$A"/Maildir/new/* | wc -l)" = 1 ]
printf 'Message-ID: <m1@x>\nNotice-Requested-Upon-Delivery-To: me@here\n\nhi\n' |
  SENDER=s@x QMAILQUEUE=$T/qq-keep.sh QQOUT=$T/qqr "$B/qreceipt" me@here
rc=$?
t_check "qreceipt: notice to SENDER from <>, with In-Reply-To" \
  sh -c "[ $rc = 0 ] && [ \"\$(cat $T/qqr.env)\" = 'F
Ts@x' ] && grep -qx 'In-Reply-To: <m1@x>' $T/qqr.mess && grep -qx 'To: <s@x>' $T/qqr.mess"

# --- qbiff ---------------------------------------------------------
qm joe .qmail-qb "|$B/qbiff
./Maildir/"
inject joe-qb@test.example qb1
t_check "qbiff: never fails a delivery" waitsubj "$J/Maildir" qb1
printf 'From: x\nSubject: \033[31mred\n\nbody\n' | env -u USER "$B/qbiff" >"$T/out" 2>&1
t_check "qbiff: no USER: 0, silent" sh -c "[ $? = 0 ] && [ ! -s '$T/out' ]"
printf 'From: x\n\n' | USER=nosuchuser-here "$B/qbiff" >"$T/out" 2>&1
t_check "qbiff: user not logged in: 0, silent" sh -c "[ $? = 0 ] && [ ! -s '$T/out' ]"
# a login of joe's on a pseudo-terminal, in a utmp of the test's own:
# a mount namespace where /var/run/utmp is ours (as root only)
cat >"$T/qbiff-tty.py" <<'EOF'
import os, pty, struct, sys, time, select, subprocess, tty
uid, user, biff, qbiff, msg, out = sys.argv[1:7]
uid = int(uid)
master, slave = pty.openpty()
tty.setraw(slave)
name = os.ttyname(slave)
os.chown(name, uid, -1)
os.chmod(name, 0o620 | (0o100 if biff == "y" else 0))
# glibc's struct utmp on x86_64 and arm64: 384 bytes
rec = struct.pack("hi32s4s32s256shhiii4i20s", 7, os.getpid(),
                  name[5:].encode(), b"q1", user.encode(), b"", 0, 0, 0,
                  int(time.time()), 0, 0, 0, 0, 0, b"")
with open("/var/run/utmp", "wb") as f:
    f.write(rec)
env = {"USER": user, "PATH": os.environ["PATH"]}
with open(msg, "rb") as m:
    rc = subprocess.call(["setpriv", "--reuid=%d" % uid, "--regid=%d" % uid,
                          "--clear-groups", qbiff], stdin=m, env=env)
got = b""
while select.select([master], [], [], 1.0)[0]:
    d = os.read(master, 4096)
    if not d:
        break
    got += d
with open(out, "wb") as f:
    f.write(got)
sys.exit(rc)
EOF
if [ "$T_ROOT" = 1 ] && command -v python3 >/dev/null 2>&1 &&
   unshare -m sh -c 'mount -t tmpfs tmpfs /var/run' 2>/dev/null; then
  printf 'From: Ann <ann@test.example>\nSubject: \033[31mred\302\233\nX-Other: no\n\nline 1\nline 2\tend\n3\n4\n5\n6\n7\n8\n9\n' >"$T/qbmsg"
  # qb y|n: joe's terminal with biff on or off; RC and $T/tty
  qb() {
    unshare -m sh -c 'mount --make-rprivate / 2>/dev/null
      mount -t tmpfs tmpfs /var/run || exit 99
      exec python3 "$@"' sh "$T/qbiff-tty.py" "$JU" joe "$1" "$B/qbiff" "$T/qbmsg" "$T/tty"
    RC=$?
  }
  qb y
  printf '\r\n*** new mail ***\r\nFrom: Ann <ann@test.example>\r\nSubject: ?[31mred??\r\nline 1\r\nline 2 end\r\n3\r\n4\r\n5\r\n6\r\n' >"$T/tty.exp"
  t_check "qbiff: biff y: the summary on joe's terminal, byte for byte" \
    sh -c "[ $RC = 0 ] && cmp -s '$T/tty' '$T/tty.exp'"
  [ "$RC" = 0 ] && cmp -s "$T/tty" "$T/tty.exp" || od -c "$T/tty" | head -20 | sed 's/^/# /'
  qb n
  t_check "qbiff: biff n: nothing written" sh -c "[ $RC = 0 ] && [ ! -s '$T/tty' ]"
else
  t_skip "qbiff: text on a terminal" "needs root and a mount namespace (a utmp of the test's own)"
fi

# --- predate, datemail, mailsubj ----------------------------------
printf 'Subject: x\n\nbody\n' | "$B/predate" cat >"$T/pd"
t_check "predate: a Date field on top" sh -c \
  "head -n 1 '$T/pd' | grep -qE '^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \\+0000\$'"
t_check "predate: then the input, exactly" sh -c \
  "tail -n +2 '$T/pd' | cmp -s - /dev/fd/3 3<<'EOF'
Subject: x

body
EOF"
"$B/predate" sh -c 'exit 9' </dev/null
t_check "predate: the program's exit code" [ $? = 9 ]

printf 'To: ann@test.example\nSubject: dated\n\nbody\n' |
  QMAILHOST=test.example "$B/datemail" -t
t_check "datemail: exits 0" [ $? = 0 ]
t_check "datemail: delivered" waitsubj "$A/Maildir" dated
d=$(withsubj "$A/Maildir" dated)
t_check "datemail: exactly one Date field, predate's" \
  sh -c "[ \$(grep -c '^Date: ' '$d') = 1 ] && grep -qE '^Date: .* \\+0000\$' '$d'"

echo 'the body' | QMAILHOST=test.example "$B/mailsubj" 'hello there' ann@test.example joe@test.example
t_check "mailsubj: exits 0" [ $? = 0 ]
t_check "mailsubj: to ann" waitsubj "$A/Maildir" "hello there"
t_check "mailsubj: to joe" waitsubj "$J/Maildir" "hello there"
m=$(withsubj "$J/Maildir" "hello there")
t_check "mailsubj: To lists both, body intact" sh -c \
  "grep -qx 'To: ann@test.example, joe@test.example' '$m' && tail -n 1 '$m' | grep -qx 'the body'"
echo x | "$B/mailsubj" 'two
lines' a@b 2>/dev/null
t_check "mailsubj: a line break in the subject is refused (100)" [ $? = 100 ]

# --- maildirmake ---------------------------------------------------
mkdir -p "$T/md"; chmod 777 "$T/md"
as "$JU" "$B/maildirmake" "$T/md/box"
t_check "maildirmake: exits 0" [ $? = 0 ]
t_check "maildirmake: four directories, mode 700" sh -c \
  "for d in '' /tmp /new /cur; do [ \$(stat -c %a '$T/md/box'\$d) = 700 ] || exit 1; done"
t_check "maildirmake: owned by the caller" [ "$(stat -c %u "$T/md/box/new")" = "$JU" ]
as "$JU" "$B/maildirmake" "$T/md/box" 2>/dev/null
t_check "maildirmake: an existing name is 111" [ $? = 111 ]
"$B/maildirmake" 2>/dev/null
t_check "maildirmake: usage 100" [ $? = 100 ]

# --- maildir2mbox --------------------------------------------------
# three messages to a fresh Maildir of joe's, through the instance
as "$JU" "$B/maildirmake" "$J/Box2"
qm joe .qmail-mb "./Box2/"
for s in mb1 mb2 mb3; do inject joe-mb@test.example $s; sleep 1; done
inject joe-mb@test.example mb4 ''
t_check "maildir2mbox: four messages in the Maildir" waitn "$J/Box2" 4
printf 'From old@x Thu Jan  1 00:00:00 1970\nSubject: old\n\nold body\n\n' >"$J/mbox"
chown "$JU" "$J/mbox"; chmod 640 "$J/mbox"
cp "$J/mbox" "$T/mbox.exp"
# the expected mbox, from the Maildir files in time order
for f in $(ls "$J/Box2/new" | sort -n); do
  secs=${f%%.*}
  rp=$(head -n 1 "$J/Box2/new/$f" | sed -n 's/^Return-Path: <\(.*\)>$/\1/p')
  [ -n "$rp" ] || rp=MAILER-DAEMON
  printf 'From %s %s\n' "$rp" "$(LC_ALL=C date -u -d "@$secs" '+%a %b %e %H:%M:%S %Y')"
  sed 's/^\(>*From \)/>\1/' "$J/Box2/new/$f"
  echo
done >>"$T/mbox.exp"
as "$JU" env MAILDIR="$J/Box2" MAIL="$J/mbox" MAILTMP="$J/mbox.tmp" "$B/maildir2mbox"
t_check "maildir2mbox: exits 0" [ $? = 0 ]
t_check "maildir2mbox: the mbox, byte for byte" cmp "$J/mbox" "$T/mbox.exp"
t_check "maildir2mbox: >From quoting of the body" grep -qx '>From here on' "$J/mbox"
t_check "maildir2mbox: the null sender is MAILER-DAEMON" grep -q '^From MAILER-DAEMON ' "$J/mbox"
t_check "maildir2mbox: the Maildir is empty" [ "$(count "$J/Box2")" = 0 ]
t_check "maildir2mbox: the mbox keeps its mode" [ "$(stat -c %a "$J/mbox")" = 640 ]
t_check "maildir2mbox: MAILTMP is gone (renamed)" [ ! -e "$J/mbox.tmp" ]
cp "$J/mbox" "$T/mbox.before"
as "$JU" env MAILDIR="$J/Box2" MAIL="$J/mbox" MAILTMP="$J/mbox.tmp" "$B/maildir2mbox"
t_check "maildir2mbox: nothing to move leaves the mbox alone" \
  sh -c "[ $? = 0 ] && cmp -s '$J/mbox' '$T/mbox.before'"
# a failure before the rename leaves the Maildir as it was
inject joe-mb@test.example mb5
waitn "$J/Box2" 1
mkdir -p "$T/ro"; chmod 555 "$T/ro"
as "$JU" env MAILDIR="$J/Box2" MAIL="$J/mbox" MAILTMP="$T/ro/x/tmp" "$B/maildir2mbox" 2>/dev/null
rc=$?
t_check "maildir2mbox: MAILTMP unwritable: 111, nothing removed, mbox intact" \
  sh -c "[ $rc = 111 ] && [ \$(find $J/Box2/new -type f | wc -l) = 1 ] && cmp -s '$J/mbox' '$T/mbox.before'"
env -u MAILTMP MAILDIR="$J/Box2" MAIL="$J/mbox" "$B/maildir2mbox" 2>/dev/null
t_check "maildir2mbox: MAILTMP unset is 100" [ $? = 100 ]
# it waits for a reader's lock (flock), and then goes on
if command -v flock >/dev/null 2>&1; then
  flock "$J/mbox" sleep 2 &
  lp=$!; TPIDS="$TPIDS $lp"
  sleep 0.3
  start=$(date +%s)
  as "$JU" env MAILDIR="$J/Box2" MAIL="$J/mbox" MAILTMP="$J/mbox.tmp" "$B/maildir2mbox"
  rc=$?; end=$(date +%s)
  t_check "maildir2mbox: waits for the mbox lock, then moves" \
    sh -c "[ $rc = 0 ] && [ $((end - start)) -ge 1 ] && grep -q '^Subject: mb5' '$J/mbox'"
else
  t_skip "maildir2mbox: waits for the mbox lock" "flock(1) not installed"
fi

t_stop
t_done

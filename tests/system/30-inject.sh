#!/bin/sh
# 30-inject.sh - qmail-inject: header rewriting, recipients, sender,
# QMAILINJECT, control files, queue errors and limits
#
# A QMAILQUEUE program of the test's own saves fd 0 (the message) and
# fd 1 (the envelope) to files, which are compared byte for byte; Date
# and Message-ID are made equal first where qmail-inject made them.
. "$(dirname "$0")/lib.sh"
t_init
t_build
qi=$H/bin/qmail-inject

# mkqq name body: a QMAILQUEUE program in $T
mkqq() {
  printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
  chmod 755 "$T/$1"
}
mkqq save "cat >'$T/mess' && cat <&1 >'$T/env'"
mkqq count "wc -c >'$T/count.out' && cat <&1 >'$T/env'"
mkqq fd6 "cat >/dev/null; printf 'Dno mail for you today (#5.7.1)' >&6; exit 82"
mkqq fd4 "cat >/dev/null; printf 'Zcome back later, from fd 4 (#4.3.0)' >&4; exit 82"
mkqq w53 "exit 53"
mkqq p31 "cat >/dev/null; exit 31"
mkqq never "touch '$T/ran'; exit 0"
chmod 755 "$T"

# run [VAR=value ...] program [arg ...]: with a clean environment,
# stdin from $T/in, stdout to $T/out, stderr to $T/err; status in $rc
run() {
  rm -f "$T/mess" "$T/env"
  env -i PATH=/usr/bin:/bin USER=joe QMAILQUEUE="$T/save" "$@" \
    <"$T/in" >"$T/out" 2>"$T/err"
  rc=$?
}

# norm file: generated Date and Message-ID made constant
norm() {
  sed -e 's/^\(Resent-\)\{0,1\}Date: [A-Z][a-z][a-z], [0-9]\{1,2\} [A-Z][a-z][a-z] [0-9]\{4\} [0-9][0-9]:[0-9][0-9]:[0-9][0-9] +0000$/\1Date: DATE/' \
      -e 's/^\(Resent-\)\{0,1\}Message-ID: <[0-9]\{14\}\.[0-9]\{1,\}\.[0-9]\{1,\}\.qmail@\(.*\)>$/\1Message-ID: <ID@\2>/' "$1"
}

# same what expected actual: byte for byte
same() {
  if cmp -s "$2" "$3"; then t_ok "$1"; else
    t_notok "$1"; diff "$2" "$3" | sed 's/^/# /'; fi
}

# envexp sender recipient...: the envelope qmail-queue should read
envexp() {
  printf 'F%s\0' "$1" >"$T/env.exp"; shift
  for r in "$@"; do printf 'T%s\0' "$r" >>"$T/env.exp"; done
  printf '\0' >>"$T/env.exp"
}

# checkenv what sender recipient...
checkenv() {
  what=$1; shift
  envexp "$@"
  same "$what: envelope" "$T/env.exp" "$T/env"
}

# checkmess what: the message, normalised, against $T/exp
checkmess() {
  norm "$T/mess" >"$T/mess.norm" 2>/dev/null
  same "$1: message" "$T/exp" "$T/mess.norm"
}

okrc() {
  if [ "$rc" = "$2" ]; then t_ok "$1: exit $2"; else
    t_notok "$1: exit $rc, not $2"; sed 's/^/# /' "$T/err"; fi
}

errhas() {
  if grep -q "$2" "$T/err"; then t_ok "$1: says \"$2\""; else
    t_notok "$1: stderr lacks \"$2\""; sed 's/^/# /' "$T/err"; fi
}

# -- the basic case: control/me only
printf 'To: fred\nSubject: hi\n\nbody line\nlast line without newline' >"$T/in"
run "$qi"
okrc "basic" 0
printf 'Date: DATE\nMessage-ID: <ID@test.example>\nFrom: joe@test.example\nTo: fred@test.example\nSubject: hi\n\nbody line\nlast line without newline\n' >"$T/exp"
checkmess "basic"
checkenv "basic" joe@test.example fred@test.example

# -- qualification with defaulthost, defaultdomain, plusdomain, idhost
echo mail >"$H/control/defaulthost"
echo dom.example >"$H/control/defaultdomain"
echo plus.example >"$H/control/plusdomain"
echo id.example >"$H/control/idhost"
cat >"$T/in" <<'EOF'
To: a, b@c, d@e.f+, "x y" <z@w>,
  list: g, "h@i, j";, k l (comment)
Cc: recipient list not shown: ;
Reply-To: <@route,@more:r@s.example>
Date: 1 Jan 2024 00:00:00 -0000
Message-ID: <given@x>

EOF
run "$qi"
okrc "qualify" 0
cat >"$T/exp" <<'EOF'
From: joe@mail.dom.example
To: a@mail.dom.example, b@c.dom.example, d@e.f.plus.example, "x y" <z@w.dom.example>,
  list: g@mail.dom.example, "h@i, j"@mail.dom.example;, k@mail.dom.example, l@mail.dom.example (comment)
Cc: recipient list not shown: ;
Reply-To: <r@s.example>
Date: 1 Jan 2024 00:00:00 -0000
Message-ID: <given@x>

EOF
checkmess "qualify"
checkenv "qualify" joe@mail.dom.example a@mail.dom.example b@c.dom.example \
  d@e.f.plus.example z@w.dom.example g@mail.dom.example \
  "h@i, j@mail.dom.example" k@mail.dom.example l@mail.dom.example

# the environment overrides the control files
printf 'To: a\n' >"$T/in"
run QMAILDEFAULTHOST=h2 QMAILDEFAULTDOMAIN=d2.example QMAILPLUSDOMAIN=p2 \
  QMAILIDHOST=id2.example "$qi"
okrc "QMAILDEFAULTHOST" 0
checkenv "QMAILDEFAULTHOST" joe@h2.d2.example a@h2.d2.example
if grep -q '^Message-ID: <[0-9.]*qmail@id2.example>$' "$T/mess"; then
  t_ok "QMAILIDHOST names the Message-ID host"
else t_notok "QMAILIDHOST names the Message-ID host"; fi
run QMAILDEFAULTHOST=h3+ "$qi"
checkenv "defaulthost ending in +" joe@h3.plus.example a@h3.plus.example

# -- recipients: -a -h -A -H
printf 'To: hdr\nBcc: bcc\n' >"$T/in"
run "$qi" -a arg1 arg2
checkenv "-a: arguments only" joe@mail.dom.example arg1@mail.dom.example \
  arg2@mail.dom.example
run "$qi" -h arg1
checkenv "-h: header only" joe@mail.dom.example hdr@mail.dom.example \
  bcc@mail.dom.example
run "$qi" -H arg1
checkenv "-H: arguments and header" joe@mail.dom.example \
  arg1@mail.dom.example hdr@mail.dom.example bcc@mail.dom.example
run "$qi" arg1
checkenv "-A with arguments" joe@mail.dom.example arg1@mail.dom.example
run "$qi" -A
checkenv "-A without arguments" joe@mail.dom.example hdr@mail.dom.example \
  bcc@mail.dom.example
run "$qi" -a -- -dash@x.example
checkenv "-- ends the options" joe@mail.dom.example -dash@x.example
if grep -q '^Bcc' "$T/mess"; then t_notok "Bcc removed"; else t_ok "Bcc removed"; fi
printf 'Apparently-To: app\nSubject: s\n' >"$T/in"
run "$qi"
checkenv "Apparently-To" joe@mail.dom.example app@mail.dom.example

# -- fields removed, the sender from Return-Path
printf 'Return-Path: <bounce@x.example>\nContent-Length: 12\nTo: t\nFrom: f@x.example\n\nbody\n' >"$T/in"
run "$qi"
printf 'Date: DATE\nMessage-ID: <ID@id.example>\nTo: t@mail.dom.example\nFrom: f@x.example\n\nbody\n' >"$T/exp"
checkmess "Return-Path, Content-Length"
checkenv "Return-Path sets the sender" bounce@x.example t@mail.dom.example
run QMAILINJECT=s "$qi"
checkenv "QMAILINJECT=s" joe@mail.dom.example t@mail.dom.example
run "$qi" -f other@y.example
checkenv "-f beats Return-Path" other@y.example t@mail.dom.example
run "$qi" -fother
checkenv "-f glued" other@mail.dom.example t@mail.dom.example
run "$qi" -f ''
checkenv "-f '' is the null sender" "" t@mail.dom.example
printf 'Return-Path: <>\nTo: t\n' >"$T/in"
run "$qi"
checkenv "Return-Path: <>" "" t@mail.dom.example

# -- the From field and the sender from the environment
printf 'To: t\n' >"$T/in"
run QMAILUSER=qu MAILUSER=mu LOGNAME=ln QMAILHOST=qh.example \
  MAILHOST=mh.example QMAILNAME="Q Name" MAILNAME=mn NAME=n "$qi"
printf 'Date: DATE\nMessage-ID: <ID@id.example>\nFrom: "Q Name" <qu@qh.example>\nTo: t@mail.dom.example\n' >"$T/exp"
checkmess "QMAILUSER QMAILHOST QMAILNAME"
checkenv "QMAILUSER QMAILHOST" qu@qh.example t@mail.dom.example
run MAILUSER=mu MAILHOST=mh.example MAILNAME='Dan "the man" B' "$qi"
if grep -q '^From: "Dan \\"the man\\" B" <mu@mh.example>$' "$T/mess"; then
  t_ok "MAILUSER MAILHOST MAILNAME, quotes escaped"
else t_notok "MAILUSER MAILHOST MAILNAME, quotes escaped"; sed 's/^/# /' "$T/mess"; fi
env -i PATH=/usr/bin:/bin LOGNAME=ln QMAILQUEUE="$T/save" "$qi" <"$T/in" 2>"$T/err"
checkenv "LOGNAME" ln@mail.dom.example t@mail.dom.example
env -i PATH=/usr/bin:/bin QMAILQUEUE="$T/save" "$qi" <"$T/in" 2>"$T/err"
checkenv "no user: anonymous" anonymous@mail.dom.example t@mail.dom.example
run NAME="A B" QMAILINJECT=c "$qi"
if grep -q '^From: joe@mail.dom.example (A B)$' "$T/mess"; then
  t_ok "QMAILINJECT=c"; else t_notok "QMAILINJECT=c"; fi
run NAME="$(printf 'Evil\nBcc: victim@x.example')" "$qi"
if grep -q '^Bcc' "$T/mess" || grep -q victim "$T/env"; then
  t_notok "a newline in NAME adds no field"; else t_ok "a newline in NAME adds no field"; fi
run QMAILSUSER=bounces QMAILSHOST=lists.example "$qi"
checkenv "QMAILSUSER QMAILSHOST" bounces@lists.example t@mail.dom.example
if grep -q '^From: joe@mail.dom.example$' "$T/mess"; then
  t_ok "QMAILSUSER leaves From"; else t_notok "QMAILSUSER leaves From"; fi
run QMAILINJECT=r "$qi"
checkenv "QMAILINJECT=r" 'joe-@mail.dom.example-@[]' t@mail.dom.example
run QMAILINJECT=m "$qi"
if tr '\0' '\n' <"$T/env" | grep -q '^Fjoe-[0-9]*\.[0-9]*@mail\.dom\.example$'; then
  t_ok "QMAILINJECT=m"; else t_notok "QMAILINJECT=m"; od -c "$T/env" | sed 's/^/# /'; fi

printf 'From: f@x.example\nMessage-ID: <m@x>\nTo: t\n' >"$T/in"
run QMAILINJECT=fi "$qi"
if ! grep -q 'f@x.example' "$T/mess" && ! grep -q '<m@x>' "$T/mess" &&
   grep -q '^From: joe@mail.dom.example$' "$T/mess" &&
   grep -q '^Message-ID: <[0-9]' "$T/mess"; then
  t_ok "QMAILINJECT=fi"; else t_notok "QMAILINJECT=fi"; fi

# -- resent messages
cat >"$T/in" <<'EOF'
Resent-To: r
Resent-Bcc: rb
From: f@x.example
To: t
Date: 1 Jan 2024 00:00:00 -0000

body
EOF
run "$qi"
cat >"$T/exp" <<'EOF'
Resent-Date: DATE
Resent-Message-ID: <ID@id.example>
Resent-From: joe@mail.dom.example
Resent-To: r@mail.dom.example
From: f@x.example
To: t@mail.dom.example
Date: 1 Jan 2024 00:00:00 -0000

body
EOF
checkmess "resent"
checkenv "resent: Resent- recipients only" joe@mail.dom.example \
  r@mail.dom.example rb@mail.dom.example
printf 'Resent-From: rf@x.example\nResent-Bcc: rb\nTo: t\n' >"$T/in"
run "$qi"
if grep -q '^Resent-Cc: recipient list not shown: ;$' "$T/mess" &&
   ! grep -q '^Cc:' "$T/mess" && ! grep -q '^From:' "$T/mess"; then
  t_ok "resent: Resent-Cc added, no Cc or From"; else t_notok "resent: Resent-Cc added, no Cc or From"; fi

# -- Mail-Followup-To
printf 'list@lists.example\n' >"$T/lists"
printf 'To: list@lists.example\nCc: bob\n' >"$T/in"
run QMAILMFTFILE="$T/lists" "$qi"
if grep -q '^Mail-Followup-To: list@lists.example,$' "$T/mess" &&
   grep -q '^  bob@mail.dom.example$' "$T/mess"; then
  t_ok "QMAILMFTFILE"; else t_notok "QMAILMFTFILE"; sed 's/^/# /' "$T/mess"; fi

# -- header and body boundaries
printf 'From joe Mon Jan  1 00:00:00 2024\nTo: t\nnot a field\nX: 1\n' >"$T/in"
run "$qi"
printf 'Date: DATE\nMessage-ID: <ID@id.example>\nFrom: joe@mail.dom.example\nMBOX-Line: From joe Mon Jan  1 00:00:00 2024\nTo: t@mail.dom.example\n\nnot a field\nX: 1\n' >"$T/exp"
checkmess "mbox line; a line that is no field starts the body"
printf 'To: t' >"$T/in"
run "$qi"
printf 'Date: DATE\nMessage-ID: <ID@id.example>\nFrom: joe@mail.dom.example\nTo: t@mail.dom.example\n' >"$T/exp"
checkmess "header only, no newline"
printf 'To: t\n\n8-bit \344\366\374 and a NUL \0 here\r\n' >"$T/in"
run "$qi"
tail -c 30 "$T/in" >"$T/a"; tail -c 30 "$T/mess" >"$T/b"
same "8-bit bytes, NUL and CR pass" "$T/a" "$T/b"
printf 'To: t (unterminated\nFrom: f@x.example\n' >"$T/in"
run "$qi"
okrc "unparsable To: no recipients" 100
run "$qi" a
okrc "unparsable To, with an argument" 0
if grep -q '^To: t (unterminated$' "$T/mess"; then t_ok "unparsable To: as it was"; else t_notok "unparsable To: as it was"; fi
printf 'From: "unterminated\nTo: t\n' >"$T/in"
run "$qi"
okrc "unparsable From" 100
errhas "unparsable From" "unable to parse"

# -- -n prints and does not queue
printf 'To: t\n\nbody\n' >"$T/in"
rm -f "$T/ran"
env -i PATH=/usr/bin:/bin USER=joe QMAILQUEUE="$T/never" "$qi" -n <"$T/in" >"$T/mess" 2>"$T/err"
rc=$?
okrc "-n" 0
printf 'Return-Path: <joe@mail.dom.example>\nDate: DATE\nMessage-ID: <ID@id.example>\nFrom: joe@mail.dom.example\nTo: t@mail.dom.example\n\nbody\n' >"$T/exp"
checkmess "-n"
if [ -e "$T/ran" ]; then t_notok "-n runs no queue"; else t_ok "-n runs no queue"; fi

# -- usage errors
run "$qi" -f
okrc "-f without a value" 100
errhas "-f without a value" "usage"
run "$qi" -x a
okrc "an unknown option" 100
errhas "an unknown option" "usage"

# -- no recipients
printf 'Subject: nobody\n' >"$T/in"
run "$qi"
okrc "no recipients" 100
errhas "no recipients" "no recipients"
run "$qi" -a
okrc "-a without arguments" 100

# -- the queue program's errors
printf 'To: t\n\nbody\n' >"$T/in"
run QMAILQUEUE="$T/fd6" "$qi"
okrc "custom error on fd 6" 100
errhas "custom error on fd 6" "no mail for you today (#5.7.1)"
run QMAILQUEUE="$T/fd4" "$qi"
okrc "custom error on fd 4" 111
errhas "custom error on fd 4" "come back later, from fd 4"
run QMAILQUEUE="$T/w53" "$qi"
okrc "qmail-queue exit 53" 111
errhas "qmail-queue exit 53" "write error"
run QMAILQUEUE="$T/p31" "$qi"
okrc "qmail-queue exit 31" 100
errhas "qmail-queue exit 31" "permanently"
run QMAILQUEUE="$T/missing" "$qi"
okrc "no queue program" 111

# -- control files: unreadable is temporary
mkdir "$H/control/plusdomain.new" && mv "$H/control/plusdomain" "$T/plusdomain.saved" &&
  mv "$H/control/plusdomain.new" "$H/control/plusdomain"
run "$qi"
okrc "unreadable control/plusdomain" 111
errhas "unreadable control/plusdomain" "control/plusdomain"
rmdir "$H/control/plusdomain" && mv "$T/plusdomain.saved" "$H/control/plusdomain"
rm -f "$H/control/defaulthost" "$H/control/defaultdomain" "$H/control/idhost"
echo me.example >"$H/control/me"
printf 'To: t\n' >"$T/in"
run "$qi"
checkenv "missing controls: control/me" joe@me.example t@me.example
rm -f "$H/control/me"
run "$qi"
checkenv "no controls at all" joe@defaulthost.defaultdomain \
  t@defaulthost.defaultdomain
echo test.example >"$H/control/me"
echo dom.example >"$H/control/defaultdomain"
echo mail >"$H/control/defaulthost"

# -- limits
{ printf 'Subject: '; head -c 300000 /dev/zero | tr '\0' x; printf '\n'; } >"$T/in"
run "$qi" a
okrc "a 300 KB header field" 100
errhas "a 300 KB header field" "header field too long"
: >"$T/in"
i=0
while [ $i -lt 40 ]; do
  { printf 'X-%d: ' $i; head -c 250000 /dev/zero | tr '\0' x; printf '\n'; } >>"$T/in"
  i=$((i + 1))
done
run "$qi" a
okrc "a 10 MB header" 100
errhas "a 10 MB header" "header too long"
{ printf 'Bcc: '; seq 0 10000 | sed 's/^/r/' | paste -sd, -; } >"$T/in"
run "$qi"
okrc "10001 recipients" 100
errhas "10001 recipients" "too many recipients"
{ printf 'Bcc: '; seq 1 10000 | sed 's/^/r/' | paste -sd, -; } >"$T/in"
run QMAILQUEUE="$T/count" "$qi"
okrc "10000 recipients" 0
{ printf 'To: '; head -c 1100 /dev/zero | tr '\0' x; printf '@x.example\n'; } >"$T/in"
run "$qi"
okrc "an address over 1003 bytes" 100
errhas "an address over 1003 bytes" "address too long"

# the body is streamed: 64 MB through a process held to 48 MB (a
# sanitizer build cannot start under such a limit: then skip)
printf 'To: t\n' >"$T/in"
if (ulimit -v 49152 2>/dev/null; run "$qi" -n; exit $rc); then
  printf 'To: t\n\n' >"$T/in"
  head -c 67108864 /dev/zero | tr '\0' 'y' >>"$T/in"
  (ulimit -v 49152 2>/dev/null; run QMAILQUEUE="$T/count" "$qi"; exit $rc)
  rc=$?
  okrc "64 MB body in 48 MB of memory" 0
  if [ "$(tr -d ' ' <"$T/count.out")" -gt 67108864 ]; then
    t_ok "64 MB body: all of it queued"; else t_notok "64 MB body: all of it queued"; fi
  rm -f "$T/in"
else
  t_skip "64 MB body in 48 MB of memory" "cannot run under ulimit -v"
  t_skip "64 MB body: all of it queued" "cannot run under ulimit -v"
fi

# -- and into a real queue, through bin/qmail-queue
printf 'To: someone@remote.example\n\nreal\n' >"$T/in"
env -i PATH=/usr/bin:/bin USER=joe "$qi" <"$T/in" 2>"$T/err"
rc=$?
okrc "bin/qmail-queue" 0
n=$(find "$H/queue/mess" -type f 2>/dev/null | wc -l | tr -d ' ')
if [ "$n" -ge 1 ]; then t_ok "bin/qmail-queue: in queue/mess"; else t_notok "bin/qmail-queue: in queue/mess"; fi

t_done

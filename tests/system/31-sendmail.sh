#!/bin/sh
# 31-sendmail.sh - the sendmail wrapper: the flags mail user agents use,
# the ones it ignores, -bs, -bp, mailq, newaliases, and usage errors
. "$(dirname "$0")/lib.sh"
t_init
t_build
sm=$H/bin/sendmail

mkqq() {
  printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
  chmod 755 "$T/$1"
}
mkqq save "cat >'$T/mess' && cat <&1 >'$T/env'"
mkqq fd6 "cat >/dev/null; printf 'Dfiltered out (#5.7.1)' >&6; exit 82"
chmod 755 "$T"

# run [VAR=value ...] program [arg ...]: clean environment, stdin from
# $T/in, stdout to $T/out, stderr to $T/err; status in $rc
run() {
  rm -f "$T/mess" "$T/env"
  env -i PATH=/usr/bin:/bin USER=joe QMAILQUEUE="$T/save" "$@" \
    <"$T/in" >"$T/out" 2>"$T/err"
  rc=$?
}

same() {
  if cmp -s "$2" "$3"; then t_ok "$1"; else
    t_notok "$1"; diff "$2" "$3" | sed 's/^/# /'; fi
}

checkenv() {
  what=$1; shift
  printf 'F%s\0' "$1" >"$T/env.exp"; shift
  for r in "$@"; do printf 'T%s\0' "$r" >>"$T/env.exp"; done
  printf '\0' >>"$T/env.exp"
  same "$what: envelope" "$T/env.exp" "$T/env"
}

okrc() {
  if [ "$rc" = "$2" ]; then t_ok "$1: exit $2"; else
    t_notok "$1: exit $rc, not $2"; sed 's/^/# /' "$T/err"; fi
}

errhas() {
  if grep -q "$2" "$T/err"; then t_ok "$1: says \"$2\""; else
    t_notok "$1: stderr lacks \"$2\""; sed 's/^/# /' "$T/err"; fi
}

hasline() {
  if grep -qx "$2" "$3"; then t_ok "$1"; else
    t_notok "$1"; sed 's/^/# /' "$3"; fi
}

# -- recipients: arguments, or the header with -t
printf 'To: hdr@x.example\nBcc: bcc@x.example\nSubject: s\n\nbody\n' >"$T/in"
run "$sm" rcpt@x.example
okrc "arguments" 0
checkenv "arguments, not the header" joe@test.example rcpt@x.example
run "$sm" -t
checkenv "-t" joe@test.example hdr@x.example bcc@x.example
if grep -q '^Bcc' "$T/mess"; then t_notok "-t: Bcc removed"; else t_ok "-t: Bcc removed"; fi
run "$sm" -t extra@x.example
checkenv "-t with arguments" joe@test.example extra@x.example \
  hdr@x.example bcc@x.example
run "$sm" -ti
checkenv "-ti (PHP's mail())" joe@test.example hdr@x.example bcc@x.example
run "$sm" -oem -oi -- a@b.example
checkenv "-oem -oi -- (mutt)" joe@test.example a@b.example
run "$sm" -- -dash@x.example
checkenv "--: a recipient may begin with -" joe@test.example -dash@x.example
run "$sm" "a;touch $T/pwned@x.example"
checkenv "no shell sees a recipient" joe@test.example "a;touch $T/pwned@x.example"
if [ -e "$T/pwned@x.example" ]; then t_notok "nothing ran"; else t_ok "nothing ran"; fi
run "$sm"
okrc "no recipients" 100
errhas "no recipients" "no recipients"

# -- the sender and the name
printf 'Subject: s\n\nbody\n' >"$T/in"
run NAME="Joe User" "$sm" -f bounce@x.example r@x.example
checkenv "-f" bounce@x.example r@x.example
hasline "-f: From follows it, without the caller's name" \
  'From: bounce@x.example' "$T/mess"
run "$sm" -fbounce@x.example r@x.example
checkenv "-f glued" bounce@x.example r@x.example
run "$sm" -r bounce@x.example r@x.example
checkenv "-r" bounce@x.example r@x.example
run "$sm" -f local r@x.example
checkenv "-f without a host" local@test.example r@x.example
hasline "-f without a host: From" 'From: local@test.example' "$T/mess"
run "$sm" -f '<>' r@x.example
checkenv "-f '<>'" "" r@x.example
hasline "-f '<>': From stays the user's" 'From: joe@test.example' "$T/mess"
run "$sm" -f '<b@x.example>' r@x.example
checkenv "-f '<b@x.example>'" b@x.example r@x.example
hasline "-f '<b@x.example>': From" 'From: b@x.example' "$T/mess"
run QMAILNAME="Other" "$sm" -F "Full Name" r@x.example
hasline "-F" 'From: "Full Name" <joe@test.example>' "$T/mess"
run "$sm" -F "Full Name" -f b@x.example r@x.example
hasline "-F with -f" 'From: "Full Name" <b@x.example>' "$T/mess"
run "$sm" -f b@x.example -F "Full Name" r@x.example
hasline "-f with -F, in either order" 'From: "Full Name" <b@x.example>' "$T/mess"

# -- flags ignored quietly
for f in -i -oi -oem -oep -odi -odb -om -v -U -m -x -n -bm "-B 8BITMIME" \
    -B8BITMIME "-N never" "-R hdrs" "-V envid" "-O DeliveryMode=b" "-e q" \
    "-p smtp" -Efoo -J; do
  # shellcheck disable=SC2086
  run "$sm" $f r@x.example
  if [ "$rc" = 0 ] && [ -s "$T/env" ]; then t_ok "ignored: $f"; else
    t_notok "ignored: $f (exit $rc)"; sed 's/^/# /' "$T/err"; fi
done

# -- usage errors
for f in -q -bd -bt -bv -bsx -X -C -d -h -bz -f; do
  run "$sm" $f
  if [ "$rc" = 100 ] && grep -q usage "$T/err"; then t_ok "usage: $f"; else
    t_notok "usage: $f (exit $rc)"; sed 's/^/# /' "$T/err"; fi
done
run "$sm" -bi
okrc "-bi" 100
errhas "-bi" "aliases"
ln -s "$sm" "$T/newaliases"
run "$T/newaliases"
okrc "newaliases" 100
errhas "newaliases" "aliases"

# -- a queue filter's error reaches the user
run QMAILQUEUE="$T/fd6" "$sm" r@x.example
okrc "custom error" 100
errhas "custom error" "filtered out (#5.7.1)"

# -- the caller's directory stays: a relative QMAILMFTFILE works
printf 'list@lists.example\n' >"$T/lists"
printf 'To: list@lists.example\n\nbody\n' >"$T/in"
(cd "$T" && run QMAILMFTFILE=lists "$sm" -t && exit $rc)
rc=$?
okrc "relative QMAILMFTFILE" 0
hasline "relative QMAILMFTFILE: Mail-Followup-To" \
  'Mail-Followup-To: list@lists.example' "$T/mess"

# -- -bs runs bin/qmail-smtpd in the home directory, as if from localhost
printf 'QUIT\r\n' >"$T/in"
real=""
if [ -f "$H/bin/qmail-smtpd" ]; then
  mv "$H/bin/qmail-smtpd" "$T/qmail-smtpd.real"; real=$T/qmail-smtpd.real
fi
cat >"$H/bin/qmail-smtpd" <<'EOF'
#!/bin/sh
echo "cwd=$(pwd)"
env | grep -E '^(PROTO|RELAYCLIENT|DATABYTES|TCPLOCALIP|TCPLOCALHOST|TCPREMOTEIP|TCPREMOTEHOST|TCPREMOTEINFO)=' | sort
EOF
chmod 755 "$H/bin/qmail-smtpd"
run "$sm" -bs
okrc "-bs" 0
printf 'cwd=%s\nDATABYTES=0\nPROTO=TCP\nRELAYCLIENT=\nTCPLOCALHOST=localhost\nTCPLOCALIP=127.0.0.1\nTCPREMOTEHOST=localhost\nTCPREMOTEINFO=sendmail-bs\nTCPREMOTEIP=127.0.0.1\n' "$H" >"$T/exp"
same "-bs: home directory and environment" "$T/exp" "$T/out"
run PROTO=SSL "$sm" -bs
printf 'cwd=%s\nPROTO=SSL\n' "$H" >"$T/exp"
same "-bs: PROTO set, the environment is left" "$T/exp" "$T/out"
rm -f "$H/bin/qmail-smtpd"
run "$sm" -bs
okrc "-bs without qmail-smtpd" 111
errhas "-bs without qmail-smtpd" "unable to run bin/qmail-smtpd"
if [ -n "$real" ]; then
  mv "$real" "$H/bin/qmail-smtpd"
  run "$sm" -bs
  if grep -q '^220 ' "$T/out"; then t_ok "-bs: qmail-smtpd greets"; else
    t_notok "-bs: qmail-smtpd greets"; sed 's/^/# /' "$T/out" "$T/err"; fi
else
  t_skip "-bs: qmail-smtpd greets" "no bin/qmail-smtpd in this build"
fi

# -- -bp and mailq run bin/qmail-qread
real=""
if [ -f "$H/bin/qmail-qread" ]; then
  mv "$H/bin/qmail-qread" "$T/qmail-qread.real"; real=$T/qmail-qread.real
fi
printf '#!/bin/sh\necho "qread in $(pwd) $#"\n' >"$H/bin/qmail-qread"
chmod 755 "$H/bin/qmail-qread"
: >"$T/in"
run "$sm" -bp
printf 'qread in %s 0\n' "$H" >"$T/exp"
same "-bp" "$T/exp" "$T/out"
ln -s "$sm" "$T/mailq"
run "$T/mailq" -v
same "mailq" "$T/exp" "$T/out"
rm -f "$H/bin/qmail-qread"
run "$sm" -bp
okrc "-bp without qmail-qread" 111
errhas "-bp without qmail-qread" "unable to run bin/qmail-qread"
[ -n "$real" ] && mv "$real" "$H/bin/qmail-qread"

t_done

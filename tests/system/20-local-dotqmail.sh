#!/bin/sh
# 20-local-dotqmail.sh - qmail-local run directly: which .qmail file it
# follows, in what order, what it refuses, forwarding and its sender,
# the loop check, -n, exit codes and reports (dot-qmail(5),
# qmail-local(8)).  No daemon is started.
#
# QUIRE_QMAIL_LOCAL=path runs that binary instead of building an
# instance (the tests that need the instance's qmail-queue are skipped).
. "$(dirname "$0")/lib.sh"
t_init

. "$(dirname "$0")/local-lib.sh"

HOMED=$T/u/joe
MSG=$T/msg
QQ=$T/qq
mkdir -p "$T/u" "$QQ"
chmod 755 "$T/u"

# qm name text: a .qmail-style file in the home, owned by the recipient
qm() {
  printf '%s' "$2" >"$HOMED/$1"
  chmod 644 "$HOMED/$1"
  chown "$RU:$RG" "$HOMED/$1"
}
# qmf name format: a .qmail file written by printf (for \r and \000)
qmf() {
  printf "$2" >"$HOMED/$1"
  chmod 644 "$HOMED/$1"
  chown "$RU:$RG" "$HOMED/$1"
}
# msg text: the message
msg() {
  printf '%s' "$1" >"$MSG"
  chmod 644 "$MSG"
}
# ql [-n] local dash ext sender [defaultdelivery]: deliver; RC and $T/out;
# QQUSE names the QMAILQUEUE program (empty: the instance's qmail-queue)
ql() {
  opt=
  if [ "$1" = -n ]; then opt=-n; shift; fi
  as_rcpt env QMAILQUEUE="${QQUSE:-}" QQERR="${QQERR:-}" QQDIR="$QQ" \
    "$QL" $opt -- joe "$HOMED" "$1" "$2" "$3" example.com "$4" \
    "${5:-./Maildir/}" <"$MSG" >"$T/out" 2>&1
  RC=$?
}
# expect what rc text: ok if the last run exited rc and its report has text
expect() {
  if [ "$RC" = "$2" ] && grep -qF -- "$3" "$T/out"; then
    t_ok "$1"
  else
    t_notok "$1 (rc $RC)"
    sed 's/^/# /' "$T/out"
  fi
}
newcount() { t_count "$HOMED/Maildir"; }

# a QMAILQUEUE that keeps what it gets
cat >"$T/qq.sh" <<'EOF'
#!/bin/sh
cat >"$QQDIR/mess" || exit 54
tr '\0' '\n' <&1 >"$QQDIR/env" || exit 54
exit 0
EOF
# a QMAILQUEUE filter with its own error on fd 6
cat >"$T/qq-reject.sh" <<'EOF'
#!/bin/sh
cat >/dev/null
cat <&1 >/dev/null
printf '%s' "$QQERR" >&6
exit 82
EOF
chmod 755 "$T/qq.sh" "$T/qq-reject.sh"
chown "$RU:$RG" "$QQ"
QQUSE=
QQERR=

msg 'From: a@b.example
Subject: test

hello
'

# --- lookup ---------------------------------------------------------
mkhome
ql joe '' '' s@x.example
expect "no .qmail: defaultdelivery" 0 "did 1+0+0"
t_check "no .qmail: one message in Maildir" [ "$(newcount)" = 1 ]
f=$(find "$HOMED/Maildir/new" -type f | head -n 1)
t_check "Maildir copy starts with Return-Path and Delivered-To" \
  [ "$(head -n 2 "$f")" = "Return-Path: <s@x.example>
Delivered-To: joe@example.com" ]
t_check "Maildir copy holds the message after them" \
  sh -c "tail -n +3 '$f' | cmp -s - '$MSG'"

mkhome
ql joe-nosuch - nosuch s@x.example
expect "extension without a file: no such mailbox" 100 \
  "Sorry, no mailbox here by that name. (#5.1.1)"

mkhome
qm .qmail-foo './foo-box
'
ql joe-foo - foo s@x.example
expect "exact .qmail-ext" 0 "did 1+0+0"
t_check ".qmail-ext delivered to its mbox" [ -s "$HOMED/foo-box" ]

mkhome
qm .qmail-a-default '|printf "%s" "$DEFAULT" >which-a
'
qm .qmail-default '|printf "%s" "$DEFAULT" >which-top
'
ql joe-a-b-c - a-b-c s@x.example
expect "-default chain: .qmail-a-default" 0 "did 0+0+1"
t_check "DEFAULT is the part -default stands for" \
  [ "$(cat "$HOMED/which-a")" = b-c ]
qm .qmail-a-b-default '|printf "%s" "$DEFAULT" >which-ab
'
ql joe-a-b-c - a-b-c s@x.example
t_check "-default chain: the most specific file wins" \
  [ "$(cat "$HOMED/which-ab" 2>/dev/null)" = c ]
ql joe-zz - zz s@x.example
t_check "-default chain ends at .qmail-default" \
  [ "$(cat "$HOMED/which-top" 2>/dev/null)" = zz ]
rm -f "$HOMED/which-a"
ql joe-a- - a- s@x.example
t_check "-default chain: a- uses .qmail-a-default with DEFAULT empty" \
  eval '[ -e "$HOMED/which-a" ] && [ ! -s "$HOMED/which-a" ]'

mkhome
qm .qmail-foo:bar './dotted
'
ql joe-Foo.Bar - Foo.Bar s@x.example
expect "extension lower-cased, dots made colons" 0 "did 1+0+0"
t_check "Foo.Bar used .qmail-foo:bar" [ -s "$HOMED/dotted" ]

mkhome
mkdir "$HOMED/.qmail-dir"
qm .qmail-default './fallback
'
ql joe-dir - dir s@x.example
t_check "a .qmail that is a directory is passed over" \
  eval '[ "$RC" = 0 ] && [ -s "$HOMED/fallback" ]'

mkhome
qm .qmail ''
ql joe '' '' s@x.example
expect "empty .qmail: defaultdelivery" 0 "did 1+0+0"
t_check "empty .qmail: delivered to Maildir" [ "$(newcount)" = 1 ]

mkhome
qm .qmail '# nothing but a comment
'
ql joe '' '' s@x.example
expect "comments only: success, nothing delivered" 0 "did 0+0+0"
t_check "comments only: Maildir untouched" [ "$(newcount)" = 0 ]

mkhome
qm .qmail-long "$(printf '#%5000s' x)"
ql joe-long - long s@x.example
expect "line over 4096 bytes: deferred" 111 "line 1: line is too long"
dd if=/dev/zero bs=1024 count=1100 2>/dev/null | tr '\0' '#' >"$HOMED/.qmail-huge"
chown "$RU:$RG" "$HOMED/.qmail-huge"
chmod 644 "$HOMED/.qmail-huge"
ql joe-huge - huge s@x.example
expect ".qmail over 1 MB: deferred" 111 "is longer than 1048576 bytes"

# --- order, 99, all-or-nothing -------------------------------------
mkhome
qm .qmail '|echo one >>order
./Mailbox
|echo two >>order
./Maildir/

# blank line above is fine
'
ql joe '' '' s@x.example
expect "lines followed in order" 0 "did 2+0+2"
t_check "programs ran in order" [ "$(cat "$HOMED/order")" = "one
two" ]
t_check "mbox and Maildir both got it" \
  eval '[ -s "$HOMED/Mailbox" ] && [ "$(newcount)" = 1 ]'

mkhome
qm .qmail 'first@fwd.example
|exit 99
./Mailbox
second@fwd.example
'
rm -f "$QQ/mess" "$QQ/env"
QQUSE=$T/qq.sh
ql joe '' '' s@x.example
expect "exit 99: success" 0 "did 0+1+1"
t_check "exit 99: later lines skipped" [ ! -e "$HOMED/Mailbox" ]
t_check "exit 99: earlier forward still sent" \
  [ "$(cat "$QQ/env" 2>/dev/null)" = "Fs@x.example
Tfirst@fwd.example" ]

mkhome
qm .qmail '|echo ran >ran
./Mailbox
 indented@line.example
'
ql joe '' '' s@x.example
expect "bad line: deferred, with file and line" 111 \
  ".qmail line 3: line begins with white space"
t_check "bad line: nothing delivered before it" \
  eval '[ ! -e "$HOMED/ran" ] && [ ! -e "$HOMED/Mailbox" ]'

mkhome
qm .qmail '
./Mailbox
'
ql joe '' '' s@x.example
expect "blank first line: deferred" 111 "line 1: first line is blank"

mkhome
qm .qmail '|
'
ql joe '' '' s@x.example
expect "bare | refused" 111 "program line has no command"

mkhome
qmf .qmail './Maildir/\r\n|echo crlf >crlf\r\n'
ql joe '' '' s@x.example
expect "CRLF .qmail: carriage returns ignored" 0 "did 1+0+1"
t_check "CRLF .qmail: Maildir line still a Maildir" [ "$(newcount)" = 1 ]
t_check "CRLF .qmail: command without the CR" \
  [ "$(cat "$HOMED/crlf")" = crlf ]

mkhome
qmf .qmail '|echo a\000b >nul\n'
ql joe '' '' s@x.example
expect "NUL in .qmail: deferred" 111 "contains a NUL byte"

# --- permissions ----------------------------------------------------
mkhome
chmod 775 "$HOMED"
ql joe '' '' s@x.example
expect "group-writable home: deferred" 111 \
  "Uh-oh: home directory is writable. (#4.7.0)"
chmod 757 "$HOMED"
ql joe '' '' s@x.example
expect "world-writable home: deferred" 111 "home directory is writable"
chmod 755 "$HOMED"
qm .qmail './Mailbox
'
chmod 664 "$HOMED/.qmail"
ql joe '' '' s@x.example
expect "group-writable .qmail: deferred" 111 \
  "Uh-oh: .qmail file is writable. (#4.7.0)"
chmod 646 "$HOMED/.qmail"
ql joe '' '' s@x.example
expect "world-writable .qmail: deferred" 111 ".qmail file is writable"
t_check "writable files: nothing delivered" [ ! -e "$HOMED/Mailbox" ]
chmod 644 "$HOMED/.qmail"

chmod 1755 "$HOMED"
ql joe '' '' s@x.example
expect "sticky home: deferred" 111 "Home directory is sticky"
ql -n joe '' '' s@x.example
expect "sticky home with -n: only a warning" 0 \
  "Warning: home directory is sticky."
chmod 755 "$HOMED"

mkhome
qm .qmail 'ok@fwd.example
|echo no >prog
'
chmod 744 "$HOMED/.qmail"
ql joe '' '' s@x.example
expect "x bit with a program line: deferred" 111 \
  "program delivery in a forward-only .qmail file. (#4.7.0)"
qm .qmail 'ok@fwd.example
./Mailbox
'
chmod 744 "$HOMED/.qmail"
ql joe '' '' s@x.example
expect "x bit with an mbox line: deferred" 111 "file delivery"
qm .qmail '# forwards only
&ok@fwd.example
ok2@fwd.example
'
chmod 744 "$HOMED/.qmail"
QQUSE=$T/qq.sh
ql joe '' '' s@x.example
expect "x bit with forwards only: delivered" 0 "did 0+2+0"
qm .qmail '|echo before >before
+list
./Mailbox
'
ql joe '' '' s@x.example
expect "+list forbids file lines after it" 111 "line 3: file delivery"

if [ "$T_ROOT" = 1 ]; then
  mkhome
  "$QL" -- joe "$HOMED" joe '' '' example.com s@x.example ./Maildir/ \
    <"$MSG" >"$T/out" 2>&1
  RC=$?
  expect "refuses to run as root" 111 "Refusing to deliver as root"
  t_check "as root: nothing delivered" [ "$(newcount)" = 0 ]
else
  t_skip "refuses to run as root" "not root"
  t_skip "as root: nothing delivered" "not root"
fi

# --- -n ---------------------------------------------------------------
mkhome
qm .qmail '# listing
./Maildir/
./Mailbox
|preline procmail
&a@fwd.example
b@fwd.example
'
ql -n joe '' '' s@x.example
t_check "-n prints the instructions" [ "$(cat "$T/out")" = "maildir ./Maildir/
mbox ./Mailbox
program preline procmail
forward a@fwd.example
forward b@fwd.example
did 2+2+1" ]
t_check "-n delivers nothing" \
  eval '[ "$RC" = 0 ] && [ "$(newcount)" = 0 ] && [ ! -e "$HOMED/Mailbox" ]'

# --- loop check -------------------------------------------------------
mkhome
msg 'Received: somewhere
Delivered-To: joe@example.com
Subject: loop

body
'
ql joe '' '' s@x.example
expect "own Delivered-To line: loop bounced" 100 \
  "This message is looping: it already has my Delivered-To line. (#5.4.6)"
t_check "loop: nothing delivered" [ "$(newcount)" = 0 ]
ql -n joe '' '' s@x.example
expect "loop check skipped with -n" 0 "did 1+0+0"
msg 'Delivered-To: other@example.com
Subject: no loop

Delivered-To: joe@example.com
'
ql joe '' '' s@x.example
expect "other Delivered-To, and ours in the body: delivered" 0 "did 1+0+0"
msg 'Delivered-To: joe-ext@example.com

x
'
qm .qmail-ext './Maildir/
'
ql joe-ext - ext s@x.example
expect "Delivered-To with the extension: loop" 100 "(#5.4.6)"
ql joe '' '' s@x.example
expect "Delivered-To of another extension: delivered" 0 "did 1+0+0"

msg 'From: a@b.example
Subject: test

hello
'

# --- forwarding -------------------------------------------------------
mkhome
qm .qmail '&one@fwd.example
two@fwd.example
'
rm -f "$QQ/mess" "$QQ/env"
QQUSE=$T/qq.sh
ql joe '' '' s@x.example
expect "forward: success" 0 "did 0+2+0"
expect "forward: qp line" 0 "qp "
t_check "forward: one envelope with both recipients" \
  [ "$(cat "$QQ/env" 2>/dev/null)" = "Fs@x.example
Tone@fwd.example
Ttwo@fwd.example" ]
t_check "forward: Delivered-To on top, no Return-Path" \
  [ "$(head -n 1 "$QQ/mess")" = "Delivered-To: joe@example.com" ]
t_check "forward: then the message as it was" \
  sh -c "tail -n +2 '$QQ/mess' | cmp -s - '$MSG'"

mkhome
qm .qmail-list '&member@fwd.example
'
qm .qmail-list-owner '&owner@fwd.example
'
QQUSE=$T/qq.sh
ql joe-list - list s@x.example
t_check "-owner: sender becomes local-owner@domain" \
  [ "$(head -n 1 "$QQ/env" 2>/dev/null)" = "Fjoe-list-owner@example.com" ]
qm .qmail-list-owner-default '&owner@fwd.example
'
QQUSE=$T/qq.sh
ql joe-list - list s@x.example
t_check "-owner-default too: VERP sender" \
  [ "$(head -n 1 "$QQ/env")" = "Fjoe-list-owner-@example.com-@[]" ]
QQUSE=$T/qq.sh
ql joe-list - list ''
t_check "-owner: a bounce keeps its empty sender" \
  [ "$(head -n 1 "$QQ/env")" = "F" ]
QQUSE=$T/qq.sh
ql joe-list - list '#@[]'
t_check "-owner: #@[] kept" [ "$(head -n 1 "$QQ/env")" = "F#@[]" ]

mkhome
qm .qmail '&one@fwd.example
'
QQERR='DSorry, no spam here (#5.7.1)' QQUSE=$T/qq-reject.sh
ql joe '' '' s@x.example
expect "forward refused by a filter: permanent, its text" 100 \
  "Unable to forward message: Sorry, no spam here (#5.7.1)."
QQERR='ZTry later (#4.3.5)' QQUSE=$T/qq-reject.sh
ql joe '' '' s@x.example
expect "forward deferred by a filter: temporary, its text" 111 \
  "Unable to forward message: Try later (#4.3.5)."
QQUSE=$T/nonexistent
ql joe '' '' s@x.example
t_check "forward with no queue program: temporary" [ "$RC" = 111 ]

mkhome
qm .qmail '|exit 111
&one@fwd.example
'
rm -f "$QQ/mess" "$QQ/env"
QQUSE=$T/qq.sh
ql joe '' '' s@x.example
t_check "a failed line stops the forwards" \
  eval '[ "$RC" = 111 ] && [ ! -e "$QQ/env" ]'

QQUSE=
QQERR=
if [ -n "$H" ]; then
  mkhome
  qm .qmail '&one@fwd.example
'
  before=$(find "$H/queue/mess" -type f | wc -l)
  ql joe '' '' s@x.example
  expect "forward through the instance's qmail-queue" 0 "did 0+1+0"
  after=$(find "$H/queue/mess" -type f | wc -l)
  t_check "forward: one more message in the queue" \
    [ "$after" -eq $((before + 1)) ]
else
  t_skip "forward through the instance's qmail-queue" "no instance"
  t_skip "forward: one more message in the queue" "no instance"
fi

# --- usage and arguments ------------------------------------------------
as_rcpt "$QL" joe "$HOMED" joe '' '' example.com >"$T/out" 2>&1 </dev/null
t_check "too few arguments: usage, 100" [ $? = 100 ]
as_rcpt "$QL" -x -- joe "$HOMED" joe '' '' example.com s ./Maildir/ \
  >"$T/out" 2>&1 <"$MSG"
t_check "unknown option: usage, 100" [ $? = 100 ]
as_rcpt "$QL" -- joe u/joe joe '' '' example.com s ./Maildir/ \
  >"$T/out" 2>&1 <"$MSG"
t_check "relative homedir: usage, 100" [ $? = 100 ]
as_rcpt "$QL" -- joe "$T/u/nohome" joe '' '' example.com s ./Maildir/ \
  >"$T/out" 2>&1 <"$MSG"
RC=$?
expect "missing home directory: temporary" 111 "Unable to switch to"

t_done

#!/bin/sh
# 21-local-command.sh - program lines of .qmail files, run by qmail-local
# directly: every qmail-command(8) variable, the message on stdin, the
# working directory, every exit code class, the report, and that no
# sender-chosen byte reaches a command line.  No daemon is started.
#
# QUIRE_QMAIL_LOCAL=path runs that binary instead of building an
# instance.
. "$(dirname "$0")/lib.sh"
t_init

RCPT_UID=65511
. "$(dirname "$0")/local-lib.sh"

HOMED=$T/u/joe
MSG=$T/msg
mkdir -p "$T/u"
chmod 755 "$T/u"

qm() {
  printf '%s' "$2" >"$HOMED/$1"
  chmod 644 "$HOMED/$1"
  chown "$RU:$RG" "$HOMED/$1"
}
# ql local dash ext sender [env assignments...]: deliver; RC, $T/out
ql() {
  l=$1 d=$2 e=$3 s=$4
  shift 4
  as_rcpt env "$@" "$QL" -- joe "$HOMED" "$l" "$d" "$e" \
    mx.lists.example.org "$s" ./Maildir/ <"$MSG" >"$T/out" 2>&1
  RC=$?
}
expect() {
  if [ "$RC" = "$2" ] && grep -qF -- "$3" "$T/out"; then
    t_ok "$1"
  else
    t_notok "$1 (rc $RC)"
    sed 's/^/# /' "$T/out"
  fi
}

printf 'From: a@b.example\nSubject: vars\n\nFrom the body\nlast line\n' >"$MSG"
chmod 644 "$MSG"

# showvars: each variable as NAME=[value], or NAME unset
cat >"$T/showvars" <<'EOF'
#!/bin/sh
for v in USER HOME LOCAL HOST HOST2 HOST3 HOST4 RECIPIENT SENDER NEWSENDER \
         EXT EXT2 EXT3 EXT4 DEFAULT DTLINE RPLINE UFLINE; do
  eval "isset=\${$v+x} val=\${$v-}"
  if [ -n "$isset" ]; then printf '%s=[%s]\n' "$v" "$val"
  else printf '%s unset\n' "$v"; fi
done
EOF
chmod 755 "$T/showvars"

# --- every variable --------------------------------------------------
mkhome
cp "$T/showvars" "$HOMED/showvars"
chown "$RU:$RG" "$HOMED/showvars"
qm .qmail-list-default '|./showvars >vars
'
qm .qmail-list-sub-joe-owner '# owner
'
ql joe-list-sub-joe - list-sub-joe 'a b@x.example'
expect "program line runs" 0 "did 0+0+1"
cat >"$T/vars.exp" <<EOF
USER=[joe]
HOME=[$HOMED]
LOCAL=[joe-list-sub-joe]
HOST=[mx.lists.example.org]
HOST2=[mx.lists.example]
HOST3=[mx.lists]
HOST4=[mx]
RECIPIENT=[joe-list-sub-joe@mx.lists.example.org]
SENDER=[a b@x.example]
NEWSENDER=[joe-list-sub-joe-owner@mx.lists.example.org]
EXT=[list-sub-joe]
EXT2=[sub-joe]
EXT3=[joe]
EXT4=[]
DEFAULT=[sub-joe]
DTLINE=[Delivered-To: joe-list-sub-joe@mx.lists.example.org
]
RPLINE=[Return-Path: <"a b"@x.example>
]
UFLINE=[From a-b@x.example DATE
]
EOF
sed 's/^\(UFLINE=\[From a-b@x\.example\) [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9][0-9][0-9][0-9]$/\1 DATE/' \
  "$HOMED/vars" >"$T/vars.got" 2>/dev/null
if cmp -s "$T/vars.exp" "$T/vars.got"; then
  t_ok "every qmail-command variable as documented"
else
  t_notok "every qmail-command variable as documented"
  diff "$T/vars.exp" "$T/vars.got" | sed 's/^/# /'
fi

mkhome
cp "$T/showvars" "$HOMED/showvars"
chown "$RU:$RG" "$HOMED/showvars"
qm .qmail-plain '|./showvars >vars
'
ql joe-plain - plain '' DEFAULT=stale FOO=inherited
t_check "DEFAULT unset for a file that is not -default" \
  grep -qx 'DEFAULT unset' "$HOMED/vars"
t_check "bounce: SENDER and NEWSENDER empty" \
  eval 'grep -qx "SENDER=\[\]" "$HOMED/vars" &&
        grep -qx "NEWSENDER=\[\]" "$HOMED/vars"'
t_check "bounce: RPLINE is <>" grep -qx 'RPLINE=\[Return-Path: <>' \
  "$HOMED/vars"
t_check "bounce: UFLINE says MAILER-DAEMON" \
  grep -q '^UFLINE=\[From MAILER-DAEMON ' "$HOMED/vars"

qm .qmail-plain '|printf "%s|%s" "$FOO" "$PATH" >env
'
ql joe-plain - plain '' FOO=inherited PATH=/mine:/bin
t_check "the rest of the environment is inherited" \
  [ "$(cat "$HOMED/env")" = "inherited|/mine:/bin" ]
ql joe-plain - plain '' -u PATH FOO=x
t_check "PATH supplied when missing" \
  grep -q ':/usr/local/bin:/usr/bin:/bin$' "$HOMED/env"

# --- stdin, cwd, two programs ----------------------------------------
mkhome
qm .qmail '|cat >copy1
|cat >copy2
|pwd -P >where
'
ql joe '' '' s@x.example
expect "three program lines" 0 "did 0+0+3"
t_check "stdin is the message as it is, no added lines" \
  cmp -s "$MSG" "$HOMED/copy1"
t_check "each program reads the message from its start" \
  cmp -s "$MSG" "$HOMED/copy2"
t_check "program runs in the home directory" \
  [ "$(cat "$HOMED/where")" = "$(cd "$HOMED" && pwd -P)" ]

# --- exit codes ---------------------------------------------------------
mkhome
for code in 0 99 100 64 65 70 76 77 78 112 111 1 42 101 255; do
  case $code in
    0|99) want=0 ;;
    100|64|65|70|76|77|78|112) want=100 ;;
    *) want=111 ;;
  esac
  qm .qmail "|exit $code
"
  ql joe '' '' s@x.example
  t_check "program exit $code: qmail-local exits $want" [ "$RC" = "$want" ]
done
qm .qmail '|exit 100
'
ql joe '' '' s@x.example
expect "silent permanent failure is explained" 100 \
  "Program exited 100, a permanent failure. (#5.3.0)"
qm .qmail '|exit 75
'
ql joe '' '' s@x.example
expect "silent temporary failure is explained" 111 \
  "Program exited 75, a temporary failure. (#4.3.0)"
qm .qmail '|echo "ezmlm-reject: fatal: no thanks (#5.7.1)"; exit 100
'
ql joe '' '' s@x.example
expect "program's own words in the report" 100 \
  "ezmlm-reject: fatal: no thanks (#5.7.1)"
t_check "no extra line when the program spoke" \
  eval '! grep -q "Program exited" "$T/out"'
qm .qmail '|echo to stderr >&2; exit 111
'
ql joe '' '' s@x.example
expect "standard error goes into the report too" 111 "to stderr"
qm .qmail '|kill -9 $$
'
ql joe '' '' s@x.example
expect "program killed by a signal: temporary" 111 \
  "Aack, child crashed. (#4.3.0)"
qm .qmail '|echo delivered fine
'
ql joe '' '' s@x.example
t_check "success report: program output, then did" \
  [ "$(cat "$T/out")" = "delivered fine
did 0+0+1" ]

# --- bounded output, background children -------------------------------
qm .qmail '|head -c 100000 /dev/zero | tr "\0" x; echo; exit 0
'
ql joe '' '' s@x.example
size=$(wc -c <"$T/out")
t_check "program output capped in the report ($size bytes)" \
  [ "$size" -lt 4200 ]
t_check "capped report still ends with did" \
  [ "$(tail -n 1 "$T/out")" = "did 0+0+1" ]
t_check "cut output is marked" grep -qx '\.\.\.' "$T/out"

qm .qmail '|sleep 30 & echo $! >bgpid
'
start=$(date +%s)
ql joe '' '' s@x.example
end=$(date +%s)
t_check "a background child holding the output does not hold delivery" \
  eval '[ "$RC" = 0 ] && [ $((end - start)) -lt 10 ]'
bg=$(cat "$HOMED/bgpid" 2>/dev/null)
[ -n "$bg" ] && kill "$bg" 2>/dev/null

qm .qmail '|(while :; do echo spam; done) & echo $! >bgpid; exit 0
'
start=$(date +%s)
ql joe '' '' s@x.example
end=$(date +%s)
t_check "a background child that keeps writing does not hold delivery" \
  eval '[ "$RC" = 0 ] && [ $((end - start)) -lt 10 ]'
t_check "its output is still capped" [ "$(wc -c <"$T/out")" -lt 4200 ]
bg=$(cat "$HOMED/bgpid" 2>/dev/null)
[ -n "$bg" ] && kill "$bg" 2>/dev/null

# --- no shell injection -------------------------------------------------
mkhome
qm .qmail '|printf "%s" "$SENDER" >sender; printf "%s" "$RECIPIENT" >rcpt
'
evil='$(touch pwned1)`touch pwned2`;touch pwned3@x.example'
as_rcpt "$QL" -- joe "$HOMED" 'joe$(touch pwned4)' '' '' \
  'mx;touch pwned5' "$evil" ./Maildir/ <"$MSG" >"$T/out" 2>&1
RC=$?
t_check "hostile sender and recipient: delivered" [ "$RC" = 0 ]
t_check "hostile sender reaches the program as data" \
  [ "$(cat "$HOMED/sender")" = "$evil" ]
t_check "hostile recipient reaches the program as data" \
  [ "$(cat "$HOMED/rcpt")" = 'joe$(touch pwned4)@mx;touch pwned5' ]
t_check "nothing from the message was run" \
  eval '[ -z "$(find "$HOMED" "$T" -name "pwned*" | head -n 1)" ]'

t_done

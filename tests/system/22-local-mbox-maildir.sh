#!/bin/sh
# 22-local-mbox-maildir.sh - qmail-local's mbox and Maildir deliveries,
# run directly: exact formats, durability order (strace), concurrent
# deliveries, failure cleanup, locking, and bounded memory against huge
# headers and bodies.  No daemon is started.
#
# QUIRE_QMAIL_LOCAL=path runs that binary instead of building an
# instance.
. "$(dirname "$0")/lib.sh"
t_init

RCPT_UID=65512
. "$(dirname "$0")/local-lib.sh"

HOMED=$T/u/joe
MSG=$T/msg
mkdir -p "$T/u" "$T/m"
chmod 755 "$T/u" "$T/m"

# ql msgfile defaultdelivery [runner...]: deliver as joe; RC, $T/out
ql() {
  m=$1 dd=$2
  shift 2
  as_rcpt "$@" "$QL" -- joe "$HOMED" joe '' '' example.com s@x.example \
    "$dd" <"$m" >"$T/out" 2>&1
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
mode() { stat -c %a "$1"; }
size() { wc -c <"$1" | tr -d ' '; }
newcount() { t_count "$HOMED/Maildir"; }
tmpcount() { find "$HOMED/Maildir/tmp" -type f | wc -l | tr -d ' '; }

# --- mbox format ---------------------------------------------------
mkhome
printf 'Subject: m\n\nFrom start\n>From quoted\n>>From twice\nmid From x\nFrom\nlast' \
  >"$MSG"
chmod 644 "$MSG"
ql "$MSG" ./Mailbox
expect "mbox delivery" 0 "did 1+0+0"
cat >"$T/mbox.exp" <<'EOF'
From s@x.example DATE
Return-Path: <s@x.example>
Delivered-To: joe@example.com
Subject: m

>From start
>>From quoted
>>>From twice
mid From x
From
last

EOF
sed '1s/^From s@x\.example [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-9:]\{8\} [0-9]\{4\}$/From s@x.example DATE/' \
  "$HOMED/Mailbox" >"$T/mbox.got"
if cmp -s "$T/mbox.exp" "$T/mbox.got"; then
  t_ok "mbox: From line, Return-Path, Delivered-To, >From quoting, blank line"
else
  t_notok "mbox: From line, Return-Path, Delivered-To, >From quoting, blank line"
  diff "$T/mbox.exp" "$T/mbox.got" | sed 's/^/# /'
fi
t_check "mbox created with mode 600" [ "$(mode "$HOMED/Mailbox")" = 600 ]
ql "$MSG" ./Mailbox
t_check "second delivery appends" [ "$(grep -c '^From s@x' "$HOMED/Mailbox")" = 2 ]
ql "$MSG" ./Maildir
t_check "mbox on a directory: temporary" [ "$RC" = 111 ]
ql "$MSG" ./nodir/Mailbox
expect "mbox in a missing directory: temporary, 4.2.1" 111 "(#4.2.1)"

# --- Maildir format --------------------------------------------------
mkhome
printf 'Subject: d\n\nFrom here\n' >"$MSG"
ql "$MSG" ./Maildir/
expect "Maildir delivery" 0 "did 1+0+0"
f=$(find "$HOMED/Maildir/new" -type f)
n=$(basename "$f")
t_check "Maildir: one file in new/, none in tmp/" \
  eval '[ "$(newcount)" = 1 ] && [ "$(tmpcount)" = 0 ]'
t_check "Maildir name: time.M usec P pid Q n R random . host ($n)" \
  eval 'echo "$n" | grep -Eq "^[0-9]+\.M[0-9]+P[0-9]+Q1R[0-9a-f]{16}\.[^/:]+$"'
t_check "Maildir file mode 600" [ "$(mode "$f")" = 600 ]
printf 'Return-Path: <s@x.example>\nDelivered-To: joe@example.com\nSubject: d\n\nFrom here\n' \
  >"$T/md.exp"
t_check "Maildir file: Return-Path, Delivered-To, message unquoted" \
  cmp -s "$T/md.exp" "$f"
ql "$MSG" ./Maildir/
t_check "second Maildir delivery gets another name" [ "$(newcount)" = 2 ]

mkhome
: >"$HOMED/plainfile"
chown "$RU:$RG" "$HOMED/plainfile"
ql "$MSG" ./plainfile/
expect "Maildir line naming a file: permanent" 100 "(#5.2.1)"
ql "$MSG" ./nosuch/
expect "missing Maildir: temporary" 111 "(#4.2.1)"
rmdir "$HOMED/Maildir/tmp"
ql "$MSG" ./Maildir/
expect "Maildir without tmp/: temporary" 111 "(#4.2.1)"

# --- durability order ---------------------------------------------------
if command -v strace >/dev/null 2>&1; then
  mkhome
  strace -f -o "$T/trace" \
    -e trace=openat,open,write,fsync,fdatasync,link,linkat,rename,renameat,renameat2,unlink,unlinkat \
    sh -c 'if [ "$0" = 1 ]; then
             exec setpriv --reuid="$1" --regid="$2" --clear-groups "$3" -- joe "$4" joe "" "" example.com s@x.example ./Maildir/
           else
             exec "$3" -- joe "$4" joe "" "" example.com s@x.example ./Maildir/
           fi' "$T_ROOT" "$RU" "$RG" "$QL" "$HOMED" <"$MSG" >"$T/out" 2>&1
  RC=$?
  order=$(awk '
    function fdof(line,   n, a) { n = split(line, a, "= "); return a[n] + 0 }
    !topen && /open.*Maildir\/tmp\/.*O_CREAT/ { topen = NR; tfd = fdof($0); next }
    topen && !tsync && $0 ~ ("fsync\\(" tfd "\\)") { tsync = NR; next }
    !tlink && /link.*Maildir\/tmp\/.*Maildir\/new\// && / = 0$/ { tlink = NR; next }
    tlink && !dopen && /open.*Maildir\/new"/ { dopen = NR; dfd = fdof($0); next }
    dopen && !dsync && $0 ~ ("fsync\\(" dfd "\\)") { dsync = NR; next }
    !tunlink && /unlink.*Maildir\/tmp\// { tunlink = NR; next }
    END { print topen, tsync, tlink, dopen, dsync, tunlink }' "$T/trace")
  t_note "trace lines: open tmp, fsync file, link, open new/, fsync new/, unlink: $order"
  t_check "strace: delivery succeeded" [ "$RC" = 0 ]
  set -- $order 0 0 0 0 0 0
  o1=$1 o2=$2 o3=$3 o4=$4 o5=$5 o6=$6
  t_check "strace: fsync of the file before the link into new/" \
    eval '[ "$o1" -gt 0 ] && [ "$o1" -lt "$o2" ] && [ "$o2" -lt "$o3" ]'
  t_check "strace: fsync of new/ after the link" \
    eval '[ "$o3" -lt "$o4" ] && [ "$o4" -lt "$o5" ]'
  t_check "strace: tmp/ file removed after new/ is synced" \
    eval '[ "$o5" -lt "$o6" ]'
  t_check "strace: no rename used" \
    eval '! grep -q "rename" "$T/trace"'
else
  for what in "delivery succeeded" "fsync before link" "fsync new/" \
      "tmp removed" "no rename"; do
    t_skip "strace: $what" "no strace"
  done
fi

# --- concurrent deliveries ----------------------------------------------
mkhome
for side in A B; do
  i=1
  while [ $i -le 50 ]; do
    {
      printf 'X-Id: %s-%s\n\n' "$side" "$i"
      k=1
      while [ $k -le 40 ]; do echo "$side-$i"; k=$((k + 1)); done
    } >"$T/m/$side-$i"
    i=$((i + 1))
  done
done
chmod 644 "$T/m"/*
# loop side dd: 50 deliveries, one after another; failures in $T/fail-side
loop() {
  i=1
  while [ $i -le 50 ]; do
    ql "$T/m/$1-$i" "$2"
    [ "$RC" = 0 ] || echo "$1-$i $RC" >>"$T/fail-$1"
    i=$((i + 1))
  done
}
for dd in ./Mailbox ./Maildir/; do
  rm -f "$T/fail-A" "$T/fail-B"
  loop A "$dd" &
  pa=$!
  loop B "$dd" &
  pb=$!
  TPIDS="$TPIDS $pa $pb"
  t_wait 180 sh -c "! kill -0 $pa 2>/dev/null && ! kill -0 $pb 2>/dev/null" ||
    t_notok "concurrent deliveries to $dd finished in time"
  t_check "concurrent $dd: all 100 deliveries succeeded" \
    eval '[ ! -e "$T/fail-A" ] && [ ! -e "$T/fail-B" ]'
done
bad=$(awk '
  /^From s@x\.example / { if (id != "") check(); id = ""; n = 0; nmsg++; next }
  /^X-Id: / { id = $2; next }
  id != "" && $0 == id { n++ }
  function check() { if (n != 40 || seen[id]++) bad++ }
  END { if (id != "") check(); print nmsg + 0, bad + 0 }' "$HOMED/Mailbox")
t_check "concurrent mbox: 100 messages, each whole and once ($bad)" \
  [ "$bad" = "100 0" ]
t_check "concurrent mbox: no lost or doubled line" \
  [ "$(wc -l <"$HOMED/Mailbox" | tr -d ' ')" = $((100 * 46)) ]
t_check "concurrent Maildir: 100 files" [ "$(newcount)" = 100 ]
t_check "concurrent Maildir: each message once" \
  [ "$(cat "$HOMED"/Maildir/new/* | grep -c '^X-Id:')" = 100 ]
t_check "concurrent Maildir: tmp/ empty" [ "$(tmpcount)" = 0 ]

# --- failures leave nothing behind --------------------------------------
if command -v prlimit >/dev/null 2>&1; then
  mkhome
  printf 'Subject: small\n\nsmall\n' >"$MSG"
  ql "$MSG" ./Mailbox
  cp "$HOMED/Mailbox" "$T/mbox.before"
  before=$(size "$HOMED/Mailbox")
  head -c 20000 /dev/zero | tr '\0' 'y' | fold -w 70 >"$T/bigmsg"
  chmod 644 "$T/bigmsg"
  lim=$((before + 300))
  ql "$T/bigmsg" ./Mailbox prlimit --fsize=$lim:$lim
  expect "mbox over the file size limit: temporary, mailbox full" 111 \
    "(#4.2.2)"
  t_check "mbox cut back to its old length" \
    cmp -s "$T/mbox.before" "$HOMED/Mailbox"
  ql "$T/bigmsg" ./Maildir/ prlimit --fsize=1000:1000
  expect "Maildir over the file size limit: temporary" 111 "(#4.2.2)"
  t_check "failed Maildir delivery: tmp/ and new/ empty" \
    eval '[ "$(tmpcount)" = 0 ] && [ "$(newcount)" = 0 ]'
else
  for what in "mbox limit" "mbox cut back" "Maildir limit" "Maildir clean"; do
    t_skip "$what" "no prlimit"
  done
fi

# a really full disk: a small tmpfs (root only)
fs=$T/u/joe/full
mkhome
mkdir -p "$fs"
if [ "$T_ROOT" = 1 ] && mount -t tmpfs -o size=64k,mode=755 tmpfs "$fs" 2>/dev/null
then
  mkdir -p "$fs/Maildir/new" "$fs/Maildir/cur" "$fs/Maildir/tmp"
  printf 'From x Thu Jan  1 00:00:00 1970\n\nold\n\n' >"$fs/Mailbox"
  chown -R "$RU:$RG" "$fs"
  cp "$fs/Mailbox" "$T/mbox.before"
  head -c 200000 /dev/zero | tr '\0' 'z' | fold -w 70 >"$T/bigmsg"
  ql "$T/bigmsg" ./full/Maildir/
  expect "full disk, Maildir: temporary, 4.2.2" 111 \
    "no space left on device. (#4.2.2)"
  t_check "full disk, Maildir: tmp/ and new/ empty" \
    eval '[ -z "$(find "$fs/Maildir/tmp" "$fs/Maildir/new" -type f)" ]'
  ql "$T/bigmsg" ./full/Mailbox
  expect "full disk, mbox: temporary, 4.2.2" 111 \
    "no space left on device. (#4.2.2)"
  t_check "full disk, mbox: cut back to its old length" \
    cmp -s "$T/mbox.before" "$fs/Mailbox"
  umount "$fs"
else
  for what in "Maildir" "Maildir clean" "mbox" "mbox cut back"; do
    t_skip "full disk, $what" "needs root and tmpfs"
  done
fi

# --- locking --------------------------------------------------------------
if command -v flock >/dev/null 2>&1; then
  mkhome
  : >"$HOMED/Mailbox"
  chown "$RU:$RG" "$HOMED/Mailbox"
  chmod 600 "$HOMED/Mailbox"
  flock "$HOMED/Mailbox" sleep 2 &
  lockpid=$!
  TPIDS="$TPIDS $lockpid"
  sleep 0.3
  start=$(date +%s)
  ql "$MSG" ./Mailbox
  end=$(date +%s)
  t_check "mbox: delivery waits for another's lock" \
    eval '[ "$RC" = 0 ] && [ $((end - start)) -ge 1 ] && [ $((end - start)) -lt 20 ]'
  t_check "mbox: delivered after the lock was released" \
    grep -q '^From s@x' "$HOMED/Mailbox"
  kill "$lockpid" 2>/dev/null
  # a lock held for good: deferred after 30 seconds, file untouched
  cp "$HOMED/Mailbox" "$T/mbox.before"
  flock "$HOMED/Mailbox" sleep 45 &
  lockpid=$!
  TPIDS="$TPIDS $lockpid"
  sleep 0.3
  start=$(date +%s)
  ql "$MSG" ./Mailbox
  end=$(date +%s)
  kill "$lockpid" 2>/dev/null
  expect "mbox locked for good: temporary" 111 \
    "File has been locked for 30 seconds straight. (#4.3.0)"
  t_check "mbox locked for good: gave up after 30 s ($((end - start)) s)" \
    eval '[ $((end - start)) -ge 29 ] && [ $((end - start)) -le 40 ]'
  t_check "mbox locked for good: file untouched" \
    cmp -s "$T/mbox.before" "$HOMED/Mailbox"
else
  for what in "waits for another's lock" "delivered after the lock" \
      "locked for good" "gave up after 30 s" "file untouched"; do
    t_skip "mbox: $what" "no flock(1)"
  done
fi

# --- huge headers and bodies, bounded memory ------------------------------
# lim.sh runs a program with at most 64 MB of address space; a build
# with AddressSanitizer cannot start so (it maps terabytes of shadow),
# and then the memory checks are skipped
cat >"$T/lim.sh" <<'EOF'
#!/bin/sh
ulimit -v 65536 || exit 99
exec "$@"
EOF
chmod 755 "$T/lim.sh"
as_rcpt "$T/lim.sh" "$QL" </dev/null >/dev/null 2>&1
if [ $? = 100 ]; then LIM=$T/lim.sh; else LIM=; fi
# limited what: ok/not ok what when memory can be limited, else skipped
limited() {
  if [ -n "$LIM" ]; then t_check "$@"; else t_skip "$1" "sanitizer build"; fi
}
mkhome
# a 300 MB header line, as in the 2020 attack on qmail-local
{
  printf 'Received: x\nX-Long: '
  head -c 300000000 /dev/zero | tr '\0' a
  printf '\n\nbody\n'
} >"$T/big"
chmod 644 "$T/big"
start=$(date +%s)
ql "$T/big" ./Maildir/ $LIM
end=$(date +%s)
expect "300 MB header line: permanent, with a clear text" 100 \
  "Message header field is too long"
limited "300 MB header line: refused under a 64 MB address-space limit" \
  [ "$RC" = 100 ]
t_check "300 MB header line: refused quickly ($((end - start)) s)" \
  [ $((end - start)) -lt 30 ]
t_check "300 MB header line: nothing delivered" [ "$(newcount)" = 0 ]
if [ -x /usr/bin/time ] && [ -n "$LIM" ]; then
  ql "$T/big" ./Maildir/ /usr/bin/time -o "$HOMED/time" -v
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$HOMED/time")
  t_check "300 MB header line: peak RSS ${rss:-?} kB under 16 MB" \
    [ "${rss:-99999999}" -lt 16384 ]
else
  t_skip "300 MB header line: peak RSS" "no /usr/bin/time, or sanitizer"
fi
rm -f "$T/big"

# a header of 9 MB in short lines: over the 8 MB total
awk 'BEGIN { for (i = 0; i < 150000; i++)
               printf "X-Filler-%06d: 0123456789012345678901234567890123456789012345\n", i
             printf "\nbody\n" }' >"$T/big"
chmod 644 "$T/big"
ql "$T/big" ./Maildir/ $LIM
expect "9 MB header: permanent" 100 "Message header is too big"
rm -f "$T/big"

# a 200 MB body after a normal header: streamed, never held
{
  printf 'Subject: big body\n\n'
  head -c 200000000 /dev/zero | tr '\0' b | fold -w 998
  echo
} >"$T/big"
chmod 644 "$T/big"
bodysize=$(size "$T/big")
ql "$T/big" ./Maildir/ $LIM
expect "200 MB body into a Maildir (under a 64 MB limit if possible)" 0 \
  "did 1+0+0"
f=$(find "$HOMED/Maildir/new" -type f | head -n 1)
t_check "200 MB body: Maildir copy complete" \
  [ "$(size "$f")" = $((bodysize + 57)) ]
rm -f "$HOMED"/Maildir/new/*
ql "$T/big" ./Mailbox $LIM
expect "200 MB body into an mbox (under a 64 MB limit if possible)" 0 \
  "did 1+0+0"
rm -f "$T/big" "$HOMED/Mailbox"

t_done

# lib.sh - sourced by every system test (tests/system/NN-topic.sh)
#
# A test builds a private instance of quire in a temporary directory
# with the real programs, drives it with real clients, and prints
# "ok N what" / "not ok N what" lines (tests/check.sh counts them).
# Every process a test starts is recorded and killed by PID at exit;
# every wait is bounded.
#
# As root the instance's roles get numeric ids from a reserved range
# (65500-65509; test recipients 65510-65519), so the partition is real
# and /etc/passwd is untouched; as another user every role is that user.

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=""
TN=0
TFAILED=0
TPIDS=""

if [ "$(id -u)" = 0 ]; then
  T_ROOT=1
  U_ALIAS=65500 U_DAEMON=65501 U_LOG=65502 U_OWNER=0 U_PASSWD=65503
  U_QUEUE=65504 U_REMOTE=65505 U_SEND=65506 G_QMAIL=65500 G_NOFILES=65501
else
  T_ROOT=0
  me=$(id -u); mg=$(id -g)
  U_ALIAS=$me U_DAEMON=$me U_LOG=$me U_OWNER=$me U_PASSWD=$me
  U_QUEUE=$me U_REMOTE=$me U_SEND=$me G_QMAIL=$mg G_NOFILES=$mg
fi

t_ok() { TN=$((TN + 1)); echo "ok $TN $*"; }
t_notok() { TN=$((TN + 1)); TFAILED=$((TFAILED + 1)); echo "not ok $TN $*"; }
t_skip() { TN=$((TN + 1)); echo "ok $TN $1 # SKIP $2"; }
# t_check what command...: ok if the command succeeds
t_check() {
  what=$1; shift
  if "$@"; then t_ok "$what"; else t_notok "$what"; fi
}
t_note() { echo "# $*"; }
# t_passfail file: a client's "PASS what" and "FAIL what: why" lines
# become ok and not ok, other lines notes
t_passfail() {
  while IFS= read -r l; do
    case $l in
      "PASS "*) t_ok "${l#PASS }" ;;
      "FAIL "*) t_notok "${l#FAIL }" ;;
      *) t_note "$l" ;;
    esac
  done <"$1"
}

t_cleanup() {
  for p in $TPIDS; do kill -TERM "$p" 2>/dev/null; done
  i=0
  for p in $TPIDS; do
    while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
      sleep 0.1; i=$((i + 1))
    done
    kill -KILL "$p" 2>/dev/null
  done
  if [ -n "$T" ] && [ -z "${QUIRE_KEEP:-}" ]; then rm -rf "$T"; fi
}

# t_init: the test's temporary directory, removed at exit
t_init() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/quire-test.XXXXXX") || exit 1
  chmod 755 "$T"
  trap 't_cleanup' EXIT
  trap 'exit 1' INT TERM HUP PIPE
}

# t_wait seconds command...: poll until the command succeeds; 1 if not
t_wait() {
  limit=$(($1 * 10)); shift
  i=0
  while [ $i -lt $limit ]; do
    if "$@"; then return 0; fi
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# t_build [name]: build and install an instance; home is $T/name
t_build() {
  name=${1:-home}
  H=$T/$name
  sh "$TOP/src/boot/mkinstance.sh" "$TOP" "$T/build-$name" "$H" ||
    { echo "Bail out! cannot build the instance"; exit 1; }
  hostname_=${T_HOST:-test.example}
  echo "$hostname_" >"$H/control/me"
  echo "$hostname_" >"$H/control/locals"
  echo "$hostname_" >"$H/control/rcpthosts"
}

# t_user name uid: a recipient with a Maildir, through users/assign
t_user() {
  u=$1; uid=$2
  if [ "$T_ROOT" = 0 ]; then uid=$(id -u); gid=$(id -g); else gid=$uid; fi
  home=$T/users/$u
  mkdir -p "$home/Maildir/new" "$home/Maildir/cur" "$home/Maildir/tmp"
  chown -R "$uid:$gid" "$home"
  chmod 755 "$T/users" 2>/dev/null
  # as qmail-pw2u writes them: the user, and the user's extensions
  echo "=$u:$u:$uid:$gid:$home:::" >>"$H/users/assign"
  echo "+$u-:$u:$uid:$gid:$home:-::" >>"$H/users/assign"
}

t_newu() {
  [ -f "$H/users/assign" ] && ! grep -q '^\.$' "$H/users/assign" &&
    echo . >>"$H/users/assign"
  "$H/bin/qmail-newu" || t_notok "qmail-newu"
}

# t_start [defaultdelivery]: qmail-start in the background; log in $T/log
t_start() {
  log=$T/log-$name
  before=$(cat "$log" 2>/dev/null | wc -l)
  (cd "$H" && exec ./bin/qmail-start "${1:-./Maildir/}") >>"$log" 2>&1 &
  SENDPID=$!
  TPIDS="$TPIDS $SENDPID"
  t_wait 10 sh -c "tail -n +$((before + 1)) '$log' | grep -q '^status: local'" ||
    { t_notok "qmail-send started"; cat "$log"; }
}

# t_stop: SIGTERM to qmail-send; wait for it to exit
t_stop() {
  kill -TERM "$SENDPID" 2>/dev/null
  t_wait 20 sh -c "! kill -0 $SENDPID 2>/dev/null"
}

# t_count dir: messages in a Maildir's new/ and cur/
t_count() {
  find "$1/new" "$1/cur" -type f 2>/dev/null | wc -l | tr -d ' '
}

# t_sweep_orphans - a daemon killed half-way leaves files in mess/, intd/
# and pid/ that no todo/ or info/ file names; qmail-send and qmail-clean
# remove them once they are 36 hours old, as qmail's do.  Count them,
# age them past that, restart the instance and check the queue empties.
t_sweep_orphans() {
  orphans=$(find "$H/queue/mess" "$H/queue/intd" "$H/queue/pid" -type f | wc -l | tr -d ' ')
  t_note "orphans (in mess/, intd/, pid/, named by no todo/ or info/ file) left by processes killed half-way: $orphans"
  t_stop
  find "$H/queue/mess" "$H/queue/intd" "$H/queue/pid" -type f -exec touch -d '-37 hours' {} +
  t_start
  t_check "36 hours on, qmail-send and qmail-clean have removed them: no stray file" \
    t_wait 30 sh -c "[ -z \"\$(find $H/queue -type f ! -path '*/lock/*')\" ]"
}

t_done() {
  [ "$TFAILED" -eq 0 ]
}

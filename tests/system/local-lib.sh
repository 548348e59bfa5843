# local-lib.sh - sourced (after lib.sh and t_init) by the tests that run
# qmail-local directly: which qmail-local, who the recipient is, and how
# to run something as the recipient.
#
# QUIRE_QMAIL_LOCAL=path runs that binary instead of building an
# instance (the tests that need the instance's qmail-queue are skipped).
if [ -n "${QUIRE_QMAIL_LOCAL:-}" ]; then
  QL=$QUIRE_QMAIL_LOCAL
  H=
else
  t_build
  QL=$H/bin/qmail-local
fi
# as root the recipient is a test uid with no passwd entry
if [ "$T_ROOT" = 1 ]; then RU=${RCPT_UID:-65510}; RG=$RU; else RU=$(id -u); RG=$(id -g); fi
as_rcpt() {
  if [ "$T_ROOT" = 1 ]; then
    setpriv --reuid="$RU" --regid="$RG" --clear-groups "$@"
  else
    "$@"
  fi
}

# mkhome: a fresh home directory $HOMED with an empty Maildir
mkhome() {
  rm -rf "$HOMED"
  mkdir -p "$HOMED/Maildir/new" "$HOMED/Maildir/cur" "$HOMED/Maildir/tmp"
  chmod 755 "$HOMED"
  chown -R "$RU:$RG" "$HOMED"
}

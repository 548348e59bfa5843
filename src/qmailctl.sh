#!/bin/sh
# qmailctl - start, stop and look at quire's supervised services
# runs as: root (the administrator); only fixed command words are read
# from its arguments, and nothing from them reaches a file or a shell
# Generated from src/qmailctl.sh by src/boot/mkservice.sh for the home
# @QMAIL@; the services are the directories of @QMAIL@/supervise, linked
# into svscan's directory (/etc/service with Debian's daemontools-run).
QMAIL=@QMAIL@
PATH=$QMAIL/bin:/usr/bin:/bin:/usr/sbin:/sbin
export PATH
SV=$QMAIL/supervise
ALL="qmail-send qmail-smtpd qmail-submission qmail-smtps qmail-smarthost"

# running - the services svscan supervises now, the SMTP ones first,
# the smarthost tunnel after qmail-send (whose deliveries use it)
running() {
  for s in qmail-smtpd qmail-submission qmail-smtps qmail-send qmail-smarthost; do
    if svok "$SV/$s" 2>/dev/null; then echo "$s"; fi
  done
}

# each what svc-flags: svc on every supervised service
each() {
  what=$1; flags=$2
  list=$(running)
  if [ -z "$list" ]; then
    echo "qmailctl: no service is supervised: link $SV/qmail-send and"
    echo "  $SV/qmail-smtpd into svscan's directory (INSTALL, section 5)"
    return 1
  fi
  for s in $list; do
    echo "qmailctl: $what $s"
    svc "$flags" "$SV/$s" || return 1
  done
}

# rules name service: control/name.cdb from control/name, if it exists.
# tcpserver reads the cdb at each connection, but the run script gives
# it -x only when the cdb exists: a first cdb restarts the listener
rules() {
  [ -f "$QMAIL/control/$1" ] || return 0
  new=0
  [ -f "$QMAIL/control/$1.cdb" ] || new=1
  tcprules "$QMAIL/control/$1.cdb" "$QMAIL/control/$1.tmp" \
    <"$QMAIL/control/$1" || { echo "qmailctl: control/$1 not compiled"; return 1; }
  chmod 644 "$QMAIL/control/$1.cdb"
  echo "qmailctl: control/$1.cdb made from control/$1"
  if [ $new = 1 ] && svok "$SV/$2" 2>/dev/null; then
    svc -t "$SV/$2" && echo "qmailctl: $2 restarted to read it"
  fi
  return 0
}

# tables: the other databases an administrator edits the source of:
# users/cdb from users/assign, control/morercpthosts.cdb from
# control/morercpthosts (each if the source exists), then
# users/rcpt.cdb again if it exists (the recipient checks are in use:
# it holds facts from users/cdb, passwd and the homes' .qmail files)
tables() {
  if [ -f "$QMAIL/users/assign" ]; then
    qmail-newu || { echo "qmailctl: users/assign not compiled"; return 1; }
    echo "qmailctl: users/cdb made from users/assign"
  fi
  if [ -f "$QMAIL/control/morercpthosts" ]; then
    qmail-newmrh || { echo "qmailctl: control/morercpthosts not compiled"; return 1; }
    echo "qmailctl: control/morercpthosts.cdb made from control/morercpthosts"
  fi
  if [ -f "$QMAIL/users/rcpt.cdb" ]; then
    qmail-newrcpt || { echo "qmailctl: users/rcpt.cdb not made"; return 1; }
    echo "qmailctl: users/rcpt.cdb made again"
  fi
  return 0
}

case ${1:-help} in
  start)
    each starting -u ;;
  stop)
    each stopping -d ;;
  restart)
    each stopping -d && each starting -u ;;
  doqueue|alrm|flush)
    # SIGALRM: qmail-send tries every deferred delivery now
    svc -a "$SV/qmail-send" && echo "qmailctl: qmail-send runs the queue" ;;
  reload|hup)
    # SIGHUP: qmail-send rereads locals and virtualdomains
    svc -h "$SV/qmail-send" && echo "qmailctl: qmail-send rereads its control files" ;;
  pause)
    each pausing -p ;;
  cont)
    each continuing -c ;;
  stat)
    for s in $ALL; do
      [ -d "$SV/$s/supervise" ] || continue
      svstat "$SV/$s" "$SV/$s/log"
    done
    qmail-qstat ;;
  queue)
    qmail-qstat
    qmail-qread ;;
  cdb)
    rules tcp.smtp qmail-smtpd && rules tcp.submission qmail-submission &&
      rules tcp.smtps qmail-smtps && tables || exit 111 ;;
  help|*)
    cat <<EOT
usage: qmailctl command
  start     start the supervised services (svc -u)
  stop      stop them, SMTP first (svc -d)
  restart   stop, then start
  doqueue   qmail-send tries every queued delivery now (svc -a)
  reload    qmail-send rereads locals and virtualdomains (svc -h)
  pause     pause the services (svc -p); cont: continue them (svc -c)
  stat      state of every service and its log, then the queue counts
  queue     the queue counts and every queued message
  cdb       compile control/tcp.smtp (and tcp.submission, tcp.smtps) with
            tcprules, users/assign, control/morercpthosts; users/rcpt.cdb anew
EOT
    [ "${1:-help}" = help ] || exit 100 ;;
esac

#!/bin/sh
# mkservice.sh - the scripts quire installs, filled in for this build
#
# From the templates in src/service and src/qmailctl.sh, with the home
# of conf-qmail and the ids that src/auto-uids.sh resolved into
# src/auto_uids.c (the same numbers the programs are built with), write
# supervise/NAME/run and supervise/NAME/log/run (daemontools service
# directories), boot/NAME (qmail-start without daemontools) and
# bin/qmailctl.  Run from the top of the build directory by make.
set -eu
home=$(head -n 1 conf-qmail)
roleid() {
  sed -n "s/^const [ug]id_t auto_${1}_$2 = \([0-9]*\);\$/\1/p" src/auto_uids.c
}
uid_daemon=$(roleid uid daemon)
uid_log=$(roleid uid log)
gid_nofiles=$(roleid gid nofiles)
[ -n "$uid_daemon" ] && [ -n "$uid_log" ] && [ -n "$gid_nofiles" ] ||
  { echo "mkservice: no ids in src/auto_uids.c" >&2; exit 1; }
case $home in
  /*) ;;
  *) echo "mkservice: conf-qmail must name an absolute directory" >&2; exit 1 ;;
esac
case $home in
  *[!A-Za-z0-9/._+-]*)
    echo "mkservice: conf-qmail: only letters, digits and / . _ + - please" >&2
    exit 1 ;;
esac
# multilog as the log user; a private build, whose roles are all the
# user building it, has nobody to become
me=$(id -u)
if [ "$me" != 0 ] && [ "$uid_log" = "$me" ]; then
  setlog=""
else
  setlog="setpriv --reuid=$uid_log --regid=$gid_nofiles --clear-groups "
fi
# stunnel's setuid and setgid lines, commented out (";") in such a
# private build too
if [ "$me" != 0 ] && [ "$uid_daemon" = "$me" ]; then
  stunnelids="; "
else
  stunnelids=""
fi

# gen template output name port rules what delivery [auth]
gen() {
  mkdir -p "$(dirname "$2")"
  sed -e "s#@QMAIL@#$home#g" -e "s#@UID_DAEMON@#$uid_daemon#g" \
    -e "s#@UID_LOG@#$uid_log#g" -e "s#@GID_NOFILES@#$gid_nofiles#g" \
    -e "s#@SETLOG@#$setlog#g" -e "s#@STUNNELIDS@#$stunnelids#g" -e "s#@NAME@#$3#g" -e "s#@PORT@#$4#g" \
    -e "s#@RULES@#$5#g" -e "s#@WHAT@#$6#g" -e "s#@DELIVERY@#$7#g" \
    -e "s#@AUTH@#${8:-no}#g" \
    "$1" >"$2.tmp"
  chmod 755 "$2.tmp"
  mv "$2.tmp" "$2"
}

gen src/service/qmail-send.run supervise/qmail-send/run qmail-send - - - -
gen src/service/tcpserver.run supervise/qmail-smtpd/run qmail-smtpd smtp \
  tcp.smtp - -
gen src/service/tcpserver.run supervise/qmail-submission/run \
  qmail-submission 587 tcp.submission - - yes
# TLS through stunnel (INSTALL, "TLS"): SMTP on port 465, and a tunnel
# to a smarthost that qmail-remote reaches on 127.0.0.1:2465
gen src/service/smtps.run supervise/qmail-smtps/run qmail-smtps 465 \
  tcp.smtps - -
gen src/service/smarthost.run supervise/qmail-smarthost/run \
  qmail-smarthost 2465 - - -
for s in qmail-send qmail-smtpd qmail-submission qmail-smtps qmail-smarthost; do
  gen src/service/log.run supervise/$s/log/run $s - - - -
done
gen src/service/boot.run boot/home home - - \
  'mbox delivery to ~/Mailbox' ./Mailbox
gen src/service/boot.run boot/maildir maildir - - \
  'Maildir delivery to ~/Maildir/' ./Maildir/
gen src/service/boot.run boot/proc proc - - \
  'delivery through procmail(1)' '|procmail'
# qmail's binm scripts: an old-style local mailer, fed through preline
# (which adds the From_ line and the envelope lines it expects)
gen src/service/boot.run boot/binm1 binm1 - - \
  'delivery through a 4.4BSD-style /bin/mail -d' \
  '|preline -f /bin/mail -f "${SENDER:-MAILER-DAEMON}" -d "$USER"'
gen src/service/boot.run boot/binm2 binm2 - - \
  'delivery through 4.4BSD mail.local' \
  '|preline -f /usr/libexec/mail.local -r "${SENDER:-MAILER-DAEMON}" -d "$USER"'
gen src/service/boot.run boot/binm3 binm3 - - \
  'delivery through an SVR4-style /bin/mail -d' \
  '|preline -f /bin/mail -r "${SENDER:-MAILER-DAEMON}" -d "$USER"'
gen src/qmailctl.sh bin/qmailctl qmailctl - - - -

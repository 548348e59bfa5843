#!/bin/sh
# make-run.sh - what `make run` does: a private quire under ./run, in the
# foreground, logging to the terminal, stopped cleanly by Ctrl-C.
# Nothing outside ./run is touched.  Every local part of the host
# "localhost" is delivered to the Maildir ./run/mail/Maildir.
set -eu
top=$(pwd)
run=$top/run
H=$run/home
mkdir -p "$run"
chmod 755 "$run"
echo "quire: building a private instance in $run ..."
sh "$top/src/boot/mkinstance.sh" "$top" "$run/build" "$H"
for f in me locals rcpthosts defaultdomain defaulthost; do
  [ -s "$H/control/$f" ] || echo localhost >"$H/control/$f"
done

if [ "$(id -u)" = 0 ]; then uid=65510; gid=65510; else uid=$(id -u); gid=$(id -g); fi
mkdir -p "$run/mail/Maildir/new" "$run/mail/Maildir/cur" "$run/mail/Maildir/tmp"
chown -R "$uid:$gid" "$run/mail"
chmod 755 "$run/mail"
# one wildcard assignment: every local part is the user "mail", whose
# home is ./run/mail; its .qmail-default delivers to the Maildir
printf '+:mail:%s:%s:%s:-::\n.\n' "$uid" "$gid" "$run/mail" >"$H/users/assign"
"$H/bin/qmail-newu"
if [ ! -e "$run/mail/.qmail-default" ]; then
  echo ./Maildir/ >"$run/mail/.qmail-default"
  chown "$uid:$gid" "$run/mail/.qmail-default"
fi

cat <<EOT

quire is running (home $H).
Send a message from another terminal:

  printf 'Subject: hello\n\nIt works.\n' | $H/bin/qmail-inject you@localhost

or by SMTP to 127.0.0.1 port 2525 (qmail-smtpd under tcpserver):

  swaks --server 127.0.0.1:2525 --to you@localhost

It lands in $run/mail/Maildir/new/.  The log follows; Ctrl-C stops it.

EOT
(cd "$H" && exec ./bin/qmail-start ./Maildir/) &
pid=$!
# the SMTP listener: qmail-smtpd as the daemon role (qmaild), as root
# with the reserved numeric ids that mkinstance.sh gave it
spid=""
if command -v tcpserver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then ids="-u 65501 -g 65501"; else ids=""; fi
  # shellcheck disable=SC2086
  tcpserver -HR -l localhost $ids 127.0.0.1 2525 "$H/bin/qmail-smtpd" &
  spid=$!
else
  echo "quire: tcpserver not found: install ucspi-tcp for the SMTP listener"
fi
trap 'kill -TERM $pid $spid 2>/dev/null' INT TERM
wait $pid || true
# wait again: the first wait returns when the signal arrives
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL "$pid" 2>/dev/null || true
if [ -n "$spid" ]; then
  kill -TERM "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
fi
echo "quire: stopped."

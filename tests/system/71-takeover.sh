#!/bin/sh
# 71-takeover.sh - taking over a queue in place (INSTALL, section 10):
# an instance queues messages, some deferred after a first try and some
# never looked at (its daemons stopped), then new binaries are built
# from a fresh copy of the tree for the same home and users and put in
# place with make setup, and the daemons are started again: every
# message is delivered exactly once, none is lost, the queue ends empty.
. "$(dirname "$0")/lib.sh"

t_init
t_build
t_user alice 65510
t_user bob 65511
t_newu
B=$T/build-new

# -- deferred: bob has no Maildir yet, so each delivery to him fails
# temporarily and stays in the queue with its schedule
mv "$T/users/bob/Maildir" "$T/users/bob/Maildir.later"
t_start
i=1
while [ $i -le 5 ]; do
  printf 'Subject: deferred %s\n\nfor bob\n' "$i" | "$H/bin/qmail-inject" bob@test.example
  i=$((i + 1))
done
deferred() { [ "$(grep -c 'deferral:' "$T/log-home")" -ge 5 ]; }
t_check "5 deliveries to bob deferred" t_wait 30 deferred
t_stop
t_check "qmail-send stopped" sh -c "! kill -0 $SENDPID 2>/dev/null"

# -- queued while no daemon runs: they wait in todo
i=1
while [ $i -le 10 ]; do
  printf 'Subject: waiting %s\n\nfor alice\n' "$i" | "$H/bin/qmail-inject" alice@test.example
  i=$((i + 1))
done
printf 'Subject: waiting 11\n\nfor alice and bob\n' |
  "$H/bin/sendmail" alice@test.example bob@test.example
"$H/bin/qmail-qstat" >"$T/qstat"
t_check "16 messages in the queue" \
  grep -q 'messages in queue: 16' "$T/qstat"
t_check "11 not yet preprocessed" \
  grep -q 'not yet preprocessed: 11' "$T/qstat"

# -- new binaries: a fresh copy of the tree for the same home and
# users, installed over the old ones by make setup
old=$(ls -i "$H/bin/qmail-send" | cut -d' ' -f1)
mkdir -p "$B"
(cd "$TOP" && tar cf - Makefile conf-cc conf-ld conf-ldstatic compile load loadstatic makelib \
   core.a parse.a src man) | (cd "$B" && tar xf -)
rm -f "$B/src/auto_qmail.c" "$B/src/auto_uids.c" "$B/src/auto_qmail.o" "$B/src/auto_uids.o"
cp "$T/build-home/conf-qmail" "$T/build-home/conf-users" "$B/"
if (cd "$B" && make -s it && make -s setup) >"$T/setup.out" 2>&1; then
  t_ok "make setup over the stopped instance"
else
  t_notok "make setup over the stopped instance"; sed 's/^/# /' "$T/setup.out"
fi
new=$(ls -i "$H/bin/qmail-send" | cut -d' ' -f1)
t_check "bin/qmail-send replaced (inode $old, now $new)" test "$old" != "$new"
(cd "$B" && make -s check-install) >"$T/instcheck" 2>&1
t_check "make check-install: the queue's owners and modes are the table's" \
  test $? = 0 -a ! -s "$T/instcheck"
"$H/bin/qmail-qstat" >"$T/qstat"
t_check "make setup left the 16 messages" grep -q 'messages in queue: 16' "$T/qstat"

# -- started again, bob's Maildir back: everything delivered
mv "$T/users/bob/Maildir.later" "$T/users/bob/Maildir"
t_start
kill -ALRM "$SENDPID"            # qmailctl doqueue: retry the deferred now
all() {
  [ "$(t_count "$T/users/alice/Maildir")" -ge 11 ] &&
    [ "$(t_count "$T/users/bob/Maildir")" -ge 6 ]
}
if t_wait 60 all; then t_ok "every message delivered"; else
  t_notok "every message delivered: alice $(t_count "$T/users/alice/Maildir"), bob $(t_count "$T/users/bob/Maildir")"
  sed 's/^/# /' "$T/log-home" | tail -40
fi
# exactly once each: the subjects, in order
subjects() {
  cat "$1"/new/* "$1"/cur/* 2>/dev/null | sed -n 's/^Subject: //p' | sort
}
subjects "$T/users/alice/Maildir" >"$T/alice.got"
i=1; : >"$T/alice.want"
while [ $i -le 11 ]; do echo "waiting $i" >>"$T/alice.want"; i=$((i + 1)); done
sort -o "$T/alice.want" "$T/alice.want"
t_check "alice: each of her 11 messages once" cmp -s "$T/alice.want" "$T/alice.got"
subjects "$T/users/bob/Maildir" >"$T/bob.got"
printf 'deferred 1\ndeferred 2\ndeferred 3\ndeferred 4\ndeferred 5\nwaiting 11\n' |
  sort >"$T/bob.want"
t_check "bob: each of his 6 messages once" cmp -s "$T/bob.want" "$T/bob.got"
empty() { "$H/bin/qmail-qstat" | grep -q 'messages in queue: 0'; }
t_check "the queue is empty" t_wait 20 empty
t_stop
t_done

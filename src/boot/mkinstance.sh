#!/bin/sh
# mkinstance.sh top builddir homedir - a private quire instance
#
# Copies the built tree from top to builddir, writes conf-qmail (home)
# and a numeric conf-users there, relinks the programs and installs them
# under home.  Run as root, the roles get numeric ids from the reserved
# range 65500-65509 (no /etc/passwd entries needed or made); run as any
# other user, every role is that user.  Used by `make run` and by the
# system tests.
set -eu
top=$1
b=$2
h=$3
if [ "$(id -u)" = 0 ]; then
  u="alias 65500
daemon 65501
log 65502
owner 0
passwd 65503
queue 65504
remote 65505
send 65506
group 65500
nofiles 65501"
else
  me=$(id -u); mg=$(id -g)
  u="alias $me
daemon $me
log $me
owner $me
passwd $me
queue $me
remote $me
send $me
group $mg
nofiles $mg"
fi
mkdir -p "$b"
(cd "$top" && tar cf - Makefile conf-cc conf-ld conf-ldstatic compile load loadstatic makelib \
   core.a parse.a src man) | (cd "$b" && tar xf -)
echo "$h" >"$b/conf-qmail"
echo "$u" >"$b/conf-users"
# the objects are newer than their sources: only the auto_ files are
# made again and the programs relinked
cd "$b"
rm -f src/auto_qmail.c src/auto_uids.c src/auto_qmail.o src/auto_uids.o
make -s it >/dev/null
./bin/quire-install

#!/bin/sh
# mkusers.sh [home] - create quire's groups and users, as qmail's
# INSTALL.ids does, if they are missing.  Run as root.  Existing ones
# are left alone.  home defaults to /var/qmail.
set -eu
home=${1:-/var/qmail}
nologin=/usr/sbin/nologin
[ -x "$nologin" ] || nologin=/bin/false

group() { getent group "$1" >/dev/null || groupadd -r "$1"; }
user() {
  # user name group home
  getent passwd "$1" >/dev/null ||
    useradd -r -M -g "$2" -d "$3" -s "$nologin" "$1"
}

group nofiles
group qmail
user alias nofiles "$home/alias"
user qmaild nofiles "$home"
user qmaill nofiles "$home"
user qmailp nofiles "$home"
user qmailq qmail "$home"
user qmailr qmail "$home"
user qmails qmail "$home"

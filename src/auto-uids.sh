#!/bin/sh
# auto-uids.sh conf-users - write auto_uids.c for the roles of conf-users
#
# Each role's value is a number (used as it is) or a name, resolved here,
# at build time, with getent.  A name that does not resolve stops the
# build with a message that says how to create it.
set -u
conf=${1:-conf-users}
roles_user="alias daemon log owner passwd queue remote send"
roles_group="group nofiles"

value() {
  # first field after the role on the role's line; lines after the
  # first blank line are notes
  awk -v r="$1" 'NF == 0 { exit } $1 == r { print $2; exit }' "$conf"
}

isnum() {
  case $1 in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac
}

echo '/* generated from conf-users by src/auto-uids.sh; do not edit */'
echo '#include "auto_uids.h"'
echo
status=0
for role in $roles_user; do
  v=$(value "$role")
  if [ -z "$v" ]; then
    echo "auto-uids: conf-users has no line for the role $role" >&2
    status=1; continue
  fi
  if isnum "$v"; then id=$v
  elif id=$(getent passwd "$v" | cut -d: -f3) && [ -n "$id" ]; then :
  else
    echo "auto-uids: user $v (role $role in conf-users) does not exist." >&2
    echo "  create it, e.g.: useradd -r -g qmail -d /var/qmail -s /usr/sbin/nologin $v" >&2
    echo "  (see INSTALL), or put a number in conf-users instead of the name" >&2
    status=1; continue
  fi
  echo "const uid_t auto_uid_$role = $id;"
done
for role in $roles_group; do
  v=$(value "$role")
  if [ -z "$v" ]; then
    echo "auto-uids: conf-users has no line for the role $role" >&2
    status=1; continue
  fi
  if isnum "$v"; then id=$v
  elif id=$(getent group "$v" | cut -d: -f3) && [ -n "$id" ]; then :
  else
    echo "auto-uids: group $v (role $role in conf-users) does not exist." >&2
    echo "  create it, e.g.: groupadd -r $v (see INSTALL)," >&2
    echo "  or put a number in conf-users instead of the name" >&2
    status=1; continue
  fi
  echo "const gid_t auto_gid_$role = $id;"
done
exit $status

#!/bin/sh
# deps.sh - check that every object's rule in the Makefile lists every
# header its source includes, directly or through other headers, so an
# edited header always rebuilds what uses it.  Prints ok/not ok lines.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
n=0
bad=0

# includes FILE: the quoted includes of FILE, resolved to paths
includes() {
  dir=$(dirname "$1")
  sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1" | while read -r h; do
    for d in "$dir" src/lib src tests/unit; do
      if [ -f "$d/$h" ]; then echo "$d/$h" | sed 's|^\./||'; break; fi
    done
  done
}

# closure FILE: every header reached from FILE
closure() {
  todo=$(includes "$1")
  seen=""
  while [ -n "$todo" ]; do
    next=""
    for h in $todo; do
      case " $seen " in *" $h "*) continue ;; esac
      seen="$seen $h"
      next="$next $(includes "$h")"
    done
    todo=$next
  done
  echo $seen
}

# join continuation lines, then take each "x.o: prerequisites" rule
rules=$(awk '/\\$/ { sub(/\\$/, ""); printf "%s", $0; next } { print }' Makefile |
  sed -n 's/^\([^ :]*\.o\): \(.*\)$/\1 \2/p')
echo "$rules" | while read -r obj prereqs; do
  src=${obj%.o}.c
  [ -f "$src" ] || continue
  n=$((n + 1))
  missing=""
  for h in $(closure "$src"); do
    case " $prereqs " in *" $h "*) ;; *) missing="$missing $h" ;; esac
  done
  if [ -n "$missing" ]; then
    echo "not ok $n $obj lacks:$missing"
  else
    echo "ok $n $obj"
  fi
done

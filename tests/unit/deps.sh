#!/bin/sh
# deps.sh - check that every object's rule in the Makefile lists every
# header its source includes, directly or through other headers, so an
# edited header always rebuilds what uses it.  Prints ok/not ok lines.
#
# One awk program reads every C file and header of the tree once: a
# shell loop that ran sed for each file it met took a minute in each
# of CI's two make check lanes.  A quoted include is looked for, in
# order, beside the file that includes it, then in src/lib, src and
# tests/unit; one found nowhere is left out, as the compiler's -I list
# would not find it either.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

# the tree's C files and headers, then the Makefile with its
# continuation lines joined
list=$(mktemp "${TMPDIR:-/tmp}/deps.XXXXXX") || exit 1
trap 'rm -f "$list"' EXIT
find src tests -name '*.[ch]' -type f | sort >"$list" || exit 1
awk '/\\$/ { sub(/\\$/, ""); printf "%s", $0; next } { print }' Makefile |
  awk -v list="$list" '
function dirof(p,    i) {
  i = match(p, /\/[^\/]*$/)
  return i ? substr(p, 1, i - 1) : "."
}
# resolve h included from f: the path it names, or ""
function resolve(f, h,    d) {
  d = dirof(f)
  if ((d "/" h) in exists) return d "/" h
  if (("src/lib/" h) in exists) return "src/lib/" h
  if (("src/" h) in exists) return "src/" h
  if (("tests/unit/" h) in exists) return "tests/unit/" h
  return ""
}
BEGIN {
  nfiles = 0
  while ((getline f < list) > 0) { exists[f] = 1; file[++nfiles] = f }
  close(list)
  for (i = 1; i <= nfiles; ++i) {
    f = file[i]
    ninc[f] = 0
    while ((getline line < f) > 0)
      if (line ~ /^#include "/) {
        h = line
        sub(/^#include "/, "", h)
        sub(/".*/, "", h)
        r = resolve(f, h)
        if (r != "") inc[f, ++ninc[f]] = r
      }
    close(f)
  }
  n = 0
}
# a rule "x.o: prerequisites" whose x.c is in the tree
/^[^ :]*\.o: / {
  obj = $1
  sub(/:$/, "", obj)
  src = obj
  sub(/\.o$/, ".c", src)
  if (!(src in exists)) next
  ++n
  split("", listed)
  for (i = 2; i <= NF; ++i) listed[$i] = 1
  # every header reached from src, in the order first met
  split("", seen)
  nq = 0
  queue[++nq] = src
  missing = ""
  for (q = 1; q <= nq; ++q) {
    f = queue[q]
    for (j = 1; j <= ninc[f]; ++j) {
      h = inc[f, j]
      if (h in seen) continue
      seen[h] = 1
      queue[++nq] = h
      if (!(h in listed)) missing = missing " " h
    }
  }
  if (missing != "") print "not ok " n " " obj " lacks:" missing
  else print "ok " n " " obj
}
# a run that found no rule, or no file, proved nothing
END {
  if (n == 0 || nfiles == 0) print "not ok 1 no object rule of the Makefile was checked"
}'

#!/bin/sh
# run.sh seconds target... - run each libFuzzer target for a while
#
# The checked-in corpus is the seed; new inputs go to a scratch copy, so
# a run never changes the tree.  A crash leaves crash-* in tests/fuzz/
# and fails the run: add the file to the corpus and fix the bug.
# FUZZJOBS (default: the number of CPUs, at most 4) targets run at once.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top/tests/fuzz" || exit 1
jobs=${FUZZJOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 4 ] && jobs=4
[ "$jobs" -lt 1 ] && jobs=1

# one target; its report printed in one piece when it ends
one() {
  t=$1
  work=$(mktemp -d)
  cp corpus/"$t"/* "$work"/ 2>/dev/null
  if ./fz-"$t".fuzz -max_total_time="$secs" -rss_limit_mb=2048 \
      -artifact_prefix="$top/tests/fuzz/crash-$t-" "$work" >"$work.log" 2>&1; then
    echo "fuzz $t for ${secs}s: $(tail -n 1 "$work.log")"
    rc=0
  else
    echo "FAIL fuzz $t"; tail -n 40 "$work.log"; rc=1
  fi
  rm -rf "$work" "$work.log"
  return $rc
}

# lane k: targets k, k+jobs, k+2*jobs, ...
lane() {
  k=$1; shift
  i=0; st=0
  for t in "$@"; do
    [ $((i % jobs)) = "$k" ] && { one "$t" || st=1; }
    i=$((i + 1))
  done
  return $st
}

pids=""
k=0
while [ $k -lt "$jobs" ]; do
  lane "$k" "$@" &
  pids="$pids $!"
  k=$((k + 1))
done
status=0
for p in $pids; do wait "$p" || status=1; done
exit $status

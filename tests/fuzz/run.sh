#!/bin/sh
# run.sh seconds target... - run each libFuzzer target for a while
#
# The checked-in corpus is the seed; new inputs go to a scratch copy, so
# a run never changes the tree.  A crash leaves crash-* in tests/fuzz/
# and fails the run: add the file to the corpus and fix the bug.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top/tests/fuzz" || exit 1
status=0
for t in "$@"; do
  work=$(mktemp -d)
  cp corpus/"$t"/* "$work"/ 2>/dev/null
  echo "fuzz $t for ${secs}s"
  if ./fz-"$t".fuzz -max_total_time="$secs" -rss_limit_mb=2048 \
      -artifact_prefix="$top/tests/fuzz/crash-$t-" "$work" >"$work.log" 2>&1; then
    tail -n 1 "$work.log"
  else
    echo "FAIL fuzz $t"; tail -n 40 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status

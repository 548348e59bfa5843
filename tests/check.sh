#!/bin/sh
# check.sh - run every test and end with "N passed, N failed"
#
# Each test program prints "ok N name", "not ok N name" or
# "ok N name # SKIP reason" lines; a program that exits non-zero
# without a "not ok" line counts as one failure of its own.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
log=${TMPDIR:-/tmp}/quire-check.$$
passed=0
failed=0
skipped=0
trap 'rm -f "$log"' EXIT
trap 'exit 1' INT TERM HUP

run() {
  # run name command... : count its ok / not ok lines
  name=$1; shift
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  secs=$(($(date +%s) - t0))
  ok=$(grep -c '^ok ' "$log")
  skip=$(grep -c '^ok .*# SKIP' "$log")
  bad=$(grep -c '^not ok ' "$log")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
    bad=1
    echo "not ok - $name exited $rc" >>"$log"
  fi
  passed=$((passed + ok - skip))
  skipped=$((skipped + skip))
  failed=$((failed + bad))
  if [ "$bad" -ne 0 ]; then
    echo "FAIL $name (${secs}s)"
    sed 's/^/  /' "$log"
  else
    echo "pass $name ($((ok - skip)) ok${skip:+, $skip skipped}, ${secs}s)"
    grep '# SKIP' "$log" | sed 's/^/  /'
  fi
}

echo "== unit tests"
for t in tests/unit/t-*.test; do
  run "$t" "$t"
done
run "makefile dependencies" sh tests/unit/deps.sh
run "style and security rules" sh tests/unit/rules.sh

echo "== fuzz corpus replays"
for r in tests/fuzz/fz-*.replay; do
  n=$(basename "$r" .replay)
  run "$r" "$r" "tests/fuzz/corpus/${n#fz-}"
done

if [ -d tests/system ] && ls tests/system/[0-9]*.sh >/dev/null 2>&1; then
  echo "== system tests"
  for s in tests/system/[0-9]*.sh; do
    run "$s" sh "$s"
  done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

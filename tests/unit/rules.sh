#!/bin/sh
# rules.sh - the rules of STYLE.md and SECURITY that a grep can prove:
#   1. the PRIV programs link core.a only, never parse.a
#   2. only src/lib/prot.c calls setuid, setgid, setgroups, initgroups,
#      chroot (or their res/e variants)
#   3. no banned call anywhere in src/ (sprintf strcpy strcat gets atoi
#      strtok system popen alloca), and no stdio I/O
#   4. SECURITY states the true line count of each privileged program
#   5. every program has a man page, and every page's program exists
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); echo "not ok $n $*"; }

priv=$(sed -n 's/^PRIV = //p' Makefile)
for p in $priv; do
  line=$(grep "^bin/$p: " Makefile)
  case "$line" in
    *parse.a*) notok "$p links parse.a" ;;
    "") notok "$p has no link rule" ;;
    *) ok "$p links core.a only" ;;
  esac
done

bad=$(grep -nE '\b(setuid|setgid|setgroups|initgroups|chroot|setresuid|setresgid|seteuid|setegid|setreuid|setregid)[[:space:]]*\(' \
  src/*.c src/lib/*.c | grep -v '^src/lib/prot\.c:' |
  grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*)' |
  grep -v 'setuid(0) != -1')
if [ -n "$bad" ]; then notok "privilege calls outside prot.c: $bad"; else ok "only prot.c changes ids"; fi

bad=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok|system|popen|alloca|printf|fprintf|fopen|fgets|fputs|puts)[[:space:]]*\(' \
  src/*.c src/lib/*.c | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*)')
if [ -n "$bad" ]; then notok "banned calls: $bad"; else ok "no banned calls in src/"; fi

bad=$(grep -n '#include <stdio.h>' src/*.c src/lib/*.c | grep -v 'rename(2) only')
if [ -n "$bad" ]; then notok "stdio in src/: $bad"; else ok "no stdio I/O in src/"; fi

for f in src/qmail-queue.c src/qmail-start.c src/qmail-lspawn.c src/spawn.c src/spawn-io.c src/users.c src/qmail-newrcpt.c; do
  [ -f "$f" ] || continue
  count=$(wc -l <"$f" | tr -d ' ')
  if grep -qE "^ +$(basename "$f") +$count lines" SECURITY; then
    ok "SECURITY counts $f: $count lines"
  else
    notok "SECURITY must say: $(basename "$f") $count lines"
  fi
done

for f in src/*.c; do
  grep -qE '^int main *\(' "$f" || continue
  p=$(basename "$f" .c)
  if ls man/"$p".[0-9] >/dev/null 2>&1; then ok "man page for $p"; else notok "no man page for $p"; fi
done
for m in man/*.[158]; do
  p=$(basename "$m"); p=${p%.*}
  case "$p" in dot-qmail|maildir|qmail-log|qmail-control|qmail-header|qmail-users|qmail-command|envelopes|addresses|mbox|tcp-environ|quire) continue ;; esac
  if [ -f "src/$p.c" ] || [ -f "src/$p.sh" ]; then ok "$m documents a program"; else notok "$m: no src/$p.c"; fi
done

# lib.sh - sourced by the benchmarks (tests/bench/*.sh)
#
# A benchmark builds private instances in one temporary directory ($B):
# quire through src/boot/mkinstance.sh, Postfix with its own
# config_directory, queue_directory and data_directory (never
# /etc/postfix).  It drives them with a small python3 driver written to
# $B/bench.py, which injects, times, and reads CPU time from /proc (the
# README says how).  Every process started here is recorded in $B/pids
# and stopped by PID at exit; every wait is bounded; $B is removed.
# Benchmarks print numbers and exit 0, or exit 1 if something did not
# work (a message lost or late past the timeout is a failure).
#
# Settings (environment): N messages per run, R repetitions, SIZE bytes
# per message, TIMEOUT seconds per run, QUIRE_TOP the built quire tree
# (default: this checkout), BENCH_KEEP=1 keeps $B for a look afterwards.

set -u
TOP=${QUIRE_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=""
N=${N:-1000}
R=${R:-3}
SIZE=${SIZE:-2048}
TIMEOUT=${TIMEOUT:-300}
PF_SBIN=/usr/lib/postfix/sbin
RCPT_UID=65510
DOMAIN=bench.example
SENDER=bench@bench.example

b_say() { echo "$*"; }
b_fail() { echo "bench: FAILED: $*" >&2; exit 1; }

# b_machine: the line that says what the figures were measured on; the
# file system of $B matters (tests/bench/README, "The file system"):
# an ext4 without a journal has no jbd2 entry in /proc/fs
b_machine() {
  fs=$(stat -f -c %T "$B" 2>/dev/null || echo unknown)
  dev=$(df -P "$B" 2>/dev/null | awk 'NR == 2 { print $1 }')
  journal=""
  case "$fs" in
    ext2/ext3)
      fs=ext4
      if ls -d /proc/fs/jbd2/"${dev##*/}"-* >/dev/null 2>&1; then journal=", journaled"
      else journal=", no journal"; fi ;;
  esac
  b_say "  machine: $(nproc) CPUs, $(uname -r); $B on $fs ($dev$journal); quire from $TOP"
}

# b_descendants pid...: every live descendant of the pids, by PID (the
# tree is walked through /proc, at most 6 levels deep)
b_descendants() {
  level=$*
  depth=0
  while [ -n "$level" ] && [ $depth -lt 6 ]; do
    next=""
    for p in $level; do
      next="$next $(cat /proc/"$p"/task/*/children 2>/dev/null)"
    done
    next=$(echo $next)
    [ -n "$next" ] && echo "$next"
    level=$next
    depth=$((depth + 1))
  done
}

# b_cleanup: TERM every recorded process, wait up to 5 s, then KILL
# them and whatever they had started that is still there
b_cleanup() {
  trap - EXIT
  trap '' PIPE    # a reader that went away must not cut the cleanup short
  if [ -n "$B" ] && [ -f "$B/pids" ]; then
    pids=$(cat "$B/pids")
    kids=$(b_descendants $pids)
    for p in $pids; do kill -TERM "$p" 2>/dev/null; done
    i=0
    for p in $pids; do
      while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
      done
      kill -KILL "$p" 2>/dev/null
    done
    for p in $kids; do kill -KILL "$p" 2>/dev/null; done
    wait 2>/dev/null
  fi
  if [ -n "$B" ] && [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$B"; fi
  if [ -n "$B" ] && [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $B"; fi
}

b_addpid() { echo "$1" >>"$B/pids"; }

# b_delpid pid...: forget processes that have exited (their PIDs may be
# reused before the cleanup runs)
b_delpid() {
  for p in "$@"; do
    grep -vx "$p" "$B/pids" >"$B/pids.new"
    mv "$B/pids.new" "$B/pids"
  done
}

# b_init: the temporary directory, the driver, the checks of what is needed
b_init() {
  [ "$(id -u)" = 0 ] ||
    { echo "bench: must run as root (numeric ids, Postfix's master)"; exit 1; }
  command -v python3 >/dev/null || { echo "bench: python3 is needed"; exit 1; }
  for f in core.a parse.a src/qmail-send.o src/qmail-queue.o src/qmail-local.o; do
    [ -f "$TOP/$f" ] ||
      { echo "bench: $TOP/$f missing: build first (make bench does)"; exit 1; }
  done
  B=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX") || exit 1
  chmod 755 "$B"
  : >"$B/pids"
  trap 'b_cleanup' EXIT
  trap 'exit 1' INT TERM HUP PIPE
  b_driver >"$B/bench.py"
}

# b_wait seconds command...: poll until the command succeeds; 1 if not
b_wait() {
  limit=$(($1 * 10)); shift
  i=0
  while [ $i -lt $limit ]; do
    if "$@"; then return 0; fi
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# b_maildir dir: an empty Maildir owned by the recipient's uid
b_maildir() {
  mkdir -p "$1/new" "$1/cur" "$1/tmp"
  chown -R "$RCPT_UID:$RCPT_UID" "$1"
}

# b_empty dir: remove the files a run delivered
b_empty() {
  find "$1/new" "$1/cur" "$1/tmp" -type f -delete
}

# ------------------------------------------------------------- quire

# b_quire_build name: an instance; home $B/name, recipient u@bench.example
# whose Maildir is $B/name-u/Maildir (users/assign, qmail-newu)
b_quire_build() {
  h=$B/$1
  sh "$TOP/src/boot/mkinstance.sh" "$TOP" "$B/build-$1" "$h" >"$B/build-$1.log" 2>&1 ||
    { cat "$B/build-$1.log"; b_fail "cannot build the quire instance $1"; }
  echo "$DOMAIN" >"$h/control/me"
  echo "$DOMAIN" >"$h/control/locals"
  echo "$DOMAIN" >"$h/control/rcpthosts"
  home=$B/$1-u
  mkdir -p "$home"
  b_maildir "$home/Maildir"
  chown "$RCPT_UID:$RCPT_UID" "$home"
  printf '=u:u:%s:%s:%s:::\n+u-:u:%s:%s:%s:-::\n.\n' \
    "$RCPT_UID" "$RCPT_UID" "$home" "$RCPT_UID" "$RCPT_UID" "$home" \
    >"$h/users/assign"
  "$h/bin/qmail-newu" || b_fail "qmail-newu in $1"
}

# b_quire_start name: qmail-start in the background, log in $B/name.log;
# the pid of qmail-send (qmail-start becomes it) in $B/name.pid
b_quire_start() {
  h=$B/$1
  log=$B/$1.log
  before=$(cat "$log" 2>/dev/null | wc -l)
  (cd "$h" && exec ./bin/qmail-start ./Maildir/) >>"$log" 2>&1 &
  pid=$!
  b_addpid "$pid"
  echo "$pid" >"$B/$1.pid"
  b_wait 20 sh -c "tail -n +$((before + 1)) '$log' | grep -q '^status: local'" ||
    { cat "$log"; b_fail "qmail-send of $1 did not start"; }
  # the daemons too, so that cleanup reaches them whatever happens
  for c in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do b_addpid "$c"; done
}

# b_quire_stop name: SIGTERM to qmail-send; it and its daemons exit
b_quire_stop() {
  pid=$(cat "$B/$1.pid")
  kids=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)
  kill -TERM "$pid" 2>/dev/null
  b_wait 30 sh -c "! kill -0 $pid 2>/dev/null" || b_fail "qmail-send of $1 did not exit"
  wait "$pid" 2>/dev/null
  for k in $kids; do
    b_wait 10 sh -c "! kill -0 $k 2>/dev/null" || b_fail "daemon $k of $1 did not exit"
  done
  b_delpid "$pid" $kids
}

# b_quire_qdirs name: the queue directories a local delivery passes through
b_quire_qdirs() {
  q=$B/$1/queue
  echo "$q/todo,$q/intd,$q/info,$q/local,$q/mess"
}

# ----------------------------------------------------------- Postfix

PF=""

# b_pf_setup: a private Postfix under $B/pf.  virtual(8) delivers every
# address of bench.example to one Maildir as uid 65510 (static maps: no
# passwd entry); chroot off; logging to a file through postlogd.
b_pf_setup() {
  PF=$B/pf
  [ -x "$PF_SBIN/master" ] && command -v postconf >/dev/null ||
    { echo "bench: Postfix is not installed (apt-get install postfix)"; exit 1; }
  mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/mail/u"
  chown postfix "$PF/data"
  b_maildir "$PF/mail/u/Maildir"
  chown "$RCPT_UID:$RCPT_UID" "$PF/mail/u"
  cat >"$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
daemon_directory = $PF_SBIN
command_directory = /usr/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = pf.$DOMAIN
mydomain = pf.$DOMAIN
myorigin = \$myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
alias_maps =
alias_database =
smtputf8_enable = no
biff = no
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = static:u/Maildir/
virtual_uid_maps = static:$RCPT_UID
virtual_gid_maps = static:$RCPT_UID
maillog_file_prefixes = $PF
maillog_file = $PF/maillog
EOF
  # Debian's master.cf without the inet listener and without chroot
  cat >"$PF/etc/master.cf" <<'EOF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  # postfix check makes the queue directories with their owners and modes
  postfix -c "$PF/etc" check >"$B/pf-check.log" 2>&1 ||
    { cat "$B/pf-check.log" "$PF/maillog" 2>/dev/null; b_fail "postfix check"; }
  [ -d "$PF/queue/maildrop" ] || b_fail "postfix check made no queue"
}

# b_pf_start: master in the foreground of a background job (its pid is
# ours to stop); waits for qmgr and pickup
b_pf_start() {
  "$PF_SBIN/master" -c "$PF/etc" >>"$B/pf-master.log" 2>&1 &
  PFPID=$!
  b_addpid "$PFPID"
  b_wait 20 b_haschild "$PFPID" qmgr ||
    { cat "$PF/maillog" "$B/pf-master.log" 2>/dev/null; b_fail "Postfix master did not start"; }
}

# b_haschild pid name: pid has a live child named name
b_haschild() {
  for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
    [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && return 0
  done
  return 1
}

# b_pf_stop: SIGTERM to master; it stops its children and exits
b_pf_stop() {
  [ -n "${PFPID:-}" ] || return 0
  kids=$(cat "/proc/$PFPID/task/$PFPID/children" 2>/dev/null)
  kill -TERM "$PFPID" 2>/dev/null
  b_wait 30 sh -c "! kill -0 $PFPID 2>/dev/null" || b_fail "Postfix master did not exit"
  wait "$PFPID" 2>/dev/null
  for k in $kids; do
    b_wait 10 sh -c "! kill -0 $k 2>/dev/null" || kill -KILL "$k" 2>/dev/null
  done
  b_delpid "$PFPID"
  PFPID=""
}

b_pf_qdirs() {
  q=$PF/queue
  echo "$q/maildrop,$q/incoming,$q/active,$q/deferred,$q/hold"
}

b_pf_version() {
  postconf -c "$PF/etc" -h mail_version 2>/dev/null || echo "?"
}

# ------------------------------------------------------------ running

# b_run tag system maildir-new root-pid queue-dirs injectors n -- command...:
# one measured run; appends "tag system injectors key=value..." to
# ${RESULTS:-$B/results} and prints it.  ONCE=1: the command is one
# client, run once, that sends all n messages itself.  root-pid may be
# several, "pid,pid": the CPU time of both trees is counted.  The driver fails (and so the benchmark) if
# a message is missing, duplicated, or late past TIMEOUT.
b_run() {
  tag=$1 sys=$2 new=$3 root=$4 qdirs=$5 inj=$6 n=$7
  shift 8
  line=$(python3 "$B/bench.py" run --n "$n" --injectors "$inj" --size "$SIZE" \
    --once "${ONCE:-0}" \
    --maildir-new "$new" --root "$root" --queue-dirs "$qdirs" \
    --timeout "$TIMEOUT" --tag "$tag.$sys.$inj" -- "$@") ||
    b_fail "$sys with $inj injector(s), run $tag: $line"
  echo "$tag $sys $inj $line" >>"${RESULTS:-$B/results}"
  echo "  $tag $sys inj=$inj $line"
}

# b_driver: the python3 driver, on stdout
b_driver() {
  cat <<'PY'
# bench.py - the measuring half of tests/bench (written out by lib.sh)
#
# run: inject N messages through a command with K concurrent injectors,
#   time from the first injection until the N-th file appears in the
#   Maildir's new/ (inotify, so no polling cost and no polling delay),
#   wait for the queue directories to empty, and read CPU time:
#   - injection side: getrusage(RUSAGE_CHILDREN) of this process, which
#     waits for every injector (and each injector for its own child);
#   - daemons: for the root pid and every live descendant, utime+stime
#     plus cutime+cstime (children it has reaped) from /proc/PID/stat,
#     before and after; a process that exits in between moves its time
#     into its parent's cutime, so the sum is the tree's total.
#   Forks: the "processes" counter of /proc/stat (every fork and clone on
#   the machine), less the one fork per message this driver makes.
#   Machine: busy time of all CPUs from /proc/stat (user nice system irq
#   softirq) less this driver's own: it includes what neither sum above
#   sees (kernel threads: the ext4 journal, writeback) and any noise.
# fill: inject N messages that stay queued; the injection rate by quarter.
# report: medians over repetitions and the ratios of the two systems.
# ticks: CPU seconds of a process tree so far; arrivals: when the first
#   and the last file of a Maildir's new/ were made, from their mtimes.
import ctypes, os, resource, select, struct, subprocess, sys, threading, time

CLK = os.sysconf('SC_CLK_TCK')
IN_CREATE, IN_MOVED_TO, IN_Q_OVERFLOW = 0x100, 0x80, 0x4000


def proc_table():
    t = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % d) as f:
                s = f.read()
        except OSError:
            continue
        f = s[s.rfind(')') + 2:].split()
        # fields 4 (ppid) and 14-17 (utime stime cutime cstime), 1-based
        t[int(d)] = (int(f[1]), sum(int(x) for x in f[11:15]))
    return t


def tree_ticks(root):
    """root: a pid, or several as "pid,pid": their trees together"""
    t = proc_table()
    kids = {}
    for pid, (ppid, _) in t.items():
        kids.setdefault(ppid, []).append(pid)
    total, todo, n = 0, [int(x) for x in str(root).split(',')], 0
    while todo:
        p = todo.pop()
        if p in t:
            total += t[p][1]
            n += 1
        todo.extend(kids.get(p, []))
    return total, n


def forks_busy():
    """forks since boot, and the machine's busy CPU time in seconds"""
    nf, busy = 0, 0.0
    with open('/proc/stat') as f:
        for line in f:
            if line.startswith('processes '):
                nf = int(line.split()[1])
            elif line.startswith('cpu '):
                v = [int(x) for x in line.split()[1:8]]
                busy = (v[0] + v[1] + v[2] + v[5] + v[6]) / CLK
    return nf, busy


def self_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def message(i, size, tag):
    head = ('From: <bench@bench.example>\nTo: <u@bench.example>\n'
            'Subject: bench %s %d\nMessage-ID: <%d.%s@bench.example>\n'
            'Date: Mon, 1 Jan 2024 00:00:00 +0000\n\n' % (tag, i, i, tag))
    line = 'The quick brown fox jumps over the lazy dog, message %d.\n' % i
    body = line * ((size - len(head)) // len(line) + 1)
    return (head + body)[:size - 1].encode() + b'\n'


class Watch:
    """count names arriving in a directory, through inotify"""
    def __init__(self, path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), 'inotify_init1')
        if self.libc.inotify_add_watch(self.fd, path.encode(),
                                       IN_CREATE | IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), 'inotify_add_watch ' + path)
        self.path = path
        self.count = 0

    def wait(self, timeout):
        """read what arrived within timeout; 1 if anything did"""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return 0
        pos = 0
        while pos < len(data):
            _, mask, _, ln = struct.unpack_from('iIII', data, pos)
            pos += 16 + ln
            if mask & IN_Q_OVERFLOW:
                self.count = len(os.listdir(self.path))
            elif mask & (IN_CREATE | IN_MOVED_TO):
                self.count += 1
        return 1


def files_in(dirs):
    n = 0
    for d in dirs:
        for _, _, fs in os.walk(d):
            n += len(fs)
    return n


def run(opts, cmd):
    n, k = opts['n'], opts['injectors']
    new = opts['maildir_new']
    qdirs = [d for d in opts['queue_dirs'].split(',') if d]
    root = opts['root']
    deadline = time.monotonic() + opts['timeout']
    if os.listdir(new):
        return fail('%s is not empty' % new)
    # once: the command is one client that sends all n messages itself
    once = opts.get('once', 0)
    if once:
        k = 1
    msgs = [] if once else [message(i, opts['size'], opts['tag']) for i in range(n)]
    watch = Watch(new)
    errors = []
    done_at = [0.0] * k

    def injector(j):
        if once:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=opts['timeout'])
            if p.returncode != 0:
                errors.append('the client exited %d: %s' %
                              (p.returncode, p.stderr.decode(errors='replace').strip()))
                return
            done_at[j] = time.monotonic()
            return
        for i in range(j, n, k):
            if errors or time.monotonic() > deadline:
                return
            p = subprocess.run(cmd, input=msgs[i], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            if p.returncode != 0:
                errors.append('injection %d exited %d: %s' %
                              (i, p.returncode, p.stderr.decode(errors='replace').strip()))
                return
        done_at[j] = time.monotonic()

    d_before, _ = tree_ticks(root)
    c_before = child_cpu()
    f_before, b_before = forks_busy()
    s_before = self_cpu()
    threads = [threading.Thread(target=injector, args=(j,)) for j in range(k)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    t_last = None
    while time.monotonic() < deadline and not errors:
        if watch.wait(0.5) and watch.count >= n:
            t_last = time.monotonic()
            break
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 1)
    if errors:
        return fail(errors[0])
    if t_last is None:
        return fail('%d of %d messages delivered after %d s' %
                    (len(os.listdir(new)), n, opts['timeout']))
    # the daemons' work ends when the queue is empty, not at delivery
    while files_in(qdirs) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = files_in(qdirs)
    d_after, nprocs = tree_ticks(root)
    c_after = child_cpu()
    f_after, b_after = forks_busy()
    s_after = self_cpu()
    got = len(os.listdir(new))
    if got != n:
        return fail('%d messages in new/, expected %d' % (got, n))
    if left:
        return fail('%d files still queued after %d s' % (left, opts['timeout']))
    wall = t_last - t0
    inj_wall = max(done_at) - t0
    cpu_inj = c_after - c_before
    cpu_d = (d_after - d_before) / CLK
    print('rate=%.1f wall=%.3f injrate=%.1f cpu_ms=%.3f inj_ms=%.3f '
          'daemon_ms=%.3f machine_ms=%.3f forks=%.2f procs=%d' %
          (n / wall, wall, n / inj_wall, 1000 * (cpu_inj + cpu_d) / n,
           1000 * cpu_inj / n, 1000 * cpu_d / n,
           1000 * (b_after - b_before - (s_after - s_before)) / n,
           (f_after - f_before - (1 if once else n)) / n, nprocs))
    return 0


def fill(opts, cmd):
    """inject n messages, no delivery awaited; injection rate by quarter"""
    n, k = opts['n'], opts['injectors']
    deadline = time.monotonic() + opts['timeout']
    errors = []
    stamps = []

    def injector(j):
        for i in range(j, n, k):
            if errors or time.monotonic() > deadline:
                return
            p = subprocess.run(cmd, input=message(i, opts['size'], opts['tag']),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if p.returncode != 0:
                errors.append('injection %d exited %d: %s' %
                              (i, p.returncode, p.stderr.decode(errors='replace').strip()))
                return
            stamps.append(time.monotonic())

    threads = [threading.Thread(target=injector, args=(j,)) for j in range(k)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        return fail(errors[0])
    if len(stamps) != n:
        return fail('%d of %d injected within %d s' % (len(stamps), n, opts['timeout']))
    stamps.sort()
    q = n // 4
    edges = [t0] + [stamps[q * i - 1] for i in range(1, 4)] + [stamps[-1]]
    sizes = [q, q, q, n - 3 * q]
    print('injected=%d wall=%.1f rate=%.1f quarters=%s' %
          (n, stamps[-1] - t0, n / (stamps[-1] - t0),
           ','.join('%.1f' % (sizes[i] / (edges[i + 1] - edges[i])) for i in range(4))))
    return 0


def fail(why):
    print(why)
    return 1


def median(xs):
    xs = sorted(xs)
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2


def report(path, systems, labels):
    """medians per (system, injectors, key) and per-repetition ratios"""
    rows = {}
    for line in open(path):
        f = line.split()
        tag, sysname, inj = f[0], f[1], f[2]
        kv = dict(x.split('=', 1) for x in f[3:])
        rows.setdefault((sysname, inj), {})[tag] = {k: float(v) for k, v in kv.items()}
    a, b = systems
    injs = sorted({inj for (_, inj) in rows}, key=int)
    w = 11
    print('%-9s' % 'injectors' + ''.join(
        ('%-' + str(w * 3) + 's') % ('  ' + lab) for lab in labels) +
        '  %s/%s' % labels)
    print('%-9s' % '' + ('%11s%11s%11s' % ('msg/s', 'cpu ms/msg', 'forks/msg')) * 2 +
          '%11s%11s' % ('msg/s', 'cpu/msg'))
    for inj in injs:
        ra, rb = rows.get((a, inj), {}), rows.get((b, inj), {})
        out = '%-9s' % inj
        for r in (ra, rb):
            for key in ('rate', 'cpu_ms', 'forks'):
                vals = [x[key] for x in r.values()]
                out += '%11.2f' % median(vals) if vals else '%11s' % '-'
        tags = sorted(set(ra) & set(rb))
        for key in ('rate', 'cpu_ms'):
            vals = [ra[t][key] / rb[t][key] for t in tags if rb[t][key]]
            out += '%11.2f' % median(vals) if vals else '%11s' % '-'
        print(out)
    print()
    print('detail (medians): injrate = msg/s of the injectors alone; CPU ms/msg'
          ' of the injection side, of the daemons, and of the whole machine')
    for inj in injs:
        for s, lab in zip(systems, labels):
            r = rows.get((s, inj), {})
            if not r:
                continue
            med = {k: median([x[k] for x in r.values()]) for k in
                   ('rate', 'injrate', 'inj_ms', 'daemon_ms', 'machine_ms', 'wall')}
            print('  %-8s inj=%-2s rate %7.1f  injrate %7.1f  cpu inj %6.3f'
                  '  daemons %6.3f  machine %6.3f  wall %6.2f s  (%d runs)' %
                  (lab, inj, med['rate'], med['injrate'], med['inj_ms'],
                   med['daemon_ms'], med['machine_ms'], med['wall'], len(r)))


def ticks(root):
    """CPU seconds of the tree under root (see run), and its size"""
    t, nprocs = tree_ticks(root)
    print('%.2f %d' % (t / CLK, nprocs))
    return 0


def arrivals(new, t0):
    """seconds from t0 (epoch) to the first and to the last file in new/,
    from their mtimes, and how many there are"""
    ts = [os.stat(os.path.join(new, f)).st_mtime for f in os.listdir(new)]
    if not ts:
        print('count=0')
        return 1
    print('count=%d first=%.2f last=%.2f' %
          (len(ts), min(ts) - t0, max(ts) - t0))
    return 0


def main(argv):
    if argv[1:2] == ['report']:
        report(argv[2], argv[3].split(','), tuple(argv[4].split(',')))
        return 0
    if argv[1:2] == ['ticks']:
        return ticks(int(argv[2]))
    if argv[1:2] == ['arrivals']:
        return arrivals(argv[2], float(argv[3]))
    if argv[1:2] not in (['run'], ['fill']) or '--' not in argv:
        print('usage: bench.py run|fill --opt value ... -- command'
              ' | report file a,b labelA,labelB | ticks pid'
              ' | arrivals maildir-new epoch')
        return 1
    cut = argv.index('--')
    opts = {}
    args = argv[2:cut]
    for i in range(0, len(args), 2):
        key = args[i][2:].replace('-', '_')
        val = args[i + 1]
        opts[key] = int(val) if val.isdigit() else val
    if argv[1] == 'fill':
        return fill(opts, argv[cut + 1:])
    return run(opts, argv[cut + 1:])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
PY
}

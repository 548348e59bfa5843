#!/bin/sh
# 84-durability.sh - power loss: every state quire acknowledges is on
# disk before it is acknowledged.  The whole path of a message (SMTP in
# through qmail-smtpd, qmail-inject, qmail-queue, qmail-send,
# qmail-clean, qmail-lspawn, qmail-local into a Maildir and an mbox) runs
# under strace -f, and the order of the system calls that make state
# durable is checked against the moment each state is relied on:
#
#  qmail-queue  the message file's last write < its fsync; its link into
#               mess/N < fsync(mess/N); the envelope's last write <
#               fsync(intd file) < link into todo/ < fsync(todo/) <
#               exit 0 (the acknowledgement to its caller); in a
#               session (qmail-queue -s) the acknowledgement is the "K"
#               written on fd 3, and it comes after fsync(todo/)
#  qmail-smtpd  "250 ok" is written only after qmail-queue exited 0, or,
#               in a session, after it read the "K" that qmail-queue
#               wrote once the message was durable
#  qmail-send   info/N/id and local/N/id: last write < fsync(file) and
#               fsync of their directories, or last write < a syncfs of
#               the queue's file system (a batch), all before
#               qmail-clean removes todo/id (the previous commit point)
#  qmail-local  maildir: last write to tmp/x < fsync(tmp/x) < link into
#               new/ < fsync(new/) < exit 0 (success reported);
#               mbox: last write < fsync < exit 0; a worker (qmail-local
#               -w) reports success with a status packet instead of its
#               exit, so for each of its jobs (from the recvmsg that
#               brings it) the same order ends at that status, sent
#               with code 0
#
# What this proves and what it does not: a crash at any instant leaves
# either the old state or the new one on a file system that keeps the
# order of fsync'd data and directory entries (POSIX fsync semantics, as
# ext4, xfs and btrfs give).  It does not test the disk's honesty about
# its cache.  Needs strace; as root the real partition is traced.
. "$(dirname "$0")/lib.sh"
command -v strace >/dev/null 2>&1 || { t_skip "durability" "strace is not installed"; exit 0; }
command -v python3 >/dev/null 2>&1 || { t_skip "durability" "python3 is not installed"; exit 0; }
strace -f -o /dev/null true 2>/dev/null || { t_skip "durability" "strace cannot trace here (ptrace refused)"; exit 0; }
t_init
t_build
t_user joe 65510
t_newu
J=$T/users/joe/Maildir
echo "./Maildir/" >"$T/users/joe/.qmail"
echo "./mbox" >>"$T/users/joe/.qmail"
: >"$T/users/joe/mbox"
chown 65510 "$T/users/joe/.qmail" "$T/users/joe/mbox" 2>/dev/null
chmod 600 "$T/users/joe/mbox"
TR=$T/trace
SC="execve,openat,read,write,fsync,fdatasync,syncfs,link,linkat,rename,renameat,renameat2,unlink,unlinkat,wait4,exit_group,recvmsg,sendto"

log=$T/log-home
(cd "$H" && exec strace -f -y -s 64 -e trace="$SC" -o "$TR.daemons" ./bin/qmail-start ./Maildir/) >>"$log" 2>&1 &
SENDPID=$!
TPIDS="$TPIDS $SENDPID"
t_wait 20 sh -c "grep -q '^status: local' '$log'" || { t_notok "qmail-send started"; cat "$log"; }

printf 'Subject: durable one\n\nbody\n' >"$T/m1"
strace -f -y -s 64 -e trace="$SC" -o "$TR.inject" \
  "$H/bin/qmail-inject" -f joe@test.example joe@test.example <"$T/m1"
t_check "qmail-inject under strace exits 0" test $? = 0
printf 'EHLO x\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<joe@test.example>\r\nDATA\r\nSubject: durable two\r\n\r\nbody\r\n.\r\nQUIT\r\n' >"$T/s1"
env -i PATH=/usr/bin:/bin TCPREMOTEIP=192.0.2.7 TCPLOCALIP=127.0.0.1 \
  strace -f -y -s 64 -e trace="$SC" -o "$TR.smtpd" "$H/bin/qmail-smtpd" <"$T/s1" >"$T/s1.out" 2>&1
t_check "qmail-smtpd under strace accepted the message" grep -q '^250 2.0.0 ok' "$T/s1.out"
t_check "both delivered to the Maildir" t_wait 30 sh -c \
  "[ \$(grep -l 'durable' $J/new/* 2>/dev/null | wc -l) -ge 2 ]"
t_check "and to the mbox" t_wait 30 sh -c "[ \$(grep -c '^Subject: durable' $T/users/joe/mbox) -ge 2 ]"
t_wait 30 sh -c "[ -z \"\$(find $H/queue/todo $H/queue/info $H/queue/local -type f)\" ]"
# $SENDPID is strace's; qmail-start (now qmail-send) is its child
for p in $(pgrep -P "$SENDPID"); do kill -TERM "$p" 2>/dev/null; done
t_wait 20 sh -c "! kill -0 $SENDPID 2>/dev/null"

cat >"$T/check.py" <<'PY'
# check.py trace...: the ordering rules of 84-durability.sh, one
# "ok"/"not ok" line each, with the evidence on failure
import re, sys

CALL = re.compile(r'^(\d+) +(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$')
calls = []          # (index, pid, name, args, result) at completion
pending = {}

for path in sys.argv[1:]:
    seq = []
    with open(path, errors='replace') as f:
        for line in f:
            m = CALL.match(line.rstrip('\n'))
            if not m:
                continue
            pid = int(m.group(1))
            if m.group(2):
                name = m.group(2)
                start = pending.pop(pid, ('', ''))
                args = start[1] + m.group(3)
            else:
                name, args = m.group(4), m.group(5)
                if args.endswith('<unfinished ...>'):
                    pending[pid] = (name, args)
                    continue
            res = args.rsplit(' = ', 1)[1] if ' = ' in args else '?'
            seq.append((pid, name, args, res))
    calls.append((path, seq))

def fdpath(args):
    m = re.match(r'\d+<([^>]*)>', args)
    return m.group(1) if m else ''

def strargs(args):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', args)

n = 0
bad = 0
def report(ok, what, why=''):
    global n, bad
    n += 1
    if ok:
        print('ok %d %s' % (n, what))
    else:
        bad += 1
        print('not ok %d %s%s' % (n, what, (': ' + why) if why else ''))

def progs(seq, prog):
    """pids that exec'd prog, with their calls from the exec on"""
    out = {}
    for i, (pid, name, args, res) in enumerate(seq):
        if name == 'execve' and res.startswith('0') and ('/%s"' % prog) in args:
            out[pid] = i
    return {pid: [(i, c) for i, c in enumerate(seq) if c[0] == pid and i >= st]
            for pid, st in out.items()}

def last(items, pred):
    r = [i for i, c in items if pred(c)]
    return r[-1] if r else None

def first(items, pred):
    r = [i for i, c in items if pred(c)]
    return r[0] if r else None

checked = {'queue': 0, 'local-maildir': 0, 'local-mbox': 0, 'local-worker': 0, 'send': 0, 'smtpd': 0}
for path, seq in calls:
    acked = []      # fsync(todo/) of each qmail-queue -s that wrote K after it
    # qmail-queue
    for pid, items in progs(seq, 'qmail-queue').items():
        lk = first(items, lambda c: c[1] == 'link' and len(strargs(c[2])) == 2 and strargs(c[2])[1].startswith('mess/'))
        if lk is None:
            continue
        src, mess = strargs(seq[lk][2])
        messdir = mess.rsplit('/', 1)[0]
        # the data's descriptor: opened as pid/x, which is unlinked once
        # mess/N/num names the file, so strace may show either name
        data = lambda c: ('/queue/' + mess) in fdpath(c[2]) or ('/queue/' + src) in fdpath(c[2])
        wmess = last(items, lambda c: c[1] == 'write' and data(c))
        fmess = first(items, lambda c: c[1] == 'fsync' and data(c))
        fdir = first(items, lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/queue/' + messdir))
        intd = 'intd/' + mess.rsplit('/', 1)[1]
        wintd = last(items, lambda c: c[1] == 'write' and fdpath(c[2]).endswith('/queue/' + intd))
        fintd = first(items, lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/queue/' + intd))
        ltodo = first(items, lambda c: c[1] == 'link' and strargs(c[2])[:1] == [intd])
        ftodo = first(items, lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/queue/todo'))
        ex = first(items, lambda c: c[1] == 'exit_group')
        if '"-s"' in seq[items[0][0]][2]:
            # a session: the acknowledgement is "K" on its socket
            ack = first(items, lambda c: c[1] == 'write' and c[2].startswith('3<socket:')
                        and strargs(c[2])[:1] == ['K'] and c[3] == '1')
            # where the reader may first see it: two processes' lines
            # can come in either order once both calls are under way,
            # but fsync(todo/) ended before the "K" was even written
            if ack is not None and ftodo is not None and ftodo < ack:
                acked.append(ftodo)
            aname = 'write K'
        else:
            ack = ex
            aname = 'exit'
        order = [wmess, fmess, lk, fdir, wintd, fintd, ltodo, ftodo, ack, ex]
        names = ['write mess', 'fsync mess', 'link mess', 'fsync mess/N', 'write intd',
                 'fsync intd', 'link todo', 'fsync todo/', aname, 'exit']
        ok = all(x is not None for x in order) and \
            wmess < fmess and lk < fdir and fmess < wintd and wintd < fintd < ltodo < ftodo < ack <= ex \
            and seq[ex][2].startswith('0')
        report(ok, 'qmail-queue %d (%s): data, names and envelope synced before exit 0' % (pid, path.rsplit('.', 1)[1]),
               ', '.join('%s@%s' % (a, b) for a, b in zip(names, order)))
        checked['queue'] += 1
    # qmail-smtpd: 250 after the wait for a successful qmail-queue
    for pid, items in progs(seq, 'qmail-smtpd').items():
        ack = first(items, lambda c: c[1] == 'write' and '250 2.0.0 ok' in c[2])
        if ack is None:
            continue
        w = last([(i, c) for i, c in items if i < ack], lambda c: c[1] == 'wait4' and 'WEXITSTATUS(s) == 0' in c[2])
        # or, in a session, the "K" read after qmail-queue wrote it
        k = last([(i, c) for i, c in items if i < ack],
                 lambda c: c[1] == 'read' and '<socket:' in c[2] and strargs(c[2])[:1] == ['K'] and c[3] == '1')
        sent = [a for a in acked if k is not None and a < k]
        report(w is not None or sent, 'qmail-smtpd %d: "250 ok" written after qmail-queue exited 0 or sent K' % pid,
               'no successful wait4, and no K from a durable qmail-queue -s, before the reply')
        checked['smtpd'] += 1
    # qmail-local: a one-off run is one job ending at its exit; a worker's
    # jobs each begin at a recvmsg and end at the status sent after it
    jobs = []
    for pid, allitems in progs(seq, 'qmail-local').items():
        starts = [i for i, c in allitems if c[1] == 'recvmsg']
        if not starts:
            jobs.append((pid, allitems, lambda c: c[1] == 'exit_group', 'exit'))
            continue
        checked['local-worker'] += 1
        for k, st in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(seq)
            jobs.append((pid, [(i, c) for i, c in allitems if st <= i < end],
                         lambda c: c[1] == 'sendto' and '<socket:' in c[2], 'status'))
    for pid, items, endp, endname in jobs:
        lk = first(items, lambda c: c[1] == 'link' and len(strargs(c[2])) == 2 and '/new/' in strargs(c[2])[1])
        ex = first(items, endp)
        # success: exit 0, or a status whose last byte (the code) is 0
        good = ex is not None and (seq[ex][2].startswith('0') if endname == 'exit'
                                   else strargs(seq[ex][2])[:1] != [] and strargs(seq[ex][2])[0].endswith('\\0'))
        if lk is not None:
            tmp = strargs(seq[lk][2])[0]
            tname = tmp.rsplit('/', 1)[1]
            w = last(items, lambda c: c[1] == 'write' and fdpath(c[2]).endswith('/tmp/' + tname))
            fs = first(items, lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/tmp/' + tname))
            fd = first([(i, c) for i, c in items if i > lk], lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/new'))
            ok = None not in (w, fs, fd, ex) and w < fs < lk < fd < ex and good
            report(ok, 'qmail-local %d: maildir file synced, linked into new/, new/ synced, then %s 0' % (pid, endname),
                   'write@%s fsync@%s link@%s fsync(new)@%s %s@%s' % (w, fs, lk, fd, endname, ex))
            checked['local-maildir'] += 1
        wm = last(items, lambda c: c[1] == 'write' and fdpath(c[2]).endswith('/mbox'))
        if wm is not None:
            fm = first([(i, c) for i, c in items if i > wm], lambda c: c[1] == 'fsync' and fdpath(c[2]).endswith('/mbox'))
            ok = None not in (fm, ex) and wm < fm < ex and good
            report(ok, 'qmail-local %d: mbox synced after its last write, before %s 0' % (pid, endname),
                   'write@%s fsync@%s %s@%s' % (wm, fm, endname, ex))
            checked['local-mbox'] += 1
    # qmail-send's info/local files before qmail-clean removes todo/id
    sends = progs(seq, 'qmail-send')
    for pid, items in sends.items():
        creates = [(i, c) for i, c in items if c[1] == 'openat' and 'O_CREAT' in c[2]
                   and re.search(r'"info/\d+/\d+"', c[2])]
        for k, (i, c) in enumerate(creates):
            mid = re.search(r'"info/(\d+)/(\d+)"', c[2])
            split, num = mid.group(1), mid.group(2)
            # a queue id is an inode number, so a later message may
            # reuse it: look only from this creation to the next one
            end = next((j for j, x in creates[k + 1:]
                        if re.search(r'"info/%s/%s"' % (split, num), x[2])), len(seq))
            items_all = items
            items = [(j, x) for j, x in items_all if i <= j < end]
            need = []
            for d in ('info', 'local'):
                f = '/queue/%s/%s/%s' % (d, split, num)
                w = last(items, lambda c, f=f: c[1] == 'write' and fdpath(c[2]).endswith(f))
                fs = first(items, lambda c, f=f: c[1] == 'fsync' and fdpath(c[2]).endswith(f))
                fd = first([(j, x) for j, x in items if fs is not None and j > fs],
                           lambda c, d=d: c[1] == 'fsync' and fdpath(c[2]).endswith('/queue/%s/%s' % (d, split)))
                need.append((d, w, fs, fd))
            rm = first([(j, x) for j, x in enumerate(seq) if i < j < end],
                       lambda c, num=num: c[1] == 'unlink' and strargs(c[2])[:1] == ['todo/' + num])
            # or, a batch's way: one successful syncfs of the queue's
            # file system after the last write of both, before the unlink
            ws = [w for _, w, _, _ in need]
            lastw = max(ws) if None not in ws else None
            sfs = first([(j, x) for j, x in items if lastw is not None and j > lastw],
                        lambda c: c[1] == 'syncfs' and c[3] == '0')
            ok = rm is not None and (all(None not in (w, fs, fd) and w < fs < fd < rm for _, w, fs, fd in need)
                                     or (sfs is not None and sfs < rm))
            report(ok, 'qmail-send: message %s: info and local files and their directories synced before todo/%s is removed' % (num, num),
                   '; '.join('%s: write@%s fsync@%s dir@%s' % x for x in need) + '; syncfs@%s; unlink todo@%s' % (sfs, rm))
            checked['send'] += 1
            items = items_all
for k, v in checked.items():
    report(v > 0, 'the trace held at least one %s case to check (%d)' % (k, v))
sys.exit(1 if bad else 0)
PY
python3 "$T/check.py" "$TR.inject" "$TR.smtpd" "$TR.daemons" >"$T/check.out"
while read -r line; do
  case $line in
    "ok "*) t_ok "${line#ok [0-9]* }" ;;
    "not ok "*) t_notok "${line#not ok [0-9]* }" ;;
  esac
done <"$T/check.out"
t_done

#!/usr/bin/env python3
# client.py port maildir tcpserverpid scenario - drive qmail-popup and
# qmail-pop3d with poplib (or a raw socket where poplib is too
# polite) for 60-pop3.sh.  Prints "PASS what" or "FAIL what: why".
import hashlib, os, poplib, re, socket, sys, time

PORT = int(sys.argv[1])
MD = sys.argv[2]
SERVER = int(sys.argv[3])
WHAT = sys.argv[4]
PASSWORD = 'se cret'     # a space inside, as PASS allows


def report(ok, what, why=''):
    print(('PASS ' if ok else 'FAIL ') + what + ('' if ok else ': ' + why))
    sys.stdout.flush()


def expect(what, got, want):
    report(got == want, what, 'got %r, want %r' % (got, want))


def connect():
    return poplib.POP3('127.0.0.1', PORT, timeout=20)


def login(user='alice', password=PASSWORD):
    p = connect()
    p.user(user)
    p.pass_(password)
    return p


def refused(what, user, password):
    p = connect()
    try:
        p.user(user)
        p.pass_(password)
        report(False, what, 'login accepted')
    except poplib.error_proto as e:
        report(e.args[0].startswith(b'-ERR'), what, repr(e.args))
    p.close()


def files(sub):
    return sorted(os.listdir(os.path.join(MD, sub)))


def body(name):
    with open(os.path.join(MD, 'cur', name), 'rb') as f:
        return f.read()


def lines_of(data):
    # what poplib gives back: lines without CR LF, unstuffed, and
    # qmail-pop3d's extra empty line at the end
    lines = data.split(b'\n')
    if data.endswith(b'\n'):
        lines.pop()
    return lines + [b'']


def session():
    p = connect()
    welcome = p.getwelcome()
    report(re.match(rb'^\+OK <\d+\.\d+@pop\.test>$', welcome) is not None,
           'greeting with an APOP timestamp', repr(welcome))
    expect('NOOP before login', p._shortcmd('NOOP')[:3], b'+OK')
    try:
        p._shortcmd('STAT')
        report(False, 'STAT before login refused', 'accepted')
    except poplib.error_proto:
        report(True, 'STAT before login refused')
    try:
        p._shortcmd('PASS x')
        report(False, 'PASS before USER refused', 'accepted')
    except poplib.error_proto:
        report(True, 'PASS before USER refused')
    p.user('alice')
    p.pass_(PASSWORD)
    expect('new/ is empty after login', files('new'), [])
    cur = files('cur')
    expect('new/ moved into cur/ with :2,', cur,
           ['1000000000.1.test:2,S', '1000000001.2.test:2,'])
    sizes = [len(body(n)) for n in cur]
    expect('STAT', p.stat(), (2, sum(sizes)))
    expect('LIST', p.list()[1], [b'1 %d' % sizes[0], b'2 %d' % sizes[1]])
    expect('LIST 2', p._shortcmd('LIST 2'), b'+OK 2 %d' % sizes[1])
    expect('UIDL', p.uidl()[1],
           [b'1 1000000000.1.test', b'2 1000000001.2.test'])
    expect('UIDL 1', p.uidl(1), b'+OK 1 1000000000.1.test')
    expect('LAST before RETR', p._shortcmd('LAST'), b'+OK 0')
    resp, lines, octets = p.retr(2)
    expect('RETR 2 byte-exact (dots, extra empty line)', lines,
           lines_of(body(cur[1])))
    expect('LAST after RETR 2', p._shortcmd('LAST'), b'+OK 2')
    resp, lines, octets = p.retr(1)
    expect('RETR 1 byte-exact', lines, lines_of(body(cur[0])))
    resp, lines, octets = p.top(2, 1)
    whole = lines_of(body(cur[1]))
    cut = whole.index(b'') + 2
    expect('TOP 2 1: header, empty line, one body line', lines,
           whole[:cut] + [b''])
    resp, lines, octets = p.top(2, 0)
    expect('TOP 2 0: the header', lines, whole[:cut - 1] + [b''])
    for bad in ('LIST 3', 'RETR 0', 'TOP 1', 'TOP x 1', 'DELE -1',
                'LIST 1 2', 'XTND'):
        try:
            p._shortcmd(bad)
            report(False, bad + ' refused', 'accepted')
        except poplib.error_proto:
            report(True, bad + ' refused')
    p.dele(1)
    try:
        p.retr(1)
        report(False, 'RETR of a deleted message refused', 'accepted')
    except poplib.error_proto:
        report(True, 'RETR of a deleted message refused')
    expect('STAT after DELE 1', p.stat(), (1, sizes[1]))
    expect('LIST after DELE 1', p.list()[1], [b'2 %d' % sizes[1]])
    p.rset()
    expect('STAT after RSET', p.stat(), (2, sum(sizes)))
    p.quit()
    expect('QUIT after RSET deletes nothing', files('cur'), cur)


def drop():
    p = login()
    cur = files('cur')
    p.dele(1)
    p.dele(2)
    p.sock.close()
    p.file.close()
    time.sleep(1)
    expect('DELE and a dropped connection delete nothing', files('cur'), cur)


def delete():
    p = login()
    cur = files('cur')
    p.dele(1)
    p.quit()
    expect('DELE 1 and QUIT remove message 1', files('cur'), cur[1:])
    p = login()
    expect('the next session lists one message', p.stat()[0], 1)
    p.quit()


def apop():
    p = connect()
    try:
        p.apop('alice', PASSWORD)
        report(True, 'APOP login (checked by the checkpassword)')
    except poplib.error_proto as e:
        report(False, 'APOP login (checked by the checkpassword)',
               repr(e.args))
    p.quit()
    refused('APOP with a wrong digest refused', 'alice', 'x')


def raw(lines):
    s = socket.create_connection(('127.0.0.1', PORT), timeout=20)
    f = s.makefile('rb')
    out = [f.readline()]
    for l in lines:
        s.sendall(l)
        out.append(f.readline())
    s.close()
    return out


def malformed():
    long = b'A' * 5000 + b'\r\n'
    r = raw([long, b'NOOP\r\n', b'USER a\0b\r\n', b'QUIT\r\n'])
    expect('before login: an overlong line refused, then NOOP works',
           [x[:4] for x in r[1:]], [b'-ERR', b'+OK ', b'-ERR', b'+OK '])
    r = raw([b'USER alice\r\n', ('PASS %s\r\n' % PASSWORD).encode(),
             long, b'STAT\r\n', b'RETR\0\r\n', b'QUIT\r\n'])
    expect('after login: an overlong line refused, then STAT works',
           [x[:4] for x in r[1:]],
           [b'+OK ', b'+OK ', b'-ERR', b'+OK ', b'-ERR', b'+OK '])
    r = raw([b'USER ' + b'u' * 300 + b'\r\n', b'PASS ' + b'p' * 300 + b'\r\n',
             b'QUIT\r\n'])
    expect('name and password over 512 bytes refused',
           [x[:4] for x in r[1:]], [b'+OK ', b'-ERR', b'+OK '])


def children(pid):
    kids = []
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % d) as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(')') + 2:].split()[1])
        if ppid == pid:
            kids.append(int(d))
    return kids


def uid():
    p = login()
    pop3d = []
    for popup in children(SERVER):
        pop3d += children(popup)
    ids = []
    for pid in pop3d:
        with open('/proc/%d/status' % pid) as f:
            st = f.read()
        with open('/proc/%d/comm' % pid) as f:
            comm = f.read().strip()
        ids.append((comm, re.search(r'^Uid:\s+(.*)$', st, re.M).group(1)))
    expect('qmail-pop3d runs as the user (from /proc)', ids,
           [('qmail-pop3d', '65510\t65510\t65510\t65510')])
    p.quit()


if WHAT == 'session':
    session()
elif WHAT == 'drop':
    drop()
elif WHAT == 'delete':
    delete()
elif WHAT == 'wrong':
    refused('wrong password refused', 'alice', 'wrong')
    refused('unknown user refused', 'nobody', PASSWORD)
elif WHAT == 'root':
    refused('qmail-pop3d refuses to run as root', 'toor', PASSWORD)
elif WHAT == 'apop':
    apop()
elif WHAT == 'malformed':
    malformed()
elif WHAT == 'uid':
    uid()

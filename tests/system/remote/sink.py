#!/usr/bin/env python3
"""sink.py - a scriptable SMTP server for qmail-remote's tests.

It listens on one or more addresses, serves each connection in a thread,
and records every session byte for byte under --dir:
  raw-N     every byte the client sent
  env-N     the command lines (MAIL, RCPT, EHLO, HELO, ...), one a line
  data-N    the DATA bytes exactly as sent, final ".\\r\\n" included
  notes-N   what the sink noticed: "pipelined" when MAIL came with the
            rest of the batch, "early" when a client sent a second
            command before a reply it had to wait for, "bare-cr" /
            "bare-lf" for a lone CR or LF in the data
N counts sessions from 1; the file "sessions" holds the count so far,
and "maxopen" the most sessions that were open at once.  The second and
later messages of one session have their data in data-N.M (M from 2).
Replies are set by options; --drop and --stall name the stage at which
the sink closes the connection, or stalls, instead of replying.
Stages: greet ehlo helo mail rcpt data dot.  --drop-nth M applies
--drop only to the M-th message of a session.  For session reuse:
--max-msgs M closes the session silently after M messages; --rset sets
the reply to RSET; --busy M answers the MAIL after M messages with 421
and closes.
"""
import argparse
import os
import socket
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--listen", action="append", default=[])
p.add_argument("--port", type=int, default=0)
p.add_argument("--ready", required=True)
p.add_argument("--dir", required=True)
p.add_argument("--greet", default="220 sink ESMTP")
p.add_argument("--ehlo", default="250")
p.add_argument("--helo", default="250")
p.add_argument("--ext", default="")
p.add_argument("--mail", default="250")
p.add_argument("--rcpt", default="250")
p.add_argument("--rcpt-map", action="append", default=[])
p.add_argument("--data", default="354")
p.add_argument("--dot", default="250")
p.add_argument("--drop", default="")
p.add_argument("--stall", default="")
p.add_argument("--stall-time", type=float, default=30)
p.add_argument("--multiline", action="store_true")
p.add_argument("--bad", default="")
p.add_argument("--wait-batch", type=float, default=1.0)
p.add_argument("--delay", type=float, default=0)
p.add_argument("--drop-nth", type=int, default=0)
p.add_argument("--max-msgs", type=int, default=0)
p.add_argument("--rset", default="250")
p.add_argument("--busy", type=int, default=0)
a = p.parse_args()

lock = threading.Lock()
count = [0]
opened = [0, 0]      # open now, most at once


def reply(code, text):
    """a reply: code + text, multi-line when asked"""
    if a.multiline and code[0] in "245":
        return ("%s-%s\r\n%s-more text\r\n%s last line\r\n"
                % (code, text, code, code)).encode()
    return ("%s %s\r\n" % (code, text)).encode()


class Session:
    def __init__(self, conn, n):
        self.c = conn
        self.n = n
        self.buf = b""
        self.msgs = 0        # MAIL commands so far in this session
        self.raw = open(os.path.join(a.dir, "raw-%d" % n), "wb")
        self.env = open(os.path.join(a.dir, "env-%d" % n), "wb")
        self.notes = open(os.path.join(a.dir, "notes-%d" % n), "w")

    def note(self, s):
        self.notes.write(s + "\n")
        self.notes.flush()

    def fill(self, timeout=60):
        self.c.settimeout(timeout)
        d = self.c.recv(65536)
        if not d:
            raise EOFError
        self.raw.write(d)
        self.raw.flush()
        self.buf += d

    def line(self):
        while b"\n" not in self.buf:
            self.fill()
        i = self.buf.index(b"\n") + 1
        ln, self.buf = self.buf[:i], self.buf[i:]
        self.env.write(ln)
        self.env.flush()
        return ln

    def send(self, b):
        self.c.sendall(b)

    def stage(self, name):
        """True when the sink must stop here (drop or stall)"""
        if a.drop == name and (not a.drop_nth or a.drop_nth == self.msgs):
            return True
        if a.stall == name:
            time.sleep(a.stall_time)
            return True
        if a.bad == name:
            self.send(b"25x not a reply\r\n")
        return False

    def data(self):
        # the data ends at the first CRLF.CRLF, or at .CRLF first thing
        acc = b""
        while True:
            acc += self.buf
            self.buf = b""
            if acc.startswith(b".\r\n"):
                end = 3
                break
            i = acc.find(b"\r\n.\r\n")
            if i >= 0:
                end = i + 5
                break
            self.fill()
        d, self.buf = acc[:end], acc[end:]
        name = "data-%d" % self.n
        if self.msgs > 1:
            name += ".%d" % self.msgs
        with open(os.path.join(a.dir, name), "wb") as f:
            f.write(d)
        body = d
        for i, ch in enumerate(body):
            if ch == 13 and (i + 1 >= len(body) or body[i + 1] != 10):
                self.note("bare-cr")
            if ch == 10 and (i == 0 or body[i - 1] != 13):
                self.note("bare-lf")

    def run(self):
        time.sleep(a.delay)
        if self.stage("greet"):
            return
        self.send(reply(a.greet[:3], a.greet[4:]))
        rcpts = 0
        while True:
            ln = self.line()
            cmd = ln[:4].upper()
            if cmd == b"EHLO":
                if self.stage("ehlo"):
                    return
                if a.ehlo[0] != "2":
                    self.send(reply(a.ehlo, "no EHLO here"))
                    continue
                exts = [e for e in a.ext.split(",") if e]
                lines = ["sink"] + exts
                out = b""
                for i, e in enumerate(lines):
                    sep = " " if i == len(lines) - 1 else "-"
                    out += ("250%s%s\r\n" % (sep, e)).encode()
                self.send(out)
            elif cmd == b"HELO":
                if self.stage("helo"):
                    return
                self.send(reply(a.helo, "hello"))
            elif cmd == b"MAIL":
                self.msgs += 1
                if a.busy and self.msgs > a.busy:
                    self.send(reply("421", "too many messages"))
                    return
                if self.stage("mail"):
                    return
                if "PIPELINING" in a.ext.upper():
                    # wait for the rest of the batch to prove pipelining
                    end = time.time() + a.wait_batch
                    while b"DATA" not in self.buf.upper() and \
                            time.time() < end:
                        try:
                            self.fill(max(0.01, end - time.time()))
                        except socket.timeout:
                            break
                    if b"DATA" in self.buf.upper():
                        self.note("pipelined")
                elif self.buf:
                    self.note("early")
                self.send(reply(a.mail, "sender ok"))
            elif cmd == b"RCPT":
                if self.stage("rcpt"):
                    return
                code = a.rcpt
                for m in a.rcpt_map:
                    k, v = m.rsplit("=", 1)
                    if k.encode() in ln:
                        code = v
                if code[0] == "2":
                    rcpts += 1
                if "PIPELINING" not in a.ext.upper() and self.buf:
                    self.note("early")
                self.send(reply(code, "recipient %s" % code))
            elif cmd == b"DATA":
                if self.stage("data"):
                    return
                if rcpts == 0 and "PIPELINING" in a.ext.upper():
                    self.send(reply("554", "no valid recipients"))
                    continue
                self.send(reply(a.data, "go ahead"))
                if a.data[0] != "3":
                    continue
                self.data()
                if self.stage("dot"):
                    return
                self.send(reply(a.dot, "ok queued as %d" % self.n))
                if a.max_msgs and self.msgs >= a.max_msgs:
                    return
            elif cmd == b"RSET":
                rcpts = 0
                self.send(reply(a.rset, "reset"))
            elif cmd == b"NOOP":
                self.send(reply("250", "ok"))
            elif cmd == b"QUIT":
                self.send(reply("221", "bye"))
                return
            else:
                self.send(reply("502", "unknown command"))


def serve(conn):
    with lock:
        count[0] += 1
        n = count[0]
        opened[0] += 1
        opened[1] = max(opened[0], opened[1])
        with open(os.path.join(a.dir, "sessions"), "w") as f:
            f.write("%d\n" % n)
        with open(os.path.join(a.dir, "maxopen"), "w") as f:
            f.write("%d\n" % opened[1])
    s = Session(conn, n)
    try:
        s.run()
    except (EOFError, OSError):
        pass
    finally:
        with lock:
            opened[0] -= 1
        s.note("closed")
        try:
            conn.close()
        except OSError:
            pass


def listen(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.setsockopt(socket.SOL_IP, 15, 1)       # IP_FREEBIND
    except OSError:
        pass
    s.bind((addr, port))
    s.listen(64)
    return s


def accept(s):
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


os.makedirs(a.dir, exist_ok=True)
addrs = a.listen or ["127.0.0.1"]
socks = []
port = a.port
for ad in addrs:
    s = listen(ad, port)
    port = s.getsockname()[1]
    socks.append(s)
for s in socks[1:]:
    threading.Thread(target=accept, args=(s,), daemon=True).start()
tmp = a.ready + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % port)
os.rename(tmp, a.ready)
accept(socks[0])

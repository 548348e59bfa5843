#!/usr/bin/env python3
"""tarpit.py ready-file - a TCP port on 127.0.0.1 where connections time
out: it listens with the smallest backlog, fills the accept queue with
its own connections and never accepts, so the kernel drops every later
SYN.  The port goes into ready-file; it runs until killed."""
import os
import socket
import sys
import time

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
port = s.getsockname()[1]
fill = []
for i in range(2):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fill.append(c)
time.sleep(0.2)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % port)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    time.sleep(60)

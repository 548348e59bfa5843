#!/usr/bin/env python3
# checkpw.py - the checkpassword program of 91-auth.sh (the interface of
# cr.yp.to/checkpwd/interface.html): name NUL password NUL timestamp
# NUL on fd 3, or, for CRAM-MD5, name NUL challenge NUL digest NUL as
# cmd5checkpw reads them.  Users are "name:password" lines in the file
# $CHECKPW_USERS; the name "tempfail" exits 111 (a temporary failure).
# Each call appends "name fields" to $CHECKPW_LOG (never the password),
# and on success it runs argv, as checkpassword does.
import hmac, os, sys

def main():
    data = b''
    while len(data) < 1024:
        chunk = os.read(3, 1024 - len(data))
        if not chunk:
            break
        data += chunk
    parts = data.split(b'\0')
    if len(parts) != 4 or parts[3] != b'':
        sys.exit(2)
    name, f2, f3 = parts[0], parts[1], parts[2]
    with open(os.environ['CHECKPW_LOG'], 'ab') as log:
        log.write(name + b' ' + str(len(f3)).encode() + b'\n')
    if name == b'tempfail':
        sys.exit(111)
    for line in open(os.environ['CHECKPW_USERS'], 'rb'):
        f = line.rstrip(b'\n').split(b':', 1)
        if len(f) != 2 or f[0] != name:
            continue
        if f3:
            want = hmac.new(f[1], f2, 'md5').hexdigest().encode()
            ok = hmac.compare_digest(want, f3.lower())
        else:
            ok = hmac.compare_digest(f[1], f2)
        if not ok:
            sys.exit(1)
        os.environ['USER'] = name.decode()
        os.execvp(sys.argv[1], sys.argv[1:])
    sys.exit(1)

main()

#!/usr/bin/env python3
# checkpw.py - a small checkpassword for 60-pop3.sh (the interface of
# cr.yp.to/checkpwd/interface.html): name NUL password NUL timestamp
# NUL on fd 3; on success it sets USER and HOME, changes to the user
# (as root, with setpriv) and to the home directory, and runs argv.
# Users come from the file named by $CHECKPW_USERS: "name:password:
# uid:home" lines; uid "keep" means no change of uid (to test that
# qmail-pop3d refuses root).  APOP is checked with MD5 as RFC 1939 says.
import hashlib, os, sys

def main():
    data = b''
    while len(data) < 512:
        chunk = os.read(3, 512 - len(data))
        if not chunk:
            break
        data += chunk
    parts = data.split(b'\0')
    if len(parts) < 4:
        sys.exit(2)
    name, given, stamp = parts[0], parts[1], parts[2]
    for line in open(os.environ['CHECKPW_USERS'], 'rb'):
        f = line.rstrip(b'\n').split(b':')
        if len(f) != 4 or f[0] != name:
            continue
        digest = hashlib.md5(stamp + f[1]).hexdigest().encode()
        if given != f[1] and given != digest:
            sys.exit(1)
        home = f[3].decode()
        os.chdir(home)
        os.environ['USER'] = name.decode()
        os.environ['HOME'] = home
        argv = sys.argv[1:]
        if os.getuid() == 0 and f[2] != b'keep':
            uid = f[2].decode()
            argv = ['setpriv', '--reuid=' + uid, '--regid=' + uid,
                    '--clear-groups', '--'] + argv
        os.execvp(argv[0], argv)
    sys.exit(1)

main()

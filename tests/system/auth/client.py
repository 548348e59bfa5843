#!/usr/bin/env python3
# client.py port scenario - python3 smtplib against qmail-smtpd with
# AUTH for 91-auth.sh.  Prints "PASS what" or "FAIL what: why".
import smtplib, sys

PORT = int(sys.argv[1])
WHAT = sys.argv[2]
USER, PASSWORD = 'alice', 'se cret:1'


def report(ok, what, why=''):
    print(('PASS ' if ok else 'FAIL ') + what + ('' if ok else ': ' + why))
    sys.stdout.flush()


def session():
    s = smtplib.SMTP('127.0.0.1', PORT, timeout=30)
    s.ehlo('client.example')
    return s


def relay(s, what):
    """after AUTH, a message for a domain not in rcpthosts is taken"""
    try:
        refused = s.sendmail('alice@test.example', ['bob@remote.example'],
                             'Subject: ' + what + '\r\n\r\nhello\r\n')
        report(not refused, what + ': relayed after AUTH', str(refused))
    except smtplib.SMTPException as e:
        report(False, what + ': relayed after AUTH', repr(e))


def mech(name):
    s = session()
    s.user, s.password = USER, PASSWORD
    methods = {'PLAIN': s.auth_plain, 'LOGIN': s.auth_login,
               'CRAM-MD5': s.auth_cram_md5}
    for initial in (True, False):
        if name == 'CRAM-MD5' and not initial:
            break
        if not initial:
            s.quit()
            s = session()
            s.user, s.password = USER, PASSWORD
            methods = {'PLAIN': s.auth_plain, 'LOGIN': s.auth_login}
        how = name + (' with initial response' if initial and
                      name != 'CRAM-MD5' else '')
        try:
            code, text = s.auth(name, methods[name],
                                initial_response_ok=initial)
            report(code == 235, 'smtplib AUTH ' + how, str(code))
        except smtplib.SMTPException as e:
            report(False, 'smtplib AUTH ' + how, repr(e))
            continue
        relay(s, 'smtplib ' + how)
    s.quit()


def login():
    s = session()
    feats = s.esmtp_features.get('auth', '')
    try:
        s.login(USER, PASSWORD)
        report(True, 'smtplib login() with ' + feats)
    except smtplib.SMTPException as e:
        report(False, 'smtplib login() with ' + feats, repr(e))
    s.quit()


def wrong():
    s = session()
    try:
        s.login(USER, 'wrong')
        report(False, 'smtplib wrong password refused', 'accepted')
    except smtplib.SMTPAuthenticationError as e:
        report(e.smtp_code == 535, 'smtplib wrong password refused: 535',
               str(e.smtp_code))
    try:
        s.sendmail('alice@test.example', ['bob@remote.example'], 'x\r\n')
        report(False, 'smtplib no relaying after a failed AUTH', 'relayed')
    except smtplib.SMTPRecipientsRefused:
        report(True, 'smtplib no relaying after a failed AUTH')
    s.quit()


{'PLAIN': lambda: mech('PLAIN'), 'LOGIN': lambda: mech('LOGIN'),
 'CRAM-MD5': lambda: mech('CRAM-MD5'), 'login': login,
 'wrong': wrong}[WHAT]()

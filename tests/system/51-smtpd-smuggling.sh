#!/bin/sh
# 51-smtpd-smuggling.sh - SMTP smuggling (SEC Consult, December 2023):
# every end-of-data look-alike published for the attacks, in the
# default mode (a bare CR or LF: 451, connection closed, nothing
# queued) and with BARELF=normalise (one message, the smuggled commands
# stay text, no CR reaches the queue); on a pipe and through tcpserver
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/smtpd-lib.sh"

# the sequences, as printf escapes; each is followed by a second
# transaction that a vulnerable server would take as commands
seqs='\n.\n
\n.\r\n
\r\n.\n
\r.\r\n
\r\n.\r
\r.\r
\n.\r
\r.\n
\n.\r\r\n
\r\n.\r\r\n
\r\r\n.\r\r\n
\r\n\r.\r\n
\r\n.\n\r\n'

# mkin seq: a session that smuggles a second message after seq
mkin() {
  { printf 'EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: s\r\n\r\nbody'
    printf "$1"
    printf 'MAIL FROM:<evil@b.example>\r\nRCPT TO:<v@test.example>\r\nDATA\r\nsmuggled\r\n\r\n.\r\nQUIT\r\n'
  } >"$T/in"
}

crfree() {
  if [ -f "$T/mess" ] && tr -d '\r' <"$T/mess" | cmp -s - "$T/mess"; then
    t_ok "$1: no CR in the queue"
  else t_notok "$1: no CR in the queue"; od -c "$T/mess" | sed 's/^/# /' | head; fi
}

printf "%s\n" "$seqs" | while IFS= read -r s; do
  n=$(printf '%s' "$s" | sed 's/\\r/CR/g; s/\\n/LF/g')
  mkin "$s"
  smtp
  replies "strict $n" "220 250 250 250 354 451"
  nothingqueued "strict $n"
  t_check "strict $n: exit 100" test "$rc" = 100
  hasline "strict $n: qmail's answer" '^451 4.5.0 See https://cr.yp.to/docs/smtplf.html.$' "$T/out"

  smtp BARELF=normalise
  replies "normalise $n" "220 250 250 250 354 250 221"
  checkenv "normalise $n: the first envelope only" a@b.example u@test.example
  hasline "normalise $n: the second transaction is text" '^MAIL FROM:<evil@b.example>$' "$T/mess"
  hasline "normalise $n: smuggled text is in the one message" '^smuggled$' "$T/mess"
  crfree "normalise $n"
  echo "$TN $TFAILED" >"$T/count"
done
read -r TN TFAILED <"$T/count"

# sequences with no bare line end are plain text in both modes
for mode in strict normalise; do
  { printf 'MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nbody\r\n.\000\r\n..\r\n. \r\nMAIL FROM:<evil@b.example>\r\n.\r\nQUIT\r\n'; } >"$T/in"
  smtp BARELF=$mode
  replies "$mode: dot NUL, dot dot, dot space are text" "220 250 250 354 250 221"
  printf 'body\n\000\n.\n \nMAIL FROM:<evil@b.example>\n' >"$T/exp"
  sed '1,2d' "$T/mess" >"$T/body"
  same "$mode: dot lines stored as RFC 5321 4.5.2 says" "$T/exp" "$T/body"
done

# the end at the very start, and a CR CR LF line in normalise mode
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n.\r\nQUIT\r\n' >"$T/in"
smtp
replies "an empty message" "220 250 250 354 250 221"
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\na\rb\r\r\nc\nd\r\n.\r\nQUIT\r\n' >"$T/in"
smtp BARELF=normalise
sed '1,2d' "$T/mess" >"$T/body"
printf 'a\nb\n\nc\nd\n' >"$T/exp"
same "normalise: bare CR and LF become line ends" "$T/exp" "$T/body"
# a bare LF, then a real CR LF "." CR LF: that is the end, in any mode
mkin '\n\r\n.\r\n'
smtp BARELF=normalise
replies "normalise LF CRLF.CRLF: CRLF.CRLF is an end" "220 250 250 250 354 250 250 250 354 250 221"
smtp
replies "strict LF CRLF.CRLF: refused for the LF" "220 250 250 250 354 451"
nothingqueued "strict LF CRLF.CRLF"
printf 'MAIL FROM:<>\r\nRCPT TO:<u@test.example>\r\nDATA\r\na\rb\r\n.\r\n' >"$T/in"
smtp BARELF=yes
replies "BARELF=yes is not normalise" "220 250 250 354 451"

# through tcpserver: the same attack in one packet and byte by byte
listen
mkin '\n.\r\n'
raw "$T/in"
replies "tcpserver strict" "220 250 250 250 354 451"
nothingqueued "tcpserver strict"
unlisten
listen BARELF=normalise
raw "$T/in"
replies "tcpserver normalise" "220 250 250 250 354 250 221"
checkenv "tcpserver normalise" a@b.example u@test.example
cat >"$T/slow.py" <<'PY'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
for b in open(sys.argv[2], 'rb').read():
    s.send(bytes([b]))
out = b''
while True:
    d = s.recv(65536)
    if not d:
        break
    out += d
sys.stdout.buffer.write(out)
PY
python3 "$T/slow.py" "$PORT" "$T/in" >"$T/out" 2>"$T/rawerr"
replies "tcpserver normalise, one byte a packet" "220 250 250 250 354 250 221"
checkenv "one byte a packet" a@b.example u@test.example
unlisten

t_done

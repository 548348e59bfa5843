# Makefile for quire.  Edit conf-cc, conf-ld, conf-ldstatic, conf-qmail and conf-users,
# not this file.  POSIX make: GNU make and bmake both build it.
.POSIX:
.SUFFIXES:

SHELL = /bin/sh

CORE_O = src/lib/sa.o src/lib/buf.o src/lib/fmt.o src/lib/scan.o \
  src/lib/str.o src/lib/err.o src/lib/logsafe.o src/lib/qqexit.o \
  src/lib/fd.o src/lib/sig.o src/lib/wait.o src/lib/lock.o src/lib/open.o \
  src/lib/dur.o src/lib/prot.o src/lib/env.o src/lib/date822.o src/lib/utc.o \
  src/lib/cdb.o src/lib/cdbmake.o src/lib/rec.o src/lib/queue.o \
  src/lib/qq.o src/lib/qqframe.o src/lib/prioq.o src/lib/tcpto.o \
  src/lib/rjob.o src/lib/lwork.o \
  src/lib/received.o src/lib/dial.o src/lib/qmesearch.o src/lib/userscdb.o \
  src/lib/getpw.o src/lib/pwent.o src/lib/rcptfacts.o src/lib/md5.o \
  src/lib/checkpw.o
PARSE_O = src/lib/ctl.o src/lib/constmap.o src/lib/netstring.o \
  src/lib/hdr822.o src/lib/dotqmail.o src/lib/assign.o \
  src/lib/dnsmsg.o src/lib/smtpreply.o src/lib/dns.o src/lib/smtpcmd.o \
  src/lib/pop3cmd.o src/lib/mbox.o src/lib/hostname.o \
  src/lib/rcpthosts.o src/lib/qmpack.o src/lib/utf8.o src/lib/rewrite.o \
  src/lib/rcptcheck.o src/lib/base64.o src/lib/smtpauth.o
LIB_C = src/lib/sa.c src/lib/buf.c src/lib/fmt.c src/lib/scan.c \
  src/lib/str.c src/lib/err.c src/lib/logsafe.c src/lib/qqexit.c \
  src/lib/fd.c src/lib/sig.c src/lib/wait.c src/lib/lock.c src/lib/open.c \
  src/lib/dur.c src/lib/prot.c src/lib/env.c src/lib/date822.c src/lib/utc.c \
  src/lib/cdb.c src/lib/cdbmake.c src/lib/rec.c src/lib/queue.c \
  src/lib/qq.c src/lib/qqframe.c src/lib/prioq.c src/lib/ctl.c src/lib/hdr822.c \
  src/lib/dotqmail.c src/lib/constmap.c src/lib/netstring.c \
  src/lib/assign.c src/lib/tcpto.c src/lib/dnsmsg.c src/lib/smtpreply.c \
  src/lib/dns.c src/lib/smtpcmd.c src/lib/pop3cmd.c src/lib/mbox.c \
  src/lib/hostname.c src/lib/rjob.c src/lib/lwork.c src/lib/received.c src/lib/dial.c \
  src/lib/rcpthosts.c src/lib/qmpack.c src/lib/utf8.c src/lib/qmesearch.c \
  src/lib/userscdb.c src/lib/getpw.c src/lib/pwent.c src/lib/rewrite.c \
  src/lib/rcptcheck.c src/lib/rcptfacts.c src/lib/md5.c src/lib/checkpw.c \
  src/lib/base64.c src/lib/smtpauth.c

PROGS = bin/qmail-queue \
  bin/qmail-start \
  bin/qmail-lspawn \
  bin/qmail-send \
  bin/qmail-clean \
  bin/qmail-rspawn \
  bin/qmail-getpw \
  bin/qmail-newu \
  bin/qmail-newrcpt \
  bin/qmail-pw2u \
  bin/qmail-local \
  bin/qmail-inject \
  bin/sendmail \
  bin/qmail-qread \
  bin/qmail-qstat \
  bin/qmail-showctl \
  bin/quire-install \
  bin/quire-instcheck \
  bin/qmail-remote \
  bin/qmail-tcpok \
  bin/qmail-tcpto \
  bin/qmail-smtpd \
  bin/tcp-env \
  bin/qmail-newmrh \
  bin/qmail-popup bin/qmail-pop3d bin/maildirmake bin/maildir2mbox \
  bin/forward bin/condredirect bin/bouncesaying bin/except bin/preline \
  bin/predate bin/datemail bin/mailsubj bin/qreceipt bin/qbiff bin/splogger \
  bin/quire-config bin/qmailctl bin/qmail-qmtpd bin/qmail-qmqpd \
  bin/qmail-qmqpc

PROG_O = src/hier.o src/qmail-inject-hdr.o src/qmail-local-deliver.o src/qmail-clean.o src/qmail-getpw.o src/qmail-inject.o \
  src/qmail-local.o src/qmail-lspawn.o src/qmail-newu.o src/qmail-newrcpt.o src/qmail-pw2u.o \
  src/qmail-qread.o src/qmail-qstat.o src/qmail-queue.o src/qmail-rspawn.o \
  src/qmail-send-del.o src/qmail-send-queue.o src/qmail-send-rw.o src/qmail-send-todo.o \
  src/qmail-send.o src/qmail-showctl.o src/qmail-start.o src/quire-install.o \
  src/quire-instcheck.o src/sendmail.o src/spawn.o src/spawn-io.o src/users.o \
  src/qmail-remote.o src/qmail-remote-smtp.o src/qmail-remote-route.o \
  src/qmail-tcpok.o src/qmail-tcpto.o src/qmail-rspawn-report.o \
  src/qmail-smtpd.o src/qmail-smtpd-auth.o src/tcp-env.o src/qmail-newmrh.o src/qmail-popup.o \
  src/qmail-pop3d.o src/usertool.o src/maildirmake.o src/maildir2mbox.o \
  src/forward.o src/condredirect.o src/bouncesaying.o src/except.o \
  src/preline.o src/predate.o src/datemail.o src/mailsubj.o src/qreceipt.o \
  src/qbiff.o src/splogger.o src/quire-config.o src/qmail-qmtpd.o \
  src/qmail-qmqpd.o src/qmail-qmqpc.o

# the privileged programs: core.a only, never parse.a (STYLE.md 2)
PRIV = qmail-start qmail-lspawn qmail-queue qmail-newrcpt

UNIT = tests/unit/t-sz.test tests/unit/t-sa.test tests/unit/t-buf.test \
  tests/unit/t-fmt.test tests/unit/t-scan.test tests/unit/t-str.test \
  tests/unit/t-err.test tests/unit/t-logsafe.test tests/unit/t-qqexit.test \
  tests/unit/t-fd.test tests/unit/t-sig.test tests/unit/t-wait.test \
  tests/unit/t-qq.test tests/unit/t-qqframe.test tests/unit/t-utc.test \
  tests/unit/t-lock.test tests/unit/t-open.test tests/unit/t-dur.test \
  tests/unit/t-prot.test tests/unit/t-env.test tests/unit/t-date822.test \
  tests/unit/t-cdb.test tests/unit/t-rec.test tests/unit/t-ctl.test \
  tests/unit/t-constmap.test tests/unit/t-netstring.test \
  tests/unit/t-hdr822.test tests/unit/t-inject.test \
  tests/unit/t-dotqmail.test tests/unit/t-local.test tests/unit/t-send.test \
  tests/unit/t-assign.test tests/unit/t-users.test tests/unit/t-rcptcheck.test \
  tests/unit/t-dnsmsg.test tests/unit/t-remote.test tests/unit/t-rspawn.test \
  tests/unit/t-smtpcmd.test tests/unit/t-pop3cmd.test tests/unit/t-mbox.test \
  tests/unit/t-hostname.test tests/unit/t-rjob.test tests/unit/t-qmpack.test \
  tests/unit/t-lwork.test \
  tests/unit/t-utf8.test tests/unit/t-received.test \
  tests/unit/t-md5.test tests/unit/t-base64.test tests/unit/t-smtpauth.test

FUZZ = ctl constmap netstring rec cdb scan hdr822 dotqmail assign dnsmsg \
  smtpreply smtpcmd pop3 mbox hostname rjob qmtp qmqp utf8 rcptcheck \
  smtpauth qqframe lwork
# fuzz targets of a program's own module, built with that module too
FUZZ_REMOTE = remotecopy
REPLAY = tests/fuzz/fz-ctl.replay tests/fuzz/fz-constmap.replay \
  tests/fuzz/fz-netstring.replay tests/fuzz/fz-rec.replay \
  tests/fuzz/fz-cdb.replay tests/fuzz/fz-scan.replay \
  tests/fuzz/fz-hdr822.replay tests/fuzz/fz-dotqmail.replay \
  tests/fuzz/fz-assign.replay tests/fuzz/fz-dnsmsg.replay \
  tests/fuzz/fz-smtpreply.replay tests/fuzz/fz-remotecopy.replay \
  tests/fuzz/fz-smtpcmd.replay tests/fuzz/fz-pop3.replay \
  tests/fuzz/fz-mbox.replay tests/fuzz/fz-hostname.replay \
  tests/fuzz/fz-rjob.replay tests/fuzz/fz-qmtp.replay \
  tests/fuzz/fz-qmqp.replay tests/fuzz/fz-utf8.replay \
  tests/fuzz/fz-rcptcheck.replay tests/fuzz/fz-smtpauth.replay \
  tests/fuzz/fz-qqframe.replay tests/fuzz/fz-lwork.replay

default: it

it: libs $(PROGS)

libs: core.a parse.a

tests: $(UNIT) $(REPLAY) $(PROG_O) tests/unit/peakrss

check: it tests
	sh tests/check.sh

# setup: install under conf-qmail, owners and modes from src/hier.c
setup: it
	./bin/quire-install

check-install: bin/quire-instcheck
	./bin/quire-instcheck

# run: a private instance under ./run, in the foreground
run: libs $(PROG_O)
	sh src/boot/make-run.sh

# proofs: the long versions of the proofs in tests/system (root; tens
# of minutes): a 4 GiB header line, more messages and kills in the crash
# tests, qmail-send's own retry 123 s after a failed commit.  make check
# runs the short versions.
proofs: it tests
	QUIRE_LONG=1 sh tests/system/81-hugeline.sh
	QUIRE_LONG=1 sh tests/system/85-syncfs.sh
	CRASH_MESSAGES=2000 CRASH_KILLS=10 sh tests/system/12-crash.sh
	CRASH_MESSAGES=50000 CRASH_KILLS=160 sh tests/system/83-crash-all.sh

# bench: the side-by-side benchmarks of tests/bench (root, Postfix
# installed; a few minutes; not part of check).  N, R, BIG and the other
# settings of tests/bench/README come from the environment.
bench: libs $(PROG_O)
	sh tests/bench/local.sh
	sh tests/bench/smtp-in.sh
	sh tests/bench/bigqueue.sh
	sh tests/bench/remote.sh

# fuzz: libFuzzer targets, built with clang, ASan and UBSan, straight
# from the sources (not from ./compile's objects): the library once,
# with coverage, into tests/fuzz/fuzzlib.a, then each target against it
FUZZCC = clang -g -O1 -std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -fno-sanitize-recover=all -Isrc/lib -Isrc
fuzz:
	mkdir -p tests/fuzz/lib
	for c in $(LIB_C) tests/fuzz/prog.c; do \
	  $(FUZZCC) -fsanitize=fuzzer-no-link,address,undefined -c \
	    -o tests/fuzz/lib/`basename $$c .c`.o $$c || exit 1; \
	done
	rm -f tests/fuzz/fuzzlib.a
	ar cr tests/fuzz/fuzzlib.a tests/fuzz/lib/*.o
	for f in $(FUZZ); do \
	  $(FUZZCC) -fsanitize=fuzzer,address,undefined -o tests/fuzz/fz-$$f.fuzz \
	    tests/fuzz/fz-$$f.c tests/fuzz/fuzzlib.a || exit 1; \
	done
	$(FUZZCC) -fsanitize=fuzzer,address,undefined -o tests/fuzz/fz-remotecopy.fuzz \
	  tests/fuzz/fz-remotecopy.c src/qmail-remote-smtp.c tests/fuzz/fuzzlib.a

# fuzz-run: each target for FUZZTIME seconds on a copy of its corpus
# (CI); fuzz-long: each for FUZZLONG seconds (an hour in all, or more)
FUZZTIME = 30
FUZZLONG = 600
fuzz-run: fuzz
	sh tests/fuzz/run.sh $(FUZZTIME) $(FUZZ) $(FUZZ_REMOTE)

fuzz-long: fuzz
	sh tests/fuzz/run.sh $(FUZZLONG) $(FUZZ) $(FUZZ_REMOTE)

clean:
	rm -f compile load loadstatic makelib core.a parse.a src/auto_qmail.c \
	  src/auto_uids.c src/*.o src/lib/*.o tests/unit/*.o tests/unit/*.test tests/unit/peakrss \
	  tests/fuzz/*.o tests/fuzz/*.replay tests/fuzz/*.fuzz \
	  tests/fuzz/fuzzlib.a
	rm -rf bin tests/fuzz/lib supervise boot

# the build scripts, from the conf files
compile: conf-cc
	printf '#!/bin/sh\n# generated from conf-cc\nexec %s -c -o "$${1%%.c}.o" "$$@"\n' "`head -n 1 conf-cc`" >compile
	chmod 755 compile

load: conf-ld
	printf '#!/bin/sh\n# generated from conf-ld: load output objects...\nout="$$1"; shift\nexec %s -o "$$out" "$$@"\n' "`head -n 1 conf-ld`" >load
	chmod 755 load

loadstatic: conf-ldstatic
	printf '#!/bin/sh\n# generated from conf-ldstatic: loadstatic output objects...\nout="$$1"; shift\nexec %s -o "$$out" "$$@"\n' "`head -n 1 conf-ldstatic`" >loadstatic
	chmod 755 loadstatic

makelib:
	printf '#!/bin/sh\n# makelib archive objects...\nset -e\nrm -f "$$1"\nar cr "$$@"\nranlib "$$1"\n' >makelib
	chmod 755 makelib

src/auto_qmail.c: conf-qmail
	printf '/* generated from conf-qmail; do not edit */\n#include "auto_qmail.h"\nconst char auto_qmail[] = "%s";\n' "`head -n 1 conf-qmail`" >src/auto_qmail.c

src/auto_uids.c: conf-users src/auto-uids.sh
	sh src/auto-uids.sh conf-users >src/auto_uids.c.tmp
	mv src/auto_uids.c.tmp src/auto_uids.c

src/auto_qmail.o: compile src/auto_qmail.c src/auto_qmail.h
	./compile src/auto_qmail.c

src/auto_uids.o: compile src/auto_uids.c src/auto_uids.h
	./compile src/auto_uids.c

core.a: makelib $(CORE_O)
	./makelib core.a $(CORE_O)

parse.a: makelib $(PARSE_O)
	./makelib parse.a $(PARSE_O)

bin/qmail-queue: loadstatic src/qmail-queue.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./loadstatic bin/qmail-queue src/qmail-queue.o src/auto_qmail.o src/auto_uids.o core.a

bin/qmail-start: load src/qmail-start.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./load bin/qmail-start src/qmail-start.o src/auto_qmail.o src/auto_uids.o core.a

bin/qmail-lspawn: load src/qmail-lspawn.o src/spawn.o src/spawn-io.o src/users.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./load bin/qmail-lspawn src/qmail-lspawn.o src/spawn.o src/spawn-io.o src/users.o src/auto_qmail.o src/auto_uids.o core.a

bin/qmail-send: load src/qmail-send.o src/qmail-send-queue.o src/qmail-send-del.o src/qmail-send-todo.o src/qmail-send-rw.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-send src/qmail-send.o src/qmail-send-queue.o src/qmail-send-del.o src/qmail-send-todo.o src/qmail-send-rw.o src/auto_qmail.o parse.a core.a

bin/qmail-clean: load src/qmail-clean.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/qmail-clean src/qmail-clean.o src/auto_qmail.o core.a

bin/qmail-rspawn: load src/qmail-rspawn.o src/qmail-rspawn-report.o src/spawn-io.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/qmail-rspawn src/qmail-rspawn.o src/qmail-rspawn-report.o src/spawn-io.o src/auto_qmail.o core.a

bin/qmail-getpw: load src/qmail-getpw.o src/auto_qmail.o src/auto_uids.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-getpw src/qmail-getpw.o src/auto_qmail.o src/auto_uids.o parse.a core.a

bin/qmail-newrcpt: load src/qmail-newrcpt.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./load bin/qmail-newrcpt src/qmail-newrcpt.o src/auto_qmail.o src/auto_uids.o core.a

bin/qmail-newu: load src/qmail-newu.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-newu src/qmail-newu.o src/auto_qmail.o parse.a core.a

bin/qmail-pw2u: load src/qmail-pw2u.o src/auto_qmail.o src/auto_uids.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-pw2u src/qmail-pw2u.o src/auto_qmail.o src/auto_uids.o parse.a core.a

bin/qmail-local: loadstatic src/qmail-local.o src/qmail-local-deliver.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-local src/qmail-local.o src/qmail-local-deliver.o src/auto_qmail.o parse.a core.a

bin/qmail-inject: loadstatic src/qmail-inject.o src/qmail-inject-hdr.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-inject src/qmail-inject.o src/qmail-inject-hdr.o src/auto_qmail.o parse.a core.a

bin/sendmail: loadstatic src/sendmail.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/sendmail src/sendmail.o src/auto_qmail.o parse.a core.a

bin/qmail-qread: load src/qmail-qread.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-qread src/qmail-qread.o src/auto_qmail.o parse.a core.a

bin/qmail-qstat: load src/qmail-qstat.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-qstat src/qmail-qstat.o src/auto_qmail.o parse.a core.a

bin/qmail-showctl: load src/qmail-showctl.o src/auto_qmail.o src/auto_uids.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-showctl src/qmail-showctl.o src/auto_qmail.o src/auto_uids.o parse.a core.a

bin/quire-install: load src/quire-install.o src/hier.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./load bin/quire-install src/quire-install.o src/hier.o src/auto_qmail.o src/auto_uids.o core.a

bin/quire-instcheck: load src/quire-instcheck.o src/hier.o src/auto_qmail.o src/auto_uids.o core.a
	mkdir -p bin
	./load bin/quire-instcheck src/quire-instcheck.o src/hier.o src/auto_qmail.o src/auto_uids.o core.a

bin/qmail-remote: loadstatic src/qmail-remote.o src/qmail-remote-smtp.o src/qmail-remote-route.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-remote src/qmail-remote.o src/qmail-remote-smtp.o src/qmail-remote-route.o src/auto_qmail.o parse.a core.a

bin/qmail-tcpok: load src/qmail-tcpok.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/qmail-tcpok src/qmail-tcpok.o src/auto_qmail.o core.a

bin/qmail-tcpto: load src/qmail-tcpto.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/qmail-tcpto src/qmail-tcpto.o src/auto_qmail.o core.a

bin/qmail-smtpd: loadstatic src/qmail-smtpd.o src/qmail-smtpd-auth.o src/auto_qmail.o src/auto_uids.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-smtpd src/qmail-smtpd.o src/qmail-smtpd-auth.o src/auto_qmail.o src/auto_uids.o parse.a core.a

bin/tcp-env: load src/tcp-env.o core.a
	mkdir -p bin
	./load bin/tcp-env src/tcp-env.o core.a

bin/quire-config: load src/quire-config.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/quire-config src/quire-config.o src/auto_qmail.o parse.a core.a

# the scripts quire installs besides the programs: daemontools service
# directories (supervise/), boot/ scripts and bin/qmailctl, filled in
# with conf-qmail's home and conf-users' ids; one run makes them all
SERVICE_IN = src/service/qmail-send.run src/service/tcpserver.run \
  src/service/log.run src/service/boot.run src/qmailctl.sh \
  src/service/smtps.run src/service/smarthost.run
bin/qmailctl: src/boot/mkservice.sh conf-qmail src/auto_uids.c $(SERVICE_IN)
	sh src/boot/mkservice.sh

bin/qmail-newmrh: load src/qmail-newmrh.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qmail-newmrh src/qmail-newmrh.o src/auto_qmail.o parse.a core.a

src/qmail-smtpd-auth.o: compile src/qmail-smtpd-auth.c src/lib/base64.h \
  src/lib/bounds.h src/lib/buf.h src/lib/checkpw.h src/lib/err.h \
  src/lib/exitcode.h src/lib/logsafe.h src/lib/sa.h src/lib/smtpauth.h \
  src/lib/wait.h src/qmail-smtpd.h
	./compile src/qmail-smtpd-auth.c

src/qmail-smtpd.o: compile src/qmail-smtpd.c src/auto_qmail.h \
  src/auto_uids.h src/lib/bounds.h src/lib/buf.h src/lib/cdb.h \
  src/lib/checkpw.h src/lib/constmap.h src/lib/ctl.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/logsafe.h \
  src/lib/qq.h src/lib/rcptcheck.h src/lib/rcpthosts.h src/lib/received.h \
  src/lib/rewrite.h src/lib/sa.h src/lib/scan.h src/lib/sig.h \
  src/lib/smtpcmd.h src/lib/str.h src/lib/utf8.h src/qmail-smtpd.h
	./compile src/qmail-smtpd.c

bin/qmail-qmtpd: loadstatic src/qmail-qmtpd.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-qmtpd src/qmail-qmtpd.o src/auto_qmail.o parse.a core.a

bin/qmail-qmqpd: loadstatic src/qmail-qmqpd.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-qmqpd src/qmail-qmqpd.o src/auto_qmail.o parse.a core.a

bin/qmail-qmqpc: loadstatic src/qmail-qmqpc.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-qmqpc src/qmail-qmqpc.o src/auto_qmail.o parse.a core.a

src/qmail-qmtpd.o: compile src/qmail-qmtpd.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/cdb.h src/lib/constmap.h \
  src/lib/ctl.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h \
  src/lib/qmpack.h src/lib/qq.h src/lib/rcpthosts.h src/lib/received.h \
  src/lib/sa.h src/lib/scan.h src/lib/sig.h
	./compile src/qmail-qmtpd.c

src/qmail-qmqpd.o: compile src/qmail-qmqpd.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/date822.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/netstring.h \
  src/lib/qmpack.h src/lib/qq.h src/lib/sa.h src/lib/sig.h
	./compile src/qmail-qmqpd.c

src/qmail-qmqpc.o: compile src/qmail-qmqpc.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/ctl.h src/lib/dial.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/logsafe.h \
  src/lib/netstring.h src/lib/qqexit.h src/lib/sa.h src/lib/scan.h \
  src/lib/sig.h src/lib/str.h src/lib/sz.h
	./compile src/qmail-qmqpc.c

src/lib/received.o: compile src/lib/received.c src/lib/buf.h \
  src/lib/date822.h src/lib/qq.h src/lib/received.h src/lib/sa.h \
  src/lib/str.h
	./compile src/lib/received.c

src/lib/dial.o: compile src/lib/dial.c src/lib/dial.h
	./compile src/lib/dial.c

src/lib/rcpthosts.o: compile src/lib/rcpthosts.c src/lib/bounds.h \
  src/lib/cdb.h src/lib/constmap.h src/lib/ctl.h src/lib/rcpthosts.h \
  src/lib/sa.h src/lib/str.h
	./compile src/lib/rcpthosts.c

src/lib/qmpack.o: compile src/lib/qmpack.c src/lib/bounds.h src/lib/buf.h \
  src/lib/netstring.h src/lib/qmpack.h src/lib/sa.h
	./compile src/lib/qmpack.c

tests/unit/t-qmpack.o: compile tests/unit/t-qmpack.c src/lib/bounds.h \
  src/lib/buf.h src/lib/qmpack.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-qmpack.c

tests/unit/t-qmpack.test: load tests/unit/t-qmpack.o parse.a core.a
	./load tests/unit/t-qmpack.test tests/unit/t-qmpack.o parse.a core.a

tests/fuzz/fz-qmtp.o: compile tests/fuzz/fz-qmtp.c src/lib/bounds.h \
  src/lib/buf.h src/lib/netstring.h src/lib/qmpack.h src/lib/sa.h
	./compile tests/fuzz/fz-qmtp.c

tests/fuzz/fz-qmtp.replay: load tests/fuzz/fz-qmtp.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-qmtp.replay tests/fuzz/fz-qmtp.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-qmqp.o: compile tests/fuzz/fz-qmqp.c src/lib/bounds.h \
  src/lib/buf.h src/lib/netstring.h src/lib/qmpack.h src/lib/sa.h
	./compile tests/fuzz/fz-qmqp.c

tests/fuzz/fz-qmqp.replay: load tests/fuzz/fz-qmqp.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-qmqp.replay tests/fuzz/fz-qmqp.o tests/fuzz/replay.o parse.a core.a

src/tcp-env.o: compile src/tcp-env.c src/lib/buf.h src/lib/env.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/sa.h \
  src/lib/scan.h src/lib/sig.h src/lib/str.h
	./compile src/tcp-env.c

src/qmail-newmrh.o: compile src/qmail-newmrh.c src/auto_qmail.h \
  src/lib/buf.h src/lib/cdbmake.h src/lib/ctl.h src/lib/dur.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/open.h src/lib/sa.h src/lib/sig.h \
  src/lib/str.h
	./compile src/qmail-newmrh.c

src/lib/smtpcmd.o: compile src/lib/smtpcmd.c src/lib/bounds.h \
  src/lib/smtpcmd.h src/lib/str.h
	./compile src/lib/smtpcmd.c

tests/unit/t-smtpcmd.o: compile tests/unit/t-smtpcmd.c src/lib/bounds.h \
  src/lib/smtpcmd.h tests/unit/t.h
	./compile tests/unit/t-smtpcmd.c

tests/unit/t-smtpcmd.test: load tests/unit/t-smtpcmd.o parse.a core.a
	./load tests/unit/t-smtpcmd.test tests/unit/t-smtpcmd.o parse.a core.a

tests/fuzz/fz-smtpcmd.o: compile tests/fuzz/fz-smtpcmd.c src/lib/bounds.h \
  src/lib/smtpcmd.h src/lib/utf8.h
	./compile tests/fuzz/fz-smtpcmd.c

tests/fuzz/fz-smtpcmd.replay: load tests/fuzz/fz-smtpcmd.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-smtpcmd.replay tests/fuzz/fz-smtpcmd.o tests/fuzz/replay.o parse.a core.a

bin/qmail-popup: loadstatic src/qmail-popup.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-popup src/qmail-popup.o parse.a core.a

bin/qmail-pop3d: loadstatic src/qmail-pop3d.o parse.a core.a
	mkdir -p bin
	./loadstatic bin/qmail-pop3d src/qmail-pop3d.o parse.a core.a

src/qmail-popup.o: compile src/qmail-popup.c src/lib/bounds.h src/lib/buf.h \
  src/lib/checkpw.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/pop3cmd.h src/lib/sa.h src/lib/sig.h src/lib/wait.h
	./compile src/qmail-popup.c

src/qmail-pop3d.o: compile src/qmail-pop3d.c src/lib/bounds.h src/lib/buf.h \
  src/lib/dur.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h \
  src/lib/open.h src/lib/pop3cmd.h src/lib/sa.h src/lib/sig.h src/lib/str.h \
  src/lib/sz.h
	./compile src/qmail-pop3d.c

src/lib/pop3cmd.o: compile src/lib/pop3cmd.c src/lib/pop3cmd.h \
  src/lib/scan.h src/lib/str.h
	./compile src/lib/pop3cmd.c

tests/unit/t-pop3cmd.o: compile tests/unit/t-pop3cmd.c src/lib/pop3cmd.h \
  tests/unit/t.h
	./compile tests/unit/t-pop3cmd.c

tests/unit/t-pop3cmd.test: load tests/unit/t-pop3cmd.o parse.a core.a
	./load tests/unit/t-pop3cmd.test tests/unit/t-pop3cmd.o parse.a core.a

tests/fuzz/fz-pop3.o: compile tests/fuzz/fz-pop3.c src/lib/pop3cmd.h
	./compile tests/fuzz/fz-pop3.c

tests/fuzz/fz-pop3.replay: load tests/fuzz/fz-pop3.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-pop3.replay tests/fuzz/fz-pop3.o tests/fuzz/replay.o parse.a core.a

# the user and admin tools of qmail's suite
bin/maildirmake: load src/maildirmake.o core.a
	mkdir -p bin
	./load bin/maildirmake src/maildirmake.o core.a

bin/maildir2mbox: load src/maildir2mbox.o parse.a core.a
	mkdir -p bin
	./load bin/maildir2mbox src/maildir2mbox.o parse.a core.a

bin/forward: load src/forward.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/forward src/forward.o src/usertool.o src/auto_qmail.o core.a

bin/condredirect: load src/condredirect.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/condredirect src/condredirect.o src/usertool.o src/auto_qmail.o core.a

bin/bouncesaying: load src/bouncesaying.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/bouncesaying src/bouncesaying.o src/usertool.o src/auto_qmail.o core.a

bin/except: load src/except.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/except src/except.o src/usertool.o src/auto_qmail.o core.a

bin/preline: load src/preline.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/preline src/preline.o src/usertool.o src/auto_qmail.o core.a

bin/predate: load src/predate.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/predate src/predate.o src/usertool.o src/auto_qmail.o core.a

bin/datemail: load src/datemail.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/datemail src/datemail.o src/auto_qmail.o core.a

bin/mailsubj: load src/mailsubj.o src/usertool.o src/auto_qmail.o core.a
	mkdir -p bin
	./load bin/mailsubj src/mailsubj.o src/usertool.o src/auto_qmail.o core.a

bin/qreceipt: load src/qreceipt.o src/usertool.o src/auto_qmail.o parse.a core.a
	mkdir -p bin
	./load bin/qreceipt src/qreceipt.o src/usertool.o src/auto_qmail.o parse.a core.a

bin/qbiff: load src/qbiff.o parse.a core.a
	mkdir -p bin
	./load bin/qbiff src/qbiff.o parse.a core.a

bin/splogger: load src/splogger.o core.a
	mkdir -p bin
	./load bin/splogger src/splogger.o core.a

src/maildirmake.o: compile src/maildirmake.c src/lib/dur.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h
	./compile src/maildirmake.c

src/maildir2mbox.o: compile src/maildir2mbox.c src/lib/bounds.h \
  src/lib/buf.h src/lib/dur.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/lock.h src/lib/mbox.h src/lib/open.h src/lib/sa.h src/lib/scan.h \
  src/lib/sz.h
	./compile src/maildir2mbox.c

src/forward.o: compile src/forward.c src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/forward.c

src/condredirect.o: compile src/condredirect.c src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/condredirect.c

src/bouncesaying.o: compile src/bouncesaying.c src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/bouncesaying.c

src/except.o: compile src/except.c src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/except.c

src/preline.o: compile src/preline.c src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/sa.h src/lib/str.h src/usertool.h
	./compile src/preline.c

src/predate.o: compile src/predate.c src/lib/date822.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/predate.c

src/datemail.o: compile src/datemail.c src/auto_qmail.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/lib/sz.h
	./compile src/datemail.c

src/mailsubj.o: compile src/mailsubj.c src/auto_qmail.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/usertool.h
	./compile src/mailsubj.c

src/qreceipt.o: compile src/qreceipt.c src/auto_qmail.h src/lib/bounds.h \
  src/lib/buf.h src/lib/date822.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/hdr822.h src/lib/qq.h src/lib/sa.h src/lib/sig.h \
  src/lib/str.h src/usertool.h
	./compile src/qreceipt.c

src/qbiff.o: compile src/qbiff.c src/lib/bounds.h src/lib/buf.h src/lib/fd.h \
  src/lib/hdr822.h src/lib/sa.h
	./compile src/qbiff.c

src/splogger.o: compile src/splogger.c src/lib/buf.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/sa.h src/lib/scan.h \
  src/lib/str.h
	./compile src/splogger.c

src/usertool.o: compile src/usertool.c src/auto_qmail.h src/lib/buf.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/qq.h \
  src/lib/sa.h src/lib/sig.h src/lib/wait.h src/usertool.h
	./compile src/usertool.c

tests/unit/t-mbox.o: compile tests/unit/t-mbox.c src/lib/buf.h \
  src/lib/mbox.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-mbox.c

tests/unit/t-mbox.test: load tests/unit/t-mbox.o parse.a core.a
	./load tests/unit/t-mbox.test tests/unit/t-mbox.o parse.a core.a

tests/fuzz/fz-mbox.o: compile tests/fuzz/fz-mbox.c src/lib/buf.h \
  src/lib/mbox.h src/lib/sa.h
	./compile tests/fuzz/fz-mbox.c

tests/fuzz/fz-mbox.replay: load tests/fuzz/fz-mbox.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-mbox.replay tests/fuzz/fz-mbox.o tests/fuzz/replay.o parse.a core.a

src/lib/mbox.o: compile src/lib/mbox.c src/lib/buf.h src/lib/mbox.h \
  src/lib/sa.h src/lib/str.h src/lib/utc.h
	./compile src/lib/mbox.c

src/hier.o: compile src/hier.c src/auto_uids.h src/hier.h
	./compile src/hier.c

src/qmail-clean.o: compile src/qmail-clean.c src/auto_qmail.h src/lib/buf.h \
  src/lib/cleanproto.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/queue.h src/lib/rec.h src/lib/sa.h src/lib/scan.h src/lib/sig.h
	./compile src/qmail-clean.c

src/qmail-getpw.o: compile src/qmail-getpw.c src/auto_qmail.h \
  src/auto_uids.h src/lib/buf.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/fmt.h src/lib/getpw.h src/lib/sa.h src/lib/sig.h \
  src/lib/str.h
	./compile src/qmail-getpw.c

src/qmail-inject-hdr.o: compile src/qmail-inject-hdr.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/date822.h src/lib/hdr822.h \
  src/lib/sa.h src/lib/str.h src/qmail-inject.h src/lib/utc.h
	./compile src/qmail-inject-hdr.c

src/qmail-inject.o: compile src/qmail-inject.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/constmap.h src/lib/ctl.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/hdr822.h \
  src/lib/logsafe.h src/lib/qq.h src/lib/sa.h src/lib/sig.h src/lib/str.h \
  src/qmail-inject.h
	./compile src/qmail-inject.c

src/qmail-local-deliver.o: compile src/qmail-local-deliver.c \
  src/lib/bounds.h src/lib/buf.h src/lib/dur.h src/lib/env.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/lock.h \
  src/lib/mbox.h src/lib/open.h src/lib/qq.h src/lib/sa.h src/lib/sig.h \
  src/lib/str.h src/lib/wait.h src/qmail-local.h
	./compile src/qmail-local-deliver.c

src/qmail-local.o: compile src/qmail-local.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/dotqmail.h src/lib/env.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h \
  src/lib/lwork.h src/lib/mbox.h src/lib/qmesearch.h src/lib/sa.h \
  src/lib/sig.h src/lib/str.h src/qmail-local.h
	./compile src/qmail-local.c

src/qmail-lspawn.o: compile src/qmail-lspawn.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/cdb.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/lwork.h \
  src/lib/open.h \
  src/lib/prot.h src/lib/queue.h src/lib/rec.h src/lib/sa.h src/lib/sig.h \
  src/lib/spawnproto.h src/lib/userscdb.h src/lib/wait.h src/spawnd.h \
  src/users.h
	./compile src/qmail-lspawn.c

src/qmail-newrcpt.o: compile src/qmail-newrcpt.c src/auto_qmail.h \
  src/auto_uids.h src/lib/bounds.h src/lib/buf.h src/lib/cdb.h \
  src/lib/cdbmake.h src/lib/constmap.h src/lib/dur.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/getpw.h \
  src/lib/open.h src/lib/prot.h src/lib/qmesearch.h src/lib/rcptcheck.h \
  src/lib/rewrite.h src/lib/sa.h src/lib/scan.h src/lib/sig.h src/lib/str.h \
  src/lib/userscdb.h src/lib/wait.h
	./compile src/qmail-newrcpt.c

src/qmail-newu.o: compile src/qmail-newu.c src/auto_qmail.h src/lib/assign.h \
  src/lib/buf.h src/lib/cdbmake.h src/lib/dur.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/open.h src/lib/sa.h \
  src/lib/sig.h
	./compile src/qmail-newu.c

src/qmail-pw2u.o: compile src/qmail-pw2u.c src/auto_qmail.h src/auto_uids.h \
  src/lib/bounds.h src/lib/buf.h src/lib/constmap.h src/lib/ctl.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/open.h \
  src/lib/sa.h src/lib/scan.h src/lib/sig.h src/lib/str.h
	./compile src/qmail-pw2u.c

src/qmail-qread.o: compile src/qmail-qread.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/fmt.h src/lib/logsafe.h src/lib/open.h \
  src/lib/queue.h src/lib/rec.h src/lib/sa.h src/lib/scan.h src/lib/utc.h
	./compile src/qmail-qread.c

src/qmail-qstat.o: compile src/qmail-qstat.c src/auto_qmail.h src/lib/buf.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h \
  src/lib/queue.h src/lib/sa.h
	./compile src/qmail-qstat.c

src/qmail-queue.o: compile src/qmail-queue.c src/auto_qmail.h \
  src/auto_uids.h src/lib/bounds.h src/lib/buf.h src/lib/date822.h \
  src/lib/dur.h src/lib/fmt.h src/lib/open.h src/lib/qqexit.h \
  src/lib/qqframe.h src/lib/queue.h src/lib/sa.h src/lib/sig.h
	./compile src/qmail-queue.c

src/qmail-rspawn.o: compile src/qmail-rspawn.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/rec.h src/lib/rjob.h src/lib/sa.h src/lib/sig.h \
  src/lib/spawnproto.h src/lib/wait.h src/qmail-rspawn.h src/spawnd.h
	./compile src/qmail-rspawn.c

src/qmail-send.o: compile src/qmail-send.c src/auto_qmail.h src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/ctl.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/lock.h \
  src/lib/open.h src/lib/prioq.h src/lib/rec.h src/lib/rewrite.h \
  src/lib/sa.h src/lib/sig.h src/lib/spawnproto.h src/lib/str.h \
  src/qmail-send.h
	./compile src/qmail-send.c

src/qmail-send-rw.o: compile src/qmail-send-rw.c src/lib/buf.h \
  src/lib/constmap.h src/lib/prioq.h src/lib/rewrite.h src/lib/sa.h \
  src/lib/str.h src/qmail-send.h
	./compile src/qmail-send-rw.c

src/qmail-send-queue.o: compile src/qmail-send-queue.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/cleanproto.h src/lib/constmap.h \
  src/lib/date822.h src/lib/dur.h src/lib/fd.h src/lib/fmt.h src/lib/open.h \
  src/lib/prioq.h src/lib/qq.h src/lib/queue.h src/lib/rec.h \
  src/lib/rewrite.h src/lib/sa.h src/lib/scan.h src/lib/spawnproto.h \
  src/qmail-send.h
	./compile src/qmail-send-queue.c

src/qmail-send-del.o: compile src/qmail-send-del.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/fmt.h src/lib/open.h \
  src/lib/prioq.h src/lib/queue.h src/lib/rec.h src/lib/rewrite.h \
  src/lib/sa.h src/lib/scan.h src/lib/spawnproto.h src/qmail-send.h
	./compile src/qmail-send-del.c

src/qmail-send-todo.o: compile src/qmail-send-todo.c src/lib/bounds.h \
  src/lib/buf.h src/lib/cleanproto.h src/lib/constmap.h src/lib/dur.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/open.h \
  src/lib/prioq.h src/lib/queue.h src/lib/rec.h src/lib/rewrite.h \
  src/lib/sa.h src/lib/scan.h src/lib/spawnproto.h src/qmail-send.h
	./compile src/qmail-send-todo.c

src/qmail-showctl.o: compile src/qmail-showctl.c src/auto_qmail.h \
  src/auto_uids.h src/lib/bounds.h src/lib/buf.h src/lib/ctl.h src/lib/err.h \
  src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/queue.h \
  src/lib/rec.h src/lib/sa.h src/lib/spawnproto.h src/lib/str.h
	./compile src/qmail-showctl.c

src/qmail-start.o: compile src/qmail-start.c src/auto_qmail.h \
  src/auto_uids.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/prot.h src/lib/sig.h
	./compile src/qmail-start.c

src/quire-install.o: compile src/quire-install.c src/auto_qmail.h src/hier.h \
  src/lib/dur.h src/lib/err.h src/lib/exitcode.h src/lib/open.h \
  src/lib/queue.h src/lib/sa.h
	./compile src/quire-install.c

src/quire-instcheck.o: compile src/quire-instcheck.c src/auto_qmail.h \
  src/hier.h src/lib/buf.h src/lib/err.h src/lib/exitcode.h src/lib/fmt.h \
  src/lib/queue.h src/lib/sa.h
	./compile src/quire-instcheck.c

src/sendmail.o: compile src/sendmail.c src/auto_qmail.h src/lib/env.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/lib/str.h \
  src/lib/sz.h
	./compile src/sendmail.c

src/spawn.o: compile src/spawn.c src/lib/bounds.h src/lib/buf.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/rec.h \
  src/lib/sa.h src/lib/scan.h src/lib/sig.h src/lib/spawnproto.h \
  src/lib/wait.h src/spawnd.h
	./compile src/spawn.c

src/users.o: compile src/users.c src/auto_uids.h src/lib/bounds.h \
  src/lib/buf.h src/lib/cdb.h src/lib/exitcode.h src/lib/fd.h src/lib/open.h \
  src/lib/prot.h src/lib/sa.h src/lib/scan.h src/lib/sig.h src/lib/str.h \
  src/lib/sz.h src/lib/userscdb.h src/lib/wait.h src/users.h
	./compile src/users.c

# the library
src/lib/dotqmail.o: compile src/lib/dotqmail.c src/lib/bounds.h \
  src/lib/dotqmail.h
	./compile src/lib/dotqmail.c

src/lib/hdr822.o: compile src/lib/hdr822.c src/lib/buf.h src/lib/hdr822.h \
  src/lib/sa.h src/lib/str.h src/lib/sz.h
	./compile src/lib/hdr822.c

src/lib/queue.o: compile src/lib/queue.c src/lib/fmt.h src/lib/queue.h
	./compile src/lib/queue.c

src/lib/qq.o: compile src/lib/qq.c src/lib/buf.h src/lib/fd.h src/lib/qq.h \
  src/lib/qqexit.h src/lib/qqframe.h src/lib/sa.h src/lib/wait.h
	./compile src/lib/qq.c

src/lib/qqframe.o: compile src/lib/qqframe.c src/lib/buf.h src/lib/fmt.h \
  src/lib/qqframe.h src/lib/sa.h
	./compile src/lib/qqframe.c

tests/unit/t-qqframe.o: compile tests/unit/t-qqframe.c src/lib/buf.h \
  src/lib/qqframe.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-qqframe.c

tests/unit/t-qqframe.test: load tests/unit/t-qqframe.o core.a
	./load tests/unit/t-qqframe.test tests/unit/t-qqframe.o core.a

tests/fuzz/fz-qqframe.o: compile tests/fuzz/fz-qqframe.c src/lib/buf.h \
  src/lib/qqframe.h src/lib/sa.h
	./compile tests/fuzz/fz-qqframe.c

tests/fuzz/fz-qqframe.replay: load tests/fuzz/fz-qqframe.o tests/fuzz/replay.o core.a
	./load tests/fuzz/fz-qqframe.replay tests/fuzz/fz-qqframe.o tests/fuzz/replay.o core.a

src/lib/prioq.o: compile src/lib/prioq.c src/lib/prioq.h src/lib/sz.h
	./compile src/lib/prioq.c

src/lib/sa.o: compile src/lib/sa.c src/lib/bounds.h src/lib/fmt.h \
  src/lib/sa.h src/lib/sz.h
	./compile src/lib/sa.c

src/lib/buf.o: compile src/lib/buf.c src/lib/buf.h src/lib/sa.h
	./compile src/lib/buf.c

src/lib/fmt.o: compile src/lib/fmt.c src/lib/fmt.h
	./compile src/lib/fmt.c

src/lib/scan.o: compile src/lib/scan.c src/lib/scan.h
	./compile src/lib/scan.c

src/lib/str.o: compile src/lib/str.c src/lib/str.h
	./compile src/lib/str.c

src/lib/err.o: compile src/lib/err.c src/lib/err.h src/lib/exitcode.h
	./compile src/lib/err.c

src/lib/logsafe.o: compile src/lib/logsafe.c src/lib/logsafe.h src/lib/sa.h
	./compile src/lib/logsafe.c

src/lib/qqexit.o: compile src/lib/qqexit.c src/lib/qqexit.h
	./compile src/lib/qqexit.c

src/lib/fd.o: compile src/lib/fd.c src/lib/fd.h
	./compile src/lib/fd.c

src/lib/sig.o: compile src/lib/sig.c src/lib/sig.h
	./compile src/lib/sig.c

src/lib/wait.o: compile src/lib/wait.c src/lib/wait.h
	./compile src/lib/wait.c

src/lib/lock.o: compile src/lib/lock.c src/lib/lock.h
	./compile src/lib/lock.c

src/lib/open.o: compile src/lib/open.c src/lib/open.h
	./compile src/lib/open.c

src/lib/dur.o: compile src/lib/dur.c src/lib/dur.h src/lib/open.h \
  src/lib/sz.h
	./compile src/lib/dur.c

src/lib/prot.o: compile src/lib/prot.c src/lib/prot.h
	./compile src/lib/prot.c

src/lib/env.o: compile src/lib/env.c src/lib/env.h src/lib/sz.h
	./compile src/lib/env.c

src/lib/date822.o: compile src/lib/date822.c src/lib/date822.h src/lib/fmt.h \
  src/lib/utc.h
	./compile src/lib/date822.c

src/lib/utc.o: compile src/lib/utc.c src/lib/utc.h
	./compile src/lib/utc.c

src/lib/cdb.o: compile src/lib/cdb.c src/lib/bounds.h src/lib/cdb.h \
  src/lib/sa.h src/lib/sz.h
	./compile src/lib/cdb.c

src/lib/cdbmake.o: compile src/lib/cdbmake.c src/lib/bounds.h src/lib/buf.h \
  src/lib/cdb.h src/lib/cdbmake.h src/lib/sa.h src/lib/sz.h
	./compile src/lib/cdbmake.c

src/lib/rec.o: compile src/lib/rec.c src/lib/buf.h src/lib/rec.h \
  src/lib/sa.h src/lib/sz.h
	./compile src/lib/rec.c

src/lib/ctl.o: compile src/lib/ctl.c src/lib/bounds.h src/lib/buf.h \
  src/lib/ctl.h src/lib/open.h src/lib/sa.h src/lib/scan.h
	./compile src/lib/ctl.c

src/lib/constmap.o: compile src/lib/constmap.c src/lib/constmap.h \
  src/lib/str.h src/lib/sz.h
	./compile src/lib/constmap.c

src/lib/qmesearch.o: compile src/lib/qmesearch.c src/lib/qmesearch.h \
  src/lib/sa.h src/lib/str.h
	./compile src/lib/qmesearch.c

src/lib/userscdb.o: compile src/lib/userscdb.c src/lib/cdb.h src/lib/sa.h \
  src/lib/scan.h src/lib/str.h src/lib/userscdb.h
	./compile src/lib/userscdb.c

src/lib/getpw.o: compile src/lib/getpw.c src/lib/getpw.h src/lib/str.h
	./compile src/lib/getpw.c

src/lib/pwent.o: compile src/lib/pwent.c src/lib/getpw.h
	./compile src/lib/pwent.c

src/lib/rewrite.o: compile src/lib/rewrite.c src/lib/constmap.h \
  src/lib/ctl.h src/lib/rewrite.h src/lib/sa.h src/lib/str.h
	./compile src/lib/rewrite.c

src/lib/rcptcheck.o: compile src/lib/rcptcheck.c src/lib/cdb.h \
  src/lib/constmap.h src/lib/ctl.h src/lib/getpw.h src/lib/open.h \
  src/lib/qmesearch.h src/lib/rcptcheck.h src/lib/rewrite.h src/lib/sa.h \
  src/lib/scan.h src/lib/str.h src/lib/userscdb.h
	./compile src/lib/rcptcheck.c

src/lib/rcptfacts.o: compile src/lib/rcptfacts.c src/lib/cdb.h \
  src/lib/constmap.h src/lib/rcptcheck.h src/lib/rewrite.h src/lib/sa.h
	./compile src/lib/rcptfacts.c

src/lib/assign.o: compile src/lib/assign.c src/lib/assign.h src/lib/bounds.h \
  src/lib/buf.h src/lib/cdbmake.h src/lib/sa.h src/lib/scan.h src/lib/str.h
	./compile src/lib/assign.c

src/lib/netstring.o: compile src/lib/netstring.c src/lib/buf.h src/lib/fmt.h \
  src/lib/netstring.h src/lib/sa.h src/lib/sz.h
	./compile src/lib/netstring.c

src/qmail-remote.o: compile src/qmail-remote.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/constmap.h src/lib/ctl.h \
  src/lib/dns.h src/lib/dnsmsg.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/fmt.h src/lib/open.h src/lib/queue.h src/lib/rec.h \
  src/lib/rjob.h src/lib/sa.h src/lib/sig.h src/lib/smtpreply.h \
  src/lib/spawnproto.h src/lib/sz.h src/lib/tcpto.h src/qmail-remote.h
	./compile src/qmail-remote.c

src/qmail-remote-smtp.o: compile src/qmail-remote-smtp.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/dnsmsg.h src/lib/fmt.h \
  src/lib/sa.h src/lib/smtpreply.h src/lib/str.h src/lib/sz.h src/lib/utf8.h \
  src/qmail-remote.h
	./compile src/qmail-remote-smtp.c

src/qmail-remote-route.o: compile src/qmail-remote-route.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/dns.h src/lib/dnsmsg.h \
  src/lib/sa.h src/lib/scan.h src/lib/smtpreply.h src/lib/str.h \
  src/qmail-remote.h
	./compile src/qmail-remote-route.c

src/spawn-io.o: compile src/spawn-io.c src/lib/bounds.h src/lib/buf.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/fmt.h src/lib/rec.h \
  src/lib/sa.h src/lib/scan.h src/lib/spawnproto.h src/spawnd.h
	./compile src/spawn-io.c

src/lib/rjob.o: compile src/lib/rjob.c src/lib/bounds.h src/lib/buf.h \
  src/lib/fmt.h src/lib/rec.h src/lib/rjob.h src/lib/sa.h src/lib/scan.h \
  src/lib/spawnproto.h src/lib/str.h
	./compile src/lib/rjob.c

src/lib/lwork.o: compile src/lib/lwork.c src/lib/fmt.h src/lib/lwork.h \
  src/lib/sa.h src/lib/scan.h
	./compile src/lib/lwork.c

src/qmail-rspawn-report.o: compile src/qmail-rspawn-report.c \
  src/lib/bounds.h src/lib/buf.h src/lib/exitcode.h src/lib/rec.h \
  src/lib/sa.h src/lib/spawnproto.h src/lib/str.h src/lib/sz.h \
  src/qmail-rspawn.h src/spawnd.h
	./compile src/qmail-rspawn-report.c

src/qmail-tcpok.o: compile src/qmail-tcpok.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/sa.h src/lib/tcpto.h
	./compile src/qmail-tcpok.c

src/qmail-tcpto.o: compile src/qmail-tcpto.c src/auto_qmail.h \
  src/lib/bounds.h src/lib/buf.h src/lib/err.h src/lib/exitcode.h \
  src/lib/fd.h src/lib/fmt.h src/lib/sa.h src/lib/tcpto.h
	./compile src/qmail-tcpto.c

src/lib/tcpto.o: compile src/lib/tcpto.c src/lib/bounds.h src/lib/lock.h \
  src/lib/open.h src/lib/sa.h src/lib/tcpto.h
	./compile src/lib/tcpto.c

src/lib/dnsmsg.o: compile src/lib/dnsmsg.c src/lib/bounds.h src/lib/dnsmsg.h \
  src/lib/sa.h
	./compile src/lib/dnsmsg.c

src/lib/smtpreply.o: compile src/lib/smtpreply.c src/lib/bounds.h \
  src/lib/sa.h src/lib/scan.h src/lib/smtpreply.h src/lib/str.h
	./compile src/lib/smtpreply.c

src/lib/dns.o: compile src/lib/dns.c src/lib/bounds.h src/lib/buf.h \
  src/lib/dns.h src/lib/dnsmsg.h src/lib/open.h src/lib/sa.h src/lib/scan.h
	./compile src/lib/dns.c

# unit tests: each links the libraries; t.h is the harness
tests/unit/t-sz.o: compile tests/unit/t-sz.c src/lib/sz.h tests/unit/t.h
	./compile tests/unit/t-sz.c

tests/unit/peakrss.o: compile tests/unit/peakrss.c
	./compile tests/unit/peakrss.c

tests/unit/peakrss: load tests/unit/peakrss.o
	./load tests/unit/peakrss tests/unit/peakrss.o

tests/unit/t-sz.test: load tests/unit/t-sz.o parse.a core.a
	./load tests/unit/t-sz.test tests/unit/t-sz.o parse.a core.a

tests/unit/t-sa.o: compile tests/unit/t-sa.c src/lib/bounds.h src/lib/sa.h \
  tests/unit/t.h
	./compile tests/unit/t-sa.c

tests/unit/t-sa.test: load tests/unit/t-sa.o parse.a core.a
	./load tests/unit/t-sa.test tests/unit/t-sa.o parse.a core.a

tests/unit/t-buf.o: compile tests/unit/t-buf.c src/lib/buf.h src/lib/sa.h \
  tests/unit/t.h
	./compile tests/unit/t-buf.c

tests/unit/t-buf.test: load tests/unit/t-buf.o parse.a core.a
	./load tests/unit/t-buf.test tests/unit/t-buf.o parse.a core.a

tests/unit/t-fmt.o: compile tests/unit/t-fmt.c src/lib/fmt.h tests/unit/t.h
	./compile tests/unit/t-fmt.c

tests/unit/t-fmt.test: load tests/unit/t-fmt.o parse.a core.a
	./load tests/unit/t-fmt.test tests/unit/t-fmt.o parse.a core.a

tests/unit/t-scan.o: compile tests/unit/t-scan.c src/lib/scan.h \
  tests/unit/t.h
	./compile tests/unit/t-scan.c

tests/unit/t-scan.test: load tests/unit/t-scan.o parse.a core.a
	./load tests/unit/t-scan.test tests/unit/t-scan.o parse.a core.a

tests/unit/t-str.o: compile tests/unit/t-str.c src/lib/str.h tests/unit/t.h
	./compile tests/unit/t-str.c

tests/unit/t-str.test: load tests/unit/t-str.o parse.a core.a
	./load tests/unit/t-str.test tests/unit/t-str.o parse.a core.a

tests/unit/t-err.o: compile tests/unit/t-err.c src/lib/err.h \
  src/lib/exitcode.h tests/unit/t.h
	./compile tests/unit/t-err.c

tests/unit/t-err.test: load tests/unit/t-err.o parse.a core.a
	./load tests/unit/t-err.test tests/unit/t-err.o parse.a core.a

tests/unit/t-logsafe.o: compile tests/unit/t-logsafe.c src/lib/logsafe.h \
  src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-logsafe.c

tests/unit/t-logsafe.test: load tests/unit/t-logsafe.o parse.a core.a
	./load tests/unit/t-logsafe.test tests/unit/t-logsafe.o parse.a core.a

tests/unit/t-qqexit.o: compile tests/unit/t-qqexit.c src/lib/qqexit.h \
  tests/unit/t.h
	./compile tests/unit/t-qqexit.c

tests/unit/t-qqexit.test: load tests/unit/t-qqexit.o parse.a core.a
	./load tests/unit/t-qqexit.test tests/unit/t-qqexit.o parse.a core.a

tests/unit/t-fd.o: compile tests/unit/t-fd.c src/lib/fd.h tests/unit/t.h
	./compile tests/unit/t-fd.c

tests/unit/t-fd.test: load tests/unit/t-fd.o parse.a core.a
	./load tests/unit/t-fd.test tests/unit/t-fd.o parse.a core.a

tests/unit/t-sig.o: compile tests/unit/t-sig.c src/lib/sig.h tests/unit/t.h
	./compile tests/unit/t-sig.c

tests/unit/t-sig.test: load tests/unit/t-sig.o parse.a core.a
	./load tests/unit/t-sig.test tests/unit/t-sig.o parse.a core.a

tests/unit/t-qq.o: compile tests/unit/t-qq.c src/lib/qq.h src/lib/buf.h \
  src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-qq.c

tests/unit/t-qq.test: load tests/unit/t-qq.o parse.a core.a
	./load tests/unit/t-qq.test tests/unit/t-qq.o parse.a core.a

tests/unit/t-utc.o: compile tests/unit/t-utc.c src/lib/utc.h tests/unit/t.h
	./compile tests/unit/t-utc.c

tests/unit/t-utc.test: load tests/unit/t-utc.o parse.a core.a
	./load tests/unit/t-utc.test tests/unit/t-utc.o parse.a core.a

tests/unit/t-wait.o: compile tests/unit/t-wait.c src/lib/wait.h \
  tests/unit/t.h
	./compile tests/unit/t-wait.c

tests/unit/t-wait.test: load tests/unit/t-wait.o parse.a core.a
	./load tests/unit/t-wait.test tests/unit/t-wait.o parse.a core.a

tests/unit/t-lock.o: compile tests/unit/t-lock.c src/lib/lock.h \
  tests/unit/t.h
	./compile tests/unit/t-lock.c

tests/unit/t-lock.test: load tests/unit/t-lock.o parse.a core.a
	./load tests/unit/t-lock.test tests/unit/t-lock.o parse.a core.a

tests/unit/t-open.o: compile tests/unit/t-open.c src/lib/open.h \
  tests/unit/t.h
	./compile tests/unit/t-open.c

tests/unit/t-open.test: load tests/unit/t-open.o parse.a core.a
	./load tests/unit/t-open.test tests/unit/t-open.o parse.a core.a

tests/unit/t-dur.o: compile tests/unit/t-dur.c src/lib/dur.h tests/unit/t.h
	./compile tests/unit/t-dur.c

tests/unit/t-dur.test: load tests/unit/t-dur.o parse.a core.a
	./load tests/unit/t-dur.test tests/unit/t-dur.o parse.a core.a

tests/unit/t-prot.o: compile tests/unit/t-prot.c src/lib/prot.h \
  tests/unit/t.h
	./compile tests/unit/t-prot.c

tests/unit/t-prot.test: load tests/unit/t-prot.o parse.a core.a
	./load tests/unit/t-prot.test tests/unit/t-prot.o parse.a core.a

tests/unit/t-env.o: compile tests/unit/t-env.c src/lib/env.h tests/unit/t.h
	./compile tests/unit/t-env.c

tests/unit/t-env.test: load tests/unit/t-env.o parse.a core.a
	./load tests/unit/t-env.test tests/unit/t-env.o parse.a core.a

tests/unit/t-date822.o: compile tests/unit/t-date822.c src/lib/date822.h \
  tests/unit/t.h
	./compile tests/unit/t-date822.c

tests/unit/t-date822.test: load tests/unit/t-date822.o parse.a core.a
	./load tests/unit/t-date822.test tests/unit/t-date822.o parse.a core.a

tests/unit/t-cdb.o: compile tests/unit/t-cdb.c src/lib/bounds.h \
  src/lib/buf.h src/lib/cdb.h src/lib/cdbmake.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-cdb.c

tests/unit/t-cdb.test: load tests/unit/t-cdb.o parse.a core.a
	./load tests/unit/t-cdb.test tests/unit/t-cdb.o parse.a core.a

tests/unit/t-rec.o: compile tests/unit/t-rec.c src/lib/bounds.h \
  src/lib/buf.h src/lib/rec.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-rec.c

tests/unit/t-rec.test: load tests/unit/t-rec.o parse.a core.a
	./load tests/unit/t-rec.test tests/unit/t-rec.o parse.a core.a

tests/unit/t-ctl.o: compile tests/unit/t-ctl.c src/lib/bounds.h \
  src/lib/ctl.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-ctl.c

tests/unit/t-ctl.test: load tests/unit/t-ctl.o parse.a core.a
	./load tests/unit/t-ctl.test tests/unit/t-ctl.o parse.a core.a

tests/unit/t-constmap.o: compile tests/unit/t-constmap.c src/lib/constmap.h \
  src/lib/ctl.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-constmap.c

tests/unit/t-constmap.test: load tests/unit/t-constmap.o parse.a core.a
	./load tests/unit/t-constmap.test tests/unit/t-constmap.o parse.a core.a

tests/unit/t-netstring.o: compile tests/unit/t-netstring.c src/lib/bounds.h \
  src/lib/buf.h src/lib/fmt.h src/lib/netstring.h src/lib/sa.h \
  tests/unit/t.h
	./compile tests/unit/t-netstring.c

tests/unit/t-netstring.test: load tests/unit/t-netstring.o parse.a core.a
	./load tests/unit/t-netstring.test tests/unit/t-netstring.o parse.a core.a

tests/unit/t-hdr822.o: compile tests/unit/t-hdr822.c src/lib/buf.h \
  src/lib/hdr822.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-hdr822.c

tests/unit/t-hdr822.test: load tests/unit/t-hdr822.o parse.a core.a
	./load tests/unit/t-hdr822.test tests/unit/t-hdr822.o parse.a core.a

tests/unit/t-inject.o: compile tests/unit/t-inject.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/hdr822.h src/lib/sa.h \
  src/qmail-inject.h tests/unit/t.h
	./compile tests/unit/t-inject.c

tests/unit/t-inject.test: load tests/unit/t-inject.o src/qmail-inject-hdr.o parse.a core.a
	./load tests/unit/t-inject.test tests/unit/t-inject.o src/qmail-inject-hdr.o parse.a core.a

tests/unit/t-dotqmail.o: compile tests/unit/t-dotqmail.c src/lib/bounds.h \
  src/lib/dotqmail.h tests/unit/t.h
	./compile tests/unit/t-dotqmail.c

tests/unit/t-dotqmail.test: load tests/unit/t-dotqmail.o parse.a core.a
	./load tests/unit/t-dotqmail.test tests/unit/t-dotqmail.o parse.a core.a

tests/unit/t-local.o: compile tests/unit/t-local.c src/lib/bounds.h \
  src/lib/buf.h src/lib/env.h src/lib/exitcode.h src/lib/mbox.h \
  src/lib/qmesearch.h src/lib/sa.h src/qmail-local.h tests/unit/t.h
	./compile tests/unit/t-local.c

tests/unit/t-local.test: load tests/unit/t-local.o src/qmail-local-deliver.o parse.a core.a
	./load tests/unit/t-local.test tests/unit/t-local.o src/qmail-local-deliver.o parse.a core.a

tests/unit/t-send.o: compile tests/unit/t-send.c src/lib/buf.h \
  src/lib/constmap.h src/lib/prioq.h src/lib/rewrite.h src/lib/sa.h \
  src/qmail-send.h tests/unit/t.h
	./compile tests/unit/t-send.c

tests/unit/t-send.test: load tests/unit/t-send.o src/qmail-send-rw.o parse.a core.a
	./load tests/unit/t-send.test tests/unit/t-send.o src/qmail-send-rw.o parse.a core.a

tests/unit/t-assign.o: compile tests/unit/t-assign.c src/lib/assign.h \
  src/lib/bounds.h src/lib/buf.h src/lib/cdb.h src/lib/cdbmake.h \
  src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-assign.c

tests/unit/t-assign.test: load tests/unit/t-assign.o parse.a core.a
	./load tests/unit/t-assign.test tests/unit/t-assign.o parse.a core.a

tests/unit/t-rcptcheck.o: compile tests/unit/t-rcptcheck.c src/lib/assign.h \
  src/lib/buf.h src/lib/cdb.h src/lib/cdbmake.h src/lib/constmap.h \
  src/lib/getpw.h src/lib/qmesearch.h src/lib/rcptcheck.h src/lib/rewrite.h \
  src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-rcptcheck.c

tests/unit/t-rcptcheck.test: load tests/unit/t-rcptcheck.o parse.a core.a
	./load tests/unit/t-rcptcheck.test tests/unit/t-rcptcheck.o parse.a core.a

tests/unit/t-users.o: compile tests/unit/t-users.c src/auto_uids.h \
  src/lib/assign.h src/lib/buf.h src/lib/cdb.h src/lib/cdbmake.h \
  src/lib/sa.h src/lib/userscdb.h src/users.h tests/unit/t.h
	./compile tests/unit/t-users.c

tests/unit/t-users.test: load tests/unit/t-users.o src/users.o parse.a core.a
	./load tests/unit/t-users.test tests/unit/t-users.o src/users.o parse.a core.a

tests/unit/t-dnsmsg.o: compile tests/unit/t-dnsmsg.c src/lib/bounds.h \
  src/lib/dnsmsg.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-dnsmsg.c

tests/unit/t-dnsmsg.test: load tests/unit/t-dnsmsg.o parse.a core.a
	./load tests/unit/t-dnsmsg.test tests/unit/t-dnsmsg.o parse.a core.a

tests/unit/t-remote.o: compile tests/unit/t-remote.c src/lib/bounds.h \
  src/lib/buf.h src/lib/constmap.h src/lib/dnsmsg.h src/lib/sa.h \
  src/lib/smtpreply.h src/lib/tcpto.h src/qmail-remote.h tests/unit/t.h
	./compile tests/unit/t-remote.c

tests/unit/t-remote.test: load tests/unit/t-remote.o src/qmail-remote-smtp.o src/qmail-remote-route.o parse.a core.a
	./load tests/unit/t-remote.test tests/unit/t-remote.o src/qmail-remote-smtp.o src/qmail-remote-route.o parse.a core.a

tests/unit/t-rspawn.o: compile tests/unit/t-rspawn.c src/lib/buf.h \
  src/lib/sa.h src/qmail-rspawn.h src/spawnd.h tests/unit/t.h
	./compile tests/unit/t-rspawn.c

tests/unit/t-rspawn.test: load tests/unit/t-rspawn.o src/qmail-rspawn-report.o core.a
	./load tests/unit/t-rspawn.test tests/unit/t-rspawn.o src/qmail-rspawn-report.o core.a

# fuzz replays: the libFuzzer entry point driven by a plain main
tests/fuzz/replay.o: compile tests/fuzz/replay.c
	./compile tests/fuzz/replay.c

tests/fuzz/fz-ctl.o: compile tests/fuzz/fz-ctl.c src/lib/bounds.h \
  src/lib/ctl.h src/lib/sa.h
	./compile tests/fuzz/fz-ctl.c

tests/fuzz/fz-ctl.replay: load tests/fuzz/fz-ctl.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-ctl.replay tests/fuzz/fz-ctl.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-constmap.o: compile tests/fuzz/fz-constmap.c \
  src/lib/constmap.h
	./compile tests/fuzz/fz-constmap.c

tests/fuzz/fz-constmap.replay: load tests/fuzz/fz-constmap.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-constmap.replay tests/fuzz/fz-constmap.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-netstring.o: compile tests/fuzz/fz-netstring.c \
  src/lib/bounds.h src/lib/buf.h src/lib/netstring.h src/lib/sa.h
	./compile tests/fuzz/fz-netstring.c

tests/fuzz/fz-netstring.replay: load tests/fuzz/fz-netstring.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-netstring.replay tests/fuzz/fz-netstring.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-rec.o: compile tests/fuzz/fz-rec.c src/lib/bounds.h \
  src/lib/buf.h src/lib/rec.h src/lib/sa.h
	./compile tests/fuzz/fz-rec.c

tests/fuzz/fz-rec.replay: load tests/fuzz/fz-rec.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-rec.replay tests/fuzz/fz-rec.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-cdb.o: compile tests/fuzz/fz-cdb.c src/lib/cdb.h src/lib/sa.h
	./compile tests/fuzz/fz-cdb.c

tests/fuzz/fz-cdb.replay: load tests/fuzz/fz-cdb.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-cdb.replay tests/fuzz/fz-cdb.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-scan.o: compile tests/fuzz/fz-scan.c src/lib/fmt.h \
  src/lib/scan.h
	./compile tests/fuzz/fz-scan.c

tests/fuzz/fz-scan.replay: load tests/fuzz/fz-scan.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-scan.replay tests/fuzz/fz-scan.o tests/fuzz/replay.o parse.a core.a


tests/fuzz/fz-hdr822.o: compile tests/fuzz/fz-hdr822.c src/lib/buf.h \
  src/lib/hdr822.h src/lib/sa.h
	./compile tests/fuzz/fz-hdr822.c

tests/fuzz/fz-hdr822.replay: load tests/fuzz/fz-hdr822.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-hdr822.replay tests/fuzz/fz-hdr822.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-dotqmail.o: compile tests/fuzz/fz-dotqmail.c src/lib/bounds.h \
  src/lib/dotqmail.h
	./compile tests/fuzz/fz-dotqmail.c

tests/fuzz/fz-dotqmail.replay: load tests/fuzz/fz-dotqmail.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-dotqmail.replay tests/fuzz/fz-dotqmail.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-rcptcheck.o: compile tests/fuzz/fz-rcptcheck.c src/lib/cdb.h \
  src/lib/constmap.h src/lib/rcptcheck.h src/lib/rewrite.h src/lib/sa.h
	./compile tests/fuzz/fz-rcptcheck.c

tests/fuzz/fz-rcptcheck.replay: load tests/fuzz/fz-rcptcheck.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-rcptcheck.replay tests/fuzz/fz-rcptcheck.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-assign.o: compile tests/fuzz/fz-assign.c src/lib/assign.h \
  src/lib/bounds.h src/lib/buf.h src/lib/cdb.h src/lib/cdbmake.h \
  src/lib/sa.h
	./compile tests/fuzz/fz-assign.c

tests/fuzz/fz-assign.replay: load tests/fuzz/fz-assign.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-assign.replay tests/fuzz/fz-assign.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-dnsmsg.o: compile tests/fuzz/fz-dnsmsg.c src/lib/bounds.h \
  src/lib/dnsmsg.h src/lib/sa.h
	./compile tests/fuzz/fz-dnsmsg.c

tests/fuzz/fz-dnsmsg.replay: load tests/fuzz/fz-dnsmsg.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-dnsmsg.replay tests/fuzz/fz-dnsmsg.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-smtpreply.o: compile tests/fuzz/fz-smtpreply.c \
  src/lib/bounds.h src/lib/sa.h src/lib/smtpreply.h
	./compile tests/fuzz/fz-smtpreply.c

tests/fuzz/fz-smtpreply.replay: load tests/fuzz/fz-smtpreply.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-smtpreply.replay tests/fuzz/fz-smtpreply.o tests/fuzz/replay.o parse.a core.a

tests/fuzz/fz-remotecopy.o: compile tests/fuzz/fz-remotecopy.c \
  src/lib/bounds.h src/lib/buf.h src/lib/constmap.h src/lib/dnsmsg.h \
  src/lib/sa.h src/lib/smtpreply.h src/qmail-remote.h
	./compile tests/fuzz/fz-remotecopy.c

tests/fuzz/fz-remotecopy.replay: load tests/fuzz/fz-remotecopy.o tests/fuzz/replay.o src/qmail-remote-smtp.o parse.a core.a
	./load tests/fuzz/fz-remotecopy.replay tests/fuzz/fz-remotecopy.o tests/fuzz/replay.o src/qmail-remote-smtp.o parse.a core.a

src/quire-config.o: compile src/quire-config.c src/auto_qmail.h \
  src/lib/buf.h src/lib/dur.h src/lib/err.h src/lib/exitcode.h src/lib/fd.h \
  src/lib/hostname.h src/lib/open.h src/lib/sa.h src/lib/sig.h src/lib/str.h
	./compile src/quire-config.c

src/lib/hostname.o: compile src/lib/hostname.c src/lib/hostname.h
	./compile src/lib/hostname.c

tests/unit/t-hostname.o: compile tests/unit/t-hostname.c src/lib/hostname.h \
  tests/unit/t.h
	./compile tests/unit/t-hostname.c

tests/unit/t-hostname.test: load tests/unit/t-hostname.o parse.a core.a
	./load tests/unit/t-hostname.test tests/unit/t-hostname.o parse.a core.a

tests/fuzz/fz-hostname.o: compile tests/fuzz/fz-hostname.c \
  src/lib/hostname.h
	./compile tests/fuzz/fz-hostname.c

tests/fuzz/fz-hostname.replay: load tests/fuzz/fz-hostname.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-hostname.replay tests/fuzz/fz-hostname.o tests/fuzz/replay.o parse.a core.a

tests/unit/t-rjob.o: compile tests/unit/t-rjob.c src/lib/bounds.h \
  src/lib/buf.h src/lib/rec.h src/lib/rjob.h src/lib/sa.h \
  src/lib/spawnproto.h tests/unit/t.h
	./compile tests/unit/t-rjob.c

tests/unit/t-rjob.test: load tests/unit/t-rjob.o core.a
	./load tests/unit/t-rjob.test tests/unit/t-rjob.o core.a

tests/fuzz/fz-rjob.o: compile tests/fuzz/fz-rjob.c src/lib/bounds.h \
  src/lib/buf.h src/lib/rec.h src/lib/rjob.h src/lib/sa.h \
  src/lib/spawnproto.h
	./compile tests/fuzz/fz-rjob.c

tests/fuzz/fz-rjob.replay: load tests/fuzz/fz-rjob.o tests/fuzz/replay.o core.a
	./load tests/fuzz/fz-rjob.replay tests/fuzz/fz-rjob.o tests/fuzz/replay.o core.a

tests/unit/t-lwork.o: compile tests/unit/t-lwork.c src/lib/lwork.h \
  src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-lwork.c

tests/unit/t-lwork.test: load tests/unit/t-lwork.o core.a
	./load tests/unit/t-lwork.test tests/unit/t-lwork.o core.a

tests/fuzz/fz-lwork.o: compile tests/fuzz/fz-lwork.c src/lib/lwork.h \
  src/lib/sa.h
	./compile tests/fuzz/fz-lwork.c

tests/fuzz/fz-lwork.replay: load tests/fuzz/fz-lwork.o tests/fuzz/replay.o core.a
	./load tests/fuzz/fz-lwork.replay tests/fuzz/fz-lwork.o tests/fuzz/replay.o core.a

src/lib/utf8.o: compile src/lib/utf8.c src/lib/utf8.h
	./compile src/lib/utf8.c

tests/unit/t-utf8.o: compile tests/unit/t-utf8.c src/lib/utf8.h \
  tests/unit/t.h
	./compile tests/unit/t-utf8.c

tests/unit/t-utf8.test: load tests/unit/t-utf8.o parse.a core.a
	./load tests/unit/t-utf8.test tests/unit/t-utf8.o parse.a core.a

tests/fuzz/fz-utf8.o: compile tests/fuzz/fz-utf8.c src/lib/utf8.h
	./compile tests/fuzz/fz-utf8.c

tests/fuzz/fz-utf8.replay: load tests/fuzz/fz-utf8.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-utf8.replay tests/fuzz/fz-utf8.o tests/fuzz/replay.o parse.a core.a

tests/unit/t-received.o: compile tests/unit/t-received.c src/lib/buf.h \
  src/lib/qq.h src/lib/received.h src/lib/sa.h tests/unit/t.h
	./compile tests/unit/t-received.c

tests/unit/t-received.test: load tests/unit/t-received.o core.a
	./load tests/unit/t-received.test tests/unit/t-received.o core.a

src/lib/md5.o: compile src/lib/md5.c src/lib/md5.h
	./compile src/lib/md5.c

src/lib/checkpw.o: compile src/lib/checkpw.c src/lib/buf.h src/lib/checkpw.h \
  src/lib/err.h src/lib/exitcode.h src/lib/fd.h src/lib/sa.h src/lib/sig.h
	./compile src/lib/checkpw.c

src/lib/base64.o: compile src/lib/base64.c src/lib/base64.h
	./compile src/lib/base64.c

src/lib/smtpauth.o: compile src/lib/smtpauth.c src/lib/base64.h \
  src/lib/smtpauth.h src/lib/str.h
	./compile src/lib/smtpauth.c

tests/unit/t-md5.o: compile tests/unit/t-md5.c src/lib/md5.h tests/unit/t.h
	./compile tests/unit/t-md5.c

tests/unit/t-md5.test: load tests/unit/t-md5.o core.a
	./load tests/unit/t-md5.test tests/unit/t-md5.o core.a

tests/unit/t-base64.o: compile tests/unit/t-base64.c src/lib/base64.h \
  tests/unit/t.h
	./compile tests/unit/t-base64.c

tests/unit/t-base64.test: load tests/unit/t-base64.o parse.a core.a
	./load tests/unit/t-base64.test tests/unit/t-base64.o parse.a core.a

tests/unit/t-smtpauth.o: compile tests/unit/t-smtpauth.c src/lib/smtpauth.h \
  tests/unit/t.h
	./compile tests/unit/t-smtpauth.c

tests/unit/t-smtpauth.test: load tests/unit/t-smtpauth.o parse.a core.a
	./load tests/unit/t-smtpauth.test tests/unit/t-smtpauth.o parse.a core.a

tests/fuzz/fz-smtpauth.o: compile tests/fuzz/fz-smtpauth.c src/lib/base64.h \
  src/lib/smtpauth.h
	./compile tests/fuzz/fz-smtpauth.c

tests/fuzz/fz-smtpauth.replay: load tests/fuzz/fz-smtpauth.o tests/fuzz/replay.o parse.a core.a
	./load tests/fuzz/fz-smtpauth.replay tests/fuzz/fz-smtpauth.o tests/fuzz/replay.o parse.a core.a

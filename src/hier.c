/* hier.c - the install table
 *
 * SECURITY: this table is the partition on disk.  Only qmail-queue is
 * setuid (to qmailq, so any user can queue mail); the queue's private
 * directories belong to the daemon that owns each stage (DESIGN.md 2);
 * the privileged programs (qmail-start, qmail-lspawn) are 0700 root. */
#include "auto_uids.h"
#include "hier.h"

#define D(p, o, g, m) { HIER_DIR, p, o, g, m }
#define S(p, o, g, m) { HIER_SPLIT, p, o, g, m }
#define F(p, o, g, m) { HIER_FILE, p, o, g, m }
#define P(p, o, g, m) { HIER_PROG, p, o, g, m }
#define M(p) { HIER_MAN, p, ROLE_OWNER, GROUP_QMAIL, 0644 }

const struct hier hier[] = {
  D("", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("control", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("users", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("bin", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("boot", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("man", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("man/man1", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("man/man5", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("man/man7", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("man/man8", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("alias", ROLE_ALIAS, GROUP_QMAIL, 02755),

  D("queue", ROLE_QUEUE, GROUP_QMAIL, 0750),
  D("queue/pid", ROLE_QUEUE, GROUP_QMAIL, 0700),
  D("queue/intd", ROLE_QUEUE, GROUP_QMAIL, 0700),
  D("queue/todo", ROLE_QUEUE, GROUP_QMAIL, 0750),
  D("queue/bounce", ROLE_SEND, GROUP_QMAIL, 0700),
  S("queue/mess", ROLE_QUEUE, GROUP_QMAIL, 0750),
  S("queue/info", ROLE_SEND, GROUP_QMAIL, 0700),
  S("queue/local", ROLE_SEND, GROUP_QMAIL, 0700),
  S("queue/remote", ROLE_SEND, GROUP_QMAIL, 0700),
  D("queue/lock", ROLE_QUEUE, GROUP_QMAIL, 0750),
  F("queue/lock/tcpto", ROLE_REMOTE, GROUP_QMAIL, 0644),
  F("queue/lock/sendmutex", ROLE_SEND, GROUP_QMAIL, 0600),
  { HIER_FIFO, "queue/lock/trigger", ROLE_SEND, GROUP_QMAIL, 0622 },

  P("bin/qmail-queue", ROLE_QUEUE, GROUP_QMAIL, 04711),
  P("bin/qmail-start", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-lspawn", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-send", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-clean", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-rspawn", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-getpw", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-local", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-newu", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-newrcpt", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-pw2u", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-inject", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/sendmail", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-qread", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-qstat", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-showctl", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-remote", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-tcpok", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-tcpto", ROLE_OWNER, GROUP_QMAIL, 0711),

  P("bin/qmail-smtpd", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/tcp-env", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-newmrh", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmail-qmtpd", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-qmqpd", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-qmqpc", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qmail-popup", ROLE_OWNER, GROUP_QMAIL, 0711),
  P("bin/qmail-pop3d", ROLE_OWNER, GROUP_QMAIL, 0711),

  /* the user tools, for anyone and for .qmail files; splogger for the
   * admin (modes as qmail installs them) */
  P("bin/maildirmake", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/maildir2mbox", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/forward", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/condredirect", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/bouncesaying", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/except", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/preline", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/predate", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/datemail", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/mailsubj", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qreceipt", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/qbiff", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("bin/splogger", ROLE_OWNER, GROUP_QMAIL, 0711),

  P("bin/quire-config", ROLE_OWNER, GROUP_QMAIL, 0700),
  P("bin/qmailctl", ROLE_OWNER, GROUP_QMAIL, 0755),

  /* daemontools service directories, to be linked into svscan's
   * directory; each log/main belongs to the log user, who alone writes
   * it (multilog runs as that user) */
  D("supervise", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-send", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-send/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-send/log", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-send/log/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-send/log/main", ROLE_LOG, GROUP_NOFILES, 0750),
  D("supervise/qmail-smtpd", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smtpd/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smtpd/log", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smtpd/log/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smtpd/log/main", ROLE_LOG, GROUP_NOFILES, 0750),
  D("supervise/qmail-submission", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-submission/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-submission/log", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-submission/log/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-submission/log/main", ROLE_LOG, GROUP_NOFILES, 0750),
  D("supervise/qmail-smtps", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smtps/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smtps/log", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smtps/log/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smtps/log/main", ROLE_LOG, GROUP_NOFILES, 0750),
  D("supervise/qmail-smarthost", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smarthost/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smarthost/log", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("supervise/qmail-smarthost/log/run", ROLE_OWNER, GROUP_QMAIL, 0755),
  D("supervise/qmail-smarthost/log/main", ROLE_LOG, GROUP_NOFILES, 0750),
  /* qmail-start without daemontools */
  P("boot/home", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("boot/maildir", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("boot/proc", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("boot/binm1", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("boot/binm2", ROLE_OWNER, GROUP_QMAIL, 0755),
  P("boot/binm3", ROLE_OWNER, GROUP_QMAIL, 0755),

  /* every page in man/, installed as qmail did under man/manN */
  M("man/man5/dot-qmail.5"),
  M("man/man5/maildir.5"),
  M("man/man8/qmail-clean.8"),
  M("man/man8/qmail-command.8"),
  M("man/man5/qmail-control.5"),
  M("man/man8/qmail-getpw.8"),
  M("man/man5/qmail-header.5"),
  M("man/man8/qmail-inject.8"),
  M("man/man8/qmail-local.8"),
  M("man/man5/qmail-log.5"),
  M("man/man8/qmail-lspawn.8"),
  M("man/man8/qmail-newmrh.8"),
  M("man/man8/qmail-newu.8"),
  M("man/man8/qmail-newrcpt.8"),
  M("man/man8/qmail-pop3d.8"),
  M("man/man8/qmail-popup.8"),
  M("man/man8/qmail-pw2u.8"),
  M("man/man8/qmail-qmqpc.8"),
  M("man/man8/qmail-qmqpd.8"),
  M("man/man8/qmail-qmtpd.8"),
  M("man/man8/qmail-qread.8"),
  M("man/man8/qmail-qstat.8"),
  M("man/man8/qmail-queue.8"),
  M("man/man8/qmail-remote.8"),
  M("man/man8/qmail-rspawn.8"),
  M("man/man8/qmail-send.8"),
  M("man/man8/qmail-showctl.8"),
  M("man/man8/qmail-smtpd.8"),
  M("man/man8/qmail-start.8"),
  M("man/man8/qmail-tcpok.8"),
  M("man/man8/qmail-tcpto.8"),
  M("man/man5/qmail-users.5"),
  M("man/man8/quire-install.8"),
  M("man/man8/quire-instcheck.8"),
  M("man/man8/quire-config.8"),
  M("man/man8/qmailctl.8"),
  M("man/man7/quire.7"),
  M("man/man8/sendmail.8"),
  M("man/man1/tcp-env.1"),
  M("man/man5/tcp-environ.5"),
  M("man/man1/maildirmake.1"),
  M("man/man1/maildir2mbox.1"),
  M("man/man1/forward.1"),
  M("man/man1/condredirect.1"),
  M("man/man1/bouncesaying.1"),
  M("man/man1/except.1"),
  M("man/man1/preline.1"),
  M("man/man1/predate.1"),
  M("man/man1/datemail.1"),
  M("man/man1/mailsubj.1"),
  M("man/man1/qreceipt.1"),
  M("man/man1/qbiff.1"),
  M("man/man8/splogger.8"),
};

const unsigned int hier_count = sizeof hier / sizeof hier[0];

uid_t hier_uid(enum hier_role r)
{
  switch (r) {
  case ROLE_ALIAS: return auto_uid_alias;
  case ROLE_DAEMON: return auto_uid_daemon;
  case ROLE_LOG: return auto_uid_log;
  case ROLE_PASSWD: return auto_uid_passwd;
  case ROLE_QUEUE: return auto_uid_queue;
  case ROLE_REMOTE: return auto_uid_remote;
  case ROLE_SEND: return auto_uid_send;
  case ROLE_OWNER: break;
  }
  return auto_uid_owner;
}

gid_t hier_gid(enum hier_group g)
{
  return g == GROUP_NOFILES ? auto_gid_nofiles : auto_gid_group;
}

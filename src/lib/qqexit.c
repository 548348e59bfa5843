/* qqexit.c - what a qmail-queue exit code means
 *
 * CONTRACT: the texts follow qmail-queue(8)'s list; callers put them in
 * SMTP replies ("451 qq write error ...") and in injection errors. */
#include "qqexit.h"

int qqexit_isperm(int code)
{
  return code >= 11 && code <= 40;
}

const char *qqexit_text(int code)
{
  switch (code) {
  case QQ_OK: return "ok";
  case QQ_ADDR_TOOLONG: return "address too long";
  case QQ_REFUSED: return "mail server permanently rejected message";
  case QQ_NOMEM: return "out of memory";
  case QQ_TIMEOUT: return "timeout";
  case QQ_WRITE: return "write error (disk full?)";
  case QQ_READ: return "read error";
  case QQ_CONFIG: return "unable to read configuration";
  case QQ_NETWORK: return "unable to make network connection";
  case QQ_HOME: return "trouble with the home directory";
  case QQ_QUEUEDIR: return "trouble making the queue directory";
  case QQ_PID: return "trouble with queue/pid";
  case QQ_MESS: return "trouble with queue/mess";
  case QQ_INTD: return "trouble with queue/intd";
  case QQ_TODO: return "trouble with queue/todo";
  case QQ_TEMP: return "mail server temporarily rejected message";
  case QQ_CONNTIMEOUT: return "connection to mail server timed out";
  case QQ_CONNREFUSED: return "connection to mail server rejected";
  case QQ_CONNFAIL: return "communication with mail server failed";
  case QQ_FORK: return "internal bug (unable to fork)";
  case QQ_CUSTOM: return "custom error";
  case QQ_INTERNAL: return "envelope format error";
  default:
    return qqexit_isperm(code) ? "permanent queue failure"
                               : "temporary queue failure";
  }
}

const char *qqexit_report(int code)
{
  switch (code) {
  case QQ_ADDR_TOOLONG: return "Denvelope address too long for qq (#5.1.3)";
  case QQ_REFUSED: return "Dmail server permanently rejected message (#5.3.0)";
  case QQ_NOMEM: return "Zqq out of memory (#4.3.0)";
  case QQ_TIMEOUT: return "Zqq timeout (#4.3.0)";
  case QQ_WRITE: return "Zqq write error or disk full (#4.3.0)";
  case QQ_OK:        /* queued, but the caller's own writes failed */
  case QQ_READ: return "Zqq read error (#4.3.0)";
  case QQ_CONFIG: return "Zqq unable to read configuration (#4.3.0)";
  case QQ_NETWORK: return "Zqq trouble making network connection (#4.3.0)";
  case QQ_HOME: return "Zqq trouble in home directory (#4.3.0)";
  case QQ_QUEUEDIR:
  case QQ_PID:
  case QQ_MESS:
  case QQ_INTD:
  case QQ_TODO: return "Zqq trouble creating files in queue (#4.3.0)";
  case QQ_TEMP: return "Zmail server temporarily rejected message (#4.3.0)";
  case QQ_CONNTIMEOUT: return "Zconnection to mail server timed out (#4.4.1)";
  case QQ_CONNREFUSED: return "Zconnection to mail server rejected (#4.4.1)";
  case QQ_CONNFAIL: return "Zcommunication with mail server failed (#4.4.2)";
  case QQ_FORK:
  case QQ_INTERNAL: return "Zqq internal bug (#4.3.0)";
  case QQ_CUSTOM: return "Zqq custom error without a text (#4.3.0)";
  case 120: return "Zunable to exec qq (#4.3.0)";
  default:
    return qqexit_isperm(code) ? "Dqq permanent problem (#5.3.0)"
                               : "Zqq temporary problem (#4.3.0)";
  }
}

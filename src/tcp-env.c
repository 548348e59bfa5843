/* tcp-env - set up TCP-related environment variables, then run a program
 * runs as: whoever inetd (or a similar launcher) runs it as; writes no
 *          files; no privilege of its own
 * reads:   the addresses of the socket on fd 0; reverse DNS (libc);
 *          with -r, one RFC 1413 reply from the client's port 113
 * trusts:  the kernel's socket addresses; nothing else: host names and
 *          the RFC 1413 answer are the client's say-so, and are passed
 *          on as such (qmail-smtpd prints them in the Received line,
 *          made safe there)
 * parses:  the RFC 1413 reply line (at most IDENT_MAX bytes, printable
 *          bytes kept) */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include "buf.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "scan.h"
#include "sig.h"
#include "str.h"

const char *prog = "tcp-env";

extern char **environ;

#define IDENT_MAX 512     /* RFC 1413 section 6: a reply under 1000 bytes */
#define IDENT_TIMEOUT 30  /* qmail's default for -t */

static struct {
  struct env env;
  int remoteinfo;         /* -r: ask the client's ident service */
  unsigned long timeout;
  struct sockaddr_storage local;
  struct sockaddr_storage remote;
} g;

static void put(const char *name, const char *value)
{
  if (!env_put(&g.env, name, value)) temp_nomem();
}

/* addr - the text form and port of an address */
static void addr(const struct sockaddr_storage *sa, char *ip, size_t iplen,
                 char *port)
{
  unsigned long p = 0;

  ip[0] = 0;
  if (sa->ss_family == AF_INET) {
    const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
    inet_ntop(AF_INET, &s4->sin_addr, ip, (socklen_t)iplen);
    p = ntohs(s4->sin_port);
  } else if (sa->ss_family == AF_INET6) {
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
    inet_ntop(AF_INET6, &s6->sin6_addr, ip, (socklen_t)iplen);
    p = ntohs(s6->sin6_port);
  }
  port[fmt_ulong(port, p)] = 0;
}

/* host - the reverse DNS name of sa as name, or unset name */
static void host(const struct sockaddr_storage *sa, const char *name)
{
  char h[NI_MAXHOST];
  socklen_t len = sa->ss_family == AF_INET ? sizeof(struct sockaddr_in)
                                           : sizeof(struct sockaddr_in6);

  if (getnameinfo((const struct sockaddr *)sa, len, h, sizeof h, 0, 0,
                  NI_NAMEREQD) == 0)
    put(name, h);
  else if (!env_unset(&g.env, name))
    temp_nomem();
}

/* waitfor - poll fd for events, at most the -t timeout; 1 if ready */
static int waitfor(int fd, short events)
{
  struct pollfd p;
  int r;

  p.fd = fd;
  p.events = events;
  do {
    r = poll(&p, 1, (int)g.timeout * 1000);
  } while (r == -1 && errno == EINTR);
  return r == 1;
}

/* identconnect - a socket connected from our address to the client's
 * port 113, or -1 */
static int identconnect(void)
{
  struct sockaddr_storage from = g.local;
  struct sockaddr_storage to = g.remote;
  socklen_t len = g.remote.ss_family == AF_INET ? sizeof(struct sockaddr_in)
                                                : sizeof(struct sockaddr_in6);
  int s = socket(g.remote.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (s == -1) return -1;
  if (from.ss_family == AF_INET) ((struct sockaddr_in *)&from)->sin_port = 0;
  else ((struct sockaddr_in6 *)&from)->sin6_port = 0;
  if (to.ss_family == AF_INET)
    ((struct sockaddr_in *)&to)->sin_port = htons(113);
  else
    ((struct sockaddr_in6 *)&to)->sin6_port = htons(113);
  if (bind(s, (struct sockaddr *)&from, len) == -1 || fd_nonblock(s) == -1)
    goto fail;
  if (connect(s, (struct sockaddr *)&to, len) == -1 &&
      (errno != EINPROGRESS || !waitfor(s, POLLOUT)))
    goto fail;
  if (connect(s, (struct sockaddr *)&to, len) == -1 && errno != EISCONN)
    goto fail;
  return s;
fail:
  close(s);
  return -1;
}

/* identreply - the user id from "rport , lport : USERID : os : id" */
static void identreply(char *r, size_t n)
{
  size_t c1 = byte_chr(r, n, ':');
  size_t c2;
  size_t c3;
  size_t i;

  if (c1 == n) return;
  c2 = c1 + 1 + byte_chr(r + c1 + 1, n - c1 - 1, ':');
  if (c2 >= n) return;
  c3 = c2 + 1 + byte_chr(r + c2 + 1, n - c2 - 1, ':');
  if (c3 >= n) return;
  for (i = c1 + 1; i < c2 && r[i] == ' '; ++i) {}
  if (!case_startb(r + i, c2 - i, "userid")) return;
  for (i = c3 + 1; i < n && r[i] == ' '; ++i) {}
  while (n > i && (r[n - 1] == '\n' || r[n - 1] == '\r' || r[n - 1] == ' '))
    --n;
  if (n == i) return;
  if (!env_putb(&g.env, "TCPREMOTEINFO", r + i, n - i)) temp_nomem();
}

/* ident - TCPREMOTEINFO from the client's RFC 1413 service, if any */
static void ident(const char *rport, const char *lport)
{
  char q[2 * FMT_ULONG + 8];
  char r[IDENT_MAX];
  size_t n = 0;
  size_t qlen;
  int s = identconnect();

  if (s == -1) return;
  qlen = strlen(rport);
  memcpy(q, rport, qlen);
  memcpy(q + qlen, " , ", 3);
  memcpy(q + qlen + 3, lport, strlen(lport));
  qlen += 3 + strlen(lport);
  memcpy(q + qlen, "\r\n", 2);
  if (fd_writeall(s, q, qlen + 2, (int)g.timeout) == 0) {
    close(s);
    return;
  }
  while (n < sizeof r && !memchr(r, '\n', n)) {
    ssize_t got = fd_readwait(s, r + n, sizeof r - n, (int)g.timeout);
    if (got <= 0) break;
    n += (size_t)got;
  }
  close(s);
  n = byte_chr(r, n, '\n');
  for (qlen = 0; qlen < n; ++qlen)
    if ((unsigned char)r[qlen] < 32 || (unsigned char)r[qlen] > 126)
      r[qlen] = '?';
  identreply(r, n);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
  die_usage("tcp-env [ -rR ] [ -ttimeout ] program [ arg ... ]");
}

static void options(int argc, char **argv, int *first)
{
  int i;

  g.remoteinfo = 1;
  g.timeout = IDENT_TIMEOUT;
  for (i = 1; i < argc && argv[i][0] == '-'; ++i) {
    const char *a = argv[i];
    if (str_equal(a, "--")) {
      ++i;
      break;
    }
    for (++a; *a; ++a) {
      if (*a == 'r') g.remoteinfo = 1;
      else if (*a == 'R') g.remoteinfo = 0;
      else if (*a == 't') {
        const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : 0);
        size_t t = 0;
        if (!v || !scan_size(v, &t, 3600)) usage();
        g.timeout = t;
        break;
      } else {
        usage();
      }
    }
  }
  if (i >= argc) usage();
  *first = i;
}

/* tcp - the variables for the socket on fd 0; nothing if it is not a
 * TCP socket */
static void tcp(void)
{
  socklen_t ll = sizeof g.local;
  socklen_t rl = sizeof g.remote;
  char ip[INET6_ADDRSTRLEN];
  char lport[FMT_ULONG];
  char rport[FMT_ULONG];

  if (getsockname(0, (struct sockaddr *)&g.local, &ll) == -1) return;
  if (g.local.ss_family != AF_INET && g.local.ss_family != AF_INET6) return;
  if (getpeername(0, (struct sockaddr *)&g.remote, &rl) == -1) return;
  put("PROTO", "TCP");
  addr(&g.local, ip, sizeof ip, lport);
  put("TCPLOCALIP", ip);
  put("TCPLOCALPORT", lport);
  host(&g.local, "TCPLOCALHOST");
  addr(&g.remote, ip, sizeof ip, rport);
  put("TCPREMOTEIP", ip);
  put("TCPREMOTEPORT", rport);
  host(&g.remote, "TCPREMOTEHOST");
  if (!env_unset(&g.env, "TCPREMOTEINFO")) temp_nomem();
  if (g.remoteinfo) ident(rport, lport);
}

int main(int argc, char **argv)
{
  int first;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  options(argc, argv, &first);
  if (!env_copy(&g.env, environ)) temp_nomem();
  tcp();
  sig_default(SIGPIPE);
  environ = env_vec(&g.env);
  execvp(argv[first], argv + first);
  die_tempsys("unable to run ", argv[first]);
}

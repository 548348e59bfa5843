/* dns.c - a small stub resolver for mail: MX, A and AAAA
 *
 * What the header leaves open, decided here:
 * - No EDNS0: queries ask for classic 512-byte UDP answers, and larger
 *   ones come over TCP (RFC 7766 makes TCP a requirement for servers).
 * - The source port is chosen at random from 1025-65535 by us, not left
 *   to the kernel, so its unpredictability does not depend on kernel
 *   settings; ten ports in use in a row, and the kernel picks one.
 * - A new id for every datagram sent.  An answer that is malformed, or
 *   a refused port (ICMP), ends the try at that server at once.
 * - Every wait is bounded: each try by its deadline, each query by the
 *   schedule (3 rounds x servers), each lookup by LIM_DNS_CNAME. */
#include <errno.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "dns.h"
#include "open.h"
#include "sa.h"
#include "scan.h"

#define RESOLVCONF_MAX (64 * 1024)

static struct {
  int ready;
  size_t n;
  struct sockaddr_storage addr[LIM_DNS_SERVERS];
  socklen_t len[LIM_DNS_SERVERS];
} ns;

static unsigned char packet[LIM_DNS_TCP];
static const int schedule[] = { 2, 5, 10 };

int dns_random(void *p, size_t n)
{
  char *s = p;
  int fd;

  while (n) {
    ssize_t r = getrandom(s, n, 0);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    s += r;
    n -= (size_t)r;
  }
  if (!n) return 0;
  fd = open_read("/dev/urandom");
  if (fd == -1) return -1;
  while (n) {
    ssize_t r = read(fd, s, n);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) {
      close(fd);
      if (r == 0) errno = EIO;
      return -1;
    }
    s += r;
    n -= (size_t)r;
  }
  close(fd);
  return 0;
}

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* addserver - one numeric address (scope allowed: fe80::1%eth0).
 * inet_pton, not getaddrinfo, so a static link needs no NSS. */
static void addserver(const char *text)
{
  char a6[INET6_ADDRSTRLEN];
  const char *pct = strchr(text, '%');
  size_t n = pct ? (size_t)(pct - text) : strlen(text);
  struct sockaddr_in *s4;
  struct sockaddr_in6 *s6;

  if (ns.n >= LIM_DNS_SERVERS) return;
  memset(&ns.addr[ns.n], 0, sizeof ns.addr[0]);
  s4 = (struct sockaddr_in *)&ns.addr[ns.n];
  if (!pct && inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(53);
    ns.len[ns.n++] = sizeof *s4;
    return;
  }
  if (n >= sizeof a6) return;
  memcpy(a6, text, n);
  a6[n] = 0;
  s6 = (struct sockaddr_in6 *)&ns.addr[ns.n];
  if (inet_pton(AF_INET6, a6, &s6->sin6_addr) != 1) return;
  if (pct) {
    unsigned long id;
    size_t k = scan_ulong(pct + 1, &id);
    if (k && !pct[1 + k] && id <= 0xffffffffUL)
      s6->sin6_scope_id = (uint32_t)id;
    else if (!(s6->sin6_scope_id = if_nametoindex(pct + 1)))
      return;
  }
  s6->sin6_family = AF_INET6;
  s6->sin6_port = htons(53);
  ns.len[ns.n++] = sizeof *s6;
}

/* parseconf - "nameserver ADDRESS" lines; everything else is ignored */
static void parseconf(char *s, size_t n)
{
  size_t pos = 0;

  while (pos < n) {
    size_t end = pos;
    size_t a;
    while (end < n && s[end] != '\n') ++end;
    s[end] = 0;                         /* the caller left room */
    if (end - pos > 10 && !memcmp(s + pos, "nameserver", 10) &&
        (s[pos + 10] == ' ' || s[pos + 10] == '\t')) {
      a = pos + 10;
      while (s[a] == ' ' || s[a] == '\t') ++a;
      {
        size_t e = a;
        while (s[e] && s[e] != ' ' && s[e] != '\t' && s[e] != '\r' &&
               s[e] != '#' && s[e] != ';')
          ++e;
        s[e] = 0;
      }
      if (s[a]) addserver(s + a);
    }
    pos = end + 1;
  }
}

int dns_init(void)
{
  struct sa text = SA_ZERO;
  int fd;

  ns.n = 0;
  text.max = RESOLVCONF_MAX;
  fd = open_read(DNS_RESOLVCONF);
  if (fd == -1 && errno != ENOENT) return -1;
  if (fd != -1) {
    struct buf b;
    char space[BUF_SIZE];
    buf_init(&b, fd, space, sizeof space);
    for (;;) {
      ssize_t r = buf_feed(&b);
      if (r == 0) break;
      if (r == -1 || !sa_catb(&text, buf_peek(&b), (size_t)r)) {
        close(fd);
        sa_free(&text);
        return -1;
      }
      buf_skip(&b, (size_t)r);
    }
    close(fd);
    if (!sa_0(&text)) {
      sa_free(&text);
      return -1;
    }
    parseconf(text.s, text.len - 1);
    sa_free(&text);
  }
  if (ns.n == 0) {
    addserver("127.0.0.1");
    addserver("::1");
  }
  ns.ready = 1;
  return 0;
}

/* randport - a socket bound to a random port of its family */
static void randport(int fd, int family)
{
  int i;

  for (i = 0; i < 10; ++i) {
    unsigned short r;
    struct sockaddr_storage ss;
    socklen_t len;
    if (dns_random(&r, sizeof r) == -1) return;
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET6) {
      struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
      s6->sin6_family = AF_INET6;
      s6->sin6_port = htons((unsigned short)(1025 + r % 64511));
      len = sizeof *s6;
    } else {
      struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
      s4->sin_family = AF_INET;
      s4->sin_port = htons((unsigned short)(1025 + r % 64511));
      len = sizeof *s4;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) == 0) return;
    if (errno != EADDRINUSE && errno != EACCES) return;
  }
}

/* waitfd - poll one fd until ready or the deadline (ms, monotonic) */
static int waitfd(int fd, short events, long deadline)
{
  for (;;) {
    struct pollfd p;
    long left = deadline - now_ms();
    int r;
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    p.fd = fd;
    p.events = events;
    p.revents = 0;
    r = poll(&p, 1, (int)left);
    if (r > 0) return 0;
    if (r == -1 && errno != EINTR) return -1;
  }
}

/* udp - one try at one server: 1 an answer in out, 0 none (errno) */
static int udp(size_t server, const unsigned char *qname, uint16_t qtype,
               int seconds, struct dns_rrset *out)
{
  unsigned char q[DNS_QUERYMAX];
  uint16_t id;
  size_t qlen;
  long deadline = now_ms() + (long)seconds * 1000;
  int fd;
  int result = 0;

  if (dns_random(&id, sizeof id) == -1) return 0;
  qlen = dnsmsg_query(q, id, qname, qtype);
  fd = socket(ns.addr[server].ss_family,
              SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd == -1) return 0;
  randport(fd, ns.addr[server].ss_family);
  if (connect(fd, (struct sockaddr *)&ns.addr[server], ns.len[server]) == -1
      || send(fd, q, qlen, 0) != (ssize_t)qlen)
    goto done;
  for (;;) {
    ssize_t n;
    int r;
    if (waitfd(fd, POLLIN, deadline) == -1) break;
    n = recv(fd, packet, sizeof packet, 0);
    if (n == -1) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
        continue;
      break;                            /* ECONNREFUSED: nobody there */
    }
    r = dnsmsg_answer(packet, (size_t)n, id, qname, qtype, out);
    if (r == 1) {
      result = 1;
      break;
    }
    if (r == -1) break;
    /* r == 0: someone else's datagram; keep waiting */
  }
done:
  {
    int saved = errno;
    close(fd);
    errno = saved;
  }
  return result;
}

/* readall - exactly n bytes before the deadline: 1, or 0 with errno */
static int readall(int fd, unsigned char *p, size_t n, long deadline)
{
  while (n) {
    ssize_t r;
    if (waitfd(fd, POLLIN, deadline) == -1) return 0;
    r = read(fd, p, n);
    if (r == -1) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
        continue;
      return 0;
    }
    if (r == 0) {
      errno = EPROTO;
      return 0;
    }
    p += r;
    n -= (size_t)r;
  }
  return 1;
}

/* tcp - the same question over TCP (RFC 1035 4.2.2): 1, or 0 */
static int tcp(size_t server, const unsigned char *qname, uint16_t qtype,
               int seconds, struct dns_rrset *out)
{
  unsigned char q[2 + DNS_QUERYMAX];
  unsigned char lenbuf[2];
  uint16_t id;
  size_t qlen;
  size_t alen;
  long deadline = now_ms() + (long)seconds * 1000;
  int fd;
  int result = 0;

  if (dns_random(&id, sizeof id) == -1) return 0;
  qlen = dnsmsg_query(q + 2, id, qname, qtype);
  q[0] = (unsigned char)(qlen >> 8);
  q[1] = (unsigned char)qlen;
  fd = socket(ns.addr[server].ss_family,
              SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd == -1) return 0;
  if (connect(fd, (struct sockaddr *)&ns.addr[server], ns.len[server]) == -1) {
    int err = 0;
    socklen_t elen = sizeof err;
    if (errno != EINPROGRESS) goto done;
    if (waitfd(fd, POLLOUT, deadline) == -1) goto done;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1) goto done;
    if (err) {
      errno = err;
      goto done;
    }
  }
  if (!fd_writeall(fd, (const char *)q, qlen + 2, seconds)) goto done;
  if (!readall(fd, lenbuf, 2, deadline)) goto done;
  alen = ((size_t)lenbuf[0] << 8) | lenbuf[1];
  if (!readall(fd, packet, alen, deadline)) goto done;
  if (dnsmsg_answer(packet, alen, id, qname, qtype, out) == 1 &&
      !out->truncated)
    result = 1;
  else
    errno = EPROTO;
done:
  {
    int saved = errno;
    close(fd);
    errno = saved;
  }
  return result;
}

int dns_query(const unsigned char *qname, uint16_t qtype,
              struct dns_rrset *out)
{
  size_t round;
  int lasterr = ETIMEDOUT;

  if (!ns.ready && dns_init() == -1) return -1;
  for (round = 0; round < sizeof schedule / sizeof schedule[0]; ++round) {
    size_t s;
    for (s = 0; s < ns.n; ++s) {
      int secs = schedule[round];
      if (!udp(s, qname, qtype, secs, out)) {
        lasterr = errno;
        continue;
      }
      if (out->truncated && !tcp(s, qname, qtype, secs, out)) {
        lasterr = errno;
        continue;
      }
      if (out->rcode == DNS_RCODE_NOERROR || out->rcode == DNS_RCODE_NXDOMAIN)
        return 1;
      lasterr = EAGAIN;                 /* SERVFAIL, REFUSED, ... */
    }
  }
  errno = lasterr;
  return -1;
}

int dns_lookup(const unsigned char *qname, uint16_t qtype,
               struct dns_rrset *out)
{
  unsigned char name[DNS_NAMEMAX];
  unsigned int links;
  int aliased = 0;

  memcpy(name, qname, dns_name_len(qname));
  for (links = 0; links <= LIM_DNS_CNAME; ++links) {
    if (dns_query(name, qtype, out) == -1) return -1;
    aliased |= out->aliased;
    out->aliased = aliased;
    if (out->rcode == DNS_RCODE_NXDOMAIN) return 0;
    if (out->n > 0 || !out->aliased) return 1;
    /* the chain ends at a name this answer holds nothing for */
    if (dns_name_equal(name, out->owner)) return 1;
    memcpy(name, out->owner, dns_name_len(out->owner));
  }
  errno = ELOOP;
  return -1;
}

/* dial.c - a TCP connection within a deadline */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include "dial.h"

/* address - ip and port as a socket address; its length, or 0 */
static socklen_t address(struct sockaddr_storage *ss, const char *ip,
                         unsigned long port)
{
  struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

  memset(ss, 0, sizeof *ss);
  if (port > 65535) return 0;
  if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((unsigned short)port);
    return sizeof *v4;
  }
  if (inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((unsigned short)port);
    return sizeof *v6;
  }
  return 0;
}

/* finish - wait for a connection in progress; 0, or -1 with errno */
static int finish(int fd, int seconds)
{
  struct pollfd p;
  int soerr = 0;
  socklen_t len = sizeof soerr;
  int r;

  p.fd = fd;
  p.events = POLLOUT;
  do {
    p.revents = 0;
    r = poll(&p, 1, seconds * 1000);
  } while (r == -1 && errno == EINTR);
  if (r == -1) return -1;
  if (r == 0) {
    errno = ETIMEDOUT;
    return -1;
  }
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1) return -1;
  if (soerr == 0) return 0;
  errno = soerr;
  return -1;
}

int dial_tcp(const char *ip, unsigned long port, int seconds)
{
  struct sockaddr_storage ss;
  socklen_t len = address(&ss, ip, port);
  int fd;
  int e;

  if (len == 0) {
    errno = EINVAL;
    return -1;
  }
  fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd == -1) return -1;
  if (connect(fd, (struct sockaddr *)&ss, len) == 0) return fd;
  if (errno == EINPROGRESS && finish(fd, seconds) == 0) return fd;
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

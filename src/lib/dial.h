/* dial.h - a TCP connection within a deadline
 *
 * dial_tcp connects to the IPv4 or IPv6 address ip (text, as
 * inet_pton reads it) on port, waiting at most seconds.  It returns
 * the socket, close-on-exec and non-blocking (so that buf's deadlines
 * hold for its writes too), or -1 with errno: EINVAL for an address
 * that is neither, ETIMEDOUT, ECONNREFUSED and the like. */
#ifndef DIAL_H
#define DIAL_H

int dial_tcp(const char *ip, unsigned long port, int seconds);

#endif

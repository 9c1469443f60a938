/* Splitting an origin's "host[:port]" as the providers write it. */
#ifndef NET_HOSTPORT_H
#define NET_HOSTPORT_H

/* "host", "host:port", "[v6]:port" or a bare IPv6 address. *host gets the
 * host (brackets removed), *port the port or 0; a port origo does not
 * understand leaves the whole string as the host, so it is shown as it is.
 * 0, or -1 on out of memory. caller frees *host with free(). */
int net_split_host_port(const char *s, char **host, int *port);

#endif

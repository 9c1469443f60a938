/* An origin's "host[:port]" as the providers write it: splitting it for the
 * screen, and judging it on a form. Every adapter checks a host[:port]
 * here, with its own limits; the words of each message stay the adapter's
 * (its table indexed by hostport_problem). */
#ifndef NET_HOSTPORT_H
#define NET_HOSTPORT_H

#include <stdbool.h>
#include <stddef.h>

/* "host", "host:port", "[v6]:port" or a bare IPv6 address. *host gets the
 * host (brackets removed), *port the port or 0; a port origo does not
 * understand leaves the whole string as the host, so it is shown as it is.
 * 0, or -1 on out of memory. caller frees *host with free(). */
int net_split_host_port(const char *s, char **host, int *port);
/* The same for the n bytes at s, a host not in brackets (s[0] != '['),
 * without a copy: the length of its host (n: all of it), its port in
 * *port (0: none). */
size_t net_host_port_length(const char *s, size_t n, int *port);

/* What is wrong with a typed "host[:port]", in the order it is judged. */
typedef enum hostport_problem {
	HOSTPORT_OK,
	HOSTPORT_EMPTY,
	HOSTPORT_TOO_LONG,     /* more than max_chars characters */
	HOSTPORT_SCHEME,       /* "://" in it */
	HOSTPORT_PATH,         /* one of path_chars in it */
	HOSTPORT_SPACE,        /* white space (control characters too when asked) */
	HOSTPORT_V6_UNCLOSED,  /* "[" without its "]", or "[]" */
	HOSTPORT_V6_CHARS,     /* strict: not hex digits, ':' or '.' inside [..] */
	HOSTPORT_AFTER_V6,     /* after "]" something other than ":port" */
	HOSTPORT_BARE_V6,      /* more than one ':' outside brackets */
	HOSTPORT_NO_HOST,      /* ":port" with nothing before it */
	HOSTPORT_HOST_CHARS,   /* strict: not letters, digits, '-', '.', '_' */
	HOSTPORT_DOMAIN,       /* strict: '.' or '-' first, '-' last, or ".." */
	HOSTPORT_PORT,         /* the port is not a number from 1 to 65535 */
	HOSTPORT_HAS_PORT,     /* no_port: a port (or more) after the host */
	HOSTPORT_NAME,         /* rfc1123: hostport_name_problem() says why */
	HOSTPORT_N_PROBLEMS
} hostport_problem;

/* A provider's limits on a host[:port]. */
typedef struct hostport_rules {
	size_t max_chars;        /* UTF-8 characters; 0: no limit */
	bool length_first;       /* too long is judged right after empty (else last) */
	const char *path_chars;  /* any of these starts a (forbidden) path */
	bool control_is_space;   /* control characters count as spaces */
	bool strict;             /* the host's characters and domain syntax are checked */
	bool v6_exact;           /* what is in [..] must be an IPv6 address
	                            (HOSTPORT_V6_CHARS otherwise) */
	bool no_port;            /* the port is given elsewhere: none may follow */
	bool rfc1123;            /* the host is an RFC 1123 name or an IPv4 address,
	                            judged after the port */
} hostport_rules;

/* The first problem of s (trimmed by the caller) under r; HOSTPORT_OK. */
hostport_problem hostport_check(const char *s, const hostport_rules *r);

/* Whether p is a port: 1 to 5 digits making 1..65535. */
bool hostport_port_ok(const char *p);
/* Why the n bytes at h are not a DNS name (RFC 1123: at most 253
 * characters, labels of 1-63 letters, digits and hyphens, no hyphen at
 * either end; '_' tolerated) nor an IPv4 address; NULL when they are. */
const char *hostport_name_problem(const char *h, size_t n);

#endif

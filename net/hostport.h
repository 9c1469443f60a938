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
	HOSTPORT_N_PROBLEMS
} hostport_problem;

/* A provider's limits on a host[:port]. */
typedef struct hostport_rules {
	size_t max_chars;        /* UTF-8 characters; 0: no limit */
	bool length_first;       /* too long is judged right after empty (else last) */
	const char *path_chars;  /* any of these starts a (forbidden) path */
	bool control_is_space;   /* control characters count as spaces */
	bool strict;             /* the host's characters and domain syntax are checked */
} hostport_rules;

/* The first problem of s (trimmed by the caller) under r; HOSTPORT_OK. */
hostport_problem hostport_check(const char *s, const hostport_rules *r);

#endif

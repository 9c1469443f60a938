/* Origin probes, the pure parts: where a probe of one source goes (URL, the
 * host:port it really connects to, SNI and Host header), what one probe found,
 * its short text for the PROBE column, and the UI's book of results per
 * source. No I/O here: net/probe.c runs the probes.
 *
 * Scheme choice: a host source on port 80, or whose protocol is "http", is
 * probed over http://; every other source over https:// (port 443 when none
 * is given), as a CDN pulling over HTTPS would. On a port other than 443
 * without an explicit "https" protocol, an origin that answers the TLS hello
 * in plain HTTP is probed again over http:// (plan.http_fallback). */
#ifndef MODEL_PROBE_H
#define MODEL_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include "model/og.h"

/* Where to probe one source. */
typedef struct og_probe_plan {
	char url[1400];          /* scheme://<sni-host>/[bucket/] */
	char connect_host[300];  /* the origin's real host (an IPv6 literal bare) */
	int connect_port;
	char sni[300];           /* TLS server name = the URL's host ("" for http) */
	char host_header[300];   /* the Host header the CDN would send */
	bool tls;
	bool http_fallback;      /* tls, but plain HTTP may be what the port speaks */
} og_probe_plan;

/* Fills *p for source s. 0, or -1 with why (a user-readable reason, e.g. a
 * FastEdge source has no host) written into why. Reads an S3 source's bucket,
 * type, region and storage hostname from its raw "config"; never its keys. */
int og_probe_plan_for(const og_source *s, og_probe_plan *p, char *why, size_t whylen);

/* The furthest phase a probe reached. */
typedef enum og_probe_phase {
	OG_PROBE_SETUP,          /* nothing could be tried (no host, ...) */
	OG_PROBE_DNS,
	OG_PROBE_CONNECT,
	OG_PROBE_TLS,
	OG_PROBE_HTTP,
} og_probe_phase;

/* One probe's outcome. Strings are owned (NULL: none). */
typedef struct og_probe_result {
	char *key;               /* the source's key */
	bool running;            /* submitted, no result yet */
	bool ok;                 /* an HTTP status arrived */
	og_probe_phase phase;    /* ok: OG_PROBE_HTTP; else where it failed */
	bool timed_out;
	int timeout_seconds;     /* the bound it ran under */
	char *failure;           /* short reason: "refused", "self-signed certificate" */
	char *error;             /* the full message, for the detail */
	long status;             /* HTTP status, 0: none */
	char *status_line;       /* "HTTP/1.1 200 OK" */
	/* Milliseconds from the start at which each phase ended; -1: not reached. */
	double dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
	char *addresses;         /* resolved addresses, ", "-separated */
	char *used_address;      /* the address connected to, "127.0.0.1" */
	int used_port;
	char *url, *sni, *host_header, *connect_to;   /* what was probed */
	/* The server's certificate (TLS probes), also when verifying it failed
	 * as far as the TLS library still reports it (net/probe.c). */
	bool has_cert;
	char *cert_subject;      /* "CN = origin.example.com" as the library prints it */
	char *cert_issuer;
	int cert_days;           /* whole days to expiry; negative once expired */
} og_probe_result;

void og_probe_result_clear(og_probe_result *r);          /* frees members, not r */
int og_probe_result_copy(og_probe_result *dst, const og_probe_result *src); /* 0 / -1 */
/* The PROBE column's text: "200 34ms", "connect refused 2ms",
 * "TLS certificate expired", "timeout after 5s", "DNS no such host",
 * "probing..." while running. */
void og_probe_short(const og_probe_result *r, char *buf, size_t n);
const char *og_probe_phase_name(og_probe_phase p);   /* "DNS", "connect", "TLS", "HTTP" */

/* Up or down, the one rule the watch strip, `origo probe`'s exit status and
 * the status bar share: up when an HTTP status below 500 arrived (a 5xx is
 * the origin failing; a 4xx is still an origin that serves). */
bool og_probe_is_up(const og_probe_result *r);

/* Whole days from now to a certificate's "Expire date" as TLS libraries
 * print it: OpenSSL's "Dec  7 00:52:47 2027 GMT" or curl's own
 * "2027-12-07 00:52:47 GMT". Rounded down, so negative once expired.
 * 0 and *days, or -1 when the text is neither. */
int og_cert_days_until(const char *expire, long long now, int *days);

/* The UI's probe results of one account: per group and source key. */
typedef struct og_probe_entry {
	char *group_id;
	og_probe_result res;     /* res.key: the source key */
} og_probe_entry;

typedef struct og_probe_book {
	og_probe_entry *items;
	size_t n, cap;           /* a zeroed book is empty and valid */
} og_probe_book;

void og_probe_book_free(og_probe_book *b);               /* frees the items, not b */
/* Marks (group, key) as running, dropping an earlier result. 0 / -1. */
int og_probe_book_start(og_probe_book *b, const char *group_id, const char *key,
                        int timeout_seconds);
/* Stores a copy of r for (group, r->key), replacing what was there. 0 / -1. */
int og_probe_book_put(og_probe_book *b, const char *group_id, const og_probe_result *r);
/* The result of (group, key), or NULL. */
const og_probe_result *og_probe_book_find(const og_probe_book *b, const char *group_id,
                                          const char *key);

#endif

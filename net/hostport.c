/* One parser of "host[:port]" for every adapter, so the screen shows the
 * same host and port whichever provider the source came from. */
#include "net/hostport.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/form.h"   /* form_utf8_chars */

size_t net_host_port_length(const char *s, size_t n, int *port)
{
	*port = 0;
	const char *colon = memchr(s, ':', n);
	/* one colon only: more is a bare IPv6 address without a port */
	if (!colon || memchr(colon + 1, ':', n - (size_t)(colon - s) - 1))
		return n;
	/* the port is all that follows, digits only (what strtol would take
	 * whole), 1..65535; counted without strtol: 2,500 sources a page */
	const char *p = colon + 1, *end = s + n;
	long v = 0;
	if (p == end)
		return n;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return n;
		if (v <= 65535)   /* past it, no digits that follow make it a port */
			v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > 65535)
		return n;
	*port = (int)v;
	return (size_t)(colon - s);
}

int net_split_host_port(const char *s, char **host, int *port)
{
	*port = 0;
	if (s[0] != '[') {
		*host = strndup(s, net_host_port_length(s, strlen(s), port));
		return *host ? 0 : -1;
	}
	const char *colon = NULL, *hs = s;
	size_t hl = strlen(s);
	const char *close = strchr(s, ']');
	if (close) {
		hs = s + 1;
		hl = (size_t)(close - hs);
		if (close[1] == ':')
			colon = close + 1;
	}
	if (colon) {
		char *end;
		errno = 0;
		long v = isdigit((unsigned char)colon[1]) ? strtol(colon + 1, &end, 10) : -1;
		if (v > 0 && v <= 65535 && errno == 0 && *end == '\0') {
			*port = (int)v;
		} else {
			hs = s;
			hl = strlen(s);
		}
	}
	*host = strndup(hs, hl);
	return *host ? 0 : -1;
}

bool hostport_port_ok(const char *p)
{
	if (!*p || strlen(p) > 5 || strspn(p, "0123456789") != strlen(p))
		return false;
	long v = strtol(p, NULL, 10);
	return v >= 1 && v <= 65535;
}

static bool host_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '-' || ch == '.' || ch == '_';
}

const char *hostport_name_problem(const char *h, size_t n)
{
	if (n > 253)
		return "at most 253 characters";
	bool numeric = strspn(h, "0123456789.") >= n;
	if (numeric) {
		char v4[16];
		struct in_addr a;
		if (n >= sizeof v4)
			return "not a valid IPv4 address";
		snprintf(v4, sizeof v4, "%.*s", (int)n, h);
		return inet_pton(AF_INET, v4, &a) == 1 ? NULL : "not a valid IPv4 address";
	}
	size_t label = 0;
	for (size_t i = 0; i <= n; i++) {
		char ch = i < n ? h[i] : '\0';
		if (ch == '.' || ch == '\0') {
			if (label == 0 && !(ch == '\0' && i > 0))
				return "an empty label (two dots, or a dot at the start)";
			if (label > 63)
				return "a label (between dots) has more than 63 characters";
			if (label && (h[i - 1] == '-' || h[i - label] == '-'))
				return "a label may not start or end with '-'";
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)ch) && ch != '-' && ch != '_')
			return "only letters, digits, '-' and '.' may make a host name";
		label++;
	}
	return NULL;
}

static bool v6_ok(const char *s, size_t n)
{
	char buf[INET6_ADDRSTRLEN + 1];
	struct in6_addr a;
	if (n >= sizeof buf)
		return false;
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	return inet_pton(AF_INET6, buf, &a) == 1;
}

/* The form of the string: brackets, colons, the host's characters, the
 * port. *port: where the port starts, or NULL; *hl: the host's length. */
static hostport_problem shape(const char *s, const hostport_rules *r, const char **port,
                              size_t *hl)
{
	*port = NULL;
	*hl = 0;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1)
			return HOSTPORT_V6_UNCLOSED;
		for (const char *p = s + 1; r->strict && p < close; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
				return HOSTPORT_V6_CHARS;
		if (r->v6_exact && !v6_ok(s + 1, (size_t)(close - s - 1)))
			return HOSTPORT_V6_CHARS;
		if (close[1] && r->no_port)
			return HOSTPORT_HAS_PORT;
		if (close[1] == ':')
			*port = close + 2;
		else if (close[1])
			return HOSTPORT_AFTER_V6;
		return HOSTPORT_OK;
	}
	const char *colon = strchr(s, ':');
	if (colon && strchr(colon + 1, ':'))
		return HOSTPORT_BARE_V6;
	*hl = colon ? (size_t)(colon - s) : strlen(s);
	if (*hl == 0)
		return HOSTPORT_NO_HOST;
	if (colon && r->no_port)
		return HOSTPORT_HAS_PORT;
	for (size_t i = 0; r->strict && i < *hl; i++)
		if (!host_char(s[i]))
			return HOSTPORT_HOST_CHARS;
	if (r->strict && (s[0] == '.' || s[0] == '-' || s[*hl - 1] == '-' ||
	                  memmem(s, *hl, "..", 2)))
		return HOSTPORT_DOMAIN;
	if (colon)
		*port = colon + 1;
	return HOSTPORT_OK;
}

hostport_problem hostport_check(const char *s, const hostport_rules *r)
{
	bool too_long = r->max_chars && form_utf8_chars(s) > r->max_chars;
	if (!*s)
		return HOSTPORT_EMPTY;
	if (too_long && r->length_first)
		return HOSTPORT_TOO_LONG;
	if (strstr(s, "://"))
		return HOSTPORT_SCHEME;
	if (strpbrk(s, r->path_chars ? r->path_chars : "/"))
		return HOSTPORT_PATH;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) ||
		    (r->control_is_space && (unsigned char)*p < 0x20))
			return HOSTPORT_SPACE;
	const char *port;
	size_t hl;
	hostport_problem why = shape(s, r, &port, &hl);
	if (why != HOSTPORT_OK)
		return why;
	if (port && !hostport_port_ok(port))
		return HOSTPORT_PORT;
	if (r->rfc1123 && hl && hostport_name_problem(s, hl))
		return HOSTPORT_NAME;
	return too_long ? HOSTPORT_TOO_LONG : HOSTPORT_OK;
}

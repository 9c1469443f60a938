/* One parser of "host[:port]" for every adapter, so the screen shows the
 * same host and port whichever provider the source came from. */
#include "net/hostport.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/form.h"   /* form_utf8_chars */

int net_split_host_port(const char *s, char **host, int *port)
{
	*port = 0;
	const char *colon = NULL, *hs = s;
	size_t hl = strlen(s);
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (close) {
			hs = s + 1;
			hl = (size_t)(close - hs);
			if (close[1] == ':')
				colon = close + 1;
		}
	} else {
		const char *first = strchr(s, ':');
		/* one colon only: more is a bare IPv6 address without a port */
		if (first && !strchr(first + 1, ':')) {
			colon = first;
			hl = (size_t)(first - s);
		}
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

static bool port_ok(const char *p)
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

/* The form of the string: brackets, colons, the host's characters, the
 * port. *port: where the port starts, or NULL. */
static hostport_problem shape(const char *s, const hostport_rules *r, const char **port)
{
	*port = NULL;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1)
			return HOSTPORT_V6_UNCLOSED;
		for (const char *p = s + 1; r->strict && p < close; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
				return HOSTPORT_V6_CHARS;
		if (close[1] == ':')
			*port = close + 2;
		else if (close[1])
			return HOSTPORT_AFTER_V6;
		return HOSTPORT_OK;
	}
	const char *colon = strchr(s, ':');
	if (colon && strchr(colon + 1, ':'))
		return HOSTPORT_BARE_V6;
	size_t hl = colon ? (size_t)(colon - s) : strlen(s);
	if (hl == 0)
		return HOSTPORT_NO_HOST;
	for (size_t i = 0; r->strict && i < hl; i++)
		if (!host_char(s[i]))
			return HOSTPORT_HOST_CHARS;
	if (r->strict && (s[0] == '.' || s[0] == '-' || s[hl - 1] == '-' || memmem(s, hl, "..", 2)))
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
		if (isspace((unsigned char)*p) || (r->control_is_space && (unsigned char)*p < 0x20))
			return HOSTPORT_SPACE;
	const char *port;
	hostport_problem why = shape(s, r, &port);
	if (why != HOSTPORT_OK)
		return why;
	if (port && !port_ok(port))
		return HOSTPORT_PORT;
	return too_long ? HOSTPORT_TOO_LONG : HOSTPORT_OK;
}

/* The checks every value of the config file goes through (UTF-8 text, a
 * URL that is https:// or http:// to loopback) and the one wording of its
 * errors: "config LABEL line N: ...". */
#include "model/config_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int cfg_fail(const parse_ctx *c, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	if (line > 0)
		og_error_set(c->err, OG_ERR_CONFIG, "config %s line %d: %s", c->label, line, msg);
	else
		og_error_set(c->err, OG_ERR_CONFIG, "config %s: %s", c->label, msg);
	return -1;
}

int cfg_oom(const parse_ctx *c)
{
	og_error_set(c->err, OG_ERR_INTERNAL, "out of memory reading config %s", c->label);
	return -1;
}

/* ---- URLs --------------------------------------------------------------- */

/* Whether a dotted IPv4 text is in 127.0.0.0/8. */
static bool ipv4_loopback(const char *h, size_t n)
{
	int parts = 0, val = -1;
	int first = -1;
	for (size_t i = 0; i <= n; i++) {
		char ch = i < n ? h[i] : '.';
		if (ch >= '0' && ch <= '9') {
			val = (val < 0 ? 0 : val * 10) + (ch - '0');
			if (val > 255)
				return false;
		} else if (ch == '.') {
			if (val < 0)
				return false;
			if (parts == 0)
				first = val;
			parts++;
			val = -1;
		} else {
			return false;
		}
	}
	return parts == 4 && first == 127;
}

/* Whether an http:// URL's host (the text after the scheme) is loopback. */
static bool url_host_is_loopback(const char *rest)
{
	size_t auth = strcspn(rest, "/?#");
	/* userinfo ends at the last '@' of the authority */
	const char *h = rest;
	for (size_t i = 0; i < auth; i++)
		if (rest[i] == '@')
			h = rest + i + 1;
	size_t n = (size_t)(rest + auth - h);
	if (n > 0 && h[0] == '[') {
		const char *close = memchr(h, ']', n);
		return close && (size_t)(close - h) == 4 && strncmp(h + 1, "::1", 3) == 0;
	}
	const char *colon = memchr(h, ':', n);
	if (colon)
		n = (size_t)(colon - h);
	if (n == 9 && strncasecmp(h, "localhost", 9) == 0)
		return true;
	return ipv4_loopback(h, n);
}

/* 0 when `url` is https://HOST..., or http:// to a loopback host. */
int cfg_url_check(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return url[8] && url[8] != '/' ? 0 : -1;
	if (strncasecmp(url, "http://", 7) == 0)
		return url_host_is_loopback(url + 7) ? 0 : -1;
	return -1;
}


/* ---- text --------------------------------------------------------------- */

/* Whether s is UTF-8 (no overlong forms, surrogates or values past
 * U+10FFFF) without control characters: every string of the file ends up on
 * the screen, in a request or in a message. */
bool cfg_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
		if (n < 0 || c > 0xf4)
			return false;
		unsigned cp = c & (0x3f >> n);
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += n + 1;
	}
	return true;
}

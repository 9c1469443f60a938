/* One parser of "host[:port]" for every adapter, so the screen shows the
 * same host and port whichever provider the source came from. */
#include "net/hostport.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* og_change: deep copy and release of one flag change. */
#include "model/change.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, int *fail)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*fail = 1;
	return d;
}

int og_change_copy(og_change *dst, const og_change *src)
{
	int fail = 0;
	og_change c = *src;
	c.group_id = dup_or_null(src->group_id, &fail);
	c.source_key = dup_or_null(src->source_key, &fail);
	c.protocol = dup_or_null(src->protocol, &fail);
	if (fail) {
		og_change_clear(&c);
		memset(dst, 0, sizeof *dst);
		return -1;
	}
	*dst = c;
	return 0;
}

void og_change_clear(og_change *c)
{
	if (!c)
		return;
	free(c->group_id);
	free(c->source_key);
	free(c->protocol);
	memset(c, 0, sizeof *c);
}

/* A page made text over its own JSON (net/text_over.h). */
#include "net/text_over.h"
#include "net/call.h"

#include <stdlib.h>
#include <string.h>

void text_over_start(text_over *o, const net_call *c, char *json, size_t cap)
{
	*o = (text_over){ .c = c, .room = json, .cap = cap, .sep_n = strlen(c->text_sep) };
}

int text_over_group(text_over *o, const og_group *g, size_t consumed, og_error *err)
{
	/* a separator before every group: the first of the list skips it */
	if (o->rest.len == 0) {
		/* in place, NUL included, over the bytes read (consumed < cap) */
		if (o->sep_n < consumed - o->len) {
			char *at = o->room + o->len;
			if (o->sep_n == 1)   /* list --json's "," */
				*at = *o->c->text_sep;
			else
				memcpy(at, o->c->text_sep, o->sep_n);
			og_text in = { .buf = o->room, .len = o->len + o->sep_n, .cap = consumed,
			               .fixed = true };
			if (o->c->text(&in, g) == 0) {
				o->len = in.len;
				o->n++;
				return 0;
			}
		}
	}
	o->one.len = 0;
	if (og_text_add(&o->one, o->c->text_sep, o->sep_n) < 0 ||
	    o->c->text(&o->one, g) < 0)
		goto oom;
	/* consumed < cap: the JSON's NUL is never read, so the text's fits */
	if (o->rest.len == 0 && o->one.len <= consumed && o->len <= consumed - o->one.len) {
		memcpy(o->room + o->len, o->one.buf, o->one.len);
		o->len += o->one.len;
	} else if (og_text_add(&o->rest, o->one.buf, o->one.len) < 0) {
		goto oom;
	}
	o->n++;
	return 0;
oom:
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

int text_over_end(text_over *o, og_text *t, size_t *n, og_error *err)
{
	og_text_free(t);
	og_text page = { .buf = o->room, .len = o->len, .cap = o->cap };
	page.buf[page.len] = '\0';
	/* the JSON is read: the text may grow past it now */
	if (o->rest.len && og_text_add(&page, o->rest.buf, o->rest.len) < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	*t = page;
	*n = o->n;
	return 0;
}

void text_over_free(text_over *o)
{
	og_text_free(&o->one);
	og_text_free(&o->rest);
}

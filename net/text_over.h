/* A page of a long list made text over its own JSON, group by group as
 * the groups are read (net_list_groups_text, list --json). The page's
 * JSON (450 KB for 1,000 Gcore groups) is in memory written already and
 * in the cache; each group's text (c->text_sep, then c->text) goes where
 * JSON that is read already was, so neither the groups nor their text
 * take fresh memory (a page fault every 4 KiB costs more here than
 * reading the bytes). A group's text is most often shorter than its JSON;
 * one that would pass the bytes not yet read goes to a text of its own
 * instead, and so does every group after it (their order is kept), joined
 * once the page is read. Internal to net/.
 *
 * A group's text is written straight into the room (no copy of it) when
 * its room there, up to the bytes not yet read, holds it; else (rarely: a
 * page's first groups, a long one) into a text of its own as above. The
 * condition of that: no string of a group read points into the page's
 * JSON (Gcore's are copies in the group's own block, gcore_scan.c put_n),
 * as the text written overwrites the JSON read before it. */
#ifndef NET_TEXT_OVER_H
#define NET_TEXT_OVER_H

#include <stddef.h>
#include "model/og.h"
#include "model/og_error.h"
#include "model/og_json.h"

struct net_call;

typedef struct text_over {
	const struct net_call *c;   /* its text and text_sep */
	char *room;                 /* the page's JSON, then its text */
	size_t cap;                 /* the room's size */
	size_t len;                 /* the text in it so far */
	og_text one;                /* a group's text before it is placed */
	og_text rest;               /* the groups' text from the first that
	                               did not fit on */
	size_t n;                   /* groups written */
	size_t sep_n;               /* strlen(c->text_sep) */
} text_over;

/* Over json (malloc'd, cap bytes: the text and its NUL), read from its
 * start; nothing is written until a group is done. */
void text_over_start(text_over *o, const struct net_call *c, char *json, size_t cap);
/* The text of g, read with the first `consumed` bytes of the JSON (none
 * of them is read again). 0, or -1 with err (out of memory). */
int text_over_group(text_over *o, const og_group *g, size_t consumed, og_error *err);
/* The page is read: its text into *t (emptied first), which takes the
 * room (then no more the caller's), and its groups' number into *n. 0, or
 * -1 with err (out of memory; the room is still the caller's). */
int text_over_end(text_over *o, og_text *t, size_t *n, og_error *err);
/* Frees what o holds of its own (never the room). */
void text_over_free(text_over *o);

#endif

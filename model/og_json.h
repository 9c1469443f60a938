/* The provider-neutral JSON of SPEC.md (list/show --json) written straight
 * as text: for 10,000 groups, building a cJSON tree per group and printing it
 * cost more than fetching them. The bytes are exactly those of
 * cJSON_PrintUnformatted(og_group_to_json(g)) (tests/unit/test_og_json.c
 * holds the two together). */
#ifndef OG_JSON_H
#define OG_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "model/og.h"

/* A growing text; a zeroed one is empty. */
typedef struct og_text {
	char *buf;      /* NUL-terminated once anything was added */
	size_t len, cap;
	/* Its room (buf's cap bytes) is never grown: an add that would pass
	 * it fails (-1, as out of memory), having written at most part of
	 * itself within the cap bytes. A text written in place, in memory of
	 * someone else's (net/text_over.c); never og_text_free'd. */
	bool fixed;
} og_text;

/* Appends n bytes of s. 0, or -1 on out of memory (t as it was). */
int og_text_add(og_text *t, const char *s, size_t n);
/* Room for `more` bytes more (and the NUL) in one step, when the caller
 * knows about how much is coming: a 400 KiB text then is not moved by
 * realloc as it doubles from 4 KiB. 0, or -1 on out of memory (t as it
 * was). */
int og_text_reserve(og_text *t, size_t more);
void og_text_free(og_text *t);
/* A text in pieces, written one after the other: a long list's pages are
 * made text side by side (net_list_groups_text) and joined without copying
 * them again; a zeroed one is empty. */
typedef struct og_pieces {
	og_text *piece;     /* each written from its byte `skip` on */
	size_t *skip;
	size_t n, cap;
} og_pieces;
/* Takes t's text (t is then empty), to be written from its byte `skip` on.
 * 0, or -1 on out of memory (t as it was). */
int og_pieces_add(og_pieces *ps, og_text *t, size_t skip);
/* Writes the pieces in order to out: 0, or -1 on a write error. */
int og_pieces_write(const og_pieces *ps, FILE *out);
void og_pieces_free(og_pieces *ps);
/* Appends s as a JSON string, quoted and escaped as cJSON prints it: ",
 * \ and the controls escaped (\b \f \n \r \t, else \u00xx), every other
 * byte as it is. The one escaping of this output. 0 or -1 (ENOMEM). */
int og_json_add_string(og_text *t, const char *s);
/* Appends g's JSON object. 0 or -1 (ENOMEM; t may hold part of it). */
int og_group_json_add(og_text *t, const og_group *g);

#endif

/* The provider-neutral JSON of SPEC.md (list/show --json) written straight
 * as text: for 10,000 groups, building a cJSON tree per group and printing it
 * cost more than fetching them. The bytes are exactly those of
 * cJSON_PrintUnformatted(og_group_to_json(g)) (tests/unit/test_og_json.c
 * holds the two together). */
#ifndef OG_JSON_H
#define OG_JSON_H

#include <stddef.h>
#include "model/og.h"

/* A growing text; a zeroed one is empty. */
typedef struct og_text {
	char *buf;      /* NUL-terminated once anything was added */
	size_t len, cap;
} og_text;

/* Appends n bytes of s. 0, or -1 on out of memory (t as it was). */
int og_text_add(og_text *t, const char *s, size_t n);
void og_text_free(og_text *t);
/* Appends s as a JSON string, quoted and escaped as cJSON prints it: ",
 * \ and the controls escaped (\b \f \n \r \t, else \u00xx), every other
 * byte as it is. The one escaping of this output. 0 or -1 (ENOMEM). */
int og_json_add_string(og_text *t, const char *s);
/* Appends g's JSON object. 0 or -1 (ENOMEM; t may hold part of it). */
int og_group_json_add(og_text *t, const og_group *g);

#endif

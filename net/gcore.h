/* The Gcore CDN adapter: JSON <-> model, request bodies, and its provider
 * table. The pure functions here need no network, for the unit tests. */
#ifndef NET_GCORE_H
#define NET_GCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/og_error.h"

extern const og_caps gcore_caps;

/* One group object. caller frees *out with og_group_free(). Each source's
 * raw is its object verbatim; the group's raw is the group object verbatim
 * without "sources" (held once, in the sources' raw, in order). */
int gcore_parse_group(const cJSON *j, og_group **out, og_error *err);
/* One source object (index i names it when it has no identity). */
int gcore_parse_source(const cJSON *j, size_t i, og_source *out, og_error *err);

/* What one list page said about paging. */
typedef struct gcore_page {
	bool envelope;      /* {count,next,previous,results}; false: a bare array */
	double count;       /* the envelope's count */
	size_t n_results;   /* groups on this page */
} gcore_page;

/* Appends the groups of one list page (either shape) to `out`. The groups
 * are moved out of `j` (still the caller's to delete) rather than copied. */
int gcore_parse_page(cJSON *j, og_group_list *out, gcore_page *page, og_error *err);
/* The same from text (tests, and the list path). */
int gcore_parse_list(const char *text, size_t len, og_group_list *out, gcore_page *page,
                     og_error *err);

/* The PATCH body that sets one flag of one source: {"name", "sources"} with
 * every source of `fresh` verbatim, in order, and only c->field of the source
 * keyed c->source_key set to c->to. caller frees with free(). */
char *gcore_build_change_body(const og_group *fresh, const og_change *c, og_error *err);

/* The API's message from an error body (see http_describe_error_body). */
void gcore_describe_error(const char *body, size_t len, char *out, size_t outsz);

#endif

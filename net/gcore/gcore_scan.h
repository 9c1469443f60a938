/* Gcore's JSON -> model mapping, the one every Gcore read goes through:
 * list pages (shown only, or kept for the UI with each provider object as
 * text), a single group (GET, and the answers of PATCH and POST). The text
 * is read in place (net/json_scan.h, cJSON's grammar), never as a cJSON
 * tree, and read exactly as cJSON would read it: what cJSON refuses is "not
 * JSON", every other message is the one the user always got. Internal to
 * net/gcore/. */
#ifndef NET_GCORE_SCAN_H
#define NET_GCORE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "model/og.h"
#include "model/og_error.h"
#include "net/gcore/gcore.h"

/* What the readers below return. */
enum {
	GCORE_SCAN_OK = 0,
	GCORE_SCAN_ERROR = -1,     /* err says what (the page's shape or a group) */
	GCORE_SCAN_NOT_JSON = -2,  /* cJSON refuses the text; err untouched */
};

/* Appends one list page's groups (either shape: a bare array, or the
 * envelope {count, next, previous, results}) to out and fills *page. With
 * keep_raw, each source's raw_json is its object and the group's is the
 * group object without its "sources", both as cJSON_PrintUnformatted
 * prints them; without, no raw_json at all (groups only shown). On
 * GCORE_SCAN_ERROR the groups before the failing one stay in out; on
 * GCORE_SCAN_NOT_JSON out is as it was. */
int gcore_scan_page(const char *text, size_t len, bool keep_raw, og_group_list *out,
                    gcore_page *page, og_error *err);
/* What gcore_scan_page_each hands each group to: g in a block of the
 * reading's own, valid during the call only (neither kept nor freed);
 * `consumed` the bytes of the text read so far, g's own among them: none
 * of them is read again, so they may be written over. 0 to go on; -1
 * (with err) fails the page with err, as a group that cannot be read
 * does. */
typedef int (*gcore_each_fn)(void *ctx, const og_group *g, size_t consumed, og_error *err);
/* gcore_scan_page for groups only shown (no raw_json), each handed to
 * each() as soon as it is read instead of kept: no allocation per group,
 * and its text can be written over the JSON it was read from (a page of
 * a long list, net/text_over.h). On any failure each() got the groups
 * before the failing one, whose text the caller drops. */
int gcore_scan_page_each(const char *text, size_t len, gcore_each_fn each, void *ctx,
                         gcore_page *page, og_error *err);
/* One group object (with its raw_json) into *out (caller frees with
 * og_group_free(); NULL on failure). */
int gcore_scan_group(const char *text, size_t len, og_group **out, og_error *err);
/* The page's shape at a glance (envelope, count, number of results), its
 * groups only counted, not read: whether it is a page at all. */
bool gcore_scan_glance(const char *text, size_t len, gcore_page *page);

#endif

/* A Gcore list page read straight from its text (net/json_scan.h) into
 * groups that are only shown (list --json): no cJSON tree, no provider
 * objects kept. The groups are the ones the tree path (gcore_parse_page)
 * makes of the same page, field for field. Internal to net/gcore/. */
#ifndef NET_GCORE_SCAN_H
#define NET_GCORE_SCAN_H

#include <stddef.h>
#include "model/og.h"
#include "net/gcore/gcore.h"

/* Appends the page's groups to out and fills *page: 0. 1 when the page is
 * anything this reader does not take as it is (malformed, or merely
 * unusual: a \u0000, an escaped key, an id cJSON would round, out of
 * memory): out and *page are then as they were, for the tree path to read
 * the page and say what it says. The groups have no raw_json. */
int gcore_scan_page(const char *text, size_t len, og_group_list *out, gcore_page *page);

#endif

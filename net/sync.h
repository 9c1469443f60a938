/* The synchronous reads, for `origo list` and `origo show` (no worker; a
 * long list's pages may be read on helper threads, see below). Public: tui/
 * may include it. */
#ifndef NET_SYNC_H
#define NET_SYNC_H

#include "model/og.h"
#include "model/og_error.h"
#include "model/og_json.h"
#include "net/accounts.h"

/* net_list_groups fills `out` (caller frees with og_group_list_free()).
 * net_get_group finds GROUP by id or exact name; *out is freed by the caller
 * with og_group_free(); a group that does not exist is OG_ERR_NOTFOUND. */
int net_list_groups(net_account *a, og_group_list *out, og_error *err);
/* Takes one group (frees it with og_group_free()); 0 to go on, -1 to stop. */
typedef int (*net_group_sink)(void *ctx, og_group *g, og_error *err);
/* net_list_groups for long lists: each group goes to `sink` as soon as its
 * page arrives, so memory holds one page, not the account. The sink is
 * called once at a time and in list order, though not always on the
 * caller's thread (a provider may read pages on helper threads). */
int net_list_groups_each(net_account *a, net_group_sink sink, void *ctx, og_error *err);
/* Appends what the caller makes of g to t: 0, or -1 (out of memory). It
 * may run on helper threads, for groups of several pages at once, so it
 * reads g and writes t and touches nothing else. */
typedef int (*net_group_text)(og_text *t, const og_group *g);
/* net_list_groups_each for output (list --json): each group is made text
 * by `text` as its page arrives (pages side by side on helper threads when
 * the provider can) and the texts join *out in list order, one piece a
 * page, with `sep` between two groups. 0, or -1 with err; *out may then
 * hold part of the list. */
int net_list_groups_text(net_account *a, net_group_text text, const char *sep, og_pieces *out,
                         og_error *err);
int net_get_group(net_account *a, const char *id_or_name, og_group **out, og_error *err);

#endif

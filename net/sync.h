/* The synchronous reads, for `origo list` and `origo show` (no worker, no
 * threads). Public: tui/ may include it. */
#ifndef NET_SYNC_H
#define NET_SYNC_H

#include "model/og.h"
#include "model/og_error.h"
#include "net/accounts.h"

/* net_list_groups fills `out` (caller frees with og_group_list_free()).
 * net_get_group finds GROUP by id or exact name; *out is freed by the caller
 * with og_group_free(); a group that does not exist is OG_ERR_NOTFOUND. */
int net_list_groups(net_account *a, og_group_list *out, og_error *err);
/* Takes one group (frees it with og_group_free()); 0 to go on, -1 to stop. */
typedef int (*net_group_sink)(void *ctx, og_group *g, og_error *err);
/* net_list_groups for long lists: each group goes to `sink` as soon as its
 * page arrives, so memory holds one page, not the account. */
int net_list_groups_each(net_account *a, net_group_sink sink, void *ctx, og_error *err);
int net_get_group(net_account *a, const char *id_or_name, og_group **out, og_error *err);

#endif

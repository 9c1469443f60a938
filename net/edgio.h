/* The Edgio (VDMS) Origins API v0.5 adapter (../shared/api/edgio.md):
 * customer origin groups and their origin entries under
 * /cdn/origins/v0.5/{platform}, OAuth 2 client-credentials bearer tokens.
 * Entries have no enabled or backup flag; they have a primary per protocol
 * and a failover order per protocol. The pure functions here need no
 * network, for the unit tests. */
#ifndef NET_EDGIO_H
#define NET_EDGIO_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/og_error.h"
#include "net/worker.h"

extern const og_caps edgio_caps;

#define EDGIO_DEFAULT_API_URL "https://api.vdms.io"
#define EDGIO_DEFAULT_TOKEN_URL "https://id.vdms.io/connect/token"
#define EDGIO_DEFAULT_SCOPE "cdn.origins"
#define EDGIO_API_PATH "/cdn/origins/v0.5"
/* Concurrent transfers (and connections) of one browse. */
#define EDGIO_PARALLEL 16

/* One group object and the rows of GET /{p}/groups/{id}/origins. The two
 * rows of a Match Client entry (same id, listed twice) fold into one source:
 * protocol "match", order = the HTTP row's failover_order, order_alt = the
 * HTTPS row's, raw = [HTTP row, HTTPS row]; any other entry's raw is its row.
 * Sources are keyed by the entry id; enabled/backup are absent; primary is
 * is_primary. Group settings (host header, network type, TLS, shield POPs,
 * ...) become g->settings. caller frees *out with og_group_free(). */
int edgio_parse_group(const cJSON *group, const cJSON *rows, og_group **out, og_error *err);

/* The row of source s that serves `protocol` ("http"/"https"); NULL if none. */
const cJSON *edgio_row(const og_source *s, const char *protocol);

/* The body of PATCH /{p}/groups/{id}/origins for moving c->source_key to
 * position c->order_to of its protocol's failover list (c->protocol for a
 * "match" source): [{"id","host","failover_order"}] for every entry of that
 * protocol, hosts exactly as listed, renumbered 0.., the primary kept at 0
 * (rules_check_move refuses otherwise). caller frees. */
char *edgio_build_order_body(const og_group *fresh, const og_change *c, og_error *err);
/* The same with the list of `protocol` reordered so that source `key` is at
 * position `to` (no rule check): used to put a new primary first. */
char *edgio_build_order_body_for(const og_group *g, const char *key, const char *protocol,
                                 int to, og_error *err);

/* The body of PUT /{p}/{id} from the entry as GET /{p}/{id} gave it, with
 * is_primary set to `primary`: every field it came with except id and
 * failover_order (PUT replaces the entry), group_id filled in when absent.
 * A Match Client entry (`match_client`, as the group's listing showed it:
 * the single answer shows only its HTTP row) keeps protocol_type_id 3 and
 * its host without a scheme. caller frees. */
char *edgio_build_entry_update(const cJSON *entry, const char *group_id, bool primary,
                               bool match_client, og_error *err);

/* The form of the client-credentials grant, each value escaped.
 * caller frees with net_auth_free() (it holds the secret). */
char *edgio_token_form(const char *client_id, const char *client_secret, const char *scope);

void edgio_describe_error(const char *body, size_t len, char *out, size_t outsz);

/* How many access tokens the account has fetched; tests. */
unsigned long edgio_token_fetches(net_account *a);

#endif

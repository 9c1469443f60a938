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
#include "net/provider.h"
#include "model/form.h"

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

/* Sets each member of `set` on the entry object `body` (replacing it; a
 * null member removes it). 0, or -1 (out of memory) with err. */
int edgio_entry_set(cJSON *body, const cJSON *set, og_error *err);

/* ---- requests shared with the forms (net/edgio/edgio_form.c) ---- */
/* base_url + /cdn/origins/v0.5/{platform} of the call's account. */
const char *edgio_prefix(const net_call *c);
/* Whether the account is on the ADN platform (its group bodies differ). */
bool edgio_is_adn(const net_call *c);
/* The provider's get hook: group `id` with its entries. caller frees *out
 * with og_group_free(). */
int edgio_get(net_call *c, const char *id, og_group **out, og_error *err);
/* PUT /{p}/{key} of the entry as GET /{p}/{key} gives it now (see
 * edgio_build_entry_update), is_primary = primary, then the members of
 * `set` (NULL: none) put over it (edgio_entry_set). c->error_body, when
 * set, gets the PUT's error body only. */
int edgio_put_entry(net_call *c, const og_group *g, const char *key, bool primary,
                    const cJSON *set, og_error *err);
/* Reads group `group_id` and moves entry `key` to position 0 of each
 * failover list it is on and not first in yet (one PATCH a protocol): a
 * primary holds position 0. */
int edgio_put_first(net_call *c, const char *group_id, const char *key, og_error *err);

/* ---- forms (issue 4; net/edgio/edgio_form.c) ---- */
/* The hooks of net_provider (see net/provider.h). */
int edgio_form_fill(form *f, form_target t, const og_group *g, const og_source *s, og_error *err);
bool edgio_form_check(form *f, form_target t, const og_group *g, const og_source *s);
int edgio_form_save(net_call *c, form *f, form_target t, const og_group *fresh,
                    const char *source_key, og_group **out, og_error *err);
int edgio_delete_group(net_call *c, const og_group *fresh, og_error *err);
int edgio_delete_source(net_call *c, const og_group *fresh, const char *source_key,
                        og_group **out, og_error *err);

/* The form's field keys are the JSON pointers of the API's fields without
 * the leading '/': a Hyperion error detail's "source" names its field. */
#define EDGIO_F_NAME        "name"
#define EDGIO_F_HOST_HEADER "host_header"
#define EDGIO_F_NETWORK     "network_type_id"
#define EDGIO_F_SNI         "tls_settings/sni_hostname"
#define EDGIO_F_SELF_SIGNED "tls_settings/allow_self_signed"
#define EDGIO_F_KEYS        "tls_settings/public_keys_to_verify"
#define EDGIO_F_HOST        "host"
#define EDGIO_F_PORT        "port"
#define EDGIO_F_PROTOCOL    "protocol_type_id"
#define EDGIO_F_PRIMARY     "is_primary"

/* The body of POST /{p}/groups (raw NULL) or PUT /{p}/groups/{id} (raw:
 * the group object as read: the fields the form does not edit, such as
 * shield_pops or an ADN gateway, go back as they are). adn: the ADN request
 * shapes (gateway; validation_path on update). caller frees. */
char *edgio_build_group_body(form *f, const cJSON *raw, bool adn, og_error *err);
/* The entry fields the form sets: host, port (absent: the protocol's
 * default; null for Match Client), protocol_type_id, is_primary; with
 * group_id and storage_type_id 1 when group_id is not NULL (a POST).
 * caller frees with cJSON_Delete(); NULL on out of memory. */
cJSON *edgio_form_entry_json(form *f, const char *group_id);
/* Puts the messages of an Edgio error body on the form: each Hyperion
 * detail on the field its "source" names (entry: the request was an
 * entry's, so only the entry fields are candidates; else only the group's),
 * the rest (description, legacy {"Message"}) on f->error. Returns how many
 * messages went on fields. */
int edgio_form_map_error(form *f, const char *body, bool entry);

/* The form of the client-credentials grant, each value escaped.
 * caller frees with net_auth_free() (it holds the secret). */
char *edgio_token_form(const char *client_id, const char *client_secret, const char *scope);

void edgio_describe_error(const char *body, size_t len, char *out, size_t outsz);

/* The parse entry point of a /connect/token answer (the body of a 2xx):
 * *token the access_token (caller frees with net_auth_free()), *ttl its
 * expires_in in seconds (300, the documented default, when absent or
 * negative). -1 with err naming `host` when there is no access_token. */
int edgio_parse_token(const char *body, size_t len, const char *host, char **token, double *ttl,
                      og_error *err);

/* How many access tokens the account has fetched; tests. */
unsigned long edgio_token_fetches(net_account *a);

/* The adapter, registered in net/account.c's providers table. */
extern const struct net_provider edgio_provider;

/* ---- what the requests log knows of it (net/edgio/edgio_reqlog.c) ---- */
struct og_account;
struct net_curl_auth;
/* The net_provider curl_auth hook (net/provider.h). */
void edgio_curl_auth(const struct og_account *acct, struct net_curl_auth *out);

#endif

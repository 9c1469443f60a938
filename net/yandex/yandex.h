/* The Yandex Cloud CDN adapter (../shared/api/yandex.md): origin groups at
 * /cdn/v1/originGroups, one origin written through the Origin service, every
 * write an Operation waited on at the operation service, IAM bearer tokens
 * (used as given, or exchanged from an OAuth token). The pure functions here
 * need no network, for the unit tests. */
#ifndef NET_YANDEX_H
#define NET_YANDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/og_error.h"
#include "net/provider.h"
#include "model/form.h"

extern const og_caps yandex_caps;

#define YANDEX_DEFAULT_API_URL "https://cdn.api.cloud.yandex.net"
#define YANDEX_DEFAULT_OPERATION_URL "https://operation.api.cloud.yandex.net"
#define YANDEX_DEFAULT_IAM_URL "https://iam.api.cloud.yandex.net"

/* Parses JSON text keeping every integer too long for a double exactly: such
 * numbers become strings of the same digits (int64 ids arrive as strings by
 * the proto3 mapping; this guards against a number). NULL if not JSON.
 * caller frees with cJSON_Delete(). */
cJSON *yandex_parse_json(const char *text, size_t len);

/* An OriginGroup. Absent booleans are false and absent lists empty (proto3
 * JSON omits defaults). Sources are keyed by the origin's id. The group's raw
 * is the object without "origins"; each source's raw its origin verbatim.
 * caller frees *out with og_group_free(). */
int yandex_parse_group(const cJSON *j, og_group **out, og_error *err);
/* Appends the groups of one ListOriginGroupsResponse to out. *next_token:
 * the nextPageToken (caller frees), NULL when it is absent or empty. */
int yandex_parse_page(const cJSON *j, og_group_list *out, char **next_token, og_error *err);

/* The body of PATCH /cdn/v1/origins/{id} that sets c->field of the origin
 * c->source_key of `fresh` to c->to: folderId, source, enabled, backup (the
 * booleans always sent) and meta as the origin has it. caller frees. */
char *yandex_build_origin_update(const og_group *fresh, const og_change *c, const char *folder_id,
                                 og_error *err);
/* The body of PATCH /cdn/v1/originGroups for the same change: folderId,
 * originGroupId, groupName and the full origins list (not used for toggles,
 * see yandex.c; kept for a group-level write). caller frees. */
char *yandex_build_group_update(const og_group *fresh, const og_change *c, const char *folder_id,
                                og_error *err);

/* The body of PATCH /cdn/v1/originGroups that sets the group's name and
 * useNext and sends every origin of `fresh` back as it is (the list replaces
 * the stored one, yandex.md §4.4: nothing may be left out). caller frees. */
char *yandex_build_group_settings(const og_group *fresh, const char *name, bool use_next,
                                  const char *folder_id, og_error *err);

/* What an Operation says. */
typedef struct yandex_op {
	char id[128];
	bool done;
	bool has_error;
	int code;           /* google.rpc code of the error */
	char message[400];  /* the error's message */
	char group_id[24];  /* metadata originGroupId (or the response's id); "" none */
	char origin_id[24]; /* metadata originId; "" none */
} yandex_op;
int yandex_parse_operation(const cJSON *j, yandex_op *op, og_error *err);

/* An IAM token as the Terraform provider tells it: "t1." and two dots. */
bool yandex_is_iam_token(const char *t);
/* RFC 3339 ("2026-11-22T13:37:29.123456789Z", "...+03:00") to seconds. */
int yandex_parse_time(const char *s, time_t *out);

void yandex_describe_error(const char *body, size_t len, char *out, size_t outsz);

/* The parse entry point of an /iam/v1/tokens answer (the body of a 2xx):
 * *token the iamToken (caller frees with net_auth_free()), *ttl the seconds
 * left until its expiresAt (0 when that is past or unreadable: use it once;
 * -1 when there is none). -1 with err naming `host` when there is no iamToken. */
int yandex_parse_iam_answer(const char *body, size_t len, const char *host, char **token,
                            double *ttl, og_error *err);

/* ---- shared by yandex.c and yandex_form.c ---- */

/* The account's folder id ("" when none). */
const char *yandex_folder_of(const net_call *c);
/* A request to an absolute URL whose answer is parsed with int64s exact.
 * caller frees *out with cJSON_Delete(). */
int yandex_request(net_call *c, const char *method, const char *url, const char *body,
                   cJSON **out, og_error *err);
/* Waits for the Operation j (taken) to be done, polling the operation
 * service. 0: done without error. *last (NULL: not wanted): the operation
 * as last seen (its error's code and message when it failed). */
int yandex_wait_operation(net_call *c, cJSON *j, yandex_op *last, og_error *err);

/* ---- forms (yandex_form.c; the hooks of net/provider.h) ---- */

int yandex_form_fill(form *f, form_target t, const og_group *g, const og_source *s,
                     og_error *err);
bool yandex_form_check(form *f, form_target t, const og_group *g, const og_source *s);
int yandex_form_save(net_call *c, form *f, form_target t, const og_group *fresh,
                     const char *source_key, og_group **out, og_error *err);
int yandex_delete_group(net_call *c, const og_group *fresh, og_error *err);
int yandex_delete_source(net_call *c, const og_group *fresh, const char *source_key,
                         og_group **out, og_error *err);
/* The request a form sends, without sending it: the method and the path
 * under the API's base URL (*path: caller frees) and the JSON body (caller
 * frees): POST /cdn/v1/originGroups (FORM_GROUP_NEW), PATCH
 * /cdn/v1/originGroups (FORM_GROUP_EDIT, every origin of fresh kept), POST
 * /cdn/v1/origins (FORM_SOURCE_NEW), PATCH /cdn/v1/origins/{id}
 * (FORM_SOURCE_EDIT). NULL with err. */
char *yandex_form_body(form *f, form_target t, const og_group *fresh, const char *source_key,
                       const char *folder_id, const char **method, char **path, og_error *err);
/* Puts a refusal on the form's fields: `status_body` a google.rpc.Status
 * body (BadRequest fieldViolations, "Request validation error: <field>:
 * ..." or "<Field>: required" messages) and/or `op_message` a failed
 * Operation's error message (the CDN's "general api error: {"origins":
 * {"<source>":{"<field>":[...]}}}" lands on the field of the origin with
 * that source). What names no field of the form goes on f->error. */
void yandex_form_map_error(form *f, const char *status_body, const char *op_message);

/* How many times the account's token has been fetched (exchanged or read
 * from token_cmd); tests. */
unsigned long yandex_token_fetches(net_account *a);

/* The adapter, registered in net/account.c's providers table. */
extern const struct net_provider yandex_provider;

/* ---- what the requests log knows of it (net/yandex/yandex_reqlog.c) ---- */
struct og_account;
struct net_curl_auth;
/* The net_provider curl_auth hook (net/provider.h). */
void yandex_curl_auth(const struct og_account *acct, struct net_curl_auth *out);
/* Its secret_fields (net/provider.h). */
extern const char *const yandex_secret_fields[];

#endif

/* The Yandex Cloud CDN origin-groups API (../shared/api/yandex.md): the
 * OriginGroup and Origin services under /cdn/v1/, the Operation service under
 * /operations/, and the IAM token exchange at /iam/v1/tokens.
 * Everything here is called with the state lock held. */
#ifndef EMU_YANDEX_H
#define EMU_YANDEX_H

#include "emu.h"

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#define YC_DEFAULT_FOLDER "b1gemu0000000000000f"
#define YC_DEFAULT_OAUTH "y0_emulator-oauth-token"
/* 2^53 + 1: every id the emulator hands out is beyond what a double holds */
#define YC_FIRST_ID 9007199254740993LL

extern const struct emu_provider yandex_provider;

/* ---- settings (POST /_emu/settings, tests/README.md) ---- */

struct yc_settings {
	long token_ttl_s;         /* yandex_token_ttl_seconds: IAM token lifetime */
	long operation_polls;     /* GETs of /operations/{id} before done; 0: done at once */
	long page_size_max;       /* yandex_page_size_max: pages are cut to this */
	bool print_defaults;      /* yandex_print_defaults: false/""/[] printed */
	bool meta_fill_common;    /* yandex_meta_autofill: "none" | "common" */
	bool update_empty_keeps;  /* yandex_update_empty_origins: "keep" | "clear" */
	bool renew_origin_ids;    /* yandex_update_origin_ids: "keep_by_source" | "renew" */
	bool delete_in_use_ok;    /* yandex_delete_in_use: "reject" | "allow" */
	bool sync_validation;     /* yandex_validation_errors: "operation" | "sync" */
	bool empty_as_any;        /* yandex_delete_response: "empty_any" | "omit" */
};
extern struct yc_settings yc_settings;
/* Checks the yandex_* keys (and operation_polls) of a settings object, then
 * (apply) applies them. 0, or -1 with a message and nothing changed. */
int yandex_settings_apply(const cJSON *j, bool apply, char *err, size_t errlen);
void yandex_settings_to_json(cJSON *o);

/* ---- the store (yandex_store.c) ---- */

enum yc_meta { YC_META_NONE, YC_META_COMMON, YC_META_BUCKET, YC_META_WEBSITE, YC_META_BALANCER };

struct yc_origin {
	long long id;
	char *source;
	bool enabled, backup;
	enum yc_meta meta;
	char *meta_val;            /* name, or the balancer's id; NULL when NONE */
};

struct yc_res { char *id, *cname; };   /* a CDN resource using the group */

struct yc_group {
	long long id;
	char *folder_id, *name, *provider_type;
	bool use_next;
	struct yc_origin *o;
	size_t no;
	struct yc_res *res;
	size_t nres;
};

void yc_group_free(struct yc_group *g);        /* frees g too; NULL is fine */
/* caller frees with yc_group_free(); NULL on out of memory */
struct yc_group *yc_group_dup(const struct yc_group *g);
int yc_origin_add(struct yc_group *g, const struct yc_origin *src); /* deep copy; 0/-1 */
void yc_origin_clear(struct yc_origin *o);
const char *yc_meta_name(enum yc_meta m);      /* "common", ...; NULL for NONE */
/* An OriginMeta object: exactly one of common/bucket/website ({"name"}) or
 * balancer ({"id"}); {} or null is NONE. 0, or -1 with a message. *val is
 * malloc'd (caller frees) or NULL. */
int yc_meta_parse(const cJSON *j, enum yc_meta *m, char **val, char *err, size_t errlen);

/* JSON as the API prints it: ids as strings; defaults omitted unless full
 * (or the print_defaults setting). Caller frees with cJSON_Delete(). */
cJSON *yc_group_json(const struct yc_group *g, bool full);
cJSON *yc_origin_json(const struct yc_group *g, const struct yc_origin *o, bool full);
/* A group from the state file / control API form (ids as strings or numbers).
 * id_override > 0 replaces the group's id. Caller frees; NULL with err. */
struct yc_group *yc_group_from_state(const cJSON *j, long long id_override,
				     char *err, size_t errlen);
/* Parses an int64 id given as a JSON string of digits or an exact integer. */
bool yc_json_id(const cJSON *j, long long *out);
bool yc_text_id(const char *s, long long *out);   /* decimal digits, > 0 */

size_t ycs_count(void);
struct yc_group *ycs_at(size_t i);                /* sorted by id */
struct yc_group *ycs_find(long long id);
/* finds the origin with this id in any group */
struct yc_group *ycs_find_origin(long long origin_id, struct yc_origin **o);
long long ycs_new_id(void);                       /* a fresh id for a group or origin */
int ycs_put(struct yc_group *g);                  /* takes g; replaces same id; 0/-1 */
int ycs_remove(long long id);                     /* 0, or -1 if absent */

const char *yandex_folder(void);
bool yandex_oauth_known(const char *tok, size_t len);
bool yandex_static_iam(const char *tok, size_t len);
void yandex_expire_static(void);                 /* static IAM tokens stop working */

/* State: parse everything aside, then commit, so a bad file changes nothing.
 * yandex_state_parse: 0, or -1 with err; *out freed by commit or discard. */
struct yc_state;
int yandex_state_parse(const cJSON *section, struct yc_state **out, char *err, size_t errlen);
void yandex_state_commit(struct yc_state *s);
void yandex_state_discard(struct yc_state *s);
cJSON *yandex_state_to_json(void);                /* caller frees */
int yandex_generate(long n);                      /* min(n, 12) groups; 0/-1 */
void yandex_free(void);

/* ---- operations (yandex_ops.c) ---- */

/* What a finished operation does to the store. */
enum yc_apply { YC_APPLY_PUT, YC_APPLY_DELETE };
enum yc_rpc { YC_RPC_GROUP_CREATE, YC_RPC_GROUP_UPDATE, YC_RPC_GROUP_DELETE,
	      YC_RPC_ORIGIN_CREATE, YC_RPC_ORIGIN_UPDATE, YC_RPC_ORIGIN_DELETE };

/* Starts an operation. group: the group to store when it succeeds (taken;
 * NULL for deletes); origin_id: the origin concerned (0 for group RPCs);
 * err_code != 0: the operation ends in that error instead and changes nothing.
 * Returns the operation as JSON (caller frees), after completing it at once
 * when operation_polls is 0. */
cJSON *ycop_start(enum yc_rpc rpc, long long group_id, long long origin_id,
		  struct yc_group *group, int err_code, const char *err_msg);
/* GET /operations/{id}: counts the poll, completes when due. NULL if unknown. */
cJSON *ycop_poll(const char *id);
void ycop_free(void);

/* ---- the HTTP side (yandex.c) ---- */
/* a google.rpc.Status error body with a RequestInfo detail */
void yc_error(struct emu_resp *resp, int http, int code, const char *msg);
/* The request log's copy of a body: the IAM exchange's OAuth token or JWT
 * replaced by "REDACTED". NULL: log the body as is. Caller frees. */
char *yandex_log_body(const struct emu_req *r);

#endif

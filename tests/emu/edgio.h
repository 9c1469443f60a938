/* The Edgio (VDMS) Origins API v0.5 (../shared/api/edgio.md): customer origin
 * groups and origin entries under /cdn/origins/v0.5/{http-large,adn}, with the
 * OAuth client-credentials token endpoint /connect/token.
 * Everything here is called with the state lock held. */
#ifndef EMU_EDGIO_H
#define EMU_EDGIO_H

#include "emu.h"

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#define EG_DEFAULT_CLIENT_ID "origo-emu-client"
#define EG_DEFAULT_CLIENT_SECRET "origo-emu-secret"
#define EG_SCOPE "cdn.origins"

extern const struct emu_provider edgio_provider;

/* ---- settings ---- */
struct eg_settings {
	long token_ttl_s;        /* edgio_token_ttl_seconds (edgio.md §5: 300) */
	bool match_rows_split;   /* edgio_match_rows: "match" | "split" protocol ids */
	bool error_legacy;       /* edgio_error_style: "hyperion" | "legacy" */
	long bad_client_status;  /* edgio_bad_client_status: 400 | 401 */
	long failover_status;    /* edgio_failover_status: 204 | 200 */
	long create_status;      /* edgio_create_status: 200 | 201 */
};
extern struct eg_settings eg_settings;
/* Checks the edgio_* keys of a settings object, then (apply) applies them.
 * 0, or -1 with a message and nothing changed. */
int edgio_settings_apply(const cJSON *j, bool apply, char *err, size_t errlen);
void edgio_settings_to_json(cJSON *o);

/* ---- the store (edgio_store.c) ---- */

enum { EG_HTTP = 1, EG_HTTPS = 2, EG_MATCH = 3 };

struct eg_entry {
	long id;
	char *name;          /* NULL: null */
	char *host;          /* HTTP/HTTPS Only: with a scheme; Match Client: bare */
	bool scheme_given;   /* the client wrote the scheme itself */
	long port;           /* 0 for Match Client (80 / 443 per row) */
	bool is_primary;
	int protocol;        /* EG_HTTP, EG_HTTPS, EG_MATCH */
	int storage_type;
};

struct eg_group {
	long id;
	char *platform;      /* "http-large" or "adn" */
	cJSON *json;         /* the group object as the API shows it, "id" included */
	struct eg_entry *e;
	size_t ne;
	long *ord[2];        /* entry ids in failover order: [0] HTTP, [1] HTTPS */
	size_t nord[2];
};

void eg_group_free(struct eg_group *g);
size_t egs_count(void);
struct eg_group *egs_at(size_t i);               /* sorted by id */
struct eg_group *egs_find(long id);
struct eg_group *egs_find_entry(long entry_id, struct eg_entry **e);
long egs_new_group_id(void);
long egs_new_entry_id(void);
int egs_put(struct eg_group *g);                 /* takes g; replaces; 0/-1 */
int egs_remove(long id);

/* Failover lists: whether an entry is on list p (0 HTTP, 1 HTTPS). */
bool eg_on_list(const struct eg_entry *e, int p);
int eg_list_remove(struct eg_group *g, long id);
int eg_list_add(struct eg_group *g, int p, long id, bool front);  /* 0/-1 */
struct eg_entry *eg_entry_in(struct eg_group *g, long id);

/* The host as stored: HTTP/HTTPS Only get the protocol's scheme unless one is
 * given; Match Client is kept bare (a scheme is dropped). Caller frees. */
char *eg_host_store(const char *host, int protocol, bool *scheme_given);
/* A row's host: the stored host, or scheme + bare host for Match Client rows
 * (p 0: HTTP, 1: HTTPS). Writes into buf. */
const char *eg_row_host(const struct eg_entry *e, int p, char *buf, size_t size);
long eg_row_port(const struct eg_entry *e, int p);

/* A group from the state form (group fields + "platform" + "origins").
 * id_override > 0 replaces its id. Caller frees; NULL with err. */
struct eg_group *eg_group_from_state(const cJSON *j, long id_override, char *err, size_t errlen);
cJSON *eg_group_state_json(const struct eg_group *g);   /* caller frees */
/* A new object holding the entry's "id" and "name" (null when unnamed), the
 * start of every form an entry is shown in; caller frees. */
cJSON *eg_entry_json_start(const struct eg_entry *e);
/* Fills the documented defaults of a group object for its platform. */
void eg_group_defaults(cJSON *j, const char *platform);

const char *edgio_client_id(void);
const char *edgio_client_secret(void);
bool edgio_scope_allowed(const char *scope, size_t len);
const char *edgio_scopes(void);                  /* all allowed, space separated */

struct eg_state;
int edgio_state_parse(const cJSON *section, struct eg_state **out, char *err, size_t errlen);
void edgio_state_commit(struct eg_state *s);
void edgio_state_discard(struct eg_state *s);
cJSON *edgio_state_to_json(void);
int edgio_generate(long n);
void edgio_free(void);

/* ---- the HTTP side (edgio.c) ---- */
char *edgio_log_body(const struct emu_req *r);

#endif

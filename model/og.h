/* The provider-neutral model of SPEC.md: origin groups and their sources.
 *
 * Every provider's adapter maps its JSON to these structs and back. A flag a
 * provider does not have is OG_ABSENT (shown as "-"), never false. Each group
 * and source keeps the provider's own JSON object verbatim, so a write can send
 * back fields origo does not understand untouched: as compact JSON text
 * (`raw_json`), not as a cJSON tree, because a tree costs about six times the
 * text and 10,000 groups are mostly never written. og_source_raw() /
 * og_group_raw() parse it when a write, a form or a probe needs it. */
#ifndef OG_H
#define OG_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

typedef enum og_tri { OG_ABSENT = -1, OG_NO = 0, OG_YES = 1 } og_tri;

typedef enum og_kind {
	OG_KIND_HOST, OG_KIND_S3, OG_KIND_BUCKET, OG_KIND_WEBSITE,
	OG_KIND_BALANCER, OG_KIND_FASTEDGE,
} og_kind;

/* The per-source flags a user can change with one key. OG_FIELD_ORDER is a
 * move in the failover order (J/K), not a flag: og_source_flag() gives NULL
 * and og_source_flag_get() OG_ABSENT for it; see og_change.order_from/to. */
typedef enum og_field {
	OG_FIELD_ENABLED, OG_FIELD_BACKUP, OG_FIELD_PRIMARY, OG_FIELD_ORDER,
} og_field;

typedef struct og_source {
	char *key;          /* identity: host string, bucket name or provider id */
	og_kind kind;
	bool packed;        /* its strings live in its group's pack (og_group_pack):
	                       not freed one by one; copies are never packed */
	char *host;         /* host or bucket as shown; never a credential */
	int port;           /* 0: none given */
	og_tri enabled;
	og_tri backup;
	og_tri primary;
	int order;          /* failover order, -1: absent; of the HTTP row when
	                       protocol is "match" */
	char *protocol;     /* NULL: absent; "http", "https" or "match" (Edgio's
	                       Match Client: one entry listed as an HTTP and an
	                       HTTPS row, folded into one source) */
	char *host_header;  /* NULL: none / absent */
	const char *kind_label; /* the provider's own name for the kind when it
	                           differs (Yandex "common"); static storage,
	                           NULL: og_kind_name(kind) */
	char *raw_json;     /* the provider's object, verbatim, as compact JSON
	                       text; owned; may be NULL (Edgio "match": the array
	                       [HTTP row, HTTPS row]). Set with og_source_set_raw(),
	                       read with og_source_raw(). */
	cJSON *raw_tree;    /* og_source_raw()'s parse of raw_json, kept until the
	                       source is cleared; private to og.c */
	int order_alt;      /* "match" only: the HTTPS row's failover order;
	                       -1 (or any value while order is -1): absent */
} og_source;

/* A provider-specific setting of a group, shown on the group screen as
 * "label: value" (Yandex "Provider type", Edgio "Host header", ...). */
typedef struct og_setting {
	char *label;
	char *value;
} og_setting;

typedef struct og_group {
	char *id;           /* decimal string: Yandex ids exceed 2^53 */
	char *name;
	og_tri use_next;
	char **next_upstream;   size_t n_next_upstream;
	og_tri in_use;
	char **in_use_by;       size_t n_in_use_by;   /* names where the provider says */
	og_source *sources;     size_t n_sources;
	char *raw_json;     /* the provider's object, verbatim, as compact JSON
	                       text; owned; may be NULL (og_group_set_raw(),
	                       og_group_raw()) */
	cJSON *raw_tree;    /* og_group_raw()'s parse of raw_json; private to og.c */
	void *pack;         /* NULL, or the one block holding the group's strings,
	                       sources array and texts (og_group_pack); it may be
	                       the group itself, its struct first in the block
	                       (Gcore's reader builds it so) */
	og_setting *settings;   size_t n_settings;   /* in display order */
} og_group;

const char *og_kind_name(og_kind k);            /* "host", "s3", ... */
/* The kind as the screen shows it: the provider's label, else og_kind_name. */
const char *og_source_kind_label(const og_source *s);
/* The source's address as the user knows it, into out (n bytes): its host
 * (or key), with ":port" when it has one, an IPv6 host then in brackets
 * ("[2001:db8::1]:8443"). Rows and questions show this. */
void og_source_address(const og_source *s, char *out, size_t n);
const char *og_field_name(og_field f);          /* "enabled", "backup", "primary" */
og_tri *og_source_flag(og_source *s, og_field f);
og_tri og_source_flag_get(const og_source *s, og_field f);

/* The provider's object of s (or g) as a tree, parsed from raw_json on the
 * first call and kept with s until it is cleared; NULL when there is none
 * (or on out of memory). Not to be modified. A source is read by one thread
 * at a time (the UI owns its store, each job its copies), as for the rest of
 * og_source: copies never touch the parsed tree. */
const cJSON *og_source_raw(const og_source *s);
const cJSON *og_group_raw(const og_group *g);
/* Sets the provider's object of s (or g) to `tree`, kept as its compact
 * text; takes tree (NULL: none) whether it succeeds or not. 0 or -1 (ENOMEM;
 * or a packed group or source, which is read-only). */
int og_source_set_raw(og_source *s, cJSON *tree);
int og_group_set_raw(og_group *g, cJSON *tree);
/* A copy of the provider's object that the caller may change and frees with
 * cJSON_Delete(); NULL when there is none or on out of memory. */
cJSON *og_source_raw_dup(const og_source *s);
cJSON *og_group_raw_dup(const og_group *g);

void og_source_clear(og_source *s);             /* frees members, not s */
int og_source_copy(og_source *dst, const og_source *src); /* deep; 0 or -1 (ENOMEM) */
void og_group_free(og_group *g);                /* frees g and everything in it; NULL ok */
/* caller frees with og_group_free(); NULL on out of memory. The clone is
 * never packed. */
og_group *og_group_clone(const og_group *g);
/* Moves the group's strings (id, name, lists, every source's strings and
 * texts), its sources array and its text into one allocation: a list of
 * 10,000 groups is then 20,000 blocks instead of 160,000, each with its own
 * header and rounding. A source's host equal to its key is kept once. After
 * it the strings, arrays and texts of g and its sources are read-only (the
 * flags, order and settings are not); og_group_free frees it all. 0, or -1
 * on out of memory with g as it was. */
int og_group_pack(og_group *g);
/* Appends a copy of label/value to g->settings. 0 or -1 (ENOMEM). */
int og_group_add_setting(og_group *g, const char *label, const char *value);
/* index of the source whose key equals `key`, or -1 */
long og_group_find_source(const og_group *g, const char *key);

/* Counts for the groups screen. */
size_t og_group_count_enabled(const og_group *g);  /* sources not explicitly disabled */
size_t og_group_count_backup(const og_group *g);

/* A list of groups, as a result of a list job. */
typedef struct og_group_list {
	og_group **items;
	size_t n;
	size_t cap;         /* room in items; a zeroed list is empty and valid */
} og_group_list;
void og_group_list_free(og_group_list *l);  /* frees the items and the array, not l */
int og_group_list_push(og_group_list *l, og_group *g); /* takes g; 0 or -1 */

/* The provider-neutral JSON of SPEC.md, for list/show --json.
 * caller frees with cJSON_Delete(); NULL on out of memory. */
cJSON *og_group_to_json(const og_group *g);

#endif

/* The sources pivot of incident mode (SPEC: sources screen, `origo
 * sources`): every distinct origin of every loaded account, and each
 * (account, group, source) that uses it. Pure: no I/O, no copies of the
 * groups.
 *
 * An origin's identity (origin_name_of) is the address a person types: the
 * host with its port when the source gives one ("api.example.com:8443",
 * "[2001:db8::1]:443"; a scheme such as Edgio's "https://" left out), the
 * bucket for a bucket or S3 source; hosts compare
 * case-insensitively (DNS names are), so the identity is lower case. The
 * same host on two ports is two origins: a port is a different server
 * process, and a bulk disable must never reach further than asked.
 *
 * Lifetime: an og_origins borrows the groups it was built from. Any change
 * to a store those groups live in (a list, a confirmed or reverted change, a
 * delete) invalidates it: build it again (fast: 10,000 groups well under
 * 50 ms). */
#ifndef MODEL_ORIGINS_H
#define MODEL_ORIGINS_H

#include <stdbool.h>
#include <stddef.h>
#include "model/og.h"

/* The longest identity kept; longer addresses are cut (never split a
 * UTF-8 sequence). */
#define ORIGIN_NAME_MAX 320

/* The identity of source s into out (n bytes, at most ORIGIN_NAME_MAX):
 * lower-cased og_source_address() for a host; the bucket (the source's
 * host) for OG_KIND_S3 and OG_KIND_BUCKET; "" when the source has neither
 * (a FastEdge app): such sources are no origin and the pivot leaves them
 * out. */
void origin_name_of(const og_source *s, char *out, size_t n);

/* One use: group `group` of account `account` has the origin as its
 * source number `source`. */
typedef struct og_origin_use {
	size_t account;             /* index in the accounts given to origins_build */
	const og_group *group;      /* borrowed */
	size_t source;              /* index in group->sources */
} og_origin_use;

typedef struct og_origin {
	char *name;                 /* origin_name_of(); owned */
	og_origin_use *uses;        /* by account, then group name, then source
	                               index; owned */
	size_t n_uses;
	size_t n_groups;            /* distinct (account, group) pairs */
	size_t n_accounts;          /* distinct accounts */
	size_t n_enabled;           /* uses whose enabled flag is not OG_NO
	                               (absent counts as enabled, as in rules.h) */
	size_t n_backup;            /* uses whose backup flag is OG_YES */
} og_origin;

typedef enum origins_sort {
	ORIGINS_BY_NAME,            /* identity, ascending (byte order) */
	ORIGINS_BY_GROUPS,          /* n_groups descending, then by name */
} origins_sort;

typedef struct og_origins {
	og_origin *items;           /* every origin, in no promised order */
	size_t n;
	size_t *view;               /* indices into items: filtered and sorted
	                               (origins_set_view); all, by name, after
	                               origins_build */
	size_t n_view;
} og_origins;

/* One account's groups as input: its list (borrowed). */
typedef struct og_origins_account {
	const og_group_list *groups;   /* NULL: not loaded (contributes nothing) */
} og_origins_account;

/* Builds the pivot of n accounts into *o (zeroed or freed before). 0, or
 * -1 on out of memory with *o empty and valid. */
int origins_build(og_origins *o, const og_origins_account *accounts, size_t n);
void origins_free(og_origins *o);      /* frees members, not o; leaves it empty */

/* Keeps in the view the origins whose identity contains `filter`
 * (case-insensitive; NULL or "" keeps all), sorted by `sort`. 0, or -1 on
 * out of memory with the view as it was. */
int origins_set_view(og_origins *o, const char *filter, origins_sort sort);

/* The origin whose identity is `name` (compared as origin_name_of would
 * write it: case-insensitive, "HOST:PORT", bucket), or NULL. */
const og_origin *origins_find(const og_origins *o, const char *name);

/* For a `name` that origins_find does not know, the origins with the same
 * host on another port (or with a port when name has none): up to max
 * indices into o->items in out, their count returned. For the message
 * "api.example.com is used by no group; api.example.com:8443 is". */
size_t origins_near(const og_origins *o, const char *name, size_t *out, size_t max);

#endif

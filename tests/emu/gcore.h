/* The Gcore CDN origin-groups API (../shared/api/gcore.md §1, §3, §5).
 * Everything here is called with the state lock held. */
#ifndef EMU_GCORE_H
#define EMU_GCORE_H

#include "emu.h"
#include "state.h"

#include <stddef.h>
#include <cjson/cJSON.h>

#define GCORE_DEFAULT_KEY "4242_emulatorkey"
#define GCORE_SECRET_MASK "SECRET_VALUE"

extern const struct emu_provider gcore_provider;

/* ---- the store (gcore_store.c) ---- */

/* One group as Gcore stores it (S3 secrets in clear), plus its masked text
 * cached for lists: 10,000 groups must serialise in tens of ms. */
struct gc_group {
	long long id;
	cJSON *json;        /* owned */
	char *masked;       /* owned; NULL until first needed */
	size_t masked_len;
};

/* Replaces every group (and the key, if the section carries "api_key").
 * section NULL empties the store. 0, or -1 with a message (store unchanged). */
int gcore_state_load(const cJSON *section, char *err, size_t errlen);
/* {"api_key": ..., "groups": [...]}, secrets in clear. caller frees (cJSON_Delete). */
cJSON *gcore_state_to_json(void);
/* Replaces the store with n generated groups (ids 1..n). 0 or -1 (ENOMEM). */
int gcore_generate(long n);
void gcore_set_key(const char *key);
void gcore_free(void);                      /* at exit: everything */
const char *gcore_key(void);

size_t gcs_count(void);
struct gc_group *gcs_at(size_t i);          /* sorted by id */
struct gc_group *gcs_find(long long id);
long long gcs_next_id(void);
/* Stores json under id (replacing any group with that id); takes json.
 * Sets json's "id" to id. 0 or -1. */
int gcs_put(long long id, cJSON *json);
int gcs_remove(long long id);               /* 0, or -1 if absent */
/* The group's JSON with S3 credentials masked; pointer valid until the group
 * changes. NULL on out of memory. */
const char *gcs_masked(struct gc_group *g, size_t *len);
/* caller frees with cJSON_Delete(): a deep copy with credentials masked */
cJSON *gcs_mask_copy(const cJSON *group);

/* ---- validation (gcore_validate.c) ---- */

enum gc_op { GC_POST, GC_PUT, GC_PATCH };
/* Builds the group to store from a request body: validates like Gcore, applies
 * defaults, PATCH merges into `existing`. An S3 source without origin_type is
 * the stored one with that bucket (PUT/PATCH), its missing keys handled per
 * `omit`; a "SECRET_VALUE" key per `echo`. Returns the group (caller frees
 * with cJSON_Delete()), or NULL with *errors set to the 400 body (caller
 * frees). */
cJSON *gcv_build(enum gc_op op, const cJSON *body, const cJSON *existing,
		 long long id, enum emu_s3_echo echo, enum emu_s3_omit omit, cJSON **errors);

#endif

/* The UI's side of the S3 keys (net/s3.h): which bucket a write still lacks
 * keys for before it is submitted, and keys typed at the prompt. The
 * adapter's own check (gcore_source_for_write) stays the last word. */
#include "net/provider.h"
#include "net/s3keys.h"
#include "net/s3.h"

#include <stdio.h>
#include <string.h>

/* Whether the form carries both keys of its own S3 source. */
static bool form_has_keys(form *f)
{
	form_field *a = f ? form_find(f, "s3_access_key_id") : NULL;
	form_field *s = f ? form_find(f, "s3_secret_access_key") : NULL;
	return a && s && a->text[0] && s->text[0];
}

bool net_job_missing_s3_keys(const job_request *r, const og_group *shown, char *bucket, size_t n)
{
	bucket[0] = '\0';
	if (!r || !r->account || !r->account->s3keys)
		return false;
	const og_group *g = NULL;
	const char *skip = NULL;
	switch (r->kind) {
	case JOB_CHANGE:
		g = shown;
		break;
	case JOB_SAVE_FORM:
		/* settings send no sources, a new group only the typed one */
		if (r->target == FORM_GROUP_EDIT || r->target == FORM_GROUP_NEW)
			return false;
		g = r->edit_seen;
		if (r->target == FORM_SOURCE_EDIT && form_has_keys(r->form))
			skip = r->source_key;
		break;
	case JOB_DELETE:
		if (!r->source_key)
			return false;   /* a group's DELETE sends nothing */
		g = r->edit_seen;
		skip = r->source_key;
		break;
	default:
		return false;
	}
	for (size_t i = 0; g && i < g->n_sources; i++) {
		const og_source *s = &g->sources[i];
		if (s->kind != OG_KIND_S3 || !s->key)
			continue;
		if (skip && strcmp(s->key, skip) == 0)
			continue;
		if (!s3_keyring_has(r->account->s3keys, s->key)) {
			snprintf(bucket, n, "%s", s->key);
			return true;
		}
	}
	return false;
}

int net_s3_keys_set(net_account *a, const char *bucket, const char *access, const char *secret,
                    og_error *err)
{
	if (!a || !a->s3keys) {
		og_error_set(err, OG_ERR_REFUSED, "this account has no S3 keys");
		return -1;
	}
	return s3_keyring_put(a->s3keys, bucket, access, secret, NULL, NULL, err);
}

void net_s3_keys_howto(net_account *a, const char *bucket, char *out, size_t n)
{
	s3_keyring_howto(a ? a->s3keys : NULL, bucket, out, n);
}

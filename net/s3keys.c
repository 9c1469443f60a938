/* The S3 keys of one account's buckets (see s3keys.h). */
#include "net/s3keys.h"
#include "net/reqlog.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct s3_entry {
	char bucket[S3_BUCKET_MAX];
	char access[S3_KEY_MAX], secret[S3_KEY_MAX];   /* "": none */
	/* why there are none though the config names the bucket: its variables
	 * are unset, or its keys break the API's rules */
	char why[300];
	int line;                                       /* config line, 0 none */
} s3_entry;

struct s3_keyring {
	pthread_mutex_t mu;
	char account[128];
	s3_entry *e;
	size_t n;
};

s3_keyring *s3_keyring_new(const char *account)
{
	s3_keyring *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	pthread_mutex_init(&k->mu, NULL);
	snprintf(k->account, sizeof k->account, "%s", account ? account : "");
	return k;
}

void s3_keyring_free(s3_keyring *k)
{
	if (!k)
		return;
	if (k->e)
		explicit_bzero(k->e, k->n * sizeof *k->e);
	free(k->e);
	pthread_mutex_destroy(&k->mu);
	free(k);
}

static bool chars_ok(const char *v, const char *extra)
{
	for (; *v; v++) {
		unsigned char ch = (unsigned char)*v;
		if ((ch < 0x80 && isalnum(ch)) || strchr(extra, ch))
			continue;
		return false;
	}
	return true;
}

/* What GET shows in place of a key; never a key itself. */
#define S3_MASK "SECRET_VALUE"

const char *s3_access_key_problem(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (v && strcmp(v, S3_MASK) == 0)
		return "SECRET_VALUE is the API's mask, not a key";
	if (n < 4 || n > 255 || !chars_ok(v, ":-_"))
		return "the access key is 4 to 255 characters: Latin letters, digits, colon, dash, "
		       "underscore";
	return NULL;
}

const char *s3_secret_key_problem(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n < 16 || n > 255 || !chars_ok(v, "+/:-_"))
		return "the secret key is 16 to 255 characters: Latin letters, digits, + / : - _";
	return NULL;
}

/* The entry of `bucket`, added when `add`; with the lock held. */
static s3_entry *find(s3_keyring *k, const char *bucket, bool add)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->e[i].bucket, bucket) == 0)
			return &k->e[i];
	if (!add || strlen(bucket) >= S3_BUCKET_MAX)
		return NULL;
	/* grown by copy so that no key is left behind in a freed block */
	s3_entry *grown = calloc(k->n + 1, sizeof *grown);
	if (!grown)
		return NULL;
	if (k->n) {
		memcpy(grown, k->e, k->n * sizeof *grown);
		explicit_bzero(k->e, k->n * sizeof *k->e);
	}
	free(k->e);
	k->e = grown;
	s3_entry *e = &k->e[k->n++];
	snprintf(e->bucket, sizeof e->bucket, "%s", bucket);
	return e;
}

int s3_keyring_put(s3_keyring *k, const char *bucket, const char *access, const char *secret,
                   const char *access_env, const char *secret_env, og_error *err)
{
	(void)access_env;
	(void)secret_env;
	const char *why = s3_access_key_problem(access);
	if (!why)
		why = s3_secret_key_problem(secret);
	if (why) {
		og_error_set(err, OG_ERR_USAGE, "bucket \"%s\": %s", bucket ? bucket : "", why);
		return -1;
	}
	if (!k || !bucket || !bucket[0]) {
		og_error_set(err, OG_ERR_INTERNAL, "no S3 key ring for this account");
		return -1;
	}
	if (strlen(bucket) >= S3_BUCKET_MAX) {
		/* S3 names have at most 63 characters; a longer one (a server's
		 * odd answer) gets no keys, and says so, not "out of memory" */
		og_error_set(err, OG_ERR_USAGE, "bucket \"%.40s...\": a name of %zu bytes is longer than "
		             "an S3 bucket's (keys are kept for names of up to %d)", bucket,
		             strlen(bucket), S3_BUCKET_MAX - 1);
		return -1;
	}
	reqlog_add_secret(access);
	reqlog_add_secret(secret);
	pthread_mutex_lock(&k->mu);
	s3_entry *e = find(k, bucket, true);
	if (e) {
		explicit_bzero(e->access, sizeof e->access);
		explicit_bzero(e->secret, sizeof e->secret);
		snprintf(e->access, sizeof e->access, "%s", access);
		snprintf(e->secret, sizeof e->secret, "%s", secret);
		e->why[0] = '\0';
	}
	pthread_mutex_unlock(&k->mu);
	if (!e) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

int s3_keyring_load(s3_keyring *k, const og_account *acct, og_error *err)
{
	for (size_t i = 0; i < acct->n_s3; i++) {
		const og_s3_cred *c = &acct->s3[i];
		const char *ak = c->access_key ? c->access_key : getenv(c->access_key_env);
		const char *sk = c->secret_key ? c->secret_key : getenv(c->secret_key_env);
		char why[300] = "";
		bool a_unset = !(ak && ak[0]), s_unset = !(sk && sk[0]);
		if (!a_unset && !s_unset) {
			og_error e2;
			if (s3_keyring_put(k, c->bucket, ak, sk, c->access_key_env, c->secret_key_env,
			                   &e2) == 0) {
				pthread_mutex_lock(&k->mu);
				s3_entry *e = find(k, c->bucket, false);
				if (e)
					e->line = c->line;
				pthread_mutex_unlock(&k->mu);
				continue;
			}
			if (e2.kind != OG_ERR_USAGE) {
				*err = e2;
				return -1;
			}
			/* the rule broken, never the value; said when a write needs them */
			const char *rule = strstr(e2.msg, "\": ");
			snprintf(why, sizeof why, "the keys of s3_credentials (config line %d) break the "
			         "API's rule: %.200s", c->line, rule ? rule + 3 : e2.msg);
		} else {
			/* named but unset: the write that needs them says so */
			snprintf(why, sizeof why, "%s%s%s %s unset or empty (s3_credentials, config line %d)",
			         a_unset ? c->access_key_env : "", a_unset && s_unset ? " and " : "",
			         s_unset ? c->secret_key_env : "", a_unset && s_unset ? "are" : "is",
			         c->line);
		}
		pthread_mutex_lock(&k->mu);
		s3_entry *e = find(k, c->bucket, true);
		if (e) {
			e->line = c->line;
			snprintf(e->why, sizeof e->why, "%s", why);
		}
		pthread_mutex_unlock(&k->mu);
		if (!e) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			return -1;
		}
	}
	return 0;
}

bool s3_keyring_get(s3_keyring *k, const char *bucket, char *access, char *secret)
{
	access[0] = secret[0] = '\0';
	if (!k || !bucket)
		return false;
	pthread_mutex_lock(&k->mu);
	s3_entry *e = find(k, bucket, false);
	bool ok = e && e->access[0] && e->secret[0];
	if (ok) {
		memcpy(access, e->access, S3_KEY_MAX);
		memcpy(secret, e->secret, S3_KEY_MAX);
	}
	pthread_mutex_unlock(&k->mu);
	return ok;
}

bool s3_keyring_has(s3_keyring *k, const char *bucket)
{
	if (!k || !bucket)
		return false;
	pthread_mutex_lock(&k->mu);
	s3_entry *e = find(k, bucket, false);
	bool ok = e && e->access[0] && e->secret[0];
	pthread_mutex_unlock(&k->mu);
	return ok;
}

void s3_keyring_howto(s3_keyring *k, const char *bucket, char *out, size_t n)
{
	char why[300] = "", acct[128] = "";
	if (k) {
		pthread_mutex_lock(&k->mu);
		s3_entry *e = find(k, bucket, false);
		if (e)
			snprintf(why, sizeof why, "%s", e->why);
		snprintf(acct, sizeof acct, "%s", k->account);
		pthread_mutex_unlock(&k->mu);
	}
	if (why[0])
		snprintf(out, n, "S3 bucket \"%s\" has no keys: nothing was sent; %s", bucket, why);
	else
		snprintf(out, n, "S3 bucket \"%s\" has no keys: nothing was sent (config: s3_credentials, "
		         "account \"%s\", bucket \"%s\", access_key_env, secret_key_env)", bucket, acct,
		         bucket);
}

static void var_of(const char *prefix, const char *bucket, char *out, size_t n)
{
	size_t len = (size_t)snprintf(out, n, "%s", prefix);
	for (const char *p = bucket; *p && len + 1 < n; p++)
		out[len++] = isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80) ? *p : '_';
	if (len < n)
		out[len] = '\0';
}

void s3_key_vars(const og_account *acct, const char *bucket, char *access_var,
                 char *secret_var, size_t n)
{
	const og_s3_cred *c = NULL;
	for (size_t i = 0; acct && i < acct->n_s3 && !c; i++)
		if (acct->s3[i].bucket && strcmp(acct->s3[i].bucket, bucket) == 0)
			c = &acct->s3[i];
	if (c && c->access_key_env)
		snprintf(access_var, n, "%s", c->access_key_env);
	else
		var_of("ORIGO_S3_ACCESS_KEY_", bucket, access_var, n);
	if (c && c->secret_key_env)
		snprintf(secret_var, n, "%s", c->secret_key_env);
	else
		var_of("ORIGO_S3_SECRET_KEY_", bucket, secret_var, n);
}

/* The s3_credentials list of the config file: the keys of one S3 bucket
 * of one account each, inline (a private file only) or by variable name,
 * for the providers whose table allows them. Read after the accounts:
 * each entry goes to the account it names. */
#include "model/config_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether v is a shell variable name (what *_env settings hold). */
static bool var_name(const char *v)
{
	if (!v[0] || !(v[0] == '_' || (v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z')))
		return false;
	for (const char *p = v; *p; p++)
		if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* One key of an entry: exactly one of `inline_name` (a private file only)
 * and `env_name`. */
static int s3_key_source(const parse_ctx *c, config_setting_t *grp, int line, const char *bucket,
                         const char *inline_name, const char *env_name, char **val, char **env)
{
	config_setting_t *iv = config_setting_get_member(grp, inline_name);
	config_setting_t *ev = config_setting_get_member(grp, env_name);
	if (iv && ev)
		return cfg_fail(c, (int)config_setting_source_line(ev), "s3_credentials bucket \"%s\": "
		                "give %s or %s, not both", bucket, inline_name, env_name);
	if (!iv && !ev)
		return cfg_fail(c, line, "s3_credentials bucket \"%s\": %s is required (the name of "
		                "the variable holding the key; or %s inline in a file only you can read)",
		                bucket, env_name, inline_name);
	config_setting_t *e = iv ? iv : ev;
	int eline = (int)config_setting_source_line(e);
	const char *name = iv ? inline_name : env_name;
	if (config_setting_type(e) != CONFIG_TYPE_STRING || !config_setting_get_string(e)[0])
		return cfg_fail(c, eline, "s3_credentials bucket \"%s\": %s must be a non-empty string",
		                bucket, name);
	const char *v = config_setting_get_string(e);
	if (ev && !var_name(v))
		return cfg_fail(c, eline, "s3_credentials bucket \"%s\": %s \"%s\" is not a variable "
		                "name (letters, digits, _)", bucket, name, v);
	if (iv && !c->private_file) {
		char what[400], why[800];
		snprintf(what, sizeof what, "s3_credentials bucket \"%.256s\": %s", bucket, name);
		config_private_refusal(why, sizeof why, what, c->label, c->mode, env_name);
		return cfg_fail(c, eline, "%s", why);
	}
	char *copy = strdup(v);
	if (!copy)
		return cfg_oom(c);
	*(iv ? val : env) = copy;
	return 0;
}

static int parse_s3_entry(const parse_ctx *c, config_setting_t *grp, size_t idx, og_config *cfg)
{
	static const char *const known[] = { "account", "bucket", "access_key", "secret_key",
	                                     "access_key_env", "secret_key_env" };
	int line = (int)config_setting_source_line(grp);
	if (!config_setting_is_group(grp))
		return cfg_fail(c, line, "s3_credentials entry %zu must be a group: { account = \"...\"; "
		                "bucket = \"...\"; access_key_env = \"...\"; secret_key_env = \"...\"; }",
		                idx + 1);
	int n = config_setting_length(grp);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		const char *key = config_setting_name(e);
		bool ok = false;
		for (size_t k = 0; key && k < sizeof known / sizeof known[0]; k++)
			ok = ok || strcmp(key, known[k]) == 0;
		if (!ok)
			return cfg_fail(c, (int)config_setting_source_line(e), "s3_credentials entry %zu: "
			                "unknown setting \"%s\" (account, bucket, access_key_env, "
			                "secret_key_env, access_key, secret_key)", idx + 1, key ? key : "?");
	}
	const char *acct = NULL, *bucket = NULL;
	char s3_names[200];
	config_provider_names(c->known, true, s3_names, sizeof s3_names);
	if (!config_setting_lookup_string(grp, "account", &acct) || !acct[0])
		return cfg_fail(c, line, "s3_credentials entry %zu: account is required (the name of a "
		                "%s account) and must be a string", idx + 1, s3_names);
	if (!config_setting_lookup_string(grp, "bucket", &bucket) || !bucket[0])
		return cfg_fail(c, line, "s3_credentials entry %zu: bucket is required and must be a "
		                "non-empty string", idx + 1);
	if (strlen(bucket) > 256)
		return cfg_fail(c, line, "s3_credentials entry %zu: bucket is longer than 256 characters",
		                idx + 1);
	og_account *a = NULL;
	for (size_t i = 0; i < cfg->n_accounts && !a; i++)
		if (strcmp(cfg->accounts[i].name, acct) == 0)
			a = &cfg->accounts[i];
	config_setting_t *as = config_setting_get_member(grp, "account");
	int aline = as ? (int)config_setting_source_line(as) : line;
	if (!a)
		return cfg_fail(c, aline, "s3_credentials bucket \"%s\": account \"%s\" is not in accounts",
		                bucket, acct);
	const og_provider_config *prov = cfg_provider_find(c->known, a->provider);
	if (!prov || !prov->s3_credentials)
		return cfg_fail(c, aline, "s3_credentials bucket \"%s\": account \"%s\" is a %s account; "
		                "S3 keys are for %s accounts", bucket, acct, a->provider, s3_names);
	for (size_t i = 0; i < a->n_s3; i++)
		if (strcmp(a->s3[i].bucket, bucket) == 0)
			return cfg_fail(c, line, "s3_credentials: bucket \"%s\" of account \"%s\" is given "
			                "twice (first at line %d)", bucket, acct, a->s3[i].line);
	og_s3_cred *grown = realloc(a->s3, (a->n_s3 + 1) * sizeof *a->s3);
	if (!grown)
		return cfg_oom(c);
	a->s3 = grown;
	og_s3_cred *k = &a->s3[a->n_s3++];
	memset(k, 0, sizeof *k);
	k->line = line;
	if (!(k->bucket = strdup(bucket)))
		return cfg_oom(c);
	if (s3_key_source(c, grp, line, bucket, "access_key", "access_key_env", &k->access_key,
	                  &k->access_key_env) < 0 ||
	    s3_key_source(c, grp, line, bucket, "secret_key", "secret_key_env", &k->secret_key,
	                  &k->secret_key_env) < 0)
		return -1;
	return 0;
}

/* After the accounts: each entry goes to the account it names. */
int cfg_parse_s3_credentials(const parse_ctx *c, config_setting_t *list, og_config *cfg)
{
	int t = config_setting_type(list);
	const char *example = "";   /* an account name: the first such provider's */
	for (size_t i = 0; c->known && i < c->known->n && !example[0]; i++)
		if (c->known->list[i]->s3_credentials)
			example = c->known->list[i]->name;
	if (t != CONFIG_TYPE_LIST && !(t == CONFIG_TYPE_ARRAY && config_setting_length(list) == 0))
		return cfg_fail(c, (int)config_setting_source_line(list), "s3_credentials must be a list "
		                "of groups: s3_credentials = ( { account = \"%s\"; bucket = \"...\"; "
		                "access_key_env = \"...\"; secret_key_env = \"...\"; } );", example);
	int n = config_setting_length(list);
	for (int i = 0; i < n; i++)
		if (parse_s3_entry(c, config_setting_get_elem(list, (unsigned)i), (size_t)i, cfg) < 0)
			return -1;
	return 0;
}

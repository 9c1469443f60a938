/* The accounts list of the config file: the settings every account has
 * (name, provider, read_only, api_url) and each provider's own, checked
 * against the provider's table in the registry (net/NAME/NAME_config.c),
 * then the provider's defaults and what it requires. */
#include "model/config_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The settings of every account, whatever its provider; the others are the
 * provider's own (its og_provider_config, net/NAME/NAME_config.c). */
enum { K_NAME, K_PROVIDER, K_READ_ONLY, K_API_URL, K_COMMON };
static const char *const common_keys[K_COMMON] = { "name", "provider", "read_only", "api_url" };

static int common_key(const char *name)
{
	for (int i = 0; i < K_COMMON; i++)
		if (strcmp(common_keys[i], name) == 0)
			return i;
	return -1;
}

const og_provider_config *cfg_provider_find(const og_providers *known, const char *name)
{
	for (size_t i = 0; known && i < known->n; i++)
		if (strcmp(known->list[i]->name, name) == 0)
			return known->list[i];
	return NULL;
}

const og_key_spec *cfg_key_find(const og_provider_config *p, const char *name)
{
	for (size_t i = 0; p && i < p->n_keys; i++)
		if (strcmp(p->keys[i].name, name) == 0)
			return &p->keys[i];
	return NULL;
}

/* "a, b or c" of n words, each in `quote`s. */
static const char *word_list(const char *const *w, size_t n, const char *quote, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int k = snprintf(buf + len, cap - len, "%s%s%s%s", sep, quote, w[i], quote);
		if (k < 0)
			break;
		len += (size_t)k;
	}
	return buf;
}

const char *config_provider_names(const og_providers *known, bool s3_only, char *buf, size_t n)
{
	const char *names[16];
	size_t k = 0;
	for (size_t i = 0; known && i < known->n && k < 16; i++)
		if (!s3_only || known->list[i]->s3_credentials)
			names[k++] = known->list[i]->name;
	return word_list(names, k, "", buf, n);
}

/* The allowed values of a setting: "\"a\" or \"b\"". */
const char *cfg_choice_list(const og_key_spec *ks, char *buf, size_t n)
{
	size_t k = 0;
	while (ks->choices[k])
		k++;
	return word_list(ks->choices, k, "\"", buf, n);
}

bool cfg_choice_ok(const og_key_spec *ks, const char *v)
{
	for (size_t i = 0; ks->choices && ks->choices[i]; i++)
		if (strcmp(ks->choices[i], v) == 0)
			return true;
	return !ks->choices;
}

const char *og_account_setting(const og_account *a, const char *name)
{
	for (size_t i = 0; a && i < a->n_settings; i++)
		if (strcmp(a->settings[i].name, name) == 0)
			return a->settings[i].value;
	return NULL;
}

const char *og_account_setting_or(const og_account *a, const char *name, const char *fallback)
{
	const char *v = og_account_setting(a, name);
	return v && v[0] ? v : fallback;
}

static void wipe_free(char *s, bool secret)
{
	if (s && secret)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* Sets an account's setting (api_url: its field) to a copy of value. */
int cfg_setting_put(const parse_ctx *c, og_account *a, const char *name, const char *value,
                       int line, bool secret)
{
	char *v = strdup(value);
	if (!v)
		return cfg_oom(c);
	if (strcmp(name, "api_url") == 0) {
		free(a->api_url);
		a->api_url = v;
		return 0;
	}
	og_acct_setting *s = NULL;
	for (size_t i = 0; i < a->n_settings && !s; i++)
		if (strcmp(a->settings[i].name, name) == 0)
			s = &a->settings[i];
	if (!s) {
		og_acct_setting *grown = realloc(a->settings, (a->n_settings + 1) * sizeof *grown);
		char *n = strdup(name);
		if (grown)
			a->settings = grown;
		if (!grown || !n) {
			free(n);
			wipe_free(v, secret);
			return cfg_oom(c);
		}
		s = &a->settings[a->n_settings++];
		*s = (og_acct_setting){ .name = n };
	}
	wipe_free(s->value, s->secret);
	s->value = v;
	s->line = line;
	s->secret = secret;
	return 0;
}

void cfg_account_clear(og_account *a)
{
	free(a->name);
	free(a->provider);
	free(a->api_url);
	a->name = a->provider = a->api_url = NULL;
	for (size_t i = 0; i < a->n_settings; i++) {
		free(a->settings[i].name);
		/* inline secrets are wiped before they are freed */
		wipe_free(a->settings[i].value, a->settings[i].secret);
	}
	free(a->settings);
	a->settings = NULL;
	a->n_settings = 0;
	for (size_t i = 0; i < a->n_s3; i++) {
		og_s3_cred *k = &a->s3[i];
		wipe_free(k->access_key, true);
		wipe_free(k->secret_key, true);
		free(k->bucket);
		free(k->access_key_env);
		free(k->secret_key_env);
	}
	free(a->s3);
	a->s3 = NULL;
	a->n_s3 = 0;
}

/* The provider's defaults (a variable's value, a secret's variable name,
 * api_url from url_env), then what it requires: for an account of the
 * file (line: its line) and one made from the environment (line 0). */
int cfg_account_defaults(const parse_ctx *c, og_account *a, const og_provider_config *p, int line)
{
	for (size_t i = 0; i < p->n_keys; i++) {
		const og_key_spec *ks = &p->keys[i];
		const char *v = ks->env_default ? getenv(ks->env_default) : NULL;
		if (v && v[0] && !og_account_setting(a, ks->name) &&
		    cfg_setting_put(c, a, ks->name, v, 0, ks->type == OG_KEY_SECRET) < 0)
			return -1;
		if (ks->env_fallback && !og_account_setting(a, ks->name) &&
		    !og_account_setting(a, ks->env_alt) && !(ks->or_else && og_account_setting(a, ks->or_else)) &&
		    cfg_setting_put(c, a, ks->env_alt, ks->env_fallback, 0, false) < 0)
			return -1;
	}
	const char *url = p->url_env ? getenv(p->url_env) : NULL;
	if (!a->api_url && url && url[0]) {
		if (cfg_setting_put(c, a, "api_url", url, 0, false) < 0)
			return -1;
		if (cfg_url_check(a->api_url) < 0)
			return cfg_fail(c, line, "account \"%s\": %s \"%s\" must use https:// "
			                "(http:// is allowed only for loopback)", a->name, p->url_env, a->api_url);
	}
	for (size_t i = 0; i < p->n_keys; i++) {
		const og_key_spec *ks = &p->keys[i];
		const char *v = og_account_setting(a, ks->name);
		char list[200], hint[260] = "";
		if (!v && ks->required) {
			if (ks->env_default)
				snprintf(hint, sizeof hint, " (or set %s)", ks->env_default);
			else if (ks->choices)
				snprintf(hint, sizeof hint, " (%s)", cfg_choice_list(ks, list, sizeof list));
			return cfg_fail(c, line, "account \"%s\": %s is required for provider \"%s\"%s",
			                a->name, ks->name, p->name, hint);
		}
		if (v && !cfg_choice_ok(ks, v)) {
			int at = line;
			for (size_t k = 0; k < a->n_settings; k++)
				if (strcmp(a->settings[k].name, ks->name) == 0 && a->settings[k].line > 0)
					at = a->settings[k].line;
			return cfg_fail(c, at, "account \"%s\": %s \"%s\" is not %s", a->name, ks->name, v,
			                cfg_choice_list(ks, list, sizeof list));
		}
	}
	return 0;
}

/* Parses one account group into *a (zeroed by the caller). */
static int parse_account(const parse_ctx *c, config_setting_t *grp, size_t idx, og_account *a)
{
	int line = (int)config_setting_source_line(grp);
	a->line = line;
	a->read_only = -1;
	if (!config_setting_is_group(grp))
		return cfg_fail(c, line, "accounts entry %zu must be a group: { name = \"...\"; provider = \"...\"; }",
		                idx + 1);

	/* The name and provider first: every other message names the account
	 * and depends on its provider. */
	const char *name = NULL, *provider = NULL;
	char names[200];
	config_setting_t *s = config_setting_get_member(grp, "name");
	if (s) {
		if (config_setting_type(s) != CONFIG_TYPE_STRING || !config_setting_get_string(s)[0])
			return cfg_fail(c, (int)config_setting_source_line(s),
			                "accounts entry %zu: name must be a non-empty string", idx + 1);
		name = config_setting_get_string(s);
		if (!cfg_text_ok(name))
			return cfg_fail(c, (int)config_setting_source_line(s),
			                "accounts entry %zu: name " NOT_TEXT, idx + 1);
	} else {
		return cfg_fail(c, line, "accounts entry %zu: name is required", idx + 1);
	}
	s = config_setting_get_member(grp, "provider");
	if (!s)
		return cfg_fail(c, line, "account \"%s\": provider is required (%s)", name,
		                config_provider_names(c->known, false, names, sizeof names));
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_fail(c, (int)config_setting_source_line(s),
		                "account \"%s\": provider must be a string", name);
	provider = config_setting_get_string(s);
	const og_provider_config *prov = cfg_provider_find(c->known, provider);
	if (!prov)
		return cfg_fail(c, (int)config_setting_source_line(s), "account \"%s\": unknown provider "
		                "\"%s\" (%s)", name, provider,
		                config_provider_names(c->known, false, names, sizeof names));

	int n = config_setting_length(grp);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		const char *key = config_setting_name(e);
		int eline = (int)config_setting_source_line(e);
		int common = key ? common_key(key) : -1;
		const og_key_spec *ks = key && common < 0 ? cfg_key_find(prov, key) : NULL;
		if (common < 0 && !ks) {
			bool elsewhere = false;
			for (size_t p = 0; key && c->known && p < c->known->n; p++)
				elsewhere = elsewhere || cfg_key_find(c->known->list[p], key);
			if (!elsewhere)
				return cfg_fail(c, eline, "account \"%s\": unknown setting \"%s\"", name, key ? key : "?");
			return cfg_fail(c, eline, "account \"%s\": \"%s\" is not a setting of provider \"%s\"",
			                name, key, provider);
		}
		if (common == K_READ_ONLY) {
			if (config_setting_type(e) != CONFIG_TYPE_BOOL)
				return cfg_fail(c, eline, "account \"%s\": %s must be true or false", name, key);
			a->read_only = config_setting_get_bool(e) ? 1 : 0;
			continue;
		}
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfg_fail(c, eline, "account \"%s\": %s must be a string", name, key);
		const char *v = config_setting_get_string(e);
		if (!v[0])
			return cfg_fail(c, eline, "account \"%s\": %s must not be empty", name, key);
		if (!cfg_text_ok(v))
			return cfg_fail(c, eline, "account \"%s\": %s " NOT_TEXT, name, key);
		og_key_type type = common == K_API_URL ? OG_KEY_URL : ks ? ks->type : OG_KEY_TEXT;
		if (type == OG_KEY_URL && cfg_url_check(v) < 0)
			return cfg_fail(c, eline, "account \"%s\": %s \"%s\" must use https:// "
			                "(http:// is allowed only for loopback)", name, key, v);
		if (type == OG_KEY_SECRET && !c->private_file) {
			char what[160], why[400];
			snprintf(what, sizeof what, "account \"%s\": %s", name, key);
			config_private_refusal(why, sizeof why, what, c->label, c->mode, ks->env_alt);
			return cfg_fail(c, eline, "%s", why);
		}
		if (common == K_NAME || common == K_PROVIDER) {
			char **dst = common == K_NAME ? &a->name : &a->provider;
			free(*dst);
			if (!(*dst = strdup(v)))
				return cfg_oom(c);
		} else if (cfg_setting_put(c, a, key, v, eline, type == OG_KEY_SECRET) < 0) {
			return -1;
		}
	}
	return cfg_account_defaults(c, a, prov, line);
}

int cfg_parse_accounts(const parse_ctx *c, config_setting_t *list, og_config *cfg)
{
	int line = (int)config_setting_source_line(list);
	int t = config_setting_type(list);
	if (t != CONFIG_TYPE_LIST && !(t == CONFIG_TYPE_ARRAY && config_setting_length(list) == 0))
		return cfg_fail(c, line, "accounts must be a list of groups: accounts = ( { ... }, { ... } );");
	int n = config_setting_length(list);
	if (n <= 0)
		return 0;
	cfg->accounts = calloc((size_t)n, sizeof *cfg->accounts);
	if (!cfg->accounts)
		return cfg_oom(c);
	for (int i = 0; i < n; i++) {
		og_account *a = &cfg->accounts[i];
		cfg->n_accounts = (size_t)i + 1; /* so that config_free sees it */
		if (parse_account(c, config_setting_get_elem(list, (unsigned)i), (size_t)i, a) < 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(cfg->accounts[j].name, a->name) == 0)
				return cfg_fail(c, a->line, "account \"%s\" is defined twice (first at line %d)",
				                a->name, cfg->accounts[j].line);
	}
	return 0;
}

/* The config file of SPEC.md: libconfig syntax, checked strictly so that a
 * typo is an error naming its line rather than a setting silently ignored. */
#include "model/config.h"

#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a parse needs to word its errors and judge inline secrets. */
typedef struct parse_ctx {
	const char *label;      /* file path or label, as shown */
	bool private_file;      /* no group/other permission bits */
	int mode;               /* the file's permission bits, -1 unknown */
	og_error *err;
	int last_line;          /* the line the text ends on (>= 1): where
	                           something missing is reported */
	const og_providers *known;  /* the providers an account may name */
} parse_ctx;

/* The number of the last line of text that holds anything (a final newline
 * does not start a line): 1 for an empty text. */
static int count_lines(const char *text, size_t n)
{
	int lines = 1;
	for (size_t i = 0; i < n; i++)
		if (text[i] == '\n' && i + 1 < n)
			lines++;
	return lines;
}

bool config_mode_private(unsigned mode)
{
	return (mode & 077) == 0;
}

void config_private_refusal(char *out, size_t n, const char *what, const char *path, int mode,
                            const char *instead)
{
	const char *how = mode >= 0 && !(mode & 044) ? "writable" : "readable";
	char bits[32] = "";
	if (mode >= 0)
		snprintf(bits, sizeof bits, " (mode %04o)", (unsigned)mode);
	snprintf(out, n, "%s is given inline but %s is %s by others%s; chmod 600 %s or use %s",
	         what, path, how, bits, path, instead);
}

/* "config LABEL line N: ..." (line 0: no line part). Always returns -1. */
static int cfg_fail(const parse_ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int cfg_fail(const parse_ctx *c, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	if (line > 0)
		og_error_set(c->err, OG_ERR_CONFIG, "config %s line %d: %s", c->label, line, msg);
	else
		og_error_set(c->err, OG_ERR_CONFIG, "config %s: %s", c->label, msg);
	return -1;
}

static int oom(const parse_ctx *c)
{
	og_error_set(c->err, OG_ERR_INTERNAL, "out of memory reading config %s", c->label);
	return -1;
}

/* ---- URLs --------------------------------------------------------------- */

/* Whether a dotted IPv4 text is in 127.0.0.0/8. */
static bool ipv4_loopback(const char *h, size_t n)
{
	int parts = 0, val = -1;
	int first = -1;
	for (size_t i = 0; i <= n; i++) {
		char ch = i < n ? h[i] : '.';
		if (ch >= '0' && ch <= '9') {
			val = (val < 0 ? 0 : val * 10) + (ch - '0');
			if (val > 255)
				return false;
		} else if (ch == '.') {
			if (val < 0)
				return false;
			if (parts == 0)
				first = val;
			parts++;
			val = -1;
		} else {
			return false;
		}
	}
	return parts == 4 && first == 127;
}

/* Whether an http:// URL's host (the text after the scheme) is loopback. */
static bool url_host_is_loopback(const char *rest)
{
	size_t auth = strcspn(rest, "/?#");
	/* userinfo ends at the last '@' of the authority */
	const char *h = rest;
	for (size_t i = 0; i < auth; i++)
		if (rest[i] == '@')
			h = rest + i + 1;
	size_t n = (size_t)(rest + auth - h);
	if (n > 0 && h[0] == '[') {
		const char *close = memchr(h, ']', n);
		return close && (size_t)(close - h) == 4 && strncmp(h + 1, "::1", 3) == 0;
	}
	const char *colon = memchr(h, ':', n);
	if (colon)
		n = (size_t)(colon - h);
	if (n == 9 && strncasecmp(h, "localhost", 9) == 0)
		return true;
	return ipv4_loopback(h, n);
}

/* 0 when `url` is https://HOST..., or http:// to a loopback host. */
static int url_check(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return url[8] && url[8] != '/' ? 0 : -1;
	if (strncasecmp(url, "http://", 7) == 0)
		return url_host_is_loopback(url + 7) ? 0 : -1;
	return -1;
}

/* ---- text --------------------------------------------------------------- */

/* Whether s is UTF-8 (no overlong forms, surrogates or values past
 * U+10FFFF) without control characters: every string of the file ends up on
 * the screen, in a request or in a message. */
static bool text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
		if (n < 0 || c > 0xf4)
			return false;
		unsigned cp = c & (0x3f >> n);
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += n + 1;
	}
	return true;
}

#define NOT_TEXT "must be UTF-8 text without control characters"

/* ---- accounts ----------------------------------------------------------- */

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

static const og_provider_config *provider_find(const og_providers *known, const char *name)
{
	for (size_t i = 0; known && i < known->n; i++)
		if (strcmp(known->list[i]->name, name) == 0)
			return known->list[i];
	return NULL;
}

static const og_key_spec *key_find(const og_provider_config *p, const char *name)
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
static const char *choice_list(const og_key_spec *ks, char *buf, size_t n)
{
	size_t k = 0;
	while (ks->choices[k])
		k++;
	return word_list(ks->choices, k, "\"", buf, n);
}

static bool choice_ok(const og_key_spec *ks, const char *v)
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
static int setting_put(const parse_ctx *c, og_account *a, const char *name, const char *value,
                       int line, bool secret)
{
	char *v = strdup(value);
	if (!v)
		return oom(c);
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
			return oom(c);
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

static void account_clear(og_account *a)
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
static int account_defaults(const parse_ctx *c, og_account *a, const og_provider_config *p, int line)
{
	for (size_t i = 0; i < p->n_keys; i++) {
		const og_key_spec *ks = &p->keys[i];
		const char *v = ks->env_default ? getenv(ks->env_default) : NULL;
		if (v && v[0] && !og_account_setting(a, ks->name) &&
		    setting_put(c, a, ks->name, v, 0, ks->type == OG_KEY_SECRET) < 0)
			return -1;
		if (ks->env_fallback && !og_account_setting(a, ks->name) &&
		    !og_account_setting(a, ks->env_alt) && !(ks->or_else && og_account_setting(a, ks->or_else)) &&
		    setting_put(c, a, ks->env_alt, ks->env_fallback, 0, false) < 0)
			return -1;
	}
	const char *url = p->url_env ? getenv(p->url_env) : NULL;
	if (!a->api_url && url && url[0]) {
		if (setting_put(c, a, "api_url", url, 0, false) < 0)
			return -1;
		if (url_check(a->api_url) < 0)
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
				snprintf(hint, sizeof hint, " (%s)", choice_list(ks, list, sizeof list));
			return cfg_fail(c, line, "account \"%s\": %s is required for provider \"%s\"%s",
			                a->name, ks->name, p->name, hint);
		}
		if (v && !choice_ok(ks, v)) {
			int at = line;
			for (size_t k = 0; k < a->n_settings; k++)
				if (strcmp(a->settings[k].name, ks->name) == 0 && a->settings[k].line > 0)
					at = a->settings[k].line;
			return cfg_fail(c, at, "account \"%s\": %s \"%s\" is not %s", a->name, ks->name, v,
			                choice_list(ks, list, sizeof list));
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
		if (!text_ok(name))
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
	const og_provider_config *prov = provider_find(c->known, provider);
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
		const og_key_spec *ks = key && common < 0 ? key_find(prov, key) : NULL;
		if (common < 0 && !ks) {
			bool elsewhere = false;
			for (size_t p = 0; key && c->known && p < c->known->n; p++)
				elsewhere = elsewhere || key_find(c->known->list[p], key);
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
		if (!text_ok(v))
			return cfg_fail(c, eline, "account \"%s\": %s " NOT_TEXT, name, key);
		og_key_type type = common == K_API_URL ? OG_KEY_URL : ks ? ks->type : OG_KEY_TEXT;
		if (type == OG_KEY_URL && url_check(v) < 0)
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
				return oom(c);
		} else if (setting_put(c, a, key, v, eline, type == OG_KEY_SECRET) < 0) {
			return -1;
		}
	}
	return account_defaults(c, a, prov, line);
}

static int parse_accounts(const parse_ctx *c, config_setting_t *list, og_config *cfg)
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
		return oom(c);
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

/* ---- s3_credentials ------------------------------------------------------ */

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
		return oom(c);
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
	const og_provider_config *prov = provider_find(c->known, a->provider);
	if (!prov || !prov->s3_credentials)
		return cfg_fail(c, aline, "s3_credentials bucket \"%s\": account \"%s\" is a %s account; "
		                "S3 keys are for %s accounts", bucket, acct, a->provider, s3_names);
	for (size_t i = 0; i < a->n_s3; i++)
		if (strcmp(a->s3[i].bucket, bucket) == 0)
			return cfg_fail(c, line, "s3_credentials: bucket \"%s\" of account \"%s\" is given "
			                "twice (first at line %d)", bucket, acct, a->s3[i].line);
	og_s3_cred *grown = realloc(a->s3, (a->n_s3 + 1) * sizeof *a->s3);
	if (!grown)
		return oom(c);
	a->s3 = grown;
	og_s3_cred *k = &a->s3[a->n_s3++];
	memset(k, 0, sizeof *k);
	k->line = line;
	if (!(k->bucket = strdup(bucket)))
		return oom(c);
	if (s3_key_source(c, grp, line, bucket, "access_key", "access_key_env", &k->access_key,
	                  &k->access_key_env) < 0 ||
	    s3_key_source(c, grp, line, bucket, "secret_key", "secret_key_env", &k->secret_key,
	                  &k->secret_key_env) < 0)
		return -1;
	return 0;
}

/* After the accounts: each entry goes to the account it names. */
static int parse_s3_credentials(const parse_ctx *c, config_setting_t *list, og_config *cfg)
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

/* ---- top level ---------------------------------------------------------- */

static int parse_keys(const parse_ctx *c, config_setting_t *grp, og_config *cfg)
{
	if (!config_setting_is_group(grp))
		return cfg_fail(c, (int)config_setting_source_line(grp),
		                "keys must be a group: keys = { action = \"key\"; };");
	int n = config_setting_length(grp);
	if (n <= 0)
		return 0;
	cfg->keys = calloc((size_t)n, sizeof *cfg->keys);
	if (!cfg->keys)
		return oom(c);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		int line = (int)config_setting_source_line(e);
		const char *name = config_setting_name(e);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfg_fail(c, line, "keys: %s must be a string (a key such as \"x\", \"C-l\" or \"\")",
			                name ? name : "?");
		if (!text_ok(config_setting_get_string(e)))
			return cfg_fail(c, line, "keys: %s " NOT_TEXT, name ? name : "?");
		og_keybind *k = &cfg->keys[cfg->n_keys];
		k->action = strdup(name ? name : "");
		k->key = strdup(config_setting_get_string(e));
		k->line = line;
		cfg->n_keys++;
		if (!k->action || !k->key)
			return oom(c);
	}
	return 0;
}

static int get_int(const parse_ctx *c, config_setting_t *e, const char *name, long long *out)
{
	int t = config_setting_type(e);
	if (t == CONFIG_TYPE_INT)
		*out = config_setting_get_int(e);
	else if (t == CONFIG_TYPE_INT64)
		*out = config_setting_get_int64(e);
	else
		return cfg_fail(c, (int)config_setting_source_line(e), "%s must be an integer", name);
	return 0;
}

static int parse_root(const parse_ctx *c, config_t *lc, og_config *cfg)
{
	config_setting_t *root = config_root_setting(lc);
	config_setting_t *def = NULL, *s3 = NULL;
	bool have_accounts = false;
	int accounts_line = 0;
	int n = config_setting_length(root);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(e);
		int line = (int)config_setting_source_line(e);
		int t = config_setting_type(e);
		long long v = 0;
		if (!name)
			return cfg_fail(c, line, "unnamed setting");
		if (strcmp(name, "default_account") == 0 || strcmp(name, "theme") == 0) {
			if (t != CONFIG_TYPE_STRING)
				return cfg_fail(c, line, "%s must be a string", name);
			if (!text_ok(config_setting_get_string(e)))
				return cfg_fail(c, line, "%s " NOT_TEXT, name);
			char **dst = name[0] == 'd' ? &cfg->default_account : &cfg->theme;
			free(*dst);
			*dst = strdup(config_setting_get_string(e));
			if (!*dst)
				return oom(c);
			if (name[0] == 'd')
				def = e;
		} else if (strcmp(name, "read_only") == 0 || strcmp(name, "mouse") == 0) {
			if (t != CONFIG_TYPE_BOOL)
				return cfg_fail(c, line, "%s must be true or false", name);
			*(name[0] == 'r' ? &cfg->read_only : &cfg->mouse) = config_setting_get_bool(e) != 0;
		} else if (strcmp(name, "hints") == 0) {
			if (t != CONFIG_TYPE_BOOL)
				return cfg_fail(c, line, "hints must be true or false");
			cfg->hints = config_setting_get_bool(e) != 0;
		} else if (strcmp(name, "timeout_seconds") == 0) {
			if (get_int(c, e, name, &v) < 0)
				return -1;
			if (v < 1 || v > 600)
				return cfg_fail(c, line, "timeout_seconds must be between 1 and 600, not %lld", v);
			cfg->timeout_seconds = (int)v;
		} else if (strcmp(name, "refresh_seconds") == 0) {
			if (get_int(c, e, name, &v) < 0)
				return -1;
			if (v != 0 && (v < 2 || v > 86400))
				return cfg_fail(c, line, "refresh_seconds must be 0 (off) or between 2 and 86400, not %lld", v);
			cfg->refresh_seconds = (int)v;
		} else if (strcmp(name, "probe_interval") == 0) {
			if (get_int(c, e, name, &v) < 0)
				return -1;
			if (v < 2 || v > 86400)
				return cfg_fail(c, line, "probe_interval must be between 2 and 86400 seconds, not %lld", v);
			cfg->probe_interval = (int)v;
		} else if (strcmp(name, "keys") == 0) {
			if (parse_keys(c, e, cfg) < 0)
				return -1;
		} else if (strcmp(name, "accounts") == 0) {
			have_accounts = true;
			accounts_line = line;
			if (parse_accounts(c, e, cfg) < 0)
				return -1;
		} else if (strcmp(name, "s3_credentials") == 0) {
			s3 = e;   /* once every account is known */
		} else {
			return cfg_fail(c, line, "unknown setting \"%s\"", name);
		}
	}
	if (cfg->n_accounts == 0)
		return cfg_fail(c, have_accounts ? accounts_line : c->last_line,
		                "no accounts%s; add one, e.g. accounts = ( { %s } );",
		                have_accounts ? " in accounts" : " up to the end of the file",
		                c->known && c->known->n ? c->known->list[0]->example : "");
	if (s3 && parse_s3_credentials(c, s3, cfg) < 0)
		return -1;
	if (def) {
		for (size_t i = 0; i < cfg->n_accounts; i++)
			if (strcmp(cfg->accounts[i].name, cfg->default_account) == 0)
				return 0;
		return cfg_fail(c, (int)config_setting_source_line(def),
		                "default_account \"%s\" names no account", cfg->default_account);
	}
	return 0;
}

static void config_defaults(og_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->timeout_seconds = 20;
	cfg->refresh_seconds = 0;
	cfg->probe_interval = 10;
	cfg->hints = true;
}

/* Parses what libconfig read (or failed to read) into cfg. */
static int finish(og_config *cfg, config_t *lc, int read_ok, const parse_ctx *c)
{
	int rc;
	if (read_ok != CONFIG_TRUE) {
		const char *text = config_error_text(lc);
		rc = cfg_fail(c, config_error_line(lc), "%s", text ? text : "cannot parse");
	} else {
		rc = parse_root(c, lc, cfg);
	}
	config_destroy(lc);
	if (rc < 0)
		config_free(cfg);
	return rc;
}

int config_load_string(og_config *cfg, const char *text, const char *label,
                       bool private_file, const og_providers *known, og_error *err)
{
	parse_ctx c = { label ? label : "(string)", private_file, -1, err, 1, known };
	if (text)
		c.last_line = count_lines(text, strlen(text));
	config_defaults(cfg);
	config_t lc;
	config_init(&lc);
	return finish(cfg, &lc, config_read_string(&lc, text ? text : ""), &c);
}

bool config_file_mode_problem(const char *path, const struct stat *st, mode_t forbidden,
                              char *why, size_t n)
{
	if (st->st_mode & forbidden) {
		bool write_only = !(forbidden & 044);
		snprintf(why, n, "%s by %s (mode %04o): %s; chmod %s %s",
		         write_only ? "writable" : "readable or writable",
		         write_only ? "group or others" : "others", (unsigned)(st->st_mode & 07777),
		         write_only ? "whoever can change it can run any command as you through token_cmd"
		                    : "it holds secrets",
		         write_only ? "go-w" : "600", path);
		return true;
	}
	if (st->st_uid != getuid() && st->st_uid != 0) {
		snprintf(why, n, "owned by another user (uid %u), who can change it and run any command "
		         "as you through token_cmd; use a file of your own", (unsigned)st->st_uid);
		return true;
	}
	/* a folder others may write to (without the sticky bit of /tmp) lets
	 * them put another file in its place */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	struct stat ds;
	if (stat(dir, &ds) == 0 && (ds.st_mode & 022) && !(ds.st_mode & S_ISVTX)) {
		snprintf(why, n, "its folder %s is writable by group or others (mode %04o), so they can "
		         "replace the file and run any command as you through token_cmd; chmod go-w %s",
		         dir, (unsigned)(ds.st_mode & 07777), dir);
		return true;
	}
	return false;
}

int config_load_file(og_config *cfg, const char *path, const og_providers *known, og_error *err)
{
	parse_ctx c = { path, false, -1, err, 1, known };
	config_defaults(cfg);
	FILE *f = fopen(path, "r");
	if (!f)
		return cfg_fail(&c, 0, "cannot read: %s", strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) < 0) {
		int e = errno;
		fclose(f);
		return cfg_fail(&c, 0, "cannot read: %s", strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		fclose(f);
		return cfg_fail(&c, 0, "cannot read: %s", strerror(EISDIR));
	}
	/* as ssh refuses such files: refused whatever they hold */
	char why[360];
	if (config_file_mode_problem(path, &st, 022, why, sizeof why)) {
		fclose(f);
		return cfg_fail(&c, 0, "%s", why);
	}
	c.mode = (int)(st.st_mode & 07777);
	c.private_file = config_mode_private((unsigned)st.st_mode);
	c.last_line = 1;
	for (int ch, prev = EOF; (ch = getc(f)) != EOF; prev = ch)
		if (prev == '\n')
			c.last_line++;
	rewind(f);
	config_t lc;
	config_init(&lc);
	int ok = config_read(&lc, f);
	fclose(f);
	int rc = finish(cfg, &lc, ok, &c);
	if (rc == 0) {
		cfg->path = strdup(path);
		if (!cfg->path) {
			config_free(cfg);
			return oom(&c);
		}
	}
	return rc;
}

/* ---- accounts from the environment (no config file) --------------------- */

static bool env_set(const char *var)
{
	const char *v = getenv(var);
	return v && v[0];
}

/* An account of provider p from its variables (its env table). */
static int account_from_env(const parse_ctx *c, og_account *a, const og_provider_config *p)
{
	for (size_t i = 0; i < p->n_env; i++)
		if (p->env[i].missing && !env_set(p->env[i].name))
			return cfg_fail(c, 0, "%s", p->env[i].missing);
	for (size_t i = 0; i < p->n_env; i++) {
		const og_env_var *e = &p->env[i];
		if (e->fill == OG_ENV_NAME && setting_put(c, a, e->key, e->name, 0, false) < 0)
			return -1;
		const char *v = getenv(e->name);
		if (!v || !v[0])
			v = e->fallback;
		if (e->fill != OG_ENV_VALUE || !v)
			continue;
		const og_key_spec *ks = key_find(p, e->key);
		char list[200];
		if (ks && !choice_ok(ks, v))
			return cfg_fail(c, 0, "%s \"%s\" is not %s", e->name, v, choice_list(ks, list, sizeof list));
		if (!(strcmp(e->key, "api_url") == 0 || (ks && ks->type == OG_KEY_URL))) {
			if (setting_put(c, a, e->key, v, 0, ks && ks->type == OG_KEY_SECRET) < 0)
				return -1;
			continue;
		}
		if (url_check(v) < 0)
			return cfg_fail(c, 0, "%s \"%s\" must use https:// (http:// is allowed only for loopback)",
			                e->name, v);
		/* a trailing '/' of the value dropped, then the suffix */
		size_t n = strlen(v);
		if (n > 0 && v[n - 1] == '/')
			n--;
		const char *suffix = e->suffix ? e->suffix : "";
		char *url = malloc(n + strlen(suffix) + 1);
		if (!url)
			return oom(c);
		memcpy(url, v, n);
		strcpy(url + n, suffix);
		int rc = setting_put(c, a, e->key, url, 0, false);
		free(url);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static bool env_wanted(const og_provider_config *p)
{
	for (size_t i = 0; i < p->n_env; i++)
		if (p->env[i].starts && env_set(p->env[i].name))
			return true;
	return false;
}

/* "X and Y for LABEL (note)" of each provider, joined by ", or ". */
static void first_run_hint(const og_providers *known, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < known->n && len < cap; i++) {
		const og_provider_config *p = known->list[i];
		int k = snprintf(buf + len, cap - len, "%s", i ? ", or " : "");
		for (size_t e = 0, m = 0; k >= 0 && e < p->n_env; e++)
			if (p->env[e].starts && len + (size_t)k < cap) {
				int w = snprintf(buf + len + k, cap - len - k, "%s%s", m++ ? " and " : "",
				                 p->env[e].name);
				k = w < 0 ? -1 : k + w;
			}
		if (k >= 0 && len + (size_t)k < cap) {
			int w = snprintf(buf + len + k, cap - len - k, " for %s%s%s", p->label,
			                 p->first_run_note ? " " : "", p->first_run_note ? p->first_run_note : "");
			k = w < 0 ? -1 : k + w;
		}
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* The accounts used when no config file exists: one for each provider whose
 * own variables are set, in the registry's order (the first being the
 * default). `looked` names the config file that was looked for. */
static int config_from_env(og_config *cfg, const char *looked, const og_providers *known,
                           og_error *err)
{
	parse_ctx c = { "(environment)", false, -1, err, 1, known };
	config_defaults(cfg);
	size_t wanted = 0;
	for (size_t p = 0; known && p < known->n; p++)
		wanted += env_wanted(known->list[p]);
	if (!wanted) {
		char hint[1024] = "";
		if (known)
			first_run_hint(known, hint, sizeof hint);
		og_error_set(err, OG_ERR_CONFIG, "no config file and no credentials in the environment; "
		             "set %s, or write the config file %s (man origo)", hint, looked);
		return -1;
	}
	cfg->accounts = calloc(wanted, sizeof *cfg->accounts);
	if (!cfg->accounts)
		return oom(&c);
	for (size_t p = 0; p < known->n; p++) {
		const og_provider_config *pc = known->list[p];
		if (!env_wanted(pc))
			continue;
		og_account *a = &cfg->accounts[cfg->n_accounts++];
		a->read_only = -1;
		a->name = strdup(pc->name);
		a->provider = strdup(pc->name);
		if (!a->name || !a->provider) {
			config_free(cfg);
			return oom(&c);
		}
		if (account_from_env(&c, a, pc) < 0 || account_defaults(&c, a, pc, 0) < 0) {
			config_free(cfg);
			return -1;
		}
	}
	return 0;
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

int config_load(og_config *cfg, const char *explicit_path, const og_providers *known,
                og_error *err)
{
	if (explicit_path && explicit_path[0])
		return config_load_file(cfg, explicit_path, known, err);
	const char *env = getenv("ORIGO_CONFIG");
	if (env && env[0])
		return config_load_file(cfg, env, known, err);

	/* the first place looked is where the first-run message says to write */
	char path[4096], looked[4096] = "~/.config/origo/config";
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && xdg[0] == '/') {
		if (snprintf(path, sizeof path, "%s/origo/config", xdg) < (int)sizeof path) {
			if (file_exists(path))
				return config_load_file(cfg, path, known, err);
			memcpy(looked, path, sizeof looked);
		}
	}
	const char *home = getenv("HOME");
	if (home && home[0]) {
		if (snprintf(path, sizeof path, "%s/.config/origo/config", home) < (int)sizeof path) {
			if (file_exists(path))
				return config_load_file(cfg, path, known, err);
			if (!(xdg && xdg[0] == '/'))
				memcpy(looked, path, sizeof looked);
		}
	}
	return config_from_env(cfg, looked, known, err);
}

void config_free(og_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->default_account);
	free(cfg->theme);
	for (size_t i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
	}
	free(cfg->keys);
	for (size_t i = 0; i < cfg->n_accounts; i++)
		account_clear(&cfg->accounts[i]);
	free(cfg->accounts);
	memset(cfg, 0, sizeof *cfg);
}

const og_account *config_account(const og_config *cfg, const char *name, og_error *err)
{
	if (!cfg || cfg->n_accounts == 0) {
		og_error_set(err, OG_ERR_CONFIG, "config %s: no accounts",
		             cfg && cfg->path ? cfg->path : "(environment)");
		return NULL;
	}
	if (!name)
		name = cfg->default_account;
	if (!name)
		return &cfg->accounts[0];
	for (size_t i = 0; i < cfg->n_accounts; i++)
		if (strcmp(cfg->accounts[i].name, name) == 0)
			return &cfg->accounts[i];

	char list[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < cfg->n_accounts && len < sizeof list; i++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", cfg->accounts[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	og_error_set(err, OG_ERR_USAGE, "no account \"%s\" in %s (accounts: %s)", name,
	             cfg->path ? cfg->path : "the environment", list);
	return NULL;
}

bool config_read_only(const og_config *cfg, const og_account *acct, bool cli_read_only)
{
	if (cli_read_only)
		return true;
	if (acct && acct->read_only == 1)
		return true;
	if (acct && acct->read_only == 0)
		return false;
	return cfg && cfg->read_only;
}

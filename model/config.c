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

enum { P_GCORE = 1, P_YANDEX = 2, P_EDGIO = 4, P_ALL = 7 };
enum val_type { V_STR, V_URL, V_SECRET, V_BOOL };

typedef struct acct_setting {
	const char *name;
	int providers;
	enum val_type type;
	size_t off;                 /* of the char * (or int) in og_account */
	const char *env_alt;        /* secrets: the *_env setting to use instead */
} acct_setting;

#define F(m) offsetof(og_account, m)
static const acct_setting acct_settings[] = {
	{ "name", P_ALL, V_STR, F(name), NULL },
	{ "provider", P_ALL, V_STR, F(provider), NULL },
	{ "read_only", P_ALL, V_BOOL, F(read_only), NULL },
	{ "api_url", P_ALL, V_URL, F(api_url), NULL },
	{ "api_key", P_GCORE, V_SECRET, F(api_key), "api_key_env" },
	{ "api_key_env", P_GCORE, V_STR, F(api_key_env), NULL },
	{ "operation_url", P_YANDEX, V_URL, F(operation_url), NULL },
	{ "iam_url", P_YANDEX, V_URL, F(iam_url), NULL },
	{ "folder_id", P_YANDEX, V_STR, F(folder_id), NULL },
	{ "token", P_YANDEX, V_SECRET, F(token), "token_env" },
	{ "token_env", P_YANDEX, V_STR, F(token_env), NULL },
	{ "token_cmd", P_YANDEX, V_STR, F(token_cmd), NULL },
	{ "token_url", P_EDGIO, V_URL, F(token_url), NULL },
	{ "platform", P_EDGIO, V_STR, F(platform), NULL },
	{ "client_id", P_EDGIO, V_STR, F(client_id), NULL },
	{ "client_secret", P_EDGIO, V_SECRET, F(client_secret), "client_secret_env" },
	{ "client_secret_env", P_EDGIO, V_STR, F(client_secret_env), NULL },
	{ "scope", P_EDGIO, V_STR, F(scope), NULL },
};
#undef F

static const acct_setting *acct_setting_find(const char *name)
{
	for (size_t i = 0; i < sizeof acct_settings / sizeof acct_settings[0]; i++)
		if (strcmp(acct_settings[i].name, name) == 0)
			return &acct_settings[i];
	return NULL;
}

static int provider_bit(const char *p)
{
	if (strcmp(p, "gcore") == 0) return P_GCORE;
	if (strcmp(p, "yandex") == 0) return P_YANDEX;
	if (strcmp(p, "edgio") == 0) return P_EDGIO;
	return 0;
}

static void account_clear(og_account *a)
{
	char **strs[] = {
		&a->name, &a->provider, &a->api_url, &a->api_key, &a->api_key_env,
		&a->operation_url, &a->iam_url, &a->folder_id, &a->token, &a->token_env,
		&a->token_cmd, &a->token_url, &a->platform, &a->client_id, &a->scope,
		&a->client_secret, &a->client_secret_env,
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	for (size_t i = 0; i < a->n_s3; i++) {
		og_s3_cred *k = &a->s3[i];
		/* inline keys are secrets: wiped before they are freed */
		if (k->access_key)
			explicit_bzero(k->access_key, strlen(k->access_key));
		if (k->secret_key)
			explicit_bzero(k->secret_key, strlen(k->secret_key));
		free(k->bucket);
		free(k->access_key);
		free(k->secret_key);
		free(k->access_key_env);
		free(k->secret_key_env);
	}
	free(a->s3);
	a->s3 = NULL;
	a->n_s3 = 0;
}

/* Sets *dst to a copy of getenv(var) when it is set and not empty. */
static int default_from_env(char **dst, const char *var, const parse_ctx *c)
{
	const char *v = getenv(var);
	if (*dst || !v || !v[0])
		return 0;
	*dst = strdup(v);
	return *dst ? 0 : oom(c);
}

static int default_str(char **dst, const char *val, const parse_ctx *c)
{
	if (*dst)
		return 0;
	*dst = strdup(val);
	return *dst ? 0 : oom(c);
}

/* The gcore defaults, shared with the account built from the environment. */
static int gcore_defaults(og_account *a, const parse_ctx *c, int line)
{
	if (!a->api_key && !a->api_key_env && default_str(&a->api_key_env, "GCORE_API_KEY", c) < 0)
		return -1;
	if (!a->api_url) {
		if (default_from_env(&a->api_url, "GCORE_BASE_URL", c) < 0)
			return -1;
		if (a->api_url && url_check(a->api_url) < 0)
			return cfg_fail(c, line, "account \"%s\": GCORE_BASE_URL \"%s\" must use https:// "
			                "(http:// is allowed only for loopback)", a->name, a->api_url);
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
		return cfg_fail(c, line, "account \"%s\": provider is required (gcore, yandex or edgio)", name);
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_fail(c, (int)config_setting_source_line(s),
		                "account \"%s\": provider must be a string", name);
	provider = config_setting_get_string(s);
	int pbit = provider_bit(provider);
	if (!pbit)
		return cfg_fail(c, (int)config_setting_source_line(s),
		                "account \"%s\": unknown provider \"%s\" (gcore, yandex or edgio)", name, provider);

	int n = config_setting_length(grp);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		const char *key = config_setting_name(e);
		int eline = (int)config_setting_source_line(e);
		const acct_setting *as = key ? acct_setting_find(key) : NULL;
		if (!as)
			return cfg_fail(c, eline, "account \"%s\": unknown setting \"%s\"", name, key ? key : "?");
		if (!(as->providers & pbit))
			return cfg_fail(c, eline, "account \"%s\": \"%s\" is not a setting of provider \"%s\"",
			                name, key, provider);
		if (as->type == V_BOOL) {
			if (config_setting_type(e) != CONFIG_TYPE_BOOL)
				return cfg_fail(c, eline, "account \"%s\": %s must be true or false", name, key);
			*(int *)((char *)a + as->off) = config_setting_get_bool(e) ? 1 : 0;
			continue;
		}
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfg_fail(c, eline, "account \"%s\": %s must be a string", name, key);
		const char *v = config_setting_get_string(e);
		if (!v[0])
			return cfg_fail(c, eline, "account \"%s\": %s must not be empty", name, key);
		if (!text_ok(v))
			return cfg_fail(c, eline, "account \"%s\": %s " NOT_TEXT, name, key);
		if (as->type == V_URL && url_check(v) < 0)
			return cfg_fail(c, eline, "account \"%s\": %s \"%s\" must use https:// "
			                "(http:// is allowed only for loopback)", name, key, v);
		if (as->type == V_SECRET && !c->private_file) {
			char what[160], why[400];
			snprintf(what, sizeof what, "account \"%s\": %s", name, key);
			config_private_refusal(why, sizeof why, what, c->label, c->mode, as->env_alt);
			return cfg_fail(c, eline, "%s", why);
		}
		char **dst = (char **)((char *)a + as->off);
		char *copy = strdup(v);
		if (!copy)
			return oom(c);
		free(*dst);
		*dst = copy;
	}

	switch (pbit) {
	case P_GCORE:
		return gcore_defaults(a, c, line);
	case P_YANDEX:
		if (default_from_env(&a->folder_id, "YC_FOLDER_ID", c) < 0)
			return -1;
		if (!a->folder_id)
			return cfg_fail(c, line, "account \"%s\": folder_id is required for provider \"yandex\" "
			                "(or set YC_FOLDER_ID)", name);
		if (!a->token && !a->token_env && !a->token_cmd &&
		    default_str(&a->token_env, "YC_TOKEN", c) < 0)
			return -1;
		return 0;
	case P_EDGIO:
		if (!a->platform)
			return cfg_fail(c, line, "account \"%s\": platform is required for provider \"edgio\" "
			                "(\"http-large\" or \"adn\")", name);
		if (strcmp(a->platform, "http-large") != 0 && strcmp(a->platform, "adn") != 0) {
			s = config_setting_get_member(grp, "platform");
			return cfg_fail(c, s ? (int)config_setting_source_line(s) : line,
			                "account \"%s\": platform \"%s\" is not \"http-large\" or \"adn\"",
			                name, a->platform);
		}
		if (!a->client_id)
			return cfg_fail(c, line, "account \"%s\": client_id is required for provider \"edgio\"", name);
		return 0;
	}
	return 0;
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
	if (!config_setting_lookup_string(grp, "account", &acct) || !acct[0])
		return cfg_fail(c, line, "s3_credentials entry %zu: account is required (the name of a "
		                "gcore account) and must be a string", idx + 1);
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
	if (strcmp(a->provider, "gcore") != 0)
		return cfg_fail(c, aline, "s3_credentials bucket \"%s\": account \"%s\" is a %s account; "
		                "S3 keys are for gcore accounts", bucket, acct, a->provider);
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
	if (t != CONFIG_TYPE_LIST && !(t == CONFIG_TYPE_ARRAY && config_setting_length(list) == 0))
		return cfg_fail(c, (int)config_setting_source_line(list), "s3_credentials must be a list "
		                "of groups: s3_credentials = ( { account = \"gcore\"; bucket = \"...\"; "
		                "access_key_env = \"...\"; secret_key_env = \"...\"; } );");
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
		                "no accounts%s; add one, e.g. accounts = ( { name = \"gcore\"; "
		                "provider = \"gcore\"; api_key_env = \"GCORE_API_KEY\"; } );",
		                have_accounts ? " in accounts" : " up to the end of the file");
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
                       bool private_file, og_error *err)
{
	parse_ctx c = { label ? label : "(string)", private_file, -1, err, 1 };
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

int config_load_file(og_config *cfg, const char *path, og_error *err)
{
	parse_ctx c = { path, false, -1, err, 1 };
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

/* *dst = getenv(var), checked as a URL; `suffix` is appended ("" for none),
 * a trailing '/' of the value dropped first. */
static int url_from_env(char **dst, const char *var, const char *suffix, const parse_ctx *c)
{
	const char *v = getenv(var);
	if (!v || !v[0])
		return 0;
	if (url_check(v) < 0)
		return cfg_fail(c, 0, "%s \"%s\" must use https:// (http:// is allowed only for loopback)",
		                var, v);
	size_t n = strlen(v);
	if (n > 0 && v[n - 1] == '/')
		n--;
	size_t sn = strlen(suffix);
	*dst = malloc(n + sn + 1);
	if (!*dst)
		return oom(c);
	memcpy(*dst, v, n);
	memcpy(*dst + n, suffix, sn + 1);
	return 0;
}

/* Yandex from YC_TOKEN + YC_FOLDER_ID, as the yc CLI's users have them;
 * YC_BASE_URL points the CDN, IAM and Operation APIs at one base. */
static int yandex_from_env(og_account *a, const parse_ctx *c)
{
	if (!env_set("YC_FOLDER_ID"))
		return cfg_fail(c, 0, "YC_TOKEN is set but YC_FOLDER_ID is not: export YC_FOLDER_ID=<the "
		                "folder of your CDN resources>");
	if (default_from_env(&a->folder_id, "YC_FOLDER_ID", c) < 0 ||
	    default_str(&a->token_env, "YC_TOKEN", c) < 0 ||
	    url_from_env(&a->api_url, "YC_BASE_URL", "", c) < 0 ||
	    url_from_env(&a->iam_url, "YC_BASE_URL", "", c) < 0 ||
	    url_from_env(&a->operation_url, "YC_BASE_URL", "", c) < 0)
		return -1;
	return 0;
}

/* Edgio from IDS_CLIENT_ID + IDS_CLIENT_SECRET (the names of Edgio's
 * identity service), EDGIO_PLATFORM (default http-large); EDGIO_BASE_URL
 * points the API and its /connect/token at one base. */
static int edgio_from_env(og_account *a, const parse_ctx *c)
{
	if (!env_set("IDS_CLIENT_ID"))
		return cfg_fail(c, 0, "IDS_CLIENT_SECRET is set but IDS_CLIENT_ID is not: export "
		                "IDS_CLIENT_ID=<your Edgio client id>");
	const char *platform = getenv("EDGIO_PLATFORM");
	if (!platform || !platform[0])
		platform = "http-large";
	if (strcmp(platform, "http-large") != 0 && strcmp(platform, "adn") != 0)
		return cfg_fail(c, 0, "EDGIO_PLATFORM \"%s\" is not \"http-large\" or \"adn\"", platform);
	if (default_from_env(&a->client_id, "IDS_CLIENT_ID", c) < 0 ||
	    default_str(&a->client_secret_env, "IDS_CLIENT_SECRET", c) < 0 ||
	    default_str(&a->platform, platform, c) < 0 ||
	    url_from_env(&a->api_url, "EDGIO_BASE_URL", "", c) < 0 ||
	    url_from_env(&a->token_url, "EDGIO_BASE_URL", "/connect/token", c) < 0)
		return -1;
	return 0;
}

/* The accounts used when no config file exists: one for each provider whose
 * own variables are set (Gcore, Yandex, Edgio: that order, the first being
 * the default). `looked` names the config file that was looked for. */
static int config_from_env(og_config *cfg, const char *looked, og_error *err)
{
	parse_ctx c = { "(environment)", false, -1, err, 1 };
	config_defaults(cfg);
	bool want[3] = {
		env_set("GCORE_API_KEY"),
		env_set("YC_TOKEN") || env_set("YC_FOLDER_ID"),
		env_set("IDS_CLIENT_ID") || env_set("IDS_CLIENT_SECRET"),
	};
	if (!want[0] && !want[1] && !want[2]) {
		og_error_set(err, OG_ERR_CONFIG, "no config file and no credentials in the environment; "
		             "set GCORE_API_KEY for Gcore, or YC_TOKEN and YC_FOLDER_ID for Yandex Cloud "
		             "CDN, or IDS_CLIENT_ID and IDS_CLIENT_SECRET for Edgio (EDGIO_PLATFORM: "
		             "http-large or adn), or write the config file %s (man origo)", looked);
		return -1;
	}
	static const char *const names[3] = { "gcore", "yandex", "edgio" };
	cfg->accounts = calloc(3, sizeof *cfg->accounts);
	if (!cfg->accounts)
		return oom(&c);
	for (size_t p = 0; p < 3; p++) {
		if (!want[p])
			continue;
		og_account *a = &cfg->accounts[cfg->n_accounts++];
		a->read_only = -1;
		a->name = strdup(names[p]);
		a->provider = strdup(names[p]);
		if (!a->name || !a->provider) {
			config_free(cfg);
			return oom(&c);
		}
		int rc = p == 0 ? gcore_defaults(a, &c, 0) : p == 1 ? yandex_from_env(a, &c)
		                                                    : edgio_from_env(a, &c);
		if (rc < 0) {
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

int config_load(og_config *cfg, const char *explicit_path, og_error *err)
{
	if (explicit_path && explicit_path[0])
		return config_load_file(cfg, explicit_path, err);
	const char *env = getenv("ORIGO_CONFIG");
	if (env && env[0])
		return config_load_file(cfg, env, err);

	/* the first place looked is where the first-run message says to write */
	char path[4096], looked[4096] = "~/.config/origo/config";
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && xdg[0] == '/') {
		if (snprintf(path, sizeof path, "%s/origo/config", xdg) < (int)sizeof path) {
			if (file_exists(path))
				return config_load_file(cfg, path, err);
			memcpy(looked, path, sizeof looked);
		}
	}
	const char *home = getenv("HOME");
	if (home && home[0]) {
		if (snprintf(path, sizeof path, "%s/.config/origo/config", home) < (int)sizeof path) {
			if (file_exists(path))
				return config_load_file(cfg, path, err);
			if (!(xdg && xdg[0] == '/'))
				memcpy(looked, path, sizeof looked);
		}
	}
	return config_from_env(cfg, looked, err);
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

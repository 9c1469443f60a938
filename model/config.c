/* The config file of SPEC.md: libconfig syntax, checked strictly so that a
 * typo is an error naming its line rather than a setting silently ignored.
 * This file finds and reads it (or, without one, asks config_env.c), and
 * checks its global settings; the accounts (config_account.c) and the
 * s3_credentials (config_s3.c) have files of their own. */
#include "model/config_parse.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- the file ---------------------------------------------------------- */

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
		return cfg_oom(c);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		int line = (int)config_setting_source_line(e);
		const char *name = config_setting_name(e);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfg_fail(c, line, "keys: %s must be a string (a key such as \"x\", \"C-l\" or \"\")",
			                name ? name : "?");
		if (!cfg_text_ok(config_setting_get_string(e)))
			return cfg_fail(c, line, "keys: %s " NOT_TEXT, name ? name : "?");
		og_keybind *k = &cfg->keys[cfg->n_keys];
		k->action = strdup(name ? name : "");
		k->key = strdup(config_setting_get_string(e));
		k->line = line;
		cfg->n_keys++;
		if (!k->action || !k->key)
			return cfg_oom(c);
	}
	return 0;
}

/* The global settings that hold one value: a text, a boolean or a whole
 * number in a range, each where og_config keeps it. */
typedef enum { G_TEXT, G_BOOL, G_INT } global_kind;
typedef struct global_key {
	const char *name;
	global_kind kind;
	size_t at;                  /* offsetof(og_config, the field) */
	long long lo, hi;           /* G_INT: the range */
	bool zero_off;              /* G_INT: 0 (off) is allowed too */
	const char *unit;           /* G_INT: after the range in the message */
} global_key;

static const global_key globals[] = {
	{ "default_account", G_TEXT, offsetof(og_config, default_account), 0, 0, false, "" },
	{ "theme", G_TEXT, offsetof(og_config, theme), 0, 0, false, "" },
	{ "read_only", G_BOOL, offsetof(og_config, read_only), 0, 0, false, "" },
	{ "mouse", G_BOOL, offsetof(og_config, mouse), 0, 0, false, "" },
	{ "hints", G_BOOL, offsetof(og_config, hints), 0, 0, false, "" },
	{ "timeout_seconds", G_INT, offsetof(og_config, timeout_seconds), 1, 600, false, "" },
	{ "refresh_seconds", G_INT, offsetof(og_config, refresh_seconds), 2, 86400, true, "" },
	{ "probe_interval", G_INT, offsetof(og_config, probe_interval), 2, 86400, false, " seconds" },
};

/* Checks setting e against its entry g and stores its value in cfg. */
static int parse_global(const parse_ctx *c, const global_key *g, config_setting_t *e, og_config *cfg)
{
	int line = (int)config_setting_source_line(e);
	int t = config_setting_type(e);
	void *dst = (char *)cfg + g->at;
	if (g->kind == G_TEXT) {
		if (t != CONFIG_TYPE_STRING)
			return cfg_fail(c, line, "%s must be a string", g->name);
		if (!cfg_text_ok(config_setting_get_string(e)))
			return cfg_fail(c, line, "%s " NOT_TEXT, g->name);
		char **text = dst;
		free(*text);
		if (!(*text = strdup(config_setting_get_string(e))))
			return cfg_oom(c);
		return 0;
	}
	if (g->kind == G_BOOL) {
		if (t != CONFIG_TYPE_BOOL)
			return cfg_fail(c, line, "%s must be true or false", g->name);
		*(bool *)dst = config_setting_get_bool(e) != 0;
		return 0;
	}
	long long v;
	if (t == CONFIG_TYPE_INT)
		v = config_setting_get_int(e);
	else if (t == CONFIG_TYPE_INT64)
		v = config_setting_get_int64(e);
	else
		return cfg_fail(c, line, "%s must be an integer", g->name);
	if ((v < g->lo || v > g->hi) && !(g->zero_off && v == 0))
		return cfg_fail(c, line, "%s must be %sbetween %lld and %lld%s, not %lld", g->name,
		                g->zero_off ? "0 (off) or " : "", g->lo, g->hi, g->unit, v);
	*(int *)dst = (int)v;
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
		if (!name)
			return cfg_fail(c, line, "unnamed setting");
		const global_key *g = NULL;
		for (size_t k = 0; k < sizeof globals / sizeof globals[0] && !g; k++)
			if (strcmp(globals[k].name, name) == 0)
				g = &globals[k];
		if (g) {
			if (parse_global(c, g, e, cfg) < 0)
				return -1;
			if (g->at == offsetof(og_config, default_account))
				def = e;
		} else if (strcmp(name, "keys") == 0) {
			if (parse_keys(c, e, cfg) < 0)
				return -1;
		} else if (strcmp(name, "accounts") == 0) {
			have_accounts = true;
			accounts_line = line;
			if (cfg_parse_accounts(c, e, cfg) < 0)
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
	if (s3 && cfg_parse_s3_credentials(c, s3, cfg) < 0)
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

void cfg_defaults(og_config *cfg)
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
	cfg_defaults(cfg);
	config_t lc;
	config_init(&lc);
	return finish(cfg, &lc, config_read_string(&lc, text ? text : ""), &c);
}

int config_load_file(og_config *cfg, const char *path, const og_providers *known, og_error *err)
{
	parse_ctx c = { path, false, -1, err, 1, known };
	cfg_defaults(cfg);
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
			return cfg_oom(&c);
		}
	}
	return rc;
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
	return cfg_from_env(cfg, looked, known, err);
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
		cfg_account_clear(&cfg->accounts[i]);
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

/* The accounts when no config file exists: one for each provider whose
 * own variables are set (its env table, net/NAME/NAME_config.c), and the
 * first-run message naming them all when none is. */
#include "model/config_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		if (e->fill == OG_ENV_NAME && cfg_setting_put(c, a, e->key, e->name, 0, false) < 0)
			return -1;
		const char *v = getenv(e->name);
		if (!v || !v[0])
			v = e->fallback;
		if (e->fill != OG_ENV_VALUE || !v)
			continue;
		const og_key_spec *ks = cfg_key_find(p, e->key);
		char list[200];
		if (ks && !cfg_choice_ok(ks, v))
			return cfg_fail(c, 0, "%s \"%s\" is not %s", e->name, v, cfg_choice_list(ks, list, sizeof list));
		if (!(strcmp(e->key, "api_url") == 0 || (ks && ks->type == OG_KEY_URL))) {
			if (cfg_setting_put(c, a, e->key, v, 0, ks && ks->type == OG_KEY_SECRET) < 0)
				return -1;
			continue;
		}
		if (cfg_url_check(v) < 0)
			return cfg_fail(c, 0, "%s \"%s\" must use https:// (http:// is allowed only for loopback)",
			                e->name, v);
		/* a trailing '/' of the value dropped, then the suffix */
		size_t n = strlen(v);
		if (n > 0 && v[n - 1] == '/')
			n--;
		const char *suffix = e->suffix ? e->suffix : "";
		char *url = malloc(n + strlen(suffix) + 1);
		if (!url)
			return cfg_oom(c);
		memcpy(url, v, n);
		strcpy(url + n, suffix);
		int rc = cfg_setting_put(c, a, e->key, url, 0, false);
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
int cfg_from_env(og_config *cfg, const char *looked, const og_providers *known,
                           og_error *err)
{
	parse_ctx c = { "(environment)", false, -1, err, 1, known };
	cfg_defaults(cfg);
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
		return cfg_oom(&c);
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
			return cfg_oom(&c);
		}
		if (account_from_env(&c, a, pc) < 0 || cfg_account_defaults(&c, a, pc, 0) < 0) {
			config_free(cfg);
			return -1;
		}
	}
	return 0;
}

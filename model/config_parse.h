/* Inside the config reader: what its files (model/config*.c) share, one job
 * each. config.c reads the file (or the environment) and its global
 * settings; config_account.c the accounts and their providers' settings;
 * config_s3.c the s3_credentials; config_env.c the accounts of a first run
 * without a file; config_check.c the checks of values and the wording of
 * errors; config_trust.c whether a file may be trusted and hold secrets
 * (public, in config.h). Not for use outside model/config*.c: model/config.h is the API. */
#ifndef OG_CONFIG_PARSE_H
#define OG_CONFIG_PARSE_H

#include <libconfig.h>
#include "model/config.h"

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

/* ---- config_check.c ---- */

/* "config LABEL line N: ..." (line 0: no line part). Always returns -1. */
int cfg_fail(const parse_ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "out of memory reading config LABEL". Always returns -1. */
int cfg_oom(const parse_ctx *c);
/* 0 when `url` is https://HOST..., or http:// to a loopback host. */
int cfg_url_check(const char *url);
/* Whether s is UTF-8 (no overlong forms, surrogates or values past
 * U+10FFFF) without control characters. */
bool cfg_text_ok(const char *s);
#define NOT_TEXT "must be UTF-8 text without control characters"

/* ---- config_account.c ---- */

const og_provider_config *cfg_provider_find(const og_providers *known, const char *name);
const og_key_spec *cfg_key_find(const og_provider_config *p, const char *name);
/* The allowed values of a setting: "\"a\" or \"b\"", into buf. */
const char *cfg_choice_list(const og_key_spec *ks, char *buf, size_t n);
/* Whether v is one of the setting's values (any, when it has no list). */
bool cfg_choice_ok(const og_key_spec *ks, const char *v);
/* Sets an account's setting (api_url: its field) to a copy of value. */
int cfg_setting_put(const parse_ctx *c, og_account *a, const char *name, const char *value,
                    int line, bool secret);
/* The provider's defaults, then what it requires (line: the account's, 0
 * for one from the environment). */
int cfg_account_defaults(const parse_ctx *c, og_account *a, const og_provider_config *p, int line);
/* Frees what an account holds, secrets wiped first. */
void cfg_account_clear(og_account *a);
/* The accounts list into cfg->accounts. */
int cfg_parse_accounts(const parse_ctx *c, config_setting_t *list, og_config *cfg);

/* ---- config_s3.c ---- */

/* The s3_credentials list, after the accounts. */
int cfg_parse_s3_credentials(const parse_ctx *c, config_setting_t *list, og_config *cfg);

/* ---- config_env.c ---- */

/* The accounts of the providers whose variables are set; `looked`: the
 * config file looked for, named by the first-run message. */
int cfg_from_env(og_config *cfg, const char *looked, const og_providers *known, og_error *err);

/* ---- config.c ---- */

/* The defaults of the global settings, everything else empty. */
void cfg_defaults(og_config *cfg);

#endif

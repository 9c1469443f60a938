/* The config file of SPEC.md (libconfig syntax), and the accounts in it.
 * Secrets are kept only as given (inline value or the name of a variable);
 * net/ resolves them when an account is opened. */
#ifndef OG_CONFIG_H
#define OG_CONFIG_H

#include <stdbool.h>
#include <sys/stat.h>
#include <stddef.h>
#include "model/og_error.h"

typedef struct og_keybind {
	char *action;       /* action name as in the config's keys section */
	char *key;          /* key spec: "x", "C-l", "<Space>", "" = unbound */
	int line;           /* config line, for error messages */
} og_keybind;

/* One entry of the top-level s3_credentials list: the keys of one S3 bucket
 * of one account (of a provider whose table allows them), inline (private
 * file only) or by variable name. Such a provider masks stored keys on
 * read, yet every write of a group's sources must carry them. */
typedef struct og_s3_cred {
	char *bucket;
	char *access_key, *secret_key;          /* inline secrets, or NULL */
	char *access_key_env, *secret_key_env;  /* variables holding them, or NULL */
	int line;                               /* config line of the entry */
} og_s3_cred;

/* One of a provider's own settings of an account (its table below says
 * which exist), by name: what its adapter reads when it opens the account. */
typedef struct og_acct_setting {
	char *name;
	char *value;
	int line;                   /* config line; 0: a default or the environment */
	bool secret;                /* wiped before it is freed */
} og_acct_setting;

typedef struct og_account {
	char *name;
	char *provider;             /* the name of a provider of the registry */
	char *api_url;              /* NULL: the provider's default */
	int read_only;              /* -1: not set for this account */
	int line;                   /* config line of the account, 0 from env */
	og_acct_setting *settings;       /* the provider's own settings, as given or defaulted */
	size_t n_settings;
	og_s3_cred *s3;             /* the s3_credentials entries naming this account */
	size_t n_s3;
} og_account;

/* The value of an account's setting `name`, NULL when not set. */
const char *og_account_setting(const og_account *a, const char *name);
/* The same, or `fallback` when it is not set or empty. */
const char *og_account_setting_or(const og_account *a, const char *name, const char *fallback);
/* An account's settings in an initializer (tests):
 * og_account a = { .name = "x", OG_SETTINGS({ .name = "folder_id", .value = "b1g" }) }; */
#define OG_SETTINGS(...) .settings = (og_acct_setting[]){ __VA_ARGS__ }, \
	.n_settings = sizeof (og_acct_setting[]){ __VA_ARGS__ } / sizeof (og_acct_setting)

/* ---- what a provider's accounts may say (net/NAME/NAME_config.c) ---- */

typedef enum og_key_type {
	OG_KEY_TEXT,                /* UTF-8 text */
	OG_KEY_URL,                 /* https://, or http:// to loopback */
	OG_KEY_SECRET,              /* inline only in a file private to the user */
} og_key_type;

/* One setting of a provider's accounts. */
typedef struct og_key_spec {
	const char *name;
	og_key_type type;
	const char *help;
	/* A secret: the setting naming the variable that holds it instead;
	 * the variable named when neither is given (nor `or_else`, another
	 * way to get it). */
	const char *env_alt, *env_fallback, *or_else;
	const char *env_default;    /* a variable whose value is the default */
	bool required;              /* after the defaults */
	const char *const *choices; /* the values allowed (NULL-terminated); NULL: any */
} og_key_spec;

/* What an environment variable does when no config file exists. */
typedef enum og_env_fill {
	OG_ENV_NONE,                /* nothing here (documented only, or the
	                               provider's url_env) */
	OG_ENV_VALUE,               /* its value is setting `key` */
	OG_ENV_NAME,                /* its name is setting `key` (a secret's *_env) */
} og_env_fill;

typedef struct og_env_var {
	const char *name;
	const char *help;           /* for the reader and the man page */
	bool starts;                /* set: the environment asks for an account */
	const char *missing;        /* non-NULL: required then; the message if unset */
	og_env_fill fill;
	const char *key;            /* the setting it fills ("api_url" too) */
	const char *suffix;         /* a URL: appended to the value ("/connect/token") */
	const char *fallback;       /* the value when it is unset */
} og_env_var;

typedef struct og_provider_config {
	const char *name;           /* the config's provider value */
	const char *label;          /* how the first-run texts name it */
	const og_key_spec *keys;
	size_t n_keys;
	const og_env_var *env;      /* in the order they are applied */
	size_t n_env;
	const char *first_run_note; /* after its variables in the first-run message */
	const char *url_env;        /* a variable whose value is api_url's default */
	bool s3_credentials;        /* s3_credentials entries may name its accounts */
	const char *example;        /* an accounts entry, for "no accounts" */
} og_provider_config;

/* The providers the config may name (the registry, net/account.c). */
typedef struct og_providers {
	const og_provider_config *const *list;
	size_t n;
} og_providers;

typedef struct og_config {
	char *path;                 /* the file read; NULL when built from env */
	char *default_account;
	char *theme;
	bool read_only;
	int timeout_seconds;        /* default 20 */
	int refresh_seconds;        /* 0 = off, else >= 2 */
	int probe_interval;         /* seconds between a watch's probes; default 10, >= 2 */
	bool mouse;
	bool hints;                 /* the main keys in an idle status bar; default true */
	og_keybind *keys;   size_t n_keys;
	og_account *accounts; size_t n_accounts;
} og_config;

/* Loads the config: `explicit_path` if given (must exist), else $ORIGO_CONFIG,
 * else $XDG_CONFIG_HOME/origo/config, else ~/.config/origo/config. When no file
 * exists and none was named, the providers' own variables (their `env`
 * tables) define one account each, named as the provider, in the order of
 * `known` (the first is the default); none of them set is an error that
 * lists them all. `known`: the providers an account may name, with their
 * settings. Errors name the file and line (OG_ERR_CONFIG).
 * On success the caller frees with config_free(). */
int config_load(og_config *cfg, const char *explicit_path, const og_providers *known,
                og_error *err);
/* Parses one file. Same ownership and errors as config_load. */
int config_load_file(og_config *cfg, const char *path, const og_providers *known, og_error *err);
/* Parses config text (tests); `label` names it in messages; `private_file`
 * says whether inline secrets are allowed. */
int config_load_string(og_config *cfg, const char *text, const char *label,
                       bool private_file, const og_providers *known, og_error *err);
/* "a, b or c": the names of the known providers (all, or with
 * s3_only those whose accounts take s3_credentials), into buf. */
const char *config_provider_names(const og_providers *known, bool s3_only, char *buf, size_t n);
void config_free(og_config *cfg);

/* Whether the config file at `path` (st: its fstat) must not be trusted:
 * permission bits of `forbidden` set (022: writable by group or others, for
 * any config, as ssh refuses such files, since token_cmd runs commands;
 * 077: anything for others, where secrets are inline), owned by another
 * user than the caller or root, or in a folder that group or others may
 * write to without the sticky bit. true with `why` (the reason and the fix,
 * naming the file; no secret) when so. */
bool config_file_mode_problem(const char *path, const struct stat *st, mode_t forbidden,
                              char *why, size_t n);
/* Whether a file with these permission bits (st_mode) is the user's alone:
 * no group or other bits (mode & 077 == 0), as ssh wants of private keys.
 * Inline secrets are accepted only from such a file. */
bool config_mode_private(unsigned mode);
/* The one wording of "this file may not hold an inline secret": what (e.g.
 * "account \"gcore\": api_key") is given inline in `path`, whose
 * permission bits are `mode` (-1: unknown), and the fix (chmod 600, or
 * `instead`, the setting naming a variable). Into out. */
void config_private_refusal(char *out, size_t n, const char *what, const char *path, int mode,
                            const char *instead);

/* The account named `name`, or the default one when name is NULL. */
const og_account *config_account(const og_config *cfg, const char *name, og_error *err);
/* Whether writes are refused: --read-only > account > global. */
bool config_read_only(const og_config *cfg, const og_account *acct, bool cli_read_only);

#endif

/* The config file of SPEC.md (libconfig syntax), and the accounts in it.
 * Secrets are kept only as given (inline value or the name of a variable);
 * net/ resolves them when an account is opened. */
#ifndef OG_CONFIG_H
#define OG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "model/og_error.h"

typedef struct og_keybind {
	char *action;       /* action name as in the config's keys section */
	char *key;          /* key spec: "x", "C-l", "<Space>", "" = unbound */
	int line;           /* config line, for error messages */
} og_keybind;

typedef struct og_account {
	char *name;
	char *provider;             /* "gcore", "yandex", "edgio" */
	char *api_url;              /* NULL: the provider's default */
	int read_only;              /* -1: not set for this account */
	int line;                   /* config line of the account, 0 from env */
	/* gcore */
	char *api_key;              /* inline secret (file must be private) */
	char *api_key_env;          /* variable holding the key */
	/* yandex */
	char *operation_url, *iam_url, *folder_id;
	char *token, *token_env, *token_cmd;
	/* edgio */
	char *token_url, *platform, *client_id, *scope;
	char *client_secret, *client_secret_env;
} og_account;

typedef struct og_config {
	char *path;                 /* the file read; NULL when built from env */
	char *default_account;
	char *theme;
	bool read_only;
	int timeout_seconds;        /* default 20 */
	int refresh_seconds;        /* 0 = off, else >= 2 */
	bool mouse;
	bool hints;                 /* the main keys in an idle status bar; default true */
	og_keybind *keys;   size_t n_keys;
	og_account *accounts; size_t n_accounts;
} og_config;

/* Loads the config: `explicit_path` if given (must exist), else $ORIGO_CONFIG,
 * else $XDG_CONFIG_HOME/origo/config, else ~/.config/origo/config. When no file
 * exists and none was named, one Gcore account is built from GCORE_API_KEY /
 * GCORE_BASE_URL. Errors name the file and line (OG_ERR_CONFIG).
 * On success the caller frees with config_free(). */
int config_load(og_config *cfg, const char *explicit_path, og_error *err);
/* Parses one file. Same ownership and errors as config_load. */
int config_load_file(og_config *cfg, const char *path, og_error *err);
/* Parses config text (tests); `label` names it in messages; `private_file`
 * says whether inline secrets are allowed. */
int config_load_string(og_config *cfg, const char *text, const char *label,
                       bool private_file, og_error *err);
void config_free(og_config *cfg);

/* The account named `name`, or the default one when name is NULL. */
const og_account *config_account(const og_config *cfg, const char *name, og_error *err);
/* Whether writes are refused: --read-only > account > global. */
bool config_read_only(const og_config *cfg, const og_account *acct, bool cli_read_only);

#endif

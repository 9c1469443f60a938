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
 * of one (Gcore) account, inline (private file only) or by variable name.
 * Gcore masks stored keys on read, yet every write of a group's sources must
 * carry them (S3Config in the official spec). */
typedef struct og_s3_cred {
	char *bucket;
	char *access_key, *secret_key;          /* inline secrets, or NULL */
	char *access_key_env, *secret_key_env;  /* variables holding them, or NULL */
	int line;                               /* config line of the entry */
} og_s3_cred;

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
	/* the s3_credentials entries naming this account (gcore) */
	og_s3_cred *s3;
	size_t n_s3;
} og_account;

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
 * exists and none was named, the providers' own variables define one account
 * each, in this order (the first is the default): "gcore" from GCORE_API_KEY
 * (+ GCORE_BASE_URL), "yandex" from YC_TOKEN + YC_FOLDER_ID (+ YC_BASE_URL),
 * "edgio" from IDS_CLIENT_ID + IDS_CLIENT_SECRET (+ EDGIO_PLATFORM,
 * EDGIO_BASE_URL); none of them set is an error that lists all three.
 * Errors name the file and line (OG_ERR_CONFIG).
 * On success the caller frees with config_free(). */
int config_load(og_config *cfg, const char *explicit_path, og_error *err);
/* Parses one file. Same ownership and errors as config_load. */
int config_load_file(og_config *cfg, const char *path, og_error *err);
/* Parses config text (tests); `label` names it in messages; `private_file`
 * says whether inline secrets are allowed. */
int config_load_string(og_config *cfg, const char *text, const char *label,
                       bool private_file, og_error *err);
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

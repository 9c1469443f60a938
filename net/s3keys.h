/* The S3 keys of one account's buckets, in memory only (inside net/).
 *
 * Gcore masks S3 keys as "SECRET_VALUE" on every read, yet its official spec
 * (S3Config) requires both keys in every S3 source a PUT or PATCH sends. So
 * a write that sends a group's sources takes each S3 source's keys from
 * here: filled from the config's s3_credentials when the account opens,
 * from the UI's masked prompt, or from keys typed in a source form that was
 * saved. Thread-safe: the UI puts, the worker's threads get. Every value is
 * registered for redaction and wiped when the ring is freed. */
#ifndef NET_S3KEYS_H
#define NET_S3KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include "model/config.h"
#include "model/og_error.h"

/* The spec's limits: the access key 4..255, the secret 16..255 characters. */
#define S3_KEY_MAX 256
#define S3_BUCKET_MAX 260

typedef struct s3_keyring s3_keyring;

/* An empty ring for account `account` (its name, for messages).
 * NULL on out of memory. */
s3_keyring *s3_keyring_new(const char *account);
/* Wipes every key, then frees. NULL ok. */
void s3_keyring_free(s3_keyring *k);

/* The account's s3_credentials entries: inline values, or the variables
 * they name. A variable that is unset or empty, or keys that break the
 * spec's rules, leave that bucket without keys, remembered so that the
 * refusal of a write that needs them says why (naming the variable or the
 * rule and the config line, never a value). 0, or -1 out of memory. */
int s3_keyring_load(s3_keyring *k, const og_account *acct, og_error *err);

/* Sets the keys of `bucket` (copied; registered for redaction), replacing
 * any. access_env / secret_env: the variables they came from (for "copy as
 * curl"), NULL when typed. 0, or -1 with err (a key breaking the spec's
 * rules: OG_ERR_USAGE saying which rule, never the value). */
int s3_keyring_put(s3_keyring *k, const char *bucket, const char *access, const char *secret,
                   const char *access_env, const char *secret_env, og_error *err);
/* Copies the keys of `bucket` into access and secret (S3_KEY_MAX bytes
 * each). false when the ring (NULL ok) has none; both are then "". The
 * caller wipes its copies with explicit_bzero. */
bool s3_keyring_get(s3_keyring *k, const char *bucket, char *access, char *secret);
bool s3_keyring_has(s3_keyring *k, const char *bucket);
/* The refusal of a write that needs `bucket`'s keys and has none: nothing
 * was sent, and how to supply them (which variable is unset, or the
 * s3_credentials entry to add). Into out. */
void s3_keyring_howto(s3_keyring *k, const char *bucket, char *out, size_t n);
/* The variables "copy as curl" names for `bucket`'s keys: those of the
 * config, else ORIGO_S3_ACCESS_KEY_<bucket> / ORIGO_S3_SECRET_KEY_<bucket>
 * (every character that is not a letter or digit as _). */
void s3_key_vars(const og_account *acct, const char *bucket, char *access_var,
                 char *secret_var, size_t n);

/* Why a key breaks the spec's rules (without quoting it), or NULL. */
const char *s3_access_key_problem(const char *v);
const char *s3_secret_key_problem(const char *v);

#endif

/* What a Gcore account says in the config, and its variables for the first
 * run: read by model/config_account.c and config_env.c through the registry
 * (net/account.c). */
#include "model/config.h"

static const og_key_spec keys[] = {
	{ .name = "api_key", .type = OG_KEY_SECRET, .env_alt = "api_key_env",
	  .env_fallback = "GCORE_API_KEY",
	  .help = "the API token, inline (only in a file only you can read)" },
	{ .name = "api_key_env", .type = OG_KEY_TEXT,
	  .help = "the variable holding the API token (default GCORE_API_KEY)" },
};

static const og_env_var env[] = {
	{ .name = "GCORE_API_KEY", .starts = true, .fill = OG_ENV_NAME, .key = "api_key_env",
	  .help = "the API token: an account \"gcore\" when there is no config file" },
	{ .name = "GCORE_BASE_URL", .fill = OG_ENV_NONE,
	  .help = "the API's base URL instead of the default (also with a config file)" },
};

const og_provider_config gcore_config = {
	.name = "gcore",
	.label = "Gcore",
	.keys = keys, .n_keys = sizeof keys / sizeof keys[0],
	.env = env, .n_env = sizeof env / sizeof env[0],
	.url_env = "GCORE_BASE_URL",
	/* Gcore masks stored S3 keys on read, yet every write of a group's
	 * sources must carry them */
	.s3_credentials = true,
	.example = "name = \"gcore\"; provider = \"gcore\"; api_key_env = \"GCORE_API_KEY\";",
};

/* What a Yandex Cloud CDN account says in the config, and its variables
 * for the first run (those of the yc CLI's users): read by
 * model/config_account.c and config_env.c through the registry
 * (net/account.c). */
#include "model/config.h"

static const og_key_spec keys[] = {
	{ .name = "operation_url", .type = OG_KEY_URL,
	  .help = "the Operation API's base URL" },
	{ .name = "iam_url", .type = OG_KEY_URL, .help = "the IAM API's base URL" },
	{ .name = "folder_id", .type = OG_KEY_TEXT, .env_default = "YC_FOLDER_ID", .required = true,
	  .help = "the folder of the CDN resources" },
	{ .name = "token", .type = OG_KEY_SECRET, .env_alt = "token_env",
	  .env_fallback = "YC_TOKEN", .or_else = "token_cmd",
	  .help = "an IAM or OAuth token, inline (only in a file only you can read)" },
	{ .name = "token_env", .type = OG_KEY_TEXT,
	  .help = "the variable holding the token (default YC_TOKEN)" },
	{ .name = "token_cmd", .type = OG_KEY_TEXT,
	  .help = "a command printing a token (yc iam create-token)" },
};

/* YC_BASE_URL points the CDN, IAM and Operation APIs at one base. */
static const og_env_var env[] = {
	{ .name = "YC_TOKEN", .starts = true, .fill = OG_ENV_NAME, .key = "token_env",
	  .help = "an IAM or OAuth token: an account \"yandex\" when there is no config file" },
	{ .name = "YC_FOLDER_ID", .starts = true, .fill = OG_ENV_VALUE, .key = "folder_id",
	  .missing = "YC_TOKEN is set but YC_FOLDER_ID is not: export YC_FOLDER_ID=<the folder of "
	             "your CDN resources>",
	  .help = "the folder of the CDN resources (also the default of folder_id)" },
	{ .name = "YC_BASE_URL", .fill = OG_ENV_VALUE, .key = "api_url",
	  .help = "one base URL for the CDN, IAM and Operation APIs" },
	{ .name = "YC_BASE_URL", .fill = OG_ENV_VALUE, .key = "iam_url" },
	{ .name = "YC_BASE_URL", .fill = OG_ENV_VALUE, .key = "operation_url" },
};

const og_provider_config yandex_config = {
	.name = "yandex",
	.label = "Yandex Cloud CDN",
	.keys = keys, .n_keys = sizeof keys / sizeof keys[0],
	.env = env, .n_env = sizeof env / sizeof env[0],
	.example = "name = \"yandex\"; provider = \"yandex\"; folder_id = \"...\"; "
	           "token_env = \"YC_TOKEN\";",
};

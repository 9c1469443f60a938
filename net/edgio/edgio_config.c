/* What an Edgio account says in the config, and its variables for the
 * first run (the names of Edgio's identity service): read by
 * model/config_account.c and config_env.c through the registry
 * (net/account.c). */
#include "model/config.h"

static const char *const platforms[] = { "http-large", "adn", NULL };

static const og_key_spec keys[] = {
	{ .name = "token_url", .type = OG_KEY_URL,
	  .help = "the identity service's token URL" },
	{ .name = "platform", .type = OG_KEY_TEXT, .required = true, .choices = platforms,
	  .help = "the delivery platform of the origins" },
	{ .name = "client_id", .type = OG_KEY_TEXT, .required = true,
	  .help = "the OAuth client's id" },
	{ .name = "client_secret", .type = OG_KEY_SECRET, .env_alt = "client_secret_env",
	  .help = "the OAuth client's secret, inline (only in a file only you can read)" },
	{ .name = "client_secret_env", .type = OG_KEY_TEXT,
	  .help = "the variable holding the client's secret (default IDS_CLIENT_SECRET)" },
	{ .name = "scope", .type = OG_KEY_TEXT, .help = "the OAuth scope (default cdn.origins)" },
};

/* EDGIO_BASE_URL points the API and its /connect/token at one base. */
static const og_env_var env[] = {
	{ .name = "IDS_CLIENT_ID", .starts = true, .fill = OG_ENV_VALUE, .key = "client_id",
	  .missing = "IDS_CLIENT_SECRET is set but IDS_CLIENT_ID is not: export "
	             "IDS_CLIENT_ID=<your Edgio client id>",
	  .help = "the OAuth client's id: an account \"edgio\" when there is no config file" },
	{ .name = "IDS_CLIENT_SECRET", .starts = true, .fill = OG_ENV_NAME, .key = "client_secret_env",
	  .help = "the OAuth client's secret" },
	{ .name = "EDGIO_PLATFORM", .fill = OG_ENV_VALUE, .key = "platform", .fallback = "http-large",
	  .help = "http-large (the default) or adn" },
	{ .name = "EDGIO_BASE_URL", .fill = OG_ENV_VALUE, .key = "api_url",
	  .help = "one base URL for the API and its token service" },
	{ .name = "EDGIO_BASE_URL", .fill = OG_ENV_VALUE, .key = "token_url",
	  .suffix = "/connect/token" },
};

const og_provider_config edgio_config = {
	.name = "edgio",
	.label = "Edgio",
	.keys = keys, .n_keys = sizeof keys / sizeof keys[0],
	.env = env, .n_env = sizeof env / sizeof env[0],
	.first_run_note = "(EDGIO_PLATFORM: http-large or adn)",
	.example = "name = \"edgio\"; provider = \"edgio\"; platform = \"http-large\"; "
	           "client_id = \"...\";",
};

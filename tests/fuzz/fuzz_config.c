/* The config file (model/config.c) through its from-memory entry point,
 * config_load_string: nothing is run (token_cmd is only kept as text) and
 * no file is touched. The first byte says whether the "file" is private
 * (inline secrets allowed); the rest is the text. A config that loads must
 * hold every rule the parser promises; one that does not gets one line
 * naming the file. */
#include "tests/fuzz/fuzz.h"

#include "model/config.h"
#include "net/accounts.h"

static bool url_ok(const char *u)
{
	if (!u)
		return true;
	if (strncasecmp(u, "https://", 8) == 0)
		return u[8] && u[8] != '/';
	return strncasecmp(u, "http://", 7) == 0;   /* loopback: checked by the unit tests */
}

static void check_account(const og_config *cfg, size_t i, bool private_file)
{
	const og_account *a = &cfg->accounts[i];
	FUZZ_CHECK(a->name && a->name[0], "account #%zu has no name", i + 1);
	FUZZ_CHECK(a->provider && (strcmp(a->provider, "gcore") == 0 ||
	           strcmp(a->provider, "yandex") == 0 || strcmp(a->provider, "edgio") == 0),
	           "account %s: provider %s", a->name, a->provider ? a->provider : "NULL");
	const char *texts[] = { a->name, og_account_setting(a, "api_key_env"), og_account_setting(a, "folder_id"), og_account_setting(a, "token_cmd"), og_account_setting(a, "platform"),
	                        og_account_setting(a, "client_id"), og_account_setting(a, "scope"), a->api_url };
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		for (const char *p = texts[k]; p && *p; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f,
			           "account #%zu: a control character accepted", i + 1);
	FUZZ_CHECK(a->read_only >= -1 && a->read_only <= 1, "read_only %d", a->read_only);
	const char *urls[] = { a->api_url, og_account_setting(a, "operation_url"), og_account_setting(a, "iam_url"), og_account_setting(a, "token_url") };
	for (size_t k = 0; k < 4; k++)
		FUZZ_CHECK(url_ok(urls[k]), "account %s: URL %s accepted", a->name, urls[k]);
	if (!private_file)
		FUZZ_CHECK(!og_account_setting(a, "api_key") && !og_account_setting(a, "token") && !og_account_setting(a, "client_secret"),
		           "account %s: an inline secret in a file others can read", a->name);
	if (strcmp(a->provider, "yandex") == 0)
		FUZZ_CHECK(og_account_setting(a, "folder_id") && og_account_setting(a, "folder_id")[0], "yandex account %s without folder", a->name);
	if (strcmp(a->provider, "edgio") == 0) {
		FUZZ_CHECK(og_account_setting(a, "client_id") && og_account_setting(a, "platform") && (strcmp(og_account_setting(a, "platform"), "http-large") == 0 ||
		           strcmp(og_account_setting(a, "platform"), "adn") == 0), "edgio account %s incomplete", a->name);
	}
	for (size_t j = 0; j < i; j++)
		FUZZ_CHECK(strcmp(cfg->accounts[j].name, a->name) != 0, "account %s twice", a->name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool env_cleared;
	if (!env_cleared) {
		/* defaults the parser takes from the environment */
		unsetenv("YC_FOLDER_ID");
		unsetenv("GCORE_BASE_URL");
		env_cleared = true;
	}
	if (size == 0)
		return 0;
	bool private_file = data[0] & 1;
	char *text = fuzz_strndup(data + 1, size - 1);
	og_config cfg;
	og_error err = { 0 };
	if (config_load_string(&cfg, text, "fuzz.conf", private_file, net_providers(), &err) == 0) {
		FUZZ_CHECK(cfg.n_accounts >= 1, "a config without accounts loads");
		FUZZ_CHECK(cfg.timeout_seconds >= 1 && cfg.timeout_seconds <= 600, "timeout %d",
		           cfg.timeout_seconds);
		FUZZ_CHECK(cfg.refresh_seconds == 0 || (cfg.refresh_seconds >= 2 &&
		           cfg.refresh_seconds <= 86400), "refresh %d", cfg.refresh_seconds);
		for (size_t i = 0; i < cfg.n_accounts; i++)
			check_account(&cfg, i, private_file);
		for (size_t i = 0; i < cfg.n_keys; i++)
			FUZZ_CHECK(cfg.keys[i].action && cfg.keys[i].key && cfg.keys[i].line > 0,
			           "key binding #%zu incomplete", i + 1);
		og_error e2 = { 0 };
		const og_account *def = config_account(&cfg, NULL, &e2);
		FUZZ_CHECK(def != NULL, "no default account: %s", e2.msg);
		if (cfg.default_account)
			FUZZ_CHECK(strcmp(def->name, cfg.default_account) == 0, "default_account ignored");
		for (size_t i = 0; i < cfg.n_accounts; i++)
			FUZZ_CHECK(config_account(&cfg, cfg.accounts[i].name, &e2) != NULL,
			           "account %s not found by name", cfg.accounts[i].name);
		config_free(&cfg);
	} else {
		FUZZ_CHECK(err.kind == OG_ERR_CONFIG || err.kind == OG_ERR_INTERNAL, "error kind %d",
		           (int)err.kind);
		fuzz_check_line(err.msg, sizeof err.msg, "the config error");
		FUZZ_CHECK(strncmp(err.msg, "config fuzz.conf", 16) == 0 ||
		           strstr(err.msg, "fuzz.conf"), "the error names no file: %s", err.msg);
		/* a failed load leaves nothing to free */
		FUZZ_CHECK(cfg.n_accounts == 0 && !cfg.accounts && !cfg.keys, "a failed load keeps data");
	}
	free(text);
	return 0;
}

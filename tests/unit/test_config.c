/* The config file: a good file for every provider, errors that name the file
 * and line, inline secrets only in private files, https:// except loopback,
 * the search path and the accounts the providers' variables define when
 * there is no file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/config.h"
#include "net/accounts.h"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/origo-test-config-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	/* Nothing from the caller's environment may leak into the tests. */
	unsetenv("ORIGO_CONFIG");
	unsetenv("GCORE_API_KEY");
	unsetenv("GCORE_BASE_URL");
	unsetenv("YC_FOLDER_ID");
	unsetenv("XDG_CONFIG_HOME");
	static const char *const provider_vars[] = {
		"YC_TOKEN", "YC_BASE_URL", "IDS_CLIENT_ID", "IDS_CLIENT_SECRET", "EDGIO_PLATFORM",
		"EDGIO_BASE_URL", NULL,
	};
	for (size_t i = 0; provider_vars[i]; i++)
		unsetenv(provider_vars[i]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes `text` to tmpdir/name with `mode`; returns the path (static). */
static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static const char good[] =
	"default_account = \"yc\";\n"                                   /* 1 */
	"theme = \"mono\";\n"                                           /* 2 */
	"read_only = true;\n"                                           /* 3 */
	"timeout_seconds = 5;\n"                                        /* 4 */
	"refresh_seconds = 30;\n"                                       /* 5 */
	"mouse = true;\n"                                               /* 6 */
	"keys = { toggle_enabled = \"x\"; undo = \"\"; };\n"            /* 7 */
	"accounts = (\n"                                                /* 8 */
	"  { name = \"gcore\"; provider = \"gcore\";\n"                 /* 9 */
	"    api_url = \"http://127.0.0.1:8080\";\n"                    /* 10 */
	"    api_key = \"inline-secret\"; read_only = false; },\n"      /* 11 */
	"  { name = \"yc\"; provider = \"yandex\";\n"                   /* 12 */
	"    api_url = \"https://cdn.api.cloud.yandex.net\";\n"         /* 13 */
	"    operation_url = \"https://operation.api.cloud.yandex.net\";\n"
	"    iam_url = \"https://iam.api.cloud.yandex.net\";\n"
	"    folder_id = \"b1g0000000000000000\"; },\n"
	"  { name = \"edgio\"; provider = \"edgio\";\n"
	"    api_url = \"https://api.vdms.io\";\n"
	"    token_url = \"https://id.vdms.io/connect/token\";\n"
	"    platform = \"http-large\"; client_id = \"cid\";\n"
	"    client_secret_env = \"IDS_CLIENT_SECRET\"; scope = \"cdn.origins\"; }\n"
	");\n";

static void test_good_file(void **state)
{
	(void)state;
	const char *path = write_file("good", good, 0600);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(c.default_account, "yc");
	assert_string_equal(c.theme, "mono");
	assert_true(c.read_only);
	assert_true(c.mouse);
	assert_int_equal(c.timeout_seconds, 5);
	assert_int_equal(c.refresh_seconds, 30);
	assert_int_equal(c.n_keys, 2);
	assert_string_equal(c.keys[0].action, "toggle_enabled");
	assert_string_equal(c.keys[0].key, "x");
	assert_int_equal(c.keys[0].line, 7);
	assert_string_equal(c.keys[1].key, "");
	assert_int_equal(c.n_accounts, 3);

	const og_account *g = &c.accounts[0];
	assert_string_equal(g->provider, "gcore");
	assert_string_equal(og_account_setting(g, "api_key"), "inline-secret");
	assert_null(og_account_setting(g, "api_key_env"));     /* an inline key needs no variable */
	assert_string_equal(g->api_url, "http://127.0.0.1:8080");
	assert_int_equal(g->read_only, 0);
	assert_int_equal(g->line, 9);

	const og_account *y = &c.accounts[1];
	assert_string_equal(og_account_setting(y, "folder_id"), "b1g0000000000000000");
	assert_string_equal(og_account_setting(y, "token_env"), "YC_TOKEN");   /* default */
	assert_int_equal(y->read_only, -1);
	assert_string_equal(og_account_setting(y, "iam_url"), "https://iam.api.cloud.yandex.net");

	const og_account *d = &c.accounts[2];
	assert_string_equal(og_account_setting(d, "platform"), "http-large");
	assert_string_equal(og_account_setting(d, "client_id"), "cid");
	assert_string_equal(og_account_setting(d, "client_secret_env"), "IDS_CLIENT_SECRET");
	assert_string_equal(og_account_setting(d, "scope"), "cdn.origins");

	/* default account, by name, unknown name */
	assert_ptr_equal(config_account(&c, NULL, &e), y);
	assert_ptr_equal(config_account(&c, "edgio", &e), d);
	assert_null(config_account(&c, "zzz", &e));
	assert_int_equal(e.kind, OG_ERR_USAGE);
	char want[700];
	snprintf(want, sizeof want, "no account \"zzz\" in %s (accounts: gcore, yc, edgio)", path);
	assert_string_equal(e.msg, want);

	/* --read-only > account > global */
	assert_true(config_read_only(&c, y, false));      /* global true, account unset */
	assert_false(config_read_only(&c, g, false));     /* account says false */
	assert_true(config_read_only(&c, g, true));       /* command line wins */
	config_free(&c);
}

static void test_defaults_and_first_account(void **state)
{
	(void)state;
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, "accounts = ( { name = \"a\"; provider = \"gcore\"; },"
	                                        " { name = \"b\"; provider = \"gcore\"; } );",
	                                    "t", false, net_providers(), &e), 0);
	assert_int_equal(c.timeout_seconds, 20);
	assert_int_equal(c.refresh_seconds, 0);
	assert_false(c.read_only);
	assert_string_equal(og_account_setting(&c.accounts[0], "api_key_env"), "GCORE_API_KEY");
	assert_null(c.accounts[0].api_url);
	assert_string_equal(config_account(&c, NULL, &e)->name, "a");
	assert_false(config_read_only(&c, &c.accounts[0], false));
	config_free(&c);
}

/* Loads `text` as a string config; expects failure with exactly `msg`. */
static void expect_error(const char *text, bool private_file, const char *msg)
{
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, text, "cfg", private_file, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_string_equal(e.msg, msg);
	assert_int_equal(og_error_exit_status(&e), 2);
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
	expect_error("theme = \"x\";\nfoo = 1;\naccounts = ( { name = \"a\"; provider = \"gcore\"; } );",
	             false, "config cfg line 2: unknown setting \"foo\"");
	expect_error("accounts = ( { name = \"a\"; provider = \"gcore\"; } );\ntimeout_seconds = \"20\";",
	             false, "config cfg line 2: timeout_seconds must be an integer");
	expect_error("\n\ntimeout_seconds = 0;", false,
	             "config cfg line 3: timeout_seconds must be between 1 and 600, not 0");
	expect_error("refresh_seconds = 1;", false,
	             "config cfg line 1: refresh_seconds must be 0 (off) or between 2 and 86400, not 1");
	expect_error("mouse = 1;", false, "config cfg line 1: mouse must be true or false");
	expect_error("keys = { quit = 5; };", false,
	             "config cfg line 1: keys: quit must be a string (a key such as \"x\", \"C-l\" or \"\")");
	expect_error("accounts = (\n { name = \"g\"; provider = \"gcore\";\n folder_id = \"f\"; } );",
	             false, "config cfg line 3: account \"g\": \"folder_id\" is not a setting of provider \"gcore\"");
	expect_error("accounts = (\n { name = \"g\"; provider = \"gcore\";\n colour = \"f\"; } );",
	             false, "config cfg line 3: account \"g\": unknown setting \"colour\"");
	expect_error("accounts = (\n { name = \"g\"; provider = \"akamai\"; } );",
	             false, "config cfg line 2: account \"g\": unknown provider \"akamai\" (gcore, yandex or edgio)");
	expect_error("accounts = (\n { name = \"g\"; } );",
	             false, "config cfg line 2: account \"g\": provider is required (gcore, yandex or edgio)");
	expect_error("accounts = (\n\n { name = \"yc\"; provider = \"yandex\"; } );", false,
	             "config cfg line 3: account \"yc\": folder_id is required for provider \"yandex\" (or set YC_FOLDER_ID)");
	expect_error("accounts = (\n { name = \"e\"; provider = \"edgio\"; platform = \"cdn\"; client_id = \"c\"; } );",
	             false, "config cfg line 2: account \"e\": platform \"cdn\" is not \"http-large\" or \"adn\"");
	expect_error("accounts = (\n { name = \"e\"; provider = \"edgio\"; platform = \"adn\"; } );",
	             false, "config cfg line 2: account \"e\": client_id is required for provider \"edgio\"");
	expect_error("accounts = (\n { name = \"a\"; provider = \"gcore\"; },\n { name = \"a\"; provider = \"gcore\"; } );",
	             false, "config cfg line 3: account \"a\" is defined twice (first at line 2)");
	expect_error("accounts = (\n { name = \"a\"; provider = \"gcore\"; read_only = \"yes\"; } );",
	             false, "config cfg line 2: account \"a\": read_only must be true or false");
	expect_error("accounts = (\n { name = \"a\"; provider = \"gcore\";\n api_key_env = 3; } );",
	             false, "config cfg line 3: account \"a\": api_key_env must be a string");
	expect_error("default_account = \"zz\";\naccounts = ( { name = \"a\"; provider = \"gcore\"; } );",
	             false, "config cfg line 1: default_account \"zz\" names no account");
	expect_error("theme = \"x\";", false,
	             "config cfg line 1: no accounts up to the end of the file; add one, e.g. "
	             "accounts = ( { name = \"gcore\"; "
	             "provider = \"gcore\"; api_key_env = \"GCORE_API_KEY\"; } );");
	expect_error("accounts = { name = \"a\"; };", false,
	             "config cfg line 1: accounts must be a list of groups: accounts = ( { ... }, { ... } );");

	expect_error("\naccounts = ();", false,
	             "config cfg line 2: no accounts in accounts; add one, e.g. accounts = ( { name = \"gcore\"; "
	             "provider = \"gcore\"; api_key_env = \"GCORE_API_KEY\"; } );");
	/* every string is UTF-8 text without control characters (a newline in
	 * a value was found by tests/fuzz/fuzz_config) */
	expect_error("accounts = (\n { name = \"a\\xff\"; provider = \"gcore\"; } );", false,
	             "config cfg line 2: accounts entry 1: name must be UTF-8 text without control characters");
	expect_error("accounts = ( { name = \"a\"; provider = \"gcore\";\n api_url = \"https://a\nb\"; } );",
	             false, "config cfg line 2: account \"a\": api_url must be UTF-8 text without control characters");
	expect_error("accounts = ( { name = \"a\"; provider = \"gcore\";\n api_key_env = \"K\\xc0\\xafY\"; } );",
	             false, "config cfg line 2: account \"a\": api_key_env must be UTF-8 text without control characters");
	expect_error("theme = \"\\x1b[2J\";", false,
	             "config cfg line 1: theme must be UTF-8 text without control characters");
	expect_error("keys = { quit = \"\\xed\\xa0\\x80\"; };", false,
	             "config cfg line 1: keys: quit must be UTF-8 text without control characters");
	og_config ok;
	og_error oe = { 0 };
	assert_int_equal(config_load_string(&ok, "accounts = ( { name = \"gcore \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"; "
	                                    "provider = \"gcore\"; } );", "cfg", false, net_providers(), &oe), 0);
	assert_string_equal(ok.accounts[0].name, "gcore \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	config_free(&ok);

	/* a libconfig syntax error, with its line */
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, "theme = \"x\";\n\nmouse = ;\n", "cfg", false, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "config cfg line 3: "));
	assert_non_null(strstr(e.msg, "syntax error"));
}

static void test_yandex_folder_from_env(void **state)
{
	(void)state;
	setenv("YC_FOLDER_ID", "b1genv", 1);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, "accounts = ( { name = \"yc\"; provider = \"yandex\"; "
	                                        "token_cmd = \"yc iam create-token\"; } );",
	                                    "t", false, net_providers(), &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "folder_id"), "b1genv");
	assert_null(og_account_setting(&c.accounts[0], "token_env"));  /* token_cmd given: no default */
	config_free(&c);
	unsetenv("YC_FOLDER_ID");
}

/* A config that group or others can write is refused whatever it holds
 * (as ssh refuses such files): whoever can change it can run any command
 * through token_cmd. The message names the file and the fix. So is one in a
 * folder they can write to (unless sticky, like /tmp). */
static void test_writable_config_refused(void **state)
{
	(void)state;
	static const char text[] =
		"accounts = ( { name = \"y\"; provider = \"yandex\"; folder_id = \"f\";\n"
		"  token_cmd = \"echo t1.token\"; } );\n";
	static const char plain[] = "accounts = ( { name = \"g\"; provider = \"gcore\"; } );\n";
	og_config c;
	og_error e = { 0 };
	const mode_t bad[] = { 0620, 0602, 0664, 0666, 0622, 0660 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (int k = 0; k < 2; k++) {
			const char *path = write_file("w", k ? plain : text, bad[i]);
			if (config_load_file(&c, path, net_providers(), &e) != -1)
				fail_msg("mode %04o was accepted", (unsigned)bad[i]);
			assert_int_equal(e.kind, OG_ERR_CONFIG);
			char want[1200];
			snprintf(want, sizeof want, "config %s: writable by group or others (mode %04o): "
			         "whoever can change it can run any command as you through token_cmd; "
			         "chmod go-w %s", path, (unsigned)bad[i], path);
			assert_string_equal(e.msg, want);
		}
	}
	/* readable by others, not writable, nothing secret inline: fine */
	const char *path = write_file("ok", text, 0644);
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), 0);
	config_free(&c);
	path = write_file("ok", text, 0600);
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), 0);
	config_free(&c);

	/* the folder: writable by others is refused, sticky (/tmp) is not */
	char dir[600], file[700];
	snprintf(dir, sizeof dir, "%s/open", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(file, sizeof file, "%s/config", dir);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(file, 0600), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(config_load_file(&c, file, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "its folder"));
	assert_non_null(strstr(e.msg, "(mode 0777)"));
	char fix[700];
	snprintf(fix, sizeof fix, "chmod go-w %s", dir);
	assert_non_null(strstr(e.msg, fix));
	assert_int_equal(chmod(dir, 01777), 0);
	assert_int_equal(config_load_file(&c, file, net_providers(), &e), 0);
	config_free(&c);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(config_load_file(&c, file, net_providers(), &e), 0);
	config_free(&c);

	/* the check alone, for other callers: 077 wants a private file */
	struct stat st;
	assert_int_equal(stat(file, &st), 0);
	char why[400];
	assert_false(config_file_mode_problem(file, &st, 077, why, sizeof why));
	st.st_mode = (st.st_mode & ~07777u) | 0640;
	assert_true(config_file_mode_problem(file, &st, 077, why, sizeof why));
	assert_non_null(strstr(why, "readable or writable by others (mode 0640)"));
	assert_non_null(strstr(why, "chmod 600"));
}

static void test_inline_secret_needs_private_file(void **state)
{
	(void)state;
	static const char text[] =
		"accounts = (\n"
		"  { name = \"g\"; provider = \"gcore\";\n"
		"    api_key = \"s3cr3t-value\"; }\n"
		");\n";
	const char *path = write_file("shared", text, 0644);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	char want[1200];
	snprintf(want, sizeof want, "config %s line 3: account \"g\": api_key is given inline but %s "
	         "is readable by others (mode 0644); chmod 600 %s or use api_key_env", path, path, path);
	assert_string_equal(e.msg, want);
	assert_null(strstr(e.msg, "s3cr3t-value"));   /* never the secret */

	/* group-writable is refused too (any such file is, see below) */
	path = write_file("groupw", text, 0620);
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "writable by group or others (mode 0620)"));
	assert_null(strstr(e.msg, "s3cr3t-value"));

	path = write_file("private", text, 0600);
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "api_key"), "s3cr3t-value");
	config_free(&c);

	/* the other providers' secrets follow the same rule */
	expect_error("accounts = ( { name = \"y\"; provider = \"yandex\"; folder_id = \"f\";\n token = \"t\"; } );",
	             false, "config cfg line 2: account \"y\": token is given inline but cfg is readable "
	             "by others; chmod 600 cfg or use token_env");
	assert_int_equal(config_load_string(&c, "accounts = ( { name = \"e\"; provider = \"edgio\"; "
	                                        "platform = \"adn\"; client_id = \"i\"; client_secret = \"x\"; } );",
	                                    "t", true, net_providers(), &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "client_secret"), "x");
	config_free(&c);
}

static void test_http_only_for_loopback(void **state)
{
	(void)state;
	static const char *ok[] = {
		"http://127.0.0.1:8080", "http://127.1.2.3/", "http://localhost:9000/v1",
		"http://LOCALHOST", "http://[::1]:8080", "https://api.gcore.com",
		"HTTPS://api.gcore.com/cdn", "http://user@127.0.0.1:1",
	};
	static const char *bad[] = {
		"http://example.com", "http://127.0.0.1.evil.com", "http://localhost.evil.com",
		"http://128.0.0.1", "http://[::2]:80", "ftp://127.0.0.1", "api.gcore.com",
		"https://", "http://127.0.0.1@evil.com/", "http://10.0.0.1:8080",
	};
	char text[512];
	og_config c;
	og_error e = { 0 };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(text, sizeof text, "accounts = ( { name = \"g\"; provider = \"gcore\";\n"
		         "api_url = \"%s\"; } );", ok[i]);
		if (config_load_string(&c, text, "cfg", false, net_providers(), &e) != 0)
			fail_msg("%s refused: %s", ok[i], e.msg);
		assert_string_equal(c.accounts[0].api_url, ok[i]);
		config_free(&c);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "accounts = ( { name = \"g\"; provider = \"gcore\";\n"
		         "api_url = \"%s\"; } );", bad[i]);
		if (config_load_string(&c, text, "cfg", false, net_providers(), &e) == 0)
			fail_msg("%s accepted", bad[i]);
		char want[600];
		snprintf(want, sizeof want, "config cfg line 2: account \"g\": api_url \"%s\" must use https:// "
		         "(http:// is allowed only for loopback)", bad[i]);
		assert_string_equal(e.msg, want);
	}
	expect_error("accounts = ( { name = \"e\"; provider = \"edgio\"; platform = \"adn\"; client_id = \"i\";\n"
	             "token_url = \"http://id.vdms.io/connect/token\"; } );", false,
	             "config cfg line 2: account \"e\": token_url \"http://id.vdms.io/connect/token\" must use "
	             "https:// (http:// is allowed only for loopback)");
}

static void make_dir(const char *sub)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", tmpdir, sub);
	assert_int_equal(mkdir(p, 0700), 0);
}

static void test_env_fallback_and_search_path(void **state)
{
	(void)state;
	char home[400], xdg[400];
	snprintf(home, sizeof home, "%s/home", tmpdir);
	snprintf(xdg, sizeof xdg, "%s/xdg", tmpdir);
	make_dir("home");
	make_dir("xdg");
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("GCORE_API_KEY", "k-not-read-here", 1);
	setenv("GCORE_BASE_URL", "http://127.0.0.1:18080", 1);

	/* no file anywhere: one Gcore account from the environment */
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_null(c.path);
	assert_int_equal(c.n_accounts, 1);
	assert_string_equal(c.accounts[0].name, "gcore");
	assert_string_equal(c.accounts[0].provider, "gcore");
	assert_string_equal(og_account_setting(&c.accounts[0], "api_key_env"), "GCORE_API_KEY");
	assert_null(og_account_setting(&c.accounts[0], "api_key"));   /* the key itself stays in the environment */
	assert_string_equal(c.accounts[0].api_url, "http://127.0.0.1:18080");
	assert_int_equal(c.timeout_seconds, 20);
	assert_string_equal(config_account(&c, NULL, &e)->name, "gcore");
	config_free(&c);

	/* GCORE_BASE_URL follows the https rule too */
	setenv("GCORE_BASE_URL", "http://api.example.com", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "GCORE_BASE_URL \"http://api.example.com\" must use https://"));
	unsetenv("GCORE_BASE_URL");
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_null(c.accounts[0].api_url);   /* net/ picks the provider default */
	config_free(&c);

	/* ~/.config/origo/config is found */
	make_dir("home/.config");
	make_dir("home/.config/origo");
	write_file("home/.config/origo/config",
	           "accounts = ( { name = \"fromhome\"; provider = \"gcore\"; } );", 0600);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].name, "fromhome");
	assert_non_null(strstr(c.path, "/home/.config/origo/config"));
	config_free(&c);

	/* $XDG_CONFIG_HOME/origo/config comes first */
	make_dir("xdg/origo");
	write_file("xdg/origo/config", "accounts = ( { name = \"fromxdg\"; provider = \"gcore\"; } );", 0600);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].name, "fromxdg");
	config_free(&c);

	/* a relative XDG_CONFIG_HOME is ignored */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].name, "fromhome");
	config_free(&c);

	/* $ORIGO_CONFIG comes before both, and must exist */
	const char *p = write_file("explicit", "accounts = ( { name = \"fromenv\"; provider = \"gcore\"; } );", 0600);
	setenv("ORIGO_CONFIG", p, 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].name, "fromenv");
	config_free(&c);
	char missing[512];
	snprintf(missing, sizeof missing, "%s/nope", tmpdir);
	setenv("ORIGO_CONFIG", missing, 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	unsetenv("ORIGO_CONFIG");

	/* an explicit path must exist */
	assert_int_equal(config_load(&c, missing, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	char want[700];
	snprintf(want, sizeof want, "config %s: cannot read: No such file or directory", missing);
	assert_string_equal(e.msg, want);
	unsetenv("GCORE_API_KEY");
	unsetenv("XDG_CONFIG_HOME");
}

/* An empty HOME and no XDG_CONFIG_HOME: no config file anywhere. */
static void no_config_file(void)
{
	char home[400];
	snprintf(home, sizeof home, "%s/emptyhome", tmpdir);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("ORIGO_CONFIG");
}

static void test_no_credentials_lists_every_way(void **state)
{
	(void)state;
	no_config_file();
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	static const char *const want[] = {
		"GCORE_API_KEY", "YC_TOKEN and YC_FOLDER_ID", "IDS_CLIENT_ID and IDS_CLIENT_SECRET",
		"EDGIO_PLATFORM", "/emptyhome/.config/origo/config", NULL,
	};
	for (size_t i = 0; want[i]; i++)
		if (!strstr(e.msg, want[i]))
			fail_msg("first-run message lacks \"%s\": %s", want[i], e.msg);
	/* with XDG_CONFIG_HOME set, that is where it says to write */
	char xdg[400];
	snprintf(xdg, sizeof xdg, "%s/xdgempty", tmpdir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "/xdgempty/origo/config"));
	unsetenv("XDG_CONFIG_HOME");
}

static void test_yandex_from_env(void **state)
{
	(void)state;
	no_config_file();
	setenv("YC_TOKEN", "y0_not-read-here", 1);
	setenv("YC_FOLDER_ID", "b1gfolder", 1);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_null(c.path);
	assert_int_equal(c.n_accounts, 1);
	const og_account *a = config_account(&c, NULL, &e);
	assert_non_null(a);
	assert_string_equal(a->name, "yandex");
	assert_string_equal(a->provider, "yandex");
	assert_string_equal(og_account_setting(a, "folder_id"), "b1gfolder");
	assert_string_equal(og_account_setting(a, "token_env"), "YC_TOKEN");
	assert_null(og_account_setting(a, "token"));                 /* the token stays in the environment */
	assert_null(a->api_url);               /* net/ picks the real endpoints */
	assert_null(og_account_setting(a, "iam_url"));
	assert_null(og_account_setting(a, "operation_url"));
	config_free(&c);

	/* YC_BASE_URL points all three APIs at one base (an emulator) */
	setenv("YC_BASE_URL", "http://127.0.0.1:18081/", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].api_url, "http://127.0.0.1:18081");
	assert_string_equal(og_account_setting(&c.accounts[0], "iam_url"), "http://127.0.0.1:18081");
	assert_string_equal(og_account_setting(&c.accounts[0], "operation_url"), "http://127.0.0.1:18081");
	config_free(&c);
	setenv("YC_BASE_URL", "http://cdn.example.com", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "YC_BASE_URL \"http://cdn.example.com\" must use https://"));
	unsetenv("YC_BASE_URL");

	/* a token without a folder says which variable is missing */
	unsetenv("YC_FOLDER_ID");
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "YC_FOLDER_ID is not"));
	unsetenv("YC_TOKEN");
}

static void test_edgio_from_env(void **state)
{
	(void)state;
	no_config_file();
	setenv("IDS_CLIENT_ID", "my-client", 1);
	setenv("IDS_CLIENT_SECRET", "not-read-here", 1);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_int_equal(c.n_accounts, 1);
	const og_account *a = &c.accounts[0];
	assert_string_equal(a->name, "edgio");
	assert_string_equal(a->provider, "edgio");
	assert_string_equal(og_account_setting(a, "platform"), "http-large");
	assert_string_equal(og_account_setting(a, "client_id"), "my-client");
	assert_string_equal(og_account_setting(a, "client_secret_env"), "IDS_CLIENT_SECRET");
	assert_null(og_account_setting(a, "client_secret"));
	assert_null(a->api_url);
	assert_null(og_account_setting(a, "token_url"));
	config_free(&c);

	setenv("EDGIO_PLATFORM", "adn", 1);
	setenv("EDGIO_BASE_URL", "http://127.0.0.1:18082", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "platform"), "adn");
	assert_string_equal(c.accounts[0].api_url, "http://127.0.0.1:18082");
	assert_string_equal(og_account_setting(&c.accounts[0], "token_url"), "http://127.0.0.1:18082/connect/token");
	config_free(&c);

	setenv("EDGIO_PLATFORM", "http-small", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "EDGIO_PLATFORM \"http-small\" is not \"http-large\" or \"adn\""));
	unsetenv("EDGIO_PLATFORM");
	setenv("EDGIO_BASE_URL", "ftp://127.0.0.1", 1);
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "EDGIO_BASE_URL"));
	unsetenv("EDGIO_BASE_URL");

	/* a secret without a client id says which variable is missing */
	unsetenv("IDS_CLIENT_ID");
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), -1);
	assert_non_null(strstr(e.msg, "IDS_CLIENT_ID is not"));
	unsetenv("IDS_CLIENT_SECRET");
}

static void test_one_account_per_provider_from_env(void **state)
{
	(void)state;
	no_config_file();
	setenv("IDS_CLIENT_ID", "my-client", 1);
	setenv("IDS_CLIENT_SECRET", "s", 1);
	setenv("YC_TOKEN", "t", 1);
	setenv("YC_FOLDER_ID", "b1gfolder", 1);
	setenv("GCORE_API_KEY", "k", 1);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_int_equal(c.n_accounts, 3);
	assert_string_equal(c.accounts[0].name, "gcore");
	assert_string_equal(c.accounts[1].name, "yandex");
	assert_string_equal(c.accounts[2].name, "edgio");
	assert_string_equal(config_account(&c, NULL, &e)->provider, "gcore");   /* the first */
	assert_string_equal(og_account_setting(config_account(&c, "edgio", &e), "client_id"), "my-client");
	assert_null(config_account(&c, "yc", &e));
	assert_non_null(strstr(e.msg, "accounts: gcore, yandex, edgio"));
	config_free(&c);

	/* without Gcore's key the first is Yandex */
	unsetenv("GCORE_API_KEY");
	assert_int_equal(config_load(&c, NULL, net_providers(), &e), 0);
	assert_int_equal(c.n_accounts, 2);
	assert_string_equal(config_account(&c, NULL, &e)->name, "yandex");
	config_free(&c);
	static const char *const vars[] = { "IDS_CLIENT_ID", "IDS_CLIENT_SECRET", "YC_TOKEN",
	                                    "YC_FOLDER_ID", NULL };
	for (size_t i = 0; vars[i]; i++)
		unsetenv(vars[i]);
}

/* ---- s3_credentials ------------------------------------------------------ */

static const char s3_accounts[] =
	"accounts = (\n"                                                      /* 1 */
	"  { name = \"gcore\"; provider = \"gcore\"; api_key_env = \"K\"; },\n" /* 2 */
	"  { name = \"yc\"; provider = \"yandex\"; folder_id = \"f\"; }\n"      /* 3 */
	");\n";                                                               /* 4 */

/* s3_accounts + `entries` (starting at line 5) as a private string. */
static int load_s3(og_config *c, const char *entries, bool private_file, og_error *e)
{
	char text[2048];
	snprintf(text, sizeof text, "%s%s", s3_accounts, entries);
	return config_load_string(c, text, "cfg", private_file, net_providers(), e);
}

static void test_s3_credentials(void **state)
{
	(void)state;
	og_config c;
	og_error e = { 0 };
	/* before the accounts in the file, too: entries find their account */
	const char text[] =
		"s3_credentials = (\n"                                            /* 1 */
		"  { account = \"gcore\"; bucket = \"media\";\n"                  /* 2 */
		"    access_key_env = \"MEDIA_AK\"; secret_key_env = \"MEDIA_SK\"; },\n"
		"  { account = \"gcore\"; bucket = \"logs\";\n"                   /* 4 */
		"    access_key = \"AKIAINLINE01\"; secret_key = \"inlineSecret0123456789\"; }\n"
		");\n"
		"accounts = ( { name = \"gcore\"; provider = \"gcore\"; api_key_env = \"K\"; } );\n";
	assert_int_equal(config_load_string(&c, text, "cfg", true, net_providers(), &e), 0);
	const og_account *a = &c.accounts[0];
	assert_int_equal(a->n_s3, 2);
	assert_string_equal(a->s3[0].bucket, "media");
	assert_string_equal(a->s3[0].access_key_env, "MEDIA_AK");
	assert_string_equal(a->s3[0].secret_key_env, "MEDIA_SK");
	assert_null(a->s3[0].access_key);
	assert_int_equal(a->s3[0].line, 2);
	assert_string_equal(a->s3[1].bucket, "logs");
	assert_string_equal(a->s3[1].access_key, "AKIAINLINE01");
	assert_string_equal(a->s3[1].secret_key, "inlineSecret0123456789");
	assert_int_equal(a->s3[1].line, 4);
	config_free(&c);
}

static void expect_s3_error(const char *entries, bool private_file, const char *want)
{
	og_config c;
	og_error e = { 0 };
	if (load_s3(&c, entries, private_file, &e) == 0) {
		config_free(&c);
		fail_msg("accepted: %s", entries);
	}
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	if (!strstr(e.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
}

static void test_s3_credentials_errors(void **state)
{
	(void)state;
	expect_s3_error("s3_credentials = { account = \"gcore\"; };\n", true,
	                "config cfg line 5: s3_credentials must be a list");
	expect_s3_error("s3_credentials = ( { bucket = \"b\"; access_key_env = \"A\"; "
	                "secret_key_env = \"S\"; } );\n", true,
	                "config cfg line 5: s3_credentials entry 1: account is required");
	expect_s3_error("s3_credentials = ( { account = \"gcore\"; access_key_env = \"A\"; "
	                "secret_key_env = \"S\"; } );\n", true, "line 5: s3_credentials entry 1: bucket is required");
	expect_s3_error("s3_credentials = (\n { account = \"nope\"; bucket = \"b\"; access_key_env = \"A\"; "
	                "secret_key_env = \"S\"; } );\n", true,
	                "line 6: s3_credentials bucket \"b\": account \"nope\" is not in accounts");
	expect_s3_error("s3_credentials = ( { account = \"yc\"; bucket = \"b\"; access_key_env = \"A\"; "
	                "secret_key_env = \"S\"; } );\n", true, "account \"yc\" is a yandex account");
	expect_s3_error("s3_credentials = ( { account = \"gcore\"; bucket = \"b\";\n"
	                "  access_key_env = \"A\"; } );\n", true,
	                "line 5: s3_credentials bucket \"b\": secret_key_env is required");
	expect_s3_error("s3_credentials = ( { account = \"gcore\"; bucket = \"b\";\n"
	                "  access_key_env = \"A\"; secret_key_env = \"S\";\n  access_key = \"AKIA1234\"; } );\n",
	                true, "line 6: s3_credentials bucket \"b\": give access_key or access_key_env, not both");
	expect_s3_error("s3_credentials = ( { account = \"gcore\"; bucket = \"b\";\n"
	                "  access_key_env = \"NOT-A-VAR\"; secret_key_env = \"S\"; } );\n", true,
	                "line 6: s3_credentials bucket \"b\": access_key_env \"NOT-A-VAR\" is not a variable name");
	expect_s3_error("s3_credentials = ( { account = \"gcore\"; bucket = \"b\"; region = \"x\";\n"
	                "  access_key_env = \"A\"; secret_key_env = \"S\"; } );\n", true,
	                "line 5: s3_credentials entry 1: unknown setting \"region\"");
	expect_s3_error("s3_credentials = (\n"
	                " { account = \"gcore\"; bucket = \"b\"; access_key_env = \"A\"; secret_key_env = \"S\"; },\n"
	                " { account = \"gcore\"; bucket = \"b\"; access_key_env = \"A\"; secret_key_env = \"S\"; } );\n",
	                true, "line 7: s3_credentials: bucket \"b\" of account \"gcore\" is given twice (first at line 6)");
}

/* Inline keys only in a file nobody else can read: else exit 2 naming the
 * file, the line and the fix; the same file at 0600 loads. */
static void test_s3_inline_keys_need_private_file(void **state)
{
	(void)state;
	char text[2048];
	snprintf(text, sizeof text, "%s"
	         "s3_credentials = ( { account = \"gcore\"; bucket = \"b\";\n"   /* 5 */
	         "  access_key_env = \"A\";\n"                                 /* 6 */
	         "  secret_key = \"inlineSecret0123456789\"; } );\n",           /* 7 */
	         s3_accounts);
	unsigned modes[] = { 0640, 0604, 0644 };
	for (size_t i = 0; i < 3; i++) {
		const char *path = write_file("s3cfg", text, modes[i]);
		og_config c;
		og_error e = { 0 };
		assert_int_equal(config_load_file(&c, path, net_providers(), &e), -1);
		assert_int_equal(e.kind, OG_ERR_CONFIG);
		assert_int_equal(og_error_exit_status(&e), 2);
		char want[700];
		snprintf(want, sizeof want, "config %s line 7: s3_credentials bucket \"b\": secret_key is "
		         "given inline but %s is readable by others (mode %04o); chmod 600 %s or use "
		         "secret_key_env", path, path, modes[i], path);
		assert_string_equal(e.msg, want);
		assert_null(strstr(e.msg, "inlineSecret"));
	}
	const char *path = write_file("s3cfg", text, 0600);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_file(&c, path, net_providers(), &e), 0);
	assert_string_equal(c.accounts[0].s3[0].secret_key, "inlineSecret0123456789");
	config_free(&c);
	/* the rule itself */
	assert_true(config_mode_private(0100600));
	assert_true(config_mode_private(0400));
	assert_false(config_mode_private(0640));
	assert_false(config_mode_private(0602));
}

/* hints: on unless `hints = false;`, and only a boolean. */
static void test_hints(void **state)
{
	(void)state;
	static const char acct[] = "accounts = ( { name = \"a\"; provider = \"gcore\"; } );\n";
	char text[256];
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, acct, "cfg", false, net_providers(), &e), 0);
	assert_true(c.hints);
	config_free(&c);
	snprintf(text, sizeof text, "%shints = false;\n", acct);
	assert_int_equal(config_load_string(&c, text, "cfg", false, net_providers(), &e), 0);
	assert_false(c.hints);
	config_free(&c);
	snprintf(text, sizeof text, "%shints = true;\n", acct);
	assert_int_equal(config_load_string(&c, text, "cfg", false, net_providers(), &e), 0);
	assert_true(c.hints);
	config_free(&c);
	expect_error("\nhints = \"no\";", false, "config cfg line 2: hints must be true or false");
}

/* ---- a provider model/ has never heard of ------------------------------- */

/* model/config.c knows a provider only through the table its caller gives:
 * "acme" here, with a required key defaulting from a variable, a key with
 * choices, a secret with its variable, and its first-run variables. */
static const char *const acme_modes[] = { "fast", "slow", NULL };
static const og_key_spec acme_keys[] = {
	{ .name = "region", .type = OG_KEY_TEXT, .required = true, .env_default = "ACME_REGION" },
	{ .name = "mode", .type = OG_KEY_TEXT, .choices = acme_modes },
	{ .name = "password", .type = OG_KEY_SECRET, .env_alt = "password_env",
	  .env_fallback = "ACME_PASSWORD" },
	{ .name = "password_env", .type = OG_KEY_TEXT },
	{ .name = "edge_url", .type = OG_KEY_URL },
};
static const og_env_var acme_env[] = {
	{ .name = "ACME_PASSWORD", .starts = true, .fill = OG_ENV_NAME, .key = "password_env" },
	{ .name = "ACME_MODE", .fill = OG_ENV_VALUE, .key = "mode", .fallback = "slow" },
	{ .name = "ACME_URL", .fill = OG_ENV_VALUE, .key = "edge_url", .suffix = "/edge" },
	{ .name = "ACME_URL", .fill = OG_ENV_VALUE, .key = "api_url" },
};
static const og_provider_config acme = {
	.name = "acme", .label = "Acme CDN",
	.keys = acme_keys, .n_keys = sizeof acme_keys / sizeof acme_keys[0],
	.env = acme_env, .n_env = sizeof acme_env / sizeof acme_env[0],
	.example = "name = \"acme\"; provider = \"acme\"; region = \"eu\";",
};
static const og_provider_config *const acme_list[] = { &acme };
static const og_providers acme_only = { acme_list, 1 };

static void expect_acme_error(const char *text, const char *want)
{
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, text, "cfg", false, &acme_only, &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_string_equal(e.msg, want);
}

static void test_a_provider_from_its_table_alone(void **state)
{
	(void)state;
	unsetenv("ACME_REGION");
	expect_acme_error("accounts = ( { name = \"a\"; provider = \"gcore\"; } );",
	                  "config cfg line 1: account \"a\": unknown provider \"gcore\" (acme)");
	expect_acme_error("accounts = ( { name = \"a\";\n provider = \"acme\"; } );",
	                  "config cfg line 1: account \"a\": region is required for provider \"acme\" "
	                  "(or set ACME_REGION)");
	expect_acme_error("accounts = ( { name = \"a\"; provider = \"acme\"; region = \"eu\";\n"
	                  "  mode = \"medium\"; } );",
	                  "config cfg line 2: account \"a\": mode \"medium\" is not \"fast\" or \"slow\"");
	expect_acme_error("accounts = ( { name = \"a\"; provider = \"acme\";\n folder_id = \"x\"; } );",
	                  "config cfg line 2: account \"a\": unknown setting \"folder_id\"");
	expect_acme_error("accounts = ( { name = \"a\"; provider = \"acme\"; region = \"eu\";\n"
	                  "  edge_url = \"http://edge.example\"; } );",
	                  "config cfg line 2: account \"a\": edge_url \"http://edge.example\" must use "
	                  "https:// (http:// is allowed only for loopback)");
	expect_acme_error("accounts = ( { name = \"a\"; provider = \"acme\"; region = \"eu\";\n"
	                  "  password = \"pw-canary\"; } );",
	                  "config cfg line 2: account \"a\": password is given inline but cfg is readable "
	                  "by others; chmod 600 cfg or use password_env");
	expect_acme_error("", "config cfg line 1: no accounts up to the end of the file; add one, e.g. "
	                  "accounts = ( { name = \"acme\"; provider = \"acme\"; region = \"eu\"; } );");

	/* its defaults: the region from its variable, the secret's variable */
	setenv("ACME_REGION", "us", 1);
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, "accounts = ( { name = \"a\"; provider = \"acme\"; "
	                                    "mode = \"fast\"; } );", "cfg", false, &acme_only, &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "region"), "us");
	assert_string_equal(og_account_setting(&c.accounts[0], "mode"), "fast");
	assert_string_equal(og_account_setting(&c.accounts[0], "password_env"), "ACME_PASSWORD");
	assert_null(og_account_setting(&c.accounts[0], "password"));
	assert_string_equal(og_account_setting_or(&c.accounts[0], "edge_url", "none"), "none");
	config_free(&c);
	/* an inline secret in a private file is kept (and wiped when freed) */
	assert_int_equal(config_load_string(&c, "accounts = ( { name = \"a\"; provider = \"acme\"; "
	                                    "password = \"pw\"; } );", "cfg", true, &acme_only, &e), 0);
	assert_string_equal(og_account_setting(&c.accounts[0], "password"), "pw");
	assert_null(og_account_setting(&c.accounts[0], "password_env"));
	config_free(&c);
	unsetenv("ACME_REGION");
}

static void test_a_provider_from_its_variables(void **state)
{
	(void)state;
	char home[400];
	snprintf(home, sizeof home, "%s/acmehome", tmpdir);
	make_dir("acmehome");
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("ORIGO_CONFIG");
	unsetenv("ACME_PASSWORD");
	unsetenv("ACME_MODE");
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load(&c, NULL, &acme_only, &e), -1);
	assert_non_null(strstr(e.msg, "no config file and no credentials in the environment; set "
	                              "ACME_PASSWORD for Acme CDN, or write the config file "));
	setenv("ACME_PASSWORD", "pw-canary", 1);
	setenv("ACME_REGION", "ap", 1);
	setenv("ACME_URL", "http://127.0.0.1:18099/", 1);
	assert_int_equal(config_load(&c, NULL, &acme_only, &e), 0);
	assert_int_equal(c.n_accounts, 1);
	assert_string_equal(c.accounts[0].name, "acme");
	assert_string_equal(og_account_setting(&c.accounts[0], "password_env"), "ACME_PASSWORD");
	assert_null(og_account_setting(&c.accounts[0], "password"));   /* stays in the environment */
	assert_string_equal(og_account_setting(&c.accounts[0], "mode"), "slow");   /* the fallback */
	assert_string_equal(og_account_setting(&c.accounts[0], "region"), "ap");
	assert_string_equal(og_account_setting(&c.accounts[0], "edge_url"), "http://127.0.0.1:18099/edge");
	assert_string_equal(c.accounts[0].api_url, "http://127.0.0.1:18099");
	config_free(&c);
	setenv("ACME_MODE", "turbo", 1);
	assert_int_equal(config_load(&c, NULL, &acme_only, &e), -1);
	assert_string_equal(e.msg, "config (environment): ACME_MODE \"turbo\" is not \"fast\" or \"slow\"");
	unsetenv("ACME_MODE");
	setenv("ACME_URL", "http://edge.example", 1);
	assert_int_equal(config_load(&c, NULL, &acme_only, &e), -1);
	assert_string_equal(e.msg, "config (environment): ACME_URL \"http://edge.example\" must use "
	                           "https:// (http:// is allowed only for loopback)");
	unsetenv("ACME_URL");
	unsetenv("ACME_PASSWORD");
	unsetenv("ACME_REGION");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_defaults_and_first_account),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_yandex_folder_from_env),
		cmocka_unit_test(test_writable_config_refused),
		cmocka_unit_test(test_inline_secret_needs_private_file),
		cmocka_unit_test(test_http_only_for_loopback),
		cmocka_unit_test(test_env_fallback_and_search_path),
		cmocka_unit_test(test_no_credentials_lists_every_way),
		cmocka_unit_test(test_yandex_from_env),
		cmocka_unit_test(test_edgio_from_env),
		cmocka_unit_test(test_one_account_per_provider_from_env),
		cmocka_unit_test(test_s3_credentials),
		cmocka_unit_test(test_s3_credentials_errors),
		cmocka_unit_test(test_s3_inline_keys_need_private_file),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_a_provider_from_its_table_alone),
		cmocka_unit_test(test_a_provider_from_its_variables),
	};
	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}

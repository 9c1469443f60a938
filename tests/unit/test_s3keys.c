/* The S3 key ring: keys from the config (inline or named variables), the
 * spec's rules on them, an unset variable named at the time a write needs
 * it, the redaction of every key, and the variables "copy as curl" names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "net/s3keys.h"
#include "net/reqlog.h"
#include "net/worker.h"

#define AK "AKIAKEYRINGTEST01"
#define SK "keyRingSecret+/0123456789abcd"

static void test_put_get(void **state)
{
	(void)state;
	s3_keyring *k = s3_keyring_new("gcore");
	og_error err = { 0 };
	char a[S3_KEY_MAX], s[S3_KEY_MAX];
	assert_false(s3_keyring_has(k, "b"));
	assert_false(s3_keyring_get(k, "b", a, s));
	assert_string_equal(a, "");
	assert_int_equal(s3_keyring_put(k, "b", AK, SK, NULL, NULL, &err), 0);
	assert_true(s3_keyring_has(k, "b"));
	assert_false(s3_keyring_has(k, "B"));   /* buckets compare exactly */
	assert_true(s3_keyring_get(k, "b", a, s));
	assert_string_equal(a, AK);
	assert_string_equal(s, SK);
	/* replaced, not added */
	assert_int_equal(s3_keyring_put(k, "b", "AKIAOTHER", SK "x", NULL, NULL, &err), 0);
	assert_true(s3_keyring_get(k, "b", a, s));
	assert_string_equal(a, "AKIAOTHER");
	/* the spec's rules: 4..255 / 16..255 characters of the allowed sets;
	 * the message never quotes the value */
	const char *bad[][2] = { { "AKI", SK }, { AK, "short+secret" }, { "AK IA", SK },
	                         { AK, "has space in it 0123" }, { "SECRET_VALUE", "SECRET_VALUE" } };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		og_error_clear(&err);
		assert_int_equal(s3_keyring_put(k, "c", bad[i][0], bad[i][1], NULL, NULL, &err), -1);
		assert_int_equal(err.kind, OG_ERR_USAGE);
		if (i + 1 < sizeof bad / sizeof bad[0])   /* the mask is no secret: it is named */
			assert_null(strstr(err.msg, bad[i][1]));
		else
			assert_non_null(strstr(err.msg, "the API's mask, not a key"));
		assert_false(s3_keyring_has(k, "c"));
	}
	/* a bucket name longer than the ring keeps: refused as such (it was
	 * "out of memory"), the keys not quoted; one of the longest kept is */
	char name[S3_BUCKET_MAX + 1];
	memset(name, 'n', S3_BUCKET_MAX);
	name[S3_BUCKET_MAX] = '\0';
	og_error_clear(&err);
	assert_int_equal(s3_keyring_put(k, name, AK, SK, NULL, NULL, &err), -1);
	assert_int_equal(err.kind, OG_ERR_USAGE);
	assert_non_null(strstr(err.msg, "is longer than an S3 bucket's"));
	assert_null(strstr(err.msg, SK));
	assert_false(s3_keyring_has(k, name));
	name[S3_BUCKET_MAX - 1] = '\0';
	assert_int_equal(s3_keyring_put(k, name, AK, SK, NULL, NULL, &err), 0);
	assert_true(s3_keyring_has(k, name));
	/* a NULL ring has nothing */
	assert_false(s3_keyring_has(NULL, "b"));
	assert_false(s3_keyring_get(NULL, "b", a, s));
	s3_keyring_free(k);
}

static void test_load_from_config(void **state)
{
	(void)state;
	og_s3_cred creds[] = {
		{ .bucket = "env-bucket", .access_key_env = "T_S3_AK", .secret_key_env = "T_S3_SK", .line = 7 },
		{ .bucket = "inline-bucket", .access_key = "AKIAINLINE0", .secret_key = SK, .line = 9 },
		{ .bucket = "unset-bucket", .access_key_env = "T_S3_UNSET_AK",
		  .secret_key_env = "T_S3_UNSET_SK", .line = 11 },
	};
	og_account acct = { .name = "gcore", .provider = "gcore", .s3 = creds, .n_s3 = 3 };
	setenv("T_S3_AK", AK, 1);
	setenv("T_S3_SK", SK, 1);
	unsetenv("T_S3_UNSET_AK");
	setenv("T_S3_UNSET_SK", "", 1);   /* empty counts as unset */
	s3_keyring *k = s3_keyring_new("gcore");
	og_error err = { 0 };
	assert_int_equal(s3_keyring_load(k, &acct, &err), 0);
	char a[S3_KEY_MAX], s[S3_KEY_MAX];
	assert_true(s3_keyring_get(k, "env-bucket", a, s));
	assert_string_equal(a, AK);
	assert_true(s3_keyring_get(k, "inline-bucket", a, s));
	assert_string_equal(a, "AKIAINLINE0");
	assert_false(s3_keyring_has(k, "unset-bucket"));
	/* the refusal names the unset variables and the config line */
	char why[512];
	s3_keyring_howto(k, "unset-bucket", why, sizeof why);
	assert_non_null(strstr(why, "\"unset-bucket\""));
	assert_non_null(strstr(why, "T_S3_UNSET_AK and T_S3_UNSET_SK are unset or empty"));
	assert_non_null(strstr(why, "config line 11"));
	assert_non_null(strstr(why, "nothing was sent"));
	/* a bucket the config does not name: how to add it */
	s3_keyring_howto(k, "other", why, sizeof why);
	assert_non_null(strstr(why, "s3_credentials, account \"gcore\", bucket \"other\", "
	                            "access_key_env, secret_key_env"));
	/* every key is redacted wherever it shows up */
	char *r = reqlog_redact_text("x " AK " y " SK " z AKIAINLINE0");
	assert_string_equal(r, "x *** y *** z ***");
	free(r);
	s3_keyring_free(k);

	/* a key from the environment that breaks the rules: no keys for the
	 * bucket, and the refusal names the line and the rule, not the value */
	setenv("T_S3_SK", "tooshort", 1);
	k = s3_keyring_new("gcore");
	og_error_clear(&err);
	assert_int_equal(s3_keyring_load(k, &acct, &err), 0);
	assert_false(s3_keyring_has(k, "env-bucket"));
	s3_keyring_howto(k, "env-bucket", why, sizeof why);
	assert_non_null(strstr(why, "config line 7"));
	assert_non_null(strstr(why, "the secret key is 16 to 255 characters"));
	assert_null(strstr(why, "tooshort"));
	s3_keyring_free(k);
	net_log_shutdown();
}

static void test_curl_vars(void **state)
{
	(void)state;
	og_s3_cred creds[] = { { .bucket = "env-bucket", .access_key_env = "MY_AK",
	                         .secret_key_env = "MY_SK", .line = 1 } };
	og_account acct = { .name = "gcore", .provider = "gcore", .s3 = creds, .n_s3 = 1 };
	char a[128], s[128];
	s3_key_vars(&acct, "env-bucket", a, s, sizeof a);
	assert_string_equal(a, "MY_AK");
	assert_string_equal(s, "MY_SK");
	s3_key_vars(&acct, "my-bucket.v2", a, s, sizeof a);
	assert_string_equal(a, "ORIGO_S3_ACCESS_KEY_my_bucket_v2");
	assert_string_equal(s, "ORIGO_S3_SECRET_KEY_my_bucket_v2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_load_from_config),
		cmocka_unit_test(test_curl_vars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

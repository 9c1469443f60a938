/* What the requests log (net/reqlog.c) knows of Gcore: the secret members
 * of its bodies (S3 keys), and an exchange as a curl line: the API key by
 * its variable, each masked S3 key of a body by the variable of its bucket,
 * so the line names variables, never a value. */
#include "net/gcore/gcore.h"
#include "net/provider.h"
#include "net/reqlog.h"
#include "net/s3keys.h"

#include <stdio.h>
#include <string.h>

/* Each redacted key of an S3 source becomes the marker of the variable
 * named for its bucket (s3_key_vars: the config's, else
 * ORIGO_S3_*_KEY_<bucket>). true when any was marked. */
static bool mark_s3_vars(cJSON *j, const og_account *acct)
{
	bool any = false;
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "sources")) {
		cJSON *cfg = cJSON_GetObjectItemCaseSensitive(e, "config");
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(cfg, "s3_bucket_name");
		if (!cJSON_IsString(b))
			continue;
		char vars[2][300], mark[640];
		s3_key_vars(acct, b->valuestring, vars[0], vars[1], sizeof vars[0]);
		const char *keys[2] = { "s3_access_key_id", "s3_secret_access_key" };
		for (int k = 0; k < 2; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg, keys[k]);
			if (!cJSON_IsString(v) || strcmp(v->valuestring, "***") != 0)
				continue;
			reqlog_var_marker(vars[k], mark, sizeof mark);
			cJSON_ReplaceItemInObjectCaseSensitive(cfg, keys[k], cJSON_CreateString(mark));
			any = true;
		}
	}
	return any;
}

const char *const gcore_secret_fields[] = {
	"s3_access_key_id", "s3_secret_access_key", "s3AccessKeyId", "s3SecretAccessKey", NULL,
};

void gcore_curl_auth(const og_account *acct, net_curl_auth *out)
{
	const char *named = og_account_setting(acct, "api_key_env");
	bool by_var = reqlog_var_name(named);
	snprintf(out->header, sizeof out->header, "APIKey $%s", by_var ? named : "GCORE_API_KEY");
	out->secret_var = "SECRET";
	out->hint = by_var ? "the key is read from the environment variable, as origo does"
	                   : "the key is inline in the config: export GCORE_API_KEY=<your key> first";
	out->mark_body = mark_s3_vars;
	out->marked_hint = "set the S3 key variables it names (one a key) and the API key's, then run it";
}

/* What the requests log (net/reqlog.c) knows of Yandex: the secret members
 * of its IAM token exchange, and an exchange as a curl line: an IAM token
 * by variable, the OAuth token of a token exchange by the account's. */
#include "net/yandex/yandex.h"
#include "net/provider.h"
#include "net/reqlog.h"

#include <stdio.h>

const char *const yandex_secret_fields[] = {
	"yandexPassportOauthToken", "iamToken", "jwt", "subjectToken", NULL,
};

void yandex_curl_auth(const og_account *acct, net_curl_auth *out)
{
	const char *named = og_account_setting(acct, "token_env");
	snprintf(out->header, sizeof out->header, "Bearer $YC_IAM_TOKEN");
	out->secret_var = reqlog_var_name(named) ? named : "YC_OAUTH_TOKEN";
	out->hint = "set YC_IAM_TOKEN (yc iam create-token) or YC_OAUTH_TOKEN before running it";
}

/* What the requests log (net/reqlog.c) knows of Edgio: an exchange as a
 * curl line, an access token by variable and the client secret of a
 * /connect/token exchange by the account's (its secret members,
 * client_secret and access_token, are OAuth's: every API's). */
#include "net/edgio/edgio.h"
#include "net/provider.h"
#include "net/reqlog.h"

#include <stdio.h>

void edgio_curl_auth(const og_account *acct, net_curl_auth *out)
{
	const char *named = og_account_setting(acct, "client_secret_env");
	snprintf(out->header, sizeof out->header, "Bearer $EDGIO_ACCESS_TOKEN");
	out->secret_var = reqlog_var_name(named) ? named : "EDGIO_CLIENT_SECRET";
	out->hint = "set EDGIO_ACCESS_TOKEN (from the /connect/token exchange) or "
	            "EDGIO_CLIENT_SECRET before running it";
}

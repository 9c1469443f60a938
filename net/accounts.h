/* Accounts, as the UI and the command line see them: an opaque handle that
 * holds the credentials and the provider adapter of one configured account.
 * Public: tui/ may include it. */
#ifndef NET_ACCOUNTS_H
#define NET_ACCOUNTS_H

#include "model/caps.h"
#include "model/config.h"
#include "model/og_error.h"

typedef struct net_account net_account;

typedef struct net_options {
	int timeout_seconds;        /* per request; 0 = 20 */
} net_options;

/* Resolves the account's credentials (inline value or environment variable,
 * never printed) and picks its provider adapter. No network I/O. A missing
 * key is OG_ERR_CONFIG naming the variable to set. caller frees with
 * net_account_free() once no job uses it. */
net_account *net_account_open(const og_account *acct, const net_options *opt, og_error *err);
void net_account_free(net_account *a);
/* The providers of the registry, with what their accounts say in the config
 * (for config_load()). */
const og_providers *net_providers(void);
const og_caps *net_account_caps(const net_account *a);
const char *net_account_name(const net_account *a);
/* The host of the account's API URL, for messages and the title bar. */
const char *net_account_host(const net_account *a);

#endif

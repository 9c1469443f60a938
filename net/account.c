/* Opening an account: pick its provider adapter, resolve its credentials and
 * API URL. Also the one place that turns (account, path) into a request. */
#include "net/accounts.h"
#include "net/provider.h"
#include "net/reqlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The provider registry, one entry a provider NAME: its adapter
 * NAME_provider (net/NAME/NAME.c) and what its accounts say in the config,
 * NAME_config (net/NAME/NAME_config.c). The config's `provider` value picks
 * one by its name; nothing else in origo lists the providers. Their order
 * is that of the accounts made from the environment (the first is the
 * default). */
#define PROVIDERS(_) _(gcore) _(yandex) _(edgio)

#define DECLARE_PROVIDER(p) extern const net_provider p##_provider; \
	extern const og_provider_config p##_config;
PROVIDERS(DECLARE_PROVIDER)
#define PROVIDER_ENTRY(p) &p##_provider,
static const net_provider *const providers[] = { PROVIDERS(PROVIDER_ENTRY) };
#define CONFIG_ENTRY(p) &p##_config,
static const og_provider_config *const configs[] = { PROVIDERS(CONFIG_ENTRY) };
#define N_PROVIDERS (sizeof providers / sizeof providers[0])

const og_providers *net_providers(void)
{
	static const og_providers all = { configs, N_PROVIDERS };
	return &all;
}

/* The adapter of provider `name` and its config table (same index). */
static const net_provider *provider_find(const char *name, const og_provider_config **config)
{
	for (size_t i = 0; i < N_PROVIDERS; i++)
		if (strcmp(providers[i]->name, name) == 0) {
			*config = configs[i];
			return providers[i];
		}
	return NULL;
}

const net_provider *net_provider_named(const char *name)
{
	if (!name || !name[0])
		return providers[0];
	const og_provider_config *config;
	return provider_find(name, &config);
}

const net_provider *net_provider_at(size_t i)
{
	return i < N_PROVIDERS ? providers[i] : NULL;
}

void net_account_free(net_account *a)
{
	if (!a)
		return;
	http_client_cleanup(&a->sync_http);
	s3_keyring_free(a->s3keys);
	settle_destroy(&a->settle);
	if (a->prov && a->prov->close)
		a->prov->close(a);
	if (a->auth_header) {
		/* the key should not linger in freed memory */
		volatile char *p = a->auth_header;
		while (*p)
			*p++ = 0;
		free(a->auth_header);
	}
	free(a->name);
	free(a->base_url);
	free(a->host);
	free(a);
}

/* The requests log replaces these values wherever they show up, beside
 * what it redacts by position (headers, secret fields): each secret setting
 * of the provider's table, inline or from the variable that holds it. */
static void register_secrets(const net_account *a, const og_account *acct,
                             const og_provider_config *config)
{
	for (size_t i = 0; i < config->n_keys; i++) {
		const og_key_spec *ks = &config->keys[i];
		if (ks->type != OG_KEY_SECRET)
			continue;
		reqlog_add_secret(og_account_setting(acct, ks->name));
		const char *env = ks->env_alt ? og_account_setting(acct, ks->env_alt) : NULL;
		if (env && env[0])
			reqlog_add_secret(getenv(env));
	}
	if (a->auth_header) {
		/* "Authorization: APIKey KEY": the last word is the secret */
		const char *sp = strrchr(a->auth_header, ' ');
		reqlog_add_secret(sp ? sp + 1 : a->auth_header);
	}
}

net_account *net_account_open(const og_account *acct, const net_options *opt, og_error *err)
{
	if (!acct || !acct->name) {
		og_error_set(err, OG_ERR_CONFIG, "no account to open");
		return NULL;
	}
	/* none named: the registry's first, as net_provider_named() */
	const char *pname = acct->provider && acct->provider[0] ? acct->provider : providers[0]->name;
	const og_provider_config *config = NULL;
	const net_provider *prov = provider_find(pname, &config);
	if (!prov) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": provider \"%s\" is not supported yet",
		             acct->name, pname);
		return NULL;
	}
	if (http_global_init(err) < 0)
		return NULL;

	net_account *a = calloc(1, sizeof *a);
	if (!a)
		goto oom;
	http_client_init(&a->sync_http, NULL);
	settle_init(&a->settle);
	a->sync_http.log = reqlog_sync_hook;   /* --log in the command-line modes */
	a->prov = prov;
	a->timeout_seconds = opt && opt->timeout_seconds > 0 ? opt->timeout_seconds : 20;
	a->name = strdup(acct->name);
	const char *url = acct->api_url && acct->api_url[0] ? acct->api_url : prov->default_url;
	a->base_url = strdup(url);
	if (!a->name || !a->base_url)
		goto oom;
	size_t n = strlen(a->base_url);
	while (n > 0 && a->base_url[n - 1] == '/')
		a->base_url[--n] = '\0';

	char host[256];
	http_url_host(a->base_url, host, sizeof host);
	if (!host[0]) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": api_url \"%s\" is not a valid URL",
		             acct->name, url);
		net_account_free(a);
		return NULL;
	}
	if (!(a->host = strdup(host)))
		goto oom;
	if (prov->open(a, acct, err) < 0) {
		net_account_free(a);
		return NULL;
	}
	register_secrets(a, acct, config);
	if (prov->caps->s3_sources) {
		if (!(a->s3keys = s3_keyring_new(a->name)))
			goto oom;
		if (s3_keyring_load(a->s3keys, acct, err) < 0) {
			net_account_free(a);
			return NULL;
		}
	}
	return a;
oom:
	net_account_free(a);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

const og_caps *net_account_caps(const net_account *a)
{
	return a ? a->prov->caps : NULL;
}

const char *net_account_name(const net_account *a)
{
	return a ? a->name : "";
}

const char *net_account_host(const net_account *a)
{
	return a ? a->host : "";
}

void net_auth_free(char *secret)
{
	if (!secret)
		return;
	volatile char *p = secret;
	while (*p)
		*p++ = 0;
	free(secret);
}

/* A dry run's write: kept as the requests log would show it, not sent. */
static int dry_run_write(net_call *c, const char *method, const char *url, const char *body,
                         og_error *err)
{
	net_account *a = c->acct;
	const char *headers[2];
	size_t nh = 0;
	if (a->auth_header)
		headers[nh++] = a->auth_header;   /* redacted by reqlog by position */
	headers[nh++] = "Content-Type: application/json";
	http_record rec = {
		.method = method, .url = url, .headers = headers, .n_headers = nh,
		.account = a->name, .content_type = body ? "application/json" : NULL,
		.request_body = body, .request_body_len = body ? strlen(body) : 0,
	};
	net_exchange *x = reqlog_build(&rec);
	if (!x) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	if (c->dry_request)
		net_exchange_free(x);      /* the first write is the one asked for */
	else
		c->dry_request = x;
	og_error_set(err, OG_ERR_REFUSED, "dry run: the %s was not sent", method);
	return -1;
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

int net_request_url(net_call *c, const char *method, const char *url,
                    const char *body, http_response *resp, og_error *err)
{
	net_account *a = c->acct;
	if (c->dry_run && is_write(method)) {
		memset(resp, 0, sizeof *resp);
		return dry_run_write(c, method, url, body, err);
	}
	http_request req = {
		.method = method, .url = url, .auth_header = a->auth_header,
		.body = body, .body_len = body ? strlen(body) : 0,
		.timeout_seconds = a->timeout_seconds, .account_name = a->name,
		.describe = a->prov->describe_error,
		.error_body = c->error_body,
	};
	if (!a->prov->auth)
		return http_perform(c->http, &req, resp, err);
	char *refused = NULL;
	int rc = -1;
	/* A token may expire between our clock and the server's: one 401 is
	 * answered with a new token and one more try, never more. */
	for (int attempt = 0; attempt < 2; attempt++) {
		char *hdr = NULL;
		if (a->prov->auth(c, refused, &hdr, err) < 0) {
			rc = -1;
			break;
		}
		req.auth_header = hdr;
		rc = http_perform(c->http, &req, resp, err);
		net_auth_free(refused);
		refused = NULL;
		if (rc == 0 || err->http_status != 401 || attempt == 1) {
			net_auth_free(hdr);
			break;
		}
		refused = hdr;
	}
	net_auth_free(refused);
	return rc;
}

/* base_url + path, or NULL (err set). caller frees. */
static char *url_of_path(const net_call *c, const char *path, og_error *err)
{
	const net_account *a = c->acct;
	size_t n = strlen(a->base_url) + strlen(path) + 1;
	char *url = malloc(n);
	if (!url)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	else
		snprintf(url, n, "%s%s", a->base_url, path);
	return url;
}

int net_request(net_call *c, const char *method, const char *path,
                const char *body, http_response *resp, og_error *err)
{
	char *url = url_of_path(c, path, err);
	if (!url)
		return -1;
	int rc = net_request_url(c, method, url, body, resp, err);
	free(url);
	return rc;
}

int net_request_url_parsed(net_call *c, const char *method, const char *url, const char *body,
                           net_json_parser *parse, cJSON **out, og_error *err)
{
	*out = NULL;
	http_response r;
	if (net_request_url(c, method, url, body, &r, err) < 0)
		return -1;
	cJSON *j = r.body ? parse(r.body, r.len) : NULL;
	http_response_clear(&r);
	if (!j) {
		char host[256];
		http_url_host(url, host, sizeof host);
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s (not JSON)", host);
		return -1;
	}
	*out = j;
	return 0;
}

static cJSON *parse_plain(const char *text, size_t len)
{
	return cJSON_ParseWithLength(text, len);
}

int net_request_url_json(net_call *c, const char *method, const char *url,
                         const char *body, cJSON **out, og_error *err)
{
	return net_request_url_parsed(c, method, url, body, parse_plain, out, err);
}

int net_request_json(net_call *c, const char *method, const char *path,
                     const char *body, cJSON **out, og_error *err)
{
	*out = NULL;
	char *url = url_of_path(c, path, err);
	if (!url)
		return -1;
	int rc = net_request_url_json(c, method, url, body, out, err);
	free(url);
	return rc;
}

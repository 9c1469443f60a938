/* The requests log's redaction (net/reqlog.c). The input is up to ten
 * parts separated by a line "@@": up to three secrets (each mapped onto the
 * characters of real keys and tokens; one shorter than 8 characters or
 * without both letters and digits is left out), then the method, the URL, the
 * request's header lines, its content type, its body, the response head,
 * and the response body (the rest). "$0".."$2" in those parts stand for the
 * secrets, so that the fuzzer puts them where the real ones go: headers,
 * JSON fields, form fields, query parameters, anywhere in text.
 * Every secret is registered as an account's are; then every output form
 * is checked for each secret: the exchange the log screen shows (all its
 * fields, drawn as they are), the --log file's block, and the copy-as-curl
 * line of each provider. The secret must not appear in any of them. */
#include "tests/fuzz/fuzz.h"

#include "model/config.h"
#include "net/reqlog.h"
#include "net/worker.h"

#define N_SECRETS 3

/* What API keys, tokens and client secrets are made of. */
static const char ALPHABET[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~+/=";

static char secrets[N_SECRETS][65];

/* part with each "$k" replaced by secret k. caller frees. */
static char *expand(const fuzz_part *part)
{
	size_t cap = part->n * 65 + 1;
	char *o = malloc(cap);
	FUZZ_CHECK(o != NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < part->n; i++) {
		char c = part->p[i];
		if (c == '$' && i + 1 < part->n && part->p[i + 1] >= '0' &&
		    part->p[i + 1] < '0' + N_SECRETS && secrets[part->p[i + 1] - '0'][0]) {
			const char *s = secrets[part->p[i + 1] - '0'];
			memcpy(o + n, s, strlen(s));
			n += strlen(s);
			i++;
			continue;
		}
		o[n++] = c;
	}
	o[n] = '\0';
	return o;
}

static void check_text(const char *what, const char *text)
{
	if (!text)
		return;
	for (size_t k = 0; k < N_SECRETS; k++)
		if (secrets[k][0])
			FUZZ_CHECK(!strstr(text, secrets[k]), "secret \"%s\" in %s:\n%s", secrets[k], what,
			           text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_part parts[3 + 7];
	size_t np = fuzz_split(data, size, "\n@@\n", parts, 10);
	if (np < 4)
		return 0;
	net_log_shutdown();   /* forget the secrets of the last input */
	memset(secrets, 0, sizeof secrets);
	for (size_t k = 0; k < N_SECRETS; k++) {
		size_t n = parts[k].n < 64 ? parts[k].n : 64;
		bool letter = false, digit = false;
		for (size_t i = 0; i < n; i++) {
			char c = ALPHABET[(unsigned char)parts[k].p[i] % (sizeof ALPHABET - 1)];
			letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			digit |= c >= '0' && c <= '9';
			secrets[k][i] = c;
		}
		/* like a real key: 8 or more characters, letters and digits (so
		 * that no fixed text of the outputs, "retry", a timestamp, is one) */
		if (n < 8 || !letter || !digit)
			memset(secrets[k], 0, sizeof secrets[k]);
		reqlog_add_secret(secrets[k]);
	}
	char *f[7] = { 0 };
	for (size_t i = 0; i < 7; i++)
		f[i] = 3 + i < np ? expand(&parts[3 + i]) : NULL;

	/* header lines, one a line */
	const char *lines[32];
	size_t nl = 0;
	char *hdrs = f[2] ? strdup(f[2]) : NULL;
	for (char *save = NULL, *l = hdrs ? strtok_r(hdrs, "\n", &save) : NULL; l && nl < 32;
	     l = strtok_r(NULL, "\n", &save))
		lines[nl++] = l;

	http_record rec = {
		.method = f[0], .url = f[1], .headers = lines, .n_headers = nl,
		.status = size % 3 ? 200 : 0, .seconds = 0.01, .attempt = (int)(size % 2),
		.error = size % 5 == 0 ? f[4] : NULL, .account = f[6] ? f[6] : f[0],
		.content_type = f[3], .request_body = f[4], .request_body_len = f[4] ? strlen(f[4]) : 0,
		.response_head = f[5], .response_body = f[6],
		.response_body_len = f[6] ? strlen(f[6]) : 0,
	};
	net_exchange *x = reqlog_build(&rec);
	FUZZ_CHECK(x != NULL, "no exchange");
	/* the log screen shows these as they are */
	check_text("the account", x->account);
	check_text("the URL", x->url);
	check_text("the error", x->error);
	check_text("the request headers", x->req_headers);
	check_text("the request body", x->req_body);
	check_text("the response head", x->resp_headers);
	check_text("the response body", x->resp_body);
	char *file = reqlog_format(x);
	FUZZ_CHECK(file != NULL, "no --log text");
	check_text("the --log file", file);
	free(file);

	static const char *const providers[] = { "gcore", "yandex", "edgio" };
	for (size_t p = 0; p < 3; p++) {
		og_account acct = { .name = "fuzz", .provider = (char *)providers[p],
		                    OG_SETTINGS({ .name = "api_key_env", .value = "GCORE_API_KEY" }, { .name = "token_env", .value = "YC_TOKEN" }, { .name = "client_secret_env", .value = "IDS_CLIENT_SECRET" }) };
		const char *note = NULL;
		char *curl = net_exchange_curl(x, p == 0 ? NULL : &acct, &note);
		FUZZ_CHECK(curl != NULL && note != NULL, "no curl line");
		check_text("the curl line", curl);
		free(curl);
	}
	/* the redaction of any text on its own */
	for (size_t i = 0; i < 7; i++) {
		char *r = reqlog_redact_text(f[i] ? f[i] : "");
		check_text("reqlog_redact_text", r);
		free(r);
	}
	net_exchange_free(x);
	free(hdrs);
	for (size_t i = 0; i < 7; i++)
		free(f[i]);
	return 0;
}

/* The requests log inside net/: redaction, the --log file, curl lines.
 * See reqlog.h and net/exchange.h. */
#include "net/reqlog.h"
#include "net/provider.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

/* ---- a growing string ---------------------------------------------------- */

typedef struct str {
	char *p;
	size_t len, cap;
	bool oom;
} str;

static void s_addn(str *s, const char *t, size_t n)
{
	if (s->oom)
		return;
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < s->len + n + 1)
			cap *= 2;
		char *p = realloc(s->p, cap);
		if (!p) {
			s->oom = true;
			return;
		}
		s->p = p;
		s->cap = cap;
	}
	memcpy(s->p + s->len, t, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void s_add(str *s, const char *t)
{
	s_addn(s, t, strlen(t));
}

static void s_addf(str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_addf(str *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		s_addn(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* The string, or NULL when memory ran out; s is given away. */
static char *s_take(str *s)
{
	if (s->oom) {
		free(s->p);
		return NULL;
	}
	if (!s->p)
		return calloc(1, 1);
	return s->p;
}

/* ---- what is secret ------------------------------------------------------ */

/* Fields of JSON bodies and forms whose values are secrets in any API (the
 * usual names, OAuth's); each provider adds its own (its secret_fields:
 * a token exchange, S3 keys). */
static const char *const secret_fields[] = {
	"access_token", "refresh_token", "id_token", "client_secret",
	"password", "secret", "token", "api_key", "apikey", "apiKey", "private_key", NULL,
};

static bool in_fields(const char *const *fields, const char *name, size_t n)
{
	for (size_t i = 0; fields && fields[i]; i++)
		if (strlen(fields[i]) == n && strncasecmp(fields[i], name, n) == 0)
			return true;
	return false;
}

static bool secret_field(const char *name, size_t n)
{
	if (in_fields(secret_fields, name, n))
		return true;
	const net_provider *p;
	for (size_t i = 0; (p = net_provider_at(i)); i++)
		if (in_fields(p->secret_fields, name, n))
			return true;
	return false;
}

static bool secret_header(const char *name, size_t n)
{
	static const char *const exact[] = { "authorization", "proxy-authorization", "cookie",
	                                     "set-cookie", "x-api-key", "x-auth-token" };
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strlen(exact[i]) == n && strncasecmp(exact[i], name, n) == 0)
			return true;
	char low[128];
	if (n >= sizeof low)
		n = sizeof low - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	return strstr(low, "token") || strstr(low, "secret") || strstr(low, "api-key");
}

/* ---- secrets by value ---------------------------------------------------- */

#define MAX_SECRETS 64

static pthread_mutex_t secrets_mu = PTHREAD_MUTEX_INITIALIZER;
static char *secrets[MAX_SECRETS];
static size_t n_secrets;

void reqlog_add_secret(const char *value)
{
	if (!value || strlen(value) < 4)
		return;
	pthread_mutex_lock(&secrets_mu);
	bool have = false;
	for (size_t i = 0; i < n_secrets && !have; i++)
		have = strcmp(secrets[i], value) == 0;
	if (!have && n_secrets < MAX_SECRETS) {
		char *c = strdup(value);
		if (c)
			secrets[n_secrets++] = c;
	}
	pthread_mutex_unlock(&secrets_mu);
}

void net_log_shutdown(void)
{
	pthread_mutex_lock(&secrets_mu);
	for (size_t i = 0; i < n_secrets; i++) {
		volatile char *p = secrets[i];
		while (*p)
			*p++ = 0;
		free(secrets[i]);
		secrets[i] = NULL;
	}
	n_secrets = 0;
	pthread_mutex_unlock(&secrets_mu);
}

char *reqlog_redact_text(const char *s)
{
	if (!s)
		return NULL;
	str out = { 0 };
	pthread_mutex_lock(&secrets_mu);
	const char *p = s;
	while (*p) {
		size_t best = 0;
		for (size_t i = 0; i < n_secrets; i++) {
			size_t n = strlen(secrets[i]);
			if (n > best && strncmp(p, secrets[i], n) == 0)
				best = n;
		}
		if (best) {
			s_add(&out, "***");
			p += best;
		} else {
			s_addn(&out, p, 1);
			p++;
		}
	}
	pthread_mutex_unlock(&secrets_mu);
	return s_take(&out);
}

/* ---- bodies ---------------------------------------------------------------- */

/* Replaces the string values of secret fields, at any depth. */
static void redact_json(cJSON *j)
{
	cJSON *next;
	for (cJSON *e = j ? j->child : NULL; e; e = next) {
		next = e->next;   /* a replacement takes e's place in the list */
		if (e->string && secret_field(e->string, strlen(e->string)) && !cJSON_IsObject(e)
		    && !cJSON_IsArray(e) && !cJSON_IsNull(e)) {
			cJSON *r = cJSON_CreateString("***");
			if (r) {
				/* the replacement keeps the field's name */
				r->string = e->string;
				r->type |= e->type & cJSON_StringIsConst;
				e->string = NULL;
				cJSON_ReplaceItemViaPointer(j, e, r);
			}
			else if (cJSON_IsString(e))
				e->valuestring[0] = '\0';
			continue;
		}
		if (cJSON_IsObject(e) || cJSON_IsArray(e))
			redact_json(e);
	}
}

/* cJSON_Print indents with tabs: two spaces read better and every terminal
 * agrees on their width. Tabs inside strings are escaped, so each tab here
 * is layout. */
static char *untab(const char *s)
{
	str out = { 0 };
	bool line_start = true;
	for (const char *p = s; *p; p++) {
		if (*p == '\t') {
			s_add(&out, line_start ? "  " : " ");
			continue;
		}
		line_start = *p == '\n';
		s_addn(&out, p, 1);
	}
	return s_take(&out);
}

/* A JSON string token at p (p[0] == '"'): the index just past it, or `end`
 * when it is not closed. */
static size_t json_string_end(const char *p, size_t i, size_t end)
{
	for (i++; i < end; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return i + 1;
	}
	return end;
}

/* Text that looks like JSON but does not parse (cut at the size cap, or
 * broken): the string values of secret fields still become ***, up to the
 * end of the text when their closing quote is missing. */
static void redact_json_text(str *out, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (p[i] != '"') {
			s_addn(out, p + i, 1);
			i++;
			continue;
		}
		size_t e = json_string_end(p, i, n);
		s_addn(out, p + i, e - i);
		bool secret = e - i >= 2 && secret_field(p + i + 1, e - i - 2);
		i = e;
		if (!secret)
			continue;
		size_t j = i;
		while (j < n && isspace((unsigned char)p[j]))
			j++;
		if (j >= n || p[j] != ':')
			continue;
		j++;
		while (j < n && isspace((unsigned char)p[j]))
			j++;
		if (j >= n || p[j] != '"')
			continue;
		s_addn(out, p + i, j - i);
		s_add(out, "\"***\"");
		i = json_string_end(p, j, n);
	}
}

/* a=1&client_secret=x&b=2: the values of secret fields become ***. */
static void redact_form(str *out, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != '&')
			e++;
		const char *eq = memchr(p + i, '=', e - i);
		if (eq && secret_field(p + i, (size_t)(eq - (p + i)))) {
			s_addn(out, p + i, (size_t)(eq - (p + i)) + 1);
			s_add(out, "***");
		} else {
			s_addn(out, p + i, e - i);
		}
		if (e < n)
			s_add(out, "&");
		i = e + 1;
	}
}

static bool looks_json(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)p[i]))
		i++;
	return i < n && (p[i] == '{' || p[i] == '[');
}

static bool looks_form(const char *p, size_t n, const char *ctype)
{
	if (ctype && strcasestr(ctype, "x-www-form-urlencoded"))
		return true;
	if (n == 0 || !memchr(p, '=', n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)p[i]) || p[i] == '"' || p[i] == '{')
			return false;
	return true;
}

/* Bodies up to this size are parsed to be pretty-printed; larger ones are
 * only scanned up to the cap, so a big list page costs the worker no second
 * parse of what would be cut anyway. */
#define PARSE_MAX (128u * 1024u)

char *reqlog_redact_body(const char *body, size_t len, const char *content_type,
                         size_t cap, bool *truncated)
{
	if (truncated)
		*truncated = false;
	if (!body)
		return NULL;
	str mid = { 0 };
	if (looks_json(body, len)) {
		cJSON *j = len <= PARSE_MAX ? cJSON_ParseWithLength(body, len) : NULL;
		char *pretty = NULL;
		if (j) {
			redact_json(j);
			char *t = cJSON_Print(j);
			if (t) {
				pretty = untab(t);
				free(t);
			}
			cJSON_Delete(j);
		}
		if (pretty) {
			s_add(&mid, pretty);
			free(pretty);
		} else {
			redact_json_text(&mid, body, len < cap + 4096 ? len : cap + 4096);
		}
	} else if (looks_form(body, len, content_type)) {
		redact_form(&mid, body, len < cap + 4096 ? len : cap + 4096);
	} else {
		s_addn(&mid, body, len < cap + 4096 ? len : cap + 4096);
	}
	char *raw = s_take(&mid);
	if (!raw)
		return NULL;
	/* by value before the cut, so that no part of a secret survives it */
	char *m = reqlog_redact_text(raw);
	free(raw);
	if (!m)
		return NULL;
	size_t ml = strlen(m);   /* a NUL inside a body ends its text */
	if (ml > cap) {
		/* cut at a line or at least a UTF-8 boundary */
		size_t c = cap;
		while (c > 0 && ((unsigned char)m[c] & 0xC0) == 0x80)
			c--;
		m[c] = '\0';
		if (truncated)
			*truncated = true;
	} else if (len > cap && truncated) {
		*truncated = true;
	}
	return m;
}

/* ---- headers and URLs ------------------------------------------------------ */

static void redact_header_line(str *out, const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	const char *colon = memchr(line, ':', n);
	if (colon && secret_header(line, (size_t)(colon - line))) {
		s_addn(out, line, (size_t)(colon - line));
		s_add(out, ": ***\n");
		return;
	}
	s_addn(out, line, n);
	s_add(out, "\n");
}

/* s's text with every registered secret masked (the second net after a
 * redaction by position); s is freed. NULL on out of memory. */
static char *take_redacted(str *s)
{
	char *m = s_take(s);
	if (!m)
		return NULL;
	char *r = reqlog_redact_text(m);
	free(m);
	return r;
}

char *reqlog_redact_headers(const char *const *lines, size_t n)
{
	str out = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (!lines[i] || !lines[i][0])
			continue;
		/* "Expect:" with no value only tells curl to leave it out */
		const char *colon = strchr(lines[i], ':');
		if (colon && colon[1] == '\0')
			continue;
		redact_header_line(&out, lines[i], strlen(lines[i]));
	}
	return take_redacted(&out);
}

char *reqlog_redact_head(const char *head)
{
	str out = { 0 };
	const char *p = head ? head : "";
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t k = n;
		while (k > 0 && p[k - 1] == '\r')
			k--;
		if (k > 0)
			redact_header_line(&out, p, k);
		p += n + (e ? 1 : 0);
	}
	return take_redacted(&out);
}

char *reqlog_redact_url(const char *url)
{
	if (!url)
		return NULL;
	const char *q = strchr(url, '?');
	str out = { 0 };
	if (!q) {
		s_add(&out, url);
	} else {
		const char *hash = strchr(q, '#');
		size_t qn = hash ? (size_t)(hash - q - 1) : strlen(q + 1);
		s_addn(&out, url, (size_t)(q - url) + 1);
		redact_form(&out, q + 1, qn);
		if (hash)
			s_add(&out, hash);
	}
	return take_redacted(&out);
}

/* ---- one exchange ------------------------------------------------------------ */

static atomic_uint_fast64_t next_seq = 1;

void net_exchange_free(net_exchange *x)
{
	if (!x)
		return;
	free(x->account);
	free(x->method);
	free(x->url);
	free(x->error);
	free(x->req_headers);
	free(x->req_body);
	free(x->resp_headers);
	free(x->resp_body);
	free(x->content_type);
	free(x);
}

net_exchange *reqlog_build(const http_record *rec)
{
	net_exchange *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	x->seq = atomic_fetch_add(&next_seq, 1);
	x->when = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - rec->seconds;
	x->status = rec->status;
	x->seconds = rec->seconds;
	x->attempt = rec->attempt;
	x->resp_bytes = rec->response_body_len;
	x->account = reqlog_redact_text(rec->account ? rec->account : "");
	x->method = reqlog_redact_text(rec->method ? rec->method : "?");
	x->url = reqlog_redact_url(rec->url ? rec->url : "");
	x->req_headers = reqlog_redact_headers(rec->headers, rec->n_headers);
	x->resp_headers = reqlog_redact_head(rec->response_head);
	bool bad = !x->account || !x->method || !x->url || !x->req_headers || !x->resp_headers;
	if (rec->error && !(x->error = reqlog_redact_text(rec->error)))
		bad = true;
	if (rec->content_type && !(x->content_type = strdup(rec->content_type)))
		bad = true;
	if (rec->request_body &&
	    !(x->req_body = reqlog_redact_body(rec->request_body, rec->request_body_len,
	                                       rec->content_type, REQLOG_BODY_CAP, &x->req_truncated)))
		bad = true;
	if (rec->response_body && rec->response_body_len > 0 &&
	    !(x->resp_body = reqlog_redact_body(rec->response_body, rec->response_body_len, NULL,
	                                        REQLOG_BODY_CAP, &x->resp_truncated)))
		bad = true;
	if (bad) {
		net_exchange_free(x);
		return NULL;
	}
	return x;
}

/* ---- the --log file --------------------------------------------------------- */

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;

void net_log_set_fd(int fd)
{
	pthread_mutex_lock(&log_mu);
	log_fd = fd;
	pthread_mutex_unlock(&log_mu);
}

bool reqlog_logging(void)
{
	pthread_mutex_lock(&log_mu);
	bool on = log_fd >= 0;
	pthread_mutex_unlock(&log_mu);
	return on;
}

static void add_prefixed(str *s, const char *prefix, const char *text)
{
	const char *p = text;
	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		s_add(s, prefix);
		s_addn(s, p, n);
		s_add(s, "\n");
		p += n + (e ? 1 : 0);
	}
}

char *reqlog_format(const net_exchange *x)
{
	str s = { 0 };
	time_t t = (time_t)x->when;
	struct tm tm;
	char when[64] = "?";
	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	s_addf(&s, "%s.%03d [%s] %s ", when, (int)((x->when - (double)t) * 1000) % 1000,
	       x->account, x->method);
	s_add(&s, x->url);
	if (x->status)
		s_addf(&s, " -> %ld", x->status);
	else
		s_add(&s, " -> no response");
	s_addf(&s, " in %.0f ms", x->seconds * 1000);
	if (x->attempt > 0)
		s_addf(&s, " (retry %d)", x->attempt);
	s_add(&s, "\n");
	if (x->error) {
		s_add(&s, "  error: ");
		s_add(&s, x->error);
		s_add(&s, "\n");
	}
	add_prefixed(&s, "  > ", x->req_headers);
	if (x->req_body) {
		add_prefixed(&s, "  > ", x->req_body);
		if (x->req_truncated)
			s_add(&s, "  > ... (cut)\n");
	}
	add_prefixed(&s, "  < ", x->resp_headers);
	if (x->resp_body) {
		add_prefixed(&s, "  < ", x->resp_body);
		if (x->resp_truncated)
			s_addf(&s, "  < ... (cut; %zu bytes in all)\n", x->resp_bytes);
	}
	s_add(&s, "\n");
	return s_take(&s);
}

void reqlog_write_log(const net_exchange *x)
{
	if (!x || !reqlog_logging())
		return;
	char *text = reqlog_format(x);
	if (!text)
		return;
	/* One block per exchange under the lock: threads never interleave. */
	pthread_mutex_lock(&log_mu);
	const char *p = text;
	size_t n = strlen(text);
	while (n > 0 && log_fd >= 0) {
		ssize_t w = write(log_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	pthread_mutex_unlock(&log_mu);
	free(text);
}

void reqlog_sync_hook(const http_record *rec, void *user)
{
	(void)user;
	if (!reqlog_logging())
		return;
	net_exchange *x = reqlog_build(rec);
	reqlog_write_log(x);
	net_exchange_free(x);
}

/* ---- curl ------------------------------------------------------------------- */

char *reqlog_shell_quote(const char *s)
{
	str out = { 0 };
	s_add(&out, "'");
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '\'')
			s_add(&out, "'\\''");
		else
			s_addn(&out, p, 1);
	}
	s_add(&out, "'");
	return s_take(&out);
}

bool reqlog_var_name(const char *v)
{
	if (!v || !(isalpha((unsigned char)v[0]) || v[0] == '_'))
		return false;
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

/* A secret in a curl body that a provider names a variable for (Gcore's
 * S3 keys): the marker around the name of the variable that holds it, put
 * where the redacted value was. */
#define S3_VAR_OPEN "@@origo-s3-var:"
#define S3_VAR_CLOSE "@@"

void reqlog_var_marker(const char *var, char *out, size_t n)
{
	snprintf(out, n, S3_VAR_OPEN "%s" S3_VAR_CLOSE, var);
}

/* s in single quotes, with every *** closed out into "$var" and every S3
 * key marker into "$<its variable>". */
static void quote_with_var(str *out, const char *s, const char *var)
{
	s_add(out, "'");
	for (const char *p = s; *p; p++) {
		const char *close;
		if (strncmp(p, S3_VAR_OPEN, strlen(S3_VAR_OPEN)) == 0 &&
		    (close = strstr(p + strlen(S3_VAR_OPEN), S3_VAR_CLOSE))) {
			const char *name = p + strlen(S3_VAR_OPEN);
			s_add(out, "'\"$");
			s_addn(out, name, (size_t)(close - name));
			s_add(out, "\"'");
			p = close + strlen(S3_VAR_CLOSE) - 1;
		} else if (strncmp(p, "***", 3) == 0) {
			s_addf(out, "'\"$%s\"'", var);
			p += 2;
		} else if (*p == '\'') {
			s_add(out, "'\\''");
		} else {
			s_addn(out, p, 1);
		}
	}
	s_add(out, "'");
}

/* The body for --data-raw: JSON compacted again onto one line, with the
 * provider's markers of the variables of its secrets (*marked says whether
 * any). Parsing decodes
 * \u escapes that the redaction of the stored text never saw (a body that
 * only the text scan redacted keeps them), so the final text is what gets
 * redacted: secret fields (their names decoded now too), then every
 * registered secret by value. The markers name variables, never values, so
 * they pass the redaction as they are. */
static char *curl_body(const char *body, const og_account *acct, const net_curl_auth *ca,
                       bool *marked)
{
	cJSON *j = looks_json(body, strlen(body)) ? cJSON_Parse(body) : NULL;
	if (!j)
		return reqlog_redact_text(body);
	redact_json(j);
	if (acct && ca->mark_body)
		*marked = ca->mark_body(j, acct);
	char *t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	char *r = reqlog_redact_text(t);
	free(t);
	return r;
}

char *net_exchange_curl(const net_exchange *x, const og_account *acct, const char **note)
{
	/* an account of a provider origo does not know: as one naming none */
	const net_provider *prov = net_provider_named(acct ? acct->provider : NULL);
	if (!prov)
		prov = net_provider_named(NULL);
	net_curl_auth ca = { .header = "***", .secret_var = "SECRET",
	                     .hint = "the Authorization header is masked: put the account's own in its place" };
	if (prov && prov->curl_auth)
		prov->curl_auth(acct, &ca);
	if (note)
		*note = ca.hint;

	str s = { 0 };
	s_add(&s, "curl -X ");
	char *q = reqlog_shell_quote(x->method);
	char *u = reqlog_shell_quote(x->url);
	if (!q || !u) {
		free(q);
		free(u);
		free(s.p);
		return NULL;
	}
	s_add(&s, q);
	s_add(&s, " ");
	s_add(&s, u);
	free(q);
	free(u);
	const char *p = x->req_headers ? x->req_headers : "";
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		p += n + (e ? 1 : 0);
		if (strncasecmp(line, "Authorization:", 14) == 0) {
			s_addf(&s, " -H \"Authorization: %s\"", ca.header);
			continue;
		}
		s_add(&s, " -H ");
		if (strstr(line, "***"))
			quote_with_var(&s, line, ca.secret_var);
		else {
			char *h = reqlog_shell_quote(line);
			if (h)
				s_add(&s, h);
			else
				s.oom = true;
			free(h);
		}
	}
	if (x->req_body) {
		bool marked = false;
		char *b = curl_body(x->req_body, acct, &ca, &marked);
		if (!b) {
			free(s.p);
			return NULL;
		}
		if (marked && note && ca.marked_hint)
			*note = ca.marked_hint;
		s_add(&s, " --data-raw ");
		quote_with_var(&s, b, ca.secret_var);
		free(b);
	}
	return s_take(&s);
}

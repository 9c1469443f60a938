/* Origin probes, the pure parts (see probe.h). */
#include "model/probe.h"
#include "model/og_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- where a probe goes --------------------------------------------------- */

static const char *cfg_str(const cJSON *raw, const char *name)
{
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(raw, "config");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg, name);
	return cJSON_IsString(v) && v->valuestring && v->valuestring[0] ? v->valuestring : NULL;
}

/* A bucket name as one path segment: unreserved characters as they are, the
 * rest percent-encoded, so a name can never change the URL's shape. */
static void path_segment(const char *in, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

/* A name fit for a URL's host and a DNS lookup: no spaces, slashes, '@'... */
static bool plain_host(const char *h)
{
	if (!h || !h[0] || strlen(h) > 255)
		return false;
	for (const char *p = h; *p; p++)
		if (*p <= ' ' || strchr("/?#@\\\"<>%", *p) || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

/* name as a URL host: an IPv6 literal goes in brackets. */
static void url_host(const char *name, char *out, size_t n)
{
	if (strchr(name, ':') && name[0] != '[')
		snprintf(out, n, "[%s]", name);
	else
		snprintf(out, n, "%s", name);
}

static int plan_s3(const og_source *s, og_probe_plan *p, char *why, size_t whylen)
{
	const char *bucket = cfg_str(og_source_raw(s), "s3_bucket_name");
	if (!bucket)
		bucket = s->host;
	if (!bucket || !bucket[0]) {
		snprintf(why, whylen, "this S3 source names no bucket");
		return -1;
	}
	const char *type = cfg_str(og_source_raw(s), "s3_type");
	const char *storage = cfg_str(og_source_raw(s), "s3_storage_hostname");
	char seg[800];
	path_segment(bucket, seg, sizeof seg);
	p->tls = true;
	p->connect_port = 443;
	if (storage && (!type || strcmp(type, "amazon") != 0)) {
		if (!plain_host(storage)) {
			snprintf(why, whylen, "the S3 storage hostname is not a host name");
			return -1;
		}
		/* other: path-style, https://<s3_storage_hostname>/<bucket>/ */
		snprintf(p->connect_host, sizeof p->connect_host, "%s", storage);
		snprintf(p->url, sizeof p->url, "https://%s/%s/", storage, seg);
	} else {
		/* amazon: the virtual-hosted bucket endpoint of its region */
		const char *region = cfg_str(og_source_raw(s), "s3_region");
		if (region && !plain_host(region))
			region = NULL;
		if (!plain_host(bucket) || strchr(bucket, ':')) {
			snprintf(why, whylen, "the bucket name cannot be a host name");
			return -1;
		}
		if (region)
			snprintf(p->connect_host, sizeof p->connect_host, "%s.s3.%s.amazonaws.com", bucket, region);
		else
			snprintf(p->connect_host, sizeof p->connect_host, "%s.s3.amazonaws.com", bucket);
		snprintf(p->url, sizeof p->url, "https://%s/", p->connect_host);
	}
	snprintf(p->sni, sizeof p->sni, "%s", p->connect_host);
	snprintf(p->host_header, sizeof p->host_header, "%s", p->connect_host);
	return 0;
}

int og_probe_plan_for(const og_source *s, og_probe_plan *p, char *why, size_t whylen)
{
	memset(p, 0, sizeof *p);
	if (!s) {
		snprintf(why, whylen, "no source");
		return -1;
	}
	if (s->kind == OG_KIND_S3)
		return plan_s3(s, p, why, whylen);
	if (s->kind == OG_KIND_FASTEDGE) {
		snprintf(why, whylen, "a FastEdge source has no host to probe");
		return -1;
	}
	const char *host = s->host && s->host[0] ? s->host : s->key;
	/* Edgio keeps the scheme in an entry's host ("http://web1.example.com"):
	 * it says the protocol when the source names none */
	const char *proto = s->protocol;
	if (host && strncmp(host, "http://", 7) == 0) {
		host += 7;
		proto = proto && strcmp(proto, "https") == 0 ? proto : "http";
	} else if (host && strncmp(host, "https://", 8) == 0) {
		host += 8;
		proto = proto && strcmp(proto, "http") == 0 ? proto : "https";
	}
	if (!plain_host(host)) {
		snprintf(why, whylen, "this source has no host name to probe");
		return -1;
	}
	p->tls = !(s->port == 80 || (proto && strcmp(proto, "http") == 0));
	p->connect_port = s->port > 0 ? s->port : (p->tls ? 443 : 80);
	p->http_fallback = p->tls && p->connect_port != 443 &&
	                   !(proto && strcmp(proto, "https") == 0);
	snprintf(p->connect_host, sizeof p->connect_host, "%s", host);
	/* brackets are for URLs only */
	size_t len = strlen(p->connect_host);
	if (p->connect_host[0] == '[' && len > 2 && p->connect_host[len - 1] == ']') {
		memmove(p->connect_host, p->connect_host + 1, len - 2);
		p->connect_host[len - 2] = '\0';
	}
	const char *name = s->host_header && s->host_header[0] ? s->host_header : p->connect_host;
	if (!plain_host(name)) {
		snprintf(why, whylen, "the host header is not a host name");
		return -1;
	}
	snprintf(p->host_header, sizeof p->host_header, "%s", name);
	/* The URL names the SNI host at the scheme's default port; the transfer
	 * is pointed at the real host:port separately (CURLOPT_CONNECT_TO). */
	char uh[310];
	url_host(name, uh, sizeof uh);
	snprintf(p->url, sizeof p->url, "%s://%s/", p->tls ? "https" : "http", uh);
	if (p->tls)
		snprintf(p->sni, sizeof p->sni, "%s", name);
	return 0;
}

/* ---- results -------------------------------------------------------------- */

void og_probe_result_clear(og_probe_result *r)
{
	if (!r)
		return;
	free(r->key);
	free(r->failure);
	free(r->error);
	free(r->status_line);
	free(r->addresses);
	free(r->used_address);
	free(r->url);
	free(r->sni);
	free(r->host_header);
	free(r->connect_to);
	free(r->cert_subject);
	free(r->cert_issuer);
	memset(r, 0, sizeof *r);
}

static int dup_into(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

int og_probe_result_copy(og_probe_result *dst, const og_probe_result *src)
{
	*dst = *src;
	int rc = 0;
	rc |= dup_into(&dst->key, src->key);
	rc |= dup_into(&dst->failure, src->failure);
	rc |= dup_into(&dst->error, src->error);
	rc |= dup_into(&dst->status_line, src->status_line);
	rc |= dup_into(&dst->addresses, src->addresses);
	rc |= dup_into(&dst->used_address, src->used_address);
	rc |= dup_into(&dst->url, src->url);
	rc |= dup_into(&dst->sni, src->sni);
	rc |= dup_into(&dst->host_header, src->host_header);
	rc |= dup_into(&dst->connect_to, src->connect_to);
	rc |= dup_into(&dst->cert_subject, src->cert_subject);
	rc |= dup_into(&dst->cert_issuer, src->cert_issuer);
	if (rc) {
		og_probe_result_clear(dst);
		return -1;
	}
	return 0;
}

const char *og_probe_phase_name(og_probe_phase p)
{
	switch (p) {
	case OG_PROBE_SETUP: return "probe";
	case OG_PROBE_DNS: return "DNS";
	case OG_PROBE_CONNECT: return "connect";
	case OG_PROBE_TLS: return "TLS";
	case OG_PROBE_HTTP: return "HTTP";
	}
	return "?";
}

bool og_probe_is_up(const og_probe_result *r)
{
	return r && !r->running && r->ok && r->status > 0 && r->status < 500;
}

int og_cert_days_until(const char *expire, long long now, int *days)
{
	if (!expire || !days)
		return -1;
	struct tm tm;
	const char *end;
	memset(&tm, 0, sizeof tm);
	end = strptime(expire, "%b %d %H:%M:%S %Y", &tm);
	if (!end) {
		memset(&tm, 0, sizeof tm);
		end = strptime(expire, "%Y-%m-%d %H:%M:%S", &tm);
	}
	if (!end)
		return -1;
	while (*end == ' ')
		end++;
	if (strcmp(end, "GMT") != 0 && strcmp(end, "UTC") != 0 && *end)
		return -1;
	time_t at = timegm(&tm);
	if (at == (time_t)-1)
		return -1;
	long long diff = (long long)at - now;
	/* floor, not truncation: one hour past expiry is day -1 */
	long long d = diff >= 0 ? diff / 86400 : -((-diff + 86399) / 86400);
	*days = d > 1000000 ? 1000000 : d < -1000000 ? -1000000 : (int)d;
	return 0;
}

/* Whole milliseconds, at least 0. */
static long ms(double v)
{
	return v > 0 ? (long)(v + 0.5) : 0;
}

void og_probe_short(const og_probe_result *r, char *buf, size_t n)
{
	if (!r) {
		snprintf(buf, n, "%s", "");
	} else if (r->running) {
		snprintf(buf, n, "probing...");
	} else if (r->ok) {
		snprintf(buf, n, "%ld %ldms", r->status, ms(r->total_ms));
	} else if (r->timed_out) {
		snprintf(buf, n, "timeout after %ds", r->timeout_seconds);
	} else if (r->phase == OG_PROBE_CONNECT) {
		snprintf(buf, n, "connect %s %ldms", r->failure ? r->failure : "failed", ms(r->total_ms));
	} else if (r->phase == OG_PROBE_SETUP) {
		snprintf(buf, n, "%s", r->failure ? r->failure : "not probed");
	} else {
		snprintf(buf, n, "%s %s", og_probe_phase_name(r->phase), r->failure ? r->failure : "failed");
	}
}

/* ---- the book ------------------------------------------------------------- */

void og_probe_book_free(og_probe_book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->items[i].group_id);
		og_probe_result_clear(&b->items[i].res);
	}
	free(b->items);
	memset(b, 0, sizeof *b);
}

static og_probe_entry *find(const og_probe_book *b, const char *group_id, const char *key)
{
	if (!b || !group_id || !key)
		return NULL;
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].group_id && b->items[i].res.key &&
		    strcmp(b->items[i].group_id, group_id) == 0 && strcmp(b->items[i].res.key, key) == 0)
			return &b->items[i];
	return NULL;
}

/* The entry of (group, key), new and empty when there was none; NULL on
 * out of memory. Its result is cleared, its key set. */
static og_probe_entry *slot(og_probe_book *b, const char *group_id, const char *key)
{
	og_probe_entry *e = find(b, group_id, key);
	if (e) {
		og_probe_result_clear(&e->res);
	} else {
		og_probe_entry *items = og_grow(b->items, &b->cap, b->n, sizeof *items, 8);
		if (!items)
			return NULL;
		b->items = items;
		e = &b->items[b->n];
		memset(e, 0, sizeof *e);
		if (!(e->group_id = strdup(group_id)))
			return NULL;
		b->n++;
	}
	return e;
}

int og_probe_book_start(og_probe_book *b, const char *group_id, const char *key,
                        int timeout_seconds)
{
	if (!b || !group_id || !key)
		return -1;
	og_probe_entry *e = slot(b, group_id, key);
	if (!e || !(e->res.key = strdup(key)))
		return -1;
	e->res.running = true;
	e->res.timeout_seconds = timeout_seconds;
	e->res.dns_ms = e->res.connect_ms = e->res.tls_ms = e->res.first_byte_ms = e->res.total_ms = -1;
	return 0;
}

int og_probe_book_put(og_probe_book *b, const char *group_id, const og_probe_result *r)
{
	if (!b || !group_id || !r || !r->key)
		return -1;
	og_probe_entry *e = slot(b, group_id, r->key);
	if (!e)
		return -1;
	if (og_probe_result_copy(&e->res, r) < 0) {
		/* keep the entry valid: a key and "not probed" */
		e->res.key = strdup(r->key);
		return -1;
	}
	return 0;
}

const og_probe_result *og_probe_book_find(const og_probe_book *b, const char *group_id,
                                          const char *key)
{
	og_probe_entry *e = find(b, group_id, key);
	return e ? &e->res : NULL;
}

/* The Gcore CDN adapter (../shared/api/gcore.md §1-§5): origin groups at
 * /cdn/origin_groups, `Authorization: APIKey <key>`, sources identified by
 * their `source` string or S3 bucket, every write sending the full sources
 * array with each field as it came. */
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"
#include "net/json.h"
#include "net/json_scan.h"
#include "net/provider.h"
#include "net/hostport.h"
#include "net/text_over.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GCORE_PAGE_LIMIT 1000
#define GCORE_MAX_PAGES 10000   /* 10 million groups: a server looping us */
#define GCORE_PARALLEL 4        /* pages in flight at once after the first */
#define GCORE_ROUND 64          /* pages planned at once (a count may lie) */

const og_caps gcore_caps = {
	.provider_label = "Gcore",
	.has_enabled = true,
	.has_backup = true,
	.has_primary = false,
	.has_order = false,
	.has_host_header = true,
	.has_next_upstream = true,
	.async_operations = false,
	.s3_sources = true,
	.why_no_enabled = NULL,
	.why_no_backup = NULL,
	.why_no_primary = "Gcore has no primary flag: use b to make other sources backup",
	.why_no_order = "Gcore sources have no failover order",
};

/* ---- JSON -> model: gcore_scan.c, for every read ------------------------ */

int gcore_parse_group(const cJSON *j, og_group **out, og_error *err)
{
	*out = NULL;
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;
	if (j && !text) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	/* no tree: "null", as cJSON prints a missing value, is not an object */
	int rc = gcore_scan_group(text ? text : "null", text ? strlen(text) : 4, out, err);
	cJSON_free(text);
	return rc == GCORE_SCAN_OK ? 0 : -1;
}

int gcore_parse_list(const char *text, size_t len, og_group_list *out, gcore_page *page,
                     og_error *err)
{
	int rc = gcore_scan_page(text, len, true, out, page, err);
	if (rc == GCORE_SCAN_NOT_JSON)
		og_error_set(err, OG_ERR_PARSE, "malformed list of origin groups (not JSON)");
	return rc == GCORE_SCAN_OK ? 0 : -1;
}

/* ---- model -> JSON ------------------------------------------------------ */

static const char *gcore_flag_key(og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return "enabled";
	case OG_FIELD_BACKUP: return "backup";
	case OG_FIELD_PRIMARY: return NULL;
	case OG_FIELD_ORDER: return NULL;
	}
	return NULL;
}

/* Sets a config member to a string; false on out of memory. */
static bool set_str(cJSON *cfg, const char *key, const char *v)
{
	cJSON *s = cJSON_CreateString(v);
	if (!s)
		return false;
	cJSON_DeleteItemFromObjectCaseSensitive(cfg, key);
	if (!cJSON_AddItemToObject(cfg, key, s)) {
		cJSON_Delete(s);
		return false;
	}
	return true;
}

bool gcore_s3_put_keys(cJSON *src, const char *access, const char *secret)
{
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(src, "config");
	return cJSON_IsObject(cfg) && set_str(cfg, "s3_access_key_id", access) &&
	       set_str(cfg, "s3_secret_access_key", secret);
}

cJSON *gcore_source_for_write(const cJSON *raw, s3_keyring *keys, char *missing, og_error *err)
{
	cJSON *o = cJSON_Duplicate(raw, 1);
	if (!o) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	const char *type = json_str(o, "origin_type");
	if (!type || strcmp(type, "s3") != 0)
		return o;
	/* GET masks the keys as "SECRET_VALUE" and the spec's S3Config requires
	 * both in every S3 source a PUT or PATCH sends: the source goes back as
	 * it came with its bucket's keys from the key ring, or the write is
	 * refused here, before anything is sent. The mask is never sent. */
	const char *bucket = json_str(cJSON_GetObjectItemCaseSensitive(o, "config"), "s3_bucket_name");
	char ak[S3_KEY_MAX], sk[S3_KEY_MAX];
	if (!bucket || !s3_keyring_get(keys, bucket, ak, sk)) {
		char why[sizeof err->msg];
		s3_keyring_howto(keys, bucket ? bucket : "", why, sizeof why);
		og_error_set(err, OG_ERR_REFUSED, "%s", why);
		if (missing)
			snprintf(missing, S3_BUCKET_MAX, "%s", bucket ? bucket : "");
		cJSON_Delete(o);
		return NULL;
	}
	bool ok = gcore_s3_put_keys(o, ak, sk);
	explicit_bzero(ak, sizeof ak);
	explicit_bzero(sk, sizeof sk);
	if (!ok) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *gcore_build_change_body(const og_group *fresh, const og_change *c, s3_keyring *keys,
                              char *missing, og_error *err)
{
	const char *key = gcore_flag_key(c->field);
	if (!key || (c->to != OG_YES && c->to != OG_NO)) {
		og_error_set(err, OG_ERR_REFUSED, "%s", gcore_caps.why_no_primary);
		return NULL;
	}
	long idx = og_group_find_source(fresh, c->source_key);
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\" on the server; "
		             "nothing was sent", c->source_key ? c->source_key : "", fresh->name);
		return NULL;
	}
	cJSON *body = cJSON_CreateObject();
	cJSON *arr = NULL;
	if (!body || !cJSON_AddStringToObject(body, "name", fresh->name ? fresh->name : "") ||
	    !(arr = cJSON_AddArrayToObject(body, "sources")))
		goto oom;
	for (size_t i = 0; i < fresh->n_sources; i++) {
		const og_source *s = &fresh->sources[i];
		const cJSON *raw = og_source_raw(s);
		if (!raw) {
			cJSON_Delete(body);
			og_error_set(err, OG_ERR_INTERNAL, "source \"%s\" has no server copy to send back",
			             s->key ? s->key : "");
			return NULL;
		}
		cJSON *o = gcore_source_for_write(raw, keys, missing, err);
		if (!o) {
			cJSON_Delete(body);
			return NULL;
		}
		cJSON_AddItemToArray(arr, o);
		if ((long)i != idx)
			continue;
		if (!json_set(o, key, cJSON_CreateBool(c->to == OG_YES)))
			goto oom;
	}
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (!text)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return text;
oom:
	cJSON_Delete(body);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

void gcore_describe_error(const char *body, size_t len, char *out, size_t outsz)
{
	http_describe_error_body(body, len, out, outsz);
}

/* ---- the adapter -------------------------------------------------------- */

static int gcore_open(net_account *a, const og_account *acct, og_error *err)
{
	const char *var = og_account_setting_or(acct, "api_key_env", "GCORE_API_KEY");
	const char *key = og_account_setting_or(acct, "api_key", getenv(var));
	if (!key || !key[0]) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": no API key; set %s", a->name, var);
		return -1;
	}
	for (const char *p = key; *p; p++) {
		/* a newline would smuggle another header into every request */
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			og_error_set(err, OG_ERR_CONFIG, "account \"%s\": the API key contains a control "
			             "character", a->name);
			return -1;
		}
	}
	size_t n = strlen("Authorization: APIKey ") + strlen(key) + 1;
	if (!(a->auth_header = malloc(n))) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	snprintf(a->auth_header, n, "Authorization: APIKey %s", key);
	return 0;
}

/* What a page's reading (gcore_scan_page*: rc) means: the messages are
 * those of a page read with net_request_json. */
static int page_outcome(const net_call *c, int rc, og_error *err)
{
	if (rc == GCORE_SCAN_NOT_JSON) {
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s (not JSON)", c->acct->host);
		return -1;
	}
	if (rc < 0) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		og_error_set(err, err->kind, "malformed response from %s: %s", c->acct->host, m);
		return -1;
	}
	return 0;
}

/* One page's body into l (appended). Touches nothing but its arguments, so
 * pages may be read side by side on several threads. */
static int read_page(const net_call *c, const char *body, size_t len, og_group_list *l,
                     gcore_page *page, og_error *err)
{
	/* groups only shown keep no provider objects (list --json) */
	return page_outcome(c, gcore_scan_page(body, len, !c->shown_only, l, page, err), err);
}

static int each_text(void *o, const og_group *g, size_t consumed, og_error *err)
{
	return text_over_group(o, g, consumed, err);
}

/* One page's body (len bytes and its NUL) made c->text's text over itself
 * (net/text_over.h) as its groups are read: on 0, *t has taken the body
 * and *n says how many groups the text has. Touches nothing but its
 * arguments, as read_page. */
static int read_page_text(const net_call *c, char *body, size_t len, og_text *t, size_t *n,
                          gcore_page *page, og_error *err)
{
	text_over o;
	text_over_start(&o, c, body, len + 1);
	int rc = page_outcome(c, gcore_scan_page_each(body, len, each_text, &o, page, err), err);
	if (rc == 0)
		rc = text_over_end(&o, t, n, err);
	text_over_free(&o);
	return rc;
}

/* One page's body into l, handed on to the call's sink. */
static int take_page(net_call *c, const char *body, size_t len, og_group_list *l,
                     gcore_page *page, og_error *err)
{
	if (read_page(c, body, len, l, page, err) < 0)
		return -1;
	return net_call_flush(c, l, err);
}

/* The pages after the first, fetched GCORE_PARALLEL at a time and taken in
 * order as soon as every page before them is in: the screen (or list
 * --json's output) grows page by page while the next pages travel.
 *
 * When the groups go to a sink or become text and are only shown (list
 * --json), the pages are read (and made text) on GCORE_READERS helper
 * threads as they arrive, side by side, while this thread keeps the
 * transfers going; the sink (or the text) still gets them one page at a
 * time, in page order (whichever reader holds the next page hands it on),
 * and nothing after a page that failed or ended the list. */
#define GCORE_READERS 2

typedef struct page_run {
	net_call *c;
	og_group_list *l;
	size_t cap;              /* pages the arrays below have room for */
	http_response *resps;
	og_error *errs;
	bool *done;
	size_t n, next;          /* pages planned; the next one to take */
	size_t base;             /* 1: page 0 was fetched before (the first
	                            page, read here while the rest travel) */
	size_t step;             /* groups a page, as planned from page 0 */
	gcore_page last;         /* of the last page taken */
	bool end;                /* a page came back empty: the list ended */
	bool replan;             /* page 0 was not as planned: taken, nothing after */
	int rc;                  /* -1: a page failed (err), nothing more taken */
	og_error err;
	/* with readers: everything below and the fields above are shared,
	 * under mu; a page's resps/lists/pages/perr belong to the thread that
	 * holds it (queued, then read, then handed on) */
	int readers;             /* threads running; 0: pages taken on this thread */
	pthread_t th[GCORE_READERS];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t *queue, q_head, q_tail;   /* pages in, waiting for a reader */
	og_group_list *lists;    /* each page's groups, read and not yet handed on */
	gcore_page *pages;
	og_error *perr;
	og_text *ptext;          /* with c->text: each page's text */
	size_t *pcount;          /* and its number of groups */
	int *prc;                /* each page's read_page() */
	bool *read;              /* read, waiting for its turn */
	bool handing, quit;      /* a reader is handing pages on; no more pages */
} page_run;

/* Whether the pages after page i hold: the first page, planned on before
 * it was read (its count, and as its size the limit asked for or its
 * groups counted), must read as an envelope of `step` groups. When it does
 * not (a server whose pages are smaller than the limit asked for), it is
 * taken all the same and nothing planned after it (r->replan): the list
 * goes on from it with the page size it has (gcore_list). */
static bool as_planned(const page_run *r, size_t i, const gcore_page *p)
{
	return !r->base || i != 0 || (p->envelope && p->n_results == r->step);
}

/* Whether pages are still taken: none failed, the list did not end and
 * the plan held. */
static bool taking(const page_run *r)
{
	return r->rc == 0 && !r->end && !r->replan;
}

/* What taking page i (its groups given on, gcore_page *p) says of the
 * pages after it. */
static void took(page_run *r, size_t i, const gcore_page *p)
{
	r->last = *p;
	if (!as_planned(r, i, p))
		r->replan = true;
	else if (!p->envelope || p->n_results == 0)
		r->end = true;
}

static bool take_ready(page_run *r)
{
	while (taking(r) && r->next < r->n && r->done[r->next]) {
		size_t i = r->next++;
		gcore_page p;
		if (r->errs[i].kind != OG_OK) {
			r->err = r->errs[i];
			r->rc = -1;
		} else if (take_page(r->c, r->resps[i].body, r->resps[i].len, r->l, &p, &r->err) < 0) {
			r->rc = -1;
		} else {
			took(r, i, &p);
		}
		http_response_clear(&r->resps[i]);
	}
	return taking(r);
}

/* With r->mu held: hands the pages read so far on to the sink, in order,
 * unless another reader is at it (it will see these too). The lock is let
 * go while the sink works. */
static void hand_on(page_run *r)
{
	if (r->handing)
		return;
	r->handing = true;
	while (taking(r) && r->next < r->n && r->read[r->next]) {
		size_t i = r->next++;
		pthread_mutex_unlock(&r->mu);
		og_error e = r->perr[i];
		int rc = r->prc[i];
		if (rc == 0 && r->c->text)
			rc = net_call_text_append(r->c, &r->ptext[i], r->pcount[i], &e);
		else if (rc == 0)
			rc = net_call_flush(r->c, &r->lists[i], &e);
		og_group_list_free(&r->lists[i]);
		og_text_free(&r->ptext[i]);
		pthread_mutex_lock(&r->mu);
		if (rc < 0) {
			r->err = e;
			r->rc = -1;
		} else {
			took(r, i, &r->pages[i]);
		}
	}
	r->handing = false;
	pthread_cond_broadcast(&r->cv);
}

static void *reader_main(void *arg)
{
	page_run *r = arg;
	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (r->q_head == r->q_tail && !r->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->q_head == r->q_tail)
			break;
		size_t i = r->queue[r->q_head++];
		/* after a failure, the list's end or a page 0 not as planned
		 * nothing more is handed on */
		bool skip = !taking(r);
		pthread_mutex_unlock(&r->mu);
		if (skip) {
			r->prc[i] = 0;
		} else if (r->errs[i].kind != OG_OK) {
			r->perr[i] = r->errs[i];
			r->prc[i] = -1;
		} else if (r->c->text && r->resps[i].body) {
			r->prc[i] = read_page_text(r->c, r->resps[i].body, r->resps[i].len, &r->ptext[i],
			                           &r->pcount[i], &r->pages[i], &r->perr[i]);
			if (r->prc[i] == 0) {   /* the text has taken the body */
				r->resps[i].body = NULL;
				r->resps[i].len = 0;
			}
		} else {
			r->prc[i] = read_page(r->c, r->resps[i].body, r->resps[i].len, &r->lists[i],
			                      &r->pages[i], &r->perr[i]);
			r->pcount[i] = r->lists[i].n;
			if (r->prc[i] == 0 && r->c->text)   /* no body: no group either */
				r->prc[i] = net_call_text(r->c, &r->lists[i], &r->ptext[i], &r->perr[i]);
		}
		http_response_clear(&r->resps[i]);
		pthread_mutex_lock(&r->mu);
		r->read[i] = true;
		hand_on(r);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Puts page i (in resps[i] / errs[i]) in the readers' queue. With mu held. */
static void queue_page(page_run *r, size_t i)
{
	r->done[i] = true;
	r->queue[r->q_tail++] = i;
	pthread_cond_signal(&r->cv);
}

static bool page_done(void *ctx, size_t i)
{
	page_run *r = ctx;
	i += r->base;
	if (!r->readers) {
		r->done[i] = true;
		return take_ready(r);
	}
	pthread_mutex_lock(&r->mu);
	queue_page(r, i);
	bool more = taking(r);
	pthread_mutex_unlock(&r->mu);
	return more;
}

/* Whether the groups go to a sink (or become text) that only shows them:
 * then pages are read on reader threads. */
static bool read_aside(const net_call *c)
{
	return (c->sink || c->text) && c->shown_only;
}

/* Starts the readers when read_aside(); 0 readers (pages taken on this
 * thread) when they cannot start. */
static void readers_start(page_run *r)
{
	r->readers = 0;
	if (!read_aside(r->c))
		return;
	size_t n = r->cap;
	r->queue = calloc(n, sizeof *r->queue);
	r->lists = calloc(n, sizeof *r->lists);
	r->pages = calloc(n, sizeof *r->pages);
	r->perr = calloc(n, sizeof *r->perr);
	r->ptext = calloc(n, sizeof *r->ptext);
	r->pcount = calloc(n, sizeof *r->pcount);
	r->prc = calloc(n, sizeof *r->prc);
	r->read = calloc(n, sizeof *r->read);
	if (!r->queue || !r->lists || !r->pages || !r->perr || !r->ptext || !r->pcount || !r->prc ||
	    !r->read)
		return;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		return;
	}
	for (int k = 0; k < GCORE_READERS; k++) {
		if (pthread_create(&r->th[k], NULL, reader_main, r) != 0)
			break;
		r->readers++;
	}
	if (r->readers == 0) {
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
	}
}

/* Once the transfers are over: the pages that never started join the
 * queue with their errors, and the readers finish what is queued. */
static void readers_finish(page_run *r)
{
	if (!r->readers)
		return;
	pthread_mutex_lock(&r->mu);
	for (size_t i = 0; i < r->n; i++)
		if (!r->done[i])
			queue_page(r, i);
	r->quit = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	for (int k = 0; k < r->readers; k++)
		pthread_join(r->th[k], NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	r->readers = 0;
}

/* A run of up to cap pages, its readers started (read_aside()): they wait
 * for pages while the requests travel. -1 on out of memory (r is then
 * closed already). */
static int run_open(page_run *r, net_call *c, og_group_list *l, size_t cap)
{
	*r = (page_run){ .c = c, .l = l, .cap = cap };
	r->resps = calloc(cap, sizeof *r->resps);
	r->errs = calloc(cap, sizeof *r->errs);
	r->done = calloc(cap, sizeof *r->done);
	if (!r->resps || !r->errs || !r->done) {
		free(r->resps);
		free(r->errs);
		free(r->done);
		return -1;
	}
	readers_start(r);
	return 0;
}

static void run_close(page_run *r)
{
	readers_finish(r);   /* when no page was fetched: the readers just stop */
	for (size_t i = 0; i < r->cap; i++)
		http_response_clear(&r->resps[i]);
	for (size_t i = 0; r->lists && i < r->cap; i++)
		og_group_list_free(&r->lists[i]);
	for (size_t i = 0; r->ptext && i < r->cap; i++)
		og_text_free(&r->ptext[i]);
	free(r->queue);
	free(r->ptext);
	free(r->pcount);
	free(r->lists);
	free(r->pages);
	free(r->perr);
	free(r->prc);
	free(r->read);
	free(r->resps);
	free(r->errs);
	free(r->done);
}

/* Fetches the n pages at offset, offset + step, ... into l on the run r
 * (open, unused, with room for them). 0 with *last the last page's, or -1
 * with err (the first failing page's, in order: the pages before it are
 * taken, none after). With `first` (the page before them, planned to hold
 * `step` groups, fetched already; taken whatever happens) it is taken
 * first, read while the others travel; when it does not hold `step`
 * groups it is the only page taken and *replan says so. */
static int fetch_pages(net_call *c, page_run *r, size_t offset, size_t step, size_t n,
                       http_response *first, gcore_page *last, bool *replan, og_error *err)
{
	size_t base = first ? 1 : 0;
	http_request *reqs = calloc(n, sizeof *reqs);
	size_t ulen = strlen(c->acct->base_url) + 96;
	char *urls = calloc(n, ulen);
	int rc = -1;
	if (first) {
		r->resps[0] = *first;   /* freed with the run, whatever happens */
		*first = (http_response){ 0 };
	}
	if (!reqs || !urls) {
		/* no page planned: the readers get none */
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		goto out;
	}
	r->n = n + base;
	r->base = base;
	r->step = step;
	for (size_t i = 0; i < n; i++) {
		char *url = urls + i * ulen;
		snprintf(url, ulen, "%s/cdn/origin_groups?limit=%d&offset=%zu",
		         c->acct->base_url, GCORE_PAGE_LIMIT, offset + i * step);
		reqs[i] = (http_request){
			.method = "GET", .url = url, .auth_header = c->acct->auth_header,
			.timeout_seconds = c->acct->timeout_seconds, .account_name = c->acct->name,
			.describe = c->acct->prov->describe_error, .error_body = c->error_body,
		};
	}
	if (first && r->readers) {
		pthread_mutex_lock(&r->mu);
		queue_page(r, 0);   /* read while the others travel */
		pthread_mutex_unlock(&r->mu);
	} else if (first) {
		r->done[0] = true;
	}
	http_perform_many_each(c->http, reqs, n, GCORE_PARALLEL, r->resps + base, r->errs + base,
	                       page_done, r);
	/* requests that never started had no call: their outcome is in errs
	 * (when none could start, every one says why) */
	if (r->readers) {
		readers_finish(r);   /* every page is read and handed on, or skipped */
	} else {
		for (size_t i = r->next; i < r->n; i++)
			r->done[i] = true;
		take_ready(r);
	}
	if (r->rc < 0) {
		*err = r->err;
		goto out;
	}
	*last = r->last;
	*replan = r->replan;
	rc = 0;
out:
	free(reqs);
	free(urls);
	return rc;
}

/* The envelope's count when it comes before its results, as Gcore sends
 * it ({"count", "next", "previous", "results"}): read without going
 * through the page's groups. Only a plan: the page is read in full before
 * anything of it is taken (as_planned). */
static bool count_up_front(const char *body, size_t len, double *count)
{
	jscan s;
	js_init_cjson(&s, body, len);
	if (!js_object(&s))
		return false;
	bool first = true;
	js_span k;
	while (js_member(&s, &first, &k) == 1) {
		if (js_equals(&k, "results"))
			return false;
		if (js_equals(&k, "count")) {
			js_span v;
			if (js_peek(&s) != JS_NUMBER || !js_number(&s, &v))
				return false;
			*count = js_number_value(&v);
			return true;
		}
		if (!js_skip(&s, NULL))
			return false;
	}
	return false;
}

/* Whether the first page (at offset) says, at a glance, that more pages
 * follow, for the readers of a list only shown to take it while the rest
 * travel: an envelope whose count is beyond the page. Then *step is the
 * page's size as planned (the limit asked for when the count comes first,
 * else its groups counted) and *n the pages still to fetch. */
static bool rest_at_once(const http_response *r, size_t offset, size_t *step, size_t *n)
{
	if (!r->body)
		return false;
	double count;
	size_t k;
	if (count_up_front(r->body, r->len, &count)) {
		k = GCORE_PAGE_LIMIT;
	} else {
		gcore_page p;
		if (!gcore_scan_glance(r->body, r->len, &p) || !p.envelope)
			return false;
		count = p.count;
		k = p.n_results;
	}
	if (k == 0 || !(count > (double)(offset + k)) || count > 1e15)
		return false;
	*step = k;
	*n = (size_t)ceil((count - (double)(offset + k)) / (double)k);
	return *n > 0;
}

static int gcore_list(net_call *c, og_group_list *out, og_error *err)
{
	og_group_list l = { 0 };
	size_t offset = 0;
	gcore_page page = { 0 };
	/* For a list only shown, the readers of the first page and the pages
	 * planned from it start while the first request travels. */
	page_run first_run;
	bool early = read_aside(c) && run_open(&first_run, c, &l, 1 + GCORE_ROUND) == 0;
	for (size_t pages = 0;;) {
		if (pages >= GCORE_MAX_PAGES) {
			og_error_set(err, OG_ERR_PARSE, "%s kept sending pages of origin groups; "
			             "stopped after %d", c->acct->host, GCORE_MAX_PAGES);
			goto fail;
		}
		if (pages == 0 || page.count < 0) {
			/* the first page gives the count (and the server's page size) */
			char path[96];
			snprintf(path, sizeof path, "/cdn/origin_groups?limit=%d&offset=%zu",
			         GCORE_PAGE_LIMIT, offset);
			http_response r;
			if (net_request(c, "GET", path, NULL, &r, err) < 0)
				goto fail;
			size_t step, n;
			if (pages == 0 && early && rest_at_once(&r, offset, &step, &n)) {
				/* the rest asked for now, this page read while they travel */
				if (n > GCORE_MAX_PAGES - 1)
					n = GCORE_MAX_PAGES - 1;
				if (n > GCORE_ROUND)
					n = GCORE_ROUND;
				bool replan;
				if (fetch_pages(c, &first_run, offset + step, step, n, &r, &page, &replan,
				                err) < 0)
					goto fail;
				pages += 1 + n;
				if (!replan)
					offset += n * step;
			} else {
				int rc = take_page(c, r.body, r.len, &l, &page, err);
				http_response_clear(&r);
				if (rc < 0)
					goto fail;
				pages++;
			}
			if (early) {
				run_close(&first_run);
				early = false;
			}
		} else {
			/* the rest at once, as many pages as the count still needs */
			size_t step = page.n_results;
			size_t n = (size_t)ceil((page.count - (double)offset) / (double)step);
			if (n > GCORE_MAX_PAGES - pages)
				n = GCORE_MAX_PAGES - pages;
			if (n > GCORE_ROUND)
				n = GCORE_ROUND;
			page_run run;
			if (run_open(&run, c, &l, n) < 0) {
				og_error_set(err, OG_ERR_INTERNAL, "out of memory");
				goto fail;
			}
			bool replan;
			int rc = fetch_pages(c, &run, offset, step, n, NULL, &page, &replan, err);
			run_close(&run);
			if (rc < 0)
				goto fail;
			pages += n;
			offset += (n - 1) * step;
		}
		/* A bare array is the whole list, whatever limit said. */
		if (!page.envelope || page.n_results == 0)
			break;
		offset += page.n_results;
		if ((double)offset >= page.count)
			break;
	}
	*out = l;
	return 0;
fail:
	if (early)
		run_close(&first_run);
	og_group_list_free(&l);
	return -1;
}

/* One group from an answer's body. */
static int parse_group_response(net_call *c, const char *body, size_t len, og_group **out,
                                og_error *err)
{
	int rc = gcore_scan_group(body, len, out, err);
	if (rc == GCORE_SCAN_NOT_JSON)
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s (not JSON)", c->acct->host);
	else if (rc < 0 && err->kind == OG_ERR_PARSE) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s: %s", c->acct->host, m);
	}
	return rc == GCORE_SCAN_OK ? 0 : -1;
}

static int gcore_get(net_call *c, const char *id, og_group **out, og_error *err)
{
	*out = NULL;
	if (!json_digits(id, 19)) {
		og_error_set(err, OG_ERR_NOTFOUND, "no group with id \"%s\" in account \"%s\"",
		             id ? id : "", c->acct->name);
		return -1;
	}
	char path[64];
	snprintf(path, sizeof path, "/cdn/origin_groups/%s", id);
	http_response r;
	if (net_request(c, "GET", path, NULL, &r, err) < 0) {
		if (err->kind == OG_ERR_NOTFOUND) {
			og_error_set(err, OG_ERR_NOTFOUND, "no group with id %s in account \"%s\"",
			             id, c->acct->name);
			err->http_status = 404;
		}
		return -1;
	}
	int rc = parse_group_response(c, r.body, r.len, out, err);
	http_response_clear(&r);
	return rc;
}

int gcore_patch_group(net_call *c, const char *id, char *body, og_group **out, og_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "/cdn/origin_groups/%s", id);
	http_response r;
	int rc = net_request(c, "PATCH", path, body, &r, err);
	net_auth_free(body);   /* S3 keys in it: wiped, then freed */
	if (rc < 0)
		return -1;
	/* The PATCH answer is the group; if it is not, the write still
	 * happened, so read the group instead of reporting a failure. */
	og_error tmp;
	int read = gcore_scan_group(r.body, r.len, out, &tmp);
	http_response_clear(&r);
	if (read == GCORE_SCAN_OK)
		return 0;
	if (gcore_get(c, id, out, &tmp) < 0)
		*out = NULL; /* applied; the UI refreshes on its own */
	return 0;
}

static int gcore_write_flag(net_call *c, const og_group *fresh, const og_change *ch,
                            og_group **out, og_error *err)
{
	*out = NULL;
	char *body = gcore_build_change_body(fresh, ch, c->acct->s3keys, c->s3_missing, err);
	if (!body)
		return -1;
	return gcore_patch_group(c, fresh->id, body, out, err);
}

const net_provider gcore_provider = {
	.name = "gcore",
	.default_url = "https://api.gcore.com",
	.caps = &gcore_caps,
	.open = gcore_open,
	.list = gcore_list,
	.get = gcore_get,
	.write_flag = gcore_write_flag,
	.flag_key = gcore_flag_key,
	.describe_error = gcore_describe_error,
	.form_fill = gcore_form_fill,
	.form_check = gcore_form_check,
	.form_save = gcore_form_save,
	.delete_group = gcore_delete_group,
	.delete_source = gcore_delete_source,
	.curl_auth = gcore_curl_auth,
	.secret_fields = gcore_secret_fields,
};

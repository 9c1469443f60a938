/* The worker: its queue's per-group order (pure), then the pool against the
 * real emulator (tests/emu, `origo-emu`): results through the wake pipe,
 * per-group order under a latency fault, independence of other groups,
 * conflicts, errors on writes, retries of reads, and a prompt stop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "net/jobq.h"
#include "net/worker.h"
#include "net/sync.h"
#include "net/forms.h"

/* ---- the queue alone ---------------------------------------------------- */

static void test_jobq_order(void **state)
{
	(void)state;
	net_account *acct1 = (net_account *)(uintptr_t)0x1000;  /* only compared */
	net_account *acct2 = (net_account *)(uintptr_t)0x2000;
	jobq q;
	jobq_init(&q);
	job_request *a = job_request_new(JOB_CHANGE, acct1, 1, "7");
	job_request *b = job_request_new(JOB_CHANGE, acct1, 2, "7");
	job_request *c = job_request_new(JOB_CHANGE, acct1, 3, "8");
	job_request *d = job_request_new(JOB_LIST, acct1, 4, NULL);
	job_request *e = job_request_new(JOB_GET, acct2, 5, "7");   /* other account */
	job_request *f = job_request_new(JOB_GET, acct1, 6, "7");
	job_request *all[] = { a, b, c, d, e, f };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(jobq_push(&q, all[i]), 0);

	assert_ptr_equal(jobq_take(&q), a);
	assert_ptr_equal(jobq_take(&q), c);   /* b waits behind a */
	assert_ptr_equal(jobq_take(&q), d);   /* a list never waits */
	assert_ptr_equal(jobq_take(&q), e);   /* same id, other account */
	assert_null(jobq_take(&q));           /* f waits behind b, b behind a */
	jobq_done(&q, c);
	assert_null(jobq_take(&q));
	jobq_done(&q, a);
	assert_ptr_equal(jobq_take(&q), b);
	assert_null(jobq_take(&q));
	jobq_done(&q, b);
	assert_ptr_equal(jobq_take(&q), f);
	jobq_done(&q, d);
	jobq_done(&q, e);
	jobq_done(&q, f);
	assert_int_equal(q.n_running, 0);
	jobq_clear(&q);
	for (size_t i = 0; i < 6; i++)
		job_request_free(all[i]);

	/* clearing frees what is still queued (ASan checks the leak) */
	jobq_init(&q);
	assert_int_equal(jobq_push(&q, job_request_new(JOB_LIST, acct1, 9, NULL)), 0);
	assert_int_equal(jobq_push(&q, job_request_new(JOB_GET, acct1, 10, "1")), 0);
	jobq_clear(&q);
	assert_null(q.head);
}

/* The per-account bound: at most `per_account` jobs of one account run at
 * once, the others of that account wait in order, other accounts and probes
 * pass; jobs on one group still start in the order they came. */
static void test_jobq_account_bound(void **state)
{
	(void)state;
	net_account *acct1 = (net_account *)(uintptr_t)0x1000;  /* only compared */
	net_account *acct2 = (net_account *)(uintptr_t)0x2000;
	jobq q;
	jobq_init(&q);
	q.per_account = 3;
	/* g1 twice (in order), then g2..g5, then another account and a probe */
	job_request *r[8];
	const char *ids[] = { "1", "1", "2", "3", "4", "5" };
	for (size_t i = 0; i < 6; i++)
		r[i] = job_request_new(JOB_CHANGE, acct1, i + 1, ids[i]);
	r[6] = job_request_new(JOB_LIST, acct2, 7, NULL);
	r[7] = job_request_new(JOB_PROBE, acct1, 8, "9");
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(jobq_push(&q, r[i]), 0);

	assert_ptr_equal(jobq_take(&q), r[0]);   /* g1 */
	assert_ptr_equal(jobq_take(&q), r[2]);   /* g2: the second g1 waits for the first */
	assert_ptr_equal(jobq_take(&q), r[3]);   /* g3: the bound of 3 is reached */
	assert_ptr_equal(jobq_take(&q), r[6]);   /* another account is not held */
	assert_ptr_equal(jobq_take(&q), r[7]);   /* nor is a probe */
	assert_null(jobq_take(&q));              /* g4, g5 wait for room */
	jobq_done(&q, r[6]);
	assert_null(jobq_take(&q));              /* the other account freed nothing here */
	jobq_done(&q, r[7]);
	assert_null(jobq_take(&q));              /* nor did the probe */
	jobq_done(&q, r[0]);
	assert_ptr_equal(jobq_take(&q), r[1]);   /* room, and g1's second job goes first */
	assert_null(jobq_take(&q));
	jobq_done(&q, r[2]);
	assert_ptr_equal(jobq_take(&q), r[4]);   /* g4 then g5, in order */
	assert_null(jobq_take(&q));
	jobq_done(&q, r[1]);
	assert_ptr_equal(jobq_take(&q), r[5]);
	size_t acct1_running = 0;
	for (size_t i = 0; i < q.n_running; i++)
		if (q.running[i]->account == acct1)
			acct1_running++;
	assert_int_equal(acct1_running, 3);
	jobq_done(&q, r[3]);
	jobq_done(&q, r[4]);
	jobq_done(&q, r[5]);
	assert_int_equal(q.n_running, 0);
	jobq_clear(&q);
	for (size_t i = 0; i < 8; i++)
		job_request_free(r[i]);
}

/* ---- the emulator ------------------------------------------------------- */

/* Two groups the tests know by heart. */
static const char *STATE =
	"{\"gcore\":{\"api_key\":\"" EMU_KEY "\",\"groups\":["
	"{\"id\":1,\"name\":\"web\",\"use_next\":false,\"proxy_next_upstream\":[\"error\",\"timeout\"],"
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false,\"sources\":["
	"{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null,\"tag\":\"default\"},"
	"{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null,\"tag\":\"default\"},"
	"{\"source\":\"c.example.com\",\"enabled\":true,\"backup\":true,\"host_header_override\":null,\"tag\":\"default\"}]},"
	"{\"id\":2,\"name\":\"other\",\"use_next\":false,\"proxy_next_upstream\":[\"error\",\"timeout\"],"
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":true,\"sources\":["
	"{\"source\":\"x.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
	"{\"source\":\"y.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]}"
	"]}}";

static int reset_emu(void **state)
{
	(void)state;
	if (emu_pid <= 0 && emu_start_generated("test-worker", 25) != 0)
		return -1;
	return emu_reset(STATE);
}

static void test_list_through_wake_pipe(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	int fd = worker_wake_fd(w);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);

	assert_int_equal(worker_submit(w, job_request_new(JOB_LIST, a, 42, NULL)), 0);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 10000), 1);   /* the wake-up arrives */
	worker_drain_wake(w);
	char c;
	assert_int_equal(read(fd, &c, 1), -1);      /* drained */
	job_result *r = wait_result(w, 10);
	assert_int_equal(r->status, 0);
	assert_int_equal(r->kind, JOB_LIST);
	assert_int_equal(r->tag, 42);
	assert_ptr_equal(r->account, a);
	assert_int_equal(r->groups.n, 2);
	assert_string_equal(r->groups.items[0]->name, "web");
	assert_int_equal(r->groups.items[0]->n_sources, 3);
	assert_string_equal(r->groups.items[1]->id, "2");
	job_result_free(r);
	assert_null(worker_take_result(w));

	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "GET", "/cdn/origin_groups"), 1);
	const cJSON *e = cJSON_GetArrayItem(log, 0);
	assert_string_equal(cJSON_GetObjectItem(e, "auth")->valuestring, "APIKey");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "auth_ok")));
	assert_non_null(strstr(cJSON_GetObjectItem(e, "query")->valuestring, "limit=1000"));
	cJSON_Delete(log);
	worker_stop(w);
	net_account_free(a);
}

/* Many groups: the envelope is followed to the end. */
static void test_list_pages(void **state)
{
	(void)state;
	/* 2500 generated groups: three pages of at most 1000 */
	cJSON *st = cJSON_CreateObject(), *gc = cJSON_AddObjectToObject(st, "gcore");
	cJSON_AddStringToObject(gc, "api_key", EMU_KEY);
	cJSON *groups = cJSON_AddArrayToObject(gc, "groups");
	for (int i = 1; i <= 2500; i++) {
		char g[256];
		snprintf(g, sizeof g, "{\"id\":%d,\"name\":\"g%d\",\"use_next\":false,\"sources\":"
		         "[{\"source\":\"h%d.example.com\",\"enabled\":true,\"backup\":false}]}", i, i, i);
		cJSON_AddItemToArray(groups, cJSON_Parse(g));
	}
	char *text = cJSON_PrintUnformatted(st);
	cJSON_Delete(st);
	assert_int_equal(emu_ctl("PUT", "/_emu/state", text, NULL) / 100, 2);
	free(text);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);

	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group_list l = { 0 };
	og_error err = { 0 };
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 2500);
	assert_string_equal(l.items[0]->id, "1");
	assert_string_equal(l.items[2499]->name, "g2500");
	og_group_list_free(&l);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "GET", "/cdn/origin_groups"), 3);
	cJSON_Delete(log);
	net_account_free(a);
}

static void test_same_group_in_order(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "1");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	/* the first write is slow; the second must still come after it */
	emu_add_fault("{\"method\":\"PATCH\",\"path_prefix\":\"/cdn/origin_groups/1\",\"times\":1,"
	          "\"action\":\"latency\",\"latency_ms\":800}");
	og_error err = { 0 };
	worker *w = worker_start(3, &err);
	assert_non_null(w);
	assert_int_equal(worker_submit(w, emu_change_job(a, 1, g, "a.example.com", OG_FIELD_BACKUP, OG_YES)), 0);
	assert_int_equal(worker_submit(w, emu_change_job(a, 2, g, "c.example.com", OG_FIELD_ENABLED, OG_NO)), 0);
	job_result *r1 = wait_result(w, 15), *r2 = wait_result(w, 15);
	if (r1->status != 0 || r2->status != 0)
		fail_msg("results: %s | %s", r1->err.msg, r2->err.msg);
	assert_int_equal(r1->tag, 1);
	assert_int_equal(r2->tag, 2);
	/* the second result is the group with both changes */
	assert_non_null(r2->group);
	og_group *after = r2->group;
	assert_int_equal(after->sources[og_group_find_source(after, "a.example.com")].backup, OG_YES);
	assert_int_equal(after->sources[og_group_find_source(after, "c.example.com")].enabled, OG_NO);
	job_result_free(r1);
	job_result_free(r2);
	worker_stop(w);

	/* the log: GET, PATCH(a), GET, PATCH(c), in that order */
	cJSON *log = emu_log();
	const char *want[] = { "GET", "PATCH", "GET", "PATCH" };
	assert_int_equal(cJSON_GetArraySize(log), 4);
	for (int i = 0; i < 4; i++) {
		const cJSON *e = cJSON_GetArrayItem(log, i);
		assert_string_equal(cJSON_GetObjectItem(e, "method")->valuestring, want[i]);
		assert_string_equal(cJSON_GetObjectItem(e, "path")->valuestring, "/cdn/origin_groups/1");
	}
	const char *b1 = cJSON_GetObjectItem(cJSON_GetArrayItem(log, 1), "body")->valuestring;
	const char *b2 = cJSON_GetObjectItem(cJSON_GetArrayItem(log, 3), "body")->valuestring;
	cJSON *j1 = cJSON_Parse(b1), *j2 = cJSON_Parse(b2);
	assert_non_null(j1);
	assert_non_null(j2);
	const cJSON *s1 = cJSON_GetObjectItem(j1, "sources"), *s2 = cJSON_GetObjectItem(j2, "sources");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(s1, 0), "backup")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(s1, 2), "enabled")));
	/* the second PATCH was built on the first one's result */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(s2, 0), "backup")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(s2, 2), "enabled")));
	/* fields origo does not model went back as they came */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(s2, 1), "tag")->valuestring, "default");
	cJSON_Delete(j1);
	cJSON_Delete(j2);
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

static void test_other_group_not_held(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "1");
	emu_add_fault("{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/1\",\"times\":1,"
	          "\"action\":\"latency\",\"latency_ms\":1500}");
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	double t0 = emu_now();
	assert_int_equal(worker_submit(w, emu_change_job(a, 1, g, "a.example.com", OG_FIELD_BACKUP, OG_YES)), 0);
	assert_int_equal(worker_submit(w, job_request_new(JOB_GET, a, 2, "2")), 0);
	job_result *first = wait_result(w, 15);
	double t_first = emu_now() - t0;
	job_result *second = wait_result(w, 15);
	assert_int_equal(first->tag, 2);          /* group 2 did not wait for group 1 */
	assert_int_equal(first->status, 0);
	assert_string_equal(first->group->name, "other");
	assert_true(t_first < 1.2);
	assert_int_equal(second->tag, 1);
	if (second->status != 0)
		fail_msg("%s", second->err.msg);
	job_result_free(first);
	job_result_free(second);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

static void test_conflict_sends_nothing(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "1");
	/* changed behind origo's back between the read and the job */
	assert_int_equal(emu_ctl("PUT", "/_emu/gcore/groups/1",
	    "{\"id\":1,\"name\":\"web\",\"use_next\":false,\"proxy_next_upstream\":[\"error\",\"timeout\"],"
	    "\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false,\"sources\":["
	    "{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":\"new.example\",\"tag\":\"default\"},"
	    "{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null,\"tag\":\"default\"}]}",
	    NULL) / 100, 2);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_non_null(w);
	assert_int_equal(worker_submit(w, emu_change_job(a, 1, g, "a.example.com", OG_FIELD_BACKUP, OG_YES)), 0);
	assert_int_equal(worker_submit(w, emu_change_job(a, 2, g, "c.example.com", OG_FIELD_ENABLED, OG_NO)), 0);
	job_result *r = wait_result(w, 15);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_CONFLICT);
	assert_non_null(strstr(r->err.msg, "was changed on the server"));
	assert_non_null(r->group);     /* the fresh state, for the UI */
	assert_string_equal(r->group->sources[0].host_header, "new.example");
	job_result_free(r);
	r = wait_result(w, 15);        /* the source that vanished */
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_CONFLICT);
	assert_non_null(strstr(r->err.msg, "no longer in group"));
	job_result_free(r);
	worker_stop(w);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "PATCH", NULL), 0);
	assert_int_equal(count_log_exact(log, "GET", "/cdn/origin_groups/1"), 2);
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

static void test_rule_refuses_before_sending(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "2");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_non_null(w);
	/* x then y: the second would leave group 2 with no active source */
	assert_int_equal(worker_submit(w, emu_change_job(a, 1, g, "x.example.com", OG_FIELD_ENABLED, OG_NO)), 0);
	assert_int_equal(worker_submit(w, emu_change_job(a, 2, g, "y.example.com", OG_FIELD_BACKUP, OG_YES)), 0);
	/* Gcore has no primary flag: refused without a request */
	assert_int_equal(worker_submit(w, emu_change_job(a, 3, g, "y.example.com", OG_FIELD_PRIMARY, OG_YES)), 0);
	job_result *r1 = wait_result(w, 15), *r2 = wait_result(w, 15), *r3 = wait_result(w, 15);
	assert_int_equal(r1->status, 0);
	assert_int_equal(r2->status, -1);
	assert_int_equal(r2->err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(r2->err.msg, "last enabled non-backup source"));
	assert_int_equal(r3->status, -1);
	assert_int_equal(r3->err.kind, OG_ERR_REFUSED);
	assert_string_equal(r3->err.msg, net_account_caps(a)->why_no_primary);
	job_result_free(r1);
	job_result_free(r2);
	job_result_free(r3);
	worker_stop(w);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "PATCH", NULL), 1);
	assert_int_equal(count_log_exact(log, "GET", "/cdn/origin_groups/2"), 3);  /* emu_read_group + 2 jobs */
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

static void test_patch_500_not_retried(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "1");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	emu_add_fault("{\"method\":\"PATCH\",\"path_prefix\":\"/cdn/origin_groups/1\",\"action\":\"status\","
	          "\"status\":500,\"body\":\"{\\\"message\\\":\\\"Internal error, try later\\\"}\"}");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_non_null(w);
	assert_int_equal(worker_submit(w, emu_change_job(a, 7, g, "b.example.com", OG_FIELD_ENABLED, OG_NO)), 0);
	job_result *r = wait_result(w, 15);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->tag, 7);
	assert_int_equal(r->err.kind, OG_ERR_API);
	assert_int_equal(r->err.http_status, 500);
	assert_non_null(strstr(r->err.msg, "Internal error, try later"));
	assert_null(strstr(r->err.msg, EMU_KEY));
	job_result_free(r);
	worker_stop(w);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "PATCH", NULL), 1);
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

static void test_get_429_retried(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	emu_add_fault("{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/2\",\"times\":1,\"action\":\"status\","
	          "\"status\":429,\"retry_after\":\"1\",\"body\":\"{\\\"message\\\":\\\"slow down\\\"}\"}");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_non_null(w);
	double t0 = emu_now();
	assert_int_equal(worker_submit(w, job_request_new(JOB_GET, a, 3, "2")), 0);
	job_result *r = wait_result(w, 15);
	double took = emu_now() - t0;
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_string_equal(r->group->name, "other");
	assert_string_equal(r->group_id, "2");
	assert_true(took >= 0.9);     /* Retry-After: 1 was honoured */
	assert_true(took < 5);
	job_result_free(r);
	worker_stop(w);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "GET", "/cdn/origin_groups/2"), 2);
	cJSON_Delete(log);
	net_account_free(a);
}

static void test_stop_is_prompt(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":3000}", NULL);
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	for (int i = 0; i < 10; i++) {
		char id[8];
		snprintf(id, sizeof id, "%d", i % 2 + 1);
		assert_int_equal(worker_submit(w, job_request_new(i % 3 ? JOB_GET : JOB_LIST, a,
		                                                  (uint64_t)i, id)), 0);
	}
	usleep(200000);      /* two transfers are in flight, the rest queued */
	double t0 = emu_now();
	worker_stop(w);
	assert_true(emu_now() - t0 < 1.0);
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":0}", NULL);
	net_account_free(a);
}

/* The form jobs cross the thread boundary like the others: the form goes
 * out with the request and comes back with the result; a delete says the
 * group is gone; a job missing what it needs is refused at the door. */
static void test_form_and_delete_jobs(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);

	job_request *bad = job_request_new(JOB_SAVE_FORM, a, 1, "1");   /* no form */
	assert_int_equal(worker_submit(w, bad), -1);
	bad = job_request_new(JOB_DELETE, a, 2, NULL);                  /* no group */
	assert_int_equal(worker_submit(w, bad), -1);
	bad = job_request_new(JOB_SAVE_FORM, a, 3, NULL);               /* edit without a group */
	assert_non_null(bad);
	bad->form = calloc(1, sizeof *bad->form);
	bad->target = FORM_GROUP_EDIT;
	assert_int_equal(worker_submit(w, bad), -1);

	og_group *g = NULL;
	assert_int_equal(net_get_group(a, "1", &g, &err), 0);
	job_request *r = job_request_new(JOB_SAVE_FORM, a, 4, "1");
	assert_non_null(r);
	r->form = calloc(1, sizeof *r->form);
	assert_non_null(r->form);
	form_init(r->form, "t");
	assert_int_equal(net_form_fill(a, r->form, FORM_GROUP_EDIT, g, NULL, &err), 0);
	form_field *name = form_find(r->form, "name");
	assert_non_null(name);
	snprintf(name->text, sizeof name->text, "renamed");
	r->target = FORM_GROUP_EDIT;
	r->edit_seen = og_group_clone(g);
	assert_int_equal(worker_submit(w, r), 0);
	job_result *res = wait_result(w, 10);
	assert_int_equal(res->kind, JOB_SAVE_FORM);
	assert_int_equal(res->status, 0);
	assert_non_null(res->form);
	assert_string_equal(form_find(res->form, "name")->text, "renamed");
	assert_non_null(res->group);
	assert_string_equal(res->group->name, "renamed");
	job_result_free(res);

	/* group 2 is used by resources: refused, and still there */
	r = job_request_new(JOB_DELETE, a, 5, "2");
	assert_int_equal(worker_submit(w, r), 0);
	res = wait_result(w, 10);
	assert_int_equal(res->kind, JOB_DELETE);
	assert_int_equal(res->status, -1);
	assert_false(res->deleted);
	assert_non_null(strstr(res->err.msg, "in use"));
	assert_non_null(res->group);
	job_result_free(res);

	r = job_request_new(JOB_DELETE, a, 6, "1");
	assert_int_equal(worker_submit(w, r), 0);
	res = wait_result(w, 10);
	if (res->status != 0)
		fail_msg("delete: %s", res->err.msg);
	assert_true(res->deleted);
	assert_string_equal(res->group_id, "1");
	job_result_free(res);
	og_group *gone = NULL;
	assert_int_equal(net_get_group(a, "1", &gone, &err), -1);
	assert_int_equal(err.kind, OG_ERR_NOTFOUND);
	og_group_free(g);
	worker_stop(w);
	net_account_free(a);
}

/* A bulk of changes on seven groups of one account (as `origo disable`
 * submits them), each read slowed by the emulator: they run side by side
 * but never more than the account's bound at once, and another account's
 * job is not held behind them. With 8 threads and a bound of 6, seven slow
 * reads take two rounds (at least 2 x latency: the bound holds), far less
 * than seven one after another (they ran side by side), and the other
 * account's list comes back within the first round. */
static void test_bulk_bounded_per_account(void **state)
{
	(void)state;
	enum { N = 7, LATENCY_MS = 600 };
	cJSON *st = cJSON_CreateObject(), *gc = cJSON_AddObjectToObject(st, "gcore");
	cJSON_AddStringToObject(gc, "api_key", EMU_KEY);
	cJSON *groups = cJSON_AddArrayToObject(gc, "groups");
	for (int i = 1; i <= N; i++) {
		char g[320];
		snprintf(g, sizeof g, "{\"id\":%d,\"name\":\"g%d\",\"use_next\":false,\"sources\":["
		         "{\"source\":\"o.example\",\"enabled\":true,\"backup\":false},"
		         "{\"source\":\"h%d.example\",\"enabled\":true,\"backup\":false}]}", i, i, i);
		cJSON_AddItemToArray(groups, cJSON_Parse(g));
	}
	char *text = cJSON_PrintUnformatted(st);
	cJSON_Delete(st);
	assert_int_equal(emu_ctl("PUT", "/_emu/state", text, NULL) / 100, 2);
	free(text);

	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	net_account *b = emu_open_gcore(EMU_KEY, emu_port, 10);   /* another account */
	og_group *g[N];
	for (int i = 0; i < N; i++) {
		char id[16];
		snprintf(id, sizeof id, "%d", i + 1);
		g[i] = emu_read_group(a, id);
	}
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	char fault[200];
	snprintf(fault, sizeof fault, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/\","
	         "\"action\":\"latency\",\"latency_ms\":%d}", LATENCY_MS);
	emu_add_fault(fault);

	og_error err = { 0 };
	worker *w = worker_start(WORKER_THREADS, &err);
	assert_non_null(w);
	worker_set_per_account(w, WORKER_PER_ACCOUNT);
	double t0 = emu_now();
	for (int i = 0; i < N; i++)
		assert_int_equal(worker_submit(w, emu_change_job(a, (uint64_t)(i + 1), g[i], "o.example",
		                                                  OG_FIELD_ENABLED, OG_NO)), 0);
	assert_int_equal(worker_submit(w, job_request_new(JOB_LIST, b, 100, NULL)), 0);
	job_result *first = wait_result(w, 20);
	double t_first = emu_now() - t0;
	assert_int_equal(first->tag, 100);        /* the other account was not held */
	assert_int_equal(first->status, 0);
	assert_true(t_first < LATENCY_MS / 1000.0);
	job_result_free(first);
	bool seen[N + 1] = { false };
	for (int i = 0; i < N; i++) {
		job_result *r = wait_result(w, 20);
		if (r->status != 0)
			fail_msg("job %llu: %s", (unsigned long long)r->tag, r->err.msg);
		assert_true(r->tag >= 1 && r->tag <= N);
		seen[r->tag] = true;
		job_result_free(r);
	}
	double t_all = emu_now() - t0;
	worker_stop(w);
	for (int i = 1; i <= N; i++)
		assert_true(seen[i]);
	/* two rounds at least: never seven reads at once */
	assert_true(t_all >= 2 * LATENCY_MS / 1000.0);
	/* and far from seven rounds one after another */
	assert_true(t_all < 5 * LATENCY_MS / 1000.0);

	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "PATCH", "/cdn/origin_groups/"), N);
	cJSON_Delete(log);
	for (int i = 0; i < N; i++)
		og_group_free(g[i]);
	net_account_free(a);
	net_account_free(b);
}

/* The bound from the environment: ORIGO_BULK_CONCURRENCY=1 runs one
 * account's jobs one after another (make bench's baseline); nonsense is
 * ignored. Seen through the timing of three slow reads. */
static void test_bound_from_environment(void **state)
{
	(void)state;
	enum { LATENCY_MS = 300 };
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	char fault[200];
	snprintf(fault, sizeof fault, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/\","
	         "\"action\":\"latency\",\"latency_ms\":%d}", LATENCY_MS);
	emu_add_fault(fault);
	const char *values[] = { "1", "0x" };
	for (size_t v = 0; v < 2; v++) {
		setenv("ORIGO_BULK_CONCURRENCY", values[v], 1);
		og_error err = { 0 };
		worker *w = worker_start(4, &err);
		unsetenv("ORIGO_BULK_CONCURRENCY");
		assert_non_null(w);
		double t0 = emu_now();
		for (int i = 0; i < 3; i++)
			assert_int_equal(worker_submit(w, job_request_new(JOB_GET, a, (uint64_t)i,
			                                                  i % 2 ? "1" : "2")), 0);
		for (int i = 0; i < 3; i++)
			job_result_free(wait_result(w, 20));
		double t = emu_now() - t0;
		worker_stop(w);
		if (v == 0)
			assert_true(t >= 3 * LATENCY_MS / 1000.0);   /* one after another */
		else
			assert_true(t < 3 * LATENCY_MS / 1000.0);    /* the default bound: side by side */
	}
	net_account_free(a);
}

/* A dry run: the fresh read goes out, the write does not; the result
 * carries the exact write (method, URL, body) as the requests log shows it,
 * the API key redacted. A conflict found by the fresh read is still
 * reported as one, with no request kept. */
static void test_dry_run_sends_no_write(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = emu_read_group(a, "1");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	job_request *r = emu_change_job(a, 1, g, "a.example.com", OG_FIELD_ENABLED, OG_NO);
	r->dry_run = true;
	assert_int_equal(worker_submit(w, r), 0);
	job_result *res = wait_result(w, 10);
	assert_int_equal(res->status, -1);
	assert_int_equal(res->err.kind, OG_ERR_REFUSED);
	assert_string_equal(res->err.msg, "dry run: the PATCH was not sent");
	assert_non_null(res->dry_request);
	const net_exchange *x = res->dry_request;
	assert_string_equal(x->method, "PATCH");
	char want[128];
	snprintf(want, sizeof want, "http://127.0.0.1:%d/cdn/origin_groups/1", emu_port);
	assert_string_equal(x->url, want);
	assert_non_null(x->req_body);
	cJSON *body = cJSON_Parse(x->req_body);
	assert_non_null(body);
	const cJSON *src = cJSON_GetArrayItem(cJSON_GetObjectItem(body, "sources"), 0);
	assert_string_equal(cJSON_GetObjectItem(src, "source")->valuestring, "a.example.com");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(src, "enabled")));
	/* the others as they were */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(body, "sources"), 1), "enabled")));
	cJSON_Delete(body);
	/* the key is nowhere; the header is there, redacted */
	assert_null(strstr(x->req_headers, EMU_KEY));
	assert_null(strstr(x->req_body, EMU_KEY));
	assert_null(strstr(x->url, EMU_KEY));
	assert_non_null(strstr(x->req_headers, "Authorization: ***"));
	job_result_free(res);

	/* changed behind origo's back: a conflict, nothing kept, nothing sent */
	emu_ok("PUT", "/_emu/gcore/groups/1",
	    "{\"id\":1,\"name\":\"web\",\"use_next\":false,\"sources\":["
	    "{\"source\":\"a.example.com\",\"enabled\":false,\"backup\":false},"
	    "{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false}]}");
	r = emu_change_job(a, 2, g, "a.example.com", OG_FIELD_ENABLED, OG_NO);
	r->dry_run = true;
	assert_int_equal(worker_submit(w, r), 0);
	res = wait_result(w, 10);
	assert_int_equal(res->status, -1);
	assert_int_equal(res->err.kind, OG_ERR_CONFLICT);
	assert_null(res->dry_request);
	job_result_free(res);
	worker_stop(w);

	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "GET", "/cdn/origin_groups/1"), 2);
	assert_int_equal(count_log(log, "PATCH", NULL), 0);
	assert_int_equal(count_log(log, "PUT", "/cdn"), 0);
	assert_int_equal(count_log(log, "POST", "/cdn"), 0);
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* one group, so that the runner reads one summary; the emulator
	 * starts with the first test that needs it */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobq_order),
		cmocka_unit_test(test_jobq_account_bound),
		cmocka_unit_test_setup(test_bulk_bounded_per_account, reset_emu),
		cmocka_unit_test_setup(test_bound_from_environment, reset_emu),
		cmocka_unit_test_setup(test_dry_run_sends_no_write, reset_emu),
		cmocka_unit_test_setup(test_list_through_wake_pipe, reset_emu),
		cmocka_unit_test_setup(test_same_group_in_order, reset_emu),
		cmocka_unit_test_setup(test_other_group_not_held, reset_emu),
		cmocka_unit_test_setup(test_conflict_sends_nothing, reset_emu),
		cmocka_unit_test_setup(test_rule_refuses_before_sending, reset_emu),
		cmocka_unit_test_setup(test_patch_500_not_retried, reset_emu),
		cmocka_unit_test_setup(test_get_429_retried, reset_emu),
		cmocka_unit_test_setup(test_stop_is_prompt, reset_emu),
		cmocka_unit_test_setup(test_list_pages, reset_emu),
		cmocka_unit_test_setup(test_form_and_delete_jobs, reset_emu),
	};
	int failed = cmocka_run_group_tests_name("worker", tests, NULL, emu_stop);
	curl_global_cleanup();
	return failed ? 1 : 0;
}

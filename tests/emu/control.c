/* /_emu/log, /_emu/state, /_emu/gcore/groups/{id}, /_emu/yandex/originGroups/{id},
 * /_emu/edgio/groups/{id}, /_emu/expire_tokens, /_emu/faults, /_emu/settings. */
#include "control.h"
#include "edgio.h"
#include "faults.h"
#include "gcore.h"
#include "oauth_tokens.h"
#include "reqlog.h"
#include "state.h"
#include "yandex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ctl_error(struct emu_resp *resp, int status, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", msg);
	emu_resp_json(resp, status, o);
}

static void bad_method(struct emu_resp *resp, const char *allow)
{
	ctl_error(resp, 405, "method not allowed here");
	resp->allow = allow;
}

static cJSON *json_body(const struct emu_req *r, struct emu_resp *resp)
{
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	if (!j)
		ctl_error(resp, 400, "the body is not valid JSON");
	return j;
}

static bool is(const struct emu_req *r, const char *m) { return strcmp(r->method, m) == 0; }

static int edgio_remove_group(long long id) { return egs_remove((long)id); }

/* What PUT/DELETE /_emu/<provider>/groups/{id} share: DELETE removes the group
 * (204, or 404 when absent) and any method but PUT is a 405. For a PUT, the
 * parsed body (caller deletes); NULL once the request has been answered. */
static cJSON *group_put_body(const struct emu_req *r, struct emu_resp *resp,
                             int (*remove_group)(long long id), long long id)
{
	if (is(r, "DELETE")) {
		if (remove_group(id) != 0)
			ctl_error(resp, 404, "no such group");
		else
			emu_resp_empty(resp, 204);
		return NULL;
	}
	if (!is(r, "PUT")) {
		bad_method(resp, "PUT, DELETE");
		return NULL;
	}
	return json_body(r, resp);
}

static void do_log(const struct emu_req *r, struct emu_resp *resp)
{
	if (is(r, "GET")) {
		const char *since = emu_req_arg(r, "since");
		emu_resp_json(resp, 200, reqlog_to_json(since ? strtoull(since, NULL, 10) : 0));
	} else if (is(r, "DELETE")) {
		reqlog_clear();
		emu_resp_empty(resp, 204);
	} else
		bad_method(resp, "GET, DELETE");
}

static void do_state(const struct emu_req *r, struct emu_resp *resp)
{
	if (is(r, "GET")) {
		emu_resp_json(resp, 200, state_to_json());
		return;
	}
	if (!is(r, "PUT")) {
		bad_method(resp, "GET, PUT");
		return;
	}
	cJSON *j = json_body(r, resp);
	if (!j)
		return;
	char err[256];
	if (state_replace(j, err, sizeof(err)) != 0)
		ctl_error(resp, 400, err);
	else
		emu_resp_empty(resp, 204);
	cJSON_Delete(j);
}

static void do_gcore_group(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	if (!*idtext || strlen(idtext) > 15 || strspn(idtext, "0123456789") != strlen(idtext)) {
		ctl_error(resp, 404, "expected /_emu/gcore/groups/{integer id}");
		return;
	}
	long long id = atoll(idtext);
	cJSON *j = group_put_body(r, resp, gcs_remove, id);
	if (!j)
		return;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		ctl_error(resp, 400, "a group must be a JSON object");
		return;
	}
	/* stored as is: this is how a test changes a group behind origo's back */
	if (gcs_put(id, j) != 0) {
		ctl_error(resp, 500, "out of memory");
		return;
	}
	emu_resp_json(resp, 200, cJSON_Duplicate(gcs_find(id)->json, 1));
}

static void do_faults(const struct emu_req *r, struct emu_resp *resp)
{
	if (is(r, "GET")) {
		emu_resp_json(resp, 200, faults_to_json());
	} else if (is(r, "DELETE")) {
		faults_clear();
		emu_resp_empty(resp, 204);
	} else if (is(r, "POST")) {
		cJSON *j = json_body(r, resp);
		if (!j)
			return;
		char err[256];
		if (faults_add(j, err, sizeof(err)) != 0)
			ctl_error(resp, 400, err);
		else {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "faults", (double)faults_count());
			emu_resp_json(resp, 201, o);
		}
		cJSON_Delete(j);
	} else
		bad_method(resp, "GET, POST, DELETE");
}

static cJSON *settings_json(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "latency_ms", (double)emu_settings.latency_ms);
	cJSON_AddNumberToObject(o, "gcore_page_size_max", (double)emu_settings.gcore_page_max);
	cJSON_AddStringToObject(o, "s3_secret_echo", emu_s3_echo_name(emu_settings.s3_echo));
	cJSON_AddStringToObject(o, "s3_omitted_keys",
				emu_settings.s3_omit == EMU_S3_OMIT_REJECT ? "reject" : "keep");
	yandex_settings_to_json(o);
	edgio_settings_to_json(o);
	return o;
}

static void do_settings(const struct emu_req *r, struct emu_resp *resp)
{
	if (is(r, "GET")) {
		emu_resp_json(resp, 200, settings_json());
		return;
	}
	if (!is(r, "POST")) {
		bad_method(resp, "GET, POST");
		return;
	}
	cJSON *j = json_body(r, resp);
	if (!j)
		return;
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(j, "latency_ms");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "s3_secret_echo");
	const cJSON *om = cJSON_GetObjectItemCaseSensitive(j, "s3_omitted_keys");
	const cJSON *gp = cJSON_GetObjectItemCaseSensitive(j, "gcore_page_size_max");
	long long ms = 0, page_max = 0;
	enum emu_s3_echo echo = emu_settings.s3_echo;
	enum emu_s3_omit omit = emu_settings.s3_omit;
	if (cJSON_IsString(om) && strcmp(om->valuestring, "keep") == 0)
		omit = EMU_S3_OMIT_KEEP;
	else if (cJSON_IsString(om) && strcmp(om->valuestring, "reject") == 0)
		omit = EMU_S3_OMIT_REJECT;
	char err[160];
	if (!cJSON_IsObject(j))
		ctl_error(resp, 400, "settings must be a JSON object");
	else if (l && !(emu_json_is_int(l, &ms) && ms >= 0 && ms <= 3600000))
		ctl_error(resp, 400, "\"latency_ms\" must be an integer 0..3600000");
	else if (gp && !(emu_json_is_int(gp, &page_max) && page_max >= 1 && page_max <= 1000))
		ctl_error(resp, 400, "\"gcore_page_size_max\" must be an integer 1..1000");
	else if (e && (!cJSON_IsString(e) || emu_s3_echo_parse(e->valuestring, &echo) != 0))
		ctl_error(resp, 400, "\"s3_secret_echo\" must be \"keep\", \"literal\" or \"reject\"");
	else if (om && !(cJSON_IsString(om) && (strcmp(om->valuestring, "keep") == 0 ||
						strcmp(om->valuestring, "reject") == 0)))
		ctl_error(resp, 400, "\"s3_omitted_keys\" must be \"keep\" or \"reject\"");
	else if (yandex_settings_apply(j, false, err, sizeof(err)) != 0 ||
		 edgio_settings_apply(j, false, err, sizeof(err)) != 0)
		ctl_error(resp, 400, err);
	else {
		yandex_settings_apply(j, true, err, sizeof(err));
		edgio_settings_apply(j, true, err, sizeof(err));
		if (l)
			emu_settings.latency_ms = (long)ms;
		if (gp)
			emu_settings.gcore_page_max = (long)page_max;
		emu_settings.s3_echo = echo;
		emu_settings.s3_omit = omit;
		emu_resp_json(resp, 200, settings_json());
	}
	cJSON_Delete(j);
}

/* PUT/DELETE /_emu/yandex/originGroups/{id}: a group changed behind the
 * client's back, in the state file's form */
static void do_yandex_group(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	long long id;
	if (!yc_text_id(idtext, &id)) {
		ctl_error(resp, 404, "expected /_emu/yandex/originGroups/{decimal id > 0}");
		return;
	}
	cJSON *j = group_put_body(r, resp, ycs_remove, id);
	if (!j)
		return;
	char err[256];
	struct yc_group *g = yc_group_from_state(j, id, err, sizeof(err));
	cJSON_Delete(j);
	if (!g)
		ctl_error(resp, 400, err);
	else if (ycs_put(g) != 0)
		ctl_error(resp, 500, "out of memory");
	else
		emu_resp_json(resp, 200, yc_group_json(ycs_find(id), true));
}

/* PUT/DELETE /_emu/edgio/groups/{id}: the group with its "origins" entries */
static void do_edgio_group(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	if (!*idtext || strlen(idtext) > 9 || strspn(idtext, "0123456789") != strlen(idtext) ||
	    atol(idtext) <= 0) {
		ctl_error(resp, 404, "expected /_emu/edgio/groups/{integer id > 0}");
		return;
	}
	long id = atol(idtext);
	cJSON *j = group_put_body(r, resp, edgio_remove_group, id);
	if (!j)
		return;
	char err[256];
	struct eg_group *g = eg_group_from_state(j, id, err, sizeof(err));
	cJSON_Delete(j);
	for (size_t i = 0; g && i < g->ne; i++) {
		struct eg_entry *e;
		struct eg_group *other = egs_find_entry(g->e[i].id, &e);
		if (other && other->id != id) {
			snprintf(err, sizeof(err), "origin entry %ld belongs to group %ld", g->e[i].id, other->id);
			eg_group_free(g);
			g = NULL;
		}
	}
	if (!g)
		ctl_error(resp, 400, err);
	else if (egs_put(g) != 0)
		ctl_error(resp, 500, "out of memory");
	else
		emu_resp_json(resp, 200, eg_group_state_json(egs_find(id)));
}

/* POST /_emu/expire_tokens [{"provider": "yandex"|"edgio", "static": bool}] */
static void do_expire(const struct emu_req *r, struct emu_resp *resp)
{
	if (!is(r, "POST")) {
		bad_method(resp, "POST");
		return;
	}
	cJSON *j = r->body_len ? json_body(r, resp) : cJSON_CreateObject();
	if (!j)
		return;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "provider");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "static");
	int kind = -1;
	if (cJSON_IsString(p) && !strcmp(p->valuestring, "yandex"))
		kind = TOK_YANDEX_IAM;
	else if (cJSON_IsString(p) && !strcmp(p->valuestring, "edgio"))
		kind = TOK_EDGIO;
	if (!cJSON_IsObject(j) || (p && kind < 0) || (s && !cJSON_IsBool(s))) {
		ctl_error(resp, 400, "expected {\"provider\": \"yandex\" or \"edgio\", \"static\": bool}, both optional");
		cJSON_Delete(j);
		return;
	}
	size_t n = tokens_expire_all(kind);
	if (cJSON_IsTrue(s) && kind != TOK_EDGIO)
		yandex_expire_static();
	cJSON_Delete(j);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "expired", (double)n);
	emu_resp_json(resp, 200, o);
}

void control_handle(const struct emu_req *r, struct emu_resp *resp)
{
	const char *p = r->path;
	if (!strcmp(p, "/_emu/log"))
		do_log(r, resp);
	else if (!strcmp(p, "/_emu/state"))
		do_state(r, resp);
	else if (!strncmp(p, "/_emu/gcore/groups/", 19))
		do_gcore_group(r, resp, p + 19);
	else if (!strncmp(p, "/_emu/yandex/originGroups/", 26))
		do_yandex_group(r, resp, p + 26);
	else if (!strncmp(p, "/_emu/edgio/groups/", 19))
		do_edgio_group(r, resp, p + 19);
	else if (!strcmp(p, "/_emu/expire_tokens"))
		do_expire(r, resp);
	else if (!strcmp(p, "/_emu/faults"))
		do_faults(r, resp);
	else if (!strcmp(p, "/_emu/settings"))
		do_settings(r, resp);
	else
		ctl_error(resp, 404, "no such control endpoint");
}

/* The list of injected faults. */
#include "faults.h"
#include "emu_array.h"
#include "emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct fault *list;
static size_t n_list, cap_list;

static const char *const action_names[] = {
	[FAULT_STATUS] = "status", [FAULT_RESET] = "reset", [FAULT_MALFORMED] = "malformed",
	[FAULT_TRUNCATE] = "truncate", [FAULT_OVERSIZE] = "oversize", [FAULT_LATENCY] = "latency",
};

void fault_release(struct fault *f)
{
	free(f->method);
	free(f->path_prefix);
	free(f->query_has);
	free(f->body);
	free(f->retry_after);
	memset(f, 0, sizeof(*f));
}

static char *opt_str(const cJSON *o, const char *k)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(j) ? strdup(j->valuestring) : NULL;
}

static int parse_one(const cJSON *o, struct fault *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof(*f));
	if (!cJSON_IsObject(o)) {
		snprintf(err, errlen, "a fault must be a JSON object");
		return -1;
	}
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "action");
	int action = -1;
	for (int i = 0; cJSON_IsString(a) && i <= FAULT_LATENCY; i++)
		if (strcmp(a->valuestring, action_names[i]) == 0)
			action = i;
	if (action < 0) {
		snprintf(err, errlen, "\"action\" must be one of status, reset, malformed, "
			 "truncate, oversize, latency");
		return -1;
	}
	f->action = (enum fault_action)action;
	long long v;
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
	if (st && !(emu_json_is_int(st, &v) && v >= 100 && v <= 599)) {
		snprintf(err, errlen, "\"status\" must be an integer 100..599");
		return -1;
	}
	f->status = st ? (int)v : 500;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "times");
	if (t && !cJSON_IsNull(t) && !(emu_json_is_int(t, &v) && v >= 0)) {
		snprintf(err, errlen, "\"times\" must be an integer >= 0");
		return -1;
	}
	f->times = t && !cJSON_IsNull(t) ? (long)v : 0;
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "latency_ms");
	if (l && !(emu_json_is_int(l, &v) && v >= 0 && v <= 3600000)) {
		snprintf(err, errlen, "\"latency_ms\" must be an integer 0..3600000");
		return -1;
	}
	f->latency_ms = l ? (long)v : 0;
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "bytes");
	if (b && !(emu_json_is_int(b, &v) && v >= 2)) {
		snprintf(err, errlen, "\"bytes\" must be an integer >= 2");
		return -1;
	}
	f->bytes = b ? (uint64_t)v : FAULT_OVERSIZE_DEFAULT;
	const cJSON *ap = cJSON_GetObjectItemCaseSensitive(o, "apply");
	if (ap && !cJSON_IsBool(ap)) {
		snprintf(err, errlen, "\"apply\" must be true or false");
		return -1;
	}
	f->apply = cJSON_IsTrue(ap);
	if (f->apply && f->action != FAULT_STATUS && f->action != FAULT_MALFORMED &&
	    f->action != FAULT_RESET) {
		snprintf(err, errlen, "\"apply\" goes with status, malformed or reset (truncate and "
			 "latency always serve the request)");
		return -1;
	}
	f->method = opt_str(o, "method");
	f->path_prefix = opt_str(o, "path_prefix");
	f->query_has = opt_str(o, "query_has");
	f->body = opt_str(o, "body");
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(o, "retry_after");
	if (cJSON_IsString(ra))
		f->retry_after = strdup(ra->valuestring);
	else if (emu_json_is_int(ra, &v)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%lld", v);
		f->retry_after = strdup(buf);
	}
	return 0;
}

static int push(struct fault *f)
{
	struct fault *p = emu_array_grow(list, n_list, &cap_list, sizeof(*p), 8);
	if (!p)
		return -1;
	list = p;
	list[n_list++] = *f;
	return 0;
}

int faults_add(const cJSON *j, char *err, size_t errlen)
{
	const cJSON *one;
	if (errlen)
		err[0] = '\0';
	if (cJSON_IsArray(j)) {
		/* all or nothing */
		cJSON_ArrayForEach(one, j) {
			struct fault f;
			int rc = parse_one(one, &f, err, errlen);
			fault_release(&f);
			if (rc)
				return -1;
		}
		cJSON_ArrayForEach(one, j) {
			struct fault f;
			parse_one(one, &f, err, errlen);
			if (push(&f)) {
				fault_release(&f);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		}
		return 0;
	}
	struct fault f;
	if (parse_one(j, &f, err, errlen) || push(&f)) {
		fault_release(&f);
		if (!*err)
			snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void faults_clear(void)
{
	for (size_t i = 0; i < n_list; i++)
		fault_release(&list[i]);
	free(list);
	list = NULL;
	n_list = cap_list = 0;
}

size_t faults_count(void) { return n_list; }

cJSON *faults_to_json(void)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n_list; i++) {
		const struct fault *f = &list[i];
		cJSON *o = cJSON_CreateObject();
		if (f->method) cJSON_AddStringToObject(o, "method", f->method);
		if (f->path_prefix) cJSON_AddStringToObject(o, "path_prefix", f->path_prefix);
		if (f->query_has) cJSON_AddStringToObject(o, "query_has", f->query_has);
		cJSON_AddNumberToObject(o, "times", (double)f->times);
		cJSON_AddStringToObject(o, "action", action_names[f->action]);
		cJSON_AddNumberToObject(o, "status", f->status);
		if (f->body) cJSON_AddStringToObject(o, "body", f->body);
		if (f->retry_after) cJSON_AddStringToObject(o, "retry_after", f->retry_after);
		cJSON_AddNumberToObject(o, "latency_ms", (double)f->latency_ms);
		cJSON_AddNumberToObject(o, "bytes", (double)f->bytes);
		cJSON_AddBoolToObject(o, "apply", f->apply);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

bool faults_take(const char *method, const char *path, const char *query, struct fault *out)
{
	for (size_t i = 0; i < n_list; i++) {
		struct fault *f = &list[i];
		if (f->method && strcasecmp(f->method, "WRITE") == 0) {
			if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
				continue;
		} else if (f->method && strcasecmp(f->method, method) != 0)
			continue;
		if (f->path_prefix && strncmp(path, f->path_prefix, strlen(f->path_prefix)) != 0)
			continue;
		if (f->query_has && !strstr(query ? query : "", f->query_has))
			continue;
		*out = *f;
		out->method = dup_or_null(f->method);
		out->path_prefix = dup_or_null(f->path_prefix);
		out->query_has = dup_or_null(f->query_has);
		out->body = dup_or_null(f->body);
		out->retry_after = dup_or_null(f->retry_after);
		if (f->times > 0 && --f->times == 0) {
			fault_release(f);
			memmove(f, f + 1, (n_list - i - 1) * sizeof(*f));
			n_list--;
		}
		return true;
	}
	return false;
}

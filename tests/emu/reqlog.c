/* The request log: a ring buffer of copies of what each request carried. */
#include "reqlog.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	unsigned long long seq;
	char *method, *path, *query, *auth, *content_type, *body;
	bool auth_ok;
	int status;
};

static struct entry ring[REQLOG_CAP];
static size_t head, used;          /* oldest at head */
static unsigned long long next_seq = 1;

static void entry_clear(struct entry *e)
{
	free(e->method);
	free(e->path);
	free(e->query);
	free(e->auth);
	free(e->content_type);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void reqlog_add(const struct emu_req *r, const char *auth_word, bool auth_ok, int status)
{
	struct entry *e;
	if (used == REQLOG_CAP) {
		e = &ring[head];
		entry_clear(e);
		head = (head + 1) % REQLOG_CAP;
	} else {
		e = &ring[(head + used) % REQLOG_CAP];
		used++;
	}
	e->seq = next_seq++;
	e->method = dup_or_null(r->method);
	e->path = dup_or_null(r->path);
	e->query = dup_or_null(r->query);
	e->auth = dup_or_null(auth_word);
	e->content_type = dup_or_null(r->content_type);
	e->body = dup_or_null(r->body);
	e->auth_ok = auth_ok;
	e->status = status;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

cJSON *reqlog_to_json(unsigned long long since)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < used; i++) {
		const struct entry *e = &ring[(head + i) % REQLOG_CAP];
		if (e->seq <= since)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "seq", (double)e->seq);
		add_str(o, "method", e->method);
		add_str(o, "path", e->path);
		add_str(o, "query", e->query ? e->query : "");
		add_str(o, "auth", e->auth);
		cJSON_AddBoolToObject(o, "auth_ok", e->auth_ok);
		add_str(o, "content_type", e->content_type);
		add_str(o, "body", e->body ? e->body : "");
		cJSON_AddNumberToObject(o, "status", e->status);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

void reqlog_clear(void)
{
	for (size_t i = 0; i < used; i++)
		entry_clear(&ring[(head + i) % REQLOG_CAP]);
	head = used = 0;
}

void reqlog_free(void)
{
	reqlog_clear();
}

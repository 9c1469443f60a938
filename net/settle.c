/* Groups waiting for the truth after a write of unknown outcome (settle.h). */
#include "net/settle.h"
#include "model/og_clock.h"
#include "net/http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_GRACE_MIN 5.0

double settle_grace(int timeout_seconds)
{
	const char *v = getenv("ORIGO_SETTLE_SECONDS");
	if (v && *v) {
		char *end;
		errno = 0;
		double d = strtod(v, &end);
		if (errno == 0 && *end == '\0' && d >= 0 && d <= 3600)
			return d;
	}
	double t = timeout_seconds > 0 ? timeout_seconds : 20;
	return t > DEFAULT_GRACE_MIN ? t : DEFAULT_GRACE_MIN;
}

static void entry_free(settle_entry *e)
{
	free(e->group_id);
	free(e->name);
}

void settle_init(net_settle *s)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
}

void settle_destroy(net_settle *s)
{
	for (size_t i = 0; i < s->n; i++)
		entry_free(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
	pthread_mutex_destroy(&s->mu);
}

static long find(const net_settle *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].group_id, id) == 0)
			return (long)i;
	return -1;
}

void settle_mark(net_settle *s, const char *group_id, const char *name, double grace)
{
	if (!group_id)
		return;
	char *nm = name && name[0] ? strdup(name) : NULL;
	double until = og_clock_seconds() + grace;
	pthread_mutex_lock(&s->mu);
	long i = find(s, group_id);
	if (i >= 0) {
		s->v[i].until = until;
		if (nm) {
			free(s->v[i].name);
			s->v[i].name = nm;
		}
	} else {
		char *id = strdup(group_id);
		if (id && s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 4;
			settle_entry *v = realloc(s->v, cap * sizeof *v);
			if (v) {
				s->v = v;
				s->cap = cap;
			}
		}
		if (id && s->n < s->cap)
			s->v[s->n++] = (settle_entry){ .group_id = id, .name = nm, .until = until };
		else {
			free(id);   /* out of memory: the conflict check still guards */
			free(nm);
		}
	}
	pthread_mutex_unlock(&s->mu);
}

int settle_check(net_settle *s, const char *group_id, og_error *err)
{
	if (!group_id)
		return 0;
	double left = 0;
	char name[128];
	pthread_mutex_lock(&s->mu);
	long i = find(s, group_id);
	if (i >= 0) {
		left = s->v[i].until - og_clock_seconds();
		snprintf(name, sizeof name, "%s", s->v[i].name ? s->v[i].name : group_id);
	}
	pthread_mutex_unlock(&s->mu);
	if (left <= 0)
		return 0;
	og_error_set(err, OG_ERR_REFUSED, "group %s: waiting to settle an unknown write, retry in "
	             "%ld s; nothing was sent", name, (long)left + 1);
	return -1;
}

void settle_read(net_settle *s, const char *group_id, double read_at)
{
	if (!group_id)
		return;
	pthread_mutex_lock(&s->mu);
	long i = find(s, group_id);
	if (i >= 0 && read_at >= s->v[i].until) {
		entry_free(&s->v[i]);
		s->v[i] = s->v[--s->n];
	}
	pthread_mutex_unlock(&s->mu);
}

int settle_pending(net_settle *s, const char *group_id)
{
	pthread_mutex_lock(&s->mu);
	int yes = group_id && find(s, group_id) >= 0;
	pthread_mutex_unlock(&s->mu);
	return yes;
}

bool settle_outcome_unknown(const og_error *e)
{
	if (e->maybe_applied)
		return true;
	if (http_status_proves_nothing(e->http_status))
		return true;
	/* a parse failure without an error status: a 2xx nobody could read */
	return e->http_status == 0 && e->kind == OG_ERR_PARSE;
}

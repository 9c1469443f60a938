/* `d` then `y`: deleting a group (groups screen) or a source (group
 * screen). The question goes on the prompt line; the answer sends a
 * JOB_DELETE, whose fresh read and conflict rule are net/form_job.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/delete.h"
#include "tui/prompt.h"
#include "tui/s3_prompt.h"
#include "net/forms.h"

typedef struct delete_ask {
	size_t account;
	char *group_id;
	char *source_key;    /* NULL: the group */
	og_group *seen;      /* the group as shown when asked */
	char what[320];      /* `group "web"`, `source "a.example.com"` */
} delete_ask;

static void delete_done(app *a, job_result *r, void *ctx);

static void delete_ask_free(delete_ask *d)
{
	if (!d)
		return;
	free(d->group_id);
	free(d->source_key);
	og_group_free(d->seen);
	free(d);
}

/* The question asked when the app goes (its slot's free hook). */
static void delete_state_free(void *state)
{
	delete_ask_free(state);
}
static const app_slot_key delete_key = { "delete question", delete_state_free, NULL };

static void delete_answer(app *a, int key);

/* The question, as delete_start wrote it. */
static void delete_line(app *a, char *buf, size_t n)
{
	snprintf(buf, n, "%s", a->prompt.text);
}

void delete_start(app *a, view *v, bool source)
{
	app_account *acc = &a->accounts[v->account];
	og_group *g = v->ops->group ? v->ops->group(a, v) : NULL;
	if (!acc->net) {
		app_status(a, true, "the account is not open: nothing to delete");
		return;
	}
	if (!g || !g->id) {
		app_status(a, true, "no group under the cursor");
		return;
	}
	if (!net_can_delete(acc->net, source)) {
		app_status(a, true, "deleting %s is not available on %s", source ? "sources" : "groups",
		           net_account_caps(acc->net)->provider_label);
		return;
	}
	if (source && v->cursor >= g->n_sources) {
		app_status(a, true, "no source under the cursor");
		return;
	}
	if (store_group_has_pending(&acc->store, g->id)) {
		app_status(a, true, "the group has changes waiting for the provider; delete once they "
		           "are confirmed");
		return;
	}
	delete_ask *d = calloc(1, sizeof *d);
	bool ok = d && (d->group_id = strdup(g->id)) && (d->seen = og_group_clone(g));
	const char *key = source ? g->sources[v->cursor].key : NULL;
	if (ok && source)
		ok = (d->source_key = strdup(key ? key : "")) != NULL;
	if (!ok) {
		delete_ask_free(d);
		app_status(a, true, "out of memory");
		return;
	}
	d->account = v->account;
	/* the address as the row shows it (host:port): a provider's key may
	 * be an id */
	const og_source *src = source ? &g->sources[v->cursor] : NULL;
	char addr[280];
	if (src)
		og_source_address(src, addr, sizeof addr);
	if (src)
		snprintf(d->what, sizeof d->what, "source \"%s\"", addr);
	else
		snprintf(d->what, sizeof d->what, "group \"%s\"", g->name && g->name[0] ? g->name : g->id);
	delete_ask_free(app_slot(a, &delete_key));
	if (app_slot_set(a, &delete_key, d) < 0) {
		app_slot_set(a, &delete_key, NULL);
		delete_ask_free(d);
		app_status(a, true, "out of memory");
		return;
	}
	static const app_prompt_ops question = { delete_answer, delete_line, NULL, true };
	prompt_own(a, &question);
	snprintf(a->prompt.text, sizeof a->prompt.text, "delete %.180s? y: delete, any other key: keep",
	         d->what);
}

/* The key answering the question: y sends the delete. */
static void delete_answer(app *a, int key)
{
	a->prompt.kind = PROMPT_NONE;
	delete_ask *d = app_slot(a, &delete_key);
	app_slot_set(a, &delete_key, NULL);
	if (!d)
		return;
	if (key != 'y' && key != 'Y') {
		app_status(a, false, "kept %s", d->what);
		delete_ask_free(d);
		return;
	}
	app_account *acc = &a->accounts[d->account];
	job_request *r = acc->net ? job_request_new(JOB_DELETE, acc->net, a->next_tag++, d->group_id)
	                          : NULL;
	if (!r) {
		app_status(a, true, "%s", acc->net ? "out of memory" : "the account is not open");
		delete_ask_free(d);
		return;
	}
	r->edit_seen = d->seen;
	r->source_key = d->source_key;
	d->seen = NULL;
	d->source_key = NULL;
	if (app_submit_write(a, r, delete_done, NULL, NULL) == 0)
		app_status(a, false, "deleting %s…", d->what);
	delete_ask_free(d);
}

/* The worker refused the delete of a source for want of the keys of a bucket
 * the question had not shown (added on the server since): the same delete
 * goes again, checked against the group the store now has from that fresh
 * read, the keys asked first. 0: asked (held), -1: not (status unchanged). */
static int resend_for_keys(app *a, const job_result *r, const char *what)
{
	app_account *acc = app_account_of(a, r->account);
	og_group *g = r->group_id ? store_find(&acc->store, r->group_id) : NULL;
	if (!g || !r->source_key || og_group_find_source(g, r->source_key) < 0)
		return -1;
	job_request *q = job_request_new(JOB_DELETE, acc->net, a->next_tag++, r->group_id);
	bool ok = q && (q->edit_seen = og_group_clone(g)) && (q->source_key = strdup(r->source_key));
	if (!ok) {
		job_request_free(q);
		return -1;
	}
	if (app_resubmit_write(a, q, delete_done, NULL, NULL, r->s3_bucket) < 0)
		return -1;
	app_status(a, false, "deleting %s…", what);
	return 0;
}

/* The JOB_DELETE handler (ctx unused: the question is gone by now). */
static void delete_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	bool current = acc == app_cur(a);
	const char *gid = r->group_id ? r->group_id : "";
	og_group *g = store_find(&acc->store, gid);
	char what[320];
	long si = g && r->source_key ? og_group_find_source(g, r->source_key) : -1;
	char addr[280];
	if (si >= 0)
		og_source_address(&g->sources[si], addr, sizeof addr);
	if (si >= 0)
		snprintf(what, sizeof what, "source \"%s\"", addr);
	else if (r->source_key)
		snprintf(what, sizeof what, "source \"%s\"", r->source_key);
	else
		snprintf(what, sizeof what, "group \"%s\"", g && g->name && g->name[0] ? g->name : gid);
	if (r->deleted) {
		store_remove_group(&acc->store, gid);
		/* a view showing it has nothing left to show, wherever it is in
		 * the stack (help may be on top of it) */
		for (int i = a->depth - 1; i >= 0; i--) {
			view *v = a->stack[i];
			if (&a->accounts[v->account] == acc &&
			    v->group_id && strcmp(v->group_id, gid) == 0)
				app_remove_view(a, i);
		}
	}
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (!current)
		return;
	if (s3_prompt_may_ask(a, r) && resend_for_keys(a, r, what) == 0)
		return;
	if (r->status == 0)
		app_status(a, false, "%s deleted", what);
	else
		app_status(a, true, "not deleted: %s", r->err.msg[0] ? r->err.msg : "the delete failed");
}

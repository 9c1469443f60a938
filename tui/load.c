/* Reading an account's data into its store: the list of its groups, or one
 * group read again. */
#include "tui/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void load_list(app *a, size_t idx)
{
	if (app_open_account(a, idx) < 0) {
		app_account *acc = &a->accounts[idx];
		app_status(a, true, "%s", acc->load_err);
		return;
	}
	app_account *acc = &a->accounts[idx];
	uint64_t tag = a->next_tag++;
	job_request *r = job_request_new(JOB_LIST, acc->net, tag, NULL);
	if (!r) {
		app_status(a, true, "out of memory");
		return;
	}
	if (app_submit(a, r, load_list_done, NULL, NULL) == 0) {
		acc->newest_list = tag;
		acc->lists_in_flight++;
	}
}

void load_group(app *a, size_t idx, const char *group_id)
{
	if (app_open_account(a, idx) < 0)
		return;
	job_request *r = job_request_new(JOB_GET, a->accounts[idx].net, a->next_tag++, group_id);
	if (!r) {
		app_status(a, true, "out of memory");
		return;
	}
	app_submit(a, r, load_group_done, NULL, NULL);
}

void load_list_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	bool current = acc == app_cur(a);
	if (acc->lists_in_flight > 0)
		acc->lists_in_flight--;
	if (r->tag < acc->newest_list)
		return;   /* an older list: a newer one was sent after it */
	if (r->status != 0) {
		acc->load_failed = true;
		snprintf(acc->load_err, sizeof acc->load_err, "%s", r->err.msg);
		if (current)
			app_status(a, true, "%s", r->err.msg);
		return;
	}
	/* the groups screen keeps its cursor on the same group (its
	 * keep_place / find_place) */
	store_replace_all(&acc->store, &r->groups);
	acc->store.loaded = true;
	acc->load_failed = false;
	acc->load_err[0] = '\0';
	acc->lists_applied++;
	if (current)
		app_status(a, false, "%zu groups", acc->store.groups.n);
}

void load_group_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	bool current = acc == app_cur(a);
	if (r->status != 0) {
		if (current)
			app_status(a, true, "%s", r->err.msg);
		return;
	}
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (current)
		app_status(a, false, "group %s refreshed", r->group_id ? r->group_id : "");
}

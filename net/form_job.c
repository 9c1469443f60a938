/* The form jobs: the same "fresh read, then make sure what the user edited
 * is still what they saw" rule as the toggles (net/change.c), around the
 * adapter's own form_check / form_save / delete hooks. */
#include "net/provider.h"
#include "model/og_clock.h"
#include "net/forms.h"
#include "net/writes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int net_form_fill(net_account *a, form *f, form_target t, const og_group *g,
                  const og_source *s, og_error *err)
{
	const net_provider *p = a->prov;
	if (!p->form_fill || !p->form_save) {
		og_error_set(err, OG_ERR_REFUSED, "forms are not available on %s", p->caps->provider_label);
		return -1;
	}
	if (t != FORM_GROUP_NEW && !g) {
		og_error_set(err, OG_ERR_INTERNAL, "a form without its group");
		return -1;
	}
	if (t == FORM_SOURCE_EDIT && !s) {
		og_error_set(err, OG_ERR_INTERNAL, "a source form without its source");
		return -1;
	}
	if (p->form_fill(f, t, g, s, err) < 0)
		return -1;
	f->touched = false;
	return 0;
}

bool net_form_check(net_account *a, form *f, form_target t, const og_group *g,
                    const og_source *s)
{
	form_clear_errors(f);
	return a->prov->form_check ? a->prov->form_check(f, t, g, s) : true;
}

bool net_can_delete(net_account *a, bool source)
{
	return source ? a->prov->delete_source != NULL : a->prov->delete_group != NULL;
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The group's own settings, the next-upstream cases as a set (Gcore may
 * give them back in its own order) and the provider's extra settings. */
static bool settings_same(const og_group *a, const og_group *b)
{
	if (!str_same(a->name, b->name) || a->use_next != b->use_next ||
	    a->n_next_upstream != b->n_next_upstream || a->n_settings != b->n_settings)
		return false;
	for (size_t i = 0; i < a->n_next_upstream; i++) {
		bool found = false;
		for (size_t k = 0; k < b->n_next_upstream && !found; k++)
			found = str_same(a->next_upstream[i], b->next_upstream[k]);
		if (!found)
			return false;
	}
	for (size_t i = 0; i < a->n_settings; i++)
		if (!str_same(a->settings[i].label, b->settings[i].label) ||
		    !str_same(a->settings[i].value, b->settings[i].value))
			return false;
	return true;
}

/* A source is the same when everything the user could see or edit is: the
 * flags, host, port, header, order, and the provider's object (without the
 * provider's own hook, compared whole). */
static bool source_same(const net_provider *p, const og_source *a, const og_source *b, bool *oom)
{
	if (a->enabled != b->enabled || a->backup != b->backup || a->primary != b->primary ||
	    a->port != b->port || a->order != b->order || !str_same(a->host, b->host) ||
	    !str_same(a->host_header, b->host_header) || !str_same(a->protocol, b->protocol))
		return false;
	const cJSON *ra = og_source_raw(a), *rb = og_source_raw(b);
	if (!ra || !rb)
		return true;
	if (p->raw_same)
		return p->raw_same(ra, rb, oom);
	return cJSON_Compare(ra, rb, 1);
}

/* Reads the group fresh. A group gone is a conflict (nothing sent). */
static int read_fresh(net_call *c, const char *group_id, og_group **fresh, og_error *err)
{
	if (settle_check(&c->acct->settle, group_id, err) < 0)
		return -1;
	double read_at = og_clock_seconds();
	if (c->acct->prov->get(c, group_id, fresh, err) == 0) {
		settle_read(&c->acct->settle, group_id, read_at);
		return 0;
	}
	if (err->kind == OG_ERR_NOTFOUND)
		og_error_set(err, OG_ERR_CONFLICT, "group %s is no longer on the server; nothing was sent",
		             group_id ? group_id : "");
	return -1;
}

static const char *name_of(const og_group *g)
{
	return g->name && g->name[0] ? g->name : (g->id ? g->id : "");
}

/* The source the user acted on, in fresh, if it is still what they saw;
 * else a conflict in err. */
static const og_source *still_seen(const net_provider *p, const og_group *fresh,
                                   const og_group *seen, const char *key, og_error *err)
{
	long fi = og_group_find_source(fresh, key ? key : "");
	if (fi < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\" on the "
		             "server; nothing was sent", key ? key : "", name_of(fresh));
		return NULL;
	}
	long si = seen ? og_group_find_source(seen, key) : -1;
	bool oom = false;
	if (si >= 0 && !source_same(p, &fresh->sources[fi], &seen->sources[si], &oom)) {
		if (oom)
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		else
			og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" of group \"%s\" was changed on the "
			             "server since it was shown; nothing was sent — Esc, r, then try again",
			             key, name_of(fresh));
		return NULL;
	}
	return &fresh->sources[fi];
}

int net_save_form(net_call *c, form *f, form_target t, const char *group_id,
                  const char *source_key, const og_group *seen, og_group **out, og_error *err)
{
	const net_provider *p = c->acct->prov;
	*out = NULL;
	if (!p->form_save) {
		og_error_set(err, OG_ERR_REFUSED, "forms are not available on %s", p->caps->provider_label);
		return -1;
	}
	og_group *fresh = NULL;
	const og_source *src = NULL;
	if (t != FORM_GROUP_NEW) {
		if (read_fresh(c, group_id, &fresh, err) < 0) {
			form_set_error(f, NULL, err->msg);   /* the form's line */
			return -1;
		}
		bool conflict = false;
		if (t == FORM_GROUP_EDIT && seen && !settings_same(fresh, seen)) {
			og_error_set(err, OG_ERR_CONFLICT, "group \"%s\" was changed on the server since the "
			             "form opened; nothing was sent — Esc, r, then edit again", name_of(fresh));
			conflict = true;
		} else if (t == FORM_SOURCE_EDIT) {
			src = still_seen(p, fresh, seen, source_key, err);
			conflict = src == NULL;
		}
		if (conflict) {
			form_set_error(f, NULL, err->msg);   /* the form's line */
			if (err->kind == OG_ERR_CONFLICT)
				*out = fresh;
			else
				og_group_free(fresh);
			return -1;
		}
	}
	/* The rules again on the server's state: a source added meanwhile by
	 * someone else makes this one a duplicate, for instance. */
	form_clear_errors(f);
	if (p->form_check && !p->form_check(f, t, fresh, src)) {
		og_error_set(err, OG_ERR_REFUSED, "%s", f->error[0] ? f->error
		             : "the form has wrong fields (marked); nothing was sent");
		og_group_free(fresh);
		return -1;
	}
	og_group *after = NULL;
	int rc = p->form_save(c, f, t, fresh, source_key, &after, err);
	/* A save whose answer proves nothing may land later (settle.h). */
	if (rc < 0 && fresh && settle_outcome_unknown(err))
		settle_mark(&c->acct->settle, fresh->id, fresh->name,
		            settle_grace(c->acct->timeout_seconds));
	if (rc < 0 && !f->error[0] && !form_has_errors(f))
		form_set_error(f, NULL, err->msg);   /* the form's line */
	og_group_free(fresh);
	*out = after;
	return rc;
}

int net_delete(net_call *c, const char *group_id, const char *source_key, const og_group *seen,
               og_group **out, bool *gone, og_error *err)
{
	const net_provider *p = c->acct->prov;
	*out = NULL;
	*gone = false;
	if (source_key ? !p->delete_source : !p->delete_group) {
		og_error_set(err, OG_ERR_REFUSED, "deleting %s is not available on %s",
		             source_key ? "sources" : "groups", p->caps->provider_label);
		return -1;
	}
	og_group *fresh = NULL;
	if (settle_check(&c->acct->settle, group_id, err) < 0)
		return -1;
	double read_at = og_clock_seconds();
	if (p->get(c, group_id, &fresh, err) == 0)
		settle_read(&c->acct->settle, group_id, read_at);
	else {
		if (err->kind != OG_ERR_NOTFOUND)
			return -1;
		/* Already gone: what the user wanted is so, and the list must drop it. */
		*gone = true;
		if (source_key)
			og_error_set(err, OG_ERR_CONFLICT, "group %s is no longer on the server; nothing was "
			             "sent", group_id);
		else
			og_error_clear(err);
		return source_key ? -1 : 0;
	}
	if (!source_key) {
		int rc = p->delete_group(c, fresh, err);
		if (rc == 0)
			*gone = true;
		else if (err->http_status >= 400)
			*out = fresh, fresh = NULL;
		og_group_free(fresh);
		return rc;
	}
	if (!still_seen(p, fresh, seen, source_key, err)) {
		*out = fresh;
		return -1;
	}
	og_group *after = NULL;
	int rc = p->delete_source(c, fresh, source_key, &after, err);
	if (rc < 0 && settle_outcome_unknown(err))
		settle_mark(&c->acct->settle, fresh->id, fresh->name,
		            settle_grace(c->acct->timeout_seconds));
	if (rc < 0 && !after && err->http_status >= 400)
		after = fresh, fresh = NULL;
	og_group_free(fresh);
	*out = after;
	return rc;
}

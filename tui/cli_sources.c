/* `origo sources`: the pivot (model/origins.h) of the accounts cli_common.c
 * loaded, as a table or as JSON. */
#include "tui/cli_bulk.h"

#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"

/* ---- printing ------------------------------------------------------------ */

static const char *acct_name(const cli_ctx *c, size_t i)
{
	return i < c->n && c->accts[i].cfg->name ? c->accts[i].cfg->name : "";
}

/* "gcore, yandex": the accounts of o's uses, each once, into out. */
static void accounts_of(const cli_ctx *c, const og_origin *o, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < o->n_uses && len < n; i++) {
		if (i > 0 && o->uses[i].account == o->uses[i - 1].account)
			continue;   /* uses are ordered by account */
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", acct_name(c, o->uses[i].account));
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static cJSON *tri_json(og_tri t)
{
	return t == OG_ABSENT ? cJSON_CreateNull() : cJSON_CreateBool(t == OG_YES);
}

static cJSON *origin_json(const cli_ctx *c, const og_origin *o)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "origin", o->name);
	cJSON_AddNumberToObject(j, "groups", (double)o->n_groups);
	cJSON_AddNumberToObject(j, "uses", (double)o->n_uses);
	cJSON_AddNumberToObject(j, "enabled", (double)o->n_enabled);
	cJSON_AddNumberToObject(j, "backup", (double)o->n_backup);
	cJSON *accts = cJSON_AddArrayToObject(j, "accounts");
	cJSON *uses = cJSON_AddArrayToObject(j, "used_by");
	if (!accts || !uses) {
		cJSON_Delete(j);
		return NULL;
	}
	for (size_t i = 0; i < o->n_uses; i++) {
		const og_origin_use *u = &o->uses[i];
		if (i == 0 || u->account != o->uses[i - 1].account)
			cJSON_AddItemToArray(accts, cJSON_CreateString(acct_name(c, u->account)));
		const og_source *s = &u->group->sources[u->source];
		cJSON *e = cJSON_CreateObject();
		if (!e) {
			cJSON_Delete(j);
			return NULL;
		}
		cJSON_AddStringToObject(e, "account", acct_name(c, u->account));
		cJSON_AddStringToObject(e, "group", u->group->name ? u->group->name : "");
		cJSON_AddStringToObject(e, "group_id", u->group->id ? u->group->id : "");
		cJSON_AddStringToObject(e, "source", s->key ? s->key : "");
		cJSON_AddItemToObject(e, "enabled", tri_json(s->enabled));
		cJSON_AddItemToObject(e, "backup", tri_json(s->backup));
		cJSON_AddItemToArray(uses, e);
	}
	return j;
}

static int print_sources_json(const cli_ctx *c, FILE *out)
{
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return -1;
	for (size_t v = 0; v < c->origins.n_view; v++) {
		cJSON *o = origin_json(c, &c->origins.items[c->origins.view[v]]);
		if (!o) {
			cJSON_Delete(arr);
			return -1;
		}
		cJSON_AddItemToArray(arr, o);
	}
	return cli_print_json(arr, out);
}

#define ORIGIN_COLS 48

int cli_sources_print(const cli_ctx *c, bool json, FILE *out)
{
	if (json)
		return print_sources_json(c, out) < 0 || fflush(out) == EOF ? -1 : 0;
	/* the origin column as wide as its longest entry, at most ORIGIN_COLS */
	int w = draw_width("ORIGIN");
	for (size_t v = 0; v < c->origins.n_view; v++) {
		int ow = draw_width(c->origins.items[c->origins.view[v]].name);
		if (ow > w)
			w = ow;
	}
	if (w > ORIGIN_COLS)
		w = ORIGIN_COLS;
	char cell[ORIGIN_NAME_MAX * 4];
	draw_pad("ORIGIN", w, cell, sizeof cell);
	fprintf(out, "%s  GROUPS  ENABLED  BACKUP  ACCOUNTS\n", cell);
	for (size_t v = 0; v < c->origins.n_view; v++) {
		const og_origin *o = &c->origins.items[c->origins.view[v]];
		char accts[512], en[48];
		accounts_of(c, o, accts, sizeof accts);
		snprintf(en, sizeof en, "%zu/%zu", o->n_enabled, o->n_uses);
		draw_pad(o->name, w, cell, sizeof cell);
		fprintf(out, "%s  %6zu  %7s  %6zu  %s\n", cell, o->n_groups, en, o->n_backup, accts);
	}
	return ferror(out) || fflush(out) == EOF ? -1 : 0;
}

void cli_origin_unknown(const cli_ctx *c, const char *name, char *out, size_t n)
{
	size_t near[3];
	size_t k = origins_near(&c->origins, name, near, 3);
	int len = snprintf(out, n, "%s is used by no group", name);
	for (size_t i = 0; i < k && len >= 0 && (size_t)len < n; i++)
		len += snprintf(out + len, n - (size_t)len, "%s%s", i ? ", " : "; ",
		                c->origins.items[near[i]].name);
	if (k && len >= 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, " %s", k == 1 ? "is" : "are");
}

/* The one form engine (net/form_table.h). */
#include "net/form_table.h"

#include <stdio.h>
#include <string.h>

/* The member at path under o, or NULL. */
static const cJSON *at_path(const cJSON *o, const char *path)
{
	char name[128];
	while (o && path && *path) {
		size_t len = strcspn(path, "/");
		if (len >= sizeof name)
			return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		o = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
		path += len + (path[len] == '/');
	}
	return o;
}

static size_t item_index(const form_spec *s, const char *v)
{
	for (size_t i = 0; v && i < s->n_items; i++)
		if (strcmp(s->items[i], v) == 0)
			return i;
	return 0;
}

bool form_table_fill(form *f, const form_spec *t, size_t n, unsigned parts, const cJSON *from,
                     unsigned flags)
{
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (!(s->part & parts))
			continue;
		const cJSON *v = from && s->path && !s->masked ? at_path(from, s->path) : NULL;
		form_field *ff = NULL;
		const char *label = flags & FORM_FILL_ALT_LABELS && s->alt_label ? s->alt_label : s->label;
		bool dflt = from && flags & FORM_FILL_PROTO3 ? false : s->on;
		switch (s->kind) {
		case FORM_TEXT:
			ff = form_add_text(f, s->key, label, cJSON_IsString(v) ? v->valuestring : "",
			                   s->masked);
			break;
		case FORM_CHECKBOX:
			ff = form_add_checkbox(f, s->key, label, cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt);
			break;
		case FORM_CHOICE:
			ff = form_add_choice(f, s->key, label, s->items, s->n_items,
			                     item_index(s, cJSON_IsString(v) ? v->valuestring : NULL));
			break;
		case FORM_CHECKLIST:
			break;   /* not described by tables yet */
		}
		if (!ff)
			return false;
		if (s->hint)
			form_set_hint(ff, s->hint);
		if (flags & FORM_FILL_SHOW_IF && s->show_if)
			form_show_if(ff, s->show_if, s->show_mask);
	}
	return true;
}

void form_table_set_text(form *f, const char *key, const char *text)
{
	form_field *ff = form_find(f, key);
	if (!ff || ff->kind != FORM_TEXT)
		return;
	snprintf(ff->text, sizeof ff->text, "%s", text ? text : "");
	ff->cur = strlen(ff->text);
}

void form_table_check(form *f, const form_spec *t, size_t n)
{
	char text[FORM_TEXT_MAX], why[200];
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (s->kind != FORM_TEXT || !form_shown(f, s->key))
			continue;
		form_text(f, s->key, text, sizeof text);
		size_t chars = form_utf8_chars(text);
		const char *bad;
		if (!text[0]) {
			if (s->required)
				form_field_error(f, s->key, "%s", s->required);
		} else if (s->max_chars && chars > s->max_chars) {
			if (s->max_counts)
				form_field_error(f, s->key, "at most %zu characters (this has %zu)",
				                 s->max_chars, chars);
			else
				form_field_error(f, s->key, "at most %zu characters", s->max_chars);
		} else if (s->validate && (bad = s->validate(text, why, sizeof why))) {
			form_field_error(f, s->key, "%s", bad);
		}
	}
}

/* Sets member name of o to v: replaced in its place (move_last: removed
 * first), or added last. */
static bool put_member(cJSON *o, const char *name, cJSON *v, bool move_last)
{
	if (!v)
		return false;
	if (move_last)
		cJSON_DeleteItemFromObjectCaseSensitive(o, name);
	if (cJSON_GetObjectItemCaseSensitive(o, name))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, name, v);
	return cJSON_AddItemToObject(o, name, v);
}

/* The object holding the last member of path (made when missing) and
 * that member's name in name. */
static cJSON *parent_of(cJSON *o, const char *path, char *name, size_t size)
{
	for (;;) {
		size_t len = strcspn(path, "/");
		if (len >= size)
			return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		if (!path[len])
			return o;
		cJSON *c = cJSON_GetObjectItemCaseSensitive(o, name);
		if (!cJSON_IsObject(c)) {
			cJSON_DeleteItemFromObjectCaseSensitive(o, name);
			if (!(c = cJSON_AddObjectToObject(o, name)))
				return NULL;
		}
		o = c;
		path += len + 1;
	}
}

bool form_table_write(form *f, const form_spec *t, size_t n, unsigned parts, cJSON *obj,
                      unsigned flags)
{
	char text[FORM_TEXT_MAX], name[128];
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (!(s->part & parts) || s->send == FORM_SEND_NONE || !s->path || !form_find(f, s->key))
			continue;
		cJSON *o = parent_of(obj, s->path, name, sizeof name);
		if (!o)
			return false;
		cJSON *v = NULL;
		switch (s->kind) {
		case FORM_TEXT:
			form_text(f, s->key, text, sizeof text);
			if (!text[0] && s->send == FORM_SEND_OR_ABSENT) {
				cJSON_DeleteItemFromObjectCaseSensitive(o, name);
				continue;
			}
			v = !text[0] && s->send == FORM_SEND_OR_NULL ? cJSON_CreateNull()
			                                             : cJSON_CreateString(text);
			break;
		case FORM_CHECKBOX:
			v = cJSON_CreateBool(form_on(f, s->key));
			break;
		case FORM_CHOICE: {
			const char *c = form_choice(f, s->key);
			v = cJSON_CreateString(c ? c : s->n_items ? s->items[0] : "");
			break;
		}
		case FORM_CHECKLIST:
			continue;
		}
		if (!put_member(o, name, v, flags & FORM_WRITE_MOVE_LAST))
			return false;
	}
	return true;
}

const char *form_table_key(const form_spec *t, size_t n, const char *path)
{
	for (size_t i = 0; path && i < n; i++)
		if (t[i].path && strcmp(t[i].path, path) == 0)
			return t[i].key;
	return NULL;
}

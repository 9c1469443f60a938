/* The one form engine (net/form_table.h). */
#include "net/form_table.h"
#include "net/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/* path with each "{key}" replaced by the chosen item of choice `key` of
 * the form, into out; NULL when it does not fit or the choice has none. */
static const char *expand(form *f, const char *path, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = path; *p;) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		size_t lit = open && close ? (size_t)(open - p) : strlen(p);
		const char *item = NULL;
		if (open && close) {
			char key[64];
			if ((size_t)(close - open - 1) >= sizeof key)
				return NULL;
			snprintf(key, sizeof key, "%.*s", (int)(close - open - 1), open + 1);
			if (!(item = form_choice(f, key)))
				return NULL;
		}
		size_t il = item ? strlen(item) : 0;
		if (n + lit + il >= size)
			return NULL;
		memcpy(out + n, p, lit);
		memcpy(out + n + lit, item ? item : "", il);
		n += lit + il;
		p = close ? close + 1 : p + lit;
	}
	out[n] = '\0';
	return out;
}

/* Whether choice `key` has an item whose bit (as form_show_if's) is in
 * mask; a checkbox's items are off (bit 0) and on (bit 1). */
static bool cond_holds(form *f, const char *key, unsigned mask)
{
	form_field *ff = form_find(f, key);
	if (!ff)
		return false;
	size_t i = ff->kind == FORM_CHECKBOX ? ff->on : ff->kind == FORM_CHOICE ? ff->choice : 32;
	return i < 32 && mask & (1u << i);
}

/* The index of the first item naming a member of object o (a oneof). */
static size_t oneof_index(const form_spec *s, const cJSON *o)
{
	for (size_t i = 0; cJSON_IsObject(o) && i < s->n_items; i++)
		if (cJSON_GetObjectItemCaseSensitive(o, s->items[i]))
			return i;
	return 0;
}

/* The integer a number field stands for: its text in range, else the
 * default its choice picks. */
static long number_of(form *f, const form_spec *s, const char *text)
{
	long v = text[0] && strspn(text, "0123456789") == strlen(text) && strlen(text) < 19
	         ? strtol(text, NULL, 10) : s->num_min - 1;
	if (v >= s->num_min && v <= s->num_max)
		return v;
	form_field *by = s->num_dflt_by ? form_find(f, s->num_dflt_by) : NULL;
	return s->num_dflts ? s->num_dflts[by && by->kind == FORM_CHOICE ? by->choice : 0] : 0;
}

/* The text a JSON value shows as: a string, or a number's digits (NULL: none). */
static const char *text_of(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.0f", v->valuedouble);
		return buf;
	}
	return NULL;
}

bool form_table_fill(form *f, const form_spec *t, size_t n, unsigned parts, const cJSON *from,
                     unsigned flags)
{
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (!(s->part & parts))
			continue;
		char path[256], num[32];
		const char *p = s->path ? expand(f, s->path, path, sizeof path) : NULL;
		const cJSON *v = from && p && !s->masked ? at_path(from, p) : NULL;
		form_field *ff = NULL;
		const char *tv;
		const char *label = flags & FORM_FILL_ALT_LABELS && s->alt_label ? s->alt_label : s->label;
		bool dflt = from && flags & FORM_FILL_PROTO3 ? false : s->on;
		switch (s->kind) {
		case FORM_TEXT:
			if (s->send == FORM_SEND_LIST || s->send == FORM_SEND_LIST_LOWER) {
				char list[FORM_TEXT_MAX];
				json_join_strings(cJSON_IsArray(v) ? v : NULL, list, sizeof list);
				ff = form_add_text(f, s->key, label, list, s->masked);
				break;
			}
			tv = s->send == FORM_SEND_NUMBER ? text_of(v, num, sizeof num)
			                                 : cJSON_IsString(v) ? v->valuestring : NULL;
			ff = form_add_text(f, s->key, label, tv ? tv : "", s->masked);
			/* a number the default stands for, a text what it derives:
			 * shown empty, so that it follows (its choice, its fields) */
			if (ff && tv && s->send == FORM_SEND_NUMBER && s->num_dflts &&
			    number_of(f, s, "") == strtol(tv, NULL, 10))
				ff->text[0] = '\0', ff->cur = 0;
			char follows[FORM_TEXT_MAX];
			if (ff && tv && s->derive && s->derive(f, follows, sizeof follows) &&
			    strcmp(follows, tv) == 0)
				ff->text[0] = '\0', ff->cur = 0;
			break;
		case FORM_CHECKBOX:
			ff = form_add_checkbox(f, s->key, label, cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt);
			break;
		case FORM_CHOICE: {
			double d = cJSON_IsNumber(v) ? v->valuedouble - s->number_base : -1;
			size_t c = s->oneof ? oneof_index(s, v)
			           : s->send != FORM_SEND_NUMBER
			           ? item_index(s, cJSON_IsString(v) ? v->valuestring : NULL)
			           : d >= 0 && d < (double)s->n_items ? (size_t)d : 0;
			ff = form_add_choice(f, s->key, label, s->items, s->n_items, c);
			if (ff && s->other_item && cJSON_IsNumber(v) && s->send == FORM_SEND_NUMBER &&
			    !(d >= 0 && d < (double)s->n_items) && s->n_items < FORM_MAX_ITEMS) {
				ff->items[ff->n_items] = s->other_item;
				ff->choice = ff->n_items++;
			}
			break;
		}
		case FORM_CHECKLIST: {
			ff = form_add_checklist(f, s->key, label, s->items, s->n_items);
			/* from the server: the strings of its array; new: `ticked` */
			const cJSON *e, *arr = cJSON_IsArray(v) ? v : NULL;
			if (ff && from)
				cJSON_ArrayForEach(e, arr)
					for (size_t k = 0; cJSON_IsString(e) && k < ff->n_items; k++)
						ff->checked[k] |= strcmp(e->valuestring, ff->items[k]) == 0;
			for (size_t j = 0; ff && !from && j < s->n_ticked; j++)
				for (size_t k = 0; k < ff->n_items; k++)
					ff->checked[k] |= strcmp(s->ticked[j], ff->items[k]) == 0;
			break;
		}
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
	form_table_check_as(f, t, n, true);
}

void form_table_check_as(form *f, const form_spec *t, size_t n, bool create)
{
	char text[FORM_TEXT_MAX], why[200], msg[200];
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (!form_shown(f, s->key))
			continue;
		bool required = s->required && (!s->required_if ||
		                                cond_holds(f, s->required_if, s->required_mask));
		const char *req = required && strchr(s->required, '{')
		                  ? expand(f, s->required, msg, sizeof msg) : s->required;
		if (!req)
			req = s->required;
		if (s->kind == FORM_CHECKLIST && required && !form_checked_count(form_find(f, s->key)))
			form_field_error(f, s->key, "%s", req);
		if (s->kind != FORM_TEXT)
			continue;
		form_text(f, s->key, text, sizeof text);
		size_t chars = form_utf8_chars(text);
		const char *bad;
		if (!text[0]) {
			if (required && !(s->derive && s->derive(f, why, sizeof why)))
				form_field_error(f, s->key, "%s", req);
		} else if (s->max_chars && chars > s->max_chars) {
			if (s->max_counts)
				form_field_error(f, s->key, "at most %zu characters (this has %zu)",
				                 s->max_chars, chars);
			else
				form_field_error(f, s->key, "at most %zu characters", s->max_chars);
		} else if (s->validate &&
		           (bad = s->validate(text, &(form_check_ctx){ f, s->arg, create, why,
		                                                       sizeof why }))) {
			form_field_error(f, s->key, "%s", bad);
		}
	}
}

const char *form_table_hostport(const char *text, const form_check_ctx *c)
{
	const form_hostport *h = c->arg;
	hostport_rules r = h->rules;
	if (c->create && h->create_max)
		r.max_chars = h->create_max;
	hostport_problem p = hostport_check(text, &r);
	if (p == HOSTPORT_OK)
		return NULL;
	if (p == HOSTPORT_TOO_LONG) {
		snprintf(c->why, c->n, "at most %zu characters (this has %zu)", r.max_chars,
		         form_utf8_chars(text));
		return c->why;
	}
	return h->words[p];
}

/* The items of a typed list (commas and/or spaces between) as an array of
 * strings; NULL on out of memory. */
static cJSON *list_of(char *text, bool lower)
{
	cJSON *arr = cJSON_CreateArray();
	for (char *save = NULL, *w = arr ? strtok_r(text, ", \t", &save) : NULL; w;
	     w = strtok_r(NULL, ", \t", &save)) {
		for (char *c = w; lower && *c; c++)
			*c = (char)tolower((unsigned char)*c);
		cJSON *e = cJSON_CreateString(w);
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
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
	char text[FORM_TEXT_MAX], name[128], path[256];
	for (size_t i = 0; i < n; i++) {
		const form_spec *s = &t[i];
		if (!(s->part & parts) || s->send == FORM_SEND_NONE || !s->path || !form_find(f, s->key))
			continue;
		bool hidden = !form_shown(f, s->key);
		if (hidden && flags & FORM_WRITE_SHOWN)
			continue;
		const char *p = expand(f, s->path, path, sizeof path);
		cJSON *o = p ? parent_of(obj, p, name, sizeof name) : NULL;
		if (!o)
			return false;
		cJSON *v = NULL;
		if (hidden && flags & FORM_WRITE_HIDDEN_NULL) {
			if (!put_member(o, name, cJSON_CreateNull(), flags & FORM_WRITE_MOVE_LAST))
				return false;
			continue;
		}
		switch (s->kind) {
		case FORM_TEXT:
			form_text(f, s->key, text, sizeof text);
			if (!text[0] && s->derive)
				s->derive(f, text, sizeof text);   /* it follows: "" when nothing */
			if (s->send == FORM_SEND_LIST || s->send == FORM_SEND_LIST_LOWER) {
				if (!(v = list_of(text, s->send == FORM_SEND_LIST_LOWER)))
					return false;
				break;
			}
			if (!text[0] && s->send == FORM_SEND_OR_ABSENT) {
				cJSON_DeleteItemFromObjectCaseSensitive(o, name);
				continue;
			}
			v = s->send == FORM_SEND_NUMBER ? cJSON_CreateNumber((double)number_of(f, s, text))
			    : !text[0] && s->send == FORM_SEND_OR_NULL ? cJSON_CreateNull()
			    : cJSON_CreateString(text);
			break;
		case FORM_CHECKBOX:
			v = cJSON_CreateBool(form_on(f, s->key));
			break;
		case FORM_CHOICE: {
			const char *c = form_choice(f, s->key);
			if (s->oneof) {   /* {"<item>":{}}, its members the fields' */
				cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
				if (!cJSON_IsObject(m) && (cJSON_DeleteItemFromObjectCaseSensitive(o, name),
				                            !(m = cJSON_AddObjectToObject(o, name))))
					return false;
				for (size_t k = 0; k < s->n_items; k++)   /* one member: the chosen */
					if (!c || strcmp(s->items[k], c) != 0)
						cJSON_DeleteItemFromObjectCaseSensitive(m, s->items[k]);
				if (c && !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m, c)) &&
				    !put_member(m, c, cJSON_CreateObject(), false))
					return false;
				continue;
			}
			if (s->send == FORM_SEND_NUMBER) {
				form_field *ff = form_find(f, s->key);
				if (ff->choice >= s->n_items)   /* an item beyond the table's: kept */
					continue;
				v = cJSON_CreateNumber((double)ff->choice + s->number_base);
				break;
			}
			v = cJSON_CreateString(c ? c : s->n_items ? s->items[0] : "");
			break;
		}
		case FORM_CHECKLIST: {
			form_field *ff = form_find(f, s->key);
			if (!(v = cJSON_CreateArray()))
				return false;
			for (size_t k = 0; k < ff->n_items; k++) {
				cJSON *e = ff->checked[k] ? cJSON_CreateString(ff->items[k]) : NULL;
				if (ff->checked[k] && !cJSON_AddItemToArray(v, e)) {
					cJSON_Delete(e);
					cJSON_Delete(v);
					return false;
				}
			}
			break;
		}
		}
		if (!put_member(o, name, v, flags & FORM_WRITE_MOVE_LAST))
			return false;
	}
	return true;
}

/* The next character of a path as compared (loose: '.' is '/', lower
 * case, '_' skipped); moves *p past it. */
static int path_char(const char **p, bool loose)
{
	while (loose && **p == '_')
		(*p)++;
	int c = (unsigned char)**p;
	if (c)
		(*p)++;
	return !loose ? c : c == '.' ? '/' : tolower(c);
}

/* Whether a member named by the n bytes at m is an item of choice `key`
 * that field s shows. */
static bool item_matches(const form_spec *t, size_t n, const form_spec *s, const char *key,
                         const char *m, size_t len, bool loose)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].key, key) != 0)
			continue;
		for (size_t k = 0; k < t[i].n_items && k < 32; k++) {
			if (s->show_if && strcmp(s->show_if, key) == 0 && !(s->show_mask & (1u << k)))
				continue;
			const char *a = t[i].items[k], *b = m, *end = m + len;
			int ca, cb;
			do {
				ca = path_char(&a, loose);
				cb = b < end ? path_char(&b, loose) : 0;
			} while (ca && ca == cb);
			if (!ca && !cb && b >= end)
				return true;
		}
	}
	return false;
}

static bool path_matches(const form_spec *t, size_t n, const form_spec *s, const char *path,
                         bool loose)
{
	const char *a = s->path, *b = path;
	while (*a) {
		if (*a == '{') {
			const char *close = strchr(a, '}');
			char key[64];
			if (!close || (size_t)(close - a - 1) >= sizeof key)
				return false;
			snprintf(key, sizeof key, "%.*s", (int)(close - a - 1), a + 1);
			size_t len = strcspn(b, loose ? "/." : "/");
			if (!item_matches(t, n, s, key, b, len, loose))
				return false;
			a = close + 1;
			b += len;
			continue;
		}
		if (path_char(&a, loose) != path_char(&b, loose))
			return false;
	}
	while (loose && *b == '_')
		b++;
	return !*b;
}

static const char *key_of(const form_spec *t, size_t n, const char *path, bool loose)
{
	for (size_t i = 0; path && i < n; i++)
		if (t[i].path && path_matches(t, n, &t[i], path, loose))
			return t[i].key;
	return NULL;
}

const char *form_table_key(const form_spec *t, size_t n, const char *path)
{
	return key_of(t, n, path, false);
}

const char *form_table_key_loose(const form_spec *t, size_t n, const char *path)
{
	return key_of(t, n, path, true);
}

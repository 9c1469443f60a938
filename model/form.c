/* The form's field logic: editing, moving between fields, validation. Pure
 * (no curses) so that tests drive it key by key. */
#include "model/form.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void form_init(form *f, const char *title)
{
	memset(f, 0, sizeof *f);
	snprintf(f->title, sizeof f->title, "%s", title ? title : "");
}

static form_field *add(form *f, form_kind kind, const char *key, const char *label)
{
	if (f->n_fields >= FORM_MAX_FIELDS)
		return NULL;
	form_field *ff = &f->fields[f->n_fields++];
	memset(ff, 0, sizeof *ff);
	ff->kind = kind;
	snprintf(ff->key, sizeof ff->key, "%s", key ? key : "");
	snprintf(ff->label, sizeof ff->label, "%s", label ? label : "");
	return ff;
}

form_field *form_add_text(form *f, const char *key, const char *label, const char *value, bool masked)
{
	form_field *ff = add(f, FORM_TEXT, key, label);
	if (ff) {
		snprintf(ff->text, sizeof ff->text, "%s", value ? value : "");
		ff->cur = strlen(ff->text);
		ff->masked = masked;
	}
	return ff;
}

form_field *form_add_checkbox(form *f, const char *key, const char *label, bool on)
{
	form_field *ff = add(f, FORM_CHECKBOX, key, label);
	if (ff)
		ff->on = on;
	return ff;
}

static void set_items(form_field *ff, const char *const *items, size_t n)
{
	if (n > FORM_MAX_ITEMS)
		n = FORM_MAX_ITEMS;
	for (size_t i = 0; i < n; i++)
		ff->items[i] = items[i];
	ff->n_items = n;
}

form_field *form_add_choice(form *f, const char *key, const char *label,
                            const char *const *items, size_t n, size_t chosen)
{
	form_field *ff = add(f, FORM_CHOICE, key, label);
	if (ff) {
		set_items(ff, items, n);
		ff->choice = chosen < ff->n_items ? chosen : 0;
	}
	return ff;
}

form_field *form_add_checklist(form *f, const char *key, const char *label,
                               const char *const *items, size_t n)
{
	form_field *ff = add(f, FORM_CHECKLIST, key, label);
	if (ff)
		set_items(ff, items, n);
	return ff;
}

form_field *form_find(form *f, const char *key)
{
	for (size_t i = 0; key && i < f->n_fields; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

void form_show_if(form_field *ff, const char *choice_key, unsigned mask)
{
	if (!ff)
		return;
	snprintf(ff->show_if, sizeof ff->show_if, "%s", choice_key ? choice_key : "");
	ff->show_mask = mask;
}

bool form_field_visible(const form *f, size_t i)
{
	if (i >= f->n_fields)
		return false;
	const form_field *ff = &f->fields[i];
	if (!ff->show_if[0])
		return true;
	for (size_t k = 0; k < f->n_fields; k++) {
		const form_field *c = &f->fields[k];
		if (c->kind == FORM_CHOICE && strcmp(c->key, ff->show_if) == 0)
			return c->choice < 32 && (ff->show_mask >> c->choice) & 1u;
	}
	return true;   /* no such choice: never hide what cannot be shown again */
}

bool form_shown(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	return ff && form_field_visible(f, (size_t)(ff - f->fields));
}

void form_set_hint(form_field *ff, const char *hint)
{
	if (ff)
		snprintf(ff->hint, sizeof ff->hint, "%s", hint ? hint : "");
}

const char *form_text(form *f, const char *key, char *buf, size_t n)
{
	if (!n)
		return buf;
	buf[0] = '\0';
	form_field *ff = form_find(f, key);
	if (!ff || ff->kind != FORM_TEXT)
		return buf;
	const char *s = ff->text;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	snprintf(buf, n, "%.*s", (int)len, s);
	return buf;
}

bool form_on(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	return ff && ff->kind == FORM_CHECKBOX && ff->on;
}

const char *form_choice(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	if (!ff || ff->kind != FORM_CHOICE || ff->choice >= ff->n_items)
		return NULL;
	return ff->items[ff->choice];
}

void form_copy_errors(form *dst, const form *src)
{
	snprintf(dst->error, sizeof dst->error, "%s", src->error);
	for (size_t i = 0; i < dst->n_fields; i++) {
		dst->fields[i].error[0] = '\0';
		for (size_t k = 0; k < src->n_fields; k++)
			if (strcmp(dst->fields[i].key, src->fields[k].key) == 0) {
				snprintf(dst->fields[i].error, sizeof dst->fields[i].error, "%s",
				         src->fields[k].error);
				break;
			}
	}
}

size_t form_checked_count(const form_field *ff)
{
	size_t n = 0;
	for (size_t i = 0; i < ff->n_items; i++)
		n += ff->checked[i];
	return n;
}

/* Byte offsets of the UTF-8 character before / after the cursor. */
static size_t prev_char(const char *s, size_t at)
{
	while (at > 0) {
		at--;
		if (((unsigned char)s[at] & 0xC0) != 0x80)
			break;
	}
	return at;
}

static size_t next_char(const char *s, size_t at)
{
	size_t n = strlen(s);
	if (at >= n)
		return n;
	at++;
	while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
		at++;
	return at;
}

/* true when the text changed */
static bool text_key(form_field *ff, int key)
{
	char *t = ff->text;
	size_t n = strlen(t);
	if (ff->cur > n)
		ff->cur = n;
	switch (key) {
	case FK_LEFT: ff->cur = prev_char(t, ff->cur); return false;
	case FK_RIGHT: ff->cur = next_char(t, ff->cur); return false;
	case FK_HOME: ff->cur = 0; return false;
	case FK_END: ff->cur = n; return false;
	case FK_BACKSPACE: {
		if (ff->cur == 0)
			return false;
		size_t p = prev_char(t, ff->cur);
		memmove(t + p, t + ff->cur, n - ff->cur + 1);
		ff->cur = p;
		return true;
	}
	case FK_DELETE: {
		if (ff->cur >= n)
			return false;
		size_t q = next_char(t, ff->cur);
		memmove(t + ff->cur, t + q, n - q + 1);
		return true;
	}
	case FK_KILL_LINE:
		if (n == 0)
			return false;
		t[0] = '\0';
		ff->cur = 0;
		return true;
	default:
		if (key >= 32 && key < 256 && key != 127 && n + 1 < sizeof ff->text) {
			memmove(t + ff->cur + 1, t + ff->cur, n - ff->cur + 1);
			t[ff->cur++] = (char)key;
			return true;
		}
		return false;
	}
}

form_outcome form_key(form *f, int key)
{
	if (f->n_fields == 0)
		return key == FK_ESC ? FORM_CANCEL : (key == FK_SAVE ? FORM_SAVE : FORM_GOING);
	if (f->focus >= f->n_fields)
		f->focus = 0;
	switch (key) {
	case FK_SAVE:
		return FORM_SAVE;
	case FK_ESC:
		return f->touched ? FORM_ASK_CANCEL : FORM_CANCEL;
	case FK_TAB:
	case FK_BTAB:
		/* the next shown field; field 0 is never hidden in practice, and
		 * the loop stops after one round whatever the form holds */
		for (size_t n = 0; n < f->n_fields; n++) {
			f->focus = key == FK_TAB ? (f->focus + 1) % f->n_fields
			                         : (f->focus + f->n_fields - 1) % f->n_fields;
			if (form_field_visible(f, f->focus))
				break;
		}
		return FORM_GOING;
	default:
		break;
	}
	form_field *ff = &f->fields[f->focus];
	bool changed = false;
	switch (ff->kind) {
	case FORM_TEXT:
		if (key == FK_UP || key == FK_DOWN) {   /* Up/Down move like Shift-Tab/Tab */
			return form_key(f, key == FK_UP ? FK_BTAB : FK_TAB);
		}
		changed = text_key(ff, key);
		break;
	case FORM_CHECKBOX:
		if (key == ' ') {
			ff->on = !ff->on;
			changed = true;
		} else if (key == FK_UP || key == FK_DOWN) {
			return form_key(f, key == FK_UP ? FK_BTAB : FK_TAB);
		}
		break;
	case FORM_CHOICE:
		if (ff->n_items == 0)
			break;
		if (key == ' ' || key == FK_RIGHT) {
			ff->choice = (ff->choice + 1) % ff->n_items;
			changed = true;
		} else if (key == FK_LEFT) {
			ff->choice = (ff->choice + ff->n_items - 1) % ff->n_items;
			changed = true;
		} else if (key == FK_UP || key == FK_DOWN) {
			return form_key(f, key == FK_UP ? FK_BTAB : FK_TAB);
		}
		break;
	case FORM_CHECKLIST:
		if (ff->n_items == 0)
			break;
		if (key == ' ') {
			ff->checked[ff->choice] = !ff->checked[ff->choice];
			changed = true;
		} else if (key == FK_DOWN) {
			if (ff->choice + 1 < ff->n_items)
				ff->choice++;
			else
				return form_key(f, FK_TAB);
		} else if (key == FK_UP) {
			if (ff->choice > 0)
				ff->choice--;
			else
				return form_key(f, FK_BTAB);
		} else if (key == FK_HOME) {
			ff->choice = 0;
		} else if (key == FK_END) {
			ff->choice = ff->n_items - 1;
		}
		break;
	}
	if (changed) {
		f->touched = true;
		ff->error[0] = '\0';   /* the user is fixing it */
	}
	return FORM_GOING;
}

void form_wipe(form *f)
{
	for (size_t i = 0; f && i < f->n_fields; i++)
		if (f->fields[i].masked)
			explicit_bzero(f->fields[i].text, sizeof f->fields[i].text);
}

void form_clear_errors(form *f)
{
	f->error[0] = '\0';
	for (size_t i = 0; i < f->n_fields; i++)
		f->fields[i].error[0] = '\0';
}

void form_set_error(form *f, const char *key, const char *msg)
{
	form_field *ff = form_find(f, key);
	if (ff)
		snprintf(ff->error, sizeof ff->error, "%s", msg ? msg : "");
	else
		snprintf(f->error, sizeof f->error, "%s", msg ? msg : "");
}

void form_append_cut(char *dst, size_t size, const char *sep, const char *src)
{
	size_t n = strlen(dst);
	const char *parts[2] = { n ? sep : "", src };
	for (int k = 0; k < 2; k++) {
		size_t m = strlen(parts[k]);
		if (n + 1 >= size)
			return;
		if (m > size - n - 1)
			m = size - n - 1;
		memcpy(dst + n, parts[k], m);
		n += m;
		dst[n] = '\0';
	}
}

void form_error_line_add(form *f, const char *msg, bool once)
{
	if (once && (!msg || !*msg || strstr(f->error, msg)))
		return;
	form_append_cut(f->error, sizeof f->error, "; ", msg ? msg : "");
}

bool form_place_error(form *f, const char *key, const char *label, const char *msg,
                      const form_error_policy *p)
{
	msg = msg ? msg : "";
	form_field *ff = key ? form_find(f, key) : NULL;
	if (ff && form_shown(f, key)) {
		if (p->add_up)
			form_append_cut(ff->error, sizeof ff->error, " ", msg);
		else if (!ff->error[0])
			snprintf(ff->error, sizeof ff->error, "%s", msg);
		return true;
	}
	if (!label) {
		form_error_line_add(f, msg, p->line_once);
		return false;
	}
	char line[sizeof f->error];
	snprintf(line, sizeof line, "%s: %s", label, msg);
	form_error_line_add(f, line, p->line_once);
	return false;
}

void form_field_error(form *f, const char *key, const char *fmt, ...)
{
	form_field *ff = form_find(f, key);
	if (ff && ff->error[0])
		return;
	char msg[sizeof ff->error];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	form_set_error(f, key, msg);
}

bool form_has_errors(const form *f)
{
	if (f->error[0])
		return true;
	for (size_t i = 0; i < f->n_fields; i++)
		if (f->fields[i].error[0])
			return true;
	return false;
}

/* Characters, not bytes: the APIs count a name's length in characters. */
size_t form_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The form view: draws app.form, turns curses keys into form keys, and
 * sends a save through the worker. One form is open at a time; its state
 * lives in the app (not the view) so that app_free() releases it whatever
 * closed the view. */
#include "tui/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/form.h"

#define KEY_ESCAPE 27
#define LABEL_W 22

typedef struct form_state {
	form f;
	size_t account;
	char *group_id;
	og_group *seen;      /* the settings the form opened on (conflict check) */
	uint64_t tag;        /* of the save in flight; 0 none */
} form_state;

void form_state_free(form_state *s)
{
	if (!s)
		return;
	free(s->group_id);
	og_group_free(s->seen);
	free(s);
}

/* Ctrl-S must reach the form: the tty's flow control (IXON) would swallow
 * it in cbreak mode, so the form runs the terminal raw while it is on top. */
static void sync_tty(app *a)
{
	static int raw_now = 0;
	view *v = app_top(a);
	int want = v && v->ops->screen == SCR_FORM;
	if (want == raw_now)
		return;
	if (want) {
		raw();
	} else {
		noraw();
		cbreak();
	}
	raw_now = want;
}

static void close_form(app *a)
{
	view *v = app_top(a);
	if (v && v->ops->screen == SCR_FORM)
		app_pop(a);
	form_state_free(a->form);
	a->form = NULL;
	sync_tty(a);
}

void form_open_group(app *a, view *v)
{
	app_account *acc = &a->accounts[v->account];
	const og_caps *caps = acc->net ? net_account_caps(acc->net) : NULL;
	og_group *g = NULL;
	if (v->ops->screen == SCR_GROUP) {
		g = store_find(&acc->store, v->group_id);
	} else if (v->cursor < store_view_count(&acc->store)) {
		g = store_view_at(&acc->store, v->cursor);
	}
	if (!g || !g->id) {
		app_status(a, true, "no group under the cursor");
		return;
	}
	if (!caps || !caps->has_next_upstream) {
		app_status(a, true, "editing group settings on %s is not available yet",
		           caps && caps->provider_label ? caps->provider_label : "this provider");
		return;
	}
	form_state *s = calloc(1, sizeof *s);
	view *fv = view_form_new(v->account);
	if (!s || !fv || !(s->group_id = strdup(g->id)) || !(s->seen = og_group_clone(g))) {
		form_state_free(s);
		view_free(fv);
		app_status(a, true, "out of memory");
		return;
	}
	s->account = v->account;
	char title[128];
	snprintf(title, sizeof title, "edit group %s", g->name && g->name[0] ? g->name : g->id);
	form_init(&s->f, title);
	form_group_settings(&s->f, g->name, g->use_next == OG_YES,
	                    (const char *const *)g->next_upstream, g->n_next_upstream);
	form_state_free(a->form);
	a->form = s;
	app_push(a, fv);
	sync_tty(a);
	app_status(a, false, "Tab/Shift-Tab move, Space ticks, Ctrl-S saves, Esc cancels");
}

/* The edited settings as a group (sources are not part of the form). */
static og_group *settings_of(form_state *s)
{
	og_group *to = calloc(1, sizeof *to);
	if (!to)
		return NULL;
	form *f = &s->f;
	form_field *name = form_find(f, "name"), *use = form_find(f, "use_next");
	form_field *cl = form_find(f, "proxy_next_upstream");
	to->id = strdup(s->group_id);
	to->name = strdup(name ? name->text : "");
	to->use_next = use && use->on ? OG_YES : OG_NO;
	size_t n = cl ? form_checked_count(cl) : 0;
	to->next_upstream = calloc(n ? n : 1, sizeof *to->next_upstream);
	bool ok = to->id && to->name && to->next_upstream;
	for (size_t i = 0; ok && cl && i < cl->n_items; i++)
		if (cl->checked[i]) {
			char *c = strdup(cl->items[i]);
			if (!c)
				ok = false;
			else
				to->next_upstream[to->n_next_upstream++] = c;
		}
	if (!ok) {
		og_group_free(to);
		return NULL;
	}
	return to;
}

static void save(app *a)
{
	form_state *s = a->form;
	if (s->tag) {
		app_status(a, false, "saving… (wait for the answer)");
		return;
	}
	if (!form_group_validate(&s->f)) {
		app_status(a, true, "fix the marked fields, then Ctrl-S");
		return;
	}
	app_account *acc = &a->accounts[s->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open: nothing was sent");
		return;
	}
	job_request *r = job_request_new(JOB_EDIT_GROUP, acc->net, a->next_tag++, s->group_id);
	if (r) {
		r->edit_seen = og_group_clone(s->seen);
		r->edit_to = settings_of(s);
	}
	if (!r || !r->edit_seen || !r->edit_to) {
		job_request_free(r);
		app_status(a, true, "out of memory");
		return;
	}
	uint64_t tag = r->tag;
	if (app_submit(a, r) == 0) {
		s->tag = tag;
		s->f.saving = true;
		app_status(a, false, "saving group settings…");
	}
}

static int form_key_of(int key)
{
	switch (key) {
	case '\t': return FK_TAB;
	case KEY_BTAB: return FK_BTAB;
	case KEY_LEFT: return FK_LEFT;
	case KEY_RIGHT: return FK_RIGHT;
	case KEY_UP: return FK_UP;
	case KEY_DOWN: return FK_DOWN;
	case KEY_HOME: case 1: return FK_HOME;      /* C-a */
	case KEY_END: case 5: return FK_END;        /* C-e */
	case KEY_BACKSPACE: case 127: case 8: return FK_BACKSPACE;
	case KEY_DC: return FK_DELETE;
	case 21: return FK_KILL_LINE;               /* C-u */
	case 19: return FK_SAVE;                    /* C-s */
	case KEY_ESCAPE: return FK_ESC;
	default: return key >= 32 && key < 256 ? key : 0;
	}
}

void form_view_key(app *a, int key)
{
	form_state *s = a->form;
	a->dirty = true;
	if (!s) {   /* the state went away (cannot happen): leave */
		app_pop(a);
		sync_tty(a);
		return;
	}
	if (s->f.asking) {
		s->f.asking = false;
		if (key == 'y' || key == 'Y') {
			close_form(a);
			app_status(a, false, "changes discarded");
		} else {
			app_status(a, false, "still editing");
		}
		return;
	}
	if (key == 12) {   /* C-l */
		a->repaint = true;
		return;
	}
	int fk = form_key_of(key);
	if (fk == 0)
		return;
	switch (form_key(&s->f, fk)) {
	case FORM_GOING:
		return;
	case FORM_SAVE:
		save(a);
		return;
	case FORM_CANCEL:
		close_form(a);
		app_status(a, false, "nothing changed");
		return;
	case FORM_ASK_CANCEL:
		s->f.asking = true;
		app_status(a, true, "discard your changes? (y/n)");
		return;
	}
}

void form_apply_result(app *a, app_account *acc, bool current, job_result *r)
{
	form_state *s = a->form;
	bool ours = s && s->tag == r->tag;
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (!ours) {   /* the form was closed meanwhile */
		if (current)
			app_status(a, r->status != 0, "%s", r->status == 0 ? "group settings saved"
			                                                 : r->err.msg);
		return;
	}
	s->tag = 0;
	s->f.saving = false;
	if (r->status == 0) {
		form_field *name = form_find(&s->f, "name");
		char msg[FORM_TEXT_MAX + 32];
		snprintf(msg, sizeof msg, "group \"%s\" saved", name ? name->text : "");
		close_form(a);
		app_status(a, false, "%s", msg);
		return;
	}
	/* Keep everything typed; put the API's message on the field it names. */
	const char *m = r->err.msg[0] ? r->err.msg : "the save failed";
	if (r->err.http_status == 400)
		form_map_api_message(&s->f, m);
	else
		snprintf(s->f.error, sizeof s->f.error, "%s", m);
	app_status(a, true, "not saved: %s", m);
}

/* ---- drawing ------------------------------------------------------------- */

static void form_title(app *a, view *v, char *buf, size_t n)
{
	(void)v;
	snprintf(buf, n, "%s", a->form ? a->form->f.title : "form");
}

static size_t form_rows(app *a, view *v)
{
	(void)a;
	(void)v;
	return 0;
}

/* Rows a field takes at `width`: its line(s) and its error line. */
static int item_cols(int width)
{
	int c = (width - LABEL_W - 2) / 20;
	return c < 1 ? 1 : c;
}

static int field_rows(const form_field *ff, int width)
{
	int r = 1;
	if (ff->kind == FORM_CHECKLIST) {
		int c = item_cols(width);
		r = ((int)ff->n_items + c - 1) / c;
		if (r < 1)
			r = 1;
	}
	return r + (ff->error[0] ? 1 : 0);
}

static void form_draw(app *a, view *v, int y0, int height, int width)
{
	(void)v;
	form_state *s = a->form;
	if (!s)
		return;
	form *f = &s->f;
	int bottom = y0 + height - 1;   /* the last row holds the key hint */
	/* Scroll so the focused field is visible on small terminals. */
	int first = 0, need = 0;
	for (size_t i = 0; i <= f->focus && i < f->n_fields; i++)
		need += field_rows(&f->fields[i], width);
	while (need > bottom - y0 - 1 && first < (int)f->focus) {
		need -= field_rows(&f->fields[first], width);
		first++;
	}
	int y = y0 + 1;
	for (size_t i = (size_t)first; i < f->n_fields && y < bottom; i++) {
		form_field *ff = &f->fields[i];
		bool focus = i == f->focus;
		attr_t la = focus ? a->attr[ROLE_SELECTION] : a->attr[ROLE_NORMAL];
		char label[64];
		snprintf(label, sizeof label, "%s:", ff->label);
		draw_text(y, 0, 1, focus ? ">" : " ", a->attr[ROLE_NORMAL]);
		draw_text(y, 2, LABEL_W - 2, label, la);
		int x = LABEL_W + 1, w = width - x;
		char buf[FORM_TEXT_MAX * 2];
		switch (ff->kind) {
		case FORM_TEXT:
			if (ff->masked) {
				/* never the characters, only that something was typed */
				size_t n = 0;
				for (const char *p = ff->text; *p; p++)
					n += ((unsigned char)*p & 0xC0) != 0x80;
				snprintf(buf, sizeof buf, "%s", n ? "******** (hidden)" : "");
				draw_text(y, x, w, buf, a->attr[ROLE_NORMAL]);
			} else {
				/* show the end of a long text: where one types */
				size_t skip = 0;
				char before[FORM_TEXT_MAX];
				snprintf(before, sizeof before, "%.*s", (int)ff->cur, ff->text);
				while (skip < ff->cur && draw_width(before + skip) >= w - 1) {
					skip++;
					while (skip < ff->cur && ((unsigned char)before[skip] & 0xC0) == 0x80)
						skip++;
				}
				draw_text(y, x, w, ff->text + skip, a->attr[ROLE_NORMAL]);
				if (focus) {
					/* the cursor: the cell under it in the selection role */
					int at = x + draw_width(before + skip);
					size_t e = ff->cur;
					if (ff->text[e]) {
						e++;
						while (((unsigned char)ff->text[e] & 0xC0) == 0x80)
							e++;
					}
					char cell[8];
					snprintf(cell, sizeof cell, "%.*s", (int)(e - ff->cur), ff->text + ff->cur);
					if (at < width)
						draw_text(y, at, 1, cell[0] ? cell : " ", a->attr[ROLE_SELECTION]);
				}
			}
			y++;
			break;
		case FORM_CHECKBOX:
			draw_text(y, x, w, ff->on ? "[x]" : "[ ]", la);
			y++;
			break;
		case FORM_CHOICE:
			snprintf(buf, sizeof buf, "< %s >", ff->n_items ? ff->items[ff->choice] : "");
			draw_text(y, x, w, buf, la);
			y++;
			break;
		case FORM_CHECKLIST: {
			int c = item_cols(width);
			for (size_t k = 0; k < ff->n_items; k++) {
				int row = (int)k / c, col = (int)k % c;
				if (y + row >= bottom)
					break;
				snprintf(buf, sizeof buf, "[%c] %s", ff->checked[k] ? 'x' : ' ', ff->items[k]);
				bool sel = focus && k == ff->choice;
				draw_text(y + row, x + col * 20, 19, buf,
				          sel ? a->attr[ROLE_SELECTION] : a->attr[ROLE_NORMAL]);
			}
			y += ((int)ff->n_items + c - 1) / c;
			break;
		}
		}
		if (ff->error[0] && y < bottom)
			draw_text(y++, x, w, ff->error, a->attr[ROLE_ERROR]);
	}
	if (f->error[0] && y + 1 < bottom)
		draw_text(y + 1, 2, width - 2, f->error, a->attr[ROLE_ERROR]);
	const char *hint = f->asking ? "discard your changes? y: discard, any other key: keep editing"
	                 : f->saving ? "saving…"
	                 : "Tab/S-Tab move  Space tick  \u2190\u2192 choose  C-u clear  C-s save  Esc cancel";
	draw_text(bottom, 1, width - 1, hint, f->asking ? a->attr[ROLE_ERROR] : a->attr[ROLE_DIM]);
}

static const view_ops form_ops = {
	.screen = SCR_FORM,
	.title = form_title,
	.rows = form_rows,
	.draw = form_draw,
	.act = NULL,
};

view *view_form_new(size_t account)
{
	view *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->ops = &form_ops;
	v->account = account;
	return v;
}

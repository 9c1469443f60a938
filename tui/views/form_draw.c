/* The form view's drawing: one row a field (label, value, hint), its error
 * wrapped under it, the form's own error line, and the key hint at the
 * bottom; scrolled so the focused field stays on a short screen. */
#include "tui/views/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"

#define LABEL_W 22
/* A provider's reason can be long (Gcore names the rule, Yandex the
 * operation): it wraps under its field over a few rows rather than being
 * cut at the screen's edge. */
#define FIELD_ERROR_ROWS 3
#define FORM_ERROR_ROWS 4

/* The first key of an action as the user has bound it ("?" when none). */
static const char *first_key(app *a, action_id act, char *buf, size_t n)
{
	return keymap_first_key(&a->keys, act, buf, n);
}

/* The bottom hint from the key map, so a rebound key shows as bound. */
static const char *keys_hint(app *a, char *buf, size_t n)
{
	char next[32], prev[32], tick[32], left[32], right[32], save[32], cancel[32], help[32];
	first_key(a, ACT_FORM_LEFT, left, sizeof left);
	first_key(a, ACT_FORM_RIGHT, right, sizeof right);
	bool arrows = strcmp(left, "Left") == 0 && strcmp(right, "Right") == 0;
	snprintf(buf, n, "%s/%s move  %s tick  %s%s%s choose  %s save  %s cancel  %s help",
	         first_key(a, ACT_FORM_NEXT, next, sizeof next),
	         first_key(a, ACT_FORM_PREV, prev, sizeof prev),
	         first_key(a, ACT_FORM_TICK, tick, sizeof tick),
	         arrows ? "\u2190" : left, arrows ? "" : "/", arrows ? "\u2192" : right,
	         first_key(a, ACT_FORM_SAVE, save, sizeof save),
	         first_key(a, ACT_FORM_CANCEL, cancel, sizeof cancel),
	         first_key(a, ACT_FORM_HELP, help, sizeof help));
	return buf;
}

void form_view_title(app *a, view *v, char *buf, size_t n)
{
	(void)a;
	form *f = form_of_view(v);
	snprintf(buf, n, "%s", f ? f->title : "form");
}

size_t form_view_rows(app *a, view *v)
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

static int field_rows(const form *f, size_t i, int width)
{
	const form_field *ff = &f->fields[i];
	if (!form_field_visible(f, i))
		return 0;
	int r = 1;
	if (ff->kind == FORM_CHECKLIST) {
		int c = item_cols(width);
		r = ((int)ff->n_items + c - 1) / c;
		if (r < 1)
			r = 1;
	}
	return r + draw_wrapped(0, 0, width - LABEL_W - 1, FIELD_ERROR_ROWS, ff->error, 0, false);
}

void form_view_draw(app *a, view *v, int y0, int height, int width)
{
	form *f = form_of_view(v);
	if (!f)
		return;
	int bottom = y0 + height - 1;   /* the last row holds the key hint */
	/* Scroll so the focused field is visible on small terminals. */
	int first = 0, need = 0;
	for (size_t i = 0; i <= f->focus && i < f->n_fields; i++)
		need += field_rows(f, i, width);
	while (need > bottom - y0 - 1 && first < (int)f->focus) {
		need -= field_rows(f, (size_t)first, width);
		first++;
	}
	int y = y0 + 1;
	for (size_t i = (size_t)first; i < f->n_fields && y < bottom; i++) {
		form_field *ff = &f->fields[i];
		if (!form_field_visible(f, i))
			continue;
		bool focus = i == f->focus;
		int vx = LABEL_W + 1;   /* where the value ends, for the hint */
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
				vx = x + draw_width(buf);
				if (focus && x + draw_width(buf) < width)   /* where typing goes */
					draw_text(y, x + draw_width(buf), 1, " ", a->attr[ROLE_SELECTION]);
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
				vx = x + draw_width(ff->text + skip);
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
			vx = x + 3;
			y++;
			break;
		case FORM_CHOICE:
			snprintf(buf, sizeof buf, "< %s >", ff->n_items ? ff->items[ff->choice] : "");
			draw_text(y, x, w, buf, la);
			vx = x + draw_width(buf);
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
			vx = width;   /* no room for a hint beside the items */
			break;
		}
		}
		/* the hint goes on the value's row, after it, when it fits */
		if (ff->hint[0] && ff->kind != FORM_CHECKLIST && vx + 3 + draw_width(ff->hint) <= width)
			draw_text(y - 1, vx + 2, width - vx - 2, ff->hint, a->attr[ROLE_DIM]);
		if (ff->error[0] && y < bottom) {
			int room = bottom - y < FIELD_ERROR_ROWS ? bottom - y : FIELD_ERROR_ROWS;
			y += draw_wrapped(y, x, w, room, ff->error, a->attr[ROLE_ERROR], true);
		}
	}
	if (f->error[0] && y + 1 < bottom) {
		int room = bottom - y - 1 < FORM_ERROR_ROWS ? bottom - y - 1 : FORM_ERROR_ROWS;
		draw_wrapped(y + 1, 2, width - 2, room, f->error, a->attr[ROLE_ERROR], true);
	}
	char keys[200];
	const char *hint = f->asking ? "discard your changes? y: discard, any other key: keep editing"
	                 : f->saving ? "saving…"
	                 : keys_hint(a, keys, sizeof keys);
	draw_text(bottom, 1, width - 1, hint, f->asking ? a->attr[ROLE_ERROR] : a->attr[ROLE_DIM]);
}

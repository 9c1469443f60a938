/* The bottom line as a prompt: the live filter, the `:` command line
 * (cmdline.c, which owns its state) and the quit confirmation. It is only
 * state: keys reach it through the one loop, so resizes and worker results
 * keep flowing while it is open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/prompt.h"
#include "tui/draw.h"
#include "tui/cmdline.h"
#include "tui/bulk.h"
#include "tui/delete.h"
#include "tui/s3_prompt.h"

#define KEY_ESCAPE 27

/* A filter prompt writes where the screen keeps its filter (ops->filter):
 * the groups store, or the help view's own. */
static void filter_apply(app *a, const char *text)
{
	view *v = app_top(a);
	if (!v || !v->ops->filter)
		return;
	v->ops->filter(a, v, text);
	v->cursor = v->top = 0;
}

static const char *filter_now(app *a)
{
	view *v = app_top(a);
	const char *f = v && v->ops->filter_text ? v->ops->filter_text(a, v) : NULL;
	return f ? f : "";
}

void prompt_open(app *a, prompt_kind kind)
{
	if (kind == PROMPT_COMMAND) {
		cmdline_open(a);
		return;
	}
	a->prompt.kind = kind;
	a->prompt.text[0] = '\0';
	a->prompt.before[0] = '\0';
	if (kind == PROMPT_FILTER) {
		view *v = app_top(a);
		/* The group screen has no list filter of its own (no ops->filter). */
		if (v && !v->ops->filter) {
			a->prompt.kind = PROMPT_NONE;
			app_status(a, false, "the filter works on the groups and help screens");
			return;
		}
		snprintf(a->prompt.before, sizeof a->prompt.before, "%s", filter_now(a));
		snprintf(a->prompt.text, sizeof a->prompt.text, "%s", a->prompt.before);
	}
	a->dirty = true;
}

/* Removes the last UTF-8 character. */
static void backspace(char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		n--;
		if (((unsigned char)s[n] & 0xC0) != 0x80)
			break;
	}
	s[n] = '\0';
}

static bool edit_text(app *a, int key)
{
	char *t = a->prompt.text;
	size_t n = strlen(t);
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		backspace(t);
		return true;
	}
	if (key == 21) {              /* C-u clears the line */
		t[0] = '\0';
		return true;
	}
	if (key >= 32 && key < 256 && key != 127 && n + 1 < sizeof a->prompt.text) {
		t[n] = (char)key;
		t[n + 1] = '\0';
		return true;
	}
	return false;
}

void prompt_key(app *a, int key)
{
	bool enter = key == '\n' || key == '\r' || key == KEY_ENTER;
	a->dirty = true;
	switch (a->prompt.kind) {
	case PROMPT_NONE:
		return;
	case PROMPT_CONFIRM_DELETE:
		delete_answer(a, key);
		return;
	case PROMPT_CONFIRM_BULK:
		bulk_answer(a, key);
		return;
	case PROMPT_S3_KEYS:
		s3_prompt_key(a, key);
		return;
	case PROMPT_CONFIRM_QUIT:
		a->prompt.kind = PROMPT_NONE;
		if (key == 'y' || key == 'Y')
			a->quit = true;
		else
			app_status(a, false, "quit cancelled");
		return;
	case PROMPT_FILTER:
		if (enter) {
			a->prompt.kind = PROMPT_NONE;
			return;
		}
		if (key == KEY_ESCAPE) {
			a->prompt.kind = PROMPT_NONE;
			filter_apply(a, "");
			return;
		}
		if (edit_text(a, key))
			filter_apply(a, a->prompt.text);
		return;
	case PROMPT_COMMAND:
		cmdline_key(a, key);
		return;
	}
}

void prompt_draw(app *a, int y, int width)
{
	char line[600];
	switch (a->prompt.kind) {
	case PROMPT_FILTER:
		snprintf(line, sizeof line, "/%s", a->prompt.text);
		break;
	case PROMPT_COMMAND:
		cmdline_draw(a, y, width);
		return;
	case PROMPT_CONFIRM_QUIT: {
		size_t n = app_pending_total(a);
		char lose[160] = "";
		if (n)
			snprintf(lose, sizeof lose, "%zu write%s pending", n, n == 1 ? "" : "s");
		if (app_unsaved(a))
			snprintf(lose + strlen(lose), sizeof lose - strlen(lose), "%sthe form is not saved",
			         n ? ", " : "");
		snprintf(line, sizeof line, "%s \u2014 quit anyway? (y/n)", lose);
		break;
	}
	case PROMPT_CONFIRM_DELETE:
	case PROMPT_CONFIRM_BULK:
		snprintf(line, sizeof line, "%s", a->prompt.text);
		break;
	case PROMPT_S3_KEYS:
		s3_prompt_line(a, line, sizeof line);
		break;
	default:
		return;
	}
	bool ask = a->prompt.kind == PROMPT_CONFIRM_QUIT || a->prompt.kind == PROMPT_CONFIRM_DELETE ||
	           a->prompt.kind == PROMPT_CONFIRM_BULK ||
	           a->prompt.kind == PROMPT_S3_KEYS;
	draw_text(y, 0, width, line, ask ? a->attr[ROLE_ERROR] : a->attr[ROLE_FILTER]);
	int cx = draw_width(line);
	if (cx >= width)
		cx = width - 1;
	move(y, cx);
}

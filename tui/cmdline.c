/* The `:` command line (see cmdline.h): its keys, its completion, and the
 * commands themselves, listed once in `commands` for both. */
#include "tui/cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/theme_live.h"
#include "tui/dispatch.h"

#define KEY_ESCAPE 27
#define CTRL(c) ((c) & 0x1f)
#define MAX_CANDIDATES 64

struct cmdline {
	lineedit line;
	le_history history;     /* the commands entered in this run */
	char listing[256];      /* the matches of an ambiguous Tab ("" none),
	                           shown after the line until the next key */
};

typedef enum { CMD_QUIT, CMD_QUIT_NOW, CMD_ACCOUNT, CMD_THEME, CMD_SOURCES } command_id;

static const struct command {
	const char *name;
	command_id id;
	const char *arg;        /* what it takes ("NAME"), NULL nothing */
	bool alias;             /* left out of the list in messages */
} commands[] = {
	{ "account", CMD_ACCOUNT, "NAME", false },
	{ "theme", CMD_THEME, "NAME", false },
	{ "sources", CMD_SOURCES, NULL, false },
	{ "q", CMD_QUIT, NULL, false },
	{ "quit", CMD_QUIT, NULL, true },
	{ "q!", CMD_QUIT_NOW, NULL, true },
	{ "quit!", CMD_QUIT_NOW, NULL, true },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* The line's history when the app goes (registered with app_on_free). */
static void cmdline_state_free(app *a)
{
	cmdline_free(a->cmdline);
	a->cmdline = NULL;
}

static struct cmdline *state(app *a)
{
	if (!a->cmdline && app_on_free(a, cmdline_state_free) == 0)
		a->cmdline = calloc(1, sizeof *a->cmdline);
	return a->cmdline;
}

void cmdline_free(struct cmdline *c)
{
	if (!c)
		return;
	le_history_free(&c->history);
	free(c);
}

void cmdline_open(app *a)
{
	struct cmdline *c = state(a);
	if (!c) {
		app_status(a, true, "out of memory");
		return;
	}
	le_set(&c->line, "");
	le_history_rewind(&c->history);
	c->listing[0] = '\0';
	a->prompt.kind = PROMPT_COMMAND;
	a->dirty = true;
}

/* ---- running a line ------------------------------------------------------ */

static void switch_account(app *a, const char *name)
{
	if (!name[0]) {
		app_status(a, true, ":account needs a name");
		return;
	}
	for (size_t i = 0; i < a->n_accounts; i++)
		if (a->accounts[i].cfg->name && strcmp(a->accounts[i].cfg->name, name) == 0) {
			app_switch_account(a, i);
			return;
		}
	app_status(a, true, "no account named \"%s\"", name);
}

void app_run_command(app *a, const char *line)
{
	char cmd[64] = "", arg[192] = "";
	while (*line == ' ' || *line == ':')
		line++;
	if (sscanf(line, "%63s %191[^\n]", cmd, arg) < 1)
		return;
	const struct command *c = NULL;
	for (size_t i = 0; i < N_COMMANDS && !c; i++)
		if (strcmp(commands[i].name, cmd) == 0)
			c = &commands[i];
	if (!c) {
		char known[256] = "";
		size_t used = 0;
		for (size_t i = 0; i < N_COMMANDS && used < sizeof known; i++)
			if (!commands[i].alias) {
				int w = snprintf(known + used, sizeof known - used, "%s:%s%s%s", used ? ", " : "",
				                 commands[i].name, commands[i].arg ? " " : "",
				                 commands[i].arg ? commands[i].arg : "");
				if (w > 0)
					used += (size_t)w;
			}
		app_status(a, true, "unknown command \"%s\" (%s)", cmd, known);
		return;
	}
	switch (c->id) {
	case CMD_QUIT:
		app_request_quit(a);
		break;
	case CMD_QUIT_NOW:
		a->quit = true;
		break;
	case CMD_ACCOUNT:
		switch_account(a, arg);
		break;
	case CMD_THEME:
		theme_live_switch(a, arg);
		break;
	case CMD_SOURCES:
		/* as S: through the dispatcher, like every action */
		dispatch_action(a, ACT_SOURCES, 0);
		break;
	}
}

/* ---- Tab ------------------------------------------------------------------ */

/* Completes the word before the cursor: a command name in the first word,
 * else the argument of :account or :theme. */
static void complete(app *a, struct cmdline *c)
{
	lineedit *e = &c->line;
	const char *cands[MAX_CANDIDATES];
	char themes[MAX_CANDIDATES][THEME_NAME_MAX];
	size_t n = 0;
	size_t at = 0;
	while (at < e->cur && (e->text[at] == ' ' || e->text[at] == ':'))
		at++;
	size_t word_end = at;
	while (word_end < e->len && e->text[word_end] != ' ')
		word_end++;
	bool naming_command = e->cur <= word_end;
	const struct command *cmd = NULL;
	if (naming_command) {
		for (size_t i = 0; i < N_COMMANDS; i++)
			cands[n++] = commands[i].name;
	} else {
		for (size_t i = 0; i < N_COMMANDS && !cmd; i++)
			if (strlen(commands[i].name) == word_end - at &&
			    strncmp(commands[i].name, e->text + at, word_end - at) == 0)
				cmd = &commands[i];
		if (cmd && cmd->id == CMD_ACCOUNT) {
			for (size_t i = 0; i < a->n_accounts && n < MAX_CANDIDATES; i++)
				if (a->accounts[i].cfg->name)
					cands[n++] = a->accounts[i].cfg->name;
		} else if (cmd && cmd->id == CMD_THEME) {
			size_t k = theme_names(themes, MAX_CANDIDATES);
			for (size_t i = 0; i < k; i++)
				cands[n++] = themes[i];
		}
		at = word_end;
		while (at < e->cur && e->text[at] == ' ')
			at++;
	}
	if (n == 0) {
		snprintf(c->listing, sizeof c->listing, "%s", cmd ? "nothing to complete" : "no such command");
		return;
	}
	size_t matches[MAX_CANDIDATES];
	size_t before = e->len;
	size_t found = le_complete(e, at, cands, n, NULL, matches, MAX_CANDIDATES);
	if (found == 0) {
		snprintf(c->listing, sizeof c->listing, "%s", naming_command ? "no such command" : "no match");
	} else if (found == 1) {
		/* a whole command that takes an argument: the space before it */
		const struct command *one = NULL;
		for (size_t i = 0; naming_command && i < N_COMMANDS; i++)
			if (cands[matches[0]] == commands[i].name)
				one = &commands[i];
		if (one && one->arg && e->text[e->cur] != ' ')
			le_insert(e, " ");
	} else if (e->len == before) {
		/* ambiguous and nothing to add: say what there is */
		size_t used = 0;
		for (size_t i = 0; i < found && i < MAX_CANDIDATES && used < sizeof c->listing; i++) {
			int w = snprintf(c->listing + used, sizeof c->listing - used, "%s%s", i ? " " : "",
			                 cands[matches[i]]);
			if (w < 0)
				break;
			used += (size_t)w;
		}
	}
}

/* ---- keys and drawing ------------------------------------------------------ */

void cmdline_key(app *a, int key)
{
	struct cmdline *c = a->cmdline;
	if (!c) {
		a->prompt.kind = PROMPT_NONE;
		return;
	}
	lineedit *e = &c->line;
	c->listing[0] = '\0';
	a->dirty = true;
	switch (key) {
	case KEY_ESCAPE:
		a->prompt.kind = PROMPT_NONE;
		return;
	case '\n': case '\r': case KEY_ENTER: {
		char line[LE_MAX];
		memcpy(line, e->text, e->len + 1);
		le_history_add(&c->history, line);
		a->prompt.kind = PROMPT_NONE;
		app_run_command(a, line);
		return;
	}
	case KEY_BACKSPACE: case 127: case 8:
		if (e->len == 0)
			a->prompt.kind = PROMPT_NONE;   /* backspace on an empty line leaves */
		else
			le_backspace(e);
		return;
	case KEY_DC:          le_delete(e); return;
	case KEY_LEFT:  case CTRL('b'): le_left(e); return;
	case KEY_RIGHT: case CTRL('f'): le_right(e); return;
	case KEY_HOME:  case CTRL('a'): le_home(e); return;
	case KEY_END:   case CTRL('e'): le_end(e); return;
	case CTRL('w'):       le_kill_word(e); return;
	case CTRL('u'):       le_kill_to_start(e); return;
	case KEY_UP:    case CTRL('p'): le_history_prev(&c->history, e); return;
	case KEY_DOWN:  case CTRL('n'): le_history_next(&c->history, e); return;
	case '\t':            complete(a, c); return;
	default:
		if (key >= 32 && key < 256 && key != 127) {
			char s[2] = { (char)key, '\0' };
			le_insert(e, s);
		}
		return;
	}
}

void cmdline_draw(app *a, int y, int width)
{
	struct cmdline *c = a->cmdline;
	if (!c)
		return;
	char line[LE_MAX + 2];
	snprintf(line, sizeof line, ":%s", c->line.text);
	draw_text(y, 0, width, line, a->attr[ROLE_FILTER]);
	int end = draw_width(line);
	if (c->listing[0] && end + 2 < width)
		draw_text(y, end + 2, width - end - 2, c->listing, a->attr[ROLE_DIM]);
	char before[LE_MAX + 2];
	snprintf(before, sizeof before, ":%.*s", (int)c->line.cur, c->line.text);
	int cx = draw_width(before);
	if (cx >= width)
		cx = width - 1;
	move(y, cx);
}

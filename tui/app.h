/* The application state the UI thread owns: the config, the accounts (each
 * with its own net_account and store), the view stack, the status line, the
 * prompt, the worker and the in-flight count. Everything here is touched by
 * the UI thread only; nothing in it needs a terminal, so tests can drive it. */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ncurses.h>

#include "model/config.h"
#include "model/probe.h"
#include "model/store.h"
#include "net/worker.h"
#include "tui/keymap.h"
#include "tui/theme.h"
#include "tui/view.h"

#define APP_MAX_VIEWS 8

typedef struct app_account {
	const og_account *cfg;      /* borrowed from app.cfg */
	net_account *net;           /* NULL until opened (lazily) */
	og_error open_err;          /* why opening failed, when net is NULL */
	bool open_tried;
	og_store store;
	uint64_t newest_list;       /* tag of the newest JOB_LIST sent */
	int lists_in_flight;
	bool load_failed;
	char load_err[512];
	bool read_only;
	char read_only_why[160];
	/* A write's outcome that arrived while another account was shown: only
	 * a short note goes on that account's screen; this text is shown when
	 * the user switches back. Empty: none. */
	char held_msg[512];
	bool held_error;
	og_probe_book probes;       /* probe results per group and source key */
} app_account;

typedef enum prompt_kind {
	PROMPT_NONE, PROMPT_FILTER, PROMPT_COMMAND, PROMPT_CONFIRM_QUIT,
	PROMPT_CONFIRM_DELETE,      /* text: the question (tui/delete.c) */
	PROMPT_S3_KEYS,             /* the masked S3 keys (tui/s3_prompt.c) */
} prompt_kind;

typedef struct s3_ask s3_ask;

typedef struct app_prompt {
	prompt_kind kind;
	char text[256];
	char before[256];           /* the filter when the prompt opened */
} app_prompt;

typedef struct app {
	og_config *cfg;             /* borrowed */
	bool cli_read_only;
	net_options net_opt;
	app_account *accounts;
	size_t n_accounts, cur;
	worker *worker;             /* NULL in tests: jobs are then refused */
	int in_flight;              /* jobs submitted whose result is not applied yet */
	keymap keys;
	attr_t attr[ROLE_COUNT];
	bool cursor_bar;            /* the theme's cursor = "bar" */
	bool no_color;              /* --no-color, for :theme */
	view *stack[APP_MAX_VIEWS];
	int depth;
	char status[512];           /* the message; "" shows the screen's main keys */
	bool status_error;
	unsigned long status_seq;   /* counts app_status calls (dispatch.c) */
	app_prompt prompt;
	bool quit;
	bool repaint;               /* Ctrl-L: repaint the whole screen */
	bool dirty;                 /* something to draw */
	uint64_t next_tag;
	unsigned spinner;
	bool busy_shown;            /* in flight long enough to show the spinner */
	struct xlog *xlog;          /* the requests log's exchanges (tui/xlog.h) */
	struct form_state *form;    /* the open form's state (view_form.c); NULL none */
	struct delete_ask *del;     /* the delete being asked about (delete.c); NULL none */
	s3_ask *s3ask;              /* a write held for S3 keys (s3_prompt.c); NULL none */
	struct cmdline *cmdline;    /* the `:` line and its history (cmdline.c); NULL
	                               until first opened */
	/* test idle handshake (tests/README.md) */
	int idle_fd;
	unsigned long keys_seen, idle_seq;
} app;

/* Sets up the accounts of cfg (nothing opened yet) and a groups view of the
 * account `first`. 0 or -1 (out of memory). Free with app_free(). */
int app_init(app *a, og_config *cfg, size_t first, bool cli_read_only);
void app_free(app *a);

/* Sets the status bar's message. It stays until replaced, or until the
 * user's next key that says nothing new and sends nothing (dispatch.c). */
void app_status(app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
app_account *app_cur(app *a);
view *app_top(app *a);
void app_push(app *a, view *v);     /* takes v */
void app_pop(app *a);               /* never pops the last view */
/* Removes the view at stack index i, wherever it is: a result that ends
 * what a view shows may arrive while another screen (help) is on top.
 * Never removes the last view. */
void app_remove_view(app *a, int i);
size_t app_pending_total(const app *a);

/* Opens account idx if not yet tried; 0 when it is usable. */
int app_open_account(app *a, size_t idx);
/* Submits r (taken) and counts it in flight. 0 or -1 (status set). */
int app_submit(app *a, job_request *r);
/* JOB_LIST for account idx. */
void app_load_list(app *a, size_t idx);
/* JOB_GET of one group. */
void app_load_group(app *a, size_t idx, const char *group_id);
/* Applies one worker result (taken) on the UI thread. */
void app_apply_result(app *a, job_result *r);

void app_switch_account(app *a, size_t idx);
/* Space / b on the group view. */
void app_toggle(app *a, view *v, og_field f);
/* P on the group view: the source under the cursor becomes primary (the
 * provider demotes the previous primary of its protocols). */
void app_make_primary(app *a, view *v);
/* J (+1) / K (-1) on the group view: moves the source under the cursor in
 * its failover order; a Match Client source in its HTTP order, or its HTTPS
 * order after Tab (v->order_https). */
void app_move_source(app *a, view *v, int delta);
void app_undo(app *a, view *v);
/* q on the groups screen, :q, Q, a first Ctrl-C: asks first when writes are
 * pending or an open form has unsaved typing. */
void app_request_quit(app *a);

/* Forms (view_form.c). Opens the form of target t from view v: the group
 * under the cursor (groups screen) or shown (group screen), the source under
 * the cursor for FORM_SOURCE_EDIT; the account's adapter fills it. */
void form_open(app *a, view *v, form_target t);
/* The group a key on v acts on: the one shown, or under the cursor; NULL. */
og_group *form_group_of(app *a, view *v);
/* Every key while a form is on top. */
void form_view_key(app *a, int key);
/* A JOB_SAVE_FORM result (the result stays the caller's). */
void form_apply_result(app *a, app_account *acc, bool current, job_result *r);
void form_state_free(struct form_state *s);
/* The open form (NULL none), for drawing it. */
form *app_form(app *a);
/* Whether a form is open with something typed that was not saved. */
bool form_unsaved(const app *a);
/* `d` (delete.c): asks on the prompt line whether to delete the group under
 * the cursor (groups screen) or the source under it (group screen). */
void delete_start(app *a, view *v);
/* The key answering that question: y sends the delete. */
void delete_answer(app *a, int key);
void delete_ask_free(struct delete_ask *d);
/* A JOB_DELETE result (the result stays the caller's). */
void delete_apply_result(app *a, app_account *acc, bool current, job_result *r);

/* S3 keys (s3_prompt.c). Submits write job r (taken) like app_submit, but
 * when it would send an S3 source whose bucket has no keys it is held and
 * the bottom line asks for them (masked); with them it is sent, Esc refuses
 * it before sending. 0: sent or held; -1: not (status set). */
int app_submit_write(app *a, job_request *r);
/* A key while the S3 keys are asked for. */
void s3_prompt_key(app *a, int key);
/* The prompt line's text (never a typed character). */
void s3_prompt_line(app *a, char *line, size_t n);
/* Refuses a held write as Esc does (before quitting); nothing held: no-op. */
void s3_prompt_cancel(app *a);
void s3_ask_free(s3_ask *q);

/* Keys and actions (dispatch.c). */
void dispatch_key(app *a, int key);
void dispatch_action(app *a, action_id act, int key);

/* The prompt line (prompt.c). */
void prompt_open(app *a, prompt_kind kind);
void prompt_key(app *a, int key);
void prompt_draw(app *a, int y, int width);
/* Runs one `:` command line (cmdline.c). */
void app_run_command(app *a, const char *line);

/* Title and status bars (status.c). */
void status_draw_title(app *a, int width);
/* The status bar from row y over `rows` rows (status_bar_rows()). */
void status_draw_bar(app *a, int y, int width, int rows);
/* Rows the status bar needs now: 2 for an error that does not fit one. */
int status_bar_rows(app *a, int width);

/* Draws everything into stdscr (no doupdate). */
void app_draw(app *a);

#endif

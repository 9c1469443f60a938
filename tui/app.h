/* The shell: the state the UI thread owns (the config, the accounts, each
 * with its own net_account and store, the view stack, the status line, the
 * prompt), job submission and the routing of each result back to whoever
 * submitted it. It names no screen and no feature: the views own their
 * state (tui/view.h), and each module declares its functions in its own
 * header. Everything here is touched by the UI thread only; nothing in it
 * needs a terminal, so tests can drive it. */
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
	unsigned long lists_applied; /* counts lists applied (views keep their place) */
} app_account;

typedef enum prompt_kind {
	PROMPT_NONE, PROMPT_FILTER, PROMPT_CONFIRM_QUIT,
	PROMPT_OWNED,               /* a module's (prompt.ops): the `:` line, a question */
} prompt_kind;

struct app;
/* A prompt a module owns: it takes the keys and says what the line shows. */
typedef struct app_prompt_ops {
	void (*key)(struct app *a, int key);
	/* The line's text into buf; or draw: the module draws row y itself. */
	void (*line)(struct app *a, char *buf, size_t n);
	void (*draw)(struct app *a, int y, int width);
	bool question;              /* drawn as a question (the error role) */
} app_prompt_ops;

/* A module's own state in the app (the requests log's ring, the question
 * being asked, a write held for keys, the `:` line's history), private to
 * it: the module defines one static key and reaches its state with
 * app_slot(); the shell knows neither its type nor its name. */
typedef struct app_slot_key {
	const char *name;               /* for the reader */
	void (*free)(void *state);      /* at app_free(), when the slot holds state */
	/* Optional: the user quits (before the quit question, if any): the
	 * module lets go what cannot wait (a held write is refused). */
	void (*quit)(struct app *a);
} app_slot_key;
#define APP_MAX_SLOTS 12

typedef struct app_slot_entry {
	const app_slot_key *key;
	void *state;
} app_slot_entry;

/* What an any-screen action does (the table of tui/start.c). */
typedef struct app_global {
	action_id act;
	void (*run)(struct app *a, view *v);    /* the action, on the top view */
	view *(*opens)(size_t account);         /* or: the screen it opens */
} app_global;

/* Where a job's result goes: the submitter's handler, with its context;
 * ctx is NULL when the view that submitted it has gone meanwhile (the
 * handler then applies what belongs to the account and says so). The
 * result stays the caller's. */
typedef void app_done_fn(struct app *a, job_result *r, void *ctx);

typedef struct app_route {
	job_kind kind;
	const net_account *account;
	uint64_t tag;
	app_done_fn *done;
	void *ctx;
	const view *owner;          /* the view ctx belongs to, or NULL */
} app_route;

typedef struct app_prompt {
	prompt_kind kind;
	char text[256];
	char before[256];           /* the filter when the prompt opened */
	const app_prompt_ops *ops;  /* PROMPT_OWNED: whose it is */
} app_prompt;

typedef struct app {
	og_config *cfg;             /* borrowed */
	bool cli_read_only;
	net_options net_opt;
	app_account *accounts;
	size_t n_accounts, cur;
	worker *worker;             /* NULL in tests: jobs are then refused */
	int in_flight;              /* jobs submitted whose result is not applied yet */
	app_route *routes;          /* one per job in flight (or held) */
	size_t n_routes, cap_routes;
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
	/* State of modules, each private to its module and freed by the
	 * free hook of its key (app_slot). */
	app_slot_entry slots[APP_MAX_SLOTS];    /* modules' own state (app_slot) */
	int n_slots;
	/* test idle handshake (tests/README.md) */
	int idle_fd;
	unsigned long keys_seen, idle_seq;
} app;

/* Sets up the accounts of cfg (nothing opened yet) and the first screen of
 * the account `first`. 0 or -1 (out of memory). Free with app_free(). */
int app_init(app *a, og_config *cfg, size_t first, bool cli_read_only);
/* Pops every view, frees the modules' slots (newest first), frees the
 * accounts. */
void app_free(app *a);
/* The state a module keeps under `key` (NULL: none yet). */
void *app_slot(const app *a, const app_slot_key *key);
/* Keeps (or, with NULL, forgets) the module's state under key; the old
 * state is the module's to free first. 0, or -1 when the table is full (the
 * module then keeps nothing and frees state). */
int app_slot_set(app *a, const app_slot_key *key, void *state);
/* Before quitting: each slot's quit hook. */
void app_slots_quit(app *a);

/* The screen an account opens on, also after a switch: defined by the
 * program (tui/start.c), so the shell names no screen. NULL: out of memory. */
view *app_first_view(size_t account);
/* What an any-screen action does when the top view does not take it
 * itself: the program's table (tui/start.c); NULL when none. */
const app_global *app_global_action(action_id act);

/* Sets the status bar's message. It stays until replaced, or until the
 * user's next key that says nothing new and sends nothing (dispatch.c). */
void app_status(app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
app_account *app_cur(app *a);
/* The account of a job's net_account; NULL when none. */
app_account *app_account_of(app *a, const net_account *net);
view *app_top(app *a);
void app_push(app *a, view *v);     /* takes v; calls ops->open */
void app_pop(app *a);               /* never pops the last view */
/* Removes the view at stack index i, wherever it is: a result that ends
 * what a view shows may arrive while another screen (help) is on top.
 * Never removes the last view. */
void app_remove_view(app *a, int i);
size_t app_pending_total(const app *a);
/* Whether a view on the stack holds typing not saved (ops->unsaved). */
bool app_unsaved(app *a);

/* Opens account idx if not yet tried; 0 when it is usable. */
int app_open_account(app *a, size_t idx);
/* Submits r (taken), counts it in flight, and routes its result to
 * done(ctx). owner: the view ctx belongs to (NULL: ctx outlives views);
 * when that view goes first, done gets ctx NULL. 0 or -1 (status set). */
int app_submit(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner);
/* How a routed request goes out: app_send(), or held first for a question
 * (s3_prompt.c). Takes r; 0, or -1 with r gone (status set). */
typedef int app_sender(app *a, job_request *r, const void *how);
/* app_submit with another way out: the route first (a refusal on the way
 * goes back the same way), then send(a, r, how); when that fails the route
 * goes too. */
int app_submit_via(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner,
                   app_sender *send, const void *how);
/* The two halves of app_submit: the route of r's result, then r (taken)
 * to the worker, counted in flight. */
int app_route_add(app *a, const job_request *r, app_done_fn *done, void *ctx, const view *owner);
int app_send(app *a, job_request *r);
/* Applies one worker result (taken by the caller, not freed here): to the
 * handler its submitter registered; a result nobody asked for is dropped. */
void app_apply_result(app *a, job_result *r);

/* Shows account idx from its first screen (app_first_view; its open loads
 * what it needs). */
void app_switch_account(app *a, size_t idx);

#endif

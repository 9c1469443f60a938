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
	PROMPT_NONE, PROMPT_FILTER, PROMPT_COMMAND, PROMPT_CONFIRM_QUIT,
	PROMPT_CONFIRM_DELETE,      /* text: the question (tui/delete.c) */
	PROMPT_S3_KEYS,             /* the masked S3 keys (tui/s3_prompt.c) */
	PROMPT_CONFIRM_BULK,        /* text: a bulk change's question (tui/bulk.c) */
} prompt_kind;

typedef struct s3_ask s3_ask;
struct app;

/* Frees the state a module keeps in the app (app_on_free). */
typedef void app_cleanup_fn(struct app *a);
#define APP_MAX_CLEANUPS 8

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
	/* State of modules, each freed by the cleanup its module registered
	 * with app_on_free() when it first created it. */
	app_cleanup_fn *cleanups[APP_MAX_CLEANUPS];
	int n_cleanups;
	struct xlog *xlog;          /* the requests log's exchanges (tui/xlog.h) */
	/* The prompts on the bottom line (tui/prompt.h) */
	struct delete_ask *del;     /* the delete being asked about (delete.c); NULL none */
	s3_ask *s3ask;              /* a write held for S3 keys (s3_prompt.c); NULL none */
	struct bulk *bulk;          /* the last bulk change of incident mode
	                               (bulk.c); NULL none */
	struct cmdline *cmdline;    /* the `:` line and its history (cmdline.c); NULL
	                               until first opened */
	struct origin_watch *watch; /* the sources screen's probes and watches
	                               (origin_watch.c); NULL none */
	/* test idle handshake (tests/README.md) */
	int idle_fd;
	unsigned long keys_seen, idle_seq;
} app;

/* Sets up the accounts of cfg (nothing opened yet) and the first screen of
 * the account `first`. 0 or -1 (out of memory). Free with app_free(). */
int app_init(app *a, og_config *cfg, size_t first, bool cli_read_only);
/* Pops every view, runs the registered cleanups (newest first), frees the
 * accounts. */
void app_free(app *a);
/* Registers fn to free a module's state at app_free(); once per fn (a
 * second call is a no-op). A module registers before it keeps state in the
 * app. 0, or -1 when the table is full (the module then keeps nothing). */
int app_on_free(app *a, app_cleanup_fn *fn);

/* The screen an account opens on, also after a switch: defined by the
 * program (tui/start.c), so the shell names no screen. NULL: out of memory. */
view *app_first_view(size_t account);

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
/* The two halves of app_submit, for a write held before sending
 * (s3_prompt.c): the route first, then the request. */
int app_route_add(app *a, const job_request *r, app_done_fn *done, void *ctx, const view *owner);
int app_send(app *a, job_request *r);
/* Forgets the route of a job that will not be sent after all. */
void app_route_cancel(app *a, job_kind kind, const net_account *na, uint64_t tag);
/* Applies one worker result (taken by the caller, not freed here): to the
 * handler its submitter registered; a result nobody asked for is dropped. */
void app_apply_result(app *a, job_result *r);

/* Shows account idx from its first screen (app_first_view; its open loads
 * what it needs). */
void app_switch_account(app *a, size_t idx);

#endif

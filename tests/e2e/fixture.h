/* Common setup of the end-to-end tests: a temp folder, one emulator per test
 * file, the config file, origo on a pty (term.h) or as a plain child. */
#ifndef E2E_FIXTURE_H
#define E2E_FIXTURE_H

#include <stdbool.h>
#include "tests/e2e/emu_ctl.h"
#include "tests/e2e/term.h"

/* The emulator's default key (tests/README.md). */
#define FX_API_KEY "4242_emulatorkey"

/* The config's keys of the seeded S3 bucket "media-bucket" (Gcore wants
 * them on every write of its group's sources): named variables, which
 * fx_spawn / fx_run set to the seed's keys. */
#define FX_S3_CREDENTIALS \
	"s3_credentials = ( { account = \"gcore\"; bucket = \"media-bucket\";\n" \
	"  access_key_env = \"FX_S3_ACCESS\"; secret_key_env = \"FX_S3_SECRET\"; } );\n"

typedef struct fx {
	char dir[256];            /* private temp folder: HOME, XDG_CONFIG_HOME */
	char config_path[512];    /* dir/origo/config */
	char origo_bin[4096];
	char emu_bin[4096];
	char srcdir[4096];
	emu *emu;
	char *seed;               /* state JSON restored by fx_reset */
	term *t;                  /* the running origo, closed by fx_close_term */
} fx;

/* Temp folder and paths from ORIGO_BIN, ORIGO_EMU_BIN, ORIGO_DATADIR,
 * ORIGO_SRCDIR (defaults: build/normal/origo, build/normal/origo-emu, ".").
 * Caller frees with fx_free(). NULL on failure (message on stderr). */
fx *fx_new(void);
/* Stops the term and the emulator, removes the temp folder. NULL ok. */
void fx_free(fx *f);

/* Starts the emulator: with `seed_state` (JSON text, kept for fx_reset) as
 * --state, or with extra args (e.g. {"--generate","2500",NULL}) when seed is
 * NULL. 0 or -1. */
int fx_start_emu(fx *f, const char *seed_state, char *const extra_args[]);
/* Puts the seed state back, clears the log and faults, resets settings. */
int fx_reset(fx *f);

/* Writes dir/origo/config (mode 0600): one Gcore account "gcore" pointing at
 * the emulator (or at `api_url` if not NULL) with api_key_env GCORE_API_KEY
 * and FX_S3_CREDENTIALS,
 * `account_extra` inside the account, `global_extra` at top level. 0 or -1. */
int fx_write_config_url(fx *f, const char *api_url, const char *global_extra,
                        const char *account_extra);
int fx_write_config(fx *f, const char *global_extra, const char *account_extra);
/* Writes any text as the config file (mode 0600). 0 or -1. */
int fx_write_config_text(fx *f, const char *text);

/* Runs origo on a rows x cols pty with `args` (NULL-terminated, may be NULL)
 * and env entries added to the pinned ones (GCORE_API_KEY is set to the
 * emulator's key unless env sets or removes it). Closes the previous term.
 * The term is owned by f. NULL on failure. */
term *fx_spawn(fx *f, char *const args[], char *const env[], int rows, int cols);
/* Spawns at 80x24 and waits for the first idle screen; fails the test if it
 * never comes. */
term *fx_open(fx *f, char *const args[], char *const env[]);

/* Ends the running origo: `q` until it exits (it should exit 0 from the
 * groups screen), else SIGTERM. Returns -1 if it had crashed, died of a
 * signal it was not sent, or left a sanitizer report; 0 otherwise. */
int fx_close_term(fx *f);

/* Runs origo as a plain child (no tty) with args and env as fx_spawn; stdin
 * is /dev/null. Fills *out and *err (caller frees with free(); may be NULL
 * pointers to skip) and returns the exit status (128+signal if killed), or
 * -1 if it could not run or took longer than 60 s. */
int fx_run(fx *f, char *const args[], char *const env[], char **out, char **err);

/* cmocka fixtures for a file that shares one emulator seeded with a state. */
int fx_group_setup_state(void **state, const char *seed_state);
int fx_group_teardown(void **state);
/* Per test: resets the emulator and writes the default config. */
int fx_test_setup(void **state);
/* Per test: closes origo; fails if it had crashed. */
int fx_test_teardown(void **state);

/* Whether `hay` contains `needle` (NULL hay: false). */
bool fx_has(const char *hay, const char *needle);


/* Navigation helpers (fail the test when they cannot do their job). */
/* Presses g, then j until the row showing `text` is highlighted; the row. */
int fx_select(term *t, const char *text);
/* On the groups screen: selects the group `name`, presses Enter and waits
 * until `expect` (e.g. one of its sources) is on screen. */
void fx_open_group(term *t, const char *name, const char *expect);
/* Row text of the row showing `text` (a copy in a static buffer). */
const char *fx_row_of(term *t, const char *text);
/* The status bar: the last two rows joined by a space (an error that does
 * not fit one row takes two), in a static buffer. */
const char *fx_status(term *t);

/* ---- issue 3: Yandex Cloud CDN and Edgio accounts ------------------------ */

/* Writes dir/origo/config (mode 0600) with three accounts on the emulator:
 * "gcore" (as fx_write_config), "yandex" (folder SEED_YC_FOLDER, the OAuth
 * token SEED_YC_OAUTH inline, exchanged at iam_url; iam_url, operation_url and
 * api_url the emulator) and "edgio" (http-large, client SEED_ED_CLIENT_ID and
 * SEED_ED_CLIENT_SECRET inline, token_url the emulator's /connect/token).
 * `default_account` (NULL: none, i.e. the first), `global_extra` at top
 * level, `yandex_extra` / `edgio_extra` inside those accounts. 0 or -1. */
int fx_write_config_multi(fx *f, const char *default_account, const char *global_extra,
                          const char *yandex_extra, const char *edgio_extra);
/* fx_reset, plus the emulator's Yandex and Edgio settings back to their
 * defaults (operation_polls 1, page size cap 1000, token lifetimes, ...). */
int fx_reset_all(fx *f);
/* cmocka per-test setups: fx_reset_all and fx_write_config_multi with that
 * default account. */
int fx_test_setup_yandex(void **state);
int fx_test_setup_edgio(void **state);
int fx_test_setup_multi(void **state);   /* default: the first, gcore */
/* Whether the request log's text (every entry, bodies included) contains
 * `needle`; the log is fetched fresh. */
bool fx_log_contains(fx *f, const char *needle);
/* Log entries with method (NULL: any) and a path starting with `prefix`. */
int fx_log_count_prefix(fx *f, const char *method, const char *prefix);
/* The n-th (0-based) log entry with method and path prefix, a copy (caller
 * frees with cJSON_Delete()), or NULL. */
cJSON *fx_log_nth_prefix(fx *f, const char *method, const char *prefix, int n);

/* The log as text, one "METHOD path[?query] status" line an entry, oldest
 * first, for sequence checks and failure messages. Caller frees with free(). */
char *fx_log_lines(fx *f);

/* Spawns origo at rows x cols and waits for the first idle screen; fails
 * the test if it never comes. */
term *fx_open_size(fx *f, char *const args[], char *const env[], int rows, int cols);
/* The text under the column headed `title` (its first occurrence on screen)
 * in the row showing `row_text`, up to the next space, into out. Fails the
 * test when either is missing. */
void fx_cell_under(term *t, const char *row_text, const char *title, char *out, size_t n);
/* POST /_emu/expire_tokens for "yandex" or "edgio". 0 or -1. */
int fx_expire_tokens(fx *f, const char *provider);
/* Prints fx_log_lines to stderr. */
void fx_print_log(fx *f);

/* ---- helpers the provider tests share (Yandex, Edgio, accounts) ---------- */

/* cmocka group setup: one emulator seeded with seed_multi_state() (Gcore,
 * Yandex and Edgio accounts). 0 or -1. */
int fx_group_setup_multi(void **state);
/* fx_open_size at 30x160: wide enough that no host is cut. */
term *fx_open_wide(fx *f);
/* The cell under column `col` in the row showing `row` is `want`; else the
 * screen and the emulator's log are printed and the test fails. */
void fx_assert_cell(fx *f, term *t, const char *row, const char *col, const char *want);
/* A row showing `text` (a void * for term_wait_for) is pending: it shows '*'. */
bool fx_row_pending(term *t, void *text);

#endif

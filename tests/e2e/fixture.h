/* Common setup of the end-to-end tests: a temp folder, one emulator per test
 * file, the config file, origo on a pty (term.h) or as a plain child. */
#ifndef E2E_FIXTURE_H
#define E2E_FIXTURE_H

#include <stdbool.h>
#include "tests/e2e/emu_ctl.h"
#include "tests/e2e/term.h"

/* The emulator's default key (tests/README.md). */
#define FX_API_KEY "4242_emulatorkey"

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
 * the emulator (or at `api_url` if not NULL) with api_key_env GCORE_API_KEY,
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
/* The last row: the status bar. */
const char *fx_status(term *t);

#endif

/* A program on a pseudo-terminal, read back through libvterm.
 *
 * The harness runs origo (or anything else) on a pty of a fixed size, feeds
 * every byte it writes into a libvterm screen, and counts those bytes (what an
 * SSH link pays for). Synchronisation is by origo's test idle handshake
 * (tests/README.md): origo writes `idle <keys> <seq>` to ORIGO_TEST_IDLE_FD
 * whenever it is idle, and the harness waits for a report that covers every
 * key it sent. Nothing here sleeps to wait for the screen. */
#ifndef E2E_TERM_H
#define E2E_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include <vterm.h>

typedef struct term term;

/* Named keys for term_key(); anything else is sent as raw bytes and counted as
 * one key. Named keys go through libvterm's keyboard encoder, so arrows and
 * PgDn follow the cursor-key mode the program set (keypad(stdscr, TRUE)). */
#define TK_ENTER     "<Enter>"
#define TK_ESC       "<Esc>"
#define TK_SPACE     "<Space>"
#define TK_UP        "<Up>"
#define TK_DOWN      "<Down>"
#define TK_PGUP      "<PgUp>"
#define TK_PGDN      "<PgDn>"
#define TK_HOME      "<Home>"
#define TK_END       "<End>"
#define TK_TAB       "<Tab>"
#define TK_BACKSPACE "<BS>"
#define TK_CTRL_L    "<C-l>"
#define TK_LEFT      "<Left>"
#define TK_RIGHT     "<Right>"
#define TK_BTAB      "<S-Tab>"
#define TK_F1        "<F1>"
#define TK_DELETE    "<Del>"

#define TERM_TIMEOUT_MS 10000

/* Starts argv[0] (a path) on a new pty of rows x cols. The child's environment
 * is pinned (TERM, LANG, LC_ALL, ESCDELAY, TZ, PATH, sanitizer options,
 * ORIGO_DATADIR from ours) plus HOME and XDG_CONFIG_HOME = `home`, plus `env`
 * (NULL-terminated "NAME=value" entries; a bare "NAME" removes NAME).
 * NO_COLOR is not passed unless given in `env`.
 * Returns NULL (with a message on stderr) on failure.
 * Caller frees with term_free(). */
term *term_spawn(char *const argv[], const char *home, char *const env[],
                 int rows, int cols);
/* Kills the child if it is still running, frees everything. NULL ok. */
void term_free(term *t);
pid_t term_pid(const term *t);

/* Sends one key (a TK_* name or raw bytes, counted as one key). */
void term_key(term *t, const char *key);
/* Sends each byte of `text` as one key (ASCII). */
void term_keys(term *t, const char *text);
/* Keys sent so far. */
unsigned long term_keys_sent(const term *t);

/* Waits for an idle report covering every key sent (and, after a resize, one
 * newer than the resize), then drains the pty so the screen is complete.
 * 0 on success; -1 on timeout, child exit or error, with the reason and a
 * screen dump on stderr. */
int term_wait_idle(term *t, int timeout_ms);
/* Waits until the screen contains `text` (no idle needed); 0 or -1 (+dump). */
int term_wait_text(term *t, const char *text, int timeout_ms);
/* Waits until pred(t, arg) is true, pumping output; 0 or -1 (+dump). */
int term_wait_for(term *t, bool (*pred)(term *, void *), void *arg,
                  int timeout_ms, const char *what);
/* Reads whatever output is available within `ms` without waiting for idle. */
void term_pump(term *t, int ms);

/* Resizes the pty (the child gets SIGWINCH) and the screen, then waits for an
 * idle report newer than the resize. 0 or -1 (+dump). */
int term_resize(term *t, int rows, int cols);
int term_rows(const term *t);
int term_cols(const term *t);

/* Bytes the child wrote to the terminal. */
size_t term_bytes(const term *t);
void term_reset_bytes(term *t);
/* The last bytes (up to 4 KiB) written since term_reset_bytes, escaped. */
void term_dump_raw(term *t, FILE *f);
/* The same bytes, unescaped: the newest (up to n-1) into out, NUL
 * terminated (the bytes may hold NULs of their own). Returns how many. */
size_t term_raw(const term *t, char *out, size_t n);
/* Whether the bytes written since term_reset_bytes (the last 4 KiB) hold
 * `needle` exactly. */
bool term_raw_contains(const term *t, const char *needle);
/* The last idle report seen: keys and seq (-1 before the first). */
long term_idle_keys(const term *t);
long term_idle_seq(const term *t);
/* CLOCK_MONOTONIC time at which the last idle report was read: the end of a
 * keystroke's work, without the harness's wait for a quiet pty after it. */
struct timespec term_idle_time(const term *t);

/* UTF-8 text of row r (0-based), trailing spaces trimmed. The pointer stays
 * valid until 8 more calls of term_row. */
const char *term_row(term *t, int r);
bool term_contains(term *t, const char *text);
/* First occurrence of text, scanning rows top to bottom: true and the cell
 * position, or false. row/col may be NULL. */
bool term_find(term *t, const char *text, int *row, int *col);
/* Row of the first occurrence of text, or -1. */
int term_find_row(term *t, const char *text);
/* 0 or -1 if out of range. */
int term_cell(term *t, int r, int c, VTermScreenCell *cell);
/* Where the terminal's cursor is (0-based). */
void term_cursor(term *t, int *row, int *col);
/* Whether any cell of row r has the reverse attribute / a non-default colour. */
bool term_row_has_reverse(term *t, int r);
bool term_row_has_color(term *t, int r);
/* Whether any cell of the screen has a non-default colour. */
bool term_any_color(term *t);
/* The row that looks selected: the first row (after the first `from` rows)
 * with a reverse cell or a background colour other than the default, or -1. */
int term_selected_row(term *t, int from);
/* Whether most cells of row r are reverse or on a non-default background
 * (a cursor bar), or its two gutter cells are (a theme's cursor = "mark"). */
bool term_row_highlighted(term *t, int r);
/* Whether every cell of row r, edge to edge, is reverse (when the first is)
 * or on the first cell's background colour (not the default): the cursor
 * bar. Else false and *bad_col (may be NULL) is the first cell that is not. */
bool term_row_bar(term *t, int r, int *bad_col);
/* Whether no cell of row r is reverse or on a non-default background;
 * else *bad_col is the first that is. */
bool term_row_plain(term *t, int r, int *bad_col);

void term_dump(term *t, FILE *f);
/* Feeds bytes to the screen as if the program had written them (not counted
 * in term_bytes): a garbled terminal, for testing Ctrl-L. */
void term_scribble(term *t, const char *bytes);

/* Waits for the child to exit; 0 and *status (waitpid status) or -1. The pty
 * is drained meanwhile, so the screen holds its last output. */
int term_wait_exit(term *t, int timeout_ms, int *status);
bool term_alive(term *t);
/* Closes the terminal under the program, as a dropped SSH link does (the
 * kernel sends it SIGHUP; its reads then fail). */
void term_hangup(term *t);
/* Whether the terminal is still there (not hung up, not closed by the child). */
bool term_connected(const term *t);

/* cmocka helpers: fail the test at the caller's line. */
#define TERM_IDLE(t) \
	do { if (term_wait_idle((t), TERM_TIMEOUT_MS) != 0) fail_msg("%s:%d: no idle report", __FILE__, __LINE__); } while (0)
#define TERM_IDLE_MS(t, ms) \
	do { if (term_wait_idle((t), (ms)) != 0) fail_msg("%s:%d: no idle report", __FILE__, __LINE__); } while (0)
#define TERM_TEXT(t, text) \
	do { if (term_wait_text((t), (text), TERM_TIMEOUT_MS) != 0) fail_msg("%s:%d: \"%s\" never appeared", __FILE__, __LINE__, (text)); } while (0)
#define TERM_ASSERT_CONTAINS(t, text) \
	do { if (!term_contains((t), (text))) { term_dump((t), stderr); fail_msg("%s:%d: screen lacks \"%s\"", __FILE__, __LINE__, (text)); } } while (0)
#define TERM_ASSERT_LACKS(t, text) \
	do { if (term_contains((t), (text))) { term_dump((t), stderr); fail_msg("%s:%d: screen shows \"%s\"", __FILE__, __LINE__, (text)); } } while (0)

#endif

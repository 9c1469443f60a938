/* One line of text edited like a shell prompt: a cursor that moves by
 * character, deleting at it, deleting the word before it, a history of the
 * lines entered in this run, and completing the word before the cursor from
 * a list. Pure functions on plain data, no curses, so that the editing is
 * unit tested (tests/unit/test_tui_lineedit.c); tui/cmdline.c maps keys to
 * them. Text is UTF-8; the cursor is a byte offset on a character boundary. */
#ifndef TUI_LINEEDIT_H
#define TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LE_MAX 256          /* bytes, with the terminating NUL */
#define LE_HISTORY_MAX 50   /* lines kept; the oldest goes first */

typedef struct lineedit {
	char text[LE_MAX];
	size_t len;             /* strlen(text) */
	size_t cur;             /* byte offset of the cursor, 0..len */
} lineedit;

/* Replaces the text; the cursor goes to its end. Text that does not fit is
 * cut at a character boundary. */
void le_set(lineedit *e, const char *s);
/* Inserts s at the cursor, which moves after it. False (and nothing
 * inserted) when it does not fit. */
bool le_insert(lineedit *e, const char *s);
/* Cursor moves; each returns whether the cursor moved. */
bool le_left(lineedit *e);
bool le_right(lineedit *e);
bool le_home(lineedit *e);
bool le_end(lineedit *e);
/* Deletions; each returns whether the text changed. */
bool le_backspace(lineedit *e);       /* the character before the cursor */
bool le_delete(lineedit *e);          /* the character under the cursor */
bool le_kill_word(lineedit *e);       /* C-w: spaces, then the word before the cursor */
bool le_kill_to_start(lineedit *e);   /* C-u: everything before the cursor */

/* The lines entered in this run, newest last, and where Up/Down are. */
typedef struct le_history {
	char *items[LE_HISTORY_MAX];
	size_t n;
	size_t pos;             /* n: not browsing; else the item shown */
	char draft[LE_MAX];     /* the line being typed when browsing began */
} le_history;

/* Adds a line (not an empty one, nor a repeat of the newest) and stops
 * browsing. Out of memory: the line is not kept. */
void le_history_add(le_history *h, const char *line);
/* Stops browsing: the next Up starts from the newest line. */
void le_history_rewind(le_history *h);
/* Up: the previous (older) line into e, keeping what was typed as the
 * draft on the first step. False when there is nothing older. */
bool le_history_prev(le_history *h, lineedit *e);
/* Down: the next (newer) line, or back to the draft after the newest.
 * False when not browsing. */
bool le_history_next(le_history *h, lineedit *e);
void le_history_free(le_history *h);

/* Completion of the word from byte `from` to the cursor against `cands`
 * (those that start with it, case-sensitive). One match: the word becomes
 * it, followed by `suffix` when given (and not already there). Several: the
 * word grows to their longest common prefix. Returns how many matched;
 * `matches` (may be NULL) gets the indexes of the matches (up to max). */
size_t le_complete(lineedit *e, size_t from, const char *const *cands, size_t n,
                   const char *suffix, size_t *matches, size_t max);

#endif

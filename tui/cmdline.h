/* The `:` command line: edited like a shell prompt (tui/lineedit.h), with
 * Up/Down recalling the commands of this run and Tab completing command
 * names, account names after `:account ` and theme names after `:theme `.
 * It keeps its state (the line, the history) private, in an app slot; the prompt
 * (prompt.c) hands it the keys and the bottom row while it is open. */
#ifndef TUI_CMDLINE_H
#define TUI_CMDLINE_H

#include "tui/app.h"

/* Opens an empty command line (the history stays): Enter runs the line,
 * Esc closes it; it draws itself, the terminal's cursor at the editing
 * position. */
void cmdline_open(app *a);

#endif

/* The title bar, the status bar, and the whole screen's drawing. */
#ifndef TUI_STATUS_H
#define TUI_STATUS_H

#include "tui/app.h"

void status_draw_title(app *a, int width);
/* The status bar from row y over `rows` rows (status_bar_rows()). */
void status_draw_bar(app *a, int y, int width, int rows);
/* Rows the status bar needs now: 2 for an error that does not fit one. */
int status_bar_rows(app *a, int width);
/* Draws everything into stdscr (no doupdate; screen.c). */
void app_draw(app *a);

#endif

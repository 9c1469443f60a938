/* The bottom line as a prompt: the live filter and the quit question; the
 * modules' own prompts (the `:` line, the delete question, the S3 keys)
 * through prompt_own(). */
#ifndef TUI_PROMPT_H
#define TUI_PROMPT_H

#include "tui/app.h"

/* Opens the filter or the quit question. */
void prompt_open(app *a, prompt_kind kind);
/* Gives the bottom line to a module's prompt until it sets PROMPT_NONE. */
void prompt_own(app *a, const app_prompt_ops *ops);
void prompt_key(app *a, int key);
void prompt_draw(app *a, int y, int width);

#endif

/* The bottom line as a prompt: the live filter, the `:` command line
 * (cmdline.c), the quit and delete questions (delete.c) and the S3 keys
 * (s3_prompt.c). */
#ifndef TUI_PROMPT_H
#define TUI_PROMPT_H

#include "tui/app.h"

void prompt_open(app *a, prompt_kind kind);
void prompt_key(app *a, int key);
void prompt_draw(app *a, int y, int width);

#endif

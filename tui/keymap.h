/* Keys to actions: the defaults of the action table, then the config's `keys`
 * section, which replaces an action's keys (`toggle_enabled = "x"`) or
 * unbinds it (""). Key names: single characters, Space, Enter, Esc, Tab,
 * Backspace, C-x, Up, Down, Left, Right, PgUp, PgDn, Home, End, F1..F12
 * (optionally in <angle brackets>, any case for the named ones). */
#ifndef TUI_KEYMAP_H
#define TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "model/config.h"
#include "model/og_error.h"
#include "tui/actions.h"

#define KEYMAP_MAX_KEYS 4

typedef struct keymap {
	int keys[ACT_COUNT][KEYMAP_MAX_KEYS];
	int n[ACT_COUNT];
	bool rebound[ACT_COUNT];   /* set by the config: wins over defaults */
} keymap;

/* The key code wgetch() returns for `spec`, or -1 when it is not a key name. */
int key_parse(const char *spec);
/* A readable name for a key code ("j", "Space", "C-l", "PgDn"). Returns buf. */
const char *key_label(int key, char *buf, size_t n);

void keymap_init_defaults(keymap *km);
/* Applies cfg->keys. An unknown action or an unparseable key is OG_ERR_CONFIG
 * naming the config file and line; returns 0 or -1. */
int keymap_apply_config(keymap *km, const og_config *cfg, og_error *err);
/* The action `key` triggers on `screen` (one SCR_ bit), or ACT_NONE. */
action_id keymap_lookup(const keymap *km, unsigned screen, int key);
/* The keys of `a` as "j, Down" (empty when unbound). Returns buf. */
const char *keymap_keys_text(const keymap *km, action_id a, char *buf, size_t n);
/* The first key of `a` as key_label names it ("C-s"), "?" when unbound. */
const char *keymap_first_key(const keymap *km, action_id a, char *buf, size_t n);
/* The same in words, for a sentence: C-s as "Ctrl-S", S-Tab as "Shift-Tab". */
const char *keymap_first_key_words(const keymap *km, action_id a, char *buf, size_t n);

#endif

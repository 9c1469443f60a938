/* Themes: libconfig files that give each role of the screen a colour and
 * attributes, with an 8-colour fallback and the attributes to use when there
 * is no colour at all. Loaded here into a table and nowhere else. */
#ifndef TUI_THEME_H
#define TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <ncurses.h>
#include "model/og_error.h"

#define THEME_ROLES(_) \
	_(NORMAL, "normal") _(TITLE, "title") _(STATUS, "status") \
	_(SELECTION, "selection") _(HEADER, "header") _(ENABLED, "enabled") \
	_(DISABLED, "disabled") _(BACKUP, "backup") _(PENDING, "pending") \
	_(ERROR, "error") _(BADGE, "badge") _(DIM, "dim") _(FILTER, "filter")

typedef enum theme_role {
#define ROLE_ENUM(id, name) ROLE_##id,
	THEME_ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
} theme_role;

#define THEME_DEFAULT_COLOR (-1)   /* the terminal's own colour */
#define THEME_UNSET (-2)           /* fg8/bg8 not given */

typedef struct theme_style {
	short fg, bg;       /* 0..255 or THEME_DEFAULT_COLOR */
	short fg16, bg16;   /* first fallback when fg/bg >= COLORS and the terminal
	                       has at least 16; THEME_UNSET if none */
	short fg8, bg8;     /* fallback when fg/bg >= COLORS; THEME_UNSET if none */
	attr_t attrs;       /* with colour */
	attr_t mono;        /* without colour */
} theme_style;

typedef struct theme {
	bool monochrome;    /* the theme itself asks for no colour ("mono") */
	bool cursor_bar;    /* cursor = "bar" (the default): the whole cursor row
	                       in the selection role, as in htop and tig; "mark":
	                       only the gutter and the first cell, for the slowest
	                       links (a step costs a few dozen bytes, not two rows) */
	theme_style role[ROLE_COUNT];
} theme;

/* What a role becomes on a given terminal. */
typedef struct theme_resolved {
	bool use_color;
	short fg, bg;       /* valid when use_color */
	attr_t attrs;
} theme_resolved;

const char *theme_role_name(theme_role r);

/* The built-in copy of themes/default.theme, used when no default file is
 * installed. Never fails. */
void theme_builtin(theme *t);
/* Parses theme text on top of the built-in defaults. `label` names it in
 * errors ("FILE line N: ..."). OG_ERR_CONFIG on errors; 0 or -1. */
int theme_parse_string(theme *t, const char *text, const char *label, og_error *err);
int theme_load_file(theme *t, const char *path, og_error *err);

/* Finds the file for a theme: NAME as a path when it contains '/' or ends in
 * ".theme", else NAME.theme in $XDG_CONFIG_HOME/origo/themes (or
 * ~/.config/origo/themes), $ORIGO_DATADIR/themes, ORIGO_DATADIR/themes.
 * 0 with the path in out; 1 when "default" is not installed (use the
 * built-in copy); -1 with err (OG_ERR_CONFIG) otherwise. */
int theme_locate(const char *name, char *out, size_t n, og_error *err);
/* The names of the themes theme_locate can find (the built-in "default",
 * the *.theme files of its folders), sorted, each once; up to max into
 * names. Returns how many. For completing `:theme NAME`. */
#define THEME_NAME_MAX 64
size_t theme_names(char names[][THEME_NAME_MAX], size_t max);
/* theme_locate + theme_load_file (or the built-in copy). */
int theme_load(theme *t, const char *name, og_error *err);

/* Monochrome when asked (--no-color), when NO_COLOR is set and not empty,
 * or when the theme is monochrome. has_colors() is checked by theme_apply. */
bool theme_want_mono(const theme *t, bool no_color_flag);
/* The degradation, without a terminal: `colors` is COLORS. */
void theme_resolve(const theme *t, theme_role r, int colors, bool mono, theme_resolved *out);
/* Sets up colour pairs (curses must be running) and fills out[role] with the
 * attribute to draw each role with. */
void theme_apply(const theme *t, bool mono, attr_t out[ROLE_COUNT]);

#endif

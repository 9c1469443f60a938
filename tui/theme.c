/* Theme files (libconfig) into the role table, and the colour degradation:
 * 256 colours -> fg16/bg16 -> fg8/bg8 -> default colour -> monochrome attributes. */
#include "tui/theme.h"

#include <dirent.h>
#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef ORIGO_DATADIR
#define ORIGO_DATADIR "/usr/local/share/origo"
#endif

static const char *const role_names[ROLE_COUNT] = {
#define ROLE_NAME(id, name) [ROLE_##id] = name,
	THEME_ROLES(ROLE_NAME)
#undef ROLE_NAME
};

/* The roles of themes/default.theme; tests check the two stay the same. */
static const char builtin_text[] =
	"normal    = { fg = \"default\"; bg = \"default\"; attrs = \"\";     mono = \"\"; };\n"
	"title     = { fg = \"white\";   bg = 24;  bg8 = \"blue\";  attrs = \"bold\"; mono = \"reverse,bold\"; };\n"
	"status    = { fg = \"default\"; bg = \"default\"; attrs = \"\";     mono = \"\"; };\n"
	"selection = { fg = \"black\";   bg = \"cyan\";    attrs = \"\";     mono = \"reverse\"; };\n"
	"header    = { fg = \"yellow\";  bg = \"default\"; attrs = \"bold\"; mono = \"bold,underline\"; };\n"
	"enabled   = { fg = \"green\";   bg = \"default\"; attrs = \"\";     mono = \"\"; };\n"
	"disabled  = { fg = \"red\";     bg = \"default\"; attrs = \"\";     mono = \"bold\"; };\n"
	"backup    = { fg = \"magenta\"; bg = \"default\"; attrs = \"\";     mono = \"underline\"; };\n"
	"pending   = { fg = \"yellow\";  bg = \"default\"; attrs = \"bold\"; mono = \"bold,underline\"; };\n"
	"error     = { fg = \"red\";     bg = \"default\"; attrs = \"bold\"; mono = \"bold,reverse\"; };\n"
	"badge     = { fg = \"black\";   bg = \"yellow\";  attrs = \"bold\"; mono = \"reverse,bold\"; };\n"
	"dim       = { fg = 245; fg16 = 8; fg8 = \"default\"; bg = \"default\"; attrs = \"\"; mono = \"dim\"; };\n"
	"filter    = { fg = \"cyan\";    bg = \"default\"; attrs = \"bold\"; mono = \"underline\"; };\n";

static const struct { const char *name; short code; } colour_names[] = {
	{ "black", COLOR_BLACK }, { "red", COLOR_RED }, { "green", COLOR_GREEN },
	{ "yellow", COLOR_YELLOW }, { "blue", COLOR_BLUE }, { "magenta", COLOR_MAGENTA },
	{ "cyan", COLOR_CYAN }, { "white", COLOR_WHITE }, { "default", THEME_DEFAULT_COLOR },
};

static const struct { const char *name; attr_t attr; } attr_names[] = {
	{ "bold", A_BOLD }, { "reverse", A_REVERSE }, { "underline", A_UNDERLINE },
	{ "dim", A_DIM }, { "standout", A_STANDOUT }, { "italic", A_ITALIC },
	{ "blink", A_BLINK }, { "none", 0 }, { "normal", 0 },
};

const char *theme_role_name(theme_role r)
{
	return (r >= 0 && r < ROLE_COUNT) ? role_names[r] : "?";
}

static void plain_defaults(theme *t)
{
	memset(t, 0, sizeof *t);
	for (int r = 0; r < ROLE_COUNT; r++) {
		t->role[r].fg = t->role[r].bg = THEME_DEFAULT_COLOR;
		t->role[r].fg8 = t->role[r].bg8 = THEME_UNSET;
		t->role[r].fg16 = t->role[r].bg16 = THEME_UNSET;
	}
	t->role[ROLE_SELECTION].attrs = t->role[ROLE_SELECTION].mono = A_REVERSE;
	t->cursor_bar = true;    /* the full-width bar users know from htop and tig */
}

static int fail_at(og_error *err, const char *label, const config_setting_t *s, const char *fmt,
                   const char *what)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, what);
	og_error_set(err, OG_ERR_CONFIG, "%s line %d: %s", label,
	             s ? config_setting_source_line(s) : 0, msg);
	return -1;
}

static int parse_colour(const config_setting_t *s, short *out, const char *label, og_error *err)
{
	int type = config_setting_type(s);
	if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
		long long v = type == CONFIG_TYPE_INT ? config_setting_get_int(s)
		                                      : config_setting_get_int64(s);
		if (v < -1 || v > 255)
			return fail_at(err, label, s, "%s: a colour number must be 0-255", config_setting_name(s));
		*out = (short)v;
		return 0;
	}
	if (type == CONFIG_TYPE_STRING) {
		const char *v = config_setting_get_string(s);
		for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++)
			if (strcasecmp(v, colour_names[i].name) == 0) {
				*out = colour_names[i].code;
				return 0;
			}
		char what[160];
		snprintf(what, sizeof what, "%s: unknown colour \"%.60s\"", config_setting_name(s), v);
		return fail_at(err, label, s, "%s (black red green yellow blue magenta cyan white default, or 0-255)", what);
	}
	return fail_at(err, label, s, "%s: a colour is a name or a number", config_setting_name(s));
}

static int parse_attr_word(const char *w, size_t len, attr_t *out)
{
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
		if (strlen(attr_names[i].name) == len && strncasecmp(w, attr_names[i].name, len) == 0) {
			*out |= attr_names[i].attr;
			return 0;
		}
	return -1;
}

static int parse_attr_string(const config_setting_t *s, const char *text, attr_t *out,
                             const char *label, og_error *err)
{
	const char *p = text;
	while (*p) {
		p += strspn(p, ", \t|");
		size_t len = strcspn(p, ", \t|");
		if (len == 0)
			break;
		if (parse_attr_word(p, len, out) < 0) {
			char what[160];
			snprintf(what, sizeof what, "%s: unknown attribute \"%.*s\"", config_setting_name(s),
			         (int)(len > 40 ? 40 : len), p);
			return fail_at(err, label, s, "%s (bold reverse underline dim standout italic blink none)", what);
		}
		p += len;
	}
	return 0;
}

static int parse_attrs(const config_setting_t *s, attr_t *out, const char *label, og_error *err)
{
	*out = 0;
	if (config_setting_type(s) == CONFIG_TYPE_STRING)
		return parse_attr_string(s, config_setting_get_string(s), out, label, err);
	if (config_setting_is_aggregate(s) && config_setting_type(s) != CONFIG_TYPE_GROUP) {
		for (int i = 0; i < config_setting_length(s); i++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
			if (config_setting_type(e) != CONFIG_TYPE_STRING)
				return fail_at(err, label, s, "%s: attributes are strings", config_setting_name(s));
			if (parse_attr_string(s, config_setting_get_string(e), out, label, err) < 0)
				return -1;
		}
		return 0;
	}
	return fail_at(err, label, s, "%s: attributes are a string such as \"bold,reverse\" or a list",
	               config_setting_name(s));
}

static int parse_role(const config_setting_t *g, theme_style *st, const char *label, og_error *err)
{
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return fail_at(err, label, g, "%s: a role is a group { fg = ...; bg = ...; }",
		               config_setting_name(g));
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *n = config_setting_name(s);
		int rc;
		if (strcmp(n, "fg") == 0)
			rc = parse_colour(s, &st->fg, label, err);
		else if (strcmp(n, "bg") == 0)
			rc = parse_colour(s, &st->bg, label, err);
		else if (strcmp(n, "fg16") == 0)
			rc = parse_colour(s, &st->fg16, label, err);
		else if (strcmp(n, "bg16") == 0)
			rc = parse_colour(s, &st->bg16, label, err);
		else if (strcmp(n, "fg8") == 0)
			rc = parse_colour(s, &st->fg8, label, err);
		else if (strcmp(n, "bg8") == 0)
			rc = parse_colour(s, &st->bg8, label, err);
		else if (strcmp(n, "attrs") == 0)
			rc = parse_attrs(s, &st->attrs, label, err);
		else if (strcmp(n, "mono") == 0)
			rc = parse_attrs(s, &st->mono, label, err);
		else {
			char what[200];
			snprintf(what, sizeof what, "%s.%s", config_setting_name(g), n);
			rc = fail_at(err, label, s, "unknown setting \"%s\" (fg bg fg16 bg16 fg8 bg8 attrs mono)", what);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int parse_root(theme *t, config_t *cfg, const char *label, og_error *err)
{
	config_setting_t *root = config_root_setting(cfg);
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *n = config_setting_name(s);
		if (strcmp(n, "monochrome") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				return fail_at(err, label, s, "%s: must be true or false", n);
			t->monochrome = config_setting_get_bool(s);
			continue;
		}
		if (strcmp(n, "cursor") == 0) {
			const char *v = config_setting_type(s) == CONFIG_TYPE_STRING ? config_setting_get_string(s) : "";
			if (strcmp(v, "bar") != 0 && strcmp(v, "mark") != 0)
				return fail_at(err, label, s, "%s: must be \"bar\" or \"mark\"", n);
			t->cursor_bar = strcmp(v, "bar") == 0;
			continue;
		}
		if (strcmp(n, "name") == 0 || strcmp(n, "description") == 0)
			continue;
		int r;
		for (r = 0; r < ROLE_COUNT; r++)
			if (strcmp(n, role_names[r]) == 0)
				break;
		if (r == ROLE_COUNT)
			return fail_at(err, label, s,
			               "unknown role \"%s\" (normal title status selection header enabled "
			               "disabled backup pending error badge dim filter)", n);
		if (parse_role(s, &t->role[r], label, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_with(theme *t, const char *text, const char *path, const char *label, og_error *err)
{
	config_t cfg;
	config_init(&cfg);
	int ok = text ? config_read_string(&cfg, text) : config_read_file(&cfg, path);
	int rc = 0;
	if (ok != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			og_error_set(err, OG_ERR_CONFIG, "%s: cannot read the theme: %s", label,
			             strerror(errno ? errno : ENOENT));
		else
			og_error_set(err, OG_ERR_CONFIG, "%s line %d: %s", label,
			             config_error_line(&cfg), config_error_text(&cfg));
		rc = -1;
	} else {
		rc = parse_root(t, &cfg, label, err);
	}
	config_destroy(&cfg);
	return rc;
}

void theme_builtin(theme *t)
{
	plain_defaults(t);
	og_error e;
	if (parse_with(t, builtin_text, NULL, "built-in theme", &e) < 0)
		plain_defaults(t);   /* cannot happen; tests parse the same text */
}

int theme_parse_string(theme *t, const char *text, const char *label, og_error *err)
{
	theme_builtin(t);
	return parse_with(t, text, NULL, label, err);
}

int theme_load_file(theme *t, const char *path, og_error *err)
{
	theme_builtin(t);
	errno = 0;
	return parse_with(t, NULL, path, path, err);
}

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The folders themes are looked for in, the user's first; returns how many. */
#define THEME_DIRS 3
static int theme_dirs(char dirs[THEME_DIRS][1024])
{
	int nd = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(dirs[nd++], sizeof dirs[0], "%s/origo/themes", xdg);
	else if (home && home[0])
		snprintf(dirs[nd++], sizeof dirs[0], "%s/.config/origo/themes", home);
	const char *data = getenv("ORIGO_DATADIR");
	if (data && data[0])
		snprintf(dirs[nd++], sizeof dirs[0], "%s/themes", data);
	snprintf(dirs[nd++], sizeof dirs[0], "%s/themes", ORIGO_DATADIR);
	return nd;
}

static int by_name(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

size_t theme_names(char names[][THEME_NAME_MAX], size_t max)
{
	size_t n = 0;
	if (max == 0)
		return 0;
	snprintf(names[n++], THEME_NAME_MAX, "default");   /* always there (built in) */
	char dirs[THEME_DIRS][1024];
	int nd = theme_dirs(dirs);
	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		struct dirent *de;
		while ((de = readdir(d)) != NULL && n < max) {
			size_t len = strlen(de->d_name);
			if (len <= 6 || len - 6 >= THEME_NAME_MAX || strcmp(de->d_name + len - 6, ".theme") != 0
			    || de->d_name[0] == '.')
				continue;
			char name[THEME_NAME_MAX];
			snprintf(name, sizeof name, "%.*s", (int)(len - 6), de->d_name);
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = strcmp(names[k], name) == 0;
			if (!seen)
				memcpy(names[n++], name, sizeof name);
		}
		closedir(d);
	}
	qsort(names, n, sizeof names[0], by_name);
	return n;
}

int theme_locate(const char *name, char *out, size_t n, og_error *err)
{
	if (!name || !name[0])
		name = "default";
	size_t len = strlen(name);
	if (strchr(name, '/') || (len > 6 && strcmp(name + len - 6, ".theme") == 0)) {
		if (!readable(name)) {
			og_error_set(err, OG_ERR_CONFIG, "theme file %s: %s", name, strerror(errno));
			return -1;
		}
		snprintf(out, n, "%s", name);
		return 0;
	}
	char dirs[THEME_DIRS][1024];
	int nd = theme_dirs(dirs);
	for (int i = 0; i < nd; i++) {
		int w = snprintf(out, n, "%s/%s.theme", dirs[i], name);
		if (w > 0 && (size_t)w < n && readable(out))
			return 0;
	}
	if (strcmp(name, "default") == 0)
		return 1;
	og_error_set(err, OG_ERR_CONFIG, "theme \"%s\" not found (looked for %s.theme in %s, %s%s%s)",
	             name, name, dirs[0], dirs[1], nd > 2 ? ", " : "", nd > 2 ? dirs[2] : "");
	return -1;
}

int theme_load(theme *t, const char *name, og_error *err)
{
	char path[1200];
	int rc = theme_locate(name, path, sizeof path, err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		theme_builtin(t);
		return 0;
	}
	return theme_load_file(t, path, err);
}

bool theme_want_mono(const theme *t, bool no_color_flag)
{
	const char *nc = getenv("NO_COLOR");
	return no_color_flag || (nc && nc[0]) || (t && t->monochrome);
}

static bool fits(short c, int colors)
{
	return c == THEME_DEFAULT_COLOR || (c != THEME_UNSET && c < colors);
}

/* 256 -> the 16-colour fallback (bright colours 8-15 exist there) -> the
 * 8-colour one -> the terminal's own colour. */
static short degrade(short c, short fallback16, short fallback, int colors)
{
	if (c == THEME_DEFAULT_COLOR || c < colors)
		return c;
	if (colors >= 16 && fits(fallback16, colors))
		return fallback16;
	if (fallback != THEME_UNSET && (fallback == THEME_DEFAULT_COLOR || fallback < colors))
		return fallback;
	return THEME_DEFAULT_COLOR;
}

void theme_resolve(const theme *t, theme_role r, int colors, bool mono, theme_resolved *out)
{
	const theme_style *st = &t->role[r];
	memset(out, 0, sizeof *out);
	if (mono || colors < 8 || t->monochrome) {
		out->use_color = false;
		out->attrs = st->mono;
		/* The cursor row must stay visible whatever the theme says. */
		if (r == ROLE_SELECTION && !(out->attrs & (A_REVERSE | A_STANDOUT)))
			out->attrs |= A_REVERSE;
		return;
	}
	out->use_color = true;
	out->fg = degrade(st->fg, st->fg16, st->fg8, colors);
	out->bg = degrade(st->bg, st->bg16, st->bg8, colors);
	out->attrs = st->attrs;
	/* With both colours left at the default, a selection needs reverse. */
	if (r == ROLE_SELECTION && out->fg == THEME_DEFAULT_COLOR && out->bg == THEME_DEFAULT_COLOR
	    && !(out->attrs & (A_REVERSE | A_STANDOUT)))
		out->attrs |= A_REVERSE;
}

void theme_apply(const theme *t, bool mono, attr_t out[ROLE_COUNT])
{
	bool colour = !mono && has_colors();
	bool defaults = false;
	if (colour) {
		start_color();
		defaults = use_default_colors() == OK;
		if (COLOR_PAIRS <= ROLE_COUNT)
			colour = false;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		theme_resolved res;
		theme_resolve(t, (theme_role)r, colour ? COLORS : 0, !colour, &res);
		if (!res.use_color) {
			out[r] = res.attrs;
			continue;
		}
		short fg = res.fg, bg = res.bg;
		if (!defaults) {
			if (fg == THEME_DEFAULT_COLOR)
				fg = COLOR_WHITE;
			if (bg == THEME_DEFAULT_COLOR)
				bg = COLOR_BLACK;
		}
		init_pair((short)(r + 1), fg, bg);
		out[r] = COLOR_PAIR(r + 1) | res.attrs;
	}
}

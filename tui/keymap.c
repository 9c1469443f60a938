/* Key names, default bindings and the config's rebinding. */
#include "tui/keymap.h"

#include <ctype.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY_ESC 27

static const struct { const char *name; int code; } named[] = {
	{ "Space", ' ' },  { "Enter", '\n' },  { "Esc", KEY_ESC },  { "Tab", '\t' },
	{ "Backspace", KEY_BACKSPACE },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "S-Tab", KEY_BTAB }, { "Del", KEY_DC },
	{ "Return", '\n' }, { "Escape", KEY_ESC }, { "PageUp", KEY_PPAGE }, { "PageDown", KEY_NPAGE },
	{ "BackTab", KEY_BTAB }, { "Delete", KEY_DC },
};

int key_parse(const char *spec)
{
	if (!spec)
		return -1;
	char s[32];
	size_t len = strlen(spec);
	/* "<Space>" and "Space" are the same name. */
	if (len >= 3 && spec[0] == '<' && spec[len - 1] == '>') {
		spec++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof s)
		return -1;
	memcpy(s, spec, len);
	s[len] = '\0';

	if (len == 1) {
		unsigned char c = (unsigned char)s[0];
		return (c > ' ' && c < 127) ? c : (c == ' ' ? ' ' : -1);
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(s, named[i].name) == 0)
			return named[i].code;
	if (len == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-' && isalpha((unsigned char)s[2]))
		return tolower((unsigned char)s[2]) & 0x1f;
	if ((s[0] == 'F' || s[0] == 'f') && isdigit((unsigned char)s[1])) {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12)
			return KEY_F((int)n);
	}
	return -1;
}

const char *key_label(int key, char *buf, size_t n)
{
	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == key) {
			snprintf(buf, n, "%s", named[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, n, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, n, "C-%c", key + 'a' - 1);
	else if (key > ' ' && key < 127)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "key %d", key);
	return buf;
}

static void bind_default(keymap *km, action_id a)
{
	const action_info *info = action_get(a);
	char spec[32];
	const char *p = info->default_keys;
	km->n[a] = 0;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len > 0 && len < sizeof spec && km->n[a] < KEYMAP_MAX_KEYS) {
			memcpy(spec, p, len);
			spec[len] = '\0';
			int code = key_parse(spec);
			if (code >= 0)
				km->keys[a][km->n[a]++] = code;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
}

void keymap_init_defaults(keymap *km)
{
	memset(km, 0, sizeof *km);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
		bind_default(km, (action_id)a);
}

int keymap_apply_config(keymap *km, const og_config *cfg, og_error *err)
{
	const char *file = cfg && cfg->path ? cfg->path : "config";
	for (size_t i = 0; cfg && i < cfg->n_keys; i++) {
		const og_keybind *kb = &cfg->keys[i];
		action_id a = action_by_name(kb->action);
		if (a == ACT_NONE) {
			og_error_set(err, OG_ERR_CONFIG, "%s line %d: keys: unknown action \"%s\"",
			             file, kb->line, kb->action ? kb->action : "");
			return -1;
		}
		km->n[a] = 0;
		km->rebound[a] = true;
		if (!kb->key || !kb->key[0])
			continue;          /* "" unbinds */
		int code = key_parse(kb->key);
		if (code < 0) {
			og_error_set(err, OG_ERR_CONFIG,
			             "%s line %d: keys: %s: \"%s\" is not a key name "
			             "(a character, Space, Enter, Esc, Tab, C-x, Up, Down, PgUp, PgDn, Home, End, F1..F12)",
			             file, kb->line, kb->action, kb->key);
			return -1;
		}
		km->keys[a][km->n[a]++] = code;
	}
	return 0;
}

static bool action_has_key(const keymap *km, action_id a, int key)
{
	for (int i = 0; i < km->n[a]; i++)
		if (km->keys[a][i] == key)
			return true;
	return false;
}

action_id keymap_lookup(const keymap *km, unsigned screen, int key)
{
	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	if (key == 127)            /* the other Backspace code */
		key = KEY_BACKSPACE;
	/* A key the user bound on purpose wins over a default that uses it. */
	for (int pass = 0; pass < 2; pass++)
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
			if (km->rebound[a] == (pass == 0) && action_works_on((action_id)a, screen)
			    && action_has_key(km, (action_id)a, key))
				return (action_id)a;
	return ACT_NONE;
}

const char *keymap_keys_text(const keymap *km, action_id a, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < km->n[a] && used < n; i++) {
		char name[32];
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
		                 key_label(km->keys[a][i], name, sizeof name));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

const char *keymap_first_key(const keymap *km, action_id a, char *buf, size_t n)
{
	if (km->n[a] == 0) {
		snprintf(buf, n, "?");
		return buf;
	}
	return key_label(km->keys[a][0], buf, n);
}

const char *keymap_first_key_words(const keymap *km, action_id a, char *buf, size_t n)
{
	char label[32];
	keymap_first_key(km, a, label, sizeof label);
	if (strncmp(label, "C-", 2) == 0 && label[2] && !label[3])
		snprintf(buf, n, "Ctrl-%c", toupper((unsigned char)label[2]));
	else if (strncmp(label, "S-", 2) == 0 && label[2])
		snprintf(buf, n, "Shift-%s", label + 2);
	else
		snprintf(buf, n, "%s", label);
	return buf;
}

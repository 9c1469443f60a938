/* The main keys of each screen, for an idle status bar (see hints.h). */
#include "tui/hints.h"

#include <stdio.h>
#include <string.h>

#include "tui/view.h"
#include "tui/views/help.h"

#define KEY_ESCAPE 27

/* One hint. `act2` makes a pair shown as "J/K". `prefer` is the key shown
 * while it still does the action (q quits, Esc goes back), else the
 * action's first key that does. `rank` 1 is the most important: the last
 * to go when the line is short of room. */
typedef struct hint_def {
	unsigned screens;
	action_id act, act2;
	int prefer;
	const char *label;
	int rank;
} hint_def;

#define INNER (SCR_GROUP | SCR_LOG | SCR_EXCHANGE | SCR_HELP | SCR_INCIDENT | SCR_BATCH)

static const hint_def defs[] = {
	{ SCR_GROUPS | SCR_GROUP | SCR_LOG | SCR_EXCHANGE | SCR_INCIDENT | SCR_BATCH, ACT_HELP, 0, '?', "help", 1 },
	{ SCR_GROUPS | SCR_HELP | SCR_SOURCES, ACT_FILTER, 0, 0, "filter", 2 },
	{ SCR_GROUPS | SCR_LOG | SCR_INCIDENT | SCR_BATCH, ACT_OPEN, 0, 0, "open", 2 },
	{ SCR_INCIDENT, ACT_TOGGLE_ENABLED, 0, 0, "disable/enable all", 3 },
	{ SCR_INCIDENT, ACT_TOGGLE_BACKUP, 0, 0, "backup all", 4 },
	{ SCR_SOURCES, ACT_SORT, 0, 0, "sort", 5 },
	{ SCR_INCIDENT | SCR_BATCH, ACT_UNDO, 0, 0, "undo bulk", 5 },
	{ SCR_GROUP, ACT_TOGGLE_ENABLED, 0, 0, "enable", 2 },
	{ SCR_GROUP, ACT_TOGGLE_BACKUP, 0, 0, "backup", 3 },
	{ SCR_GROUP, ACT_MAKE_PRIMARY, 0, 0, "primary", 2 },
	{ SCR_GROUP, ACT_MOVE_SOURCE_DOWN, ACT_MOVE_SOURCE_UP, 0, "order", 3 },
	{ SCR_GROUP, ACT_PROBE, 0, 0, "probe", 4 },
	{ SCR_GROUP, ACT_OPEN, 0, 0, "edit", 4 },
	{ SCR_GROUP, ACT_UNDO, 0, 0, "undo", 5 },
	{ SCR_GROUPS, ACT_NEW, 0, 0, "new", 4 },
	{ SCR_GROUPS, ACT_EDIT, 0, 0, "edit", 5 },
	{ SCR_GROUPS, ACT_DELETE, 0, 0, "delete", 6 },
	{ SCR_LOG | SCR_EXCHANGE, ACT_CURL, 0, 0, "curl", 3 },
	{ SCR_GROUPS, ACT_COMMAND, 0, 0, "command", 7 },
	{ SCR_GROUPS, ACT_BACK, 0, 'q', "quit", 1 },
	{ INNER, ACT_BACK, 0, KEY_ESCAPE, "back", 1 },
	/* none for a form: it shows its keys on a line of its own */
};
#define N_DEFS (sizeof defs / sizeof defs[0])

/* The key that does `act` on `screen` now (the preferred one if it still
 * does), as a label; false when none does. */
static bool key_for(const keymap *km, unsigned screen, action_id act, int prefer, char *out, size_t n)
{
	int key = -1;
	if (prefer && keymap_lookup(km, screen, prefer) == act)
		key = prefer;
	for (int i = 0; key < 0 && i < km->n[act]; i++)
		if (keymap_lookup(km, screen, km->keys[act][i]) == act)
			key = km->keys[act][i];
	if (key < 0)
		return false;
	key_label(key, out, n);
	return true;
}

/* Whether a hint belongs on this screen of this account now. */
static bool wanted(const hint_def *d, const keymap *km, const og_caps *caps, unsigned screen,
                   bool read_only, hint_item *it)
{
	if (!(d->screens & screen))
		return false;
	it->label = d->label;
	const action_info *info = action_get(d->act);
	if (!info || (read_only && (info->flags & AF_WRITES)) || !help_caps_allow(caps, d->act))
		return false;
	if (!key_for(km, screen, d->act, d->prefer, it->key, sizeof it->key))
		return false;
	if (d->act2) {
		char second[16];
		size_t used = strlen(it->key);
		if (!key_for(km, screen, d->act2, 0, second, sizeof second))
			return false;
		snprintf(it->key + used, sizeof it->key - used, "/%s", second);
	}
	return true;
}

static int item_width(const hint_item *it)
{
	return (int)(strlen(it->key) + 1 + strlen(it->label));
}

size_t hints_for(const keymap *km, const og_caps *caps, unsigned screen, bool read_only,
                 int width, hint_item *out, size_t max)
{
	hint_item all[N_DEFS];
	int rank[N_DEFS];
	bool keep[N_DEFS];
	size_t n = 0;
	int total = 0;
	for (size_t i = 0; i < N_DEFS; i++)
		if (wanted(&defs[i], km, caps, screen, read_only, &all[n])) {
			rank[n] = defs[i].rank;
			keep[n] = true;
			total += (n ? 2 : 0) + item_width(&all[n]);
			n++;
		}
	/* Short of room: the least important go, the last of a rank first. */
	size_t left = n;
	while (total > width && left > 0) {
		size_t drop = n;
		for (size_t i = 0; i < n; i++)
			if (keep[i] && (drop == n || rank[i] >= rank[drop]))
				drop = i;
		keep[drop] = false;
		left--;
		total -= item_width(&all[drop]) + (left ? 2 : 0);
	}
	size_t out_n = 0;
	for (size_t i = 0; i < n && out_n < max; i++)
		if (keep[i])
			out[out_n++] = all[i];
	return out_n;
}

const char *hints_text(const keymap *km, const og_caps *caps, unsigned screen, bool read_only,
                       int width, char *buf, size_t n)
{
	hint_item items[HINTS_MAX];
	size_t k = hints_for(km, caps, screen, read_only, width, items, HINTS_MAX);
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < k && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s %s", i ? "  " : "", items[i].key, items[i].label);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

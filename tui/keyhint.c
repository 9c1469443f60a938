/* Explains a key the config took away, against the defaults of the table. */
#include "tui/keyhint.h"

bool keyhint_rebound(app *a, unsigned screen, int key)
{
	keymap defaults;
	keymap_init_defaults(&defaults);
	action_id was = keymap_lookup(&defaults, screen, key);
	if (was == ACT_NONE || !a->keys.rebound[was])
		return false;
	char name[32], now[64];
	key_label(key, name, sizeof name);
	keymap_keys_text(&a->keys, was, now, sizeof now);
	if (now[0])
		app_status(a, false, "%s does nothing: the config binds %s to %s", name,
		           action_get(was)->name, now);
	else
		app_status(a, false, "%s does nothing: the config unbinds %s", name, action_get(was)->name);
	return true;
}

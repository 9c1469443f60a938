/* The action table's data and the rules that come with it. */
#include "tui/actions.h"

#include <stdio.h>
#include <string.h>

static const action_info table[ACT_COUNT] = {
	[ACT_NONE] = { "", "", "", 0, 0 },
#define ACTION_INFO(id, name, keys, desc, screens, flags) \
	[ACT_##id] = { name, keys, desc, screens, flags },
	ACTIONS(ACTION_INFO)
#undef ACTION_INFO
};

const action_info *action_get(action_id a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT)
		return NULL;
	return &table[a];
}

action_id action_by_name(const char *name)
{
	if (!name)
		return ACT_NONE;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
		if (strcmp(table[a].name, name) == 0)
			return (action_id)a;
	return ACT_NONE;
}

bool action_works_on(action_id a, unsigned screen)
{
	const action_info *i = action_get(a);
	return i && (i->screens & screen);
}

void action_read_only_why(bool cli_read_only, bool account_read_only, const char *account_name,
                          char *buf, size_t n)
{
	if (cli_read_only)
		snprintf(buf, n, "--read-only");
	else if (account_read_only)
		snprintf(buf, n, "account \"%s\" has read_only = true", account_name ? account_name : "");
	else
		snprintf(buf, n, "read_only = true in the config");
}

const char *action_refusal(action_id a, bool read_only, const char *why,
                           char *buf, size_t n)
{
	const action_info *i = action_get(a);
	if (!i || !read_only || !(i->flags & AF_WRITES))
		return NULL;
	snprintf(buf, n, "read-only: writes are refused (%s)", why && why[0] ? why : "read-only mode");
	return buf;
}

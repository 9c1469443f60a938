/* The action table: every thing a key can do, in one X-macro (as tig's
 * request.h). It yields the enum, the names used in the config's `keys`
 * section, the help screen, and the flags the dispatcher enforces centrally:
 * WRITES actions are refused in read-only mode, DANGEROUS ones are confirmed.
 *
 * ACTION(ID, config name, default keys (space separated key names),
 *        description, screens where it works, flags) */
#ifndef TUI_ACTIONS_H
#define TUI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* The screens, as bits so that an action can name several. */
enum {
	SCR_GROUPS = 1 << 0,
	SCR_GROUP  = 1 << 1,
	SCR_HELP   = 1 << 2,
	SCR_LOG    = 1 << 3,   /* the requests log */
	SCR_EXCHANGE = 1 << 4, /* one exchange of the requests log */
	SCR_FORM     = 1 << 5, /* a form (tui/views/form.c): typing goes to it,
	                          the keys below act on it */
	SCR_SOURCES  = 1 << 6, /* every origin of every account (views/sources.c) */
	SCR_ORIGIN   = 1 << 7, /* one origin's uses (views/origin.c) */
	SCR_BATCH    = 1 << 8, /* a bulk change's summary (views/batch.c) */
};
/* the screens of incident mode, where Space, b and u act on an origin
 * everywhere it is used */
#define SCR_INCIDENT (SCR_SOURCES | SCR_ORIGIN)
#define SCR_LISTS (SCR_GROUPS | SCR_GROUP | SCR_HELP | SCR_LOG | SCR_EXCHANGE | SCR_INCIDENT | SCR_BATCH)
#define SCR_ANY   (SCR_GROUPS | SCR_GROUP | SCR_HELP | SCR_LOG | SCR_EXCHANGE | SCR_INCIDENT | SCR_BATCH)
#define SCR_DATA  (SCR_GROUPS | SCR_GROUP)

enum {
	AF_WRITES    = 1 << 0,   /* changes something at the provider */
	AF_DANGEROUS = 1 << 1,   /* always asks for a confirmation */
};

#define ACTIONS(_) \
	_(MOVE_DOWN,        "move_down",        "j Down",  "move down one row",                      SCR_LISTS, 0) \
	_(MOVE_UP,          "move_up",          "k Up",    "move up one row",                        SCR_LISTS, 0) \
	_(PAGE_DOWN,        "page_down",        "PgDn",    "move down one page",                     SCR_LISTS, 0) \
	_(PAGE_UP,          "page_up",          "PgUp",    "move up one page",                       SCR_LISTS, 0) \
	_(FIRST,            "first",            "g Home",  "go to the first row",                    SCR_LISTS, 0) \
	_(LAST,             "last",             "G End",   "go to the last row",                     SCR_LISTS, 0) \
	_(OPEN,             "open",             "Enter",   "open the group / edit the source / show the exchange / the origin's uses / the row's group", SCR_DATA | SCR_LOG | SCR_INCIDENT | SCR_BATCH, 0) \
	_(BACK,             "back",             "Esc q",   "go back; q on the groups screen quits",  SCR_ANY, 0) \
	_(QUIT,             "quit",             "Q",       "quit origo",                             SCR_ANY, 0) \
	_(FILTER,           "filter",           "/",       "filter the list as you type",            SCR_GROUPS | SCR_HELP | SCR_SOURCES, 0) \
	_(REFRESH,          "refresh",          "r",       "refresh from the API",                   SCR_DATA | SCR_SOURCES, 0) \
	_(TOGGLE_ENABLED,   "toggle_enabled",   "Space",   "toggle enabled on the source (sources screens: the origin in every group, asks y first)", SCR_GROUP | SCR_INCIDENT, AF_WRITES) \
	_(TOGGLE_BACKUP,    "toggle_backup",    "b",       "toggle backup on the source (sources screens: the origin in every group, asks y first)", SCR_GROUP | SCR_INCIDENT, AF_WRITES) \
	_(MAKE_PRIMARY,     "make_primary",     "P",       "make the source primary",                SCR_GROUP, AF_WRITES) \
	_(MOVE_SOURCE_DOWN, "move_source_down", "J",       "move the source down the failover order", SCR_GROUP, AF_WRITES) \
	_(MOVE_SOURCE_UP,   "move_source_up",   "K",       "move the source up the failover order",  SCR_GROUP, AF_WRITES) \
	_(ORDER_PROTOCOL,   "order_protocol",   "Tab",     "J/K on a Match Client source: switch between its HTTP and HTTPS order", SCR_GROUP, 0) \
	_(PROBE,            "probe",            "p",       "probe every source of the group (sources screen: the origin, from each group's settings)", SCR_GROUP | SCR_SOURCES, 0) \
	_(WATCH,            "watch",            "w",       "watch the origin: probe it every probe_interval seconds, changes in the status bar", SCR_SOURCES, 0) \
	_(UNDO,             "undo",             "u",       "undo the last change made in this run (sources screens: the last bulk change, what was applied)", SCR_GROUP | SCR_INCIDENT | SCR_BATCH, AF_WRITES) \
	_(NEW,              "new",              "n",       "new group / new source",                 SCR_DATA, AF_WRITES) \
	_(EDIT,             "edit",             "e",       "edit the group / the source under the cursor", SCR_DATA, AF_WRITES) \
	_(EDIT_GROUP,       "edit_group",       "E",       "edit the settings of the group shown",   SCR_GROUP, AF_WRITES) \
	_(DELETE,           "delete",           "d",       "delete the group / the source (asks y first)", SCR_DATA, AF_WRITES | AF_DANGEROUS) \
	_(SWITCH_ACCOUNT,   "switch_account",   "A",       "switch to the next account",             SCR_ANY, 0) \
	_(SOURCES,          "sources",          "S",       "the sources screen: every origin of every account", SCR_ANY, 0) \
	_(SORT,             "sort",             "s",       "sort the origins by name / by number of groups", SCR_SOURCES, 0) \
	_(REQUESTS_LOG,     "requests_log",     "L",       "show the requests log",                  SCR_ANY, 0) \
	_(CURL,             "curl",             "c",       "write the exchange as a curl command line to a file", SCR_LOG | SCR_EXCHANGE, 0) \
	_(COMMAND,          "command",          ":",       "command line (:account NAME, :theme NAME, :q)", SCR_ANY, 0) \
	_(COPY,             "copy",             "y",       "copy the id / host to the clipboard",   SCR_DATA, 0) \
	_(REPAINT,          "repaint",          "C-l",     "repaint the whole screen",               SCR_ANY | SCR_FORM, 0) \
	_(HELP,             "help",             "?",       "show the keys of this screen",           SCR_ANY, 0) \
	/* A form's keys. A printable key typed in a text field is text,   \
	 * whatever it is bound to. */                                      \
	_(FORM_NEXT,        "form_next",        "Tab",     "next field",                             SCR_FORM, 0) \
	_(FORM_PREV,        "form_prev",        "S-Tab",   "previous field",                         SCR_FORM, 0) \
	_(FORM_DOWN,        "form_down",        "Down",    "next field (the next item in a checklist)", SCR_FORM, 0) \
	_(FORM_UP,          "form_up",          "Up",      "previous field (the previous item in a checklist)", SCR_FORM, 0) \
	_(FORM_LEFT,        "form_left",        "Left",    "previous item of a choice; in text, the cursor left", SCR_FORM, 0) \
	_(FORM_RIGHT,       "form_right",       "Right",   "next item of a choice; in text, the cursor right", SCR_FORM, 0) \
	_(FORM_HOME,        "form_home",        "Home C-a", "to the start of the text (the first item of a checklist)", SCR_FORM, 0) \
	_(FORM_END,         "form_end",         "End C-e", "to the end of the text (the last item of a checklist)", SCR_FORM, 0) \
	_(FORM_BACKSPACE,   "form_backspace",   "Backspace C-h", "delete the character before the cursor", SCR_FORM, 0) \
	_(FORM_DELETE,      "form_delete",      "Del",     "delete the character under the cursor",  SCR_FORM, 0) \
	_(FORM_CLEAR,       "form_clear",       "C-u",     "clear the text",                         SCR_FORM, 0) \
	_(FORM_TICK,        "form_tick",        "Space",   "tick a checkbox, the next item of a choice, the item of a checklist", SCR_FORM, 0) \
	_(FORM_SAVE,        "form_save",        "C-s",     "save: checked first, then sent (the form stays open if it fails)", SCR_FORM, 0) \
	_(FORM_CANCEL,      "form_cancel",      "Esc",     "cancel (asks first when something was typed)", SCR_FORM, 0) \
	_(FORM_HELP,        "form_help",        "F1 ?",    "this help (? types itself in a text field)", SCR_FORM, 0)

typedef enum action_id {
	ACT_NONE = 0,
#define ACTION_ENUM(id, name, keys, desc, screens, flags) ACT_##id,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
} action_id;

typedef struct action_info {
	const char *name;          /* config name */
	const char *default_keys;  /* space separated key names */
	const char *description;
	unsigned screens;
	unsigned flags;
} action_info;

/* NULL for ACT_NONE or out of range. */
const action_info *action_get(action_id a);
/* ACT_NONE when unknown. */
action_id action_by_name(const char *name);
bool action_works_on(action_id a, unsigned screen);

/* Where an account's read-only comes from, as action_refusal's `why`:
 * "--read-only" first (cli_read_only), then "account \"NAME\" has read_only
 * = true", else "read_only = true in the config" (config_read_only said
 * the account is read-only). */
void action_read_only_why(bool cli_read_only, bool account_read_only, const char *account_name,
                          char *buf, size_t n);
/* The central read-only rule: NULL when `a` may run, else the message to
 * show (written into buf). `why` says where read-only came from. */
const char *action_refusal(action_id a, bool read_only, const char *why,
                           char *buf, size_t n);

#endif

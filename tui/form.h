/* A form's fields and their key logic, with no curses in it so that the
 * editing and the validation can be unit tested (tests/unit/test_tui_form.c).
 * tui/view_form.c draws a form and turns curses keys into form keys. */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 16
#define FORM_MAX_ITEMS  16
#define FORM_TEXT_MAX   1024   /* 255 characters of up to 4 bytes */

typedef enum form_kind {
	FORM_TEXT,       /* one line of text; `masked`: never drawn */
	FORM_CHECKBOX,   /* Space toggles */
	FORM_CHOICE,     /* Space / Left / Right cycle through `items` */
	FORM_CHECKLIST,  /* a list of checkboxes: Up/Down move, Space toggles */
} form_kind;

/* Keys the form understands; printable characters are themselves (32..255). */
enum {
	FK_TAB = -100, FK_BTAB, FK_LEFT, FK_RIGHT, FK_UP, FK_DOWN, FK_HOME, FK_END,
	FK_BACKSPACE, FK_DELETE, FK_KILL_LINE /* C-u */, FK_SAVE /* C-s */, FK_ESC,
};

typedef enum form_outcome {
	FORM_GOING,      /* keep editing */
	FORM_SAVE,       /* Ctrl-S: the caller validates and sends */
	FORM_CANCEL,     /* Esc with nothing typed: close */
	FORM_ASK_CANCEL, /* Esc after typing: the caller asks y/n first */
} form_outcome;

typedef struct form_field {
	form_kind kind;
	const char *label;                  /* static */
	const char *key;                    /* the API's name of the field, static */
	bool masked;                        /* FORM_TEXT holding a secret */
	char text[FORM_TEXT_MAX];           /* FORM_TEXT, UTF-8 */
	size_t cur;                         /* FORM_TEXT: byte offset of the cursor */
	bool on;                            /* FORM_CHECKBOX */
	const char *items[FORM_MAX_ITEMS];  /* FORM_CHOICE / FORM_CHECKLIST, static */
	size_t n_items;
	size_t choice;                      /* FORM_CHOICE: the chosen item;
	                                       FORM_CHECKLIST: the item under the cursor */
	bool checked[FORM_MAX_ITEMS];       /* FORM_CHECKLIST */
	char error[200];                    /* why the field is wrong; "" none */
} form_field;

typedef struct form {
	char title[128];
	form_field fields[FORM_MAX_FIELDS];
	size_t n_fields;
	size_t focus;
	bool touched;                       /* anything changed since opening */
	bool asking;                        /* the y/n "discard?" question is open */
	bool saving;                        /* a save is in flight */
	char error[512];                    /* the form's own error line; "" none */
} form;

void form_init(form *f, const char *title);
/* Appends a field; NULL when the form is full. The returned pointer stays
 * valid as long as the form. */
form_field *form_add_text(form *f, const char *key, const char *label, const char *value, bool masked);
form_field *form_add_checkbox(form *f, const char *key, const char *label, bool on);
form_field *form_add_choice(form *f, const char *key, const char *label,
                            const char *const *items, size_t n, size_t chosen);
form_field *form_add_checklist(form *f, const char *key, const char *label,
                               const char *const *items, size_t n);
/* The field named `key`, or NULL. */
form_field *form_find(form *f, const char *key);
/* One key (FK_* or a printable byte). */
form_outcome form_key(form *f, int key);
/* Clears every field's error and the form's. */
void form_clear_errors(form *f);
/* Sets the error of field `key` (or the form's when there is no such field). */
void form_set_error(form *f, const char *key, const char *msg);
bool form_has_errors(const form *f);
/* How many items of a checklist are ticked. */
size_t form_checked_count(const form_field *ff);

/* ---- the group settings form (Gcore-style: name, use_next, cases) ---- */
#define FORM_N_NEXT_UPSTREAM 10
extern const char *const form_next_upstream_cases[FORM_N_NEXT_UPSTREAM];
/* Fills f with the group's settings. */
void form_group_settings(form *f, const char *name, bool use_next,
                         const char *const *cases, size_t n_cases);
/* Checks the group settings form with the documented rules (name required,
 * at most 255 characters; a case when use_next is on); marks each wrong
 * field. true when it may be sent. */
bool form_group_validate(form *f);
/* Puts an API error message on the field it names: the providers' described
 * errors read "name: ..." (from {"errors":{"name":[..]}}); a message naming
 * no field goes on the form's error line. */
void form_map_api_message(form *f, const char *msg);

#endif

/* A form's fields and their key logic, with no curses in it so that the
 * editing and the validation can be unit tested (tests/unit/test_form.c).
 * A form is plain data: each provider describes its fields in a table that
 * net/form_table.c turns into a form, checks and sends; tui/views/form.c
 * draws it and turns curses keys into form keys. It lives in model/
 * because both sides use it. */
#ifndef MODEL_FORM_H
#define MODEL_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 24
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
	char label[48];                     /* as shown, without the colon */
	char key[64];                       /* the field's name in the adapter (usually
	                                       the API's); unique in the form */
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
	char hint[80];                      /* a dim note after the value ("" none),
	                                       e.g. "empty: keep the stored key" */
	/* Shown only while the FORM_CHOICE field `show_if` has a chosen item
	 * whose bit is set in show_mask ("" show_if: always shown). Hidden
	 * fields are skipped by Tab, not drawn, and not checked. */
	char show_if[64];
	unsigned show_mask;
} form_field;

/* What a form creates or edits. */
typedef enum form_target {
	FORM_GROUP_NEW,      /* `n` on the groups screen */
	FORM_GROUP_EDIT,     /* `e` on the groups screen, `E` on the group screen */
	FORM_SOURCE_NEW,     /* `n` on the group screen */
	FORM_SOURCE_EDIT,    /* `e` / Enter on a source */
} form_target;

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
/* Makes ff shown only while choice field `choice_key` has one of the items
 * whose bits are in mask (bit i: item i). */
void form_show_if(form_field *ff, const char *choice_key, unsigned mask);
/* Whether field i is shown now. */
bool form_field_visible(const form *f, size_t i);
/* Whether the field named `key` exists and is shown now. */
bool form_shown(form *f, const char *key);
/* Sets ff's hint (NULL ff: nothing, so a full form needs no check). */
void form_set_hint(form_field *ff, const char *hint);
/* The text of field `key` with leading and trailing spaces removed, into
 * buf; "" when there is no such field. Returns buf. */
const char *form_text(form *f, const char *key, char *buf, size_t n);
/* The checkbox `key` (false when there is none). */
bool form_on(form *f, const char *key);
/* The chosen item of choice `key` (NULL when there is none). */
const char *form_choice(form *f, const char *key);
/* UTF-8 characters in s (what the APIs count as a string's length). */
size_t form_utf8_chars(const char *s);
/* Copies every field's error (by key) and the form's error line from src
 * into dst, leaving what was typed in dst as it is. */
void form_copy_errors(form *dst, const form *src);
/* One key (FK_* or a printable byte). */
form_outcome form_key(form *f, int key);
/* Zeroes the text of every masked field (secrets), e.g. before a form
 * copy is freed, so keys typed do not linger in freed memory. */
void form_wipe(form *f);
/* Clears every field's error and the form's. */
void form_clear_errors(form *f);
/* Sets the error of field `key` (or the form's when there is no such field). */
void form_set_error(form *f, const char *key, const char *msg);

/* ---- putting an error on a field: the one place every adapter uses ----
 * A check's reason (form_field_error) and a refusal's messages
 * (form_place_error) go on the field they name; what names no field shown
 * goes on the form's error line (form_error_line_add). The providers differ
 * only in the policy below, which each states as data. */
typedef struct form_error_policy {
	bool add_up;     /* a field's messages add up (a space between); else its
	                    first one stays and later ones are dropped */
	bool line_once;  /* the form's line skips an empty message and one it
	                    already holds */
} form_error_policy;
/* Appends sep (when dst is not empty) and src to dst, cutting what does
 * not fit into size bytes (the one way messages are joined). */
void form_append_cut(char *dst, size_t size, const char *sep, const char *src);
/* Appends msg to the form's error line ("; " between), cutting what does
 * not fit (a cut message beats a missing one); `once` as in the policy. */
void form_error_line_add(form *f, const char *msg, bool once);
/* Puts msg on field `key` when the form has it and shows it (as p says),
 * else on the form's line as "label: msg" (label NULL: msg alone). true
 * when it went on a field. */
bool form_place_error(form *f, const char *key, const char *label, const char *msg,
                      const form_error_policy *p);
/* A check's reason on field `key` (the form's line when there is none),
 * unless the field already has one: the first reason wins. */
void form_field_error(form *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool form_has_errors(const form *f);
/* How many items of a checklist are ticked. */
size_t form_checked_count(const form_field *ff);

#endif

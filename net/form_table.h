/* Forms as data: a provider describes each field of its forms once, in a
 * static table (key, label, kind, JSON path, hint, when shown, limits,
 * how it is sent), and this one engine fills a form from the server's
 * JSON, checks the table's rules, writes the request body and finds the
 * field an API error path names. What is truly a provider's own (Gcore's
 * S3 keys, Yandex's operations, Edgio's group-then-entry, a rule over the
 * whole group) stays in its adapter, around these calls. */
#ifndef NET_FORM_TABLE_H
#define NET_FORM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "model/form.h"
#include "net/hostport.h"

/* How a field goes into the request body (form_table_write). */
typedef enum form_send {
	FORM_SEND_NONE,      /* not by the engine: the adapter's own */
	FORM_SEND_VALUE,     /* text (trimmed) / bool / the chosen item, always */
	FORM_SEND_OR_ABSENT, /* text: the member is removed when empty */
	FORM_SEND_OR_NULL,   /* text: null when empty */
	FORM_SEND_NUMBER,    /* a choice: its index + number_base; a text: its
	                        integer in num_min..num_max, else the default
	                        (num_dflt_by's item picks from num_dflts) */
	FORM_SEND_LIST,      /* a text: an array of strings, typed with commas
	                        and/or spaces between, filled with ", " */
	FORM_SEND_LIST_LOWER,/* the same, each item in lower case (digests) */
} form_send;

/* A validator's parameters: a host[:port] judged by net/hostport.c under
 * rules, in the provider's words (indexed by hostport_problem). create_max:
 * the character limit of a create request alone (0: none). */
typedef struct form_hostport {
	hostport_rules rules;
	const char *const *words;
	size_t create_max;
} form_hostport;

/* What a validator is given besides the text. */
typedef struct form_check_ctx {
	form *f;            /* the whole form: a rule may follow another field */
	const void *arg;    /* the spec's arg */
	bool create;        /* the form creates the object (a create's limits) */
	char *why;          /* room for a reason made on the spot */
	size_t n;
} form_check_ctx;

typedef struct form_spec {
	const char *key;          /* the form's key; unique in the table */
	const char *label;
	const char *alt_label;    /* with FORM_FILL_ALT_LABELS (NULL: label), e.g.
	                             where a new group's form holds its first origin */
	form_kind kind;           /* any; a FORM_CHECKLIST is sent as the array
	                             of its ticked items */
	const char *path;         /* members from the object the form edits,
	                             '/' between ("config/s3_region"); NULL: none */
	const char *hint;         /* NULL: none */
	unsigned part;            /* the adapter's bits: which forms show it, and
	                             which write call sends it */
	const char *show_if;      /* the choice it follows (NULL: always shown) */
	unsigned show_mask;       /* with show_if: bit i shows it for item i */
	const char *const *items; /* FORM_CHOICE, FORM_CHECKLIST */
	size_t n_items;
	const char *other_item;   /* FORM_SEND_NUMBER choice: the item added (and
	                             chosen) for a number beyond the items; it
	                             is never written, so the server keeps it */
	const char *const *ticked;/* FORM_CHECKLIST: the items ticked on a new form */
	size_t n_ticked;
	bool oneof;               /* FORM_CHOICE: the value is which item names a
	                             member of the object at path (a proto oneof:
	                             "meta":{"bucket":{..}}); a "{key}" in another
	                             field's path is this choice's item */
	bool masked;              /* a secret: never filled from the server */
	bool on;                  /* FORM_CHECKBOX: when the server says nothing */
	form_send send;
	/* A text that follows other fields when left empty: into out, the value
	 * empty stands for (false, out "": none, it must be typed). Sent in its place;
	 * a server value equal to it is filled as empty (it still follows). */
	bool (*derive)(form *f, char *out, size_t n);
	int number_base;          /* FORM_SEND_NUMBER of a choice */
	long num_min, num_max;    /* FORM_SEND_NUMBER of a text */
	const char *num_dflt_by;  /* the choice whose item picks the default */
	const long *num_dflts;    /* ... from these, one per item of that choice
	                             (the first when there is no such choice) */
	/* ---- the checks of a shown field, in this order (first reason wins) */
	const char *required;     /* the message when empty (a checklist: none
	                             ticked; a text that derives nothing); a
	                             "{key}" in it is that choice's item; NULL:
	                             optional */
	const char *required_if;  /* required only while this choice or checkbox */
	unsigned required_mask;   /* has an item whose bit is here (a checkbox:
	                             bit 0 off, bit 1 on) */
	size_t max_chars;         /* 0: no limit */
	bool max_counts;          /* the message says how many were typed */
	/* Why text (trimmed, not empty) is wrong, or NULL. */
	const char *(*validate)(const char *text, const form_check_ctx *c);
	const void *arg;
} form_spec;

/* form_table_fill's flags. */
enum {
	FORM_FILL_SHOW_IF = 1u,    /* apply show_if (a choice switches fields);
	                              else every field added is shown */
	FORM_FILL_ALT_LABELS = 2u, /* the alt_labels */
	FORM_FILL_PROTO3 = 4u,     /* a bool the server leaves out is false
	                              (proto3 JSON), not the field's `on` */
};
/* Adds the table's fields whose part is in `parts`, in order, with their
 * values from `from` (NULL: the defaults: empty, `on`, the first item).
 * false when the form is full. */
bool form_table_fill(form *f, const form_spec *t, size_t n, unsigned parts, const cJSON *from,
                     unsigned flags);
/* Sets the text of field `key` (cursor at its end); nothing when none. */
void form_table_set_text(form *f, const char *key, const char *text);
/* The table's checks on every shown field of the form (form_field_error),
 * for a form that creates (form_table_check) or edits the object. */
void form_table_check(form *f, const form_spec *t, size_t n);
void form_table_check_as(form *f, const form_spec *t, size_t n, bool create);
/* A validator (form_spec.validate) for a host[:port]; arg: form_hostport. */
const char *form_table_hostport(const char *text, const form_check_ctx *c);
/* form_table_write's flags. */
enum {
	FORM_WRITE_MOVE_LAST = 1u,  /* a member present goes last too (the order
	                               of a PUT that rebuilds the object) */
	FORM_WRITE_SHOWN = 2u,      /* a hidden field is not written ... */
	FORM_WRITE_HIDDEN_NULL = 4u,/* ... or written as null (a PUT dropping it) */
};
/* Writes every field of the table in `parts` that the form has into obj,
 * by its `send`: a member present is replaced in its place (or moved last,
 * by flags), a new one goes last; objects on the path are made when
 * missing (last). false: out of memory. */
bool form_table_write(form *f, const form_spec *t, size_t n, unsigned parts, cJSON *obj,
                      unsigned flags);
/* The key of the field at JSON path `path` ('/' between), or NULL. A
 * "{key}" member of a field's path matches each item of that choice for
 * which the field is shown. */
const char *form_table_key(const form_spec *t, size_t n, const char *path);
/* The same, loosely, for an API that spells its paths its own way: '.' for
 * '/', letters in any case, '_' ignored ("origin.use_next" = "useNext"). */
const char *form_table_key_loose(const form_spec *t, size_t n, const char *path);

#endif

/* The form screen: a form the account's adapter fills, typed into, checked
 * and saved through the worker. Its state is the view's own (v->priv); the
 * drawing is tui/views/form_draw.c. */
#ifndef TUI_VIEWS_FORM_H
#define TUI_VIEWS_FORM_H

#include "model/form.h"
#include "tui/app.h"

/* Opens the form of target t from view v: the group v acts on
 * (ops->group), the source under the cursor for FORM_SOURCE_EDIT; the
 * account's adapter fills it. Read-only mode refused it before
 * (dispatch.c, the one place). */
void form_open(app *a, view *v, form_target t);
/* The form a form view shows; NULL for any other view. */
form *form_of_view(view *v);
/* The form view's drawing (form_draw.c), the half of its ops that only
 * reads the form. */
void form_view_title(app *a, view *v, char *buf, size_t n);
size_t form_view_rows(app *a, view *v);
void form_view_draw(app *a, view *v, int y0, int height, int width);

#endif

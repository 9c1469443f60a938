/* Forms, on the UI thread: the account's adapter fills and checks them.
 * Public: tui/ may include it. */
#ifndef NET_FORMS_H
#define NET_FORMS_H

#include <stdbool.h>
#include "model/og.h"
#include "model/form.h"
#include "model/og_error.h"
#include "net/accounts.h"

/* Forms (issue 4), on the UI thread, no I/O: the account's adapter fills f
 * with the fields of target t (g: the group shown, NULL for a new group; s:
 * the source for FORM_SOURCE_EDIT) and checks it before a save. fill: 0, or
 * -1 with err saying why this form does not exist here. */
int net_form_fill(net_account *a, form *f, form_target t, const og_group *g,
                  const og_source *s, og_error *err);
bool net_form_check(net_account *a, form *f, form_target t, const og_group *g,
                    const og_source *s);
/* Whether the account's adapter can delete groups / sources at all. */
bool net_can_delete(net_account *a, bool source);

#endif

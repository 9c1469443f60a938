/* Rules checked before anything is sent. */
#ifndef OG_RULES_H
#define OG_RULES_H

#include "model/og.h"
#include "model/caps.h"
#include "model/og_error.h"

/* The provider must have the flag (else OG_ERR_REFUSED with the caps' reason),
 * and after setting `field` of source `key` to `to` the group must still have
 * at least one enabled non-backup source (else OG_ERR_REFUSED saying so). A
 * source whose enabled flag is absent counts as enabled; an absent backup flag
 * counts as not backup. Returns 0 when allowed, -1 with err set. */
int rules_check_flag_change(const og_group *g, const og_caps *caps,
                            const char *key, og_field field, og_tri to,
                            og_error *err);

#endif

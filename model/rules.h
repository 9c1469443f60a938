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

/* Primaries and the failover order, for providers with has_primary/has_order
 * (Edgio). A source serves "http", "https" or both ("match"); each protocol
 * has its own failover order and at most one primary, which holds position 0.
 * rules_serves: whether s serves `protocol` ("http" or "https"). */
bool rules_serves(const og_source *s, const char *protocol);
/* Which failover list a move of s changes, named for rules_order_in(): a
 * Match Client source ("match") is an HTTP and an HTTPS row, and `asked`
 * picks one ("https", else "http"); any other source has only its own
 * protocol's list (NULL when it names none). The UI, the store, the write
 * path and the Edgio adapter all ask this. */
const char *rules_move_list(const og_source *s, const char *asked);
/* s's failover order in `protocol`'s list (order_alt for the HTTPS row of a
 * "match" source), or -1 when it does not serve it or has no order. */
int rules_order_in(const og_source *s, const char *protocol);
/* The field holding that order, for a move to change it (the store's
 * pending moves); NULL where rules_order_in() gives -1. */
int *rules_order_cell(og_source *s, const char *protocol);
/* The one-primary-per-protocol rule: the sources that must stop being
 * primary before source `key` becomes primary (primary on a protocol `key`
 * also serves; "match" counts as both). Writes up to `max` indices into out;
 * returns how many there are. */
size_t rules_primary_demotions(const og_group *g, const char *key, size_t *out, size_t max);
/* Whether source `key` may move to 0-based position `to` of `protocol`'s
 * failover list (NULL: its own protocol, "http" for "match"): the position
 * exists, a primary keeps position 0 and nothing else takes it while the
 * protocol has a primary. 0, or -1 with err (OG_ERR_REFUSED; OG_ERR_CONFLICT
 * when the source is gone). */
int rules_check_move(const og_group *g, const char *key, const char *protocol, int to,
                     og_error *err);

#endif

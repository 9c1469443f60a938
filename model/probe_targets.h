/* What to probe for an origin or a group: the distinct probes among the
 * sources given, each with the (account, group) pairs that would send it.
 * Two groups using one origin with the same settings (URL, SNI, Host
 * header, connect target) are one probe; a group whose Host header differs
 * is a probe of its own, as its CDN sends it. Used by `origo probe` and the
 * sources screen's p and w. Pure: borrows the groups, which must outlive
 * the targets. */
#ifndef MODEL_PROBE_TARGETS_H
#define MODEL_PROBE_TARGETS_H

#include <stddef.h>
#include "model/og.h"
#include "model/origins.h"
#include "model/probe.h"

typedef struct og_probe_user {
	size_t account;             /* the caller's account index */
	const og_group *group;      /* borrowed */
	size_t source;              /* index in group->sources */
} og_probe_user;

typedef struct og_probe_target {
	char origin[ORIGIN_NAME_MAX];   /* origin_name_of() of its sources */
	og_probe_plan plan;
	size_t account;             /* the first user's: whose network runs it */
	const og_source *source;    /* the first user's source (borrowed): probed */
	og_probe_user *users;       /* every group sending this probe; owned */
	size_t n_users;
} og_probe_target;

typedef struct og_probe_targets {
	og_probe_target *items;
	size_t n, cap;              /* a zeroed list is empty and valid */
	size_t n_unprobeable;       /* sources given that cannot be probed */
	char why[200];              /* the reason for the last of them */
} og_probe_targets;

/* Adds source `source` of group g (account index `account`): a new target,
 * or one more user of an equal one. A source that cannot be probed (a
 * FastEdge app, no host) is counted in n_unprobeable. 0, or -1 when out
 * of memory. */
int probe_targets_add(og_probe_targets *t, size_t account, const og_group *g, size_t source);
/* Every use of origin o (model/origins.h). 0 / -1. */
int probe_targets_of_origin(og_probe_targets *t, const og_origin *o);
void probe_targets_free(og_probe_targets *t);   /* frees members, not t */

#endif

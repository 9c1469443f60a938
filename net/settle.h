/* Groups whose last write has an unknown outcome.
 *
 * A write that timed out, was cut or got a gateway's error may still land on
 * the server later; a Gcore PATCH carries the whole sources list, so such a
 * late write would silently undo any write made after it. So after one, the
 * group takes no write until a grace period has passed and a fresh read made
 * after it has shown what the server holds (every write path starts with
 * that fresh read). Internal to net/; thread-safe. */
#ifndef NET_SETTLE_H
#define NET_SETTLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "model/og_error.h"

typedef struct settle_entry {
	char *group_id;
	char *name;            /* for the message; NULL: the id */
	double until;          /* monotonic seconds: no write before */
} settle_entry;

typedef struct net_settle {
	pthread_mutex_t mu;
	settle_entry *v;
	size_t n, cap;
} net_settle;

void settle_init(net_settle *s);
void settle_destroy(net_settle *s);

/* The grace period: ORIGO_SETTLE_SECONDS (a test knob, seconds, may have a
 * fraction), else the larger of the request timeout and 5 s. */
double settle_grace(int timeout_seconds);

/* A write to the group ended with an unknown outcome: no write for `grace`
 * seconds from now. `name` (may be NULL) names the group in messages. */
void settle_mark(net_settle *s, const char *group_id, const char *name, double grace);
/* Before a write: -1 with err (OG_ERR_REFUSED, "group NAME: waiting to
 * settle an unknown write, retry in Ns; nothing was sent") while the grace
 * period runs, else 0. */
int settle_check(net_settle *s, const char *group_id, og_error *err);
/* A fresh read of the group that started at `read_at` (og_clock_seconds()) has
 * succeeded: once it is later than the grace period, the group is settled. */
void settle_read(net_settle *s, const char *group_id, double read_at);
/* Whether the group waits for a fresh read (grace over or not). */
int settle_pending(net_settle *s, const char *group_id);

/* Whether a failed write's error proves nothing about the server's state:
 * a gateway's 502/503/504, a reset, a timeout, a cut answer, or a 2xx whose
 * body could not be read. */
bool settle_outcome_unknown(const og_error *e);


#endif

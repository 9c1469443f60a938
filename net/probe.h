/* Runs origin probes: DNS, TCP connect, TLS handshake and one HTTP request a
 * source, all sources of a group at once over one curl multi handle, on the
 * worker thread that runs the JOB_PROBE. Internal to net/. */
#ifndef NET_PROBE_H
#define NET_PROBE_H

#include <stdatomic.h>
#include <stddef.h>
#include "model/og.h"
#include "model/probe.h"

/* The cap of a probe, whatever the configured timeout: a probe is for a
 * quick look, and a dead origin should not keep its row busy for long. */
#define PROBE_MAX_SECONDS 5

/* Probes the n sources concurrently, each bounded by min(timeout_seconds
 * (0: 20), PROBE_MAX_SECONDS). out[i] gets source i's result (clear each
 * with og_probe_result_clear()). `stop` (may be NULL) aborts them all.
 * 0, or -1 when out of memory (out[] then holds what could be filled). */
int probe_run(const og_source *srcs, size_t n, int timeout_seconds, const atomic_bool *stop,
              og_probe_result *out);

#endif

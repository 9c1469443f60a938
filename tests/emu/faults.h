/* Injected faults (tests/README.md): matched on method (or "WRITE": any but
 * GET and HEAD) and path prefix, the
 * first match wins and its `times` is decremented (0/absent = forever).
 * With the lock held. */
#ifndef EMU_FAULTS_H
#define EMU_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

enum fault_action { FAULT_STATUS, FAULT_RESET, FAULT_MALFORMED, FAULT_TRUNCATE,
		    FAULT_OVERSIZE, FAULT_LATENCY };

struct fault {
	char *method;          /* NULL: any */
	char *path_prefix;     /* NULL: any API path */
	char *query_has;       /* NULL: any query; else a substring it must contain
	                          (one page of a list: "offset=5000") */
	long times;            /* 0: forever */
	enum fault_action action;
	int status;
	char *body;            /* NULL: a default for the action */
	char *retry_after;     /* NULL: no header */
	long latency_ms;
	uint64_t bytes;        /* oversize */
	bool apply;            /* status, malformed, reset: the request is served
	                          (a write applied) before the fault answers */
};

#define FAULT_OVERSIZE_DEFAULT (80ull * 1024 * 1024)

/* Parses and appends one fault (or an array of them). 0, or -1 with a message. */
int faults_add(const cJSON *j, char *err, size_t errlen);
void faults_clear(void);
size_t faults_count(void);
cJSON *faults_to_json(void);   /* caller frees with cJSON_Delete() */
/* Finds the first fault matching the request, decrements it, and copies it to
 * *out (caller frees with fault_release()). false when none matches. */
bool faults_take(const char *method, const char *path, const char *query, struct fault *out);
void fault_release(struct fault *f);

#endif

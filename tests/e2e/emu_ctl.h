/* Starting origo-emu and talking to its control API (tests/README.md). */
#ifndef E2E_EMU_CTL_H
#define E2E_EMU_CTL_H

#include <stdbool.h>
#include <cjson/cJSON.h>

typedef struct emu emu;

/* Runs `emu_bin --port 0 --port-file WORKDIR/emu.port ARGS...` (args is
 * NULL-terminated, may be NULL: e.g. {"--state", file, NULL} or
 * {"--generate", "2500", NULL}), its output going to WORKDIR/emu.out, and
 * waits until it listens. NULL (with a message on stderr) on failure.
 * Caller frees with emu_stop(). */
emu *emu_start(const char *emu_bin, const char *workdir, char *const args[]);
/* SIGTERM, waitpid, free. Returns the emulator's wait status, -1 if none. */
int emu_stop(emu *e);

const char *emu_url(const emu *e);   /* "http://127.0.0.1:PORT" */
int emu_port(const emu *e);

/* One request to the emulator; path starts with '/'. Returns the HTTP status,
 * or -1 when no response came. *resp (may be NULL) gets the body: caller
 * frees with free(). */
long emu_request(emu *e, const char *method, const char *path,
                 const char *body, char **resp);

/* The control API; 0 on success (2xx), -1 otherwise (message on stderr). */
int emu_clear_log(emu *e);
int emu_add_fault(emu *e, const char *fault_json);
int emu_clear_faults(emu *e);
int emu_put_state(emu *e, const char *state_json);
int emu_put_group(emu *e, const char *id, const char *group_json);
int emu_delete_group(emu *e, const char *id);
int emu_settings(emu *e, const char *settings_json);

/* caller frees with cJSON_Delete(); NULL on failure */
cJSON *emu_get_log(emu *e);
cJSON *emu_get_state(emu *e);
/* The group with this id from GET /_emu/state, a copy: caller frees with
 * cJSON_Delete(); NULL if absent. */
cJSON *emu_get_group(emu *e, const char *id);

/* Requests in the log matching method (NULL: any) and exact path (NULL: any,
 * the query string is not part of the path). */
int emu_log_count(emu *e, const char *method, const char *path);
/* Position in the log of the first matching request, or -1. The matching
 * entry is copied to *entry if not NULL (caller frees with cJSON_Delete()). */
int emu_log_index(emu *e, const char *method, const char *path, cJSON **entry);
/* Requests whose method is not GET/HEAD (writes). */
int emu_log_count_writes(emu *e);
/* The parsed body of the first matching request: caller frees with
 * cJSON_Delete(); NULL if none or not JSON. */
cJSON *emu_log_first_body(emu *e, const char *method, const char *path);
/* Like emu_log_first_body, for the n-th (0-based) match. */
cJSON *emu_log_nth_body(emu *e, const char *method, const char *path, int n);
/* Prints the log (method, path, status) to stderr, for failure messages. */
void emu_print_log(emu *e);

#endif

/* The emulator's state: one lock for everything mutable (provider data, the
 * request log, faults, settings), the settings themselves, the state file, and
 * a sleep that ends early when the server shuts down. */
#ifndef EMU_STATE_H
#define EMU_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

/* The one mutex of the emulator. Not recursive. */
void emu_lock(void);
void emu_unlock(void);

/* How PUT/PATCH treat an S3 credential sent back as "SECRET_VALUE". The
 * default, reject, is Gcore's spec (S3Config wants real keys); the others
 * are kept for experiments. */
enum emu_s3_echo { EMU_S3_KEEP, EMU_S3_LITERAL, EMU_S3_REJECT };
const char *emu_s3_echo_name(enum emu_s3_echo e);
int emu_s3_echo_parse(const char *s, enum emu_s3_echo *out); /* 0 or -1 */

/* How PUT/PATCH treat an S3 source sent without origin_type and without its
 * keys (matched to the stored one by bucket, gcore.md §3.3): keep the stored
 * keys, or (the default, Gcore's spec) answer 400 {"errors":{"sources":{
 * "<bucket>":{"config":{"s3_access_key_id":["This field is required."]}}}}}. */
enum emu_s3_omit { EMU_S3_OMIT_KEEP, EMU_S3_OMIT_REJECT };

/* Settings; read and written with the lock held. */
struct emu_settings {
	long latency_ms;            /* added to every API request */
	enum emu_s3_echo s3_echo;
	enum emu_s3_omit s3_omit;   /* "s3_omitted_keys" */
	long gcore_page_max;        /* "gcore_page_size_max": a list page holds at
	                               most this many groups, whatever limit says */
};
extern struct emu_settings emu_settings;

/* The whole state, {"gcore": {...}, "yandex": {...}, "edgio": {...}}.
 * With the lock held.
 * state_replace: 0, or -1 with a message in err (the state is then unchanged).
 * state_to_json: caller frees with cJSON_Delete(). */
int state_replace(const cJSON *root, char *err, size_t errlen);
cJSON *state_to_json(void);
/* Reads and applies a state file; 0 or -1 with a message naming the file. */
int state_load_file(const char *path, char *err, size_t errlen);

/* Sleeps ms milliseconds, or less when emu_shutdown_begin() is called. */
void emu_sleep_ms(long ms);
void emu_shutdown_begin(void);
bool emu_shutting_down(void);

#endif

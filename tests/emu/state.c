/* The lock, the settings, the state file and the interruptible sleep. */
#include "state.h"
#include "edgio.h"
#include "gcore.h"
#include "yandex.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t state_mutex = PTHREAD_MUTEX_INITIALIZER;

/* The S3 defaults follow Gcore's official spec (S3Config): both keys in
 * every S3 source a PUT or PATCH sends, the mask refused. */
struct emu_settings emu_settings = { 0, EMU_S3_REJECT, EMU_S3_OMIT_REJECT, 1000 };

void emu_lock(void) { pthread_mutex_lock(&state_mutex); }
void emu_unlock(void) { pthread_mutex_unlock(&state_mutex); }

static const char *const echo_names[] = { "keep", "literal", "reject" };

const char *emu_s3_echo_name(enum emu_s3_echo e)
{
	return echo_names[e];
}

int emu_s3_echo_parse(const char *s, enum emu_s3_echo *out)
{
	for (int i = 0; i < 3; i++) {
		if (s && strcmp(s, echo_names[i]) == 0) {
			*out = (enum emu_s3_echo)i;
			return 0;
		}
	}
	return -1;
}

int state_replace(const cJSON *root, char *err, size_t errlen)
{
	if (!cJSON_IsObject(root)) {
		snprintf(err, errlen, "the state must be a JSON object {\"gcore\": {...}}");
		return -1;
	}
	const cJSON *gc = cJSON_GetObjectItemCaseSensitive(root, "gcore");
	if (gc && !cJSON_IsNull(gc) && !cJSON_IsObject(gc)) {
		snprintf(err, errlen, "\"gcore\" must be an object");
		return -1;
	}
	/* Yandex and Edgio are parsed aside first and committed only once Gcore
	 * has loaded: a bad section anywhere leaves the whole state unchanged */
	const cJSON *yc = cJSON_GetObjectItemCaseSensitive(root, "yandex");
	const cJSON *eg = cJSON_GetObjectItemCaseSensitive(root, "edgio");
	struct yc_state *ys = NULL;
	struct eg_state *es = NULL;
	if (yandex_state_parse(cJSON_IsNull(yc) ? NULL : yc, &ys, err, errlen) != 0)
		return -1;
	if (edgio_state_parse(cJSON_IsNull(eg) ? NULL : eg, &es, err, errlen) != 0) {
		yandex_state_discard(ys);
		return -1;
	}
	if (gcore_state_load(cJSON_IsObject(gc) ? gc : NULL, err, errlen) != 0) {
		yandex_state_discard(ys);
		edgio_state_discard(es);
		return -1;
	}
	yandex_state_commit(ys);
	edgio_state_commit(es);
	return 0;
}

cJSON *state_to_json(void)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "gcore", gcore_state_to_json());
	cJSON_AddItemToObject(root, "yandex", yandex_state_to_json());
	cJSON_AddItemToObject(root, "edgio", edgio_state_to_json());
	return root;
}

/* caller frees with free(); NULL with errno set on failure */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
		if (cap - len - 1 == 0) {
			char *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				errno = ENOMEM;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

int state_load_file(const char *path, char *err, size_t errlen)
{
	char *text = read_file(path);
	if (!text) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
	if (!root) {
		size_t line = 1;
		for (const char *p = text; end && p < end; p++)
			line += *p == '\n';
		snprintf(err, errlen, "%s:%zu: not valid JSON", path, line);
		free(text);
		return -1;
	}
	free(text);
	char msg[256];
	emu_lock();
	int rc = state_replace(root, msg, sizeof(msg));
	emu_unlock();
	cJSON_Delete(root);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, msg);
	return rc;
}

/* Shutdown: latency sleeps wait on this condition so that SIGTERM is not held
 * up by a test that injected a 30 s delay. */
static pthread_mutex_t sleep_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;
static bool shutting_down;

void emu_sleep_ms(long ms)
{
	if (ms <= 0)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sleep_mutex);
	while (!shutting_down) {
		if (pthread_cond_timedwait(&sleep_cond, &sleep_mutex, &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&sleep_mutex);
}

void emu_shutdown_begin(void)
{
	pthread_mutex_lock(&sleep_mutex);
	shutting_down = true;
	pthread_cond_broadcast(&sleep_cond);
	pthread_mutex_unlock(&sleep_mutex);
}

bool emu_shutting_down(void)
{
	pthread_mutex_lock(&sleep_mutex);
	bool b = shutting_down;
	pthread_mutex_unlock(&sleep_mutex);
	return b;
}

/* The e2e tests' handle on origo-listeners (tests/listeners/): started from
 * beside the emulator binary ($ORIGO_EMU_BIN), its ports read from the file
 * it writes once every listener listens, its request log ("NAME HOST"
 * lines) read and emptied, stopped with SIGTERM. */
#ifndef TESTS_E2E_LISTENERS_CTL_H
#define TESTS_E2E_LISTENERS_CTL_H

#include <sys/types.h>

typedef struct lis_set {
	pid_t pid;
	char dir[256];             /* ports, log and its output; removed by lis_stop */
	int ok, refused, slow, silent, tls, flap;
} lis_set;

/* Starts origo-listeners with `args` (its own options, NULL-ended; NULL:
 * none) and waits for its ports: 0, or -1 (said on stderr). */
int lis_start(lis_set *l, const char *const *args);
/* Stops it and removes its files; safe to call twice. */
void lis_stop(lis_set *l);
/* Its request log so far ("NAME HOST" lines), which is emptied; the caller
 * frees it. */
char *lis_take_log(lis_set *l);
/* The lines of text that start with prefix. */
int lis_count_lines(const char *text, const char *prefix);

#endif

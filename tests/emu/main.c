/* origo-emu: the API emulator origo's tests and demo run against.
 * CLI and control API: tests/README.md. */
#include "edgio.h"
#include "faults.h"
#include "gcore.h"
#include "oauth_tokens.h"
#include "reqlog.h"
#include "server.h"
#include "state.h"
#include "yandex.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
	fprintf(to,
		"usage: origo-emu [--port N] [--port-file FILE] [--state FILE | --generate N]\n"
		"                 [--gcore-key KEY] [--latency-ms N] [--quiet]\n");
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Written to a temporary file and renamed, so a reader never sees half of it. */
static int write_port_file(const char *path, int port)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return -1;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int ok = fprintf(f, "%d\n", port) > 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'f' },
		{ "state", required_argument, NULL, 's' },
		{ "generate", required_argument, NULL, 'g' },
		{ "gcore-key", required_argument, NULL, 'k' },
		{ "latency-ms", required_argument, NULL, 'l' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long port = 0, generate = -1, latency = 0;
	const char *port_file = NULL, *state_file = NULL, *key = NULL;
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_long(optarg, 0, 65535, &port)) {
				fprintf(stderr, "origo-emu: --port wants 0..65535, not \"%s\"\n", optarg);
				return 2;
			}
			break;
		case 'f': port_file = optarg; break;
		case 's': state_file = optarg; break;
		case 'g':
			if (parse_long(optarg, 0, 10000000, &generate)) {
				fprintf(stderr, "origo-emu: --generate wants 0..10000000, not \"%s\"\n", optarg);
				return 2;
			}
			break;
		case 'k': key = optarg; break;
		case 'l':
			if (parse_long(optarg, 0, 3600000, &latency)) {
				fprintf(stderr, "origo-emu: --latency-ms wants 0..3600000, not \"%s\"\n", optarg);
				return 2;
			}
			break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "origo-emu: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (state_file && generate >= 0) {
		fprintf(stderr, "origo-emu: --state and --generate exclude each other\n");
		return 2;
	}

	gcore_set_key(GCORE_DEFAULT_KEY);
	if (state_file) {
		char err[512];
		if (state_load_file(state_file, err, sizeof(err)) != 0) {
			fprintf(stderr, "origo-emu: %s\n", err);
			return 2;
		}
	} else if (generate >= 0 && (gcore_generate(generate) != 0 || yandex_generate(generate) != 0 ||
				     edgio_generate(generate) != 0)) {
		fprintf(stderr, "origo-emu: out of memory generating %ld groups\n", generate);
		return 1;
	}
	if (key)
		gcore_set_key(key);
	emu_settings.latency_ms = latency;

	/* The server's threads inherit this mask; only main takes the signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	int bound = server_start((unsigned)port, quiet);
	if (bound < 0)
		return 1;
	if (port_file && write_port_file(port_file, bound) != 0) {
		fprintf(stderr, "origo-emu: cannot write %s: %s\n", port_file, strerror(errno));
		server_stop();
		return 1;
	}
	printf("listening on http://127.0.0.1:%d\n", bound);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	emu_shutdown_begin();
	server_stop();
	emu_lock();
	faults_clear();
	reqlog_free();
	gcore_free();
	yandex_free();
	ycop_free();
	edgio_free();
	tokens_free();
	emu_unlock();
	return 0;
}

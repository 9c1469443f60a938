/* origo-listeners for the e2e tests (listeners_ctl.h). */
#include "tests/e2e/listeners_ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* 0 once the ports file names every listener. */
static int read_ports(lis_set *l, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char name[32];
	int port;
	while (fscanf(f, "%31s %d", name, &port) == 2) {
		int *slot = strcmp(name, "ok") == 0 ? &l->ok : strcmp(name, "refused") == 0 ? &l->refused
		            : strcmp(name, "slow") == 0 ? &l->slow : strcmp(name, "silent") == 0 ? &l->silent
		            : strcmp(name, "tls") == 0 ? &l->tls : strcmp(name, "flap") == 0 ? &l->flap : NULL;
		if (slot)
			*slot = port;
	}
	fclose(f);
	return l->ok > 0 && l->refused > 0 && l->slow > 0 && l->silent > 0 && l->tls > 0 &&
	       l->flap > 0 ? 0 : -1;
}

int lis_start(lis_set *l, const char *const *args)
{
	memset(l, 0, sizeof *l);
	l->pid = -1;
	const char *emu = getenv("ORIGO_EMU_BIN");
	char bin[4200], tmp[4200];
	snprintf(tmp, sizeof tmp, "%s", emu && emu[0] ? emu : "build/normal/origo-emu");
	snprintf(bin, sizeof bin, "%s/origo-listeners", dirname(tmp));
	snprintf(l->dir, sizeof l->dir, "/tmp/origo-e2e-listeners.XXXXXX");
	if (!mkdtemp(l->dir)) {
		l->dir[0] = '\0';
		return -1;
	}
	char ports[400], logp[400], out[400];
	snprintf(ports, sizeof ports, "%s/ports", l->dir);
	snprintf(logp, sizeof logp, "%s/log", l->dir);
	snprintf(out, sizeof out, "%s/out", l->dir);
	char *argv[32] = { bin, "--ports-file", ports, "--log", logp };
	size_t n = 5;
	for (size_t i = 0; args && args[i] && n + 1 < sizeof argv / sizeof argv[0]; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	l->pid = fork();
	if (l->pid < 0)
		return -1;
	if (l->pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(bin, argv);
		_exit(127);
	}
	/* the file appears whole (rename) once every listener listens */
	for (int i = 0; i < 1000; i++) {
		if (read_ports(l, ports) == 0)
			return 0;
		if (waitpid(l->pid, NULL, WNOHANG) == l->pid) {
			l->pid = -1;
			fprintf(stderr, "listeners: %s did not start (see %s)\n", bin, out);
			return -1;
		}
		struct timespec d = { 0, 10000000L };
		nanosleep(&d, NULL);
	}
	fprintf(stderr, "listeners: %s wrote no ports in 10 s\n", bin);
	return -1;
}

void lis_stop(lis_set *l)
{
	if (l->pid > 0) {
		kill(l->pid, SIGTERM);
		waitpid(l->pid, NULL, 0);
		l->pid = -1;
	}
	if (l->dir[0]) {
		char p[400];
		const char *files[] = { "ports", "log", "out" };
		for (size_t i = 0; i < 3; i++) {
			snprintf(p, sizeof p, "%s/%s", l->dir, files[i]);
			unlink(p);
		}
		rmdir(l->dir);
		l->dir[0] = '\0';
	}
}

char *lis_take_log(lis_set *l)
{
	char p[400];
	snprintf(p, sizeof p, "%s/log", l->dir);
	FILE *f = fopen(p, "r");
	char *text = calloc(1, 65536);
	if (f && text) {
		size_t n = fread(text, 1, 65535, f);
		text[n] = '\0';
	}
	if (f)
		fclose(f);
	if (truncate(p, 0) != 0 && errno != ENOENT)
		fprintf(stderr, "listeners: cannot empty %s\n", p);
	return text;
}

int lis_count_lines(const char *text, const char *prefix)
{
	int n = 0;
	size_t len = strlen(prefix);
	for (const char *s = text; s && *s;) {
		if (strncmp(s, prefix, len) == 0)
			n++;
		const char *nl = strchr(s, '\n');
		s = nl ? nl + 1 : NULL;
	}
	return n;
}

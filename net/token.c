/* The token cache and the token_cmd runner (see token.h). */
#include "net/token.h"
#include "model/og_clock.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

#define CMD_OUTPUT_MAX (64 * 1024)
/* How often a running token_cmd looks at the stop flag. */
#define STOP_POLL_MS 50

double token_refresh_margin(double ttl)
{
	if (ttl <= 0)
		return 0;
	double m = ttl / 10;
	return m > 300 ? 300 : m;
}

void token_cache_init(token_cache *tc)
{
	memset(tc, 0, sizeof *tc);
	pthread_mutex_init(&tc->mu, NULL);
}

void token_cache_destroy(token_cache *tc)
{
	if (!tc)
		return;
	net_auth_free(tc->token);
	tc->token = NULL;
	pthread_mutex_destroy(&tc->mu);
}

static char *bearer(const char *token)
{
	static const char pre[] = "Authorization: Bearer ";
	size_t n = sizeof pre + strlen(token);
	char *h = malloc(n);
	if (h)
		snprintf(h, n, "%s%s", pre, token);
	return h;
}

int token_cache_header(token_cache *tc, token_fetch_fn fetch, void *ctx, net_call *c,
                       const char *refused, char **header, og_error *err)
{
	*header = NULL;
	pthread_mutex_lock(&tc->mu);
	bool need = !tc->token || (tc->refresh_at > 0 && og_clock_seconds() >= tc->refresh_at);
	if (!need && refused) {
		char *cur = bearer(tc->token);
		/* another thread may have renewed it since that request left */
		need = !cur || strcmp(cur, refused) == 0;
		net_auth_free(cur);
	}
	if (need) {
		char *tok = NULL;
		double ttl = -1;
		if (fetch(ctx, c, &tok, &ttl, err) < 0) {
			pthread_mutex_unlock(&tc->mu);
			return -1;
		}
		for (const char *p = tok; *p; p++) {
			/* a newline would smuggle a header into every request */
			if ((unsigned char)*p < 0x21 || *p == 0x7f) {
				net_auth_free(tok);
				pthread_mutex_unlock(&tc->mu);
				og_error_set(err, OG_ERR_AUTH, "account \"%s\": the token contains a space or "
				             "control character", c->acct->name);
				return -1;
			}
		}
		net_auth_free(tc->token);
		tc->token = tok;
		tc->fetches++;
		tc->refresh_at = ttl >= 0 ? og_clock_seconds() + ttl - token_refresh_margin(ttl) : 0;
	}
	*header = bearer(tc->token);
	pthread_mutex_unlock(&tc->mu);
	if (!*header) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- token_cmd ---------------------------------------------------------- */

typedef struct grow {
	char *p;
	size_t len, cap;
	bool over;
} grow;

static void grow_add(grow *g, const char *d, size_t n)
{
	if (g->over || g->len + n > CMD_OUTPUT_MAX) {
		g->over = true;
		return;
	}
	if (g->len + n + 1 > g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		while (cap < g->len + n + 1)
			cap *= 2;
		char *q = malloc(cap);
		if (!q) {
			g->over = true;
			return;
		}
		/* copy and wipe rather than realloc: the old block held a secret */
		if (g->p) {
			memcpy(q, g->p, g->len);
			memset(g->p, 0, g->cap);
			free(g->p);
		}
		g->p = q;
		g->cap = cap;
	}
	memcpy(g->p + g->len, d, n);
	g->len += n;
	g->p[g->len] = '\0';
}

static void grow_wipe(grow *g)
{
	if (g->p) {
		memset(g->p, 0, g->cap);
		free(g->p);
	}
	memset(g, 0, sizeof *g);
}

/* The first line of the command's error output, printable, at most 160 bytes. */
static void first_line(const grow *g, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = g->p ? g->p : "";
	while (*p && isspace((unsigned char)*p))
		p++;
	for (; *p && *p != '\n' && *p != '\r' && o + 1 < outsz && o < 160; p++)
		out[o++] = (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p;
	out[o] = '\0';
}

int token_run_command(const char *cmd, int timeout_seconds, const atomic_bool *stop,
                      const char *account, char **out, og_error *err)
{
	*out = NULL;
	if (!account)
		account = "?";
	if (!cmd || !cmd[0]) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": token_cmd is empty", account);
		return -1;
	}
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "account \"%s\": cannot run token_cmd: %s", account,
		             strerror(errno));
		goto close_fail;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	/* The command starts as from a shell: no signal blocked (the worker
	 * threads block the UI's), every signal at its default (origo ignores
	 * SIGPIPE, and an ignored signal stays ignored across exec), and in a
	 * process group of its own, so that a stop or a timeout ends all of it
	 * (sh and what it started) at once. */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	                         POSIX_SPAWN_SETPGROUP);
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (rc != 0) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": cannot run token_cmd with /bin/sh: %s",
		             account, strerror(rc));
		goto close_fail;
	}

	grow o = { 0 }, e = { 0 };
	double deadline = og_clock_seconds() + (timeout_seconds > 0 ? timeout_seconds : 20);
	bool timed_out = false, stopped = false;
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		double left = deadline - og_clock_seconds();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (stop && atomic_load(stop)) {
			stopped = true;
			break;
		}
		/* in slices, so that a stop (quitting) is seen within STOP_POLL_MS */
		int ms = (int)(left * 1000) + 1;
		if (stop && ms > STOP_POLL_MS)
			ms = STOP_POLL_MS;
		int n = poll(fds, 2, ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			char buf[4096];
			ssize_t r = read(fds[i].fd, buf, sizeof buf);
			if (r > 0) {
				grow_add(i == 0 ? &o : &e, buf, (size_t)r);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				fds[i].fd = -1;
			}
			memset(buf, 0, sizeof buf);
		}
	}
	if (timed_out || stopped)
		kill(-pid, SIGKILL);   /* the group of the child we spawned, by its pid */
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(po[0]);
	close(pe[0]);

	char line[200];
	first_line(&e, line, sizeof line);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (stopped) {
		og_error_set(err, OG_ERR_NET, "account \"%s\": token_cmd was stopped", account);
	} else if (timed_out) {
		og_error_set(err, OG_ERR_AUTH, "account \"%s\": token_cmd did not finish within %d s",
		             account, timeout_seconds > 0 ? timeout_seconds : 20);
	} else if (!WIFEXITED(status) || code != 0) {
		og_err_kind k = code == 127 || code == 126 ? OG_ERR_CONFIG : OG_ERR_AUTH;
		if (WIFEXITED(status))
			og_error_set(err, k, "account \"%s\": token_cmd failed (exit status %d)%s%s", account,
			             code, line[0] ? ": " : "", line);
		else
			og_error_set(err, k, "account \"%s\": token_cmd was killed by signal %d%s%s", account,
			             WIFSIGNALED(status) ? WTERMSIG(status) : 0, line[0] ? ": " : "", line);
	} else if (o.over) {
		og_error_set(err, OG_ERR_AUTH, "account \"%s\": token_cmd printed more than %d bytes",
		             account, CMD_OUTPUT_MAX);
	} else {
		/* trim: `yc iam create-token` ends its token with a newline */
		char *s = o.p ? o.p : "";
		while (*s && isspace((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n == 0) {
			og_error_set(err, OG_ERR_AUTH, "account \"%s\": token_cmd printed no token%s%s",
			             account, line[0] ? ": " : "", line);
		} else if (!(*out = strndup(s, n))) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		}
	}
	grow_wipe(&o);
	grow_wipe(&e);
	return *out ? 0 : -1;

close_fail:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	return -1;
}

/* origo-listeners: origins for probes to look at, on 127.0.0.1 only, for the
 * tests and `make demo`. Each listener takes a free port; once all listen,
 * their ports are written to a file, one "NAME PORT" line each (written
 * whole: it appears at once, by rename):
 *   ok       HTTP/1.1 200 to every request
 *   refused  a closed port (bound, then closed: connecting is refused)
 *   slow     HTTP 200 after --slow-ms (default 1500)
 *   silent   listens, never accepts (a probe times out)
 *   tls      `openssl s_server` with a self-signed certificate for CN=localhost
 *            made at start, valid --tls-days (default 10: under the 14 days
 *            the sources screen warns about); nothing is kept afterwards
 *   flap     up (200) and down (503) in turn, --flap-seconds each (default 5),
 *            starting up
 * --log FILE appends "NAME HOST" for each HTTP request answered (HOST: its
 * Host header), so a test can check what a probe sent.
 * Runs until SIGTERM or SIGINT, then stops s_server and removes its files.
 *
 * Usage: origo-listeners --ports-file FILE [--log FILE] [--slow-ms N]
 *                        [--flap-seconds N] [--tls-days N] */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum kind { K_OK, K_SLOW, K_FLAP };

typedef struct listener {
	const char *name;
	enum kind kind;
	int fd, port;
} listener;

static int slow_ms = 1500, flap_seconds = 5, tls_days = 10;
static struct timespec started;
static FILE *log_out;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static int listen_loopback(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* The flapping listener is up in even periods since the start. */
static int flap_up(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(now.tv_sec - started.tv_sec) * 1000 +
	               (now.tv_nsec - started.tv_nsec) / 1000000;
	return (ms / (flap_seconds * 1000LL)) % 2 == 0;
}

typedef struct conn {
	int fd;
	const listener *l;
} conn;

static void write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;   /* the client went: nothing to do */
		s += w;
		n -= (size_t)w;
	}
}

static void *serve(void *arg)
{
	conn c = *(conn *)arg;
	free(arg);
	char req[8192];
	size_t got = 0;
	while (got + 1 < sizeof req) {
		struct pollfd p = { c.fd, POLLIN, 0 };
		if (poll(&p, 1, 5000) <= 0)
			break;
		ssize_t r = read(c.fd, req + got, sizeof req - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") || req[0] == 0x16)
			break;   /* a whole request, or a TLS hello */
	}
	req[got] = '\0';
	if (got == 0 || req[0] == 0x16) {
		/* what a plain HTTP server answers a TLS hello with */
		static const char bad[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
		if (got > 0)
			write_all(c.fd, bad, sizeof bad - 1);
		close(c.fd);
		return NULL;
	}
	char host[256] = "-";
	const char *h = strcasestr(req, "\r\nHost: ");
	if (h) {
		h += 8;
		size_t n = strcspn(h, "\r\n");
		if (n >= sizeof host)
			n = sizeof host - 1;
		memcpy(host, h, n);
		host[n] = '\0';
	}
	if (c.l->kind == K_SLOW) {
		struct timespec d = { slow_ms / 1000, (long)(slow_ms % 1000) * 1000000L };
		nanosleep(&d, NULL);
	}
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	static const char down[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
	                           "Connection: close\r\n\r\n";
	/* logged before the answer: once a probe has its answer, a test that
	 * reads the log finds the request there */
	if (log_out) {
		pthread_mutex_lock(&log_mu);
		fprintf(log_out, "%s %s\n", c.l->name, host);
		fflush(log_out);
		pthread_mutex_unlock(&log_mu);
	}
	if (c.l->kind == K_FLAP && !flap_up())
		write_all(c.fd, down, sizeof down - 1);
	else
		write_all(c.fd, ok, sizeof ok - 1);
	close(c.fd);
	return NULL;
}

static void *accept_loop(void *arg)
{
	const listener *l = arg;
	for (;;) {
		int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			struct timespec d = { 0, 50000000L };
			nanosleep(&d, NULL);
			continue;
		}
		conn *c = malloc(sizeof *c);
		pthread_t th;
		pthread_attr_t at;
		if (!c) {
			close(fd);
			continue;
		}
		*c = (conn){ fd, l };
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&th, &at, serve, c) != 0) {
			close(fd);
			free(c);
		}
		pthread_attr_destroy(&at);
	}
	return NULL;
}

/* ---- TLS: openssl s_server with a certificate made now -------------------- */

static char tls_dir[256];
static pid_t tls_pid = -1;

/* In a child before exec: the signals main() blocks for sigwait are
 * inherited, and a blocked SIGTERM would make openssl unstoppable. */
static void child_signals(void)
{
	sigset_t all;
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
}

static int tls_start(int *port)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(tls_dir, sizeof tls_dir, "%s/origo-listeners.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(tls_dir)) {
		tls_dir[0] = '\0';
		return -1;
	}
	char key[400], cert[400], days[32];
	snprintf(key, sizeof key, "%s/key.pem", tls_dir);
	snprintf(cert, sizeof cert, "%s/cert.pem", tls_dir);
	snprintf(days, sizeof days, "%d", tls_days);
	pid_t p = fork();
	if (p < 0)
		return -1;
	if (p == 0) {
		child_signals();
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execlp("openssl", "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
		       "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", days,
		       "-subj", "/CN=localhost", (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (waitpid(p, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "origo-listeners: `openssl req` failed: is openssl installed?\n");
		return -1;
	}
	int out[2];
	if (pipe(out) < 0)
		return -1;
	pid_t parent = getpid();
	tls_pid = fork();
	if (tls_pid < 0)
		return -1;
	if (tls_pid == 0) {
		child_signals();
		prctl(PR_SET_PDEATHSIG, SIGTERM);   /* never outlive the listeners */
		if (getppid() != parent)
			_exit(1);
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);   /* its notes on each rejected handshake */
		}
		execlp("openssl", "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert,
		       "-key", key, "-www", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	/* It prints "ACCEPT 127.0.0.1:PORT" once it listens; its stdout stays
	 * open (never read again) so its writes never SIGPIPE it. */
	char buf[4096];
	size_t got = 0;
	*port = -1;
	while (got + 1 < sizeof buf) {
		struct pollfd p2 = { out[0], POLLIN, 0 };
		if (poll(&p2, 1, 10000) <= 0)
			break;
		ssize_t r = read(out[0], buf + got, sizeof buf - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		buf[got] = '\0';
		const char *a = strstr(buf, "ACCEPT 127.0.0.1:");
		if (a && strchr(a, '\n')) {
			*port = atoi(a + 17);
			break;
		}
	}
	if (*port <= 0)
		fprintf(stderr, "origo-listeners: openssl s_server did not start\n");
	return *port > 0 ? 0 : -1;
}

static void tls_stop(void)
{
	if (tls_pid > 0) {
		kill(tls_pid, SIGTERM);
		waitpid(tls_pid, NULL, 0);
		tls_pid = -1;
	}
	if (tls_dir[0]) {
		char p[400];
		snprintf(p, sizeof p, "%s/key.pem", tls_dir);
		unlink(p);
		snprintf(p, sizeof p, "%s/cert.pem", tls_dir);
		unlink(p);
		rmdir(tls_dir);
		tls_dir[0] = '\0';
	}
}

/* ---- main ------------------------------------------------------------------ */

static int positive(const char *opt, const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*v == '\0' || *end || n < 1 || n > 1000000) {
		fprintf(stderr, "origo-listeners: %s wants a whole number from 1, not \"%s\"\n", opt, v);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int main(int argc, char **argv)
{
	const char *ports_file = NULL, *log_file = NULL;
	static const struct option opts[] = {
		{ "ports-file", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "slow-ms", required_argument, NULL, 's' },
		{ "flap-seconds", required_argument, NULL, 'f' },
		{ "tls-days", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': ports_file = optarg; break;
		case 'l': log_file = optarg; break;
		case 's': if (positive("--slow-ms", optarg, &slow_ms) < 0) return 2; break;
		case 'f': if (positive("--flap-seconds", optarg, &flap_seconds) < 0) return 2; break;
		case 'd': if (positive("--tls-days", optarg, &tls_days) < 0) return 2; break;
		default: return 2;
		}
	}
	if (!ports_file || optind < argc) {
		fprintf(stderr, "usage: origo-listeners --ports-file FILE [--log FILE] [--slow-ms N] "
		                "[--flap-seconds N] [--tls-days N]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* the signals are taken by sigwait below, in this thread only */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	if (log_file && !(log_out = fopen(log_file, "a"))) {
		fprintf(stderr, "origo-listeners: cannot open %s: %s\n", log_file, strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &started);

	static listener ls[] = {
		{ "ok", K_OK, -1, 0 }, { "slow", K_SLOW, -1, 0 }, { "flap", K_FLAP, -1, 0 },
	};
	for (size_t i = 0; i < sizeof ls / sizeof ls[0]; i++) {
		pthread_t th;
		if ((ls[i].fd = listen_loopback(&ls[i].port)) < 0 ||
		    pthread_create(&th, NULL, accept_loop, &ls[i]) != 0) {
			fprintf(stderr, "origo-listeners: cannot listen on 127.0.0.1: %s\n", strerror(errno));
			return 1;
		}
		pthread_detach(th);
	}
	int refused = 0, silent = 0, tls = 0;
	int fd = listen_loopback(&refused);
	if (fd >= 0)
		close(fd);
	/* the silent one's fd stays open, its backlog never accepted */
	int silent_fd = listen_loopback(&silent);
	if (fd < 0 || silent_fd < 0 || tls_start(&tls) < 0) {
		tls_stop();
		return 1;
	}

	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", ports_file);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "origo-listeners: cannot write %s: %s\n", tmp, strerror(errno));
		tls_stop();
		return 1;
	}
	fprintf(f, "ok %d\nrefused %d\nslow %d\nsilent %d\ntls %d\nflap %d\n", ls[0].port, refused,
	        ls[1].port, silent, tls, ls[2].port);
	if (fclose(f) != 0 || rename(tmp, ports_file) != 0) {
		fprintf(stderr, "origo-listeners: cannot write %s: %s\n", ports_file, strerror(errno));
		unlink(tmp);
		tls_stop();
		return 1;
	}
	int sig = 0;
	sigwait(&stop, &sig);
	tls_stop();
	close(silent_fd);
	return 0;
}

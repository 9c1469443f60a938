/* A program on a pseudo-terminal, read back through libvterm (see term.h). */
#include "tests/e2e/term.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROW_BUFS 8
#define ROW_MAX 8192

struct term {
	pid_t pid;
	int master;             /* -1 once the slave side is gone (EIO) */
	int idle_fd;            /* read end of the idle pipe; -1 at EOF */
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	size_t bytes;
	unsigned long keys_sent;
	long idle_keys, idle_seq;
	struct timespec idle_at;  /* when the last idle report was read */
	long min_seq;           /* a report must have seq > min_seq (resize) */
	char idlebuf[512];
	size_t idlelen;
	bool exited;
	int status;
	char *home;
	char raw[4096];          /* the last bytes read since term_reset_bytes */
	size_t rawlen;
	char rowbuf[ROW_BUFS][ROW_MAX];
	int rowidx;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0 && fd >= 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd pfd = { .fd = fd, .events = POLLOUT };
				poll(&pfd, 1, 100);
				continue;
			}
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* libvterm's replies to terminal queries and its keyboard encoding both come
 * out here; they are what a real terminal would send to the program. */
static void on_output(const char *s, size_t len, void *user)
{
	term *t = user;
	write_all(t->master, s, len);
}

static void reap(term *t, bool block)
{
	if (t->exited || t->pid <= 0)
		return;
	int st;
	pid_t r = waitpid(t->pid, &st, block ? 0 : WNOHANG);
	if (r == t->pid) {
		t->exited = true;
		t->status = st;
	}
}

static void parse_idle(term *t)
{
	char *nl;
	while ((nl = memchr(t->idlebuf, '\n', t->idlelen)) != NULL) {
		*nl = '\0';
		long k, s;
		if (sscanf(t->idlebuf, "idle %ld %ld", &k, &s) == 2) {
			t->idle_keys = k;
			t->idle_seq = s;
			clock_gettime(CLOCK_MONOTONIC, &t->idle_at);
		}
		size_t used = (size_t)(nl - t->idlebuf) + 1;
		memmove(t->idlebuf, nl + 1, t->idlelen - used);
		t->idlelen -= used;
	}
	if (t->idlelen == sizeof t->idlebuf) /* garbage without newline */
		t->idlelen = 0;
}

/* One poll round over the pty and the idle pipe. Returns whether any byte of
 * pty output or any idle report arrived. */
static bool pump_once(term *t, int timeout_ms)
{
	struct pollfd pfd[2];
	int n = 0, im = -1, ii = -1;
	if (t->master >= 0) {
		pfd[n] = (struct pollfd){ .fd = t->master, .events = POLLIN };
		im = n++;
	}
	if (t->idle_fd >= 0) {
		pfd[n] = (struct pollfd){ .fd = t->idle_fd, .events = POLLIN };
		ii = n++;
	}
	if (n == 0) {
		reap(t, false);
		return false;
	}
	int r = poll(pfd, (nfds_t)n, timeout_ms);
	if (r <= 0)
		return false;
	bool got = false;
	if (im >= 0 && (pfd[im].revents & (POLLIN | POLLHUP | POLLERR))) {
		char buf[65536];
		ssize_t m = read(t->master, buf, sizeof buf);
		if (m > 0) {
			t->bytes += (size_t)m;
			size_t keep = (size_t)m < sizeof t->raw ? (size_t)m : sizeof t->raw;
			if (t->rawlen + keep > sizeof t->raw) {
				size_t drop = t->rawlen + keep - sizeof t->raw;
				memmove(t->raw, t->raw + drop, t->rawlen - drop);
				t->rawlen -= drop;
			}
			memcpy(t->raw + t->rawlen, buf + (size_t)m - keep, keep);
			t->rawlen += keep;
			vterm_input_write(t->vt, buf, (size_t)m);
			got = true;
		} else if (m == 0 || (errno != EINTR && errno != EAGAIN)) {
			/* EIO: every slave fd is closed, the child is gone */
			close(t->master);
			t->master = -1;
		}
	}
	if (ii >= 0 && (pfd[ii].revents & (POLLIN | POLLHUP | POLLERR))) {
		ssize_t m = read(t->idle_fd, t->idlebuf + t->idlelen,
		                 sizeof t->idlebuf - t->idlelen);
		if (m > 0) {
			t->idlelen += (size_t)m;
			parse_idle(t);
			got = true;
		} else if (m == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(t->idle_fd);
			t->idle_fd = -1;
		}
	}
	return got;
}

void term_pump(term *t, int ms)
{
	long end = now_ms() + ms, left;
	while ((left = end - now_ms()) > 0 && (t->master >= 0 || t->idle_fd >= 0))
		pump_once(t, (int)left);
	while (pump_once(t, 0))
		;
}

/* Reads until the pty has been quiet for `quiet_ms`: after an idle report the
 * program's output is already written, but the pty may hand it over a little
 * later (the kernel's flip buffer), so a short grace period completes it. */
static void drain(term *t, int quiet_ms)
{
	while (pump_once(t, quiet_ms))
		;
}

static void add_env(char **envp, size_t *n, const char *entry)
{
	size_t namelen = strcspn(entry, "=");
	for (size_t i = 0; i < *n; i++) {
		if (strncmp(envp[i], entry, namelen) == 0 && envp[i][namelen] == '=') {
			free(envp[i]);
			envp[i] = envp[--*n];
			break;
		}
	}
	if (entry[namelen] == '=')
		envp[(*n)++] = strdup(entry);
}

static char *fmt(const char *f, const char *a, const char *b)
{
	size_t len = strlen(f) + strlen(a) + (b ? strlen(b) : 0) + 1;
	char *s = malloc(len);
	if (s)
		snprintf(s, len, f, a, b ? b : "");
	return s;
}

term *term_spawn(char *const argv[], const char *home, char *const env[],
                 int rows, int cols)
{
	term *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->master = -1;
	t->idle_fd = -1;
	t->idle_keys = -1;
	t->idle_seq = -1;
	t->min_seq = -1;
	t->rows = rows;
	t->cols = cols;
	t->home = strdup(home);

	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, on_output, t);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->screen, 1);
	vterm_screen_reset(t->screen, 1);

	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		perror("e2e: pipe2");
		term_free(t);
		return NULL;
	}

	/* The environment is built before fork: the child only calls
	 * async-signal-safe functions. */
	char *envp[128];
	size_t n = 0;
	static const char *const pass[] = {
		"PATH", "ORIGO_DATADIR", "ASAN_OPTIONS", "UBSAN_OPTIONS",
		"LSAN_OPTIONS", "TSAN_OPTIONS", NULL,
	};
	for (size_t i = 0; pass[i]; i++) {
		const char *v = getenv(pass[i]);
		if (!v)
			continue;
		char *e;
		/* Sanitizer reports go to files in the test's folder, not onto
		 * the screen where they would be garbled; term_free prints them. */
		if (strstr(pass[i], "SAN_OPTIONS") && strcmp(pass[i], "LSAN_OPTIONS") != 0) {
			char *lp = fmt("%s/sanitizer%s", home, NULL);
			char *kv = fmt("%s=%s", pass[i], v);
			e = lp && kv ? fmt("%s:log_path=%s", kv, lp) : NULL;
			free(lp);
			free(kv);
		} else {
			e = fmt("%s=%s", pass[i], v);
		}
		if (e) {
			add_env(envp, &n, e);
			free(e);
		}
	}
	add_env(envp, &n, "TERM=xterm-256color");
	add_env(envp, &n, "LANG=C.UTF-8");
	add_env(envp, &n, "LC_ALL=C.UTF-8");
	add_env(envp, &n, "ESCDELAY=25");
	add_env(envp, &n, "TZ=UTC");
	char *e = fmt("HOME=%s%s", home, NULL);
	add_env(envp, &n, e);
	free(e);
	e = fmt("XDG_CONFIG_HOME=%s%s", home, NULL);
	add_env(envp, &n, e);
	free(e);
	for (size_t i = 0; env && env[i] && n < 120; i++)
		add_env(envp, &n, env[i]);

	/* The idle fd number is known only after dup in the child; reserve a
	 * fixed number above the usual ones instead. */
	const int idle_child_fd = 100;
	char idle_env[64];
	snprintf(idle_env, sizeof idle_env, "ORIGO_TEST_IDLE_FD=%d", idle_child_fd);
	add_env(envp, &n, idle_env);
	envp[n] = NULL;

	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("e2e: forkpty");
		for (size_t i = 0; i < n; i++)
			free(envp[i]);
		close(pfd[0]);
		close(pfd[1]);
		term_free(t);
		return NULL;
	}
	if (pid == 0) {
		/* dup2 clears FD_CLOEXEC on the new descriptor */
		if (pfd[1] == idle_child_fd)
			fcntl(pfd[1], F_SETFD, 0);
		else if (dup2(pfd[1], idle_child_fd) < 0)
			_exit(126);
		/* never outlive the test, even when it crashes */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve(argv[0], argv, envp);
		static const char msg[] = "e2e: cannot execute the program\n";
		ssize_t w = write(2, msg, sizeof msg - 1);
		(void)w;
		_exit(127);
	}
	for (size_t i = 0; i < n; i++)
		free(envp[i]);
	close(pfd[1]);
	t->pid = pid;
	t->master = master;
	t->idle_fd = pfd[0];
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	fcntl(t->idle_fd, F_SETFL, fcntl(t->idle_fd, F_GETFL) | O_NONBLOCK);
	return t;
}

/* Prints and removes the sanitizer reports the child left. */
static void print_sanitizer_reports(term *t)
{
	if (!t->home)
		return;
	char *pat = fmt("%s/sanitizer*%s", t->home, NULL);
	glob_t g;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "r");
			if (!f)
				continue;
			fprintf(stderr, "---- sanitizer report of the program (%s) ----\n", g.gl_pathv[i]);
			char buf[4096];
			size_t m;
			while ((m = fread(buf, 1, sizeof buf, f)) > 0)
				fwrite(buf, 1, m, stderr);
			fclose(f);
			unlink(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pat);
}

void term_free(term *t)
{
	if (!t)
		return;
	if (t->pid > 0 && !t->exited) {
		kill(t->pid, SIGTERM);
		long end = now_ms() + 2000;
		while (!t->exited && now_ms() < end) {
			pump_once(t, 10);
			reap(t, false);
		}
		if (!t->exited) {
			kill(t->pid, SIGKILL);
			reap(t, true);
		}
	}
	print_sanitizer_reports(t);
	if (t->master >= 0)
		close(t->master);
	if (t->idle_fd >= 0)
		close(t->idle_fd);
	if (t->vt)
		vterm_free(t->vt);
	free(t->home);
	free(t);
}

pid_t term_pid(const term *t) { return t->pid; }
unsigned long term_keys_sent(const term *t) { return t->keys_sent; }
int term_rows(const term *t) { return t->rows; }
int term_cols(const term *t) { return t->cols; }
size_t term_bytes(const term *t) { return t->bytes; }
void term_reset_bytes(term *t) { t->bytes = 0; t->rawlen = 0; }

size_t term_raw(const term *t, char *out, size_t n)
{
	if (!out || n == 0)
		return 0;
	size_t len = t->rawlen < n - 1 ? t->rawlen : n - 1;
	memcpy(out, t->raw + (t->rawlen - len), len);   /* the newest bytes */
	out[len] = '\0';
	return len;
}

bool term_raw_contains(const term *t, const char *needle)
{
	size_t k = strlen(needle);
	if (k == 0)
		return true;
	for (size_t i = 0; i + k <= t->rawlen; i++)
		if (memcmp(t->raw + i, needle, k) == 0)
			return true;
	return false;
}

void term_dump_raw(term *t, FILE *f)
{
	fprintf(f, "---- last %zu byte(s) written by the program ----\n", t->rawlen);
	for (size_t i = 0; i < t->rawlen; i++) {
		unsigned char c = (unsigned char)t->raw[i];
		if (c == 0x1b)
			fputs("\\e", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputs("\n---- end ----\n", f);
}
long term_idle_keys(const term *t) { return t->idle_keys; }
long term_idle_seq(const term *t) { return t->idle_seq; }
struct timespec term_idle_time(const term *t) { return t->idle_at; }

void term_key(term *t, const char *key)
{
	static const struct { const char *name; VTermKey key; const char *raw; VTermModifier mod; } named[] = {
		{ TK_ENTER, VTERM_KEY_NONE, "\r", VTERM_MOD_NONE },
		{ TK_ESC, VTERM_KEY_NONE, "\x1b", VTERM_MOD_NONE },
		{ TK_SPACE, VTERM_KEY_NONE, " ", VTERM_MOD_NONE },
		{ TK_TAB, VTERM_KEY_NONE, "\t", VTERM_MOD_NONE },
		{ TK_BACKSPACE, VTERM_KEY_NONE, "\x7f", VTERM_MOD_NONE },
		{ TK_CTRL_L, VTERM_KEY_NONE, "\x0c", VTERM_MOD_NONE },
		{ TK_UP, VTERM_KEY_UP, NULL, VTERM_MOD_NONE },
		{ TK_DOWN, VTERM_KEY_DOWN, NULL, VTERM_MOD_NONE },
		{ TK_PGUP, VTERM_KEY_PAGEUP, NULL, VTERM_MOD_NONE },
		{ TK_PGDN, VTERM_KEY_PAGEDOWN, NULL, VTERM_MOD_NONE },
		{ TK_HOME, VTERM_KEY_HOME, NULL, VTERM_MOD_NONE },
		{ TK_END, VTERM_KEY_END, NULL, VTERM_MOD_NONE },
		{ TK_LEFT, VTERM_KEY_LEFT, NULL, VTERM_MOD_NONE },
		{ TK_RIGHT, VTERM_KEY_RIGHT, NULL, VTERM_MOD_NONE },
		{ TK_BTAB, VTERM_KEY_TAB, NULL, VTERM_MOD_SHIFT },
		{ TK_F1, VTERM_KEY_FUNCTION(1), NULL, VTERM_MOD_NONE },
		{ TK_DELETE, VTERM_KEY_DEL, NULL, VTERM_MOD_NONE },
	};
	t->keys_sent++;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (strcmp(key, named[i].name) != 0)
			continue;
		if (named[i].raw)
			write_all(t->master, named[i].raw, strlen(named[i].raw));
		else
			vterm_keyboard_key(t->vt, named[i].key, named[i].mod);
		return;
	}
	write_all(t->master, key, strlen(key));
}

void term_keys(term *t, const char *text)
{
	for (const char *p = text; *p; p++) {
		char one[2] = { *p, '\0' };
		term_key(t, one);
	}
}

static const char *exit_desc(term *t, char *buf, size_t len)
{
	if (!t->exited)
		snprintf(buf, len, "still running");
	else if (WIFEXITED(t->status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(t->status));
	else if (WIFSIGNALED(t->status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(t->status));
	else
		snprintf(buf, len, "status 0x%x", t->status);
	return buf;
}

int term_wait_idle(term *t, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	for (;;) {
		if (t->idle_keys >= (long)t->keys_sent && t->idle_seq > t->min_seq) {
			drain(t, 20);
			return 0;
		}
		if (t->idle_fd < 0 && t->master < 0) {
			reap(t, true);
			break;
		}
		long left = end - now_ms();
		if (left <= 0)
			break;
		pump_once(t, left > 100 ? 100 : (int)left);
		reap(t, false);
		if (t->exited && t->idle_fd < 0)
			break;
	}
	drain(t, 20);
	reap(t, false);
	char d[64];
	fprintf(stderr, "e2e: no idle report after %lu key(s) within %d ms "
	        "(last report: idle %ld %ld; program %s)\n",
	        t->keys_sent, timeout_ms, t->idle_keys, t->idle_seq,
	        exit_desc(t, d, sizeof d));
	term_dump(t, stderr);
	return -1;
}

int term_wait_for(term *t, bool (*pred)(term *, void *), void *arg,
                  int timeout_ms, const char *what)
{
	long end = now_ms() + timeout_ms;
	for (;;) {
		if (pred(t, arg))
			return 0;
		long left = end - now_ms();
		if (left <= 0 || (t->master < 0 && t->idle_fd < 0))
			break;
		pump_once(t, left > 100 ? 100 : (int)left);
	}
	if (pred(t, arg))
		return 0;
	reap(t, false);
	char d[64];
	fprintf(stderr, "e2e: timed out after %d ms waiting for %s (program %s)\n",
	        timeout_ms, what, exit_desc(t, d, sizeof d));
	term_dump(t, stderr);
	return -1;
}

static bool pred_text(term *t, void *arg)
{
	return term_contains(t, arg);
}

int term_wait_text(term *t, const char *text, int timeout_ms)
{
	char what[256];
	snprintf(what, sizeof what, "\"%s\" on screen", text);
	return term_wait_for(t, pred_text, (void *)text, timeout_ms, what);
}

int term_resize(term *t, int rows, int cols)
{
	/* Reports already sent belong to the old size. */
	drain(t, 0);
	t->min_seq = t->idle_seq;
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	if (t->master < 0 || ioctl(t->master, TIOCSWINSZ, &ws) != 0) {
		fprintf(stderr, "e2e: TIOCSWINSZ failed\n");
		return -1;
	}
	vterm_set_size(t->vt, rows, cols);
	t->rows = rows;
	t->cols = cols;
	return term_wait_idle(t, TERM_TIMEOUT_MS);
}

static size_t put_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Row text into buf; colmap[i] is the cell column of byte i (may be NULL). */
static size_t row_text(term *t, int r, char *buf, size_t cap, int *colmap)
{
	size_t len = 0, keep = 0;
	for (int c = 0; c < t->cols && len + 32 < cap; c++) {
		VTermScreenCell cell;
		VTermPos pos = { .row = r, .col = c };
		if (!vterm_screen_get_cell(t->screen, pos, &cell))
			continue;
		if (cell.chars[0] == (uint32_t)-1)   /* right half of a wide char */
			continue;
		size_t start = len;
		if (cell.chars[0] == 0) {
			buf[len++] = ' ';
		} else {
			for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
				len += put_utf8(buf + len, cell.chars[i]);
		}
		if (colmap)
			for (size_t i = start; i < len; i++)
				colmap[i] = c;
		if (!(len == start + 1 && buf[start] == ' '))
			keep = len;
	}
	buf[keep] = '\0';
	return keep;
}

const char *term_row(term *t, int r)
{
	char *buf = t->rowbuf[t->rowidx];
	t->rowidx = (t->rowidx + 1) % ROW_BUFS;
	buf[0] = '\0';
	if (r >= 0 && r < t->rows)
		row_text(t, r, buf, ROW_MAX, NULL);
	return buf;
}

bool term_find(term *t, const char *text, int *row, int *col)
{
	static int colmap[ROW_MAX];
	char buf[ROW_MAX];
	for (int r = 0; r < t->rows; r++) {
		row_text(t, r, buf, sizeof buf, colmap);
		char *p = strstr(buf, text);
		if (p) {
			if (row)
				*row = r;
			if (col)
				*col = colmap[p - buf];
			return true;
		}
	}
	return false;
}

bool term_contains(term *t, const char *text)
{
	return term_find(t, text, NULL, NULL);
}

int term_find_row(term *t, const char *text)
{
	int r;
	return term_find(t, text, &r, NULL) ? r : -1;
}

int term_cell(term *t, int r, int c, VTermScreenCell *cell)
{
	if (r < 0 || r >= t->rows || c < 0 || c >= t->cols)
		return -1;
	VTermPos pos = { .row = r, .col = c };
	return vterm_screen_get_cell(t->screen, pos, cell) ? 0 : -1;
}

bool term_row_has_reverse(term *t, int r)
{
	VTermScreenCell cell;
	for (int c = 0; c < t->cols; c++)
		if (term_cell(t, r, c, &cell) == 0 && cell.attrs.reverse)
			return true;
	return false;
}

static bool cell_colored(const VTermScreenCell *cell)
{
	return !VTERM_COLOR_IS_DEFAULT_FG(&cell->fg) || !VTERM_COLOR_IS_DEFAULT_BG(&cell->bg);
}

bool term_row_has_color(term *t, int r)
{
	VTermScreenCell cell;
	for (int c = 0; c < t->cols; c++)
		if (term_cell(t, r, c, &cell) == 0 && cell_colored(&cell))
			return true;
	return false;
}

bool term_any_color(term *t)
{
	for (int r = 0; r < t->rows; r++)
		if (term_row_has_color(t, r))
			return true;
	return false;
}

static bool cell_marked(term *t, int r, int c)
{
	VTermScreenCell cell;
	return term_cell(t, r, c, &cell) == 0 &&
	       (cell.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg));
}

bool term_row_highlighted(term *t, int r)
{
	/* origo's cursor row is a full-width bar; a theme with cursor = "mark"
	 * marks only its two-cell gutter (and first column). A badge or a
	 * coloured word elsewhere is neither. */
	if (cell_marked(t, r, 0) && cell_marked(t, r, 1))
		return true;
	int hits = 0;
	for (int c = 0; c < t->cols; c++)
		hits += cell_marked(t, r, c);
	return hits * 2 >= t->cols;
}

void term_cursor(term *t, int *row, int *col)
{
	VTermPos pos;
	vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
	*row = pos.row;
	*col = pos.col;
}

bool term_row_bar(term *t, int r, int *bad_col)
{
	VTermScreenCell first, cell;
	if (term_cell(t, r, 0, &first) != 0)
		return false;
	bool rev = first.attrs.reverse;
	for (int c = 0; c < t->cols; c++) {
		bool same = term_cell(t, r, c, &cell) == 0;
		if (same && rev)
			same = cell.attrs.reverse;
		else if (same)
			same = !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) && vterm_color_is_equal(&cell.bg, &first.bg);
		if (!same) {
			if (bad_col)
				*bad_col = c;
			return false;
		}
	}
	return true;
}

bool term_row_plain(term *t, int r, int *bad_col)
{
	for (int c = 0; c < t->cols; c++)
		if (cell_marked(t, r, c)) {
			if (bad_col)
				*bad_col = c;
			return false;
		}
	return true;
}

int term_selected_row(term *t, int from)
{
	for (int r = from; r < t->rows - 1; r++)
		if (term_row_highlighted(t, r))
			return r;
	return -1;
}

void term_scribble(term *t, const char *bytes)
{
	vterm_input_write(t->vt, bytes, strlen(bytes));
}

void term_dump(term *t, FILE *f)
{
	fprintf(f, "---- screen %dx%d (%zu bytes read, %lu keys sent, last idle %ld %ld) ----\n",
	        t->cols, t->rows, t->bytes, t->keys_sent, t->idle_keys, t->idle_seq);
	int sel = term_selected_row(t, 1);
	for (int r = 0; r < t->rows; r++)
		fprintf(f, "%2d%c|%s\n", r, r == sel ? '>' : ' ', term_row(t, r));
	fprintf(f, "---- end of screen ----\n");
}

int term_wait_exit(term *t, int timeout_ms, int *status)
{
	long end = now_ms() + timeout_ms;
	while (!t->exited) {
		long left = end - now_ms();
		if (left <= 0)
			break;
		pump_once(t, left > 50 ? 50 : (int)left);
		reap(t, false);
	}
	if (!t->exited)
		return -1;
	drain(t, 0);
	if (status)
		*status = t->status;
	return 0;
}

bool term_connected(const term *t)
{
	return t->master >= 0;
}

void term_hangup(term *t)
{
	if (t->master >= 0) {
		close(t->master);
		t->master = -1;
	}
}

bool term_alive(term *t)
{
	reap(t, false);
	return !t->exited;
}

/* The one wait of the program. Every other "wait" (the filter, the command
 * line, the quit question) is a state that the keys drained here feed, so a
 * resize or a worker result is never missed while a prompt is open. */
#include "tui/loop.h"
#include "model/og_clock.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/ui_signals.h"
#include "tui/osc52.h"
#include "tui/term.h"
#include "tui/xlog.h"
#include "tui/dispatch.h"
#include "tui/status.h"

#define SPIN_MS 100
/* The spinner shows only once a job has been in flight this long: a refresh
 * that comes back sooner and changes nothing then costs zero bytes over the
 * link (tests/e2e/e2e_slowlink.c relies on this value). */
#define BUSY_DELAY_MS 400

static sigset_t wait_mask;

void loop_block_signals(void)
{
	sigset_t block;
	ui_signals_fill(&block);
	pthread_sigmask(SIG_BLOCK, &block, &wait_mask);
	/* During the wait: the old mask, with the UI's signals let through. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&block, sig) == 1)
			sigdelset(&wait_mask, sig);
}

#define LOOP_MAX_TIMERS 4
static loop_timer_fn *timers[LOOP_MAX_TIMERS];
static int n_timers;

int loop_timer_add(loop_timer_fn *fn)
{
	for (int i = 0; i < n_timers; i++)
		if (timers[i] == fn)
			return 0;
	if (n_timers == LOOP_MAX_TIMERS)
		return -1;
	timers[n_timers++] = fn;
	return 0;
}

/* Runs every timer; the earliest time one wants to run again, or -1. */
static long long run_timers(app *a, long long now)
{
	long long next = -1;
	for (int i = 0; i < n_timers; i++) {
		long long t = timers[i](a, now);
		if (t >= 0 && (next < 0 || t < next))
			next = t;
	}
	return next;
}

long long loop_now_ms(void)
{
	return og_clock_ms();
}

static bool readable_now(int fd)
{
	if (fd < 0)
		return false;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

/* tests/README.md: "idle <keys> <seq>" once nothing is in flight or waiting.
 * False when the report was put off because input or a wake-up is waiting:
 * the wake-up may be the late signal of a result already taken, which
 * brings nothing to process, so the caller owes the report on its next
 * round. */
static bool report_idle(app *a, int in_fd)
{
	if (a->idle_fd < 0 || a->in_flight > 0)
		return true;
	if (readable_now(in_fd) || (a->worker && readable_now(worker_wake_fd(a->worker))))
		return false;
	char line[64];
	int n = snprintf(line, sizeof line, "idle %lu %lu\n", a->keys_seen, ++a->idle_seq);
	const char *p = line;
	while (n > 0) {
		ssize_t w = write(a->idle_fd, p, (size_t)n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			a->idle_fd = -1;   /* the harness went away: stop reporting */
			return true;
		}
		p += w;
		n -= (int)w;
	}
	return true;
}

static void frame(app *a)
{
	app_draw(a);
	if (a->repaint) {
		clearok(curscr, TRUE);
		a->repaint = false;
	}
	doupdate();
	osc52_flush();   /* a `y` copy, after the frame it announces */
}

/* Auto refresh of the open screen (refresh_seconds), skipped while busy. */
static void auto_refresh(app *a, long long *next, long long now)
{
	int every = a->cfg ? a->cfg->refresh_seconds : 0;
	if (every <= 0)
		return;
	if (now < *next)
		return;
	*next = now + (long long)every * 1000;
	/* Busy, or a prompt (filter, command line, question) open: skip this
	 * round rather than change the list under the user's typing. */
	if (a->in_flight > 0 || a->prompt.kind != PROMPT_NONE)
		return;
	view *v = app_top(a);
	if (!v)
		return;
	if (v->ops->refresh)
		(v->ops->refresh)(a, v);   /* parenthesised: curses has a refresh() macro */
}

/* The in-flight indicator: hidden for BUSY_DELAY_MS, then a spinner step
 * every SPIN_MS; *next_spin is the next time something changes. */
static void busy_tick(app *a, long long *since, long long *next_spin, long long now)
{
	if (a->in_flight <= 0) {
		*since = 0;
		if (a->busy_shown) {
			a->busy_shown = false;
			a->dirty = true;
		}
		return;
	}
	if (*since == 0) {
		*since = now;
		*next_spin = now + BUSY_DELAY_MS;
		return;
	}
	if (now < *next_spin)
		return;
	if (a->busy_shown)
		a->spinner++;
	a->busy_shown = true;
	a->dirty = true;
	*next_spin = now + SPIN_MS;
}

void loop_run(app *a, int in_fd)
{
	int wake = a->worker ? worker_wake_fd(a->worker) : -1;
	long long next_spin = og_clock_ms() + SPIN_MS, busy_since = 0;
	int every = a->cfg ? a->cfg->refresh_seconds : 0;
	long long next_refresh = every > 0 ? og_clock_ms() + (long long)every * 1000 : 0;

	frame(a);
	/* start-up with nothing to load (e.g. no account) */
	bool idle_owed = !report_idle(a, in_fd);
	long long timer_due = run_timers(a, og_clock_ms());

	while (!a->quit && !term_stop_signal) {
		struct pollfd fds[2] = {
			{ .fd = in_fd, .events = POLLIN },
			{ .fd = wake, .events = POLLIN },
		};
		long long now = og_clock_ms(), timeout = -1;
		busy_tick(a, &busy_since, &next_spin, now);
		if (a->in_flight > 0)
			timeout = next_spin > now ? next_spin - now : 0;
		if (every > 0) {
			long long t = next_refresh > now ? next_refresh - now : 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		if (timer_due >= 0) {
			long long t = timer_due > now ? timer_due - now : 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		struct timespec ts = { (time_t)(timeout / 1000), (long)(timeout % 1000) * 1000000L };
		int rc = ppoll(fds, wake >= 0 ? 2 : 1, timeout >= 0 ? &ts : NULL, &wait_mask);
		if (rc < 0 && errno != EINTR)
			break;
		/* Ctrl-C is quit, but not at the price of pending writes or a
		 * form's typing: the first asks like q, a second one quits. */
		if (term_stop_signal == SIGINT && a->prompt.kind != PROMPT_CONFIRM_QUIT &&
		    (app_pending_total(a) > 0 || app_unsaved(a))) {
			term_stop_signal = 0;
			/* the key arrived as a signal: counted for the idle handshake */
			a->keys_seen++;
			app_request_quit(a);
			a->dirty = true;
		} else if (term_stop_signal) {
			break;
		}
		/* The terminal went away (a dropped SSH link): nothing can reach the
		 * user any more, and polling a hung-up tty would spin. */
		if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break;

		bool processed = false;
		int ch;
		/* Every key first (a SIGWINCH shows up here as KEY_RESIZE) ... */
		while (!a->quit && (ch = wgetch(stdscr)) != ERR) {
			processed = true;
			if (ch == KEY_RESIZE) {
				a->dirty = true;
				continue;
			}
			a->keys_seen++;
			dispatch_key(a, ch);
		}
		/* ... then every result ... */
		if (a->worker && !a->quit) {
			worker_drain_wake(a->worker);
			/* the requests log's exchanges: messages, like results */
			net_exchange *x;
			while ((x = worker_take_exchange(a->worker)) != NULL)
				xlog_add(a, x);
			job_result *r;
			while ((r = worker_take_result(a->worker)) != NULL) {
				processed = true;
				app_apply_result(a, r);
				job_result_free(r);
			}
		}
		if (a->quit)
			break;
		now = og_clock_ms();
		busy_tick(a, &busy_since, &next_spin, now);
		auto_refresh(a, &next_refresh, now);
		timer_due = run_timers(a, now);
		/* ... then one frame. */
		if (processed || a->dirty || a->repaint)
			frame(a);
		if (processed || idle_owed)
			idle_owed = !report_idle(a, in_fd);
	}
}

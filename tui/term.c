/* Terminal set-up and restoration. */
#include "tui/term.h"
#include "net/ui_signals.h"

#include <fcntl.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

volatile sig_atomic_t term_stop_signal = 0;

static SCREEN *screen;
static FILE *tty_in, *tty_out;
static volatile sig_atomic_t active;

void term_restore(void)
{
	if (!active)
		return;
	active = 0;
	endwin();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
	if (tty_out && tty_out != stdout)
		fclose(tty_out);
	if (tty_in && tty_in != stdin)
		fclose(tty_in);
	tty_in = tty_out = NULL;
}

static void on_stop(int sig)
{
	term_stop_signal = sig;
}

/* A crash must not leave the user's terminal in raw mode. endwin() is not
 * async-signal-safe, but the process is dying anyway (as htop and tig do). */
static void on_fatal(int sig)
{
	if (active) {
		active = 0;
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void term_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (size_t i = 0; i < ui_n_stop_signals; i++)
		sigaction(ui_stop_signals[i], &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* A terminal that cannot move the cursor (TERM=dumb, an editor's shell
 * buffer) would get every screen as garbage: refused before curses takes
 * the terminal over, so nothing has been drawn on it yet. */
static int check_terminal_type(int fd, og_error *err)
{
	const char *t = getenv("TERM");
	int why = 0;
	if (setupterm(NULL, fd, &why) != OK) {
		og_error_set(err, OG_ERR_USAGE, "cannot use the terminal type \"%s\" (check TERM)", t ? t : "");
		return -1;
	}
	const char *cup = tigetstr("cup");
	bool can_move = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	if (!can_move) {
		og_error_set(err, OG_ERR_USAGE,
		             "the terminal type \"%s\" cannot move the cursor, which the interactive UI "
		             "needs: run origo in a terminal emulator or set TERM to its type (e.g. "
		             "TERM=xterm-256color); for scripts use `origo list` or `origo show`",
		             t ? t : "");
		return -1;
	}
	return 0;
}

int term_init(int *in_fd, og_error *err)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		tty_in = stdin;
		tty_out = stdout;
	} else {
		int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			og_error_set(err, OG_ERR_USAGE,
			             "the interactive UI needs a terminal (for scripts use `origo list` or `origo show`)");
			return -1;
		}
		tty_in = fdopen(fd, "r");
		int fd2 = dup(fd);
		tty_out = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
		if (!tty_in || !tty_out) {
			og_error_set(err, OG_ERR_USAGE, "cannot open the terminal");
			return -1;
		}
	}
	if (check_terminal_type(fileno(tty_out), err) < 0)
		return -1;
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	screen = newterm(NULL, tty_out, tty_in);
	if (!screen) {
		const char *t = getenv("TERM");
		og_error_set(err, OG_ERR_USAGE, "cannot use the terminal type \"%s\" (check TERM)", t ? t : "");
		return -1;
	}
	set_term(screen);
	active = 1;
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	leaveok(stdscr, FALSE);
	/* Flow control off: Ctrl-S saves a form and Ctrl-Q is an ordinary key,
	 * rather than the tty freezing output until Ctrl-Q (an operator over
	 * SSH would think origo hung). def_prog_mode() makes ncurses keep it
	 * across endwin() and back. */
	struct termios tio;
	if (tcgetattr(fileno(tty_in), &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		if (tcsetattr(fileno(tty_in), TCSANOW, &tio) == 0)
			def_prog_mode();
	}
	*in_fd = fileno(tty_in);
	return 0;
}

/* The one list of the UI's signals (see net/ui_signals.h). */
#include "net/ui_signals.h"

const int ui_stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
const size_t ui_n_stop_signals = sizeof ui_stop_signals / sizeof ui_stop_signals[0];

void ui_signals_fill(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGWINCH);
	for (size_t i = 0; i < ui_n_stop_signals; i++)
		sigaddset(set, ui_stop_signals[i]);
}

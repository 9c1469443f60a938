/* og_error: filling the one error type and mapping it to an exit status. */
#include "model/og_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void og_error_set(og_error *e, og_err_kind kind, const char *fmt, ...)
{
	if (!e)
		return;
	e->kind = kind;
	e->http_status = 0;
	e->maybe_applied = false;
	va_list ap;
	va_start(ap, fmt);
	/* vsnprintf truncates and always terminates; a negative return (an
	 * encoding error) leaves an unspecified buffer, so blank it then. */
	if (vsnprintf(e->msg, sizeof e->msg, fmt, ap) < 0)
		e->msg[0] = '\0';
	va_end(ap);
	/* One line, whatever a server or a config value put in it: a line
	 * break would split the status bar, an escape drive the terminal. */
	for (char *p = e->msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

void og_error_clear(og_error *e)
{
	if (!e)
		return;
	e->kind = OG_OK;
	e->http_status = 0;
	e->maybe_applied = false;
	e->msg[0] = '\0';
}

int og_error_exit_status(const og_error *e)
{
	if (!e)
		return 0;
	switch (e->kind) {
	case OG_OK:
		return 0;
	case OG_ERR_USAGE:
	case OG_ERR_CONFIG:
		return 2;
	default:
		return 1;
	}
}

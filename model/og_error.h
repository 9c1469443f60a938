/* og_error: the one error type of origo. Every layer fills it with a message
 * a person can act on; main() turns its kind into the exit status of SPEC.md. */
#ifndef OG_ERROR_H
#define OG_ERROR_H

#include <stdbool.h>

typedef enum og_err_kind {
	OG_OK = 0,
	OG_ERR_USAGE,     /* bad command line                       -> exit 2 */
	OG_ERR_CONFIG,    /* bad config file or missing credential  -> exit 2 */
	OG_ERR_AUTH,      /* 401/403: the provider refused the key  -> exit 1 */
	OG_ERR_NET,       /* DNS, connect, TLS, timeout, reset      -> exit 1 */
	OG_ERR_API,       /* any other HTTP error status            -> exit 1 */
	OG_ERR_PARSE,     /* malformed, truncated or oversized body -> exit 1 */
	OG_ERR_NOTFOUND,  /* no such group                          -> exit 1 */
	OG_ERR_CONFLICT,  /* the server changed what the user edited -> nothing sent */
	OG_ERR_REFUSED,   /* a rule or read-only refused it before sending */
	OG_ERR_INTERNAL,  /* out of memory, or a bug */
} og_err_kind;

typedef struct og_error {
	og_err_kind kind;
	int http_status;  /* 0 when no HTTP status applies */
	/* A write whose answer proves nothing (a gateway error, a reset, a
	 * timeout, a cut answer): the server may hold the change or not. */
	bool maybe_applied;
	char msg[512];    /* one line, never a secret */
} og_error;

/* Sets kind and a printf-style message (truncated to fit; control characters,
 * line breaks and escapes included, become spaces). NULL e is allowed. */
void og_error_set(og_error *e, og_err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void og_error_clear(og_error *e);
/* The exit status of SPEC.md: 0 success, 1 API or network, 2 usage or config. */
int og_error_exit_status(const og_error *e);

#endif

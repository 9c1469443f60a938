/* The requests log as the UI sees it: one redacted net_exchange per HTTP
 * attempt, the --log file, copy as curl (net/reqlog.c). Public: tui/ may
 * include it. */
#ifndef NET_EXCHANGE_H
#define NET_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/config.h"

/* ---- the requests log (issue 5) -----------------------------------------
 * Every HTTP attempt a worker thread makes (all accounts, token exchanges,
 * operation polls, retries) becomes one net_exchange, redacted on that
 * thread: every secret is "***" and bodies are capped. The exchanges reach
 * the UI only as messages, through worker_take_exchange() (net/worker.h)
 * after the wake pipe, like results. */
typedef struct net_exchange {
	uint64_t seq;               /* 1, 2, ... in the order they were made */
	double when;                /* wall clock at the start, s since the epoch */
	char *account;              /* "" when unknown */
	char *method;
	char *url;                  /* query secrets redacted */
	long status;                /* 0: no HTTP response */
	double seconds;
	int attempt;                /* 0 first, 1.. retries */
	char *error;                /* NULL, or why it failed */
	char *req_headers;          /* "Name: value\n" lines, redacted */
	char *req_body;             /* NULL: none; redacted, JSON pretty-printed, capped */
	char *resp_headers;         /* status line + header lines, redacted ("" none) */
	char *resp_body;            /* NULL: none; redacted, pretty-printed, capped */
	size_t resp_bytes;          /* the whole response body's size */
	char *content_type;         /* of the request body, NULL: none */
	bool req_truncated;         /* req_body was cut at the cap */
	bool resp_truncated;        /* resp_body was cut at the cap */
} net_exchange;

/* --log: from now on every exchange (also of the synchronous calls) is
 * appended to fd as text, redacted, one block per exchange written at once
 * so that threads never interleave. -1 stops. The fd stays the caller's. */
void net_log_set_fd(int fd);
void net_exchange_free(net_exchange *x);
/* The exchange as a shell command line for curl that refers to secrets
 * through environment variables (`acct` says which; NULL: placeholders),
 * never their values. *note (may be NULL) gets a static hint about the
 * variables to set. caller frees with free(); NULL on out of memory. */
char *net_exchange_curl(const net_exchange *x, const og_account *acct, const char **note);
/* Forgets the secrets registered for redaction (at exit). */
void net_log_shutdown(void);

#endif

/* Bearer tokens that expire: a cache shared by the threads of one account,
 * and the token_cmd runner. Used by the Yandex (IAM) and Edgio (OAuth client
 * credentials) adapters. Tokens are secrets: they are never logged, printed or
 * put in an error message, and are wiped before their memory is freed. */
#ifndef NET_TOKEN_H
#define NET_TOKEN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include "model/og_error.h"
#include "net/provider.h"

/* Fetches a new token (network I/O allowed, on the caller's http client).
 * *token: heap, the cache takes it. *ttl_seconds: its remaining lifetime,
 * < 0 when unknown (then it is kept until a request is refused with it). */
typedef int (*token_fetch_fn)(void *ctx, net_call *c, char **token, double *ttl_seconds,
                              og_error *err);

typedef struct token_cache {
	pthread_mutex_t mu;
	char *token;            /* the bare token, or NULL */
	double refresh_at;      /* monotonic seconds; 0: no known expiry */
	unsigned long fetches;  /* tokens fetched so far (tests, messages) */
} token_cache;

void token_cache_init(token_cache *tc);
void token_cache_destroy(token_cache *tc);   /* wipes the token */
/* "Authorization: Bearer <token>" into *header (caller frees with
 * net_auth_free()). A token is fetched when there is none, when it is due
 * (shortly before its lifetime ends), or when `refused` is the header of
 * the current token (a 401 answered it). The lock is held while fetching,
 * so the threads of an account that all find the token due fetch it once. */
int token_cache_header(token_cache *tc, token_fetch_fn fetch, void *ctx, net_call *c,
                       const char *refused, char **header, og_error *err);
/* How long before the end of a lifetime of `ttl` seconds a token is renewed:
 * a tenth of it, at most 5 minutes. */
double token_refresh_margin(double ttl);

/* Runs `cmd` with /bin/sh -c (stdin /dev/null; every signal at its
 * default, none blocked; in a process group of its own), waits at most
 * timeout_seconds or until *stop is set (NULL: no stop; the command's whole
 * group is then killed, as on a timeout), and returns its standard output trimmed of surrounding
 * white space in *out (caller frees with net_auth_free()). A command that
 * fails, times out or prints nothing is OG_ERR_AUTH (OG_ERR_CONFIG when the
 * shell cannot find it) naming the account, its exit status and the first
 * line of its standard error, never its output. */
int token_run_command(const char *cmd, int timeout_seconds, const atomic_bool *stop,
                      const char *account, char **out, og_error *err);

#endif

/* Access tokens the emulator issues: Yandex IAM tokens (from /iam/v1/tokens)
 * and Edgio OAuth access tokens (from /connect/token). Each has a kind, an
 * expiry and (Edgio) the scopes granted; POST /_emu/expire_tokens expires them
 * all at once so tests can exercise a token that runs out mid-session.
 * With the state lock held. */
#ifndef EMU_OAUTH_TOKENS_H
#define EMU_OAUTH_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum tok_kind { TOK_YANDEX_IAM, TOK_EDGIO };
enum tok_check { TOK_OK, TOK_UNKNOWN, TOK_EXPIRED };

#define TOK_MAX_LEN 160

/* Issues a new token of kind k that lives ttl_s seconds and grants scope
 * (may be NULL). Writes it to out (size >= TOK_MAX_LEN) and its expiry to
 * *expires. 0, or -1 on out of memory. */
int tokens_issue(enum tok_kind k, long ttl_s, const char *scope, char *out,
		 struct timespec *expires);
/* Looks a presented token up. *scope (when not NULL) gets the scopes granted,
 * valid until the lock is released. */
enum tok_check tokens_check(enum tok_kind k, const char *token, size_t len,
			    const char **scope);
/* Expires every issued token of kind k (k < 0: of every kind). Returns how many
 * were still valid. */
size_t tokens_expire_all(int k);
void tokens_free(void);

/* The current wall-clock time, and an RFC 3339 UTC text of t with 9 digits of
 * fraction ("2026-11-22T13:37:29.123456789Z"); buf size >= 40. */
struct timespec tokens_now(void);
const char *tokens_rfc3339(struct timespec t, char *buf, size_t size);
/* A pseudo-random 64-bit value (xorshift, seeded from the clock and pid). */
unsigned long long tokens_random(void);

#endif

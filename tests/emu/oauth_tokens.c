/* The registry of issued access tokens (Yandex IAM, Edgio OAuth). */
#include "oauth_tokens.h"
#include "emu_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct token {
	enum tok_kind kind;
	char *text;
	char *scope;
	struct timespec expires;
};

static struct token *toks;
static size_t n_toks, cap_toks;
static unsigned long long rng_state;

struct timespec tokens_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return t;
}

const char *tokens_rfc3339(struct timespec t, char *buf, size_t size)
{
	struct tm tm;
	time_t s = t.tv_sec;
	gmtime_r(&s, &tm);
	char date[32];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%09ldZ", date, (long)t.tv_nsec);
	return buf;
}

unsigned long long tokens_random(void)
{
	if (!rng_state) {
		struct timespec t = tokens_now();
		rng_state = ((unsigned long long)t.tv_sec * 1000000007ull) ^
			    (unsigned long long)t.tv_nsec ^ ((unsigned long long)getpid() << 32);
		if (!rng_state)
			rng_state = 0x9e3779b97f4a7c15ull;
	}
	/* xorshift64*: good enough for ids nobody must guess */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void random_chars(char *out, size_t n)
{
	static const char b64url[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	for (size_t i = 0; i < n; i++)
		out[i] = b64url[tokens_random() % 64];
	out[n] = '\0';
}

static bool expired(const struct token *t, struct timespec now)
{
	return now.tv_sec > t->expires.tv_sec ||
	       (now.tv_sec == t->expires.tv_sec && now.tv_nsec >= t->expires.tv_nsec);
}

int tokens_issue(enum tok_kind k, long ttl_s, const char *scope, char *out,
		 struct timespec *expires)
{
	char a[32], b[100];
	if (k == TOK_YANDEX_IAM) {
		/* yandex.md §3: t1.<base64url>.<86 chars>, exactly two dots */
		random_chars(a, 24);
		random_chars(b, 86);
		snprintf(out, TOK_MAX_LEN, "t1.%s.%s", a, b);
	} else {
		random_chars(b, 64);
		snprintf(out, TOK_MAX_LEN, "edgio-emu-%s", b);
	}
	struct token *p = emu_array_grow(toks, n_toks, &cap_toks, sizeof(*p), 64);
	if (!p)
		return -1;
	toks = p;
	struct token *t = &toks[n_toks];
	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->text = strdup(out);
	t->scope = scope ? strdup(scope) : NULL;
	if (!t->text || (scope && !t->scope)) {
		free(t->text);
		free(t->scope);
		return -1;
	}
	t->expires = tokens_now();
	t->expires.tv_sec += ttl_s;
	*expires = t->expires;
	n_toks++;
	return 0;
}

enum tok_check tokens_check(enum tok_kind k, const char *token, size_t len,
			    const char **scope)
{
	struct timespec now = tokens_now();
	for (size_t i = n_toks; i-- > 0;) {   /* newest first: the likely one */
		const struct token *t = &toks[i];
		if (t->kind != k || strlen(t->text) != len || memcmp(t->text, token, len) != 0)
			continue;
		if (scope)
			*scope = t->scope ? t->scope : "";
		return expired(t, now) ? TOK_EXPIRED : TOK_OK;
	}
	return TOK_UNKNOWN;
}

size_t tokens_expire_all(int k)
{
	struct timespec now = tokens_now();
	size_t n = 0;
	for (size_t i = 0; i < n_toks; i++) {
		struct token *t = &toks[i];
		if (k >= 0 && (int)t->kind != k)
			continue;
		if (!expired(t, now))
			n++;
		/* one second back: "expired" however the clock ticks next */
		t->expires = now;
		t->expires.tv_sec -= 1;
	}
	return n;
}

void tokens_free(void)
{
	for (size_t i = 0; i < n_toks; i++) {
		free(toks[i].text);
		free(toks[i].scope);
	}
	free(toks);
	toks = NULL;
	n_toks = cap_toks = 0;
}

/* Shared types of origo-emu: one request, one response, and the helpers every
 * provider uses to answer (JSON bodies, DRF-style errors, auth headers).
 *
 * A provider (gcore.c, yandex.c, edgio.c) sees only these types, never
 * libmicrohttpd, so its code reads like a description of the API it emulates. */
#ifndef EMU_H
#define EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/* One request as the server received it. Strings live as long as the request. */
struct emu_req {
	const char *method;        /* "GET", ... */
	const char *path;          /* decoded path, without the query */
	const char *query;         /* raw query string after '?', "" if none */
	const char *body;          /* raw body, NUL-terminated; "" if none */
	size_t body_len;
	const char *host;          /* Host header or NULL */
	const char *authorization; /* Authorization header or NULL */
	const char *content_type;  /* Content-Type header or NULL */
	unsigned port;             /* the port we listen on (for absolute URLs) */
	void *conn;                /* opaque; for emu_req_arg() */
};

/* A query parameter, decoded; NULL when absent. */
const char *emu_req_arg(const struct emu_req *r, const char *name);

enum emu_body_kind {
	EMU_BODY_NORMAL,    /* body/len as is */
	EMU_BODY_RESET,     /* close the connection without answering */
	EMU_BODY_TRUNCATE,  /* Content-Length says len, only half is sent */
	EMU_BODY_OVERSIZE,  /* a generated JSON array of oversize_bytes bytes */
};

/* One response. The body is owned (malloc'd) and freed by emu_resp_clear(). */
struct emu_resp {
	int status;
	char *body;                 /* NULL: no body (e.g. 204) */
	size_t len;
	const char *content_type;   /* static string; NULL: none */
	char *retry_after;          /* owned; NULL: no Retry-After */
	const char *www_authenticate; /* static string; NULL: none */
	const char *allow;          /* static string for 405; NULL: none */
	enum emu_body_kind kind;
	uint64_t oversize_bytes;
};

void emu_resp_clear(struct emu_resp *r);
/* Serialises j (unformatted) as the body and deletes j. */
void emu_resp_json(struct emu_resp *r, int status, cJSON *j);
/* Takes a malloc'd JSON text as the body. */
void emu_resp_take(struct emu_resp *r, int status, char *body, size_t len);
/* Copies text as the body with the given content type. */
void emu_resp_text(struct emu_resp *r, int status, const char *ctype, const char *text);
/* {"detail": msg}: DRF's shape for auth, 404 and 405. */
void emu_resp_detail(struct emu_resp *r, int status, const char *msg);
/* 204 with no body. */
void emu_resp_empty(struct emu_resp *r, int status);

/* The Authorization header split into its scheme word and credentials.
 * Returns false when there is no header. scheme/cred point into the header;
 * cred is "" when only a scheme was given. */
bool emu_auth_split(const char *header, const char **scheme, size_t *scheme_len,
		    const char **cred);
/* The scheme word as the request log shows it: the word as sent when it is one of
 * the known schemes (APIKey, Bearer, in any case), else NULL. Never the key.
 * Writes into buf (size >= 16). */
const char *emu_auth_log_word(const char *header, char *buf, size_t size);
/* The token of an "Authorization: Bearer <token>" header (the scheme in any
 * case), trailing blanks cut: *tok points into the header, *len its length.
 * False when there is no header, another scheme, or no token. */
bool emu_bearer_token(const char *header, const char **tok, size_t *len);

/* Small JSON helpers. */
bool emu_json_is_int(const cJSON *j, long long *out);   /* integral number */
cJSON *emu_json_str_array1(const char *s);              /* ["s"] */
/* Deep-copies every member of src whose name is not in skip (NULL-terminated)
 * and is not already in dst, appending to dst. */
void emu_json_copy_unknown(cJSON *dst, const cJSON *src, const char *const *skip);

/* Lists of owned strings (the state file's token and scope arrays). */
void emu_strs_free(char **l, size_t n);
/* Whether the list holds the len bytes at s, exactly. */
bool emu_strs_has(char *const *l, size_t n, const char *s, size_t len);
/* Frees the list *dst and moves *src into it, leaving *src empty. */
void emu_strs_move(char ***dst, size_t *ndst, char ***src, size_t *nsrc);
/* Adds the list to o as the array `name`: `unset_default` alone (when not
 * NULL) for a list never set (l NULL), as the state shows the default. */
void emu_strs_to_json(cJSON *o, const char *name, char *const *l, size_t n,
                      const char *unset_default);
/* When *src is set: frees *dst and moves *src into it, leaving *src NULL. */
void emu_str_move(char **dst, char **src);

/* A growable byte buffer; helpers return -1 on out of memory. */
struct emu_buf { char *p; size_t len, cap; };
int emu_buf_add(struct emu_buf *b, const char *s, size_t n);
int emu_buf_str(struct emu_buf *b, const char *s);
int emu_buf_printf(struct emu_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A provider: the API paths it owns and how it answers them. handle() and
 * auth_ok() are called with the state lock held. */
struct emu_provider {
	const char *name;
	bool (*owns)(const char *path);
	bool (*auth_ok)(const struct emu_req *r);
	void (*handle)(const struct emu_req *r, struct emu_resp *resp);
	/* optional: the body as the request log keeps it, secrets replaced
	 * (caller frees); NULL from it, or no hook, logs the body as sent */
	char *(*log_body)(const struct emu_req *r);
};

#endif

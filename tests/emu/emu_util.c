/* Helpers shared by every emulated provider: responses, auth header parsing,
 * JSON odds and ends, a byte buffer. */
#include "emu.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void emu_resp_clear(struct emu_resp *r)
{
	free(r->body);
	free(r->retry_after);
	memset(r, 0, sizeof(*r));
}

static void set_body(struct emu_resp *r, int status, char *body, size_t len, const char *ctype)
{
	free(r->body);
	r->status = status;
	r->body = body;
	r->len = len;
	r->content_type = ctype;
}

void emu_resp_take(struct emu_resp *r, int status, char *body, size_t len)
{
	if (!body) { /* out of memory: still answer something */
		set_body(r, 500, strdup("{\"detail\":\"emulator out of memory\"}"), 0,
			 "application/json");
		r->len = r->body ? strlen(r->body) : 0;
		return;
	}
	set_body(r, status, body, len, "application/json");
}

void emu_resp_json(struct emu_resp *r, int status, cJSON *j)
{
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	emu_resp_take(r, status, s, s ? strlen(s) : 0);
}

void emu_resp_text(struct emu_resp *r, int status, const char *ctype, const char *text)
{
	char *s = strdup(text ? text : "");
	if (!s) {
		emu_resp_take(r, status, NULL, 0);
		return;
	}
	set_body(r, status, s, strlen(s), ctype);
}

void emu_resp_detail(struct emu_resp *r, int status, const char *msg)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "detail", msg);
	emu_resp_json(r, status, j);
}

void emu_resp_empty(struct emu_resp *r, int status)
{
	set_body(r, status, NULL, 0, NULL);
}

bool emu_auth_split(const char *header, const char **scheme, size_t *scheme_len,
		    const char **cred)
{
	if (!header)
		return false;
	while (*header == ' ' || *header == '\t')
		header++;
	const char *p = header;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*scheme = header;
	*scheme_len = (size_t)(p - header);
	while (*p == ' ' || *p == '\t')
		p++;
	*cred = p;
	return true;
}

const char *emu_auth_log_word(const char *header, char *buf, size_t size)
{
	static const char *const known[] = { "apikey", "bearer", NULL };
	const char *scheme, *cred;
	size_t n;
	if (!emu_auth_split(header, &scheme, &n, &cred) || n == 0 || n >= size)
		return NULL;
	for (size_t i = 0; known[i]; i++) {
		if (strlen(known[i]) == n && strncasecmp(scheme, known[i], n) == 0) {
			memcpy(buf, scheme, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return NULL;
}

bool emu_bearer_token(const char *header, const char **tok, size_t *len)
{
	const char *scheme, *cred;
	size_t n;
	if (!emu_auth_split(header, &scheme, &n, &cred) || n != 6 ||
	    strncasecmp(scheme, "bearer", 6) != 0 || !*cred)
		return false;
	size_t l = strlen(cred);
	while (l && (cred[l - 1] == ' ' || cred[l - 1] == '\t'))
		l--;
	*tok = cred;
	*len = l;
	return true;
}

bool emu_json_is_int(const cJSON *j, long long *out)
{
	if (!cJSON_IsNumber(j))
		return false;
	double d = j->valuedouble;
	/* no libm: the range check first makes the cast well defined */
	if (!(d >= -9.0e15 && d <= 9.0e15) || (double)(long long)d != d)
		return false;
	if (out)
		*out = (long long)d;
	return true;
}

cJSON *emu_json_str_array1(const char *s)
{
	cJSON *a = cJSON_CreateArray();
	cJSON_AddItemToArray(a, cJSON_CreateString(s));
	return a;
}

void emu_json_copy_unknown(cJSON *dst, const cJSON *src, const char *const *skip)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, src) {
		if (!it->string)
			continue;
		bool skipped = false;
		for (size_t i = 0; skip && skip[i]; i++)
			if (strcmp(it->string, skip[i]) == 0)
				skipped = true;
		if (skipped || cJSON_GetObjectItemCaseSensitive(dst, it->string))
			continue;
		cJSON_AddItemToObject(dst, it->string, cJSON_Duplicate(it, 1));
	}
}

void emu_strs_free(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

bool emu_strs_has(char *const *l, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(l[i]) == len && memcmp(l[i], s, len) == 0)
			return true;
	return false;
}

void emu_strs_move(char ***dst, size_t *ndst, char ***src, size_t *nsrc)
{
	emu_strs_free(*dst, *ndst);
	*dst = *src;
	*ndst = *nsrc;
	*src = NULL;
	*nsrc = 0;
}

void emu_strs_to_json(cJSON *o, const char *name, char *const *l, size_t n,
                      const char *unset_default)
{
	cJSON *a = cJSON_AddArrayToObject(o, name);
	if (!l && unset_default)
		cJSON_AddItemToArray(a, cJSON_CreateString(unset_default));
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l[i]));
}

void emu_str_move(char **dst, char **src)
{
	if (!*src)
		return;
	free(*dst);
	*dst = *src;
	*src = NULL;
}

int emu_buf_add(struct emu_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int emu_buf_str(struct emu_buf *b, const char *s)
{
	return emu_buf_add(b, s, strlen(s));
}

int emu_buf_printf(struct emu_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(tmp))
		return emu_buf_add(b, tmp, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = emu_buf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

/* Shared by the libFuzzer harnesses of tests/fuzz/: the entry point every
 * harness defines, and checks that stop the run (abort, so that libFuzzer
 * and the replay both see a crash) with a line saying which invariant broke. */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/og.h"
#include "model/og_json.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                         \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__,    \
			        __LINE__, #cond);                                     \
			fprintf(stderr, __VA_ARGS__);                                 \
			fputc('\n', stderr);                                          \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A fixed-size text buffer the code wrote into ends inside it. */
static inline void fuzz_check_terminated(const char *buf, size_t size, const char *what)
{
	FUZZ_CHECK(memchr(buf, '\0', size) != NULL, "%s is not NUL-terminated", what);
}

/* A one-line message: terminated, and no line break in it (it goes on the
 * status bar or a form's error line). */
static inline void fuzz_check_line(const char *buf, size_t size, const char *what)
{
	fuzz_check_terminated(buf, size, what);
	FUZZ_CHECK(strpbrk(buf, "\r\n") == NULL, "%s has a line break: \"%s\"", what, buf);
}

/* data as a NUL-terminated string (the parsers taking C strings). caller frees. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The parts of data between separators `sep` (at most max); *n set. The
 * parts point into data and are not terminated. */
typedef struct fuzz_part {
	const char *p;
	size_t n;
} fuzz_part;

static inline size_t fuzz_split(const uint8_t *data, size_t size, const char *sep,
                                fuzz_part *parts, size_t max)
{
	size_t k = 0, sl = strlen(sep);
	const char *p = (const char *)data, *end = p + size;
	while (k < max) {
		const char *hit = NULL;
		if (k + 1 < max)
			for (const char *q = p; q + sl <= end; q++)
				if (memcmp(q, sep, sl) == 0) {
					hit = q;
					break;
				}
		parts[k].p = p;
		parts[k].n = (size_t)((hit ? hit : end) - p);
		k++;
		if (!hit)
			break;
		p = hit + sl;
	}
	return k;
}

/* What every parsed group must hold, whatever the provider: an id and a
 * name, every source findable by its key, and a deep copy and the --json
 * form made of it without loss. */
static inline void fuzz_check_group(const og_group *g)
{
	FUZZ_CHECK(g && g->id && g->id[0], "a parsed group has no id");
	FUZZ_CHECK(g->name != NULL, "group %s has no name", g->id);
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_source *s = &g->sources[i];
		FUZZ_CHECK(s->key && s->host, "source #%zu of group %s has no key or host", i + 1, g->id);
		long f = og_group_find_source(g, s->key);
		FUZZ_CHECK(f >= 0 && strcmp(g->sources[f].key, s->key) == 0,
		           "source \"%s\" of group %s is not found by its key", s->key, g->id);
	}
	for (size_t i = 0; i < g->n_in_use_by; i++)
		FUZZ_CHECK(g->in_use_by[i] != NULL, "group %s: in_use_by[%zu] is NULL", g->id, i);
	og_group *c = og_group_clone(g);
	FUZZ_CHECK(c != NULL, "clone of group %s failed", g->id);
	FUZZ_CHECK(strcmp(c->id, g->id) == 0 && c->n_sources == g->n_sources,
	           "clone of group %s differs", g->id);
	for (size_t i = 0; i < g->n_sources; i++)
		FUZZ_CHECK(strcmp(c->sources[i].key, g->sources[i].key) == 0 &&
		           c->sources[i].enabled == g->sources[i].enabled &&
		           c->sources[i].backup == g->sources[i].backup,
		           "clone of group %s: source #%zu differs", g->id, i + 1);
	og_group_free(c);
	cJSON *j = og_group_to_json(g);
	FUZZ_CHECK(j != NULL, "group %s has no JSON form", g->id);
	char *t = cJSON_PrintUnformatted(j);
	FUZZ_CHECK(t != NULL, "group %s: its JSON form does not print", g->id);
	/* list --json's text, written without the tree: the same bytes */
	og_text direct = { 0 };
	FUZZ_CHECK(og_group_json_add(&direct, g) == 0, "group %s: its text failed", g->id);
	FUZZ_CHECK(strcmp(direct.buf, t) == 0, "group %s: its text differs from cJSON's: %s / %s",
	           g->id, direct.buf, t);
	og_text_free(&direct);
	cJSON *back = cJSON_Parse(t);
	FUZZ_CHECK(back != NULL, "group %s: its JSON form does not parse back: %s", g->id, t);
	cJSON_Delete(back);
	free(t);
	cJSON_Delete(j);
}

/* Whether object o holds `key` twice: which of two duplicate members a
 * server keeps is its own affair (cJSON reads the first), so the harnesses
 * judge no write built from such an object. */
static inline bool fuzz_key_ambiguous(const cJSON *o, const char *key)
{
	int exact = 0;
	for (const cJSON *e = o ? o->child : NULL; e; e = e->next)
		if (e->string && strcmp(e->string, key) == 0)
			exact++;
	return exact > 1;
}

#endif

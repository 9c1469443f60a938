/* Small readers of the providers' JSON shared by every adapter, so that a
 * member of the wrong type is "absent" the same way everywhere. */
#ifndef NET_JSON_H
#define NET_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "model/og_error.h"

/* Member `name` of o when it is a string, else NULL (borrowed). */
const char *json_str(const cJSON *o, const char *name);
/* Member `name` of o when it is a number within +-1e9, else `missing`. */
int json_int(const cJSON *o, const char *name, int missing);
/* Whether s is 1 to max ASCII digits. */
bool json_digits(const char *s, size_t max);
/* An integer id as decimal text: a number exact in a double (0 .. 2^53),
 * or a string of 1 to max_digits digits (ids beyond 2^53 come as strings).
 * caller frees with free(); NULL when j is neither (or out of memory). */
char *json_id(const cJSON *j, size_t max_digits);

/* Sets member `name` of object o to v, whatever case a member of that name
 * has now: every member whose name equals `name` ignoring case is removed
 * and v takes the first one's place (or goes last), so the body holds
 * exactly one `name` (cJSON's lookups ignore case
 * but its replace does not, which once left the old value in and leaked v).
 * Takes v: it is freed when it cannot be added. false when o is not an
 * object or v is NULL (out of memory). */
bool json_set(cJSON *o, const char *name, cJSON *v);

/* o as compact text (a request's body), o freed: the one "print it or
 * say out of memory" of the adapters. NULL with err (OG_ERR_INTERNAL, out of
 * memory) when o is NULL or memory ran out. caller frees with free(). */
char *json_print_take(cJSON *o, og_error *err);

/* The strings of array arr joined by ", " into out ("" when none); what
 * does not fit is left out whole. */
void json_join_strings(const cJSON *arr, char *out, size_t outsz);

#endif

/* Small readers of the providers' JSON (see net/json.h). */
#include "net/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *json_str(const cJSON *o, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

int json_int(const cJSON *o, const char *name, int missing)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(j) || j->valuedouble < -1e9 || j->valuedouble > 1e9)
		return missing;
	return (int)j->valuedouble;
}

bool json_digits(const char *s, size_t max)
{
	if (!s || !*s || strlen(s) > max)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

char *json_id(const cJSON *j, size_t max_digits)
{
	if (cJSON_IsString(j))
		return json_digits(j->valuestring, max_digits) ? strdup(j->valuestring) : NULL;
	if (!cJSON_IsNumber(j))
		return NULL;
	double v = j->valuedouble;
	/* beyond 2^53 a double no longer holds every integer: not an id we trust */
	if (!(v >= 0 && v <= 9007199254740992.0) || (double)(long long)v != v)
		return NULL;
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return strdup(buf);
}

bool json_set(cJSON *o, const char *name, cJSON *v)
{
	if (!v)
		return false;
	if (!cJSON_IsObject(o) || !name) {
		cJSON_Delete(v);
		return false;
	}
	cJSON *first = NULL, *it = o->child;
	while (it) {
		cJSON *next = it->next;
		if (it->string && strcasecmp(it->string, name) == 0) {
			if (!first)
				first = it;
			else
				cJSON_Delete(cJSON_DetachItemViaPointer(o, it));
		}
		it = next;
	}
	if (!first) {
		if (cJSON_AddItemToObject(o, name, v))
			return true;
		cJSON_Delete(v);
		return false;
	}
	/* v takes the first one's place, so the body reads as it came; it
	 * gets its name through a holder, which allocates it as cJSON does */
	cJSON *holder = cJSON_CreateObject();
	if (!holder || !cJSON_AddItemToObject(holder, name, v)) {
		cJSON_Delete(holder);
		cJSON_Delete(v);
		return false;
	}
	cJSON_DetachItemViaPointer(holder, v);
	cJSON_Delete(holder);
	return cJSON_ReplaceItemViaPointer(o, first, v);
}

void json_join_strings(const cJSON *arr, char *out, size_t outsz)
{
	if (!outsz)
		return;
	size_t o = 0;
	out[0] = '\0';
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsString(e))
			continue;
		int w = snprintf(out + o, outsz - o, "%s%s", o ? ", " : "", e->valuestring);
		if (w < 0 || (size_t)w >= outsz - o) {
			out[o] = '\0';   /* no half item */
			break;
		}
		o += (size_t)w;
	}
}

char *json_print_take(cJSON *o, og_error *err)
{
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!text)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return text;
}

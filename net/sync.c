/* The synchronous operations of `origo list` and `origo show`: the same
 * adapter calls the worker makes, on the caller's thread. */
#include "net/worker.h"
#include "net/provider.h"

#include <ctype.h>
#include <string.h>

int net_list_groups(net_account *a, og_group_list *out, og_error *err)
{
	out->items = NULL;
	out->n = 0;
	net_call c = { a, &a->sync_http };
	return a->prov->list(&c, out, err);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int net_get_group(net_account *a, const char *id_or_name, og_group **out, og_error *err)
{
	*out = NULL;
	if (!id_or_name)
		id_or_name = "";
	net_call c = { a, &a->sync_http };
	if (all_digits(id_or_name)) {
		if (a->prov->get(&c, id_or_name, out, err) == 0)
			return 0;
		if (err->kind != OG_ERR_NOTFOUND)
			return -1;
		/* a group may be named with digits only: look for the name too */
	}
	og_group_list l;
	if (a->prov->list(&c, &l, err) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		if (l.items[i]->name && strcmp(l.items[i]->name, id_or_name) == 0) {
			*out = l.items[i];
			l.items[i] = l.items[--l.n];
			og_group_list_free(&l);
			og_error_clear(err);
			return 0;
		}
	}
	og_group_list_free(&l);
	og_error_set(err, OG_ERR_NOTFOUND, "no group \"%s\" in account \"%s\"", id_or_name, a->name);
	return -1;
}

/* Yandex's Operation service (yandex.md §2): every mutation answers with an
 * Operation that is done at once or after `operation_polls` GETs of
 * /operations/{id}. The store changes only when the operation completes
 * successfully; one that ends in error changes nothing. */
#include "yandex.h"
#include "oauth_tokens.h"
#include "emu_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YCOP_CAP 10000
#define TYPE_PREFIX "type.googleapis.com/"

struct yc_op {
	char id[24];
	enum yc_rpc rpc;
	long long group_id, origin_id;
	struct yc_group *group;   /* applied on success (PUT kinds); owned */
	int err_code;
	char *err_msg;
	long polls_left;
	bool done;
	struct timespec created, modified;
	cJSON *response;          /* set when done without error */
};

static struct yc_op *ops;     /* oldest first */
static size_t n_ops, cap_ops;

static const struct {
	const char *desc, *meta_type, *resp_type;
} rpc_info[] = {
	[YC_RPC_GROUP_CREATE] = { "Create origin group", "yandex.cloud.cdn.v1.CreateOriginGroupMetadata", "yandex.cloud.cdn.v1.OriginGroup" },
	[YC_RPC_GROUP_UPDATE] = { "Update origin group", "yandex.cloud.cdn.v1.UpdateOriginGroupMetadata", "yandex.cloud.cdn.v1.OriginGroup" },
	[YC_RPC_GROUP_DELETE] = { "Delete origin group", "yandex.cloud.cdn.v1.DeleteOriginGroupMetadata", NULL },
	[YC_RPC_ORIGIN_CREATE] = { "Create origin", "yandex.cloud.cdn.v1.CreateOriginMetadata", "yandex.cloud.cdn.v1.Origin" },
	[YC_RPC_ORIGIN_UPDATE] = { "Update origin", "yandex.cloud.cdn.v1.UpdateOriginMetadata", "yandex.cloud.cdn.v1.Origin" },
	[YC_RPC_ORIGIN_DELETE] = { "Delete origin", "yandex.cloud.cdn.v1.DeleteOriginMetadata", NULL },
};

static void op_clear(struct yc_op *op)
{
	yc_group_free(op->group);
	free(op->err_msg);
	cJSON_Delete(op->response);
	memset(op, 0, sizeof(*op));
}

void ycop_free(void)
{
	for (size_t i = 0; i < n_ops; i++)
		op_clear(&ops[i]);
	free(ops);
	ops = NULL;
	n_ops = cap_ops = 0;
}

static void add_id(cJSON *o, const char *k, long long id)
{
	if (id == 0 && !yc_settings.print_defaults)
		return;   /* proto3: int64 0 is a default */
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	cJSON_AddStringToObject(o, k, buf);
}

/* An Any: "@type" first, then the message's fields (moved out of msg). */
static cJSON *any_of(const char *type, cJSON *msg)
{
	cJSON *a = cJSON_CreateObject();
	char t[128];
	snprintf(t, sizeof(t), TYPE_PREFIX "%s", type);
	cJSON_AddStringToObject(a, "@type", t);
	while (msg && msg->child) {
		cJSON *c = cJSON_DetachItemViaPointer(msg, msg->child);
		cJSON_AddItemToObject(a, c->string, c);
	}
	cJSON_Delete(msg);
	return a;
}

static void complete(struct yc_op *op)
{
	op->done = true;
	op->modified = tokens_now();
	if (op->err_code)
		return;
	const char *rt = rpc_info[op->rpc].resp_type;
	if (op->rpc == YC_RPC_GROUP_DELETE) {
		if (ycs_remove(op->group_id) != 0) {
			op->err_code = 5;
			op->err_msg = strdup("Origin group not found");
			return;
		}
	} else {
		if (op->rpc != YC_RPC_GROUP_CREATE && !ycs_find(op->group_id)) {
			/* removed behind the client's back while the operation ran */
			op->err_code = 5;
			op->err_msg = strdup("Origin group not found");
			return;
		}
		struct yc_group *g = op->group;
		op->group = NULL;
		if (ycs_put(g) != 0) {
			op->err_code = 13;
			op->err_msg = strdup("emulator out of memory");
			return;
		}
	}
	cJSON *msg = NULL;
	struct yc_group *g = ycs_find(op->group_id);
	if (rt && g && op->rpc >= YC_RPC_ORIGIN_CREATE) {
		for (size_t i = 0; i < g->no; i++)
			if (g->o[i].id == op->origin_id)
				msg = yc_origin_json(g, &g->o[i], false);
	} else if (rt && g)
		msg = yc_group_json(g, false);
	if (rt)
		op->response = any_of(rt, msg);
	else if (yc_settings.empty_as_any) {
		/* proto3 JSON of an Any holding google.protobuf.Empty */
		op->response = any_of("google.protobuf.Empty", NULL);
		cJSON_AddObjectToObject(op->response, "value");
	}
}

static cJSON *op_json(const struct yc_op *op)
{
	bool all = yc_settings.print_defaults;
	char t[48];
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", op->id);
	cJSON_AddStringToObject(j, "description", rpc_info[op->rpc].desc);
	cJSON_AddStringToObject(j, "createdAt", tokens_rfc3339(op->created, t, sizeof(t)));
	cJSON_AddStringToObject(j, "createdBy", "ajeemuemulatoruser00");
	cJSON_AddStringToObject(j, "modifiedAt", tokens_rfc3339(op->modified, t, sizeof(t)));
	if (op->done || all)
		cJSON_AddBoolToObject(j, "done", op->done);
	cJSON *m = cJSON_CreateObject();
	if (op->rpc >= YC_RPC_ORIGIN_CREATE)
		add_id(m, "originId", op->origin_id);
	if (op->rpc != YC_RPC_ORIGIN_DELETE)
		add_id(m, "originGroupId", op->group_id);
	cJSON_AddItemToObject(j, "metadata", any_of(rpc_info[op->rpc].meta_type, m));
	if (op->done && op->err_code) {
		cJSON *e = cJSON_AddObjectToObject(j, "error");
		cJSON_AddNumberToObject(e, "code", op->err_code);
		cJSON_AddStringToObject(e, "message", op->err_msg ? op->err_msg : "");
		if (all)
			cJSON_AddArrayToObject(e, "details");
	} else if (op->done && op->response)
		cJSON_AddItemToObject(j, "response", cJSON_Duplicate(op->response, 1));
	return j;
}

cJSON *ycop_start(enum yc_rpc rpc, long long group_id, long long origin_id,
		  struct yc_group *group, int err_code, const char *err_msg)
{
	if (n_ops == YCOP_CAP) {   /* forget the oldest */
		op_clear(&ops[0]);
		memmove(&ops[0], &ops[1], (n_ops - 1) * sizeof(*ops));
		n_ops--;
	}
	struct yc_op *p = emu_array_grow(ops, n_ops, &cap_ops, sizeof(*p), 64);
	if (!p) {
		yc_group_free(group);
		return NULL;
	}
	ops = p;
	struct yc_op *op = &ops[n_ops++];
	memset(op, 0, sizeof(*op));
	/* like "bc8c74ci6sq55jege34w": 20 characters of [a-z0-9] */
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	memcpy(op->id, "bc8", 3);
	for (int i = 3; i < 20; i++)
		op->id[i] = alnum[tokens_random() % 36];
	op->id[20] = '\0';
	op->rpc = rpc;
	op->group_id = group_id;
	op->origin_id = origin_id;
	op->group = group;
	op->err_code = err_code;
	op->err_msg = err_msg ? strdup(err_msg) : NULL;
	op->created = op->modified = tokens_now();
	op->polls_left = yc_settings.operation_polls;
	if (op->polls_left <= 0)
		complete(op);
	return op_json(op);
}

cJSON *ycop_poll(const char *id)
{
	for (size_t i = 0; i < n_ops; i++) {
		struct yc_op *op = &ops[i];
		if (strcmp(op->id, id) != 0)
			continue;
		if (!op->done && --op->polls_left <= 0)
			complete(op);
		return op_json(op);
	}
	return NULL;
}

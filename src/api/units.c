#include <stdio.h>
#include <string.h>

#include "api.h"
#include "cases.h"
#include "core/profile.h"
#include "store/supervision.h"

static const char *const levels[] = { "province", "city", "county", "school",
	NULL };
static const char *const kinds[] = { "authority", "department", "school",
	"university", "direct", "discipline", NULL };

json_t *
xf_unit_json(const xf_unit *u)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
	    "id", (json_int_t)u->id, "code", u->code, "name", u->name,
	    "level", u->level, "kind", u->kind, "profile", u->profile,
	    "region", u->region, "active", u->active);

	json_object_set_new(j, "parent_id", u->parent_id > 0 ?
	    json_integer(u->parent_id) : json_null());
	json_object_set_new(j, "successor_id", u->successor_id > 0 ?
	    json_integer(u->successor_id) : json_null());
	return j;
}

static int
valid_code(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 31)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static int
level_rank(const char *level)
{
	for (int i = 0; levels[i] != NULL; i++)
		if (strcmp(levels[i], level) == 0)
			return i;
	return -1;
}

/* Checks a unit about to be created: its parent exists, and the tree stays
 * a tree whose levels never go up. */
int
xf_unit_validate_insert(xf_app *app, xf_unit *u, xf_error *err)
{
	const xf_unit_tree *t = xf_app_tree(app);

	if (!valid_code(u->code))
		return xf_error_set(err, XF_E_INVALID, "code",
		    "单位代码应为 1 到 31 位字母、数字、“-”或“_”");
	if (u->profile[0] == '\0')
		snprintf(u->profile, sizeof(u->profile), "%s",
		    XF_PROFILE_DEFAULT);
	if (xf_profile_get(u->profile) == NULL)
		return xf_error_set(err, XF_E_INVALID, "profile",
		    "未知的规则配置“%s”", u->profile);
	if (u->parent_id > 0) {
		const xf_unit *p = xf_tree_get(t, u->parent_id);

		if (p == NULL)
			return xf_error_set(err, XF_E_INVALID, "parent_id",
			    "上级单位不存在");
		if (level_rank(u->level) < level_rank(p->level))
			return xf_error_set(err, XF_E_INVALID, "level",
			    "下级单位的层级不能高于上级单位（%s）", p->name);
		if (strcmp(p->kind, "department") == 0 &&
		    strcmp(u->kind, "department") != 0)
			return xf_error_set(err, XF_E_INVALID, "parent_id",
			    "内设机构下只能设内设机构");
	} else {
		for (size_t i = 0; i < t->n; i++)
			if (t->units[i].parent_id == 0)
				return xf_error_set(err, XF_E_INVALID,
				    "parent_id", "必须指定上级单位（根单位只有一个）");
	}
	if (strcmp(u->kind, "department") == 0 && u->parent_id == 0)
		return xf_error_set(err, XF_E_INVALID, "parent_id",
		    "内设机构必须隶属于某个单位");
	return 0;
}

/* Whether u is above the caller's authority, or a department of such a
 * unit: a county's staff read the names of the city and the province (and
 * their offices) on cases that came down from them, not "单位#19". Names
 * only: those units' cases stay out of their scope. Asked for with
 * ?with_above=1 (the web UI's name lookup); the list is the scope. */
static int
above_caller(xf_req *r, const xf_unit_tree *t, const xf_unit *u)
{
	int64_t auth = xf_tree_authority(t, r->user.unit_id);
	const xf_unit *b = strcmp(u->kind, "department") == 0 ?
	    xf_tree_get(t, u->parent_id) : u;

	return b != NULL && b->id != auth && xf_tree_within(t, b->id, auth);
}

int
xf_api_units_list(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int64_t root = 0, parent = -1, above = 0;
	json_t *items;

	if (xf_query_int(&r->query, "root", 1, INT64_MAX, 0, &root,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "parent_id", 0, INT64_MAX, -1, &parent,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "with_above", 0, 1, 0, &above,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (root > 0 && !xf_scope_unit(r, root))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, "root", "单位不存在");
	items = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const xf_unit *u = &t->units[i];
		int mine = xf_scope_unit(r, u->id);
		json_t *o;

		if (!mine && !(above && above_caller(r, t, u)))
			continue;
		if (root > 0 && !xf_tree_within(t, root, u->id))
			continue;
		if (parent >= 0 && u->parent_id != parent)
			continue;
		o = xf_unit_json(u);
		if (!mine)	/* named only: not a unit of the caller's scope */
			json_object_set_new(o, "above", json_true());
		json_array_append_new(items, o);
	}
	return xf_reply_json(r, 200, json_pack("{s:o,s:I}", "items", items,
	    "total", (json_int_t)json_array_size(items)));
}

int
xf_api_unit_get(xf_req *r)
{
	const xf_unit *u = xf_tree_get(xf_app_tree(r->app), r->id);

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (u == NULL || !xf_scope_unit(r, u->id))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
	return xf_reply_json(r, 200, xf_unit_json(u));
}

static int
copy_str(json_t *in, const char *key, int required, size_t maxc, char *dst,
    size_t dstsz, xf_error *err)
{
	const char *s;
	int rc = xf_json_str(in, key, required, maxc, 0, &s, err);

	if (rc != 0)
		return rc;
	if (strlen(s) >= dstsz)
		return xf_error_set(err, XF_E_INVALID, key, "“%s”过长", key);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

int
xf_api_unit_create(xf_req *r)
{
	static const char *const keys[] = { "name", "code", "level", "kind",
		"parent_id", "profile", "region", NULL };
	json_t *in = NULL;
	xf_unit u;
	int lv, kd, rc = -1;

	if (xf_require_role(r, XF_ROLE_ADMIN) == -1 ||
	    xf_req_json(r, &in) == -1)
		goto done;
	memset(&u, 0, sizeof(u));
	u.active = 1;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    copy_str(in, "name", 1, 60, u.name, sizeof(u.name), &r->err) != 0 ||
	    copy_str(in, "code", 1, 31, u.code, sizeof(u.code), &r->err) != 0 ||
	    xf_json_enum(in, "level", 1, levels, &lv, &r->err) != 0 ||
	    xf_json_enum(in, "kind", 1, kinds, &kd, &r->err) != 0 ||
	    xf_json_int(in, "parent_id", 0, 1, INT64_MAX, &u.parent_id,
	    &r->err) == -1 ||
	    copy_str(in, "profile", 0, 23, u.profile, sizeof(u.profile),
	    &r->err) == -1 ||
	    copy_str(in, "region", 0, 6, u.region, sizeof(u.region),
	    &r->err) == -1)
		goto done;
	snprintf(u.level, sizeof(u.level), "%s", levels[lv]);
	snprintf(u.kind, sizeof(u.kind), "%s", kinds[kd]);
	/* An admin creates units only inside its own scope. */
	if (u.parent_id > 0 && !xf_scope_unit(r, u.parent_id)) {
		xf_error_set(&r->err, XF_E_INVALID, "parent_id", "上级单位不存在");
		goto done;
	}
	/* Without a parent, the unit is created under the caller's own
	 * authority (an admin adds units to the tree it manages). */
	if (u.parent_id == 0)
		u.parent_id = xf_tree_authority(xf_app_tree(r->app),
		    r->user.unit_id);
	{
		const xf_unit *pu = xf_tree_get(xf_app_tree(r->app),
		    u.parent_id);

		if (pu != NULL && !pu->active) {
			xf_error_set(&r->err, XF_E_INVALID, "parent_id",
			    "上级单位已撤销或合并，不能再添加下级单位");
			goto done;
		}
	}
	if (xf_unit_validate_insert(r->app, &u, &r->err) == -1)
		goto done;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_unit_insert(r->app->store, &u, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "unit_create",
	    "unit", u.id, NULL, xf_unit_json(&u), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		/* The code is the one unique field a client sends. */
		if (r->err.code == XF_E_CONFLICT)
			xf_error_set(&r->err, XF_E_CONFLICT, "code",
			    "单位代码“%s”已被使用", u.code);
		goto done;
	}
	xf_reply_json(r, 201, xf_unit_json(&u));
	rc = 0;
done:
	json_decref(in);
	return rc;
}

/* 第八条: whoever carries on a merged or abolished unit's duties takes all
 * of them. Its units below move under the successor (a school's 复查 goes
 * to the bureau that exists); its 内设机构 close with it, what they led
 * going to the successor with the unit's cases (xf_lifecycle_handover);
 * open supervisions of either are answered by the successor. Inside the
 * caller's transaction, after the cases are handed over. */
static int
merge_into(xf_req *r, const xf_unit *old, int64_t successor)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_unit *kids = xf_xcalloc(t->n ? t->n : 1, sizeof(*kids));
	size_t nk = 0;
	int rc = -1, n;

	/* A copy: each update below reloads the tree. */
	for (size_t i = 0; i < t->n; i++)
		if (t->units[i].parent_id == old->id && t->units[i].active)
			kids[nk++] = t->units[i];
	for (size_t i = 0; i < nk; i++) {
		xf_unit ch = kids[i];
		int dept = strcmp(ch.kind, "department") == 0;

		if (dept) {
			ch.active = 0;
			ch.successor_id = successor;
		} else
			ch.parent_id = successor;
		if (xf_store_unit_update(r->app->store, &ch, &r->err) == -1 ||
		    xf_store_audit(r->app->store, r->user.id, r->ip,
		    "unit_update", "unit", ch.id, xf_unit_json(&kids[i]),
		    xf_unit_json(&ch), &r->err) == -1)
			goto done;
		if (dept && xf_store_sv_retarget(r->app->store, ch.id,
		    successor, &n, &r->err) == -1)
			goto done;
	}
	rc = xf_store_sv_retarget(r->app->store, old->id, successor, &n,
	    &r->err);
done:
	free(kids);
	return rc;
}

int
xf_api_unit_update(xf_req *r)
{
	static const char *const keys[] = { "name", "profile", "region",
		"active", "successor_id", NULL };
	const xf_unit *cur = xf_tree_get(xf_app_tree(r->app), r->id);
	json_t *in = NULL;
	xf_unit u;
	int rc = -1, active, moved = 0;

	if (cur == NULL || !xf_scope_unit(r, cur->id)) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
		goto done;
	}
	if (xf_require_role(r, XF_ROLE_ADMIN) == -1 ||
	    xf_req_json(r, &in) == -1)
		goto done;
	u = *cur;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    copy_str(in, "name", XF_STR_SET_NONBLANK, 60, u.name,
	    sizeof(u.name), &r->err) == -1 ||
	    copy_str(in, "profile", 0, 23, u.profile, sizeof(u.profile),
	    &r->err) == -1 ||
	    copy_str(in, "region", 0, 6, u.region, sizeof(u.region),
	    &r->err) == -1 ||
	    xf_json_int(in, "successor_id", 0, 1, INT64_MAX, &u.successor_id,
	    &r->err) == -1)
		goto done;
	/* null is "unchanged", as for users (not false: a form's untouched
	 * field would abolish the unit). */
	switch (xf_json_bool(in, "active", 0, &active, &r->err)) {
	case -1:
		goto done;
	case 0:
		u.active = active;
		break;
	default:
		break;
	}
	if (xf_profile_get(u.profile) == NULL) {
		xf_error_set(&r->err, XF_E_INVALID, "profile",
		    "未知的规则配置“%s”", u.profile);
		goto done;
	}
	if (u.successor_id > 0 && (u.successor_id == u.id ||
	    xf_tree_get(xf_app_tree(r->app), u.successor_id) == NULL ||
	    !xf_scope_unit(r, u.successor_id))) {
		xf_error_set(&r->err, XF_E_INVALID, "successor_id",
		    "承继单位不存在或不能是本单位");
		goto done;
	}
	if (!u.active && cur->active && u.successor_id > 0 &&
	    (xf_tree_within(xf_app_tree(r->app), u.id, u.successor_id) ||
	    !xf_tree_get(xf_app_tree(r->app), u.successor_id)->active)) {
		xf_error_set(&r->err, XF_E_INVALID, "successor_id",
		    "承继单位不能是本单位的下级单位或内设机构，也不能是已撤销的单位");
		goto done;
	}
	if (!u.active && cur->active && u.successor_id == 0) {
		int64_t *ids = NULL;
		size_t n = 0;

		/* Open cases must have somewhere to go (第八条). */
		if (xf_store_case_ids_of_unit(r->app->store, u.id, &ids, &n,
		    &r->err) == -1)
			goto done;
		free(ids);
		if (n > 0) {
			xf_error_set(&r->err, XF_E_INVALID, "successor_id",
			    "该单位尚有 %zu 件未办结信访事项，撤销或合并时必须指定"
			    "承继单位", n);
			goto done;
		}
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_unit_update(r->app->store, &u, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "unit_update",
	    "unit", u.id, xf_unit_json(cur), xf_unit_json(&u), &r->err) == -1 ||
	    (!u.active && u.successor_id > 0 && (xf_case_handover_all(r->app,
	    &r->user, r->ip, u.id, u.successor_id, &moved, &r->err) == -1 ||
	    (cur->active && merge_into(r, cur, u.successor_id) == -1))) ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	{
		json_t *out = xf_unit_json(&u);

		json_object_set_new(out, "cases_handed_over",
		    json_integer(moved));
		xf_reply_json(r, 200, out);
	}
	rc = 0;
done:
	json_decref(in);
	return rc;
}

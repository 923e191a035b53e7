#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"

static int
parse_roles(json_t *in, int required, int *out, xf_error *err)
{
	json_t *a = json_object_get(in, "roles"), *v;
	size_t i;
	int roles = 0;

	if (a == NULL) {
		if (required)
			return xf_error_set(err, XF_E_INVALID, "roles",
			    "缺少必填项“roles”");
		return 1;
	}
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > 6)
		return xf_error_set(err, XF_E_INVALID, "roles",
		    "“roles”应为 1 到 6 个角色的数组");
	json_array_foreach(a, i, v) {
		int bit = json_is_string(v) ? xf_role_parse(json_string_value(v)) :
		    -1;

		if (bit <= 0 || (bit & ~XF_ROLE_ALL) != 0)
			return xf_error_set(err, XF_E_INVALID, "roles",
			    "未知的角色（可选：admin、officer、handler、leader、"
			    "supervisor、viewer）");
		roles |= bit;
	}
	*out = roles;
	return 0;
}

static int
valid_username(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int
xf_api_users_list(xf_req *r)
{
	xf_user *v = NULL;
	size_t n = 0;
	int64_t unit = 0;
	json_t *items;

	if (xf_require_role(r, XF_ROLE_ADMIN | XF_ROLE_LEADER |
	    XF_ROLE_OFFICER | XF_ROLE_SUPERVISOR) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (unit > 0 && !xf_scope_unit(r, unit))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
		    "单位不存在");
	if (xf_store_user_list(r->app->store, &v, &n, &r->err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (!xf_scope_unit(r, v[i].unit_id))
			continue;
		if (unit > 0 && v[i].unit_id != unit)
			continue;
		json_array_append_new(items, xf_user_json(&v[i]));
	}
	sodium_memzero(v, n * sizeof(*v));
	free(v);
	return xf_reply_json(r, 200, json_pack("{s:o,s:I}", "items", items,
	    "total", (json_int_t)json_array_size(items)));
}

int
xf_api_user_get(xf_req *r)
{
	xf_user u;
	int rc;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	/* As the list: those who manage or route, and anyone for himself. */
	if (r->id != r->user.id && xf_require_role(r, XF_ROLE_ADMIN |
	    XF_ROLE_LEADER | XF_ROLE_OFFICER | XF_ROLE_SUPERVISOR) == -1)
		return -1;
	rc = xf_store_user_get(r->app->store, r->id, &u, &r->err);
	if (rc == -1)
		return -1;
	if (rc == 1 || !xf_scope_unit(r, u.unit_id))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "用户不存在");
	return xf_reply_json(r, 200, xf_user_json(&u));
}

int
xf_api_user_create(xf_req *r)
{
	static const char *const keys[] = { "username", "password", "name",
		"unit_id", "roles", NULL };
	const char *username, *password, *name;
	json_t *in = NULL;
	xf_user u;
	int rc = -1;

	memset(&u, 0, sizeof(u));
	if (xf_require_role(r, XF_ROLE_ADMIN) == -1 ||
	    xf_req_json(r, &in) == -1)
		goto done;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "username", 1, 32, 0, &username, &r->err) != 0 ||
	    xf_json_str(in, "password", 1, 128, 0, &password, &r->err) != 0 ||
	    xf_json_str(in, "name", 1, 30, 0, &name, &r->err) != 0 ||
	    xf_json_int(in, "unit_id", 1, 1, INT64_MAX, &u.unit_id,
	    &r->err) != 0 ||
	    parse_roles(in, 1, &u.roles, &r->err) != 0)
		goto done;
	if (!valid_username(username)) {
		xf_error_set(&r->err, XF_E_INVALID, "username",
		    "用户名应为 2 到 32 位字母、数字或 . _ -");
		goto done;
	}
	if (!xf_scope_unit(r, u.unit_id) ||
	    xf_tree_get(xf_app_tree(r->app), u.unit_id) == NULL) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id", "所属单位不存在");
		goto done;
	}
	if (!xf_tree_get(xf_app_tree(r->app), u.unit_id)->active) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id",
		    "所属单位已撤销或合并，不能再添加账号");
		goto done;
	}
	if (xf_auth_check_password_policy(password, "password", &r->err) == -1 ||
	    xf_auth_hash_password(password, u.pw_hash, &r->err) == -1)
		goto done;
	snprintf(u.username, sizeof(u.username), "%s", username);
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.active = 1;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_user_insert(r->app->store, &u, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "user_create",
	    "user", u.id, NULL, xf_user_json(&u), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		if (r->err.code == XF_E_CONFLICT)
			xf_error_set(&r->err, XF_E_CONFLICT, "username",
			    "用户名“%s”已被使用", username);
		goto done;
	}
	xf_reply_json(r, 201, xf_user_json(&u));
	rc = 0;
done:
	sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
	json_decref(in);
	return rc;
}

int
xf_api_user_update(xf_req *r)
{
	static const char *const keys[] = { "name", "unit_id", "roles",
		"active", "password", NULL };
	const char *name = NULL, *password = NULL;
	json_t *in = NULL;
	xf_user u, old;
	int rc = -1, active = 0, brc, pw_changed = 0;

	if (xf_require_role(r, XF_ROLE_ADMIN) == -1)
		goto done;
	rc = xf_store_user_get(r->app->store, r->id, &u, &r->err);
	if (rc != 0 || !xf_scope_unit(r, u.unit_id)) {
		if (rc != -1)
			xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "用户不存在");
		rc = -1;
		goto done;
	}
	rc = -1;
	old = u;
	if (xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "name", XF_STR_SET_NONBLANK, 30, 0, &name,
	    &r->err) == -1 ||
	    xf_json_int(in, "unit_id", 0, 1, INT64_MAX, &u.unit_id,
	    &r->err) == -1 ||
	    parse_roles(in, 0, &u.roles, &r->err) == -1 ||
	    xf_json_str(in, "password", 0, 128, 0, &password, &r->err) == -1 ||
	    (brc = xf_json_bool(in, "active", 0, &active, &r->err)) == -1)
		goto done;
	if (name != NULL)
		snprintf(u.name, sizeof(u.name), "%s", name);
	if (brc == 0)		/* null: unchanged */
		u.active = active;
	/* An admin cannot lock himself out: with the last admin gone nobody
	 * could administer the system, and no command restores one short
	 * of a new database. Another admin may. */
	if (u.id == r->user.id && (!u.active ||
	    ((old.roles & XF_ROLE_ADMIN) && !(u.roles & XF_ROLE_ADMIN)))) {
		xf_error_set(&r->err, XF_E_INVALID, !u.active ? "active" :
		    "roles", "不能停用自己的账号或取消自己的管理员角色，"
		    "请由其他管理员操作");
		goto done;
	}
	if (u.unit_id != old.unit_id && !xf_scope_unit(r, u.unit_id)) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id", "所属单位不存在");
		goto done;
	}
	if (password != NULL) {
		if (xf_auth_check_password_policy(password, "password",
		    &r->err) == -1 ||
		    xf_auth_hash_password(password, u.pw_hash, &r->err) == -1)
			goto done;
		pw_changed = 1;
	}
	xf_auth_invalidate();
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_user_update(r->app->store, &u, &r->err) == -1 ||
	    ((pw_changed || !u.active) &&
	    xf_store_session_delete_user(r->app->store, u.id, &r->err) == -1) ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "user_update",
	    "user", u.id, xf_user_json(&old), xf_user_json(&u), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_auth_invalidate();
	xf_reply_json(r, 200, xf_user_json(&u));
	rc = 0;
done:
	json_decref(in);
	return rc;
}

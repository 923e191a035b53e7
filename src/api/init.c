/* `xinfang init`: schema, the official calendar, the admin, and with --demo a
 * provincial unit tree with one account per role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "init.h"

static int
add_unit(xf_app *app, json_t *j, int64_t parent, xf_error *err)
{
	json_t *kids, *k;
	xf_unit u;
	size_t i;
	const char *profile = json_string_value(json_object_get(j, "profile"));

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s",
	    json_string_value(json_object_get(j, "name")));
	snprintf(u.code, sizeof(u.code), "%s",
	    json_string_value(json_object_get(j, "code")));
	snprintf(u.level, sizeof(u.level), "%s",
	    json_string_value(json_object_get(j, "level")));
	snprintf(u.kind, sizeof(u.kind), "%s",
	    json_string_value(json_object_get(j, "kind")));
	snprintf(u.region, sizeof(u.region), "%s",
	    json_string_value(json_object_get(j, "region")) ?: "");
	snprintf(u.profile, sizeof(u.profile), "%s", profile ? profile :
	    "national-2022");
	u.parent_id = parent;
	u.active = 1;
	if (parent > 0) {
		if (xf_store_unit_insert(app->store, &u, err) == -1 ||
		    xf_store_audit(app->store, 0, NULL, "unit_create", "unit",
		    u.id, NULL, xf_unit_json(&u), err) == -1)
			return -1;
	} else {
		xf_unit root;

		/* The root exists already (created by every init). */
		if (xf_store_unit_get(app->store, 1, &root, err) != 0)
			return xf_error_set(err, XF_E_INTERNAL, NULL, "根单位缺失");
		u.id = root.id;
	}
	kids = json_object_get(j, "children");
	json_array_foreach(kids, i, k)
		if (add_unit(app, k, u.id, err) == -1)
			return -1;
	return 0;
}

static int
unit_by_code(xf_app *app, const char *code, int64_t *id)
{
	const xf_unit_tree *t = xf_app_tree(app);

	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->units[i].code, code) == 0) {
			*id = t->units[i].id;
			return 0;
		}
	return -1;
}

static int
add_user(xf_app *app, const char *username, const char *name, int64_t unit,
    int roles, const char *pw, xf_error *err)
{
	xf_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", username);
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.unit_id = unit;
	u.roles = roles;
	u.active = 1;
	if (xf_auth_hash_password(pw, u.pw_hash, err) == -1 ||
	    xf_store_user_insert(app->store, &u, err) == -1 ||
	    xf_store_audit(app->store, 0, NULL, "user_create", "user", u.id,
	    NULL, xf_user_json(&u), err) == -1)
		return -1;
	return 0;
}

static int
load_demo(xf_app *app, const char *pw, xf_error *err)
{
	char path[1024];
	json_error_t je;
	json_t *doc, *units, *users, *v;
	size_t i;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/demo/units.json", app->datadir);
	if ((doc = json_load_file(path, 0, &je)) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "无法读取演示数据 %s：%s", path, je.text);
	units = json_object_get(doc, "units");
	json_array_foreach(units, i, v)
		if (add_unit(app, v, 0, err) == -1)
			goto done;
	users = json_object_get(doc, "users");
	json_array_foreach(users, i, v) {
		json_t *roles = json_object_get(v, "roles"), *rv;
		size_t k;
		int bits = 0;
		int64_t unit;

		json_array_foreach(roles, k, rv) {
			int bit = xf_role_parse(json_string_value(rv));

			if (bit > 0)
				bits |= bit & XF_ROLE_ALL;
		}
		if (unit_by_code(app, json_string_value(json_object_get(v,
		    "unit")), &unit) == -1) {
			xf_error_set(err, XF_E_INTERNAL, NULL,
			    "演示用户的单位代码不存在");
			goto done;
		}
		if (add_user(app, json_string_value(json_object_get(v,
		    "username")), json_string_value(json_object_get(v, "name")),
		    unit, bits, pw, err) == -1)
			goto done;
	}
	rc = 0;
done:
	json_decref(doc);
	return rc;
}

int
xf_init_db(xf_app *app, const char *admin_pw, int demo, const char *demo_pw,
    xf_error *err)
{
	xf_unit root;
	int years[256];
	size_t ny;

	if (xf_auth_check_password_policy(admin_pw, "admin-password", err) == -1)
		return -1;
	if (xf_store_begin(app->store, err) == -1)
		return -1;
	memset(&root, 0, sizeof(root));
	snprintf(root.name, sizeof(root.name),
	    "河南省教育厅（中共河南省委高校工委）");
	snprintf(root.code, sizeof(root.code), "HA-JYT");
	snprintf(root.level, sizeof(root.level), "province");
	snprintf(root.kind, sizeof(root.kind), "authority");
	snprintf(root.profile, sizeof(root.profile), "national-2022");
	snprintf(root.region, sizeof(root.region), "410000");
	root.active = 1;
	if (xf_store_unit_insert(app->store, &root, err) == -1 ||
	    xf_store_audit(app->store, 0, NULL, "unit_create", "unit", root.id,
	    NULL, xf_unit_json(&root), err) == -1 ||
	    add_user(app, "admin", "系统管理员", root.id, XF_ROLE_ADMIN, admin_pw,
	    err) == -1)
		goto fail;
	/* The official calendar ships in data/calendar; the database keeps
	 * its own copy so an admin's edits survive upgrades. */
	ny = xf_calendar_years(app->cal, years, 256);
	for (size_t i = 0; i < ny; i++) {
		char *j = xf_calendar_year_json(app->cal, years[i]);
		int rc = j ? xf_store_calendar_put(app->store, years[i],
		    xf_calendar_source(app->cal, years[i]), j, err) : -1;

		free(j);
		if (rc == -1)
			goto fail;
	}
	if (demo && load_demo(app, demo_pw, err) == -1)
		goto fail;
	if (xf_store_commit(app->store, err) == -1)
		goto fail;
	return 0;
fail:
	xf_store_rollback(app->store);
	return -1;
}

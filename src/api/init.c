/* `xinfang init`: schema, the official calendar, the admin, and with --demo a
 * provincial unit tree with one account per role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cases.h"
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

static int64_t
user_by_name(xf_app *app, const char *name, xf_user *u)
{
	if (name == NULL || xf_store_user_by_name(app->store, name, u,
	    NULL) != 0)
		return 0;
	return u->id;
}

static int64_t
unit_code_id(xf_app *app, const char *code)
{
	int64_t id = 0;

	if (code != NULL)
		unit_by_code(app, code, &id);
	return id;
}

/* One step of a demo case, as the user named in it, on its day. */
static int
demo_step(xf_app *app, int64_t case_id, json_t *st, xf_date base,
    xf_error *err)
{
	json_t *f = json_object_get(st, "fields"), *co;
	xf_lc_result res;
	xf_action a;
	xf_user u, lu;
	int64_t cos[XF_CASE_MAX_CO];
	size_t i;
	int code = xf_action_parse(json_string_value(json_object_get(st,
	    "action")));
	const char *outcome;

	if (code < 0 || user_by_name(app, json_string_value(json_object_get(st,
	    "as")), &u) == 0)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "演示数据有误");
	app->today_pinned = base - (xf_date)json_integer_value(
	    json_object_get(st, "days_ago"));
	xf_action_init(&a, (xf_action_code)code);
	a.to_unit_id = unit_code_id(app, json_string_value(json_object_get(st,
	    "to_unit")));
	a.lead_unit_id = unit_code_id(app, json_string_value(json_object_get(st,
	    "lead_unit")));
	co = json_object_get(st, "co_units");
	a.nco = 0;
	json_array_foreach(co, i, f)
		if (a.nco < XF_CASE_MAX_CO)
			cos[a.nco++] = unit_code_id(app, json_string_value(f));
	if (a.nco > 0)
		a.co_unit_ids = cos;
	f = json_object_get(st, "fields");
	if (json_object_get(st, "report_due_days_ago") != NULL)
		a.report_due = base - (xf_date)json_integer_value(
		    json_object_get(st, "report_due_days_ago"));
	a.reason = json_string_value(json_object_get(st, "reason"));
	a.channel = json_string_value(json_object_get(st, "channel"));
	a.days = (int)json_integer_value(json_object_get(st, "days"));
	a.approved_by = user_by_name(app, json_string_value(json_object_get(st,
	    "approved_by")), &lu);
	a.proof = json_string_value(json_object_get(st, "proof"));
	if (json_object_get(st, "method") != NULL)
		a.method = (xf_deliver_method)xf_deliver_method_parse(
		    json_string_value(json_object_get(st, "method")));
	if ((outcome = json_string_value(json_object_get(f, "outcome"))) !=
	    NULL) {
		a.outcome = (xf_outcome)xf_outcome_parse(outcome);
		a.request = json_string_value(json_object_get(f, "request"));
		a.facts = json_string_value(json_object_get(f, "facts"));
		a.decision = json_string_value(json_object_get(f, "decision"));
		a.basis = json_string_value(json_object_get(f, "basis"));
		if (json_object_get(f, "execute_by_days_ago") != NULL)
			a.execute_by = base - (xf_date)json_integer_value(
			    json_object_get(f, "execute_by_days_ago"));
	}
	{
		/* The event keeps the action's fields flat, as the API does. */
		json_t *data = json_deep_copy(st);

		json_object_update(data, json_object_get(st, "fields"));
		json_object_del(data, "fields");
		json_object_del(data, "as");
		json_object_del(data, "days_ago");
		json_object_del(data, "action");
		return xf_case_door(app, &u, NULL, case_id, &a, data, NULL,
		    &res, err);
	}
}

/* Sample cases in every state, dated relative to today, so the workbench,
 * lists, warnings and overdue marks have something real to show. */
static int
load_demo_cases(xf_app *app, xf_error *err)
{
	char path[1024];
	json_error_t je;
	json_t *doc, *cases, *v;
	xf_date base = xf_app_today(app);
	size_t i;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/demo/cases.json", app->datadir);
	if ((doc = json_load_file(path, 0, &je)) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "无法读取演示信访件 %s：%s", path, je.text);
	cases = json_object_get(doc, "cases");
	json_array_foreach(cases, i, v) {
		json_t *body = json_deep_copy(json_object_get(v, "body")), *out =
		    NULL, *resp, *steps, *st;
		const char *rcode;
		char d[11];
		size_t k;
		xf_user u;
		int64_t id;

		app->today_pinned = base - (xf_date)json_integer_value(
		    json_object_get(v, "days_ago"));
		xf_date_format(app->today_pinned, d);
		json_object_set_new(body, "received_on", json_string(d));
		resp = json_object_get(body, "respondent");
		if ((rcode = json_string_value(json_object_get(resp,
		    "unit_code"))) != NULL) {
			json_object_set_new(resp, "unit_id",
			    json_integer(unit_code_id(app, rcode)));
			json_object_del(resp, "unit_code");
		}
		if (user_by_name(app, json_string_value(json_object_get(v, "as")),
		    &u) == 0 || (out = xf_case_register_json(app, &u,
		    NULL, body, err)) == NULL) {
			json_decref(body);
			goto done;
		}
		id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		json_decref(body);
		steps = json_object_get(v, "steps");
		json_array_foreach(steps, k, st)
			if (demo_step(app, id, st, base, err) == -1) {
				char msg[256];

				snprintf(msg, sizeof(msg), "%s", err->message);
				xf_error_set(err, XF_E_INTERNAL, NULL,
				    "演示信访件第 %zu 件第 %zu 步失败：%s", i + 1,
				    k + 1, msg);
				goto done;
			}
	}
	rc = 0;
done:
	app->today_pinned = XF_DATE_NONE;
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
	if (demo && (load_demo(app, demo_pw, err) == -1 ||
	    load_demo_cases(app, err) == -1))
		goto fail;
	if (xf_store_commit(app->store, err) == -1)
		goto fail;
	return 0;
fail:
	xf_store_rollback(app->store);
	return -1;
}

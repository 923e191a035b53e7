/* Leadership duties over HTTP (SPEC §6; 第四、五、六条): 批示, 包案,
 * 接访日, on-site response to collective visits, the half-yearly 专题汇报,
 * the 社会稳定风险评估 register, 矛盾纠纷排查, and the 信访工作领导小组 with
 * who is 第一责任人 / 直接责任人 / 一岗双责 for what.
 *
 * Every record belongs to a unit; reading or writing it needs that unit in
 * the caller's scope (xf_scope_unit), so a school never sees a sibling's.
 * Records tied to a case follow the case's visibility (xf_case_visible). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/cases.h"
#include "store/leadership.h"

#define R_LEAD (XF_ROLE_LEADER | XF_ROLE_ADMIN)
#define R_KEEP (XF_ROLE_LEADER | XF_ROLE_ADMIN | XF_ROLE_OFFICER)
#define TEXT_MAX 4000

static int64_t
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static json_t *
jdate(xf_date d)
{
	return d == XF_DATE_NONE ? json_null() : json_integer(d);
}

static int64_t
authority(xf_req *r)
{
	return xf_tree_authority(xf_app_tree(r->app), r->user.unit_id);
}

/* A date field that may not be in the future. */
static int
past_date(xf_req *r, json_t *in, const char *key, int required, xf_date *out)
{
	int rc = xf_json_date(in, key, required, out, &r->err);

	if (rc == 0 && *out > xf_app_today(r->app))
		return xf_error_set(&r->err, XF_E_INVALID, key,
		    "日期不能晚于今天");
	return rc;
}

/* The record's unit: given (in scope) or the caller's authority. */
static int
unit_field(xf_req *r, json_t *in, const char *key, int64_t *unit)
{
	const xf_unit *u;

	*unit = 0;
	if (xf_json_int(in, key, 0, 1, INT64_MAX, unit, &r->err) == -1)
		return -1;
	if (*unit == 0) {
		*unit = authority(r);
		return 0;
	}
	u = xf_tree_get(xf_app_tree(r->app), *unit);
	if (u == NULL || !xf_scope_unit(r, *unit))
		return xf_error_set(&r->err, XF_E_INVALID, key,
		    "单位须为本单位或下级单位");
	return 0;
}

/* A leader in the caller's scope: the caller when it is a leader and none
 * is named. */
static int
leader_field(xf_req *r, json_t *in, int64_t *leader, xf_user *out)
{
	xf_user u;

	*leader = 0;
	if (xf_json_int(in, "leader_id", 0, 1, INT64_MAX, leader,
	    &r->err) == -1)
		return -1;
	if (*leader == 0) {
		if ((r->user.roles & XF_ROLE_LEADER) == 0)
			return xf_error_set(&r->err, XF_E_INVALID, "leader_id",
			    "请指定领导");
		*leader = r->user.id;
	}
	if (xf_store_user_get(r->app->store, *leader, &u, &r->err) != 0 ||
	    (u.roles & XF_ROLE_LEADER) == 0 || !xf_scope_unit(r, u.unit_id))
		return xf_error_set(&r->err, XF_E_INVALID, "leader_id",
		    "所指定的用户不是本单位或下级单位的领导");
	if (out)
		*out = u;
	return 0;
}

/* Inserts one record with an audit line; replies 201 with it. */
static int
insert_reply(xf_req *r, xf_lr_kind k, json_t *rec, const char *action,
    const char *entity)
{
	int64_t id;
	json_t *out;

	if (xf_store_begin(r->app->store, &r->err) == -1)
		return -1;
	if (xf_store_lr_insert(r->app->store, k, rec, &id, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, action, entity, id,
	    NULL, json_incref(rec), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		return -1;
	}
	if ((out = xf_store_lr_get(r->app->store, k, id, &r->err)) == NULL)
		return -1;
	return xf_reply_json(r, 201, out);
}

/* A record the caller may see (its unit column in scope), else 404. */
static json_t *
visible(xf_req *r, xf_lr_kind k, int64_t id, const char *what)
{
	json_t *o = xf_store_lr_get(r->app->store, k, id, &r->err);

	if (o == NULL || xf_scope_unit(r, jint(o, "unit_id")))
		return o;
	json_decref(o);
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "%s不存在", what);
	return NULL;
}

/* Lists records of a unit subtree (unit_id= in scope, default the caller's
 * authority) with extra equality/range filters. */
static json_t *
scoped_list(xf_req *r, xf_lr_kind k, int64_t unit, json_t *where)
{
	char *scope = unit ? xf_case_scope_json(r, unit) :
	    xf_case_scope_json(r, 0);
	json_t *l = xf_store_lr_list(r->app->store, k, where, "unit_id", scope,
	    &r->err);

	free(scope);
	return l;
}

static int
query_unit(xf_req *r, int64_t *unit)
{
	if (xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, unit,
	    &r->err) == -1)
		return -1;
	if (*unit && !xf_scope_unit(r, *unit))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
		    "单位不存在");
	return 0;
}

/* A case event for a leader's act, in the caller's transaction. */
static int
case_event(xf_req *r, int64_t case_id, const char *action, xf_date on,
    const char *summary, json_t *data)
{
	xf_case c;
	xf_lc_result res;
	int rc;

	if ((rc = xf_store_case_load(r->app->store, case_id, &c, NULL,
	    &r->err)) != 0) {
		json_decref(data);
		return rc == 1 ? xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "信访件不存在") : -1;
	}
	memset(&res, 0, sizeof(res));
	snprintf(res.action, sizeof(res.action), "%s", action);
	res.date = on;
	res.from_unit_id = res.to_unit_id = c.unit_id;
	res.from_status = res.to_status = c.status;
	snprintf(res.summary, sizeof(res.summary), "%s", summary);
	return xf_store_event_add(r->app->store, case_id, &res, r->user.id,
	    r->user.unit_id, data, &r->err);
}

/* Ends a leader's act on case r->id inside the caller's open write: the
 * record, the case's history event (data gets the record's id under
 * id_key) and the audit line, then the commit; everything is rolled back
 * on failure. On success replies 201 with the record and the leader's
 * name. Consumes data. */
static int
record_on_case(xf_req *r, xf_lr_kind k, json_t *rec, const char *action,
    xf_date on, const char *sum, const char *id_key, json_t *data,
    const char *leader_name)
{
	int64_t id;
	json_t *out;

	if (xf_store_lr_insert(r->app->store, k, rec, &id, &r->err) == -1) {
		json_decref(data);
		goto fail;
	}
	json_object_set_new(data, id_key, json_integer(id));
	if (case_event(r, r->id, action, on, sum, data) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, action, "case",
	    r->id, NULL, json_incref(rec), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	if ((out = xf_store_lr_get(r->app->store, k, id, &r->err)) == NULL)
		return -1;
	json_object_set_new(out, "leader_name", json_string(leader_name));
	return xf_reply_json(r, 201, out);
fail:
	xf_store_rollback(r->app->store);
	return -1;
}

/* ---- 批示: POST/GET /api/v1/cases/{id}/instructions ------------------------ */

static int
api_instruct(xf_req *r)
{
	static const char *const keys[] = { "text", "must_act_unit_id", "due",
		"date", NULL };
	json_t *in = NULL, *rec = NULL;
	const char *text;
	int64_t must = 0;
	xf_date on = XF_DATE_NONE, due = XF_DATE_NONE, closed;
	int status, flags, rc = -1;
	char sum[384];

	if (xf_case_visible(r, r->id) == -1 ||
	    xf_require_role(r, XF_ROLE_LEADER) == -1 ||
	    xf_case_conflict_guard(r, r->id) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "text", 1, TEXT_MAX, 1, &text, &r->err) != 0 ||
	    xf_json_int(in, "must_act_unit_id", 0, 1, INT64_MAX, &must,
	    &r->err) == -1 ||
	    xf_json_date(in, "due", 0, &due, &r->err) == -1 ||
	    past_date(r, in, "date", 0, &on) == -1)
		goto done;
	if (on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	if (must && (xf_tree_get(xf_app_tree(r->app), must) == NULL ||
	    !xf_scope_unit(r, must))) {
		xf_error_set(&r->err, XF_E_INVALID, "must_act_unit_id",
		    "责任单位须为本单位或下级单位");
		goto done;
	}
	if (due != XF_DATE_NONE && due < on) {
		xf_error_set(&r->err, XF_E_INVALID, "due",
		    "办理期限不能早于批示日期");
		goto done;
	}
	rec = json_pack("{s:I,s:I,s:I,s:s,s:o,s:o,s:i}", "case_id",
	    (json_int_t)r->id, "leader_id", (json_int_t)r->user.id, "unit_id",
	    (json_int_t)authority(r), "text", text, "must_act_unit_id", must ?
	    json_integer(must) : json_null(), "due", jdate(due), "given_on", on);
	snprintf(sum, sizeof(sum), "%s作出领导批示", r->user.name);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	/* The flag, the record, the event and the audit line: one
	 * transaction, so a 领导批示件 is never half-marked. */
	if (xf_store_case_brief(r->app->store, r->id, &status, &flags, &closed,
	    &r->err) != 0 ||
	    xf_store_case_set_flags(r->app->store, r->id, flags | XF_CF_LEADER,
	    &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	rc = record_on_case(r, XF_LR_INSTRUCTION, rec, "instruct", on, sum,
	    "instruction_id", json_pack("{s:s,s:o,s:o}", "text", text,
	    "must_act_unit_id", must ? json_integer(must) : json_null(),
	    "due", jdate(due)), r->user.name);
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

/* Records of a case, each with the leader's name. */
static int
case_records(xf_req *r, xf_lr_kind k)
{
	json_t *w, *l, *o;
	size_t i;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1)
		return -1;
	w = json_pack("{s:I}", "case_id", (json_int_t)r->id);
	l = xf_store_lr_list(r->app->store, k, w, NULL, NULL, &r->err);
	json_decref(w);
	if (l == NULL)
		return -1;
	json_array_foreach(l, i, o) {
		xf_user u;

		if (xf_store_user_get(r->app->store, jint(o, "leader_id"), &u,
		    NULL) == 0)
			json_object_set_new(o, "leader_name", json_string(u.name));
	}
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
}

static int
api_instructions(xf_req *r)
{
	return case_records(r, XF_LR_INSTRUCTION);
}

/* ---- 包案: a leader answers for a case until it is closed ---------------------- */

/* A leader who has withdrawn from the case (回避), or whom an accusation
 * names or whose unit it accuses, is never given it (SPEC §7): 包案 would
 * put the petitioner's identity in the hands it is kept from. */
static int
leader_may_take(xf_req *r, const xf_user *lu)
{
	xf_case *c = xf_xmalloc(sizeof(*c));
	json_t *info = NULL;
	int rc = -1, lr;

	if ((lr = xf_store_case_load(r->app->store, r->id, c, &info,
	    &r->err)) != 0) {
		if (lr == 1)
			xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
			    "信访件不存在");
		goto done;
	}
	if (xf_store_recused(r->app->store, r->id, lu->id))
		xf_error_set(&r->err, XF_E_INVALID, "leader_id",
		    "%s已申请回避此信访件，不能包案", lu->name);
	else if (!xf_case_user_may_see_protected(r->app, lu, c, info))
		xf_error_set(&r->err, XF_E_INVALID, "leader_id",
		    "%s或其所在单位是被检举控告对象，不能包案此信访件", lu->name);
	else
		rc = 0;
done:
	json_decref(info);
	free(c);
	return rc;
}

static int
api_take(xf_req *r)
{
	static const char *const keys[] = { "leader_id", "note", "date", NULL };
	json_t *in = NULL, *rec = NULL;
	const char *note = "";
	int64_t leader;
	xf_date on = XF_DATE_NONE, closed;
	int status, flags, rc = -1;
	xf_user lu;
	char sum[384];

	if (xf_case_visible(r, r->id) == -1 || xf_require_role(r, R_KEEP) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    leader_field(r, in, &leader, &lu) == -1 ||
	    xf_json_str(in, "note", 0, TEXT_MAX, 1, &note, &r->err) == -1 ||
	    past_date(r, in, "date", 0, &on) == -1)
		goto done;
	if (on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	if (xf_store_case_brief(r->app->store, r->id, &status, &flags, &closed,
	    &r->err) != 0)
		goto done;
	if (xf_status_ended((xf_status)status)) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "信访事项已办结或已终止（不予受理、转出或移交纪检监察），无需包案");
		goto done;
	}
	if (leader_may_take(r, &lu) == -1)
		goto done;
	rec = json_pack("{s:I,s:I,s:I,s:i,s:s}", "case_id", (json_int_t)r->id,
	    "leader_id", (json_int_t)leader, "unit_id",
	    (json_int_t)xf_tree_authority(xf_app_tree(r->app), lu.unit_id),
	    "taken_on", on, "note", note ? note : "");
	snprintf(sum, sizeof(sum), "%s包案化解", lu.name);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	rc = record_on_case(r, XF_LR_TAKER, rec, "take", on, sum, "taker_id",
	    json_pack("{s:I}", "leader_id", (json_int_t)leader), lu.name);
	if (rc == -1 && r->err.code == XF_E_CONFLICT)
		xf_error_set(&r->err, XF_E_CONFLICT, "leader_id",
		    "该领导已包案此信访件");
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

static int
api_takers(xf_req *r)
{
	return case_records(r, XF_LR_TAKER);
}

/* GET /api/v1/leadership/takers?unit_id=&leader_id= — the cases leaders
 * have taken, with whether each is still open (包案 ends at closing). */
static int
api_takers_list(xf_req *r)
{
	int64_t unit = 0, leader = 0;
	json_t *w = json_object(), *l = NULL, *o;
	size_t i;
	int rc = -1;

	if (query_unit(r, &unit) == -1 ||
	    xf_query_int(&r->query, "leader_id", 1, INT64_MAX, 0, &leader,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (leader)
		json_object_set_new(w, "leader_id", json_integer(leader));
	if ((l = scoped_list(r, XF_LR_TAKER, unit, w)) == NULL)
		goto done;
	json_array_foreach(l, i, o) {
		int status, flags;
		xf_date closed;

		if (xf_store_case_brief(r->app->store, jint(o, "case_id"),
		    &status, &flags, &closed, NULL) == 0) {
			json_object_set_new(o, "case_status", json_string(
			    xf_status_name((xf_status)status)));
			json_object_set_new(o, "active", json_boolean(
			    !xf_status_ended((xf_status)status) && json_is_null(
			    json_object_get(o, "released_on"))));
		}
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
	l = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	return rc;
}

/* ---- 接访日 --------------------------------------------------------------------- */

static int
link_cases(xf_req *r, json_t *in, xf_ll_kind k, int64_t id)
{
	json_t *ids = json_object_get(in, "case_ids"), *v;
	size_t i;

	if (ids == NULL)
		return 0;
	json_array_foreach(ids, i, v)
		if (xf_store_ll_add(r->app->store, k, id, json_integer_value(v),
		    &r->err) == -1)
			return -1;
	return 0;
}

/* A stored record's date, whether kept as a day number or as text. */
static xf_date
json_date(json_t *v)
{
	xf_date d = XF_DATE_NONE;

	if (json_is_integer(v))
		return (xf_date)json_integer_value(v);
	if (json_is_string(v) && xf_date_parse(json_string_value(v), &d) == 0)
		return d;
	return XF_DATE_NONE;
}

/* The day case id was received (XF_DATE_NONE if it cannot be read). */
static xf_date
case_received(xf_req *r, int64_t id)
{
	xf_case *c = xf_xmalloc(sizeof(*c));
	xf_date d = XF_DATE_NONE;

	if (xf_store_case_load(r->app->store, id, c, NULL, NULL) == 0)
		d = c->received_on;
	free(c);
	return d;
}

/* A case a reception day met (SPEC §6, 第五条 领导接访): a visit (来访),
 * received by that day, on a day already come. */
static int
reception_case_ok(xf_req *r, xf_date day, int64_t id, const char *field)
{
	xf_case *c = xf_xmalloc(sizeof(*c));
	int rc = 0;

	if (xf_store_case_load(r->app->store, id, c, NULL, NULL) != 0)
		rc = xf_error_set(&r->err, XF_E_INVALID, field,
		    "信访件%lld不存在", (long long)id);
	else if (c->channel != XF_CH_VISIT)
		rc = xf_error_set(&r->err, XF_E_INVALID, field,
		    "信访件%lld不是来访，接访日登记的是接待的来访", (long long)id);
	else if (c->received_on > day)
		rc = xf_error_set(&r->err, XF_E_INVALID, field,
		    "信访件%lld收到于接访日之后", (long long)id);
	else if (day > xf_app_today(r->app))
		rc = xf_error_set(&r->err, XF_E_INVALID, field,
		    "接访日尚未到来，不能登记接待的来访");
	free(c);
	return rc;
}

/* Every case of in's case_ids is one the reception day met. */
static int
check_received_by(xf_req *r, json_t *in, xf_date day)
{
	json_t *ids = json_object_get(in, "case_ids"), *v;
	size_t i;

	json_array_foreach(ids, i, v)
		if (reception_case_ok(r, day, json_integer_value(v),
		    "case_ids") == -1)
			return -1;
	return 0;
}

static int
check_case_ids(xf_req *r, json_t *in)
{
	json_t *ids = json_object_get(in, "case_ids"), *v;
	size_t i;

	if (ids == NULL)
		return 0;
	if (!json_is_array(ids) || json_array_size(ids) > 200)
		return xf_error_set(&r->err, XF_E_INVALID, "case_ids",
		    "须为信访件编号列表（至多200个）");
	json_array_foreach(ids, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return xf_error_set(&r->err, XF_E_INVALID, "case_ids",
			    "信访件编号须为正整数");
		for (size_t j = 0; j < i; j++)
			if (json_integer_value(json_array_get(ids, j)) ==
			    json_integer_value(v))
				return xf_error_set(&r->err, XF_E_INVALID,
				    "case_ids", "信访件编号重复");
		if (xf_case_visible(r, json_integer_value(v)) == -1)
			return xf_error_set(&r->err, XF_E_INVALID, "case_ids",
			    "信访件%lld不存在", (long long)json_integer_value(v));
	}
	return 0;
}

static int
api_reception_create(xf_req *r)
{
	static const char *const keys[] = { "leader_id", "day", "place", "note",
		"case_ids", NULL };
	json_t *in = NULL, *rec = NULL, *out = NULL;
	const char *place = "", *note = "";
	int64_t leader, id;
	xf_date day;
	xf_user lu;
	int rc = -1;

	if (xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    leader_field(r, in, &leader, &lu) == -1 ||
	    xf_json_date(in, "day", 1, &day, &r->err) != 0 ||
	    xf_json_str(in, "place", 0, 200, 0, &place, &r->err) == -1 ||
	    xf_json_str(in, "note", 0, TEXT_MAX, 1, &note, &r->err) == -1 ||
	    check_case_ids(r, in) == -1 || check_received_by(r, in, day) == -1)
		goto done;
	if (json_array_size(json_object_get(in, "case_ids")) > 0 &&
	    day > xf_app_today(r->app)) {
		xf_error_set(&r->err, XF_E_INVALID, "case_ids",
		    "接访日尚未到来，不能登记接待的来访");
		goto done;
	}
	rec = json_pack("{s:I,s:I,s:i,s:s,s:s}", "unit_id",
	    (json_int_t)xf_tree_authority(xf_app_tree(r->app), lu.unit_id),
	    "leader_id", (json_int_t)leader, "day", day, "place", place ? place :
	    "", "note", note ? note : "");
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_insert(r->app->store, XF_LR_RECEPTION, rec, &id,
	    &r->err) == -1 || link_cases(r, in, XF_LL_RECEPTION_CASE, id) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "reception_create",
	    "reception", id, NULL, json_incref(rec), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_RECEPTION, id,
	    &r->err)) == NULL)
		goto done;
	json_object_set_new(out, "leader_name", json_string(lu.name));
	json_object_set_new(out, "case_ids", xf_case_ids_visible(r,
	    xf_store_ll_get(r->app->store, XF_LL_RECEPTION_CASE, id, NULL)));
	xf_reply_json(r, 201, out);
	rc = 0;
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

/* Links a case the caller may see to a register row {"case_id"}, in one
 * transaction with its audit record; returns the row (a new reference) or
 * NULL with r->err set. dup: the message for a link that exists. */
static json_t *
link_case(xf_req *r, xf_lr_kind lr, xf_ll_kind ll, const char *what,
    const char *action, const char *entity, const char *dup)
{
	static const char *const keys[] = { "case_id", NULL };
	json_t *in = NULL, *rec = NULL;
	int64_t cid;

	if ((rec = visible(r, lr, r->id, what)) == NULL ||
	    xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_int(in, "case_id", 1, 1, INT64_MAX, &cid, &r->err) != 0)
		goto fail;
	if (xf_case_visible(r, cid) == -1) {
		xf_error_set(&r->err, XF_E_INVALID, "case_id", "信访件不存在");
		goto fail;
	}
	if (lr == XF_LR_RECEPTION && reception_case_ok(r, json_date(
	    json_object_get(rec, "day")), cid, "case_id") == -1)
		goto fail;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto fail;
	if (xf_store_ll_add(r->app->store, ll, r->id, cid, &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, action, entity,
	    r->id, NULL, json_pack("{s:I}", "case_id", (json_int_t)cid),
	    &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		if (r->err.code == XF_E_CONFLICT)
			xf_error_set(&r->err, XF_E_CONFLICT, "case_id", "%s",
			    dup);
		goto fail;
	}
	json_decref(in);
	return rec;
fail:
	json_decref(rec);
	json_decref(in);
	return NULL;
}

/* POST /api/v1/leadership/receptions/{id}/cases {"case_id"} — a visit
 * received that day. */
static int
api_reception_link(xf_req *r)
{
	json_t *rec = link_case(r, XF_LR_RECEPTION, XF_LL_RECEPTION_CASE,
	    "接访日", "reception_link", "reception", "该来访已登记在此接访日");

	if (rec == NULL)
		return -1;
	json_object_set_new(rec, "case_ids", xf_case_ids_visible(r,
	    xf_store_ll_get(r->app->store, XF_LL_RECEPTION_CASE, r->id,
	    NULL)));
	return xf_reply_json(r, 200, rec);
}

/* Range filter on a date column from ?from=&to=. */
static int
date_range(xf_req *r, json_t *w, const char *col)
{
	xf_date from = XF_DATE_NONE, to = XF_DATE_NONE;
	char k[40];

	if (xf_query_date(&r->query, "from", &from, &r->err) == -1 ||
	    xf_query_date(&r->query, "to", &to, &r->err) == -1)
		return -1;
	if (from != XF_DATE_NONE) {
		snprintf(k, sizeof(k), "%s>=", col);
		json_object_set_new(w, k, json_integer(from));
	}
	if (to != XF_DATE_NONE) {
		snprintf(k, sizeof(k), "%s<=", col);
		json_object_set_new(w, k, json_integer(to));
	}
	return 0;
}

static int
api_receptions(xf_req *r)
{
	int64_t unit = 0, leader = 0;
	json_t *w = json_object(), *l = NULL, *o;
	size_t i;
	int rc = -1;

	if (query_unit(r, &unit) == -1 ||
	    xf_query_int(&r->query, "leader_id", 1, INT64_MAX, 0, &leader,
	    &r->err) == -1 || date_range(r, w, "day") == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (leader)
		json_object_set_new(w, "leader_id", json_integer(leader));
	if ((l = scoped_list(r, XF_LR_RECEPTION, unit, w)) == NULL)
		goto done;
	json_array_foreach(l, i, o) {
		xf_user u;
		json_t *ids = xf_case_ids_visible(r, xf_store_ll_get(
		    r->app->store, XF_LL_RECEPTION_CASE, jint(o, "id"), NULL));

		if (xf_store_user_get(r->app->store, jint(o, "leader_id"), &u,
		    NULL) == 0)
			json_object_set_new(o, "leader_name", json_string(u.name));
		json_object_set_new(o, "visits", json_integer(
		    (json_int_t)json_array_size(ids)));
		json_object_set_new(o, "case_ids", ids);
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
	l = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	return rc;
}

/* ---- 集体访: the leader on site ------------------------------------------------- */

/* "2025-08-20T09:30:00+08:00" (seconds optional, "Z" allowed) → minutes
 * since the epoch, UTC. -1 if malformed. */
static int
parse_time(const char *s, int64_t *min)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, n = 0;
	xf_date day;
	char date[11], sign;
	const char *p;

	if (s == NULL || strlen(s) < 16 || strlen(s) > 32 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    n != 16)
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (sscanf(p, ":%2d%n", &sec, &n) != 1 || n != 3 || sec > 60)
			return -1;
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0')
		oh = om = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
	    sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 && oh < 24 && om < 60) {
		sign = *p;
		if (sign == '-') {
			oh = -oh;
			om = -om;
		}
	} else
		return -1;
	snprintf(date, sizeof(date), "%.10s", s);
	if (xf_date_parse(date, &day) == -1 || h > 23 || mi > 59)
		return -1;
	*min = (int64_t)day * 1440 + h * 60 + mi - (oh * 60 + om);
	return 0;
}

static int
api_onsite(xf_req *r)
{
	static const char *const keys[] = { "leader_id", "visit_arrived_at",
		"leader_arrived_at", "note", NULL };
	json_t *in = NULL, *rec = NULL;
	const char *va, *la, *note = "";
	int64_t leader, tv, tl;
	int status, flags, rc = -1;
	xf_date closed;
	xf_user lu;
	char sum[384];

	if (xf_case_visible(r, r->id) == -1 || xf_require_role(r, R_KEEP) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    leader_field(r, in, &leader, &lu) == -1 ||
	    xf_json_str(in, "visit_arrived_at", 1, 32, 0, &va, &r->err) != 0 ||
	    xf_json_str(in, "leader_arrived_at", 1, 32, 0, &la, &r->err) != 0 ||
	    xf_json_str(in, "note", 0, TEXT_MAX, 1, &note, &r->err) == -1)
		goto done;
	if (parse_time(va, &tv) == -1) {
		xf_error_set(&r->err, XF_E_INVALID, "visit_arrived_at",
		    "时间格式应为 2025-08-20T09:30:00+08:00");
		goto done;
	}
	if (parse_time(la, &tl) == -1) {
		xf_error_set(&r->err, XF_E_INVALID, "leader_arrived_at",
		    "时间格式应为 2025-08-20T09:30:00+08:00");
		goto done;
	}
	if (tl < tv) {
		xf_error_set(&r->err, XF_E_INVALID, "leader_arrived_at",
		    "领导到场时间不能早于来访群众到达时间");
		goto done;
	}
	if (tl / 1440 > xf_app_today(r->app) + 1) {
		xf_error_set(&r->err, XF_E_INVALID, "leader_arrived_at",
		    "时间不能晚于今天");
		goto done;
	}
	if (xf_store_case_brief(r->app->store, r->id, &status, &flags, &closed,
	    &r->err) != 0)
		goto done;
	if ((flags & XF_CF_COLLECTIVE) == 0) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "该信访件不是集体访，无需登记领导到场");
		goto done;
	}
	if ((xf_date)(tv / 1440) < case_received(r, r->id)) {
		xf_error_set(&r->err, XF_E_INVALID, "visit_arrived_at",
		    "来访到达时间不能早于该信访件的收到日期");
		goto done;
	}
	rec = json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:s}", "case_id",
	    (json_int_t)r->id, "leader_id", (json_int_t)leader, "unit_id",
	    (json_int_t)xf_tree_authority(xf_app_tree(r->app), lu.unit_id),
	    "visit_arrived_at", va, "leader_arrived_at", la,
	    "minutes", (json_int_t)(tl - tv), "note", note ? note : "");
	snprintf(sum, sizeof(sum), "%s到达集体访现场（来访到达后%lld分钟）",
	    lu.name, (long long)(tl - tv));
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	rc = record_on_case(r, XF_LR_ONSITE, rec, "onsite",
	    (xf_date)(tl / 1440), sum, "onsite_id", json_pack("{s:I}",
	    "minutes", (json_int_t)(tl - tv)), lu.name);
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

static int
api_onsites(xf_req *r)
{
	return case_records(r, XF_LR_ONSITE);
}

/* ---- 专题汇报 (第四条: 每半年至少听取一次) --------------------------------------- */

static int
api_briefing_create(xf_req *r)
{
	static const char *const keys[] = { "unit_id", "held_on", "chair",
		"summary", NULL };
	json_t *in = NULL, *rec = NULL;
	const char *chair, *summary;
	int64_t unit;
	xf_date held;
	int y, m, d, rc = -1;

	if (xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    unit_field(r, in, "unit_id", &unit) == -1 ||
	    past_date(r, in, "held_on", 1, &held) != 0 ||
	    xf_json_str(in, "chair", 1, 64, 0, &chair, &r->err) != 0 ||
	    xf_json_str(in, "summary", 1, TEXT_MAX, 1, &summary, &r->err) != 0)
		goto done;
	xf_date_to_ymd(held, &y, &m, &d);
	rec = json_pack("{s:I,s:i,s:i,s:i,s:s,s:s}", "unit_id", (json_int_t)unit,
	    "year", y, "half", m <= 6 ? 1 : 2, "held_on", held, "chair", chair,
	    "summary", summary);
	rc = insert_reply(r, XF_LR_BRIEFING, rec, "briefing_create",
	    "briefing");
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

static int
api_briefings(xf_req *r)
{
	int64_t unit = 0, year = 0;
	json_t *w = json_object(), *l = NULL;
	int rc = -1;

	if (query_unit(r, &unit) == -1 ||
	    xf_query_int(&r->query, "year", 2000, 2199, 0, &year,
	    &r->err) == -1 || xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (year)
		json_object_set_new(w, "year", json_integer(year));
	if ((l = scoped_list(r, XF_LR_BRIEFING, unit, w)) == NULL)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
	l = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	return rc;
}

/* GET /api/v1/leadership/briefings/missing?year=&half= — the units in
 * scope (authorities, schools, universities, direct units: those with a
 * leadership) without a 专题汇报 in that half-year. `overdue` once the
 * half has ended. */
static int
api_briefings_missing(xf_req *r)
{
	static const char *const halves[] = { "1", "2", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_date today = xf_app_today(r->app), end;
	int64_t year;
	int half, ty, tm, td, rc = -1;
	json_t *w = NULL, *l = NULL, *items = NULL, *o;
	size_t i;

	xf_date_to_ymd(today, &ty, &tm, &td);
	if (xf_query_int(&r->query, "year", 2000, 2199, ty, &year,
	    &r->err) == -1 ||
	    (half = xf_query_enum(&r->query, "half", halves, &r->err)) == -2 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	half = half < 0 ? (year == ty && tm <= 6 ? 1 : 2) : half + 1;
	end = half == 1 ? xf_date_from_ymd((int)year, 6, 30) :
	    xf_date_from_ymd((int)year, 12, 31);
	w = json_pack("{s:I,s:i}", "year", (json_int_t)year, "half", half);
	if ((l = scoped_list(r, XF_LR_BRIEFING, 0, w)) == NULL)
		goto done;
	items = json_array();
	for (size_t k = 0; k < t->n; k++) {
		const xf_unit *u = &t->units[k];
		int found = 0;

		if (!u->active || strcmp(u->kind, "department") == 0 ||
		    strcmp(u->kind, "discipline") == 0 ||
		    !xf_scope_unit(r, u->id))
			continue;
		json_array_foreach(l, i, o)
			if (jint(o, "unit_id") == u->id)
				found = 1;
		if (!found)
			json_array_append_new(items, json_pack("{s:I,s:s,s:b}",
			    "unit_id", (json_int_t)u->id, "name", u->name,
			    "overdue", today > end));
	}
	xf_reply_json(r, 200, json_pack("{s:I,s:i,s:o}", "year",
	    (json_int_t)year, "half", half, "items", items));
	items = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	json_decref(items);
	return rc;
}

/* ---- 社会稳定风险评估 (第四条, 第十四条（一）) ------------------------------------- */

/* What the register flags on a decision. */
static void
risk_flags(xf_req *r, json_t *o)
{
	json_t *f = json_array();
	xf_date dec = XF_DATE_NONE, as = XF_DATE_NONE;
	const char *ds = json_string_value(json_object_get(o, "decided_on"));
	const char *as_s = json_string_value(json_object_get(o, "assessed_on"));

	if (ds)
		xf_date_parse(ds, &dec);
	if (as_s)
		xf_date_parse(as_s, &as);
	/* 评估是重大决策出台的前置程序: after the decision is as good as none. */
	if (dec != XF_DATE_NONE && (as == XF_DATE_NONE || as > dec))
		json_array_append_new(f, json_string("no_assessment"));
	if (as != XF_DATE_NONE && json_is_null(json_object_get(o,
	    "office_opinion")))
		json_array_append_new(f, json_string("no_office_opinion"));
	if (as != XF_DATE_NONE && json_is_null(json_object_get(o,
	    "consultation")))
		json_array_append_new(f, json_string("no_consultation"));
	json_object_set_new(o, "flags", f);
	json_object_set_new(o, "case_ids", xf_case_ids_visible(r,
	    xf_store_ll_get(r->app->store, XF_LL_RISK_CASE, jint(o, "id"),
	    NULL)));
}

static int
api_risk_create(xf_req *r)
{
	static const char *const keys[] = { "unit_id", "decision", "decided_on",
		"assessed_on", "risk_level", "office_opinion", "consultation",
		"case_ids", NULL };
	static const char *const levels[] = { "low", "medium", "high", NULL };
	json_t *in = NULL, *rec = NULL, *out = NULL;
	const char *decision, *op = NULL, *cons = NULL;
	int64_t unit, id;
	xf_date dec = XF_DATE_NONE, as = XF_DATE_NONE;
	int level = -1, rc = -1;

	if (xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    unit_field(r, in, "unit_id", &unit) == -1 ||
	    xf_json_str(in, "decision", 1, 500, 1, &decision, &r->err) != 0 ||
	    past_date(r, in, "decided_on", 0, &dec) == -1 ||
	    past_date(r, in, "assessed_on", 0, &as) == -1 ||
	    xf_json_enum(in, "risk_level", 0, levels, &level, &r->err) == -1 ||
	    xf_json_str(in, "office_opinion", 0, TEXT_MAX, 1, &op,
	    &r->err) == -1 ||
	    xf_json_str(in, "consultation", 0, TEXT_MAX, 1, &cons,
	    &r->err) == -1 ||
	    check_case_ids(r, in) == -1)
		goto done;
	if (as != XF_DATE_NONE && level < 0) {
		xf_error_set(&r->err, XF_E_INVALID, "risk_level",
		    "已评估的决策须填写风险等级");
		goto done;
	}
	if (as == XF_DATE_NONE && level >= 0) {
		xf_error_set(&r->err, XF_E_INVALID, "assessed_on",
		    "填写风险等级须同时填写评估日期");
		goto done;
	}
	rec = json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:o}", "unit_id",
	    (json_int_t)unit, "decision", decision, "decided_on", jdate(dec),
	    "assessed_on", jdate(as), "risk_level", level >= 0 ?
	    json_string(levels[level]) : json_null(), "office_opinion", op ?
	    json_string(op) : json_null(), "consultation", cons ?
	    json_string(cons) : json_null());
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_insert(r->app->store, XF_LR_RISK, rec, &id,
	    &r->err) == -1 || link_cases(r, in, XF_LL_RISK_CASE, id) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "risk_create",
	    "risk", id, NULL, json_incref(rec), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_RISK, id,
	    &r->err)) == NULL)
		goto done;
	risk_flags(r, out);
	xf_reply_json(r, 201, out);
	rc = 0;
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

/* PATCH /api/v1/leadership/risks/{id} — a register kept over time: the
 * decision's date once it is taken, the assessment when it is done, the
 * office's opinion (第十四条（一）: a decision taken without the assessment,
 * or against its advice). Only the fields sent change. */
static int
api_risk_update(xf_req *r)
{
	static const char *const keys[] = { "decision", "decided_on",
		"assessed_on", "risk_level", "office_opinion", "consultation",
		NULL };
	static const char *const levels[] = { "low", "medium", "high", NULL };
	json_t *in = NULL, *cur = NULL, *set = json_object(), *out = NULL;
	const char *text;
	xf_date d;
	int level, rc = -1, k;

	if ((cur = visible(r, XF_LR_RISK, r->id, "风险评估记录")) == NULL ||
	    xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1)
		goto done;
	if ((k = xf_json_str(in, "decision", XF_STR_SET_NONBLANK, 500, 1,
	    &text, &r->err)) == -1)
		goto done;
	if (k == 0)
		json_object_set_new(set, "decision", json_string(text));
	for (int i = 0; i < 2; i++) {
		const char *key = i ? "assessed_on" : "decided_on";

		if ((k = past_date(r, in, key, 0, &d)) == -1)
			goto done;
		if (k == 0)
			json_object_set_new(set, key, jdate(d));
	}
	if ((k = xf_json_enum(in, "risk_level", 0, levels, &level,
	    &r->err)) == -1)
		goto done;
	if (k == 0)
		json_object_set_new(set, "risk_level",
		    json_string(levels[level]));
	for (int i = 0; i < 2; i++) {
		const char *key = i ? "consultation" : "office_opinion";

		if ((k = xf_json_str(in, key, 0, TEXT_MAX, 1, &text,
		    &r->err)) == -1)
			goto done;
		if (k == 0)
			json_object_set_new(set, key, json_string(text));
	}
	/* The record as it will be: an assessment has its level. */
	json_object_update(cur, set);
	if (!json_is_null(json_object_get(cur, "assessed_on")) &&
	    json_is_null(json_object_get(cur, "risk_level"))) {
		xf_error_set(&r->err, XF_E_INVALID, "risk_level",
		    "已评估的决策须填写风险等级");
		goto done;
	}
	if (json_object_size(set) == 0) {
		xf_error_set(&r->err, XF_E_INVALID, NULL, "没有要修改的内容");
		goto done;
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_update(r->app->store, XF_LR_RISK, r->id, set,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "risk_update",
	    "risk", r->id, NULL, json_incref(set), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_RISK, r->id,
	    &r->err)) == NULL)
		goto done;
	risk_flags(r, out);
	xf_reply_json(r, 200, out);
	rc = 0;
done:
	json_decref(set);
	json_decref(cur);
	json_decref(in);
	return rc;
}

static int
api_risks(xf_req *r)
{
	static const char *const bools[] = { "false", "true", NULL };
	int64_t unit = 0;
	json_t *w = json_object(), *l = NULL, *out = NULL, *o;
	size_t i;
	int flagged, rc = -1;

	if (query_unit(r, &unit) == -1 ||
	    (flagged = xf_query_enum(&r->query, "flagged", bools,
	    &r->err)) == -2 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if ((l = scoped_list(r, XF_LR_RISK, unit, w)) == NULL)
		goto done;
	out = json_array();
	json_array_foreach(l, i, o) {
		risk_flags(r, o);
		if (flagged == 1 && json_array_size(json_object_get(o,
		    "flags")) == 0)
			continue;
		json_array_append(out, o);
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items", out));
	out = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	json_decref(out);
	return rc;
}

/* POST /api/v1/leadership/risks/{id}/cases {"case_id"} — a petition the
 * decision caused (第十四条（一）). */
static int
api_risk_link(xf_req *r)
{
	json_t *rec = link_case(r, XF_LR_RISK, XF_LL_RISK_CASE, "决策事项",
	    "risk_link", "risk", "该信访件已关联此决策");

	if (rec == NULL)
		return -1;
	risk_flags(r, rec);
	return xf_reply_json(r, 200, rec);
}

/* ---- 矛盾纠纷排查 ------------------------------------------------------------------ */

static int
issue_fields(xf_req *r, json_t *o, int64_t screening, xf_date held,
    json_t **rec)
{
	static const char *const keys[] = { "description", "owner",
		"owner_user_id", "due", NULL };
	const char *desc, *owner;
	int64_t ou = 0;
	xf_date due = XF_DATE_NONE;
	xf_user u;

	if (!json_is_object(o))
		return xf_error_set(&r->err, XF_E_INVALID, "issues",
		    "问题须为对象");
	if (xf_json_only(o, keys, &r->err) == -1 ||
	    xf_json_str(o, "description", 1, TEXT_MAX, 1, &desc,
	    &r->err) != 0 ||
	    xf_json_str(o, "owner", 1, 64, 0, &owner, &r->err) != 0 ||
	    xf_json_int(o, "owner_user_id", 0, 1, INT64_MAX, &ou,
	    &r->err) == -1 ||
	    xf_json_date(o, "due", 0, &due, &r->err) == -1)
		return -1;
	if (ou && (xf_store_user_get(r->app->store, ou, &u, &r->err) != 0 ||
	    !xf_scope_unit(r, u.unit_id)))
		return xf_error_set(&r->err, XF_E_INVALID, "owner_user_id",
		    "用户不存在");
	/* An issue found on the screening day is due on or after it. */
	if (due != XF_DATE_NONE && held != XF_DATE_NONE && due < held)
		return xf_error_set(&r->err, XF_E_INVALID, "due",
		    "化解期限不能早于排查日期");
	*rec = json_pack("{s:I,s:s,s:s,s:o,s:o,s:s}", "screening_id",
	    (json_int_t)screening, "description", desc, "owner", owner,
	    "owner_user_id", ou ? json_integer(ou) : json_null(), "due",
	    jdate(due), "state", "open");
	return 0;
}

static json_t *
screening_full(xf_req *r, json_t *s)
{
	json_t *w = json_pack("{s:I}", "screening_id", (json_int_t)jint(s, "id"));
	json_t *l = xf_store_lr_list(r->app->store, XF_LR_ISSUE, w, NULL, NULL,
	    NULL);

	json_t *v;
	size_t i;

	json_decref(w);
	/* An open issue past its due date says so (第五条: 排查化解). */
	json_array_foreach(l, i, v) {
		xf_date due = json_date(json_object_get(v, "due"));
		const char *st = json_string_value(json_object_get(v, "state"));

		json_object_set_new(v, "overdue", json_boolean(due !=
		    XF_DATE_NONE && st != NULL && strcmp(st, "open") == 0 &&
		    due < xf_app_today(r->app)));
	}
	json_object_set_new(s, "issues", l ? l : json_array());
	return s;
}

static int
api_screening_create(xf_req *r)
{
	static const char *const keys[] = { "unit_id", "kind", "held_on",
		"scope", "issues", NULL };
	static const char *const kinds[] = { "periodic", "concentrated", NULL };
	json_t *in = NULL, *rec = NULL, *out = NULL, *issues, *v, *ir;
	const char *scope;
	int64_t unit, id;
	xf_date held;
	size_t i;
	int kind, rc = -1;

	if (xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    unit_field(r, in, "unit_id", &unit) == -1 ||
	    xf_json_enum(in, "kind", 1, kinds, &kind, &r->err) != 0 ||
	    past_date(r, in, "held_on", 1, &held) != 0 ||
	    xf_json_str(in, "scope", 1, TEXT_MAX, 1, &scope, &r->err) != 0)
		goto done;
	issues = json_object_get(in, "issues");
	if (issues != NULL && (!json_is_array(issues) ||
	    json_array_size(issues) > 200)) {
		xf_error_set(&r->err, XF_E_INVALID, "issues",
		    "须为问题列表（至多200条）");
		goto done;
	}
	json_array_foreach(issues, i, v) {
		if (issue_fields(r, v, 0, held, &ir) == -1)
			goto done;
		json_decref(ir);
	}
	rec = json_pack("{s:I,s:s,s:i,s:s}", "unit_id", (json_int_t)unit,
	    "kind", kinds[kind], "held_on", held, "scope", scope);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_insert(r->app->store, XF_LR_SCREENING, rec, &id,
	    &r->err) == -1)
		goto fail;
	json_array_foreach(issues, i, v) {
		int irc;

		issue_fields(r, v, id, held, &ir);
		irc = xf_store_lr_insert(r->app->store, XF_LR_ISSUE, ir, NULL,
		    &r->err);
		json_decref(ir);
		if (irc == -1)
			goto fail;
	}
	if (xf_store_audit(r->app->store, r->user.id, r->ip,
	    "screening_create", "screening", id, NULL, json_incref(in),
	    &r->err) == -1 || xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	if ((out = xf_store_lr_get(r->app->store, XF_LR_SCREENING, id,
	    &r->err)) == NULL)
		goto done;
	xf_reply_json(r, 201, screening_full(r, out));
	rc = 0;
	goto done;
fail:
	xf_store_rollback(r->app->store);
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

static int
api_screenings(xf_req *r)
{
	int64_t unit = 0;
	json_t *w = json_object(), *l = NULL, *o;
	size_t i;
	int rc = -1;

	if (query_unit(r, &unit) == -1 || date_range(r, w, "held_on") == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if ((l = scoped_list(r, XF_LR_SCREENING, unit, w)) == NULL)
		goto done;
	json_array_foreach(l, i, o)
		screening_full(r, o);
	xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
	l = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	return rc;
}

static int
api_issue_add(xf_req *r)
{
	json_t *in = NULL, *s = NULL, *ir = NULL;
	int rc = -1;

	if ((s = visible(r, XF_LR_SCREENING, r->id, "排查记录")) == NULL ||
	    xf_require_role(r, R_KEEP) == -1 || xf_req_json(r, &in) == -1 ||
	    issue_fields(r, in, r->id, json_date(json_object_get(s,
	    "held_on")), &ir) == -1)
		goto done;
	rc = insert_reply(r, XF_LR_ISSUE, ir, "issue_add", "screening");
done:
	json_decref(ir);
	json_decref(s);
	json_decref(in);
	return rc;
}

/* PATCH /api/v1/leadership/issues/{id} {state, resolved_on?} */
static int
api_issue_update(xf_req *r)
{
	static const char *const keys[] = { "state", "resolved_on", NULL };
	static const char *const states[] = { "open", "resolving", "resolved",
		NULL };
	json_t *in = NULL, *is = NULL, *s = NULL, *set = NULL, *out;
	xf_date on = XF_DATE_NONE;
	int state, rc = -1;

	if ((is = xf_store_lr_get(r->app->store, XF_LR_ISSUE, r->id,
	    &r->err)) == NULL)
		goto done;
	if ((s = visible(r, XF_LR_SCREENING, jint(is, "screening_id"),
	    "排查问题")) == NULL || xf_require_role(r, R_KEEP) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_enum(in, "state", 1, states, &state, &r->err) != 0 ||
	    past_date(r, in, "resolved_on", 0, &on) == -1)
		goto done;
	if (state == 2 && on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	if (state == 2 && on < json_date(json_object_get(s, "held_on"))) {
		xf_error_set(&r->err, XF_E_INVALID, "resolved_on",
		    "化解日期不能早于排查日期");
		goto done;
	}
	set = json_pack("{s:s,s:o}", "state", states[state], "resolved_on",
	    state == 2 ? json_integer(on) : json_null());
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_update(r->app->store, XF_LR_ISSUE, r->id, set,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "issue_update",
	    "screening", jint(is, "screening_id"), json_incref(is),
	    json_incref(set), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_ISSUE, r->id,
	    &r->err)) == NULL)
		goto done;
	xf_reply_json(r, 200, out);
	rc = 0;
done:
	json_decref(set);
	json_decref(s);
	json_decref(is);
	json_decref(in);
	return rc;
}

/* ---- 信访工作领导小组 (第五、六条) ------------------------------------------------- */

static json_t *
group_json(xf_req *r, int64_t unit)
{
	json_t *g = xf_store_lr_get(r->app->store, XF_LR_GROUP, unit, NULL);
	json_t *w = json_pack("{s:I}", "unit_id", (json_int_t)unit);
	json_t *m = xf_store_lr_list(r->app->store, XF_LR_MEMBER, w, NULL, NULL,
	    &r->err);

	json_decref(w);
	if (m == NULL) {
		json_decref(g);
		return NULL;
	}
	if (g == NULL)
		g = json_pack("{s:I,s:n,s:n,s:n}", "unit_id", (json_int_t)unit,
		    "head", "office_unit_id", "established_on");
	json_object_set_new(g, "members", m);
	return g;
}

static int
api_group_get(xf_req *r)
{
	json_t *g;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (xf_tree_get(xf_app_tree(r->app), r->id) == NULL ||
	    !xf_scope_unit(r, r->id))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
	if ((g = group_json(r, r->id)) == NULL)
		return -1;
	return xf_reply_json(r, 200, g);
}

/* PUT /api/v1/leadership/groups/{unit} {head, office_unit_id?,
 * established_on?, members:[{name, post, duty, area?, user_id?}]} —
 * replaces the group. One 第一责任人 (the principal, 第五条). */
static int
api_group_put(xf_req *r)
{
	static const char *const keys[] = { "head", "office_unit_id",
		"established_on", "members", NULL };
	static const char *const mkeys[] = { "name", "post", "duty", "area",
		"user_id", NULL };
	static const char *const duties[] = { "first", "direct", "dual",
		"member", NULL };
	json_t *in = NULL, *members, *v, *before = NULL, *g = NULL, *out;
	const char *head, *first = "";
	int64_t office = 0;
	xf_date est = XF_DATE_NONE;
	size_t i;
	int firsts = 0, rc = -1;

	if (xf_tree_get(xf_app_tree(r->app), r->id) == NULL ||
	    !xf_scope_unit(r, r->id)) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
		goto done;
	}
	if (xf_require_role(r, R_LEAD) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "head", 1, 64, 0, &head, &r->err) != 0 ||
	    xf_json_int(in, "office_unit_id", 0, 1, INT64_MAX, &office,
	    &r->err) == -1 ||
	    past_date(r, in, "established_on", 0, &est) == -1)
		goto done;
	if (office && (!xf_scope_unit(r, office) ||
	    xf_tree_authority(xf_app_tree(r->app), office) !=
	    xf_tree_authority(xf_app_tree(r->app), r->id))) {
		xf_error_set(&r->err, XF_E_INVALID, "office_unit_id",
		    "信访工作部门须为本单位或其内设机构");
		goto done;
	}
	members = json_object_get(in, "members");
	if (!json_is_array(members) || json_array_size(members) > 100) {
		xf_error_set(&r->err, XF_E_INVALID, "members",
		    "须为成员列表（至多100人）");
		goto done;
	}
	json_array_foreach(members, i, v) {
		const char *name, *post, *area;
		int duty;
		int64_t uid = 0;
		xf_user u;

		if (!json_is_object(v) || xf_json_only(v, mkeys, &r->err) == -1 ||
		    xf_json_str(v, "name", 1, 64, 0, &name, &r->err) != 0 ||
		    xf_json_str(v, "post", 1, 64, 0, &post, &r->err) != 0 ||
		    xf_json_enum(v, "duty", 1, duties, &duty, &r->err) != 0 ||
		    xf_json_str(v, "area", 0, 200, 0, &area, &r->err) == -1 ||
		    xf_json_int(v, "user_id", 0, 1, INT64_MAX, &uid,
		    &r->err) == -1) {
			if (r->err.code != XF_E_INVALID || !json_is_object(v))
				xf_error_set(&r->err, XF_E_INVALID, "members",
				    "成员格式不正确");
			goto done;
		}
		if (uid && (xf_store_user_get(r->app->store, uid, &u,
		    &r->err) != 0 || !xf_scope_unit(r, u.unit_id))) {
			xf_error_set(&r->err, XF_E_INVALID, "user_id",
			    "用户不存在");
			goto done;
		}
		/* 一岗双责 is always for a named area. */
		if (duty == 2 && (area == NULL || *area == '\0')) {
			xf_error_set(&r->err, XF_E_INVALID, "area",
			    "一岗双责须写明分管领域");
			goto done;
		}
		if (duty == 0)
			first = name;
		firsts += duty == 0;
	}
	if (firsts != 1) {
		xf_error_set(&r->err, XF_E_INVALID, "members",
		    "领导小组须有且只有一名第一责任人（主要负责人）");
		goto done;
	}
	/* 第六条: "由单位主要负责同志为组长". */
	if (strcmp(head, first) != 0) {
		xf_error_set(&r->err, XF_E_INVALID, "head",
		    "组长应由单位主要负责同志即第一责任人（%s）担任", first);
		goto done;
	}
	before = group_json(r, r->id);
	g = json_pack("{s:I,s:s,s:o,s:o}", "unit_id", (json_int_t)r->id, "head",
	    head, "office_unit_id", office ? json_integer(office) : json_null(),
	    "established_on", jdate(est));
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_delete_by(r->app->store, XF_LR_MEMBER, "unit_id", r->id,
	    &r->err) == -1)
		goto fail;
	{
		int drc = xf_store_lr_update(r->app->store, XF_LR_GROUP, r->id,
		    g, &r->err);

		if (drc == -1 || (drc == 1 && xf_store_lr_insert(r->app->store,
		    XF_LR_GROUP, g, NULL, &r->err) == -1))
			goto fail;
	}
	json_array_foreach(members, i, v) {
		json_t *m = json_pack("{s:I,s:O,s:O,s:O,s:s,s:O}", "unit_id",
		    (json_int_t)r->id, "name", json_object_get(v, "name"),
		    "post", json_object_get(v, "post"), "duty",
		    json_object_get(v, "duty"), "area",
		    json_string_value(json_object_get(v, "area")) ?: "",
		    "user_id", json_object_get(v, "user_id") ?: json_null());
		int mrc = xf_store_lr_insert(r->app->store, XF_LR_MEMBER, m, NULL,
		    &r->err);

		json_decref(m);
		if (mrc == -1)
			goto fail;
	}
	if (xf_store_audit(r->app->store, r->user.id, r->ip, "lead_group_put",
	    "unit", r->id, before, json_incref(in), &r->err) == -1) {
		before = NULL;
		goto fail;
	}
	before = NULL;
	if (xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	if ((out = group_json(r, r->id)) == NULL)
		goto done;
	xf_reply_json(r, 200, out);
	rc = 0;
	goto done;
fail:
	xf_store_rollback(r->app->store);
done:
	json_decref(before);
	json_decref(g);
	json_decref(in);
	return rc;
}

const xf_route xf_leadership_routes[] = {
	{ "POST", "/api/v1/cases/{id}/instructions", api_instruct, 0 },
	{ "GET", "/api/v1/cases/{id}/instructions", api_instructions, 0 },
	{ "POST", "/api/v1/cases/{id}/takers", api_take, 0 },
	{ "GET", "/api/v1/cases/{id}/takers", api_takers, 0 },
	{ "POST", "/api/v1/cases/{id}/onsite", api_onsite, 0 },
	{ "GET", "/api/v1/cases/{id}/onsite", api_onsites, 0 },
	{ "GET", "/api/v1/leadership/takers", api_takers_list, 0 },
	{ "GET", "/api/v1/leadership/receptions", api_receptions, 0 },
	{ "POST", "/api/v1/leadership/receptions", api_reception_create, 0 },
	{ "POST", "/api/v1/leadership/receptions/{id}/cases",
	    api_reception_link, 0 },
	{ "GET", "/api/v1/leadership/briefings/missing", api_briefings_missing,
	    0 },
	{ "GET", "/api/v1/leadership/briefings", api_briefings, 0 },
	{ "POST", "/api/v1/leadership/briefings", api_briefing_create, 0 },
	{ "GET", "/api/v1/leadership/risks", api_risks, 0 },
	{ "POST", "/api/v1/leadership/risks", api_risk_create, 0 },
	{ "PATCH", "/api/v1/leadership/risks/{id}", api_risk_update, 0 },
	{ "POST", "/api/v1/leadership/risks/{id}/cases", api_risk_link, 0 },
	{ "GET", "/api/v1/leadership/screenings", api_screenings, 0 },
	{ "POST", "/api/v1/leadership/screenings", api_screening_create, 0 },
	{ "POST", "/api/v1/leadership/screenings/{id}/issues", api_issue_add, 0 },
	{ "PATCH", "/api/v1/leadership/issues/{id}", api_issue_update, 0 },
	{ "GET", "/api/v1/leadership/groups/{id}", api_group_get, 0 },
	{ "PUT", "/api/v1/leadership/groups/{id}", api_group_put, 0 },
	{ NULL, NULL, NULL, 0 },
};

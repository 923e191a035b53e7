/* Supervision (督办) over HTTP (API.md; SPEC §5; 第十一条): the records the
 * scan raises and the ones people raise by hand, the target unit's written
 * reply, closing with a result, the province's queue; the staff
 * notifications of the outbox; the per-unit warning setting.
 *
 * Who sees a record: anyone whose scope (the authority subtree of the
 * user's unit) holds the target unit, the supervising unit, or a unit the
 * case passed through. A school never sees a sibling's. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/cases.h"
#include "api/documents.h"
#include "core/supervise.h"
#include "store/leadership.h"
#include "store/supervision.h"

#define R_SUPERVISE (XF_ROLE_ADMIN | XF_ROLE_OFFICER | XF_ROLE_SUPERVISOR | \
	XF_ROLE_LEADER)
#define R_ANSWER (XF_ROLE_ADMIN | XF_ROLE_OFFICER | XF_ROLE_HANDLER | \
	XF_ROLE_LEADER)
#define TEXT_MAX 4000

/* The caller's scope as a JSON array of unit ids, or NULL when it is the
 * whole tree. Caller frees. */
static char *
scope_json(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int64_t root = xf_tree_authority(t, r->user.unit_id);
	const xf_unit *ru = xf_tree_get(t, root);
	json_t *a;
	char *s;

	if (ru != NULL && ru->parent_id == 0)
		return NULL;
	a = json_array();
	for (size_t i = 0; i < t->n; i++)
		if (xf_tree_within(t, root, t->units[i].id))
			json_array_append_new(a, json_integer(t->units[i].id));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static char *
subtree_json(xf_req *r, int64_t root)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < t->n; i++)
		if (xf_tree_within(t, root, t->units[i].id))
			json_array_append_new(a, json_integer(t->units[i].id));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static int64_t
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Loads a record the caller may see: 404 otherwise (its existence does not
 * leak). */
static json_t *
visible_sv(xf_req *r, int64_t id)
{
	json_t *s = xf_store_sv_get(r->app->store, id, &r->err);
	xf_error saved;

	if (s == NULL)
		return NULL;
	/* The record is about its case: whoever may open the case (it is
	 * in the caller's scope, as the target and the supervisor are, and
	 * is no accusation against the caller's unit) may read it. */
	saved = r->err;
	if (xf_case_visible(r, jint(s, "case_id")) == 0)
		return s;
	r->err = saved;
	json_decref(s);
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "督办记录不存在");
	return NULL;
}

static int64_t
authority_of(xf_req *r, int64_t unit)
{
	return xf_tree_authority(xf_app_tree(r->app), unit);
}

/* Tells a unit's officers and leaders (outbox, shown in the UI). */
static int
notify_unit(xf_req *r, int64_t unit, int64_t case_id, int64_t sv_id,
    const char *kind, const char *subject, const char *body)
{
	xf_msg m;

	memset(&m, 0, sizeof(m));
	m.channel = "staff";
	m.unit_id = authority_of(r, unit);
	m.roles = XF_ROLE_OFFICER | XF_ROLE_LEADER;
	m.case_id = case_id;
	m.supervision_id = sv_id;
	m.kind = kind;
	m.subject = subject;
	m.body = body;
	return xf_store_outbox_add(r->app->store, &m, &r->err) == -1 ? -1 : 0;
}

/* ---- GET /api/v1/supervisions ---------------------------------------------------- */

static int
api_sv_list(xf_req *r)
{
	static const char *const states[] = { "open", "replied", "closed",
		NULL };
	const char *trig = NULL;
	char *scope = NULL, *target = NULL;
	int64_t case_id = 0, unit_id = 0, page = 1, per = 100, total = 0;
	xf_sv_filter f;
	json_t *items = NULL;
	int st, rc = -1;

	if (xf_query_int(&r->query, "case_id", 1, INT64_MAX, 0, &case_id,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit_id,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "page", 1, 1000000, 1, &page,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "per_page", 1, 500, 100, &per,
	    &r->err) == -1 ||
	    (st = xf_query_enum(&r->query, "state", states, &r->err)) == -2)
		return -1;
	trig = xf_query_get(&r->query, "trigger");
	if (trig != NULL && *trig != '\0' && xf_sv_trigger_parse(trig) < 0)
		return xf_error_set(&r->err, XF_E_BAD_REQUEST, "trigger",
		    "未知的督办事由“%s”", trig);
	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (case_id > 0 && xf_case_visible(r, case_id) == -1)
		return -1;
	if (unit_id > 0) {
		if (!xf_scope_unit(r, unit_id))
			return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
			    "单位不存在");
		target = subtree_json(r, unit_id);
	}
	scope = scope_json(r);
	memset(&f, 0, sizeof(f));
	f.case_id = case_id;
	/* Everything about a case the caller may read is shown with it. */
	f.units_json = case_id > 0 ? NULL : scope;
	f.target_json = target;
	f.state = st;
	f.trigger = trig && *trig ? xf_sv_trigger_parse(trig) : -1;
	f.limit = per;
	f.offset = (page - 1) * per;
	if (xf_case_accused_json(r, &f.accused_json) == -1 ||
	    xf_store_sv_list(r->app->store, &f, &items, &total, &r->err) == -1)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o,s:I}", "items", items,
	    "total", (json_int_t)total));
	items = NULL;
	rc = 0;
done:
	json_decref(items);
	free(scope);
	free(target);
	return rc;
}

/* A supervision goes to a unit that holds or held the case (its owner,
 * first unit, lead or co-department, one it passed through) or to the
 * authority of one (第十一条: the 承办单位 answers for it), and of an
 * accusation never to the accused unit or one inside it (SPEC §7): 422
 * on target_unit_id otherwise. A target of 0 (none named) becomes the unit
 * handling the case now. */
static int
check_target(xf_req *r, int64_t case_id, int64_t *target)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int64_t units[64], resp = 0, owner = 0;
	size_t n = 0;
	int flags = 0, held = 0;

	switch (xf_store_case_accused(r->app->store, case_id, &flags, &resp,
	    &owner, &r->err)) {
	case 0:
		break;
	case 1:
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "信访件不存在");
	default:
		return -1;
	}
	if (*target == 0)
		*target = owner;
	if (xf_store_case_units(r->app->store, case_id, units, 64, &n,
	    &r->err) == -1)
		return -1;
	for (size_t i = 0; i < n && !held; i++)
		held = units[i] == *target ||
		    authority_of(r, units[i]) == *target;
	if (!held)
		return xf_error_set(&r->err, XF_E_INVALID, "target_unit_id",
		    "督办对象须为承办或办理过该信访事项的单位");
	if ((flags & XF_CF_CONFIDENTIAL) && resp > 0 &&
	    xf_tree_within(t, resp, *target))
		return xf_error_set(&r->err, XF_E_INVALID, "target_unit_id",
		    "检举控告事项不得向被检举控告单位督办");
	return 0;
}

/* ---- POST /api/v1/supervisions (manual, 第十一条（八）) ---------------------------- */

static int
api_sv_create(xf_req *r)
{
	static const char *const keys[] = { "case_id", "form", "target_unit_id",
		"problem", "suggestions", "reply_due", "date", NULL };
	static const char *const forms[] = { "online", "phone", "letter",
		"interview", "onsite", NULL };
	const char *problem = NULL, *sugg = NULL;
	json_t *in = NULL, *out = NULL;
	xf_date today = xf_app_today(r->app), on = XF_DATE_NONE;
	const xf_unit *tu;
	xf_sv_new n;
	int form = 0, rc = -1;
	char subj[256], num[64];

	memset(&n, 0, sizeof(n));
	n.reply_due = XF_DATE_NONE;
	if (xf_require_role(r, R_SUPERVISE) == -1 || xf_req_json(r, &in) == -1)
		goto done;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_int(in, "case_id", 1, 1, INT64_MAX, &n.case_id,
	    &r->err) != 0 ||
	    xf_json_enum(in, "form", 1, forms, &form, &r->err) != 0 ||
	    xf_json_int(in, "target_unit_id", 0, 1, INT64_MAX,
	    &n.target_unit_id, &r->err) == -1 ||
	    xf_json_str(in, "problem", 1, TEXT_MAX, 1, &problem, &r->err) != 0 ||
	    xf_json_str(in, "suggestions", 0, TEXT_MAX, 1, &sugg,
	    &r->err) == -1 ||
	    xf_json_date(in, "reply_due", 0, &n.reply_due, &r->err) == -1 ||
	    xf_json_date(in, "date", 0, &on, &r->err) == -1)
		goto done;
	if (xf_case_visible(r, n.case_id) == -1 ||
	    xf_case_conflict_guard(r, n.case_id) == -1 ||
	    check_target(r, n.case_id, &n.target_unit_id) == -1)
		goto done;
	tu = xf_tree_get(xf_app_tree(r->app), n.target_unit_id);
	if (tu == NULL || !xf_scope_unit(r, n.target_unit_id)) {
		xf_error_set(&r->err, XF_E_INVALID, "target_unit_id",
		    "督办对象须为本单位或下级单位");
		goto done;
	}
	if (!tu->active) {
		xf_error_set(&r->err, XF_E_INVALID, "target_unit_id",
		    "督办对象单位已撤销或合并");
		goto done;
	}
	if (on == XF_DATE_NONE)
		on = today;
	if (on > today) {
		xf_error_set(&r->err, XF_E_INVALID, "date", "督办日期不能晚于今天");
		goto done;
	}
	if (n.reply_due == XF_DATE_NONE) {
		const xf_calendar *cal = xf_app_cal_rdlock(r->app);
		int crc = xf_sv_reply_due(cal, on, &n.reply_due, &r->err);

		xf_app_cal_unlock(r->app);
		if (crc == -1)
			goto done;
	} else if (n.reply_due <= on) {
		xf_error_set(&r->err, XF_E_INVALID, "reply_due",
		    "反馈期限须晚于督办日期");
		goto done;
	}
	n.trigger = XF_SV_MANUAL;
	n.system = 0;
	n.raised_by = r->user.id;
	n.by_unit_id = authority_of(r, r->user.unit_id);
	n.raised_on = on;
	n.form = (xf_sv_form)form;
	n.missed = XF_DATE_NONE;
	n.problem = problem;
	n.suggestions = sugg;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	xf_store_case_number(r->app->store, n.case_id, num);
	snprintf(subj, sizeof(subj), "督办：信访件%s（%s）", num,
	    xf_sv_form_label(n.form));
	if (xf_store_sv_insert(r->app->store, &n, &r->err) != 0 ||
	    (out = xf_store_sv_get(r->app->store, n.id, &r->err)) == NULL ||
	    xf_store_audit(r->app->store, r->user.id, r->ip,
	    "supervision_create", "supervision", n.id, NULL, json_incref(out),
	    &r->err) == -1 ||
	    notify_unit(r, n.target_unit_id, n.case_id, n.id, "supervision",
	    subj, problem) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_reply_json(r, 201, out);
	out = NULL;
	rc = 0;
done:
	json_decref(in);
	json_decref(out);
	return rc;
}

/* ---- GET /api/v1/supervisions/{id} ----------------------------------------------- */

static int
api_sv_get(xf_req *r)
{
	json_t *s;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    (s = visible_sv(r, r->id)) == NULL)
		return -1;
	return xf_reply_json(r, 200, s);
}

/* The action's date: today by default, never in the future, never before
 * the record was raised. */
static int
action_date(xf_req *r, json_t *in, json_t *sv, xf_date *on)
{
	xf_date today = xf_app_today(r->app), raised;
	const char *rs = json_string_value(json_object_get(sv, "raised_on"));

	*on = XF_DATE_NONE;
	if (xf_json_date(in, "date", 0, on, &r->err) == -1)
		return -1;
	if (*on == XF_DATE_NONE)
		*on = today;
	if (*on > today)
		return xf_error_set(&r->err, XF_E_INVALID, "date",
		    "日期不能晚于今天");
	if (rs != NULL && xf_date_parse(rs, &raised) == 0 && *on < raised)
		return xf_error_set(&r->err, XF_E_INVALID, "date",
		    "日期不能早于督办日期（%s）", rs);
	return 0;
}

/* ---- POST /api/v1/supervisions/{id}/reply ------------------------------------------- */

static int
api_sv_reply(xf_req *r)
{
	static const char *const keys[] = { "reply", "date", NULL };
	json_t *in = NULL, *sv = NULL, *out = NULL;
	const char *text = NULL;
	xf_date on;
	int rc = -1;
	char subj[256];

	if ((sv = visible_sv(r, r->id)) == NULL ||
	    xf_case_conflict_guard(r, jint(sv, "case_id")) == -1 ||
	    xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "reply", 1, TEXT_MAX, 1, &text, &r->err) != 0 ||
	    action_date(r, in, sv, &on) == -1)
		goto done;
	/* The target unit answers for itself (its departments included). */
	if (!(r->user.roles & XF_ROLE_ADMIN) &&
	    (xf_require_role(r, R_ANSWER) == -1 ||
	    authority_of(r, r->user.unit_id) !=
	    authority_of(r, jint(sv, "target_unit_id")))) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "只有被督办单位可以书面反馈");
		goto done;
	}
	if (strcmp(json_string_value(json_object_get(sv, "state")),
	    "open") != 0) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "该督办已反馈或已办结，不能再反馈");
		goto done;
	}
	snprintf(subj, sizeof(subj), "督办反馈：信访件%s",
	    json_string_value(json_object_get(sv, "case_number")));
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_sv_reply(r->app->store, r->id, text, on, r->user.id,
	    &r->err) == -1 ||
	    (out = xf_store_sv_get(r->app->store, r->id, &r->err)) == NULL ||
	    xf_store_audit(r->app->store, r->user.id, r->ip,
	    "supervision_reply", "supervision", r->id, json_incref(sv),
	    json_incref(out), &r->err) == -1 ||
	    (jint(sv, "by_unit_id") > 0 && notify_unit(r, jint(sv,
	    "by_unit_id"), jint(sv, "case_id"), r->id, "supervision_reply",
	    subj, text) == -1) ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_reply_json(r, 200, out);
	out = NULL;
	rc = 0;
done:
	json_decref(in);
	json_decref(sv);
	json_decref(out);
	return rc;
}

/* ---- POST /api/v1/supervisions/{id}/close -------------------------------------------- */

static int
api_sv_close(xf_req *r)
{
	static const char *const keys[] = { "result", "date", NULL };
	json_t *in = NULL, *sv = NULL, *out = NULL;
	const char *text = NULL;
	int64_t by;
	xf_date on;
	int rc = -1;

	if ((sv = visible_sv(r, r->id)) == NULL ||
	    xf_case_conflict_guard(r, jint(sv, "case_id")) == -1 ||
	    xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "result", 1, TEXT_MAX, 1, &text, &r->err) != 0 ||
	    action_date(r, in, sv, &on) == -1)
		goto done;
	/* The supervising unit closes, or a level above it. */
	by = jint(sv, "by_unit_id");
	if (!(r->user.roles & XF_ROLE_ADMIN) &&
	    (xf_require_role(r, R_SUPERVISE) == -1 || by <= 0 ||
	    !xf_scope_unit(r, by))) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "只有督办单位或其上级可以办结督办");
		goto done;
	}
	if (strcmp(json_string_value(json_object_get(sv, "state")),
	    "closed") == 0) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL, "该督办已办结");
		goto done;
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_sv_close(r->app->store, r->id, text, on, r->user.id, 0,
	    &r->err) == -1 ||
	    (out = xf_store_sv_get(r->app->store, r->id, &r->err)) == NULL ||
	    xf_store_audit(r->app->store, r->user.id, r->ip,
	    "supervision_close", "supervision", r->id, json_incref(sv),
	    json_incref(out), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_reply_json(r, 200, out);
	out = NULL;
	rc = 0;
done:
	json_decref(in);
	json_decref(sv);
	json_decref(out);
	return rc;
}

/* ---- POST /api/v1/supervisions/{id}/letter ---------------------------------------- */

/* Issues the 督办函 of a supervision (第十一条: 发函督办), numbered by the
 * supervising unit, from the record and its case. */
static int
api_sv_letter(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *sv = NULL, *info = NULL, *pets;
	xf_notice_data d;
	xf_case c;
	const xf_unit *target;
	char who[96];
	xf_date reply_due = XF_DATE_NONE;
	int64_t by, doc_id = 0;
	int rc = -1, issued, closed;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    (sv = visible_sv(r, r->id)) == NULL ||
	    xf_case_conflict_guard(r, jint(sv, "case_id")) == -1)
		goto done;
	by = jint(sv, "by_unit_id");
	if (!(r->user.roles & XF_ROLE_ADMIN) &&
	    (xf_require_role(r, R_SUPERVISE) == -1 || by <= 0 ||
	    !xf_scope_unit(r, by))) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "只有督办单位或其上级可以发督办函");
		goto done;
	}
	if (xf_store_case_load(r->app->store, jint(sv, "case_id"), &c, &info,
	    &r->err) != 0)
		goto done;
	target = xf_tree_get(t, jint(sv, "target_unit_id"));
	memset(&d, 0, sizeof(d));
	d.case_number = json_string_value(json_object_get(info, "number"));
	d.summary = json_string_value(json_object_get(info, "title"));
	d.received_on = c.received_on;
	d.channel = xf_channel_name(c.channel);
	/* The letter goes to the supervised unit: an accuser stays unnamed. */
	pets = json_object_get(info, "petitioners");
	if (c.confidential || json_array_size(pets) == 0)
		snprintf(who, sizeof(who), "信访人");
	else if (json_array_size(pets) == 1 && c.headcount <= 1)
		snprintf(who, sizeof(who), "%s", json_string_value(
		    json_object_get(json_array_get(pets, 0), "name")));
	else
		snprintf(who, sizeof(who), "%s等%d人", json_string_value(
		    json_object_get(json_array_get(pets, 0), "name")),
		    c.headcount > (int)json_array_size(pets) ? c.headcount :
		    (int)json_array_size(pets));
	d.petitioner = who;
	d.to_unit = target ? target->name : NULL;
	d.trigger = json_string_value(json_object_get(sv, "trigger"));
	d.form = "letter";
	d.problem = json_string_value(json_object_get(sv, "problem"));
	d.suggestions = json_string_value(json_object_get(sv, "suggestions"));
	if (d.suggestions == NULL || *d.suggestions == '\0')
		d.suggestions = "请依法及时办理，并将办理情况书面反馈。";
	if (json_string_value(json_object_get(sv, "reply_due")) != NULL)
		xf_date_parse(json_string_value(json_object_get(sv, "reply_due")),
		    &reply_due);
	d.reply_due = reply_due;
	closed = json_string_value(json_object_get(sv, "state")) != NULL &&
	    strcmp(json_string_value(json_object_get(sv, "state")),
	    "closed") == 0;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	issued = xf_docs_supervision_letter(r->app, r->id, c.id, by > 0 ? by :
	    r->user.unit_id, xf_app_today(r->app), &d, &doc_id, &r->err);
	if (issued == 1) {
		/* Issued before: the same letter, nothing new numbered. */
		xf_store_rollback(r->app->store);
	} else if (issued == 0 && closed) {
		xf_store_rollback(r->app->store);
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "督办已办结，不再发督办函");
		goto done;
	} else if (issued == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "supervision_letter",
	    "supervision", r->id, NULL, json_pack("{s:I}", "document_id",
	    (json_int_t)doc_id), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	{
		xf_doc_meta m;

		if (xf_docs_get(r->app, doc_id, &m, &r->err) != 0)
			goto done;
		xf_reply_json(r, issued == 1 ? 200 : 201, json_pack(
		    "{s:I,s:s,s:s}", "document_id", (json_int_t)doc_id,
		    "number", m.number, "kind", "supervision_letter"));
	}
	rc = 0;
done:
	json_decref(info);
	json_decref(sv);
	return rc;
}

/* ---- GET /api/v1/supervisions/queue ----------------------------------------------------- */

static int
api_sv_queue(xf_req *r)
{
	int64_t days = 30, hot_min = 10, limit = 200;
	json_t *items = NULL, *hot = NULL;
	char *scope = NULL, *hj = NULL;
	xf_date since;
	int rc = -1;

	if (xf_require_role(r, R_SUPERVISE | XF_ROLE_VIEWER) == -1 ||
	    xf_query_int(&r->query, "days", 1, 366, 30, &days, &r->err) == -1 ||
	    xf_query_int(&r->query, "hot_min", 1, 100000, 10, &hot_min,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "limit", 1, 1000, 200, &limit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	since = xf_app_today(r->app) - (xf_date)days;
	scope = scope_json(r);
	if (xf_store_sv_hot_categories(r->app->store, since, (int)hot_min, &hot,
	    &r->err) == -1)
		goto done;
	hj = json_array_size(hot) > 0 ? json_dumps(hot, JSON_COMPACT) : NULL;
	if (xf_store_sv_queue(r->app->store, scope, hj, since, limit, &items,
	    &r->err) == -1)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o,s:o,s:I}", "items", items,
	    "hot_categories", hot, "total", (json_int_t)json_array_size(items)));
	items = hot = NULL;
	rc = 0;
done:
	json_decref(items);
	json_decref(hot);
	free(scope);
	free(hj);
	return rc;
}

/* ---- notifications --------------------------------------------------------------------- */

static int
api_notifications(xf_req *r)
{
	static const char *const bools[] = { "false", "true", NULL };
	int64_t limit = 100, unread = 0;
	json_t *items = NULL;
	int only;

	if ((only = xf_query_enum(&r->query, "unread", bools, &r->err)) == -2 ||
	    xf_query_int(&r->query, "limit", 1, 500, 100, &limit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (xf_store_outbox_for_user(r->app->store, r->user.id,
	    authority_of(r, r->user.unit_id), r->user.roles, only == 1, limit,
	    &items, &unread, &r->err) == -1) {
		json_decref(items);
		return -1;
	}
	return xf_reply_json(r, 200, json_pack("{s:o,s:I}", "items", items,
	    "unread", (json_int_t)unread));
}

static int
api_notification_read(xf_req *r)
{
	int rc;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	rc = xf_store_outbox_mark_read(r->app->store, r->user.id,
	    authority_of(r, r->user.unit_id), r->user.roles, r->id, &r->err);
	if (rc == -1)
		return -1;
	if (rc == 1)
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "通知不存在");
	return xf_reply_json(r, 200, json_pack("{s:I,s:b}", "id",
	    (json_int_t)r->id, "read", 1));
}

/* ---- the per-unit warning setting (预警, SPEC §4) ----------------------------------------- */

static int
api_warning_get(xf_req *r)
{
	int days;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (xf_tree_get(xf_app_tree(r->app), r->id) == NULL ||
	    !xf_scope_unit(r, r->id))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
	if (xf_store_warn_days(r->app->store, r->id, &days, &r->err) == -1)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:I,s:i,s:i}", "unit_id",
	    (json_int_t)r->id, "days", days, "default",
	    XF_SV_WARN_DAYS_DEFAULT));
}

static int
api_warning_put(xf_req *r)
{
	static const char *const keys[] = { "days", NULL };
	json_t *in = NULL;
	int64_t days = -1;
	int before, rc = -1;

	if (xf_tree_get(xf_app_tree(r->app), r->id) == NULL ||
	    !xf_scope_unit(r, r->id))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "单位不存在");
	if (xf_require_role(r, XF_ROLE_ADMIN | XF_ROLE_LEADER) == -1 ||
	    xf_req_json(r, &in) == -1)
		goto done;
	if (xf_json_only(in, keys, &r->err) == -1)
		goto done;
	if (!json_is_null(json_object_get(in, "days")) &&
	    xf_json_int(in, "days", 1, 0, XF_SV_WARN_DAYS_MAX, &days,
	    &r->err) != 0)
		goto done;
	if (xf_store_warn_days(r->app->store, r->id, &before, &r->err) == -1 ||
	    xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_warn_set_days(r->app->store, r->id, (int)days,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "warning_days",
	    "unit", r->id, json_pack("{s:i}", "days", before),
	    json_pack("{s:i}", "days", days < 0 ? XF_SV_WARN_DAYS_DEFAULT :
	    (int)days), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_reply_json(r, 200, json_pack("{s:I,s:i,s:i}", "unit_id",
	    (json_int_t)r->id, "days", days < 0 ? XF_SV_WARN_DAYS_DEFAULT :
	    (int)days, "default", XF_SV_WARN_DAYS_DEFAULT));
	rc = 0;
done:
	json_decref(in);
	return rc;
}

/* ---- operations (admin): the outbox and the scheduler's runs ----------------------- */

static int
api_outbox(xf_req *r)
{
	static const char *const states[] = { "queued", "sent", NULL };
	int64_t limit = 100;
	json_t *items = NULL;
	int st;

	/* The province's messages: petitioners' phone numbers and case
	 * numbers of every unit, so the province's admin only. */
	if (xf_require_province_admin(r) == -1 ||
	    (st = xf_query_enum(&r->query, "state", states, &r->err)) == -2 ||
	    xf_query_int(&r->query, "limit", 1, 1000, 100, &limit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (xf_store_outbox_list(r->app->store, st >= 0 ? states[st] : NULL,
	    limit, &items, &r->err) == -1) {
		json_decref(items);
		return -1;
	}
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int
api_jobs_runs(xf_req *r)
{
	int64_t limit = 100;
	json_t *items = NULL;

	if (xf_require_role(r, XF_ROLE_ADMIN) == -1 ||
	    xf_query_int(&r->query, "limit", 1, 1000, 100, &limit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (xf_store_jobs_runs(r->app->store, limit, &items, &r->err) == -1) {
		json_decref(items);
		return -1;
	}
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

const xf_route xf_supervision_routes[] = {
	{ "GET", "/api/v1/supervisions", api_sv_list, 0 },
	{ "POST", "/api/v1/supervisions", api_sv_create, 0 },
	{ "GET", "/api/v1/supervisions/queue", api_sv_queue, 0 },
	{ "POST", "/api/v1/supervisions/{id}/letter", api_sv_letter, 0 },
	{ "GET", "/api/v1/supervisions/{id}", api_sv_get, 0 },
	{ "POST", "/api/v1/supervisions/{id}/reply", api_sv_reply, 0 },
	{ "POST", "/api/v1/supervisions/{id}/close", api_sv_close, 0 },
	{ "GET", "/api/v1/notifications", api_notifications, 0 },
	{ "POST", "/api/v1/notifications/{id}/read", api_notification_read, 0 },
	{ "GET", "/api/v1/units/{id}/warning", api_warning_get, 0 },
	{ "PUT", "/api/v1/units/{id}/warning", api_warning_put, 0 },
	{ "GET", "/api/v1/outbox", api_outbox, 0 },
	{ "GET", "/api/v1/jobs/runs", api_jobs_runs, 0 },
	{ NULL, NULL, NULL, 0 },
};

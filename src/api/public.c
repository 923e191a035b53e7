/* The petitioner's portal API (no login, SPEC §8): submit an online
 * petition, look a case up with its number and query code, rate the answer,
 * ask for 复查/复核 inside the window. Lookups are rate-limited per address
 * and a wrong pair reveals nothing (the same 404 as an unknown number). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "attachments.h"
#include "cases.h"
#include "core/period.h"

#define EVAL_WINDOW_DAYS 30	/* SPEC §3: an open window after delivery */

static xf_ratelimit *lookups, *failures, *submits;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;

static void
make_limits(void)
{
	/* Per address. A query code has 40 bits: 30 wrong guesses per 10
	 * minutes make guessing hopeless, while a family behind one NAT can
	 * still mistype a few times. */
	lookups = xf_ratelimit_new(600, 600);	/* any lookup */
	failures = xf_ratelimit_new(30, 600);	/* wrong number/code pairs */
	submits = xf_ratelimit_new(30, 3600);	/* new petitions and uploads */
}

/* rl is passed by address: the limiters exist only after make_limits. */
static int
limited(xf_req *r, xf_ratelimit **rl, int count)
{
	int64_t wait;

	pthread_once(&limits_once, make_limits);
	wait = count ? xf_ratelimit_hit(*rl, r->ip) :
	    xf_ratelimit_check(*rl, r->ip);
	if (wait > 0 && (r->retry_after = wait) > 0)
		return xf_error_set(&r->err, XF_E_RATE, NULL,
		    "操作过于频繁，请 %lld 分钟后再试", (long long)(wait + 59) / 60);
	return 0;
}

/* The portal acts as a petitioner addressed to a unit. */
static void
petitioner_user(int64_t unit_id, xf_user *u)
{
	memset(u, 0, sizeof(*u));
	u->unit_id = unit_id;
	u->roles = XF_ROLE_PETITIONER;
	u->active = 1;
	snprintf(u->username, sizeof(u->username), "portal");
	snprintf(u->name, sizeof(u->name), "信访人（网上）");
}

/* POST /api/v1/public/petitions */
static int
api_submit(xf_req *r)
{
	static const char *const keys[] = { "unit_id", "class", "category",
		"purpose", "region", "title", "content", "petitioner",
		"petitioners", "headcount", "respondent", "channel",
		"received_on", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *in = NULL, *out = NULL, *p;
	int64_t unit = 0;
	const xf_unit *u;
	xf_user pu;
	char today[11];
	int rc = -1;

	if (limited(r, &submits, 0) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_int(in, "unit_id", 0, 1, INT64_MAX, &unit, &r->err) == -1)
		goto done;
	if (unit == 0)
		for (size_t i = 0; i < t->n && unit == 0; i++)
			if (t->units[i].parent_id == 0)
				unit = t->units[i].id;
	u = xf_tree_get(t, unit);
	if (u == NULL || !u->active || strcmp(u->kind, "department") == 0 ||
	    strcmp(u->kind, "discipline") == 0) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id",
		    "请选择受理信访的教育行政部门或学校");
		goto done;
	}
	/* One petitioner object (the person submitting) or a list. */
	p = json_object_get(in, "petitioner");
	if (p != NULL) {
		if (json_object_get(in, "petitioners") != NULL) {
			xf_error_set(&r->err, XF_E_INVALID, "petitioner",
			    "petitioner 与 petitioners 只能提供一个");
			goto done;
		}
		json_object_set_new(in, "petitioners", json_pack("[O]", p));
		json_object_del(in, "petitioner");
	} else if (json_object_get(in, "petitioners") == NULL)
		json_object_set_new(in, "petitioners", json_array());	/* 匿名 */
	/* A petition through the portal is an online item received today,
	 * whatever the client says. A phone is asked for by the portal page
	 * (to tell the petitioner of progress) but not required: the query
	 * code is the petitioner's way in. */
	if (json_object_get(in, "channel") != NULL &&
	    (!json_is_string(json_object_get(in, "channel")) ||
	    strcmp(json_string_value(json_object_get(in, "channel")),
	    "online") != 0)) {
		xf_error_set(&r->err, XF_E_INVALID, "channel",
		    "信访人自行提交的信访渠道只能是网上（online）");
		goto done;
	}
	/* An accusation addressed to the unit it accuses (or to one inside
	 * it) goes to the authority above that unit: SPEC §7, never routed
	 * to the accused. An internal office (内设机构) is accused with its
	 * authority, whose staff it is (使用手册, 检举控告的保密). The
	 * petitioner's lookup shows where it went. */
	{
		json_t *rs = json_object_get(in, "respondent");
		json_t *ru = json_is_object(rs) ? json_object_get(rs,
		    "unit_id") : NULL;
		const char *cls = json_string_value(json_object_get(in,
		    "class"));
		const xf_unit *acc = json_is_integer(ru) ? xf_tree_get(t,
		    xf_tree_authority(t, json_integer_value(ru))) : NULL;

		if (acc != NULL && cls != NULL && strcmp(cls, "accusation") ==
		    0 && xf_tree_within(t, acc->id, unit)) {
			int64_t up = acc->parent_id > 0 ? xf_tree_authority(t,
			    acc->parent_id) : 0;

			if (up <= 0) {
				xf_error_set(&r->err, XF_E_INVALID, "unit_id",
				    "检举控告不能向被检举控告单位提出，请选择其上级"
				    "教育行政部门");
				goto done;
			}
			unit = up;
		}
	}
	json_object_del(in, "unit_id");
	xf_date_format(xf_app_today(r->app), today);
	json_object_set_new(in, "channel", json_string("online"));
	json_object_set_new(in, "received_on", json_string(today));
	petitioner_user(unit, &pu);
	if ((out = xf_case_register_json(r->app, &pu, r->ip, in, &r->err)) ==
	    NULL) {
		/* Field names of the portal's own shape. */
		if (strncmp(r->err.field, "petitioners[0].", 15) == 0) {
			char f[64];

			snprintf(f, sizeof(f), "petitioner.%.40s",
			    r->err.field + 15);
			snprintf(r->err.field, sizeof(r->err.field), "%s", f);
		}
		goto done;
	}
	limited(r, &submits, 1);
	xf_reply_json(r, 201, json_pack("{s:O,s:O,s:O}", "number",
	    json_object_get(out, "number"), "query_code",
	    json_object_get(out, "query_code"), "received_on",
	    json_object_get(out, "received_on")));
	rc = 0;
done:
	json_decref(out);
	json_decref(in);
	return rc;
}

/* A number or code as typed on a phone into dst (sz bytes): lower case
 * raised, full-width forms (a Chinese keyboard's ＡＢ１２－) made ASCII,
 * spaces (also the ideographic one) dropped — the receipt prints them as
 * they are stored, upper-case ASCII. -1 if the result does not fit. */
static int
typed_copy(char *dst, const char *src, size_t sz)
{
	const unsigned char *q = (const unsigned char *)src;
	size_t n = 0;

	while (*q != '\0') {
		unsigned ch = *q++;

		if (ch == 0xef && (q[0] == 0xbc || q[0] == 0xbd) &&
		    q[1] >= 0x80 && q[1] <= 0xbf) {
			unsigned cp = 0xf000u | (unsigned)(q[0] & 0x3f) << 6 |
			    (unsigned)(q[1] & 0x3f);

			if (cp >= 0xff01 && cp <= 0xff5e) {	/* ！ … ～ */
				ch = cp - 0xfee0;
				q += 2;
			}
		} else if (ch == 0xe3 && q[0] == 0x80 && q[1] == 0x80) {
			q += 2;		/* U+3000 */
			continue;
		}
		if (ch == ' ' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = ch - 'a' + 'A';
		if (n + 1 >= sz)
			return -1;
		dst[n++] = (char)ch;
	}
	dst[n] = '\0';
	return 0;
}

/* Finds the case for a number and code pair, counting failures. */
static int
find_case(xf_req *r, const char *code, xf_case *c, json_t **info)
{
	int64_t id = 0;
	int rc;
	char up[17], num[64];

	if (limited(r, &lookups, 1) == -1 || limited(r, &failures, 0) == -1)
		return -1;
	if (code == NULL || typed_copy(up, code, sizeof(up)) == -1 ||
	    typed_copy(num, r->param, sizeof(num)) == -1)
		goto notfound;
	code = up;
	rc = xf_store_case_by_number(r->app->store, num, &id, &r->err);
	if (rc == -1)
		return -1;
	/* Check the code even for an unknown number's stand-in, so timing
	 * does not tell which of the two was wrong. */
	if (!xf_store_case_check_code(r->app->store, rc == 0 ? id : 0, code) ||
	    rc != 0)
		goto notfound;
	rc = xf_store_case_load(r->app->store, id, c, info, &r->err);
	if (rc != 0)
		return rc == 1 ? xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "未找到该信访事项，请核对编号和查询码") : -1;
	return 0;
notfound:
	limited(r, &failures, 1);
	return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
	    "未找到该信访事项，请核对编号和查询码");
}

static const char *
step_title(const char *action)
{
	static const struct {
		const char *action, *title;
	} t[] = {
		{ "register", "信访事项已登记" },
		{ "transfer", "已转送有权处理的单位" },
		{ "assign", "已交办有权处理的单位" },
		{ "object", "承办单位提出异议，已退回重新转办" },
		{ "not_accept", "不予受理，已告知依法解决的途径" },
		{ "refer", "已转交纪检监察机关" },
		{ "accept", "已受理" },
		{ "extend", "延期办理" },
		{ "pause", "中止办理（听证、鉴定等）" },
		{ "resume", "恢复办理" },
		{ "reply", "已出具信访处理意见书" },
		{ "mediate", "经调解（和解）办结" },
		{ "deliver", "处理意见已送达" },
		{ "execute", "处理意见已执行" },
		{ "request_review", "已申请复查" },
		{ "review_decision", "已出具复查意见书" },
		{ "request_recheck", "已申请复核" },
		{ "recheck_decision", "已出具复核意见书，信访事项终结" },
		{ "close", "已办结" },
		{ "lapse", "期满未申请复查（复核），已办结" },
		{ "handover", "承办单位变更" },
		{ "evaluate", "信访人已评价" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].action, action) == 0)
			return t[i].title;
	return NULL;
}

/* The last day of the rating window: counted as every period of SPEC §4
 * (the day after delivery is day 1; a last day that is not a working day
 * moves to the next working day, as the review request's window does).
 * A year without calendar data is counted on weekends alone. */
static xf_date
eval_last_day(xf_app *app, xf_date delivered)
{
	const xf_calendar *cal;
	xf_period p = { .event = delivered, .days = EVAL_WINDOW_DAYS,
	    .unit = XF_UNIT_CALENDAR };
	xf_error err = { 0 };
	xf_date due = XF_DATE_NONE;
	int prov = 0;

	cal = xf_app_cal_rdlock(app);
	if (xf_period_due(cal, &p, 1, &due, &prov, &err) != 0)
		due = delivered + EVAL_WINDOW_DAYS;
	xf_app_cal_unlock(app);
	return due;
}

/* Is the petitioner's 复查/复核 window open today? As the request action
 * judges it (xf_deadline_late): its last day counts, a provisional one is
 * not held against him. */
static int
window_open(const xf_case *c, xf_dl_kind kind, xf_date today)
{
	const xf_deadline *w = xf_case_open_deadline(c, kind);

	return w != NULL && w->due != XF_DATE_NONE &&
	    !xf_deadline_late(w, today);
}

/* What can be rated now: the delivered decision at the current level, inside
 * the window, not yet rated. */
static int
can_evaluate(xf_app *app, const xf_case *c, json_t *evals)
{
	json_t *v;
	size_t i;

	if (c->reply_level == XF_LEVEL_NONE || c->delivered_on == XF_DATE_NONE)
		return 0;
	if (xf_app_today(app) > eval_last_day(app, c->delivered_on))
		return 0;
	json_array_foreach(evals, i, v)
		if (strcmp(json_string_value(json_object_get(v, "level")),
		    xf_reply_level_name(c->reply_level)) == 0)
			return 0;
	return 1;
}

json_t *xf_docs_list(xf_app *app, int64_t case_id, int petitioner_view,
    xf_error *err) __attribute__((weak));
int xf_docs_render(xf_app *app, int64_t doc_id, const char *query_code,
    unsigned char **pdf, size_t *len, xf_error *err) __attribute__((weak));

/* GET /api/v1/public/documents/{id}?code= — a notice addressed to the
 * petitioner (受理告知书, 处理意见书, …) as PDF, for the code of its case
 * (SPEC §8). Anything else, a wrong code included, is the same 404, and
 * counts as a failed lookup. */
static int
api_public_document(xf_req *r)
{
	const char *code = xf_query_get(&r->query, "code");
	unsigned char *pdf = NULL;
	size_t len = 0;

	if (limited(r, &lookups, 1) == -1 || limited(r, &failures, 0) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (code == NULL || *code == '\0' || strlen(code) > 16 ||
	    xf_docs_render == NULL)
		goto notfound;
	if (xf_docs_render(r->app, r->id, code, &pdf, &len, &r->err) == -1) {
		if (r->err.code == XF_E_NOT_FOUND)
			goto notfound;
		return -1;
	}
	r->status = 200;
	r->bytes = pdf;
	r->bytes_len = len;
	r->content_type = "application/pdf";
	r->disposition = xf_arena_printf(&r->arena,
	    "inline; filename=\"notice-%lld.pdf\"", (long long)r->id);
	return 0;
notfound:
	limited(r, &failures, 1);
	return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
	    "未找到该文书，请核对查询码");
}

/* GET /api/v1/public/cases/{number}?code= */
static int
api_lookup(xf_req *r)
{
	const char *code = xf_query_get(&r->query, "code");
	json_t *info = NULL, *events = NULL, *steps, *evals = NULL, *docs, *e,
	    *out;
	xf_case c;
	size_t i;
	int rc = -1;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    find_case(r, code, &c, &info) == -1)
		goto done;
	if ((events = xf_store_case_events(r->app->store, c.id, &r->err)) ==
	    NULL || (evals = xf_store_eval_list(r->app->store, c.id,
	    &r->err)) == NULL)
		goto done;
	steps = json_array();
	json_array_foreach(events, i, e) {
		const char *act = json_string_value(json_object_get(e, "action"));
		const char *title = step_title(act);

		if (title == NULL)
			continue;
		json_array_append_new(steps, json_pack("{s:O,s:s,s:s,s:O}",
		    "date", json_object_get(e, "date"), "action", act,
		    "title", title, "detail", json_object_get(e, "summary")));
	}
	docs = xf_docs_list != NULL ? xf_docs_list(r->app, c.id, 1, NULL) :
	    NULL;
	json_array_foreach(docs, i, e) {
		/* Where the petitioner downloads it; size and hash only once
		 * known (the lookup does not render). */
		json_object_set_new(e, "url", json_sprintf(
		    "/api/v1/public/documents/%lld?code=%s", (long long)
		    json_integer_value(json_object_get(e, "id")), code));
		if (json_is_null(json_object_get(e, "sha256"))) {
			json_object_del(e, "sha256");
			json_object_del(e, "bytes");
		}
	}
	out = json_pack("{s:O,s:s,s:s,s:o,s:O,s:o,s:o,s:o,s:b}",
	    "number", json_object_get(info, "number"),
	    "status", xf_status_name(c.status),
	    "status_label", xf_status_label(c.status),
	    "received_on", xf_json_date_value(c.received_on),
	    "title", json_object_get(info, "title"),
	    "steps", steps,
	    "documents", docs ? docs : json_array(),
	    "evaluations", json_incref(evals),
	    "can_evaluate", can_evaluate(r->app, &c, evals));
	json_object_set_new(out, "can_request_review", json_boolean(
	    xf_case_action_offered(r->app, &c, XF_ACT_REQUEST_REVIEW) &&
	    window_open(&c, XF_DL_REVIEW_REQUEST, xf_app_today(r->app))));
	json_object_set_new(out, "can_request_recheck", json_boolean(
	    xf_case_action_offered(r->app, &c, XF_ACT_REQUEST_RECHECK) &&
	    window_open(&c, XF_DL_RECHECK_REQUEST, xf_app_today(r->app))));
	{
		const xf_deadline *w = xf_case_open_deadline(&c,
		    XF_DL_REVIEW_REQUEST);

		if (w == NULL)
			w = xf_case_open_deadline(&c, XF_DL_RECHECK_REQUEST);
		json_object_set_new(out, "request_deadline",
		    xf_json_date_value(w ? w->due : XF_DATE_NONE));
	}
	{
		/* The petitioner's own materials (names and sizes only). */
		json_t *all = xf_store_attachments(r->app->store, c.id, NULL),
		    *mine = json_array(), *v;
		size_t k;

		json_array_foreach(all, k, v)
			if (json_is_true(json_object_get(v, "by_petitioner")))
				json_array_append_new(mine, json_pack(
				    "{s:O,s:O,s:O}", "name", json_object_get(v,
				    "name"), "size", json_object_get(v, "size"),
				    "at", json_object_get(v, "at")));
		json_decref(all);
		json_object_set_new(out, "attachments", mine);
	}
	xf_reply_json(r, 200, out);
	rc = 0;
done:
	json_decref(evals);
	json_decref(events);
	json_decref(info);
	return rc;
}

static int
code_from_body(xf_req *r, json_t **in, const char *const *keys,
    const char **code)
{
	if (xf_req_json(r, in) == -1 || xf_json_only(*in, keys, &r->err) == -1 ||
	    xf_json_str(*in, "code", 1, 16, 0, code, &r->err) != 0)
		return -1;
	return 0;
}

/* The unit whose opinion is rated: the one that made the latest decision
 * (the reply, the 复查 or the 复核), whose satisfaction rate it counts in
 * and who answers a 不满意 (SPEC §5 trigger 7). */
static int64_t
rated_unit(const xf_case *c)
{
	int64_t u = c->reply_level == XF_LEVEL_RECHECK ? c->recheck_unit_id :
	    c->reply_level == XF_LEVEL_REVIEW ? c->review_unit_id :
	    c->reply_unit_id;

	return u > 0 ? u : c->unit_id;
}

/* POST /api/v1/public/cases/{number}/evaluation */
static int
api_evaluate(xf_req *r)
{
	static const char *const keys[] = { "code", "rating", "comment", NULL };
	static const char *const ratings[] = { "satisfied",
		"basically_satisfied", "dissatisfied", NULL };
	json_t *in = NULL, *info = NULL, *evals = NULL;
	const char *code, *comment = NULL;
	xf_lc_result res;
	xf_case c;
	int64_t eid;
	int rating, rc = -1;

	if (code_from_body(r, &in, keys, &code) == -1 ||
	    xf_json_enum(in, "rating", 1, ratings, &rating, &r->err) != 0 ||
	    xf_json_str(in, "comment", 0, 1000, 1, &comment, &r->err) == -1 ||
	    find_case(r, code, &c, &info) == -1)
		goto done;
	if ((evals = xf_store_eval_list(r->app->store, c.id, &r->err)) == NULL)
		goto done;
	if (!can_evaluate(r->app, &c, evals)) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    c.status == XF_ST_NOT_ACCEPTED ||
		    c.status == XF_ST_TRANSFERRED || c.status == XF_ST_REFERRED ?
		    "该事项没有出具处理意见，不能评价" :
		    c.delivered_on == XF_DATE_NONE ?
		    "处理意见尚未送达，暂不能评价" :
		    "该答复已评价或已超过评价期限");
		goto done;
	}
	memset(&res, 0, sizeof(res));
	snprintf(res.action, sizeof(res.action), "evaluate");
	res.date = xf_app_today(r->app);
	res.from_unit_id = res.to_unit_id = c.unit_id;
	res.from_status = res.to_status = c.status;
	snprintf(res.summary, sizeof(res.summary), "信访人评价：%s",
	    rating == 0 ? "满意" : rating == 1 ? "基本满意" : "不满意");
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_eval_add(r->app->store, c.id, (int)c.reply_level,
	    ratings[rating], comment, res.date, rated_unit(&c), &eid,
	    &r->err) == -1 ||
	    xf_store_event_add(r->app->store, c.id, &res, 0, 0,
	    json_pack("{s:s,s:s?}", "rating", ratings[rating], "comment",
	    comment), &r->err) == -1 ||
	    xf_store_audit(r->app->store, 0, r->ip, "evaluate", "case", c.id,
	    NULL, json_pack("{s:s}", "rating", ratings[rating]),
	    &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		if (r->err.code == XF_E_CONFLICT)
			xf_error_set(&r->err, XF_E_TRANSITION, NULL,
			    "该答复已评价");
		goto done;
	}
	xf_reply_json(r, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)eid,
	    "rating", ratings[rating], "level",
	    xf_reply_level_name(c.reply_level)));
	rc = 0;
done:
	json_decref(evals);
	json_decref(info);
	json_decref(in);
	return rc;
}

/* POST /api/v1/public/cases/{number}/request {"code","kind":"review|recheck"} */
static int
api_request(xf_req *r)
{
	static const char *const keys[] = { "code", "kind", "reason", NULL };
	static const char *const kinds[] = { "review", "recheck", NULL };
	json_t *in = NULL, *info = NULL;
	const char *code, *reason = NULL;
	xf_action a;
	xf_lc_result res;
	xf_user pu;
	xf_case c;
	int kind, rc = -1;

	if (code_from_body(r, &in, keys, &code) == -1 ||
	    xf_json_enum(in, "kind", 1, kinds, &kind, &r->err) != 0 ||
	    xf_json_str(in, "reason", 0, 5000, 1, &reason, &r->err) == -1 ||
	    find_case(r, code, &c, &info) == -1)
		goto done;
	xf_action_init(&a, kind == 0 ? XF_ACT_REQUEST_REVIEW :
	    XF_ACT_REQUEST_RECHECK);
	a.reason = reason;
	petitioner_user(c.unit_id, &pu);
	if (xf_case_door(r->app, &pu, r->ip, c.id, &a, json_pack("{s:s,s:s?}",
	    "by", "petitioner", "reason", reason), &c, &res, &r->err) == -1)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:O,s:s,s:s}", "number",
	    json_object_get(info, "number"), "status", xf_status_name(c.status),
	    "status_label", xf_status_label(c.status)));
	rc = 0;
done:
	json_decref(info);
	json_decref(in);
	return rc;
}

/* POST /api/v1/cases/{id}/evaluations/{id}/answer {"answer"} — the rated
 * unit answers a 不满意 (SPEC §5 trigger 7 watches for it). */
static int
api_answer(xf_req *r)
{
	static const char *const keys[] = { "answer", NULL };
	json_t *in = NULL;
	const char *answer;
	int rc = -1;

	if (xf_require_role(r, XF_ROLE_OFFICER | XF_ROLE_LEADER |
	    XF_ROLE_HANDLER | XF_ROLE_ADMIN) == -1 ||
	    xf_case_visible(r, r->id) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "answer", 1, 5000, 1, &answer, &r->err) != 0)
		goto done;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_eval_answer(r->app->store, r->id2, r->id, answer,
	    xf_app_today(r->app), &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "evaluation_answer",
	    "case", r->id, NULL, json_pack("{s:I}", "evaluation_id",
	    (json_int_t)r->id2), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items",
	    xf_store_eval_list(r->app->store, r->id, NULL)));
	rc = 0;
done:
	json_decref(in);
	return rc;
}

static int
api_evaluations(xf_req *r)
{
	json_t *a;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1)
		return -1;
	if ((a = xf_store_eval_list(r->app->store, r->id, &r->err)) == NULL)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* POST /api/v1/public/cases/{number}/attachments?code= — the petitioner adds
 * materials (the body is the file; X-Filename names it). */
static int
api_public_attach(xf_req *r)
{
	const char *code = xf_query_get(&r->query, "code");
	json_t *info = NULL, *out = NULL;
	xf_case c;
	int rc = -1;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    limited(r, &submits, 0) == -1 || find_case(r, code, &c, &info) == -1)
		goto done;
	if (c.status == XF_ST_CLOSED || c.archived) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "信访事项已办结，不能再补充材料");
		goto done;
	}
	/* No unit of the system handles it any more: nobody would read
	 * what is added. */
	if (c.status == XF_ST_TRANSFERRED || c.status == XF_ST_NOT_ACCEPTED ||
	    c.status == XF_ST_REFERRED) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    c.status == XF_ST_TRANSFERRED ?
		    "信访事项已转送有权处理的机关，请向该机关补充材料" :
		    c.status == XF_ST_REFERRED ?
		    "信访事项已转交纪检监察机关，请向该机关补充材料" :
		    "信访事项不予受理，不能补充材料；请通过告知的途径反映");
		goto done;
	}
	if (xf_attach_upload(r, c.id, 1, &out) == -1)
		goto done;
	limited(r, &submits, 1);
	xf_reply_json(r, 201, out);
	rc = 0;
done:
	json_decref(info);
	return rc;
}

/* GET /api/v1/public/units — where a petition can be addressed. */
static int
api_public_units(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *items = json_array();

	if (xf_query_check_unused(&r->query, &r->err) == -1) {
		json_decref(items);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++) {
		const xf_unit *u = &t->units[i];

		if (!u->active || strcmp(u->kind, "department") == 0 ||
		    strcmp(u->kind, "discipline") == 0)
			continue;
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:o}",
		    "id", (json_int_t)u->id, "name", u->name, "level", u->level,
		    "kind", u->kind, "parent_id", u->parent_id ?
		    json_integer(u->parent_id) : json_null()));
	}
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

const xf_route xf_public_routes[] = {
	{ "POST", "/api/v1/public/petitions", api_submit, XF_ROUTE_PUBLIC },
	{ "GET", "/api/v1/public/units", api_public_units, XF_ROUTE_PUBLIC },
	{ "GET", "/api/v1/public/cases/{s}", api_lookup, XF_ROUTE_PUBLIC },
	{ "GET", "/api/v1/public/documents/{id}", api_public_document,
	    XF_ROUTE_PUBLIC },
	{ "POST", "/api/v1/public/cases/{s}/evaluation", api_evaluate,
	    XF_ROUTE_PUBLIC },
	{ "POST", "/api/v1/public/cases/{s}/request", api_request,
	    XF_ROUTE_PUBLIC },
	{ "POST", "/api/v1/public/cases/{s}/attachments", api_public_attach,
	    XF_ROUTE_PUBLIC | XF_ROUTE_UPLOAD },
	{ "GET", "/api/v1/cases/{id}/evaluations", api_evaluations, 0 },
	{ "POST", "/api/v1/cases/{id}/evaluations/{id}/answer", api_answer, 0 },
	{ NULL, NULL, NULL, 0 },
};

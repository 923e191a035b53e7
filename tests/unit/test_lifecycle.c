/* The case lifecycle (SPEC §3, §4, §7) driven through real actions against a
 * small unit tree, with the official 2025/2026 calendar. */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/lifecycle.h"

static xf_calendar *cal;

static xf_date
D(const char *s)
{
	xf_date d;

	cr_assert_eq(xf_date_parse(s, &d), 0, "bad test date %s", s);
	return d;
}

static const char *
S(xf_date d)
{
	static char ring[8][11];
	static int k;
	char *b = ring[k++ & 7];

	if (d == XF_DATE_NONE)
		return "NONE";
	xf_date_format(d, b);
	return b;
}

static void
setup(void)
{
	xf_error err;

	cal = xf_calendar_new();
	cr_assert_eq(xf_calendar_load_dir(cal, XF_TEST_DATADIR "/calendar",
	    &err), 0, "%s", err.message);
}

static void
teardown(void)
{
	xf_calendar_free(cal);
}

TestSuite(lifecycle, .init = setup, .fini = teardown);

/* ---- the world: a unit tree and some users ----------------------------------- */

enum {
	PROV = 1, PROV_OFFICE = 2, PROV_BASIC = 3, PROV_DISC = 4,
	CITY = 10, CITY_OFFICE = 11,
	COUNTY = 20, COUNTY_HR = 21,
	SCHOOL = 30, SCHOOL2 = 31, SCHOOL_DEPT = 32,
	UNIV = 40, UNIV_DEPT = 41,
	HN_COUNTY = 50, HN_SCHOOL = 51,
	GONE = 60, COUNTY_B = 61,
};

static const struct unit {
	int64_t id;
	const char *name;
	xf_unit_level level;
	xf_unit_kind kind;
	int64_t parent;
	int active;
	const char *profile;
} units[] = {
	{ PROV, "河南省教育厅", XF_ULEVEL_PROVINCE, XF_UKIND_AUTHORITY, 0, 1, "" },
	{ PROV_OFFICE, "省教育厅信访处", XF_ULEVEL_PROVINCE, XF_UKIND_DEPARTMENT, PROV, 1, "" },
	{ PROV_BASIC, "省教育厅基础教育处", XF_ULEVEL_PROVINCE, XF_UKIND_DEPARTMENT, PROV, 1, "" },
	{ PROV_DISC, "驻厅纪检监察组", XF_ULEVEL_PROVINCE, XF_UKIND_DISCIPLINE, PROV, 1, "" },
	{ CITY, "郑州市教育局", XF_ULEVEL_CITY, XF_UKIND_AUTHORITY, PROV, 1, "" },
	{ CITY_OFFICE, "郑州市教育局信访科", XF_ULEVEL_CITY, XF_UKIND_DEPARTMENT, CITY, 1, "" },
	{ COUNTY, "金水区教育局", XF_ULEVEL_COUNTY, XF_UKIND_AUTHORITY, CITY, 1, "" },
	{ COUNTY_HR, "金水区教育局人事科", XF_ULEVEL_COUNTY, XF_UKIND_DEPARTMENT, COUNTY, 1, "" },
	{ SCHOOL, "金水区第一中学", XF_ULEVEL_SCHOOL, XF_UKIND_SCHOOL, COUNTY, 1, "" },
	{ SCHOOL2, "金水区第二小学", XF_ULEVEL_SCHOOL, XF_UKIND_SCHOOL, COUNTY, 1, "" },
	{ SCHOOL_DEPT, "一中教务处", XF_ULEVEL_SCHOOL, XF_UKIND_DEPARTMENT, SCHOOL, 1, "" },
	{ UNIV, "郑州大学", XF_ULEVEL_PROVINCE, XF_UKIND_UNIVERSITY, PROV, 1, "" },
	{ UNIV_DEPT, "郑州大学教务处", XF_ULEVEL_PROVINCE, XF_UKIND_DEPARTMENT, UNIV, 1, "" },
	{ HN_COUNTY, "新郑市教育局", XF_ULEVEL_COUNTY, XF_UKIND_AUTHORITY, CITY, 1, "henan-2012" },
	{ HN_SCHOOL, "新郑市第一中学", XF_ULEVEL_SCHOOL, XF_UKIND_SCHOOL, HN_COUNTY, 1, "henan-2012" },
	{ GONE, "已撤并学校", XF_ULEVEL_SCHOOL, XF_UKIND_SCHOOL, COUNTY, 0, "" },
	{ COUNTY_B, "二七区教育局", XF_ULEVEL_COUNTY, XF_UKIND_AUTHORITY, CITY, 1, "" },
};

static const struct user {
	int64_t id, unit;
	unsigned roles;
} users[] = {
	{ 101, PROV, XF_ROLE_LEADER },
	{ 104, CITY, XF_ROLE_LEADER },
	{ 105, COUNTY, XF_ROLE_OFFICER },
	{ 106, COUNTY, XF_ROLE_LEADER },
	{ 107, COUNTY_HR, XF_ROLE_HANDLER },
	{ 110, COUNTY, XF_ROLE_VIEWER },
	{ 111, COUNTY_HR, XF_ROLE_LEADER },	/* a 科长: not the bureau's leader */
	{ 108, SCHOOL, XF_ROLE_OFFICER | XF_ROLE_HANDLER },
	{ 113, HN_COUNTY, XF_ROLE_LEADER },
};


static int
unit_cb(void *ud, int64_t id, xf_unit_info *out)
{
	size_t i;

	(void)ud;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (units[i].id == id) {
			out->exists = 1;
			out->id = id;
			snprintf(out->name, sizeof(out->name), "%s",
			    units[i].name);
			out->level = units[i].level;
			out->kind = units[i].kind;
			out->parent_id = units[i].parent;
			out->active = units[i].active;
			snprintf(out->profile, sizeof(out->profile), "%s",
			    units[i].profile);
		}
	return 0;
}

static int
user_cb(void *ud, int64_t id, xf_user_info *out)
{
	size_t i;

	(void)ud;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (users[i].id == id) {
			out->exists = 1;
			out->id = id;
			out->unit_id = users[i].unit;
			out->roles = users[i].roles;
		}
	return 0;
}

#define STAFF (XF_ROLE_OFFICER | XF_ROLE_HANDLER | XF_ROLE_LEADER)

static xf_lc_ctx
ctx_as(xf_date today, int64_t unit, unsigned roles)
{
	xf_lc_ctx x;

	memset(&x, 0, sizeof(x));
	x.cal = cal;
	x.today = today;
	x.actor.user_id = 900;
	x.actor.unit_id = unit;
	x.actor.roles = roles;
	x.unit = unit_cb;
	x.user = user_cb;
	return x;
}

/* ---- driving a case ------------------------------------------------------------ */

static void
reg(xf_case *c, int64_t at, const char *received, xf_class cls,
    int64_t respondent)
{
	xf_lc_ctx x = ctx_as(D(received), at, XF_ROLE_OFFICER);
	xf_lc_result r;
	xf_error err;

	xf_case_init(c);
	c->id = 7;
	c->channel = XF_CH_LETTER;
	c->cls = cls;
	c->received_on = D(received);
	c->respondent_unit_id = respondent;
	cr_assert_eq(xf_lifecycle_register(&x, c, &r, &err), 0, "register: %s",
	    err.message);
	cr_assert_str_eq(r.action, "register");
}

/* Tries an action as staff (officer+handler+leader) of the owner, dated
 * `date` (NULL: today = date). */
static int
try_at(xf_case *c, const char *today, xf_action *a, xf_error *err)
{
	xf_lc_ctx x = ctx_as(D(today), c->unit_id, STAFF);
	xf_lc_result r;

	memset(err, 0, sizeof(*err));
	return xf_lifecycle_apply(&x, c, a, &r, err);
}

/* Does it on that day and insists it works. */
static void
must(xf_case *c, const char *day, xf_action *a)
{
	xf_error err;

	a->date = D(day);
	cr_assert_eq(try_at(c, day, a, &err), 0, "%s on %s: %s (%s)",
	    xf_action_name(a->code), day, err.message, err.field);
}

static xf_action
A(xf_action_code code)
{
	xf_action a;

	xf_action_init(&a, code);
	return a;
}

static xf_action
decision(xf_action_code code, xf_outcome o, const char *execute_by)
{
	xf_action a = A(code);

	a.outcome = o;
	a.request = "要求解决子女入学问题";
	a.facts = "经查，情况属实";
	a.decision = "予以支持";
	a.basis = "《义务教育法》第十二条";
	if (execute_by != NULL)
		a.execute_by = D(execute_by);
	return a;
}

static xf_action
delivery(void)
{
	xf_action a = A(XF_ACT_DELIVER);

	a.method = XF_DELIVER_MAIL;
	a.proof = "挂号信 XA123456789CN";
	return a;
}

static xf_action
to_unit(xf_action_code code, int64_t to)
{
	xf_action a = A(code);

	a.to_unit_id = to;
	return a;
}

static const xf_deadline *
dl(const xf_case *c, xf_dl_kind k)
{
	const xf_deadline *d = NULL;
	int i;

	for (i = 0; i < c->ndl; i++)
		if (c->dl[i].kind == k)
			d = &c->dl[i];	/* the newest */
	cr_assert_not_null(d, "no %s deadline", xf_dl_kind_name(k));
	return d;
}

/* ---- the state table: every action in every state ------------------------------------ */

enum row {
	ROW_REGISTERED, ROW_RECEIVED, ROW_TRANSFERRED, ROW_NOT_ACCEPTED,
	ROW_REFERRED, ROW_HANDLING, ROW_PAUSED, ROW_REPLIED, ROW_REVIEW,
	ROW_REVIEWED, ROW_RECHECK, ROW_CLOSED_MEDIATED, ROW_CLOSED_FINAL,
	NROWS
};

static const char *const row_names[NROWS] = {
	"registered", "registered(by transfer)", "transferred", "not_accepted",
	"referred", "handling", "handling(paused)", "replied", "review",
	"reviewed", "recheck", "closed(mediated)", "closed(recheck)",
};

/* Builds a case in that state by real actions; returns "today" for the
 * trial. An accusation against SCHOOL2, handled by COUNTY. */
static const char *
build(xf_case *c, enum row r)
{
	xf_action a;

	if (r == ROW_RECEIVED) {
		reg(c, PROV_OFFICE, "2025-03-03", XF_CLASS_ACCUSATION, SCHOOL2);
		a = to_unit(XF_ACT_TRANSFER, COUNTY);
		must(c, "2025-03-04", &a);
		return "2025-03-05";
	}
	reg(c, COUNTY, "2025-03-03", XF_CLASS_ACCUSATION, SCHOOL2);
	switch (r) {
	case ROW_REGISTERED:
		return "2025-03-04";
	case ROW_TRANSFERRED:
		a = A(XF_ACT_TRANSFER);
		a.to_body = "郑州市人力资源和社会保障局";
		must(c, "2025-03-04", &a);
		return "2025-03-05";
	case ROW_NOT_ACCEPTED:
		a = A(XF_ACT_NOT_ACCEPT);
		a.reason = "已进入诉讼程序";
		a.channel = "诉讼";
		must(c, "2025-03-04", &a);
		return "2025-03-05";
	case ROW_REFERRED:
		a = to_unit(XF_ACT_REFER, PROV_DISC);
		must(c, "2025-03-04", &a);
		return "2025-03-05";
	default:
		break;
	}
	a = A(XF_ACT_ACCEPT);
	must(c, "2025-03-05", &a);
	if (r == ROW_HANDLING)
		return "2025-03-06";
	if (r == ROW_PAUSED) {
		a = A(XF_ACT_PAUSE);
		a.reason = "组织听证";
		must(c, "2025-03-06", &a);
		return "2025-03-07";
	}
	if (r == ROW_CLOSED_MEDIATED) {
		a = A(XF_ACT_MEDIATE);
		must(c, "2025-03-06", &a);
		return "2025-03-07";
	}
	a = decision(XF_ACT_REPLY, XF_OUTCOME_SUPPORT, "2025-04-30");
	must(c, "2025-03-20", &a);
	a = delivery();
	must(c, "2025-03-21", &a);
	if (r == ROW_REPLIED)
		return "2025-03-22";
	a = A(XF_ACT_REQUEST_REVIEW);
	must(c, "2025-03-25", &a);
	if (r == ROW_REVIEW)
		return "2025-03-26";
	a = decision(XF_ACT_REVIEW_DECISION, XF_OUTCOME_SUPPORT, "2025-05-30");
	must(c, "2025-04-10", &a);
	a = delivery();
	must(c, "2025-04-11", &a);
	if (r == ROW_REVIEWED)
		return "2025-04-12";
	a = A(XF_ACT_REQUEST_RECHECK);
	must(c, "2025-04-15", &a);
	if (r == ROW_RECHECK)
		return "2025-04-16";
	a = decision(XF_ACT_RECHECK_DECISION, XF_OUTCOME_REJECT, NULL);
	must(c, "2025-05-06", &a);
	return "2025-05-07";
}

/* A valid request for each action, as far as its own fields go. */
static xf_action
payload(xf_action_code code, const xf_case *c, xf_date today)
{
	xf_action a = A(code);

	switch (code) {
	case XF_ACT_TRANSFER:
		a.to_unit_id = SCHOOL;
		break;
	case XF_ACT_ASSIGN:
		a.to_unit_id = SCHOOL;
		a.report_due = today + 20;
		break;
	case XF_ACT_OBJECT:
		a.reason = "不属于本单位职权范围";
		break;
	case XF_ACT_NOT_ACCEPT:
		a.reason = "已进入诉讼程序";
		a.channel = "诉讼";
		break;
	case XF_ACT_REFER:
		a.to_unit_id = PROV_DISC;
		break;
	case XF_ACT_SET_LEAD:
		a.lead_unit_id = COUNTY_HR;
		break;
	case XF_ACT_EXTEND:
		a.days = 10;
		a.reason = "情况复杂";
		a.approved_by = 106;
		break;
	case XF_ACT_PAUSE:
	case XF_ACT_RESUME:
		a.reason = "听证";
		break;
	case XF_ACT_REPLY:
	case XF_ACT_REVIEW_DECISION:
	case XF_ACT_RECHECK_DECISION:
		a = decision(code, XF_OUTCOME_SUPPORT, NULL);
		a.execute_by = today + 30;
		break;
	case XF_ACT_DELIVER:
		a = delivery();
		break;
	case XF_ACT_CLOSE:
		a.reason = c->status == XF_ST_HANDLING ? "mediated" : "lapsed";
		break;
	default:
		break;
	}
	return a;
}

#define OK 0
#define T XF_E_TRANSITION
#define I XF_E_INVALID

/* Expected answer: OK, or the error code. Columns in xf_action_code order:
 * transfer assign object not_accept refer accept set_lead extend pause
 * resume reply mediate deliver execute request_review review_decision
 * request_recheck recheck_decision close archive. */
static const int expect[NROWS][XF_ACT_COUNT] = {
	/* registered */
	{ OK, OK, T, OK, OK, OK, T, T, T, T, T, T, T, T, T, T, T, T, T, T },
	/* registered, received by transfer: may object */
	{ OK, OK, OK, OK, OK, OK, T, T, T, T, T, T, T, T, T, T, T, T, T, T },
	/* transferred */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T },
	/* not_accepted */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T },
	/* referred */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T },
	/* handling */
	{ T, T, T, T, T, T, OK, OK, OK, T, OK, OK, T, T, T, T, T, T, OK, T },
	/* handling, paused: no decision nor extension until resumed */
	{ T, T, T, T, T, T, OK, T, T, OK, T, T, T, T, T, T, T, T, T, T },
	/* replied (support, delivered): close "lapsed" is early → 422 */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, OK, OK, T, T, T, I, T },
	/* review */
	{ T, T, T, T, T, T, T, T, OK, T, T, T, T, OK, T, OK, T, T, T, T },
	/* reviewed (support, delivered) */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, OK, T, T, OK, T, I, T },
	/* recheck */
	{ T, T, T, T, T, T, T, T, OK, T, T, T, T, OK, T, T, T, OK, T, T },
	/* closed by mediation */
	{ T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, OK },
	/* closed by a recheck decision not yet delivered */
	{ T, T, T, T, T, T, T, T, T, T, T, T, OK, T, T, T, T, T, T, OK },
};

static xf_status
next_status(xf_action_code code, xf_status now)
{
	switch (code) {
	case XF_ACT_NOT_ACCEPT:		return XF_ST_NOT_ACCEPTED;
	case XF_ACT_REFER:		return XF_ST_REFERRED;
	case XF_ACT_ACCEPT:		return XF_ST_HANDLING;
	case XF_ACT_REPLY:		return XF_ST_REPLIED;
	case XF_ACT_MEDIATE:		return XF_ST_CLOSED;
	case XF_ACT_REQUEST_REVIEW:	return XF_ST_REVIEW;
	case XF_ACT_REVIEW_DECISION:	return XF_ST_REVIEWED;
	case XF_ACT_REQUEST_RECHECK:	return XF_ST_RECHECK;
	case XF_ACT_RECHECK_DECISION:	return XF_ST_CLOSED;
	case XF_ACT_CLOSE:		return XF_ST_CLOSED;
	default:			return now;
	}
}

Test(lifecycle, every_action_in_every_state)
{
	int r, k, tried = 0, allowed = 0;

	for (r = 0; r < NROWS; r++) {
		xf_case base;
		const char *today = build(&base, (enum row)r);

		for (k = 0; k < XF_ACT_COUNT; k++) {
			xf_case c = base;
			xf_action a = payload((xf_action_code)k, &c, D(today));
			xf_error err;
			int rc = try_at(&c, today, &a, &err);
			int want = expect[r][k];

			tried++;
			if (want == OK) {
				allowed++;
				cr_expect_eq(rc, 0, "%s in %s: refused: %s (%s)",
				    xf_action_name(k), row_names[r],
				    err.message, err.field);
				if (rc == 0)
					cr_expect_eq(c.status,
					    next_status(k, base.status),
					    "%s in %s: status %s",
					    xf_action_name(k), row_names[r],
					    xf_status_name(c.status));
				cr_expect_eq(xf_lifecycle_allowed(&base, k), 1,
				    "allowed(%s) in %s", xf_action_name(k),
				    row_names[r]);
			} else {
				cr_expect_eq(rc, -1, "%s in %s: accepted",
				    xf_action_name(k), row_names[r]);
				cr_expect_eq(err.code, want,
				    "%s in %s: code %s (%s), want %s",
				    xf_action_name(k), row_names[r],
				    xf_error_code_name(err.code), err.message,
				    xf_error_code_name(want));
				cr_expect(err.message[0] != '\0');
				/* A refusal leaves the case exactly as it was. */
				cr_expect_eq(memcmp(&c, &base, sizeof(c)), 0,
				    "%s in %s changed the case on refusal",
				    xf_action_name(k), row_names[r]);
				if (want == T)
					cr_expect_eq(xf_lifecycle_allowed(&base,
					    k), 0, "allowed(%s) in %s",
					    xf_action_name(k), row_names[r]);
			}
		}
	}
	cr_assert_eq(tried, NROWS * XF_ACT_COUNT);
	cr_assert_gt(allowed, 25);
}

/* ---- SPEC §4 worked examples through the lifecycle ------------------------------------- */

Test(lifecycle, route_and_accept_notice_across_spring_festival)
{
	xf_case c;
	xf_action a;

	reg(&c, PROV_OFFICE, "2025-01-20", XF_CLASS_CLAIM, 0);
	cr_assert_eq(c.unit_id, PROV, "a department never owns a case");
	cr_assert_eq(c.first_unit_id, PROV);
	cr_assert_eq(c.ndl, 1);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->due, D("2025-02-05"), "%s",
	    S(dl(&c, XF_DL_ROUTE)->due));
	cr_assert_str_eq(dl(&c, XF_DL_ROUTE)->profile, "national-2022");
	cr_assert_str_eq(dl(&c, XF_DL_ROUTE)->article,
	    xf_profile_get("national-2022")->limits[XF_DL_ROUTE].article);

	/* Transferred the same day: the receiver's notice clock is the
	 * same 15 days, and the sender's route is met. */
	a = to_unit(XF_ACT_TRANSFER, COUNTY);
	must(&c, "2025-01-20", &a);
	cr_assert_eq(c.unit_id, COUNTY);
	cr_assert_eq(c.from_unit_id, PROV);
	cr_assert_eq(c.first_unit_id, PROV, "首办单位 is kept");
	cr_assert_eq(c.transfer_count, 1);
	cr_assert_eq(c.status, XF_ST_REGISTERED);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->state, XF_DLS_MET);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->met_on, D("2025-01-20"));
	cr_assert_eq(dl(&c, XF_DL_ACCEPT_NOTICE)->due, D("2025-02-05"));
	cr_assert_eq(dl(&c, XF_DL_ACCEPT_NOTICE)->unit_id, COUNTY);
}

Test(lifecycle, objection_window_counts_working_days)
{
	xf_case c;
	xf_action a;
	xf_error err;

	reg(&c, CITY, "2025-01-23", XF_CLASS_CLAIM, 0);
	a = to_unit(XF_ACT_ASSIGN, COUNTY);
	a.report_due = D("2025-03-31");
	must(&c, "2025-01-24", &a);
	cr_assert(c.assigned);
	cr_assert_eq(c.report_due, D("2025-03-31"));
	cr_assert_eq(dl(&c, XF_DL_OBJECTION)->due, D("2025-02-07"), "%s",
	    S(dl(&c, XF_DL_OBJECTION)->due));
	cr_assert_eq(dl(&c, XF_DL_OBJECTION)->unit, XF_UNIT_WORKING);

	/* One day late: still goes back (the late window is supervised),
	 * and the history says it was late; checked on a copy. */
	a = A(XF_ACT_OBJECT);
	a.reason = "不属于本单位职权范围";
	{
		xf_case late = c;
		xf_lc_ctx x = ctx_as(D("2025-02-08"), c.unit_id, STAFF);
		xf_lc_result lr;

		a.date = D("2025-02-08");
		cr_assert_eq(xf_lifecycle_apply(&x, &late, &a, &lr, &err), 0,
		    "%s", err.message);
		a.date = XF_DATE_NONE;
		cr_assert_eq(late.unit_id, CITY);
		cr_assert_eq(dl(&late, XF_DL_OBJECTION)->met_on,
		    D("2025-02-08"));
		cr_assert(strstr(lr.summary, "超过异议期限2025-02-07") != NULL,
		    "%s", lr.summary);
	}

	/* A reason is required. */
	a.reason = "　 ";
	cr_assert_eq(try_at(&c, "2025-02-07", &a, &err), -1);
	cr_assert_str_eq(err.field, "reason");

	/* On the last day it goes back to the sender with a new route clock. */
	a.reason = "不属于本单位职权范围";
	must(&c, "2025-02-07", &a);
	cr_assert_eq(c.unit_id, CITY);
	cr_assert_eq(c.status, XF_ST_REGISTERED);
	cr_assert_eq(dl(&c, XF_DL_OBJECTION)->state, XF_DLS_MET);
	cr_assert_eq(dl(&c, XF_DL_ACCEPT_NOTICE)->state, XF_DLS_CANCELLED);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->state, XF_DLS_OPEN);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->start, D("2025-02-07"));
	cr_assert_eq(c.transfer_count, 2);

	/* The sender cannot object to its own case. */
	cr_assert_eq(try_at(&c, "2025-02-08", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
}

Test(lifecycle, accepting_cancels_the_objection_window)
{
	xf_case c;
	xf_action a;

	reg(&c, CITY, "2025-01-23", XF_CLASS_CLAIM, 0);
	a = to_unit(XF_ACT_TRANSFER, COUNTY);
	must(&c, "2025-01-24", &a);
	a = A(XF_ACT_ACCEPT);
	must(&c, "2025-01-27", &a);
	cr_assert_eq(dl(&c, XF_DL_OBJECTION)->state, XF_DLS_CANCELLED);
	cr_assert_eq(dl(&c, XF_DL_ACCEPT_NOTICE)->state, XF_DLS_MET);
	cr_assert_eq(dl(&c, XF_DL_ACCEPT_NOTICE)->met_on, D("2025-01-27"));
}

static void
handling_since(xf_case *c, const char *accepted)
{
	xf_action a = A(XF_ACT_ACCEPT);

	reg(c, COUNTY, "2025-07-28", XF_CLASS_CLAIM, 0);
	must(c, accepted, &a);
}

static xf_action
extension(int days, int64_t approver)
{
	xf_action a = A(XF_ACT_EXTEND);

	a.days = days;
	a.reason = "涉及多个部门，情况复杂";
	a.approved_by = approver;
	return a;
}

Test(lifecycle, handle_60_days_then_one_90_day_period)
{
	xf_case c;
	xf_action a;
	const xf_deadline *h;

	handling_since(&c, "2025-08-04");
	h = dl(&c, XF_DL_HANDLE);
	cr_assert_eq(h->due, D("2025-10-09"), "%s", S(h->due));
	cr_assert_eq(h->start, D("2025-08-04"));
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->state, XF_DLS_MET);

	a = extension(30, 106);
	must(&c, "2025-10-09", &a);	/* on the due date itself: allowed */
	h = dl(&c, XF_DL_HANDLE);
	cr_assert_eq(h->due, D("2025-11-03"), "%s", S(h->due));
	cr_assert_eq(h->extension, 30);
	cr_assert(c.extended);
	cr_assert_eq(c.approved_by, 106);
	cr_assert(strstr(h->article, "延长") != NULL, "%s", h->article);
}

Test(lifecycle, extension_refusals)
{
	xf_case c;
	xf_action a;
	xf_error err;

	handling_since(&c, "2025-08-04");

	a = extension(31, 106);
	cr_assert_eq(try_at(&c, "2025-09-01", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "days");
	a = extension(0, 106);
	cr_assert_eq(try_at(&c, "2025-09-01", &a, &err), -1);
	cr_assert_str_eq(err.field, "days");

	/* After the due date (2025-10-09): not allowed now (409). */
	a = extension(10, 106);
	cr_assert_eq(try_at(&c, "2025-10-10", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert_str_eq(err.field, "date");

	/* Approvers who are not the bureau's leader. */
	{
		int64_t bad[] = { 105 /* officer */, 111 /* 科长 */,
		    104 /* city leader */, 999 /* nobody */, 0 };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			a = extension(10, bad[i]);
			cr_assert_eq(try_at(&c, "2025-09-01", &a, &err), -1,
			    "approver %lld accepted", (long long)bad[i]);
			cr_assert_eq(err.code, XF_E_INVALID);
			cr_assert_str_eq(err.field, "approved_by");
		}
	}

	/* No reason. */
	a = extension(10, 106);
	a.reason = NULL;
	cr_assert_eq(try_at(&c, "2025-09-01", &a, &err), -1);
	cr_assert_str_eq(err.field, "reason");

	/* Only once. */
	a.reason = "情况复杂";
	must(&c, "2025-09-01", &a);
	a = extension(5, 106);
	cr_assert_eq(try_at(&c, "2025-09-02", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert(strstr(err.message, "一次") != NULL, "%s", err.message);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->extension, 10);
}

/* A pause stops a running clock: not one that has run out (it would no
 * longer be overdue), and no extension while it is stopped (its due date
 * is unknown until resumed); after resuming, both as usual. */
Test(lifecycle, pause_and_extension_around_the_due_date)
{
	xf_case c, last_day;
	xf_action a;
	xf_error err;

	handling_since(&c, "2025-08-04");	/* handle due 2025-10-09 */
	a = A(XF_ACT_PAUSE);
	a.reason = "鉴定";
	cr_assert_eq(try_at(&c, "2025-10-10", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "date");
	cr_assert_eq(c.npauses, 0);
	cr_assert(xf_case_is_overdue(&c, D("2025-10-10")));
	last_day = c;
	must(&last_day, "2025-10-09", &a);	/* on the due date: allowed */
	cr_assert(xf_case_is_paused(&last_day));

	must(&c, "2025-09-30", &a);
	a = extension(10, 106);
	cr_assert_eq(try_at(&c, "2025-10-09", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert_eq(xf_lifecycle_allowed(&c, XF_ACT_EXTEND), 0);

	/* roll(08-04 + 60 + 10 paused) = 10-13, a Monday; extended by 10
	 * on its last day: roll(08-04 + 60 + 10 + 10) = 10-23. */
	a = A(XF_ACT_RESUME);
	a.reason = "鉴定完成";
	must(&c, "2025-10-10", &a);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->due, D("2025-10-13"), "%s",
	    S(dl(&c, XF_DL_HANDLE)->due));
	cr_assert_eq(xf_lifecycle_allowed(&c, XF_ACT_EXTEND), 1);
	a = extension(10, 106);
	must(&c, "2025-10-13", &a);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->due, D("2025-10-23"), "%s",
	    S(dl(&c, XF_DL_HANDLE)->due));
}

Test(lifecycle, simple_procedure_counts_working_days)
{
	xf_case c;
	xf_action a = A(XF_ACT_ACCEPT);

	reg(&c, COUNTY, "2025-09-20", XF_CLASS_CLAIM, 0);
	a.simple = 1;
	must(&c, "2025-09-28", &a);
	cr_assert(c.simple);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->due, D("2025-10-17"), "%s",
	    S(dl(&c, XF_DL_HANDLE)->due));
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->unit, XF_UNIT_WORKING);
	cr_assert_str_eq(dl(&c, XF_DL_HANDLE)->article,
	    xf_profile_get("national-2022")->simple_article);
}

Test(lifecycle, year_end_letter_uses_next_years_calendar)
{
	xf_case c;

	reg(&c, COUNTY, "2025-12-17", XF_CLASS_CLAIM, 0);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->due, D("2026-01-04"), "%s",
	    S(dl(&c, XF_DL_ROUTE)->due));
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->provisional, 0);
}

Test(lifecycle, provisional_due_is_settled_when_the_year_arrives)
{
	xf_case c;
	xf_error err;
	xf_date hol[] = { D("2027-01-01"), D("2027-01-04") };

	cr_assert_eq(xf_calendar_has_year(cal, 2027), 0,
	    "this test needs 2027 to be missing");
	reg(&c, COUNTY, "2026-12-20", XF_CLASS_CLAIM, 0);
	/* 12-20 + 15 = 2027-01-04, a Monday: weekends alone keep it. */
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->due, D("2027-01-04"));
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->provisional, 1);
	cr_assert_eq(xf_lifecycle_recompute(cal, &c, &err), 0);

	cr_assert_eq(xf_calendar_set_year(cal, 2027, hol, 2, NULL, 0, "test",
	    &err), 0, "%s", err.message);
	cr_assert_eq(xf_lifecycle_recompute(cal, &c, &err), 1);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->due, D("2027-01-05"));
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->provisional, 0);
}

/* Reaches `recheck` requested on 2025-09-08 at the province. */
static void
recheck_requested_0908(xf_case *c)
{
	xf_action a = A(XF_ACT_ACCEPT);

	reg(c, COUNTY, "2025-05-06", XF_CLASS_CLAIM, 0);
	must(c, "2025-05-07", &a);
	a = decision(XF_ACT_REPLY, XF_OUTCOME_REJECT, NULL);
	must(c, "2025-05-20", &a);
	a = delivery();
	must(c, "2025-05-21", &a);
	a = A(XF_ACT_REQUEST_REVIEW);
	must(c, "2025-06-03", &a);
	a = decision(XF_ACT_REVIEW_DECISION, XF_OUTCOME_REJECT, NULL);
	must(c, "2025-06-20", &a);
	a = delivery();
	must(c, "2025-08-20", &a);
	a = A(XF_ACT_REQUEST_RECHECK);
	must(c, "2025-09-08", &a);
}

Test(lifecycle, recheck_hearing_pause_added_back)
{
	xf_case c;
	xf_action a;
	xf_error err;

	recheck_requested_0908(&c);
	cr_assert_eq(c.status, XF_ST_RECHECK);
	cr_assert_eq(c.unit_id, PROV, "county → city (复查) → province (复核)");
	cr_assert_eq(c.review_unit_id, CITY);
	/* 09-08 + 30 = 10-08, the last day of the National Day holiday. */
	cr_assert_eq(dl(&c, XF_DL_RECHECK)->due, D("2025-10-09"), "%s",
	    S(dl(&c, XF_DL_RECHECK)->due));

	a = A(XF_ACT_PAUSE);
	a.reason = "组织听证";
	must(&c, "2025-09-15", &a);
	cr_assert(xf_case_is_paused(&c));
	cr_assert_eq(dl(&c, XF_DL_RECHECK)->due, XF_DATE_NONE,
	    "due unknown while paused");
	cr_assert_eq(xf_case_is_overdue(&c, D("2026-06-01")), 0);

	/* No decision while the clock is stopped. */
	a = decision(XF_ACT_RECHECK_DECISION, XF_OUTCOME_REJECT, NULL);
	cr_assert_eq(try_at(&c, "2025-09-16", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);

	/* Resuming before the pause began is refused. */
	a = A(XF_ACT_RESUME);
	a.date = D("2025-09-14");
	cr_assert_eq(try_at(&c, "2025-09-18", &a, &err), -1);
	cr_assert_str_eq(err.field, "date");

	a = A(XF_ACT_RESUME);
	a.reason = "听证结束";
	must(&c, "2025-09-18", &a);
	cr_assert_eq(dl(&c, XF_DL_RECHECK)->due, D("2025-10-11"), "%s",
	    S(dl(&c, XF_DL_RECHECK)->due));
	cr_assert_eq(c.npauses, 1);
	cr_assert_eq(c.pauses[0].kind, XF_DL_RECHECK);

	a = decision(XF_ACT_RECHECK_DECISION, XF_OUTCOME_REJECT, NULL);
	must(&c, "2025-10-10", &a);
	cr_assert_eq(c.status, XF_ST_CLOSED);
	cr_assert_eq(c.close_reason, XF_CLOSE_FINAL);
	cr_assert_eq(dl(&c, XF_DL_RECHECK)->state, XF_DLS_MET);
	cr_assert_eq(dl(&c, XF_DL_DELIVERY)->state, XF_DLS_OPEN);
	a = delivery();
	must(&c, "2025-10-11", &a);
	cr_assert_eq(dl(&c, XF_DL_DELIVERY)->state, XF_DLS_MET);
	cr_assert_eq(c.status, XF_ST_CLOSED);
}

/* ---- decisions ------------------------------------------------------------------------ */

Test(lifecycle, reply_requires_every_part)
{
	static const char *const fields[] = { "request", "facts", "decision",
	    "basis" };
	xf_case c;
	xf_action a;
	xf_error err;
	size_t i;

	handling_since(&c, "2025-08-04");
	for (i = 0; i < 4; i++) {
		a = decision(XF_ACT_REPLY, XF_OUTCOME_EXPLAIN, NULL);
		if (i == 0) a.request = "";
		if (i == 1) a.facts = " \n";
		if (i == 2) a.decision = NULL;
		if (i == 3) a.basis = "\xe3\x80\x80";	/* U+3000 only */
		cr_assert_eq(try_at(&c, "2025-08-20", &a, &err), -1);
		cr_assert_eq(err.code, XF_E_INVALID);
		cr_assert_str_eq(err.field, fields[i]);
	}
	a = decision(XF_ACT_REPLY, XF_OUTCOME_NONE, NULL);
	cr_assert_eq(try_at(&c, "2025-08-20", &a, &err), -1);
	cr_assert_str_eq(err.field, "outcome");
	a = decision(XF_ACT_REPLY, XF_OUTCOME_SUPPORT, NULL);
	cr_assert_eq(try_at(&c, "2025-08-20", &a, &err), -1);
	cr_assert_str_eq(err.field, "execute_by");
	a = decision(XF_ACT_REPLY, XF_OUTCOME_SUPPORT, "2025-08-19");
	cr_assert_eq(try_at(&c, "2025-08-20", &a, &err), -1);
	cr_assert_str_eq(err.field, "execute_by");

	a = decision(XF_ACT_REPLY, XF_OUTCOME_SUPPORT, "2025-09-30");
	must(&c, "2025-08-20", &a);
	cr_assert_eq(c.status, XF_ST_REPLIED);
	cr_assert_eq(c.outcome, XF_OUTCOME_SUPPORT);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->state, XF_DLS_MET);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->met_on, D("2025-08-20"));
	cr_assert_eq(dl(&c, XF_DL_EXECUTE)->due, D("2025-09-30"));
	cr_assert_eq(dl(&c, XF_DL_DELIVERY)->start, D("2025-08-20"));
	cr_assert_eq(dl(&c, XF_DL_DELIVERY)->days,
	    xf_profile_get("national-2022")->limits[XF_DL_DELIVERY].days);

	/* Delivery within 5 days: 08-25 is the last day. */
	cr_assert_eq(xf_case_is_overdue(&c, D("2025-08-25")), 0);
	cr_assert_eq(xf_case_is_overdue(&c, D("2025-08-26")), 1);
	a = delivery();
	must(&c, "2025-08-21", &a);
	cr_assert_eq(xf_case_is_overdue(&c, D("2025-09-30")), 0);
	cr_assert_eq(xf_case_is_overdue(&c, D("2025-10-01")), 1);
	cr_assert_eq(xf_case_deadline_state(dl(&c, XF_DL_EXECUTE),
	    D("2025-10-01")), XF_DLS_OVERDUE);
	a = A(XF_ACT_EXECUTE);
	must(&c, "2025-09-29", &a);
	cr_assert_eq(c.executed_on, D("2025-09-29"));
	cr_assert_eq(xf_case_is_overdue(&c, D("2025-10-01")), 0);
}

Test(lifecycle, deliver_requires_method_and_proof)
{
	xf_case c;
	xf_action a;
	xf_error err;

	handling_since(&c, "2025-08-04");
	a = decision(XF_ACT_REPLY, XF_OUTCOME_REJECT, NULL);
	must(&c, "2025-08-20", &a);
	a = delivery();
	a.method = XF_DELIVER_NONE;
	cr_assert_eq(try_at(&c, "2025-08-21", &a, &err), -1);
	cr_assert_str_eq(err.field, "method");
	a = delivery();
	a.proof = NULL;
	cr_assert_eq(try_at(&c, "2025-08-21", &a, &err), -1);
	cr_assert_str_eq(err.field, "proof");
	a = delivery();
	a.date = D("2025-08-19");	/* before the reply */
	cr_assert_eq(try_at(&c, "2025-08-21", &a, &err), -1);
	cr_assert_str_eq(err.field, "date");
	a = delivery();
	must(&c, "2025-08-21", &a);
	cr_assert_eq(dl(&c, XF_DL_REVIEW_REQUEST)->start, D("2025-08-21"));
	cr_assert_eq(dl(&c, XF_DL_REVIEW_REQUEST)->due, D("2025-09-22"),
	    "08-21 + 30 = 09-20, a Saturday → Monday 09-22");
}

/* ---- 复查/复核: the window and the level above ------------------------------------------ */

/* A case handled and answered by `owner`, delivered on 2025-03-21. */
static void
replied_by(xf_case *c, int64_t registering, int64_t lead)
{
	xf_action a = A(XF_ACT_ACCEPT);

	reg(c, registering, "2025-03-03", XF_CLASS_CLAIM, 0);
	a.lead_unit_id = lead;
	must(c, "2025-03-05", &a);
	a = decision(XF_ACT_REPLY, XF_OUTCOME_EXPLAIN, NULL);
	must(c, "2025-03-20", &a);
	a = delivery();
	must(c, "2025-03-21", &a);
}

Test(lifecycle, late_review_request_refused)
{
	xf_case c;
	xf_action a = A(XF_ACT_REQUEST_REVIEW);
	xf_error err;

	replied_by(&c, COUNTY, 0);
	/* 03-21 + 30 = 04-20 (Sunday) → 04-21. */
	cr_assert_eq(dl(&c, XF_DL_REVIEW_REQUEST)->due, D("2025-04-21"));
	cr_assert_eq(try_at(&c, "2025-04-22", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert(strstr(err.message, "已超过复查申请期限") != NULL, "%s",
	    err.message);
	must(&c, "2025-04-21", &a);
	cr_assert_eq(c.status, XF_ST_REVIEW);
	cr_assert_eq(dl(&c, XF_DL_REVIEW)->due, D("2025-05-21"));
}

Test(lifecycle, review_goes_one_level_above_the_handling_authority)
{
	xf_case c;
	xf_action a = A(XF_ACT_REQUEST_REVIEW);
	xf_error err;

	/* School → county bureau. Registered by the school's 教务处. */
	replied_by(&c, SCHOOL_DEPT, 0);
	cr_assert_eq(c.unit_id, SCHOOL);
	must(&c, "2025-03-25", &a);
	cr_assert_eq(c.unit_id, COUNTY);
	cr_assert_eq(c.reply_unit_id, SCHOOL);

	/* County bureau, with its 人事科 as lead → the city, not the bureau. */
	replied_by(&c, COUNTY, COUNTY_HR);
	cr_assert_eq(c.lead_unit_id, COUNTY_HR);
	cr_assert_eq(c.reply_unit_id, COUNTY);
	must(&c, "2025-03-25", &a);
	cr_assert_eq(c.unit_id, CITY);
	cr_assert_eq(c.lead_unit_id, 0);

	/* A department of the university → the province. */
	replied_by(&c, UNIV, UNIV_DEPT);
	must(&c, "2025-03-25", &a);
	cr_assert_eq(c.unit_id, PROV);

	/* A department of the province: nothing above. */
	replied_by(&c, PROV_OFFICE, PROV_BASIC);
	cr_assert_eq(c.unit_id, PROV);
	cr_assert_eq(try_at(&c, "2025-03-25", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert(strstr(err.message, "最高一级") != NULL, "%s", err.message);
	cr_assert_eq(c.status, XF_ST_REPLIED);
}

Test(lifecycle, henan_profile_has_no_recheck)
{
	xf_case c;
	xf_action a = A(XF_ACT_ACCEPT);
	xf_error err;

	reg(&c, HN_SCHOOL, "2025-03-03", XF_CLASS_CLAIM, 0);
	cr_assert_str_eq(c.profile, "henan-2012");
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->due, D("2025-03-10"),
	    "henan transfer limit: 5 days");
	must(&c, "2025-03-10", &a);
	/* Counted from receipt: 03-03 + 30 = 04-02. */
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->start, D("2025-03-03"));
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->due, D("2025-04-02"));
	/* Up to 90 in all. */
	{
		xf_action e = extension(61, 113);

		cr_assert_eq(try_at(&c, "2025-03-20", &e, &err), -1);
		cr_assert_str_eq(err.field, "days");
	}
	a = decision(XF_ACT_REPLY, XF_OUTCOME_REJECT, NULL);
	must(&c, "2025-03-20", &a);
	a = delivery();
	must(&c, "2025-03-21", &a);
	a = A(XF_ACT_REQUEST_REVIEW);
	must(&c, "2025-03-25", &a);
	cr_assert_eq(c.unit_id, HN_COUNTY);
	a = decision(XF_ACT_REVIEW_DECISION, XF_OUTCOME_REJECT, NULL);
	must(&c, "2025-04-10", &a);
	a = A(XF_ACT_REQUEST_RECHECK);
	cr_assert_eq(try_at(&c, "2025-04-11", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	cr_assert(strstr(err.message, "没有复核程序") != NULL, "%s",
	    err.message);
	/* Delivering the review opinion ends the matter. */
	a = delivery();
	must(&c, "2025-04-11", &a);
	cr_assert_eq(c.status, XF_ST_CLOSED);
	cr_assert_eq(c.close_reason, XF_CLOSE_FINAL);
	a = A(XF_ACT_REQUEST_RECHECK);
	cr_assert_eq(try_at(&c, "2025-04-12", &a, &err), -1);
	cr_assert(strstr(err.message, "没有复核程序") != NULL, "%s",
	    err.message);
}

/* ---- lapse ---------------------------------------------------------------------------- */

Test(lifecycle, lapse_closes_the_day_after_the_window)
{
	xf_case c, before;
	xf_lc_ctx x;
	xf_lc_result r;

	replied_by(&c, COUNTY, 0);
	before = c;
	x = ctx_as(D("2025-04-21"), 0, XF_ROLE_SYSTEM);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 0, "last day: still open");
	cr_assert_eq(memcmp(&c, &before, sizeof(c)), 0);

	x = ctx_as(D("2025-05-10"), 0, XF_ROLE_SYSTEM);	/* scheduler late */
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 1);
	cr_assert_eq(c.status, XF_ST_CLOSED);
	cr_assert_eq(c.close_reason, XF_CLOSE_LAPSED);
	cr_assert_eq(c.closed_on, D("2025-04-22"), "%s", S(c.closed_on));
	cr_assert_str_eq(r.action, "lapse");
	cr_assert_eq(r.date, D("2025-04-22"));
	cr_assert_eq(r.from_status, XF_ST_REPLIED);
	cr_assert_eq(dl(&c, XF_DL_REVIEW_REQUEST)->state, XF_DLS_CANCELLED);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 0, "only once");

	/* The same by hand: close "lapsed" before the day after is refused. */
	{
		xf_action a = A(XF_ACT_CLOSE);
		xf_error err;

		replied_by(&c, COUNTY, 0);
		a.reason = "lapsed";
		cr_assert_eq(try_at(&c, "2025-04-21", &a, &err), -1);
		cr_assert_eq(err.code, XF_E_INVALID);
		must(&c, "2025-04-22", &a);
		cr_assert_eq(c.close_reason, XF_CLOSE_LAPSED);
	}
}

Test(lifecycle, lapse_after_review_uses_the_recheck_window)
{
	xf_case c;
	xf_lc_ctx x;
	xf_lc_result r;
	xf_action a;

	replied_by(&c, COUNTY, 0);
	a = A(XF_ACT_REQUEST_REVIEW);
	must(&c, "2025-03-25", &a);
	x = ctx_as(D("2025-12-31"), 0, XF_ROLE_SYSTEM);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 0, "under review");
	a = decision(XF_ACT_REVIEW_DECISION, XF_OUTCOME_REJECT, NULL);
	must(&c, "2025-04-10", &a);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 0, "not yet delivered");
	a = delivery();
	must(&c, "2025-04-11", &a);
	/* 04-11 + 30 = 05-11, a Sunday → 05-12; lapses 05-13. */
	x = ctx_as(D("2025-05-12"), 0, XF_ROLE_SYSTEM);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 0);
	x = ctx_as(D("2025-05-13"), 0, XF_ROLE_SYSTEM);
	cr_assert_eq(xf_lifecycle_lapse(&x, &c, &r), 1);
	cr_assert_eq(c.closed_on, D("2025-05-13"));
}

/* ---- confidentiality, actors, dates, targets ------------------------------------------- */

Test(lifecycle, accusation_never_routed_into_the_accused_unit)
{
	xf_case c;
	xf_action a;
	xf_error err;

	/* Against the county bureau, received by the city. */
	reg(&c, CITY, "2025-03-03", XF_CLASS_ACCUSATION, COUNTY);
	cr_assert(c.confidential);
	a = to_unit(XF_ACT_TRANSFER, COUNTY);
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "to_unit_id");
	cr_assert_str_eq(err.message, "检举控告事项不得转送、交办给被检举单位");
	/* … nor to a unit inside it. */
	a = to_unit(XF_ACT_ASSIGN, SCHOOL_DEPT);
	a.report_due = D("2025-04-30");
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_str_eq(err.field, "to_unit_id");
	/* A sibling is fine. */
	a = to_unit(XF_ACT_TRANSFER, COUNTY_B);
	must(&c, "2025-03-04", &a);
	cr_assert_eq(c.unit_id, COUNTY_B);

	/* Sent to another bureau's department: the bureau owns it and the
	 * department is its lead unless acceptance names another. */
	reg(&c, CITY, "2025-03-03", XF_CLASS_CLAIM, 0);
	a = to_unit(XF_ACT_TRANSFER, COUNTY_HR);
	must(&c, "2025-03-04", &a);
	cr_assert_eq(c.unit_id, COUNTY);
	cr_assert_eq(c.lead_unit_id, COUNTY_HR);
	a = A(XF_ACT_ACCEPT);
	must(&c, "2025-03-05", &a);
	cr_assert_eq(c.lead_unit_id, COUNTY_HR);

	/* Against a department: that department cannot lead. */
	reg(&c, COUNTY, "2025-03-03", XF_CLASS_ACCUSATION, COUNTY_HR);
	a = A(XF_ACT_ACCEPT);
	a.lead_unit_id = COUNTY_HR;
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_str_eq(err.field, "lead_unit_id");
	a.lead_unit_id = 0;
	must(&c, "2025-03-04", &a);
	cr_assert_eq(c.lead_unit_id, COUNTY);

	/* Not an accusation: no such restriction. */
	reg(&c, CITY, "2025-03-03", XF_CLASS_CLAIM, COUNTY);
	cr_assert(!c.confidential);
	a = to_unit(XF_ACT_TRANSFER, COUNTY);
	must(&c, "2025-03-04", &a);
}

Test(lifecycle, refer_only_accusations_to_discipline)
{
	xf_case c;
	xf_action a;
	xf_error err;

	reg(&c, COUNTY, "2025-03-03", XF_CLASS_CLAIM, 0);
	a = to_unit(XF_ACT_REFER, PROV_DISC);
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
	reg(&c, COUNTY, "2025-03-03", XF_CLASS_ACCUSATION, SCHOOL);
	a = to_unit(XF_ACT_REFER, CITY);
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "to_unit_id");
	a = to_unit(XF_ACT_REFER, PROV_DISC);
	must(&c, "2025-03-04", &a);
	cr_assert_eq(c.status, XF_ST_REFERRED);
	cr_assert_eq(c.unit_id, PROV_DISC);
}

Test(lifecycle, dates_in_the_future_or_before_the_step_refused)
{
	xf_case c;
	xf_action a = A(XF_ACT_ACCEPT);
	xf_error err;

	reg(&c, COUNTY, "2025-03-03", XF_CLASS_CLAIM, 0);
	a.date = D("2025-03-06");
	cr_assert_eq(try_at(&c, "2025-03-05", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "date");
	a.date = D("2025-03-02");
	cr_assert_eq(try_at(&c, "2025-03-05", &a, &err), -1);
	cr_assert_str_eq(err.field, "date");
	/* No date: today. */
	a.date = XF_DATE_NONE;
	cr_assert_eq(try_at(&c, "2025-03-05", &a, &err), 0, "%s", err.message);
	cr_assert_eq(c.accepted_on, D("2025-03-05"));

	/* Registration in the future. */
	{
		xf_lc_ctx x = ctx_as(D("2025-03-05"), COUNTY, XF_ROLE_OFFICER);
		xf_lc_result r;

		xf_case_init(&c);
		c.received_on = D("2025-03-06");
		cr_assert_eq(xf_lifecycle_register(&x, &c, &r, &err), -1);
		cr_assert_str_eq(err.field, "received_on");
	}
}

Test(lifecycle, actors_outside_the_owner_or_without_the_role_refused)
{
	xf_case c, before;
	xf_action a = A(XF_ACT_ACCEPT);
	xf_lc_ctx x;
	xf_lc_result r;
	xf_error err;

	reg(&c, COUNTY, "2025-03-03", XF_CLASS_CLAIM, 0);
	before = c;
	x = ctx_as(D("2025-03-04"), COUNTY, XF_ROLE_VIEWER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), -1);
	cr_assert_eq(err.code, XF_E_FORBIDDEN);
	x = ctx_as(D("2025-03-04"), SCHOOL, XF_ROLE_OFFICER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), -1);
	cr_assert_eq(err.code, XF_E_FORBIDDEN);
	/* A handler may not accept, but may reply once accepted. */
	x = ctx_as(D("2025-03-04"), COUNTY_HR, XF_ROLE_HANDLER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), -1);
	cr_assert_eq(err.code, XF_E_FORBIDDEN);
	cr_assert_eq(memcmp(&c, &before, sizeof(c)), 0);
	/* An officer of the bureau's 信访 department acts for the bureau. */
	x = ctx_as(D("2025-03-04"), COUNTY_HR, XF_ROLE_OFFICER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), 0, "%s",
	    err.message);
	cr_assert_str_eq(r.action, "accept");
	cr_assert_str_eq(r.document, "accept_notice");
	cr_assert_eq(r.from_status, XF_ST_REGISTERED);
	cr_assert_eq(r.to_status, XF_ST_HANDLING);
	cr_assert(strstr(r.summary, "受理") != NULL, "%s", r.summary);
	a = decision(XF_ACT_REPLY, XF_OUTCOME_EXPLAIN, NULL);
	x = ctx_as(D("2025-03-20"), COUNTY_HR, XF_ROLE_HANDLER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), 0, "%s",
	    err.message);
	/* The petitioner asks for review through the portal. */
	a = A(XF_ACT_REQUEST_REVIEW);
	x = ctx_as(D("2025-03-21"), 0, XF_ROLE_PETITIONER);
	cr_assert_eq(xf_lifecycle_apply(&x, &c, &a, &r, &err), 0, "%s",
	    err.message);
	cr_assert_eq(c.unit_id, CITY);
}

Test(lifecycle, targets_unknown_or_abolished)
{
	xf_case c;
	xf_action a;
	xf_error err;

	reg(&c, COUNTY, "2025-03-03", XF_CLASS_CLAIM, 0);
	a = to_unit(XF_ACT_TRANSFER, 9999);
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, "to_unit_id");
	a = to_unit(XF_ACT_TRANSFER, GONE);
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	a = to_unit(XF_ACT_TRANSFER, COUNTY_HR);	/* own department */
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	a = to_unit(XF_ACT_ASSIGN, SCHOOL);		/* no report date */
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_str_eq(err.field, "report_due");
	a = A(XF_ACT_ACCEPT);
	a.lead_unit_id = CITY_OFFICE;			/* not ours */
	cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
	cr_assert_str_eq(err.field, "lead_unit_id");
	a.lead_unit_id = COUNTY_HR;
	{
		int64_t co[] = { SCHOOL, 9999 };

		a.co_unit_ids = co;
		a.nco = 2;
		cr_assert_eq(try_at(&c, "2025-03-04", &a, &err), -1);
		cr_assert_eq(err.code, XF_E_INVALID);
		cr_assert_str_eq(err.field, "co_unit_ids");
		a.nco = 1;
		must(&c, "2025-03-04", &a);
		cr_assert_eq(c.nco, 1);
		cr_assert_eq(c.co_unit_ids[0], SCHOOL);
	}
	/* Moving the lead counts as a move without a decision (推诿). */
	a = A(XF_ACT_SET_LEAD);
	a.lead_unit_id = COUNTY;
	must(&c, "2025-03-05", &a);
	cr_assert_eq(c.transfer_count, 1);
	cr_assert_eq(c.nco, 1, "co-departments kept when not given");
}

Test(lifecycle, handover_to_successor)
{
	xf_case c;
	xf_lc_ctx x = ctx_as(D("2025-03-10"), PROV, XF_ROLE_ADMIN);
	xf_lc_result r;
	xf_error err;
	xf_action a = A(XF_ACT_ACCEPT);

	reg(&c, COUNTY, "2025-03-03", XF_CLASS_CLAIM, 0);
	must(&c, "2025-03-04", &a);
	cr_assert_eq(xf_lifecycle_handover(&x, &c, COUNTY, 9999, &r, &err), -1);
	cr_assert_eq(err.code, XF_E_NOT_FOUND);
	cr_assert_eq(xf_lifecycle_handover(&x, &c, COUNTY, COUNTY_B, &r, &err),
	    0, "%s", err.message);
	cr_assert_eq(c.unit_id, COUNTY_B);
	cr_assert_eq(c.lead_unit_id, COUNTY_B);
	cr_assert_eq(c.first_unit_id, COUNTY, "history kept");
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->unit_id, COUNTY_B);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->due, D("2025-05-06"),
	    "the clock keeps running: 03-04 + 60 = 05-03 (Sat) → 05-06");
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->unit_id, COUNTY, "met: history");
	cr_assert_str_eq(r.action, "handover");
	cr_assert_eq(r.from_unit_id, COUNTY);
	cr_assert_eq(r.to_unit_id, COUNTY_B);
	/* The successor now acts on it. */
	a = decision(XF_ACT_REPLY, XF_OUTCOME_EXPLAIN, NULL);
	must(&c, "2025-03-20", &a);
	cr_assert_eq(c.reply_unit_id, COUNTY_B);
}

Test(lifecycle, many_transfers_keep_a_bounded_deadline_list)
{
	xf_case c;
	xf_action a;
	int i;

	reg(&c, CITY, "2025-03-03", XF_CLASS_CLAIM, 0);
	/* Ping-pong by objection: 2 deadlines per transfer, 1 per
	 * objection: far more than the array holds. */
	for (i = 0; i < 30; i++) {
		a = to_unit(XF_ACT_TRANSFER, COUNTY);
		must(&c, "2025-03-04", &a);
		a = A(XF_ACT_OBJECT);
		a.reason = "不属于本单位";
		must(&c, "2025-03-04", &a);
	}
	cr_assert_eq(c.transfer_count, 60);
	cr_assert_leq(c.ndl, XF_CASE_MAX_DEADLINES);
	cr_assert_eq(dl(&c, XF_DL_ROUTE)->state, XF_DLS_OPEN);
	for (i = 1; i < c.ndl; i++)
		cr_assert_gt(c.dl[i].seq, c.dl[i - 1].seq, "seq ascending");
	cr_assert_eq(c.dl[c.ndl - 1].seq, c.next_seq - 1);
}

Test(lifecycle, names_round_trip)
{
	int i;

	for (i = 0; i < XF_ST_COUNT; i++)
		cr_assert_eq(xf_status_parse(xf_status_name(i)), i);
	for (i = 0; i < XF_ACT_COUNT; i++)
		cr_assert_eq(xf_action_parse(xf_action_name(i)), i);
	for (i = 0; i < XF_CH_COUNT; i++)
		cr_assert_eq(xf_channel_parse(xf_channel_name(i)), i);
	cr_assert_eq(xf_status_parse("handling"), XF_ST_HANDLING);
	cr_assert_eq(xf_status_parse("Handling"), -1);
	cr_assert_eq(xf_class_parse("accusation"), XF_CLASS_ACCUSATION);
	cr_assert_eq(xf_outcome_parse(""), -1);
	cr_assert_eq(xf_outcome_parse("reject"), XF_OUTCOME_REJECT);
	cr_assert_eq(xf_deliver_method_parse("in_person"), XF_DELIVER_IN_PERSON);
	cr_assert_eq(xf_role_parse("leader"), (int)XF_ROLE_LEADER);
	cr_assert_str_eq(xf_role_name(XF_ROLE_OFFICER), "officer");
	cr_assert_eq(xf_unit_kind_parse("discipline"), XF_UKIND_DISCIPLINE);
	cr_assert_eq(xf_unit_level_parse(""), -1);
	cr_assert_str_eq(xf_dl_state_name(XF_DLS_OVERDUE), "overdue");
}

Test(lifecycle, close_reasons)
{
	xf_case c;
	xf_action a = A(XF_ACT_CLOSE);
	xf_error err;

	handling_since(&c, "2025-08-04");
	a.reason = NULL;
	cr_assert_eq(try_at(&c, "2025-08-10", &a, &err), -1);
	cr_assert_str_eq(err.field, "reason");
	a.reason = "final";	/* 终结 comes only from a decision */
	cr_assert_eq(try_at(&c, "2025-08-10", &a, &err), -1);
	cr_assert_str_eq(err.field, "reason");
	a.reason = "lapsed";	/* nothing answered yet */
	cr_assert_eq(try_at(&c, "2025-08-10", &a, &err), -1);
	cr_assert_str_eq(err.field, "reason");
	a.reason = "双方达成和解";
	must(&c, "2025-08-10", &a);
	cr_assert_eq(c.status, XF_ST_CLOSED);
	cr_assert_eq(c.close_reason, XF_CLOSE_MEDIATED);
	cr_assert_eq(dl(&c, XF_DL_HANDLE)->state, XF_DLS_MET);
	cr_assert_eq(c.closed_on, D("2025-08-10"));
	a = A(XF_ACT_ARCHIVE);
	a.date = D("2025-08-09");	/* before the close */
	cr_assert_eq(try_at(&c, "2025-08-11", &a, &err), -1);
	cr_assert_str_eq(err.field, "date");
	a = A(XF_ACT_ARCHIVE);
	must(&c, "2025-08-11", &a);
	cr_assert(c.archived);
	cr_assert_eq(try_at(&c, "2025-08-12", &a, &err), -1);
	cr_assert_eq(err.code, XF_E_TRANSITION);
}

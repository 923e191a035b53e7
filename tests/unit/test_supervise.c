/* Supervision triggers (SPEC §5): every rule raised and cured on hand-built
 * case values, the table's codes, and the dates the rules compute with the
 * official calendar (reply due, answer due, warnings). */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/supervise.h"

#define OWNER	100
#define OTHER	200	/* the unit a deadline names, distinct from the owner */

static xf_date
D(const char *s)
{
	xf_date d;

	cr_assert_eq(xf_date_parse(s, &d), 0, "bad test date %s", s);
	return d;
}

static xf_case
mk(xf_status st)
{
	xf_case c;

	xf_case_init(&c);
	c.id = 1;
	c.status = st;
	c.unit_id = c.first_unit_id = OWNER;
	c.received_on = c.registered_on = c.received_on_here = D("2025-03-03");
	return c;
}

static xf_deadline *
add_dl(xf_case *c, xf_dl_kind k, const char *due, int64_t unit)
{
	xf_deadline *d = &c->dl[c->ndl++];

	memset(d, 0, sizeof(*d));
	d->seq = c->ndl;
	d->kind = k;
	d->unit_id = unit;
	d->start = D("2025-03-03");
	d->days = 15;
	d->due = due ? D(due) : XF_DATE_NONE;
	d->met_on = XF_DATE_NONE;
	d->state = XF_DLS_OPEN;
	snprintf(d->profile, sizeof(d->profile), "%s", XF_PROFILE_DEFAULT);
	return d;
}

/* Raised with one hit of trigger t as of `as_of`; returns the hit. */
static xf_sv_hit
only_hit(const xf_case *c, const xf_sv_facts *f, const char *as_of,
    xf_sv_trigger t)
{
	xf_sv_hit hits[XF_SV_COUNT];
	int n = xf_sv_evaluate(c, f, D(as_of), hits);

	cr_assert_eq(n, 1, "expected exactly one trigger (%s) as of %s, got %d",
	    xf_sv_trigger_name(t), as_of, n);
	cr_assert_eq(hits[0].trigger, t, "got %s, want %s",
	    xf_sv_trigger_name(hits[0].trigger), xf_sv_trigger_name(t));
	cr_assert(!xf_sv_cured(t, c, f, D(as_of)),
	    "a raised trigger must not be cured");
	cr_assert(strlen(hits[0].problem) > 0);
	return hits[0];
}

static int
none(const xf_case *c, const xf_sv_facts *f, const char *as_of)
{
	xf_sv_hit hits[XF_SV_COUNT];

	return xf_sv_evaluate(c, f, D(as_of), hits) == 0;
}

/* ---- the table ------------------------------------------------------------ */

Test(table, every_api_code_in_order_with_article)
{
	static const char *const codes[] = { "route_overdue",
		"accept_notice_overdue", "objection_late", "extension_invalid",
		"handle_overdue", "reply_incomplete", "report_overdue",
		"not_delivered", "not_executed", "shirking", "dissatisfied",
		"review_overdue", "recheck_overdue", "manual" };

	cr_assert_eq(sizeof(codes) / sizeof(codes[0]), XF_SV_COUNT);
	for (int i = 0; i < XF_SV_COUNT; i++) {
		const xf_sv_rule *r = xf_sv_rule_get((xf_sv_trigger)i);

		cr_assert_not_null(r);
		cr_assert_eq((int)r->trigger, i);
		cr_assert_str_eq(r->code, codes[i]);
		cr_assert_eq(xf_sv_trigger_parse(codes[i]), i);
		cr_assert(strstr(r->seed, "第十一条（") != NULL, "%s", r->code);
		cr_assert(strstr(r->law, "《信访工作条例》") != NULL, "%s", r->code);
		cr_assert(strlen(r->name) >= 6, "Chinese name for %s", r->code);
		cr_assert_eq(r->raised == NULL, i == XF_SV_MANUAL);
	}
	cr_assert(strstr(xf_sv_rule_get(XF_SV_MANUAL)->seed, "（八）"));
	cr_assert(strstr(xf_sv_rule_get(XF_SV_DISSATISFIED)->seed, "（七）"));
	cr_assert(strstr(xf_sv_rule_get(XF_SV_NOT_EXECUTED)->seed, "（五）"));
	cr_assert(strstr(xf_sv_rule_get(XF_SV_NOT_DELIVERED)->seed, "（四）"));
	cr_assert(strstr(xf_sv_rule_get(XF_SV_SHIRKING)->seed, "（六）"));
	cr_assert_eq(xf_sv_trigger_parse("Route_overdue"), -1);
	cr_assert_eq(xf_sv_trigger_parse(NULL), -1);
	cr_assert_null(xf_sv_rule_get(XF_SV_COUNT));
	cr_assert_str_eq(xf_sv_trigger_name(XF_SV_COUNT), "");
}

Test(table, forms_and_states)
{
	static const char *const forms[] = { "online", "phone", "letter",
		"interview", "onsite" };

	for (int i = 0; i < XF_SVF_COUNT; i++) {
		cr_assert_eq(xf_sv_form_parse(forms[i]), i);
		cr_assert_str_eq(xf_sv_form_name((xf_sv_form)i), forms[i]);
		cr_assert(strstr(xf_sv_form_label((xf_sv_form)i), "督办"));
	}
	cr_assert_str_eq(xf_sv_form_label(XF_SVF_INTERVIEW), "约谈督办");
	cr_assert_eq(xf_sv_form_parse("fax"), -1);
	cr_assert_eq(xf_sv_state_parse("replied"), XF_SVS_REPLIED);
	cr_assert_str_eq(xf_sv_state_name(XF_SVS_CLOSED), "closed");
	cr_assert_eq(xf_sv_state_parse("done"), -1);
}

Test(table, manual_is_never_raised_or_cured_by_the_system)
{
	xf_case c = mk(XF_ST_HANDLING);

	add_dl(&c, XF_DL_HANDLE, "2025-01-01", OWNER);
	cr_assert_eq(xf_sv_cured(XF_SV_MANUAL, &c, NULL, D("2025-06-01")), 0);
	cr_assert_eq(xf_sv_cured(XF_SV_COUNT, &c, NULL, D("2025-06-01")), 0);
}

/* ---- deadline-driven rules -------------------------------------------------- */

static const struct {
	xf_dl_kind	kind;
	xf_sv_trigger	trig;
	xf_status	status;
} dl_rules[] = {
	{ XF_DL_ROUTE, XF_SV_ROUTE_OVERDUE, XF_ST_REGISTERED },
	{ XF_DL_ACCEPT_NOTICE, XF_SV_ACCEPT_NOTICE_OVERDUE, XF_ST_REGISTERED },
	{ XF_DL_HANDLE, XF_SV_HANDLE_OVERDUE, XF_ST_HANDLING },
	{ XF_DL_DELIVERY, XF_SV_NOT_DELIVERED, XF_ST_REPLIED },
	{ XF_DL_EXECUTE, XF_SV_NOT_EXECUTED, XF_ST_REPLIED },
	{ XF_DL_REVIEW, XF_SV_REVIEW_OVERDUE, XF_ST_REVIEW },
	{ XF_DL_RECHECK, XF_SV_RECHECK_OVERDUE, XF_ST_RECHECK },
};

Test(deadline, raised_the_day_after_the_due_date_aimed_at_the_deadline_unit)
{
	for (size_t i = 0; i < sizeof(dl_rules) / sizeof(dl_rules[0]); i++) {
		xf_case c = mk(dl_rules[i].status);
		xf_sv_hit h;

		add_dl(&c, dl_rules[i].kind, "2025-03-18", OTHER);
		cr_assert(none(&c, NULL, "2025-03-18"),
		    "%s: not late on its due date",
		    xf_sv_trigger_name(dl_rules[i].trig));
		cr_assert(none(&c, NULL, "2025-03-01"));
		h = only_hit(&c, NULL, "2025-03-19", dl_rules[i].trig);
		cr_assert_eq(h.target_unit_id, OTHER);
		cr_assert_eq(h.missed, D("2025-03-18"));
		cr_assert(strstr(h.problem, "2025-03-18") != NULL, "%s", h.problem);
		cr_assert(strstr(h.problem, "截至2025-03-19仍未完成，已超期1日")
		    != NULL, "%s", h.problem);
		h = only_hit(&c, NULL, "2025-04-17", dl_rules[i].trig);
		cr_assert(strstr(h.problem, "超期30日") != NULL, "%s", h.problem);
	}
}

/* Met: the cause is gone, so an open supervision closes. Met late, the
 * step itself was late (第十一条（一）（二）): it raises (once per case and
 * trigger, by the store's index), even if no scan saw it open — a letter
 * registered weeks late and routed that day — and is at once cured; done
 * more than a month before the scan it is history. Met on time or
 * cancelled never raises. */
Test(deadline, met_or_cancelled_cures_and_only_a_late_step_raises)
{
	for (size_t i = 0; i < sizeof(dl_rules) / sizeof(dl_rules[0]); i++) {
		xf_sv_trigger t = dl_rules[i].trig;
		xf_case c = mk(dl_rules[i].status);
		xf_deadline *d = add_dl(&c, dl_rules[i].kind, "2025-03-18",
		    OTHER);
		xf_sv_hit hits[XF_SV_COUNT];

		cr_assert(!xf_sv_cured(t, &c, NULL, D("2025-03-25")));
		d->state = XF_DLS_MET;
		d->met_on = D("2025-03-24");
		cr_assert(xf_sv_cured(t, &c, NULL, D("2025-03-25")));
		cr_assert_eq(xf_sv_evaluate(&c, NULL, D("2025-03-25"), hits), 1,
		    "%s met late", xf_sv_trigger_name(t));
		cr_assert_eq(hits[0].trigger, t);
		cr_assert_eq(hits[0].missed, D("2025-03-18"));
		cr_assert_eq(hits[0].target_unit_id, OTHER);
		cr_assert(strstr(hits[0].problem, "2025-03-24才完成，逾期6日") !=
		    NULL, "%s", hits[0].problem);
		/* From the day it was done (a scan that day sees it), not
		 * before, and not a month and more on. */
		cr_assert(!none(&c, NULL, "2025-03-24"));
		cr_assert(none(&c, NULL, "2025-03-23"));
		cr_assert(!none(&c, NULL, "2025-04-24"));
		cr_assert(none(&c, NULL, "2025-04-25"));
		d->met_on = D("2025-03-18");	/* on time */
		cr_assert(none(&c, NULL, "2025-03-25"));
		d->state = XF_DLS_CANCELLED;
		d->met_on = D("2025-03-24");
		cr_assert(xf_sv_cured(t, &c, NULL, D("2025-03-25")));
		cr_assert(none(&c, NULL, "2025-03-25"));
	}
}

Test(deadline, an_owner_stands_in_when_the_deadline_names_no_unit)
{
	xf_case c = mk(XF_ST_HANDLING);
	xf_sv_hit h;

	add_dl(&c, XF_DL_HANDLE, "2025-05-06", 0);
	h = only_hit(&c, NULL, "2025-05-07", XF_SV_HANDLE_OVERDUE);
	cr_assert_eq(h.target_unit_id, OWNER);
}

Test(deadline, paused_or_provisional_clocks_never_raise)
{
	xf_case c = mk(XF_ST_HANDLING);
	xf_deadline *d = add_dl(&c, XF_DL_HANDLE, NULL, OWNER);

	/* A pause is open: no due date. */
	cr_assert(none(&c, NULL, "2026-12-31"));
	cr_assert(!xf_sv_cured(XF_SV_HANDLE_OVERDUE, &c, NULL, D("2026-12-31")),
	    "a paused clock is not a cure");
	/* Counted on weekends alone: the real due can only be later. */
	d->due = D("2025-05-06");
	d->provisional = 1;
	cr_assert(none(&c, NULL, "2025-05-07"));
	d->provisional = 0;
	only_hit(&c, NULL, "2025-05-07", XF_SV_HANDLE_OVERDUE);
}

Test(deadline, petitioner_windows_are_not_misses)
{
	xf_case c = mk(XF_ST_REPLIED);

	add_dl(&c, XF_DL_REVIEW_REQUEST, "2025-03-18", OWNER);
	add_dl(&c, XF_DL_OBJECTION, "2025-03-10", OTHER);
	cr_assert(none(&c, NULL, "2025-06-01"));
}

Test(deadline, the_newest_open_deadline_of_a_kind_counts)
{
	xf_case c = mk(XF_ST_REGISTERED);
	xf_deadline *old = add_dl(&c, XF_DL_ROUTE, "2025-03-18", OWNER);

	/* Met at the first unit, then objected back: a new route clock. */
	old->state = XF_DLS_MET;
	old->met_on = D("2025-03-10");
	add_dl(&c, XF_DL_ROUTE, "2025-04-08", OWNER);
	cr_assert(none(&c, NULL, "2025-04-01"));
	only_hit(&c, NULL, "2025-04-09", XF_SV_ROUTE_OVERDUE);
}

/* ---- objection filed late ---------------------------------------------------- */

Test(objection_late, raised_when_met_after_its_window_and_only_a_person_closes_it)
{
	xf_case c = mk(XF_ST_REGISTERED);
	xf_deadline *d = add_dl(&c, XF_DL_OBJECTION, "2025-03-10", OTHER);
	xf_sv_hit h;

	d->state = XF_DLS_MET;
	d->met_on = D("2025-03-10");	/* on its last day: in time */
	cr_assert(none(&c, NULL, "2025-03-20"));
	d->met_on = D("2025-03-13");
	cr_assert(none(&c, NULL, "2025-03-13"), "not before it happened");
	h = only_hit(&c, NULL, "2025-03-14", XF_SV_OBJECTION_LATE);
	cr_assert_eq(h.target_unit_id, OTHER);
	cr_assert(strstr(h.problem, "逾期3日") != NULL, "%s", h.problem);
	cr_assert(!xf_sv_cured(XF_SV_OBJECTION_LATE, &c, NULL, D("2025-09-01")));
}

/* ---- extension ------------------------------------------------------------------ */

static xf_case
extended(int days, int notice_known)
{
	xf_case c = mk(XF_ST_HANDLING);
	xf_deadline *h = add_dl(&c, XF_DL_HANDLE, "2025-06-03", OWNER);

	(void)notice_known;
	h->days = 60;
	h->extension = days;
	c.accepted_on = D("2025-03-05");
	c.extended = 1;
	c.extension_days = days;
	c.extended_on = D("2025-05-20");
	return c;
}

Test(extension_invalid, without_a_notice_until_the_notice_is_issued)
{
	xf_case c = extended(30, 1);
	xf_sv_facts f;
	xf_sv_hit h;

	xf_sv_facts_init(&f);
	cr_assert(none(&c, &f, "2025-05-22"), "unknown notice never raises");
	f.extension_notice = 0;
	h = only_hit(&c, &f, "2025-05-22", XF_SV_EXTENSION_INVALID);
	cr_assert_eq(h.target_unit_id, OWNER);
	cr_assert(strstr(h.problem, "延期办理告知书") != NULL, "%s", h.problem);
	f.extension_notice = 1;
	cr_assert(xf_sv_cured(XF_SV_EXTENSION_INVALID, &c, &f, D("2025-05-23")));
	cr_assert(none(&c, &f, "2025-05-23"));
}

Test(extension_invalid, beyond_the_limit_is_never_cured_by_a_notice)
{
	xf_case c = extended(45, 1);
	xf_sv_facts f;
	xf_sv_hit h;

	xf_sv_facts_init(&f);
	f.extension_notice = 1;
	h = only_hit(&c, &f, "2025-05-22", XF_SV_EXTENSION_INVALID);
	cr_assert(strstr(h.problem, "30日") != NULL, "%s", h.problem);
	cr_assert(!xf_sv_cured(XF_SV_EXTENSION_INVALID, &c, &f, D("2025-09-01")));
	c = extended(30, 1);
	cr_assert(none(&c, &f, "2025-05-22"), "30 days is within the limit");
}

Test(extension_invalid, henan_total_of_90_days)
{
	xf_case c = extended(30, 1);
	xf_sv_facts f;

	xf_sv_facts_init(&f);
	f.extension_notice = 1;
	snprintf(c.profile, sizeof(c.profile), "henan-2012");
	c.dl[0].days = 70;	/* 70 + 30 > 90 */
	only_hit(&c, &f, "2025-05-22", XF_SV_EXTENSION_INVALID);
	c.dl[0].days = 60;
	cr_assert(none(&c, &f, "2025-05-22"));
}

/* ---- reply incomplete -------------------------------------------------------------- */

Test(reply_incomplete, names_the_missing_parts_and_the_deciding_unit)
{
	xf_case c = mk(XF_ST_REVIEWED);
	xf_sv_facts f;
	xf_sv_hit h;

	c.reply_level = XF_LEVEL_REVIEW;
	c.review_unit_id = OTHER;
	c.reply_unit_id = OWNER;
	c.outcome = XF_OUTCOME_REJECT;
	c.replied_on = D("2025-04-01");
	xf_sv_facts_init(&f);
	cr_assert(none(&c, &f, "2025-04-02"), "unknown parts never raise");
	f.reply_parts = XF_SV_PART_REQUEST | XF_SV_PART_DECISION;
	h = only_hit(&c, &f, "2025-04-02", XF_SV_REPLY_INCOMPLETE);
	cr_assert_eq(h.target_unit_id, OTHER, "the 复查 authority decided");
	cr_assert(strstr(h.problem, "事实和理由") != NULL, "%s", h.problem);
	cr_assert(strstr(h.problem, "法律法规依据") != NULL, "%s", h.problem);
	cr_assert(strstr(h.problem, "处理意见、") == NULL, "%s", h.problem);
	f.reply_parts = XF_SV_PARTS_ALL;
	cr_assert(xf_sv_cured(XF_SV_REPLY_INCOMPLETE, &c, &f, D("2025-04-03")));
	cr_assert(none(&c, &f, "2025-04-03"));
}

Test(reply_incomplete, a_decision_without_an_outcome)
{
	xf_case c = mk(XF_ST_REPLIED);
	xf_sv_hit h;

	c.reply_level = XF_LEVEL_REPLY;
	c.replied_on = D("2025-04-01");
	c.outcome = XF_OUTCOME_NONE;
	h = only_hit(&c, NULL, "2025-04-02", XF_SV_REPLY_INCOMPLETE);
	cr_assert(strstr(h.problem, "不予支持") != NULL, "%s", h.problem);
	c.outcome = XF_OUTCOME_EXPLAIN;
	cr_assert(none(&c, NULL, "2025-04-02"));
}

/* ---- 交办 report ---------------------------------------------------------------------- */

Test(report_overdue, raised_after_the_report_date_until_the_result_is_reported)
{
	xf_case c = mk(XF_ST_HANDLING);
	xf_sv_facts f;
	xf_sv_hit h;

	c.assigned = 1;
	c.report_due = D("2025-04-30");
	c.accepted_on = D("2025-04-02");
	xf_sv_facts_init(&f);
	cr_assert(none(&c, &f, "2025-04-30"));
	h = only_hit(&c, &f, "2025-05-01", XF_SV_REPORT_OVERDUE);
	cr_assert_eq(h.target_unit_id, OWNER);
	cr_assert_eq(h.missed, D("2025-04-30"));
	/* A `report` event cures it. */
	f.report_made = 1;
	cr_assert(xf_sv_cured(XF_SV_REPORT_OVERDUE, &c, &f, D("2025-05-02")));
	cr_assert(none(&c, &f, "2025-05-02"));
	/* So does the decision itself. */
	f.report_made = 0;
	c.status = XF_ST_REPLIED;
	c.replied_on = D("2025-05-03");
	cr_assert(xf_sv_cured(XF_SV_REPORT_OVERDUE, &c, &f, D("2025-05-04")));
}

Test(report_overdue, only_for_a_case_received_by_assignment)
{
	xf_case c = mk(XF_ST_REGISTERED);

	c.report_due = D("2025-04-30");
	cr_assert(none(&c, NULL, "2025-06-01"), "not assigned");
	c.assigned = 1;
	only_hit(&c, NULL, "2025-06-01", XF_SV_REPORT_OVERDUE);
	c.status = XF_ST_NOT_ACCEPTED;
	cr_assert(none(&c, NULL, "2025-06-01"), "ended there: nothing to report");
	c.status = XF_ST_REGISTERED;
	c.assigned = 0;	/* sent on: the duty went with the move */
	cr_assert(xf_sv_cured(XF_SV_REPORT_OVERDUE, &c, NULL, D("2025-06-01")));
}

/* ---- 推诿 ---------------------------------------------------------------------------- */

Test(shirking, three_moves_without_a_decision)
{
	xf_case c = mk(XF_ST_REGISTERED);
	xf_sv_hit h;

	c.transfer_count = 2;
	cr_assert(none(&c, NULL, "2025-03-04"));
	c.transfer_count = 3;
	c.unit_id = OTHER;
	h = only_hit(&c, NULL, "2025-03-04", XF_SV_SHIRKING);
	cr_assert_eq(h.target_unit_id, OTHER, "where it sits now must decide");
	cr_assert(strstr(h.problem, "3次") != NULL, "%s", h.problem);
	c.status = XF_ST_HANDLING;
	only_hit(&c, NULL, "2025-03-04", XF_SV_SHIRKING);
	c.status = XF_ST_REPLIED;
	c.replied_on = D("2025-03-20");
	cr_assert(xf_sv_cured(XF_SV_SHIRKING, &c, NULL, D("2025-03-21")));
	cr_assert(none(&c, NULL, "2025-03-21"));
}

/* ---- 不满意 ---------------------------------------------------------------------------- */

Test(dissatisfied, unanswered_after_15_days_until_answered)
{
	xf_case c = mk(XF_ST_REPLIED);
	xf_sv_facts f;
	xf_sv_hit h;

	c.reply_level = XF_LEVEL_REPLY;
	c.reply_unit_id = OTHER;
	c.outcome = XF_OUTCOME_REJECT;
	c.replied_on = D("2025-04-01");
	xf_sv_facts_init(&f);
	cr_assert(none(&c, &f, "2025-12-01"), "no rating");
	f.dissatisfied_on = D("2025-04-10");
	f.answer_due = D("2025-04-25");
	cr_assert(none(&c, &f, "2025-04-25"));
	h = only_hit(&c, &f, "2025-04-26", XF_SV_DISSATISFIED);
	cr_assert_eq(h.target_unit_id, OTHER);
	cr_assert_eq(h.missed, D("2025-04-25"));
	/* An answer to an earlier rating does not answer this one. */
	f.answered_on = D("2025-04-05");
	only_hit(&c, &f, "2025-04-26", XF_SV_DISSATISFIED);
	f.answered_on = D("2025-04-28");
	cr_assert(xf_sv_cured(XF_SV_DISSATISFIED, &c, &f, D("2025-04-29")));
	cr_assert(none(&c, &f, "2025-04-29"));
}

/* ---- several at once ------------------------------------------------------------------- */

Test(evaluate, several_triggers_on_one_case)
{
	xf_case c = mk(XF_ST_HANDLING);
	xf_sv_hit hits[XF_SV_COUNT];
	int n, seen = 0;

	c.transfer_count = 4;
	c.assigned = 1;
	c.report_due = D("2025-04-01");
	add_dl(&c, XF_DL_HANDLE, "2025-05-06", OWNER);
	n = xf_sv_evaluate(&c, NULL, D("2025-05-07"), hits);
	cr_assert_eq(n, 3);
	for (int i = 0; i < n; i++) {
		seen |= 1 << hits[i].trigger;
		cr_assert_eq(hits[i].target_unit_id, OWNER);
	}
	cr_assert_eq(seen, (1 << XF_SV_SHIRKING) | (1 << XF_SV_REPORT_OVERDUE) |
	    (1 << XF_SV_HANDLE_OVERDUE));
	n = xf_sv_evaluate(&c, NULL, D("2025-04-01"), hits);
	cr_assert_eq(n, 1, "only shirking before the report date");
}

/* ---- dates with the official calendar ------------------------------------------------- */

static xf_calendar *cal;

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

Test(dates, reply_due_is_five_working_days, .init = setup, .fini = teardown)
{
	xf_date due;
	xf_error err;

	/* SPEC §4: 5 working days from 2025-01-24 is 2025-02-07 (the make-up
	 * Sunday counts, the Spring Festival does not). */
	cr_assert_eq(xf_sv_reply_due(cal, D("2025-01-24"), &due, &err), 0);
	cr_assert_eq(due, D("2025-02-07"));
	cr_assert_eq(xf_sv_reply_due(cal, D("2025-06-02"), &due, &err), 0);
	cr_assert_eq(due, D("2025-06-09"));
}

Test(dates, answer_due_is_15_days_rolled, .init = setup, .fini = teardown)
{
	xf_date due;
	xf_error err;

	cr_assert_eq(xf_sv_answer_due(cal, D("2025-01-20"), &due, &err), 0);
	cr_assert_eq(due, D("2025-02-05"), "02-04 is a holiday");
}

Test(dates, warnings_from_the_third_working_day_before, .init = setup,
    .fini = teardown)
{
	xf_error err;
	xf_date due = D("2025-02-07");	/* a Friday after the Spring Festival */

	cr_assert_eq(xf_sv_warn_due(cal, due, 3, D("2025-02-04"), &err), 1);
	/* 01-28 … 02-04 are holidays: only 02-05, 06, 07 lie between. */
	cr_assert_eq(xf_sv_warn_due(cal, due, 3, D("2025-01-27"), &err), 1);
	/* 01-26 (make-up Sunday) and 01-27 count as well: 5 days. */
	cr_assert_eq(xf_sv_warn_due(cal, due, 3, D("2025-01-24"), &err), 0);
	cr_assert_eq(xf_sv_warn_due(cal, due, 5, D("2025-01-24"), &err), 1);
	cr_assert_eq(xf_sv_warn_due(cal, due, 3, due, &err), 1, "due today");
	cr_assert_eq(xf_sv_warn_due(cal, due, 3, due + 1, &err), 0,
	    "overdue is not a warning");
	cr_assert_eq(xf_sv_warn_due(cal, D("2025-06-13"), 3, D("2025-06-09"),
	    &err), 0, "Mon → Fri is 4 working days");
	cr_assert_eq(xf_sv_warn_due(cal, D("2025-06-13"), 3, D("2025-06-10"),
	    &err), 1);
}

/* Assessment: the indicator counts over a hand-built record (store/assess.c)
 * and the scoring (core/assess.c). Every expected number below is worked
 * out by hand from the rows this file inserts, in the comments beside it —
 * never by calling the code under test a second way. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "core/assess.h"
#include "core/calendar.h"
#include "store/assess.h"
#include "store/store.h"

static xf_store *st;
static xf_calendar *cal;
static char dbpath[64];

#define D(y, m, d) xf_date_from_ymd(y, m, d)

static void
sql(const char *fmt, ...)
{
	char buf[2048], *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cr_assert_eq(sqlite3_exec(xf_store_db(st), buf, NULL, NULL, &msg),
	    SQLITE_OK, "%s: %s", buf, msg ? msg : "");
}

static void
unit(int id, const char *kind, const char *level, int parent)
{
	sql("INSERT INTO units (id, code, name, level, kind, parent_id,"
	    " created_at) VALUES (%d, 'U%d', '单位%d', '%s', '%s', NULL, 'x')",
	    id, id, id, level, kind);
	if (parent)
		sql("UPDATE units SET parent_id = %d WHERE id = %d", parent, id);
}

/* status: xf_status; closed 0 = NULL. */
static void
kase(int id, int status, int owner, int first, xf_date received,
    xf_date registered, int flags, xf_date closed)
{
	char c[16] = "NULL";

	if (closed)
		snprintf(c, sizeof(c), "%d", closed);
	sql("INSERT INTO cases (id, number, query_salt, query_hash, status,"
	    " unit_id, first_unit_id, channel, class, category, title, content,"
	    " received_on, registered_on, headcount, petitioners, flags,"
	    " closed_on, lc, updated_at) VALUES (%d, 'N%d', x'00', x'00', %d,"
	    " %d, %d, 0, 2, '0301', '标题%d', '内容', %d, %d, 1, '[]', %d, %s,"
	    " '{}', 'x')", id, id, status, owner, first, id, received,
	    registered, flags, c);
}

/* kind: 0 route, 1 accept_notice, 3 handle; state 0 open, 1 met, 3 cancelled. */
static void
deadline(int case_id, int seq, int kind, int unit_id, xf_date due,
    xf_date met, int state)
{
	char m[16] = "NULL";

	if (met)
		snprintf(m, sizeof(m), "%d", met);
	sql("INSERT INTO deadlines (case_id, seq, kind, unit_id, start, days,"
	    " unit, extension, due, profile, met_on, state, provisional)"
	    " VALUES (%d, %d, %d, %d, %d, 15, 0, 0, %d, 'national-2022', %s,"
	    " %d, 0)", case_id, seq, kind, unit_id, due - 15, due, m, state);
}

static void
rating(int case_id, int level, const char *r, xf_date on, int unit_id)
{
	sql("INSERT INTO evaluations (case_id, level, rating, rated_on, unit_id,"
	    " at) VALUES (%d, %d, '%s', %d, %d, 'x')", case_id, level, r, on,
	    unit_id);
}

static void
supervision(int case_id, int target, xf_date raised, xf_date closed)
{
	char c[16] = "NULL";

	if (closed)
		snprintf(c, sizeof(c), "%d", closed);
	sql("INSERT INTO supervisions (case_id, trigger, system, raised_on,"
	    " form, target_unit_id, problem, state, closed_on, created_at)"
	    " VALUES (%d, 'manual', 0, %d, 'online', %d, '问题', '%s', %s, 'x')",
	    case_id, raised, target, closed ? "closed" : "open", c);
}

/* Units: 1 province; 2 city A with 3 county A1 and 4 school under A1;
 * 5 university U; 6 a department of the province. The group assessed is
 * {A, U}: rows 0 and 1. */
static int
slot(void *ud, int64_t id)
{
	(void)ud;
	return (id == 2 || id == 3 || id == 4) ? 0 : id == 5 ? 1 : -1;
}

static void
setup(void)
{
	xf_error err;

	snprintf(dbpath, sizeof(dbpath), "/tmp/xf-test-assess-%d.db",
	    (int)getpid());
	unlink(dbpath);
	st = xf_store_open(dbpath, &err);
	cr_assert_not_null(st, "%s", err.message);
	cal = xf_calendar_new();
	cr_assert_eq(xf_calendar_load_dir(cal, XF_TEST_DATADIR "/calendar",
	    &err), 0, "%s", err.message);

	unit(1, "authority", "province", 0);
	unit(2, "authority", "city", 1);
	unit(3, "authority", "county", 2);
	unit(4, "school", "school", 3);
	unit(5, "university", "province", 1);
	unit(6, "department", "province", 1);

	/* Case 1: received by county A1 on Mon 2025-03-03, registered the
	 * next day (on time); A1 routes it on time, then it is transferred
	 * to university U, whose own route clock it misses and whose accept
	 * notice and handling it meets. Now U's, replied, repeat-flagged,
	 * rated satisfied. */
	kase(1, 5, 5, 3, D(2025, 3, 3), D(2025, 3, 4), 2, 0);
	deadline(1, 1, 0, 3, D(2025, 3, 18), D(2025, 3, 10), 1);
	deadline(1, 2, 0, 5, D(2025, 3, 25), D(2025, 3, 28), 1);
	deadline(1, 3, 1, 5, D(2025, 4, 4), D(2025, 4, 3), 1);
	deadline(1, 4, 3, 5, D(2025, 5, 20), D(2025, 5, 15), 1);
	rating(1, 1, "satisfied", D(2025, 6, 1), 5);

	/* Case 2: a collective visit (flag 1) to school 4 on 2025-10-01, the
	 * first day of the National Day holiday (10-01..10-08): registered
	 * 10-09, the first working day after — on time. Routed on time; its
	 * handling (due 12-10) is still open at the period's end: late. */
	kase(2, 4, 4, 4, D(2025, 10, 1), D(2025, 10, 9), 1, 0);
	deadline(2, 1, 0, 4, D(2025, 10, 24), D(2025, 10, 20), 1);
	deadline(2, 2, 3, 4, D(2025, 12, 10), 0, 0);

	/* Case 3: a leap-level visit (flag 4) received by county A1 on Sat
	 * 2025-12-20, registered Mon 12-29: the limit was Mon 12-22 — late.
	 * Its route clock is due in 2026: outside the period. */
	kase(3, 0, 3, 3, D(2025, 12, 20), D(2025, 12, 29), 4, 0);
	deadline(3, 1, 0, 3, D(2026, 1, 9), 0, 0);

	/* Case 4: U's backlog — received 2024-11-05, closed 2025-02-10;
	 * handled exactly on its due day (on time); rated dissatisfied. */
	kase(4, 9, 5, 5, D(2024, 11, 5), D(2024, 11, 5), 0, D(2025, 2, 10));
	deadline(4, 1, 3, 5, D(2025, 1, 6), D(2025, 1, 6), 1);
	rating(4, 1, "dissatisfied", D(2025, 2, 15), 5);

	/* Case 5: A's backlog, received 2024-12-01 and still open; its reply
	 * came late (due 02-01, met 02-05); rated basically satisfied. */
	kase(5, 5, 4, 4, D(2024, 12, 1), D(2024, 12, 1), 0, 0);
	deadline(5, 1, 3, 4, D(2025, 2, 1), D(2025, 2, 5), 1);
	rating(5, 1, "basically_satisfied", D(2025, 3, 1), 4);

	/* Case 6: received 2024, not accepted (status 2): no backlog.
	 * Case 7: received and closed in 2024: no backlog. */
	kase(6, 2, 3, 3, D(2024, 9, 1), D(2024, 9, 1), 0, 0);
	kase(7, 9, 3, 3, D(2024, 6, 1), D(2024, 6, 1), 0, D(2024, 12, 1));

	/* Case 8: received by A1 on 2025-05-01 (Labour Day holiday 05-01..
	 * 05-05), registered 05-06: on time. Its accept notice was cancelled:
	 * not counted. */
	kase(8, 4, 3, 3, D(2025, 5, 1), D(2025, 5, 6), 0, 0);
	deadline(8, 1, 1, 3, D(2025, 5, 20), 0, 3);

	/* Supervisions: two against A's units in 2025 (one closed in June),
	 * one against U closed only in 2026, one against U raised in 2024. */
	supervision(2, 4, D(2025, 11, 1), 0);
	supervision(8, 3, D(2025, 6, 1), D(2025, 6, 20));
	supervision(1, 5, D(2025, 4, 1), D(2026, 1, 5));
	supervision(4, 5, D(2024, 12, 1), 0);
}

static void
teardown(void)
{
	xf_store_close(st);
	xf_calendar_free(cal);
	unlink(dbpath);
}

static void
count(xf_date today, xf_assess_row rows[2])
{
	xf_assess_period p;
	xf_error err;

	memset(rows, 0, 2 * sizeof(*rows));
	rows[0].unit_id = 2;
	rows[1].unit_id = 5;
	cr_assert_eq(xf_assess_year(2025, today, &p.from, &p.to, &p.as_of,
	    &err), 0);
	p.cal = cal;
	cr_assert_eq(xf_store_assess_counts(st, &p, slot, NULL, rows, 2, &err),
	    0, "%s", err.message);
}

#define EQ(row, ind, n, d) do { \
	cr_expect_eq(rows[row].v[ind].num, n, "%s num of row %d: %lld", \
	    xf_assess_def(ind)->name, row, (long long)rows[row].v[ind].num); \
	cr_expect_eq(rows[row].v[ind].den, d, "%s den of row %d: %lld", \
	    xf_assess_def(ind)->name, row, (long long)rows[row].v[ind].den); \
} while (0)

TestSuite(assess_store, .init = setup, .fini = teardown);

Test(assess_store, every_indicator_after_the_year)
{
	xf_assess_row rows[2];

	count(D(2026, 3, 1), rows);
	/* A: case 1 seq 1 (A1, on time) + case 2 route (on time); case 3's is
	 * due in 2026, case 8's was cancelled. U: case 1 seq 2 late, seq 3
	 * on time — the transfer splits case 1's clocks between units. */
	EQ(0, XF_IND_ACCEPT_ON_TIME, 2, 2);
	EQ(1, XF_IND_ACCEPT_ON_TIME, 1, 2);
	/* A: case 2 still open past 12-10 (late), case 5 met late → 0 of 2.
	 * U: case 1 before due, case 4 on its due day → 2 of 2. */
	EQ(0, XF_IND_COMPLETE_ON_TIME, 0, 2);
	EQ(1, XF_IND_COMPLETE_ON_TIME, 2, 2);
	/* A: one basically satisfied; U: one satisfied, one dissatisfied. */
	EQ(0, XF_IND_SATISFACTION, 1, 1);
	EQ(1, XF_IND_SATISFACTION, 1, 2);
	/* Received in 2025 and owned now: A has cases 2, 3, 8 (none repeat);
	 * U has case 1 (repeat). */
	EQ(0, XF_IND_REPEAT, 0, 3);
	EQ(1, XF_IND_REPEAT, 1, 1);
	cr_expect_eq(rows[0].volume, 3);
	cr_expect_eq(rows[1].volume, 1);
	cr_expect_eq(rows[0].v[XF_IND_LEAPFROG].num, 1);	/* case 3 */
	cr_expect_eq(rows[0].v[XF_IND_COLLECTIVE].num, 1);	/* case 2 */
	cr_expect_eq(rows[1].v[XF_IND_LEAPFROG].num, 0);
	cr_expect_eq(rows[1].v[XF_IND_COLLECTIVE].num, 0);
	/* Supervisions raised in 2025: A two (one closed), U one (closed in
	 * 2026, after the period: not closed for 2025). */
	cr_expect_eq(rows[0].v[XF_IND_SUPERVISION_COUNT].num, 2);
	cr_expect_eq(rows[1].v[XF_IND_SUPERVISION_COUNT].num, 1);
	EQ(0, XF_IND_SUPERVISION_CLOSURE, 1, 2);
	EQ(1, XF_IND_SUPERVISION_CLOSURE, 0, 1);
	/* Backlog: A case 5 open (6 ended, 7 closed in 2024) → 0 of 1; U case
	 * 4 closed in February → 1 of 1. */
	EQ(0, XF_IND_BACKLOG_CLEARED, 0, 1);
	EQ(1, XF_IND_BACKLOG_CLEARED, 1, 1);
	/* Entry, by the registering unit: A registered cases 1, 2, 3, 8, all
	 * on time but case 3 → 3 of 4; U registered none in 2025. */
	EQ(0, XF_IND_ENTRY_ON_TIME, 3, 4);
	EQ(1, XF_IND_ENTRY_ON_TIME, 0, 0);
	cr_expect_eq(xf_assess_value(XF_IND_ENTRY_ON_TIME,
	    &rows[1].v[XF_IND_ENTRY_ON_TIME]), -1);
	cr_expect_float_eq(xf_assess_value(XF_IND_ENTRY_ON_TIME,
	    &rows[0].v[XF_IND_ENTRY_ON_TIME]), 0.75, 1e-9);
}

Test(assess_store, an_open_deadline_not_yet_due_is_not_counted)
{
	xf_assess_row rows[2];

	/* On 2025-12-05 case 2's handling (due 12-10) is open but not due:
	 * left out, so A's completion is 0 of 1 (case 5 only). On 12-11 it
	 * is overdue and counts as late. */
	count(D(2025, 12, 5), rows);
	EQ(0, XF_IND_COMPLETE_ON_TIME, 0, 1);
	count(D(2025, 12, 11), rows);
	EQ(0, XF_IND_COMPLETE_ON_TIME, 0, 2);
	/* On its due day it is still not late. */
	count(D(2025, 12, 10), rows);
	EQ(0, XF_IND_COMPLETE_ON_TIME, 0, 1);
}

Test(assess_store, the_drill_down_lists_the_cases_behind_the_numbers)
{
	xf_assess_period p;
	xf_error err;
	json_t *items;
	int64_t total;

	cr_assert_eq(xf_assess_year(2025, D(2026, 3, 1), &p.from, &p.to,
	    &p.as_of, &err), 0);
	p.cal = cal;
	/* U's acceptance denominator: case 1 twice (seq 2 late, seq 3). */
	cr_assert_eq(xf_store_assess_cases(st, &p, XF_IND_ACCEPT_ON_TIME, 0,
	    "[5]", 50, 0, &items, &total, &err), 0, "%s", err.message);
	cr_expect_eq(total, 2);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(items,
	    0), "case_id")), 1);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(items,
	    0), "kind")), "route");
	cr_expect(json_is_false(json_object_get(json_array_get(items, 0),
	    "on_time")));
	json_decref(items);
	/* A's completion numerator is empty; its denominator is cases 5, 2. */
	cr_assert_eq(xf_store_assess_cases(st, &p, XF_IND_COMPLETE_ON_TIME, 1,
	    "[2,3,4]", 50, 0, &items, &total, &err), 0);
	cr_expect_eq(total, 0);
	json_decref(items);
	cr_assert_eq(xf_store_assess_cases(st, &p, XF_IND_COMPLETE_ON_TIME, 0,
	    "[2,3,4]", 50, 0, &items, &total, &err), 0);
	cr_expect_eq(total, 2);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(items,
	    0), "case_id")), 5);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(items,
	    1), "case_id")), 2);
	json_decref(items);
	/* Entry: the late one is case 3, with its limit 12-22. */
	cr_assert_eq(xf_store_assess_cases(st, &p, XF_IND_ENTRY_ON_TIME, 0,
	    "[2,3,4]", 50, 0, &items, &total, &err), 0, "%s", err.message);
	cr_expect_eq(total, 4);
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *o = json_array_get(items, i);

		if (json_integer_value(json_object_get(o, "case_id")) == 3)
			cr_expect_str_eq(json_string_value(json_object_get(o,
			    "limit")), "2025-12-22");
	}
	json_decref(items);
}

Test(assess_store, weights_default_then_stored)
{
	double w[XF_IND_COUNT], sum = 0;
	xf_error err;

	cr_assert_eq(xf_store_assess_weights(st, w, &err), 0);
	for (int i = 0; i < XF_IND_COUNT; i++)
		sum += w[i];
	cr_expect_float_eq(sum, 100.0, 1e-9);
	cr_assert_eq(xf_store_assess_set_weight(st, XF_IND_REPEAT, 30, 1, &err),
	    0);
	cr_assert_eq(xf_store_assess_weights(st, w, &err), 0);
	cr_expect_float_eq(w[XF_IND_REPEAT], 30.0, 1e-9);
	cr_expect_float_eq(w[XF_IND_SATISFACTION], 15.0, 1e-9);
}

/* ---- scoring (pure) ---------------------------------------------------------- */

Test(assess_score, rates_and_counts_weighted_and_ranked)
{
	xf_assess_row r[3];
	double w[XF_IND_COUNT] = { 0 };

	memset(r, 0, sizeof(r));
	w[XF_IND_ACCEPT_ON_TIME] = 1;
	w[XF_IND_SUPERVISION_COUNT] = 1;
	r[0].unit_id = 10;
	r[0].volume = 10;
	r[0].v[XF_IND_ACCEPT_ON_TIME] = (xf_ind_value){ 3, 4 };
	r[0].v[XF_IND_SUPERVISION_COUNT].num = 2;	/* 0.2 per matter: worst */
	r[1].unit_id = 11;
	r[1].volume = 5;
	r[1].v[XF_IND_ACCEPT_ON_TIME] = (xf_ind_value){ 1, 2 };
	r[1].v[XF_IND_SUPERVISION_COUNT].num = 0;	/* best */
	r[2].unit_id = 12;
	r[2].volume = 10;
	r[2].v[XF_IND_SUPERVISION_COUNT].num = 1;	/* 0.1: halfway */
	xf_assess_score(r, 3, w);
	/* row 0: accept 75, count 0 → (75 + 0) / 2 = 37.5
	 * row 1: accept 50, count 100 → 75
	 * row 2: no acceptance data: left out; count 50 → 50 alone */
	cr_expect_float_eq(r[0].score, 37.5, 1e-9);
	cr_expect_float_eq(r[1].score, 75.0, 1e-9);
	cr_expect_float_eq(r[2].score, 50.0, 1e-9);
	cr_expect_eq(r[2].sub[XF_IND_ACCEPT_ON_TIME], -1);
	cr_expect_eq(r[1].rank, 1);
	cr_expect_eq(r[2].rank, 2);
	cr_expect_eq(r[0].rank, 3);
}

Test(assess_score, lower_is_better_and_ties_share_a_rank)
{
	xf_assess_row r[3];
	double w[XF_IND_COUNT] = { 0 };

	memset(r, 0, sizeof(r));
	w[XF_IND_REPEAT] = 10;
	r[0].unit_id = 1;
	r[0].v[XF_IND_REPEAT] = (xf_ind_value){ 1, 4 };	/* 100 − 25 = 75 */
	r[1].unit_id = 2;
	r[1].v[XF_IND_REPEAT] = (xf_ind_value){ 2, 8 };	/* 75 */
	r[2].unit_id = 3;
	r[2].v[XF_IND_REPEAT] = (xf_ind_value){ 0, 8 };	/* 100 */
	xf_assess_score(r, 3, w);
	cr_expect_float_eq(r[0].score, 75.0, 1e-9);
	cr_expect_eq(r[2].rank, 1);
	cr_expect_eq(r[0].rank, 2);
	cr_expect_eq(r[1].rank, 2);
}

Test(assess_score, every_indicator_has_a_definition_and_weights_sum_to_100)
{
	double sum = 0;

	for (int i = 0; i < XF_IND_COUNT; i++) {
		const xf_indicator_def *d = xf_assess_def((xf_indicator)i);

		cr_assert_not_null(d);
		cr_expect_gt(strlen(d->definition), 30, "%s", d->name);
		cr_expect_eq(xf_assess_parse(d->name), i);
		sum += d->weight;
	}
	cr_expect_float_eq(sum, 100.0, 1e-9);
	cr_expect_eq(xf_assess_parse("accept_on_time_rate"),
	    XF_IND_ACCEPT_ON_TIME);
	cr_expect_eq(xf_assess_parse("supervision_count"),
	    XF_IND_SUPERVISION_COUNT);
	cr_expect_eq(xf_assess_parse("nope"), -1);
	cr_expect_null(xf_assess_def(XF_IND_COUNT));
}

Test(assess_score, the_year_and_its_cut_off)
{
	xf_date f, t, a;
	xf_error err;

	cr_assert_eq(xf_assess_year(2025, D(2025, 7, 1), &f, &t, &a, &err), 0);
	cr_expect_eq(f, D(2025, 1, 1));
	cr_expect_eq(t, D(2025, 12, 31));
	cr_expect_eq(a, D(2025, 7, 1));
	cr_assert_eq(xf_assess_year(2024, D(2025, 7, 1), &f, &t, &a, &err), 0);
	cr_expect_eq(a, D(2025, 1, 1));
	cr_expect_eq(xf_assess_year(2026, D(2025, 7, 1), &f, &t, &a, &err), -1);
	cr_expect_str_eq(err.field, "year");
}

Test(assess_score, entry_limit_skips_rest_days)
{
	xf_calendar *c = xf_calendar_new();
	xf_error err;

	cr_assert_eq(xf_calendar_load_dir(c, XF_TEST_DATADIR "/calendar", &err),
	    0);
	/* Friday → Monday; Tuesday → Wednesday; 2025-10-01 → 10-09 (National
	 * Day and Mid-Autumn 10-01..10-08); Sat 2025-09-27 → Sun 09-28, a
	 * make-up working day. */
	cr_expect_eq(xf_assess_entry_limit(c, D(2025, 3, 7)), D(2025, 3, 10));
	cr_expect_eq(xf_assess_entry_limit(c, D(2025, 3, 4)), D(2025, 3, 5));
	cr_expect_eq(xf_assess_entry_limit(c, D(2025, 10, 1)), D(2025, 10, 9));
	cr_expect_eq(xf_assess_entry_limit(c, D(2025, 9, 27)), D(2025, 9, 28));
	xf_calendar_free(c);
}

/* A unit with no petition and no clock in the period has nothing to be
 * assessed on: listed, not ranked, and never above a unit that worked. */
Test(assess_score, a_unit_with_nothing_to_assess_is_not_ranked)
{
	xf_assess_row r[3];
	double w[XF_IND_COUNT];

	memset(r, 0, sizeof(r));
	for (int i = 0; i < XF_IND_COUNT; i++)
		w[i] = xf_assess_def((xf_indicator)i)->weight;
	r[0].unit_id = 1;
	r[0].volume = 10;
	r[0].v[XF_IND_ACCEPT_ON_TIME] = (xf_ind_value){ 9, 10 };
	r[1].unit_id = 2;	/* nothing at all */
	r[2].unit_id = 3;
	r[2].volume = 4;
	r[2].v[XF_IND_ACCEPT_ON_TIME] = (xf_ind_value){ 2, 4 };
	xf_assess_score(r, 3, w);
	cr_expect_eq(r[1].rank, 0);
	cr_expect_lt(r[1].score, 0);
	cr_expect_eq(r[0].rank, 1);
	cr_expect_eq(r[2].rank, 2);
}

/* Counting periods exactly as SPEC §4 says. */
#include <string.h>

#include <criterion/criterion.h>

#include "core/period.h"

static xf_calendar *cal;

static xf_date
D(const char *s)
{
	xf_date d;

	cr_assert_eq(xf_date_parse(s, &d), 0, "bad test date %s", s);
	return d;
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

TestSuite(period, .init = setup, .fini = teardown);

static xf_date
due_of(const char *event, int n, xf_period_unit unit, int ext,
    const xf_pause *pauses, size_t np)
{
	xf_period p = { D(event), n, unit, ext, pauses, np };
	xf_error err;
	xf_date due;
	int prov = -1;

	cr_assert_eq(xf_period_due(cal, &p, 0, &due, &prov, &err), 0, "%s",
	    err.message);
	cr_assert_eq(prov, 0);
	return due;
}

#define DUE(ev, n, unit) due_of(ev, n, unit, 0, NULL, 0)

/* The eight worked examples of SPEC §4, one test each. */
Test(period, spec1_acceptance_notice_across_spring_festival)
{
	cr_assert_eq(DUE("2025-01-20", 15, XF_UNIT_CALENDAR), D("2025-02-05"));
}

Test(period, spec2_objection_counts_makeup_sunday)
{
	cr_assert_eq(DUE("2025-01-24", 5, XF_UNIT_WORKING), D("2025-02-07"));
}

Test(period, spec3_handling_moved_past_national_day)
{
	cr_assert_eq(DUE("2025-08-04", 60, XF_UNIT_CALENDAR), D("2025-10-09"));
}

Test(period, spec4_extension_is_one_period)
{
	cr_assert_eq(due_of("2025-08-04", 60, XF_UNIT_CALENDAR, 30, NULL, 0),
	    D("2025-11-03"));
}

Test(period, spec5_recheck_with_hearing_pause_ends_on_makeup_saturday)
{
	xf_pause pz = { D("2025-09-15"), D("2025-09-18") };

	cr_assert_eq(due_of("2025-09-08", 30, XF_UNIT_CALENDAR, 0, &pz, 1),
	    D("2025-10-11"));
}

Test(period, spec6_year_boundary_lands_on_makeup_sunday)
{
	cr_assert_eq(DUE("2025-12-17", 15, XF_UNIT_CALENDAR), D("2026-01-04"));
}

Test(period, spec7_simple_procedure_ten_working_days)
{
	cr_assert_eq(DUE("2025-09-28", 10, XF_UNIT_WORKING), D("2025-10-17"));
}

/* R2022 34 grants an extension in days: a simple case's 10 working days
 * (due 10-17) extended by 30 days end on 11-16, a Sunday, so 11-17 — not
 * 30 more working days (11-28). */
Test(period, extension_of_a_working_day_period_is_in_days)
{
	cr_assert_eq(due_of("2025-09-28", 10, XF_UNIT_WORKING, 30, NULL, 0),
	    D("2025-11-17"));
	cr_assert_eq(due_of("2025-09-28", 10, XF_UNIT_WORKING, 1, NULL, 0),
	    D("2025-10-20"));	/* 10-18 is a Saturday */
	cr_assert_eq(due_of("2025-09-28", 10, XF_UNIT_CALENDAR, 30, NULL, 0),
	    D("2025-11-07"));	/* calendar periods as before: 40 days */
}

Test(period, spec8_zero_days_from_a_holiday)
{
	cr_assert_eq(DUE("2025-04-04", 0, XF_UNIT_CALENDAR), D("2025-04-07"));
}

Test(period, zero_days)
{
	cr_assert_eq(DUE("2025-04-03", 0, XF_UNIT_CALENDAR), D("2025-04-03"));
	cr_assert_eq(DUE("2025-04-03", 0, XF_UNIT_WORKING), D("2025-04-03"));
	cr_assert_eq(DUE("2025-04-05", 0, XF_UNIT_WORKING), D("2025-04-07"));
	cr_assert_eq(DUE("2025-01-26", 0, XF_UNIT_CALENDAR), D("2025-01-26"));
}

Test(period, ending_on_a_makeup_saturday_is_not_moved)
{
	/* 2025-10-11 is a make-up Saturday. */
	cr_assert_eq(DUE("2025-10-01", 10, XF_UNIT_CALENDAR), D("2025-10-11"));
	cr_assert_eq(DUE("2025-02-07", 1, XF_UNIT_CALENDAR), D("2025-02-08"));
}

Test(period, ending_inside_spring_festival_is_moved_past_it)
{
	cr_assert_eq(DUE("2025-01-27", 1, XF_UNIT_CALENDAR), D("2025-02-05"));
	cr_assert_eq(DUE("2024-02-01", 10, XF_UNIT_CALENDAR), D("2024-02-18"));
	cr_assert_eq(DUE("2020-01-20", 10, XF_UNIT_CALENDAR), D("2020-02-03"));
}

Test(period, year_boundaries)
{
	/* 2018-12-29 is a make-up Saturday; 12-30…01-01 rest. */
	cr_assert_eq(DUE("2018-12-28", 1, XF_UNIT_WORKING), D("2018-12-29"));
	cr_assert_eq(DUE("2018-12-29", 1, XF_UNIT_WORKING), D("2019-01-02"));
	cr_assert_eq(DUE("2022-12-30", 1, XF_UNIT_CALENDAR), D("2023-01-03"));
	cr_assert_eq(DUE("2007-12-28", 2, XF_UNIT_CALENDAR), D("2008-01-02"));
	cr_assert_eq(DUE("2025-12-31", 1, XF_UNIT_WORKING), D("2026-01-04"));
}

Test(period, leap_years)
{
	cr_assert_eq(DUE("2008-02-28", 1, XF_UNIT_CALENDAR), D("2008-02-29"));
	cr_assert_eq(DUE("2024-01-30", 30, XF_UNIT_CALENDAR), D("2024-02-29"));
	cr_assert_eq(DUE("2024-02-29", 1, XF_UNIT_CALENDAR), D("2024-03-01"));
	cr_assert_eq(DUE("2024-02-28", 1, XF_UNIT_WORKING), D("2024-02-29"));
	cr_assert_eq(DUE("2023-02-28", 365, XF_UNIT_CALENDAR), D("2024-02-28"));
}

Test(period, working_day_pause_skips_paused_days)
{
	/* Paused on Mon 2025-03-03, resumed Thu 03-06: 3 working days skipped. */
	xf_pause pz = { D("2025-03-03"), D("2025-03-06") };

	cr_assert_eq(DUE("2025-02-28", 5, XF_UNIT_WORKING), D("2025-03-07"));
	cr_assert_eq(due_of("2025-02-28", 5, XF_UNIT_WORKING, 0, &pz, 1),
	    D("2025-03-12"));
}

Test(period, open_pause_means_no_due_date)
{
	xf_pause pz = { D("2025-09-15"), XF_DATE_NONE };
	xf_period p = { D("2025-09-08"), 30, XF_UNIT_CALENDAR, 0, &pz, 1 };
	xf_error err;
	xf_date due = 0;

	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), 1);
	cr_assert_eq(due, XF_DATE_NONE);
}

Test(period, bad_input_is_refused)
{
	xf_pause before = { D("2025-09-01"), D("2025-09-03") };
	xf_pause back = { D("2025-09-20"), D("2025-09-10") };
	xf_pause overlap[] = { { D("2025-09-10"), D("2025-09-15") },
	    { D("2025-09-12"), D("2025-09-20") } };
	xf_period p = { D("2025-09-08"), 3651, XF_UNIT_CALENDAR, 0, NULL, 0 };
	xf_error err;
	xf_date due;

	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), -1);
	cr_assert_eq(err.code, XF_E_INVALID);
	p.days = -1;
	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), -1);
	p.days = 30;
	p.pauses = &before;
	p.npauses = 1;
	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), -1);
	p.pauses = &back;
	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), -1);
	p.pauses = overlap;
	p.npauses = 2;
	cr_assert_eq(xf_period_due(cal, &p, 0, &due, NULL, &err), -1);
	cr_assert(strstr(err.message, "重叠") != NULL);
}

Test(period, year_without_data_refused_or_provisional)
{
	xf_period p = { D("2026-12-20"), 15, XF_UNIT_CALENDAR, 0, NULL, 0 };
	xf_error err;
	xf_date due;
	int prov = 0;

	cr_assert_eq(xf_period_due(cal, &p, 0, &due, &prov, &err), -1);
	cr_assert_eq(err.code, XF_E_NO_CALENDAR);
	cr_assert(strstr(err.message, "2027年的节假日安排尚未录入") != NULL);
	cr_assert_eq(xf_period_due(cal, &p, 1, &due, &prov, &err), 0);
	cr_assert_eq(due, D("2027-01-04"));	/* weekends alone: a Monday */
	cr_assert_eq(prov, 1);
	/* Loading 2027 would change it: a fabricated year, holiday 01-04. */
	{
		xf_date h[] = { D("2027-01-01"), D("2027-01-04"),
		    D("2027-10-01") };

		cr_assert_eq(xf_calendar_set_year(cal, 2027, h, 3, NULL, 0,
		    "test", &err), 0);
		cr_assert_eq(xf_period_due(cal, &p, 0, &due, &prov, &err), 0);
		cr_assert_eq(due, D("2027-01-05"));
		cr_assert_eq(prov, 0);
	}
}

Test(period, working_between)
{
	xf_error err;

	cr_assert_eq(xf_period_working_between(cal, D("2025-01-24"),
	    D("2025-02-07"), &err), 5);
	cr_assert_eq(xf_period_working_between(cal, D("2025-02-07"),
	    D("2025-01-24"), &err), 0);
	cr_assert_eq(xf_period_working_between(cal, D("2024-12-31"),
	    D("2025-12-31"), &err), 248);	/* 261 weekdays − 18 holidays + 5 make-ups */
}

/* Properties over every event day 2004–2026. Brute force with
 * is_workday is the reference; nothing here uses the fast paths. */
Test(period, properties_over_every_day, .timeout = 240)
{
	static const int ns[] = { 0, 1, 5, 10, 15, 30, 60, 90, 365 };
	xf_date e, last = D("2026-12-31"), due, prev, d;
	xf_error err;
	size_t k;
	int u, cnt, rc;

	for (e = D("2004-01-01"); e <= last; e++) {
		for (u = 0; u < 2; u++) {
			prev = XF_DATE_NONE;
			for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
				xf_period p = { e, ns[k], (xf_period_unit)u, 0,
				    NULL, 0 };

				rc = xf_period_due(cal, &p, 0, &due, NULL, &err);
				if (rc == -1) {
					/* Only because it runs into 2027. */
					cr_assert_eq(err.code, XF_E_NO_CALENDAR);
					cr_assert_gt(e + ns[k], last - 30 -
					    ns[k] / 2);
					break;
				}
				cr_assert_eq(xf_calendar_is_workday(cal, due,
				    &err), 1);
				if (prev != XF_DATE_NONE)
					cr_assert_geq(due, prev);
				prev = due;
				if (u == XF_UNIT_CALENDAR) {
					/* roll: every day from E+N to due−1 rests */
					cr_assert_geq(due, e + ns[k]);
					for (d = e + ns[k]; d < due; d++)
						cr_assert_eq(xf_calendar_is_workday(
						    cal, d, &err), 0);
				} else if (ns[k] > 0) {
					for (cnt = 0, d = e + 1; d <= due; d++)
						cnt += xf_calendar_is_workday(cal,
						    d, &err);
					cr_assert_eq(cnt, ns[k]);
					cr_assert_eq(xf_period_working_between(
					    cal, e, due, &err), ns[k]);
				}
			}
		}
	}
}

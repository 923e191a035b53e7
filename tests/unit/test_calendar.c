/* The shipped official calendar against a table typed independently from
 * each year's 国务院办公厅 notice (not read from data/calendar): every rest
 * stretch that contains a festival, with its first and last day, and every
 * make-up working day. Together they fix the status of every day from
 * 2004-01-01 to 2026-12-31. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/calendar.h"

/* Maximal runs of rest days around each festival: the day before `first`
 * and the day after `last` are working days. */
static const struct { const char *name, *first, *last; } blocks[] = {
	{ "元旦", "2004-01-01", "2004-01-01" }, { "春节", "2004-01-22", "2004-01-28" },
	{ "劳动节", "2004-05-01", "2004-05-07" }, { "国庆节", "2004-10-01", "2004-10-07" },
	{ "元旦", "2005-01-01", "2005-01-03" }, { "春节", "2005-02-09", "2005-02-15" },
	{ "劳动节", "2005-05-01", "2005-05-07" }, { "国庆节", "2005-10-01", "2005-10-07" },
	{ "元旦", "2006-01-01", "2006-01-03" }, { "春节", "2006-01-29", "2006-02-04" },
	{ "劳动节", "2006-05-01", "2006-05-07" }, { "国庆节", "2006-10-01", "2006-10-07" },
	{ "元旦", "2007-01-01", "2007-01-03" }, { "春节", "2007-02-18", "2007-02-24" },
	{ "劳动节", "2007-05-01", "2007-05-07" }, { "国庆节", "2007-10-01", "2007-10-07" },
	{ "元旦", "2007-12-30", "2008-01-01" }, { "春节", "2008-02-06", "2008-02-12" },
	{ "清明节", "2008-04-04", "2008-04-06" }, { "劳动节", "2008-05-01", "2008-05-03" },
	{ "端午节", "2008-06-07", "2008-06-09" }, { "中秋节", "2008-09-13", "2008-09-15" },
	{ "国庆节", "2008-09-29", "2008-10-05" },
	{ "元旦", "2009-01-01", "2009-01-03" }, { "春节", "2009-01-25", "2009-01-31" },
	{ "清明节", "2009-04-04", "2009-04-06" }, { "劳动节", "2009-05-01", "2009-05-03" },
	{ "端午节", "2009-05-28", "2009-05-30" }, { "国庆节、中秋节", "2009-10-01", "2009-10-08" },
	{ "元旦", "2010-01-01", "2010-01-03" }, { "春节", "2010-02-13", "2010-02-19" },
	{ "清明节", "2010-04-03", "2010-04-05" }, { "劳动节", "2010-05-01", "2010-05-03" },
	{ "端午节", "2010-06-14", "2010-06-16" }, { "中秋节", "2010-09-22", "2010-09-24" },
	{ "国庆节", "2010-10-01", "2010-10-07" },
	{ "元旦", "2011-01-01", "2011-01-03" }, { "春节", "2011-02-02", "2011-02-08" },
	{ "清明节", "2011-04-03", "2011-04-05" }, { "劳动节", "2011-04-30", "2011-05-02" },
	{ "端午节", "2011-06-04", "2011-06-06" }, { "中秋节", "2011-09-10", "2011-09-12" },
	{ "国庆节", "2011-10-01", "2011-10-07" },
	{ "元旦", "2012-01-01", "2012-01-03" }, { "春节", "2012-01-22", "2012-01-28" },
	{ "清明节", "2012-04-02", "2012-04-04" }, { "劳动节", "2012-04-29", "2012-05-01" },
	{ "端午节", "2012-06-22", "2012-06-24" }, { "中秋节、国庆节", "2012-09-30", "2012-10-07" },
	{ "元旦", "2013-01-01", "2013-01-03" }, { "春节", "2013-02-09", "2013-02-15" },
	{ "清明节", "2013-04-04", "2013-04-06" }, { "劳动节", "2013-04-29", "2013-05-01" },
	{ "端午节", "2013-06-10", "2013-06-12" }, { "中秋节", "2013-09-19", "2013-09-21" },
	{ "国庆节", "2013-10-01", "2013-10-07" },
	{ "元旦", "2014-01-01", "2014-01-01" }, { "春节", "2014-01-31", "2014-02-06" },
	{ "清明节", "2014-04-05", "2014-04-07" }, { "劳动节", "2014-05-01", "2014-05-03" },
	{ "端午节", "2014-05-31", "2014-06-02" }, { "中秋节", "2014-09-06", "2014-09-08" },
	{ "国庆节", "2014-10-01", "2014-10-07" },
	{ "元旦", "2015-01-01", "2015-01-03" }, { "春节", "2015-02-18", "2015-02-24" },
	{ "清明节", "2015-04-04", "2015-04-06" }, { "劳动节", "2015-05-01", "2015-05-03" },
	{ "端午节", "2015-06-20", "2015-06-22" }, { "抗战胜利70周年", "2015-09-03", "2015-09-05" },
	{ "中秋节", "2015-09-26", "2015-09-27" }, { "国庆节", "2015-10-01", "2015-10-07" },
	{ "元旦", "2016-01-01", "2016-01-03" }, { "春节", "2016-02-07", "2016-02-13" },
	{ "清明节", "2016-04-02", "2016-04-04" }, { "劳动节", "2016-04-30", "2016-05-02" },
	{ "端午节", "2016-06-09", "2016-06-11" }, { "中秋节", "2016-09-15", "2016-09-17" },
	{ "国庆节", "2016-10-01", "2016-10-07" },
	{ "元旦", "2016-12-31", "2017-01-02" }, { "春节", "2017-01-27", "2017-02-02" },
	{ "清明节", "2017-04-02", "2017-04-04" }, { "劳动节", "2017-04-29", "2017-05-01" },
	{ "端午节", "2017-05-28", "2017-05-30" }, { "国庆节、中秋节", "2017-10-01", "2017-10-08" },
	{ "元旦", "2017-12-30", "2018-01-01" }, { "春节", "2018-02-15", "2018-02-21" },
	{ "清明节", "2018-04-05", "2018-04-07" }, { "劳动节", "2018-04-29", "2018-05-01" },
	{ "端午节", "2018-06-16", "2018-06-18" }, { "中秋节", "2018-09-22", "2018-09-24" },
	{ "国庆节", "2018-10-01", "2018-10-07" },
	{ "元旦", "2018-12-30", "2019-01-01" }, { "春节", "2019-02-04", "2019-02-10" },
	{ "清明节", "2019-04-05", "2019-04-07" }, { "劳动节", "2019-05-01", "2019-05-04" },
	{ "端午节", "2019-06-07", "2019-06-09" }, { "中秋节", "2019-09-13", "2019-09-15" },
	{ "国庆节", "2019-10-01", "2019-10-07" },
	{ "元旦", "2020-01-01", "2020-01-01" }, { "春节（延长）", "2020-01-24", "2020-02-02" },
	{ "清明节", "2020-04-04", "2020-04-06" }, { "劳动节", "2020-05-01", "2020-05-05" },
	{ "端午节", "2020-06-25", "2020-06-27" }, { "国庆节、中秋节", "2020-10-01", "2020-10-08" },
	{ "元旦", "2021-01-01", "2021-01-03" }, { "春节", "2021-02-11", "2021-02-17" },
	{ "清明节", "2021-04-03", "2021-04-05" }, { "劳动节", "2021-05-01", "2021-05-05" },
	{ "端午节", "2021-06-12", "2021-06-14" }, { "中秋节", "2021-09-19", "2021-09-21" },
	{ "国庆节", "2021-10-01", "2021-10-07" },
	{ "元旦", "2022-01-01", "2022-01-03" }, { "春节", "2022-01-31", "2022-02-06" },
	{ "清明节", "2022-04-03", "2022-04-05" }, { "劳动节", "2022-04-30", "2022-05-04" },
	{ "端午节", "2022-06-03", "2022-06-05" }, { "中秋节", "2022-09-10", "2022-09-12" },
	{ "国庆节", "2022-10-01", "2022-10-07" },
	{ "元旦", "2022-12-31", "2023-01-02" }, { "春节", "2023-01-21", "2023-01-27" },
	{ "清明节", "2023-04-05", "2023-04-05" }, { "劳动节", "2023-04-29", "2023-05-03" },
	{ "端午节", "2023-06-22", "2023-06-24" }, { "中秋节、国庆节", "2023-09-29", "2023-10-06" },
	{ "元旦", "2023-12-30", "2024-01-01" }, { "春节", "2024-02-10", "2024-02-17" },
	{ "清明节", "2024-04-04", "2024-04-06" }, { "劳动节", "2024-05-01", "2024-05-05" },
	{ "端午节", "2024-06-08", "2024-06-10" }, { "中秋节", "2024-09-15", "2024-09-17" },
	{ "国庆节", "2024-10-01", "2024-10-07" },
	{ "元旦", "2025-01-01", "2025-01-01" }, { "春节", "2025-01-28", "2025-02-04" },
	{ "清明节", "2025-04-04", "2025-04-06" }, { "劳动节", "2025-05-01", "2025-05-05" },
	{ "端午节", "2025-05-31", "2025-06-02" }, { "国庆节、中秋节", "2025-10-01", "2025-10-08" },
	{ "元旦", "2026-01-01", "2026-01-03" }, { "春节", "2026-02-15", "2026-02-23" },
	{ "清明节", "2026-04-04", "2026-04-06" }, { "劳动节", "2026-05-01", "2026-05-05" },
	{ "端午节", "2026-06-19", "2026-06-21" }, { "中秋节", "2026-09-25", "2026-09-27" },
	{ "国庆节", "2026-10-01", "2026-10-07" },
};

/* Every weekend day the notices make a working day (调休上班). */
static const char *const makeups[] = {
	"2004-01-17", "2004-01-18", "2004-05-08", "2004-05-09", "2004-10-09", "2004-10-10",
	"2005-02-05", "2005-02-06", "2005-04-30", "2005-05-08", "2005-10-08", "2005-10-09",
	"2005-12-31",
	"2006-01-28", "2006-02-05", "2006-04-29", "2006-04-30", "2006-09-30", "2006-10-08",
	"2006-12-30", "2006-12-31",
	"2007-02-17", "2007-02-25", "2007-04-28", "2007-04-29", "2007-09-29", "2007-09-30",
	"2007-12-29",
	"2008-02-02", "2008-02-03", "2008-05-04", "2008-09-27", "2008-09-28",
	"2009-01-04", "2009-01-24", "2009-02-01", "2009-05-31", "2009-09-27", "2009-10-10",
	"2010-02-20", "2010-02-21", "2010-06-12", "2010-06-13", "2010-09-19", "2010-09-25",
	"2010-09-26", "2010-10-09",
	"2011-01-30", "2011-02-12", "2011-04-02", "2011-10-08", "2011-10-09", "2011-12-31",
	"2012-01-21", "2012-01-29", "2012-03-31", "2012-04-01", "2012-04-28", "2012-09-29",
	"2013-01-05", "2013-01-06", "2013-02-16", "2013-02-17", "2013-04-07", "2013-04-27",
	"2013-04-28", "2013-06-08", "2013-06-09", "2013-09-22", "2013-09-29", "2013-10-12",
	"2014-01-26", "2014-02-08", "2014-05-04", "2014-09-28", "2014-10-11",
	"2015-01-04", "2015-02-15", "2015-02-28", "2015-09-06", "2015-10-10",
	"2016-02-06", "2016-02-14", "2016-06-12", "2016-09-18", "2016-10-08", "2016-10-09",
	"2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30",
	"2018-02-11", "2018-02-24", "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30",
	"2018-12-29",
	"2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12",
	"2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10",
	"2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26",
	"2021-10-09",
	"2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08",
	"2022-10-09",
	"2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07",
	"2023-10-08",
	"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
	"2024-09-29", "2024-10-12",
	"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};

#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))
#define NMAKEUPS (sizeof(makeups) / sizeof(makeups[0]))

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

static int
work(xf_date d)
{
	xf_error err;
	int w = xf_calendar_is_workday(cal, d, &err);

	cr_assert_neq(w, -1, "%s", err.message);
	return w;
}

TestSuite(calendar, .init = setup, .fini = teardown);

Test(calendar, ships_every_year_2004_to_2026_with_a_source)
{
	int years[300];
	size_t n = xf_calendar_years(cal, years, 300), i;

	cr_assert_eq(n, 23);
	for (i = 0; i < n; i++) {
		cr_assert_eq(years[i], 2004 + (int)i);
		cr_assert(strstr(xf_calendar_source(cal, years[i]),
		    "部分节假日安排的通知") != NULL);
	}
	cr_assert(strstr(xf_calendar_source(cal, 2020), "国办发明电〔2020〕1号"));
	cr_assert(strstr(xf_calendar_source(cal, 2015), "国发明电〔2015〕1号"));
	cr_assert(strstr(xf_calendar_source(cal, 2025), "国办发明电〔2024〕12号"));
}

Test(calendar, every_holiday_block_has_its_first_and_last_day)
{
	size_t i;
	xf_date d, a, b;

	for (i = 0; i < NBLOCKS; i++) {
		a = D(blocks[i].first);
		b = D(blocks[i].last);
		for (d = a; d <= b; d++)
			cr_assert_eq(work(d), 0, "%s %s…%s: a day inside rests",
			    blocks[i].name, blocks[i].first, blocks[i].last);
		/* 2003 has no data: the first block's eve is not checked. */
		if (xf_date_year(a - 1) >= 2004)
			cr_assert_eq(work(a - 1), 1,
			    "%s: the day before %s works", blocks[i].name,
			    blocks[i].first);
		cr_assert_eq(work(b + 1), 1, "%s: the day after %s works",
		    blocks[i].name, blocks[i].last);
	}
}

Test(calendar, every_makeup_day_is_a_working_weekend_day)
{
	size_t i;

	for (i = 0; i < NMAKEUPS; i++) {
		xf_date d = D(makeups[i]);

		cr_assert_geq(xf_date_weekday(d), 6, "%s", makeups[i]);
		cr_assert_eq(work(d), 1, "%s", makeups[i]);
		cr_assert_eq(xf_calendar_day_kind(cal, d), XF_DAY_MAKEUP,
		    "%s", makeups[i]);
	}
}

/* The table decides every day: rest iff in a block, or a weekend day that
 * is not a make-up day. Anything the data adds or omits fails here. */
Test(calendar, every_day_2004_to_2026_matches_the_notices)
{
	xf_date d, end = D("2026-12-31");
	size_t i;
	int rest, mk;

	for (d = D("2004-01-01"); d <= end; d++) {
		rest = 0;
		mk = 0;
		for (i = 0; i < NBLOCKS && !rest; i++)
			rest = d >= D(blocks[i].first) && d <= D(blocks[i].last);
		for (i = 0; i < NMAKEUPS && !mk; i++)
			mk = d == D(makeups[i]);
		if (!rest && !mk)
			rest = xf_date_weekday(d) >= 6;
		char buf[11];
		xf_date_format(d, buf);
		cr_assert_eq(work(d), !rest, "%s", buf);
	}
}

Test(calendar, day_kinds_and_names)
{
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-01-29")), XF_DAY_HOLIDAY);
	cr_assert_str_eq(xf_calendar_holiday_name(cal, D("2025-01-29")), "春节");
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-02-01")), XF_DAY_HOLIDAY);
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-03-01")), XF_DAY_WEEKEND);
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-03-03")), XF_DAY_WORK);
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-01-26")), XF_DAY_MAKEUP);
	cr_assert_eq(xf_calendar_day_kind(cal, D("2027-01-01")), -1);
	cr_assert_null(xf_calendar_holiday_name(cal, D("2025-03-03")));
	/* 2020: the extension of 国办发明电〔2020〕1号 */
	cr_assert_eq(work(D("2020-02-01")), 0);
	cr_assert_eq(work(D("2020-02-02")), 0);
	cr_assert_eq(work(D("2020-02-03")), 1);
}

Test(calendar, leap_days_are_ordinary_working_days)
{
	cr_assert_eq(work(D("2008-02-29")), 1);
	cr_assert_eq(work(D("2024-02-29")), 1);
	cr_assert_eq(xf_calendar_day_kind(cal, D("2024-02-29")), XF_DAY_WORK);
}

Test(calendar, a_year_without_data_is_an_error_not_a_guess)
{
	xf_error err;
	int prov = 0;

	xf_error_clear(&err);
	cr_assert_eq(xf_calendar_is_workday(cal, D("2027-01-04"), &err), -1);
	cr_assert_eq(err.code, XF_E_NO_CALENDAR);
	cr_assert(strstr(err.message, "2027年的节假日安排尚未录入") != NULL,
	    "%s", err.message);
	cr_assert_eq(xf_calendar_is_workday(cal, D("2003-12-31"), &err), -1);
	cr_assert_eq(err.code, XF_E_NO_CALENDAR);
	/* Provisional: weekends alone, flagged. */
	cr_assert_eq(xf_calendar_is_workday_prov(cal, D("2027-01-01"), &prov), 1);
	cr_assert_eq(prov, 1);
	cr_assert_eq(xf_calendar_is_workday_prov(cal, D("2027-01-02"), &prov), 0);
	prov = 0;
	cr_assert_eq(xf_calendar_is_workday_prov(cal, D("2025-01-29"), &prov), 0);
	cr_assert_eq(prov, 0);
}

Test(calendar, json_round_trip_and_lists)
{
	char *js = xf_calendar_year_json(cal, 2025);
	xf_calendar *c2 = xf_calendar_new();
	xf_error err;
	xf_date *h, *m, d;
	size_t nh, nm;

	cr_assert_not_null(js);
	cr_assert_eq(xf_calendar_load_json(c2, js, strlen(js), &err), 0, "%s",
	    err.message);
	for (d = D("2025-01-01"); d <= D("2025-12-31"); d++) {
		cr_assert_eq(xf_calendar_is_workday(c2, d, &err), work(d));
		cr_assert_eq(xf_calendar_day_kind(c2, d),
		    xf_calendar_day_kind(cal, d));
	}
	cr_assert_str_eq(xf_calendar_holiday_name(c2, D("2025-10-06")),
	    "国庆节、中秋节");
	cr_assert_eq(xf_calendar_year_lists(cal, 2025, &h, &nh, &m, &nm), 0);
	cr_assert_eq(nm, 5);
	cr_assert_eq(m[0], D("2025-01-26"));
	cr_assert_eq(nh, 1 + 8 + 3 + 5 + 3 + 8);
	free(h);
	free(m);
	free(js);
	xf_calendar_free(c2);
}

Test(calendar, set_year_checks_before_changing_anything)
{
	xf_error err;
	xf_date hol[] = { D("2025-01-01") }, bad_mk[] = { D("2025-01-02") };
	xf_date other[] = { D("2024-12-31") };

	cr_assert_eq(xf_calendar_set_year(cal, 2025, hol, 1, bad_mk, 1, "x",
	    &err), -1);
	cr_assert(strstr(err.message, "不是周末") != NULL);
	cr_assert_eq(xf_calendar_set_year(cal, 2025, other, 1, NULL, 0, "x",
	    &err), -1);
	cr_assert(strstr(err.message, "不在2025年内") != NULL);
	cr_assert_eq(xf_calendar_set_year(cal, 2025, hol, 1, hol, 1, "x",
	    &err), -1);
	/* Untouched. */
	cr_assert_eq(work(D("2025-01-29")), 0);
	cr_assert_eq(work(D("2025-01-26")), 1);
	cr_assert_str_eq(xf_calendar_source(cal, 2025),
	    "国办发明电〔2024〕12号 《国务院办公厅关于2025年部分节假日安排的通知》");
}

Test(calendar, json_refusals_leave_the_calendar_untouched)
{
	static const char *const bad[] = {
		"{",
		"[]",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[],\"makeups\":[]}",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-02-29\"]}],\"makeups\":[]}",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-1-1\"]}],\"makeups\":[]}",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2026-01-01\"]}],\"makeups\":[]}",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-01-01\"]}],\"makeups\":[\"2025-01-02\"]}",
		"{\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-01-01\"]}],\"makeups\":[],\"extra\":1}",
		"{\"year\":2025,\"year\":2025,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-01-01\"]}],\"makeups\":[]}",
		"{\"year\":3000,\"source\":\"s\",\"holidays\":[{\"name\":\"元旦\",\"days\":[\"3000-01-01\"]}],\"makeups\":[]}",
		"{\"year\":2025,\"holidays\":[{\"name\":\"元旦\",\"days\":[\"2025-01-01\"]}],\"makeups\":[]}",
	};
	char *before = xf_calendar_year_json(cal, 2025), *after;
	xf_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		xf_error_clear(&err);
		cr_assert_eq(xf_calendar_load_json(cal, bad[i], strlen(bad[i]),
		    &err), -1, "accepted: %s", bad[i]);
		cr_assert_neq(err.message[0], '\0');
	}
	after = xf_calendar_year_json(cal, 2025);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(calendar, clone_is_independent)
{
	xf_calendar *c2 = xf_calendar_clone(cal);

	cr_assert_eq(xf_calendar_remove_year(c2, 2025), 0);
	cr_assert_eq(xf_calendar_has_year(c2, 2025), 0);
	cr_assert_eq(xf_calendar_has_year(cal, 2025), 1);
	cr_assert_str_eq(xf_calendar_holiday_name(cal, D("2025-01-29")), "春节");
	xf_calendar_free(c2);
}

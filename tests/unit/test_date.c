/* Strict civil dates: what every deadline is built on. */
#include <criterion/criterion.h>

#include "core/date.h"

Test(date, parses_real_days_only)
{
	xf_date d;

	cr_assert_eq(xf_date_parse("2024-02-29", &d), 0);
	cr_assert_eq(xf_date_weekday(d), 4);	/* a Thursday */
	cr_assert_eq(xf_date_parse("2008-02-29", &d), 0);
	cr_assert_eq(xf_date_parse("2025-02-29", &d), -1);
	cr_assert_eq(xf_date_parse("1900-02-29", &d), -1);
	cr_assert_eq(xf_date_parse("2000-02-29", &d), 0);
	cr_assert_eq(xf_date_parse("2025-13-01", &d), -1);
	cr_assert_eq(xf_date_parse("2025-00-10", &d), -1);
	cr_assert_eq(xf_date_parse("2025-04-31", &d), -1);
	cr_assert_eq(xf_date_parse("2025-04-00", &d), -1);
}

Test(date, rejects_loose_formats_and_junk)
{
	xf_date d;

	cr_assert_eq(xf_date_parse("2025-1-1", &d), -1);
	cr_assert_eq(xf_date_parse("2025-01-1", &d), -1);
	cr_assert_eq(xf_date_parse("2025-01-01x", &d), -1);
	cr_assert_eq(xf_date_parse("2025-01-01 ", &d), -1);
	cr_assert_eq(xf_date_parse(" 2025-01-01", &d), -1);
	cr_assert_eq(xf_date_parse("2025/01/01", &d), -1);
	cr_assert_eq(xf_date_parse("20250101", &d), -1);
	cr_assert_eq(xf_date_parse("", &d), -1);
	cr_assert_eq(xf_date_parse(NULL, &d), -1);
	cr_assert_eq(xf_date_parse("+025-01-01", &d), -1);
}

Test(date, round_trips_every_day_of_the_calendar_range)
{
	xf_date d = xf_date_from_ymd(1990, 1, 1), end = xf_date_from_ymd(2200,
	    1, 1), back;
	char buf[11];
	int wd = xf_date_weekday(d);

	cr_assert_eq(wd, 1);	/* 1990-01-01 was a Monday */
	for (; d < end; d++) {
		xf_date_format(d, buf);
		cr_assert_eq(xf_date_parse(buf, &back), 0, "%s", buf);
		cr_assert_eq(back, d, "%s", buf);
		cr_assert_eq(xf_date_weekday(d), wd);
		wd = wd % 7 + 1;
	}
}

Test(date, year_boundaries)
{
	cr_assert_eq(xf_date_from_ymd(2026, 1, 1) - xf_date_from_ymd(2025, 12,
	    31), 1);
	cr_assert_eq(xf_date_year(xf_date_from_ymd(2025, 12, 31)), 2025);
	cr_assert_eq(xf_date_year(xf_date_from_ymd(2026, 1, 1)), 2026);
	cr_assert_eq(xf_date_from_ymd(2025, 3, 1) - xf_date_from_ymd(2025, 2,
	    28), 1);
	cr_assert_eq(xf_date_from_ymd(2024, 3, 1) - xf_date_from_ymd(2024, 2,
	    28), 2);
}

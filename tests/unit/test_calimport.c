/* iCalendar import: accepted when well formed, refused with the line named
 * when not, and a refusal never changes the calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/calendar.h"

#define FIXTURES XF_TEST_DATADIR "/../tests/data/calendar/"

static xf_date
D(const char *s)
{
	xf_date d;

	cr_assert_eq(xf_date_parse(s, &d), 0, "bad test date %s", s);
	return d;
}

static char *
slurp(const char *name, size_t *len)
{
	char path[512], *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", FIXTURES, name);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static xf_calendar *
shipped(void)
{
	xf_calendar *cal = xf_calendar_new();
	xf_error err;

	cr_assert_eq(xf_calendar_load_dir(cal, XF_TEST_DATADIR "/calendar",
	    &err), 0, "%s", err.message);
	return cal;
}

Test(calimport, imports_a_year_equal_to_the_official_data)
{
	xf_calendar *ref = shipped(), *cal = xf_calendar_new();
	xf_error err;
	size_t len, ny = 0;
	int years[4];
	char *ics = slurp("2025.ics", &len);
	xf_date d;

	cr_assert_eq(xf_calendar_load_ics(cal, ics, len, years, &ny, 4, &err),
	    0, "%s", err.message);
	cr_assert_eq(ny, 1);
	cr_assert_eq(years[0], 2025);
	for (d = D("2025-01-01"); d <= D("2025-12-31"); d++)
		cr_assert_eq(xf_calendar_is_workday(cal, d, &err),
		    xf_calendar_is_workday(ref, d, &err));
	/* The folded SUMMARY was unfolded, the "(休)" dropped. */
	cr_assert_str_eq(xf_calendar_holiday_name(cal, D("2025-10-06")),
	    "国庆节、中秋节");
	cr_assert_eq(xf_calendar_day_kind(cal, D("2025-10-11")), XF_DAY_MAKEUP);
	free(ics);
	xf_calendar_free(cal);
	xf_calendar_free(ref);
}

Test(calimport, a_complete_year_replaces_the_old_one)
{
	xf_calendar *cal = shipped();
	xf_error err;
	size_t len, ny = 0;
	int years[4];
	char *ics = slurp("2025-alt.ics", &len);

	cr_assert_eq(xf_calendar_is_workday(cal, D("2025-05-05"), &err), 0);
	cr_assert_eq(xf_calendar_load_ics(cal, ics, len, years, &ny, 4, &err),
	    0, "%s", err.message);
	cr_assert_eq(xf_calendar_is_workday(cal, D("2025-05-05"), &err), 1);
	cr_assert_eq(xf_calendar_is_workday(cal, D("2025-05-01"), &err), 0);
	free(ics);
	xf_calendar_free(cal);
}

static void
refused(const char *text, size_t len, const char *must_say)
{
	xf_calendar *cal = shipped();
	char *before = xf_calendar_year_json(cal, 2025), *after;
	xf_error err;
	size_t ny = 0;
	int years[4];

	xf_error_clear(&err);
	cr_assert_eq(xf_calendar_load_ics(cal, text, len, years, &ny, 4, &err),
	    -1, "accepted a bad file (expected: %s)", must_say);
	cr_assert(strstr(err.message, must_say) != NULL, "message: %s",
	    err.message);
	cr_assert_eq(ny, 0);
	after = xf_calendar_year_json(cal, 2025);
	cr_assert_str_eq(before, after, "the calendar changed");
	free(before);
	free(after);
	xf_calendar_free(cal);
}

Test(calimport, bad_date_refused_naming_the_line_calendar_untouched)
{
	size_t len;
	char *ics = slurp("bad-date.ics", &len);

	refused(ics, len, "第33行");
	free(ics);
}

Test(calimport, unterminated_file_refused)
{
	size_t len;
	char *ics = slurp("unterminated.ics", &len);

	refused(ics, len, "END:VCALENDAR");
	free(ics);
}

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
#define EV(a, b, s) "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:" a \
	"\r\nDTEND;VALUE=DATE:" b "\r\nSUMMARY:" s "\r\nEND:VEVENT\r\n"
#define TAIL "END:VCALENDAR\r\n"
#define R(s, msg) refused(s, strlen(s), msg)

Test(calimport, malformed_inputs_are_refused)
{
	R("", "为空");
	R("BEGIN:VEVENT\r\n" TAIL, "BEGIN:VCALENDAR");
	R(HEAD EV("20250101", "20250102", "元旦") TAIL, "第3行");
	R(HEAD "BEGIN:VEVENT\r\nDTSTART:20250101T000000\r\nSUMMARY:元旦(休)\r\n"
	    "END:VEVENT\r\n" TAIL, "VALUE=DATE");
	R(HEAD EV("20250105", "20250101", "元旦(休)") TAIL, "DTEND");
	R(HEAD EV("20250101", "20250102", "元旦(休)")
	    EV("20250101", "20250102", "上班(班)") TAIL, "既列为放假又列为上班");
	R(HEAD EV("20250101", "20250102", "元旦(休)") "END:VTODO\r\n" TAIL,
	    "不匹配");
	R(" folded-without-line\r\n" HEAD TAIL, "第1行");
	R(HEAD "garbage line\r\n" TAIL, "第3行");
	R(HEAD "BEGIN:VEVENT\r\nSUMMARY:元旦(休)\r\nEND:VEVENT\r\n" TAIL,
	    "DTSTART");
	R(HEAD "X-BAD:\xff\xfe\r\n" TAIL, "UTF-8");
	R(HEAD TAIL, "没有任何");
	/* 2027 has no data and this is not a complete year. */
	R(HEAD EV("20270101", "20270102", "元旦(休)") TAIL, "2027年");
	/* A make-up working day on a weekday. */
	R(HEAD EV("20250101", "20250102", "元旦(休)")
	    EV("20251001", "20251009", "国庆节(休)")
	    EV("20250102", "20250103", "上班(班)") TAIL, "不是周末");
}

Test(calimport, a_partial_year_is_merged_into_existing_data)
{
	xf_calendar *cal = shipped();
	xf_error err;
	size_t ny = 0;
	int years[4];
	/* The 2019 notice's days in December 2018, plus all of 2019. */
	static const char ics[] = HEAD
	    EV("20181230", "20190102", "元旦(休)")
	    EV("20181229", "20181230", "元旦(班)")
	    EV("20191001", "20191008", "国庆节(休)") TAIL;
	xf_date d;

	cr_assert_eq(xf_calendar_load_ics(cal, ics, strlen(ics), years, &ny, 4,
	    &err), 0, "%s", err.message);
	cr_assert_eq(ny, 2);
	/* 2018 keeps its Spring Festival. */
	for (d = D("2018-02-15"); d <= D("2018-02-21"); d++)
		cr_assert_eq(xf_calendar_is_workday(cal, d, &err), 0);
	cr_assert_eq(xf_calendar_is_workday(cal, D("2018-12-29"), &err), 1);
	/* 2019 was replaced: its Spring Festival is gone. */
	cr_assert_eq(xf_calendar_is_workday(cal, D("2019-02-05"), &err), 1);
	xf_calendar_free(cal);
}

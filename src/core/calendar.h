/* The official calendar: for each year with data, which days are rest days.
 * Weekends rest and weekdays work, except the public holidays (休) and the
 * make-up working days (调休上班) of that year's 国务院办公厅 notice.
 *
 * Stored as one bitmap per year (bit set = working day) plus a prefix count
 * of working days, so is_workday is O(1) and "N-th working day after" is
 * O(1) with a short scan inside one 64-day word. */
#ifndef XF_CALENDAR_H
#define XF_CALENDAR_H

#include <stddef.h>

#include "date.h"
#include "error.h"

#define XF_CAL_FIRST_YEAR 1990
#define XF_CAL_LAST_YEAR  2199

typedef struct xf_calendar xf_calendar;

typedef enum {
	XF_DAY_WORK = 1,	/* ordinary working day */
	XF_DAY_WEEKEND = 2,	/* ordinary weekend rest day */
	XF_DAY_HOLIDAY = 3,	/* public holiday (including days moved into it) */
	XF_DAY_MAKEUP = 4	/* weekend day made a working day (调休上班) */
} xf_daykind;

xf_calendar *xf_calendar_new(void);
void	xf_calendar_free(xf_calendar *cal);
xf_calendar *xf_calendar_clone(const xf_calendar *cal);

/* Replaces one year's data. holidays: weekdays or weekend days that rest;
 * makeups: weekend days that work. Every date must lie in `year`.
 * source: the notice cited (e.g. "国办发明电〔2024〕12号"). */
int	xf_calendar_set_year(xf_calendar *cal, int year,
	    const xf_date *holidays, size_t nholidays,
	    const xf_date *makeups, size_t nmakeups,
	    const char *source, xf_error *err);
/* Same, with a holiday name (e.g. "春节") for each entry of holidays;
 * names may be NULL, and so may any entry. The whole year is checked
 * before anything changes: on error the calendar is as it was. */
int	xf_calendar_set_year_named(xf_calendar *cal, int year,
	    const xf_date *holidays, const char *const *names,
	    size_t nholidays, const xf_date *makeups, size_t nmakeups,
	    const char *source, xf_error *err);
int	xf_calendar_remove_year(xf_calendar *cal, int year);
int	xf_calendar_has_year(const xf_calendar *cal, int year);
/* Years with data, ascending; returns the count written (at most max). */
size_t	xf_calendar_years(const xf_calendar *cal, int *years, size_t max);
const char *xf_calendar_source(const xf_calendar *cal, int year);

/* 1 if a working day, 0 if a rest day, -1 (err XF_E_NO_CALENDAR) if the
 * year has no data. */
int	xf_calendar_is_workday(const xf_calendar *cal, xf_date d,
	    xf_error *err);
/* Same, but a year without data falls back to weekends alone and sets
 * *provisional = 1. Never fails for dates in range. */
int	xf_calendar_is_workday_prov(const xf_calendar *cal, xf_date d,
	    int *provisional);
/* XF_DAY_* for d, or -1 if the year has no data. */
int	xf_calendar_day_kind(const xf_calendar *cal, xf_date d);
/* The holiday's name ("春节") if d is a named holiday, else NULL. */
const char *xf_calendar_holiday_name(const xf_calendar *cal, xf_date d);

/* The three primitives period.c is built on. Each is O(years touched), never
 * O(days): a year is a 6-word bitmap with prefix counts.
 * allow_prov = 0: a year without data fails with XF_E_NO_CALENDAR
 * ("2027年的节假日安排尚未录入，无法计算"); 1: it is counted on weekends
 * alone and *prov (if non-NULL) is set to 1. Dates outside 1990–2199 fail
 * with XF_E_INVALID. */
/* First working day on or after d. */
int	xf_calendar_roll(const xf_calendar *cal, xf_date d, int allow_prov,
	    xf_date *out, int *prov, xf_error *err);
/* The n-th working day after `after` (the day itself never counts);
 * n = 0 gives `after` unchanged. */
int	xf_calendar_nth_workday(const xf_calendar *cal, xf_date after, int n,
	    int allow_prov, xf_date *out, int *prov, xf_error *err);
/* Number of working days d with a < d <= b (0 if b <= a). */
int	xf_calendar_count_workdays(const xf_calendar *cal, xf_date a,
	    xf_date b, int allow_prov, int *count, int *prov, xf_error *err);

/* A year's data as lists (holidays and make-up days), for the admin API.
 * Arrays are allocated with malloc; the caller frees them. */
int	xf_calendar_year_lists(const xf_calendar *cal, int year,
	    xf_date **holidays, size_t *nh, xf_date **makeups, size_t *nm);

/* Loading: the data/calendar/YYYY.json files, one per year:
 *   {"year":2025,"source":"国办发明电〔2024〕12号","holidays":[{"name":"元旦",
 *    "days":["2025-01-01"]},…],"makeups":["2025-01-26",…]}
 * load_json parses one such document (also used for admin import);
 * load_dir loads every YYYY.json in a directory. On error nothing of the
 * failed file is applied. */
int	xf_calendar_load_json(xf_calendar *cal, const char *text, size_t len,
	    xf_error *err);
int	xf_calendar_load_dir(xf_calendar *cal, const char *dir, xf_error *err);
/* iCalendar import: VEVENTs whose SUMMARY contains 班 are make-up working
 * days, else 休 or 假 rest days (an event with none of them is an error);
 * DTSTART;VALUE=DATE with optional DTEND;VALUE=DATE (exclusive). Validates
 * the whole file first; applies only if all of it is well formed. A touched
 * year is complete when its events rest on both 1 January and 1 October
 * (every notice since 2000 gives both): a complete year replaces that year's
 * data; an incomplete one (the days a notice sets in the previous December)
 * is merged into the year's existing data, and refused if the year has none.
 * years_out gets the years changed (at most max_years). A refusal names the
 * line at fault in Chinese and leaves the calendar untouched. */
int	xf_calendar_load_ics(xf_calendar *cal, const char *text, size_t len,
	    int *years_out, size_t *nyears, size_t max_years, xf_error *err);
/* Serialize one year back to the JSON file format above (malloc'd). */
char	*xf_calendar_year_json(const xf_calendar *cal, int year);

#endif

/* Civil dates as day numbers: days since 1970-01-01 in the proleptic
 * Gregorian calendar. Arithmetic on day numbers is plain integer arithmetic,
 * which is what lets the calendar be a bitmap and periods O(1)-ish. */
#ifndef XF_DATE_H
#define XF_DATE_H

#include <stdint.h>

typedef int32_t xf_date;

#define XF_DATE_NONE INT32_MIN	/* "no date" */

xf_date	xf_date_from_ymd(int y, int m, int d);
void	xf_date_to_ymd(xf_date d, int *y, int *m, int *dd);
/* Strict "YYYY-MM-DD" (years 1900–2199, a real day). 0 on success, -1 if not. */
int	xf_date_parse(const char *s, xf_date *out);
/* Writes "YYYY-MM-DD" and a NUL into buf (11 bytes). */
void	xf_date_format(xf_date d, char buf[11]);
/* 1 = Monday … 7 = Sunday (ISO 8601). */
int	xf_date_weekday(xf_date d);
int	xf_date_year(xf_date d);

/* China Standard Time is UTC+8 all year (no DST since 1991), so the local
 * date and time need no tz database. */
#define XF_TZ_OFFSET_SECONDS (8 * 3600)
/* The Asia/Shanghai calendar date of a Unix time. */
xf_date	xf_date_from_unix(int64_t t);
/* RFC 3339 with offset: "2026-11-28T09:05:33+08:00" (26 bytes + NUL). */
void	xf_time_format(int64_t t, char buf[32]);

#endif

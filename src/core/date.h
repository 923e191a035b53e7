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

#endif

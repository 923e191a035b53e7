#include <stdio.h>

#include "date.h"

/* Howard Hinnant's days_from_civil / civil_from_days: exact for every
 * Gregorian date, no tables, no loops. */
xf_date
xf_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (xf_date)(era * 146097 + doe - 719468);
}

void
xf_date_to_ymd(xf_date z0, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp, yy, mm;

	z = z0 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	mm = mp + (mp < 10 ? 3 : -9);
	*m = mm;
	*y = yy + (mm <= 2);
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
xf_date_parse(const char *s, xf_date *out)
{
	int y, m, d;

	if (s == NULL)
		return -1;
	if (digits(s, 4, &y) == -1 || s[4] != '-' ||
	    digits(s + 5, 2, &m) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, &d) == -1 || s[10] != '\0')
		return -1;
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*out = xf_date_from_ymd(y, m, d);
	return 0;
}

void
xf_date_format(xf_date v, char buf[11])
{
	int y, m, d;

	xf_date_to_ymd(v, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	m &= 0x1f;
	d &= 0x3f;
	/* By hand, not snprintf: a case's JSON has a dozen dates, and
	 * formatting them was 1.4 % of a case fetch. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int
xf_date_weekday(xf_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((d % 7 + 7 + 3) % 7);

	return w + 1;
}

int
xf_date_year(xf_date d)
{
	int y, m, dd;

	xf_date_to_ymd(d, &y, &m, &dd);
	return y;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

xf_date
xf_date_from_unix(int64_t t)
{
	return (xf_date)floordiv(t + XF_TZ_OFFSET_SECONDS, 86400);
}

void
xf_time_format(int64_t t, char buf[32])
{
	int64_t local = t + XF_TZ_OFFSET_SECONDS;
	int64_t day = floordiv(local, 86400), sec = local - day * 86400;
	int y, m, d;

	xf_date_to_ymd((xf_date)day, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, m, d,
	    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

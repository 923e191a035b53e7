/* The official calendar as one bitmap per year (bit set = working day) with
 * prefix counts per 64-day word, so that "is this a working day", "first
 * working day on or after" and "N-th working day after" cost a handful of
 * word operations per year touched, whatever N is.
 *
 * Years without official data keep a weekends-only bitmap, so provisional
 * counting (SPEC §4: case deadlines in a year not yet announced) uses the
 * same code; `present` says whether the bitmap is official. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "calendar.h"

#define NYEARS	(XF_CAL_LAST_YEAR - XF_CAL_FIRST_YEAR + 1)
#define NWORDS	6		/* 6 × 64 = 384 ≥ 366 days */
#define MAXNAMES 32		/* distinct holiday names in one year */
#define MAXNAME	128		/* bytes of one holiday name */
#define MAXSOURCE 1024		/* bytes of a source citation */
#define MAXJSON	(256 * 1024)	/* one year's JSON document */

struct calyear {
	uint64_t	work[NWORDS];	/* bit set = working day */
	uint64_t	hol[NWORDS];	/* bit set = listed public holiday */
	uint16_t	prefix[NWORDS + 1];	/* working days before word i */
	int		present;	/* 1 = official data loaded */
	int		ndays;		/* 365 or 366 */
	char		*source;
	char		*names[MAXNAMES];
	int		nnames;
	uint8_t		*dayname;	/* per day: 0 or 1 + index into names */
};

struct xf_calendar {
	xf_date		start[NYEARS + 1];	/* 1 January of each year */
	struct calyear	y[NYEARS];
};

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();	/* house rule: callers never check for NULL */
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static int
is_weekend(xf_date d)
{
	return xf_date_weekday(d) >= 6;
}

static void
recount(struct calyear *cy)
{
	int i;

	cy->prefix[0] = 0;
	for (i = 0; i < NWORDS; i++)
		cy->prefix[i + 1] = (uint16_t)(cy->prefix[i] +
		    __builtin_popcountll(cy->work[i]));
}

/* The weekends-only bitmap of year index yi. */
static void
weekends_only(xf_calendar *cal, int yi)
{
	struct calyear *cy = &cal->y[yi];
	int i;

	memset(cy->work, 0, sizeof(cy->work));
	memset(cy->hol, 0, sizeof(cy->hol));
	for (i = 0; i < cy->ndays; i++)
		if (!is_weekend(cal->start[yi] + i))
			cy->work[i / 64] |= 1ULL << (i % 64);
	recount(cy);
}

static void
clear_year_data(struct calyear *cy)
{
	int i;

	free(cy->source);
	cy->source = NULL;
	for (i = 0; i < cy->nnames; i++)
		free(cy->names[i]);
	cy->nnames = 0;
	free(cy->dayname);
	cy->dayname = NULL;
	cy->present = 0;
}

xf_calendar *
xf_calendar_new(void)
{
	xf_calendar *cal = xmalloc(sizeof(*cal));
	int i;

	memset(cal, 0, sizeof(*cal));
	for (i = 0; i <= NYEARS; i++)
		cal->start[i] = xf_date_from_ymd(XF_CAL_FIRST_YEAR + i, 1, 1);
	for (i = 0; i < NYEARS; i++) {
		cal->y[i].ndays = cal->start[i + 1] - cal->start[i];
		weekends_only(cal, i);
	}
	return cal;
}

void
xf_calendar_free(xf_calendar *cal)
{
	int i;

	if (cal == NULL)
		return;
	for (i = 0; i < NYEARS; i++)
		clear_year_data(&cal->y[i]);
	free(cal);
}

xf_calendar *
xf_calendar_clone(const xf_calendar *cal)
{
	xf_calendar *c = xmalloc(sizeof(*c));
	int i, j;

	memcpy(c, cal, sizeof(*c));
	for (i = 0; i < NYEARS; i++) {
		struct calyear *cy = &c->y[i];

		if (cy->source != NULL)
			cy->source = xstrdup(cy->source);
		for (j = 0; j < cy->nnames; j++)
			cy->names[j] = xstrdup(cy->names[j]);
		if (cy->dayname != NULL)
			cy->dayname = memcpy(xmalloc(366), cy->dayname, 366);
	}
	return c;
}

/* Year index and day index of d; -1 if outside the supported range. */
static int
locate(const xf_calendar *cal, xf_date d, int *yi, int *idx)
{
	int i;

	if (d < cal->start[0] || d >= cal->start[NYEARS])
		return -1;
	/* 146097 days per 400 years: a guess off by at most one. */
	i = (int)(((int64_t)(d - cal->start[0]) * 400) / 146097);
	if (i >= NYEARS)
		i = NYEARS - 1;
	while (i > 0 && d < cal->start[i])
		i--;
	while (i < NYEARS - 1 && d >= cal->start[i + 1])
		i++;
	*yi = i;
	*idx = d - cal->start[i];
	return 0;
}

static int
range_error(xf_error *err)
{
	return xf_error_set(err, XF_E_INVALID, "date",
	    "日期超出日历支持的范围（%d—%d年）", XF_CAL_FIRST_YEAR,
	    XF_CAL_LAST_YEAR);
}

static int
no_calendar(xf_error *err, int yi)
{
	return xf_error_set(err, XF_E_NO_CALENDAR, "date",
	    "%d年的节假日安排尚未录入，无法计算", XF_CAL_FIRST_YEAR + yi);
}

/* 0 if year yi may be used, else -1 with err; marks *prov. */
static int
usable(const xf_calendar *cal, int yi, int allow_prov, int *prov,
    xf_error *err)
{
	if (cal->y[yi].present)
		return 0;
	if (!allow_prov)
		return no_calendar(err, yi);
	if (prov != NULL)
		*prov = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setting a year */

/* Everything set_year needs, checked before anything changes. */
static int
check_year(int year, const xf_date *holidays, const char *const *names,
    size_t nh, const xf_date *makeups, size_t nm, const char *source,
    xf_error *err)
{
	xf_date first, last;
	char buf[11];
	const char *seen[MAXNAMES];
	int nseen = 0, j;
	size_t i, k;

	if (year < XF_CAL_FIRST_YEAR || year > XF_CAL_LAST_YEAR)
		return xf_error_set(err, XF_E_INVALID, "year",
		    "年份%d超出日历支持的范围（%d—%d年）", year,
		    XF_CAL_FIRST_YEAR, XF_CAL_LAST_YEAR);
	if (source != NULL && strlen(source) >= MAXSOURCE)
		return xf_error_set(err, XF_E_INVALID, "source",
		    "依据文件说明过长（不超过%d字节）", MAXSOURCE - 1);
	if (nh > 366 || nm > 366)
		return xf_error_set(err, XF_E_INVALID, "holidays",
		    "%d年的日期条目过多", year);
	first = xf_date_from_ymd(year, 1, 1);
	last = xf_date_from_ymd(year, 12, 31);
	for (i = 0; i < nh; i++) {
		xf_date_format(holidays[i], buf);
		if (holidays[i] < first || holidays[i] > last)
			return xf_error_set(err, XF_E_INVALID, "holidays",
			    "放假日期%s不在%d年内", buf, year);
		if (names == NULL || names[i] == NULL)
			continue;
		if (strlen(names[i]) >= MAXNAME)
			return xf_error_set(err, XF_E_INVALID, "holidays",
			    "节日名称过长（不超过%d字节）", MAXNAME - 1);
		for (j = 0; j < nseen; j++)
			if (strcmp(seen[j], names[i]) == 0)
				break;
		if (j == nseen) {
			if (nseen == MAXNAMES)
				return xf_error_set(err, XF_E_INVALID,
				    "holidays", "%d年的节日名称超过%d个",
				    year, MAXNAMES);
			seen[nseen++] = names[i];
		}
	}
	for (i = 0; i < nm; i++) {
		xf_date_format(makeups[i], buf);
		if (makeups[i] < first || makeups[i] > last)
			return xf_error_set(err, XF_E_INVALID, "makeups",
			    "调休上班日期%s不在%d年内", buf, year);
		if (!is_weekend(makeups[i]))
			return xf_error_set(err, XF_E_INVALID, "makeups",
			    "调休上班日期%s不是周末，本来就是工作日", buf);
		for (k = 0; k < nh; k++)
			if (holidays[k] == makeups[i])
				return xf_error_set(err, XF_E_INVALID,
				    "makeups", "%s既列为放假又列为上班", buf);
	}
	return 0;
}

/* Applies checked data; cannot fail. The names are copied before the old
 * ones are freed, since a caller may pass names it got from this year. */
static void
apply_year(xf_calendar *cal, int year, const xf_date *holidays,
    const char *const *names, size_t nh, const xf_date *makeups, size_t nm,
    const char *source)
{
	int yi = year - XF_CAL_FIRST_YEAR, idx, j, nnew = 0;
	struct calyear *cy = &cal->y[yi];
	char *newnames[MAXNAMES], *src;
	uint8_t *dayname = xmalloc(366);
	size_t i;

	memset(dayname, 0, 366);
	src = xstrdup(source != NULL ? source : "");
	for (i = 0; i < nh; i++) {
		if (names == NULL || names[i] == NULL || names[i][0] == '\0')
			continue;
		for (j = 0; j < nnew; j++)
			if (strcmp(newnames[j], names[i]) == 0)
				break;
		if (j == nnew)
			newnames[nnew++] = xstrdup(names[i]);
		dayname[holidays[i] - cal->start[yi]] = (uint8_t)(j + 1);
	}
	clear_year_data(cy);
	weekends_only(cal, yi);
	for (i = 0; i < nh; i++) {
		idx = holidays[i] - cal->start[yi];
		cy->work[idx / 64] &= ~(1ULL << (idx % 64));
		cy->hol[idx / 64] |= 1ULL << (idx % 64);
	}
	for (i = 0; i < nm; i++) {
		idx = makeups[i] - cal->start[yi];
		cy->work[idx / 64] |= 1ULL << (idx % 64);
	}
	recount(cy);
	memcpy(cy->names, newnames, sizeof(char *) * (size_t)nnew);
	cy->nnames = nnew;
	cy->dayname = dayname;
	cy->source = src;
	cy->present = 1;
}

int
xf_calendar_set_year_named(xf_calendar *cal, int year,
    const xf_date *holidays, const char *const *names, size_t nholidays,
    const xf_date *makeups, size_t nmakeups, const char *source,
    xf_error *err)
{
	if (check_year(year, holidays, names, nholidays, makeups, nmakeups,
	    source, err) == -1)
		return -1;
	apply_year(cal, year, holidays, names, nholidays, makeups, nmakeups,
	    source);
	return 0;
}

int
xf_calendar_set_year(xf_calendar *cal, int year, const xf_date *holidays,
    size_t nholidays, const xf_date *makeups, size_t nmakeups,
    const char *source, xf_error *err)
{
	return xf_calendar_set_year_named(cal, year, holidays, NULL,
	    nholidays, makeups, nmakeups, source, err);
}

int
xf_calendar_remove_year(xf_calendar *cal, int year)
{
	int yi = year - XF_CAL_FIRST_YEAR;

	if (yi < 0 || yi >= NYEARS || !cal->y[yi].present)
		return -1;
	clear_year_data(&cal->y[yi]);
	weekends_only(cal, yi);
	return 0;
}

int
xf_calendar_has_year(const xf_calendar *cal, int year)
{
	int yi = year - XF_CAL_FIRST_YEAR;

	return yi >= 0 && yi < NYEARS && cal->y[yi].present;
}

size_t
xf_calendar_years(const xf_calendar *cal, int *years, size_t max)
{
	size_t n = 0;
	int i;

	for (i = 0; i < NYEARS && n < max; i++)
		if (cal->y[i].present)
			years[n++] = XF_CAL_FIRST_YEAR + i;
	return n;
}

const char *
xf_calendar_source(const xf_calendar *cal, int year)
{
	if (!xf_calendar_has_year(cal, year))
		return NULL;
	return cal->y[year - XF_CAL_FIRST_YEAR].source;
}

/* ------------------------------------------------------------------ */
/* Queries */

static int
bit(const uint64_t *w, int idx)
{
	return (int)((w[idx / 64] >> (idx % 64)) & 1);
}

int
xf_calendar_is_workday(const xf_calendar *cal, xf_date d, xf_error *err)
{
	int yi, idx;

	if (locate(cal, d, &yi, &idx) == -1)
		return range_error(err);
	if (!cal->y[yi].present)
		return no_calendar(err, yi);
	return bit(cal->y[yi].work, idx);
}

int
xf_calendar_is_workday_prov(const xf_calendar *cal, xf_date d,
    int *provisional)
{
	int yi, idx;

	if (locate(cal, d, &yi, &idx) == -1) {
		/* Outside the bitmap range: weekends alone, provisional. */
		if (provisional != NULL)
			*provisional = 1;
		return !is_weekend(d);
	}
	if (!cal->y[yi].present && provisional != NULL)
		*provisional = 1;
	return bit(cal->y[yi].work, idx);
}

int
xf_calendar_day_kind(const xf_calendar *cal, xf_date d)
{
	int yi, idx;

	if (locate(cal, d, &yi, &idx) == -1 || !cal->y[yi].present)
		return -1;
	if (bit(cal->y[yi].work, idx))
		return is_weekend(d) ? XF_DAY_MAKEUP : XF_DAY_WORK;
	return bit(cal->y[yi].hol, idx) ? XF_DAY_HOLIDAY : XF_DAY_WEEKEND;
}

const char *
xf_calendar_holiday_name(const xf_calendar *cal, xf_date d)
{
	const struct calyear *cy;
	int yi, idx;

	if (locate(cal, d, &yi, &idx) == -1 || !cal->y[yi].present)
		return NULL;
	cy = &cal->y[yi];
	if (cy->dayname == NULL || cy->dayname[idx] == 0)
		return NULL;
	return cy->names[cy->dayname[idx] - 1];
}

/* Position of the k-th (0-based) set bit of x; x has more than k bits. */
static int
select64(uint64_t x, int k)
{
	int pos = 0, c;

	c = __builtin_popcount((uint32_t)x);
	if (k >= c) {
		k -= c;
		x >>= 32;
		pos = 32;
	}
	c = __builtin_popcount((uint32_t)x & 0xffff);
	if (k >= c) {
		k -= c;
		x >>= 16;
		pos += 16;
	}
	c = __builtin_popcount((uint32_t)x & 0xff);
	if (k >= c) {
		k -= c;
		x >>= 8;
		pos += 8;
	}
	x &= 0xff;
	while (k-- > 0)
		x &= x - 1;
	return pos + __builtin_ctzll(x);
}

/* Working days of year yi with day index < idx. */
static int
rank(const struct calyear *cy, int idx)
{
	int w = idx / 64, b = idx % 64;

	if (w >= NWORDS)
		return cy->prefix[NWORDS];
	return cy->prefix[w] + (b == 0 ? 0 :
	    __builtin_popcountll(cy->work[w] & ((1ULL << b) - 1)));
}

int
xf_calendar_roll(const xf_calendar *cal, xf_date d, int allow_prov,
    xf_date *out, int *prov, xf_error *err)
{
	const struct calyear *cy;
	uint64_t m;
	int yi, idx, w;

	if (locate(cal, d, &yi, &idx) == -1)
		return range_error(err);
	for (; yi < NYEARS; yi++, idx = 0) {
		if (usable(cal, yi, allow_prov, prov, err) == -1)
			return -1;
		cy = &cal->y[yi];
		for (w = idx / 64; w < NWORDS; w++) {
			m = cy->work[w];
			if (w == idx / 64)
				m &= ~0ULL << (idx % 64);
			if (m != 0) {
				*out = cal->start[yi] + w * 64 +
				    __builtin_ctzll(m);
				return 0;
			}
		}
	}
	return range_error(err);
}

int
xf_calendar_nth_workday(const xf_calendar *cal, xf_date after, int n,
    int allow_prov, xf_date *out, int *prov, xf_error *err)
{
	const struct calyear *cy;
	int yi, idx, r0, avail, target, w;

	if (n < 0)
		return xf_error_set(err, XF_E_INVALID, "days",
		    "工作日数不能为负数");
	if (locate(cal, after, &yi, &idx) == -1)
		return range_error(err);
	if (n == 0) {
		*out = after;
		return 0;
	}
	/* Start counting on the day after the event. */
	if (locate(cal, after + 1, &yi, &idx) == -1)
		return range_error(err);
	for (; yi < NYEARS; yi++, idx = 0) {
		if (usable(cal, yi, allow_prov, prov, err) == -1)
			return -1;
		cy = &cal->y[yi];
		r0 = rank(cy, idx);
		avail = cy->prefix[NWORDS] - r0;
		if (n > avail) {
			n -= avail;
			continue;
		}
		target = r0 + n - 1;	/* rank of the day sought */
		for (w = 0; w + 1 < NWORDS && cy->prefix[w + 1] <= target; w++)
			;
		*out = cal->start[yi] + w * 64 +
		    select64(cy->work[w], target - cy->prefix[w]);
		return 0;
	}
	return range_error(err);
}

int
xf_calendar_count_workdays(const xf_calendar *cal, xf_date a, xf_date b,
    int allow_prov, int *count, int *prov, xf_error *err)
{
	int ya, ia, yb, ib, yi, n = 0;

	*count = 0;
	if (b <= a)
		return 0;
	/* Days a+1 … b. */
	if (locate(cal, a + 1, &ya, &ia) == -1 ||
	    locate(cal, b, &yb, &ib) == -1)
		return range_error(err);
	for (yi = ya; yi <= yb; yi++) {
		const struct calyear *cy = &cal->y[yi];
		int from = yi == ya ? ia : 0;
		int to = yi == yb ? ib + 1 : cy->ndays;

		if (usable(cal, yi, allow_prov, prov, err) == -1)
			return -1;
		n += rank(cy, to) - rank(cy, from);
	}
	*count = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lists and JSON */

int
xf_calendar_year_lists(const xf_calendar *cal, int year, xf_date **holidays,
    size_t *nh, xf_date **makeups, size_t *nm)
{
	const struct calyear *cy;
	int yi = year - XF_CAL_FIRST_YEAR, i;
	xf_date d;

	*holidays = NULL;
	*makeups = NULL;
	*nh = *nm = 0;
	if (!xf_calendar_has_year(cal, year))
		return -1;
	cy = &cal->y[yi];
	*holidays = xmalloc(366 * sizeof(xf_date));
	*makeups = xmalloc(366 * sizeof(xf_date));
	for (i = 0; i < cy->ndays; i++) {
		d = cal->start[yi] + i;
		if (bit(cy->hol, i))
			(*holidays)[(*nh)++] = d;
		else if (bit(cy->work, i) && is_weekend(d))
			(*makeups)[(*nm)++] = d;
	}
	return 0;
}

char *
xf_calendar_year_json(const xf_calendar *cal, int year)
{
	const struct calyear *cy;
	json_t *root, *hols, *mks, *block = NULL, *days = NULL;
	int yi = year - XF_CAL_FIRST_YEAR, i, cur = -1, prev = -2;
	char buf[11], *s;
	xf_date d;

	if (!xf_calendar_has_year(cal, year))
		return NULL;
	cy = &cal->y[yi];
	root = json_object();
	hols = json_array();
	mks = json_array();
	json_object_set_new(root, "year", json_integer(year));
	json_object_set_new(root, "source", json_string(cy->source));
	/* A block is a run of consecutive holiday days with one name. */
	for (i = 0; i < cy->ndays; i++) {
		d = cal->start[yi] + i;
		xf_date_format(d, buf);
		if (bit(cy->hol, i)) {
			int nm = cy->dayname != NULL ? cy->dayname[i] : 0;

			if (block == NULL || nm != cur || prev != i - 1) {
				block = json_object();
				days = json_array();
				json_object_set_new(block, "name", json_string(
				    nm ? cy->names[nm - 1] : "假日"));
				json_object_set_new(block, "days", days);
				json_array_append_new(hols, block);
				cur = nm;
			}
			json_array_append_new(days, json_string(buf));
			prev = i;
		} else if (bit(cy->work, i) && is_weekend(d))
			json_array_append_new(mks, json_string(buf));
	}
	json_object_set_new(root, "holidays", hols);
	json_object_set_new(root, "makeups", mks);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL)
		abort();
	return s;
}

/* Parses a "YYYY-MM-DD" JSON string into *d, or sets err naming `field`. */
static int
json_date(json_t *v, const char *field, xf_date *d, xf_error *err)
{
	if (!json_is_string(v) || xf_date_parse(json_string_value(v), d) == -1)
		return xf_error_set(err, XF_E_INVALID, field,
		    "%s：日期应为真实存在的YYYY-MM-DD格式", field);
	return 0;
}

/* expect_year: the year the file name promises, or 0. */
static int
load_json_year(xf_calendar *cal, const char *text, size_t len,
    int expect_year, xf_error *err)
{
	json_t *root = NULL, *v, *hs, *ms, *h, *days;
	json_error_t jerr;
	xf_date hol[366], mk[366];
	const char *names[366];
	char field[64];
	const char *key;
	size_t nh = 0, nm = 0, i, j;
	json_int_t year;
	int rc = -1;

	if (text == NULL || len == 0)
		return xf_error_set(err, XF_E_BAD_REQUEST, "file",
		    "节假日JSON文件为空");
	if (len > MAXJSON)
		return xf_error_set(err, XF_E_TOO_LARGE, "file",
		    "节假日JSON文件过大（不超过%d KiB）", MAXJSON / 1024);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		xf_error_set(err, XF_E_BAD_REQUEST, "file",
		    "节假日JSON格式错误（第%d行第%d列）：%s", jerr.line,
		    jerr.column, jerr.text);
		goto done;
	}
	if (!json_is_object(root)) {
		xf_error_set(err, XF_E_INVALID, "file",
		    "节假日JSON应为一个对象");
		goto done;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "year") != 0 && strcmp(key, "source") != 0 &&
		    strcmp(key, "holidays") != 0 &&
		    strcmp(key, "makeups") != 0) {
			xf_error_set(err, XF_E_INVALID, "file",
			    "节假日JSON含有未知字段“%.40s”", key);
			goto done;
		}
	}
	v = json_object_get(root, "year");
	if (!json_is_integer(v) ||
	    (year = json_integer_value(v)) < XF_CAL_FIRST_YEAR ||
	    year > XF_CAL_LAST_YEAR) {
		xf_error_set(err, XF_E_INVALID, "year",
		    "year应为%d—%d之间的整数", XF_CAL_FIRST_YEAR,
		    XF_CAL_LAST_YEAR);
		goto done;
	}
	if (expect_year != 0 && year != expect_year) {
		xf_error_set(err, XF_E_INVALID, "year",
		    "year（%d）与文件名（%d.json）不符", (int)year,
		    expect_year);
		goto done;
	}
	v = json_object_get(root, "source");
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		xf_error_set(err, XF_E_INVALID, "source",
		    "source应注明所依据的国务院办公厅通知");
		goto done;
	}
	hs = json_object_get(root, "holidays");
	ms = json_object_get(root, "makeups");
	if (!json_is_array(hs) || json_array_size(hs) == 0) {
		xf_error_set(err, XF_E_INVALID, "holidays",
		    "holidays应为非空数组（每年至少有元旦）");
		goto done;
	}
	if (!json_is_array(ms)) {
		xf_error_set(err, XF_E_INVALID, "makeups",
		    "makeups应为数组（没有调休上班日时为[]）");
		goto done;
	}
	for (i = 0; i < json_array_size(hs); i++) {
		h = json_array_get(hs, i);
		v = json_object_get(h, "name");
		days = json_object_get(h, "days");
		snprintf(field, sizeof(field), "holidays[%zu]", i);
		if (!json_is_object(h) || json_object_size(h) != 2 ||
		    !json_is_string(v) || json_string_length(v) == 0 ||
		    strlen(json_string_value(v)) != json_string_length(v) ||
		    !json_is_array(days) || json_array_size(days) == 0) {
			xf_error_set(err, XF_E_INVALID, field,
			    "%s应为{\"name\":节日名称,\"days\":[日期…]}", field);
			goto done;
		}
		for (j = 0; j < json_array_size(days); j++) {
			snprintf(field, sizeof(field), "holidays[%zu].days[%zu]",
			    i, j);
			if (nh == 366) {
				xf_error_set(err, XF_E_INVALID, "holidays",
				    "放假日期超过366个");
				goto done;
			}
			if (json_date(json_array_get(days, j), field, &hol[nh],
			    err) == -1)
				goto done;
			names[nh++] = json_string_value(v);
		}
	}
	for (i = 0; i < json_array_size(ms); i++) {
		snprintf(field, sizeof(field), "makeups[%zu]", i);
		if (nm == 366) {
			xf_error_set(err, XF_E_INVALID, "makeups",
			    "调休上班日期超过366个");
			goto done;
		}
		if (json_date(json_array_get(ms, i), field, &mk[nm++], err) ==
		    -1)
			goto done;
	}
	rc = xf_calendar_set_year_named(cal, (int)year, hol, names, nh, mk,
	    nm, json_string_value(json_object_get(root, "source")), err);
done:
	json_decref(root);
	return rc;
}

int
xf_calendar_load_json(xf_calendar *cal, const char *text, size_t len,
    xf_error *err)
{
	return load_json_year(cal, text, len, 0, err);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads at most MAXJSON bytes of path into a malloc'd buffer. */
static int
read_file(const char *path, char **buf, size_t *len, xf_error *err)
{
	FILE *f;
	size_t n;
	char *b;

	if ((f = fopen(path, "rb")) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, "file",
		    "无法打开%s：%s", path, strerror(errno));
	b = xmalloc(MAXJSON + 1);
	n = fread(b, 1, MAXJSON + 1, f);
	fclose(f);
	if (n > MAXJSON) {
		free(b);
		return xf_error_set(err, XF_E_TOO_LARGE, "file",
		    "%s过大", path);
	}
	*buf = b;
	*len = n;
	return 0;
}

int
xf_calendar_load_dir(xf_calendar *cal, const char *dir, xf_error *err)
{
	DIR *dp;
	struct dirent *de;
	char *files[NYEARS], path[4096], *buf = NULL, msg[256];
	size_t nfiles = 0, len = 0, i;
	int rc = -1, y;

	if ((dp = opendir(dir)) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, "dir",
		    "无法打开节假日数据目录%s：%s", dir, strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		const char *n = de->d_name;

		/* Exactly YYYY.json: nothing else in the directory is data. */
		if (strlen(n) != 9 || strcmp(n + 4, ".json") != 0 ||
		    strspn(n, "0123456789") != 4)
			continue;
		y = atoi(n);
		if (y < XF_CAL_FIRST_YEAR || y > XF_CAL_LAST_YEAR ||
		    nfiles == NYEARS)
			continue;
		files[nfiles++] = xstrdup(n);
	}
	closedir(dp);
	qsort(files, nfiles, sizeof(files[0]), cmpstr);
	for (i = 0; i < nfiles; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    files[i]) >= sizeof(path)) {
			xf_error_set(err, XF_E_INTERNAL, "dir", "路径过长");
			goto done;
		}
		if (read_file(path, &buf, &len, err) == -1)
			goto done;
		if (load_json_year(cal, buf, len, atoi(files[i]), err) == -1) {
			snprintf(msg, sizeof(msg), "%s", err ? err->message :
			    "");
			xf_error_set(err, err ? err->code : XF_E_INVALID,
			    err ? err->field : "file", "%s：%s", files[i], msg);
			goto done;
		}
		free(buf);
		buf = NULL;
	}
	rc = 0;
done:
	free(buf);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	return rc;
}

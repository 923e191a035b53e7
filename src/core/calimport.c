/* iCalendar (RFC 5545) import of holiday calendars, strict and bounded.
 *
 * Only what a holiday calendar needs is read: line unfolding, BEGIN/END
 * nesting, and in each VEVENT the DTSTART;VALUE=DATE, optional
 * DTEND;VALUE=DATE (exclusive) and SUMMARY. Everything else (VTIMEZONE,
 * X- properties, VALARM) is skipped. The whole file is parsed and every
 * touched year checked before the calendar changes, so a refusal leaves it
 * exactly as it was; every refusal names the line in Chinese. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

#define MAXICS		(1024 * 1024)	/* bytes of one file */
#define MAXLINE		4096		/* bytes of one unfolded line */
#define MAXDEPTH	8		/* BEGIN/END nesting */
#define MAXEVENTS	4000
#define MAXSPAN		62		/* days of one event */
#define MAXYEARS	(XF_CAL_LAST_YEAR - XF_CAL_FIRST_YEAR + 1)
#define NAMELEN		64
#define MAXDAYS		50000		/* event days in one file */

struct day {
	xf_date	d;
	int	work;		/* 1 = make-up working day, 0 = rest */
	int	name;		/* index into names, rest days only */
	size_t	line;		/* for messages */
};

struct ics {
	struct day	*days;
	size_t		ndays, cap;
	char		(*names)[NAMELEN];
	size_t		nnames, namecap;
	/* the VEVENT being read */
	int		in_event;
	size_t		ev_line;
	xf_date		ev_start, ev_end;
	char		ev_summary[NAMELEN * 4];
	int		ev_has_summary;
	size_t		nevents;
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		abort();
	return p;
}

static int
bad(xf_error *err, size_t line, const char *what)
{
	return xf_error_set(err, XF_E_INVALID, "file",
	    "ICS文件第%zu行：%s", line, what);
}

/* 1 if s[0..n) is well-formed UTF-8 without control characters other
 * than tab. */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t c;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			c &= 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
		    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

/* Splits "NAME;P=V;…:VALUE" into its name, parameters and value (all
 * pointers into line, which is modified). A ':' inside a quoted parameter
 * value does not end the parameters. */
static int
split(char *line, char **name, char **params, char **value)
{
	char *p;
	int quoted = 0;

	for (p = line; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ':' && !quoted)
			break;
	}
	if (*p != ':')
		return -1;
	*p = '\0';
	*value = p + 1;
	*name = line;
	*params = strchr(line, ';');
	if (*params != NULL)
		*(*params)++ = '\0';
	else
		*params = line + strlen(line);
	if (**name == '\0')
		return -1;
	for (p = *name; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-'))
			return -1;
	return 0;
}

/* A DATE value: exactly YYYYMMDD, a real day, parameters VALUE=DATE. */
static int
parse_date_prop(const char *params, const char *value, xf_date *out)
{
	char buf[11];

	if (strcasecmp(params, "VALUE=DATE") != 0 || strlen(value) != 8 ||
	    strspn(value, "0123456789") != 8)
		return -1;
	snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2s", value, value + 4,
	    value + 6);
	return xf_date_parse(buf, out);
}

static int
add_day(struct ics *ic, xf_date d, int work, int name, size_t line,
    xf_error *err)
{
	int y = xf_date_year(d);

	if (y < XF_CAL_FIRST_YEAR || y > XF_CAL_LAST_YEAR)
		return bad(err, line, "日期超出日历支持的范围（1990—2199年）");
	if (ic->ndays == MAXDAYS)
		return bad(err, line, "日期过多");
	if (ic->ndays == ic->cap) {
		ic->cap = ic->cap ? ic->cap * 2 : 256;
		ic->days = xrealloc(ic->days, ic->cap * sizeof(*ic->days));
	}
	ic->days[ic->ndays].d = d;
	ic->days[ic->ndays].work = work;
	ic->days[ic->ndays].name = name;
	ic->days[ic->ndays].line = line;
	ic->ndays++;
	return 0;
}

static int
cmpday(const void *a, const void *b)
{
	const struct day *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts the days and drops repeats; a day listed both as rest and as
 * work is an error naming both lines. */
static int
sort_days(struct ics *ic, xf_error *err)
{
	size_t i, n = 0;
	char buf[11], msg[160];

	qsort(ic->days, ic->ndays, sizeof(*ic->days), cmpday);
	for (i = 0; i < ic->ndays; i++) {
		if (n > 0 && ic->days[n - 1].d == ic->days[i].d) {
			if (ic->days[n - 1].work == ic->days[i].work)
				continue;
			xf_date_format(ic->days[i].d, buf);
			snprintf(msg, sizeof(msg),
			    "%s既列为放假又列为上班（另见第%zu行）", buf,
			    ic->days[n - 1].line);
			return bad(err, ic->days[i].line, msg);
		}
		ic->days[n++] = ic->days[i];
	}
	ic->ndays = n;
	return 0;
}

/* The holiday name of a SUMMARY such as "春节(休)" or "国庆节（休）":
 * the text before the first bracket, trimmed. */
static int
intern_name(struct ics *ic, const char *summary)
{
	char name[NAMELEN];
	const char *end = summary + strlen(summary), *p;
	size_t n, i;

	if ((p = strchr(summary, '(')) != NULL && p < end)
		end = p;
	if ((p = strstr(summary, "（")) != NULL && p < end)
		end = p;
	while (summary < end && *summary == ' ')
		summary++;
	while (end > summary && end[-1] == ' ')
		end--;
	n = (size_t)(end - summary);
	if (n == 0 || n >= NAMELEN) {
		snprintf(name, sizeof(name), "假日");
	} else {
		/* Never cut a UTF-8 sequence: n < NAMELEN keeps it whole. */
		memcpy(name, summary, n);
		name[n] = '\0';
	}
	for (i = 0; i < ic->nnames; i++)
		if (strcmp(ic->names[i], name) == 0)
			return (int)i;
	if (ic->nnames == ic->namecap) {
		ic->namecap = ic->namecap ? ic->namecap * 2 : 16;
		ic->names = xrealloc(ic->names, ic->namecap * NAMELEN);
	}
	memcpy(ic->names[ic->nnames], name, NAMELEN);
	return (int)ic->nnames++;
}

static int
end_event(struct ics *ic, size_t line, xf_error *err)
{
	xf_date d, end;
	int work, name = -1;
	const char *s = ic->ev_summary;

	if (ic->ev_start == XF_DATE_NONE)
		return bad(err, ic->ev_line, "VEVENT缺少DTSTART;VALUE=DATE");
	if (!ic->ev_has_summary)
		return bad(err, ic->ev_line, "VEVENT缺少SUMMARY");
	end = ic->ev_end == XF_DATE_NONE ? ic->ev_start + 1 : ic->ev_end;
	if (end <= ic->ev_start)
		return bad(err, line, "DTEND必须晚于DTSTART");
	if (end - ic->ev_start > MAXSPAN)
		return bad(err, line, "一个事件跨度过长（不超过62天）");
	/* "班" first: "国庆节假期调休上班" mentions 假 but means work. */
	if (strstr(s, "班") != NULL)
		work = 1;
	else if (strstr(s, "休") != NULL || strstr(s, "假") != NULL)
		work = 0;
	else
		return bad(err, ic->ev_line,
		    "无法判断该事件是放假还是上班（SUMMARY应含“休”“假”或“班”）");
	if (!work)
		name = intern_name(ic, s);
	for (d = ic->ev_start; d < end; d++)
		if (add_day(ic, d, work, name, ic->ev_line, err) == -1)
			return -1;
	if (++ic->nevents > MAXEVENTS)
		return bad(err, line, "事件过多");
	return 0;
}

static int
handle_line(struct ics *ic, char *line, size_t lineno, char stack[][16],
    int *depth, int *seen_begin, xf_error *err)
{
	char *name, *params, *value;

	if (split(line, &name, &params, &value) == -1)
		return bad(err, lineno, "不是“名称:值”格式的内容行");
	if (!*seen_begin) {
		if (strcasecmp(name, "BEGIN") != 0 ||
		    strcasecmp(value, "VCALENDAR") != 0)
			return bad(err, lineno,
			    "文件必须以BEGIN:VCALENDAR开始");
		*seen_begin = 1;
	}
	if (strcasecmp(name, "BEGIN") == 0) {
		if (*depth == MAXDEPTH || strlen(value) == 0 ||
		    strlen(value) >= 16)
			return bad(err, lineno, "BEGIN嵌套过深或组件名无效");
		if (*depth == 0 && strcasecmp(value, "VCALENDAR") != 0)
			return bad(err, lineno, "VCALENDAR之外出现了组件");
		if (*depth > 0 && strcasecmp(value, "VCALENDAR") == 0)
			return bad(err, lineno, "VCALENDAR不能嵌套");
		snprintf(stack[*depth], 16, "%s", value);
		(*depth)++;
		if (*depth == 2 && strcasecmp(value, "VEVENT") == 0) {
			ic->in_event = 1;
			ic->ev_line = lineno;
			ic->ev_start = ic->ev_end = XF_DATE_NONE;
			ic->ev_has_summary = 0;
			ic->ev_summary[0] = '\0';
		}
		return 0;
	}
	if (strcasecmp(name, "END") == 0) {
		if (*depth == 0 || strcasecmp(stack[*depth - 1], value) != 0)
			return bad(err, lineno, "END与BEGIN不匹配");
		(*depth)--;
		if (*depth == 1 && ic->in_event) {
			ic->in_event = 0;
			return end_event(ic, lineno, err);
		}
		return 0;
	}
	if (*depth == 0)
		return bad(err, lineno, "END:VCALENDAR之后还有内容");
	/* Properties of the VEVENT itself (not of a VALARM inside it). */
	if (!ic->in_event || *depth != 2)
		return 0;
	if (strcasecmp(name, "DTSTART") == 0) {
		if (ic->ev_start != XF_DATE_NONE)
			return bad(err, lineno, "重复的DTSTART");
		if (parse_date_prop(params, value, &ic->ev_start) == -1)
			return bad(err, lineno,
			    "DTSTART必须是全天日期（DTSTART;VALUE=DATE:YYYYMMDD）");
	} else if (strcasecmp(name, "DTEND") == 0) {
		if (ic->ev_end != XF_DATE_NONE)
			return bad(err, lineno, "重复的DTEND");
		if (parse_date_prop(params, value, &ic->ev_end) == -1)
			return bad(err, lineno,
			    "DTEND必须是全天日期（DTEND;VALUE=DATE:YYYYMMDD）");
	} else if (strcasecmp(name, "SUMMARY") == 0) {
		if (ic->ev_has_summary)
			return bad(err, lineno, "重复的SUMMARY");
		if (strlen(value) >= sizeof(ic->ev_summary))
			return bad(err, lineno, "SUMMARY过长");
		snprintf(ic->ev_summary, sizeof(ic->ev_summary), "%s", value);
		ic->ev_has_summary = 1;
	}
	return 0;
}

/* Parses the whole text into ic; nothing is applied. */
static int
parse(struct ics *ic, const char *text, size_t len, xf_error *err)
{
	char *line = malloc(MAXLINE + 1), stack[MAXDEPTH][16];
	size_t pos = 0, lineno = 0, start_line = 0, ll = 0, n;
	int depth = 0, seen_begin = 0, have = 0, rc = -1;

	if (line == NULL)
		abort();
	while (pos < len) {
		const char *eol = memchr(text + pos, '\n', len - pos);
		size_t end = eol ? (size_t)(eol - text) : len;

		n = end - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		lineno++;
		if (memchr(text + pos, '\0', n) != NULL ||
		    !utf8_ok((const unsigned char *)text + pos, n)) {
			bad(err, lineno, "含有无效的UTF-8编码或控制字符");
			goto done;
		}
		if (n > 0 && (text[pos] == ' ' || text[pos] == '\t')) {
			/* Folded continuation of the previous line. */
			if (!have) {
				bad(err, lineno, "续行之前没有内容行");
				goto done;
			}
			if (ll + n - 1 > MAXLINE) {
				bad(err, start_line, "内容行过长");
				goto done;
			}
			memcpy(line + ll, text + pos + 1, n - 1);
			ll += n - 1;
		} else {
			if (have) {
				line[ll] = '\0';
				if (handle_line(ic, line, start_line, stack,
				    &depth, &seen_begin, err) == -1)
					goto done;
				have = 0;
			}
			if (n > 0) {
				if (n > MAXLINE) {
					bad(err, lineno, "内容行过长");
					goto done;
				}
				memcpy(line, text + pos, n);
				ll = n;
				have = 1;
				start_line = lineno;
			}
		}
		pos = end + 1;
	}
	if (have) {
		line[ll] = '\0';
		if (handle_line(ic, line, start_line, stack, &depth,
		    &seen_begin, err) == -1)
			goto done;
	}
	if (!seen_begin) {
		bad(err, lineno ? lineno : 1, "文件必须以BEGIN:VCALENDAR开始");
		goto done;
	}
	if (depth != 0) {
		bad(err, lineno, "文件在END:VCALENDAR之前结束");
		goto done;
	}
	if (ic->ndays == 0) {
		bad(err, lineno, "文件中没有任何放假或上班事件");
		goto done;
	}
	rc = sort_days(ic, err);
done:
	free(line);
	return rc;
}

struct yearset {
	int		year;
	int		replace;	/* 1 = complete year, 0 = merge */
	xf_date		*hol, *mk;
	const char	**names;
	size_t		nh, nm;
	char		*source;
};

static int
is_rest_listed(const struct ics *ic, xf_date d)
{
	size_t lo = 0, hi = ic->ndays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ic->days[mid].d < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ic->ndays && ic->days[lo].d == d && !ic->days[lo].work;
}

/* Adds the year's existing days that the file does not mention. */
static void
merge_existing(const xf_calendar *cal, struct yearset *s)
{
	xf_date *oh = NULL, *om = NULL;
	size_t onh = 0, onm = 0, a, b, c;

	xf_calendar_year_lists(cal, s->year, &oh, &onh, &om, &onm);
	for (a = 0; a < onh; a++) {
		for (b = 0; b < s->nh && s->hol[b] != oh[a]; b++)
			;
		for (c = 0; c < s->nm && s->mk[c] != oh[a]; c++)
			;
		if (b == s->nh && c == s->nm && s->nh < 366) {
			s->names[s->nh] = xf_calendar_holiday_name(cal, oh[a]);
			s->hol[s->nh++] = oh[a];
		}
	}
	for (a = 0; a < onm; a++) {
		for (b = 0; b < s->nh && s->hol[b] != om[a]; b++)
			;
		for (c = 0; c < s->nm && s->mk[c] != om[a]; c++)
			;
		if (b == s->nh && c == s->nm && s->nm < 366)
			s->mk[s->nm++] = om[a];
	}
	free(oh);
	free(om);
}

int
xf_calendar_load_ics(xf_calendar *cal, const char *text, size_t len,
    int *years_out, size_t *nyears, size_t max_years, xf_error *err)
{
	struct ics ic;
	struct yearset ys[MAXYEARS];
	size_t nys = 0, i, k;
	int rc = -1, y;
	char msg[256];

	memset(&ic, 0, sizeof(ic));
	memset(ys, 0, sizeof(ys));
	if (nyears != NULL)
		*nyears = 0;
	if (text == NULL || len == 0)
		return xf_error_set(err, XF_E_BAD_REQUEST, "file",
		    "ICS文件为空");
	if (len > MAXICS)
		return xf_error_set(err, XF_E_TOO_LARGE, "file",
		    "ICS文件过大（不超过1 MiB）");
	if (parse(&ic, text, len, err) == -1)
		goto done;

	/* Group by year; the days are sorted, so years come in order. */
	for (i = 0; i < ic.ndays; i = k) {
		struct yearset *s = &ys[nys++];
		y = xf_date_year(ic.days[i].d);
		s->year = y;
		s->hol = xrealloc(NULL, 366 * sizeof(xf_date));
		s->mk = xrealloc(NULL, 366 * sizeof(xf_date));
		s->names = xrealloc(NULL, 366 * sizeof(char *));
		for (k = i; k < ic.ndays && xf_date_year(ic.days[k].d) == y;
		    k++) {
			if (ic.days[k].work)
				s->mk[s->nm++] = ic.days[k].d;
			else {
				s->names[s->nh] = ic.names[ic.days[k].name];
				s->hol[s->nh++] = ic.days[k].d;
			}
		}
		s->replace = is_rest_listed(&ic, xf_date_from_ymd(y, 1, 1)) &&
		    is_rest_listed(&ic, xf_date_from_ymd(y, 10, 1));
		if (s->replace) {
			s->source = strdup("ICS文件导入");
			if (s->source == NULL)
				abort();
			continue;
		}
		/* An incomplete year only adds to data already there. */
		if (!xf_calendar_has_year(cal, y)) {
			xf_error_set(err, XF_E_INVALID, "file",
			    "ICS文件中%d年的数据不完整（缺少元旦或国庆节），"
			    "而该年尚无节假日数据，无法导入", y);
			goto done;
		}
		merge_existing(cal, s);
		if (asprintf(&s->source, "%s；ICS文件补充",
		    xf_calendar_source(cal, y)) == -1)
			abort();
	}

	/* Check every year on a scratch calendar before touching cal. */
	{
		xf_calendar *scratch = xf_calendar_new();

		for (i = 0; i < nys; i++) {
			if (xf_calendar_set_year_named(scratch, ys[i].year,
			    ys[i].hol, ys[i].names, ys[i].nh, ys[i].mk,
			    ys[i].nm, ys[i].source, err) == -1) {
				snprintf(msg, sizeof(msg), "%s",
				    err ? err->message : "");
				xf_error_set(err, XF_E_INVALID, "file",
				    "ICS文件中%d年的数据有误：%s", ys[i].year,
				    msg);
				xf_calendar_free(scratch);
				goto done;
			}
		}
		xf_calendar_free(scratch);
	}
	for (i = 0; i < nys; i++) {
		/* Checked above with the same data: cannot fail now. */
		if (xf_calendar_set_year_named(cal, ys[i].year, ys[i].hol,
		    ys[i].names, ys[i].nh, ys[i].mk, ys[i].nm, ys[i].source,
		    err) == -1)
			abort();
		if (years_out != NULL && nyears != NULL && *nyears < max_years)
			years_out[(*nyears)++] = ys[i].year;
	}
	rc = 0;
done:
	for (i = 0; i < nys; i++) {
		free(ys[i].hol);
		free(ys[i].mk);
		free(ys[i].names);
		free(ys[i].source);
	}
	free(ic.days);
	free(ic.names);
	return rc;
}

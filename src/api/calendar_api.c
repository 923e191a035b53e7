/* The official calendar over HTTP: due-date calculator, and the admin's
 * view and edits of a year's rest days and make-up working days. Edits are
 * made on a copy; the live calendar is swapped only after the store commits,
 * so a refused import leaves everything as it was. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cases.h"
#include "core/period.h"
#include "store/supervision.h"

int
xf_api_calendar_due(xf_req *r)
{
	static const char *const units[] = { "calendar", "working", NULL };
	xf_period p;
	xf_date from, due;
	int64_t days;
	int unit, prov = 0, rc;
	const xf_calendar *cal;
	char buf[11];

	if (xf_query_date(&r->query, "from", &from, &r->err) == -1 ||
	    xf_query_int(&r->query, "days", 0, 3650, -1, &days, &r->err) == -1)
		return -1;
	if ((unit = xf_query_enum(&r->query, "unit", units, &r->err)) == -2 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (from == XF_DATE_NONE)
		return xf_error_set(&r->err, XF_E_BAD_REQUEST, "from",
		    "缺少查询参数“from”（YYYY-MM-DD）");
	if (days < 0)
		return xf_error_set(&r->err, XF_E_BAD_REQUEST, "days",
		    "缺少查询参数“days”（0 到 3650 的整数）");
	memset(&p, 0, sizeof(p));
	p.event = from;
	p.days = (int)days;
	p.unit = unit == 1 ? XF_UNIT_WORKING : XF_UNIT_CALENDAR;
	cal = xf_app_cal_rdlock(r->app);
	rc = xf_period_due(cal, &p, 0, &due, &prov, &r->err);
	xf_app_cal_unlock(r->app);
	if (rc == -1) {
		/* The period's own field name means nothing here. */
		if (r->err.field[0] != '\0')
			snprintf(r->err.field, sizeof(r->err.field), "from");
		return -1;
	}
	xf_date_format(due, buf);
	return xf_reply_json(r, 200, json_pack("{s:s}", "due", buf));
}

int
xf_api_calendar_years(xf_req *r)
{
	const xf_calendar *cal;
	int years[256];
	size_t n;
	json_t *items = json_array();

	if (xf_query_check_unused(&r->query, &r->err) == -1) {
		json_decref(items);
		return -1;
	}
	cal = xf_app_cal_rdlock(r->app);
	n = xf_calendar_years(cal, years, 256);
	for (size_t i = 0; i < n; i++) {
		const char *src = xf_calendar_source(cal, years[i]);

		json_array_append_new(items, json_pack("{s:i,s:s}", "year",
		    years[i], "source", src ? src : ""));
	}
	{
		/* From 1 December the admin is warned while next year's
		 * calendar is missing (SPEC §4). */
		int y, m, d;
		json_t *out;

		xf_date_to_ymd(xf_app_today(r->app), &y, &m, &d);
		out = json_pack("{s:o}", "items", items);
		/* And all through a year begun without it: its deadlines are
		 * provisional, and a provisional deadline never raises a
		 * supervision or lapses a case, so the whole year would go
		 * unwatched. */
		if (!xf_calendar_has_year(cal, y))
			json_object_set_new(out, "warning", json_sprintf(
			    "今年（%d年）的节假日安排尚未录入：本年的期限均按周末"
			    "临时计算，逾期督办和期满办结暂停，请尽快导入国务院"
			    "办公厅的通知", y));
		else if (m == 12 && !xf_calendar_has_year(cal, y + 1))
			json_object_set_new(out, "warning", json_sprintf(
			    "%d年的节假日安排尚未录入：国务院办公厅通知发布后请及时"
			    "导入，在此之前跨入%d年的期限按周末临时计算", y + 1,
			    y + 1));
		xf_app_cal_unlock(r->app);
		return xf_reply_json(r, 200, out);
	}
}

static json_t *
dates_json(const xf_date *d, size_t n)
{
	json_t *a = json_array();
	char buf[11];

	for (size_t i = 0; i < n; i++) {
		xf_date_format(d[i], buf);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

int
xf_api_calendar_year_get(xf_req *r)
{
	const xf_calendar *cal;
	xf_date *h = NULL, *m = NULL;
	size_t nh = 0, nm = 0;
	int year = (int)r->id, rc;
	const char *src;
	json_t *j = NULL;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	cal = xf_app_cal_rdlock(r->app);
	if (r->id > 9999 || !xf_calendar_has_year(cal, year)) {
		xf_app_cal_unlock(r->app);
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "%d年的节假日安排尚未录入", year);
	}
	src = xf_calendar_source(cal, year);
	rc = xf_calendar_year_lists(cal, year, &h, &nh, &m, &nm);
	if (rc == 0)
		j = json_pack("{s:i,s:s,s:o,s:o}", "year", year, "source",
		    src ? src : "", "holidays", dates_json(h, nh), "makeups",
		    dates_json(m, nm));
	xf_app_cal_unlock(r->app);
	free(h);
	free(m);
	if (j == NULL)
		return xf_error_set(&r->err, XF_E_INTERNAL, NULL, "读取日历失败");
	return xf_reply_json(r, 200, j);
}

/* Deadlines counted on weekends alone for want of a year's data, and the
 * open ones due from the first year whose days changed (an admin's
 * correction, a holiday moved by a later notice), are recomputed with the
 * new calendar in the same transaction (SPEC §4). A deadline met before
 * the change keeps the due date it was met against, unless it was
 * provisional. */
static int
settle_deadlines(xf_app *app, int64_t user_id, const char *ip,
    const xf_calendar *next, xf_date from, xf_error *err)
{
	int64_t *ids = NULL, through;
	size_t n = 0;
	int rc = -1;
	xf_date first = XF_DATE_NONE;

	if (xf_store_case_recount_ids(app->store, from, &ids, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		xf_case c;
		int changed;

		if (xf_store_case_load(app->store, ids[i], &c, NULL, err) != 0)
			goto done;
		if ((changed = xf_lifecycle_recompute(next, &c, err)) == -1)
			goto done;
		if (changed == 0)
			continue;
		if (xf_store_case_save(app->store, &c, err) == -1 ||
		    xf_store_audit(app->store, user_id, ip, "deadline_recompute",
		    "case", c.id, NULL, json_pack("{s:i}", "changed", changed),
		    err) == -1)
			goto done;
		for (int k = 0; k < c.ndl; k++)
			if (c.dl[k].state == XF_DLS_OPEN &&
			    c.dl[k].due != XF_DATE_NONE &&
			    (first == XF_DATE_NONE || c.dl[k].due < first))
				first = c.dl[k].due;
	}
	/* A provisional deadline that passed before this year's data came
	 * was left alone by the daily scan (no lapse, no supervision on a
	 * guessed date), and the scan has moved past it: take the scan back
	 * to the earliest recounted one, so that the next daily job acts on
	 * it (its rules raise each supervision once, so a second look at a
	 * day is harmless). */
	through = xf_store_scan_get(app->store, "due_through", INT32_MIN);
	if (first != XF_DATE_NONE && first <= through &&
	    xf_store_scan_set(app->store, "due_through", first - 1, err) == -1)
		goto done;
	rc = 0;
done:
	free(ids);
	return rc;
}

/* Whether a year's working days differ between the live calendar and
 * next (a year the live one lacks counts as changed). */
static int
year_changed(xf_app *app, const xf_calendar *next, int year)
{
	const xf_calendar *cal = xf_app_cal_rdlock(app);
	xf_date d = xf_date_from_ymd(year, 1, 1),
	    end = xf_date_from_ymd(year + 1, 1, 1);
	int changed = !xf_calendar_has_year(cal, year);

	for (; !changed && d < end; d++)
		changed = xf_calendar_day_kind(cal, d) !=
		    xf_calendar_day_kind(next, d);
	xf_app_cal_unlock(app);
	return changed;
}

/* One edit at a time: each starts from the live calendar and swaps its
 * result in, so two at once each lost the other's year from the live
 * calendar (both stored, the deadlines counted without one). */
static pthread_mutex_t cal_edit = PTHREAD_MUTEX_INITIALIZER;

/* Persists the years in `years` from `next` and makes `next` live. */
static int
commit_years(xf_app *app, int64_t user_id, const char *ip, xf_calendar *next,
    const int *years, size_t n, xf_error *err)
{
	xf_calendar *old;
	xf_date from = XF_DATE_NONE;
	size_t i;

	if (xf_store_begin(app->store, err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		char *j = xf_calendar_year_json(next, years[i]);
		int rc;

		if (year_changed(app, next, years[i])) {
			xf_date y1 = xf_date_from_ymd(years[i], 1, 1);

			if (from == XF_DATE_NONE || y1 < from)
				from = y1;
		}

		if (j == NULL) {
			xf_store_rollback(app->store);
			return xf_error_set(err, XF_E_INTERNAL, NULL,
			    "日历序列化失败");
		}
		rc = xf_store_calendar_put(app->store, years[i],
		    xf_calendar_source(next, years[i]), j, err);
		if (rc == 0)
			rc = xf_store_audit(app->store, user_id, ip,
			    "calendar_year", "calendar", years[i], NULL,
			    json_loads(j, 0, NULL), err);
		free(j);
		if (rc == -1) {
			xf_store_rollback(app->store);
			return -1;
		}
	}
	if (settle_deadlines(app, user_id, ip, next, from, err) == -1 ||
	    xf_store_commit(app->store, err) == -1) {
		xf_store_rollback(app->store);
		return -1;
	}
	pthread_rwlock_wrlock(&app->cal_lock);
	old = app->cal;
	app->cal = next;
	pthread_rwlock_unlock(&app->cal_lock);
	xf_calendar_free(old);
	return 0;
}

int
xf_calendar_store_year_json(xf_app *app, int64_t user_id, const char *ip,
    const char *json, size_t len, xf_error *err)
{
	json_t *j = json_loadb(json, len, 0, NULL);
	xf_calendar *next;
	int year;
	json_t *y;

	if (j == NULL || !json_is_object(j) ||
	    !json_is_integer(y = json_object_get(j, "year"))) {
		json_decref(j);
		return xf_error_set(err, XF_E_INVALID, "year",
		    "日历数据缺少年份（year）");
	}
	year = (int)json_integer_value(y);
	json_decref(j);
	pthread_mutex_lock(&cal_edit);
	pthread_rwlock_rdlock(&app->cal_lock);
	next = xf_calendar_clone(app->cal);
	pthread_rwlock_unlock(&app->cal_lock);
	if (xf_calendar_load_json(next, json, len, err) == -1 ||
	    commit_years(app, user_id, ip, next, &year, 1, err) == -1) {
		pthread_mutex_unlock(&cal_edit);
		xf_calendar_free(next);
		return -1;
	}
	pthread_mutex_unlock(&cal_edit);
	return 0;
}

int
xf_api_calendar_year_put(xf_req *r)
{
	json_t *in = NULL, *y;

	if (xf_require_province_admin(r) == -1 ||
	    xf_req_json(r, &in) == -1)
		return -1;
	y = json_object_get(in, "year");
	if (y == NULL)
		json_object_set_new(in, "year", json_integer(r->id));
	else if (!json_is_integer(y) || json_integer_value(y) != r->id) {
		json_decref(in);
		return xf_error_set(&r->err, XF_E_INVALID, "year",
		    "请求体中的年份与地址中的年份不一致");
	}
	{
		char *s = json_dumps(in, JSON_COMPACT);
		int rc = xf_calendar_store_year_json(r->app, r->user.id, r->ip,
		    s, strlen(s), &r->err);

		free(s);
		json_decref(in);
		if (rc == -1)
			return -1;
	}
	return xf_api_calendar_year_get(r);
}

/* POST /api/v1/calendar/import {"format":"ics"|"json","content":"…"} */
int
xf_api_calendar_import(xf_req *r)
{
	static const char *const keys[] = { "format", "content", NULL };
	static const char *const formats[] = { "ics", "json", NULL };
	json_t *in = NULL, *out;
	const char *content;
	xf_calendar *next;
	int fmt, years[64], rc = -1;
	size_t n = 0;

	if (xf_require_province_admin(r) == -1 ||
	    xf_req_json(r, &in) == -1)
		return -1;
	if (xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_enum(in, "format", 1, formats, &fmt, &r->err) != 0 ||
	    xf_json_str(in, "content", 1, 1u << 20, 1, &content, &r->err) != 0) {
		json_decref(in);
		return -1;
	}
	if (fmt == 1) {
		rc = xf_calendar_store_year_json(r->app, r->user.id, r->ip,
		    content, strlen(content), &r->err);
		if (rc == 0) {
			json_t *j = json_loads(content, 0, NULL);

			years[0] = (int)json_integer_value(json_object_get(j,
			    "year"));
			json_decref(j);
			n = 1;
		}
	} else {
		pthread_mutex_lock(&cal_edit);
		pthread_rwlock_rdlock(&r->app->cal_lock);
		next = xf_calendar_clone(r->app->cal);
		pthread_rwlock_unlock(&r->app->cal_lock);
		rc = xf_calendar_load_ics(next, content, strlen(content), years,
		    &n, 64, &r->err);
		if (rc == 0)
			rc = commit_years(r->app, r->user.id, r->ip, next, years,
			    n, &r->err);
		pthread_mutex_unlock(&cal_edit);
		if (rc == -1)
			xf_calendar_free(next);
	}
	json_decref(in);
	if (rc == -1) {
		if (r->err.code == XF_E_INTERNAL || r->err.code == XF_OK)
			return -1;
		r->err.code = r->err.code == XF_E_CONFLICT ? XF_E_CONFLICT :
		    XF_E_INVALID;
		/* The whole upload is the field at fault; the message names
		 * the line. */
		snprintf(r->err.field, sizeof(r->err.field), "content");
		return -1;
	}
	out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_integer(years[i]));
	return xf_reply_json(r, 200, json_pack("{s:o}", "years", out));
}

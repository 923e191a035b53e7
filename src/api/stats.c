/* Statistics over the caller's scope (API.md GET /api/v1/stats) and the
 * list export as .xlsx. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api.h"
#include "cases.h"

static const char *
channel_label(const char *c)
{
	static const char *const n[] = { "letter", "来信", "visit", "来访",
		"online", "网上", "phone", "电话", "fax", "传真", "email",
		"电子邮件", NULL };

	for (int i = 0; n[i] != NULL; i += 2)
		if (strcmp(n[i], c) == 0)
			return n[i + 1];
	return c;
}

static const char *
class_label(const char *c)
{
	if (strcmp(c, "suggestion") == 0)
		return "建议意见类";
	if (strcmp(c, "accusation") == 0)
		return "检举控告类";
	if (strcmp(c, "claim") == 0)
		return "申诉求决类";
	return c;
}

static const char *const bys[] = { "month", "class", "category",
	"channel", "unit", "status", "purpose", "region", "category_class",
	NULL };

/* The statistics of GET /api/v1/stats?from=&to=&unit_id=&by= over the
 * caller's scope, each item with its display name: shared by the JSON
 * answer and the two exports. *by is the grouping's index in bys. */
static int
stats_compute(xf_req *r, json_t **out, int64_t *total, int *by,
    json_t **rate)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_case_filter f;
	char *scope = NULL, *units = NULL;
	json_t *items = NULL, *v;
	int64_t unit = 0;
	size_t i;
	int rc = -1;

	*out = NULL;
	*total = 0;
	memset(&f, 0, sizeof(f));
	f.status = f.cls = f.channel = -1;
	f.due_before = XF_DATE_NONE;
	if ((*by = xf_query_enum(&r->query, "by", bys, &r->err)) == -2 ||
	    xf_query_date(&r->query, "from", &f.from, &r->err) == -1 ||
	    xf_query_date(&r->query, "to", &f.to, &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 || xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (*by == -1)
		*by = 0;
	if (unit > 0) {
		if (!xf_scope_unit(r, unit)) {
			xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
			    "单位不存在");
			goto done;
		}
		units = xf_case_scope_json(r, unit);
		f.unit_json = units;
	}
	scope = xf_case_scope_json(r, 0);
	f.scope_json = scope;
	/* Counts as the list counts: an accusation against the caller's
	 * own unit would show as one more than it may open. */
	if (xf_case_accused_json(r, &f.accused_json) == -1)
		goto done;
	if (xf_store_case_stats(r->app->store, &f, bys[*by], &items, total,
	    &r->err) == -1)
		goto done;
	/* Names for the keys, so charts need no second lookup. */
	json_array_foreach(items, i, v) {
		json_t *k = json_object_get(v, "key");
		const char *name = NULL, *b = bys[*by];

		if (strcmp(b, "unit") == 0) {
			const xf_unit *u = xf_tree_get(t, json_integer_value(k));

			name = u ? u->name : NULL;
		} else if (strcmp(b, "category") == 0 ||
		    strcmp(b, "category_class") == 0)
			name = xf_codes_name(r->app->codes, "category",
			    json_string_value(k));
		else if (strcmp(b, "class") == 0)
			name = class_label(json_string_value(k));
		else if (strcmp(b, "channel") == 0)
			name = channel_label(json_string_value(k));
		else if (strcmp(b, "status") == 0)
			name = xf_status_label((xf_status)xf_status_parse(
			    json_string_value(k)));
		else if (strcmp(b, "purpose") == 0)
			name = xf_codes_name(r->app->codes, "purpose",
			    json_string_value(k));
		else if (strcmp(b, "region") == 0) {
			char code[8];

			snprintf(code, sizeof(code), "%.4s00",
			    json_string_value(k));
			name = xf_codes_name(r->app->codes, "region", code);
		}
		if (name != NULL)
			json_object_set_new(v, "name", json_string(name));
	}
	/* 满意率 over the same units, of ratings given in the period: the
	 * statistics page shows it with its filters. */
	if (rate != NULL) {
		int64_t good = 0, all = 0;

		if (xf_store_eval_rate(r->app->store, units ? units : scope,
		    f.from, f.to, &good, &all, &r->err) == -1)
			goto done;
		*rate = json_pack("{s:I,s:I,s:o}", "good", (json_int_t)good,
		    "rated", (json_int_t)all, "rate", all > 0 ?
		    json_real(round((double)good / (double)all * 10000) /
		    10000) : json_null());
	}
	*out = items;
	items = NULL;
	rc = 0;
done:
	json_decref(items);
	free(scope);
	free(units);
	return rc;
}

/* GET /api/v1/stats?from=&to=&unit_id=&by= */
static int
api_stats(xf_req *r)
{
	json_t *items, *rate = NULL;
	int64_t total;
	int by;

	if (stats_compute(r, &items, &total, &by, &rate) == -1)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:o,s:I,s:s,s:o}", "items",
	    items, "total", (json_int_t)total, "by", bys[by], "satisfaction",
	    rate));
}

/* A key as text: codes and dates are strings, unit ids numbers. */
static const char *
key_text(json_t *k, char buf[32])
{
	if (json_is_integer(k)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(k));
		return buf;
	}
	return json_is_string(k) ? json_string_value(k) : "";
}

static const char *const by_label[] = { "月份", "类别", "内容分类", "渠道",
	"单位", "状态", "信访目的", "地区" };

/* ---- CSV (RFC 4180, UTF-8 with a BOM so that Excel reads Chinese) ---- */

typedef struct {
	char	*b;
	size_t	 n, cap;
} csvbuf;

static void
csv_put(csvbuf *c, const char *s, size_t n)
{
	if (c->n + n + 1 > c->cap) {
		c->cap = (c->n + n + 1) * 2;
		c->b = xf_xrealloc(c->b, c->cap);
	}
	memcpy(c->b + c->n, s, n);
	c->n += n;
}

/* One field, quoted when it holds a separator, a quote or a line break.
 * A field that a spreadsheet would take for a formula (= + - @, a tab or
 * a carriage return first) gets a leading apostrophe: a petitioner's
 * title is never run as a formula in the officer's Excel (CSV
 * injection). */
static void
csv_field(csvbuf *c, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		csv_put(c, "\"", 1);
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		csv_put(c, "'", 1);
	for (const char *p = s; *p != '\0'; p++)
		csv_put(c, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	if (quote)
		csv_put(c, "\"", 1);
	csv_put(c, last ? "\r\n" : ",", last ? 2 : 1);
}

static int
csv_reply(xf_req *r, csvbuf *c, const char *ascii, const char *utf8)
{
	r->bytes = (unsigned char *)c->b;
	r->bytes_len = c->n;
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	r->disposition = xf_arena_printf(&r->arena, "attachment; filename="
	    "\"%s.csv\"; filename*=UTF-8''%s.csv", ascii, utf8);
	return 0;
}

/* GET /api/v1/stats.csv — the statistics as CSV. */
static int
api_stats_csv(xf_req *r)
{
	json_t *items, *v;
	int64_t total;
	csvbuf c = { 0 };
	char kb[32], nb[32];
	size_t i;
	int by;

	if (stats_compute(r, &items, &total, &by, NULL) == -1)
		return -1;
	csv_put(&c, "\xEF\xBB\xBF", 3);
	csv_field(&c, by_label[by], 0);
	csv_field(&c, "名称", 0);
	csv_field(&c, "件数", 1);
	json_array_foreach(items, i, v) {
		const char *nm = json_string_value(json_object_get(v, "name"));

		csv_field(&c, key_text(json_object_get(v, "key"), kb), 0);
		csv_field(&c, nm ? nm : "", 0);
		snprintf(nb, sizeof(nb), "%lld", (long long)json_integer_value(
		    json_object_get(v, "count")));
		csv_field(&c, nb, 1);
	}
	snprintf(nb, sizeof(nb), "%lld", (long long)total);
	csv_field(&c, "合计", 0);
	csv_field(&c, "", 0);
	csv_field(&c, nb, 1);
	json_decref(items);
	return csv_reply(r, &c, "stats", "%E7%BB%9F%E8%AE%A1");
}

/* Closes workbook wb (written to path) and puts it into the answer. */
static int
xlsx_reply(xf_req *r, lxw_workbook *wb, const char *path,
    const char *disposition)
{
	FILE *fp = NULL;
	long len;
	int rc = -1;

	if (workbook_close(wb) != LXW_NO_ERROR) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "导出文件写入失败");
		return -1;
	}
	fp = fopen(path, "rb");
	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "导出文件读取失败");
		goto done;
	}
	r->bytes = xf_xmalloc((size_t)len + 1);
	if (fread(r->bytes, 1, (size_t)len, fp) != (size_t)len) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "导出文件读取失败");
		goto done;
	}
	r->bytes_len = (size_t)len;
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet";
	r->disposition = disposition;
	rc = 0;
done:
	if (fp != NULL)
		fclose(fp);
	return rc;
}

/* GET /api/v1/stats.xlsx — the statistics as a workbook. */
static int
api_stats_xlsx(xf_req *r)
{
	json_t *items = NULL, *v;
	int64_t total;
	char path[] = "/tmp/xinfang-stats-XXXXXX", kb[32];
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold;
	size_t i;
	int by, fd = -1, rc = -1;

	if (stats_compute(r, &items, &total, &by, NULL) == -1)
		return -1;
	if ((fd = mkstemp(path)) == -1 || (close(fd), (wb = workbook_new(
	    path)) == NULL)) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	ws = workbook_add_worksheet(wb, "统计");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, by_label[by], bold);
	worksheet_write_string(ws, 0, 1, "名称", bold);
	worksheet_write_string(ws, 0, 2, "件数", bold);
	worksheet_set_column(ws, 1, 1, 36, NULL);
	json_array_foreach(items, i, v) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *nm = json_string_value(json_object_get(v, "name"));

		worksheet_write_string(ws, row, 0, key_text(json_object_get(v,
		    "key"), kb), NULL);
		worksheet_write_string(ws, row, 1, nm ? nm : "", NULL);
		worksheet_write_number(ws, row, 2, (double)json_integer_value(
		    json_object_get(v, "count")), NULL);
	}
	worksheet_write_string(ws, (lxw_row_t)(json_array_size(items) + 1), 0,
	    "合计", bold);
	worksheet_write_number(ws, (lxw_row_t)(json_array_size(items) + 1), 2,
	    (double)total, bold);
	rc = xlsx_reply(r, wb, path, "attachment; filename=\"stats.xlsx\"; "
	    "filename*=UTF-8''%E7%BB%9F%E8%AE%A1.xlsx");
	wb = NULL;
done:
	if (wb != NULL)
		workbook_close(wb);
	if (fd != -1)
		unlink(path);
	json_decref(items);
	return rc;
}

static const char *const case_head[] = { "信访件编号", "标题", "渠道",
	"类别", "内容分类", "收到日期", "状态", "承办单位", "人数", "下一期限",
	"是否超期", NULL };
#define CASE_COLS 11

/* The whole filtered list of GET /api/v1/cases (its filters), up to a sane
 * bound, for an export. */
static int
export_items(xf_req *r, json_t **items)
{
	xf_case_filter f;
	char *scope = NULL, *units = NULL, fts[2100];
	int64_t total = 0;
	int rc = -1;

	*items = NULL;
	if (xf_case_list_filter(r, &f, &scope, &units, fts, sizeof(fts)) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	f.page = 1;
	f.per_page = 20000;
	rc = xf_store_case_list(r->app->store, &f, items, &total, &r->err);
done:
	free(scope);
	free(units);
	return rc;
}

/* One list item as the export's cells (case_head's order). */
static void
case_cells(xf_req *r, json_t *v, const char *cell[CASE_COLS], char num[24])
{
	const xf_unit *u = xf_tree_get(xf_app_tree(r->app), json_integer_value(
	    json_object_get(v, "unit_id")));
	const char *cat = json_string_value(json_object_get(v, "category"));
	const char *catname = xf_codes_name(r->app->codes, "category", cat);

	snprintf(num, 24, "%lld", (long long)json_integer_value(
	    json_object_get(v, "headcount")));
	cell[0] = json_string_value(json_object_get(v, "number"));
	cell[1] = json_string_value(json_object_get(v, "title"));
	cell[2] = channel_label(json_string_value(json_object_get(v,
	    "channel")));
	cell[3] = class_label(json_string_value(json_object_get(v, "class")));
	cell[4] = catname ? catname : cat;
	cell[5] = json_string_value(json_object_get(v, "received_on"));
	cell[6] = xf_status_label((xf_status)xf_status_parse(json_string_value(
	    json_object_get(v, "status"))));
	cell[7] = u ? u->name : "";
	cell[8] = num;
	cell[9] = json_string_value(json_object_get(v, "next_due"));
	cell[10] = json_is_true(json_object_get(v, "overdue")) ? "超期" : "";
	for (int c = 0; c < CASE_COLS; c++)
		if (cell[c] == NULL)
			cell[c] = "";
}

/* GET /api/v1/cases.xlsx — the list with the same filters, as a workbook. */
static int
api_cases_xlsx(xf_req *r)
{
	char path[] = "/tmp/xinfang-export-XXXXXX", num[24];
	const char *cell[CASE_COLS];
	json_t *items = NULL, *v;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold;
	size_t i;
	int fd = -1, rc = -1;

	if (export_items(r, &items) == -1)
		goto done;
	if ((fd = mkstemp(path)) == -1 || (close(fd), (wb = workbook_new(
	    path)) == NULL)) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	ws = workbook_add_worksheet(wb, "信访件");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int c = 0; case_head[c] != NULL; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, case_head[c], bold);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 7, 7, 30, NULL);
	json_array_foreach(items, i, v) {
		lxw_row_t row = (lxw_row_t)(i + 1);

		case_cells(r, v, cell, num);
		for (int c = 0; c < CASE_COLS; c++)
			if (c == 8)	/* 人数 is a number */
				worksheet_write_number(ws, row, (lxw_col_t)c,
				    (double)json_integer_value(json_object_get(
				    v, "headcount")), NULL);
			else
				worksheet_write_string(ws, row, (lxw_col_t)c,
				    cell[c], NULL);
	}
	rc = xlsx_reply(r, wb, path, "attachment; filename=\"cases.xlsx\"; "
	    "filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E4%BB%B6.xlsx");
	wb = NULL;
done:
	if (wb != NULL)
		workbook_close(wb);
	if (fd != -1)
		unlink(path);
	json_decref(items);
	return rc;
}

/* GET /api/v1/cases.csv — the same list as CSV. */
static int
api_cases_csv(xf_req *r)
{
	const char *cell[CASE_COLS];
	json_t *items, *v;
	csvbuf c = { 0 };
	char num[24];
	size_t i;

	if (export_items(r, &items) == -1)
		return -1;
	csv_put(&c, "\xEF\xBB\xBF", 3);
	for (int k = 0; case_head[k] != NULL; k++)
		csv_field(&c, case_head[k], case_head[k + 1] == NULL);
	json_array_foreach(items, i, v) {
		case_cells(r, v, cell, num);
		for (int k = 0; k < CASE_COLS; k++)
			csv_field(&c, cell[k], k == CASE_COLS - 1);
	}
	json_decref(items);
	return csv_reply(r, &c, "cases", "%E4%BF%A1%E8%AE%BF%E4%BB%B6");
}

const xf_route xf_stats_routes[] = {
	{ "GET", "/api/v1/stats", api_stats, 0 },
	{ "GET", "/api/v1/stats.xlsx", api_stats_xlsx, 0 },
	{ "GET", "/api/v1/stats.csv", api_stats_csv, 0 },
	{ "GET", "/api/v1/cases.xlsx", api_cases_xlsx, 0 },
	{ "GET", "/api/v1/cases.csv", api_cases_csv, 0 },
	{ NULL, NULL, NULL, 0 },
};

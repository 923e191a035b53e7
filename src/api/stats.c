/* Statistics over the caller's scope (API.md GET /api/v1/stats) and the
 * list export as .xlsx. */
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

/* GET /api/v1/stats?from=&to=&unit_id=&by= */
static int
api_stats(xf_req *r)
{
	static const char *const bys[] = { "month", "class", "category",
		"channel", "unit", "status", "purpose", "region", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_case_filter f;
	char *scope = NULL, *units = NULL;
	json_t *items = NULL, *v;
	int64_t unit = 0, total = 0;
	size_t i;
	int by, rc = -1;

	memset(&f, 0, sizeof(f));
	f.status = f.cls = f.channel = -1;
	f.due_before = XF_DATE_NONE;
	if ((by = xf_query_enum(&r->query, "by", bys, &r->err)) == -2 ||
	    xf_query_date(&r->query, "from", &f.from, &r->err) == -1 ||
	    xf_query_date(&r->query, "to", &f.to, &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 || xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (by == -1)
		by = 0;
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
	if (xf_store_case_stats(r->app->store, &f, bys[by], &items, &total,
	    &r->err) == -1)
		goto done;
	/* Names for the keys, so charts need no second lookup. */
	json_array_foreach(items, i, v) {
		json_t *k = json_object_get(v, "key");
		const char *name = NULL;

		if (strcmp(bys[by], "unit") == 0) {
			const xf_unit *u = xf_tree_get(t, json_integer_value(k));

			name = u ? u->name : NULL;
		} else if (strcmp(bys[by], "category") == 0)
			name = xf_codes_name(r->app->codes, "category",
			    json_string_value(k));
		else if (strcmp(bys[by], "class") == 0)
			name = class_label(json_string_value(k));
		else if (strcmp(bys[by], "channel") == 0)
			name = channel_label(json_string_value(k));
		else if (strcmp(bys[by], "status") == 0)
			name = xf_status_label((xf_status)xf_status_parse(
			    json_string_value(k)));
		else if (strcmp(bys[by], "purpose") == 0)
			name = xf_codes_name(r->app->codes, "purpose",
			    json_string_value(k));
		else if (strcmp(bys[by], "region") == 0) {
			char code[8];

			snprintf(code, sizeof(code), "%.4s00",
			    json_string_value(k));
			name = xf_codes_name(r->app->codes, "region", code);
		}
		if (name != NULL)
			json_object_set_new(v, "name", json_string(name));
	}
	xf_reply_json(r, 200, json_pack("{s:o,s:I,s:s}", "items", items,
	    "total", (json_int_t)total, "by", bys[by]));
	items = NULL;
	rc = 0;
done:
	json_decref(items);
	free(scope);
	free(units);
	return rc;
}

/* GET /api/v1/cases.xlsx — the list with the same filters, as a workbook. */
static int
api_cases_xlsx(xf_req *r)
{
	static const char *const head[] = { "信访件编号", "标题", "渠道",
		"类别", "内容分类", "收到日期", "状态", "承办单位", "人数",
		"下一期限", "是否超期", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_case_filter f;
	char *scope = NULL, *units = NULL, fts[2100], path[] =
	    "/tmp/xinfang-export-XXXXXX";
	json_t *items = NULL, *v;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold;
	int64_t total = 0;
	size_t i;
	int fd = -1, rc = -1;
	FILE *fp = NULL;
	long len;

	if (xf_case_list_filter(r, &f, &scope, &units, fts, sizeof(fts)) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	/* An export is the whole filtered list, up to a sane bound. */
	f.page = 1;
	f.per_page = 20000;
	if (xf_store_case_list(r->app->store, &f, &items, &total, &r->err) == -1)
		goto done;
	if ((fd = mkstemp(path)) == -1) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	close(fd);
	wb = workbook_new(path);
	if (wb == NULL) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	ws = workbook_add_worksheet(wb, "信访件");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int c = 0; head[c] != NULL; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 7, 7, 30, NULL);
	json_array_foreach(items, i, v) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *cat = json_string_value(json_object_get(v, "category"));
		const xf_unit *u = xf_tree_get(t, json_integer_value(
		    json_object_get(v, "unit_id")));
		const char *catname = xf_codes_name(r->app->codes, "category", cat);

		worksheet_write_string(ws, row, 0, json_string_value(
		    json_object_get(v, "number")), NULL);
		worksheet_write_string(ws, row, 1, json_string_value(
		    json_object_get(v, "title")), NULL);
		worksheet_write_string(ws, row, 2, channel_label(json_string_value(
		    json_object_get(v, "channel"))), NULL);
		worksheet_write_string(ws, row, 3, class_label(json_string_value(
		    json_object_get(v, "class"))), NULL);
		worksheet_write_string(ws, row, 4, catname ? catname : cat, NULL);
		worksheet_write_string(ws, row, 5, json_string_value(
		    json_object_get(v, "received_on")) ?: "", NULL);
		worksheet_write_string(ws, row, 6, xf_status_label(
		    (xf_status)xf_status_parse(json_string_value(json_object_get(v,
		    "status")))), NULL);
		worksheet_write_string(ws, row, 7, u ? u->name : "", NULL);
		worksheet_write_number(ws, row, 8, (double)json_integer_value(
		    json_object_get(v, "headcount")), NULL);
		worksheet_write_string(ws, row, 9, json_string_value(
		    json_object_get(v, "next_due")) ?: "", NULL);
		worksheet_write_string(ws, row, 10, json_is_true(json_object_get(v,
		    "overdue")) ? "超期" : "", NULL);
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		wb = NULL;
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "导出文件写入失败");
		goto done;
	}
	wb = NULL;
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 ||
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
	r->disposition = "attachment; filename=\"cases.xlsx\"; "
	    "filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E4%BB%B6.xlsx";
	rc = 0;
done:
	if (wb != NULL)
		workbook_close(wb);
	if (fp != NULL)
		fclose(fp);
	if (path[sizeof(path) - 7] != 'X')
		unlink(path);
	json_decref(items);
	free(scope);
	free(units);
	return rc;
}

const xf_route xf_stats_routes[] = {
	{ "GET", "/api/v1/stats", api_stats, 0 },
	{ "GET", "/api/v1/cases.xlsx", api_cases_xlsx, 0 },
	{ NULL, NULL, NULL, 0 },
};

/* Assessment (考核, 第十二、十三条) and the accountability register (问责,
 * 第十四至十九条) over HTTP (SPEC §9; API.md /assessment).
 *
 * Who is assessed: the units directly below the group's parent that are not
 * 内设机构 or the 纪检组 — for the province root exactly the units of
 * 第十三条 (省辖市、直管县（市）教育局, 高等学校, 厅直属单位（学校）); each
 * unit is scored over its whole subtree. A caller assesses below its own
 * authority; a school sees only itself. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api/api.h"
#include "api/cases.h"
#include "core/account.h"
#include "core/assess.h"
#include "docs/pdf.h"
#include "store/assess.h"
#include "store/leadership.h"
#include "store/supervision.h"

#define R_DECIDE (XF_ROLE_ADMIN | XF_ROLE_LEADER)
#define R_FIND (XF_ROLE_ADMIN | XF_ROLE_LEADER | XF_ROLE_SUPERVISOR | \
	XF_ROLE_OFFICER)
#define TEXT_MAX 4000

/* ---- the assessed group ------------------------------------------------------ */

static int
assessable(const xf_unit *u)
{
	return u->active && strcmp(u->kind, "department") != 0 &&
	    strcmp(u->kind, "discipline") != 0;
}

/* Which 第十三条 group a unit falls in, for the 通报. */
static const char *
group_label(const xf_unit *u)
{
	if (strcmp(u->kind, "university") == 0)
		return "高等学校";
	if (strcmp(u->kind, "authority") == 0 && strcmp(u->level, "city") == 0)
		return "省辖市";
	if (strcmp(u->kind, "authority") == 0 && strcmp(u->level, "county") == 0)
		return "县（市、区）";
	/* 厅直属: a unit or school at the province's own level; a school
	 * under a city or county bureau is not one. */
	if ((strcmp(u->kind, "direct") == 0 ||
	    strcmp(u->kind, "school") == 0) && strcmp(u->level, "province") == 0)
		return "直属单位（学校）";
	if (strcmp(u->kind, "school") == 0)
		return "学校";
	return "其他";
}

typedef struct {
	const xf_unit_tree *t;
	int		*slot;		/* per tree index: row, or -1 */
	xf_assess_row	*rows;
	size_t		 n;
	xf_assess_period p;
	int		 year;
	double		 w[XF_IND_COUNT];
} assessment;

static int
slot_of(void *ud, int64_t unit_id)
{
	assessment *a = ud;
	const xf_unit *u = xf_tree_get(a->t, unit_id);

	return u == NULL ? -1 : a->slot[u - a->t->units];
}

static void
assessment_free(assessment *a)
{
	free(a->slot);
	free(a->rows);
}

/* Computes and scores the group whose members are `ids`. */
static int
assessment_run(xf_req *r, assessment *a, const int64_t *ids, size_t n,
    int year)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_date today = xf_app_today(r->app);
	int rc;

	memset(a, 0, sizeof(*a));
	a->t = t;
	a->year = year;
	if (xf_assess_year(year, today, &a->p.from, &a->p.to, &a->p.as_of,
	    &r->err) == -1)
		return -1;
	a->slot = xf_xmalloc((t->n ? t->n : 1) * sizeof(int));
	a->rows = calloc(n ? n : 1, sizeof(*a->rows));
	if (a->rows == NULL)
		abort();
	a->n = n;
	for (size_t k = 0; k < n; k++)
		a->rows[k].unit_id = ids[k];
	/* Each unit of the tree goes to the member whose subtree holds it. */
	for (size_t i = 0; i < t->n; i++) {
		a->slot[i] = -1;
		for (size_t k = 0; k < n; k++)
			if (xf_tree_within(t, ids[k], t->units[i].id)) {
				a->slot[i] = (int)k;
				break;
			}
	}
	if (xf_store_assess_weights(r->app->store, a->w, &r->err) == -1)
		return -1;
	a->p.cal = xf_app_cal_rdlock(r->app);
	rc = xf_store_assess_counts(r->app->store, &a->p, slot_of, a, a->rows,
	    n, &r->err);
	xf_app_cal_unlock(r->app);
	a->p.cal = NULL;
	if (rc == -1)
		return -1;
	xf_assess_score(a->rows, n, a->w);
	return 0;
}

/* The assessable children of parent; if it has none, parent itself. */
static size_t
children_of(const xf_unit_tree *t, int64_t parent, int64_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->units[i].parent_id == parent && assessable(&t->units[i]))
			out[n++] = t->units[i].id;
	if (n == 0)
		out[n++] = parent;
	return n;
}

/* Units whose honours eligibility a 诫勉 removed this year. */
static json_t *
honours_lost(xf_req *r, int year, const char *units_json)
{
	json_t *w = json_pack("{s:i,s:s}", "year", year, "rung", "admonish");
	json_t *l = xf_store_lr_list(r->app->store, XF_LR_MEASURE, w,
	    "honours_unit_id", units_json, &r->err);

	json_decref(w);
	return l;
}

static int
lost_has(json_t *lost, int64_t unit)
{
	size_t i;
	json_t *m;

	json_array_foreach(lost, i, m)
		if (json_integer_value(json_object_get(m, "honours_unit_id")) ==
		    unit)
			return 1;
	return 0;
}

static json_t *
row_json(const assessment *a, const xf_assess_row *row, json_t *lost)
{
	const xf_unit *u = xf_tree_get(a->t, row->unit_id);
	json_t *ind = json_object(), *o;

	for (int i = 0; i < XF_IND_COUNT; i++) {
		const xf_indicator_def *d = xf_assess_def((xf_indicator)i);
		double v = xf_assess_value((xf_indicator)i, &row->v[i]);
		json_t *e = json_pack("{s:o,s:I,s:o,s:s,s:s,s:o,s:f}",
		    "value", (d->rate && v < 0) ? json_null() : d->rate ?
		    json_real(v) : json_integer(row->v[i].num),
		    "numerator", (json_int_t)row->v[i].num,
		    "denominator", d->rate ? json_integer(row->v[i].den) :
		    json_null(),
		    "definition", d->definition, "label", d->label,
		    "score", row->sub[i] < 0 ? json_null() :
		    json_real(round(row->sub[i] * 100) / 100),
		    "weight", a->w[i]);

		json_object_set_new(ind, d->name, e);
	}
	o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:I,s:b,s:b,s:o}",
	    "unit_id", (json_int_t)row->unit_id,
	    "name", u ? u->name : "", "group", u ? group_label(u) : "",
	    "score", row->score < 0 ? json_null() :
	    json_real(round(row->score * 100) / 100),
	    "rank", row->rank > 0 ? json_integer(row->rank) : json_null(),
	    "volume", (json_int_t)row->volume,
	    "no_data", row->score < 0,
	    "honours_eligible", !lost_has(lost, row->unit_id),
	    "indicators", ind);
	return o;
}

static int
by_rank(const void *x, const void *y)
{
	const xf_assess_row *a = x, *b = y;

	/* Unranked units (rank 0) come last. */
	if ((a->rank == 0) != (b->rank == 0))
		return a->rank == 0 ? 1 : -1;
	return a->rank != b->rank ? a->rank - b->rank :
	    (a->unit_id > b->unit_id) - (a->unit_id < b->unit_id);
}

/* Reads year/unit_id/parent_id and runs the assessment they name. *only
 * is the unit to keep (unit_id=), else 0. */
static int
assess_from_query(xf_req *r, assessment *a, int64_t *only)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_date today = xf_app_today(r->app);
	int64_t year, unit = 0, parent = 0, root, *ids;
	const xf_unit *u;
	size_t n;
	int rc;

	*only = 0;
	memset(a, 0, sizeof(*a));
	if (xf_query_int(&r->query, "year", 2000, 2199, xf_date_year(today),
	    &year, &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "parent_id", 1, INT64_MAX, 0, &parent,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	root = xf_tree_authority(t, r->user.unit_id);
	if ((unit && !xf_scope_unit(r, unit)) ||
	    (parent && !xf_scope_unit(r, parent)))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, unit ? "unit_id" :
		    "parent_id", "单位不存在");
	ids = xf_xmalloc((t->n + 1) * sizeof(*ids));
	/* A unit with nothing below to assess (a school) looking at its own
	 * record is the unit= case for itself. */
	if (!parent && !unit && children_of(t, root, ids) == 1 &&
	    ids[0] == root)
		unit = root;
	if (parent)
		n = children_of(t, parent, ids);
	else if (unit) {
		/* Scored and ranked among its peers whoever asks: the count
		 * indicators are scored against the group's best, so a unit
		 * scored alone would always have the best. Only its own row
		 * is answered when the caller cannot see the peers. */
		u = xf_tree_get(t, unit);
		if (u->parent_id != 0 && assessable(u))
			n = children_of(t, u->parent_id, ids);
		else {
			ids[0] = unit;
			n = 1;
		}
		*only = unit;
	} else
		n = children_of(t, root, ids);
	rc = assessment_run(r, a, ids, n, (int)year);
	free(ids);
	return rc;
}

/* Keeps only unit `only`'s row (0: all): an export answers what the
 * JSON does, never a peer's row the caller was not asked about. */
static void
keep_only(assessment *a, int64_t only)
{
	size_t k, m = 0;

	if (only == 0)
		return;
	for (k = 0; k < a->n; k++)
		if (a->rows[k].unit_id == only)
			a->rows[m++] = a->rows[k];
	a->n = m;
}

/* ---- GET /api/v1/assessment --------------------------------------------------- */

static int
api_assessment(xf_req *r)
{
	assessment a;
	json_t *items = NULL, *lost = NULL;
	char *scope = NULL;
	int64_t only;
	int rc = -1;

	if (assess_from_query(r, &a, &only) == -1)
		goto done;
	scope = xf_case_scope_json(r, 0);
	if ((lost = honours_lost(r, a.year, scope)) == NULL)
		goto done;
	qsort(a.rows, a.n, sizeof(*a.rows), by_rank);
	items = json_array();
	for (size_t k = 0; k < a.n; k++)
		if (only == 0 || a.rows[k].unit_id == only)
			json_array_append_new(items, row_json(&a, &a.rows[k],
			    lost));
	{
		char f[11], to[11], as[11];

		xf_date_format(a.p.from, f);
		xf_date_format(a.p.to, to);
		xf_date_format(a.p.as_of - 1, as);
		xf_reply_json(r, 200, json_pack("{s:i,s:s,s:s,s:s,s:o}",
		    "year", a.year, "from", f, "to", to, "as_of", as,
		    "items", items));
	}
	items = NULL;
	rc = 0;
done:
	assessment_free(&a);
	json_decref(items);
	json_decref(lost);
	free(scope);
	return rc;
}

/* ---- indicators and weights ----------------------------------------------------- */

static json_t *
indicators_json(const double *w)
{
	json_t *a = json_array();

	for (int i = 0; i < XF_IND_COUNT; i++) {
		const xf_indicator_def *d = xf_assess_def((xf_indicator)i);

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,"
		    "s:f,s:f}", "name", d->name, "label", d->label,
		    "definition", d->definition, "basis", d->basis,
		    "kind", d->rate ? "rate" : "count",
		    "higher_better", d->higher_better,
		    "default_weight", d->weight, "weight", w[i]));
	}
	return a;
}

static int
api_indicators(xf_req *r)
{
	double w[XF_IND_COUNT];

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_store_assess_weights(r->app->store, w, &r->err) == -1)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:o}", "items",
	    indicators_json(w)));
}

/* PUT /api/v1/assessment/weights {"weights":{"NAME": 0..100, …}} — the
 * province's admin sets the standard (第十二条). */
static int
api_weights_put(xf_req *r)
{
	static const char *const keys[] = { "weights", NULL };
	json_t *in = NULL, *ws, *v, *before = NULL;
	double w[XF_IND_COUNT], old[XF_IND_COUNT], sum = 0;
	const char *name;
	char field[64];
	int rc = -1, i;

	if (xf_require_province_admin(r) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1)
		goto done;
	ws = json_object_get(in, "weights");
	if (!json_is_object(ws) || json_object_size(ws) == 0) {
		xf_error_set(&r->err, XF_E_INVALID, "weights",
		    "请提供各指标的权重");
		goto done;
	}
	if (xf_store_assess_weights(r->app->store, old, &r->err) == -1)
		goto done;
	memcpy(w, old, sizeof(w));
	json_object_foreach(ws, name, v) {
		snprintf(field, sizeof(field), "weights.%.50s", name);
		if ((i = xf_assess_parse(name)) < 0) {
			xf_error_set(&r->err, XF_E_INVALID, field,
			    "未知的考核指标“%s”", name);
			goto done;
		}
		if (!json_is_number(v) || json_number_value(v) < 0 ||
		    json_number_value(v) > 100) {
			xf_error_set(&r->err, XF_E_INVALID, field,
			    "权重须为0到100之间的数");
			goto done;
		}
		w[i] = json_number_value(v);
	}
	for (i = 0; i < XF_IND_COUNT; i++)
		sum += w[i];
	if (sum <= 0) {
		xf_error_set(&r->err, XF_E_INVALID, "weights",
		    "权重不能全部为零");
		goto done;
	}
	before = indicators_json(old);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	for (i = 0; i < XF_IND_COUNT; i++)
		if (w[i] != old[i] && xf_store_assess_set_weight(r->app->store,
		    (xf_indicator)i, w[i], r->user.id, &r->err) == -1) {
			xf_store_rollback(r->app->store);
			goto done;
		}
	if (xf_store_audit(r->app->store, r->user.id, r->ip, "assess_weights",
	    "assessment", 0, before, json_incref(ws), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		before = NULL;
		xf_store_rollback(r->app->store);
		goto done;
	}
	before = NULL;
	xf_reply_json(r, 200, json_pack("{s:o}", "items", indicators_json(w)));
	rc = 0;
done:
	json_decref(before);
	json_decref(in);
	return rc;
}

/* ---- GET /api/v1/assessment/cases: the drill-down ------------------------------- */

static int
api_assessment_cases(xf_req *r)
{
	static const char *const parts[] = { "denominator", "numerator", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_date today = xf_app_today(r->app);
	xf_assess_period p;
	int64_t year, unit = 0, page, per, total = 0;
	const char *name;
	char *units = NULL;
	json_t *items = NULL;
	int ind, part, rc = -1, crc;

	if (xf_query_int(&r->query, "year", 2000, 2199, xf_date_year(today),
	    &year, &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "page", 1, 1000000, 1, &page,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "per_page", 1, 500, 50, &per,
	    &r->err) == -1 ||
	    (part = xf_query_enum(&r->query, "part", parts, &r->err)) == -2)
		return -1;
	name = xf_query_get(&r->query, "indicator");
	if (name == NULL || *name == '\0')
		return xf_error_set(&r->err, XF_E_BAD_REQUEST, "indicator",
		    "请指定考核指标");
	if ((ind = xf_assess_parse(name)) < 0)
		return xf_error_set(&r->err, XF_E_BAD_REQUEST, "indicator",
		    "未知的考核指标“%s”", name);
	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (unit == 0)
		unit = xf_tree_authority(t, r->user.unit_id);
	else if (!xf_scope_unit(r, unit))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
		    "单位不存在");
	memset(&p, 0, sizeof(p));
	if (xf_assess_year((int)year, today, &p.from, &p.to, &p.as_of,
	    &r->err) == -1)
		return -1;
	units = xf_case_scope_json(r, unit);
	p.cal = xf_app_cal_rdlock(r->app);
	crc = xf_store_assess_cases(r->app->store, &p, (xf_indicator)ind,
	    part == 1, units, per, (page - 1) * per, &items, &total, &r->err);
	xf_app_cal_unlock(r->app);
	if (crc == -1)
		goto done;
	/* A case the caller may not open (an accusation against its own
	 * unit) still counts in the figures, which are the assessed unit's,
	 * but is not named: no id, number, title or dates. */
	{
		json_t *v;
		size_t i;

		json_array_foreach(items, i, v) {
			if (xf_case_visible(r, json_integer_value(
			    json_object_get(v, "case_id"))) == 0)
				continue;
			if (r->err.code != XF_E_NOT_FOUND)
				goto done;
			xf_error_clear(&r->err);
			json_array_set_new(items, i, json_pack(
			    "{s:n,s:n,s:s,s:O,s:b}", "case_id", "number",
			    "title", "（不予显示的检举控告事项）", "unit_id",
			    json_object_get(v, "unit_id"), "hidden", 1));
		}
	}
	xf_reply_json(r, 200, json_pack("{s:s,s:s,s:s,s:I,s:o,s:I}",
	    "indicator", name, "part", part == 1 ? "numerator" : "denominator",
	    "definition", xf_assess_def((xf_indicator)ind)->definition,
	    "unit_id", (json_int_t)unit, "items", items,
	    "total", (json_int_t)total));
	items = NULL;
	rc = 0;
done:
	json_decref(items);
	free(units);
	return rc;
}

/* ---- exports ------------------------------------------------------------------ */

static int
file_reply(xf_req *r, const char *path, const char *type, const char *disp)
{
	FILE *fp = fopen(path, "rb");
	long len;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		if (fp)
			fclose(fp);
		return xf_error_set(&r->err, XF_E_INTERNAL, NULL,
		    "导出文件读取失败");
	}
	r->bytes = xf_xmalloc((size_t)len + 1);
	if (fread(r->bytes, 1, (size_t)len, fp) != (size_t)len) {
		fclose(fp);
		return xf_error_set(&r->err, XF_E_INTERNAL, NULL,
		    "导出文件读取失败");
	}
	fclose(fp);
	r->bytes_len = (size_t)len;
	r->status = 200;
	r->content_type = type;
	r->disposition = disp;
	return 0;
}

/* GET /api/v1/assessment.xlsx?year=&parent_id= — one row per unit, one
 * column per indicator (value, numerator, denominator), the definitions
 * on a second sheet. */
static int
api_assessment_xlsx(xf_req *r)
{
	assessment a;
	char path[] = "/tmp/xinfang-assess-XXXXXX";
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws, *defs;
	lxw_format *bold, *pct;
	int64_t only;
	int fd, rc = -1;

	if (assess_from_query(r, &a, &only) == -1)
		goto done;
	qsort(a.rows, a.n, sizeof(*a.rows), by_rank);
	keep_only(&a, only);
	if ((fd = mkstemp(path)) == -1) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	close(fd);
	if ((wb = workbook_new(path)) == NULL) {
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "无法创建导出文件");
		goto done;
	}
	ws = workbook_add_worksheet(wb, "考核结果");
	defs = workbook_add_worksheet(wb, "指标说明");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.00%");
	worksheet_write_string(ws, 0, 0, "名次", bold);
	worksheet_write_string(ws, 0, 1, "单位", bold);
	worksheet_write_string(ws, 0, 2, "类别", bold);
	worksheet_write_string(ws, 0, 3, "得分", bold);
	worksheet_set_column(ws, 1, 1, 36, NULL);
	for (int i = 0; i < XF_IND_COUNT; i++) {
		const xf_indicator_def *d = xf_assess_def((xf_indicator)i);
		char h[128];
		lxw_col_t c = (lxw_col_t)(4 + 3 * i);

		worksheet_write_string(ws, 0, c, d->label, bold);
		snprintf(h, sizeof(h), "%s·分子", d->label);
		worksheet_write_string(ws, 0, c + 1, h, bold);
		snprintf(h, sizeof(h), "%s·分母", d->label);
		worksheet_write_string(ws, 0, c + 2, d->rate ? h : "", bold);
		worksheet_write_string(defs, (lxw_row_t)(i + 1), 0, d->label,
		    NULL);
		worksheet_write_string(defs, (lxw_row_t)(i + 1), 1, d->name,
		    NULL);
		worksheet_write_number(defs, (lxw_row_t)(i + 1), 2, a.w[i], NULL);
		worksheet_write_string(defs, (lxw_row_t)(i + 1), 3,
		    d->definition, NULL);
	}
	worksheet_write_string(defs, 0, 0, "指标", bold);
	worksheet_write_string(defs, 0, 1, "代码", bold);
	worksheet_write_string(defs, 0, 2, "权重", bold);
	worksheet_write_string(defs, 0, 3, "定义", bold);
	worksheet_set_column(defs, 3, 3, 100, NULL);
	for (size_t k = 0; k < a.n; k++) {
		const xf_assess_row *row = &a.rows[k];
		const xf_unit *u = xf_tree_get(a.t, row->unit_id);
		lxw_row_t y = (lxw_row_t)(k + 1);

		if (row->rank > 0)
			worksheet_write_number(ws, y, 0, row->rank, NULL);
		else
			worksheet_write_string(ws, y, 0, "不排名", NULL);
		worksheet_write_string(ws, y, 1, u ? u->name : "", NULL);
		worksheet_write_string(ws, y, 2, u ? group_label(u) : "", NULL);
		if (row->score >= 0)
			worksheet_write_number(ws, y, 3, row->score, NULL);
		else
			worksheet_write_string(ws, y, 3, "本年度无信访数据", NULL);
		for (int i = 0; i < XF_IND_COUNT; i++) {
			double v = xf_assess_value((xf_indicator)i, &row->v[i]);
			lxw_col_t c = (lxw_col_t)(4 + 3 * i);
			int rate = xf_assess_def((xf_indicator)i)->rate;

			if (!rate || v >= 0)
				worksheet_write_number(ws, y, c, v,
				    rate ? pct : NULL);
			worksheet_write_number(ws, y, c + 1,
			    (double)row->v[i].num, NULL);
			if (rate)
				worksheet_write_number(ws, y, c + 2,
				    (double)row->v[i].den, NULL);
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		wb = NULL;
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "导出文件写入失败");
		goto done;
	}
	wb = NULL;
	if (file_reply(r, path, "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "attachment; filename=\"assessment.xlsx\"; "
	    "filename*=UTF-8''%E8%80%83%E6%A0%B8%E7%BB%93%E6%9E%9C.xlsx") == -1)
		goto done;
	rc = 0;
done:
	if (wb != NULL)
		workbook_close(wb);
	if (path[sizeof(path) - 7] != 'X')
		unlink(path);
	assessment_free(&a);
	return rc;
}

/* GET /api/v1/assessment/notice.pdf?year=&parent_id= — the 通报 of the
 * year's results (第十三条: 对考核结果予以通报), GB/T 9704 layout. */
static int
api_assessment_pdf(xf_req *r)
{
	assessment a;
	xf_arena *ar = &r->arena;
	const xf_unit *root;
	const char **para = NULL;
	size_t np = 0;
	xf_pdf_doc doc;
	unsigned char *pdf = NULL;
	size_t len = 0;
	int64_t only;
	int rc = -1;

	if (assess_from_query(r, &a, &only) == -1)
		goto done;
	qsort(a.rows, a.n, sizeof(*a.rows), by_rank);
	keep_only(&a, only);
	root = xf_tree_get(a.t, xf_tree_authority(a.t, r->user.unit_id));
	para = xf_xmalloc((size_t)(a.n + XF_IND_COUNT + 8) * sizeof(*para));
	np++;
	{
		int y, m, d;

		xf_date_to_ymd(a.p.as_of - 1, &y, &m, &d);
		para[0] = xf_arena_printf(ar, "根据《河南省教育系统信访工作责任制"
		    "实施细则（试行）》第十二条、第十三条，现将%d年度信访工作考核"
		    "结果通报如下。考核数据截至%d年%d月%d日，均取自信访信息系统的"
		    "办理记录。", a.year, y, m, d);
	}
	para[np++] = "一、考核指标";
	for (int i = 0; i < XF_IND_COUNT; i++) {
		const xf_indicator_def *d = xf_assess_def((xf_indicator)i);

		para[np++] = xf_arena_printf(ar, "（%d）%s（权重%g）：%s", i + 1,
		    d->label, a.w[i], d->definition);
	}
	para[np++] = "二、考核结果";
	for (size_t k = 0; k < a.n && k < 400; k++) {
		const xf_unit *u = xf_tree_get(a.t, a.rows[k].unit_id);

		para[np++] = a.rows[k].rank > 0 ? xf_arena_printf(ar,
		    "第%d名　%s　%.2f分", a.rows[k].rank, u ? u->name : "",
		    a.rows[k].score) : xf_arena_printf(ar,
		    "%s　本年度无信访数据，不参加排名", u ? u->name : "");
	}
	para[np++] = "三、有关要求";
	para[np++] = "各单位要对照考核结果查找不足，对超期未办、群众不满意和"
	    "重复信访问题逐件分析原因、限期整改。考核结果作为领导班子和领导干部"
	    "综合考评的重要参考（第十二条）。";
	memset(&doc, 0, sizeof(doc));
	doc.layout = XF_PDF_LAYOUT;
	doc.authority = root ? root->name : "教育行政部门";
	doc.title = xf_arena_printf(ar, "关于%d年度信访工作考核结果的通报",
	    a.year);
	doc.recipient = "各省辖市、直管县（市）教育局，各高等学校，厅直属单位"
	    "（学校）";
	doc.paragraphs = para;
	doc.nparagraphs = np;
	doc.signature = doc.authority;
	doc.issued_on = xf_app_today(r->app);
	if (xf_pdf_render(&doc, &pdf, &len, &r->err) == -1)
		goto done;
	r->bytes = pdf;
	r->bytes_len = len;
	pdf = NULL;
	r->status = 200;
	r->content_type = "application/pdf";
	r->disposition = "inline; filename=\"assessment.pdf\"";
	rc = 0;
done:
	free(pdf);
	free(para);
	assessment_free(&a);
	return rc;
}

/* ==== accountability (问责) ================================================= */

static int64_t
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static json_t *
jdate(xf_date d)
{
	return d == XF_DATE_NONE ? json_null() : json_integer(d);
}

/* A date field that may not be in the future. */
static int
past_date(xf_req *r, json_t *in, const char *key, int required, xf_date *out)
{
	int rc = xf_json_date(in, key, required, out, &r->err);

	if (rc == 0 && *out > xf_app_today(r->app))
		return xf_error_set(&r->err, XF_E_INVALID, key,
		    "日期不能晚于今天");
	return rc;
}

/* GET /api/v1/accountability/situations — the data the forms need. */
static int
api_acc_data(xf_req *r)
{
	json_t *sit = json_array(), *rungs = json_array(), *pos = json_array(),
	    *org = json_array();

	if (xf_query_check_unused(&r->query, &r->err) == -1) {
		json_decref(sit);
		json_decref(rungs);
		json_decref(pos);
		json_decref(org);
		return -1;
	}
	for (int i = 1; i <= XF_SITUATION_COUNT; i++) {
		const xf_situation *s = xf_account_situation(i);

		json_array_append_new(sit, json_pack("{s:i,s:s,s:s,s:s}", "no",
		    s->no, "item", s->item, "summary", s->summary, "text",
		    s->text));
	}
	for (int i = 0; i < XF_RUNG_COUNT; i++) {
		const xf_rung_def *d = xf_account_rung((xf_rung)i);

		json_array_append_new(rungs, json_pack("{s:s,s:s,s:s,s:s,s:o,"
		    "s:b,s:s}", "name", d->name, "label", d->label, "article",
		    d->article, "target", d->person ? "person" : "unit", "next",
		    d->next < 0 ? json_null() : json_string(xf_account_rung(
		    (xf_rung)d->next)->name), "honours", d->honours, "text",
		    d->text));
	}
	for (int i = 0; i < XF_POS_COUNT; i++)
		json_array_append_new(pos, json_pack("{s:s,s:s}", "name",
		    xf_position_name((xf_position)i), "label",
		    xf_position_label((xf_position)i)));
	for (int i = 0; xf_account_org_details[i] != NULL; i++)
		json_array_append_new(org, json_string(xf_account_org_details[i]));
	return xf_reply_json(r, 200, json_pack("{s:o,s:o,s:o,s:o}",
	    "situations", sit, "rungs", rungs, "positions", pos,
	    "organizational_forms", org));
}

/* A finding the caller may see (its unit in scope), else 404. */
static json_t *
visible_finding(xf_req *r, int64_t id)
{
	json_t *f = xf_store_lr_get(r->app->store, XF_LR_FINDING, id, &r->err);

	if (f == NULL || xf_scope_unit(r, jint(f, "unit_id")))
		return f;
	json_decref(f);
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "问责记录不存在");
	return NULL;
}

/* Who adds to a finding: the unit that made it, or one above it (第十八条);
 * never the unit it is about, which reads it but does not write its own
 * register (it could mark its people as having objected). */
static int
finding_writer(xf_req *r, json_t *f)
{
	if (xf_scope_unit(r, jint(f, "by_unit_id")))
		return 0;
	return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
	    "只有作出认定的单位或其上级单位可以补充责任认定和问责措施");
}

/* Runs the ladder over measures whose deadline passed: each gets ONE
 * proposal of the next rung (第十五、十六条), never the measure itself —
 * the unit with authority decides (第十八条). Idempotent. */
static int
propose_due(xf_req *r)
{
	xf_date today = xf_app_today(r->app);
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = -1;

	if (xf_store_begin(r->app->store, &r->err) == -1)
		return -1;
	if (xf_store_measures_overdue(r->app->store, today, &ids, &n,
	    &r->err) == -1)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		json_t *m = xf_store_lr_get(r->app->store, XF_LR_MEASURE, ids[i],
		    &r->err), *p;
		xf_date due;
		int rung, next;
		char reason[512];

		if (m == NULL)
			goto fail;
		rung = xf_account_rung_parse(json_string_value(json_object_get(m,
		    "rung")));
		xf_date_parse(json_string_value(json_object_get(m,
		    "rectify_due")), &due);
		next = xf_account_proposal((xf_rung)rung, due, XF_DATE_NONE,
		    today);
		if (next < 0) {
			json_decref(m);
			continue;
		}
		snprintf(reason, sizeof(reason), "%s的整改期限（%s）已过仍未整改，"
		    "依%s建议%s", xf_account_rung((xf_rung)rung)->label,
		    json_string_value(json_object_get(m, "rectify_due")),
		    xf_account_rung((xf_rung)next)->article,
		    xf_account_rung((xf_rung)next)->label);
		p = json_pack("{s:I,s:s,s:i,s:s}", "measure_id",
		    (json_int_t)ids[i], "rung", xf_account_rung((xf_rung)next)->name,
		    "proposed_on", today, "reason", reason);
		json_decref(m);
		if (xf_store_lr_insert(r->app->store, XF_LR_PROPOSAL, p, NULL,
		    &r->err) == -1 ||
		    xf_store_audit(r->app->store, 0, r->ip, "measure_propose",
		    "measure", ids[i], NULL, p, &r->err) == -1)
			goto fail;
	}
	free(ids);
	ids = NULL;
	if (xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	rc = 0;
	return rc;
fail:
	free(ids);
	xf_store_rollback(r->app->store);
	return -1;
}

/* The finding with its cases, supervisions, responsibilities, measures
 * (each with its proposal). */
static json_t *
finding_full(xf_req *r, json_t *f)
{
	xf_store *st = r->app->store;
	int64_t id = jint(f, "id");
	const xf_situation *s = xf_account_situation((int)jint(f, "situation"));
	json_t *w = json_pack("{s:I}", "finding_id", (json_int_t)id);
	json_t *resp = xf_store_lr_list(st, XF_LR_RESPONSIBILITY, w, NULL, NULL,
	    &r->err);
	json_t *meas = resp ? xf_store_lr_list(st, XF_LR_MEASURE, w, NULL, NULL,
	    &r->err) : NULL, *m, *x;
	size_t i;

	json_decref(w);
	if (meas == NULL) {
		json_decref(resp);
		json_decref(f);
		return NULL;
	}
	json_array_foreach(resp, i, x) {
		const char *rn = json_string_value(json_object_get(x,
		    "responsibility"));

		for (int k = 0; rn != NULL && k < XF_RESP_COUNT; k++)
			if (strcmp(rn, xf_resp_name((xf_responsibility)k)) == 0)
				json_object_set_new(x, "label", json_string(
				    xf_resp_label((xf_responsibility)k)));
	}
	json_array_foreach(meas, i, m) {
		json_t *pw = json_pack("{s:I}", "measure_id",
		    (json_int_t)jint(m, "id"));
		json_t *pl = xf_store_lr_list(st, XF_LR_PROPOSAL, pw, NULL, NULL,
		    &r->err);
		int rung = xf_account_rung_parse(json_string_value(
		    json_object_get(m, "rung")));

		json_decref(pw);
		json_object_set_new(m, "label", json_string(rung >= 0 ?
		    xf_account_rung((xf_rung)rung)->label : ""));
		json_object_set_new(m, "article", json_string(rung >= 0 ?
		    xf_account_rung((xf_rung)rung)->article : ""));
		json_object_set_new(m, "proposal", pl && json_array_size(pl) ?
		    json_incref(json_array_get(pl, 0)) : json_null());
		json_decref(pl);
	}
	json_object_set_new(f, "situation_item", json_string(s ? s->item : ""));
	json_object_set_new(f, "situation_text", json_string(s ? s->text : ""));
	json_object_set_new(f, "case_ids", xf_case_ids_visible(r,
	    xf_store_ll_get(st, XF_LL_FINDING_CASE, id, NULL)));
	json_object_set_new(f, "supervision_ids", xf_store_ll_get(st,
	    XF_LL_FINDING_SV, id, NULL) ?: json_array());
	json_object_set_new(f, "responsibilities", resp);
	json_object_set_new(f, "measures", meas);
	return f;
}

/* POST /api/v1/accountability/findings {unit_id, situation 1..10, facts,
 * found_on?, case_ids?, supervision_ids?} */
static int
api_finding_create(xf_req *r)
{
	static const char *const keys[] = { "unit_id", "situation", "facts",
		"found_on", "case_ids", "supervision_ids", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *in = NULL, *rec = NULL, *out = NULL, *ids, *v;
	const char *facts;
	int64_t unit, sit, id;
	xf_date on = XF_DATE_NONE;
	size_t i;
	int rc = -1;

	if (xf_require_role(r, R_FIND) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_int(in, "unit_id", 1, 1, INT64_MAX, &unit, &r->err) != 0 ||
	    xf_json_int(in, "situation", 1, 1, XF_SITUATION_COUNT, &sit,
	    &r->err) != 0 ||
	    xf_json_str(in, "facts", 1, TEXT_MAX, 1, &facts, &r->err) != 0 ||
	    past_date(r, in, "found_on", 0, &on) == -1)
		goto done;
	if (xf_tree_get(t, unit) == NULL || !xf_scope_unit(r, unit)) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id",
		    "责任单位须为本单位或下级单位");
		goto done;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *key = pass ? "supervision_ids" : "case_ids";

		ids = json_object_get(in, key);
		if (ids == NULL)
			continue;
		if (!json_is_array(ids) || json_array_size(ids) > 200) {
			xf_error_set(&r->err, XF_E_INVALID, key,
			    "须为编号列表（至多200个）");
			goto done;
		}
		json_array_foreach(ids, i, v) {
			json_t *sv;

			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				xf_error_set(&r->err, XF_E_INVALID, key,
				    "编号须为正整数");
				goto done;
			}
			if (pass == 0 && xf_case_visible(r,
			    json_integer_value(v)) == -1) {
				xf_error_set(&r->err, XF_E_INVALID, key,
				    "信访件%lld不存在",
				    (long long)json_integer_value(v));
				goto done;
			}
			if (pass == 1) {
				int ok;

				sv = xf_store_sv_get(r->app->store,
				    json_integer_value(v), &r->err);
				ok = sv != NULL && xf_scope_unit(r, jint(sv,
				    "target_unit_id"));
				json_decref(sv);
				if (!ok) {
					xf_error_set(&r->err, XF_E_INVALID, key,
					    "督办记录%lld不存在",
					    (long long)json_integer_value(v));
					goto done;
				}
			}
		}
	}
	if (on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	rec = json_pack("{s:I,s:I,s:s,s:i,s:I,s:I}", "unit_id",
	    (json_int_t)unit, "situation", (json_int_t)sit, "facts", facts,
	    "found_on", on, "by_unit_id",
	    (json_int_t)xf_tree_authority(t, r->user.unit_id), "by_user",
	    (json_int_t)r->user.id);
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_insert(r->app->store, XF_LR_FINDING, rec, &id,
	    &r->err) == -1)
		goto fail;
	json_array_foreach(json_object_get(in, "case_ids"), i, v)
		if (xf_store_ll_add(r->app->store, XF_LL_FINDING_CASE, id,
		    json_integer_value(v), &r->err) == -1)
			goto fail;
	json_array_foreach(json_object_get(in, "supervision_ids"), i, v)
		if (xf_store_ll_add(r->app->store, XF_LL_FINDING_SV, id,
		    json_integer_value(v), &r->err) == -1) {
			if (r->err.code == XF_E_INVALID)
				xf_error_set(&r->err, XF_E_INVALID,
				    "supervision_ids", "督办记录不存在");
			goto fail;
		}
	if (xf_store_audit(r->app->store, r->user.id, r->ip, "finding_create",
	    "finding", id, NULL, json_incref(rec), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	if ((out = xf_store_lr_get(r->app->store, XF_LR_FINDING, id,
	    &r->err)) == NULL || (out = finding_full(r, out)) == NULL)
		goto done;
	xf_reply_json(r, 201, out);
	rc = 0;
	goto done;
fail:
	xf_store_rollback(r->app->store);
	if (r->err.code == XF_E_CONFLICT)
		xf_error_set(&r->err, XF_E_INVALID, "case_ids", "编号重复");
done:
	json_decref(rec);
	json_decref(in);
	return rc;
}

static int
api_finding_list(xf_req *r)
{
	int64_t unit = 0, year = 0;
	json_t *w = json_object(), *l = NULL;
	char *scope = NULL;
	int rc = -1;

	if (xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "year", 2000, 2199, 0, &year,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (unit && !xf_scope_unit(r, unit)) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id", "单位不存在");
		goto done;
	}
	if (year) {
		json_object_set_new(w, "found_on>=",
		    json_integer(xf_date_from_ymd((int)year, 1, 1)));
		json_object_set_new(w, "found_on<=",
		    json_integer(xf_date_from_ymd((int)year, 12, 31)));
	}
	if (propose_due(r) == -1)
		goto done;
	scope = unit ? xf_case_scope_json(r, unit) : xf_case_scope_json(r, 0);
	if ((l = xf_store_lr_list(r->app->store, XF_LR_FINDING, w, "unit_id",
	    scope, &r->err)) == NULL)
		goto done;
	{
		size_t i;
		json_t *f;

		json_array_foreach(l, i, f)
			if (finding_full(r, json_incref(f)) == NULL)
				goto done;
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items", l));
	l = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	free(scope);
	return rc;
}

static int
api_finding_get(xf_req *r)
{
	json_t *f;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    propose_due(r) == -1 || (f = visible_finding(r, r->id)) == NULL ||
	    (f = finding_full(r, f)) == NULL)
		return -1;
	return xf_reply_json(r, 200, f);
}

/* POST /api/v1/accountability/findings/{id}/responsibilities
 * {name, unit_id, user_id?, scope: collective|individual, position,
 *  objected?, objection?, objected_on?} — the responsibility is computed
 * from 第十四条's last paragraph, never typed. */
static int
api_resp_add(xf_req *r)
{
	static const char *const keys[] = { "name", "unit_id", "user_id",
		"scope", "position", "objected", "objection", "objected_on",
		NULL };
	static const char *const scopes[] = { "individual", "collective", NULL };
	json_t *in = NULL, *f = NULL, *rec = NULL, *out = NULL;
	const char *name, *objection = NULL, *pos_s;
	int64_t unit, uid = 0, id;
	int scope, objected = 0, pos, resp, rc = -1;
	xf_date obj_on = XF_DATE_NONE;
	xf_user u;

	if ((f = visible_finding(r, r->id)) == NULL ||
	    xf_require_role(r, R_FIND) == -1 || finding_writer(r, f) == -1 ||
	    xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "name", 1, 64, 0, &name, &r->err) != 0 ||
	    xf_json_int(in, "unit_id", 1, 1, INT64_MAX, &unit, &r->err) != 0 ||
	    xf_json_int(in, "user_id", 0, 1, INT64_MAX, &uid, &r->err) == -1 ||
	    xf_json_enum(in, "scope", 1, scopes, &scope, &r->err) != 0 ||
	    xf_json_str(in, "position", 1, 32, 0, &pos_s, &r->err) != 0 ||
	    xf_json_bool(in, "objected", 0, &objected, &r->err) == -1 ||
	    xf_json_str(in, "objection", 0, TEXT_MAX, 1, &objection,
	    &r->err) == -1 ||
	    past_date(r, in, "objected_on", 0, &obj_on) == -1)
		goto done;
	if ((pos = xf_position_parse(pos_s)) < 0) {
		xf_error_set(&r->err, XF_E_INVALID, "position",
		    "职务须为 principal、in_charge、member、dept_head 或 staff");
		goto done;
	}
	if (!xf_scope_unit(r, unit)) {
		xf_error_set(&r->err, XF_E_INVALID, "unit_id",
		    "责任人所在单位须为本单位或下级单位");
		goto done;
	}
	if (uid && (xf_store_user_get(r->app->store, uid, &u, &r->err) != 0 ||
	    u.unit_id != unit)) {
		xf_error_set(&r->err, XF_E_INVALID, "user_id",
		    "用户不存在或不属于该单位");
		goto done;
	}
	/* An objection clears a collective responsibility only when it was
	 * made in writing: the text is the record of it. */
	if (objected && (objection == NULL || obj_on == XF_DATE_NONE)) {
		xf_error_set(&r->err, XF_E_INVALID, objection == NULL ?
		    "objection" : "objected_on", "提出反对意见须记录书面意见及其日期");
		goto done;
	}
	if ((resp = xf_account_allocate(scope, (xf_position)pos,
	    objected)) < 0) {
		xf_error_set(&r->err, XF_E_INVALID, "position", scope ?
		    "集体责任只由领导班子成员承担（第十四条）" :
		    "个人责任由具体办理的部门负责人、工作人员及主要、分管负责人承担"
		    "（第十四条）");
		goto done;
	}
	rec = json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:i,s:o,s:o,s:o}",
	    "finding_id", (json_int_t)r->id, "name", name, "unit_id",
	    (json_int_t)unit, "scope", scopes[scope], "position", pos_s,
	    "responsibility", xf_resp_name((xf_responsibility)resp),
	    "objected", objected, "objection", objection ?
	    json_string(objection) : json_null(), "objected_on", jdate(obj_on),
	    "user_id", uid ? json_integer(uid) : json_null());
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_insert(r->app->store, XF_LR_RESPONSIBILITY, rec, &id,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip,
	    "responsibility_add", "finding", r->id, NULL, json_incref(rec),
	    &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_RESPONSIBILITY, id,
	    &r->err)) == NULL)
		goto done;
	json_object_set_new(out, "label", json_string(xf_resp_label(
	    (xf_responsibility)resp)));
	xf_reply_json(r, 201, out);
	rc = 0;
done:
	json_decref(f);
	json_decref(rec);
	json_decref(in);
	return rc;
}

/* 干部管理权限 (第十六、十八条): a measure on a person is decided by a
 * leader (or admin) of the person's unit or of a unit above it; a measure
 * on a unit by one above it (a unit does not sanction itself). */
static int
may_decide(xf_req *r, int person, int64_t unit)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int64_t mine = xf_tree_authority(t, r->user.unit_id);

	if (xf_require_role(r, R_DECIDE) == -1)
		return -1;
	if (!xf_scope_unit(r, unit) ||
	    (!person && xf_tree_authority(t, unit) == mine &&
	    xf_tree_get(t, mine)->parent_id != 0))
		return xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "超出干部管理权限：只有对该%s有管理权限的单位才能作出决定",
		    person ? "人员" : "单位");
	return 0;
}

/* Inserts a measure in the caller's transaction. */
static int
measure_insert(xf_req *r, int64_t finding, int person, int64_t unit,
    int64_t resp_id, xf_rung rung, const char *detail, xf_date on,
    xf_date due, int64_t previous, int64_t *id)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int y, m, d;
	json_t *rec;
	int rc;

	xf_date_to_ymd(on, &y, &m, &d);
	rec = json_pack("{s:I,s:s,s:I,s:o,s:s,s:s,s:i,s:i,s:I,s:I,s:o,s:o,s:o}",
	    "finding_id", (json_int_t)finding, "target", person ? "person" :
	    "unit", "unit_id", (json_int_t)unit, "responsibility_id", resp_id ?
	    json_integer(resp_id) : json_null(), "rung",
	    xf_account_rung(rung)->name, "detail", detail ? detail : "",
	    "decided_on", on, "year", y, "by_unit_id",
	    (json_int_t)xf_tree_authority(t, r->user.unit_id), "by_user",
	    (json_int_t)r->user.id, "rectify_due", jdate(due),
	    /* 诫勉 removes the honours of 该地、该部门和单位 that year: the
	     * authority the person belongs to. */
	    "honours_unit_id", xf_account_rung(rung)->honours ?
	    json_integer(xf_tree_authority(t, unit)) : json_null(),
	    "previous_id", previous ? json_integer(previous) : json_null());
	rc = xf_store_lr_insert(r->app->store, XF_LR_MEASURE, rec, id, &r->err);
	if (rc == 0)
		rc = xf_store_audit(r->app->store, r->user.id, r->ip,
		    "measure_decide", "measure", *id, NULL, json_incref(rec),
		    &r->err);
	json_decref(rec);
	return rc;
}

/* Checks the fields a rung needs: a rectification deadline after the
 * decision for the rungs that set one (限期整改), a form for 组织处理. */
static int
rung_fields(xf_req *r, xf_rung rung, const char *detail, xf_date on,
    xf_date due)
{
	if ((rung == XF_RUNG_CHECK || rung == XF_RUNG_CRITICISM ||
	    rung == XF_RUNG_NOTICE || rung == XF_RUNG_ADMONISH) &&
	    due == XF_DATE_NONE)
		return xf_error_set(&r->err, XF_E_INVALID, "rectify_due",
		    "%s须规定整改期限", xf_account_rung(rung)->label);
	if (due != XF_DATE_NONE && due <= on)
		return xf_error_set(&r->err, XF_E_INVALID, "rectify_due",
		    "整改期限须晚于决定日期");
	if (rung == XF_RUNG_ORGANIZATIONAL && !xf_account_org_detail_ok(detail))
		return xf_error_set(&r->err, XF_E_INVALID, "detail",
		    "组织调整或组织处理须为停职检查、调整职务、责令辞职、降职或免职");
	return 0;
}

/* POST /api/v1/accountability/findings/{id}/measures {target, rung,
 * responsibility_id (person) | unit_id (unit), detail?, date?, rectify_due?} */
static int
api_measure_add(xf_req *r)
{
	static const char *const keys[] = { "target", "rung", "responsibility_id",
		"unit_id", "detail", "date", "rectify_due", NULL };
	static const char *const targets[] = { "unit", "person", NULL };
	json_t *in = NULL, *f = NULL, *resp = NULL, *out = NULL;
	const char *rung_s, *detail = NULL;
	int64_t unit = 0, rid = 0, id;
	int target, rung, rc = -1;
	xf_date on = XF_DATE_NONE, due = XF_DATE_NONE;

	if ((f = visible_finding(r, r->id)) == NULL ||
	    finding_writer(r, f) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_enum(in, "target", 1, targets, &target, &r->err) != 0 ||
	    xf_json_str(in, "rung", 1, 32, 0, &rung_s, &r->err) != 0 ||
	    xf_json_int(in, "responsibility_id", 0, 1, INT64_MAX, &rid,
	    &r->err) == -1 ||
	    xf_json_int(in, "unit_id", 0, 1, INT64_MAX, &unit, &r->err) == -1 ||
	    xf_json_str(in, "detail", 0, 200, 0, &detail, &r->err) == -1 ||
	    past_date(r, in, "date", 0, &on) == -1 ||
	    xf_json_date(in, "rectify_due", 0, &due, &r->err) == -1)
		goto done;
	if ((rung = xf_account_rung_parse(rung_s)) < 0 ||
	    xf_account_rung((xf_rung)rung)->person != target) {
		xf_error_set(&r->err, XF_E_INVALID, "rung", target ?
		    "对人员的问责方式须为通报、诫勉、组织调整或组织处理、党纪政纪处分"
		    "（第十六、十七条）" :
		    "对单位的问责方式须为责令检查、通报批评或督查督办（第十五条）");
		goto done;
	}
	if (target == 1) {
		if (rid == 0) {
			xf_error_set(&r->err, XF_E_INVALID, "responsibility_id",
			    "请指定责任人");
			goto done;
		}
		resp = xf_store_lr_get(r->app->store, XF_LR_RESPONSIBILITY, rid,
		    &r->err);
		if (resp == NULL || jint(resp, "finding_id") != r->id) {
			xf_error_set(&r->err, XF_E_INVALID, "responsibility_id",
			    "该问责记录中没有此责任人");
			goto done;
		}
		/* A member who objected in writing bears no responsibility
		 * (第十四条), so no measure can fall on them. */
		if (strcmp(json_string_value(json_object_get(resp,
		    "responsibility")), "none") == 0) {
			xf_error_set(&r->err, XF_E_INVALID, "responsibility_id",
			    "该人员对决策提出过明确反对意见，不承担责任");
			goto done;
		}
		unit = jint(resp, "unit_id");
	} else if (unit == 0)
		unit = jint(f, "unit_id");
	if (on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	{
		/* A measure follows the finding it rests on (SPEC §3's
		 * order of steps): one dated earlier would also strike an
		 * earlier year's honours (第十五条). */
		xf_date found = XF_DATE_NONE;

		xf_date_parse(json_string_value(json_object_get(f,
		    "found_on")) ?: "", &found);
		if (found != XF_DATE_NONE && on < found) {
			char b[11];

			xf_date_format(found, b);
			xf_error_set(&r->err, XF_E_INVALID, "date",
			    "决定日期不能早于问题查明日期（%s）", b);
			goto done;
		}
	}
	if (may_decide(r, target, unit) == -1 ||
	    rung_fields(r, (xf_rung)rung, detail, on, due) == -1)
		goto done;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (measure_insert(r, r->id, target, unit, rid, (xf_rung)rung, detail,
	    on, due, 0, &id) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_MEASURE, id,
	    &r->err)) == NULL)
		goto done;
	xf_reply_json(r, 201, out);
	rc = 0;
done:
	json_decref(resp);
	json_decref(f);
	json_decref(in);
	return rc;
}

/* A measure the caller may see (its unit in scope). */
static json_t *
visible_measure(xf_req *r, int64_t id)
{
	json_t *m = xf_store_lr_get(r->app->store, XF_LR_MEASURE, id, &r->err);

	if (m == NULL || xf_scope_unit(r, jint(m, "unit_id")))
		return m;
	json_decref(m);
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "问责措施不存在");
	return NULL;
}

/* POST /api/v1/accountability/measures/{id}/rectify {date?} — 整改完成;
 * POST …/notify {personnel_notified_on?, dossier_filed_on?} — 第十九条. */
static int
measure_patch(xf_req *r, int notify)
{
	static const char *const k1[] = { "date", NULL };
	static const char *const k2[] = { "personnel_notified_on",
		"dossier_filed_on", NULL };
	json_t *in = NULL, *m = NULL, *set = json_object(), *out = NULL;
	xf_date on = XF_DATE_NONE, pn = XF_DATE_NONE, df = XF_DATE_NONE, dec;
	int rc = -1;

	if ((m = visible_measure(r, r->id)) == NULL || xf_req_json(r, &in) == -1)
		goto done;
	if (may_decide(r, strcmp(json_string_value(json_object_get(m, "target")),
	    "person") == 0, jint(m, "unit_id")) == -1)
		goto done;
	xf_date_parse(json_string_value(json_object_get(m, "decided_on")), &dec);
	if (!notify) {
		if (xf_json_only(in, k1, &r->err) == -1 ||
		    past_date(r, in, "date", 0, &on) == -1)
			goto done;
		if (on == XF_DATE_NONE)
			on = xf_app_today(r->app);
		if (strcmp(json_string_value(json_object_get(m, "state")),
		    "open") != 0) {
			xf_error_set(&r->err, XF_E_TRANSITION, NULL,
			    "该措施已整改或已升级");
			goto done;
		}
		if (on < dec) {
			xf_error_set(&r->err, XF_E_INVALID, "date",
			    "整改日期不能早于决定日期");
			goto done;
		}
		json_object_set_new(set, "rectified_on", json_integer(on));
		json_object_set_new(set, "state", json_string("rectified"));
	} else {
		if (xf_json_only(in, k2, &r->err) == -1 ||
		    past_date(r, in, "personnel_notified_on", 0, &pn) == -1 ||
		    past_date(r, in, "dossier_filed_on", 0, &df) == -1)
			goto done;
		if (strcmp(json_string_value(json_object_get(m, "target")),
		    "person") != 0) {
			xf_error_set(&r->err, XF_E_INVALID, NULL,
			    "通报组织人事部门和归档只适用于对人员的问责");
			goto done;
		}
		if (pn == XF_DATE_NONE && df == XF_DATE_NONE) {
			xf_error_set(&r->err, XF_E_INVALID,
			    "personnel_notified_on", "请填写通报或归档日期");
			goto done;
		}
		if ((pn != XF_DATE_NONE && pn < dec) ||
		    (df != XF_DATE_NONE && df < dec)) {
			xf_error_set(&r->err, XF_E_INVALID, pn != XF_DATE_NONE &&
			    pn < dec ? "personnel_notified_on" :
			    "dossier_filed_on", "日期不能早于决定日期");
			goto done;
		}
		if (pn != XF_DATE_NONE)
			json_object_set_new(set, "personnel_notified_on",
			    json_integer(pn));
		if (df != XF_DATE_NONE)
			json_object_set_new(set, "dossier_filed_on",
			    json_integer(df));
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_lr_update(r->app->store, XF_LR_MEASURE, r->id, set,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, notify ?
	    "measure_notify" : "measure_rectify", "measure", r->id,
	    json_incref(m), json_incref(set), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	if ((out = xf_store_lr_get(r->app->store, XF_LR_MEASURE, r->id,
	    &r->err)) == NULL)
		goto done;
	xf_reply_json(r, 200, out);
	rc = 0;
done:
	json_decref(set);
	json_decref(m);
	json_decref(in);
	return rc;
}

static int
api_measure_rectify(xf_req *r)
{
	return measure_patch(r, 0);
}

static int
api_measure_notify(xf_req *r)
{
	return measure_patch(r, 1);
}

/* GET /api/v1/accountability/proposals?state=proposed|applied|dismissed */
static int
api_proposals(xf_req *r)
{
	static const char *const states[] = { "proposed", "applied",
		"dismissed", NULL };
	json_t *w = json_object(), *l = NULL, *out = json_array(), *p;
	size_t i;
	int st, rc = -1;

	if ((st = xf_query_enum(&r->query, "state", states, &r->err)) == -2 ||
	    xf_query_check_unused(&r->query, &r->err) == -1 ||
	    propose_due(r) == -1)
		goto done;
	if (st >= 0)
		json_object_set_new(w, "state", json_string(states[st]));
	if ((l = xf_store_lr_list(r->app->store, XF_LR_PROPOSAL, w, NULL, NULL,
	    &r->err)) == NULL)
		goto done;
	json_array_foreach(l, i, p) {
		json_t *m = xf_store_lr_get(r->app->store, XF_LR_MEASURE,
		    jint(p, "measure_id"), NULL);
		int rung = xf_account_rung_parse(json_string_value(
		    json_object_get(p, "rung")));

		if (m == NULL || !xf_scope_unit(r, jint(m, "unit_id"))) {
			json_decref(m);
			continue;
		}
		json_object_set_new(p, "label", json_string(rung >= 0 ?
		    xf_account_rung((xf_rung)rung)->label : ""));
		json_object_set_new(p, "measure", m);
		json_array_append(out, p);
	}
	xf_reply_json(r, 200, json_pack("{s:o}", "items", out));
	out = NULL;
	rc = 0;
done:
	json_decref(w);
	json_decref(l);
	json_decref(out);
	return rc;
}

/* POST /api/v1/accountability/proposals/{id}/apply {date?, rectify_due?,
 * detail?} — the unit with authority adopts the proposed rung: a new
 * measure, the old one marked escalated. …/dismiss {note}. */
static int
proposal_decide(xf_req *r, int apply)
{
	static const char *const k1[] = { "date", "rectify_due", "detail", NULL };
	static const char *const k2[] = { "note", "date", NULL };
	json_t *in = NULL, *p = NULL, *m = NULL, *set = json_object(), *out = NULL;
	const char *detail = NULL, *note = NULL;
	xf_date on = XF_DATE_NONE, due = XF_DATE_NONE;
	int64_t id = 0;
	int person, rung, rc = -1;

	if ((p = xf_store_lr_get(r->app->store, XF_LR_PROPOSAL, r->id,
	    &r->err)) == NULL)
		goto done;
	if ((m = visible_measure(r, jint(p, "measure_id"))) == NULL) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "升级建议不存在");
		goto done;
	}
	if (xf_req_json(r, &in) == -1)
		goto done;
	person = strcmp(json_string_value(json_object_get(m, "target")),
	    "person") == 0;
	if (may_decide(r, person, jint(m, "unit_id")) == -1)
		goto done;
	if (strcmp(json_string_value(json_object_get(p, "state")),
	    "proposed") != 0) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL, "该建议已处理");
		goto done;
	}
	if (apply ? (xf_json_only(in, k1, &r->err) == -1 ||
	    past_date(r, in, "date", 0, &on) == -1 ||
	    xf_json_date(in, "rectify_due", 0, &due, &r->err) == -1 ||
	    xf_json_str(in, "detail", 0, 200, 0, &detail, &r->err) == -1) :
	    (xf_json_only(in, k2, &r->err) == -1 ||
	    xf_json_str(in, "note", 1, TEXT_MAX, 1, &note, &r->err) != 0 ||
	    past_date(r, in, "date", 0, &on) == -1))
		goto done;
	if (on == XF_DATE_NONE)
		on = xf_app_today(r->app);
	rung = xf_account_rung_parse(json_string_value(json_object_get(p,
	    "rung")));
	if (apply && rung_fields(r, (xf_rung)rung, detail, on, due) == -1)
		goto done;
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (apply) {
		json_t *ms = json_pack("{s:s}", "state", "escalated");

		if (measure_insert(r, jint(m, "finding_id"), person,
		    jint(m, "unit_id"), jint(m, "responsibility_id"),
		    (xf_rung)rung, detail, on, due, jint(m, "id"), &id) == -1 ||
		    xf_store_lr_update(r->app->store, XF_LR_MEASURE,
		    jint(m, "id"), ms, &r->err) == -1) {
			json_decref(ms);
			goto fail;
		}
		json_decref(ms);
		json_object_set_new(set, "applied_measure_id", json_integer(id));
	} else
		json_object_set_new(set, "note", json_string(note));
	json_object_set_new(set, "state", json_string(apply ? "applied" :
	    "dismissed"));
	json_object_set_new(set, "decided_on", json_integer(on));
	json_object_set_new(set, "decided_by", json_integer(r->user.id));
	if (xf_store_lr_update(r->app->store, XF_LR_PROPOSAL, r->id, set,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, apply ?
	    "proposal_apply" : "proposal_dismiss", "measure",
	    jint(m, "id"), NULL, json_incref(set), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1)
		goto fail;
	out = xf_store_lr_get(r->app->store, XF_LR_PROPOSAL, r->id, &r->err);
	if (out == NULL)
		goto done;
	if (id)
		json_object_set_new(out, "measure", xf_store_lr_get(
		    r->app->store, XF_LR_MEASURE, id, NULL) ?: json_null());
	xf_reply_json(r, 200, out);
	rc = 0;
	goto done;
fail:
	xf_store_rollback(r->app->store);
done:
	json_decref(set);
	json_decref(m);
	json_decref(p);
	json_decref(in);
	return rc;
}

static int
api_proposal_apply(xf_req *r)
{
	return proposal_decide(r, 1);
}

static int
api_proposal_dismiss(xf_req *r)
{
	return proposal_decide(r, 0);
}

/* GET /api/v1/accountability/honours?year=[&unit_id=] — the units whose
 * comprehensive honours a 诫勉 removed that year (第十六条（二）). With
 * unit_id: {"unit_id","year","eligible","measures":[…]}. */
static int
api_honours(xf_req *r)
{
	xf_date today = xf_app_today(r->app);
	int64_t year, unit = 0;
	char *scope = NULL;
	json_t *l = NULL, *m, *items;
	size_t i;
	int rc = -1;

	if (xf_query_int(&r->query, "year", 2000, 2199, xf_date_year(today),
	    &year, &r->err) == -1 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (unit && !xf_scope_unit(r, unit))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
		    "单位不存在");
	scope = xf_case_scope_json(r, 0);
	if ((l = honours_lost(r, (int)year, scope)) == NULL)
		goto done;
	if (unit) {
		items = json_array();
		json_array_foreach(l, i, m)
			if (jint(m, "honours_unit_id") == unit)
				json_array_append(items, m);
		xf_reply_json(r, 200, json_pack("{s:I,s:I,s:b,s:o}", "unit_id",
		    (json_int_t)unit, "year", (json_int_t)year, "eligible",
		    json_array_size(items) == 0, "measures", items));
	} else {
		const xf_unit_tree *t = xf_app_tree(r->app);

		items = json_array();
		json_array_foreach(l, i, m) {
			const xf_unit *u = xf_tree_get(t, jint(m,
			    "honours_unit_id"));

			json_array_append_new(items, json_pack("{s:I,s:s,s:I,"
			    "s:O}", "unit_id", (json_int_t)jint(m,
			    "honours_unit_id"), "name", u ? u->name : "",
			    "measure_id", (json_int_t)jint(m, "id"),
			    "decided_on", json_object_get(m, "decided_on")));
		}
		xf_reply_json(r, 200, json_pack("{s:I,s:o}", "year",
		    (json_int_t)year, "items", items));
	}
	rc = 0;
done:
	json_decref(l);
	free(scope);
	return rc;
}

const xf_route xf_assessment_routes[] = {
	{ "GET", "/api/v1/assessment", api_assessment, 0 },
	{ "GET", "/api/v1/assessment.xlsx", api_assessment_xlsx, 0 },
	{ "GET", "/api/v1/assessment/notice.pdf", api_assessment_pdf, 0 },
	{ "GET", "/api/v1/assessment/indicators", api_indicators, 0 },
	{ "PUT", "/api/v1/assessment/weights", api_weights_put, 0 },
	{ "GET", "/api/v1/assessment/cases", api_assessment_cases, 0 },

	{ "GET", "/api/v1/accountability/situations", api_acc_data, 0 },
	{ "GET", "/api/v1/accountability/findings", api_finding_list, 0 },
	{ "POST", "/api/v1/accountability/findings", api_finding_create, 0 },
	{ "GET", "/api/v1/accountability/findings/{id}", api_finding_get, 0 },
	{ "POST", "/api/v1/accountability/findings/{id}/responsibilities",
	    api_resp_add, 0 },
	{ "POST", "/api/v1/accountability/findings/{id}/measures",
	    api_measure_add, 0 },
	{ "POST", "/api/v1/accountability/measures/{id}/rectify",
	    api_measure_rectify, 0 },
	{ "POST", "/api/v1/accountability/measures/{id}/notify",
	    api_measure_notify, 0 },
	{ "GET", "/api/v1/accountability/proposals", api_proposals, 0 },
	{ "POST", "/api/v1/accountability/proposals/{id}/apply",
	    api_proposal_apply, 0 },
	{ "POST", "/api/v1/accountability/proposals/{id}/dismiss",
	    api_proposal_dismiss, 0 },
	{ "GET", "/api/v1/accountability/honours", api_honours, 0 },
	{ NULL, NULL, NULL, 0 },
};

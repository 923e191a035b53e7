/* Leadership and accountability registers in SQLite (see leadership.h).
 * Column names come only from the tables below, never from a caller's
 * string, so the SQL built here cannot be steered by input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/leadership.h"

typedef struct {
	const char	*table;
	const char	*key;		/* primary key column */
	const char	*stamp;		/* created_at / updated_at */
	const char	*cols;		/* writable columns, ",a,b,c," */
} lr_table;

static const lr_table tables[XF_LR_COUNT] = {
	[XF_LR_INSTRUCTION] = { "instructions", "id", "created_at",
	    ",case_id,leader_id,unit_id,text,must_act_unit_id,due,given_on," },
	[XF_LR_TAKER] = { "case_takers", "id", "created_at",
	    ",case_id,leader_id,unit_id,taken_on,note,released_on," },
	[XF_LR_RECEPTION] = { "receptions", "id", "created_at",
	    ",unit_id,leader_id,day,place,note," },
	[XF_LR_ONSITE] = { "onsite_responses", "id", "created_at",
	    ",case_id,leader_id,unit_id,visit_arrived_at,leader_arrived_at,"
	    "minutes,note," },
	[XF_LR_BRIEFING] = { "briefings", "id", "created_at",
	    ",unit_id,year,half,held_on,chair,summary," },
	[XF_LR_RISK] = { "risk_assessments", "id", "created_at",
	    ",unit_id,decision,decided_on,assessed_on,risk_level,office_opinion,"
	    "consultation," },
	[XF_LR_SCREENING] = { "screenings", "id", "created_at",
	    ",unit_id,kind,held_on,scope," },
	[XF_LR_ISSUE] = { "screening_issues", "id", "created_at",
	    ",screening_id,description,owner,owner_user_id,state,due,"
	    "resolved_on," },
	[XF_LR_GROUP] = { "lead_groups", "unit_id", "updated_at",
	    ",unit_id,head,office_unit_id,established_on," },
	[XF_LR_MEMBER] = { "lead_members", "id", "created_at",
	    ",unit_id,user_id,name,post,duty,area," },
	[XF_LR_FINDING] = { "findings", "id", "created_at",
	    ",unit_id,situation,facts,found_on,by_unit_id,by_user," },
	[XF_LR_RESPONSIBILITY] = { "responsibilities", "id", "created_at",
	    ",finding_id,user_id,name,unit_id,scope,position,responsibility,"
	    "objected,objection,objected_on," },
	[XF_LR_MEASURE] = { "measures", "id", "created_at",
	    ",finding_id,target,unit_id,responsibility_id,rung,detail,"
	    "decided_on,year,by_unit_id,by_user,rectify_due,rectified_on,state,"
	    "honours_unit_id,previous_id,personnel_notified_on,"
	    "dossier_filed_on," },
	[XF_LR_PROPOSAL] = { "measure_proposals", "id", "created_at",
	    ",measure_id,rung,proposed_on,reason,state,decided_on,decided_by,"
	    "note,applied_measure_id," },
};

static const struct {
	const char *table, *a, *b;
} links[XF_LL_COUNT] = {
	[XF_LL_RECEPTION_CASE] = { "reception_cases", "reception_id", "case_id" },
	[XF_LL_RISK_CASE] = { "risk_cases", "risk_id", "case_id" },
	[XF_LL_FINDING_CASE] = { "finding_cases", "finding_id", "case_id" },
	[XF_LL_FINDING_SV] = { "finding_supervisions", "finding_id",
	    "supervision_id" },
};

/* A writable column of the table (or its key)? */
static int
known(const lr_table *t, const char *col, size_t len)
{
	char pat[48];

	if (len == 0 || len + 3 > sizeof(pat))
		return 0;
	if (strlen(t->key) == len && strncmp(t->key, col, len) == 0)
		return 1;
	snprintf(pat, sizeof(pat), ",%.*s,", (int)len, col);
	return strstr(t->cols, pat) != NULL;
}

static int
is_date_col(const char *c)
{
	size_t n = strlen(c);

	return strcmp(c, "due") == 0 || strcmp(c, "day") == 0 ||
	    strcmp(c, "rectify_due") == 0 ||
	    (n > 3 && strcmp(c + n - 3, "_on") == 0);
}

static int
bind_json(sqlite3_stmt *s, int i, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		return sqlite3_bind_int64(s, i, json_integer_value(v));
	case JSON_REAL:
		return sqlite3_bind_double(s, i, json_real_value(v));
	case JSON_STRING:
		return sqlite3_bind_text(s, i, json_string_value(v), -1,
		    SQLITE_TRANSIENT);
	case JSON_TRUE:
		return sqlite3_bind_int(s, i, 1);
	case JSON_FALSE:
		return sqlite3_bind_int(s, i, 0);
	default:
		return sqlite3_bind_null(s, i);
	}
}

static json_t *
row_json(sqlite3_stmt *s)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(s);

	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(s, i);
		json_t *v;

		switch (sqlite3_column_type(s, i)) {
		case SQLITE_INTEGER:
			if (is_date_col(name)) {
				char buf[11];

				xf_date_format(sqlite3_column_int(s, i), buf);
				v = json_string(buf);
			} else
				v = json_integer(sqlite3_column_int64(s, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(s, i));
			break;
		case SQLITE_TEXT:
			v = json_string((const char *)sqlite3_column_text(s, i));
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

/* A register row that names a case carries its number and title too, so a
 * list needs no second request per case. */
static json_t *
with_case(xf_store *st, json_t *o)
{
	json_t *id = json_object_get(o, "case_id");
	sqlite3_stmt *q;

	if (!json_is_integer(id))
		return o;
	q = xf_store_stmt(st, "SELECT number, title FROM cases WHERE id = ?1",
	    NULL);
	if (q == NULL)
		return o;
	sqlite3_bind_int64(q, 1, json_integer_value(id));
	if (sqlite3_step(q) == SQLITE_ROW) {
		json_object_set_new(o, "case_number", json_string(
		    (const char *)sqlite3_column_text(q, 0)));
		json_object_set_new(o, "case_title", json_string(
		    (const char *)sqlite3_column_text(q, 1)));
	}
	sqlite3_reset(q);
	return o;
}

static int
bad_col(xf_error *err, const char *col)
{
	return xf_error_set(err, XF_E_INTERNAL, NULL, "未知字段 %s", col);
}

int
xf_store_lr_insert(xf_store *st, xf_lr_kind k, json_t *fields, int64_t *id,
    xf_error *err)
{
	const lr_table *t = &tables[k];
	sqlite3_stmt *s = NULL;
	char cols[1024], vals[512], sql[2048], now[32];
	size_t cl = 0, vl = 0;
	const char *key;
	json_t *v;
	int i = 0, rc = -1;

	json_object_foreach(fields, key, v) {
		if (!known(t, key, strlen(key)))
			return bad_col(err, key);
		cl += (size_t)snprintf(cols + cl, sizeof(cols) - cl, "%s,", key);
		vl += (size_t)snprintf(vals + vl, sizeof(vals) - vl, "?%d,", ++i);
		if (cl >= sizeof(cols) || vl >= sizeof(vals))
			return xf_error_set(err, XF_E_INTERNAL, NULL, "字段过多");
	}
	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s%s) VALUES (%s?%d)",
	    t->table, cols, t->stamp, vals, i + 1);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	i = 0;
	json_object_foreach(fields, key, v)
		bind_json(s, ++i, v);
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_text(s, i + 1, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto sqlfail;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(xf_store_db(st));
	rc = 0;
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
done:
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_lr_update(xf_store *st, xf_lr_kind k, int64_t id, json_t *fields,
    xf_error *err)
{
	const lr_table *t = &tables[k];
	sqlite3_stmt *s = NULL;
	char set[1024], sql[2048];
	size_t sl = 0;
	const char *key;
	json_t *v;
	int i = 0, rc = -1;

	if (json_object_size(fields) == 0)
		return 0;
	json_object_foreach(fields, key, v) {
		if (!known(t, key, strlen(key)))
			return bad_col(err, key);
		sl += (size_t)snprintf(set + sl, sizeof(set) - sl, "%s%s = ?%d",
		    i > 0 ? ", " : "", key, i + 1);
		i++;
		if (sl >= sizeof(set))
			return xf_error_set(err, XF_E_INTERNAL, NULL, "字段过多");
	}
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s WHERE %s = ?%d", t->table,
	    set, t->key, i + 1);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	i = 0;
	json_object_foreach(fields, key, v)
		bind_json(s, ++i, v);
	sqlite3_bind_int64(s, i + 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto sqlfail;
	rc = sqlite3_changes(xf_store_db(st)) > 0 ? 0 : 1;
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
done:
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_lr_delete_by(xf_store *st, xf_lr_kind k, const char *col, int64_t v,
    xf_error *err)
{
	const lr_table *t = &tables[k];
	sqlite3_stmt *s = NULL;
	char sql[256];
	int rc = -1;

	if (!known(t, col, strlen(col)))
		return bad_col(err, col);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE %s = ?1", t->table,
	    col);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(s, 1, v);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
done:
	sqlite3_finalize(s);
	return rc;
}

json_t *
xf_store_lr_get(xf_store *st, xf_lr_kind k, int64_t id, xf_error *err)
{
	const lr_table *t = &tables[k];
	sqlite3_stmt *s = NULL;
	json_t *o = NULL;
	char sql[256];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE %s = ?1", t->table,
	    t->key);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		xf_store_sqlerr(st, err);
		return NULL;
	}
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		o = with_case(st, row_json(s));
	else if (rc == SQLITE_DONE)
		xf_error_set(err, XF_E_NOT_FOUND, NULL, "记录不存在");
	else
		xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return o;
}

json_t *
xf_store_lr_list(xf_store *st, xf_lr_kind k, json_t *where,
    const char *unit_col, const char *units_json, xf_error *err)
{
	const lr_table *t = &tables[k];
	sqlite3_stmt *s = NULL;
	char w[1024], sql[2048];
	size_t wl = 0;
	const char *key;
	json_t *v, *out = NULL;
	int i = 0, rc;

	w[0] = '\0';
	json_object_foreach(where, key, v) {
		size_t n = strlen(key);
		const char *op = "=";

		if (n > 2 && (strcmp(key + n - 2, ">=") == 0 ||
		    strcmp(key + n - 2, "<=") == 0)) {
			op = key + n - 2;
			n -= 2;
		}
		if (!known(t, key, n)) {
			bad_col(err, key);
			return NULL;
		}
		if (json_is_null(v))
			wl += (size_t)snprintf(w + wl, sizeof(w) - wl,
			    " AND %.*s IS NULL", (int)n, key);
		else
			wl += (size_t)snprintf(w + wl, sizeof(w) - wl,
			    " AND %.*s %s ?%d", (int)n, key, op, ++i);
		if (wl >= sizeof(w)) {
			xf_error_set(err, XF_E_INTERNAL, NULL, "条件过多");
			return NULL;
		}
	}
	if (units_json != NULL && unit_col != NULL) {
		if (!known(t, unit_col, strlen(unit_col))) {
			bad_col(err, unit_col);
			return NULL;
		}
		snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE 1%s AND %s IN"
		    " (SELECT value FROM json_each(?%d)) ORDER BY %s", t->table,
		    w, unit_col, i + 1, t->key);
	} else
		snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE 1%s ORDER BY"
		    " %s", t->table, w, t->key);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	i = 0;
	json_object_foreach(where, key, v)
		if (!json_is_null(v))
			bind_json(s, ++i, v);
	if (units_json != NULL && unit_col != NULL)
		sqlite3_bind_text(s, i + 1, units_json, -1, SQLITE_STATIC);
	out = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(out, with_case(st, row_json(s)));
	if (rc != SQLITE_DONE) {
		json_decref(out);
		out = NULL;
		goto sqlfail;
	}
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
done:
	sqlite3_finalize(s);
	return out;
}

int
xf_store_ll_add(xf_store *st, xf_ll_kind k, int64_t a, int64_t b,
    xf_error *err)
{
	sqlite3_stmt *s = NULL;
	char sql[256];
	int rc = -1;

	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s, %s) VALUES (?1, ?2)",
	    links[k].table, links[k].a, links[k].b);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
done:
	sqlite3_finalize(s);
	return rc;
}

json_t *
xf_store_ll_get(xf_store *st, xf_ll_kind k, int64_t a, xf_error *err)
{
	sqlite3_stmt *s = NULL;
	json_t *out = NULL;
	char sql[256];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s = ?1 ORDER BY %s",
	    links[k].b, links[k].table, links[k].a, links[k].b);
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		xf_store_sqlerr(st, err);
		return NULL;
	}
	sqlite3_bind_int64(s, 1, a);
	out = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(out, json_integer(sqlite3_column_int64(s,
		    0)));
	if (rc != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		json_decref(out);
		out = NULL;
	}
	sqlite3_finalize(s);
	return out;
}

int
xf_store_measures_overdue(xf_store *st, xf_date today, int64_t **ids,
    size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT m.id FROM measures m WHERE m.state = 'open'"
	    " AND m.rectify_due IS NOT NULL AND m.rectify_due < ?1"
	    " AND m.rectified_on IS NULL"
	    " AND NOT EXISTS (SELECT 1 FROM measure_proposals p"
	    "  WHERE p.measure_id = m.id) ORDER BY m.id", err);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((*ids = realloc(*ids, cap * sizeof(**ids))) == NULL)
				abort();
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return xf_store_sqlerr(st, err);
	}
	return 0;
}

int
xf_store_case_accused(xf_store *st, int64_t case_id, int *flags,
    int64_t *respondent_unit, int64_t *owner, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT flags,"
	    " coalesce(respondent_unit_id, 0), unit_id FROM cases"
	    " WHERE id = ?1", err);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*flags = sqlite3_column_int(s, 0);
		*respondent_unit = sqlite3_column_int64(s, 1);
		*owner = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : xf_store_sqlerr(st, err);
}

int
xf_store_case_brief(xf_store *st, int64_t case_id, int *status, int *flags,
    xf_date *closed_on, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT status, flags, closed_on"
	    " FROM cases WHERE id = ?1", err);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*status = sqlite3_column_int(s, 0);
		*flags = sqlite3_column_int(s, 1);
		*closed_on = sqlite3_column_type(s, 2) == SQLITE_NULL ?
		    XF_DATE_NONE : sqlite3_column_int(s, 2);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 1;
	return xf_store_sqlerr(st, err);
}

/* Supervision records, the scheduler's bookkeeping and the outbox in SQLite
 * (migration 3). Statements the daily scan runs per case use the
 * connection's statement cache; the rare ones (lists, the queue) are
 * prepared and finalized on the spot so they do not crowd the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "http/arena.h"
#include "sqlutil.h"
#include "supervision.h"

/* ---- small helpers ----------------------------------------------------------- */

static void
now_rfc3339(char buf[32])
{
	xf_time_format((int64_t)time(NULL), buf);
}

/* A one-off statement (caller finalizes). */
static sqlite3_stmt *
prep(xf_store *st, const char *sql, xf_error *err)
{
	sqlite3_stmt *s = NULL;
	sqlite3 *db = xf_store_db(st);

	if (db == NULL) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "无法打开数据库");
		return NULL;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "xinfang: prepare: %s\n  %s\n", sqlite3_errmsg(db),
		    sql);
		xf_error_set(err, XF_E_INTERNAL, NULL, "数据库语句错误");
		return NULL;
	}
	return s;
}

static int
step_done(xf_store *st, sqlite3_stmt *s, xf_error *err)
{
	int r = sqlite3_step(s);

	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return 0;
}

/* ---- id vectors ------------------------------------------------------------------ */

void
xf_idvec_push(xf_idvec *v, int64_t id)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->v = xf_xrealloc(v->v, v->cap * sizeof(v->v[0]));
	}
	v->v[v->n++] = id;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void
xf_idvec_sort_unique(xf_idvec *v)
{
	size_t w = 0;

	if (v->n == 0)
		return;
	qsort(v->v, v->n, sizeof(v->v[0]), cmp_i64);
	for (size_t i = 0; i < v->n; i++)
		if (w == 0 || v->v[w - 1] != v->v[i])
			v->v[w++] = v->v[i];
	v->n = w;
}

void
xf_idvec_free(xf_idvec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/* ---- records ----------------------------------------------------------------------- */

int
xf_store_sv_insert(xf_store *st, xf_sv_new *r, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO supervisions (case_id, trigger, system, raised_by,"
	    " by_unit_id, raised_on, form, target_unit_id, missed, problem,"
	    " suggestions, reply_due, state, created_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open', ?13)"
	    " ON CONFLICT DO NOTHING", err);

	if (s == NULL)
		return -1;
	now_rfc3339(now);
	sqlite3_bind_int64(s, 1, r->case_id);
	sqlite3_bind_text(s, 2, xf_sv_trigger_name(r->trigger), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(s, 3, r->system ? 1 : 0);
	xf_sql_bind_id(s, 4, r->raised_by);
	xf_sql_bind_id(s, 5, r->by_unit_id);
	sqlite3_bind_int(s, 6, r->raised_on);
	sqlite3_bind_text(s, 7, xf_sv_form_name(r->form), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, r->target_unit_id);
	xf_sql_bind_date(s, 9, r->missed);
	sqlite3_bind_text(s, 10, r->problem ? r->problem : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->suggestions ? r->suggestions : "", -1,
	    SQLITE_STATIC);
	xf_sql_bind_date(s, 12, r->reply_due);
	sqlite3_bind_text(s, 13, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	if (sqlite3_changes(xf_store_db(st)) == 0)
		return 1;
	r->id = sqlite3_last_insert_rowid(xf_store_db(st));
	return 0;
}

#define SV_COLS \
	"s.id, s.case_id, s.trigger, s.system, s.raised_by, s.by_unit_id," \
	" s.raised_on, s.form, s.target_unit_id, s.missed, s.problem," \
	" s.suggestions, s.reply_due, s.reply, s.replied_on, s.replied_by," \
	" s.result, s.state, s.cured, s.closed_on, s.closed_by, s.archived," \
	" s.archived_on, c.number, c.title, c.unit_id, c.first_unit_id"

static json_t *
sv_row_json(sqlite3_stmt *s)
{
	const char *trig = (const char *)sqlite3_column_text(s, 2);
	const char *form = (const char *)sqlite3_column_text(s, 7);
	const char *state = (const char *)sqlite3_column_text(s, 17);
	const xf_sv_rule *rule = xf_sv_rule_get(
	    (xf_sv_trigger)xf_sv_trigger_parse(trig));
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(sqlite3_column_int64(s, 0)));
	json_object_set_new(j, "case_id",
	    json_integer(sqlite3_column_int64(s, 1)));
	json_object_set_new(j, "case_number", xf_sql_text_json(s, 23));
	json_object_set_new(j, "case_title", xf_sql_text_json(s, 24));
	json_object_set_new(j, "case_unit_id", xf_sql_id_json(s, 25));
	json_object_set_new(j, "first_unit_id", xf_sql_id_json(s, 26));
	json_object_set_new(j, "trigger", json_string(trig ? trig : ""));
	json_object_set_new(j, "trigger_name",
	    json_string(rule ? rule->name : ""));
	json_object_set_new(j, "article", json_string(rule ? rule->seed : ""));
	json_object_set_new(j, "law", json_string(rule ? rule->law : ""));
	json_object_set_new(j, "system",
	    json_boolean(sqlite3_column_int(s, 3)));
	json_object_set_new(j, "raised_by", xf_sql_id_json(s, 4));
	json_object_set_new(j, "by_unit_id", xf_sql_id_json(s, 5));
	json_object_set_new(j, "raised_on", xf_sql_date_json(s, 6));
	json_object_set_new(j, "form", json_string(form ? form : ""));
	json_object_set_new(j, "form_name",
	    json_string(xf_sv_form_label((xf_sv_form)xf_sv_form_parse(form))));
	json_object_set_new(j, "target_unit_id",
	    json_integer(sqlite3_column_int64(s, 8)));
	json_object_set_new(j, "missed", xf_sql_date_json(s, 9));
	json_object_set_new(j, "problem", xf_sql_text_json(s, 10));
	json_object_set_new(j, "suggestions", xf_sql_text_json(s, 11));
	json_object_set_new(j, "reply_due", xf_sql_date_json(s, 12));
	json_object_set_new(j, "reply", xf_sql_text_json(s, 13));
	json_object_set_new(j, "replied_on", xf_sql_date_json(s, 14));
	json_object_set_new(j, "replied_by", xf_sql_id_json(s, 15));
	json_object_set_new(j, "result", xf_sql_text_json(s, 16));
	json_object_set_new(j, "state", json_string(state ? state : ""));
	json_object_set_new(j, "state_name", json_string(xf_sv_state_label(
	    (xf_sv_state)xf_sv_state_parse(state))));
	json_object_set_new(j, "cured", json_boolean(sqlite3_column_int(s, 18)));
	json_object_set_new(j, "closed_on", xf_sql_date_json(s, 19));
	json_object_set_new(j, "closed_by", xf_sql_id_json(s, 20));
	json_object_set_new(j, "archived",
	    json_boolean(sqlite3_column_int(s, 21)));
	json_object_set_new(j, "archived_on", xf_sql_date_json(s, 22));
	return j;
}

json_t *
xf_store_sv_get(xf_store *st, int64_t id, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT " SV_COLS " FROM supervisions s"
	    " JOIN cases c ON c.id = s.case_id WHERE s.id = ?1", err);
	json_t *j = NULL;
	int r;

	if (s == NULL)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		j = sv_row_json(s);
	else if (r == SQLITE_DONE)
		xf_error_set(err, XF_E_NOT_FOUND, NULL, "督办记录不存在");
	else
		xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return j;
}

int
xf_store_sv_list(xf_store *st, const xf_sv_filter *f, json_t **items,
    int64_t *total, xf_error *err)
{
	/* Scope: the record is aimed at a unit in scope, or its case is
	 * owned by / was first handled by one (the first unit follows the
	 * case to the end, 第十一条). */
	static const char where[] =
	    " FROM supervisions s JOIN cases c ON c.id = s.case_id"
	    " WHERE (?1 IS NULL OR s.target_unit_id IN (SELECT value FROM"
	    "   json_each(?1)) OR c.unit_id IN (SELECT value FROM json_each(?1))"
	    "   OR c.first_unit_id IN (SELECT value FROM json_each(?1))"
	    "   OR s.by_unit_id IN (SELECT value FROM json_each(?1)))"
	    " AND (?2 = 0 OR s.case_id = ?2)"
	    " AND (?3 = 0 OR s.target_unit_id = ?3)"
	    " AND (?4 IS NULL OR s.state = ?4)"
	    " AND (?5 IS NULL OR s.trigger = ?5)"
	    " AND (?6 IS NULL OR s.target_unit_id IN (SELECT value FROM"
	    "   json_each(?6)))"
	    /* 8 is XF_CF_CONFIDENTIAL (the cases list's rule). */
	    " AND (?9 IS NULL OR NOT (c.flags & 8 <> 0 AND"
	    "   c.respondent_unit_id IS NOT NULL AND c.respondent_unit_id IN"
	    "   (SELECT value FROM json_each(?9)) AND c.unit_id <>"
	    "   c.respondent_unit_id))";
	char sql[2048];
	sqlite3_stmt *s = NULL;
	int64_t limit = f->limit > 0 ? f->limit : 500;
	int rc = -1, r;

	*items = json_array();
	*total = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
		else
			snprintf(sql, sizeof(sql), "SELECT " SV_COLS "%s"
			    " ORDER BY s.id DESC LIMIT ?7 OFFSET ?8", where);
		if ((s = prep(st, sql, err)) == NULL)
			goto done;
		xf_sql_bind_text(s, 1, f->units_json);
		sqlite3_bind_int64(s, 2, f->case_id);
		sqlite3_bind_int64(s, 3, f->target_unit_id);
		xf_sql_bind_text(s, 4, f->state >= 0 ?
		    xf_sv_state_name((xf_sv_state)f->state) : NULL);
		xf_sql_bind_text(s, 5, f->trigger >= 0 ?
		    xf_sv_trigger_name((xf_sv_trigger)f->trigger) : NULL);
		xf_sql_bind_text(s, 6, f->target_json);
		xf_sql_bind_text(s, 9, f->accused_json);
		if (pass == 1) {
			sqlite3_bind_int64(s, 7, limit);
			sqlite3_bind_int64(s, 8, f->offset);
		}
		while ((r = sqlite3_step(s)) == SQLITE_ROW) {
			if (pass == 0)
				*total = sqlite3_column_int64(s, 0);
			else
				json_array_append_new(*items, sv_row_json(s));
		}
		if (r != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto done;
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	rc = 0;
done:
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_sv_reply(xf_store *st, int64_t id, const char *text, xf_date on,
    int64_t user_id, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "UPDATE supervisions SET reply = ?2,"
	    " replied_on = ?3, replied_by = ?4, state = 'replied'"
	    " WHERE id = ?1 AND state = 'open'", err);
	int rc = -1;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, on);
	xf_sql_bind_id(s, 4, user_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		xf_store_sqlerr(st, err);
	else if (sqlite3_changes(xf_store_db(st)) == 0)
		xf_error_set(err, XF_E_TRANSITION, NULL,
		    "该督办已反馈或已办结，不能再反馈");
	else
		rc = 0;
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_sv_close(xf_store *st, int64_t id, const char *result, xf_date on,
    int64_t by, int cured, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "UPDATE supervisions SET"
	    " result = ?2, closed_on = ?3, closed_by = ?4, cured = ?5,"
	    " state = 'closed', archived = 1, archived_on = ?3"
	    " WHERE id = ?1 AND state <> 'closed'", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, result, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, on);
	xf_sql_bind_id(s, 4, by);
	sqlite3_bind_int(s, 5, cured ? 1 : 0);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	if (sqlite3_changes(xf_store_db(st)) == 0)
		return xf_error_set(err, XF_E_TRANSITION, NULL,
		    "该督办已办结");
	return 0;
}

/* A merged or abolished unit's open supervisions go to its successor
 * (第八条: whoever carries on its duties answers them). */
int
xf_store_sv_retarget(xf_store *st, int64_t from_unit, int64_t to_unit,
    int *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "UPDATE supervisions SET"
	    " target_unit_id = ?2 WHERE target_unit_id = ?1"
	    " AND state <> 'closed'", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, from_unit);
	sqlite3_bind_int64(s, 2, to_unit);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	*n = sqlite3_changes(xf_store_db(st));
	return 0;
}

int
xf_store_sv_open_system(xf_store *st, int64_t case_id, int64_t *ids,
    xf_sv_trigger *trig, size_t max, size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT id, trigger FROM"
	    " supervisions WHERE case_id = ?1 AND state <> 'closed'"
	    " AND system = 1", err);
	int r;

	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		int t = xf_sv_trigger_parse((const char *)sqlite3_column_text(s,
		    1));

		if (t < 0 || *n >= max)
			continue;
		ids[*n] = sqlite3_column_int64(s, 0);
		trig[*n] = (xf_sv_trigger)t;
		(*n)++;
	}
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return 0;
}

/* ---- facts -------------------------------------------------------------------------- */

static int
table_exists(xf_store *st, const char *name)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT 1 FROM sqlite_master"
	    " WHERE type = 'table' AND name = ?1", NULL);
	int yes;

	if (s == NULL)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return yes;
}

static int
text_present(json_t *o, const char *key)
{
	const char *t = json_string_value(json_object_get(o, key));

	if (t == NULL)
		return 0;
	/* Present: anything but ASCII space and U+3000 (as the lifecycle). */
	for (; *t; t++) {
		if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
			continue;
		if ((unsigned char)t[0] == 0xe3 && (unsigned char)t[1] == 0x80 &&
		    (unsigned char)t[2] == 0x80) {
			t += 2;
			continue;
		}
		return 1;
	}
	return 0;
}

/* The parts of a decision found in its event's data: the action's fields,
 * at the top level (the API) or under "fields" (the demo loader). A payload
 * that carries none of them is an unknown format: -1, never a miss. */
static int
decision_parts(json_t *d)
{
	static const char *const keys[] = { "request", "facts", "decision",
		"basis" };
	json_t *o = json_is_object(json_object_get(d, "fields")) ?
	    json_object_get(d, "fields") : d;
	int parts = 0, seen = 0;

	if (!json_is_object(o))
		return -1;
	for (int i = 0; i < 4; i++) {
		seen |= json_object_get(o, keys[i]) != NULL;
		if (text_present(o, keys[i]))
			parts |= 1 << i;
	}
	return seen ? parts : -1;
}

int
xf_store_sv_facts(xf_store *st, const xf_case *c, xf_sv_facts *f,
    xf_error *err)
{
	sqlite3_stmt *s;
	int r;

	xf_sv_facts_init(f);
	/* Only read the history when a rule can use it: the scan runs this
	 * for every due case, and most need nothing. */
	if (c->extended || c->replied_on != XF_DATE_NONE || c->assigned) {
		s = xf_store_stmt(st, "SELECT action, document, data FROM events"
		    " WHERE case_id = ?1 AND action IN ('extend', 'reply',"
		    " 'review_decision', 'recheck_decision', 'report', 'assign')"
		    " ORDER BY id", err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, c->id);
		while ((r = sqlite3_step(s)) == SQLITE_ROW) {
			const char *act = (const char *)sqlite3_column_text(s, 0);
			const char *doc = (const char *)sqlite3_column_text(s, 1);
			const char *data = (const char *)sqlite3_column_text(s, 2);

			if (strcmp(act, "extend") == 0)
				f->extension_notice = doc != NULL &&
				    strcmp(doc, "extension_notice") == 0;
			else if (strcmp(act, "assign") == 0)
				f->report_made = 0;	/* a new duty */
			else if (strcmp(act, "report") == 0)
				f->report_made = 1;
			else {
				json_t *d = data ? json_loads(data, 0, NULL) :
				    NULL;

				f->reply_parts = decision_parts(d);
				json_decref(d);
			}
		}
		if (r != SQLITE_DONE)
			return xf_store_sqlerr(st, err);
		sqlite3_reset(s);
	}
	/* The portal's ratings (the evaluations table of the case module). */
	if (c->replied_on != XF_DATE_NONE && table_exists(st, "evaluations")) {
		s = prep(st, "SELECT rated_on, answered_on FROM evaluations"
		    " WHERE case_id = ?1 AND rating = 'dissatisfied'"
		    " ORDER BY rated_on DESC, id DESC LIMIT 1", err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, c->id);
		r = sqlite3_step(s);
		if (r == SQLITE_ROW) {
			f->dissatisfied_on = xf_sql_col_date(s, 0);
			f->answered_on = xf_sql_col_date(s, 1);
		}
		sqlite3_finalize(s);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			return xf_store_sqlerr(st, err);
	}
	return 0;
}

void
xf_store_case_number(xf_store *st, int64_t case_id, char buf[64])
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT number FROM cases WHERE id = ?1", NULL);

	buf[0] = '\0';
	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, case_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(buf, 64, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
}

/* ---- runs and watermarks ----------------------------------------------------------- */

int
xf_store_jobs_last_run(xf_store *st, xf_date *day, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT max(day) FROM jobs_runs", err);
	int r;

	*day = XF_DATE_NONE;
	if (s == NULL)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*day = xf_sql_col_date(s, 0);
	sqlite3_finalize(s);
	if (r != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_jobs_mark_run(xf_store *st, xf_date day, int64_t started,
    const xf_jobs_stats *js, xf_error *err)
{
	char a[32], b[32];
	sqlite3_stmt *s = prep(st, "INSERT INTO jobs_runs (day, started_at,"
	    " finished_at, lapsed, raised, cured, warned) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7) ON CONFLICT (day) DO NOTHING", err);
	int rc;

	if (s == NULL)
		return -1;
	xf_time_format(started, a);
	now_rfc3339(b);
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_text(s, 2, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, js->lapsed);
	sqlite3_bind_int(s, 5, js->raised);
	sqlite3_bind_int(s, 6, js->cured);
	sqlite3_bind_int(s, 7, js->warned);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return rc;
}

int64_t
xf_store_scan_get(xf_store *st, const char *key, int64_t def)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT value FROM scan_state WHERE key = ?1", NULL);
	int64_t v = def;

	if (s == NULL)
		return def;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return v;
}

int
xf_store_scan_set(xf_store *st, const char *key, int64_t value, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "INSERT INTO scan_state (key, value)"
	    " VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET"
	    " value = excluded.value", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, value);
	return step_done(st, s, err);
}

/* ---- candidates ---------------------------------------------------------------------- */

/* The kinds a unit can miss (not the petitioner's windows). The objection
 * window is also left out: a late objection is found through the history. */
#define COUNTABLE "(0, 1, 3, 4, 5, 7, 9)"

static int
collect(xf_store *st, sqlite3_stmt *s, xf_idvec *out, xf_error *err)
{
	int r;

	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		xf_idvec_push(out, sqlite3_column_int64(s, 0));
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return 0;
}

int
xf_store_sv_due_cases(xf_store *st, xf_date lo, xf_date hi, xf_idvec *out,
    xf_error *err)
{
	/* Walks the partial index deadlines_open(due, kind) WHERE state = 0
	 * (named, so the planner never prefers a table scan): the cost is the
	 * number of deadlines in [lo, hi), not the archive. The petitioner's
	 * request windows are included: they lapse. */
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT case_id FROM deadlines"
	    " INDEXED BY deadlines_open WHERE state = 0 AND due >= ?1"
	    " AND due < ?2 AND kind IN (0, 1, 3, 4, 5, 6, 7, 8, 9)", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, lo);
	sqlite3_bind_int(s, 2, hi);
	return collect(st, s, out, err);
}

int
xf_store_sv_changed_cases(xf_store *st, int64_t after, int64_t *max_event,
    xf_idvec *out, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT case_id, id FROM events"
	    " WHERE id > ?1 ORDER BY id", err);
	int r;

	*max_event = after;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		xf_idvec_push(out, sqlite3_column_int64(s, 0));
		*max_event = sqlite3_column_int64(s, 1);
	}
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return 0;
}

int
xf_store_sv_watch_cases(xf_store *st, xf_date before, xf_idvec *out,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT case_id FROM sv_watch"
	    " WHERE due < ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, before);
	return collect(st, s, out, err);
}

int
xf_store_sv_open_cases(xf_store *st, xf_sv_trigger t, xf_idvec *out,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT case_id FROM supervisions"
	    " WHERE state <> 'closed' AND system = 1 AND trigger = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, xf_sv_trigger_name(t), -1, SQLITE_STATIC);
	return collect(st, s, out, err);
}

int
xf_store_sv_watch_clear(xf_store *st, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "DELETE FROM sv_watch WHERE case_id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	return step_done(st, s, err);
}

int
xf_store_sv_watch(xf_store *st, int64_t case_id, xf_sv_trigger t, xf_date due,
    xf_error *err)
{
	sqlite3_stmt *s;

	if (due == XF_DATE_NONE) {
		s = xf_store_stmt(st, "DELETE FROM sv_watch WHERE case_id = ?1"
		    " AND trigger = ?2", err);
		if (s == NULL)
			return -1;
	} else {
		s = xf_store_stmt(st, "INSERT INTO sv_watch (case_id, trigger,"
		    " due) VALUES (?1, ?2, ?3) ON CONFLICT (case_id, trigger)"
		    " DO UPDATE SET due = excluded.due", err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int(s, 3, due);
	}
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_text(s, 2, xf_sv_trigger_name(t), -1, SQLITE_STATIC);
	return step_done(st, s, err);
}

/* ---- warnings ------------------------------------------------------------------------- */

int
xf_store_warn_days(xf_store *st, int64_t unit_id, int *days, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT days FROM warn_settings WHERE unit_id = ?1", err);
	int r;

	*days = XF_SV_WARN_DAYS_DEFAULT;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*days = sqlite3_column_int(s, 0);
	else if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return 0;
}

int
xf_store_warn_set_days(xf_store *st, int64_t unit_id, int days, xf_error *err)
{
	sqlite3_stmt *s = prep(st, days < 0 ?
	    "DELETE FROM warn_settings WHERE unit_id = ?1" :
	    "INSERT INTO warn_settings (unit_id, days) VALUES (?1, ?2)"
	    " ON CONFLICT (unit_id) DO UPDATE SET days = excluded.days", err);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	if (days >= 0)
		sqlite3_bind_int(s, 2, days);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_warn_day_values(xf_store *st, int *vals, size_t max, size_t *n,
    xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT DISTINCT days FROM warn_settings",
	    err);
	int r;

	*n = 0;
	if (s == NULL)
		return -1;
	if (max > 0)
		vals[(*n)++] = XF_SV_WARN_DAYS_DEFAULT;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		int v = sqlite3_column_int(s, 0), dup = 0;

		for (size_t i = 0; i < *n; i++)
			dup |= vals[i] == v;
		if (!dup && *n < max)
			vals[(*n)++] = v;
	}
	sqlite3_finalize(s);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_warn_candidates(xf_store *st, xf_date lo, xf_date hi,
    xf_warn_row **rows, size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT d.case_id, d.seq, d.kind,"
	    " coalesce(d.unit_id, c.unit_id), d.due, c.number FROM deadlines d"
	    " JOIN cases c ON c.id = d.case_id"
	    " WHERE d.state = 0 AND d.due >= ?1 AND d.due <= ?2"
	    " AND d.kind IN " COUNTABLE " AND d.provisional = 0"
	    " AND NOT EXISTS (SELECT 1 FROM warned w WHERE w.case_id = d.case_id"
	    " AND w.seq = d.seq)", err);
	size_t cap = 0;
	int r;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, lo);
	sqlite3_bind_int(s, 2, hi);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		xf_warn_row *w;

		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*rows = xf_xrealloc(*rows, cap * sizeof(**rows));
		}
		w = &(*rows)[(*n)++];
		w->case_id = sqlite3_column_int64(s, 0);
		w->seq = sqlite3_column_int(s, 1);
		w->kind = (xf_dl_kind)sqlite3_column_int(s, 2);
		w->unit_id = sqlite3_column_int64(s, 3);
		w->due = sqlite3_column_int(s, 4);
		snprintf(w->number, sizeof(w->number), "%s",
		    (const char *)sqlite3_column_text(s, 5));
	}
	if (r != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return xf_store_sqlerr(st, err);
	}
	sqlite3_reset(s);
	return 0;
}

int
xf_store_warn_mark(xf_store *st, int64_t case_id, int seq, xf_date on,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "INSERT INTO warned (case_id, seq,"
	    " on_day) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int(s, 2, seq);
	sqlite3_bind_int(s, 3, on);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return sqlite3_changes(xf_store_db(st)) > 0;
}

/* ---- outbox ------------------------------------------------------------------------------ */

int
xf_store_outbox_add(xf_store *st, const xf_msg *m, xf_error *err)
{
	char now[32];
	int staff = strcmp(m->channel, "staff") == 0;
	sqlite3_stmt *s = xf_store_stmt(st, "INSERT INTO outbox (channel,"
	    " user_id, unit_id, roles, address, case_id, supervision_id, kind,"
	    " subject, body, dedup, state, created_at, case_ids) VALUES (?1,"
	    " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
	    " ON CONFLICT DO NOTHING", err);

	if (s == NULL)
		return -1;
	now_rfc3339(now);
	sqlite3_bind_text(s, 1, m->channel, -1, SQLITE_STATIC);
	xf_sql_bind_id(s, 2, m->user_id);
	xf_sql_bind_id(s, 3, m->unit_id);
	sqlite3_bind_int(s, 4, m->roles);
	xf_sql_bind_text(s, 5, m->address);
	xf_sql_bind_id(s, 6, m->case_id);
	xf_sql_bind_id(s, 7, m->supervision_id);
	sqlite3_bind_text(s, 8, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, m->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, m->body, -1, SQLITE_STATIC);
	xf_sql_bind_text(s, 11, m->dedup);
	/* Staff messages are shown in the UI; nothing is sent for them. */
	sqlite3_bind_text(s, 12, staff ? "shown" : "queued", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, now, -1, SQLITE_STATIC);
	xf_sql_bind_text(s, 14, m->case_ids);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return sqlite3_changes(xf_store_db(st)) == 0;
}

#define FOR_USER \
	" FROM outbox o LEFT JOIN outbox_reads r ON r.message_id = o.id" \
	" AND r.user_id = ?1 WHERE o.channel = 'staff' AND (o.user_id = ?1" \
	" OR (o.unit_id = ?2 AND (o.roles & ?3) <> 0))"

int
xf_store_outbox_for_user(xf_store *st, int64_t user_id, int64_t authority_id,
    int roles, int unread_only, int64_t limit, json_t **items,
    int64_t *unread, xf_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = -1, r;

	*items = json_array();
	*unread = 0;
	if ((s = prep(st, "SELECT count(*)" FOR_USER " AND r.user_id IS NULL",
	    err)) == NULL)
		goto done;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, authority_id);
	sqlite3_bind_int(s, 3, roles);
	if (sqlite3_step(s) == SQLITE_ROW)
		*unread = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if ((s = prep(st, "SELECT o.id, o.kind, o.subject, o.body, o.case_id,"
	    " o.supervision_id, o.created_at, r.at, o.case_ids" FOR_USER
	    " AND (?4 = 0 OR r.user_id IS NULL) ORDER BY o.id DESC LIMIT ?5",
	    err)) == NULL)
		goto done;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, authority_id);
	sqlite3_bind_int(s, 3, roles);
	sqlite3_bind_int(s, 4, unread_only);
	sqlite3_bind_int64(s, 5, limit > 0 ? limit : 100);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *j = json_object();

		json_object_set_new(j, "id",
		    json_integer(sqlite3_column_int64(s, 0)));
		json_object_set_new(j, "kind", xf_sql_text_json(s, 1));
		json_object_set_new(j, "subject", xf_sql_text_json(s, 2));
		json_object_set_new(j, "body", xf_sql_text_json(s, 3));
		json_object_set_new(j, "case_id", xf_sql_id_json(s, 4));
		json_object_set_new(j, "supervision_id", xf_sql_id_json(s, 5));
		json_object_set_new(j, "created_at", xf_sql_text_json(s, 6));
		json_object_set_new(j, "read", json_boolean(
		    sqlite3_column_type(s, 7) != SQLITE_NULL));
		{
			const char *ids = (const char *)sqlite3_column_text(s, 8);
			json_t *a = ids ? json_loads(ids, 0, NULL) : NULL;

			if (!json_is_array(a)) {
				json_decref(a);
				a = json_array();
				if (sqlite3_column_type(s, 4) != SQLITE_NULL)
					json_array_append_new(a, json_integer(
					    sqlite3_column_int64(s, 4)));
			}
			json_object_set_new(j, "case_ids", a);
		}
		json_array_append_new(*items, j);
	}
	if (r != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_outbox_mark_read(xf_store *st, int64_t user_id, int64_t authority_id,
    int roles, int64_t id, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = prep(st, "INSERT INTO outbox_reads (user_id,"
	    " message_id, at) SELECT ?1, o.id, ?4 FROM outbox o"
	    " WHERE o.id = ?5 AND o.channel = 'staff' AND (o.user_id = ?1 OR"
	    " (o.unit_id = ?2 AND (o.roles & ?3) <> 0))"
	    " ON CONFLICT DO NOTHING", err);
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (s == NULL)
		return -1;
	now_rfc3339(now);
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, authority_id);
	sqlite3_bind_int(s, 3, roles);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	if (sqlite3_changes(xf_store_db(st)) > 0) {
		rc = 0;
		goto done;
	}
	/* Nothing inserted: already read, or not this user's message. */
	if ((q = prep(st, "SELECT 1 FROM outbox_reads WHERE user_id = ?1 AND"
	    " message_id = ?2", err)) == NULL)
		goto done;
	sqlite3_bind_int64(q, 1, user_id);
	sqlite3_bind_int64(q, 2, id);
	rc = sqlite3_step(q) == SQLITE_ROW ? 0 : 1;
done:
	sqlite3_finalize(s);
	sqlite3_finalize(q);
	return rc;
}

int
xf_store_outbox_due(xf_store *st, int64_t now, xf_out_row **rows, size_t *n,
    size_t max, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, channel, coalesce(address, ''),"
	    " kind, subject, body, attempts, coalesce(case_id, 0) FROM outbox"
	    " WHERE state = 'queued' AND next_attempt <= ?1"
	    " ORDER BY next_attempt, id LIMIT ?2", err);
	int r;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	*rows = xf_xcalloc(max > 0 ? max : 1, sizeof(**rows));
	while ((r = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		xf_out_row *o = &(*rows)[(*n)++];

		o->id = sqlite3_column_int64(s, 0);
		snprintf(o->channel, sizeof(o->channel), "%s",
		    (const char *)sqlite3_column_text(s, 1));
		snprintf(o->address, sizeof(o->address), "%s",
		    (const char *)sqlite3_column_text(s, 2));
		snprintf(o->kind, sizeof(o->kind), "%s",
		    (const char *)sqlite3_column_text(s, 3));
		snprintf(o->subject, sizeof(o->subject), "%s",
		    (const char *)sqlite3_column_text(s, 4));
		o->body = xf_xstrdup((const char *)sqlite3_column_text(s, 5));
		o->attempts = sqlite3_column_int(s, 6);
		o->case_id = sqlite3_column_int64(s, 7);
	}
	sqlite3_finalize(s);
	if (r != SQLITE_DONE && r != SQLITE_ROW) {
		xf_store_outbox_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return xf_store_sqlerr(st, err);
	}
	return 0;
}

void
xf_store_outbox_rows_free(xf_out_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].body);
	free(rows);
}

int
xf_store_outbox_sent(xf_store *st, int64_t id, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = prep(st, "UPDATE outbox SET state = 'sent',"
	    " sent_at = ?2, attempts = attempts + 1, last_error = NULL"
	    " WHERE id = ?1", err);
	int rc;

	if (s == NULL)
		return -1;
	now_rfc3339(now);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_outbox_failed(xf_store *st, int64_t id, int64_t next_attempt,
    const char *why, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "UPDATE outbox SET attempts = attempts + 1,"
	    " next_attempt = ?2, last_error = ?3 WHERE id = ?1", err);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, next_attempt);
	sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : xf_store_sqlerr(st, err);
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_outbox_list(xf_store *st, const char *state, int64_t limit,
    json_t **items, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, channel, address, kind, subject,"
	    " body, state, attempts, next_attempt, last_error, sent_at,"
	    " created_at, case_id FROM outbox WHERE channel <> 'staff'"
	    " AND (?1 IS NULL OR state = ?1) ORDER BY id DESC LIMIT ?2", err);
	int r;

	*items = json_array();
	if (s == NULL)
		return -1;
	xf_sql_bind_text(s, 1, state);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : 100);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		char nb[32];
		json_t *j = json_object();

		json_object_set_new(j, "id", json_integer(sqlite3_column_int64(s,
		    0)));
		json_object_set_new(j, "channel", xf_sql_text_json(s, 1));
		json_object_set_new(j, "to", xf_sql_text_json(s, 2));
		json_object_set_new(j, "kind", xf_sql_text_json(s, 3));
		json_object_set_new(j, "subject", xf_sql_text_json(s, 4));
		json_object_set_new(j, "body", xf_sql_text_json(s, 5));
		json_object_set_new(j, "state", xf_sql_text_json(s, 6));
		json_object_set_new(j, "attempts",
		    json_integer(sqlite3_column_int(s, 7)));
		xf_time_format(sqlite3_column_int64(s, 8), nb);
		json_object_set_new(j, "next_attempt", json_string(nb));
		json_object_set_new(j, "last_error", xf_sql_text_json(s, 9));
		json_object_set_new(j, "sent_at", xf_sql_text_json(s, 10));
		json_object_set_new(j, "created_at", xf_sql_text_json(s, 11));
		json_object_set_new(j, "case_id", xf_sql_id_json(s, 12));
		json_array_append_new(*items, j);
	}
	sqlite3_finalize(s);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_jobs_runs(xf_store *st, int64_t limit, json_t **items, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT day, started_at, finished_at, lapsed,"
	    " raised, cured, warned FROM jobs_runs ORDER BY day DESC LIMIT ?1",
	    err);
	int r;

	*items = json_array();
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : 100);
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(*items, json_pack("{s:o,s:o,s:o,s:i,s:i,"
		    "s:i,s:i}", "day", xf_sql_date_json(s, 0), "started_at",
		    xf_sql_text_json(s, 1), "finished_at", xf_sql_text_json(s, 2),
		    "lapsed", sqlite3_column_int(s, 3),
		    "raised", sqlite3_column_int(s, 4),
		    "cured", sqlite3_column_int(s, 5),
		    "warned", sqlite3_column_int(s, 6)));
	sqlite3_finalize(s);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

/* ---- the province's queue ----------------------------------------------------------- */

/* The flags the seed reserves for the province (第十一条 last paragraph):
 * 上级交办, 领导批示, 集体访, 越级访, 重复访 — as in the cases_queue index. */
#define QUEUE_FLAGS 391

int
xf_store_sv_queue(xf_store *st, const char *units_json, const char *hot_json,
    xf_date since, int64_t limit, json_t **items, xf_error *err)
{
	static const struct {
		int		 bit;
		const char	*code;
	} reasons[] = {
		{ 1 << 8, "superior" }, { 1 << 7, "leader" },
		{ 1 << 0, "collective" }, { 1 << 2, "leapfrog" },
		{ 1 << 1, "repeat" },
	};
	/* Both arms walk small sets: the partial index of flagged open cases,
	 * and the hot categories' recent cases through cases_category. */
	sqlite3_stmt *s = prep(st,
	    "SELECT id, number, title, status, unit_id, first_unit_id,"
	    " received_on, flags, category, hot FROM ("
	    " SELECT id, number, title, status, unit_id, first_unit_id,"
	    "  received_on, flags, category, 0 AS hot FROM cases"
	    "  WHERE flags & 391 <> 0 AND closed_on IS NULL"
	    " UNION"
	    " SELECT id, number, title, status, unit_id, first_unit_id,"
	    "  received_on, flags, category, 1 AS hot FROM cases"
	    "  WHERE ?2 IS NOT NULL AND category IN (SELECT value FROM"
	    "  json_each(?2)) AND received_on >= ?3 AND closed_on IS NULL)"
	    " WHERE status NOT IN (1, 2, 3, 9)"
	    " AND (?1 IS NULL OR unit_id IN (SELECT value FROM json_each(?1))"
	    "  OR first_unit_id IN (SELECT value FROM json_each(?1)))"
	    " ORDER BY received_on DESC, id DESC LIMIT ?4", err);
	int r;
	json_t *seen = json_object();

	*items = json_array();
	if (s == NULL) {
		json_decref(seen);
		return -1;
	}
	xf_sql_bind_text(s, 1, units_json);
	xf_sql_bind_text(s, 2, hot_json);
	sqlite3_bind_int(s, 3, since);
	sqlite3_bind_int64(s, 4, limit > 0 ? limit : 500);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		char key[24];
		int flags = sqlite3_column_int(s, 7);
		json_t *j, *rs;

		snprintf(key, sizeof(key), "%lld",
		    (long long)sqlite3_column_int64(s, 0));
		if ((j = json_object_get(seen, key)) == NULL) {
			j = json_object();
			json_object_set_new(j, "case_id",
			    json_integer(sqlite3_column_int64(s, 0)));
			json_object_set_new(j, "number", xf_sql_text_json(s, 1));
			json_object_set_new(j, "title", xf_sql_text_json(s, 2));
			json_object_set_new(j, "status", json_string(
			    xf_status_name((xf_status)sqlite3_column_int(s,
			    3))));
			json_object_set_new(j, "unit_id", xf_sql_id_json(s, 4));
			json_object_set_new(j, "first_unit_id", xf_sql_id_json(s, 5));
			json_object_set_new(j, "received_on", xf_sql_date_json(s, 6));
			json_object_set_new(j, "category", xf_sql_text_json(s, 8));
			rs = json_array();
			for (size_t i = 0; i < sizeof(reasons) /
			    sizeof(reasons[0]); i++)
				if (flags & reasons[i].bit)
					json_array_append_new(rs,
					    json_string(reasons[i].code));
			json_object_set_new(j, "reasons", rs);
			json_object_set(seen, key, j);
			json_array_append_new(*items, j);
		}
		if (sqlite3_column_int(s, 9))
			json_array_append_new(json_object_get(j, "reasons"),
			    json_string("hot"));
	}
	json_decref(seen);
	sqlite3_finalize(s);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_sv_hot_categories(xf_store *st, xf_date since, int min,
    json_t **cats, xf_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT category, count(*) AS n FROM cases"
	    " WHERE received_on >= ?1 GROUP BY category HAVING n >= ?2"
	    " ORDER BY n DESC LIMIT 20", err);
	int r;

	*cats = json_array();
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, since);
	sqlite3_bind_int(s, 2, min);
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(*cats, xf_sql_text_json(s, 0));
	sqlite3_finalize(s);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

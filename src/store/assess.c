/* Assessment counts in SQLite (see assess.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/profile.h"
#include "store/assess.h"

/* Deadline kinds as stored (core/profile.h order). */
#define K_ACCEPT "0, 1"		/* route, accept_notice */
#define K_COMPLETE "3, 7, 9"	/* handle, review, recheck */

/* The entry limit of every day of the period, so the SQL can compare
 * registered_on with it per row (a join on a 366-row table by its key). */
static int
fill_limits(xf_store *st, const xf_assess_period *p, xf_error *err)
{
	sqlite3_stmt *s;

	if (xf_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS assess_lim ("
	    " day INTEGER PRIMARY KEY, lim INTEGER NOT NULL)", err) == -1 ||
	    xf_store_exec(st, "SAVEPOINT assess_lim", err) == -1)
		return -1;
	if (xf_store_exec(st, "DELETE FROM temp.assess_lim", err) == -1 ||
	    (s = xf_store_stmt(st, "INSERT INTO temp.assess_lim (day, lim)"
	    " VALUES (?1, ?2)", err)) == NULL)
		goto fail;
	for (xf_date d = p->from; d <= p->to; d++) {
		sqlite3_reset(s);
		sqlite3_bind_int(s, 1, d);
		sqlite3_bind_int(s, 2, xf_assess_entry_limit(p->cal, d));
		if (sqlite3_step(s) != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto fail;
		}
	}
	sqlite3_reset(s);
	return xf_store_exec(st, "RELEASE assess_lim", err);
fail:
	xf_store_exec(st, "ROLLBACK TO assess_lim", NULL);
	xf_store_exec(st, "RELEASE assess_lim", NULL);
	return -1;
}

static void
bind_period(sqlite3_stmt *s, const xf_assess_period *p)
{
	sqlite3_bind_int(s, 1, p->from);
	sqlite3_bind_int(s, 2, p->to);
	sqlite3_bind_int(s, 3, p->as_of);
}

/* Runs a query whose rows are (unit, denominator, numerator) and adds them
 * to one indicator of each unit's slot. */
static int
add_rate(xf_store *st, sqlite3_stmt *s, const xf_assess_period *p,
    xf_assess_slot_fn slot, void *ud, xf_assess_row *rows, xf_indicator ind,
    xf_error *err)
{
	int rc, k;

	bind_period(s, p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((k = slot(ud, sqlite3_column_int64(s, 0))) < 0)
			continue;
		rows[k].v[ind].den += sqlite3_column_int64(s, 1);
		rows[k].v[ind].num += sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_assess_counts(xf_store *st, const xf_assess_period *p,
    xf_assess_slot_fn slot, void *ud, xf_assess_row *rows, size_t n,
    xf_error *err)
{
	sqlite3_stmt *s;
	int rc, k;

	(void)n;
	if (fill_limits(st, p, err) == -1)
		return -1;

	/* 1. Deadlines due in the period, decided (met, or open past due),
	 * against the unit answerable for each. */
	if ((s = xf_store_stmt(st,
	    "SELECT unit_id, SUM(kind IN (" K_ACCEPT ")),"
	    " SUM(kind IN (" K_ACCEPT ") AND state = 1 AND met_on <= due),"
	    " SUM(kind IN (" K_COMPLETE ")),"
	    " SUM(kind IN (" K_COMPLETE ") AND state = 1 AND met_on <= due)"
	    " FROM deadlines INDEXED BY deadlines_assess"
	    " WHERE unit_id IN (SELECT id FROM units)"
	    "  AND kind IN (" K_ACCEPT ", " K_COMPLETE ")"
	    "  AND due BETWEEN ?1 AND ?2"
	    "  AND (state = 1 OR (state = 0 AND due < ?3))"
	    " GROUP BY unit_id", err)) == NULL)
		return -1;
	bind_period(s, p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((k = slot(ud, sqlite3_column_int64(s, 0))) < 0)
			continue;
		rows[k].v[XF_IND_ACCEPT_ON_TIME].den += sqlite3_column_int64(s, 1);
		rows[k].v[XF_IND_ACCEPT_ON_TIME].num += sqlite3_column_int64(s, 2);
		rows[k].v[XF_IND_COMPLETE_ON_TIME].den +=
		    sqlite3_column_int64(s, 3);
		rows[k].v[XF_IND_COMPLETE_ON_TIME].num +=
		    sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);

	/* 2. Ratings given in the period, against the rated unit. */
	if ((s = xf_store_stmt(st,
	    "SELECT unit_id, COUNT(*),"
	    " SUM(rating IN ('satisfied', 'basically_satisfied'))"
	    " FROM evaluations INDEXED BY evaluations_assess"
	    " WHERE unit_id IN (SELECT id FROM units)"
	    "  AND rated_on BETWEEN ?1 AND ?2 GROUP BY unit_id", err)) == NULL)
		return -1;
	if (add_rate(st, s, p, slot, ud, rows, XF_IND_SATISFACTION, err) == -1)
		return -1;

	/* 3a. Matters received in the period, entry against the unit that
	 * registered them. */
	if ((s = xf_store_stmt(st,
	    "SELECT c.first_unit_id, COUNT(*), SUM(c.registered_on <= l.lim)"
	    " FROM cases c INDEXED BY cases_assess_first"
	    " JOIN temp.assess_lim l ON l.day = c.received_on"
	    " WHERE c.first_unit_id IN (SELECT id FROM units)"
	    "  AND c.received_on BETWEEN ?1 AND ?2"
	    " GROUP BY c.first_unit_id", err)) == NULL)
		return -1;
	if (add_rate(st, s, p, slot, ud, rows, XF_IND_ENTRY_ON_TIME, err) == -1)
		return -1;

	/* 3b. …and their flags against the owner now. */
	if ((s = xf_store_stmt(st,
	    "SELECT unit_id, COUNT(*), SUM((flags & 2) <> 0),"
	    " SUM((flags & 4) <> 0), SUM((flags & 1) <> 0)"
	    " FROM cases INDEXED BY cases_assess_owner"
	    " WHERE unit_id IN (SELECT id FROM units)"
	    "  AND received_on BETWEEN ?1 AND ?2 GROUP BY unit_id", err)) == NULL)
		return -1;
	bind_period(s, p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t cnt = sqlite3_column_int64(s, 1);

		if ((k = slot(ud, sqlite3_column_int64(s, 0))) < 0)
			continue;
		rows[k].volume += cnt;
		rows[k].v[XF_IND_REPEAT].den += cnt;
		rows[k].v[XF_IND_REPEAT].num += sqlite3_column_int64(s, 2);
		rows[k].v[XF_IND_LEAPFROG].num += sqlite3_column_int64(s, 3);
		rows[k].v[XF_IND_COLLECTIVE].num += sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);

	/* 4. Supervisions raised in the period, against their target: up to
	 * the same cutoff (as_of) as their closing, so that one raised and
	 * closed today counts in neither, not in the count alone. */
	if ((s = xf_store_stmt(st,
	    "SELECT target_unit_id, COUNT(*),"
	    " SUM(state = 'closed' AND closed_on < ?3)"
	    " FROM supervisions INDEXED BY supervisions_raised"
	    " WHERE raised_on BETWEEN ?1 AND ?2 AND raised_on < ?3"
	    " GROUP BY target_unit_id",
	    err)) == NULL)
		return -1;
	bind_period(s, p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t cnt = sqlite3_column_int64(s, 1);

		if ((k = slot(ud, sqlite3_column_int64(s, 0))) < 0)
			continue;
		rows[k].v[XF_IND_SUPERVISION_COUNT].num += cnt;
		rows[k].v[XF_IND_SUPERVISION_CLOSURE].den += cnt;
		rows[k].v[XF_IND_SUPERVISION_CLOSURE].num +=
		    sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);

	/* 5. The backlog: matters received before the period and not closed
	 * (nor ended by transfer out, 不予受理 or referral) when it began,
	 * against the owner now; cleared when closed within it. */
	if ((s = xf_store_stmt(st,
	    "SELECT unit_id, COUNT(*), SUM(closed_on IS NOT NULL"
	    "  AND closed_on <= ?2) FROM ("
	    " SELECT unit_id, closed_on FROM cases INDEXED BY cases_backlog"
	    "  WHERE closed_on IS NULL AND received_on < ?1"
	    "  AND status NOT IN (1, 2, 3)"
	    " UNION ALL"
	    " SELECT unit_id, closed_on FROM cases INDEXED BY cases_backlog"
	    "  WHERE closed_on >= ?1 AND received_on < ?1)"
	    " GROUP BY unit_id", err)) == NULL)
		return -1;
	bind_period(s, p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((k = slot(ud, sqlite3_column_int64(s, 0))) < 0)
			continue;
		rows[k].v[XF_IND_BACKLOG_CLEARED].den +=
		    sqlite3_column_int64(s, 1);
		rows[k].v[XF_IND_BACKLOG_CLEARED].num +=
		    sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

/* ---- the drill-down ------------------------------------------------------- */

typedef struct {
	const char	*from;		/* tables, `c` being cases */
	const char	*unit;		/* the attributed unit column */
	const char	*den;		/* what is counted (?1 from, ?2 to, ?3 as_of) */
	const char	*num;		/* the numerator's extra condition */
	const char	*extra;		/* json_object(...) of what was counted */
	const char	*order;
} drill;

#define DL_FROM "deadlines x JOIN cases c ON c.id = x.case_id"
#define DL_EXTRA "json_object('seq', x.seq, 'kind', x.kind, 'due', x.due," \
	" 'met_on', x.met_on, 'on_time', x.state = 1 AND x.met_on <= x.due)"
#define CASE_EXTRA "json_object('received_on', c.received_on," \
	" 'registered_on', c.registered_on, 'closed_on', c.closed_on," \
	" 'flags', c.flags)"

static const drill drills[XF_IND_COUNT] = {
	[XF_IND_ACCEPT_ON_TIME] = { DL_FROM, "x.unit_id",
	    "x.due BETWEEN ?1 AND ?2 AND x.kind IN (" K_ACCEPT ")"
	    " AND (x.state = 1 OR (x.state = 0 AND x.due < ?3))",
	    "x.state = 1 AND x.met_on <= x.due", DL_EXTRA, "x.due, c.id" },
	[XF_IND_COMPLETE_ON_TIME] = { DL_FROM, "x.unit_id",
	    "x.due BETWEEN ?1 AND ?2 AND x.kind IN (" K_COMPLETE ")"
	    " AND (x.state = 1 OR (x.state = 0 AND x.due < ?3))",
	    "x.state = 1 AND x.met_on <= x.due", DL_EXTRA, "x.due, c.id" },
	[XF_IND_SATISFACTION] = {
	    "evaluations x JOIN cases c ON c.id = x.case_id", "x.unit_id",
	    "x.rated_on BETWEEN ?1 AND ?2",
	    "x.rating IN ('satisfied', 'basically_satisfied')",
	    "json_object('evaluation_id', x.id, 'rating', x.rating,"
	    " 'rated_on', x.rated_on)", "x.rated_on, c.id" },
	[XF_IND_REPEAT] = { "cases c", "c.unit_id",
	    "c.received_on BETWEEN ?1 AND ?2", "(c.flags & 2) <> 0",
	    CASE_EXTRA, "c.received_on, c.id" },
	[XF_IND_SUPERVISION_COUNT] = {
	    "supervisions x JOIN cases c ON c.id = x.case_id",
	    "x.target_unit_id",
	    "x.raised_on BETWEEN ?1 AND ?2 AND x.raised_on < ?3", "1",
	    "json_object('supervision_id', x.id, 'trigger', x.trigger,"
	    " 'raised_on', x.raised_on, 'state', x.state, 'closed_on',"
	    " x.closed_on)", "x.raised_on, x.id" },
	[XF_IND_SUPERVISION_CLOSURE] = {
	    "supervisions x JOIN cases c ON c.id = x.case_id",
	    "x.target_unit_id",
	    "x.raised_on BETWEEN ?1 AND ?2 AND x.raised_on < ?3",
	    "x.state = 'closed' AND x.closed_on < ?3",
	    "json_object('supervision_id', x.id, 'trigger', x.trigger,"
	    " 'raised_on', x.raised_on, 'state', x.state, 'closed_on',"
	    " x.closed_on)", "x.raised_on, x.id" },
	[XF_IND_LEAPFROG] = { "cases c", "c.unit_id",
	    "c.received_on BETWEEN ?1 AND ?2 AND (c.flags & 4) <> 0", "1",
	    CASE_EXTRA, "c.received_on, c.id" },
	[XF_IND_COLLECTIVE] = { "cases c", "c.unit_id",
	    "c.received_on BETWEEN ?1 AND ?2 AND (c.flags & 1) <> 0", "1",
	    CASE_EXTRA, "c.received_on, c.id" },
	[XF_IND_BACKLOG_CLEARED] = { "cases c", "c.unit_id",
	    "c.received_on < ?1 AND ((c.closed_on IS NULL AND c.status NOT IN"
	    " (1, 2, 3)) OR c.closed_on >= ?1)",
	    "c.closed_on IS NOT NULL AND c.closed_on <= ?2", CASE_EXTRA,
	    "c.received_on, c.id" },
	[XF_IND_ENTRY_ON_TIME] = {
	    "cases c JOIN temp.assess_lim l ON l.day = c.received_on",
	    "c.first_unit_id", "c.received_on BETWEEN ?1 AND ?2",
	    "c.registered_on <= l.lim",
	    "json_object('received_on', c.received_on, 'registered_on',"
	    " c.registered_on, 'limit', l.lim)", "c.received_on, c.id" },
};

/* Day numbers in the counted facts become dates; kinds become names. */
static void
humanize(json_t *o)
{
	static const char *const dates[] = { "due", "met_on", "rated_on",
		"raised_on", "closed_on", "received_on", "registered_on",
		"limit", NULL };
	json_t *v;

	for (int i = 0; dates[i] != NULL; i++)
		if ((v = json_object_get(o, dates[i])) != NULL &&
		    json_is_integer(v)) {
			char buf[11];

			xf_date_format((xf_date)json_integer_value(v), buf);
			json_object_set_new(o, dates[i], json_string(buf));
		}
	if ((v = json_object_get(o, "kind")) != NULL && json_is_integer(v))
		json_object_set_new(o, "kind", json_string(xf_dl_kind_name(
		    (xf_dl_kind)json_integer_value(v))));
	if ((v = json_object_get(o, "on_time")) != NULL && json_is_integer(v))
		json_object_set_new(o, "on_time",
		    json_boolean(json_integer_value(v)));
}

int
xf_store_assess_cases(xf_store *st, const xf_assess_period *p,
    xf_indicator ind, int numerator, const char *units_json, int64_t limit,
    int64_t offset, json_t **items, int64_t *total, xf_error *err)
{
	const drill *d;
	sqlite3 *db = xf_store_db(st);
	sqlite3_stmt *s = NULL;
	char where[1024], sql[2048];
	int rc = -1, n;

	*items = NULL;
	*total = 0;
	if ((int)ind < 0 || ind >= XF_IND_COUNT)
		return xf_error_set(err, XF_E_INVALID, "indicator", "未知的指标");
	d = &drills[ind];
	if (ind == XF_IND_ENTRY_ON_TIME && fill_limits(st, p, err) == -1)
		return -1;
	n = snprintf(where, sizeof(where), "%s AND %s IN (SELECT value FROM"
	    " json_each(?4))%s%s", d->den, d->unit, numerator ? " AND " : "",
	    numerator ? d->num : "");
	if (n < 0 || (size_t)n >= sizeof(where))
		return xf_error_set(err, XF_E_INTERNAL, NULL, "查询过长");

	n = snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE %s",
	    d->from, where);
	if (n < 0 || (size_t)n >= sizeof(sql) ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	bind_period(s, p);
	sqlite3_bind_text(s, 4, units_json, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		goto sqlfail;
	*total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;

	n = snprintf(sql, sizeof(sql), "SELECT c.id, c.number, c.title,"
	    " %s, c.status, %s FROM %s WHERE %s ORDER BY %s LIMIT ?5 OFFSET ?6",
	    d->unit, d->extra, d->from, where, d->order);
	if (n < 0 || (size_t)n >= sizeof(sql) ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		goto sqlfail;
	bind_period(s, p);
	sqlite3_bind_text(s, 4, units_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, limit);
	sqlite3_bind_int64(s, 6, offset);
	*items = json_array();
	while ((n = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_loads((const char *)sqlite3_column_text(s, 5),
		    0, NULL);

		if (o == NULL)
			o = json_object();
		humanize(o);
		json_object_set_new(o, "case_id",
		    json_integer(sqlite3_column_int64(s, 0)));
		json_object_set_new(o, "number", json_string(
		    (const char *)sqlite3_column_text(s, 1)));
		json_object_set_new(o, "title", json_string(
		    (const char *)sqlite3_column_text(s, 2)));
		json_object_set_new(o, "unit_id",
		    json_integer(sqlite3_column_int64(s, 3)));
		json_object_set_new(o, "status", json_string(xf_status_name(
		    (xf_status)sqlite3_column_int(s, 4))));
		json_array_append_new(*items, o);
	}
	if (n != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto done;
sqlfail:
	xf_store_sqlerr(st, err);
	json_decref(*items);
	*items = NULL;
done:
	sqlite3_finalize(s);
	return rc;
}

/* ---- weights ---------------------------------------------------------------- */

int
xf_store_assess_weights(xf_store *st, double w[XF_IND_COUNT], xf_error *err)
{
	sqlite3_stmt *s;
	int rc, i;

	for (i = 0; i < XF_IND_COUNT; i++)
		w[i] = xf_assess_def((xf_indicator)i)->weight;
	if ((s = xf_store_stmt(st, "SELECT indicator, weight FROM"
	    " assess_weights", err)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((i = xf_assess_parse((const char *)sqlite3_column_text(s,
		    0))) >= 0)
			w[i] = sqlite3_column_double(s, 1);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_assess_set_weight(xf_store *st, xf_indicator ind, double w,
    int64_t user_id, xf_error *err)
{
	sqlite3_stmt *s;
	char now[32];

	if ((s = xf_store_stmt(st, "INSERT INTO assess_weights (indicator,"
	    " weight, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (indicator) DO UPDATE SET weight = excluded.weight,"
	    " updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at", err)) == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_text(s, 1, xf_assess_def(ind)->name, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, w);
	sqlite3_bind_int64(s, 3, user_id);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

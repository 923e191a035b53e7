/* Units, users, sessions and calendar years in SQLite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/date.h"
#include "http/arena.h"
#include "store.h"


static void
copy_col(char *dst, size_t n, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static void
now_text(char buf[32])
{
	xf_time_format((int64_t)time(NULL), buf);
}

/* ---- units ----------------------------------------------------------- */

#define UNIT_COLS "id, code, name, level, kind, parent_id, profile, region," \
	" active, successor_id"

static void
unit_row(sqlite3_stmt *s, xf_unit *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	copy_col(u->code, sizeof(u->code), s, 1);
	copy_col(u->name, sizeof(u->name), s, 2);
	copy_col(u->level, sizeof(u->level), s, 3);
	copy_col(u->kind, sizeof(u->kind), s, 4);
	u->parent_id = sqlite3_column_int64(s, 5);
	copy_col(u->profile, sizeof(u->profile), s, 6);
	copy_col(u->region, sizeof(u->region), s, 7);
	u->active = sqlite3_column_int(s, 8);
	u->successor_id = sqlite3_column_int64(s, 9);
}


static void
bind_unit(sqlite3_stmt *s, const xf_unit *u)
{
	sqlite3_bind_text(s, 2, u->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, u->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, u->kind, -1, SQLITE_STATIC);
	if (u->parent_id > 0)
		sqlite3_bind_int64(s, 6, u->parent_id);
	sqlite3_bind_text(s, 7, u->profile[0] ? u->profile : "national-2022",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, u->region, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 9, u->active);
	if (u->successor_id > 0)
		sqlite3_bind_int64(s, 10, u->successor_id);
}

int
xf_store_unit_insert(xf_store *st, xf_unit *u, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO units (id, code, name, level, kind, parent_id, profile,"
	    " region, active, successor_id, created_at)"
	    " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);

	if (s == NULL)
		return -1;
	bind_unit(s, u);
	now_text(now);
	sqlite3_bind_text(s, 11, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	u->id = sqlite3_last_insert_rowid(xf_store_db(st));
	xf_store_note_units_changed(st);
	return 0;
}

int
xf_store_unit_update(xf_store *st, const xf_unit *u, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE units SET code = ?2, name = ?3, level = ?4, kind = ?5,"
	    " parent_id = ?6, profile = ?7, region = ?8, active = ?9,"
	    " successor_id = ?10 WHERE id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	bind_unit(s, u);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	xf_store_note_units_changed(st);
	return 0;
}

int
xf_store_unit_get(xf_store *st, int64_t id, xf_unit *u, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT " UNIT_COLS " FROM units WHERE id = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		unit_row(s, u);
		sqlite3_reset(s);
		return 0;
	}
	if (r == SQLITE_DONE)
		return 1;
	return xf_store_sqlerr(st, err);
}

int
xf_store_unit_all(xf_store *st, xf_unit **out, size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT " UNIT_COLS " FROM units ORDER BY id", err);
	size_t cap = 64, len = 0;
	xf_unit *v;
	int r;

	if (s == NULL)
		return -1;
	v = xf_xmalloc(cap * sizeof(*v));
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap)
			v = xf_xrealloc(v, (cap *= 2) * sizeof(*v));
		unit_row(s, &v[len++]);
	}
	if (r != SQLITE_DONE) {
		free(v);
		return xf_store_sqlerr(st, err);
	}
	*out = v;
	*n = len;
	return 0;
}

/* ---- users ----------------------------------------------------------- */

#define USER_COLS "id, username, name, unit_id, roles, active, failed," \
	" locked_until, pw_hash"

static void
user_row(sqlite3_stmt *s, xf_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	copy_col(u->username, sizeof(u->username), s, 1);
	copy_col(u->name, sizeof(u->name), s, 2);
	u->unit_id = sqlite3_column_int64(s, 3);
	u->roles = sqlite3_column_int(s, 4);
	u->active = sqlite3_column_int(s, 5);
	u->failed = sqlite3_column_int(s, 6);
	u->locked_until = sqlite3_column_int64(s, 7);
	copy_col(u->pw_hash, sizeof(u->pw_hash), s, 8);
}

int
xf_store_user_insert(xf_store *st, xf_user *u, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO users (username, name, unit_id, roles, pw_hash, active,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);

	if (s == NULL)
		return -1;
	now_text(now);
	sqlite3_bind_text(s, 1, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, u->unit_id);
	sqlite3_bind_int(s, 4, u->roles);
	sqlite3_bind_text(s, 5, u->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, u->active);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	u->id = sqlite3_last_insert_rowid(xf_store_db(st));
	return 0;
}

int
xf_store_user_update(xf_store *st, const xf_user *u, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE users SET name = ?2, unit_id = ?3, roles = ?4, pw_hash = ?5,"
	    " active = ?6, failed = ?7, locked_until = ?8 WHERE id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	sqlite3_bind_text(s, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, u->unit_id);
	sqlite3_bind_int(s, 4, u->roles);
	sqlite3_bind_text(s, 5, u->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, u->active);
	sqlite3_bind_int(s, 7, u->failed);
	sqlite3_bind_int64(s, 8, u->locked_until);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

static int
user_one(xf_store *st, sqlite3_stmt *s, xf_user *u, xf_error *err)
{
	int r = sqlite3_step(s);

	if (r == SQLITE_ROW) {
		user_row(s, u);
		sqlite3_reset(s);
		return 0;
	}
	if (r == SQLITE_DONE)
		return 1;
	return xf_store_sqlerr(st, err);
}

int
xf_store_user_get(xf_store *st, int64_t id, xf_user *u, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT " USER_COLS " FROM users WHERE id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return user_one(st, s, u, err);
}

int
xf_store_user_by_name(xf_store *st, const char *username, xf_user *u,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT " USER_COLS " FROM users WHERE username = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	return user_one(st, s, u, err);
}

int
xf_store_user_list(xf_store *st, xf_user **out, size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT " USER_COLS " FROM users ORDER BY id", err);
	size_t cap = 64, len = 0;
	xf_user *v;
	int r;

	if (s == NULL)
		return -1;
	v = xf_xmalloc(cap * sizeof(*v));
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap)
			v = xf_xrealloc(v, (cap *= 2) * sizeof(*v));
		user_row(s, &v[len++]);
	}
	if (r != SQLITE_DONE) {
		free(v);
		return xf_store_sqlerr(st, err);
	}
	*out = v;
	*n = len;
	return 0;
}

/* ---- sessions -------------------------------------------------------- */

int
xf_store_session_insert(xf_store *st, const unsigned char hash[32],
    const xf_session *ss, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO sessions (token_hash, user_id, csrf, bearer, created_at,"
	    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ss->user_id);
	sqlite3_bind_text(s, 3, ss->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, ss->bearer);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	sqlite3_bind_int64(s, 6, ss->expires_at);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_session_get(xf_store *st, const unsigned char hash[32], xf_session *ss,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT user_id, csrf, bearer, expires_at FROM sessions"
	    " WHERE token_hash = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		memset(ss, 0, sizeof(*ss));
		ss->user_id = sqlite3_column_int64(s, 0);
		copy_col(ss->csrf, sizeof(ss->csrf), s, 1);
		ss->bearer = sqlite3_column_int(s, 2);
		ss->expires_at = sqlite3_column_int64(s, 3);
		sqlite3_reset(s);
		return 0;
	}
	if (r == SQLITE_DONE)
		return 1;
	return xf_store_sqlerr(st, err);
}

int
xf_store_session_delete(xf_store *st, const unsigned char hash[32],
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "DELETE FROM sessions WHERE token_hash = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_session_delete_user(xf_store *st, int64_t user_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "DELETE FROM sessions WHERE user_id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

/* ---- calendar -------------------------------------------------------- */

int
xf_store_calendar_put(xf_store *st, int year, const char *source,
    const char *json, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO calendar_years (year, source, data, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (year) DO UPDATE SET"
	    " source = excluded.source, data = excluded.data,"
	    " updated_at = excluded.updated_at", err);

	if (s == NULL)
		return -1;
	now_text(now);
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, source ? source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_calendar_load(xf_store *st, xf_calendar *cal, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT data FROM calendar_years ORDER BY year", err);
	int r;

	if (s == NULL)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *j = (const char *)sqlite3_column_text(s, 0);

		if (xf_calendar_load_json(cal, j, strlen(j), err) == -1) {
			sqlite3_reset(s);
			return -1;
		}
	}
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

/* ---- roles ----------------------------------------------------------- */

json_t *
xf_roles_json(int roles)
{
	json_t *a = json_array();

	for (int i = 0; i < 6; i++)
		if (roles & (1 << i))
			json_array_append_new(a,
			    json_string(xf_role_name(1u << i)));
	return a;
}

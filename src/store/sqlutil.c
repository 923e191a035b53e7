#include "sqlutil.h"

void
xf_sql_bind_date(sqlite3_stmt *s, int i, xf_date d)
{
	if (d == XF_DATE_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, d);
}

void
xf_sql_bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id <= 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, id);
}

void
xf_sql_bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
}

xf_date
xf_sql_col_date(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? XF_DATE_NONE :
	    sqlite3_column_int(s, i);
}

json_t *
xf_sql_date_json(sqlite3_stmt *s, int i)
{
	char buf[11];

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return json_null();
	xf_date_format(sqlite3_column_int(s, i), buf);
	return json_string(buf);
}

json_t *
xf_sql_id_json(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(s, i));
}

json_t *
xf_sql_text_json(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? json_string((const char *)t) : json_null();
}

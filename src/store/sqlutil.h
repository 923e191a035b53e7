/* Small conversions between SQLite columns and xinfang's values, shared by
 * every SQLite module: "none" (XF_DATE_NONE, id 0, NULL text) is SQL NULL,
 * and a NULL column is JSON null. */
#ifndef XF_SQLUTIL_H
#define XF_SQLUTIL_H

#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/date.h"

void	xf_sql_bind_date(sqlite3_stmt *s, int i, xf_date d);
void	xf_sql_bind_id(sqlite3_stmt *s, int i, int64_t id);	/* ≤ 0: NULL */
void	xf_sql_bind_text(sqlite3_stmt *s, int i, const char *t);
xf_date	xf_sql_col_date(sqlite3_stmt *s, int i);
json_t	*xf_sql_date_json(sqlite3_stmt *s, int i);	/* "YYYY-MM-DD" or null */
json_t	*xf_sql_id_json(sqlite3_stmt *s, int i);
json_t	*xf_sql_text_json(sqlite3_stmt *s, int i);

#endif

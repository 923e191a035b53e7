/* The daily supervision scan over a large archive (issue 5): a database of
 * N cases (default 1 000 000; argv[1] overrides) in handling, each with a
 * handle deadline: ~2% fall due on the scan date (late from today on), ~2%
 * enter the 3-working-day warning window, ~46% are due months ahead and
 * ~50% were met long ago. The previous day's scan is recorded as done
 * (watermarks), as in steady operation. Rows are inserted with plain SQL
 * for speed, in a temporary file of our own.
 *
 * Measures: the scan of that day (raises ~2% supervisions with audit and
 * notifications, puts ~2% warnings in the outbox), then the next day's scan,
 * when nothing is due. Prints one JSON line each; goals < 1 s and < 10 ms.
 * The store runs with synchronous=FULL, as the server does by default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jobs/jobs.h"

#define UNITS 20

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
must(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "bench_scan: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

static void
exec(sqlite3 *db, const char *sql)
{
	must(db, sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

static void
fill(xf_store *st, long n, xf_date as_of, xf_date edge)
{
	sqlite3 *db = xf_store_db(st);
	sqlite3_stmt *cs, *ds;
	unsigned char salt[16] = { 0 }, hash[32] = { 0 };
	char now[32], num[64], lc[128];
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	long due_today = 0, warn = 0;

	xf_time_format((int64_t)time(NULL), now);
	/* The search index is not what this measures: skip it on insert. */
	exec(db, "DROP TRIGGER cases_fts_ai; BEGIN");
	exec(db, "INSERT INTO units (id, code, name, level, kind, created_at)"
	    " VALUES (1, 'P', '省教育厅', 'province', 'authority', '')");
	for (int u = 2; u <= UNITS; u++) {
		char sql[256];

		snprintf(sql, sizeof(sql), "INSERT INTO units (id, code, name,"
		    " level, kind, parent_id, created_at) VALUES (%d, 'C%d',"
		    " '市教育局%d', 'city', 'authority', 1, '')", u, u, u);
		exec(db, sql);
	}
	exec(db, "INSERT INTO articles (id, text) VALUES (1,"
	    " '《信访工作条例》第三十四条（自受理之日起60日内办结）')");
	must(db, sqlite3_prepare_v2(db, "INSERT INTO cases (id, number,"
	    " query_salt, query_hash, status, unit_id, first_unit_id,"
	    " lead_unit_id, channel, class, category, title, content,"
	    " received_on, registered_on, headcount, petitioners, next_due, lc,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, 4, ?5, ?5, ?5, 0, 2, '0301',"
	    " '反映学校收费问题', '请求查处。', ?6, ?6, 1, '[]', ?7, ?8, ?9)",
	    -1, &cs, NULL), "prepare cases");
	must(db, sqlite3_prepare_v2(db, "INSERT INTO deadlines (case_id, seq,"
	    " kind, unit_id, start, days, unit, extension, due, profile,"
	    " article_id, met_on, state, provisional) VALUES (?1, 1, 3, ?2, ?3,"
	    " 60, 0, 0, ?4, 'national-2022', 1, ?5, ?6, 0)", -1, &ds, NULL),
	    "prepare deadlines");
	for (long i = 1; i <= n; i++) {
		int unit = 1 + (int)(i % UNITS);
		int pick;
		xf_date due, acc;
		int met;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		pick = (int)(rng % 100);
		met = 0;
		if (pick < 2) {
			due = as_of - 1;	/* late from today on */
			due_today++;
		} else if (pick < 4) {
			due = edge;		/* 3 working days ahead */
			warn++;
		} else if (pick < 50)
			due = as_of + 30 + (xf_date)((rng >> 20) % 60);
		else {
			due = as_of - 400 + (xf_date)((rng >> 20) % 300);
			met = 1;
		}
		acc = due - 60;
		snprintf(num, sizeof(num), "C%d-%08ld", unit, i);
		snprintf(lc, sizeof(lc), "{\"accepted_on\":%d,\"next_seq\":2,"
		    "\"profile\":\"national-2022\"}", acc);
		sqlite3_bind_int64(cs, 1, i);
		sqlite3_bind_text(cs, 2, num, -1, SQLITE_STATIC);
		sqlite3_bind_blob(cs, 3, salt, 16, SQLITE_STATIC);
		sqlite3_bind_blob(cs, 4, hash, 32, SQLITE_STATIC);
		sqlite3_bind_int(cs, 5, unit);
		sqlite3_bind_int(cs, 6, acc - 5);
		if (met)
			sqlite3_bind_null(cs, 7);
		else
			sqlite3_bind_int(cs, 7, due);
		sqlite3_bind_text(cs, 8, lc, -1, SQLITE_STATIC);
		sqlite3_bind_text(cs, 9, now, -1, SQLITE_STATIC);
		must(db, sqlite3_step(cs), "insert case");
		sqlite3_reset(cs);
		sqlite3_bind_int64(ds, 1, i);
		sqlite3_bind_int(ds, 2, unit);
		sqlite3_bind_int(ds, 3, acc);
		sqlite3_bind_int(ds, 4, due);
		if (met)
			sqlite3_bind_int(ds, 5, due - 3);
		else
			sqlite3_bind_null(ds, 5);
		sqlite3_bind_int(ds, 6, met ? 1 : 0);
		must(db, sqlite3_step(ds), "insert deadline");
		sqlite3_reset(ds);
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(ds);
	{
		char sql[256];

		/* Yesterday's scan is done: watermarks as the scheduler leaves
		 * them. */
		snprintf(sql, sizeof(sql), "INSERT INTO scan_state (key, value)"
		    " VALUES ('due_through', %d), ('warn_edge_3', %d),"
		    " ('event_id', 0)", as_of - 1, edge - 1);
		exec(db, sql);
	}
	exec(db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
	fprintf(stderr, "bench_scan: %ld cases, %ld due on the scan date, %ld in"
	    " the warning window\n", n, due_today, warn);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char path[] = "/tmp/xf-bench-scan-XXXXXX";
	char file[64], side[80];
	xf_date as_of = xf_date_from_ymd(2025, 9, 15), edge;	/* a Monday */
	xf_jobs_stats js, js2;
	xf_period p;
	xf_error err;
	xf_app app;
	double t0, t_full, t_empty;
	int fd, prov;

	if (n < 100)
		n = 100;
	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	snprintf(file, sizeof(file), "%s.db", path);
	memset(&app, 0, sizeof(app));
	app.today_pinned = as_of;
	app.datadir = XF_DATADIR;
	pthread_rwlock_init(&app.cal_lock, NULL);
	pthread_mutex_init(&app.tree_lock, NULL);
	app.cal = xf_calendar_new();
	if (xf_calendar_load_dir(app.cal, XF_DATADIR "/calendar", &err) == -1 ||
	    (app.store = xf_store_open(file, &err)) == NULL) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return 1;
	}
	/* The 3-working-day window's edge as of the scan date. */
	memset(&p, 0, sizeof(p));
	p.event = as_of;
	p.days = 4;
	p.unit = XF_UNIT_WORKING;
	xf_period_due(app.cal, &p, 1, &edge, &prov, &err);
	edge -= 1;
	t0 = now_s();
	fill(app.store, n, as_of, edge);
	fprintf(stderr, "bench_scan: filled in %.1f s\n", now_s() - t0);

	t0 = now_s();
	if (xf_jobs_daily(&app, as_of, NULL, &js, &err) == -1) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return 1;
	}
	t_full = now_s() - t0;
	printf("{\"bench\":\"scan_due\",\"cases\":%ld,\"raised\":%d,"
	    "\"warned\":%d,\"seconds\":%.3f,\"goal_seconds\":1}\n", n, js.raised,
	    js.warned, t_full);

	t0 = now_s();
	if (xf_jobs_daily(&app, as_of + 1, NULL, &js2, &err) == -1) {
		fprintf(stderr, "bench_scan: %s\n", err.message);
		return 1;
	}
	t_empty = now_s() - t0;
	printf("{\"bench\":\"scan_nothing_due\",\"cases\":%ld,\"raised\":%d,"
	    "\"warned\":%d,\"milliseconds\":%.2f,\"goal_milliseconds\":10}\n", n,
	    js2.raised, js2.warned, t_empty * 1000);
	fflush(stdout);

	xf_store_close(app.store);
	xf_calendar_free(app.cal);
	unlink(path);
	unlink(file);
	snprintf(side, sizeof(side), "%s-wal", file);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", file);
	unlink(side);
	return 0;
}

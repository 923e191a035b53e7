/* bench_assess: the annual assessment of every unit the province assesses
 * over N cases (default 1 000 000), each with three deadlines, a third of
 * them rated and one in twenty supervised — generated straight by SQL in a
 * temporary database. Prints the time of the counts and of the scoring.
 *
 *   bench_assess [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/assess.h"
#include "store/assess.h"
#include "store/store.h"

#define NCITY 18
#define NCOUNTY 10		/* per city */
#define NSCHOOL 4		/* per county */
#define NUNIV 40

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
run(xf_store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(xf_store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_assess: %s\n%s\n", msg, sql);
		exit(1);
	}
}

/* unit id → row: cities 2..19 and universities after them are rows; a
 * county or school maps to its city (ids are laid out so arithmetic
 * finds it). */
static int *slots;
static int64_t nunits;

static int
slot(void *ud, int64_t id)
{
	(void)ud;
	return id >= 0 && id < nunits ? slots[id] : -1;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char path[64], sql[4096];
	xf_error err;
	xf_store *st;
	xf_calendar *cal = xf_calendar_new();
	xf_assess_row *rows;
	xf_assess_period p;
	int64_t id = 1, nrows = 0;
	double t0, t1, t2;
	int city[NCITY];

	snprintf(path, sizeof(path), "/tmp/xf-bench-assess-%d.db", (int)getpid());
	unlink(path);
	if ((st = xf_store_open(path, &err)) == NULL) {
		fprintf(stderr, "bench_assess: %s\n", err.message);
		return 1;
	}
	xf_calendar_load_dir(cal, XF_DATADIR "/calendar", &err);
	run(st, "PRAGMA synchronous = OFF;"
	    " DROP TRIGGER cases_fts_ai;");
	slots = calloc(100000, sizeof(int));
	memset(slots, 0xff, 100000 * sizeof(int));
	run(st, "BEGIN");
	run(st, "INSERT INTO units (id, code, name, level, kind, created_at)"
	    " VALUES (1, 'P', '省', 'province', 'authority', 'x')");
	for (int c = 0; c < NCITY; c++) {
		city[c] = (int)++id;
		slots[id] = (int)nrows++;
		snprintf(sql, sizeof(sql), "INSERT INTO units (id, code, name,"
		    " level, kind, parent_id, created_at) VALUES (%lld, 'C%d',"
		    " '市%d', 'city', 'authority', 1, 'x')", (long long)id, c, c);
		run(st, sql);
		for (int k = 0; k < NCOUNTY; k++) {
			int64_t county = ++id;

			slots[county] = slots[city[c]];
			snprintf(sql, sizeof(sql), "INSERT INTO units (id, code,"
			    " name, level, kind, parent_id, created_at) VALUES"
			    " (%lld, 'K%lld', '县%lld', 'county', 'authority', %d,"
			    " 'x')", (long long)county, (long long)county,
			    (long long)county, city[c]);
			run(st, sql);
			for (int s = 0; s < NSCHOOL; s++) {
				++id;
				slots[id] = slots[city[c]];
				snprintf(sql, sizeof(sql), "INSERT INTO units (id,"
				    " code, name, level, kind, parent_id,"
				    " created_at) VALUES (%lld, 'S%lld', '校%lld',"
				    " 'school', 'school', %lld, 'x')", (long long)id,
				    (long long)id, (long long)id, (long long)county);
				run(st, sql);
			}
		}
	}
	for (int u = 0; u < NUNIV; u++) {
		++id;
		slots[id] = (int)nrows++;
		snprintf(sql, sizeof(sql), "INSERT INTO units (id, code, name,"
		    " level, kind, parent_id, created_at) VALUES (%lld, 'U%d',"
		    " '大学%d', 'province', 'university', 1, 'x')", (long long)id,
		    u, u);
		run(st, sql);
	}
	nunits = id + 1;
	run(st, "COMMIT");

	t0 = now();
	/* Cases spread over 2024–2025 across every unit but the root. */
	snprintf(sql, sizeof(sql),
	    "BEGIN;"
	    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s"
	    " WHERE i < %ld)"
	    " INSERT INTO cases (id, number, query_salt, query_hash, status,"
	    " unit_id, first_unit_id, channel, class, category, title, content,"
	    " received_on, registered_on, headcount, petitioners, flags,"
	    " closed_on, lc, updated_at)"
	    " SELECT i, 'N' || i, x'00', x'00', CASE WHEN i %% 3 = 0 THEN 9"
	    " ELSE 4 END, 2 + (i * 7919) %% %lld, 2 + (i * 7919) %% %lld,"
	    " 0, 2, '0301', 't', 'c', %d + i %% 730, %d + i %% 730 + i %% 3,"
	    " 1, '[]', (i %% 17 = 0) | ((i %% 23 = 0) << 1) | ((i %% 29 = 0) << 2),"
	    " CASE WHEN i %% 3 = 0 THEN %d + i %% 730 + 40 END, '{}', 'x'"
	    " FROM s;"
	    "INSERT INTO deadlines (case_id, seq, kind, unit_id, start, days,"
	    " unit, extension, due, profile, met_on, state, provisional)"
	    " SELECT id, 1, 0, unit_id, received_on, 15, 0, 0, received_on + 15,"
	    " 'national-2022', received_on + id %% 20, 1, 0 FROM cases;"
	    "INSERT INTO deadlines (case_id, seq, kind, unit_id, start, days,"
	    " unit, extension, due, profile, met_on, state, provisional)"
	    " SELECT id, 2, 1, unit_id, received_on, 15, 0, 0, received_on + 30,"
	    " 'national-2022', received_on + 25, 1, 0 FROM cases;"
	    "INSERT INTO deadlines (case_id, seq, kind, unit_id, start, days,"
	    " unit, extension, due, profile, met_on, state, provisional)"
	    " SELECT id, 3, 3, unit_id, received_on, 60, 0, 0, received_on + 75,"
	    " 'national-2022', CASE WHEN id %% 4 <> 0 THEN received_on + 50"
	    " + id %% 40 END, CASE WHEN id %% 4 <> 0 THEN 1 ELSE 0 END, 0"
	    " FROM cases;"
	    "INSERT INTO evaluations (case_id, level, rating, rated_on, unit_id,"
	    " at) SELECT id, 1, CASE id %% 5 WHEN 0 THEN 'dissatisfied'"
	    " WHEN 1 THEN 'basically_satisfied' ELSE 'satisfied' END,"
	    " received_on + 60, unit_id, 'x' FROM cases WHERE id %% 3 = 0;"
	    "INSERT INTO supervisions (case_id, trigger, system, raised_on, form,"
	    " target_unit_id, problem, state, closed_on, created_at)"
	    " SELECT id, 'handle_overdue', 1, received_on + 76, 'online',"
	    " unit_id, 'p', CASE WHEN id %% 2 = 0 THEN 'closed' ELSE 'open' END,"
	    " CASE WHEN id %% 2 = 0 THEN received_on + 90 END, 'x'"
	    " FROM cases WHERE id %% 20 = 0;"
	    "COMMIT; ANALYZE;",
	    n, (long long)(nunits - 2), (long long)(nunits - 2),
	    xf_date_from_ymd(2024, 1, 1), xf_date_from_ymd(2024, 1, 1),
	    xf_date_from_ymd(2024, 1, 1));
	run(st, sql);
	t1 = now();
	printf("generated %ld cases (3 deadlines each) over %lld units in %.1f s\n",
	    n, (long long)(nunits - 1), t1 - t0);

	rows = calloc((size_t)nrows, sizeof(*rows));
	for (int64_t u = 0; u < nunits; u++)
		if (slots[u] >= 0 && rows[slots[u]].unit_id == 0)
			rows[slots[u]].unit_id = u;
	if (xf_assess_year(2025, xf_date_from_ymd(2026, 3, 1), &p.from, &p.to,
	    &p.as_of, &err) == -1)
		return 1;
	p.cal = cal;
	t0 = now();
	if (xf_store_assess_counts(st, &p, slot, NULL, rows, (size_t)nrows,
	    &err) == -1) {
		fprintf(stderr, "bench_assess: %s\n", err.message);
		return 1;
	}
	t1 = now();
	xf_assess_score(rows, (size_t)nrows, NULL);
	t2 = now();
	printf("assessment of %lld units, year 2025: counts %.3f s, scoring"
	    " %.6f s, total %.3f s\n", (long long)nrows, t1 - t0, t2 - t1,
	    t2 - t0);
	printf("first row: unit %lld accept %lld/%lld complete %lld/%lld"
	    " score %.2f rank %d\n", (long long)rows[0].unit_id,
	    (long long)rows[0].v[0].num, (long long)rows[0].v[0].den,
	    (long long)rows[0].v[1].num, (long long)rows[0].v[1].den,
	    rows[0].score, rows[0].rank);
	free(rows);
	free(slots);
	xf_calendar_free(cal);
	xf_store_close(st);
	if (getenv("BENCH_KEEP") == NULL)
		unlink(path);
	else
		printf("kept %s\n", path);
	return 0;
}

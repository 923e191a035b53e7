/* The store's repeat-detection index (store/simindex.c) and its search
 * index, filled in batches (store/sqlite.c, xf_store_fts_catch_up) with
 * the newest cases found by scanning until then, on a real SQLite file. */
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <criterion/criterion.h>
#include <jansson.h>
#include <sqlite3.h>

#include "core/text.h"
#include "store/cases.h"
#include "store/fts_bigram.h"
#include "store/schema.h"
#include "store/simindex.h"
#include "store/store.h"

static xf_store *st;
static char dbpath[64];

static void
sql(const char *fmt, ...)
{
	char buf[4096], *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cr_assert_eq(sqlite3_exec(xf_store_db(st), buf, NULL, NULL, &msg),
	    SQLITE_OK, "%s: %s", buf, msg ? msg : "");
}

static int64_t
count(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	sqlite3_stmt *s;
	int64_t n = -1;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cr_assert_eq(sqlite3_prepare_v2(xf_store_db(st), buf, -1, &s, NULL),
	    SQLITE_OK, "%s", buf);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* A new store at path, with the province every case belongs to. */
static void
open_store(const char *path)
{
	xf_error err;

	unlink(path);
	st = xf_store_open(path, &err);
	cr_assert_not_null(st, "%s", err.message);
	sql("INSERT INTO units (id, code, name, level, kind, parent_id,"
	    " created_at) VALUES (1, 'U1', '省教育厅', 'province',"
	    " 'authority', NULL, 'x')");
}

static void
setup(void)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/xf-test-store-%d.db",
	    (int)getpid());
	open_store(dbpath);
}

static void
teardown(void)
{
	char p[80];

	xf_store_close(st);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

/* One case row as cases.c writes it (inside a write), with its
 * fingerprint, and the search index told: SQLite's result, for threads,
 * which cannot assert (add_case asserts). */
static int
try_add_case(int id, const char *category, const char *title,
    const char *content)
{
	xf_text_fp fp = xf_text_fingerprint(content);
	char *q = sqlite3_mprintf("INSERT INTO cases (id, number, query_salt,"
	    " query_hash, status, unit_id, first_unit_id, channel, class,"
	    " category, title, content, received_on, registered_on, headcount,"
	    " petitioners, flags, lc, updated_at) VALUES (%d, 'N%d', x'00',"
	    " x'00', 0, 1, 1, 0, 2, %Q, %Q, %Q, 20000, 20000, 1, '[]', 0, '{}',"
	    " 'x'); INSERT INTO case_fp (id, category, fp, fp2) VALUES (%d, %Q,"
	    " %lld, %lld)", id, id, category, title, content, id, category,
	    (long long)fp.w[0], (long long)fp.w[1]);
	int rc = sqlite3_exec(xf_store_db(st), q, NULL, NULL, NULL);

	sqlite3_free(q);
	if (rc == SQLITE_OK)
		xf_store_cases_added(st);
	return rc;
}

static void
add_case(int id, const char *category, const char *title,
    const char *content)
{
	cr_assert_eq(try_add_case(id, category, title, content), SQLITE_OK,
	    "case %d: %s", id, sqlite3_errmsg(xf_store_db(st)));
}

static int64_t
fts_hits(const char *term)
{
	return count("SELECT count(*) FROM cases_fts WHERE cases_fts MATCH"
	    " '\"%s\"'", term);
}

/* A text of n CJK characters drawn from the seed: unrelated to any other
 * seed's (bigram Jaccard near 0, fingerprints ~32 bits apart). */
static void
noise(unsigned seed, int n, char *out)
{
	unsigned x = seed * 2654435761u + 12345u;
	char *p = out;

	for (int i = 0; i < n; i++) {
		unsigned cp;

		x = x * 1103515245u + 12345u;
		cp = 0x4E00 + (x >> 8) % 0x51A5;
		*p++ = (char)(0xE0 | (cp >> 12));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	}
	*p = '\0';
}

TestSuite(store, .init = setup, .fini = teardown);

#define FP(a, b) ((xf_text_fp){ { (a), (b) } })

/* A letter filed again unchanged under another category: found by its
 * exact fingerprint among every category but the asked one, newest first,
 * at most max, past the table's growth (20,000 others around it). */
Test(store, simindex_same_fingerprint_in_other_categories)
{
	xf_simindex *ix = xf_simindex_new();
	const xf_text_fp q = FP(0x123456789ABCDEF0ULL, 0x0FEDCBA987654321ULL);
	int64_t ids[4];
	size_t n;

	xf_simindex_add(ix, "0301", 1, q);
	for (int64_t i = 2; i < 20002; i++)
		xf_simindex_add(ix, i % 2 ? "0402" : "0903",
		    i, FP((uint64_t)i * 0x9E3779B97F4A7C15ULL, (uint64_t)i));
	xf_simindex_add(ix, "1201", 20002, q);
	xf_simindex_add(ix, "0402", 20003, FP(q.w[0], q.w[1] ^ 1));	/* 1 bit */
	xf_simindex_add(ix, "0903", 20004, q);
	xf_simindex_add(ix, "0301", 20005, q);

	n = xf_simindex_same(ix, "0301", q, ids, 4);
	cr_assert_eq(n, 2, "the asked category is scanned, not looked up");
	cr_assert_eq(ids[0], 20004);
	cr_assert_eq(ids[1], 20002);
	n = xf_simindex_same(ix, "0402", q, ids, 2);
	cr_assert_eq(n, 2);
	cr_assert_eq(ids[0], 20005, "the newest two of four");
	cr_assert_eq(ids[1], 20004);
	cr_assert_eq(xf_simindex_same(ix, "0402", FP(q.w[0], 0), ids, 4), 0);
	cr_assert_eq(xf_simindex_same(ix, "0402", q, ids, 0), 0);
	xf_simindex_free(ix);
}

/* Many letters with one fingerprint (short texts like "见附件") are one
 * entry of the table, not a chain walked by every addition and lookup:
 * 200,000 of them add and answer at once, with the newest. */
Test(store, simindex_same_many_alike, .timeout = 20)
{
	xf_simindex *ix = xf_simindex_new();
	const xf_text_fp q = FP(0xAAAA, 0x5555);
	int64_t ids[4];

	for (int64_t i = 1; i <= 200000; i++)
		xf_simindex_add(ix, i % 4 ? "0301" : "0902", i, q);
	xf_simindex_add(ix, "1201", 200001, FP(0xAAAA, 0x5554));
	cr_assert_eq(xf_simindex_same(ix, "1201", q, ids, 4), 2);
	cr_assert_eq(ids[0], 200000, "the newest of 0902");
	cr_assert_eq(ids[1], 199999, "the newest of 0301");
	xf_simindex_free(ix);
}

Test(store, simindex_nearest_first_within_bound_and_category)
{
	xf_simindex *ix = xf_simindex_new();
	int64_t ids[8];
	int dist[8];
	size_t n;

	xf_simindex_add(ix, "0301", 1, FP(0x0, 0x1));	/* 0 + 1 */
	xf_simindex_add(ix, "0301", 2, FP(0xFF, 0x0));	/* 8 */
	xf_simindex_add(ix, "0301", 3, FP(0x7, 0x0));	/* 3 */
	xf_simindex_add(ix, "0301", 4, FP(0xFFFF, 0x0));	/* 16: too far */
	xf_simindex_add(ix, "0902", 5, FP(0x0, 0x0));	/* other category */
	xf_simindex_add(ix, "0301", 6, FP(0x1, 0x0));	/* 1 */
	xf_simindex_add(ix, "0301", 7, FP(0x0, 0x0));	/* 0 */
	xf_simindex_add(ix, "0301", 8, FP(0x0, 0xFFF));	/* 0 + 12: too far */
	cr_assert_eq(xf_simindex_last(ix), 8);
	cr_assert_eq(xf_simindex_size(ix), 8);

	n = xf_simindex_nearest(ix, "0301", FP(0x0, 0x0), 10, 10, ids, dist,
	    3);
	cr_assert_eq(n, 3);
	/* Over both words; equal distances: the newer matter first. */
	cr_assert_eq(ids[0], 7);
	cr_assert_eq(ids[1], 6);
	cr_assert_eq(ids[2], 1);
	cr_assert_eq(dist[2], 1);
	n = xf_simindex_nearest(ix, "0301", FP(0x0, 0x0), 10, 12, ids, dist,
	    8);
	cr_assert_eq(n, 6, "0 + 12 bits is within 12");
	cr_assert_eq(ids[5], 8);
	n = xf_simindex_nearest(ix, "0301", FP(0x0, 0x0), 10, 11, ids, dist,
	    8);
	cr_assert_eq(n, 5, "0 + 12 bits is not within 11");
	n = xf_simindex_nearest(ix, "0301", FP(0x0, 0x0), 7, 11, ids, dist,
	    8);
	cr_assert_eq(n, 4, "8 bits on the first word is not within 7");
	n = xf_simindex_nearest(ix, "0902", FP(0xFFFFFFFF, 0x0), 10, 10, ids,
	    dist, 3);
	cr_assert_eq(n, 0, "32 bits away is not near");
	n = xf_simindex_nearest(ix, "9999", FP(0x0, 0x0), 10, 10, ids, dist,
	    3);
	cr_assert_eq(n, 0, "an unknown category has no matters");
	xf_simindex_free(ix);
}

/* The scan over a large category (vectorised where the processor allows,
 * eight at a time) gives exactly the brute-force answer: the max nearest
 * within the bound, nearest first, the newer of equally near ones first —
 * with few hits, and with more hits than one scan pass holds. */
static uint64_t
xs(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
nearest_as_brute_force(size_t total, size_t planted, int lo, int hi,
    uint64_t seed)
{
	xf_simindex *ix = xf_simindex_new();
	xf_text_fp *h = malloc(total * sizeof(*h)), q;
	uint64_t x = seed;
	int64_t ids[16], want_id[16];
	int dist[16], want_d[16];
	size_t n, nw = 0;

	q = FP(xs(&x), xs(&x));
	for (size_t i = 0; i < total; i++) {
		h[i] = FP(xs(&x), xs(&x));
		if (i % (total / planted) == 0) {
			/* Near the query: lo to hi of its first word's bits
			 * flipped, 0 to 15 of the second's. */
			int f = lo + (int)(xs(&x) % (uint64_t)(hi - lo + 1));
			int f2 = (int)(xs(&x) % 16);

			h[i] = q;
			while (xf_text_fp_distance(h[i].w[0], q.w[0]) < f)
				h[i].w[0] ^= 1ULL << (xs(&x) % 64);
			while (xf_text_fp_distance(h[i].w[1], q.w[1]) < f2)
				h[i].w[1] ^= 1ULL << (xs(&x) % 64);
		}
		xf_simindex_add(ix, "0301", (int64_t)i + 1, h[i]);
	}
	xf_simindex_add(ix, "0302", (int64_t)total + 1, q);	/* other category */
	/* Brute force: within 10 bits on the first word and 20 on both, by
	 * distance over both, then newer (higher id) first. */
	for (int d = 0; d <= 20 && nw < 16; d++)
		for (size_t i = total; i-- > 0 && nw < 16;)
			if (xf_text_fp_distance(h[i].w[0], q.w[0]) <= 10 &&
			    xf_text_fp_bits(h[i], q) == d) {
				want_id[nw] = (int64_t)i + 1;
				want_d[nw++] = d;
			}
	n = xf_simindex_nearest(ix, "0301", q, 10, 20, ids, dist, 16);
	cr_assert_eq(n, nw, "%zu of %zu planted", n, planted);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(ids[i], want_id[i], "rank %zu: id %lld, not %lld",
		    i, (long long)ids[i], (long long)want_id[i]);
		cr_assert_eq(dist[i], want_d[i]);
	}
	free(h);
	xf_simindex_free(ix);
}

Test(store, simindex_scan_matches_brute_force)
{
	nearest_as_brute_force(20003, 40, 0, 12, 0x9E3779B97F4A7C15ULL);
	/* At the bound: 10 bits is near, 11 is not. */
	nearest_as_brute_force(20003, 30, 10, 11, 0x51ED270B27ULL);
	/* More hits than one pass of the scan holds (256). */
	nearest_as_brute_force(20003, 2000, 0, 12, 0x1234567ULL);
	nearest_as_brute_force(7, 7, 9, 11, 0xABCDEFULL);	/* under 8 */
}

Test(store, fp_distance_counts_bits)
{
	uint64_t x = 0x9E3779B97F4A7C15ULL;

	for (int i = 0; i < 1000; i++) {
		uint64_t y;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		y = x * 0xBF58476D1CE4E5B9ULL;
		cr_assert_eq(xf_text_fp_distance(x, y),
		    __builtin_popcountll(x ^ y));
	}
	cr_assert_eq(xf_text_fp_distance(0, ~0ULL), 64);
	cr_assert_eq(xf_text_fp_distance(5, 5), 0);
}

Test(store, prepared_set_scores_as_the_plain_similarity)
{
	const char *a = "某某中学违规收取补课费每人八百元，请求教育局查处并退还。";
	const char *b = "某某中学违规收取补课费每人九百元，请教育局查处并退还！";
	xf_text_set *s = xf_text_set_new(a);

	cr_assert_float_eq(xf_text_set_similarity(s, b),
	    xf_text_similarity(a, b), 1e-12);
	cr_assert_eq(xf_text_fp_bits(xf_text_set_fingerprint(s),
	    xf_text_fingerprint(a)), 0);
	cr_assert_float_eq(xf_text_set_similarity(s, a), 1.0, 1e-12);
	xf_text_set_free(s);
}

/* A search through the store's list, as GET /cases?q= makes it: total and
 * the ids of one page, newest first (or by due date). */
static int64_t
search(const char *q, int64_t page, int64_t per_page, int order_due,
    char *ids, size_t idsz)
{
	char expr[4 * 512 + 16];
	xf_case_filter f;
	json_t *items = NULL, *v;
	int64_t total = -1;
	size_t i, used = 0;
	xf_error err;

	memset(&f, 0, sizeof(f));
	f.status = f.cls = f.channel = -1;
	f.from = f.to = f.due_before = f.warn_until = XF_DATE_NONE;
	f.today = 20000;
	f.page = page;
	f.per_page = per_page;
	f.order_due = order_due;
	cr_assert_gt(xf_fts_query(q, expr, sizeof(expr)), 0, "%s", q);
	f.fts = expr;
	cr_assert_eq(xf_store_case_list(st, &f, &items, &total, &err), 0,
	    "%s", err.message);
	if (ids != NULL) {
		ids[0] = '\0';
		json_array_foreach(items, i, v)
			used += (size_t)snprintf(ids + used, idsz - used, "%lld ",
			    (long long)json_integer_value(json_object_get(v,
			    "id")));
	}
	json_decref(items);
	return total;
}

Test(store, search_finds_cases_before_and_after_they_are_indexed)
{
	char ids[256];
	xf_error err;

	/* Alone in its batch, then rolled back: never found. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(1, "0301", "学籍问题", "孩子的学籍被错误注销");
	xf_store_rollback(st);
	cr_assert_eq(count("SELECT count(*) FROM cases"), 0);

	/* Committed: found at once, whether or not the batch that indexes
	 * it has run yet. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(2, "0301", "违规收费", "学校违规收取资料费");
	cr_assert_eq(xf_store_commit(st, &err), 0, "%s", err.message);
	cr_assert_eq(search("收费", 1, 20, 0, ids, sizeof(ids)), 1);
	cr_assert_str_eq(ids, "2 ");
	cr_assert_eq(search("学籍", 1, 20, 0, NULL, 0), 0,
	    "the rolled-back case is not found");

	/* Indexed: in the index once, found once. */
	cr_assert_eq(xf_store_fts_catch_up(st, &err), 0, "%s", err.message);
	cr_assert_eq(fts_hits("收费"), 1);
	cr_assert_eq(count("SELECT last FROM fts_state"), 2);
	cr_assert_eq(search("收费", 1, 20, 0, ids, sizeof(ids)), 1);
	cr_assert_str_eq(ids, "2 ");

	/* A row added outside the door is found, and indexed by the next
	 * catch-up all the same. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	sql("INSERT INTO cases (id, number, query_salt, query_hash, status,"
	    " unit_id, first_unit_id, channel, class, category, title, content,"
	    " received_on, registered_on, headcount, petitioners, flags, lc,"
	    " updated_at) VALUES (3, 'N3', x'00', x'00', 0, 1, 1, 0, 2, '0301',"
	    " '食堂', '食堂饭菜质量差', 20000, 20000, 1, '[]', 0, '{}', 'x')");
	cr_assert_eq(xf_store_commit(st, &err), 0);
	cr_assert_eq(search("食堂", 1, 20, 0, NULL, 0), 1);
	cr_assert_eq(xf_store_fts_catch_up(st, &err), 0, "%s", err.message);
	cr_assert_eq(fts_hits("食堂"), 1);
	cr_assert_eq(search("食堂", 1, 20, 0, NULL, 0), 1);
}

/* Rows above the index are matched by xf_fts_match, the rest by FTS5: for
 * every kind of query term (bigram, phrase, lone character as prefix,
 * ASCII and full-width words, prefixes of numbers, several terms), the
 * answer — total and every page, across the boundary between the two — is
 * the same with nothing indexed, half indexed and everything indexed. */
Test(store, unindexed_and_indexed_cases_answer_a_search_alike)
{
	static const char *const words[] = { "学籍", "违规收费", "校外培训",
		"班主任张老师", "4101022023", "ABC补课", "二〇二三年", "退费",
		"食堂", "校车超载", "职称评审", "Ａｂｃ", "学生", "费用", "张" };
	static const char *const seps[] = { "，", "", " ", "。", "、" };
	static const char *const queries[] = { "学籍", "收费", "费", "校外培训",
		"学籍 收费", "4101", "41010220231", "abc", "ＡＢＣ", "Ab", "班主任张",
		"张", "二〇二三", "退", "费用 学生", "补课", "c补", "培训 退费 食堂",
		"张老师" };
	char want[sizeof(queries) / sizeof(queries[0])][4][256];
	int64_t wtot[sizeof(queries) / sizeof(queries[0])][2];
	char ids[256], title[64], content[512];
	unsigned x = 7;
	xf_error err;
	size_t q;

	/* Added outside the door (no xf_store_cases_added), so the background
	 * thread leaves them unindexed until the test says. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	for (int id = 1; id <= 120; id++) {
		size_t used = 0;
		int n;

		x = x * 1103515245u + 12345u;
		n = 2 + (int)((x >> 16) % 4);
		content[0] = '\0';
		for (int k = 0; k < n; k++) {
			x = x * 1103515245u + 12345u;
			used += (size_t)snprintf(content + used,
			    sizeof(content) - used, "%s%s",
			    words[(x >> 16) % (sizeof(words) / sizeof(*words))],
			    seps[(x >> 8) % (sizeof(seps) / sizeof(*seps))]);
		}
		snprintf(title, sizeof(title), "%s", words[id % (sizeof(words) /
		    sizeof(*words))]);
		sql("INSERT INTO cases (id, number, query_salt, query_hash,"
		    " status, unit_id, first_unit_id, channel, class, category,"
		    " title, content, received_on, registered_on, headcount,"
		    " petitioners, flags, lc, next_due, updated_at) VALUES (%d,"
		    " 'N%d', x'00', x'00', 0, 1, 1, 0, 2, '0301', '%s', '%s',"
		    " 20000, 20000, 1, '[]', 0, '{}', %d, 'x')", id, id, title,
		    content, 20000 + (id * 7) % 13);
	}
	cr_assert_eq(xf_store_commit(st, &err), 0);
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			/* Half indexed: the index's last is case 60. */
			sql("INSERT INTO cases_fts(rowid, title, content) SELECT"
			    " id, title, content FROM cases WHERE id <= 60;"
			    " UPDATE fts_state SET last = 60");
		if (round == 2)
			cr_assert_eq(xf_store_fts_catch_up(st, &err), 0);
		for (q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
			for (int page = 1; page <= 4; page++) {
				int64_t t = search(queries[q], page, 9,
				    0, ids, sizeof(ids));

				if (round == 0 && page == 1)
					wtot[q][0] = t;
				cr_assert_eq(t, wtot[q][0], "%s, round %d",
				    queries[q], round);
				if (round == 0)
					strcpy(want[q][page - 1], ids);
				cr_assert_str_eq(ids, want[q][page - 1],
				    "%s page %d, round %d", queries[q], page,
				    round);
			}
			/* By due date: the same cases in the same order. */
			{
				int64_t t = search(queries[q], 1, 120, 1, NULL, 0);

				if (round == 0)
					wtot[q][1] = t;
				cr_assert_eq(t, wtot[q][0]);
				cr_assert_eq(t, wtot[q][1]);
			}
		}
	}
	cr_assert_eq(count("SELECT last FROM fts_state"), 120);
	/* The queries found something, and not everything. */
	cr_assert_gt(wtot[0][0], 0);
	cr_assert_lt(wtot[0][0], 120);
	cr_assert_gt(wtot[5][0], 0, "4101 finds the number by prefix");
	cr_assert_eq(wtot[6][0], 0, "a longer number is not a prefix of it");
	cr_assert_gt(wtot[8][0], 0, "ＡＢＣ folds to abc");
}

/* The original matter is older than 6,000 others of its category: the
 * comparison covers the whole history, not a window of the newest. */
Test(store, repeat_detection_covers_the_whole_history, .timeout = 120)
{
	const char *orig = "我是张湾县第二初级中学学生家长，学校以资料费名义每学期"
	    "收取每名学生三百元，没有收据，请求教育局查处并退还。";
	const char *resent = "我是张湾县第二初级中学学生家长，学校以资料费名义每学期"
	    "收取每名学生三百元，没有任何收据，请求教育局查处并退还！";
	char text[64 * 3 + 1];
	json_t *out = json_array();
	xf_error err;
	size_t i;
	int found = 0;

	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(1, "0102", "违规收费", orig);
	for (int k = 0; k < 3000; k++) {
		noise((unsigned)k + 1, 64, text);
		add_case(k + 2, "0102", "其他", text);
	}
	cr_assert_eq(xf_store_commit(st, &err), 0);
	/* The first search loads the fingerprints... */
	cr_assert_eq(xf_store_case_similar(st, NULL, 0, resent, NULL, "0102",
	    out, 20, &err), 0, "%s", err.message);
	cr_assert_eq(json_array_size(out), 1);
	json_array_clear(out);
	/* ...later ones add what was committed since. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	for (int k = 3000; k < 6000; k++) {
		noise((unsigned)k + 1, 64, text);
		add_case(k + 2, "0102", "其他", text);
	}
	/* Of other categories only the very same letter is looked up. */
	add_case(7000, "0103", "其他类", orig);
	add_case(7001, "0104", "其他类", resent);
	cr_assert_eq(xf_store_commit(st, &err), 0);
	cr_assert_eq(xf_store_case_similar(st, NULL, 0, resent, NULL, "0102",
	    out, 20, &err), 0, "%s", err.message);
	for (i = 0; i < json_array_size(out); i++) {
		json_t *v = json_array_get(out, i);
		int64_t id = json_integer_value(json_object_get(v, "id"));

		cr_assert_neq(id, 7000, "another category is not scanned");
		if (id == 1 || id == 7001) {
			found |= id == 1 ? 1 : 2;
			cr_assert_geq(json_real_value(json_object_get(v,
			    "similarity")), id == 1 ? 0.8 : 1.0);
		}
	}
	cr_assert(found & 1, "the matter 6,000 registrations back is found");
	cr_assert(found & 2, "the same letter in another category is found");
	cr_assert_eq(json_array_size(out), 2, "no unrelated matter listed");
	json_decref(out);
}

/* A request's read snapshot (xf_store_read_begin): its reads do not see
 * what another thread commits meanwhile, the next request's do; a write
 * on the thread's own connection ends it instead of failing on the stale
 * snapshot (SQLITE_BUSY_SNAPSHOT). */
static const char *const COUNT_CASES = "SELECT count(*) FROM cases";

static int64_t
snap_count(void)
{
	xf_error err;
	sqlite3_stmt *s = xf_store_stmt(st, COUNT_CASES, &err);
	int64_t n;

	cr_assert_not_null(s);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

static void *
other_request(void *arg)
{
	xf_error err;
	int id = *(int *)arg;

	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(id, "0102", "其他", "学校食堂饭菜价格高");
	cr_assert_eq(xf_store_commit(st, &err), 0);
	return NULL;
}

static void
commit_elsewhere(int id)
{
	pthread_t t;

	cr_assert_eq(pthread_create(&t, NULL, other_request, &id), 0);
	pthread_join(t, NULL);
}

Test(store, request_reads_share_one_snapshot)
{
	xf_error err;
	sqlite3_stmt *s;

	xf_store_read_begin(st);
	cr_assert_eq(snap_count(), 0);
	commit_elsewhere(1);
	cr_assert_eq(snap_count(), 0, "the snapshot holds");
	xf_store_read_end(st);
	cr_assert_eq(snap_count(), 1, "the next request sees the commit");

	xf_store_read_begin(st);
	cr_assert_eq(snap_count(), 1);
	commit_elsewhere(2);
	s = xf_store_stmt(st, "UPDATE cases SET flags = 1 WHERE id = 1",
	    &err);
	cr_assert_not_null(s);
	cr_assert_eq(sqlite3_step(s), SQLITE_DONE, "%s",
	    sqlite3_errmsg(xf_store_db(st)));
	sqlite3_reset(s);
	cr_assert_eq(snap_count(), 2, "the write ended the snapshot");
	xf_store_read_end(st);

	xf_store_read_begin(st);
	cr_assert_eq(snap_count(), 2);
	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(3, "0102", "其他", "学校宿舍漏雨");
	cr_assert_eq(xf_store_commit(st, &err), 0);
	cr_assert_eq(snap_count(), 3, "a request reads its own commit");
	xf_store_read_end(st);
}

/* Group commit (sqlite.c end_part): threads write at once, one part in
 * five rolls back, and a batch opened while an earlier one is syncing is
 * committed later by one of its own writers. Every commit that returns is
 * already visible to the thread's own reading connection (another than the
 * writer's), no rolled-back part survives, and nothing waits forever: the
 * threads write in rounds (a barrier), so each round's stream of writes
 * ends, with no later writer to commit a batch left open. */
#define GC_THREADS	8
#define GC_WRITES	50

static pthread_barrier_t gc_round;

/* For worker threads, which must not use Criterion's asserts (their
 * events are the test thread's): 0 on success. */
static int
try_sql(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return sqlite3_exec(xf_store_db(st), buf, NULL, NULL, NULL);
}

static int
row_exists(const char *table, int id)
{
	char buf[128];
	sqlite3_stmt *s;
	int n = 0;

	snprintf(buf, sizeof(buf), "SELECT 1 FROM %s WHERE id = %d", table, id);
	if (sqlite3_prepare_v2(xf_store_db(st), buf, -1, &s, NULL) != SQLITE_OK)
		return 0;
	n = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return n;
}

/* Commits the thread's write; its row must be visible at once. */
static const char *
commit_and_see(const char *table, int id)
{
	xf_error err;

	if (xf_store_commit(st, &err) == -1)
		return "commit failed";
	if (!row_exists(table, id))
		return "a row not visible once its commit returned";
	return NULL;
}

/* Criterion's asserts stay on the test's own thread: a worker returns
 * the first thing that went wrong, NULL if nothing did. */
static void *
gc_writer(void *arg)
{
	int t = *(int *)arg;
	const char *why;
	xf_error err;

	for (int i = 0; i < GC_WRITES; i++) {
		int id = 1000 + t * GC_WRITES + i;

		pthread_barrier_wait(&gc_round);
		if (xf_store_begin(st, &err) == -1)
			return "begin failed";
		if (try_sql("INSERT INTO cases (id, number, query_salt,"
		    " query_hash, status, unit_id, first_unit_id, channel,"
		    " class, category, title, content, received_on,"
		    " registered_on, headcount, petitioners, flags, lc,"
		    " updated_at) VALUES (%d, 'N%d', x'00', x'00', 0, 1, 1, 0,"
		    " 2, '0102', '其他', '学校收费', 20000, 20000, 1, '[]', 0,"
		    " '{}', 'x')", id, id) != SQLITE_OK) {
			xf_store_rollback(st);
			return "insert failed";
		}
		if (i % 5 == 4) {
			xf_store_rollback(st);
			continue;
		}
		if ((why = commit_and_see("cases", id)) != NULL)
			return (void *)why;
	}
	return NULL;
}

Test(store, group_commit_many_writers, .timeout = 60)
{
	pthread_t th[GC_THREADS];
	int n[GC_THREADS];

	pthread_barrier_init(&gc_round, NULL, GC_THREADS);
	for (int t = 0; t < GC_THREADS; t++) {
		n[t] = t;
		cr_assert_eq(pthread_create(&th[t], NULL, gc_writer, &n[t]), 0);
	}
	for (int t = 0; t < GC_THREADS; t++) {
		void *why;

		pthread_join(th[t], &why);
		cr_assert_null(why, "thread %d: %s", t, (const char *)why);
	}
	pthread_barrier_destroy(&gc_round);
	cr_assert_eq(count("SELECT count(*) FROM cases"),
	    GC_THREADS * GC_WRITES * 4 / 5, "every commit kept");
	cr_assert_eq(count("SELECT count(*) FROM cases WHERE (id - 1000) %% %d"
	    " %% 5 = 4", GC_WRITES), 0, "no rolled-back part kept");
}

/* One sync at a time (sqlite.c end_part): writes that end while a batch
 * is syncing wait and go into one later batch, committed by one of their
 * own threads when that sync ends, even when no writer comes after them.
 * A VFS over the default one makes each WAL sync take 300 ms and counts
 * them: a write syncing, then three writes meanwhile: two syncs. */
/* A test VFS: a copy of the default one (real) whose files of the kinds
 * in `kinds` (SQLITE_OPEN_MAIN_DB, SQLITE_OPEN_WAL) get the method table
 * io, the real file's copied at the first such open, with what `patch`
 * replaces (saving the real methods it needs). */
typedef struct {
	sqlite3_vfs		 vfs, *real;
	int			 kinds;
	sqlite3_io_methods	 io;
	void			(*patch)(sqlite3_io_methods *);
} test_vfs;

static int
test_vfs_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f,
    int flags, int *out)
{
	test_vfs *t = v->pAppData;
	int rc = t->real->xOpen(t->real, name, f, flags, out);

	if (rc == SQLITE_OK && (flags & t->kinds) && f->pMethods) {
		if (t->io.iVersion == 0) {
			t->io = *f->pMethods;
			t->patch(&t->io);
		}
		f->pMethods = &t->io;
	}
	return rc;
}

static int (*real_sync)(sqlite3_file *, int);
static atomic_int wal_syncs;

static atomic_int fail_syncs;	/* the slow VFS's syncs fail instead */

static int
slow_sync(sqlite3_file *f, int flags)
{
	if (atomic_load(&fail_syncs))
		return SQLITE_IOERR_FSYNC;
	atomic_fetch_add(&wal_syncs, 1);
	usleep(300 * 1000);
	return real_sync(f, flags);
}

static void
slow_patch(sqlite3_io_methods *io)
{
	real_sync = io->xSync;
	io->xSync = slow_sync;
}

/* The WAL files are the default VFS's own; only their sync is replaced. */
static test_vfs slow_vfs = { .kinds = SQLITE_OPEN_WAL, .patch = slow_patch };

/* A new store at /tmp/xf-test-store-NAME-PID.db opened over the test VFS
 * t, registered as the default. The current store is left aside:
 * close_over puts it back. */
static void
open_over(test_vfs *t, const char *vfs_name, char *path, size_t len,
    const char *name)
{
	t->real = sqlite3_vfs_find(NULL);
	t->vfs = *t->real;
	t->vfs.zName = vfs_name;
	t->vfs.xOpen = test_vfs_open;
	t->vfs.pAppData = t;
	cr_assert_eq(sqlite3_vfs_register(&t->vfs, 1), SQLITE_OK);
	snprintf(path, len, "/tmp/xf-test-store-%s-%d.db", name,
	    (int)getpid());
	open_store(path);
}

static void
close_over(test_vfs *t, xf_store *saved, const char *path)
{
	char p[112];

	xf_store_close(st);
	st = saved;
	sqlite3_vfs_unregister(&t->vfs);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* A store whose WAL syncs are slow (slow_sync). */
static void
open_slow(char *path, size_t len, const char *name)
{
	open_over(&slow_vfs, "xf-slow-sync", path, len, name);
}

/* A unit, not a case: a case would wake the background indexer, whose
 * own write would commit a batch left open and hide a missing leader.
 * Returns what went wrong, NULL if nothing did (gc_writer). */
static int
try_unit(int id)
{
	return try_sql("INSERT INTO units (id, code, name, level, kind,"
	    " parent_id, created_at) VALUES (%d, 'S%d', '学校', 'school',"
	    " 'school', 1, 'x')", id, id);
}

static void *
gc_one(void *arg)
{
	int id = *(int *)arg;
	xf_error err;

	if (xf_store_begin(st, &err) == -1)
		return "begin failed";
	if (try_unit(id) != SQLITE_OK) {
		xf_store_rollback(st);
		return "insert failed";
	}
	return (void *)commit_and_see("units", id);
}

Test(store, writes_during_a_sync_share_the_next, .timeout = 30)
{
	xf_store *saved = st;
	char path[80];
	pthread_t th[4];
	int ids[4] = { 2, 3, 4, 5 }, first = 100;

	open_slow(path, sizeof(path), "slow");
	/* The writer's first sync of its WAL is made holding the writer
	 * (sqlite.c says why); the ones measured are the later ones. */
	cr_assert_null(gc_one(&first));
	atomic_store(&wal_syncs, 0);
	cr_assert_eq(pthread_create(&th[0], NULL, gc_one, &ids[0]), 0);
	usleep(100 * 1000);	/* unit 2 is syncing */
	cr_assert_eq(atomic_load(&wal_syncs), 1);
	for (int i = 1; i < 4; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, gc_one, &ids[i]), 0);
	for (int i = 0; i < 4; i++) {
		void *why;

		pthread_join(th[i], &why);
		cr_assert_null(why, "unit %d: %s", ids[i], (const char *)why);
	}
	cr_assert_eq(count("SELECT count(*) FROM units"), 6);
	cr_assert_eq(atomic_load(&wal_syncs), 2,
	    "units 3-5 were synced together, after unit 2 (%d syncs)",
	    atomic_load(&wal_syncs));
	close_over(&slow_vfs, saved, path);
}

/* Deferred durability (sqlite.c, commit_main): with deferral allowed, a
 * write's commit returns while its batch is still syncing (the slow VFS:
 * 300 ms a sync), says which batch, and the committer thread makes it
 * durable and reports it; without, the same call waits as before. */
static pthread_mutex_t durable_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t durable_cond = PTHREAD_COND_INITIALIZER;
static int durable_calls;

static void
count_durable(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&durable_mx);
	durable_calls++;
	pthread_cond_broadcast(&durable_cond);
	pthread_mutex_unlock(&durable_mx);
}

static void
insert_unit(int id)
{
	xf_error err;

	cr_assert_eq(xf_store_begin(st, &err), 0, "%s", err.message);
	cr_assert_eq(try_unit(id), SQLITE_OK);
}

Test(store, deferred_commit_answers_when_durable, .timeout = 30)
{
	xf_store *saved = st;
	char path[80];
	struct timespec until;
	uint64_t batch;
	xf_error err;
	int first = 100, calls;

	open_slow(path, sizeof(path), "defer");
	cr_assert_null(gc_one(&first));	/* the WAL's first sync */
	xf_store_on_durable(st, count_durable, NULL);

	/* Not allowed: the call waits for durability, as xf_store_commit. */
	insert_unit(2);
	cr_assert_eq(xf_store_commit_deferred(st, &err), 0, "%s", err.message);
	cr_assert_eq(xf_store_deferred(st), 0);
	cr_assert_eq(count("SELECT count(*) FROM units WHERE id = 2"), 1);

	/* Allowed: it returns with the batch still syncing. */
	xf_store_defer_allow(st, 1);
	insert_unit(3);
	pthread_mutex_lock(&durable_mx);
	calls = durable_calls;
	pthread_mutex_unlock(&durable_mx);
	cr_assert_eq(xf_store_commit_deferred(st, &err), 0, "%s", err.message);
	batch = xf_store_deferred(st);
	cr_assert_neq(batch, 0, "the write was deferred");
	cr_assert_eq(xf_store_deferred(st), 0, "taking the batch clears it");
	cr_assert_eq(xf_store_batch_state(st, batch), 0,
	    "pending while its sync (300 ms) runs");
	xf_store_defer_allow(st, 0);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&durable_mx);
	while (xf_store_batch_state(st, batch) == 0 &&
	    pthread_cond_timedwait(&durable_cond, &durable_mx, &until) == 0)
		;
	cr_assert_gt(durable_calls, calls, "the store reported durability");
	pthread_mutex_unlock(&durable_mx);
	cr_assert_eq(xf_store_batch_state(st, batch), 1, "durable, not failed");
	cr_assert_eq(count("SELECT count(*) FROM units WHERE id = 3"), 1);

	close_over(&slow_vfs, saved, path);
}

/* A deferred write whose batch failed to reach the disk (its WAL sync
 * fails) is reported failed, also once a later batch has failed too. */
static int
settled(uint64_t batch)
{
	int state = 0;

	for (int i = 0; i < 1000 && (state = xf_store_batch_state(st,
	    batch)) == 0; i++)
		usleep(10 * 1000);
	return state;
}

Test(store, deferred_commit_reports_each_failed_batch, .timeout = 30)
{
	xf_store *saved = st;
	char path[80];
	uint64_t b1, b2;
	xf_error err;
	int first = 100;

	open_slow(path, sizeof(path), "fail");
	cr_assert_null(gc_one(&first));	/* the WAL's first sync */
	xf_store_defer_allow(st, 1);
	atomic_store(&fail_syncs, 1);
	insert_unit(2);
	cr_assert_eq(xf_store_commit_deferred(st, &err), 0, "%s", err.message);
	b1 = xf_store_deferred(st);
	cr_assert_neq(b1, 0);
	cr_assert_eq(settled(b1), -1, "its sync failed");
	insert_unit(3);
	cr_assert_eq(xf_store_commit_deferred(st, &err), 0, "%s", err.message);
	b2 = xf_store_deferred(st);
	cr_assert_gt(b2, b1);
	cr_assert_eq(settled(b2), -1, "its sync failed");
	cr_assert_eq(xf_store_batch_state(st, b1), -1,
	    "the first failed batch is not taken for durable later");
	atomic_store(&fail_syncs, 0);
	xf_store_defer_allow(st, 0);
	close_over(&slow_vfs, saved, path);
}

/* A deferred write that ends with the disk idle is committed by its own
 * thread, and only its sync is left to the committer thread (sqlite.c,
 * end_part). So it is durable after its sync (300 ms here), even while the
 * next writer, queued behind it, holds the writer lock for 1.5 s: the
 * committer used to commit it, queued for the lock behind that writer. */
static atomic_int long_writer_slept;

static void *
long_writer(void *arg)
{
	xf_error err;

	(void)arg;
	if (xf_store_begin(st, &err) == -1)
		return "begin failed";
	usleep(1500 * 1000);
	atomic_store(&long_writer_slept, 1);
	if (try_unit(4) != SQLITE_OK) {
		xf_store_rollback(st);
		return "insert failed";
	}
	return (void *)commit_and_see("units", 4);
}

Test(store, deferred_commit_does_not_wait_for_the_next_writer, .timeout = 30)
{
	xf_store *saved = st;
	char path[80];
	pthread_t th;
	uint64_t batch;
	xf_error err;
	int first = 100;
	void *why;

	open_slow(path, sizeof(path), "handoff");
	cr_assert_null(gc_one(&first));	/* the WAL's first sync */
	xf_store_defer_allow(st, 1);
	insert_unit(3);		/* holding the writer lock */
	cr_assert_eq(pthread_create(&th, NULL, long_writer, NULL), 0);
	usleep(100 * 1000);	/* queued for it */
	cr_assert_eq(xf_store_commit_deferred(st, &err), 0, "%s", err.message);
	batch = xf_store_deferred(st);
	cr_assert_neq(batch, 0, "the write was deferred");
	xf_store_defer_allow(st, 0);
	cr_assert_eq(settled(batch), 1, "durable, not failed");
	cr_assert_eq(atomic_load(&long_writer_slept), 0,
	    "durable only once the next writer let the lock go");
	pthread_join(th, &why);
	cr_assert_null(why, "%s", (const char *)why);
	cr_assert_eq(count("SELECT count(*) FROM units WHERE id IN (3, 4)"),
	    2);
	close_over(&slow_vfs, saved, path);
}

/* Migration 9 computes the fingerprint of every case registered before
 * it (schema.c), and repeat detection finds those cases afterwards: a
 * database built to version 8 by hand, with cases but no case_fp, is
 * opened by the store (and taken through the later migrations). */
Test(store, migration_fingerprints_earlier_cases)
{
	const char *orig = "我是张湾县第二初级中学学生家长，学校以资料费名义每学期"
	    "收取每名学生三百元，没有收据，请求教育局查处并退还。";
	const char *resent = "我是张湾县第二初级中学学生家长，学校以资料费名义每学期"
	    "收取每名学生三百元，没有任何收据，请求教育局查处并退还！";
	char old[80], *msg = NULL, ins[1024];
	json_t *out = json_array();
	sqlite3 *db;
	xf_error err;

	snprintf(old, sizeof(old), "/tmp/xf-test-store-v8-%d.db", (int)getpid());
	unlink(old);
	cr_assert_eq(sqlite3_open(old, &db), SQLITE_OK);
	cr_assert_eq(xf_fts_register(db), 0);
	for (size_t v = 1; v <= 8; v++)
		cr_assert_eq(sqlite3_exec(db, xf_schema_migration(v), NULL,
		    NULL, &msg), SQLITE_OK, "%zu: %s", v, msg ? msg : "");
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version=8;"
	    "INSERT INTO units (id, code, name, level, kind, parent_id,"
	    " created_at) VALUES (1, 'U1', '省教育厅', 'province',"
	    " 'authority', NULL, 'x')", NULL, NULL, &msg), SQLITE_OK, "%s", msg);
	for (int id = 1; id <= 2; id++) {
		snprintf(ins, sizeof(ins), "INSERT INTO cases (id, number,"
		    " query_salt, query_hash, status, unit_id, first_unit_id,"
		    " channel, class, category, title, content, received_on,"
		    " registered_on, headcount, petitioners, flags, lc,"
		    " updated_at) VALUES (%d, 'N%d', x'00', x'00', 0, 1, 1, 0,"
		    " 2, '0102', 't', '%s', 20000, 20000, 1, '[]', 0, '{}',"
		    " 'x')", id, id, id == 1 ? orig : "学校食堂饭菜价格高");
		cr_assert_eq(sqlite3_exec(db, ins, NULL, NULL, &msg),
		    SQLITE_OK, "%s", msg);
	}
	sqlite3_close(db);
	xf_store_close(st);
	st = xf_store_open(old, &err);
	cr_assert_not_null(st, "%s", err.message);
	cr_assert_eq(count("PRAGMA user_version"), (int64_t)xf_schema_count());
	cr_assert_eq(count("SELECT count(*) FROM case_fp"), 2);
	/* Migration 10: an existing search index merges 8 segments at a
	 * time from then on (FTS5 keeps it in the index's config table). */
	cr_assert_eq(count("SELECT v FROM cases_fts_config"
	    " WHERE k = 'automerge'"), 8);
	cr_assert_eq(count("SELECT fp FROM case_fp WHERE id = 1"),
	    (int64_t)xf_text_fingerprint(orig).w[0]);
	cr_assert_eq(count("SELECT fp2 FROM case_fp WHERE id = 1"),
	    (int64_t)xf_text_fingerprint(orig).w[1]);
	cr_assert_eq(xf_store_case_similar(st, NULL, 0, resent, NULL, "0102",
	    out, 20, &err), 0, "%s", err.message);
	cr_assert_eq(json_array_size(out), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(out, 0),
	    "id")), 1);
	json_decref(out);
	xf_store_close(st);
	st = NULL;
	unlink(old);
	snprintf(ins, sizeof(ins), "%s-wal", old);
	unlink(ins);
	snprintf(ins, sizeof(ins), "%s-shm", old);
	unlink(ins);
}

/* The WAL is checkpointed in the background (sqlite.c, checkpoint) and
 * started over once it is past the store's limit (restart_wal), also while
 * other writes go on: 4 threads commit 12,000 cases of ~9 KB of text (with
 * their search index, ~130 MB written) in shared batches, with the limit
 * at 4,000 pages (16 MB); the WAL then holds a few times the limit, not
 * everything written. (The background pass used to copy the WAL's end
 * holding the writer lock; but a batch was usually open then, begun on the
 * uncopied WAL, and SQLite does not start the WAL over in the COMMIT of
 * such a transaction: on the bench it grew to 360 MB between restarts.)
 * 20 s here, more in the ASan build on a busy machine: hence the timeout. */
#define WAL_THREADS	4
#define WAL_CASES	12000

static void *
wal_writer(void *arg)
{
	int t = *(int *)arg;
	char text[900 * 3 + 1];
	xf_error err;

	for (int k = t; k < WAL_CASES; k += WAL_THREADS) {
		noise((unsigned)k + 7, 900, text);
		if (xf_store_begin(st, &err) == -1)
			return "begin failed";
		if (try_add_case(k + 1, "0301", "标题", text) != SQLITE_OK) {
			xf_store_rollback(st);
			return "insert failed";
		}
		if (xf_store_commit(st, &err) == -1)
			return "commit failed";
	}
	return NULL;
}

Test(store, wal_is_checkpointed_and_reused, .timeout = 300)
{
	pthread_t th[WAL_THREADS];
	int n[WAL_THREADS];
	char wal[80];
	struct stat sb;

	xf_store_set_wal_limit(st, 4000);
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	for (int t = 0; t < WAL_THREADS; t++) {
		n[t] = t;
		cr_assert_eq(pthread_create(&th[t], NULL, wal_writer, &n[t]),
		    0);
	}
	for (int t = 0; t < WAL_THREADS; t++) {
		void *why;

		pthread_join(th[t], &why);
		cr_assert_null(why, "thread %d: %s", t, (const char *)why);
	}
	cr_assert_eq(count("SELECT count(*) FROM cases"), WAL_CASES);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_lt(sb.st_size, 48 * 1024 * 1024,
	    "the WAL holds %lld bytes: it was not started over",
	    (long long)sb.st_size);
}

/* The lifecycle text is read without jansson when it is as lc_dump writes
 * it, and with jansson otherwise: both readings give the same case, for
 * the writer's own text and for texts it never writes (spaces, an escape,
 * a fraction, a member it does not know). */
Test(store, lifecycle_text_reads_alike_either_way)
{
	static const struct {
		const char *lc;
		int64_t from, approved;
		int next_seq, nco, npauses, close_reason;
		const char *profile;
	} cases[] = {
		{ "{\"from_unit_id\":12,\"approved_by\":9007199254740993,"
		  "\"next_seq\":4,\"close_reason\":3,\"profile\":\"henan-2017\","
		  "\"co\":[5,6],\"pauses\":[[20000,20010,2],[20020,-2147483648,3]]}",
		  12, 9007199254740993LL, 4, 2, 2, 3, "henan-2017" },
		{ " { \"next_seq\" : 7 , \"co\" : [ ] , \"old_field\" : -5 } ",
		  0, 0, 7, 0, 0, 0, "national-2022" },
		{ "{\"next_seq\":2,\"profile\":\"hen\\u0061n-2017\"}",
		  0, 0, 2, 0, 0, 0, "henan-2017" },
		{ "{\"next_seq\":2.0,\"from_unit_id\":3}", 3, 0, 0, 0, 0, 0,
		  "national-2022" },
		{ "{\"next_seq\":5,\"extra\":{\"a\":[1]},\"co\":[8]}", 0, 0, 5,
		  1, 0, 0, "national-2022" },
		{ "{\"next_seq\":99999999999999999999}", 0, 0, 1, 0, 0, 0,
		  "national-2022" },
	};
	xf_error err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xf_case c;
		json_t *info = NULL;
		char *q;

		cr_assert_eq(xf_store_begin(st, &err), 0);
		add_case((int)i + 1, "0301", "标题", "内容");
		q = sqlite3_mprintf("UPDATE cases SET lc = %Q WHERE id = %d",
		    cases[i].lc, (int)i + 1);
		sql("%s", q);
		sqlite3_free(q);
		cr_assert_eq(xf_store_commit(st, &err), 0);
		cr_assert_eq(xf_store_case_load(st, (int64_t)i + 1, &c, &info,
		    &err), 0);
		cr_assert_eq(c.from_unit_id, cases[i].from, "%zu", i);
		cr_assert_eq(c.approved_by, cases[i].approved, "%zu", i);
		cr_assert_eq(c.next_seq, cases[i].next_seq, "%zu: %d", i,
		    c.next_seq);
		cr_assert_eq(c.nco, cases[i].nco, "%zu", i);
		cr_assert_eq(c.npauses, cases[i].npauses, "%zu", i);
		cr_assert_eq((int)c.close_reason, cases[i].close_reason,
		    "%zu", i);
		cr_assert_str_eq(c.profile, cases[i].profile, "%zu", i);
		if (i == 0) {
			cr_assert_eq(c.co_unit_ids[1], 6);
			cr_assert_eq(c.pauses[1].span.paused, 20020);
			cr_assert_eq(c.pauses[1].span.resumed, XF_DATE_NONE);
			cr_assert_eq((int)c.pauses[1].kind, 3);
		}
		json_decref(info);
	}
}

/* ---- the shared mapping (vfsmap.c) -------------------------------------- */

/* A VFS under the store's counts the database file's reads made by the
 * thread that asks (a thread-local switch). */
static int (*count_real_read)(sqlite3_file *, void *, int, sqlite3_int64);
static _Thread_local int counting;
static atomic_int db_reads;

static int
count_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (counting)
		atomic_fetch_add(&db_reads, 1);
	return count_real_read(f, buf, n, off);
}

static void
count_patch(sqlite3_io_methods *io)
{
	count_real_read = io->xRead;
	io->xRead = count_read;
}

static test_vfs count_vfs = { .kinds = SQLITE_OPEN_MAIN_DB,
    .patch = count_patch };

/* What a reading connection of its own sees: the cases' content bytes,
 * and how many times it read the database file for them. */
typedef struct {
	int64_t bytes;
	int reads;
} scan_result;

static void *
scan_thread(void *arg)
{
	scan_result *r = arg;

	counting = 1;
	atomic_store(&db_reads, 0);
	r->bytes = count("SELECT sum(length(content)) FROM cases");
	r->reads = atomic_load(&db_reads);
	counting = 0;
	return NULL;
}

static scan_result
scan_elsewhere(void)
{
	scan_result r = { 0, 0 };
	pthread_t t;

	cr_assert_eq(pthread_create(&t, NULL, scan_thread, &r), 0);
	pthread_join(t, NULL);
	return r;
}

/* A reading connection keeps the pages it has read through another
 * connection's commit: SQLite drops its page cache then, and without the
 * shared mapping it read the whole table again from the file. The file
 * grows after it was mapped (the rows are written out by a checkpoint),
 * and what is read is right at every step. */
Test(store, readers_keep_pages_across_other_commits, .timeout = 60)
{
	xf_store *saved = st;
	char path[96], text[1200];
	scan_result a, b, c;
	int64_t want = 0;
	xf_error err;

	open_over(&count_vfs, "xf-count-reads", path, sizeof(path), "map");

	cr_assert_eq(xf_store_begin(st, &err), 0);
	for (int i = 1; i <= 1500; i++) {
		noise((unsigned)i, 300, text);
		add_case(i, "0301", "标题", text);
		want += (int64_t)strlen(text) / 3;	/* characters */
	}
	cr_assert_eq(xf_store_commit(st, &err), 0, "%s", err.message);
	sql("PRAGMA wal_checkpoint(TRUNCATE)");

	a = scan_elsewhere();
	cr_assert_eq(a.bytes, want);
	b = scan_elsewhere();
	cr_assert_eq(b.bytes, want);

	/* Another connection commits: the reader's cache is dropped. */
	cr_assert_eq(xf_store_begin(st, &err), 0);
	add_case(1501, "0301", "标题", "学校违规收取资料费");
	cr_assert_eq(xf_store_commit(st, &err), 0, "%s", err.message);
	c = scan_elsewhere();
	cr_assert_eq(c.bytes, want + 9);
	cr_assert_lt(c.reads, 20, "%d reads of the file after a commit "
	    "elsewhere (%d at first)", c.reads, a.reads);
	close_over(&count_vfs, saved, path);
}

/* ---- the WAL's writes gathered (vfsmap.c, wbuf) -------------------------- */

/* A VFS under the store's counts the calls that write WAL files, and the
 * bytes they write. */
static int (*walw_real_write)(sqlite3_file *, const void *, int,
    sqlite3_int64);
static atomic_int wal_writes;
static atomic_llong wal_bytes;

static int
walw_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	atomic_fetch_add(&wal_writes, 1);
	atomic_fetch_add(&wal_bytes, n);
	return walw_real_write(f, buf, n, off);
}

static void
walw_patch(sqlite3_io_methods *io)
{
	walw_real_write = io->xWrite;
	io->xWrite = walw_write;
}

static test_vfs walw_vfs = { .kinds = SQLITE_OPEN_WAL, .patch = walw_patch };

/* n commits of 8 cases of 300 characters each, from case *id on, each
 * read whole (*want characters in all) by another connection right after
 * it; the WAL frames they wrote and the write calls that wrote them are
 * added to *frames and *writes. */
static void
commits_read_whole(int n, int *id, int64_t *want, int64_t *frames,
    int64_t *writes)
{
	char text[1000];
	xf_error err;

	for (int c = 0; c < n; c++) {
		int w0 = atomic_load(&wal_writes);
		long long b0 = atomic_load(&wal_bytes);

		cr_assert_eq(xf_store_begin(st, &err), 0);
		for (int k = 0; k < 8; k++, (*id)++) {
			noise((unsigned)*id, 300, text);
			add_case(*id, "0301", "标题", text);
			*want += 300;
		}
		cr_assert_eq(xf_store_commit(st, &err), 0, "%s", err.message);
		*frames += (atomic_load(&wal_bytes) - b0) / (24 + 4096);
		*writes += atomic_load(&wal_writes) - w0;
		cr_assert_eq(scan_elsewhere().bytes, *want, "commit %d", c);
	}
}

/* The writer's frames reach the WAL file as a few large writes at each
 * COMMIT (SQLite writes each frame's header and page as two), and they are
 * in the file before the commit is visible: another connection reads
 * every commit whole right after it. A commit of ~3 MB, more than the
 * 1 MB gathered at a time, is read whole too, and the file is sound; and
 * so is every commit with durability relaxed (nothing gathered then). */
Test(store, wal_writes_gathered_and_visible_at_commit, .timeout = 60)
{
	xf_store *saved = st;
	char path[96], text[3000];
	int64_t want = 0, frames = 0, writes = 0;
	int id = 1;
	xf_error err;

	open_over(&walw_vfs, "xf-count-wal-writes", path, sizeof(path),
	    "walw");

	commits_read_whole(40, &id, &want, &frames, &writes);
	cr_assert_gt(frames, 40 * 8, "%lld frames", (long long)frames);
	cr_assert_lt(writes * 4, frames, "%lld write calls for %lld frames",
	    (long long)writes, (long long)frames);

	cr_assert_eq(xf_store_begin(st, &err), 0);
	for (int k = 0; k < 1000; k++, id++) {
		noise((unsigned)id, 900, text);
		add_case(id, "0301", "标题", text);
		want += 900;
	}
	cr_assert_eq(xf_store_commit(st, &err), 0, "%s", err.message);
	cr_assert_eq(scan_elsewhere().bytes, want);
	cr_assert_eq(count("SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check = 'ok'"), 1);

	/* Relaxed (serve --relaxed-sync): COMMIT makes no sync at NORMAL,
	 * so nothing may be gathered. */
	xf_store_set_durable(st, 0);
	frames = writes = 0;
	commits_read_whole(10, &id, &want, &frames, &writes);
	/* Frame by frame, as SQLite writes them: a reader may look between
	 * COMMIT's publishing the frames and anything written out after. */
	cr_assert_geq(writes, 2 * frames, "%lld write calls for %lld frames",
	    (long long)writes, (long long)frames);
	xf_store_set_durable(st, 1);
	close_over(&walw_vfs, saved, path);
}

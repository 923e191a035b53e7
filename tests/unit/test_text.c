#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "core/text.h"
#include "core/validate.h"
#include "store/fts_bigram.h"

/* ---- the tokenizer ---- */

struct toks {
	char	s[64][XF_TEXT_TOKEN_MAX];
	size_t	start[64], end[64];
	int	kind[64];
	int	n;
};

static int
grab(void *ctx, const char *tok, size_t len, size_t start, size_t end, int kind)
{
	struct toks *t = ctx;

	cr_assert_eq(strlen(tok), len);
	if (t->n == 64)
		return 0;
	strcpy(t->s[t->n], tok);
	t->start[t->n] = start;
	t->end[t->n] = end;
	t->kind[t->n] = kind;
	t->n++;
	return 0;
}

static struct toks
tokens(const char *s, int flags)
{
	struct toks t;

	memset(&t, 0, sizeof(t));
	cr_assert_eq(xf_text_bigrams(s, strlen(s), flags, grab, &t), 0);
	return t;
}

Test(tokens, cjk_run_becomes_bigrams_plus_colocated_last_char)
{
	struct toks t = tokens("校外培训", 0);

	cr_assert_eq(t.n, 4);
	cr_assert_str_eq(t.s[0], "校外");
	cr_assert_str_eq(t.s[1], "外培");
	cr_assert_str_eq(t.s[2], "培训");
	cr_assert_str_eq(t.s[3], "训");
	cr_assert_eq(t.kind[2], XF_TOK_BIGRAM);
	cr_assert_eq(t.kind[3], XF_TOK_COLOCATED);
	cr_assert(t.start[1] == 3 && t.end[1] == 9, "byte offsets of 外培");
	cr_assert(t.start[3] == 9 && t.end[3] == 12);

	t = tokens("校外培训", XF_TEXT_QUERY);
	cr_assert_eq(t.n, 3, "a query is bigrams only");
	cr_assert_str_eq(t.s[2], "培训");
}

Test(tokens, single_characters_and_words)
{
	struct toks t = tokens("ABC学籍，Ｘ１ 费。a", 0);

	/* abc | 学籍 籍 | x1 | 费 | a */
	cr_assert_eq(t.n, 6);
	cr_assert_str_eq(t.s[0], "abc");
	cr_assert_eq(t.kind[0], XF_TOK_WORD);
	cr_assert(t.start[0] == 0 && t.end[0] == 3);
	cr_assert_str_eq(t.s[1], "学籍");
	cr_assert_str_eq(t.s[2], "籍");
	cr_assert_eq(t.kind[2], XF_TOK_COLOCATED);
	cr_assert_str_eq(t.s[3], "x1", "full-width folded and lower-cased");
	cr_assert_eq(t.end[3] - t.start[3], 6, "offsets are of the input bytes");
	cr_assert_str_eq(t.s[4], "费");
	cr_assert_eq(t.kind[4], XF_TOK_UNIGRAM, "a run of one is a plain token");
	cr_assert_str_eq(t.s[5], "a");

	t = tokens("费", XF_TEXT_QUERY);
	cr_assert_eq(t.n, 1);
	cr_assert_eq(t.kind[0], XF_TOK_UNIGRAM);
}

Test(tokens, long_words_invalid_bytes_and_stop)
{
	char buf[300];
	struct toks t;

	memset(buf, 'A', 200);
	buf[200] = '\0';
	t = tokens(buf, 0);
	cr_assert_eq(t.n, 1);
	cr_assert_lt(strlen(t.s[0]), XF_TEXT_TOKEN_MAX);
	cr_assert_eq(t.s[0][0], 'a');
	cr_assert_eq(t.end[0], 200, "the offsets still cover the whole word");

	t = tokens("学\xFF籍\xE5", 0);
	cr_assert_eq(t.n, 2, "invalid bytes separate: 学 | 籍");
	cr_assert_str_eq(t.s[0], "学");
	cr_assert_str_eq(t.s[1], "籍");
}

static int
stop_at_second(void *ctx, const char *tok, size_t len, size_t s, size_t e, int k)
{
	int *n = ctx;

	(void)tok, (void)len, (void)s, (void)e, (void)k;
	return ++*n == 2 ? 42 : 0;
}

Test(tokens, callback_can_stop)
{
	int n = 0;

	cr_assert_eq(xf_text_bigrams("学籍管理", 12, 0, stop_at_second, &n), 42);
	cr_assert_eq(n, 2);
}

/* ---- the query builder ---- */

static const char *
q(const char *in)
{
	static char out[1024];

	cr_assert_geq(xf_fts_query(in, out, sizeof(out)), 0, "query %s", in);
	return out;
}

Test(query, shapes)
{
	char small[8];

	cr_assert_str_eq(q("学籍"), "\"学籍\"");
	cr_assert_str_eq(q("  校外培训，收费  "), "\"校外培训\" AND \"收费\"");
	cr_assert_str_eq(q("费"), "\"费\"*");
	cr_assert_str_eq(q("ABC小学"), "\"ABC小学\"");
	cr_assert_str_eq(q("4101"), "\"4101\"*");
	cr_assert_str_eq(q("a 学籍"), "\"学籍\"", "one ASCII letter is dropped");
	cr_assert_str_eq(q("ｉ 学籍"), "\"学籍\"", "and a full-width one");
	cr_assert_str_eq(q("学籍\" OR \"收费"), "\"学籍\" AND \"OR\"* AND \"收费\"");
	cr_assert_str_eq(q("title:学籍*"), "\"title\"* AND \"学籍\"");
	cr_assert_eq(xf_fts_query("", small, sizeof(small)), 0);
	cr_assert_str_eq(small, "");
	cr_assert_eq(xf_fts_query("\"()*:^- ，。", small, sizeof(small)), 0);
	cr_assert_eq(xf_fts_query(NULL, small, sizeof(small)), 0);
	cr_assert_eq(xf_fts_query("校外培训", small, sizeof(small)), -1, "out too small");
	cr_assert_str_eq(small, "");
}

Test(query, limits)
{
	char in[XF_FTS_QUERY_IN_MAX + 2], out[4096];

	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	cr_assert_eq(xf_fts_query(in, out, sizeof(out)), -1, "input too long");
	strcpy(in, "");
	for (int i = 0; i < XF_FTS_QUERY_TERMS_MAX; i++)
		strcat(in, "学籍 ");
	cr_assert_eq(xf_fts_query(in, out, sizeof(out)), XF_FTS_QUERY_TERMS_MAX);
	strcat(in, "收费");
	cr_assert_eq(xf_fts_query(in, out, sizeof(out)), -1, "too many terms");
}

/* ---- against a real SQLite FTS5 table ---- */

static const char *rows[][2] = {
	{ "关于城关镇第二初级中学违规收费的反映",
	  "学校以购买教辅资料为名向每名学生收取480元，未开具收据。" },
	{ "校外培训机构退费难",
	  "XYZ教育培训学校（郑州）拒不退还预收的学费12000元，家长多次索要无果。" },
	{ "教师职称评聘不公",
	  "我是ABC小学的教师，2023年职称评审中学校未公开评分细则。" },
	{ "学籍转入问题",
	  "孩子随迁到郑州市中原区，学校以学籍无法转入为由拒收。" },
	{ "食堂饭菜质量差",
	  "学生反映食堂菜价高、分量少；Ｗｉｆｉ也不好用。" },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static sqlite3 *db;

static void
open_db(void)
{
	sqlite3_stmt *st;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(xf_fts_register(db), 0);
	cr_assert_eq(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING "
	    "fts5(title, content, tokenize='xfbigram')", NULL, NULL, NULL), SQLITE_OK,
	    "%s", sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, content) "
	    "VALUES (?, ?, ?)", -1, &st, NULL), SQLITE_OK);
	for (size_t i = 0; i < NROWS; i++) {
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_text(st, 2, rows[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rows[i][1], -1, SQLITE_STATIC);
		cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void
close_db(void)
{
	sqlite3_close(db);
}

/* Runs the user's query through xf_fts_query and MATCH; returns a bitmask of
 * matching rows (bit i = rows[i]), or -1 on an SQLite error. */
static int
search(const char *user)
{
	char expr[2048];
	sqlite3_stmt *st;
	int mask = 0, rc;

	if (xf_fts_query(user, expr, sizeof(expr)) <= 0)
		return 0;
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		mask |= 1 << (sqlite3_column_int(st, 0) - 1);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? mask : -1;
}

TestSuite(fts, .init = open_db, .fini = close_db);

Test(fts, short_and_long_chinese_terms)
{
	cr_assert_eq(search("学籍"), 1 << 3, "2 characters, below the trigram limit");
	cr_assert_eq(search("收费"), 1 << 0);
	cr_assert_eq(search("职称"), 1 << 2);
	cr_assert_eq(search("郑州"), (1 << 1) | (1 << 3));
	cr_assert_eq(search("教辅资"), 1 << 0, "3 characters");
	cr_assert_eq(search("校外培训"), 1 << 1, "4 characters");
	cr_assert_eq(search("城关镇第二初级中学"), 1 << 0);
	cr_assert_eq(search("外培训机"), 1 << 1);
	cr_assert_eq(search("培训机关"), 0, "the phrase must be contiguous");
	cr_assert_eq(search("学籍收费"), 0);
	cr_assert_eq(search("中学收费"), 0, "中学违规收费 does not contain 中学收费");
}

Test(fts, one_character_queries)
{
	cr_assert_eq(search("费"), (1 << 0) | (1 << 1), "收费 ends a run, 退费/学费 inside one");
	cr_assert_eq(search("取"), 1 << 0, "收取 is followed by digits");
	cr_assert_eq(search("元"), (1 << 0) | (1 << 1), "480元 after digits");
	cr_assert_eq(search("籍"), 1 << 3);
	cr_assert_eq(search("鑫"), 0);
}

Test(fts, ascii_and_mixed)
{
	cr_assert_eq(search("abc"), 1 << 2, "case-folded");
	cr_assert_eq(search("ABC小学"), 1 << 2);
	cr_assert_eq(search("小学abc"), 0);
	cr_assert_eq(search("wifi"), 1 << 4, "full-width letters in the row");
	cr_assert_eq(search("ＷＩＦＩ"), 1 << 4, "full-width letters in the query");
	cr_assert_eq(search("12000"), 1 << 1);
	cr_assert_eq(search("120"), 1 << 1, "a trailing word is a prefix");
	cr_assert_eq(search("2023年职称"), 1 << 2);
	cr_assert_eq(search("xyz教育"), 1 << 1);
}

Test(fts, punctuation_and_several_terms)
{
	cr_assert_eq(search("学籍，转入"), 1 << 3);
	cr_assert_eq(search("  学籍   郑州 "), 1 << 3);
	cr_assert_eq(search("食堂。菜价"), 1 << 4);
	cr_assert_eq(search("学籍 收费"), 0, "terms are ANDed");
	cr_assert_eq(search("（郑州）"), (1 << 1) | (1 << 3));
}

Test(fts, user_syntax_is_never_fts_syntax)
{
	static const char *hostile[] = {
		"学籍\" OR \"收费", "学籍 OR 收费", "NEAR(学籍 收费)", "title:学籍",
		"*", "\"", "^学籍", "-学籍", "学籍 NOT 收费", "(", ")", "学籍*",
		"{title content}:收费", "学籍 + 收费", "\"\"\"", "AND", "OR OR",
		"收费\" OR rowid:1 OR \"", "\x01学籍", "学籍\xC0\xAF",
	};

	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		cr_assert_neq(search(hostile[i]), -1, "SQLite error for %s", hostile[i]);
	cr_assert_eq(search("学籍\" OR \"收费") & 1, 0, "OR was not an operator");
	cr_assert_eq(search("学籍 NOT 收费") & (1 << 3), 0, "NOT was not an operator");
}

/* Every substring of every row, cut anywhere except inside an ASCII word
 * at its start (words are matched whole or by prefix), must find its row. */
Test(fts, no_false_negatives)
{
	size_t checked = 0;

	for (size_t r = 0; r < NROWS; r++) {
		for (int col = 0; col < 2; col++) {
			const unsigned char *s = (const unsigned char *)rows[r][col];
			size_t n = strlen(rows[r][col]), i, j, k, len;
			unsigned int cp, before = ' ';

			for (i = 0; i < n; i += k, before = cp) {
				k = xf_utf8_decode(s + i, n - i, &cp);
				cr_assert_gt(k, 0);
				if (cp >= 0xFF01 && cp <= 0xFF5E)
					cp -= 0xFEE0;	/* full-width letters are word characters */
				if (cp < 0x80 && isalnum((int)cp) && before < 0x80 && isalnum((int)before))
					continue;
				/* Substrings of 1 to 8 characters starting at i. */
				for (j = i, len = 0; j < n && len < 8; len++) {
					char sub[64];
					unsigned int c2;

					j += xf_utf8_decode(s + j, n - j, &c2);
					memcpy(sub, s + i, j - i);
					sub[j - i] = '\0';
					int m = search(sub);

					cr_assert_neq(m, -1);
					if (m == 0) {
						char expr[256];
						/* Allowed only when nothing searchable is left. */
						cr_assert_eq(xf_fts_query(sub, expr, sizeof(expr)), 0,
						    "row %zu not found by \"%s\" (%s)", r + 1, sub, expr);
						continue;
					}
					cr_assert(m & (1 << r), "row %zu not found by \"%s\"", r + 1, sub);
					checked++;
				}
			}
		}
	}
	cr_log_info("no false negatives over %zu substrings", checked);
	cr_assert_gt(checked, 500);
}

/* Random strings of FTS5 metacharacters, CJK and ASCII never reach FTS5 as
 * syntax: every query either parses or is refused before SQLite. */
Test(fts, random_hostile_queries_parse)
{
	static const char *atoms[] = {
		"\"", "(", ")", "*", ":", "^", "-", "+", "{", "}", " ", "AND", "OR",
		"NOT", "NEAR", "学", "籍", "收费", "a", "Z9", "，", "\t", "'", ";",
	};
	unsigned int seed = 12345;
	char in[128];

	for (int i = 0; i < 3000; i++) {
		in[0] = '\0';
		for (int k = 0; k < 10; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(in, atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))]);
		}
		cr_assert_neq(search(in), -1, "SQLite rejected the expression for [%s]", in);
	}
}

/* ---- near-duplicates ---- */

static const char *LETTER =
    "尊敬的县教育局领导：\n"
    "    我是城关镇第二初级中学八年级三班学生家长。今年秋季开学以来，学校以购买"
    "教辅资料和假期补课为名，向每名学生收取费用共计四百八十元，没有出具任何正规"
    "收据，也没有征得家长同意。班主任在家长群里要求当天必须交齐，否则孩子不能参加"
    "月考。我们是农村家庭，收入不高，这笔钱负担很重。据了解，国家明令禁止学校违规"
    "收费和强制征订教辅资料。恳请教育局调查核实此事，责令学校退还违规收取的费用，"
    "并对相关责任人严肃处理。\n此致\n敬礼！\n联系电话：13800138000";

/* The same letter sent again a month later: re-typed with other spacing and
 * punctuation (half-width commas, no line breaks), a few words changed and
 * one sentence added. */
static const char *RESENT =
    "尊敬的县教育局领导同志: 我是城关镇第二初级中学八年级三班学生家长. 今年九月"
    "开学以来, 学校以购买教辅资料和假期补课为名, 向每名学生收取费用共计四百八十元, "
    "没有出具任何正规收据, 也没有征得家长同意. 班主任在家长群里要求当天必须交齐, "
    "否则孩子不能参加月考. 我们是农村家庭, 收入不高, 这笔钱负担很重. 据了解, 国家"
    "明令禁止学校违规收费和强制征订教辅资料. 请求教育局调查核实此事, 责令学校退还"
    "违规收取的费用, 并对相关责任人严肃处理. 此致敬礼! 联系电话: 138 0013 8000";

/* A different complaint about the same school, in the same register. */
static const char *OTHER =
    "尊敬的县教育局领导：我是城关镇第二初级中学一名学生的家长。该校食堂饭菜质量差、"
    "价格高，学生多次反映吃不饱，食堂承包人是校长的亲戚，存在利益输送问题。另外学校"
    "宿舍楼年久失修，冬天门窗漏风，存在安全隐患。恳请教育局调查核实，督促学校整改，"
    "保障学生的身体健康和安全。联系电话：13900139000";

Test(similar, resent_letter_is_near_identical)
{
	double s = xf_text_similarity(LETTER, RESENT);
	xf_text_fp a = xf_text_fingerprint(LETTER), b = xf_text_fingerprint(RESENT);

	cr_log_info("re-sent letter: similarity %.3f, fingerprint distance %d of 128", s,
	    xf_text_fp_bits(a, b));
	cr_assert_geq(s, XF_TEXT_SIM_SAME);
	cr_assert(xf_text_fp_near(a, b));
}

Test(similar, other_complaint_same_school_is_not)
{
	double s = xf_text_similarity(LETTER, OTHER);
	xf_text_fp a = xf_text_fingerprint(LETTER), b = xf_text_fingerprint(OTHER);

	cr_log_info("other complaint, same school: similarity %.3f, fingerprint distance %d of 128",
	    s, xf_text_fp_bits(a, b));
	cr_assert_lt(s, XF_TEXT_SIM_RELATED);
	cr_assert(!xf_text_fp_near(a, b));
}

/* The fingerprint's distance estimates the Jaccard (text.h): letters of
 * 300 characters re-sent with k characters replaced (k from 4 to 140, so
 * similarity from ~0.95 down to ~0.2), 3,000 pairs. Near-identical pairs
 * must be found; pairs far below XF_TEXT_SIM_RELATED must not crowd the
 * candidates. */
static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
put_cjk(char *p, unsigned int cp)
{
	p[0] = (char)(0xE0 | (cp >> 12));
	p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	p[2] = (char)(0x80 | (cp & 0x3F));
}

Test(similar, fingerprint_distance_follows_jaccard)
{
	enum { CHARS = 300, PAIRS = 3000 };
	char a[CHARS * 3 + 1], b[CHARS * 3 + 1];
	uint64_t x = 0x2545F4914F6CDD1DULL;
	int same = 0, same_near = 0, far = 0, far_near = 0, mid = 0, mid_near = 0;

	for (int t = 0; t < PAIRS; t++) {
		int k = 4 + (int)(rnd(&x) % 137);

		for (int i = 0; i < CHARS; i++)
			put_cjk(a + 3 * i, 0x4E00 + (unsigned)(rnd(&x) % 3000));
		a[CHARS * 3] = '\0';
		memcpy(b, a, sizeof(a));
		for (int i = 0; i < k; i++)
			put_cjk(b + 3 * (rnd(&x) % CHARS),
			    0x4E00 + (unsigned)(rnd(&x) % 3000));
		double j = xf_text_similarity(a, b);
		int d = xf_text_fp_near(xf_text_fingerprint(a),
		    xf_text_fingerprint(b));

		if (j >= XF_TEXT_SIM_SAME) {
			same++;
			same_near += d;
		} else if (j >= 0.55 && j < 0.65) {
			mid++;
			mid_near += d;
		} else if (j < 0.35) {
			far++;
			far_near += d;
		}
	}
	cr_log_info("near: %d of %d at >= 0.80, %d of %d at 0.55-0.65,"
	    " %d of %d under 0.35", same_near, same, mid_near, mid, far_near,
	    far);
	cr_assert_gt(same, 300);
	cr_assert_gt(far, 300);
	cr_assert_geq(same_near * 100, same * 98, "recall at >= 0.80: %d of %d",
	    same_near, same);
	cr_assert_leq(far_near * 100, far * 1, "under 0.35: %d of %d near",
	    far_near, far);
}

Test(similar, normalisation_and_edges)
{
	cr_assert_float_eq(xf_text_similarity(LETTER, LETTER), 1.0, 1e-12);
	cr_assert_float_eq(xf_text_similarity("学校乱收费，请查处！", "学校 乱收费。请查处"), 1.0, 1e-12,
	    "punctuation and whitespace do not count");
	cr_assert_float_eq(xf_text_similarity("ABC小学收费", "ａｂｃ小学收费"), 1.0, 1e-12,
	    "full-width and case folded");
	cr_assert_float_eq(xf_text_similarity("", ""), 0.0, 1e-12);
	cr_assert_float_eq(xf_text_similarity("，。！", "学校"), 0.0, 1e-12);
	cr_assert_float_eq(xf_text_similarity(NULL, "学校"), 0.0, 1e-12);
	cr_assert_float_eq(xf_text_similarity("学", "学"), 1.0, 1e-12);
	cr_assert_float_eq(xf_text_similarity("学", "校"), 0.0, 1e-12);
	/* 学校收费 {学校 校收 收费} vs 学校退费 {学校 校退 退费}: 1 of 5. */
	cr_assert_float_eq(xf_text_similarity("学校收费", "学校退费"), 0.2, 1e-12);
	cr_assert_eq(xf_text_similarity(LETTER, RESENT), xf_text_similarity(RESENT, LETTER));
	cr_assert_eq(xf_text_fp_bits(xf_text_fingerprint("学校乱收费"),
	    xf_text_fingerprint("学校，乱收费！")), 0);
}

/* Repeat detection compares a prepared set (hashed once) with each
 * candidate's text; it must give exactly the value of the plain
 * comparison (sorted sets) on every kind of text: random mixes of a small
 * CJK alphabet (so texts share bigrams), ASCII and full-width letters,
 * separators, one-character and empty texts, in both directions. */
Test(similar, prepared_set_equals_plain_on_random_texts)
{
	static const char *const parts[] = { "学", "校", "收", "费", "退",
		"籍", "班", "主", "任", "A", "b", "ｃ", "Ｄ", "7", "，", " ", "。",
		"\n", "！", "〇" };
	char a[400], b[400];
	unsigned x = 12345;

	for (int round = 0; round < 3000; round++) {
		char *t[2] = { a, b };

		for (int w = 0; w < 2; w++) {
			int n;

			x = x * 1103515245u + 12345u;
			n = (int)((x >> 16) % (round % 10 == 0 ? 3 : 90));
			t[w][0] = '\0';
			for (int k = 0; k < n; k++) {
				x = x * 1103515245u + 12345u;
				strcat(t[w], parts[(x >> 16) %
				    (sizeof(parts) / sizeof(parts[0]))]);
			}
		}
		for (int w = 0; w < 2; w++) {
			xf_text_set *s = xf_text_set_new(t[w]);

			cr_assert_eq(xf_text_set_similarity(s, t[1 - w]),
			    xf_text_similarity(t[w], t[1 - w]), "“%s” vs “%s”",
			    t[w], t[1 - w]);
			cr_assert_eq(xf_text_set_similarity(s, t[w]),
			    xf_text_similarity(t[w], t[w]));
			xf_text_set_free(s);
		}
	}
}

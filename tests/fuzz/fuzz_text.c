/* libFuzzer harness over the input parsers of core/validate.c, the search
 * tokenizer of core/text.c and the FTS5 query builder: every byte string a
 * user can type must be classified without a crash, every query the
 * builder emits must parse in FTS5, and xf_fts_match must answer as FTS5
 * does for the same text and query.
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_text.c src/core/text.c src/core/validate.c \
 *     src/core/codes.c src/core/date.c src/core/error.c \
 *     src/store/fts_bigram.c -ljansson -lsqlite3 -o build-fuzz/fuzz_text
 *   build-fuzz/fuzz_text -max_total_time=60 tests/fuzz/corpus/text
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/text.h"
#include "core/validate.h"
#include "store/fts_bigram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *search, *put, *hits;

static void
setup(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    xf_fts_register(db) != 0 ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, content,"
	    " tokenize='xfbigram'); INSERT INTO t VALUES('学籍转入问题',"
	    " '学校违规收费 ABC 4101 ｗｉｆｉ')", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1,
	    &search, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE d USING fts5(title, content,"
	    " tokenize='xfbigram')", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, content)"
	    " VALUES (1, ?, ?)", -1, &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM d WHERE d MATCH ?", -1,
	    &hits, NULL) != SQLITE_OK)
		abort();
}

struct check {
	size_t	n;
	int	count;
};

static int
token(void *ctx, const char *tok, size_t len, size_t start, size_t end,
    int kind)
{
	struct check *c = ctx;

	if (strlen(tok) != len || len == 0 || len >= XF_TEXT_TOKEN_MAX ||
	    start >= end || end > c->n)
		abort();
	if (kind == XF_TOK_COLOCATED && c->count == 0)
		abort();	/* FTS5 forbids colocating the first token */
	if (xf_validate_utf8_text("t", tok, len, 0, NULL) != 0)
		abort();	/* tokens are clean UTF-8 */
	c->count++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[4 * XF_FTS_QUERY_IN_MAX + 16], small[16], norm[32];
	struct check c;
	int n, quotes, rc;
	double sim;
	size_t half, i;

	if (db == NULL)
		setup();
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	(void)xf_validate_id_number("id", s, 20000, norm, NULL);
	if (xf_validate_id_number("id", s, 20000, norm, NULL) == 0 &&
	    (xf_validate_id_birth(norm) == XF_DATE_NONE || xf_validate_id_sex(norm) < 0))
		abort();
	if (xf_validate_phone("phone", s, norm, sizeof(norm), NULL) == 0 &&
	    xf_validate_phone("phone", norm, NULL, 0, NULL) != 0)
		abort();	/* the normal form is itself valid */
	(void)xf_validate_utf8_text("content", s, 100, 1, NULL);
	(void)xf_validate_name("name", s, NULL);

	for (int mode = 0; mode <= XF_TEXT_QUERY; mode++) {
		c.n = size;
		c.count = 0;
		(void)xf_text_bigrams((const char *)data, size, mode, token, &c);
	}

	n = xf_fts_query(s, out, sizeof(out));
	(void)xf_fts_query(s, small, sizeof(small));
	if (n > 0) {
		for (i = 0, quotes = 0; out[i]; i++)
			quotes += out[i] == '"';
		if (quotes % 2 != 0)
			abort();
		sqlite3_bind_text(search, 1, out, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(search)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE)
			abort();	/* the builder emitted FTS5 syntax */
		sqlite3_reset(search);
	} else if (out[0] != '\0') {
		abort();
	}

	/* Differential: the input's first half as a title and all of it as
	 * content, searched for with a query made of its second half, must
	 * be found by xf_fts_match exactly when FTS5 finds it (the search of
	 * cases not yet indexed relies on it). */
	half = size / 2;
	if (xf_fts_query(s + half, out, sizeof(out)) > 0) {
		const char *cols[2] = { (const char *)data, (const char *)data };
		size_t lens[2] = { half, size };
		int fts = -1, scan;

		if (sqlite3_exec(db, "DELETE FROM d", NULL, NULL, NULL) !=
		    SQLITE_OK)
			abort();
		sqlite3_bind_text(put, 1, (const char *)data, (int)half,
		    SQLITE_STATIC);
		sqlite3_bind_text(put, 2, (const char *)data, (int)size,
		    SQLITE_STATIC);
		if (sqlite3_step(put) != SQLITE_DONE)
			abort();
		sqlite3_reset(put);
		sqlite3_bind_text(hits, 1, out, -1, SQLITE_STATIC);
		if (sqlite3_step(hits) == SQLITE_ROW)
			fts = sqlite3_column_int(hits, 0);
		sqlite3_reset(hits);
		scan = xf_fts_match(out, cols, lens, 2);
		if (fts != scan)
			abort();
	}

	s[half] = '\0';
	sim = xf_text_similarity(s, s + half + (size > 0));
	if (!(sim >= 0.0 && sim <= 1.0) ||
	    sim != xf_text_similarity(s + half + (size > 0), s))
		abort();
	(void)xf_text_fingerprint(s);
	free(s);
	return 0;
}

/* The "xfbigram" FTS5 tokenizer (see core/text.h for the token design) and
 * the builder of safe MATCH expressions for it. */
#ifndef XF_FTS_BIGRAM_H
#define XF_FTS_BIGRAM_H

#include <stddef.h>

#include <sqlite3.h>

/* Registers tokenizer "xfbigram" on db, so that
 *   CREATE VIRTUAL TABLE t USING fts5(title, content, tokenize='xfbigram')
 * works. Call once per connection. 0, or -1 if FTS5 is missing. */
int	xf_fts_register(sqlite3 *db);

#define XF_FTS_QUERY_IN_MAX	512	/* bytes of user input accepted */
#define XF_FTS_QUERY_TERMS_MAX	16

/* Turns what a user typed into the search box into an FTS5 MATCH
 * expression: the input is split into terms at whitespace and punctuation,
 * each term becomes one quoted phrase (so FTS5 operators, column filters and
 * quotes typed by the user are plain text), and the terms are ANDed. A term
 * ending in a word or a lone CJK character gets a trailing * (prefix), which
 * is what makes 1-character queries and partial numbers work. A term of a
 * single ASCII letter or digit is dropped as too short to mean anything.
 *
 *   学籍            → "学籍"
 *   校外培训 收费    → "校外培训" AND "收费"
 *   费              → "费"*
 *   NEAR(学籍 b) OR "x → "near"* AND "学籍" AND "or"*
 *
 * Returns the number of terms written (> 0); 0 if nothing searchable was
 * left (out is ""; the caller shows no results or all); -1 if the input is
 * longer than XF_FTS_QUERY_IN_MAX or has more than XF_FTS_QUERY_TERMS_MAX
 * terms, or out is too small (out is ""). outsz of 4 × the input + 16 bytes
 * always suffices. */
int	xf_fts_query(const char *user_query, char *out, size_t outsz);

/* Evaluates a MATCH expression made by xf_fts_query against columns of
 * text directly, with the answer FTS5 would give for a row of an xfbigram
 * table holding them: every phrase (its tokens at consecutive positions,
 * the last one as a prefix where marked *) in some one column. It serves
 * the newest cases, which enter the index in batches (store/sqlite.c) and
 * are searched by scanning until then. cols[i] may be NULL (empty).
 * Returns 1 (match), 0 (no match), -1 (expr not of xf_fts_query's form, or
 * out of memory). */
#define XF_FTS_MATCH_COLS	4
int	xf_fts_match(const char *expr, const char *const *cols,
	    const size_t *lens, int ncols);

/* Registers the SQL function xf_fts_match(expr, col1, col2, …) → 0 or 1,
 * the same test. Call once per connection. 0, or -1. */
int	xf_fts_match_register(sqlite3 *db);

#endif

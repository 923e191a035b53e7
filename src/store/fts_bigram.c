#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/fts_bigram.h"

/* ---- the tokenizer ---- */

/* FTS5 wants an object per "CREATE VIRTUAL TABLE … tokenize=" instance;
 * ours has no options and no state, so every instance is this one byte. */
static char the_tokenizer;

struct tok_ctx {
	void	*pctx;
	int	(*xtoken)(void *, int, const char *, int, int, int);
};

static int
emit(void *ctx, const char *tok, size_t len, size_t start, size_t end,
    int kind)
{
	struct tok_ctx *t = ctx;

	return t->xtoken(t->pctx, kind == XF_TOK_COLOCATED ?
	    FTS5_TOKEN_COLOCATED : 0, tok, (int)len, (int)start, (int)end);
}

static int
tok_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)unused;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;	/* xfbigram takes no options */
	*out = (Fts5Tokenizer *)&the_tokenizer;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
tok_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text,
    int ntext, int (*xtoken)(void *, int, const char *, int, int, int))
{
	struct tok_ctx c = { pctx, xtoken };

	(void)t;
	if (ntext <= 0)
		return SQLITE_OK;
	/* Queries are made of bigrams alone; colocated unigrams exist only
	 * in the index (see core/text.h). */
	return xf_text_bigrams(text, (size_t)ntext,
	    (flags & FTS5_TOKENIZE_QUERY) ? XF_TEXT_QUERY : 0, emit, &c);
}

int
xf_fts_register(sqlite3 *db)
{
	static fts5_tokenizer tk = { tok_create, tok_delete, tok_tokenize };
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (sqlite3_step(st) != SQLITE_ROW || api == NULL || api->iVersion < 2)
		goto done;
	if (api->xCreateTokenizer(api, "xfbigram", NULL, &tk, NULL) != SQLITE_OK)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(st);
	return rc;
}

/* ---- the query builder ---- */

struct term {
	size_t	start, end;	/* bytes of the input */
	int	last_kind;	/* kind of its last token */
	size_t	last_len;	/* bytes of its last token, normalised */
	int	ntok;
};

struct qctx {
	struct term	terms[XF_FTS_QUERY_TERMS_MAX + 1];
	size_t		nterms;
	int		overflow;
};

/* Tokens of one term touch or overlap (bigrams overlap by a character, a
 * word and the CJK run after it touch); a separator leaves a gap. */
static int
collect(void *ctx, const char *tok, size_t len, size_t start, size_t end,
    int kind)
{
	struct qctx *q = ctx;
	struct term *t = q->nterms ? &q->terms[q->nterms - 1] : NULL;

	(void)tok;
	if (t == NULL || start > t->end) {
		if (q->nterms == XF_FTS_QUERY_TERMS_MAX + 1) {
			q->overflow = 1;
			return 1;
		}
		t = &q->terms[q->nterms++];
		t->start = start;
		t->ntok = 0;
	}
	t->end = end;
	t->last_kind = kind;
	t->last_len = len;
	t->ntok++;
	return 0;
}

static int
put(char *out, size_t outsz, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > outsz)
		return -1;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

int
xf_fts_query(const char *user_query, char *out, size_t outsz)
{
	struct qctx q;
	size_t n, i, j, used = 0, kept = 0;
	const struct term *t;

	if (out == NULL || outsz == 0)
		return -1;
	out[0] = '\0';
	if (user_query == NULL)
		return 0;
	n = strnlen(user_query, XF_FTS_QUERY_IN_MAX + 1);
	if (n > XF_FTS_QUERY_IN_MAX)
		return -1;
	memset(&q, 0, sizeof(q));
	xf_text_bigrams(user_query, n, XF_TEXT_QUERY, collect, &q);
	for (i = 0; i < q.nterms; i++) {
		t = &q.terms[i];
		/* One ASCII letter or digit (full-width ones fold to it):
		 * as a prefix it matches nearly everything. */
		if (t->ntok == 1 && t->last_kind == XF_TOK_WORD &&
		    t->last_len == 1)
			continue;
		if (kept == XF_FTS_QUERY_TERMS_MAX || q.overflow)
			goto fail;
		if ((kept && put(out, outsz, &used, " AND ", 5) != 0) ||
		    put(out, outsz, &used, "\"", 1) != 0)
			goto fail;
		/* The term's own bytes: the tokenizer makes the bigrams again
		 * when FTS5 parses the phrase. Separators (the quote among
		 * them) never fall inside a term, but double any quote all the
		 * same so the phrase can never be closed early. */
		for (j = t->start; j < t->end; j++) {
			if (user_query[j] == '"' &&
			    put(out, outsz, &used, "\"", 1) != 0)
				goto fail;
			if (put(out, outsz, &used, user_query + j, 1) != 0)
				goto fail;
		}
		if (put(out, outsz, &used, "\"", 1) != 0)
			goto fail;
		if (t->last_kind != XF_TOK_BIGRAM &&
		    put(out, outsz, &used, "*", 1) != 0)
			goto fail;
		kept++;
	}
	return (int)kept;
fail:
	out[0] = '\0';
	return -1;
}

/* ---- the same match, without the index ---- */

/* The tokens of one column as FTS5 stores them: text and position (a
 * colocated token shares the position of the one before it). */
struct doc {
	char	*text;		/* tokens, each NUL-terminated */
	size_t	 tlen, tcap;
	size_t	*off;		/* token i starts at text + off[i] */
	int	*pos;
	size_t	 n, cap;
	int	 next_pos;
	int	 failed;
};

static int
doc_add(void *ctx, const char *tok, size_t len, size_t start, size_t end,
    int kind)
{
	struct doc *d = ctx;

	(void)start;
	(void)end;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		size_t *off = realloc(d->off, cap * sizeof(*off));
		int *pos = off ? realloc(d->pos, cap * sizeof(*pos)) : NULL;

		if (off != NULL)
			d->off = off;
		if (pos == NULL)
			return d->failed = 1;
		d->pos = pos;
		d->cap = cap;
	}
	if (d->tlen + len + 1 > d->tcap) {
		size_t cap = (d->tlen + len + 1) * 2;
		char *t = realloc(d->text, cap);

		if (t == NULL)
			return d->failed = 1;
		d->text = t;
		d->tcap = cap;
	}
	memcpy(d->text + d->tlen, tok, len);
	d->text[d->tlen + len] = '\0';
	d->off[d->n] = d->tlen;
	d->tlen += len + 1;
	if (kind == XF_TOK_COLOCATED && d->n > 0)
		d->pos[d->n] = d->pos[d->n - 1];
	else
		d->pos[d->n] = d->next_pos++;
	d->n++;
	return 0;
}

static int
tok_is(const struct doc *d, size_t i, const char *q, int prefix)
{
	const char *t = d->text + d->off[i];

	return prefix ? strncmp(t, q, strlen(q)) == 0 : strcmp(t, q) == 0;
}

/* Is query token j of phrase q at position p of column d? Tokens are in
 * position order; from is an index at or before position p. */
static int
at_pos(const struct doc *d, size_t from, int p, const struct doc *q,
    size_t j, int prefix)
{
	size_t i;

	for (i = from; i < d->n && d->pos[i] <= p; i++)
		if (d->pos[i] == p && tok_is(d, i, q->text + q->off[j],
		    prefix && j + 1 == q->n))
			return 1;
	return 0;
}

/* Does column d hold phrase q (its tokens at consecutive positions, the
 * last one as a prefix if asked)? */
static int
phrase_in(const struct doc *d, const struct doc *q, int prefix)
{
	size_t i, j;

	if (q->n == 0)
		return 0;
	for (i = 0; i < d->n; i++) {
		if (!tok_is(d, i, q->text + q->off[0], prefix && q->n == 1))
			continue;
		for (j = 1; j < q->n; j++)
			if (!at_pos(d, i, d->pos[i] + (int)j, q, j, prefix))
				break;
		if (j == q->n)
			return 1;
	}
	return 0;
}

static void
doc_free(struct doc *d)
{
	free(d->text);
	free(d->off);
	free(d->pos);
	memset(d, 0, sizeof(*d));
}

int
xf_fts_match(const char *expr, const char *const *cols, const size_t *lens,
    int ncols)
{
	struct doc d[XF_FTS_MATCH_COLS], q;
	const char *p = expr;
	char phrase[XF_FTS_QUERY_IN_MAX + 1];
	int c, rc = -1, nphrases = 0;

	memset(d, 0, sizeof(d));
	memset(&q, 0, sizeof(q));
	if (expr == NULL || ncols < 1 || ncols > XF_FTS_MATCH_COLS)
		return -1;
	for (c = 0; c < ncols; c++) {
		if (cols[c] != NULL)
			xf_text_bigrams(cols[c], lens[c], 0, doc_add, &d[c]);
		if (d[c].failed)
			goto done;
	}
	while (*p != '\0') {
		size_t n = 0;
		int prefix = 0, found = 0;

		if (nphrases > 0) {
			if (strncmp(p, " AND ", 5) != 0)
				goto done;
			p += 5;
		}
		if (*p++ != '"')
			goto done;
		for (;; p++) {
			if (*p == '\0')
				goto done;
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++;	/* a doubled quote is one quote */
			if (n == XF_FTS_QUERY_IN_MAX)
				goto done;
			phrase[n++] = *p;
		}
		p++;
		if (*p == '*') {
			prefix = 1;
			p++;
		}
		nphrases++;
		q.n = q.tlen = 0;
		q.next_pos = 0;
		xf_text_bigrams(phrase, n, XF_TEXT_QUERY, doc_add, &q);
		if (q.failed)
			goto done;
		for (c = 0; c < ncols && !found; c++)
			found = phrase_in(&d[c], &q, prefix);
		if (!found) {
			rc = 0;
			goto done;
		}
	}
	rc = nphrases > 0;
done:
	for (c = 0; c < XF_FTS_MATCH_COLS; c++)
		doc_free(&d[c]);
	doc_free(&q);
	return rc;
}

static void
match_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *cols[XF_FTS_MATCH_COLS];
	size_t lens[XF_FTS_MATCH_COLS];
	const char *expr = (const char *)sqlite3_value_text(argv[0]);
	int n = argc - 1, r;

	if (n < 1 || n > XF_FTS_MATCH_COLS || expr == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	for (int i = 0; i < n; i++) {
		cols[i] = (const char *)sqlite3_value_text(argv[i + 1]);
		lens[i] = (size_t)sqlite3_value_bytes(argv[i + 1]);
	}
	r = xf_fts_match(expr, cols, lens, n);
	if (r == -1)
		sqlite3_result_error(ctx, "xf_fts_match: bad expression or out"
		    " of memory", -1);
	else
		sqlite3_result_int(ctx, r);
}

int
xf_fts_match_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "xf_fts_match", -1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, match_fn, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

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

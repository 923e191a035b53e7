/* Chinese text tools: search tokens and near-duplicate detection.
 *
 * Characters fall in three classes after folding (full-width ASCII
 * ＡＢＣ１２３ → ABC123, then ASCII lower-cased):
 *   - "CJK": Han ideographs (basic, Ext A–G, compatibility), 〇, kana,
 *     Hangul: written without spaces, so every character can start a word;
 *   - "word": ASCII letters and digits, Latin letters with diacritics, Greek,
 *     Cyrillic: written in space-separated words;
 *   - everything else (whitespace, punctuation of either width, symbols,
 *     emoji, invalid UTF-8) separates tokens and is otherwise ignored.
 *
 * SEARCH TOKENS. A run of CJK characters c1 c2 … cn becomes the overlapping
 * bigrams c1c2, c2c3, …, c(n-1)cn, so any substring of two or more
 * characters of the run is exactly a run of consecutive bigrams: the query
 * 学籍 is the one token 学籍, 校外培训 is the phrase 校外 外培 培训, and an
 * FTS5 phrase query of the query's own bigrams finds every row containing
 * it, with no false negatives (FTS5's trigram tokenizer finds nothing under
 * three characters, and most Chinese search words have two).
 *
 * One-character queries: with bigrams only, the last character of a run is
 * never the first character of a token, so the prefix query 费* would miss
 * 收费 at the end of a sentence. The tokenizer therefore also emits the last
 * character of each run as a unigram, *colocated* with the run's last bigram
 * (same position, FTS5_TOKEN_COLOCATED), and a run of one character as a
 * plain unigram. Every character is then the first character of some token,
 * 费* finds them all, and because the extra token shares a position it never
 * breaks a phrase that continues into following ASCII (学籍ab). The cost is
 * one token per run, not one per character. In query mode
 * (XF_TEXT_QUERY) the colocated unigrams are not emitted: a query phrase is
 * made of bigrams only, plus a lone character for a one-character run.
 *
 * A run of word characters becomes one lower-cased token (at most
 * XF_TEXT_TOKEN_MAX - 1 bytes are kept, cut at a character boundary; the
 * offsets still cover the whole word). ASCII words are matched whole or, when
 * last in a query term, by prefix: 4101 finds 410102199003…; substrings in
 * the middle of a word are not found.
 *
 * NEAR-DUPLICATES (重复访). Both texts are normalised (separators dropped,
 * folded and lower-cased as above) and compared as the sets of their
 * character bigrams: similarity = |A ∩ B| / |A ∪ B| (Jaccard). A one-
 * character text counts as the set of that character. Dropping punctuation
 * and spacing means a letter re-typed with other line breaks or full-width
 * commas compares as identical; each changed character removes at most two
 * bigrams, so a few changed words in a letter of a few hundred characters
 * cost a few percent. Measured on the letters in tests/unit/test_text.c
 * (~300 characters): the letter re-sent with other spacing and half-width
 * punctuation, three words changed and the sign-off merged scores 0.92
 * (fingerprint distance 10 of 128); a different complaint about the same
 * school by the same kind of petitioner (same school name, same salutation
 * and stock phrases, same closing) scores 0.13 (fingerprint distance 59).
 *
 *   XF_TEXT_SIM_SAME    0.80  near-identical: set the 重复访 flag by itself
 *   XF_TEXT_SIM_RELATED 0.50  possibly the same matter: show the officer the
 *                             earlier matter, let a person decide
 *
 * 0.80 tolerates roughly one changed character in ten (each costs up to two
 * bigrams on each side); the same-school complaint sits far below 0.5. The
 * gap between the two keeps automatic flags to cases no officer would
 * dispute (a flag changes how the matter is handled), while still
 * surfacing rewritten re-sends for a person to judge.
 *
 * xf_text_fingerprint gives a 128-bit fingerprint of the same bigram set
 * for indexing: one-permutation MinHash with 128 bins, one bit of each
 * bin's minimum kept (b-bit minwise hashing, b = 1). Two texts agree on a
 * bin's minimum with probability J (their Jaccard), and otherwise on its
 * bit half the time, so a bit differs with probability (1 - J) / 2: the
 * Hamming distance estimates the Jaccard itself, 128 * (1 - J) / 2 bits on
 * average (12.8 at 0.80, 32 at 0.50, 38.4 at 0.40). A store scans the
 * first word within XF_TEXT_FP_NEAR1 bits (64 bits, cheap to scan a whole
 * category), keeps what is also within XF_TEXT_FP_NEAR over both words,
 * and confirms those with the exact similarity. The second word is what
 * keeps letters of a category that share stock phrases (Jaccard 0.4–0.5
 * with thousands of others) from crowding out the near-identical ones:
 * with 64 bits alone ~1 % of pairs at 0.40 pass, with 128 ~0.05 %.
 * XF_TEXT_FP_NEAR is 20 bits (an estimated Jaccard of 0.69): by the
 * binomial, a pair at 0.80 is found ~98 % of the time (99 % with 24 bits),
 * at 0.82 99.2 %, at 0.85 99.9 %, at 0.60 a few percent
 * (tests/unit/test_text.c: 322 of 323 random pairs at ≥ 0.80). 24 bits
 * read 2.1 times as many rows for nothing on related letters: on 9,070
 * bench registrations, all 1,111 earlier letters at ≥ 0.80 lay within 19
 * bits, while the 54,000 candidates at 20–24 bits averaged 0.54 and
 * reading them was ~18 % of a registration's CPU. It replaced a simhash, whose
 * distance follows the angle between the sets, not their Jaccard: a pair
 * at 0.80 lay within its bound only about half the time. */
#ifndef XF_TEXT_H
#define XF_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define XF_TEXT_TOKEN_MAX	64	/* token buffer, bytes incl. NUL */

#define XF_TEXT_QUERY		0x1	/* query mode: no colocated unigrams */

#define XF_TEXT_SIM_SAME	0.80
#define XF_TEXT_SIM_RELATED	0.50
#define XF_TEXT_FP_NEAR1	12	/* first word of the fingerprint */
#define XF_TEXT_FP_NEAR	20	/* both words */

/* Texts longer than this many normalised characters are compared on their
 * first XF_TEXT_SIM_MAX_CHARS only: a letter is a few thousand characters,
 * and the bound keeps one comparison's memory and time fixed. */
#define XF_TEXT_SIM_MAX_CHARS	20000

/* Kinds of token, as passed to the callback. */
enum {
	XF_TOK_WORD = 1,	/* a lower-cased word-character run */
	XF_TOK_BIGRAM,		/* two CJK characters */
	XF_TOK_UNIGRAM,		/* a CJK run of one character */
	XF_TOK_COLOCATED	/* last character of a longer run, same position
				 * as the bigram before it (document mode only) */
};

/* One token: its normalised text (NUL-terminated, len bytes), the byte
 * range [start, end) in the input it came from, and its kind. A non-zero
 * return stops tokenising and is returned by xf_text_bigrams. */
typedef int (*xf_text_token_fn)(void *ctx, const char *tok, size_t len,
    size_t start, size_t end, int kind);

/* Tokenises s[0..n) (any bytes; invalid UTF-8 is a separator). flags:
 * 0 or XF_TEXT_QUERY. Returns 0, or the callback's non-zero value. */
int	xf_text_bigrams(const char *s, size_t n, int flags, xf_text_token_fn fn,
	    void *ctx);

/* Jaccard similarity of the character-bigram sets, in [0, 1]. NULL or a
 * text with nothing but separators has similarity 0 with everything. */
double	xf_text_similarity(const char *a, const char *b);

/* The same, with one side's bigram set built once for many comparisons
 * (repeat detection compares a new letter with several earlier ones). */
typedef struct xf_text_set xf_text_set;
typedef struct {
	uint64_t w[2];		/* w[0] is scanned first */
} xf_text_fp;
xf_text_set *xf_text_set_new(const char *s);		/* never NULL */
double	xf_text_set_similarity(const xf_text_set *a, const char *b);
xf_text_fp xf_text_set_fingerprint(const xf_text_set *a);
void	xf_text_set_free(xf_text_set *a);

xf_text_fp xf_text_fingerprint(const char *s);
int	xf_text_fp_distance(uint64_t a, uint64_t b);	/* one word: 0–64 */
/* Both words: 0–128. Near: within XF_TEXT_FP_NEAR1 on the first word and
 * XF_TEXT_FP_NEAR on both, the rule of the store's index. */
int	xf_text_fp_bits(xf_text_fp a, xf_text_fp b);
int	xf_text_fp_near(xf_text_fp a, xf_text_fp b);

#endif

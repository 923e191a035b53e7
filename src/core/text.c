#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "validate.h"

enum { C_SEP, C_CJK, C_WORD };

static int
cjk(unsigned int c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) ||	/* CJK Unified Ideographs */
	    (c >= 0x3400 && c <= 0x4DBF) ||	/* Ext A */
	    (c >= 0x20000 && c <= 0x3134F) ||	/* Ext B–G */
	    (c >= 0xF900 && c <= 0xFAFF) ||	/* compatibility */
	    c == 0x3007 ||			/* 〇 */
	    (c >= 0x3041 && c <= 0x30FA) ||	/* kana (not the ・ 30FB) */
	    (c >= 0xAC00 && c <= 0xD7A3);	/* Hangul syllables */
}

static int
word(unsigned int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	    (c >= 0x370 && c <= 0x3FF && c != 0x37E && c != 0x387) ||
	    (c >= 0x400 && c <= 0x4FF);
}

/* Decodes, folds and classifies the character at s. Returns the bytes it
 * took (≥ 1 even for invalid input, which becomes a separator). */
static size_t
next_char(const unsigned char *s, size_t n, unsigned int *cp, int *cls)
{
	size_t k = xf_utf8_decode(s, n, cp);

	if (k == 0) {
		*cp = 0;
		*cls = C_SEP;
		return 1;
	}
	if (*cp >= 0xFF01 && *cp <= 0xFF5E)	/* full-width ASCII */
		*cp -= 0xFEE0;
	if (*cp >= 'A' && *cp <= 'Z')
		*cp += 'a' - 'A';
	*cls = cjk(*cp) ? C_CJK : word(*cp) ? C_WORD : C_SEP;
	return k;
}

static size_t
encode(unsigned int c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

int
xf_text_bigrams(const char *s, size_t n, int flags, xf_text_token_fn fn,
    void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	char tok[XF_TEXT_TOKEN_MAX];
	size_t i = 0, k, len, wstart = 0, prev_start = 0, prev_end = 0;
	size_t runlen = 0;	/* CJK characters in the current run */
	unsigned int cp, prev = 0;
	int cls, rc, in_word = 0;
	size_t wlen = 0;

	if (s == NULL)
		return 0;
	for (;;) {
		if (i < n) {
			k = next_char(p + i, n - i, &cp, &cls);
		} else {
			k = 0;
			cls = C_SEP;	/* flush at the end */
		}
		/* A word ends at anything that is not a word character. */
		if (in_word && cls != C_WORD) {
			tok[wlen] = '\0';
			if ((rc = fn(ctx, tok, wlen, wstart, i, XF_TOK_WORD)) != 0)
				return rc;
			in_word = 0;
		}
		/* A CJK run ends: its last character as a unigram, colocated
		 * with the last bigram (document mode) or alone (run of 1). */
		if (runlen > 0 && cls != C_CJK) {
			if (runlen == 1 || !(flags & XF_TEXT_QUERY)) {
				len = encode(prev, tok);
				tok[len] = '\0';
				if ((rc = fn(ctx, tok, len, prev_start, prev_end,
				    runlen > 1 ? XF_TOK_COLOCATED :
				    XF_TOK_UNIGRAM)) != 0)
					return rc;
			}
			runlen = 0;
		}
		if (i >= n)
			break;
		if (cls == C_CJK) {
			if (runlen > 0) {
				len = encode(prev, tok);
				len += encode(cp, tok + len);
				tok[len] = '\0';
				if ((rc = fn(ctx, tok, len, prev_start, i + k,
				    XF_TOK_BIGRAM)) != 0)
					return rc;
			}
			prev = cp;
			prev_start = i;
			prev_end = i + k;
			runlen++;
		} else if (cls == C_WORD) {
			if (!in_word) {
				in_word = 1;
				wstart = i;
				wlen = 0;
			}
			/* Keep what fits, whole characters only. */
			if (wlen + 4 < sizeof(tok))
				wlen += encode(cp, tok + wlen);
		}
		i += k;
	}
	return 0;
}

/* ---- similarity ---- */

/* The set of bigram keys of the normalised text: sorted, unique. Two code
 * points of 21 bits each fit one 64-bit key. */
struct xf_text_set {
	uint64_t	*v;
	size_t		 n;
	uint64_t	*tab;	/* prepared sets: the keys hashed, 0 = empty */
	size_t		 mask;	/* tab has mask + 1 slots */
};
typedef struct xf_text_set keyset;

/* LSD radix sort of 42-bit keys, 7 passes of 6 bits: the keys of a letter
 * are a few hundred to a few thousand, where this beats qsort's calls
 * through a comparator several times over (repeat detection sorts one set
 * per candidate on every registration). */
static void
sort_keys(uint64_t *v, size_t n)
{
	uint64_t *tmp, *src = v, *dst;
	size_t count[64], i, sum;

	if (n < 2)
		return;
	if ((tmp = malloc(n * sizeof(*tmp))) == NULL)
		abort();
	dst = tmp;
	for (int shift = 0; shift < 42; shift += 6) {
		uint64_t *t;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 63]++;
		sum = 0;
		for (i = 0; i < 64; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 63]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	/* An odd number of passes leaves the result in tmp. */
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
}

/* Calls fn with each bigram key of the normalised text s (its first
 * XF_TEXT_SIM_MAX_CHARS characters; separators dropped), duplicates
 * included; a one-character text gives the key of that character. The one
 * walk behind both the sorted sets and the prepared comparison, so that
 * they compare the same sets. */
static void
each_key(const char *s, void (*fn)(void *, uint64_t), void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i = 0, chars = 0;
	unsigned int cp, prev = 0, first = 0;
	int cls;

	if (s == NULL)
		return;
	len = strlen(s);
	while (i < len && chars < XF_TEXT_SIM_MAX_CHARS) {
		i += next_char(p + i, len - i, &cp, &cls);
		if (cls == C_SEP)
			continue;
		if (chars > 0)
			fn(ctx, ((uint64_t)prev << 21) | cp);
		else
			first = cp;
		prev = cp;
		chars++;
	}
	if (chars == 1)
		fn(ctx, (uint64_t)first << 21);
}

struct grow {
	keyset	*ks;
	size_t	 cap;
};

static void
append_key(void *ctx, uint64_t key)
{
	struct grow *g = ctx;

	if (g->ks->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->ks->v = realloc(g->ks->v, g->cap * sizeof(*g->ks->v));
		if (g->ks->v == NULL)
			abort();
	}
	g->ks->v[g->ks->n++] = key;
}

static void
keyset_build(const char *s, keyset *ks)
{
	struct grow g = { ks, 0 };
	size_t j, w;

	ks->v = NULL;
	ks->n = 0;
	ks->tab = NULL;
	ks->mask = 0;
	each_key(s, append_key, &g);
	if (ks->n == 0)
		return;
	sort_keys(ks->v, ks->n);
	for (j = 1, w = 1; j < ks->n; j++)
		if (ks->v[j] != ks->v[w - 1])
			ks->v[w++] = ks->v[j];
	ks->n = w;
}

static double
jaccard(const keyset *x, const keyset *y)
{
	size_t i = 0, j = 0, common = 0;

	if (x->n == 0 || y->n == 0)
		return 0.0;
	while (i < x->n && j < y->n) {
		if (x->v[i] == y->v[j]) {
			common++;
			i++;
			j++;
		} else if (x->v[i] < y->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)common / (double)(x->n + y->n - common);
}

double
xf_text_similarity(const char *a, const char *b)
{
	keyset x, y;
	double r;

	keyset_build(a, &x);
	keyset_build(b, &y);
	r = jaccard(&x, &y);
	free(x.v);
	free(y.v);
	return r;
}

/* Open addressing over the keys (never 0: a key holds a character, and no
 * character of a text is NUL) with a multiplicative hash. */
static size_t
slot(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
}

/* Adds key; returns 1 if it was not there. */
static int
tab_add(uint64_t *tab, size_t mask, uint64_t key)
{
	size_t i = slot(key, mask);

	while (tab[i] != 0) {
		if (tab[i] == key)
			return 0;
		i = (i + 1) & mask;
	}
	tab[i] = key;
	return 1;
}

static int
tab_has(const uint64_t *tab, size_t mask, uint64_t key)
{
	size_t i = slot(key, mask);

	while (tab[i] != 0) {
		if (tab[i] == key)
			return 1;
		i = (i + 1) & mask;
	}
	return 0;
}

static size_t
pow2_above(size_t n)
{
	size_t c = 64;

	while (c < 2 * n)
		c *= 2;
	return c;
}

xf_text_set *
xf_text_set_new(const char *s)
{
	xf_text_set *ks = malloc(sizeof(*ks));
	size_t cap;

	if (ks == NULL)
		abort();
	keyset_build(s, ks);
	/* Hashed once, so that each comparison only probes (repeat
	 * detection compares a new letter with ~10 earlier ones). */
	cap = pow2_above(ks->n);
	if ((ks->tab = calloc(cap, sizeof(*ks->tab))) == NULL)
		abort();
	ks->mask = cap - 1;
	for (size_t i = 0; i < ks->n; i++)
		tab_add(ks->tab, ks->mask, ks->v[i]);
	return ks;
}

/* Jaccard of a prepared set with text b, without sorting b's keys: each
 * key of b is added to a scratch table (to count b's distinct keys) and
 * looked up in a's. The same sets as keyset_build (each_key), so the same
 * value as xf_text_similarity (the unit tests compare the two). */
struct probe {
	const xf_text_set *a;
	uint64_t	*seen;
	size_t		 mask, nb, common;
};

static void
probe_key(void *ctx, uint64_t key)
{
	struct probe *pr = ctx;

	if (tab_add(pr->seen, pr->mask, key)) {
		pr->nb++;
		pr->common += (size_t)tab_has(pr->a->tab, pr->a->mask, key);
	}
}

double
xf_text_set_similarity(const xf_text_set *a, const char *b)
{
	struct probe pr = { a, NULL, 0, 0, 0 };
	size_t len;

	if (a == NULL || a->n == 0 || b == NULL)
		return 0.0;
	/* At most one key per character: the table stays half empty. */
	len = strlen(b);
	pr.mask = pow2_above(len < XF_TEXT_SIM_MAX_CHARS ? len :
	    XF_TEXT_SIM_MAX_CHARS) - 1;
	if ((pr.seen = calloc(pr.mask + 1, sizeof(*pr.seen))) == NULL)
		abort();
	each_key(b, probe_key, &pr);
	free(pr.seen);
	if (pr.nb == 0)
		return 0.0;
	return (double)pr.common / (double)(a->n + pr.nb - pr.common);
}

void
xf_text_set_free(xf_text_set *ks)
{
	if (ks == NULL)
		return;
	free(ks->v);
	free(ks->tab);
	free(ks);
}

/* splitmix64 finaliser: a cheap, well-mixed hash of a bigram key, so every
 * bit of the fingerprint depends on both characters. */
static uint64_t
mix(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* One-permutation MinHash, one bit per bin (b-bit minwise hashing, b = 1;
 * text.h says why). Each key is hashed once: the top 7 bits of the hash
 * pick one of 128 bins, the other 57 compete for the bin's minimum.
 * Duplicated keys change no minimum, so the keys need no sorting. */
#define FP_BINS		128
#define FP_EMPTY	UINT64_MAX
#define FP_LOW		((UINT64_C(1) << 57) - 1)

struct fp {
	uint64_t min[FP_BINS];
};

static void
fp_init(struct fp *f)
{
	for (int i = 0; i < FP_BINS; i++)
		f->min[i] = FP_EMPTY;
}

static void
fp_key(void *ctx, uint64_t key)
{
	struct fp *f = ctx;
	uint64_t h = mix(key);
	unsigned bin = (unsigned)(h >> 57);

	if ((h & FP_LOW) < f->min[bin])
		f->min[bin] = h & FP_LOW;
}

/* Bit i is one bit of bin i's minimum, re-hashed with the bin number so
 * that bins are independent. An empty bin (short texts leave some) takes
 * the minimum of the next non-empty bin to its right, re-hashed with the
 * distance too ("densification", Shrivastava and Li 2014): two texts
 * then agree on it only as often as on a real bin, not always. */
static xf_text_fp
fp_finish(const struct fp *f)
{
	xf_text_fp out = { { 0, 0 } };
	uint64_t v;
	int i, j, hop, any = 0;

	for (i = 0; i < FP_BINS && !any; i++)
		any = f->min[i] != FP_EMPTY;
	if (!any)
		return out;
	for (i = 0; i < FP_BINS; i++) {
		for (j = i, hop = 0; (v = f->min[j]) == FP_EMPTY; hop++)
			j = (j + 1) % FP_BINS;
		v = mix(v ^ ((uint64_t)i << 57) ^ ((uint64_t)hop << 50));
		out.w[i / 64] |= (v & 1) << (i % 64);
	}
	return out;
}

xf_text_fp
xf_text_set_fingerprint(const xf_text_set *ks)
{
	struct fp f;

	fp_init(&f);
	if (ks != NULL)
		for (size_t i = 0; i < ks->n; i++)
			fp_key(&f, ks->v[i]);
	return fp_finish(&f);
}

xf_text_fp
xf_text_fingerprint(const char *s)
{
	struct fp f;

	fp_init(&f);
	each_key(s, fp_key, &f);
	return fp_finish(&f);
}

/* Bit count without the popcnt instruction, which the x86-64 baseline this
 * is built for lacks (the builtin would call libgcc's loop): the distance
 * runs once per indexed case of a category on every registration. */
int
xf_text_fp_distance(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ b;

	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (int)((x * 0x0101010101010101ULL) >> 56);
}

int
xf_text_fp_bits(xf_text_fp a, xf_text_fp b)
{
	return xf_text_fp_distance(a.w[0], b.w[0]) +
	    xf_text_fp_distance(a.w[1], b.w[1]);
}

int
xf_text_fp_near(xf_text_fp a, xf_text_fp b)
{
	return xf_text_fp_distance(a.w[0], b.w[0]) <= XF_TEXT_FP_NEAR1 &&
	    xf_text_fp_bits(a, b) <= XF_TEXT_FP_NEAR;
}

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "http/arena.h"
#include "simindex.h"

#define CAT_MAX	16	/* category code bytes incl. NUL (codes are 4–6) */

/* Fingerprints and ids in separate arrays: the scan reads only the
 * fingerprints' first words, 8 to a cache line; the second words (h2) are
 * read for the few within the first bound. */
typedef struct {
	char	 code[CAT_MAX];
	uint64_t *h, *h2;
	int64_t	 *id;
	size_t	 n, cap;
} bucket;

/* The newest case of each (fingerprint, category), by exact value: a letter
 * sent unchanged to the school, the bureau and the province may be filed
 * under different categories, and only the category is scanned. One slot
 * per pair, however many cases share it (a thousand letters reading only
 * "见附件" make one slot, not a chain to walk). Open addressing, at most
 * half full; a slot (16 bytes) names the bucket and the position in it;
 * key 0 is empty. */
typedef struct {
	uint64_t	 key;
	uint32_t	 cat, pos;
} same_slot;

struct xf_simindex {
	pthread_mutex_t	 fill;
	pthread_rwlock_t lock;
	bucket		*cats;
	size_t		 ncats, capcats;
	int64_t		 last;
	size_t		 total;
	same_slot	*same;
	size_t		 samecap;	/* a power of two, or 0 */
	size_t		 samen;		/* slots in use */
};

xf_simindex *
xf_simindex_new(void)
{
	xf_simindex *ix = xf_xcalloc(1, sizeof(*ix));

	pthread_rwlock_init(&ix->lock, NULL);
	pthread_mutex_init(&ix->fill, NULL);
	return ix;
}

void
xf_simindex_free(xf_simindex *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->ncats; i++) {
		free(ix->cats[i].h);
		free(ix->cats[i].h2);
		free(ix->cats[i].id);
	}
	free(ix->cats);
	free(ix->same);
	pthread_rwlock_destroy(&ix->lock);
	pthread_mutex_destroy(&ix->fill);
	free(ix);
}

/* The category's bucket; a linear search, as a code list has a few dozen
 * categories and the hot ones come first after the first load. */
static bucket *
find(xf_simindex *ix, const char *category)
{
	for (size_t i = 0; i < ix->ncats; i++)
		if (strcmp(ix->cats[i].code, category) == 0)
			return &ix->cats[i];
	return NULL;
}

int64_t
xf_simindex_last(xf_simindex *ix)
{
	int64_t v;

	pthread_rwlock_rdlock(&ix->lock);
	v = ix->last;
	pthread_rwlock_unlock(&ix->lock);
	return v;
}

void
xf_simindex_lock(xf_simindex *ix)
{
	pthread_rwlock_wrlock(&ix->lock);
}

void
xf_simindex_unlock(xf_simindex *ix)
{
	pthread_rwlock_unlock(&ix->lock);
}

static uint64_t
same_key(xf_text_fp fp, uint32_t cat)
{
	uint64_t k = (fp.w[0] ^ (fp.w[1] * 0x9E3779B97F4A7C15ULL) ^
	    ((uint64_t)cat + 1) * 0xD6E8FEB86659FD93ULL) *
	    0xBF58476D1CE4E5B9ULL;

	return k != 0 ? k : 1;
}

/* The slot of (fp, cat) in the table, or the empty one where it goes. */
static same_slot *
same_find(const xf_simindex *ix, xf_text_fp fp, uint32_t cat)
{
	uint64_t key = same_key(fp, cat);
	size_t i = (size_t)(key >> 20) & (ix->samecap - 1);

	for (;; i = (i + 1) & (ix->samecap - 1)) {
		same_slot *e = &ix->same[i];

		if (e->key == 0 || (e->key == key && e->cat == cat &&
		    ix->cats[cat].h[e->pos] == fp.w[0] &&
		    ix->cats[cat].h2[e->pos] == fp.w[1]))
			return e;
	}
}

/* Position pos of bucket cat (just stored) becomes its pair's newest,
 * the table growing to stay half empty. */
static void
same_add(xf_simindex *ix, uint32_t cat, uint32_t pos, xf_text_fp fp)
{
	same_slot *e;

	if (2 * (ix->samen + 1) > ix->samecap) {
		same_slot *old = ix->same;
		size_t oldcap = ix->samecap;

		ix->samecap = oldcap ? 2 * oldcap : 4096;
		ix->same = xf_xcalloc(ix->samecap, sizeof(*ix->same));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key != 0)
				*same_find(ix, (xf_text_fp){ {
				    ix->cats[old[i].cat].h[old[i].pos],
				    ix->cats[old[i].cat].h2[old[i].pos] } },
				    old[i].cat) = old[i];
		free(old);
	}
	e = same_find(ix, fp, cat);
	if (e->key == 0)
		ix->samen++;
	*e = (same_slot){ same_key(fp, cat), cat, pos };
}

void
xf_simindex_add_locked(xf_simindex *ix, const char *category, int64_t id,
    xf_text_fp fp)
{
	bucket *b;

	if (category == NULL || strlen(category) >= CAT_MAX)
		return;
	if ((b = find(ix, category)) == NULL) {
		if (ix->ncats == ix->capcats) {
			ix->capcats = ix->capcats ? ix->capcats * 2 : 32;
			ix->cats = xf_xrealloc(ix->cats,
			    ix->capcats * sizeof(*ix->cats));
		}
		b = &ix->cats[ix->ncats++];
		memset(b, 0, sizeof(*b));
		memcpy(b->code, category, strlen(category) + 1);
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->h = xf_xrealloc(b->h, b->cap * sizeof(*b->h));
		b->h2 = xf_xrealloc(b->h2, b->cap * sizeof(*b->h2));
		b->id = xf_xrealloc(b->id, b->cap * sizeof(*b->id));
	}
	b->h[b->n] = fp.w[0];
	b->h2[b->n] = fp.w[1];
	b->id[b->n] = id;
	same_add(ix, (uint32_t)(b - ix->cats), (uint32_t)b->n, fp);
	b->n++;
	if (id > ix->last)
		ix->last = id;
	ix->total++;
}

void
xf_simindex_add(xf_simindex *ix, const char *category, int64_t id,
    xf_text_fp fp)
{
	xf_simindex_lock(ix);
	xf_simindex_add_locked(ix, category, id, fp);
	xf_simindex_unlock(ix);
}

/* Positions (from the end, newest first) of the fingerprints within maxd
 * bits of q, at most XF_HITS per call; returns how many, and in *done how
 * far it got. The hot loop of repeat detection, built twice: with the
 * popcnt instruction where the processor has it (chosen at load time),
 * and without for the x86-64 baseline. */
#define XF_HITS	256

/* Fingerprints k-1 down to 0 one at a time, after m hits: what is below
 * a vector's width, or the whole scan. Inlined into each scan, so that it
 * uses that scan's popcount. */
static inline __attribute__((always_inline)) size_t
scan_rest(const uint64_t *h, size_t k, size_t n, uint64_t q, int maxd,
    size_t *hits, size_t m, size_t *done)
{
	while (k > 0 && m < XF_HITS) {
		k--;
		if (__builtin_popcountll(h[k] ^ q) <= maxd)
			hits[m++] = k;
	}
	*done = n - k;
	return m;
}

/* The lanes set in a vector compare's mask mk (lane j is position k + j)
 * after m hits, highest first: newest first, as the scans report them. */
static inline __attribute__((always_inline)) size_t
take_hits(unsigned mk, size_t k, size_t *hits, size_t m)
{
	while (mk != 0) {
		int j = 31 - __builtin_clz(mk);

		hits[m++] = k + (size_t)j;
		mk &= ~(1u << j);
	}
	return m;
}

__attribute__((target_clones("popcnt", "default")))
static size_t
scan_scalar(const uint64_t *h, size_t n, uint64_t q, int maxd, size_t *hits,
    size_t *done)
{
	return scan_rest(h, n, n, q, maxd, hits, 0, done);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The same scan eight fingerprints at a time with AVX-512's vector
 * popcount, on processors that have it (Ice Lake and later servers):
 * the hits come out in the same order, newest first. On 1M cases the
 * scalar scan was 6 % of a registration's CPU. */
__attribute__((target("avx512f,avx512vpopcntdq")))
static size_t
scan_avx512(const uint64_t *h, size_t n, uint64_t q, int maxd, size_t *hits,
    size_t *done)
{
	const __m512i vq = _mm512_set1_epi64((long long)q);
	const __m512i vmax = _mm512_set1_epi64(maxd);
	size_t k = n, m = 0;

	while (k >= 8 && m + 8 <= XF_HITS) {
		__m512i pc;
		unsigned mk;

		k -= 8;
		pc = _mm512_popcnt_epi64(_mm512_xor_si512(
		    _mm512_loadu_si512((const void *)(h + k)), vq));
		mk = _mm512_cmple_epi64_mask(pc, vmax);
		m = take_hits(mk, k, hits, m);
	}
	return scan_rest(h, k, n, q, maxd, hits, m, done);
}

/* The same scan four fingerprints at a time with AVX2, for processors
 * without AVX-512's popcount (AMD's before Zen 4, Intel's desktops): each
 * byte's bits are counted by a 16-entry table lookup on its two nibbles
 * (vpshufb), and the bytes of each 64-bit lane summed (vpsadbw): on an
 * AMD EPYC without AVX-512, 30 us per 50,000 fingerprints against 57-83 us
 * for the popcnt loop. */
__attribute__((target("avx2,popcnt")))
static size_t
scan_avx2(const uint64_t *h, size_t n, uint64_t q, int maxd, size_t *hits,
    size_t *done)
{
	const __m256i vq = _mm256_set1_epi64x((long long)q);
	const __m256i above = _mm256_set1_epi64x((long long)maxd + 1);
	const __m256i nib = _mm256_set1_epi8(0x0f);
	const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2,
	    3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
	size_t k = n, m = 0;

	while (k >= 4 && m + 4 <= XF_HITS) {
		__m256i x, c;
		unsigned mk;

		k -= 4;
		x = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const
		    void *)(h + k)), vq);
		c = _mm256_add_epi8(_mm256_shuffle_epi8(lut,
		    _mm256_and_si256(x, nib)), _mm256_shuffle_epi8(lut,
		    _mm256_and_si256(_mm256_srli_epi16(x, 4), nib)));
		c = _mm256_sad_epu8(c, _mm256_setzero_si256());
		/* Lanes with at most maxd bits: maxd + 1 > count. */
		mk = (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(
		    _mm256_cmpgt_epi64(above, c)));
		m = take_hits(mk, k, hits, m);
	}
	return scan_rest(h, k, n, q, maxd, hits, m, done);
}

static size_t
scan(const uint64_t *h, size_t n, uint64_t q, int maxd, size_t *hits,
    size_t *done)
{
	static atomic_int vec = -1;	/* 2 AVX-512, 1 AVX2, 0 neither */
	int v = atomic_load_explicit(&vec, memory_order_relaxed);

	if (v == -1) {
		__builtin_cpu_init();
		v = __builtin_cpu_supports("avx512f") &&
		    __builtin_cpu_supports("avx512vpopcntdq") ? 2 :
		    __builtin_cpu_supports("avx2") ? 1 : 0;
		atomic_store_explicit(&vec, v, memory_order_relaxed);
	}
	return v == 2 ? scan_avx512(h, n, q, maxd, hits, done) :
	    v == 1 ? scan_avx2(h, n, q, maxd, hits, done) :
	    scan_scalar(h, n, q, maxd, hits, done);
}
#else
#define scan scan_scalar
#endif

size_t
xf_simindex_nearest(xf_simindex *ix, const char *category, xf_text_fp q,
    int maxd1, int maxd, int64_t *ids, int *dist, size_t max)
{
	const bucket *b;
	size_t n = 0, hits[XF_HITS];

	if (max == 0)
		return 0;
	pthread_rwlock_rdlock(&ix->lock);
	if ((b = find(ix, category)) != NULL) {
		size_t left = b->n, done, m;

		/* Newest first, so that among equally near matters the
		 * latest earlier one is kept (the 重复访 link points at it). */
		while (left > 0) {
			m = scan(b->h, left, q.w[0], maxd1, hits, &done);
			for (size_t j = 0; j < m; j++) {
				size_t k = hits[j], worst = 0;
				int d = xf_text_fp_bits(q, (xf_text_fp){ {
				    b->h[k], b->h2[k] } });

				if (d > maxd)
					continue;
				if (n < max) {
					ids[n] = b->id[k];
					dist[n++] = d;
					continue;
				}
				/* The farthest, and of those the oldest:
				 * hits come newest first, so an equally
				 * near later one (older) never displaces
				 * it, and the newer of two ties stays. */
				for (size_t i = 1; i < n; i++)
					if (dist[i] > dist[worst] ||
					    (dist[i] == dist[worst] &&
					    ids[i] < ids[worst]))
						worst = i;
				if (d < dist[worst]) {
					ids[worst] = b->id[k];
					dist[worst] = d;
				}
			}
			left -= done;
		}
	}
	pthread_rwlock_unlock(&ix->lock);
	/* Nearest first; equal distances keep the newer id first. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && (dist[j] < dist[j - 1] ||
		    (dist[j] == dist[j - 1] && ids[j] > ids[j - 1])); j--) {
			int td = dist[j];
			int64_t ti = ids[j];

			dist[j] = dist[j - 1];
			ids[j] = ids[j - 1];
			dist[j - 1] = td;
			ids[j - 1] = ti;
		}
	return n;
}

size_t
xf_simindex_same(xf_simindex *ix, const char *category, xf_text_fp q,
    int64_t *ids, size_t max)
{
	size_t n = 0;

	if (max == 0)
		return 0;
	pthread_rwlock_rdlock(&ix->lock);
	for (uint32_t c = 0; ix->samecap > 0 && c < ix->ncats; c++) {
		const same_slot *e;
		int64_t id;

		if (strcmp(ix->cats[c].code, category) == 0 ||
		    (e = same_find(ix, q, c))->key == 0)
			continue;
		id = ix->cats[c].id[e->pos];
		/* The newest max of the categories' newest. */
		if (n < max)
			ids[n++] = id;
		else {
			size_t old = 0;

			for (size_t k = 1; k < n; k++)
				if (ids[k] < ids[old])
					old = k;
			if (id > ids[old])
				ids[old] = id;
		}
	}
	pthread_rwlock_unlock(&ix->lock);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && ids[j] > ids[j - 1]; j--) {
			int64_t t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return n;
}

size_t
xf_simindex_size(xf_simindex *ix)
{
	size_t n;

	pthread_rwlock_rdlock(&ix->lock);
	n = ix->total;
	pthread_rwlock_unlock(&ix->lock);
	return n;
}

void
xf_simindex_fill_begin(xf_simindex *ix)
{
	pthread_mutex_lock(&ix->fill);
}

void
xf_simindex_fill_end(xf_simindex *ix)
{
	pthread_mutex_unlock(&ix->fill);
}

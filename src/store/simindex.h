/* simindex — the fingerprints of every registered case, in memory,
 * by content category, for repeat detection (text.h explains the
 * fingerprint).
 *
 * Why in memory: a registration compares the new letter with every earlier
 * matter of its category. Reading those fingerprints from the database on
 * each registration (even from a covering index) cost more than the rest of
 * the registration, and bounded the comparison to the newest few thousand.
 * Here the whole history is compared: 24 bytes per case (24 MB per million),
 * about 1 ns per case of the category; and up to 32 more bytes a case (a
 * table of 16-byte slots kept at most half full, one per fingerprint and
 * category) find an unchanged letter filed under another category
 * (xf_simindex_same).
 *
 * The index is a cache of committed rows only: cases.c fills it with the
 * rows whose id is above the highest it has seen, read in the caller's own
 * snapshot, before each search. A rolled-back registration therefore never
 * appears, and rows committed by another process (a second server on the
 * same database) are picked up on the next search. Content and category
 * never change after registration, so rows are never updated. */
#ifndef XF_SIMINDEX_H
#define XF_SIMINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/text.h"

typedef struct xf_simindex xf_simindex;

xf_simindex	*xf_simindex_new(void);
void		 xf_simindex_free(xf_simindex *ix);

/* The highest id added so far (0 when empty). */
int64_t		 xf_simindex_last(xf_simindex *ix);

/* Adds one case; within a category, ids must come in ascending order
 * (the fill below guarantees it). Takes the write lock for each call:
 * callers adding many rows use the lock pair around _add_locked. */
void		 xf_simindex_add(xf_simindex *ix, const char *category,
		    int64_t id, xf_text_fp fp);
void		 xf_simindex_lock(xf_simindex *ix);
void		 xf_simindex_add_locked(xf_simindex *ix, const char *category,
		    int64_t id, xf_text_fp fp);
void		 xf_simindex_unlock(xf_simindex *ix);

/* The (at most max) cases of the category within maxd1 bits of q on the
 * first word and maxd on both, nearest (over both) first: ids[] and
 * dist[]. Returns how many. */
size_t		 xf_simindex_nearest(xf_simindex *ix, const char *category,
		    xf_text_fp q, int maxd1, int maxd, int64_t *ids, int *dist,
		    size_t max);

/* Of the cases of other categories whose fingerprint is exactly q, the
 * newest of each category, at most max of them, newest first: a letter
 * filed again unchanged under another category (only the category is
 * scanned above). Returns how many. */
size_t		 xf_simindex_same(xf_simindex *ix, const char *category,
		    xf_text_fp q, int64_t *ids, size_t max);

size_t		 xf_simindex_size(xf_simindex *ix);

/* Serialises the filling (held while reading new rows from the database,
 * so two threads do not read the same rows). */
void		 xf_simindex_fill_begin(xf_simindex *ix);
void		 xf_simindex_fill_end(xf_simindex *ix);

/* The store's own index (sqlite.c). */
struct xf_store;
xf_simindex	*xf_store_simindex(struct xf_store *st);
/* 1 while this thread is inside a write (its reads see uncommitted rows). */
int		 xf_store_in_write(struct xf_store *st);

#endif

/* Assessment counts from the case record (SPEC §9; 第十二、十三条), and the
 * weights table. The year's assessment of every unit is five GROUP BY
 * queries over covering indexes (migration 4): the rows per stored unit are
 * folded into the assessed units by the caller's `slot` function, so the
 * cost does not grow with the number of units assessed. */
#ifndef XF_STORE_ASSESS_H
#define XF_STORE_ASSESS_H

#include <stdint.h>

#include <jansson.h>

#include "core/assess.h"
#include "store/store.h"

typedef struct {
	xf_date			 from, to;	/* the period, inclusive */
	xf_date			 as_of;		/* see xf_assess_year */
	const xf_calendar	*cal;		/* for the entry limit */
} xf_assess_period;

/* Index into rows of the assessed unit a stored unit belongs to, or -1
 * when it belongs to none (outside the group). */
typedef int (*xf_assess_slot_fn)(void *ud, int64_t unit_id);

/* Adds the period's counts into rows[] (which the caller zeroed and gave
 * unit ids). Indicators and attribution are those of core/assess.c:
 * deadlines count against deadlines.unit_id, evaluations against the
 * rated unit, supervisions against their target, entry against the first
 * unit, the rest against the owner now. */
int	xf_store_assess_counts(xf_store *st, const xf_assess_period *p,
	    xf_assess_slot_fn slot, void *ud, xf_assess_row *rows, size_t n,
	    xf_error *err);

/* The cases behind one indicator of a unit set (units_json: a JSON array
 * of unit ids): part 0 = the denominator (for a count: the items counted),
 * 1 = the numerator. *items: {"case_id","number","title","unit_id",…
 * what was counted: kind/due/met_on/late, rating, supervision_id…}. */
int	xf_store_assess_cases(xf_store *st, const xf_assess_period *p,
	    xf_indicator ind, int numerator, const char *units_json,
	    int64_t limit, int64_t offset, json_t **items, int64_t *total,
	    xf_error *err);

/* Weights: defaults overridden by the table. */
int	xf_store_assess_weights(xf_store *st, double w[XF_IND_COUNT],
	    xf_error *err);
int	xf_store_assess_set_weight(xf_store *st, xf_indicator ind, double w,
	    int64_t user_id, xf_error *err);

#endif

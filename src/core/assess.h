/* Assessment (考核) of units, pure (SPEC §9; 第十二、十三条): the indicator
 * system as data — each indicator with its name, its Chinese definition
 * written next to it, its direction and default weight — and the scoring
 * and ranking of a group of units from the counts the store computed.
 *
 * No SQL here: the store counts numerators and denominators per unit with
 * a few GROUP BY queries (store/assess.c); this module only knows what the
 * counts mean and how they become a score. */
#ifndef XF_ASSESS_H
#define XF_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"

typedef enum {
	XF_IND_ACCEPT_ON_TIME = 0,	/* accept_on_time_rate */
	XF_IND_COMPLETE_ON_TIME,	/* complete_on_time_rate */
	XF_IND_SATISFACTION,		/* satisfaction_rate */
	XF_IND_REPEAT,			/* repeat_rate */
	XF_IND_SUPERVISION_COUNT,	/* supervision_count */
	XF_IND_SUPERVISION_CLOSURE,	/* supervision_closure_rate */
	XF_IND_LEAPFROG,		/* leapfrog_count */
	XF_IND_COLLECTIVE,		/* collective_count */
	XF_IND_BACKLOG_CLEARED,		/* backlog_cleared_rate */
	XF_IND_ENTRY_ON_TIME,		/* entry_on_time_rate */
	XF_IND_COUNT
} xf_indicator;

typedef struct {
	const char	*name;		/* API name */
	const char	*label;		/* Chinese name */
	const char	*definition;	/* Chinese: exactly what is counted */
	const char	*basis;		/* the article it serves */
	int		 rate;		/* 1: numerator/denominator in 0..1;
					 * 0: a count (numerator) */
	int		 higher_better;
	double		 weight;	/* default weight (they sum to 100) */
} xf_indicator_def;

const xf_indicator_def *xf_assess_def(xf_indicator i);	/* NULL past the end */
int	xf_assess_parse(const char *name);		/* -1 if unknown */

/* One indicator of one unit: num/den for a rate; num alone for a count. */
typedef struct {
	int64_t	num;
	int64_t	den;
} xf_ind_value;

typedef struct {
	int64_t		unit_id;
	int64_t		volume;		/* matters received in the period
					 * (first unit): the scale counts are
					 * scored against */
	xf_ind_value	v[XF_IND_COUNT];
	double		sub[XF_IND_COUNT];	/* 0..100, or -1: no data */
	double		score;		/* 0..100, weighted over indicators
					 * with data */
	int		rank;		/* 1 = best; ties share a rank; 0 = not
					   ranked (score −1: nothing to assess) */
} xf_assess_row;

/* The value an API client sees: the rate (num/den), or the count. A rate
 * with den = 0 has no value: returns -1. */
double	xf_assess_value(xf_indicator i, const xf_ind_value *v);

/* Scores and ranks a peer group in place. weights[i] ≥ 0 (NULL = the
 * defaults). How (the rules a 通报 quotes):
 *  - a rate where higher is better scores 100 × rate; where lower is
 *    better, 100 × (1 − rate); a rate with no denominator is left out and
 *    the other weights are scaled up, so a unit is not rewarded or
 *    punished for having nothing to count;
 *  - a count is scored against the group per matter received: the
 *    lowest count per matter scores 100, the highest 0, linearly between
 *    (all equal: 100), so a large city and a small college compare fairly;
 *  - score = Σ wᵢ·subᵢ / Σ wᵢ over the indicators with data; rank by
 *    score (higher first), equal scores (to 0.01) share a rank, then the
 *    next rank skips (1, 1, 3). */
void	xf_assess_score(xf_assess_row *rows, size_t n, const double *weights);

/* The period of a year's assessment: [from, to] is the calendar year;
 * as_of = min(to + 1, today): an open deadline whose due < as_of counts as
 * late (its last day has passed), one due later is not yet decided and
 * left out; supervisions count as closed if closed before as_of. -1 (XF_E_INVALID,
 * field "year") for a year outside 2000..2199 or after today's year. */
int	xf_assess_year(int year, xf_date today, xf_date *from, xf_date *to,
	    xf_date *as_of, xf_error *err);

/* Data entered on time: the last day a matter received on `received` may
 * be registered — the first working day after it (录入不超过1个工作日).
 * Years without calendar data count weekends alone. */
xf_date	xf_assess_entry_limit(const xf_calendar *cal, xf_date received);

#endif

/* Counting periods as the law does (SPEC §4; 民法典 第二百零一、二百零三条).
 *
 * Calendar days: due = roll(E + N + X + Σ paused days), where roll(d) is the
 * first working day on or after d. The event day is never counted.
 * Working days: due = the N-th working day after E, with paused days
 * skipped; an extension X is in days all the same (the law grants it so):
 * then roll(that day + X).
 * N = 0 with calendar days gives roll(E). */
#ifndef XF_PERIOD_H
#define XF_PERIOD_H

#include <stddef.h>

#include "calendar.h"

typedef enum { XF_UNIT_CALENDAR = 0, XF_UNIT_WORKING = 1 } xf_period_unit;

typedef struct {
	xf_date	paused;		/* day the pause began */
	xf_date	resumed;	/* day it ended; XF_DATE_NONE if still paused */
} xf_pause;

typedef struct {
	xf_date		event;
	int		days;		/* N, 0…3650 */
	xf_period_unit	unit;
	int		extension;	/* approved extension X, in days */
	const xf_pause	*pauses;
	size_t		npauses;
} xf_period;

/* Computes the due date. If `allow_provisional` is 0, a period that needs a
 * year without calendar data fails with XF_E_NO_CALENDAR (the CLI and the
 * calendar API). If 1, such years are counted on weekends alone and
 * *provisional is set to 1 (case deadlines; recomputed when data arrives).
 * A still-open pause (resumed == XF_DATE_NONE) makes the due date unknown:
 * returns 1 and sets *due = XF_DATE_NONE. Returns 0 on success, -1 on error. */
int	xf_period_due(const xf_calendar *cal, const xf_period *p,
	    int allow_provisional, xf_date *due, int *provisional,
	    xf_error *err);

/* Number of working days d with a < d <= b (0 if b <= a); -1 and err if a
 * year lacks data. */
int	xf_period_working_between(const xf_calendar *cal, xf_date a, xf_date b,
	    xf_error *err);

#endif

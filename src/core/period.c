/* Periods counted as SPEC §4 says (民法典 第二百零一、二百零三条).
 *
 * Calendar days: due = roll(E + N + X + Σ(Rᵢ − Pᵢ)). A pause from Pᵢ to Rᵢ
 * stops the clock on Pᵢ, Pᵢ+1, …, Rᵢ−1 and restarts it on Rᵢ, so it adds
 * back Rᵢ − Pᵢ days (SPEC's example: paused 09-15, resumed 09-18 adds 3).
 *
 * Working days: due = the (N + X + Σ Wᵢ)-th working day after E, where Wᵢ
 * is the number of working days in [Pᵢ, Rᵢ). For a pause inside the period
 * that is exactly "paused days are skipped"; it also treats a pause the same
 * way the calendar-day formula does wherever it lies, so the two units never
 * disagree about what a pause is worth.
 *
 * N = 0: both units give roll(E), the first working day on or after the
 * event, so that a due date is always a working day. */
#include <stddef.h>

#include "period.h"

#define MAXDAYS		3650
#define MAXPAUSES	64

static int
check(const xf_period *p, xf_error *err)
{
	size_t i, j;

	if (p->event == XF_DATE_NONE)
		return xf_error_set(err, XF_E_INVALID, "event",
		    "缺少起算日期");
	if (p->days < 0 || p->days > MAXDAYS)
		return xf_error_set(err, XF_E_INVALID, "days",
		    "期限天数应在0至%d之间", MAXDAYS);
	if (p->extension < 0 || p->extension > MAXDAYS)
		return xf_error_set(err, XF_E_INVALID, "extension",
		    "延长天数应在0至%d之间", MAXDAYS);
	if (p->unit != XF_UNIT_CALENDAR && p->unit != XF_UNIT_WORKING)
		return xf_error_set(err, XF_E_INVALID, "unit",
		    "期限单位应为日或工作日");
	if (p->npauses > MAXPAUSES || (p->npauses > 0 && p->pauses == NULL))
		return xf_error_set(err, XF_E_INVALID, "pauses",
		    "中止次数过多（不超过%d次）", MAXPAUSES);
	for (i = 0; i < p->npauses; i++) {
		const xf_pause *a = &p->pauses[i];

		if (a->paused == XF_DATE_NONE || a->paused < p->event)
			return xf_error_set(err, XF_E_INVALID, "pauses",
			    "中止日期不能早于起算日期");
		if (a->resumed != XF_DATE_NONE && a->resumed < a->paused)
			return xf_error_set(err, XF_E_INVALID, "pauses",
			    "恢复日期不能早于中止日期");
		if (a->resumed != XF_DATE_NONE &&
		    a->resumed - a->paused > MAXDAYS)
			return xf_error_set(err, XF_E_INVALID, "pauses",
			    "中止时间过长（不超过%d日）", MAXDAYS);
		/* Overlapping pauses would count the same days twice. */
		for (j = 0; j < i; j++) {
			const xf_pause *b = &p->pauses[j];
			xf_date ae = a->resumed == XF_DATE_NONE ? INT32_MAX :
			    a->resumed;
			xf_date be = b->resumed == XF_DATE_NONE ? INT32_MAX :
			    b->resumed;

			if (a->paused < be && b->paused < ae)
				return xf_error_set(err, XF_E_INVALID,
				    "pauses", "中止期间相互重叠");
		}
	}
	return 0;
}

int
xf_period_due(const xf_calendar *cal, const xf_period *p,
    int allow_provisional, xf_date *due, int *provisional, xf_error *err)
{
	int prov = 0, n, w;
	size_t i;

	*due = XF_DATE_NONE;
	if (provisional != NULL)
		*provisional = 0;
	if (check(p, err) == -1)
		return -1;
	for (i = 0; i < p->npauses; i++)
		if (p->pauses[i].resumed == XF_DATE_NONE)
			return 1;	/* the clock is stopped: no due date */

	n = p->days;
	if (p->unit == XF_UNIT_CALENDAR) {
		n += p->extension;
		for (i = 0; i < p->npauses; i++)
			n += p->pauses[i].resumed - p->pauses[i].paused;
		if (xf_calendar_roll(cal, p->event + n, allow_provisional, due,
		    &prov, err) == -1)
			goto fail;
		goto done;
	}
	for (i = 0; i < p->npauses; i++) {
		/* Working days in [P, R) are those in (P−1, R−1]. */
		if (xf_calendar_count_workdays(cal, p->pauses[i].paused - 1,
		    p->pauses[i].resumed - 1, allow_provisional, &w, &prov,
		    err) == -1)
			goto fail;
		n += w;
	}
	if (n == 0) {
		if (xf_calendar_roll(cal, p->event, allow_provisional, due,
		    &prov, err) == -1)
			goto fail;
	} else if (xf_calendar_nth_workday(cal, p->event, n,
	    allow_provisional, due, &prov, err) == -1)
		goto fail;
	/* An extension is granted in days (R2022 34: 延长期限不得超过30日),
	 * also of a period counted in working days (简易办理's 10): it runs
	 * on from that period's last day. */
	if (p->extension > 0) {
		int prov2 = 0;

		if (xf_calendar_roll(cal, *due + p->extension,
		    allow_provisional, due, &prov2, err) == -1)
			goto fail;
		prov |= prov2;
	}
done:
	if (provisional != NULL)
		*provisional = prov;
	return 0;
fail:
	*due = XF_DATE_NONE;
	return -1;
}

int
xf_period_working_between(const xf_calendar *cal, xf_date a, xf_date b,
    xf_error *err)
{
	int n;

	if (xf_calendar_count_workdays(cal, a, b, 0, &n, NULL, err) == -1)
		return -1;
	return n;
}

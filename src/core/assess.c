/* The indicator system and the scoring (see assess.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess.h"

/* Default weights sum to 100. Timeliness and the result for the
 * petitioner weigh most: 第七条 names the 时间节点 of 告知、交办、转送、办理,
 * and 第十一条 makes a 不满意 rating a ground for supervision. */
static const xf_indicator_def defs[XF_IND_COUNT] = {
	[XF_IND_ACCEPT_ON_TIME] = { "accept_on_time_rate", "按期受理率",
	    "期限届满日在考核期内的转送/交办/受理（route）和受理告知（accept_notice）"
	    "期限中，在届满日或之前完成的比例；期限归属当时负责的单位（转办后各单位"
	    "各计其期限）；至统计截止日仍未完成且已过期的计为超期，尚未届满的不计。",
	    "第七条、第十一条（一）", 1, 1, 15 },
	[XF_IND_COMPLETE_ON_TIME] = { "complete_on_time_rate", "按期办结率",
	    "期限届满日在考核期内的办理（handle）、复查（review）、复核（recheck）"
	    "期限中，在届满日或之前作出处理意见的比例；期限归属当时负责的单位；"
	    "至统计截止日仍未办结且已过期的计为超期，尚未届满的不计。",
	    "第七条、第十一条（三）", 1, 1, 25 },
	[XF_IND_SATISFACTION] = { "satisfaction_rate", "群众满意率",
	    "考核期内信访人作出的评价中，“满意”与“基本满意”之和占全部评价的比例；"
	    "评价归属被评价答复的单位。",
	    "第七条、第十一条（七）", 1, 1, 15 },
	[XF_IND_REPEAT] = { "repeat_rate", "重复信访率",
	    "考核期内收到且现归本单位办理的信访事项中，被系统认定为重复访的比例；"
	    "越低越好。",
	    "第十四条（二）", 1, 0, 10 },
	[XF_IND_SUPERVISION_COUNT] = { "supervision_count", "被督办次数",
	    "考核期内针对本单位（督办对象）提出的督办件数（系统自动与人工督办合计）；"
	    "越少越好，按每件收到事项折算后在同组单位间比较。",
	    "第十一条", 0, 0, 5 },
	[XF_IND_SUPERVISION_CLOSURE] = { "supervision_closure_rate", "督办办结率",
	    "考核期内针对本单位提出的督办中，至统计截止日已办结（关闭）的比例。",
	    "第十一条", 1, 1, 10 },
	[XF_IND_LEAPFROG] = { "leapfrog_count", "越级访件数",
	    "考核期内收到、被认定为越级访且现归本单位办理的信访事项数；越少越好，"
	    "按每件收到事项折算后在同组单位间比较。",
	    "第十一条", 0, 0, 5 },
	[XF_IND_COLLECTIVE] = { "collective_count", "集体访件数",
	    "考核期内收到、5人以上的集体访且现归本单位办理的信访事项数；越少越好，"
	    "按每件收到事项折算后在同组单位间比较。",
	    "第五条、第十四条（六）", 0, 0, 5 },
	[XF_IND_BACKLOG_CLEARED] = { "backlog_cleared_rate", "积案化解率",
	    "考核期开始时尚未办结（已收到、未办结、未转出或不予受理）且现归本单位的"
	    "信访事项中，在考核期内办结的比例。",
	    "第十条", 1, 1, 5 },
	[XF_IND_ENTRY_ON_TIME] = { "entry_on_time_rate", "录入及时率",
	    "考核期内收到（首次登记于本单位）的信访事项中，在收到当日或其后第一个"
	    "工作日内登记录入系统的比例。",
	    "第七条（运用信访信息系统全程记录）", 1, 1, 5 },
};

const xf_indicator_def *
xf_assess_def(xf_indicator i)
{
	if ((int)i < 0 || i >= XF_IND_COUNT)
		return NULL;
	return &defs[i];
}

int
xf_assess_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < XF_IND_COUNT; i++)
		if (strcmp(defs[i].name, name) == 0)
			return i;
	return -1;
}

double
xf_assess_value(xf_indicator i, const xf_ind_value *v)
{
	if (!defs[i].rate)
		return (double)v->num;
	if (v->den <= 0)
		return -1;
	return (double)v->num / (double)v->den;
}

static double
per_matter(const xf_assess_row *r, int i)
{
	/* A unit that received nothing but still drew counts scores as if it
	 * had received one, so it is never better than a unit with none. */
	return (double)r->v[i].num / (double)(r->volume > 0 ? r->volume : 1);
}

static int
has_rate_data(const xf_assess_row *r)
{
	for (int i = 0; i < XF_IND_COUNT; i++)
		if (defs[i].rate && r->v[i].den > 0)
			return 1;
	return 0;
}

static int
by_score(const void *a, const void *b)
{
	const xf_assess_row *const *x = a, *const *y = b;

	if ((*x)->score > (*y)->score)
		return -1;
	if ((*x)->score < (*y)->score)
		return 1;
	return (*x)->unit_id < (*y)->unit_id ? -1 :
	    (*x)->unit_id > (*y)->unit_id;
}

void
xf_assess_score(xf_assess_row *rows, size_t n, const double *weights)
{
	xf_assess_row **ord;

	if (n == 0)
		return;
	for (int i = 0; i < XF_IND_COUNT; i++) {
		double lo = 0, hi = 0;

		if (!defs[i].rate) {
			lo = hi = per_matter(&rows[0], i);
			for (size_t k = 1; k < n; k++) {
				double x = per_matter(&rows[k], i);

				lo = x < lo ? x : lo;
				hi = x > hi ? x : hi;
			}
		}
		for (size_t k = 0; k < n; k++) {
			xf_assess_row *r = &rows[k];
			double s;

			if (defs[i].rate) {
				if (r->v[i].den <= 0) {
					r->sub[i] = -1;
					continue;
				}
				s = 100.0 * (double)r->v[i].num /
				    (double)r->v[i].den;
				if (!defs[i].higher_better)
					s = 100.0 - s;
			} else if (hi - lo < 1e-12)
				s = 100.0;
			else
				s = 100.0 * (hi - per_matter(r, i)) / (hi - lo);
			r->sub[i] = s < 0 ? 0 : s > 100 ? 100 : s;
		}
	}
	for (size_t k = 0; k < n; k++) {
		double sw = 0, acc = 0;

		for (int i = 0; i < XF_IND_COUNT; i++) {
			double w = weights ? weights[i] : defs[i].weight;

			if (rows[k].sub[i] < 0 || w <= 0)
				continue;
			sw += w;
			acc += w * rows[k].sub[i];
		}
		/* A unit with no petition in the period and no clock due in it
		 * has nothing to be assessed on: it is listed, not ranked (full
		 * marks would put it above every unit that did the work). */
		if (sw <= 0 || (rows[k].volume == 0 && !has_rate_data(&rows[k]))) {
			rows[k].score = -1;
			for (int i = 0; i < XF_IND_COUNT; i++)
				rows[k].sub[i] = -1;
		} else
			rows[k].score = round(acc / sw * 100.0) / 100.0;
	}
	ord = calloc(n, sizeof(*ord));
	if (ord == NULL)
		abort();
	for (size_t k = 0; k < n; k++)
		ord[k] = &rows[k];
	qsort(ord, n, sizeof(*ord), by_score);
	for (size_t k = 0; k < n; k++)
		ord[k]->rank = ord[k]->score < 0 ? 0 :
		    (k > 0 && fabs(ord[k]->score - ord[k - 1]->score) < 0.005) ?
		    ord[k - 1]->rank : (int)k + 1;
	free(ord);
}

int
xf_assess_year(int year, xf_date today, xf_date *from, xf_date *to,
    xf_date *as_of, xf_error *err)
{
	if (year < 2000 || year > 2199 || year > xf_date_year(today))
		return xf_error_set(err, XF_E_INVALID, "year",
		    "考核年度须在2000年至今年之间");
	*from = xf_date_from_ymd(year, 1, 1);
	*to = xf_date_from_ymd(year, 12, 31);
	/* A deadline due on the last day is still open that day: it is late
	 * from the day after, so as_of never passes to + 1. */
	*as_of = today < *to + 1 ? today : *to + 1;
	return 0;
}

xf_date
xf_assess_entry_limit(const xf_calendar *cal, xf_date received)
{
	xf_error err;
	xf_date out;
	int prov = 0;

	if (cal == NULL || xf_calendar_nth_workday(cal, received, 1, 1, &out,
	    &prov, &err) == -1)
		return received + 1;
	return out;
}

/* The supervision triggers of SPEC §5 as a table: code, Chinese name, the
 * seed's article, the law behind it, and the two predicates. Reading the
 * table top to bottom is reading 第十一条 (一)–(八).
 *
 * Conventions shared by every rule:
 *  - "overdue" means as_of > due: the scan for day D runs just after
 *    midnight, so a step due on D-1 and still open is late on D (SPEC §4
 *    "on the day after, the case is overdue");
 *  - a provisional due (a year without calendar data, counted on weekends
 *    alone) can only be earlier than the real one, so it never raises;
 *  - a paused clock has no due and never raises;
 *  - an unknown fact (-1 / NONE in xf_sv_facts) never raises. */
#include <stdio.h>
#include <string.h>

#include "period.h"
#include "profile.h"
#include "supervise.h"

/* 推诿: moved between units or departments this many times without a
 * decision (SPEC §5 item 6). */
#define SHIRK_MOVES 3

static const char *const form_names[XF_SVF_COUNT] = {
	"online", "phone", "letter", "interview", "onsite"
};
static const char *const form_labels[XF_SVF_COUNT] = {
	"网上督办", "电话督办", "发函督办", "约谈督办", "实地督办"
};
static const char *const state_names[XF_SVS_COUNT] = {
	"open", "replied", "closed"
};
static const char *const state_labels[XF_SVS_COUNT] = {
	"督办中", "已反馈", "已办结"
};

void
xf_sv_facts_init(xf_sv_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->dissatisfied_on = f->answer_due = f->answered_on = XF_DATE_NONE;
	f->extension_notice = -1;
	f->reply_parts = -1;
}

static const char *
ds(xf_date d)
{
	static _Thread_local char ring[4][11];
	static _Thread_local int k;
	char *b = ring[k++ & 3];

	if (d == XF_DATE_NONE)
		return "（无）";
	xf_date_format(d, b);
	return b;
}

static int64_t
or_owner(const xf_case *c, int64_t unit)
{
	return unit > 0 ? unit : c->unit_id;
}

/* The authority whose decision is the latest one (答复、复查、复核). */
static int64_t
decision_unit(const xf_case *c)
{
	switch (c->reply_level) {
	case XF_LEVEL_REVIEW:
		return or_owner(c, c->review_unit_id);
	case XF_LEVEL_RECHECK:
		return or_owner(c, c->recheck_unit_id);
	default:
		return or_owner(c, c->reply_unit_id);
	}
}

/* ---- deadline-driven rules ------------------------------------------------ */

/* How far back a step done late still raises its supervision: the scan
 * looks at each changed case daily, so a step recorded late is seen within
 * a day; this keeps a later change to an old case (archiving it, say) from
 * raising supervisions for history. */
#define DONE_LATE_DAYS 31

/* The newest deadline of kind k met after its due date, within the last
 * DONE_LATE_DAYS before as_of: a step recorded late in one go (a letter
 * registered weeks after it came and routed that day) was never open
 * past its due at a scan (第十一条（一）（二）). */
static const xf_deadline *
dl_done_late(const xf_case *c, xf_dl_kind k, xf_date as_of)
{
	for (int i = c->ndl - 1; i >= 0; i--) {
		const xf_deadline *d = &c->dl[i];

		if (d->kind != k)
			continue;
		if (d->state != XF_DLS_MET || d->due == XF_DATE_NONE ||
		    d->provisional || d->met_on == XF_DATE_NONE ||
		    d->met_on <= d->due || d->met_on > as_of ||
		    d->met_on < as_of - DONE_LATE_DAYS)
			return NULL;
		return d;
	}
	return NULL;
}

static int
dl_late(const xf_case *c, xf_dl_kind k, xf_date as_of, xf_sv_hit *hit,
    const char *what)
{
	const xf_deadline *d = xf_case_open_deadline(c, k);

	if (d == NULL) {
		if ((d = dl_done_late(c, k, as_of)) == NULL)
			return 0;
		if (hit != NULL) {
			hit->target_unit_id = or_owner(c, d->unit_id);
			hit->missed = d->due;
			snprintf(hit->problem, sizeof(hit->problem),
			    "%s期限为%s，%s才完成，逾期%d日", what,
			    ds(d->due), ds(d->met_on),
			    (int)(d->met_on - d->due));
		}
		return 1;
	}
	if (d->due == XF_DATE_NONE || d->provisional || as_of <= d->due)
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = or_owner(c, d->unit_id);
		hit->missed = d->due;
		snprintf(hit->problem, sizeof(hit->problem),
		    "%s期限为%s，截至%s仍未完成，已超期%d日", what, ds(d->due),
		    ds(as_of), (int)(as_of - d->due));
	}
	return 1;
}

/* The step was done (met) or became moot (cancelled): no open clock left. */
static int
dl_done(const xf_case *c, xf_dl_kind k)
{
	return xf_case_open_deadline(c, k) == NULL;
}

#define DL_RULE(fn, kind, what)						\
static int								\
fn##_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,	\
    xf_sv_hit *hit)							\
{									\
	(void)f;							\
	return dl_late(c, kind, as_of, hit, what);			\
}									\
static int								\
fn##_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)	\
{									\
	(void)f;							\
	(void)as_of;							\
	return dl_done(c, kind);					\
}

DL_RULE(route, XF_DL_ROUTE, "转送、交办或受理")
DL_RULE(accept_notice, XF_DL_ACCEPT_NOTICE, "出具受理告知书")
DL_RULE(handle, XF_DL_HANDLE, "办结并出具处理意见书")
DL_RULE(delivery, XF_DL_DELIVERY, "送达处理意见书")
DL_RULE(execute, XF_DL_EXECUTE, "执行支持的处理意见")
DL_RULE(review, XF_DL_REVIEW, "出具复查意见")
DL_RULE(recheck, XF_DL_RECHECK, "出具复核意见")

/* ---- objection filed late --------------------------------------------------
 * The receiving unit objected after its 5 working days. The lifecycle refuses
 * a late objection, so through the API this never fires; it guards records
 * that entered another way (migration, import, an admin correction). A late
 * objection is a finished fact: nothing cures it, a person closes it. */
static int
objection_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	(void)f;
	for (int i = c->ndl - 1; i >= 0; i--) {
		const xf_deadline *d = &c->dl[i];

		if (d->kind != XF_DL_OBJECTION || d->state != XF_DLS_MET ||
		    d->due == XF_DATE_NONE || d->met_on == XF_DATE_NONE ||
		    d->met_on <= d->due || d->met_on >= as_of)
			continue;
		if (hit != NULL) {
			hit->target_unit_id = or_owner(c, d->unit_id);
			hit->missed = d->due;
			snprintf(hit->problem, sizeof(hit->problem),
			    "异议期限为%s，%s才提出异议，逾期%d日", ds(d->due),
			    ds(d->met_on), (int)(d->met_on - d->due));
		}
		return 1;
	}
	return 0;
}

static int
objection_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	(void)c;
	(void)f;
	(void)as_of;
	return 0;
}

/* ---- extension without a notice or beyond its limit ------------------------ */
static int
extension_bad(const xf_case *c, const xf_sv_facts *f, char *why, size_t n)
{
	const xf_profile *p = xf_profile_get(c->profile);
	const xf_deadline *h;

	if (!c->extended)
		return 0;
	if (p == NULL)
		p = xf_profile_get(XF_PROFILE_DEFAULT);
	if (c->extension_days > p->max_extension_days) {
		snprintf(why, n, "延长办理期限%d日，超过%d日的上限（%s）",
		    c->extension_days, p->max_extension_days,
		    p->extension_article);
		return 1;
	}
	h = NULL;
	for (int i = c->ndl - 1; i >= 0 && h == NULL; i--)
		if (c->dl[i].kind == XF_DL_HANDLE && c->dl[i].extension > 0)
			h = &c->dl[i];
	if (p->max_total_days > 0 && h != NULL &&
	    h->days + h->extension > p->max_total_days) {
		snprintf(why, n, "办理期限连同延长共%d日，超过%d日的上限（%s）",
		    h->days + h->extension, p->max_total_days,
		    p->extension_article);
		return 1;
	}
	if (f->extension_notice == 0) {
		snprintf(why, n, "%s延期办理，但未出具延期办理告知书",
		    ds(c->extended_on));
		return 1;
	}
	return 0;
}

static int
extension_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	char why[320];

	if (!extension_bad(c, f, why, sizeof(why)) ||
	    c->extended_on == XF_DATE_NONE || c->extended_on >= as_of)
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = c->unit_id;
		hit->missed = XF_DATE_NONE;
		snprintf(hit->problem, sizeof(hit->problem), "%s", why);
	}
	return 1;
}

/* Cured once the notice is issued; an extension beyond its limit cannot be
 * undone, so that one is closed by a person. */
static int
extension_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	char why[320];

	(void)as_of;
	return !extension_bad(c, f, why, sizeof(why));
}

/* ---- a decision missing a required part (R2022 第三十二条) ----------------- */
static int
parts_missing(const xf_case *c, const xf_sv_facts *f)
{
	if (c->replied_on == XF_DATE_NONE || c->reply_level == XF_LEVEL_NONE)
		return 0;
	if (c->outcome <= XF_OUTCOME_NONE || c->outcome >= XF_OUTCOME_COUNT)
		return XF_SV_PARTS_ALL + 1;	/* no outcome at all */
	if (f->reply_parts < 0)
		return 0;
	return (~f->reply_parts) & XF_SV_PARTS_ALL;
}

static int
reply_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	static const char *const part_names[] = { "信访请求", "事实和理由",
		"处理意见", "法律法规依据" };
	int miss = parts_missing(c, f);
	size_t len;

	if (miss == 0 || c->replied_on >= as_of)
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = decision_unit(c);
		hit->missed = XF_DATE_NONE;
		if (miss > XF_SV_PARTS_ALL) {
			snprintf(hit->problem, sizeof(hit->problem),
			    "%s出具的意见书未写明支持、解释说明或不予支持",
			    ds(c->replied_on));
			return 1;
		}
		len = (size_t)snprintf(hit->problem, sizeof(hit->problem),
		    "%s出具的意见书缺少", ds(c->replied_on));
		for (int i = 0, first = 1; i < 4; i++) {
			if (!(miss & (1 << i)) || len >= sizeof(hit->problem))
				continue;
			len += (size_t)snprintf(hit->problem + len,
			    sizeof(hit->problem) - len, "%s%s", first ? "" : "、",
			    part_names[i]);
			first = 0;
		}
		if (len < sizeof(hit->problem))
			snprintf(hit->problem + len, sizeof(hit->problem) - len,
			    "（《信访工作条例》第三十二条）");
	}
	return 1;
}

static int
reply_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	(void)as_of;
	return parts_missing(c, f) == 0;
}

/* ---- 交办 report overdue -----------------------------------------------------
 * c->report_due is the date by which the unit that received a 交办 reports
 * the result (办结报告, R2022 第二十二条). The report counts as made when that
 * unit records a `report` event, or when its part is visibly finished: it
 * issued a decision (replied_on), or the matter ended there (transferred
 * out, not accepted, referred, closed). Merely accepting is not a report of
 * the result. A further transfer clears `assigned` (the lifecycle drops the
 * report duty with the move), which also cures. */
static int
report_made(const xf_case *c, const xf_sv_facts *f)
{
	if (f->report_made > 0 || c->replied_on != XF_DATE_NONE)
		return 1;
	switch (c->status) {
	case XF_ST_TRANSFERRED:
	case XF_ST_NOT_ACCEPTED:
	case XF_ST_REFERRED:
	case XF_ST_CLOSED:
		return 1;
	default:
		return 0;
	}
}

static int
report_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	if (!c->assigned || c->report_due == XF_DATE_NONE ||
	    as_of <= c->report_due || report_made(c, f))
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = c->unit_id;
		hit->missed = c->report_due;
		snprintf(hit->problem, sizeof(hit->problem),
		    "交办事项应于%s前报告办理结果，截至%s未报告，已超期%d日",
		    ds(c->report_due), ds(as_of),
		    (int)(as_of - c->report_due));
	}
	return 1;
}

static int
report_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	(void)as_of;
	return !c->assigned || c->report_due == XF_DATE_NONE ||
	    report_made(c, f);
}

/* ---- 推诿: moved three times or more without a decision -------------------- */
static int
undecided(const xf_case *c)
{
	return (c->status == XF_ST_REGISTERED || c->status == XF_ST_HANDLING) &&
	    c->replied_on == XF_DATE_NONE;
}

static int
shirking_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	(void)f;
	(void)as_of;
	if (c->transfer_count < SHIRK_MOVES || !undecided(c))
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = c->unit_id;
		hit->missed = XF_DATE_NONE;
		snprintf(hit->problem, sizeof(hit->problem),
		    "本事项已在单位、部门之间移转%d次仍未作出处理决定，"
		    "存在推诿、拖延", c->transfer_count);
	}
	return 1;
}

static int
shirking_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	(void)f;
	(void)as_of;
	return !undecided(c);
}

/* ---- 不满意 not answered within 15 days ------------------------------------- */
static int
answered(const xf_sv_facts *f)
{
	return f->answered_on != XF_DATE_NONE &&
	    f->answered_on >= f->dissatisfied_on;
}

static int
dissatisfied_raised(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *hit)
{
	if (f->dissatisfied_on == XF_DATE_NONE || f->answer_due == XF_DATE_NONE ||
	    as_of <= f->answer_due || answered(f))
		return 0;
	if (hit != NULL) {
		hit->target_unit_id = decision_unit(c);
		hit->missed = f->answer_due;
		snprintf(hit->problem, sizeof(hit->problem),
		    "信访人%s评价不满意，责任单位应于%s前回应处理，截至%s未回应",
		    ds(f->dissatisfied_on), ds(f->answer_due), ds(as_of - 1));
	}
	return 1;
}

static int
dissatisfied_cured(const xf_case *c, const xf_sv_facts *f, xf_date as_of)
{
	(void)c;
	(void)as_of;
	return f->dissatisfied_on == XF_DATE_NONE || answered(f);
}

/* ---- the table ------------------------------------------------------------- */

#define SEED "教办〔2017〕1080号 第十一条"

static const xf_sv_rule rules[XF_SV_COUNT] = {
	{ XF_SV_ROUTE_OVERDUE, "route_overdue", "转送交办或受理超期",
	  SEED "（一）（二）", "《信访工作条例》第二十二条、第四十四条",
	  XF_DL_ROUTE, route_raised, route_cured },
	{ XF_SV_ACCEPT_NOTICE_OVERDUE, "accept_notice_overdue",
	  "未按期出具受理告知书", SEED "（一）",
	  "《信访工作条例》第二十三条、第四十四条",
	  XF_DL_ACCEPT_NOTICE, accept_notice_raised, accept_notice_cured },
	{ XF_SV_OBJECTION_LATE, "objection_late", "逾期提出异议",
	  SEED "（一）", "《信访工作条例》第二十三条第三款",
	  XF_DL_OBJECTION, objection_raised, objection_cured },
	{ XF_SV_EXTENSION_INVALID, "extension_invalid",
	  "延期办理未出具告知书或超过期限", SEED "（二）",
	  "《信访工作条例》第三十四条",
	  -1, extension_raised, extension_cured },
	{ XF_SV_HANDLE_OVERDUE, "handle_overdue", "未按期办结答复",
	  SEED "（三）", "《信访工作条例》第三十四条、第四十条第（一）项",
	  XF_DL_HANDLE, handle_raised, handle_cured },
	{ XF_SV_REPLY_INCOMPLETE, "reply_incomplete", "处理意见书内容不全",
	  SEED "（三）", "《信访工作条例》第三十二条",
	  -1, reply_raised, reply_cured },
	{ XF_SV_REPORT_OVERDUE, "report_overdue", "交办事项未按期报告",
	  SEED "（三）", "《信访工作条例》第二十二条（提交办结报告）",
	  -1, report_raised, report_cured },
	{ XF_SV_NOT_DELIVERED, "not_delivered", "未履行送达责任",
	  SEED "（四）", "《信访工作条例》第三十二条（书面答复信访人）",
	  XF_DL_DELIVERY, delivery_raised, delivery_cured },
	{ XF_SV_NOT_EXECUTED, "not_executed", "不执行信访处理意见",
	  SEED "（五）", "《信访工作条例》第四十条",
	  XF_DL_EXECUTE, execute_raised, execute_cured },
	{ XF_SV_SHIRKING, "shirking", "推诿、拖延",
	  SEED "（六）", "《信访工作条例》第四十条",
	  -1, shirking_raised, shirking_cured },
	{ XF_SV_DISSATISFIED, "dissatisfied", "群众不满意且处理不到位",
	  SEED "（七）", "《信访工作条例》第四十条",
	  -1, dissatisfied_raised, dissatisfied_cured },
	{ XF_SV_REVIEW_OVERDUE, "review_overdue", "复查意见超期",
	  SEED "（三）", "《信访工作条例》第三十五条",
	  XF_DL_REVIEW, review_raised, review_cured },
	{ XF_SV_RECHECK_OVERDUE, "recheck_overdue", "复核意见超期",
	  SEED "（三）", "《信访工作条例》第三十六条",
	  XF_DL_RECHECK, recheck_raised, recheck_cured },
	{ XF_SV_MANUAL, "manual", "其他需要督办的情形",
	  SEED "（八）", "《信访工作条例》第四十条",
	  -1, NULL, NULL },
};

const xf_sv_rule *
xf_sv_rule_get(xf_sv_trigger t)
{
	if ((int)t < 0 || t >= XF_SV_COUNT)
		return NULL;
	return &rules[t];
}

const char *
xf_sv_trigger_name(xf_sv_trigger t)
{
	const xf_sv_rule *r = xf_sv_rule_get(t);

	return r ? r->code : "";
}

int
xf_sv_trigger_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < XF_SV_COUNT; i++)
		if (strcmp(rules[i].code, s) == 0)
			return i;
	return -1;
}

static int
parse_in(const char *const *names, int n, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
xf_sv_form_name(xf_sv_form f)
{
	return (int)f >= 0 && f < XF_SVF_COUNT ? form_names[f] : "";
}

const char *
xf_sv_form_label(xf_sv_form f)
{
	return (int)f >= 0 && f < XF_SVF_COUNT ? form_labels[f] : "";
}

int
xf_sv_form_parse(const char *s)
{
	return parse_in(form_names, XF_SVF_COUNT, s);
}

const char *
xf_sv_state_name(xf_sv_state s)
{
	return (int)s >= 0 && s < XF_SVS_COUNT ? state_names[s] : "";
}

const char *
xf_sv_state_label(xf_sv_state s)
{
	return (int)s >= 0 && s < XF_SVS_COUNT ? state_labels[s] : "";
}

int
xf_sv_state_parse(const char *s)
{
	return parse_in(state_names, XF_SVS_COUNT, s);
}

int
xf_sv_evaluate(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
    xf_sv_hit *out)
{
	xf_sv_facts none;
	int n = 0;

	if (f == NULL) {
		xf_sv_facts_init(&none);
		f = &none;
	}
	for (int i = 0; i < XF_SV_COUNT; i++) {
		xf_sv_hit *h = &out[n];

		if (rules[i].raised == NULL)
			continue;
		memset(h, 0, sizeof(*h));
		if (rules[i].raised(c, f, as_of, h)) {
			h->trigger = rules[i].trigger;
			if (h->target_unit_id <= 0)
				h->target_unit_id = c->unit_id;
			n++;
		}
	}
	return n;
}

int
xf_sv_cured(xf_sv_trigger t, const xf_case *c, const xf_sv_facts *f,
    xf_date as_of)
{
	const xf_sv_rule *r = xf_sv_rule_get(t);
	xf_sv_facts none;

	if (r == NULL || r->cured == NULL)
		return 0;
	if (f == NULL) {
		xf_sv_facts_init(&none);
		f = &none;
	}
	return r->cured(c, f, as_of);
}

static int
count_from(const xf_calendar *cal, xf_date from, int days,
    xf_period_unit unit, xf_date *due, xf_error *err)
{
	xf_period p;
	int prov = 0;

	memset(&p, 0, sizeof(p));
	p.event = from;
	p.days = days;
	p.unit = unit;
	/* Provisional is fine here: a reply date a few days early in a year
	 * without data is better than no date at all. */
	return xf_period_due(cal, &p, 1, due, &prov, err) == -1 ? -1 : 0;
}

int
xf_sv_reply_due(const xf_calendar *cal, xf_date raised_on, xf_date *due,
    xf_error *err)
{
	return count_from(cal, raised_on, XF_SV_REPLY_WORKING_DAYS,
	    XF_UNIT_WORKING, due, err);
}

int
xf_sv_answer_due(const xf_calendar *cal, xf_date rated_on, xf_date *due,
    xf_error *err)
{
	return count_from(cal, rated_on, XF_SV_ANSWER_DAYS, XF_UNIT_CALENDAR,
	    due, err);
}

int
xf_sv_warn_due(const xf_calendar *cal, xf_date due, int n, xf_date as_of,
    xf_error *err)
{
	int w;

	if (due == XF_DATE_NONE || as_of > due || n < 0)
		return 0;
	if ((w = xf_period_working_between(cal, as_of, due, err)) == -1)
		return -1;
	return w <= n;
}

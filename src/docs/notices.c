/* The notices of SPEC §3 and §5 as xf_pdf_doc values.
 *
 * Wording: 《信访工作条例》(2022, "条例" below) for the procedure and its
 * limits, the notice text of 第三十二条 for the three outcomes, and
 * 《河南省教育系统信访工作责任制实施细则（试行）》第十一条 for supervision.
 * Only articles confirmed in research/regulations.md are cited: a notice
 * that cites a wrong article is worse than one that cites none. */
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile.h"
#include "docs/notices.h"

#define MAX_PARAS	48
#define MAX_STRS	96

static const struct kind_info {
	const char	*name;
	const char	*title;
} kinds[XF_NOTICE_KIND_COUNT] = {
	[XF_NOTICE_RECEIPT] =		{ "receipt", "信访事项登记回执" },
	[XF_NOTICE_ACCEPT] =		{ "accept_notice", "受理告知书" },
	[XF_NOTICE_NOT_ACCEPT] =	{ "not_accept_notice", "不予受理告知书" },
	[XF_NOTICE_TRANSFER] =		{ "transfer_letter", "信访事项转送函" },
	[XF_NOTICE_ASSIGN] =		{ "assign_letter", "信访事项交办单" },
	[XF_NOTICE_OBJECTION] =		{ "objection_letter",
					  "关于信访事项转送异议的函" },
	[XF_NOTICE_EXTENSION] =		{ "extension_notice", "延期办理告知书" },
	[XF_NOTICE_REPLY] =		{ "reply", "信访处理意见书" },
	[XF_NOTICE_REVIEW] =		{ "review_opinion", "信访事项复查意见书" },
	[XF_NOTICE_RECHECK] =		{ "recheck_opinion", "信访事项复核意见书" },
	[XF_NOTICE_SUPERVISION] =	{ "supervision_letter", "信访事项督办函" },
};

const char *
xf_notice_kind_name(xf_notice_kind kind)
{
	if ((unsigned)kind >= XF_NOTICE_KIND_COUNT)
		return NULL;
	return kinds[kind].name;
}

const char *
xf_notice_kind_title(xf_notice_kind kind)
{
	if ((unsigned)kind >= XF_NOTICE_KIND_COUNT)
		return NULL;
	return kinds[kind].title;
}

int
xf_notice_kind_parse(const char *name, xf_notice_kind *out)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < XF_NOTICE_KIND_COUNT; i++) {
		if (strcmp(name, kinds[i].name) == 0) {
			*out = (xf_notice_kind)i;
			return 0;
		}
	}
	return -1;
}

static const char *const channels[][2] = {
	{ "letter", "来信" }, { "visit", "来访" }, { "online", "网上信访" },
	{ "phone", "电话" }, { "fax", "传真" }, { "email", "电子邮件" },
};

const char *
xf_notice_channel_text(const char *channel)
{
	size_t i;

	if (channel == NULL)
		return NULL;
	for (i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strcmp(channel, channels[i][0]) == 0)
			return channels[i][1];
	return NULL;
}

/* Supervision triggers (API.md codes) → what was found, and the item of
 * 细则第十一条 it falls under. */
static const struct trigger_info {
	const char	*code;
	const char	*text;
	const char	*item;
} triggers[] = {
	{ "accept_notice_overdue", "未在规定期限内书面告知信访人是否受理",
	  "（一）" },
	{ "route_overdue", "未在规定期限内转送、交办信访事项", "（二）" },
	{ "objection_late", "未在规定期限内提出转送异议", "（二）" },
	{ "extension_invalid",
	  "延期办理不符合规定，未出具延期办理告知书或者超出延期期限", "（二）" },
	{ "handle_overdue", "未在规定期限内办结并出具信访处理意见书",
	  "（三）" },
	{ "reply_incomplete", "信访处理意见书内容不完整、格式不规范", "（三）" },
	{ "report_overdue", "交办事项未按期报送办结报告", "（三）" },
	{ "not_delivered", "信访处理意见书未按规定送达信访人", "（四）" },
	{ "not_executed", "未执行信访处理意见", "（五）" },
	{ "shirking", "在部门之间多次转办，存在推诿、拖延情形", "（六）" },
	{ "dissatisfied", "信访人评价不满意且责任单位处理不到位", "（七）" },
	{ "review_overdue", "未在规定期限内作出复查意见", "（八）" },
	{ "recheck_overdue", "未在规定期限内作出复核意见", "（八）" },
	{ "manual", "存在需要督办的情形", "（八）" },
};

static const struct trigger_info *
find_trigger(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
		if (strcmp(code, triggers[i].code) == 0)
			return &triggers[i];
	return NULL;
}

const char *
xf_notice_trigger_text(const char *trigger)
{
	const struct trigger_info *t = find_trigger(trigger);

	return t ? t->text : NULL;
}

static const char *const forms[][2] = {
	{ "online", "网上督办" }, { "phone", "电话督办" },
	{ "letter", "发函督办" }, { "interview", "约谈督办" },
	{ "onsite", "实地督办" },
};

/* The route a petitioner is sent to (条例第三十一条: 诉讼、仲裁、行政复议
 * and the like). Any other text is taken as the route itself. */
static const char *const routes[][2] = {
	{ "litigation", "向有管辖权的人民法院提起诉讼" },
	{ "arbitration", "向有管辖权的劳动人事争议仲裁委员会申请仲裁" },
	{ "reconsideration", "依法申请行政复议" },
	{ "discipline", "向有关纪检监察机关提出检举控告" },
};

/* 条例第三十二条: the three outcomes, in the article's words. */
static const char *const outcomes[][2] = {
	{ "support", "你的请求事实清楚，符合法律、法规、规章或者其他有关规定，"
	  "予以支持。" },
	{ "explain", "你的请求事由合理但缺乏法律依据，现作出如下解释说明。" },
	{ "reject", "你的请求缺乏事实根据或者不符合法律、法规、规章或者其他有关"
	  "规定，不予支持。" },
};

/* ---- composing ------------------------------------------------------------ */

typedef struct {
	char		*strs[MAX_STRS];
	size_t		 nstrs;
	const char	*paras[MAX_PARAS];
	size_t		 npara;
	int		 plural;	/* several petitioners, layout 3 on */
} store;

static const char *
own(store *st, char *s)
{
	/* Sizes are fixed by the templates below, never by input. */
	g_assert(st->nstrs < MAX_STRS);
	st->strs[st->nstrs++] = s;
	return s;
}

/* A template's text for several petitioners: each 你 that addresses the
 * petitioner becomes 你们 (not 你单位, which addresses a unit, nor a 你们
 * already). Only templates pass through here, never what users wrote. */
static char *
plural_of(const char *t)
{
	GString *g = g_string_sized_new(strlen(t) + 16);

	for (const char *q = t; *q != '\0'; q++) {
		g_string_append_c(g, *q);
		if (strncmp(q, "你", 3) != 0)
			continue;
		g_string_append_len(g, q + 1, 2);
		q += 2;
		if (strncmp(q + 1, "单位", 6) != 0 && strncmp(q + 1, "们", 3) != 0)
			g_string_append(g, "们");
	}
	return g_string_free(g, FALSE);
}

static const char *
fmt(store *st, const char *f, ...) __attribute__((format(printf, 2, 3)));

static const char *
fmt(store *st, const char *f, ...)
{
	va_list ap;
	char *s, *pf = st->plural ? plural_of(f) : NULL;

	va_start(ap, f);
	s = g_strdup_vprintf(pf != NULL ? pf : f, ap);
	va_end(ap);
	g_free(pf);
	return own(st, s);
}

/* A fixed sentence of a template (one with no arguments), for the store's
 * petitioners. */
static const char *
says(store *st, const char *t)
{
	return st->plural ? own(st, plural_of(t)) : t;
}

static void
para(store *st, const char *s)
{
	g_assert(st->npara < MAX_PARAS);
	st->paras[st->npara++] = s;
}

static const char *
date(store *st, xf_date d)
{
	char buf[32];

	return fmt(st, "%s", xf_pdf_format_date(d, buf));
}

/* s without a trailing 。/；, so a template can end the sentence itself. */
static const char *
clause(store *st, const char *s)
{
	static const char *const ends[] = { "。", "；", "，" };
	size_t n = strlen(s), i, k;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		k = strlen(ends[i]);
		if (n >= k && strcmp(s + n - k, ends[i]) == 0)
			return fmt(st, "%.*s", (int)(n - k), s);
	}
	return s;
}

static int
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static int
need_str(const char *v, const char *field, const char *label, xf_error *err)
{
	if (empty(v))
		return xf_error_set(err, XF_E_INVALID, field, "缺少%s", label);
	return 0;
}

/* XF_DATE_NONE, or 0 so that a zeroed struct means "no dates": no notice
 * ever needs 1970-01-01. */
static int
has_date(xf_date v)
{
	return v != XF_DATE_NONE && v != 0;
}

static int
need_date(xf_date v, const char *field, const char *label, xf_error *err)
{
	if (!has_date(v))
		return xf_error_set(err, XF_E_INVALID, field, "缺少%s", label);
	return 0;
}

/* ---- one builder per kind ------------------------------------------------ */

/* "你于2026年5月20日以来信形式反映的“……”事项（信访件编号：……）" */
static const char *
petition_ref(store *st, const xf_notice_data *d, const char *who)
{
	return fmt(st, "%s于%s以%s形式反映的“%s”事项（信访件编号：%s）",
	    says(st, who),
	    date(st, d->received_on), xf_notice_channel_text(d->channel),
	    d->summary, d->case_number);
}


/* The profile of a notice other than national-2022 (whose texts are the
 * ones written out below), or NULL. */
static const xf_profile *
other_profile(const xf_notice_data *d)
{
	const xf_profile *p = empty(d->profile) ? NULL :
	    xf_profile_get(d->profile);

	return p != NULL && strcmp(p->name, "national-2022") != 0 ? p : NULL;
}

/* An article as cited in running text: without the explanation in the
 * final parentheses ("…第二十六条第（二）项（接收之日起…）" → "…第二十六条
 * 第（二）项"). */
static const char *
cite(store *st, const char *article)
{
	const char *close = "）", *open = "（", *p, *last = NULL;
	size_t n = strlen(article), cl = strlen(close);

	if (n <= cl || strcmp(article + n - cl, close) != 0)
		return article;
	for (p = strstr(article, open); p != NULL; p = strstr(p + 1, open))
		last = p;
	if (last == NULL || last == article)
		return article;
	return fmt(st, "%.*s", (int)(last - article), article);
}

static int
build_receipt(store *st, const xf_notice_data *d, xf_error *err)
{
	const xf_profile *pr;

	if (need_str(d->query_code, "query_code", "查询码", err) == -1)
		return -1;
	para(st, fmt(st, "你于%s以%s形式反映的“%s”事项，本机关已于%s登记。",
	    date(st, d->received_on), xf_notice_channel_text(d->channel),
	    d->summary, date(st, d->issued_on)));
	para(st, fmt(st, "信访件编号：%s", d->case_number));
	para(st, fmt(st, "查询码：%s", d->query_code));
	para(st, fmt(st, "请妥善保管本回执。你可凭信访件编号和查询码通过%s查询"
	    "办理进展和结果，并对办理情况作出评价。查询码是查询本事项的唯一凭证，"
	    "请勿告知他人。", empty(d->query_where) ? "网上信访平台" :
	    d->query_where));
	if (d->layout >= 3 && (pr = other_profile(d)) != NULL &&
	    pr->limits[XF_DL_ROUTE].days > 0)
		/* The unit's own rule (《河南省信访条例》: 5 days). */
		para(st, fmt(st, "根据%s规定，本机关将自收到信访事项之日起%d日内"
		    "依法处理，并书面告知你接收情况以及处理途径和程序。",
		    cite(st, pr->limits[XF_DL_ROUTE].article),
		    pr->limits[XF_DL_ROUTE].days));
	else
		para(st, says(st, "根据《信访工作条例》第二十二条、第二十三条"
		    "规定，本机关将自收到信访事项之日起15日内依法处理，并书面"
		    "告知你接收情况以及处理途径和程序。"));
	return 0;
}

/* Said after a due date counted without its year's calendar (SPEC §4:
 * provisional until the State Council's arrangement is loaded). */
static void
provisional_note(store *st, const xf_notice_data *d)
{
	int y, m, dd;

	if (d->layout < 3 || !d->due_provisional)
		return;
	xf_date_to_ymd(d->due_on, &y, &m, &dd);
	para(st, fmt(st, "%d年的法定节假日安排尚未公布，上述期限暂按周末计算；"
	    "安排公布后，以依法重新计算的日期为准。", y));
}

static int
build_accept(store *st, const xf_notice_data *d, xf_error *err)
{
	const xf_profile *pr = other_profile(d);

	xf_date acc = has_date(d->accepted_on) ? d->accepted_on : d->issued_on;

	if (need_date(d->due_on, "due_on", "办理期限", err) == -1)
		return -1;
	para(st, fmt(st, "%s收悉。", petition_ref(st, d, "你")));
	/* Layout 3: the profile's article where it has one for telling the
	 * petitioner of acceptance (《信访条例》第二十二条), else its title. */
	para(st, fmt(st, "经审查，该事项属于本机关职权范围。根据%s规定，本机关"
	    "决定自%s起予以受理%s。", pr == NULL ? "《信访工作条例》第二十三条" :
	    d->layout >= 3 && pr->limits[XF_DL_ACCEPT_NOTICE].days > 0 ?
	    cite(st, pr->limits[XF_DL_ACCEPT_NOTICE].article) :
	    cite(st, pr->title), date(st, acc),
	    empty(d->handler_unit) ? "" : fmt(st, "，由%s承办",
	    d->handler_unit)));
	if (pr != NULL && !d->simple) {
		const xf_limit *h = &pr->limits[XF_DL_HANDLE];

		para(st, fmt(st, "根据%s规定，本机关将听取你的陈述，调查核实有关"
		    "情况，自%s之日起%d日内办结，并出具信访处理意见书；情况复杂"
		    "的，经本机关负责人批准，可以适当延长办理期限，%s，并告知你"
		    "延期理由。本事项办理期限至%s。", cite(st, h->article),
		    pr->handle_from_receipt ? "收到" : "受理", h->days,
		    pr->max_total_days > 0 ? fmt(st, "但办理期限最长不得超过%d日",
		    pr->max_total_days) : fmt(st, "但延长期限不得超过%d日",
		    pr->max_extension_days), date(st, d->due_on)));
	} else if (d->simple)
		para(st, fmt(st, "该事项适用简易办理程序，本机关将自受理之日起10个"
		    "工作日内出具处理意见，办理期限至%s。",
		    date(st, d->due_on)));
	else
		para(st, fmt(st, "根据《信访工作条例》第三十二条、第三十四条规定，"
		    "本机关将听取你的陈述，调查核实有关情况，自受理之日起60日内"
		    "办结，并出具信访处理意见书；情况复杂的，经本机关负责人批准，"
		    "可以适当延长办理期限，但延长期限不得超过30日，并告知你延期"
		    "理由。本事项办理期限至%s。", date(st, d->due_on)));
	provisional_note(st, d);
	para(st, says(st, "你可凭信访件编号和查询码查询办理进展。"));
	para(st, "特此告知。");
	return 0;
}

static int
build_not_accept(store *st, const xf_notice_data *d, xf_error *err)
{
	const char *route = NULL;
	size_t i;

	if (need_str(d->reason, "reason", "不予受理理由", err) == -1)
		return -1;
	if (d->bar != 0 && d->bar_article != NULL) {
		/* SPEC §3: barred items cite their own article and name no
		 * legal route. */
		para(st, fmt(st, "%s收悉。", petition_ref(st, d, "你")));
		if (d->bar == 1)
			para(st, fmt(st, "经审查，%s。你反映的事项已经复核终结，"
			    "现以同一事实和理由再次提出。依照%s规定，本机关"
			    "不再受理。", clause(st, d->reason), d->bar_article));
		else
			para(st, fmt(st, "经审查，%s。你反映的事项已由下级机关"
			    "受理、正在办理期限内。依照%s规定，本机关不予受理，"
			    "请等待办理机关的处理意见。", clause(st, d->reason),
			    d->bar_article));
		para(st, "特此告知。");
		return 0;
	}
	if (need_str(d->legal_channel, "legal_channel", "告知的法定途径",
	    err) == -1)
		return -1;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(d->legal_channel, routes[i][0]) == 0)
			route = routes[i][1];
	if (route == NULL)
		route = clause(st, d->legal_channel);
	para(st, fmt(st, "%s收悉。", petition_ref(st, d, "你")));
	para(st, fmt(st, "经审查，%s。根据《信访工作条例》第二十二条、第三十一条"
	    "规定，对依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，"
	    "应当导入相应程序处理，本机关决定不予受理。",
	    clause(st, d->reason)));
	para(st, fmt(st, "请你依照有关法律、法规规定的程序，%s。", route));
	para(st, "特此告知。");
	return 0;
}

static void
secrecy(store *st)
{
	/* 条例第三十条 and R2005 第二十三条: never to the accused. */
	para(st, "请严格遵守信访工作保密规定，不得将信访人的检举、揭发材料及有关"
	    "情况透露或者转给被检举、揭发的人员或者单位。");
}

static int
build_transfer(store *st, const xf_notice_data *d, xf_error *err)
{
	if (need_str(d->to_unit, "to_unit", "接收单位", err) == -1)
		return -1;
	para(st, fmt(st, "%s。经审查，该事项属于你单位职权范围。根据《信访工作"
	    "条例》第二十二条规定，现将该信访事项转送你单位依法处理。",
	    petition_ref(st, d, d->petitioner)));
	para(st, "根据《信访工作条例》第二十三条规定，请你单位自收到之日起15日内"
	    "书面告知信访人接收情况以及处理途径和程序；如认为不属于你单位职权"
	    "范围，请自收到之日起5个工作日内向本机关提出异议，并详细说明理由。");
	secrecy(st);
	para(st, "特此函告。");
	return 0;
}

static int
build_assign(store *st, const xf_notice_data *d, xf_error *err)
{
	if (need_str(d->to_unit, "to_unit", "承办单位", err) == -1 ||
	    need_date(d->report_due, "report_due", "办结报告期限", err) == -1)
		return -1;
	para(st, fmt(st, "%s。经审查，该事项属于你单位职权范围。根据《信访工作"
	    "条例》第二十二条规定，现将该信访事项交由你单位办理。",
	    petition_ref(st, d, d->petitioner)));
	para(st, fmt(st, "请你单位依法及时受理、办理，自收到之日起15日内书面告知"
	    "信访人接收情况以及处理途径和程序，并于%s前将办理结果反馈本机关，"
	    "提交办结报告。", date(st, d->report_due)));
	para(st, "逾期未报送办结报告的，本机关将依照《河南省教育系统信访工作"
	    "责任制实施细则（试行）》第十一条规定予以督办。");
	secrecy(st);
	return 0;
}

static int
build_objection(store *st, const xf_notice_data *d, xf_error *err)
{
	if (need_str(d->to_unit, "to_unit", "转送单位", err) == -1 ||
	    need_str(d->reason, "reason", "异议理由", err) == -1)
		return -1;
	para(st, fmt(st, "你单位转送的%s反映“%s”的信访事项（信访件编号：%s），"
	    "本机关于%s收到。", d->petitioner, d->summary, d->case_number,
	    date(st, d->received_on)));
	para(st, fmt(st, "经审查，该事项不属于本机关职权范围，理由如下：%s。",
	    clause(st, d->reason)));
	if (has_date(d->due_on) && d->issued_on > d->due_on)
		para(st, fmt(st, "根据《信访工作条例》第二十三条规定，本机关提出"
		    "异议（已超过%s届满的5个工作日异议期限），现将信访材料退回，"
		    "请你单位重新审查，依法转送有权处理的机关、单位。",
		    date(st, d->due_on)));
	else
		para(st, "根据《信访工作条例》第二十三条规定，本机关自收到之日起"
		    "5个工作日内提出异议，现将信访材料退回，请你单位重新审查，"
		    "依法转送有权处理的机关、单位。");
	para(st, "特此函告。");
	return 0;
}

static int
build_extension(store *st, const xf_notice_data *d, xf_error *err)
{
	/* The profile's longest extension (《河南省信访条例》 allows 60). */
	const xf_profile *pr = empty(d->profile) ? NULL :
	    xf_profile_get(d->profile);
	int max = pr != NULL ? pr->max_extension_days : 30;

	if (need_date(d->accepted_on, "accepted_on", "受理日期", err) == -1 ||
	    need_str(d->reason, "reason", "延期理由", err) == -1 ||
	    need_date(d->due_on, "due_on", "延长后的办理期限", err) == -1)
		return -1;

	if (d->extend_days < 1 || d->extend_days > max)
		return xf_error_set(err, XF_E_INVALID, "extend_days",
		    "延长期限应为1至%d日", max);
	para(st, fmt(st, "你于%s反映的“%s”事项（信访件编号：%s），本机关已于%s"
	    "依法受理。", date(st, d->received_on), d->summary,
	    d->case_number, date(st, d->accepted_on)));
	para(st, fmt(st, "因%s，该事项在规定期限内难以办结。根据%s规定，经本机关"
	    "负责人批准，办理期限延长%d日，至%s。", clause(st, d->reason),
	    other_profile(d) ? cite(st, other_profile(d)->extension_article) :
	    "《信访工作条例》第三十四条", d->extend_days,
	    date(st, d->due_on)));
	provisional_note(st, d);
	para(st, says(st, "本机关将在延长的期限内办结，并向你出具信访处理意见书。"));
	para(st, "特此告知。");
	return 0;
}

/* The four parts 条例第三十二条 requires of an opinion. */
static int
opinion_body(store *st, const xf_notice_data *d, const char *const head[3],
    xf_error *err)
{
	const char *sentence = NULL;
	size_t i;

	if (need_str(d->outcome, "outcome", "处理结果", err) == -1 ||
	    need_str(d->request, "request", "信访请求", err) == -1 ||
	    need_str(d->facts, "facts", "事实和理由", err) == -1 ||
	    need_str(d->decision, "decision", "处理意见", err) == -1 ||
	    need_str(d->basis, "basis", "法律法规依据", err) == -1)
		return -1;
	for (i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (strcmp(d->outcome, outcomes[i][0]) == 0)
			sentence = outcomes[i][1];
	if (sentence == NULL)
		return xf_error_set(err, XF_E_INVALID, "outcome",
		    "处理结果应为支持、解释说明或不予支持");
	para(st, head[0]);
	para(st, d->request);
	para(st, head[1]);
	para(st, d->facts);
	para(st, head[2]);
	para(st, fmt(st, "经研究，%s", says(st, sentence)));
	para(st, d->decision);
	if (strcmp(d->outcome, "support") == 0 && has_date(d->execute_by))
		para(st, fmt(st, "本机关将督促有关单位于%s前落实上述意见。",
		    date(st, d->execute_by)));
	para(st, "四、法律法规依据");
	para(st, d->basis);
	return 0;
}

static int
build_reply(store *st, const xf_notice_data *d, xf_error *err)
{
	static const char *const head[3] = { "一、信访请求", "二、事实和理由",
	    "三、处理意见" };

	if (need_date(d->accepted_on, "accepted_on", "受理日期", err) == -1 ||
	    need_str(d->review_body, "review_body", "复查机关", err) == -1)
		return -1;
	const xf_profile *pr = other_profile(d);

	para(st, fmt(st, "%s，本机关于%s依法受理。经调查核实，根据%s规定，现提出"
	    "处理意见如下：", petition_ref(st, d, "你"), date(st, d->accepted_on),
	    pr ? cite(st, pr->limits[XF_DL_HANDLE].article) :
	    "《信访工作条例》第三十二条"));
	if (opinion_body(st, d, head, err) == -1)
		return -1;
	para(st, fmt(st, "根据%s规定，如对本处理意见不服，可自收到本意见书之日起"
	    "%d日内向%s请求复查。", pr ? cite(st,
	    pr->limits[XF_DL_REVIEW_REQUEST].article) :
	    "《信访工作条例》第三十五条", pr ?
	    pr->limits[XF_DL_REVIEW_REQUEST].days : 30, d->review_body));
	return 0;
}

static int
build_review(store *st, const xf_notice_data *d, xf_error *err)
{
	static const char *const head[3] = { "一、复查请求",
	    "二、复查认定的事实和理由", "三、复查意见" };

	if (need_str(d->prior_unit, "prior_unit", "原办理机关", err) == -1 ||
	    need_date(d->prior_on, "prior_on", "原处理意见日期", err) == -1 ||
	    need_date(d->request_on, "request_on", "复查请求日期", err) == -1 ||
	    (!d->final_review &&
	    need_str(d->review_body, "review_body", "复核机关", err) == -1))
		return -1;
	para(st, fmt(st, "你不服%s于%s作出的信访处理意见（信访件编号：%s），于%s"
	    "向本机关提出复查请求。根据%s规定，本机关对该事项进行了复查，现提出"
	    "复查意见如下：", d->prior_unit, date(st, d->prior_on),
	    d->case_number, date(st, d->request_on), other_profile(d) ?
	    cite(st, other_profile(d)->limits[XF_DL_REVIEW].article) :
	    "《信访工作条例》第三十五条"));
	if (opinion_body(st, d, head, err) == -1)
		return -1;
	if (d->final_review) {
		/* 《河南省信访条例》(2012) has no 复核: the review closes it. */
		para(st, "本复查意见为终结意见。信访人对复查意见不服，仍以同一事实"
		    "和理由提出投诉请求的，不再受理。");
		return 0;
	}
	para(st, fmt(st, "根据《信访工作条例》第三十六条规定，如对本复查意见不服，"
	    "可自收到本意见书之日起30日内向%s请求复核。", d->review_body));
	return 0;
}

static int
build_recheck(store *st, const xf_notice_data *d, xf_error *err)
{
	static const char *const head[3] = { "一、复核请求",
	    "二、复核认定的事实和理由", "三、复核意见" };

	if (need_str(d->prior_unit, "prior_unit", "复查机关", err) == -1 ||
	    need_date(d->prior_on, "prior_on", "复查意见日期", err) == -1 ||
	    need_date(d->request_on, "request_on", "复核请求日期", err) == -1)
		return -1;
	para(st, fmt(st, "你不服%s于%s作出的复查意见（信访件编号：%s），于%s向本"
	    "机关提出复核请求。根据《信访工作条例》第三十六条规定，本机关对该"
	    "事项进行了复核，现提出复核意见如下：", d->prior_unit,
	    date(st, d->prior_on), d->case_number, date(st, d->request_on)));
	if (opinion_body(st, d, head, err) == -1)
		return -1;
	para(st, "本复核意见为终结意见。根据《信访工作条例》第三十六条规定，"
	    "信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理。");
	return 0;
}

static int
build_supervision(store *st, const xf_notice_data *d, xf_error *err)
{
	const struct trigger_info *t;
	const char *form = "发函督办";
	size_t i;

	if (need_str(d->to_unit, "to_unit", "督办对象单位", err) == -1 ||
	    need_str(d->trigger, "trigger", "督办事由", err) == -1 ||
	    need_str(d->problem, "problem", "发现的问题", err) == -1 ||
	    need_str(d->suggestions, "suggestions", "改进建议", err) == -1 ||
	    need_date(d->reply_due, "reply_due", "反馈期限", err) == -1)
		return -1;
	if ((t = find_trigger(d->trigger)) == NULL)
		return xf_error_set(err, XF_E_INVALID, "trigger",
		    "未知的督办事由");
	if (!empty(d->form)) {
		for (i = 0, form = NULL; i < sizeof(forms) / sizeof(forms[0]);
		    i++)
			if (strcmp(d->form, forms[i][0]) == 0)
				form = forms[i][1];
		if (form == NULL)
			return xf_error_set(err, XF_E_INVALID, "form",
			    "未知的督办形式");
	}
	para(st, fmt(st, "%s于%s反映的“%s”信访事项（信访件编号：%s），经查，你单位"
	    "%s。根据《河南省教育系统信访工作责任制实施细则（试行）》第十一条"
	    "第%s项和《信访工作条例》第四十条规定，现予%s。", d->petitioner,
	    date(st, d->received_on), d->summary, d->case_number, t->text,
	    t->item, form));
	para(st, "一、发现的问题");
	para(st, d->problem);
	para(st, "二、改进建议");
	para(st, d->suggestions);
	para(st, "三、办理要求");
	para(st, fmt(st, "请你单位高度重视，认真核查，依法及时处理，并于%s前将办理"
	    "情况和改进建议采纳情况书面反馈本机关。督办结果将录入信访信息系统并"
	    "归档备案。", date(st, d->reply_due)));
	para(st, "特此函告。");
	return 0;
}

/* ---- entry points ---------------------------------------------------------- */

static void
store_free(store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nstrs; i++)
		g_free(st->strs[i]);
	free(st);
}

void
xf_notice_doc_free(xf_pdf_doc *doc)
{
	if (doc == NULL)
		return;
	store_free(doc->owned);
	memset(doc, 0, sizeof(*doc));
	doc->issued_on = XF_DATE_NONE;
	doc->printed_on = XF_DATE_NONE;
}

int
xf_notice_build(xf_notice_kind kind, const xf_notice_data *d, xf_pdf_doc *out,
    xf_error *err)
{
	store *st = NULL;
	int to_person, rc;

	memset(out, 0, sizeof(*out));
	out->issued_on = XF_DATE_NONE;
	out->printed_on = XF_DATE_NONE;
	if ((unsigned)kind >= XF_NOTICE_KIND_COUNT)
		return xf_error_set(err, XF_E_INVALID, "kind", "未知的文书类型");
	if (d == NULL)
		return xf_error_set(err, XF_E_INVALID, NULL, "缺少案件数据");
	if (need_str(d->unit_name, "unit_name", "发文单位", err) == -1 ||
	    need_date(d->issued_on, "issued_on", "成文日期", err) == -1 ||
	    need_str(d->case_number, "case_number", "信访件编号", err) == -1 ||
	    need_str(d->petitioner, "petitioner", "信访人姓名", err) == -1 ||
	    need_date(d->received_on, "received_on", "收到日期", err) == -1 ||
	    need_str(d->summary, "summary", "信访事项摘要", err) == -1)
		return -1;
	/* The petition's channel appears where the notice retells how it came. */
	if (kind != XF_NOTICE_OBJECTION && kind != XF_NOTICE_SUPERVISION &&
	    kind != XF_NOTICE_EXTENSION && kind != XF_NOTICE_REVIEW &&
	    kind != XF_NOTICE_RECHECK && xf_notice_channel_text(d->channel) ==
	    NULL)
		return xf_error_set(err, XF_E_INVALID, "channel",
		    empty(d->channel) ? "缺少信访形式" : "未知的信访形式");

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "内存不足");
	st->plural = d->layout >= 3 && d->plural;
	switch (kind) {
	case XF_NOTICE_RECEIPT:		rc = build_receipt(st, d, err); break;
	case XF_NOTICE_ACCEPT:		rc = build_accept(st, d, err); break;
	case XF_NOTICE_NOT_ACCEPT:	rc = build_not_accept(st, d, err); break;
	case XF_NOTICE_TRANSFER:	rc = build_transfer(st, d, err); break;
	case XF_NOTICE_ASSIGN:		rc = build_assign(st, d, err); break;
	case XF_NOTICE_OBJECTION:	rc = build_objection(st, d, err); break;
	case XF_NOTICE_EXTENSION:	rc = build_extension(st, d, err); break;
	case XF_NOTICE_REPLY:		rc = build_reply(st, d, err); break;
	case XF_NOTICE_REVIEW:		rc = build_review(st, d, err); break;
	case XF_NOTICE_RECHECK:		rc = build_recheck(st, d, err); break;
	case XF_NOTICE_SUPERVISION:	rc = build_supervision(st, d, err); break;
	default:			rc = -1; break;
	}
	if (rc == -1)
		goto fail;

	to_person = kind != XF_NOTICE_TRANSFER && kind != XF_NOTICE_ASSIGN &&
	    kind != XF_NOTICE_OBJECTION && kind != XF_NOTICE_SUPERVISION;
	out->authority = d->unit_name;
	out->doc_number = d->doc_number;
	out->title = kinds[kind].title;
	out->recipient = to_person ? d->petitioner : d->to_unit;
	out->paragraphs = st->paras;
	out->nparagraphs = st->npara;
	if (kind == XF_NOTICE_TRANSFER || kind == XF_NOTICE_ASSIGN ||
	    kind == XF_NOTICE_OBJECTION)
		out->attachment = fmt(st, "信访材料（信访件编号：%s）",
		    d->case_number);
	out->signature = d->unit_name;
	out->layout = d->layout;
	out->issued_on = d->issued_on;
	out->note = d->contact;
	out->cc = d->cc;
	out->printer = d->printer;
	out->printed_on = XF_DATE_NONE;
	out->owned = st;
	return 0;
fail:
	store_free(st);
	return -1;
}

int
xf_notice_render(xf_notice_kind kind, const xf_notice_data *d,
    unsigned char **pdf, size_t *pdflen, xf_error *err)
{
	xf_pdf_doc doc;
	int rc;

	*pdf = NULL;
	*pdflen = 0;
	if (xf_notice_build(kind, d, &doc, err) == -1)
		return -1;
	rc = xf_pdf_render(&doc, pdf, pdflen, err);
	xf_notice_doc_free(&doc);
	return rc;
}

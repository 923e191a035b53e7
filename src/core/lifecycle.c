/* The case lifecycle: SPEC §3 (states and actions), §4 (clocks), §7
 * (confidential routing). Every number comes from the case's rule profile;
 * nothing here knows "15" or "60".
 *
 * Shape: xf_lifecycle_apply copies the case into a struct op, checks the
 * state (409), then the per-action handler checks actor (403), date and
 * fields (422/404) and changes the copy; only a fully successful action is
 * copied back, so a refusal never leaves a half-changed case. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lifecycle.h"
#include "period.h"
#include "profile.h"

#define MAX_DEPTH	32	/* unit tree depth bound: a cycle in bad data
				 * must not hang us */

/* Role sets. Routing and closing are the petition office's (信访干部) or a
 * leader's; handling steps may also be done by the handler (承办人). */
#define R_ROUTE		(XF_ROLE_OFFICER | XF_ROLE_LEADER)
#define R_HANDLE	(XF_ROLE_OFFICER | XF_ROLE_LEADER | XF_ROLE_HANDLER)

/* ---- names ----------------------------------------------------------------- */

static const char *const status_names[XF_ST_COUNT] = {
	"registered", "transferred", "not_accepted", "referred", "handling",
	"replied", "review", "reviewed", "recheck", "closed",
};
static const char *const status_labels[XF_ST_COUNT] = {
	"已登记", "已转出", "不予受理", "已转纪检监察", "办理中",
	"已答复", "复查中", "已复查", "复核中", "已办结",
};
static const char *const channel_names[XF_CH_COUNT] = {
	"letter", "visit", "online", "phone", "fax", "email",
};
static const char *const channel_labels[XF_CH_COUNT] = {
	"来信", "来访", "网上", "电话", "传真", "电子邮件",
};
static const char *const class_names[XF_CLASS_COUNT] = {
	"suggestion", "accusation", "claim",
};
static const char *const outcome_names[XF_OUTCOME_COUNT] = {
	"", "support", "explain", "reject",
};
static const char *const outcome_labels[XF_OUTCOME_COUNT] = {
	"", "支持", "解释说明", "不予支持",
};
static const char *const method_names[XF_DELIVER_COUNT] = {
	"", "in_person", "mail", "electronic",
};
static const char *const method_labels[XF_DELIVER_COUNT] = {
	"", "直接送达", "邮寄送达", "电子送达",
};
static const char *const level_names[] = { "", "reply", "review", "recheck" };
static const char *const close_names[XF_CLOSE_COUNT] = {
	"", "mediated", "lapsed", "final",
};
static const char *const dls_names[XF_DLS_COUNT] = {
	"open", "met", "overdue", "cancelled",
};
static const char *const ulevel_names[XF_ULEVEL_COUNT] = {
	"", "province", "city", "county", "school",
};
static const char *const ukind_names[XF_UKIND_COUNT] = {
	"", "authority", "department", "school", "university", "direct",
	"discipline",
};
static const char *const role_names[] = {
	"admin", "officer", "handler", "leader", "supervisor", "viewer",
	"petitioner", "system",
};
#define NROLES ((int)(sizeof(role_names) / sizeof(role_names[0])))

static const char *const action_names[XF_ACT_COUNT] = {
	"transfer", "assign", "object", "not_accept", "refer", "accept",
	"set_lead", "extend", "pause", "resume", "reply", "mediate",
	"deliver", "execute", "request_review", "review_decision",
	"request_recheck", "recheck_decision", "close", "archive",
};
static const char *const action_labels[XF_ACT_COUNT] = {
	"转送", "交办", "提出异议", "不予受理", "转纪检监察机构", "受理",
	"调整主办部门", "延期", "中止", "恢复", "答复", "调解结案",
	"送达", "执行", "申请复查", "作出复查意见",
	"申请复核", "作出复核意见", "结案", "归档",
};

static const char *
name_at(const char *const *tab, int n, int i)
{
	if (i < 0 || i >= n)
		return "";
	return tab[i];
}

/* Index of s in tab[first..n), or -1. Slot 0 of some tables is the "none"
 * value, which is never a valid input. */
static int
name_find(const char *const *tab, int first, int n, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = first; i < n; i++)
		if (strcmp(s, tab[i]) == 0)
			return i;
	return -1;
}

const char *xf_status_name(xf_status s)
{ return name_at(status_names, XF_ST_COUNT, (int)s); }
int xf_status_parse(const char *s)
{ return name_find(status_names, 0, XF_ST_COUNT, s); }
int
xf_status_ended(xf_status s)
{
	return s == XF_ST_CLOSED || s == XF_ST_NOT_ACCEPTED ||
	    s == XF_ST_TRANSFERRED || s == XF_ST_REFERRED;
}

const char *xf_status_label(xf_status s)
{ return name_at(status_labels, XF_ST_COUNT, (int)s); }
const char *xf_channel_name(xf_channel ch)
{ return name_at(channel_names, XF_CH_COUNT, (int)ch); }
int xf_channel_parse(const char *s)
{ return name_find(channel_names, 0, XF_CH_COUNT, s); }
const char *xf_class_name(xf_class k)
{ return name_at(class_names, XF_CLASS_COUNT, (int)k); }
int xf_class_parse(const char *s)
{ return name_find(class_names, 0, XF_CLASS_COUNT, s); }
const char *xf_outcome_name(xf_outcome o)
{ return name_at(outcome_names, XF_OUTCOME_COUNT, (int)o); }
int xf_outcome_parse(const char *s)
{ return name_find(outcome_names, 1, XF_OUTCOME_COUNT, s); }
const char *xf_deliver_method_name(xf_deliver_method m)
{ return name_at(method_names, XF_DELIVER_COUNT, (int)m); }
int xf_deliver_method_parse(const char *s)
{ return name_find(method_names, 1, XF_DELIVER_COUNT, s); }
const char *xf_reply_level_name(xf_reply_level l)
{ return name_at(level_names, 4, (int)l); }
const char *xf_close_reason_name(xf_close_reason r)
{ return name_at(close_names, XF_CLOSE_COUNT, (int)r); }
int xf_close_reason_parse(const char *s)
{ return name_find(close_names, 1, XF_CLOSE_COUNT, s); }
const char *xf_dl_state_name(xf_dl_state s)
{ return name_at(dls_names, XF_DLS_COUNT, (int)s); }
const char *xf_unit_level_name(xf_unit_level l)
{ return name_at(ulevel_names, XF_ULEVEL_COUNT, (int)l); }
int xf_unit_level_parse(const char *s)
{ return name_find(ulevel_names, 1, XF_ULEVEL_COUNT, s); }
const char *xf_unit_kind_name(xf_unit_kind k)
{ return name_at(ukind_names, XF_UKIND_COUNT, (int)k); }
int xf_unit_kind_parse(const char *s)
{ return name_find(ukind_names, 1, XF_UKIND_COUNT, s); }
const char *xf_action_name(xf_action_code a)
{ return name_at(action_names, XF_ACT_COUNT, (int)a); }
int xf_action_parse(const char *s)
{ return name_find(action_names, 0, XF_ACT_COUNT, s); }
const char *xf_action_label(xf_action_code a)
{ return name_at(action_labels, XF_ACT_COUNT, (int)a); }

const char *
xf_role_name(unsigned role_bit)
{
	int i;

	for (i = 0; i < NROLES; i++)
		if (role_bit == (1u << i))
			return role_names[i];
	return "";
}

int
xf_role_parse(const char *s)
{
	int i = name_find(role_names, 0, NROLES, s);

	return i < 0 ? -1 : (int)(1u << i);
}

/* ---- the case value -------------------------------------------------------- */

void
xf_case_init(xf_case *c)
{
	memset(c, 0, sizeof(*c));
	c->status = XF_ST_REGISTERED;
	c->headcount = 1;
	c->received_on = c->registered_on = c->received_on_here =
	    XF_DATE_NONE;
	c->report_due = c->accepted_on = c->extended_on = XF_DATE_NONE;
	c->replied_on = c->execute_by = c->executed_on = XF_DATE_NONE;
	c->delivered_on = c->first_replied_on = XF_DATE_NONE;
	c->review_requested_on = c->recheck_requested_on = XF_DATE_NONE;
	c->ended_on = c->closed_on = c->archived_on = XF_DATE_NONE;
	snprintf(c->profile, sizeof(c->profile), "%s", XF_PROFILE_DEFAULT);
	c->next_seq = 1;
}

static int
is_window(xf_dl_kind k)
{
	return k == XF_DL_OBJECTION || k == XF_DL_REVIEW_REQUEST ||
	    k == XF_DL_RECHECK_REQUEST;
}

xf_dl_state
xf_case_deadline_state(const xf_deadline *d, xf_date today)
{
	if (d->state != XF_DLS_OPEN)
		return d->state;
	if (!is_window(d->kind) && d->due != XF_DATE_NONE && today > d->due)
		return XF_DLS_OVERDUE;
	return XF_DLS_OPEN;
}

int
xf_case_is_overdue(const xf_case *c, xf_date today)
{
	int i;

	for (i = 0; i < c->ndl && i < XF_CASE_MAX_DEADLINES; i++)
		if (xf_case_deadline_state(&c->dl[i], today) ==
		    XF_DLS_OVERDUE)
			return 1;
	return 0;
}

static xf_deadline *
dl_open(xf_case *c, xf_dl_kind k)
{
	int i;

	for (i = c->ndl - 1; i >= 0; i--)
		if (c->dl[i].kind == k && c->dl[i].state == XF_DLS_OPEN)
			return &c->dl[i];
	return NULL;
}

const xf_deadline *
xf_case_open_deadline(const xf_case *c, xf_dl_kind k)
{
	return dl_open((xf_case *)c, k);
}

int
xf_deadline_late(const xf_deadline *d, xf_date on)
{
	return d->due != XF_DATE_NONE && !d->provisional && on > d->due;
}

static xf_case_pause *
open_pause(xf_case *c)
{
	int i;

	for (i = 0; i < c->npauses && i < XF_CASE_MAX_PAUSES; i++)
		if (c->pauses[i].span.resumed == XF_DATE_NONE)
			return &c->pauses[i];
	return NULL;
}

int
xf_case_is_paused(const xf_case *c)
{
	return open_pause((xf_case *)c) != NULL;
}

/* ---- small helpers --------------------------------------------------------- */

/* A text is present when it has a character other than ASCII white space
 * and the ideographic space U+3000 (E3 80 80), which IMEs type freely. */
static int
present(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p == NULL)
		return 0;
	while (*p != '\0') {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else
			return 1;
	}
	return 0;
}

/* Copies src into dst[n], cutting at a UTF-8 character boundary. */
static void
copy_text(char *dst, size_t n, const char *src)
{
	size_t len;

	if (n == 0)
		return;
	if (src == NULL)
		src = "";
	len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Date as text for messages; a small ring so several fit in one printf. */
static const char *
ds(xf_date d)
{
	static _Thread_local char ring[4][11];
	static _Thread_local int k;
	char *b = ring[k++ & 3];

	if (d == XF_DATE_NONE)
		return "（未定）";
	xf_date_format(d, b);
	return b;
}

static const xf_profile *
profile_of(const char *name)
{
	const xf_profile *p = xf_profile_get(name);

	return p != NULL ? p : xf_profile_get(XF_PROFILE_DEFAULT);
}

/* ---- the unit tree, through the store's callbacks --------------------------- */

static int
unit_get(const xf_lc_ctx *ctx, int64_t id, xf_unit_info *u, xf_error *err)
{
	memset(u, 0, sizeof(*u));
	if (id <= 0)
		return 0;
	if (ctx->unit == NULL || ctx->unit(ctx->ud, id, u) == -1)
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "读取单位信息失败");
	if (u->exists)
		u->id = id;
	return 0;
}

/* The body (机关、学校) a unit belongs to: itself, or for a department
 * (内设机构) the nearest ancestor that is not one. A department never owns
 * a case: its acts are its authority's. */
static int
body_of(const xf_lc_ctx *ctx, int64_t id, xf_unit_info *out, xf_error *err)
{
	xf_unit_info u;
	int depth;

	memset(out, 0, sizeof(*out));
	for (depth = 0; depth < MAX_DEPTH; depth++) {
		if (unit_get(ctx, id, &u, err) == -1)
			return -1;
		if (!u.exists)
			return 0;
		if (u.kind != XF_UKIND_DEPARTMENT || u.parent_id <= 0) {
			*out = u;
			return 0;
		}
		id = u.parent_id;
	}
	return xf_error_set(err, XF_E_INTERNAL, NULL, "单位层级数据有误");
}

/* 1 if unit id is root or lies below it. */
static int
in_subtree(const xf_lc_ctx *ctx, int64_t id, int64_t root, int *res,
    xf_error *err)
{
	xf_unit_info u;
	int depth;

	*res = 0;
	for (depth = 0; depth < MAX_DEPTH && id > 0; depth++) {
		if (id == root) {
			*res = 1;
			return 0;
		}
		if (unit_get(ctx, id, &u, err) == -1)
			return -1;
		if (!u.exists)
			return 0;
		id = u.parent_id;
	}
	return 0;
}

static const char *
unit_name(const xf_unit_info *u, char *buf, size_t n)
{
	if (u->exists && u->name[0] != '\0')
		copy_text(buf, n, u->name);
	else
		snprintf(buf, n, "单位%lld", (long long)u->id);
	return buf;
}

static void
set_profile(xf_case *c, const xf_unit_info *u)
{
	const char *p = u->profile[0] != '\0' &&
	    xf_profile_get(u->profile) != NULL ? u->profile :
	    XF_PROFILE_DEFAULT;

	copy_text(c->profile, sizeof(c->profile), p);
}

/* ---- the working state of one call ------------------------------------------ */

struct op {
	const xf_lc_ctx	*ctx;
	const xf_action	*a;
	xf_case		 c;	/* working copy */
	xf_date		 date;	/* the action's date */
	const xf_profile *prof;	/* c.profile's */
	xf_lc_result	 res;
	xf_error	*err;
};

static void
summary(struct op *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
summary(struct op *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	copy_text(o->res.summary, sizeof(o->res.summary), tmp);
}

/* ---- deadlines -------------------------------------------------------------- */

/* Due date of d from its start, count, extension and the pauses of its
 * clock. `resume_at`, if not NONE, stands in for the end of a still-open
 * pause ("what would the due be if the pause ended then"). */
static int
dl_due(const xf_calendar *cal, const xf_case *c, const xf_deadline *d,
    xf_date resume_at, xf_date *due, int *prov, xf_error *err)
{
	xf_pause ps[XF_CASE_MAX_PAUSES];
	xf_period p;
	size_t n = 0;
	int i, rc;

	for (i = 0; i < c->npauses && i < XF_CASE_MAX_PAUSES; i++) {
		if (c->pauses[i].kind != d->kind ||
		    c->pauses[i].span.paused < d->start)
			continue;
		ps[n] = c->pauses[i].span;
		if (ps[n].resumed == XF_DATE_NONE && resume_at != XF_DATE_NONE)
			ps[n].resumed = resume_at;
		n++;
	}
	memset(&p, 0, sizeof(p));
	p.event = d->start;
	p.days = d->days;
	p.unit = d->unit;
	p.extension = d->extension;
	p.pauses = n > 0 ? ps : NULL;
	p.npauses = n;
	*prov = 0;
	rc = xf_period_due(cal, &p, 1, due, prov, err);
	if (rc == -1)
		return -1;
	if (rc == 1)
		*due = XF_DATE_NONE;
	return 0;
}

static int
dl_compute(const xf_calendar *cal, const xf_case *c, xf_deadline *d,
    xf_error *err)
{
	xf_date due;
	int prov;

	if (d->days < 0)	/* set by a decision, not counted */
		return 0;
	if (dl_due(cal, c, d, XF_DATE_NONE, &due, &prov, err) == -1)
		return -1;
	d->due = due;
	d->provisional = prov;
	return 0;
}

/* Appends a deadline, making room by dropping the oldest finished one. */
static xf_deadline *
dl_push(struct op *o)
{
	xf_case *c = &o->c;
	int i;

	if (c->ndl >= XF_CASE_MAX_DEADLINES) {
		for (i = 0; i < c->ndl; i++)
			if (c->dl[i].state != XF_DLS_OPEN)
				break;
		if (i == c->ndl) {
			xf_error_set(o->err, XF_E_INTERNAL, NULL,
			    "本事项未结期限过多");
			return NULL;
		}
		memmove(&c->dl[i], &c->dl[i + 1],
		    (size_t)(c->ndl - i - 1) * sizeof(c->dl[0]));
		c->ndl--;
	}
	if (c->next_seq < 1)
		c->next_seq = 1;
	memset(&c->dl[c->ndl], 0, sizeof(c->dl[0]));
	c->dl[c->ndl].seq = c->next_seq++;
	return &c->dl[c->ndl++];
}

/* Opens the profile's deadline of kind k counted from `start`; a step the
 * profile does not have (days -1) opens nothing. */
static int
dl_add(struct op *o, xf_dl_kind k, xf_date start, int days,
    xf_period_unit unit, const char *article)
{
	xf_deadline *d;

	if (days < 0)
		return 0;
	if ((d = dl_push(o)) == NULL)
		return -1;
	d->kind = k;
	d->unit_id = o->c.unit_id;
	d->start = start;
	d->days = days;
	d->unit = unit;
	d->due = XF_DATE_NONE;
	d->met_on = XF_DATE_NONE;
	d->state = XF_DLS_OPEN;
	copy_text(d->profile, sizeof(d->profile), o->prof->name);
	copy_text(d->article, sizeof(d->article), article);
	return dl_compute(o->ctx->cal, &o->c, d, o->err);
}

static int
dl_add_limit(struct op *o, xf_dl_kind k, xf_date start)
{
	const xf_limit *l = &o->prof->limits[k];

	return dl_add(o, k, start, l->days, l->unit, l->article);
}

/* A deadline whose date a decision fixed (execute_by). */
static int
dl_add_fixed(struct op *o, xf_dl_kind k, xf_date start, xf_date due)
{
	xf_deadline *d;

	if ((d = dl_push(o)) == NULL)
		return -1;
	d->kind = k;
	d->unit_id = o->c.unit_id;
	d->start = start;
	d->days = -1;
	d->unit = XF_UNIT_CALENDAR;
	d->due = due;
	d->met_on = XF_DATE_NONE;
	d->state = XF_DLS_OPEN;
	copy_text(d->profile, sizeof(d->profile), o->prof->name);
	copy_text(d->article, sizeof(d->article), o->prof->limits[k].article);
	return 0;
}

static void
dl_meet(xf_case *c, xf_dl_kind k, xf_date on)
{
	int i;

	for (i = 0; i < c->ndl; i++)
		if (c->dl[i].kind == k && c->dl[i].state == XF_DLS_OPEN) {
			c->dl[i].state = XF_DLS_MET;
			c->dl[i].met_on = on;
		}
}

static void
dl_cancel(xf_case *c, xf_dl_kind k)
{
	int i;

	for (i = 0; i < c->ndl; i++)
		if (c->dl[i].kind == k && c->dl[i].state == XF_DLS_OPEN)
			c->dl[i].state = XF_DLS_CANCELLED;
}

/* The clock of the current step: handling, 复查 or 复核. */
static xf_dl_kind
step_kind(xf_status s)
{
	switch (s) {
	case XF_ST_REVIEW:
		return XF_DL_REVIEW;
	case XF_ST_RECHECK:
		return XF_DL_RECHECK;
	default:
		return XF_DL_HANDLE;
	}
}

static xf_date
step_start(const xf_case *c)
{
	switch (c->status) {
	case XF_ST_REVIEW:
		return c->review_requested_on;
	case XF_ST_RECHECK:
		return c->recheck_requested_on;
	default:
		return c->accepted_on;
	}
}

/* The last day a pause of this step ended, or NONE. */
static xf_date
last_resumed(const xf_case *c, xf_dl_kind k)
{
	xf_date last = XF_DATE_NONE;
	int i;

	for (i = 0; i < c->npauses && i < XF_CASE_MAX_PAUSES; i++)
		if (c->pauses[i].kind == k &&
		    c->pauses[i].span.resumed != XF_DATE_NONE &&
		    (last == XF_DATE_NONE || c->pauses[i].span.resumed > last))
			last = c->pauses[i].span.resumed;
	return last;
}

/* ---- common checks ----------------------------------------------------------- */

/* Who may take each action: routing, acceptance and archive by the petition
 * office and leaders; the handling steps and close also by the departments'
 * handlers; a review request also through the portal, by the petitioner. */
static const unsigned act_roles[XF_ACT_COUNT] = {
	[XF_ACT_TRANSFER] = R_ROUTE,
	[XF_ACT_ASSIGN] = R_ROUTE,
	[XF_ACT_OBJECT] = R_ROUTE,
	[XF_ACT_NOT_ACCEPT] = R_ROUTE,
	[XF_ACT_REFER] = R_ROUTE,
	[XF_ACT_ACCEPT] = R_ROUTE,
	[XF_ACT_SET_LEAD] = R_ROUTE,
	[XF_ACT_EXTEND] = R_HANDLE,
	[XF_ACT_PAUSE] = R_HANDLE,
	[XF_ACT_RESUME] = R_HANDLE,
	[XF_ACT_REPLY] = R_HANDLE,
	[XF_ACT_MEDIATE] = R_HANDLE,
	[XF_ACT_DELIVER] = R_HANDLE,
	[XF_ACT_EXECUTE] = R_HANDLE,
	[XF_ACT_REQUEST_REVIEW] = R_ROUTE | XF_ROLE_PETITIONER,
	[XF_ACT_REVIEW_DECISION] = R_HANDLE,
	[XF_ACT_REQUEST_RECHECK] = R_ROUTE | XF_ROLE_PETITIONER,
	[XF_ACT_RECHECK_DECISION] = R_HANDLE,
	[XF_ACT_CLOSE] = R_HANDLE,
	[XF_ACT_ARCHIVE] = R_ROUTE,
};

unsigned
xf_lifecycle_roles(xf_action_code code)
{
	return (unsigned)code < XF_ACT_COUNT ? act_roles[code] : 0;
}

/* The actor must hold one of the action's roles and sit in `body` (the
 * authority or one of its departments) or in body2. Admin may do anything;
 * the portal only what the action's roles name for it. */
static int
check_actor_in(struct op *o, int64_t body, int64_t body2)
{
	const xf_actor *ac = &o->ctx->actor;
	unsigned roles = xf_lifecycle_roles(o->a->code);
	xf_unit_info b;
	char nm[128];

	if (ac->roles & XF_ROLE_ADMIN)
		return 0;
	if ((ac->roles & roles) == 0)
		return xf_error_set(o->err, XF_E_FORBIDDEN, NULL,
		    "您的角色不能办理“%s”", xf_action_label(o->a->code));
	if (ac->roles & roles & (XF_ROLE_PETITIONER | XF_ROLE_SYSTEM))
		return 0;
	if (body_of(o->ctx, ac->unit_id, &b, o->err) == -1)
		return -1;
	if (b.exists && (b.id == body || (body2 > 0 && b.id == body2)))
		return 0;
	if (unit_get(o->ctx, body, &b, o->err) == -1)
		return -1;
	return xf_error_set(o->err, XF_E_FORBIDDEN, NULL,
	    "只有%s的工作人员可以办理“%s”", unit_name(&b, nm, sizeof(nm)),
	    xf_action_label(o->a->code));
}

static int
check_actor(struct op *o)
{
	return check_actor_in(o, o->c.unit_id, 0);
}

/* The action's date: not in the future, not before the step it follows. */
static int
check_date(struct op *o, xf_date floor, const char *what)
{
	if (o->date > o->ctx->today)
		return xf_error_set(o->err, XF_E_INVALID, "date",
		    "日期（%s）不能晚于今天（%s）", ds(o->date),
		    ds(o->ctx->today));
	if (floor != XF_DATE_NONE && o->date < floor)
		return xf_error_set(o->err, XF_E_INVALID, "date",
		    "日期（%s）不能早于%s（%s）", ds(o->date), what,
		    ds(floor));
	return 0;
}

static int
require(struct op *o, const char *text, const char *field, const char *msg)
{
	if (!present(text))
		return xf_error_set(o->err, XF_E_INVALID, field, "%s", msg);
	return 0;
}

/* §7: an accusation is never routed to the accused unit or inside it. */
static int
check_confidential(struct op *o, int64_t target, const char *field)
{
	int inside;

	if (!o->c.confidential || o->c.respondent_unit_id <= 0 || target <= 0)
		return 0;
	if (in_subtree(o->ctx, target, o->c.respondent_unit_id, &inside,
	    o->err) == -1)
		return -1;
	if (inside)
		return xf_error_set(o->err, XF_E_INVALID, field,
		    "检举控告事项不得转送、交办给被检举单位");
	return 0;
}

/* A target unit of the system: known and still active. An unknown one is
 * a field that fails validation (422, as a registration's respondent
 * unit), not a missing resource of the path (404). */
static int
target_unit(struct op *o, int64_t id, const char *field, const char *what,
    xf_unit_info *u)
{
	if (id <= 0)
		return xf_error_set(o->err, XF_E_INVALID, field, "请选择%s",
		    what);
	if (unit_get(o->ctx, id, u, o->err) == -1)
		return -1;
	if (!u->exists)
		return xf_error_set(o->err, XF_E_INVALID, field,
		    "%s不存在", what);
	if (!u->active)
		return xf_error_set(o->err, XF_E_INVALID, field,
		    "%s已撤销或合并", what);
	return 0;
}

/* ---- the state table ------------------------------------------------------------
 * SPEC §3 / API.md "allowed in", plus the finer conditions that are facts of
 * the case rather than of the request. */
static int
check_transition(const xf_case *c, xf_action_code code, xf_error *err)
{
	const xf_profile *prof = profile_of(c->profile);
	xf_status s = c->status;
	int ok;

	switch (code) {
	case XF_ACT_TRANSFER:
	case XF_ACT_ASSIGN:
	case XF_ACT_NOT_ACCEPT:
	case XF_ACT_ACCEPT:
		ok = s == XF_ST_REGISTERED;
		break;
	case XF_ACT_OBJECT:
		ok = s == XF_ST_REGISTERED;
		if (ok && (c->from_unit_id <= 0 ||
		    xf_case_open_deadline(c, XF_DL_OBJECTION) == NULL))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "只有经转送、交办收到且尚在异议期内未作处理的事项才能提出异议");
		break;
	case XF_ACT_REFER:
		ok = s == XF_ST_REGISTERED;
		if (ok && c->cls != XF_CLASS_ACCUSATION)
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "只有检举控告类事项可以转纪检监察机构");
		break;
	case XF_ACT_SET_LEAD:
	case XF_ACT_EXTEND:
		ok = s == XF_ST_HANDLING;
		/* While paused the handling period has no due date to extend
		 * (nor one the extension notice could state): it is extended
		 * after resuming. */
		if (ok && code == XF_ACT_EXTEND && xf_case_is_paused(c))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "办理已中止，须先恢复办理再延期");
		break;
	case XF_ACT_REPLY:
	case XF_ACT_MEDIATE:
	case XF_ACT_REVIEW_DECISION:
	case XF_ACT_RECHECK_DECISION:
		ok = s == (code == XF_ACT_REVIEW_DECISION ? XF_ST_REVIEW :
		    code == XF_ACT_RECHECK_DECISION ? XF_ST_RECHECK :
		    XF_ST_HANDLING);
		if (ok && xf_case_is_paused(c))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "办理已中止，须先恢复办理");
		break;
	case XF_ACT_PAUSE:
	case XF_ACT_RESUME:
		ok = s == XF_ST_HANDLING || s == XF_ST_REVIEW ||
		    s == XF_ST_RECHECK;
		if (ok && code == XF_ACT_PAUSE && xf_case_is_paused(c))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "办理已处于中止状态");
		if (ok && code == XF_ACT_RESUME && !xf_case_is_paused(c))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "办理未中止，无需恢复");
		break;
	case XF_ACT_DELIVER:
		/* A 复核意见 closes the case and is still delivered. */
		ok = s == XF_ST_REPLIED || s == XF_ST_REVIEWED ||
		    (s == XF_ST_CLOSED && c->reply_level == XF_LEVEL_RECHECK);
		if (ok && c->delivered_on != XF_DATE_NONE)
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "该意见已于%s送达", ds(c->delivered_on));
		break;
	case XF_ACT_EXECUTE:
		ok = s == XF_ST_REPLIED || s == XF_ST_REVIEW ||
		    s == XF_ST_REVIEWED || s == XF_ST_RECHECK ||
		    s == XF_ST_CLOSED;
		if (ok && xf_case_open_deadline(c, XF_DL_EXECUTE) == NULL)
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "没有待执行的支持意见");
		break;
	case XF_ACT_REQUEST_REVIEW:
		ok = s == XF_ST_REPLIED;
		break;
	case XF_ACT_REQUEST_RECHECK:
		if ((s == XF_ST_REVIEWED || s == XF_ST_CLOSED) &&
		    !prof->has_recheck)
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "本事项适用%s，没有复核程序，复查意见即为终结意见",
			    prof->title);
		ok = s == XF_ST_REVIEWED;
		break;
	case XF_ACT_CLOSE:
		ok = s == XF_ST_HANDLING || s == XF_ST_REPLIED ||
		    s == XF_ST_REVIEWED;
		if (ok && s == XF_ST_HANDLING && xf_case_is_paused(c))
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "办理已中止，须先恢复办理");
		break;
	case XF_ACT_ARCHIVE:
		ok = s == XF_ST_CLOSED;
		if (ok && c->archived)
			return xf_error_set(err, XF_E_TRANSITION, "action",
			    "本事项已于%s归档", ds(c->archived_on));
		break;
	default:
		return xf_error_set(err, XF_E_INVALID, "action", "未知的操作");
	}
	if (!ok)
		return xf_error_set(err, XF_E_TRANSITION, "action",
		    "事项当前状态为“%s”，不能%s", xf_status_label(s),
		    xf_action_label(code));
	return 0;
}

int
xf_lifecycle_allowed(const xf_case *c, xf_action_code code)
{
	return check_transition(c, code, NULL) == 0;
}

/* ---- routing: transfer, assign, object, not_accept, refer, accept ------------------ */

static int
do_route(struct op *o)
{
	const xf_action *a = o->a;
	xf_case *c = &o->c;
	int assign = a->code == XF_ACT_ASSIGN;
	const char *what = assign ? "交办单位" : "转送单位";
	xf_unit_info to, tb;
	int64_t from = c->unit_id;
	char nm[128];

	if (check_actor(o) == -1 ||
	    check_date(o, c->received_on_here, "收到日期") == -1)
		return -1;
	if (a->to_unit_id <= 0 && present(a->to_body)) {
		if (assign)
			return xf_error_set(o->err, XF_E_INVALID,
			    "to_unit_id", "交办只能交给本系统内的单位");
		/* Sent outside the system: this unit's part ends here. */
		dl_meet(c, XF_DL_ROUTE, o->date);
		dl_meet(c, XF_DL_ACCEPT_NOTICE, o->date);
		dl_cancel(c, XF_DL_OBJECTION);
		c->status = XF_ST_TRANSFERRED;
		c->ended_on = o->date;
		c->transfer_count++;
		copy_text(o->res.document, sizeof(o->res.document),
		    "transfer_letter");
		/* The petitioner is told where it went (SPEC §3, R2022
		 * 22): the summary is the step the portal shows. */
		copy_text(nm, sizeof(nm), a->to_body);
		summary(o, "转送系统外有权处理机关：%s", nm);
		return 0;
	}
	if (target_unit(o, a->to_unit_id, "to_unit_id", what, &to) == -1)
		return -1;
	if (to.kind == XF_UKIND_DISCIPLINE)
		return xf_error_set(o->err, XF_E_INVALID, "to_unit_id",
		    "转纪检监察机构请使用“转纪检监察机构”操作");
	if (body_of(o->ctx, to.id, &tb, o->err) == -1)
		return -1;
	if (!tb.exists || tb.id == c->unit_id)
		return xf_error_set(o->err, XF_E_INVALID, "to_unit_id",
		    "不能%s给本单位；本单位办理的请受理后指定主办部门",
		    assign ? "交办" : "转送");
	if (check_confidential(o, to.id, "to_unit_id") == -1)
		return -1;
	if (assign) {
		if (a->report_due == XF_DATE_NONE)
			return xf_error_set(o->err, XF_E_INVALID,
			    "report_due", "交办须指定报告办理结果的期限");
		if (a->report_due <= o->date)
			return xf_error_set(o->err, XF_E_INVALID,
			    "report_due", "报告期限（%s）须晚于交办日期（%s）",
			    ds(a->report_due), ds(o->date));
	}

	/* The sender's clock is met; the receiver gets its own (R2022 23). */
	dl_meet(c, XF_DL_ROUTE, o->date);
	dl_meet(c, XF_DL_ACCEPT_NOTICE, o->date);
	dl_cancel(c, XF_DL_OBJECTION);
	c->from_unit_id = from;
	c->unit_id = tb.id;
	c->lead_unit_id = to.kind == XF_UKIND_DEPARTMENT ? to.id : 0;
	c->nco = 0;
	c->received_on_here = o->date;
	c->assigned = assign;
	c->report_due = assign ? a->report_due : XF_DATE_NONE;
	c->transfer_count++;
	set_profile(c, &tb);
	o->prof = profile_of(c->profile);
	if (dl_add_limit(o, XF_DL_ACCEPT_NOTICE, o->date) == -1 ||
	    dl_add_limit(o, XF_DL_OBJECTION, o->date) == -1)
		return -1;
	copy_text(o->res.document, sizeof(o->res.document),
	    assign ? "assign_letter" : "transfer_letter");
	if (assign)
		summary(o, "交办%s，报告期限%s", unit_name(&to, nm,
		    sizeof(nm)), ds(a->report_due));
	else
		summary(o, "转送%s", unit_name(&to, nm, sizeof(nm)));
	return 0;
}

static int
do_object(struct op *o)
{
	xf_case *c = &o->c;
	xf_deadline *w = dl_open(c, XF_DL_OBJECTION);
	xf_unit_info back;
	xf_date late = XF_DATE_NONE;
	char nm[128];
	int64_t here = c->unit_id;

	if (check_actor(o) == -1 ||
	    check_date(o, c->received_on_here, "收到日期") == -1)
		return -1;
	/* A late objection is still the receiving unit's word and goes
	 * back: the 5 working days are the unit's duty, not the
	 * petitioner's right, and missing them is supervised (SPEC §5,
	 * objection_late: the window met after its due date), as a late
	 * transfer is. */
	if (require(o, o->a->reason, "reason", "请详细说明异议理由") == -1)
		return -1;
	if (w != NULL && w->due != XF_DATE_NONE && o->date > w->due)
		late = w->due;
	if (body_of(o->ctx, c->from_unit_id, &back, o->err) == -1)
		return -1;
	if (!back.exists)
		return xf_error_set(o->err, XF_E_INVALID, "action",
		    "原转送单位已不存在，无法退回");

	dl_meet(c, XF_DL_OBJECTION, o->date);
	dl_cancel(c, XF_DL_ACCEPT_NOTICE);
	c->from_unit_id = here;
	c->unit_id = back.id;
	c->lead_unit_id = 0;
	c->nco = 0;
	c->received_on_here = o->date;
	c->assigned = 0;
	c->report_due = XF_DATE_NONE;
	c->transfer_count++;
	set_profile(c, &back);
	o->prof = profile_of(c->profile);
	/* Back at the sender, which must route it again. */
	if (dl_add_limit(o, XF_DL_ROUTE, o->date) == -1)
		return -1;
	copy_text(o->res.document, sizeof(o->res.document),
	    "objection_letter");
	if (late != XF_DATE_NONE)
		summary(o, "提出异议（超过异议期限%s），退回%s", ds(late),
		    unit_name(&back, nm, sizeof(nm)));
	else
		summary(o, "提出异议，退回%s", unit_name(&back, nm,
		    sizeof(nm)));
	return 0;
}

static int
do_not_accept(struct op *o)
{
	xf_case *c = &o->c;
	char ch[96];

	if (check_actor(o) == -1 ||
	    check_date(o, c->received_on_here, "收到日期") == -1 ||
	    require(o, o->a->reason, "reason", "请说明不予受理的理由") == -1 ||
	    require(o, o->a->channel, "channel",
	    "请写明告知信访人的法定途径（如诉讼、仲裁、行政复议）") == -1)
		return -1;
	dl_meet(c, XF_DL_ROUTE, o->date);
	dl_meet(c, XF_DL_ACCEPT_NOTICE, o->date);
	dl_cancel(c, XF_DL_OBJECTION);
	c->status = XF_ST_NOT_ACCEPTED;
	c->ended_on = o->date;
	copy_text(ch, sizeof(ch), o->a->channel);
	copy_text(o->res.document, sizeof(o->res.document),
	    "not_accept_notice");
	if (o->a->bar == 1)
		summary(o, "不再受理（已复核终结的同一事项）");
	else if (o->a->bar == 2)
		summary(o, "不予受理（同一事项正由下级机关办理）");
	else
		summary(o, "不予受理，告知信访人通过%s途径解决", ch);
	return 0;
}

static int
do_refer(struct op *o)
{
	xf_case *c = &o->c;
	xf_unit_info to;
	char nm[128];

	if (check_actor(o) == -1 ||
	    check_date(o, c->received_on_here, "收到日期") == -1 ||
	    target_unit(o, o->a->to_unit_id, "to_unit_id", "纪检监察机构",
	    &to) == -1)
		return -1;
	if (to.kind != XF_UKIND_DISCIPLINE)
		return xf_error_set(o->err, XF_E_INVALID, "to_unit_id",
		    "检举控告事项只能转送纪检监察机构");
	if (check_confidential(o, to.id, "to_unit_id") == -1)
		return -1;
	dl_meet(c, XF_DL_ROUTE, o->date);
	dl_meet(c, XF_DL_ACCEPT_NOTICE, o->date);
	dl_cancel(c, XF_DL_OBJECTION);
	c->from_unit_id = c->unit_id;
	c->unit_id = to.id;
	c->lead_unit_id = 0;
	c->nco = 0;
	c->status = XF_ST_REFERRED;
	c->ended_on = o->date;
	copy_text(o->res.document, sizeof(o->res.document),
	    "transfer_letter");
	summary(o, "转%s处理", unit_name(&to, nm, sizeof(nm)));
	return 0;
}

/* Lead (主办) and co-departments (协办): the lead is the owner itself or one
 * of its departments; co-departments are any active units other than the
 * lead. Neither may be inside the accused unit (§7). */
/* Whether unit id is root or lies below it (at most 16 levels up). */
static int
below_or_self(struct op *o, int64_t id, int64_t root)
{
	xf_unit_info u;
	xf_error e;

	for (int depth = 0; id > 0 && depth < 16; depth++) {
		if (id == root)
			return 1;
		if (unit_get(o->ctx, id, &u, &e) == -1 || !u.exists)
			return 0;
		id = u.parent_id;
	}
	return 0;
}

static int
set_lead(struct op *o, int64_t *lead_out, int64_t *co, int *nco)
{
	const xf_action *a = o->a;
	xf_unit_info u, b;
	size_t i, j;
	/* Default: the department a transfer named, else the owner. */
	int64_t lead = a->lead_unit_id > 0 ? a->lead_unit_id :
	    o->c.lead_unit_id > 0 ? o->c.lead_unit_id : o->c.unit_id;

	if (target_unit(o, lead, "lead_unit_id", "主办部门", &u) == -1 ||
	    body_of(o->ctx, lead, &b, o->err) == -1)
		return -1;
	if (!b.exists || b.id != o->c.unit_id)
		return xf_error_set(o->err, XF_E_INVALID, "lead_unit_id",
		    "主办部门须为本单位或其内设机构");
	if (check_confidential(o, lead, "lead_unit_id") == -1)
		return -1;
	*lead_out = lead;
	if (a->co_unit_ids == NULL)
		return 0;
	if (a->nco > XF_CASE_MAX_CO)
		return xf_error_set(o->err, XF_E_INVALID, "co_unit_ids",
		    "协办单位不能超过%d个", XF_CASE_MAX_CO);
	for (i = 0; i < a->nco; i++) {
		if (target_unit(o, a->co_unit_ids[i], "co_unit_ids",
		    "协办单位", &u) == -1)
			return -1;
		/* 第八条: the unit that accepted it works with its own
		 * departments and the units below it, not another authority's. */
		if (!below_or_self(o, a->co_unit_ids[i], o->c.unit_id))
			return xf_error_set(o->err, XF_E_INVALID, "co_unit_ids",
			    "协办单位须为本单位、其内设机构或下级单位");
		if (a->co_unit_ids[i] == lead)
			return xf_error_set(o->err, XF_E_INVALID,
			    "co_unit_ids", "协办单位不能与主办部门相同");
		for (j = 0; j < i; j++)
			if (a->co_unit_ids[j] == a->co_unit_ids[i])
				return xf_error_set(o->err, XF_E_INVALID,
				    "co_unit_ids", "协办单位重复");
		if (check_confidential(o, a->co_unit_ids[i],
		    "co_unit_ids") == -1)
			return -1;
		co[i] = a->co_unit_ids[i];
	}
	*nco = (int)a->nco;
	return 0;
}

static int
do_accept(struct op *o)
{
	xf_case *c = &o->c;
	const xf_profile *p = o->prof;
	int64_t lead = 0, co[XF_CASE_MAX_CO];
	int nco = 0, i;
	xf_date start;
	xf_unit_info lu;
	char nm[128];

	if (check_actor(o) == -1 ||
	    check_date(o, c->received_on_here, "收到日期") == -1)
		return -1;
	if (o->a->simple && p->simple_days < 0)
		return xf_error_set(o->err, XF_E_INVALID, "simple",
		    "%s没有简易办理程序", p->title);
	if (set_lead(o, &lead, co, &nco) == -1)
		return -1;

	dl_meet(c, XF_DL_ROUTE, o->date);
	dl_meet(c, XF_DL_ACCEPT_NOTICE, o->date);
	dl_cancel(c, XF_DL_OBJECTION);
	c->status = XF_ST_HANDLING;
	c->accepted_on = o->date;
	c->simple = o->a->simple ? 1 : 0;
	c->lead_unit_id = lead;
	c->nco = nco;
	for (i = 0; i < nco; i++)
		c->co_unit_ids[i] = co[i];
	/* henan-2012 counts handling from receipt (接收之日), the others
	 * from acceptance (自受理之日起). */
	start = p->handle_from_receipt ? c->received_on_here : o->date;
	if (c->simple) {
		if (dl_add(o, XF_DL_HANDLE, start, p->simple_days,
		    XF_UNIT_WORKING, p->simple_article) == -1)
			return -1;
	} else if (dl_add_limit(o, XF_DL_HANDLE, start) == -1)
		return -1;
	if (unit_get(o->ctx, lead, &lu, o->err) == -1)
		return -1;
	copy_text(o->res.document, sizeof(o->res.document), "accept_notice");
	summary(o, "受理%s，主办：%s", c->simple ? "（简易办理）" : "",
	    unit_name(&lu, nm, sizeof(nm)));
	return 0;
}

static int
do_set_lead(struct op *o)
{
	xf_case *c = &o->c;
	int64_t lead = 0, co[XF_CASE_MAX_CO];
	int nco = 0, i;
	xf_unit_info lu;
	char nm[128];

	if (check_actor(o) == -1 ||
	    check_date(o, c->accepted_on, "受理日期") == -1)
		return -1;
	if (o->a->lead_unit_id <= 0 && o->a->co_unit_ids == NULL)
		return xf_error_set(o->err, XF_E_INVALID, "lead_unit_id",
		    "请指定主办部门或协办单位");
	if (o->a->lead_unit_id <= 0) {
		/* Only the co-departments change. */
		struct op tmp = *o;
		xf_action a2 = *o->a;

		a2.lead_unit_id = c->lead_unit_id;
		tmp.a = &a2;
		if (set_lead(&tmp, &lead, co, &nco) == -1)
			return -1;
	} else if (set_lead(o, &lead, co, &nco) == -1)
		return -1;
	if (lead != c->lead_unit_id)
		c->transfer_count++;	/* a move without a decision (推诿) */
	c->lead_unit_id = lead;
	if (o->a->co_unit_ids != NULL) {
		c->nco = nco;
		for (i = 0; i < nco; i++)
			c->co_unit_ids[i] = co[i];
	}
	if (unit_get(o->ctx, lead, &lu, o->err) == -1)
		return -1;
	summary(o, "主办部门：%s，协办单位%d个", unit_name(&lu, nm,
	    sizeof(nm)), c->nco);
	return 0;
}

/* ---- handling: extend, pause, resume --------------------------------------------- */

static int
do_extend(struct op *o)
{
	const xf_action *a = o->a;
	xf_case *c = &o->c;
	const xf_profile *p = profile_of(c->profile);
	xf_deadline *h = dl_open(c, XF_DL_HANDLE);
	xf_user_info u;
	xf_unit_info owner;
	xf_date due;
	int prov;
	char nm[128];

	if (check_actor(o) == -1 ||
	    check_date(o, c->accepted_on, "受理日期") == -1)
		return -1;
	/* "Once, on or before the due date" is where API.md allows extend:
	 * outside it the action is not allowed in the case's state (409),
	 * as a late 复查/复核 request is; a bad day count is the field's
	 * (422). */
	if (c->extended)
		return xf_error_set(o->err, XF_E_TRANSITION, "action",
		    "办理期限只能延长一次，本事项已于%s延期",
		    ds(c->extended_on));
	if (h == NULL)
		return xf_error_set(o->err, XF_E_TRANSITION, "action",
		    "本事项没有进行中的办理期限");
	if (a->days < 1 || a->days > p->max_extension_days)
		return xf_error_set(o->err, XF_E_INVALID, "days",
		    "延长期限应为1至%d日（%s）", p->max_extension_days,
		    p->extension_article);
	if (p->max_total_days > 0 && h->days + a->days > p->max_total_days)
		return xf_error_set(o->err, XF_E_INVALID, "days",
		    "办理期限连同延长不得超过%d日（%s）", p->max_total_days,
		    p->extension_article);
	/* "On or before the due date" (not while paused: check_transition). */
	if (dl_due(o->ctx->cal, c, h, o->date, &due, &prov, o->err) == -1)
		return -1;
	if (due != XF_DATE_NONE && o->date > due)
		return xf_error_set(o->err, XF_E_TRANSITION, "date",
		    "办理期限已于%s届满，不能再延期", ds(due));
	if (require(o, a->reason, "reason", "请说明延期理由") == -1)
		return -1;
	if (a->approved_by <= 0)
		return xf_error_set(o->err, XF_E_INVALID, "approved_by",
		    "延期须经本机关负责人批准");
	memset(&u, 0, sizeof(u));
	if (o->ctx->user == NULL ||
	    o->ctx->user(o->ctx->ud, a->approved_by, &u) == -1)
		return xf_error_set(o->err, XF_E_INTERNAL, NULL,
		    "读取用户信息失败");
	if (unit_get(o->ctx, c->unit_id, &owner, o->err) == -1)
		return -1;
	if (!u.exists)
		return xf_error_set(o->err, XF_E_INVALID, "approved_by",
		    "审批人不存在");
	/* R2022 34: 经本行政机关负责人批准 — a leader of the authority
	 * itself, not of one of its departments. */
	if (!(u.roles & XF_ROLE_LEADER) || u.unit_id != c->unit_id)
		return xf_error_set(o->err, XF_E_INVALID, "approved_by",
		    "审批人须为%s的负责人", unit_name(&owner, nm,
		    sizeof(nm)));

	h->extension = a->days;
	if (strstr(h->article, p->extension_article) == NULL &&
	    strlen(h->article) + strlen(p->extension_article) + 4 <
	    sizeof(h->article)) {
		strcat(h->article, "；");
		strcat(h->article, p->extension_article);
	}
	if (dl_compute(o->ctx->cal, c, h, o->err) == -1)
		return -1;
	c->extended = 1;
	c->extension_days = a->days;
	c->extended_on = o->date;
	c->approved_by = a->approved_by;
	copy_text(o->res.document, sizeof(o->res.document),
	    "extension_notice");
	summary(o, "延长办理期限%d日，办理期限至%s", a->days, ds(h->due));
	return 0;
}

static int
do_pause(struct op *o)
{
	xf_case *c = &o->c;
	xf_dl_kind k = step_kind(c->status);
	xf_date floor = last_resumed(c, k);
	xf_deadline *d;

	if (floor == XF_DATE_NONE || floor < step_start(c))
		floor = step_start(c);
	if (check_actor(o) == -1 ||
	    check_date(o, floor, "本阶段开始或上次恢复日期") == -1 ||
	    require(o, o->a->reason, "reason",
	    "请说明中止理由（如听证、鉴定）") == -1)
		return -1;
	if (c->npauses >= XF_CASE_MAX_PAUSES)
		return xf_error_set(o->err, XF_E_INVALID, "action",
		    "中止次数已达上限（%d次）", XF_CASE_MAX_PAUSES);
	/* A pause stops a running clock; one that has run out stays run
	 * out (paused after it, the step would no longer be overdue). */
	if ((d = dl_open(c, k)) != NULL && d->due != XF_DATE_NONE &&
	    o->date > d->due)
		return xf_error_set(o->err, XF_E_INVALID, "date",
		    "期限已于%s届满，不能再中止", ds(d->due));
	c->pauses[c->npauses].kind = k;
	c->pauses[c->npauses].span.paused = o->date;
	c->pauses[c->npauses].span.resumed = XF_DATE_NONE;
	c->npauses++;
	if (d != NULL && dl_compute(o->ctx->cal, c, d, o->err) == -1)
		return -1;
	summary(o, "中止办理，期限停止计算");
	return 0;
}

static int
do_resume(struct op *o)
{
	xf_case *c = &o->c;
	xf_case_pause *cp = open_pause(c);
	xf_deadline *d;

	/* check_transition made sure a pause is open. */
	if (check_actor(o) == -1 ||
	    check_date(o, cp->span.paused, "中止日期") == -1 ||
	    require(o, o->a->reason, "reason",
	    "请说明恢复办理的理由（如听证结束、鉴定完成）") == -1)
		return -1;
	cp->span.resumed = o->date;
	if ((d = dl_open(c, cp->kind)) != NULL) {
		if (dl_compute(o->ctx->cal, c, d, o->err) == -1)
			return -1;
		summary(o, "恢复办理（中止%d日），期限至%s",
		    (int)(cp->span.resumed - cp->span.paused), ds(d->due));
	} else
		summary(o, "恢复办理（中止%d日）",
		    (int)(cp->span.resumed - cp->span.paused));
	return 0;
}

/* ---- decisions: reply, review_decision, recheck_decision ------------------------------ */

static int
do_decision(struct op *o)
{
	const xf_action *a = o->a;
	xf_case *c = &o->c;
	xf_dl_kind k = step_kind(c->status);
	xf_date floor = last_resumed(c, k);
	const char *doc, *what;

	if (floor == XF_DATE_NONE || floor < step_start(c))
		floor = step_start(c);
	if (check_actor(o) == -1 ||
	    check_date(o, floor, c->status == XF_ST_HANDLING ? "受理日期" :
	    "收到申请日期或恢复日期") == -1)
		return -1;
	if (a->outcome <= XF_OUTCOME_NONE || a->outcome >= XF_OUTCOME_COUNT)
		return xf_error_set(o->err, XF_E_INVALID, "outcome",
		    "请选择处理意见：支持、解释说明或不予支持");
	/* R2022 32 and the 处理意见书 template: every part is required. */
	if (require(o, a->request, "request", "意见书缺少信访请求") == -1 ||
	    require(o, a->facts, "facts", "意见书缺少事实和理由") == -1 ||
	    require(o, a->decision, "decision", "意见书缺少处理意见") == -1 ||
	    require(o, a->basis, "basis", "意见书缺少法律法规依据") == -1)
		return -1;
	if (a->outcome == XF_OUTCOME_SUPPORT) {
		if (a->execute_by == XF_DATE_NONE)
			return xf_error_set(o->err, XF_E_INVALID,
			    "execute_by", "支持的意见须写明执行期限");
		if (a->execute_by < o->date)
			return xf_error_set(o->err, XF_E_INVALID,
			    "execute_by", "执行期限（%s）不能早于意见日期（%s）",
			    ds(a->execute_by), ds(o->date));
	}

	dl_meet(c, k, o->date);
	dl_cancel(c, XF_DL_EXECUTE);	/* superseded by this decision */
	dl_cancel(c, XF_DL_DELIVERY);
	c->outcome = a->outcome;
	c->replied_on = o->date;
	c->execute_by = a->outcome == XF_OUTCOME_SUPPORT ? a->execute_by :
	    XF_DATE_NONE;
	c->executed_on = XF_DATE_NONE;
	c->delivered_on = XF_DATE_NONE;
	c->delivery_method = XF_DELIVER_NONE;
	switch (c->status) {
	case XF_ST_HANDLING:
		c->status = XF_ST_REPLIED;
		c->reply_level = XF_LEVEL_REPLY;
		c->reply_unit_id = c->unit_id;
		c->first_replied_on = o->date;
		doc = "reply";
		what = "答复";
		break;
	case XF_ST_REVIEW:
		c->status = XF_ST_REVIEWED;
		c->reply_level = XF_LEVEL_REVIEW;
		c->review_unit_id = c->unit_id;
		doc = "review_opinion";
		what = "复查意见";
		break;
	default:
		/* 复核意见 ends the matter (R2022 36). */
		c->status = XF_ST_CLOSED;
		c->reply_level = XF_LEVEL_RECHECK;
		c->recheck_unit_id = c->unit_id;
		c->close_reason = XF_CLOSE_FINAL;
		c->closed_on = o->date;
		doc = "recheck_opinion";
		what = "复核意见（终结）";
		break;
	}
	if (dl_add_limit(o, XF_DL_DELIVERY, o->date) == -1)
		return -1;
	if (a->outcome == XF_OUTCOME_SUPPORT &&
	    dl_add_fixed(o, XF_DL_EXECUTE, o->date, a->execute_by) == -1)
		return -1;
	copy_text(o->res.document, sizeof(o->res.document), doc);
	if (a->outcome == XF_OUTCOME_SUPPORT)
		summary(o, "%s：%s，执行期限%s", what,
		    outcome_labels[a->outcome], ds(a->execute_by));
	else
		summary(o, "%s：%s", what, outcome_labels[a->outcome]);
	return 0;
}

static int
close_case(struct op *o, xf_close_reason r)
{
	o->c.status = XF_ST_CLOSED;
	o->c.close_reason = r;
	o->c.closed_on = o->date;
	return 0;
}

static int
do_mediate(struct op *o)
{
	xf_case *c = &o->c;
	xf_date floor = last_resumed(c, XF_DL_HANDLE);

	if (floor == XF_DATE_NONE || floor < c->accepted_on)
		floor = c->accepted_on;
	if (check_actor(o) == -1 ||
	    check_date(o, floor, "受理或恢复日期") == -1)
		return -1;
	dl_meet(c, XF_DL_HANDLE, o->date);
	close_case(o, XF_CLOSE_MEDIATED);
	summary(o, "经调解（和解）达成协议，结案");
	return 0;
}

/* ---- after a decision: deliver, execute, request_review/recheck, close ---------------- */

static int
do_deliver(struct op *o)
{
	const xf_action *a = o->a;
	xf_case *c = &o->c;
	const xf_profile *p = o->prof;

	if (check_actor(o) == -1 ||
	    check_date(o, c->replied_on, "意见作出日期") == -1)
		return -1;
	if (a->method <= XF_DELIVER_NONE || a->method >= XF_DELIVER_COUNT)
		return xf_error_set(o->err, XF_E_INVALID, "method",
		    "请选择送达方式：直接送达、邮寄送达或电子送达");
	if (require(o, a->proof, "proof",
	    "请提供送达凭证（送达回证、挂号信单号或电子送达记录）") == -1)
		return -1;
	dl_meet(c, XF_DL_DELIVERY, o->date);
	c->delivered_on = o->date;
	c->delivery_method = a->method;
	/* The petitioner's window runs from receipt of the written opinion
	 * (自收到书面答复之日起). */
	switch (c->reply_level) {
	case XF_LEVEL_REPLY:
		if (dl_add_limit(o, XF_DL_REVIEW_REQUEST, o->date) == -1)
			return -1;
		summary(o, "处理意见书已%s", method_labels[a->method]);
		break;
	case XF_LEVEL_REVIEW:
		if (p->has_recheck &&
		    p->limits[XF_DL_RECHECK_REQUEST].days >= 0) {
			if (dl_add_limit(o, XF_DL_RECHECK_REQUEST,
			    o->date) == -1)
				return -1;
			summary(o, "复查意见书已%s", method_labels[a->method]);
		} else {
			/* No 复核 in this profile: the review opinion is
			 * final once delivered. */
			close_case(o, XF_CLOSE_FINAL);
			summary(o, "复查意见书已%s；%s无复核程序，事项终结",
			    method_labels[a->method], p->title);
		}
		break;
	default:
		summary(o, "复核意见书已%s", method_labels[a->method]);
		break;
	}
	return 0;
}

static int
do_execute(struct op *o)
{
	xf_case *c = &o->c;
	xf_deadline *d = dl_open(c, XF_DL_EXECUTE);

	/* The unit whose supported decision it is may record it, or the
	 * owner now (the review body watching it). */
	if (check_actor_in(o, c->unit_id, d->unit_id) == -1 ||
	    check_date(o, d->start, "意见作出日期") == -1)
		return -1;
	dl_meet(c, XF_DL_EXECUTE, o->date);
	c->executed_on = o->date;
	summary(o, "支持意见已执行%s", o->date > d->due ? "（逾期）" : "");
	return 0;
}

/* The authority one level above the body that made the last decision: a
 * department's decision is its authority's, and the level above is again
 * a body, never a department. */
static int
level_above(struct op *o, int64_t decided_by, xf_unit_info *up)
{
	xf_unit_info b;
	char nm[128];
	int review = o->a->code == XF_ACT_REQUEST_REVIEW;

	if (body_of(o->ctx, decided_by, &b, o->err) == -1)
		return -1;
	if (!b.exists)
		return xf_error_set(o->err, XF_E_INTERNAL, NULL,
		    "作出意见的单位不存在");
	if (b.parent_id <= 0 ||
	    body_of(o->ctx, b.parent_id, up, o->err) == -1 || !up->exists)
		return xf_error_set(o->err, XF_E_TRANSITION, "action",
		    "%s已是最高一级机关，没有上一级机关受理%s申请",
		    unit_name(&b, nm, sizeof(nm)), review ? "复查" : "复核");
	return 0;
}

static int
do_request(struct op *o)
{
	xf_case *c = &o->c;
	int review = o->a->code == XF_ACT_REQUEST_REVIEW;
	const char *what = review ? "复查" : "复核";
	xf_dl_kind wk = review ? XF_DL_REVIEW_REQUEST : XF_DL_RECHECK_REQUEST;
	xf_deadline *w = dl_open(c, wk);
	xf_unit_info up;
	char nm[128];
	int64_t from = c->unit_id;

	if (level_above(o, review ? c->reply_unit_id : c->review_unit_id,
	    &up) == -1)
		return -1;
	if (check_actor_in(o, c->unit_id, up.id) == -1 ||
	    check_date(o, c->delivered_on != XF_DATE_NONE ? c->delivered_on :
	    c->replied_on, c->delivered_on != XF_DATE_NONE ? "送达日期" :
	    "意见作出日期") == -1)
		return -1;
	if (c->delivered_on != XF_DATE_NONE && w == NULL)
		return xf_error_set(o->err, XF_E_TRANSITION, "action",
		    "本事项适用的规则没有%s程序", what);
	if (w != NULL && xf_deadline_late(w, o->date))
		return xf_error_set(o->err, XF_E_TRANSITION, "date",
		    "已超过%s申请期限（%s）", what, ds(w->due));

	dl_meet(c, wk, o->date);
	/* A request made before delivery was recorded shows the opinion
	 * reached the petitioner; nothing is left to deliver. */
	dl_cancel(c, XF_DL_DELIVERY);
	c->from_unit_id = from;
	c->unit_id = up.id;
	c->lead_unit_id = 0;
	c->nco = 0;
	c->received_on_here = o->date;
	set_profile(c, &up);
	o->prof = profile_of(c->profile);
	if (review) {
		c->status = XF_ST_REVIEW;
		c->review_requested_on = o->date;
	} else {
		c->status = XF_ST_RECHECK;
		c->recheck_requested_on = o->date;
	}
	if (dl_add_limit(o, review ? XF_DL_REVIEW : XF_DL_RECHECK,
	    o->date) == -1)
		return -1;
	summary(o, "信访人申请%s，由%s%s", what, unit_name(&up, nm,
	    sizeof(nm)), what);
	return 0;
}

static int
do_close(struct op *o)
{
	xf_case *c = &o->c;
	xf_deadline *w;
	int r;

	if (check_actor(o) == -1)
		return -1;
	if (!present(o->a->reason))
		return xf_error_set(o->err, XF_E_INVALID, "reason",
		    "请选择结案原因：调解结案（mediated）或期满未申请复查、复核（lapsed）");
	/* The code, or a Chinese reason that says which (the UI may send the
	 * label: "调解结案", "期满未申请复查"). */
	r = xf_close_reason_parse(o->a->reason);
	if (r < 0 && (strstr(o->a->reason, "调解") != NULL ||
	    strstr(o->a->reason, "和解") != NULL))
		r = XF_CLOSE_MEDIATED;
	else if (r < 0 && (strstr(o->a->reason, "期满") != NULL ||
	    strstr(o->a->reason, "逾期未申请") != NULL))
		r = XF_CLOSE_LAPSED;
	if (r == XF_CLOSE_MEDIATED) {
		if (c->status != XF_ST_HANDLING)
			return xf_error_set(o->err, XF_E_INVALID, "reason",
			    "调解结案只适用于办理中的事项");
		return do_mediate(o);
	}
	if (r != XF_CLOSE_LAPSED)
		return xf_error_set(o->err, XF_E_INVALID, "reason",
		    "结案原因只能是调解结案（mediated）或期满未申请复查、复核（lapsed）；终结由复核意见产生");
	if (c->status == XF_ST_HANDLING)
		return xf_error_set(o->err, XF_E_INVALID, "reason",
		    "办理中的事项尚未答复，不能以期满未申请结案");
	w = dl_open(c, c->status == XF_ST_REPLIED ? XF_DL_REVIEW_REQUEST :
	    XF_DL_RECHECK_REQUEST);
	if (w == NULL || w->due == XF_DATE_NONE)
		return xf_error_set(o->err, XF_E_INVALID, "reason",
		    "意见尚未送达，申请期限尚未开始计算");
	if (w->provisional)
		return xf_error_set(o->err, XF_E_INVALID, "date",
		    "申请期限的最后一日所在年度尚未录入节假日安排，期限是否届满尚不能确定");
	if (check_date(o, w->due + 1, "申请期限届满次日") == -1)
		return -1;
	w->state = XF_DLS_CANCELLED;
	close_case(o, XF_CLOSE_LAPSED);
	summary(o, "申请期限（至%s）届满未申请%s，结案", ds(w->due),
	    w->kind == XF_DL_REVIEW_REQUEST ? "复查" : "复核");
	return 0;
}

static int
do_archive(struct op *o)
{
	if (check_actor(o) == -1 ||
	    check_date(o, o->c.closed_on, "结案日期") == -1)
		return -1;
	o->c.archived = 1;
	o->c.archived_on = o->date;
	summary(o, "归档");
	return 0;
}

/* ---- entry points -------------------------------------------------------------- */

typedef int (*handler_fn)(struct op *);

static const handler_fn handlers[XF_ACT_COUNT] = {
	[XF_ACT_TRANSFER] = do_route,
	[XF_ACT_ASSIGN] = do_route,
	[XF_ACT_OBJECT] = do_object,
	[XF_ACT_NOT_ACCEPT] = do_not_accept,
	[XF_ACT_REFER] = do_refer,
	[XF_ACT_ACCEPT] = do_accept,
	[XF_ACT_SET_LEAD] = do_set_lead,
	[XF_ACT_EXTEND] = do_extend,
	[XF_ACT_PAUSE] = do_pause,
	[XF_ACT_RESUME] = do_resume,
	[XF_ACT_REPLY] = do_decision,
	[XF_ACT_MEDIATE] = do_mediate,
	[XF_ACT_DELIVER] = do_deliver,
	[XF_ACT_EXECUTE] = do_execute,
	[XF_ACT_REQUEST_REVIEW] = do_request,
	[XF_ACT_REVIEW_DECISION] = do_decision,
	[XF_ACT_REQUEST_RECHECK] = do_request,
	[XF_ACT_RECHECK_DECISION] = do_decision,
	[XF_ACT_CLOSE] = do_close,
	[XF_ACT_ARCHIVE] = do_archive,
};

void
xf_action_init(xf_action *a, xf_action_code code)
{
	memset(a, 0, sizeof(*a));
	a->code = code;
	a->date = a->report_due = a->execute_by = XF_DATE_NONE;
}

static void
op_begin(struct op *o, const xf_lc_ctx *ctx, const xf_case *c,
    const xf_action *a, xf_date date, const char *action, xf_error *err)
{
	memset(o, 0, sizeof(*o));
	o->ctx = ctx;
	o->a = a;
	o->c = *c;
	o->date = date;
	o->prof = profile_of(c->profile);
	o->err = err;
	copy_text(o->res.action, sizeof(o->res.action), action);
	o->res.date = date;
	o->res.from_unit_id = c->unit_id;
	o->res.from_status = c->status;
}

static void
op_commit(struct op *o, xf_case *c, xf_lc_result *res)
{
	o->res.to_unit_id = o->c.unit_id;
	o->res.to_status = o->c.status;
	*c = o->c;
	if (res != NULL)
		*res = o->res;
}

/* The date of the latest step the case records (SPEC §3: an action dated
 * before the step it follows is refused, whatever stage it belongs to: a
 * pause after an extension cannot be dated before the extension). */
static void
keep_later(xf_date *last, xf_date d)
{
	if (d != XF_DATE_NONE && (*last == XF_DATE_NONE || d > *last))
		*last = d;
}

static xf_date
last_step(const xf_case *c)
{
	const xf_date d[] = { c->received_on_here, c->accepted_on,
		c->extended_on, c->replied_on, c->first_replied_on,
		c->executed_on, c->delivered_on, c->review_requested_on,
		c->recheck_requested_on, c->ended_on, c->closed_on,
		c->archived_on };
	xf_date last = XF_DATE_NONE;

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		keep_later(&last, d[i]);
	for (int i = 0; i < c->npauses && i < XF_CASE_MAX_PAUSES; i++) {
		keep_later(&last, c->pauses[i].span.paused);
		keep_later(&last, c->pauses[i].span.resumed);
	}
	return last;
}

/* The 复查/复核 window a daily lapse closed, if a request dated `on` falls
 * inside it: the lapse ran the day after the last day, but a request made
 * on or before that day (a letter handed in on the last day, entered the
 * next morning) was in time (R2022 35). Its index in c->dl, or -1. */
static int
lapsed_window(const xf_case *c, xf_action_code code, xf_date on)
{
	xf_dl_kind k = code == XF_ACT_REQUEST_REVIEW ? XF_DL_REVIEW_REQUEST :
	    XF_DL_RECHECK_REQUEST;
	xf_reply_level lv = code == XF_ACT_REQUEST_REVIEW ? XF_LEVEL_REPLY :
	    XF_LEVEL_REVIEW;

	if ((code != XF_ACT_REQUEST_REVIEW && code != XF_ACT_REQUEST_RECHECK) ||
	    c->status != XF_ST_CLOSED || c->close_reason != XF_CLOSE_LAPSED ||
	    c->archived || c->reply_level != lv)
		return -1;
	for (int i = c->ndl - 1; i >= 0; i--) {
		const xf_deadline *w = &c->dl[i];

		if (w->kind != k)
			continue;
		return w->state == XF_DLS_CANCELLED && w->due != XF_DATE_NONE &&
		    !w->provisional && c->closed_on == w->due + 1 &&
		    on <= w->due ? i : -1;
	}
	return -1;
}

int
xf_lifecycle_apply(const xf_lc_ctx *ctx, xf_case *c, const xf_action *a,
    xf_lc_result *res, xf_error *err)
{
	struct op o;
	xf_date on, last;
	int w;

	if (ctx == NULL || c == NULL || a == NULL || ctx->cal == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "内部错误：参数为空");
	if ((int)a->code < 0 || a->code >= XF_ACT_COUNT)
		return xf_error_set(err, XF_E_INVALID, "action", "未知的操作");
	if (profile_of(c->profile) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "缺少默认规则");
	on = a->date == XF_DATE_NONE ? ctx->today : a->date;
	op_begin(&o, ctx, c, a, on, xf_action_name(a->code), err);
	/* A request in time for a case the daily job lapsed: the lapse is
	 * undone on the working copy (c changes only if the request
	 * succeeds), and the request taken as if entered on its day. */
	if ((w = lapsed_window(&o.c, a->code, on)) >= 0) {
		o.c.dl[w].state = XF_DLS_OPEN;
		o.c.status = a->code == XF_ACT_REQUEST_REVIEW ?
		    XF_ST_REPLIED : XF_ST_REVIEWED;
		o.c.closed_on = XF_DATE_NONE;
		o.c.close_reason = XF_CLOSE_NONE;
		o.res.from_status = o.c.status;
	}
	if (check_transition(&o.c, a->code, err) == -1)
		return -1;
	last = last_step(&o.c);
	if (last != XF_DATE_NONE && on < last && on <= ctx->today)
		return xf_error_set(err, XF_E_INVALID, "date",
		    "日期（%s）不能早于上一步骤的日期（%s）：办理过程按时间先后记录",
		    ds(on), ds(last));
	if (handlers[a->code](&o) == -1)
		return -1;
	op_commit(&o, c, res);
	return 0;
}

int
xf_lifecycle_reopenable(const xf_case *c, xf_action_code code)
{
	return lapsed_window(c, code, 0) >= 0;
}

int
xf_lifecycle_register(const xf_lc_ctx *ctx, xf_case *c, xf_lc_result *res,
    xf_error *err)
{
	struct op o;
	xf_action a;
	xf_unit_info b;
	xf_case *w;
	const xf_actor *ac;
	char nm[128];

	if (ctx == NULL || c == NULL || ctx->cal == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "内部错误：参数为空");
	ac = &ctx->actor;
	xf_action_init(&a, XF_ACT_ACCEPT);	/* only for messages */
	op_begin(&o, ctx, c, &a, c->received_on, "register", err);
	w = &o.c;
	if (!(ac->roles & (XF_ROLE_ADMIN | R_ROUTE | XF_ROLE_PETITIONER)))
		return xf_error_set(err, XF_E_FORBIDDEN, NULL,
		    "只有信访干部或单位领导可以登记信访事项");
	if (body_of(ctx, ac->unit_id, &b, err) == -1)
		return -1;
	if (!b.exists)
		return xf_error_set(err, ac->roles & XF_ROLE_PETITIONER ?
		    XF_E_NOT_FOUND : XF_E_FORBIDDEN, "unit_id",
		    "登记单位不存在");
	if ((int)w->channel < 0 || w->channel >= XF_CH_COUNT)
		return xf_error_set(err, XF_E_INVALID, "channel",
		    "信访形式应为来信、来访、网上、电话、传真或电子邮件");
	if ((int)w->cls < 0 || w->cls >= XF_CLASS_COUNT)
		return xf_error_set(err, XF_E_INVALID, "class",
		    "信访事项类别应为建议意见类、检举控告类或申诉求决类");
	if (w->received_on == XF_DATE_NONE)
		return xf_error_set(err, XF_E_INVALID, "received_on",
		    "请填写收到日期");
	if (w->received_on > ctx->today)
		return xf_error_set(err, XF_E_INVALID, "received_on",
		    "收到日期（%s）不能晚于今天（%s）", ds(w->received_on),
		    ds(ctx->today));
	if (w->headcount < 0)
		return xf_error_set(err, XF_E_INVALID, "headcount",
		    "人数不能为负");
	if (w->headcount == 0)
		w->headcount = 1;
	if (w->respondent_unit_id > 0) {
		xf_unit_info r;

		if (unit_get(ctx, w->respondent_unit_id, &r, err) == -1)
			return -1;
		if (!r.exists)
			return xf_error_set(err, XF_E_INVALID,
			    "respondent.unit_id", "被反映单位不存在");
	}

	w->status = XF_ST_REGISTERED;
	w->unit_id = w->first_unit_id = b.id;
	w->lead_unit_id = 0;
	w->nco = 0;
	w->from_unit_id = 0;
	w->registered_on = ctx->today;
	w->received_on_here = w->received_on;
	w->confidential = w->cls == XF_CLASS_ACCUSATION;
	w->transfer_count = 0;
	w->ndl = 0;
	w->npauses = 0;
	if (w->next_seq < 1)
		w->next_seq = 1;
	set_profile(w, &b);
	o.prof = profile_of(w->profile);
	/* R2022 22: route (转送、交办、受理或告知) within the limit of
	 * receipt. */
	if (dl_add_limit(&o, XF_DL_ROUTE, w->received_on) == -1)
		return -1;
	copy_text(o.res.document, sizeof(o.res.document), "receipt");
	summary(&o, "%s登记%s事项，收到日期%s", unit_name(&b, nm, sizeof(nm)),
	    channel_labels[w->channel], ds(w->received_on));
	o.res.from_unit_id = 0;
	op_commit(&o, c, res);
	return 0;
}

int
xf_lifecycle_lapse(const xf_lc_ctx *ctx, xf_case *c, xf_lc_result *res)
{
	struct op o;
	xf_action a;
	xf_deadline *w;
	xf_error err;

	if (ctx == NULL || c == NULL)
		return 0;
	if (c->status == XF_ST_REPLIED)
		w = dl_open(c, XF_DL_REVIEW_REQUEST);
	else if (c->status == XF_ST_REVIEWED)
		w = dl_open(c, XF_DL_RECHECK_REQUEST);
	else
		return 0;
	/* The window's last day is its due; it lapses the day after. A
	 * last day counted on weekends alone is a guess (the year's
	 * holidays are not loaded): the case waits for the calendar rather
	 * than take the petitioner's right to ask on a guess. */
	if (w == NULL || w->due == XF_DATE_NONE || w->provisional ||
	    ctx->today <= w->due)
		return 0;
	xf_action_init(&a, XF_ACT_CLOSE);
	op_begin(&o, ctx, c, &a, w->due + 1, "lapse", &err);
	w = dl_open(&o.c, w->kind);
	w->state = XF_DLS_CANCELLED;
	close_case(&o, XF_CLOSE_LAPSED);
	summary(&o, "%s申请期限（至%s）届满，信访人未申请，%s视为终结意见，结案",
	    w->kind == XF_DL_REVIEW_REQUEST ? "复查" : "复核", ds(w->due),
	    w->kind == XF_DL_REVIEW_REQUEST ? "处理意见" : "复查意见");
	op_commit(&o, c, res);
	return 1;
}

/* Is unit id a 内设机构 of unit parent? */
static int
dept_of(const xf_lc_ctx *ctx, int64_t id, int64_t parent)
{
	xf_unit_info ui;
	xf_error e;

	return unit_get(ctx, id, &ui, &e) == 0 && ui.exists &&
	    ui.kind == XF_UKIND_DEPARTMENT && ui.parent_id == parent;
}

int
xf_lifecycle_handover(const xf_lc_ctx *ctx, xf_case *c, int64_t old_unit_id,
    int64_t successor_unit_id, xf_lc_result *res, xf_error *err)
{
	struct op o;
	xf_action a;
	xf_unit_info su, sb;
	xf_case *w;
	int i, changed = 0;
	char nm[128];

	if (ctx == NULL || c == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "内部错误：参数为空");
	xf_action_init(&a, XF_ACT_TRANSFER);
	op_begin(&o, ctx, c, &a, ctx->today, "handover", err);
	w = &o.c;
	if (unit_get(ctx, successor_unit_id, &su, err) == -1)
		return -1;
	if (!su.exists)
		return xf_error_set(err, XF_E_NOT_FOUND, "successor_unit_id",
		    "承接单位不存在");
	if (!su.active)
		return xf_error_set(err, XF_E_INVALID, "successor_unit_id",
		    "承接单位已撤销或合并");
	if (body_of(ctx, successor_unit_id, &sb, err) == -1)
		return -1;
	if (old_unit_id <= 0 || old_unit_id == successor_unit_id) {
		if (res != NULL)
			memset(res, 0, sizeof(*res));
		return 0;
	}
	if (w->unit_id == old_unit_id) {
		w->unit_id = sb.id;
		set_profile(w, &sb);
		changed = 1;
	}
	/* The old unit's 内设机构 close with it: what they led or helped
	 * with goes to the successor too. */
	if (w->lead_unit_id > 0 && (w->lead_unit_id == old_unit_id ||
	    dept_of(ctx, w->lead_unit_id, old_unit_id))) {
		w->lead_unit_id = successor_unit_id;
		changed = 1;
	}
	for (i = 0; i < w->nco && i < XF_CASE_MAX_CO; i++)
		if (w->co_unit_ids[i] == old_unit_id ||
		    dept_of(ctx, w->co_unit_ids[i], old_unit_id)) {
			w->co_unit_ids[i] = successor_unit_id;
			changed = 1;
		}
	/* Where an objection sends it back, and the level a request for
	 * 复查/复核 goes above, follow the successor too. */
	if (w->from_unit_id == old_unit_id)
		w->from_unit_id = sb.id, changed = 1;
	if (w->reply_unit_id == old_unit_id)
		w->reply_unit_id = sb.id, changed = 1;
	if (w->review_unit_id == old_unit_id)
		w->review_unit_id = sb.id, changed = 1;
	for (i = 0; i < w->ndl; i++)
		if (w->dl[i].state == XF_DLS_OPEN &&
		    w->dl[i].unit_id == old_unit_id)
			w->dl[i].unit_id = sb.id, changed = 1;
	if (!changed) {
		if (res != NULL)
			memset(res, 0, sizeof(*res));
		return 0;
	}
	summary(&o, "原单位撤并，事项移交%s承办", unit_name(&su, nm,
	    sizeof(nm)));
	op_commit(&o, c, res);
	return 0;
}

int
xf_lifecycle_recompute(const xf_calendar *cal, xf_case *c, xf_error *err)
{
	xf_case w = *c;
	int i, n = 0;

	for (i = 0; i < w.ndl && i < XF_CASE_MAX_DEADLINES; i++) {
		xf_deadline *d = &w.dl[i];
		xf_date before = d->due;
		int prov = d->provisional;

		/* Open deadlines, and any counted on weekends alone: a met
		 * one's due decides whether it was met in time (statistics,
		 * assessment), a cancelled one's is shown. */
		if ((d->state != XF_DLS_OPEN && !d->provisional) ||
		    d->days < 0)
			continue;
		if (dl_compute(cal, &w, d, err) == -1)
			return -1;
		if (d->due != before || d->provisional != prov)
			n++;
	}
	*c = w;
	return n;
}

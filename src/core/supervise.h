/* Supervision (督办) triggers as data (SPEC §5; seed 第十、十一条;
 * 《信访工作条例》第四十条). Pure: a rule is a predicate over a case value,
 * a few facts the case value does not carry, and a date. The scheduler
 * (src/jobs/) decides which cases to look at; the store keeps the records.
 *
 * Each rule has two questions:
 *   raised(case, facts, as_of)  the miss has happened and is still there;
 *   cured(case, facts, as_of)   the cause is gone (the step was done late,
 *                               became moot, the rating was answered …).
 * A system supervision is raised once per (case, trigger) and closed by the
 * scan when cured, or by a person. raised() implies !cured(). */
#ifndef XF_SUPERVISE_H
#define XF_SUPERVISE_H

#include <stdint.h>

#include "calendar.h"
#include "case.h"

/* API.md trigger codes, in API.md's order. */
typedef enum {
	XF_SV_ROUTE_OVERDUE = 0,	/* route_overdue */
	XF_SV_ACCEPT_NOTICE_OVERDUE,	/* accept_notice_overdue */
	XF_SV_OBJECTION_LATE,		/* objection_late */
	XF_SV_EXTENSION_INVALID,	/* extension_invalid */
	XF_SV_HANDLE_OVERDUE,		/* handle_overdue */
	XF_SV_REPLY_INCOMPLETE,		/* reply_incomplete */
	XF_SV_REPORT_OVERDUE,		/* report_overdue */
	XF_SV_NOT_DELIVERED,		/* not_delivered */
	XF_SV_NOT_EXECUTED,		/* not_executed */
	XF_SV_SHIRKING,			/* shirking */
	XF_SV_DISSATISFIED,		/* dissatisfied */
	XF_SV_REVIEW_OVERDUE,		/* review_overdue */
	XF_SV_RECHECK_OVERDUE,		/* recheck_overdue */
	XF_SV_MANUAL,			/* manual: raised by a person (第十一条（八）) */
	XF_SV_COUNT
} xf_sv_trigger;

/* 督办形式 (第十一条): 网上、电话、发函、约谈、实地. */
typedef enum {
	XF_SVF_ONLINE = 0,	/* "online"    网上督办 */
	XF_SVF_PHONE,		/* "phone"     电话督办 */
	XF_SVF_LETTER,		/* "letter"    发函督办 */
	XF_SVF_INTERVIEW,	/* "interview" 约谈督办 */
	XF_SVF_ONSITE,		/* "onsite"    实地督办 */
	XF_SVF_COUNT
} xf_sv_form;

typedef enum {
	XF_SVS_OPEN = 0,	/* "open"    督办中 */
	XF_SVS_REPLIED,		/* "replied" 已反馈 */
	XF_SVS_CLOSED,		/* "closed"  已办结 */
	XF_SVS_COUNT
} xf_sv_state;

/* Parts of a decision (处理意见书) that R2022 第三十二条 requires. */
enum {
	XF_SV_PART_REQUEST = 1 << 0,	/* 信访请求 */
	XF_SV_PART_FACTS = 1 << 1,	/* 事实和理由 */
	XF_SV_PART_DECISION = 1 << 2,	/* 处理意见 */
	XF_SV_PART_BASIS = 1 << 3,	/* 法律法规依据 */
	XF_SV_PARTS_ALL = 0xf
};

/* What the rules need beyond the case value. The store derives these from
 * the history and its own tables; -1 / XF_DATE_NONE mean "unknown / none",
 * and an unknown fact never raises anything. */
typedef struct {
	int	report_made;		/* a `report` event since the 交办 (0/1) */
	xf_date	dissatisfied_on;	/* latest 不满意 rating, or NONE */
	xf_date	answer_due;		/* its answer is due (rating + 15 days) */
	xf_date	answered_on;		/* the unit answered it on, or NONE */
	int	extension_notice;	/* 延期告知书 issued: 1, missing: 0, unknown: -1 */
	int	reply_parts;		/* XF_SV_PART_* of the latest decision, -1 unknown */
} xf_sv_facts;

void	xf_sv_facts_init(xf_sv_facts *f);

/* One raised trigger. */
typedef struct {
	xf_sv_trigger	trigger;
	int64_t		target_unit_id;	/* the unit answerable */
	xf_date		missed;		/* the due date missed, or NONE */
	char		problem[384];	/* Chinese: what went wrong */
} xf_sv_hit;

typedef struct {
	xf_sv_trigger	trigger;
	const char	*code;		/* API.md code */
	const char	*name;		/* Chinese: "办理超期" */
	const char	*seed;		/* 教办〔2017〕1080号 第十一条（N） */
	const char	*law;		/* the legal article behind it */
	int		dl_kind;	/* the deadline kind that drives it, or -1 */
	/* NULL for manual. raised() fills hit (target, missed, problem). */
	int		(*raised)(const xf_case *c, const xf_sv_facts *f,
			    xf_date as_of, xf_sv_hit *hit);
	int		(*cured)(const xf_case *c, const xf_sv_facts *f,
			    xf_date as_of);
} xf_sv_rule;

const xf_sv_rule *xf_sv_rule_get(xf_sv_trigger t);	/* NULL out of range */
const char *xf_sv_trigger_name(xf_sv_trigger t);	/* code, "" out of range */
int	xf_sv_trigger_parse(const char *s);		/* -1 if unknown */
const char *xf_sv_form_name(xf_sv_form f);
const char *xf_sv_form_label(xf_sv_form f);		/* "网上督办", … */
int	xf_sv_form_parse(const char *s);
const char *xf_sv_state_name(xf_sv_state s);
const char *xf_sv_state_label(xf_sv_state s);
int	xf_sv_state_parse(const char *s);

/* Every automatic rule over one case: fills out[] (room for XF_SV_COUNT)
 * with the triggers raised as of `as_of` and returns how many. */
int	xf_sv_evaluate(const xf_case *c, const xf_sv_facts *f, xf_date as_of,
	    xf_sv_hit *out);
/* 1 if the cause of trigger t is gone; 0 for manual (a person closes it). */
int	xf_sv_cured(xf_sv_trigger t, const xf_case *c, const xf_sv_facts *f,
	    xf_date as_of);

/* Default reply due for a supervision raised on `raised_on`: 5 working
 * days later. R2022 第四十条 asks for a written answer but sets no count
 * (R2005 gave 30 days for an improvement suggestion); a supervision is
 * about a step already late, so the system asks for an answer within one
 * working week. -1 (err) for a year without calendar data. */
#define XF_SV_REPLY_WORKING_DAYS 5
int	xf_sv_reply_due(const xf_calendar *cal, xf_date raised_on, xf_date *due,
	    xf_error *err);

/* Days a dissatisfied rating may stay unanswered (SPEC §5 item 7). */
#define XF_SV_ANSWER_DAYS 15
/* The answer's due date: 15 calendar days after the rating, rolled to a
 * working day like every period (SPEC §4). */
int	xf_sv_answer_due(const xf_calendar *cal, xf_date rated_on, xf_date *due,
	    xf_error *err);

/* Warnings (预警, SPEC §4): 1 if `as_of` lies within `n` working days before
 * `due` (as_of <= due and at most n working days in (as_of, due]), so the
 * owner is warned on the n-th working day before the due date and later.
 * 0 otherwise, -1 (err) for a year without calendar data. */
#define XF_SV_WARN_DAYS_DEFAULT 3
#define XF_SV_WARN_DAYS_MAX 15
int	xf_sv_warn_due(const xf_calendar *cal, xf_date due, int n,
	    xf_date as_of, xf_error *err);

#endif

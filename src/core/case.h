/* The case (信访事项) as the lifecycle sees it: a fixed-size value with no
 * pointers, so the store can copy it, persist it field by field and hand it
 * back unchanged (SPEC §2, §3, §4).
 *
 * What is NOT here, because the lifecycle never needs it: petitioners, title,
 * content, category, the texts of reasons and opinions. The store keeps those
 * beside the case and in the history events.
 *
 * Ids are the store's int64 row ids; 0 means "none". Dates are xf_date day
 * numbers; XF_DATE_NONE means "not yet". */
#ifndef XF_CASE_H
#define XF_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "period.h"
#include "profile.h"

#define XF_CASE_MAX_CO		8	/* co-departments (协办) */
#define XF_CASE_MAX_PAUSES	16	/* 中止 spells over the whole case */
#define XF_CASE_MAX_DEADLINES	32	/* see xf_case.dl below */
#define XF_PROFILE_NAME_MAX	32
#define XF_ARTICLE_MAX		384	/* UTF-8 citation(s), e.g. 《信访工作条例》第二十二条（…） */

/* ---- vocabulary, each with the API.md strings ---------------------------- */

typedef enum {
	XF_ST_REGISTERED = 0,	/* "registered"   登记, at the owner unit */
	XF_ST_TRANSFERRED,	/* "transferred"  sent to a body outside the system */
	XF_ST_NOT_ACCEPTED,	/* "not_accepted" 不予受理 */
	XF_ST_REFERRED,		/* "referred"     转纪检监察 */
	XF_ST_HANDLING,		/* "handling"     受理后办理中 */
	XF_ST_REPLIED,		/* "replied"      已答复 (处理意见书) */
	XF_ST_REVIEW,		/* "review"       复查中 */
	XF_ST_REVIEWED,		/* "reviewed"     已复查 */
	XF_ST_RECHECK,		/* "recheck"      复核中 */
	XF_ST_CLOSED,		/* "closed"       办结 / 终结 */
	XF_ST_COUNT
} xf_status;

typedef enum {
	XF_CH_LETTER = 0,	/* "letter" 来信 */
	XF_CH_VISIT,		/* "visit"  来访 */
	XF_CH_ONLINE,		/* "online" 网上 */
	XF_CH_PHONE,		/* "phone"  电话 */
	XF_CH_FAX,		/* "fax"    传真 */
	XF_CH_EMAIL,		/* "email"  电子邮件 */
	XF_CH_COUNT
} xf_channel;

typedef enum {
	XF_CLASS_SUGGESTION = 0,	/* "suggestion" 建议意见类 */
	XF_CLASS_ACCUSATION,		/* "accusation" 检举控告类 */
	XF_CLASS_CLAIM,			/* "claim"      申诉求决类 */
	XF_CLASS_COUNT
} xf_class;

typedef enum {
	XF_OUTCOME_NONE = 0,
	XF_OUTCOME_SUPPORT,	/* "support" 支持 */
	XF_OUTCOME_EXPLAIN,	/* "explain" 解释说明 */
	XF_OUTCOME_REJECT,	/* "reject"  不予支持 */
	XF_OUTCOME_COUNT
} xf_outcome;

typedef enum {
	XF_DELIVER_NONE = 0,
	XF_DELIVER_IN_PERSON,	/* "in_person"  直接送达 */
	XF_DELIVER_MAIL,	/* "mail"       挂号邮寄 */
	XF_DELIVER_ELECTRONIC,	/* "electronic" 电子送达 */
	XF_DELIVER_COUNT
} xf_deliver_method;

/* Which decision the case's outcome/replied_on/delivered_on belong to. */
typedef enum {
	XF_LEVEL_NONE = 0,
	XF_LEVEL_REPLY,		/* "reply"   处理意见 */
	XF_LEVEL_REVIEW,	/* "review"  复查意见 */
	XF_LEVEL_RECHECK	/* "recheck" 复核意见 */
} xf_reply_level;

typedef enum {
	XF_CLOSE_NONE = 0,
	XF_CLOSE_MEDIATED,	/* "mediated" 调解/和解结案 (mediate, or close) */
	XF_CLOSE_LAPSED,	/* "lapsed"   期满未申请复查/复核 */
	XF_CLOSE_FINAL,		/* "final"    终结: recheck decision, or a review
				 * decision under a profile without 复核 */
	XF_CLOSE_COUNT
} xf_close_reason;

/* Stored states. "overdue" is never stored: it is derived from an open
 * deadline and today (xf_case_deadline_state). */
typedef enum {
	XF_DLS_OPEN = 0,	/* "open" */
	XF_DLS_MET,		/* "met" (met_on may be after due: met late) */
	XF_DLS_OVERDUE,		/* "overdue" (derived only) */
	XF_DLS_CANCELLED,	/* "cancelled" */
	XF_DLS_COUNT
} xf_dl_state;

/* Units (API.md /units). */
typedef enum {
	XF_ULEVEL_NONE = 0,
	XF_ULEVEL_PROVINCE,	/* "province" */
	XF_ULEVEL_CITY,		/* "city" */
	XF_ULEVEL_COUNTY,	/* "county" */
	XF_ULEVEL_SCHOOL,	/* "school" */
	XF_ULEVEL_COUNT
} xf_unit_level;

typedef enum {
	XF_UKIND_NONE = 0,
	XF_UKIND_AUTHORITY,	/* "authority"  教育厅/局 */
	XF_UKIND_DEPARTMENT,	/* "department" 处室/科室/院系: never owns a case */
	XF_UKIND_SCHOOL,	/* "school" */
	XF_UKIND_UNIVERSITY,	/* "university" */
	XF_UKIND_DIRECT,	/* "direct"     直属单位 */
	XF_UKIND_DISCIPLINE,	/* "discipline" 驻厅纪检组 */
	XF_UKIND_COUNT
} xf_unit_kind;

/* Roles (API.md /users), as a bit set. PETITIONER and SYSTEM are never
 * stored on a user: the portal acts as PETITIONER, the scheduler as SYSTEM. */
enum {
	XF_ROLE_ADMIN		= 1u << 0,	/* "admin" */
	XF_ROLE_OFFICER		= 1u << 1,	/* "officer"    信访干部 */
	XF_ROLE_HANDLER		= 1u << 2,	/* "handler"    承办人 */
	XF_ROLE_LEADER		= 1u << 3,	/* "leader"     单位领导 */
	XF_ROLE_SUPERVISOR	= 1u << 4,	/* "supervisor" 督查 */
	XF_ROLE_VIEWER		= 1u << 5,	/* "viewer"     统计/只读 */
	XF_ROLE_PETITIONER	= 1u << 6,	/* the public portal */
	XF_ROLE_SYSTEM		= 1u << 7	/* the scheduler */
};

/* name(): the API string, or "" if out of range. parse(): the enum value,
 * or -1 if s is NULL or not one of the API strings (exact match). */
const char *xf_status_name(xf_status s);
int	xf_status_parse(const char *s);
const char *xf_status_label(xf_status s);	/* Chinese: "办理中", … */
/* The matter has ended here: closed, not accepted, sent to a body outside
 * the system, referred to discipline inspection. */
int	xf_status_ended(xf_status s);
const char *xf_channel_name(xf_channel ch);
int	xf_channel_parse(const char *s);
const char *xf_class_name(xf_class k);
int	xf_class_parse(const char *s);
const char *xf_outcome_name(xf_outcome o);	/* "" for NONE */
int	xf_outcome_parse(const char *s);	/* never returns NONE */
const char *xf_deliver_method_name(xf_deliver_method m);
int	xf_deliver_method_parse(const char *s);
const char *xf_reply_level_name(xf_reply_level l);
const char *xf_close_reason_name(xf_close_reason r);
int	xf_close_reason_parse(const char *s);
const char *xf_dl_state_name(xf_dl_state s);	/* "open", "met", … */
const char *xf_unit_level_name(xf_unit_level l);
int	xf_unit_level_parse(const char *s);
const char *xf_unit_kind_name(xf_unit_kind k);
int	xf_unit_kind_parse(const char *s);
const char *xf_role_name(unsigned role_bit);	/* one bit */
int	xf_role_parse(const char *s);		/* the bit, or -1 */

/* ---- deadlines -------------------------------------------------------------
 * One clock of the case. Deadlines are only ever appended or changed, never
 * deleted by the lifecycle: `seq` is unique and stable within a case, so the
 * store can upsert by (case_id, seq). When the array is full the oldest
 * finished (met/cancelled) entries are dropped to make room; they were
 * already persisted when they finished, so the store must never delete a
 * row just because it left the array. */
typedef struct {
	int		seq;		/* 1, 2, … in order of creation */
	xf_dl_kind	kind;
	int64_t		unit_id;	/* the unit answerable for it (owner then) */
	xf_date		start;		/* the event E the period counts from */
	int		days;		/* N; -1: due was set by a decision (execute) */
	xf_period_unit	unit;
	int		extension;	/* X (handle only), same unit as days */
	xf_date		due;		/* XF_DATE_NONE while a pause is open */
	char		profile[XF_PROFILE_NAME_MAX];	/* rule profile used */
	char		article[XF_ARTICLE_MAX];	/* article cited */
	xf_date		met_on;		/* XF_DATE_NONE unless met */
	xf_dl_state	state;		/* OPEN, MET or CANCELLED */
	int		provisional;	/* counted on weekends alone (no data) */
} xf_deadline;

/* A 中止 spell and the clock it stops (HANDLE, REVIEW or RECHECK). */
typedef struct {
	xf_pause	span;
	xf_dl_kind	kind;
} xf_case_pause;

typedef struct {
	int64_t		id;
	xf_status	status;
	int64_t		unit_id;	/* owner now (never a department) */
	int64_t		first_unit_id;	/* 首办单位: the registering unit, kept */
	int64_t		lead_unit_id;	/* 主办: the owner or one of its departments */
	int64_t		co_unit_ids[XF_CASE_MAX_CO];	/* 协办 */
	int		nco;
	xf_channel	channel;
	xf_class	cls;
	int		headcount;
	int64_t		respondent_unit_id;	/* 反映对象 unit, 0 if none */
	int		confidential;	/* accusation: identity protected (§7) */

	xf_date		received_on;	/* first received in the system */
	xf_date		registered_on;	/* day it was entered */
	int64_t		from_unit_id;	/* sender, when received by transfer/assign/objection */
	xf_date		received_on_here;	/* day the current owner received it */
	int		assigned;	/* received by 交办: a report is due */
	xf_date		report_due;	/* 交办 report date, else NONE */
	int		transfer_count;	/* moves between units/departments without a decision */
	char		profile[XF_PROFILE_NAME_MAX];	/* owner's profile; new deadlines use it */

	xf_date		accepted_on;
	int		simple;		/* SIMPLE procedure (简易办理) */
	int		extended;	/* the one extension was granted */
	int		extension_days;
	xf_date		extended_on;
	int64_t		approved_by;	/* user who approved the extension */
	xf_case_pause	pauses[XF_CASE_MAX_PAUSES];
	int		npauses;

	/* The latest decision (reply, review or recheck opinion). */
	xf_reply_level	reply_level;
	xf_outcome	outcome;
	xf_date		replied_on;	/* date of the latest decision */
	xf_date		execute_by;	/* when outcome is support */
	xf_date		executed_on;
	xf_date		delivered_on;	/* delivery of the latest decision */
	xf_deliver_method delivery_method;
	int64_t		reply_unit_id;	/* authority whose reply it was */
	int64_t		review_unit_id;	/* authority that reviewed (复查) */
	int64_t		recheck_unit_id;	/* authority that rechecked (复核) */
	xf_date		first_replied_on;	/* the original reply */
	xf_date		review_requested_on;
	xf_date		recheck_requested_on;

	xf_date		ended_on;	/* transferred out / not accepted / referred */
	xf_close_reason	close_reason;
	xf_date		closed_on;
	int		archived;
	xf_date		archived_on;

	xf_deadline	dl[XF_CASE_MAX_DEADLINES];
	int		ndl;
	int		next_seq;
} xf_case;

/* Zero everything, every date to XF_DATE_NONE, profile to the default. */
void	xf_case_init(xf_case *c);

/* open → OVERDUE when today > due. Windows that belong to someone else's
 * choice (objection, review_request, recheck_request) never become overdue:
 * letting them pass is a right not used, not a failure of the unit. */
xf_dl_state xf_case_deadline_state(const xf_deadline *d, xf_date today);
/* 1 if any deadline of c is overdue today. */
int	xf_case_is_overdue(const xf_case *c, xf_date today);
/* The open deadline of a kind (the newest), or NULL. */
const xf_deadline *xf_case_open_deadline(const xf_case *c, xf_dl_kind k);
/* Whether a step on date `on` is late against d: past a due date that is
 * not provisional (the real last day of a year without data may be later,
 * and the petitioner's request is not refused on a guess). */
int	xf_deadline_late(const xf_deadline *d, xf_date on);
/* 1 while a pause is open. */
int	xf_case_is_paused(const xf_case *c);

#endif

/* The case lifecycle (SPEC §3, §4, §7): (case, action) → new case, or a
 * refusal. Pure: no I/O. What it needs from the world (the unit tree, users)
 * it asks through callbacks in the context, which the store implements.
 *
 * How the store uses it (one door for every change, ARCHITECTURE principle 2):
 *
 *	BEGIN;
 *	load the case row and its deadline rows into an xf_case;
 *	if (xf_lifecycle_apply(&ctx, &c, &action, &res, &err) == -1)
 *		ROLLBACK, answer err (xf_error_http_status(err.code));
 *	write c back; upsert c.dl[0..ndl) by (case_id, seq);
 *	append a history event from res (+ the action's long texts);
 *	COMMIT.
 *
 * The functions work on a copy: on refusal *c is untouched. On success *c is
 * the new case, all its deadlines recomputed. */
#ifndef XF_LIFECYCLE_H
#define XF_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "case.h"
#include "error.h"

typedef enum {
	XF_ACT_TRANSFER = 0,	/* "transfer"         转送 */
	XF_ACT_ASSIGN,		/* "assign"           交办 */
	XF_ACT_OBJECT,		/* "object"           异议 */
	XF_ACT_NOT_ACCEPT,	/* "not_accept"       不予受理 */
	XF_ACT_REFER,		/* "refer"            转纪检监察 */
	XF_ACT_ACCEPT,		/* "accept"           受理 */
	XF_ACT_SET_LEAD,	/* "set_lead"         调整主办/协办 (counts as a move) */
	XF_ACT_EXTEND,		/* "extend"           延期 */
	XF_ACT_PAUSE,		/* "pause"            中止 (听证、鉴定) */
	XF_ACT_RESUME,		/* "resume"           恢复 */
	XF_ACT_REPLY,		/* "reply"            答复 */
	XF_ACT_MEDIATE,		/* "mediate"          调解/和解结案 */
	XF_ACT_DELIVER,		/* "deliver"          送达 */
	XF_ACT_EXECUTE,		/* "execute"          执行支持意见 */
	XF_ACT_REQUEST_REVIEW,	/* "request_review"   申请复查 */
	XF_ACT_REVIEW_DECISION,	/* "review_decision"  复查意见 */
	XF_ACT_REQUEST_RECHECK,	/* "request_recheck"  申请复核 */
	XF_ACT_RECHECK_DECISION,/* "recheck_decision" 复核意见 → 终结 */
	XF_ACT_CLOSE,		/* "close"            结案 (reason: mediated|lapsed) */
	XF_ACT_ARCHIVE,		/* "archive"          归档 */
	XF_ACT_COUNT
} xf_action_code;

const char *xf_action_name(xf_action_code a);	/* "" if out of range */
int	xf_action_parse(const char *s);		/* -1 if unknown */
const char *xf_action_label(xf_action_code a);	/* Chinese: "转送", … */

/* The fields of API.md's action table. Zero/NULL/XF_DATE_NONE mean "absent"
 * (use xf_action_init). Texts are borrowed (e.g. from the parsed JSON body)
 * and only checked for presence: a text is present when it has a character
 * other than ASCII white space and U+3000. The store keeps the texts. */
typedef struct {
	xf_action_code	code;
	xf_date		date;		/* NONE: today */
	int64_t		to_unit_id;	/* transfer/assign/refer */
	const char	*to_body;	/* transfer to a body outside the system */
	xf_date		report_due;	/* assign: 交办 report date */
	const char	*reason;	/* object, not_accept, extend, pause, resume;
					 * close: "mediated" or "lapsed" (or a
					 * Chinese text with 调解/和解, 期满) */
	const char	*channel;	/* not_accept: legal route named (诉讼、仲裁…) */
	int64_t		lead_unit_id;	/* accept/set_lead; 0: the department a
					 * transfer named, else the owner */
	const int64_t	*co_unit_ids;	/* NULL: absent; else nco entries */
	size_t		nco;
	int		simple;		/* accept: SIMPLE procedure */
	int		bar;		/* not_accept on a ground of SPEC §3 rather
					 * than a route: 1 不再受理 (closed after
					 * 复核), 2 still handled below */
	int		days;		/* extend */
	int64_t		approved_by;	/* extend: user id of a leader */
	xf_outcome	outcome;	/* reply/review_decision/recheck_decision */
	const char	*request;	/* 信访请求 */
	const char	*facts;		/* 事实和理由 */
	const char	*decision;	/* 处理意见 */
	const char	*basis;		/* 法律法规依据 */
	xf_date		execute_by;	/* required when outcome is support */
	xf_deliver_method method;	/* deliver */
	const char	*proof;		/* deliver: 送达回证 / tracking number … */
} xf_action;

void	xf_action_init(xf_action *a, xf_action_code code);

/* What the store tells us about a unit. exists = 0 for an unknown id. */
typedef struct {
	int		exists;
	int64_t		id;
	char		name[128];	/* UTF-8; used in the event summary */
	xf_unit_level	level;
	xf_unit_kind	kind;
	int64_t		parent_id;	/* 0 at the root */
	int		active;		/* 0 once merged or abolished */
	char		profile[XF_PROFILE_NAME_MAX];	/* "" = XF_PROFILE_DEFAULT */
} xf_unit_info;

typedef struct {
	int		exists;
	int64_t		id;
	int64_t		unit_id;
	unsigned	roles;		/* XF_ROLE_* */
} xf_user_info;

/* Each fills *out (exists = 0 if there is no such id) and returns 0, or
 * returns -1 if the store itself failed (the action then fails with
 * XF_E_INTERNAL). */
typedef int (*xf_unit_lookup_fn)(void *ud, int64_t id, xf_unit_info *out);
typedef int (*xf_user_lookup_fn)(void *ud, int64_t id, xf_user_info *out);

typedef struct {
	int64_t		user_id;	/* 0 for the portal and the scheduler */
	int64_t		unit_id;	/* the user's unit; for the portal, the
					 * unit the petition is addressed to */
	unsigned	roles;		/* XF_ROLE_* */
} xf_actor;

typedef struct {
	const xf_calendar *cal;
	xf_date		today;		/* the system date (serve --today) */
	xf_actor	actor;
	xf_unit_lookup_fn unit;
	xf_user_lookup_fn user;
	void		*ud;		/* passed to the callbacks */
} xf_lc_ctx;

/* The history event of one successful call. */
typedef struct {
	char		action[24];	/* API action name, or "register",
					 * "lapse", "handover" */
	xf_date		date;		/* the date it happened in the world */
	int64_t		from_unit_id;	/* owner before */
	int64_t		to_unit_id;	/* owner after */
	xf_status	from_status;
	xf_status	to_status;
	char		document[32];	/* API document kind to issue, or "" */
	char		summary[384];	/* Chinese one-liner for the history */
} xf_lc_result;

/* Registers a new case. The caller fills, after xf_case_init: id (may stay 0
 * until inserted), channel, cls, received_on, headcount, respondent_unit_id.
 * The owner is the actor's unit (its authority when the actor sits in a
 * department); registered_on is today. Sets status registered, first_unit_id,
 * confidential (accusation), the owner's profile and the `route` deadline.
 * Refusals: XF_E_INVALID (received_on in the future, unknown channel/class,
 * headcount < 1, unknown respondent unit), XF_E_FORBIDDEN (actor is not an
 * officer/leader there, or the portal without a unit). */
int	xf_lifecycle_register(const xf_lc_ctx *ctx, xf_case *c,
	    xf_lc_result *res, xf_error *err);

/* Applies one action. 0 on success. -1 on refusal with err:
 *  XF_E_TRANSITION  the action is not allowed in the case's state (also:
 *                   refer for a non-accusation, request_recheck under a
 *                   profile without 复核, request_review where there is no
 *                   level above, reply while paused);
 *  XF_E_FORBIDDEN   the actor's unit or roles may not do it;
 *  XF_E_NOT_FOUND   to_unit_id / lead_unit_id / co_unit_ids is no unit
 *                   (field named);
 *  XF_E_INVALID     a field fails (field named, Chinese message): date in the
 *                   future or before the step it follows, a window passed, a
 *                   missing reply part, a bad extension, a confidential case
 *                   routed into the accused unit (to_unit_id/lead_unit_id);
 *  XF_E_NO_CALENDAR / XF_E_INTERNAL  from the calendar or a callback.
 * Who may act: admin anything; otherwise a user of the owner (the authority
 * or one of its departments) with role officer or leader for routing,
 * acceptance and archive, and handler, officer or leader for close and the
 * handling steps; request_review/request_recheck also by the portal
 * (XF_ROLE_PETITIONER) or by an officer of the level that will review. */
int	xf_lifecycle_apply(const xf_lc_ctx *ctx, xf_case *c,
	    const xf_action *a, xf_lc_result *res, xf_error *err);

/* The state part of apply alone: 1 if `code` can be tried in c's current
 * state (for the UI's buttons), 0 if apply would answer XF_E_TRANSITION for
 * the state. Fields, actor and dates are not checked. */
int	xf_lifecycle_allowed(const xf_case *c, xf_action_code code);

/* 1 if the daily job lapsed c and a request_review/request_recheck dated
 * inside the window it closed would still be taken (apply undoes the
 * lapse for it: a letter handed in on the last day, entered later). */
int	xf_lifecycle_reopenable(const xf_case *c, xf_action_code code);

/* The roles that may take the action (XF_ROLE_* bits; apply answers
 * XF_E_FORBIDDEN to an actor with none of them, admin aside). */
unsigned xf_lifecycle_roles(xf_action_code code);

/* The scheduler, daily: a replied/reviewed case whose review_request /
 * recheck_request window has passed without a request is closed (lapsed) on
 * the day after the window's last day (closed_on = due + 1, whatever day the
 * scheduler runs). Returns 1 if it closed c (res filled), 0 if nothing to do,
 * -1 never (kept for symmetry). */
int	xf_lifecycle_lapse(const xf_lc_ctx *ctx, xf_case *c,
	    xf_lc_result *res);

/* A unit merged or abolished (SPEC §1, 第八条): every reference to
 * old_unit_id as owner, lead or co-department moves to successor_unit_id;
 * the clocks keep running, first_unit_id and the history stay. Allowed in
 * any state; no date or actor check (the admin operation that merges units
 * is checked by the caller). -1: successor unknown (XF_E_NOT_FOUND) or
 * inactive (XF_E_INVALID); 0 with res->action "" if c did not refer to
 * old_unit_id. */
int	xf_lifecycle_handover(const xf_lc_ctx *ctx, xf_case *c,
	    int64_t old_unit_id, int64_t successor_unit_id,
	    xf_lc_result *res, xf_error *err);

/* Recomputes every open counted deadline (for instance once a year's
 * calendar data arrives and provisional dues can be settled). Returns the
 * number of deadlines whose due or provisional flag changed, or -1. */
int	xf_lifecycle_recompute(const xf_calendar *cal, xf_case *c,
	    xf_error *err);

#endif

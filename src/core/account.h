/* Accountability (责任追究), pure (SPEC §9; 第十四至十九条): the ten
 * situations of 第十四条 with their text, the allocation of responsibility
 * of its last paragraph, and the two ladders of measures — for units
 * (第十五条) and for people (第十六、十七条) — as data citing their
 * articles. The store records; this module decides what a rung is, what
 * comes after it, and who bears what. */
#ifndef XF_ACCOUNT_H
#define XF_ACCOUNT_H

#include "core/date.h"

#define XF_SITUATION_COUNT 10

typedef struct {
	int		 no;		/* 1..10 */
	const char	*item;		/* "第十四条（一）" */
	const char	*summary;	/* short Chinese label */
	const char	*text;		/* the article's words */
} xf_situation;

const xf_situation *xf_account_situation(int no);	/* NULL if not 1..10 */

/* Positions a person holds in the matter (第十四条 last paragraph). */
typedef enum {
	XF_POS_PRINCIPAL = 0,	/* "principal"  领导班子主要负责人 */
	XF_POS_IN_CHARGE,	/* "in_charge"  分管负责人 */
	XF_POS_MEMBER,		/* "member"     参与决策和工作的班子其他成员 */
	XF_POS_DEPT_HEAD,	/* "dept_head"  具体办理的工作部门负责人 */
	XF_POS_STAFF,		/* "staff"      具体办理的工作人员 */
	XF_POS_COUNT
} xf_position;

typedef enum {
	XF_RESP_NONE = 0,		/* "none"                 不承担 */
	XF_RESP_MAIN_LEADERSHIP,	/* "main_leadership"      主要领导责任 */
	XF_RESP_IMPORTANT_LEADERSHIP,	/* "important_leadership" 重要领导责任 */
	XF_RESP_DIRECT,			/* "direct"               直接责任 */
	XF_RESP_LEADERSHIP,		/* "leadership"           领导责任 */
	XF_RESP_COUNT
} xf_responsibility;

const char *xf_position_name(xf_position p);
const char *xf_position_label(xf_position p);
int	xf_position_parse(const char *s);		/* -1 if unknown */
const char *xf_resp_name(xf_responsibility r);
const char *xf_resp_label(xf_responsibility r);

/* 第十四条 last paragraph. collective = 1 for 集体责任 (a decision of the
 * leadership), 0 for 个人责任. Returns -1 for a combination the article
 * does not assign (a 班子其他成员 in an individual matter, a staff member
 * in a collective decision): the caller refuses it (field "position").
 * A member who objected in writing to a collective decision that was not
 * adopted bears none (XF_RESP_NONE); an objection does not clear an
 * individual responsibility. */
int	xf_account_allocate(int collective, xf_position pos, int objected);

/* The rungs of both ladders. */
typedef enum {
	XF_RUNG_CHECK = 0,	/* "check"          责令检查      第十五条（一） */
	XF_RUNG_CRITICISM,	/* "criticism"      通报批评      第十五条（二） */
	XF_RUNG_SUPERVISE,	/* "supervise"      督查督办      第十五条（三） */
	XF_RUNG_NOTICE,		/* "notice"         通报          第十六条（一） */
	XF_RUNG_ADMONISH,	/* "admonish"       诫勉          第十六条（二） */
	XF_RUNG_ORGANIZATIONAL,	/* "organizational" 组织调整或组织处理 第十六条（三） */
	XF_RUNG_DISCIPLINE,	/* "discipline"     党纪政纪处分  第十七条 */
	XF_RUNG_COUNT
} xf_rung;

typedef struct {
	xf_rung		 rung;
	const char	*name;
	const char	*label;
	const char	*article;
	int		 person;	/* 1: for people; 0: for units */
	int		 next;		/* the rung a missed deadline proposes,
					 * or -1: none (top, or outside the ladder) */
	int		 honours;	/* 1: removes the unit's eligibility for
					 * comprehensive honours that year */
	const char	*text;		/* what the article says it is */
} xf_rung_def;

const xf_rung_def *xf_account_rung(xf_rung r);	/* NULL past the end */
int	xf_account_rung_parse(const char *s);	/* -1 if unknown */

/* 组织调整或组织处理 takes one of these forms (第十六条（三）). */
int	xf_account_org_detail_ok(const char *s);
extern const char *const xf_account_org_details[];	/* NULL-terminated */

/* The rung a measure whose rectification deadline has passed unrectified
 * proposes, as of `today`: -1 if none (rectified, no deadline, not yet
 * passed — the last day still counts — or no next rung). Never applies
 * it: the decision stays with the unit that has authority (第十八条). */
int	xf_account_proposal(xf_rung r, xf_date rectify_due,
	    xf_date rectified_on, xf_date today);

#endif

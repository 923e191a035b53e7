/* Rule profiles: the time limits of one body of law, as data, each citing
 * the article it comes from (SPEC §4). A unit picks a profile; every deadline
 * stores the profile name and article that produced it. */
#ifndef XF_PROFILE_H
#define XF_PROFILE_H

#include "period.h"

/* Deadline kinds of API.md, in its order. */
typedef enum {
	XF_DL_ROUTE = 0,	/* route: transfer / assign / accept / not_accept */
	XF_DL_ACCEPT_NOTICE,	/* accept_notice: tell the petitioner it is accepted */
	XF_DL_OBJECTION,	/* objection: receiving unit may object */
	XF_DL_HANDLE,		/* handle: reply due */
	XF_DL_DELIVERY,		/* delivery: deliver the reply */
	XF_DL_EXECUTE,		/* execute: supported reply carried out (date set in reply) */
	XF_DL_REVIEW_REQUEST,	/* review_request: petitioner's window for 复查 */
	XF_DL_REVIEW,		/* review: 复查 decision due */
	XF_DL_RECHECK_REQUEST,	/* recheck_request: window for 复核 */
	XF_DL_RECHECK,		/* recheck: 复核 decision due */
	XF_DL_COUNT
} xf_dl_kind;

typedef struct {
	int		days;		/* -1: no fixed count in this profile: the step
					 * does not exist (henan-2012 recheck), or, for
					 * XF_DL_EXECUTE, its date is set in the reply;
					 * `article` says which */
	xf_period_unit	unit;
	const char	*article;	/* e.g. "《信访工作条例》第二十二条" */
} xf_limit;

typedef struct {
	const char	*name;		/* "national-2022" */
	const char	*title;		/* "《信访工作条例》（2022）" */
	xf_limit	limits[XF_DL_COUNT];
	int		max_extension_days;	/* 30 */
	const char	*extension_article;
	int		simple_days;		/* SIMPLE procedure: 10 working days; -1 none */
	const char	*simple_article;
	int		handle_from_receipt;	/* henan-2012: handling counted from receipt */
	int		max_total_days;		/* henan-2012: 90 from receipt; 0 = none */
	int		has_recheck;		/* henan-2012: 0 (no 复核) */
	/* Items this unit must not accept (SPEC §3): the same facts as a
	 * matter closed after 复核, and a matter still being handled below. */
	const char	*not_again_article;
	const char	*pending_article;
} xf_profile;

#define XF_PROFILE_DEFAULT "national-2022"

const char *xf_dl_kind_name(xf_dl_kind k);		/* "route", … */
int	xf_dl_kind_parse(const char *s);		/* -1 if unknown */
const xf_profile *xf_profile_get(const char *name);	/* NULL if unknown */
const xf_profile *xf_profile_at(int i);		/* NULL past the end */

#endif

/* Cases in the store: the lifecycle value (core/case.h) plus what the
 * lifecycle does not need (number, texts, petitioners, respondent, flags),
 * which travels as a JSON object `info`. */
#ifndef XF_STORE_CASES_H
#define XF_STORE_CASES_H

#include <stdint.h>

#include <jansson.h>

#include "core/case.h"
#include "core/lifecycle.h"
#include "core/text.h"
#include "store/store.h"

/* Flags derived by the system (SPEC §2), never typed by hand. */
enum {
	XF_CF_COLLECTIVE = 1 << 0,	/* 集体访: headcount ≥ 5 */
	XF_CF_REPEAT = 1 << 1,		/* 重复访 */
	XF_CF_LEAPFROG = 1 << 2,	/* 越级访 */
	XF_CF_CONFIDENTIAL = 1 << 3,	/* 检举控告: identity protected */
	XF_CF_ANONYMOUS = 1 << 4,	/* 匿名 */
	XF_CF_NOT_AGAIN = 1 << 5,	/* 不再受理: same facts as a matter closed after 复核 */
	XF_CF_PENDING_BELOW = 1 << 6,	/* still being handled below: not accepted here */
	XF_CF_LEADER = 1 << 7,		/* 领导批示件 */
	XF_CF_SUPERIOR = 1 << 8,	/* 上级交办件 */
};

/* Inserts a registered case; fills c->id and the number into *number.
 * info holds: category, purpose, region, title, content, petitioners
 * (array), respondent (object or null), flags (int), repeat_of (int). */
int	xf_store_case_insert(xf_store *st, xf_case *c, json_t *info,
	    const char *query_code, int64_t created_by, char number[64],
	    xf_error *err);
/* 0 found, 1 not found, -1 error. *info (may be NULL) is a new reference. */
int	xf_store_case_load(xf_store *st, int64_t id, xf_case *c, json_t **info,
	    xf_error *err);
/* The same for a reply that only shows the case: info has
 * "petitioners_json", the stored JSON text, instead of "petitioners"
 * (parsing it was a tenth of a fetch's CPU; xf_case_write copies it). */
int	xf_store_case_load_view(xf_store *st, int64_t id, xf_case *c,
	    json_t **info, xf_error *err);
int	xf_store_case_by_number(xf_store *st, const char *number, int64_t *id,
	    xf_error *err);
/* 1 if code matches the case's query code (constant time), else 0. */
int	xf_store_case_check_code(xf_store *st, int64_t id, const char *code);
/* Writes back the lifecycle value and upserts its deadlines. */
int	xf_store_case_save(xf_store *st, const xf_case *c, xf_error *err);
int	xf_store_case_set_flags(xf_store *st, int64_t id, int flags,
	    xf_error *err);
int	xf_store_event_add(xf_store *st, int64_t case_id,
	    const xf_lc_result *res, int64_t user_id, int64_t unit_id,
	    json_t *data, xf_error *err);	/* data: stolen, may be NULL */
/* The same with data already serialised (NULL: none), so that a caller
 * can build it before taking the writer lock. */
int	xf_store_event_add_text(xf_store *st, int64_t case_id,
	    const xf_lc_result *res, int64_t user_id, int64_t unit_id,
	    const char *data, xf_error *err);
/* Id of the event this thread's connection inserted last. */
int64_t	xf_store_last_event_id(xf_store *st);
/* {"items":[…]} oldest first. */
json_t	*xf_store_case_events(xf_store *st, int64_t case_id, xf_error *err);

typedef struct {
	const char	*scope_json;	/* JSON array of unit ids, or NULL = all */
	const char	*accused_json;	/* JSON array of units whose accusations
					   are left out (the caller's own unit
					   and those above it), or NULL */
	int		 status;	/* -1 any */
	int64_t		 unit_id;	/* 0 any: cases owned within this subtree… */
	const char	*unit_json;	/* …as a JSON array of ids */
	const char	*first_json;	/* first registered by one of these
					   (JSON array of ids), or NULL */
	int		 cls;		/* -1 any */
	int		 channel;	/* -1 any */
	const char	*category;	/* prefix match ("04" finds "0401") */
	xf_date		 from, to;	/* received_on range, NONE = open */
	int		 overdue;	/* 1: only overdue today */
	xf_date		 today;
	const char	*fts;		/* FTS5 MATCH expression or NULL */
	const char	*number;	/* case number prefix, or NULL */
	int		 open_only;	/* not closed/ended */
	xf_date		 due_before;	/* next_due <= this (warnings), NONE = any */
	int		 order_due;	/* order by next_due (to-do lists) */
	xf_date		 warn_until;	/* items get "warning" when next_due is
					   in [today, warn_until]; NONE = never */
	int64_t		 page, per_page;
} xf_case_filter;

/* Items are summary objects (no petitioner identity). */
int	xf_store_case_list(xf_store *st, const xf_case_filter *f, json_t **items,
	    int64_t *total, xf_error *err);

/* Ratings of answers given by units in scope (NULL = all), rated in
 * [from, to]: *good = satisfied + basically satisfied, *all = rated. */
int	xf_store_eval_rate(xf_store *st, const char *scope_json, xf_date from,
	    xf_date to, int64_t *good, int64_t *all, xf_error *err);

/* Counts grouped by month|class|category (top level)|channel|unit (owner)|
 * status|purpose|region (city), over the filter's scope, unit and dates. */
int	xf_store_case_stats(xf_store *st, const xf_case_filter *f, const char *by,
	    json_t **items, int64_t *total, xf_error *err);

/* Repeat detection: earlier cases with a petitioner of this ID number, or
 * near-identical content. Appends {"id","status","unit_id","close_reason",
 * "similarity", "by_id"} objects to out (at most max). *fp (if not
 * NULL) gets the content's fingerprint, which registration stores with the
 * case (info "fingerprint", see xf_store_case_insert) instead of computing it
 * twice. */
int	xf_store_case_similar(xf_store *st, const char *const *id_numbers,
	    size_t nid, const char *content, xf_text_fp *fp,
	    const char *category, json_t *out, size_t max, xf_error *err);

/* 1 if some accusation names one of units_json (a JSON array) as its
 * respondent and sits elsewhere, 0 if none, -1 on error. */
int	xf_store_case_accused_any(xf_store *st, const char *units_json,
	    xf_error *err);
/* Cases whose deadlines a calendar change may move: any deadline counted
 * provisionally (a year without calendar data, whatever its state), and
 * open deadlines due on or after `from` (XF_DATE_NONE: none). */
int	xf_store_case_recount_ids(xf_store *st, xf_date from, int64_t **ids,
	    size_t *n, xf_error *err);
/* Open cases owned by (or led by / co-handled by) a unit. */
int	xf_store_case_ids_of_unit(xf_store *st, int64_t unit_id, int64_t **ids,
	    size_t *n, xf_error *err);

/* Every unit the case has passed through (owners, first unit, lead, co). */
int	xf_store_case_units(xf_store *st, int64_t case_id, int64_t *out,
	    size_t max, size_t *n, xf_error *err);

/* Evaluations: one per case and decision level (UNIQUE): a second rating
 * of the same answer is a conflict. */
int	xf_store_eval_add(xf_store *st, int64_t case_id, int level,
	    const char *rating, const char *comment, xf_date rated_on,
	    int64_t unit_id, int64_t *id, xf_error *err);
json_t	*xf_store_eval_list(xf_store *st, int64_t case_id, xf_error *err);
int	xf_store_eval_answer(xf_store *st, int64_t eval_id, int64_t case_id,
	    const char *answer, xf_date on, xf_error *err);

/* Attachments (materials). get: 0 found (data malloc'd), 1 not found. */
int	xf_store_attachment_add(xf_store *st, int64_t case_id, const char *name,
	    const char *mime, const void *data, size_t len, const char *sha256,
	    int by_petitioner, int64_t by, int64_t *id, xf_error *err);
json_t	*xf_store_attachments(xf_store *st, int64_t case_id, xf_error *err);
int	xf_store_attachment_get(xf_store *st, int64_t id, int64_t *case_id,
	    char name[401], char mime[80], unsigned char **data, size_t *len,
	    xf_error *err);

/* Recusals (SPEC §7). */
int	xf_store_recusal_add(xf_store *st, int64_t case_id, int64_t user_id,
	    const char *reason, int64_t by, xf_error *err);
int	xf_store_recused(xf_store *st, int64_t case_id, int64_t user_id);
/* Ends a leader's open 包案 of the case on `on` (a recusal): 1 if there
 * was one, 0 if not, -1 on error. */
int	xf_store_taker_release(xf_store *st, int64_t case_id,
	    int64_t leader_id, xf_date on, xf_error *err);
json_t	*xf_store_recusals(xf_store *st, int64_t case_id, xf_error *err);

#endif

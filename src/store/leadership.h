/* The registers of leadership duties (SPEC §6; 第四至六条) and of
 * accountability (SPEC §9; 第十四至十九条) in the store (migration 4).
 *
 * They are simple registers — a row per record, a few link tables — so one
 * small interface serves them all: a record kind names its table and the
 * columns a caller may write; values travel as JSON (integers, strings,
 * null; a date is its day number going in and "YYYY-MM-DD" coming out, for
 * every column named `due`, `day`, `year`-less `*_on`). The API layer
 * validates every value before it gets here; the store only refuses
 * columns it does not know (XF_E_INTERNAL: a programming error). */
#ifndef XF_STORE_LEADERSHIP_H
#define XF_STORE_LEADERSHIP_H

#include <stdint.h>

#include <jansson.h>

#include "core/date.h"
#include "store/store.h"

typedef enum {
	XF_LR_INSTRUCTION = 0,	/* instructions      批示 */
	XF_LR_TAKER,		/* case_takers       包案 */
	XF_LR_RECEPTION,	/* receptions        接访日 */
	XF_LR_ONSITE,		/* onsite_responses  集体访现场处置 */
	XF_LR_BRIEFING,		/* briefings         专题汇报 */
	XF_LR_RISK,		/* risk_assessments  社会稳定风险评估 */
	XF_LR_SCREENING,	/* screenings        矛盾纠纷排查 */
	XF_LR_ISSUE,		/* screening_issues  排查发现的问题 */
	XF_LR_GROUP,		/* lead_groups       领导小组 (key: unit_id) */
	XF_LR_MEMBER,		/* lead_members      小组成员与责任分工 */
	XF_LR_FINDING,		/* findings          问责认定 */
	XF_LR_RESPONSIBILITY,	/* responsibilities  责任划分 */
	XF_LR_MEASURE,		/* measures          问责措施 */
	XF_LR_PROPOSAL,		/* measure_proposals 升级建议 */
	XF_LR_COUNT
} xf_lr_kind;

typedef enum {
	XF_LL_RECEPTION_CASE = 0,	/* reception_cases (reception_id, case_id) */
	XF_LL_RISK_CASE,		/* risk_cases (risk_id, case_id) */
	XF_LL_FINDING_CASE,		/* finding_cases (finding_id, case_id) */
	XF_LL_FINDING_SV,		/* finding_supervisions (finding_id, supervision_id) */
	XF_LL_COUNT
} xf_ll_kind;

/* Inserts a record (created_at / updated_at are added); *id = its id. */
int	xf_store_lr_insert(xf_store *st, xf_lr_kind k, json_t *fields,
	    int64_t *id, xf_error *err);
/* Sets some columns of record id. 1 if no such record. */
int	xf_store_lr_update(xf_store *st, xf_lr_kind k, int64_t id,
	    json_t *fields, xf_error *err);
/* Deletes every row whose `col` equals v (lead_members of a unit). */
int	xf_store_lr_delete_by(xf_store *st, xf_lr_kind k, const char *col,
	    int64_t v, xf_error *err);
/* One record as an object, or NULL (XF_E_NOT_FOUND when absent). */
json_t	*xf_store_lr_get(xf_store *st, xf_lr_kind k, int64_t id,
	    xf_error *err);
/* Records matching every key of `where` ({"col": value} equality,
 * {"col>=": v} / {"col<=": v} ranges, {"col": null} IS NULL), and, when
 * units_json is given, whose unit column (`unit_col`) lies in that JSON
 * array; ordered by id. New array or NULL. */
json_t	*xf_store_lr_list(xf_store *st, xf_lr_kind k, json_t *where,
	    const char *unit_col, const char *units_json, xf_error *err);

int	xf_store_ll_add(xf_store *st, xf_ll_kind k, int64_t a, int64_t b,
	    xf_error *err);	/* XF_E_CONFLICT if already linked */
/* The b ids linked to a, ascending. New array or NULL. */
json_t	*xf_store_ll_get(xf_store *st, xf_ll_kind k, int64_t a, xf_error *err);

/* Accountability: open measures whose rectification deadline passed
 * before `today` without a proposal yet (ids, malloc'd). */
int	xf_store_measures_overdue(xf_store *st, xf_date today, int64_t **ids,
	    size_t *n, xf_error *err);
/* A case's flags, respondent unit (0: none) and owner; 1 if absent. */
int	xf_store_case_accused(xf_store *st, int64_t case_id, int *flags,
	    int64_t *respondent_unit, int64_t *owner, xf_error *err);
/* Status of a case (xf_status), flags and closed_on; 1 if absent. */
int	xf_store_case_brief(xf_store *st, int64_t case_id, int *status,
	    int *flags, xf_date *closed_on, xf_error *err);

#endif

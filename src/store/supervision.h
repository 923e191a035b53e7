/* Supervision records (督办), the scheduler's bookkeeping (runs, watermarks,
 * watch dates, warnings) and the notification outbox, in the store.
 * Changes are made inside the caller's transaction (xf_store_begin); the
 * caller appends the audit record in the same transaction. */
#ifndef XF_STORE_SUPERVISION_H
#define XF_STORE_SUPERVISION_H

#include <stdint.h>

#include <jansson.h>

#include "core/supervise.h"
#include "store/store.h"

typedef struct {
	int64_t		id;		/* set by insert */
	int64_t		case_id;
	xf_sv_trigger	trigger;
	int		system;		/* 1: raised by the scan */
	int64_t		raised_by;	/* user id, 0 = system */
	int64_t		by_unit_id;	/* the supervising unit */
	xf_date		raised_on;
	xf_sv_form	form;
	int64_t		target_unit_id;
	xf_date		missed;		/* NONE if no due date was missed */
	const char	*problem;
	const char	*suggestions;	/* may be NULL */
	xf_date		reply_due;
} xf_sv_new;

/* Inserts a record. For a system record that already exists for (case,
 * trigger) nothing is written and 1 is returned; 0 when inserted. */
int	xf_store_sv_insert(xf_store *st, xf_sv_new *r, xf_error *err);

/* The API object of one record (with the case number and title), or NULL:
 * err XF_E_NOT_FOUND when there is no such record. */
json_t	*xf_store_sv_get(xf_store *st, int64_t id, xf_error *err);

typedef struct {
	int64_t		 case_id;	/* 0: any */
	const char	*units_json;	/* target or case units within these
					 * (JSON array of ids); NULL: all */
	int64_t		 target_unit_id;	/* 0: any; else exactly this unit */
	const char	*target_json;	/* target within these ids (unit_id
					 * filter with its subtree); NULL any */
	int		 state;		/* -1 any, else xf_sv_state */
	int		 trigger;	/* -1 any */
	const char	*accused_json;	/* leave out those of accusations
					 * against these units (the caller's:
					 * xf_case_accused_json); NULL none */
	int64_t		 limit;		/* rows; 0 = 500 */
	int64_t		 offset;
} xf_sv_filter;

int	xf_store_sv_list(xf_store *st, const xf_sv_filter *f, json_t **items,
	    int64_t *total, xf_error *err);

/* The target unit's written reply: open → replied. */
int	xf_store_sv_reply(xf_store *st, int64_t id, const char *text,
	    xf_date on, int64_t user_id, xf_error *err);
/* Closes (and files: archived) a record with its result. by = 0 and
 * cured = 1 when the scan closes it because the cause is gone. */
int	xf_store_sv_close(xf_store *st, int64_t id, const char *result,
	    xf_date on, int64_t by, int cured, xf_error *err);

/* Open system records of a case: ids[i], trig[i]; n at most max. */
int	xf_store_sv_retarget(xf_store *st, int64_t from_unit, int64_t to_unit,
	    int *n, xf_error *err);
int	xf_store_sv_open_system(xf_store *st, int64_t case_id, int64_t *ids,
	    xf_sv_trigger *trig, size_t max, size_t *n, xf_error *err);

/* The facts the rules need beyond the case value (from the history and
 * the evaluations). c is the loaded case. */
int	xf_store_sv_facts(xf_store *st, const xf_case *c, xf_sv_facts *f,
	    xf_error *err);

/* The case's number (信访件编号) into buf; "" if unknown. */
void	xf_store_case_number(xf_store *st, int64_t case_id, char buf[64]);

/* ---- the scheduler's bookkeeping ------------------------------------------ */

/* Latest day recorded in jobs_runs, or XF_DATE_NONE. */
int	xf_store_jobs_last_run(xf_store *st, xf_date *day, xf_error *err);
typedef struct {
	int	lapsed, raised, cured, warned;
} xf_jobs_stats;
int	xf_store_jobs_mark_run(xf_store *st, xf_date day, int64_t started,
	    const xf_jobs_stats *s, xf_error *err);

/* scan_state: value, or def when unset. */
int64_t	xf_store_scan_get(xf_store *st, const char *key, int64_t def);
int	xf_store_scan_set(xf_store *st, const char *key, int64_t value,
	    xf_error *err);

/* Candidate cases (appended to a growing array, duplicates allowed):
 * open deadlines a unit can miss, and the 复查/复核 request windows (they
 * lapse), with lo <= due < hi; events with id > after
 * (*max_event set to the newest id); watch dates before `before`. */
typedef struct {
	int64_t	*v;
	size_t	 n, cap;
} xf_idvec;
void	xf_idvec_push(xf_idvec *v, int64_t id);
void	xf_idvec_sort_unique(xf_idvec *v);
void	xf_idvec_free(xf_idvec *v);

int	xf_store_sv_due_cases(xf_store *st, xf_date lo, xf_date hi,
	    xf_idvec *out, xf_error *err);
int	xf_store_sv_changed_cases(xf_store *st, int64_t after,
	    int64_t *max_event, xf_idvec *out, xf_error *err);
int	xf_store_sv_watch_cases(xf_store *st, xf_date before, xf_idvec *out,
	    xf_error *err);
/* Cases with an open system record of trigger t (their cure is not a case
 * event: e.g. the answer to a rating). */
int	xf_store_sv_open_cases(xf_store *st, xf_sv_trigger t, xf_idvec *out,
	    xf_error *err);
/* Sets the watch date of (case, trigger). */
int	xf_store_sv_watch(xf_store *st, int64_t case_id, xf_sv_trigger t,
	    xf_date due, xf_error *err);
/* Clears every watch date of a case (one statement; before re-setting). */
int	xf_store_sv_watch_clear(xf_store *st, int64_t case_id, xf_error *err);

/* Warnings. */
int	xf_store_warn_days(xf_store *st, int64_t unit_id, int *days,
	    xf_error *err);
int	xf_store_warn_set_days(xf_store *st, int64_t unit_id, int days,
	    xf_error *err);	/* days < 0: back to the default */
/* The distinct per-unit values in use, plus the default; n <= max. */
int	xf_store_warn_day_values(xf_store *st, int *vals, size_t max,
	    size_t *n, xf_error *err);
typedef struct {
	int64_t		case_id;
	int		seq;
	xf_dl_kind	kind;
	int64_t		unit_id;
	xf_date		due;
	char		number[64];	/* the case's number */
} xf_warn_row;
/* Open countable, non-provisional deadlines with lo <= due <= hi not yet
 * warned. malloc'd. */
int	xf_store_warn_candidates(xf_store *st, xf_date lo, xf_date hi,
	    xf_warn_row **rows, size_t *n, xf_error *err);
/* 1 if newly marked, 0 if it was already warned. */
int	xf_store_warn_mark(xf_store *st, int64_t case_id, int seq, xf_date on,
	    xf_error *err);

/* ---- the outbox ------------------------------------------------------------- */

typedef struct {
	const char	*channel;	/* "staff", "sms", "email" */
	int64_t		 user_id;	/* staff: one user … */
	int64_t		 unit_id;	/* … or the users of this authority */
	int		 roles;		/* … holding one of these roles */
	const char	*address;	/* sms/email */
	int64_t		 case_id;
	const char	*case_ids;	/* a digest's cases: JSON array, or NULL */
	int64_t		 supervision_id;
	const char	*kind;		/* "warning", "supervision", "lapse", … */
	const char	*subject;
	const char	*body;
	const char	*dedup;		/* once-only key, or NULL */
} xf_msg;

/* 0 queued, 1 a message with this dedup key exists already. */
int	xf_store_outbox_add(xf_store *st, const xf_msg *m, xf_error *err);

/* Staff messages for a user (its own and its authority's audience). */
int	xf_store_outbox_for_user(xf_store *st, int64_t user_id,
	    int64_t authority_id, int roles, int unread_only, int64_t limit,
	    json_t **items, int64_t *unread, xf_error *err);
/* 0 marked, 1 no such message for this user. */
int	xf_store_outbox_mark_read(xf_store *st, int64_t user_id,
	    int64_t authority_id, int roles, int64_t id, xf_error *err);

/* External messages due for sending (queued, next_attempt <= now). */
typedef struct {
	int64_t	id;
	char	channel[8];
	char	address[128];
	char	kind[32];
	char	subject[256];
	char	*body;		/* malloc'd */
	int	attempts;
	int64_t	case_id;
} xf_out_row;
int	xf_store_outbox_due(xf_store *st, int64_t now, xf_out_row **rows,
	    size_t *n, size_t max, xf_error *err);
void	xf_store_outbox_rows_free(xf_out_row *rows, size_t n);
int	xf_store_outbox_sent(xf_store *st, int64_t id, xf_error *err);
int	xf_store_outbox_failed(xf_store *st, int64_t id, int64_t next_attempt,
	    const char *why, xf_error *err);

/* Operations: petitioner messages (newest first; state NULL = any) and the
 * scheduler's runs (newest first). */
int	xf_store_outbox_list(xf_store *st, const char *state, int64_t limit,
	    json_t **items, xf_error *err);
int	xf_store_jobs_runs(xf_store *st, int64_t limit, json_t **items,
	    xf_error *err);

/* ---- the province's queue ------------------------------------------------ */

/* Open cases the seed reserves for the province (上级交办, 领导批示, 集体访
 * to the province, 越级访, 重复访) within units_json (NULL: all), newest
 * first, each with "reasons". hot_categories: JSON array of category codes
 * counted as hot issues (cases in them are listed too), or NULL. */
int	xf_store_sv_queue(xf_store *st, const char *units_json,
	    const char *hot_json, xf_date since, int64_t limit, json_t **items,
	    xf_error *err);
/* Categories with at least `min` cases received on or after `since`. */
int	xf_store_sv_hot_categories(xf_store *st, xf_date since, int min,
	    json_t **cats, xf_error *err);

#endif

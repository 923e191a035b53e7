/* The case API's shared pieces: the lifecycle context over the store, the
 * case's JSON view, and the one door through which every change passes. */
#ifndef XF_API_CASES_H
#define XF_API_CASES_H

#include "api/app.h"
#include "core/lifecycle.h"
#include "http/jsonout.h"
#include "store/cases.h"

/* Fills a lifecycle context for the caller (or the system when r is NULL). */
void	xf_case_ctx(xf_app *app, const xf_user *u, xf_lc_ctx *ctx);
int	xf_case_unit_cb(void *ud, int64_t id, xf_unit_info *out);
int	xf_case_user_cb(void *ud, int64_t id, xf_user_info *out);

/* May the caller read this case at all? (any unit the case passed through
 * lies in the caller's authority subtree). 0 yes, -1 with a 404 otherwise. */
int	xf_case_visible(xf_req *r, int64_t case_id);
/* May the caller see a confidential case's protected fields (petitioner
 * identity, materials)? Never the accused unit, a named respondent or a
 * recused user (SPEC §7). */
int	xf_case_may_see_protected(xf_req *r, const xf_case *c, json_t *info);
/* The same for user u, who is not the caller (a leader given a case). */
int	xf_case_user_may_see_protected(xf_app *app, const xf_user *u,
	    const xf_case *c, json_t *info);

/* Whether user u must stand aside from the case (回避, 第九条): named as
 * its respondent, or recused. Such a user takes no action on it, gives
 * no instruction and raises or settles no supervision of it (403). The
 * scheduler and the portal (u NULL or id 0) never are. */
int	xf_case_user_conflicted(xf_app *app, const xf_user *u,
	    const xf_case *c, json_t *info);
/* 0, or -1 with 403 (conflicted caller) or 404 (no such case). */
int	xf_case_conflict_guard(xf_req *r, int64_t case_id);
#define CONFLICT_MSG "您与本信访事项有利害关系（被反映人或已申请回避），应当回避，不能办理"

/* The API.md case object, written into w and left open for the caller's
 * own members; protected_ok = 0 leaves petitioners out; allowed_actions
 * are those u may take now (NULL: those the case's state allows).
 * xf_case_reply closes it and sends it. */
/* The units whose accusations the caller is kept from (its own unit and
 * those above it up to its authority: the accused and its 内设机构), as a
 * JSON array for xf_case_filter.accused_json; NULL when no accusation
 * accuses any of them (the exclusion then costs nothing). */
int	xf_case_accused_json(xf_req *r, const char **out);

/* ids (an array of case ids, taken) without those the caller may not open
 * (out of scope, or an accusation against the caller's unit): a record
 * that lists cases must not tell of one the caller gets 404 for. NULL
 * gives []. */
json_t	*xf_case_ids_visible(xf_req *r, json_t *ids);

void	xf_case_write(xf_jw *w, xf_app *app, const xf_user *u,
	    const xf_case *c, json_t *info, int protected_ok, xf_date today);
int	xf_case_reply(xf_req *r, int status, xf_jw *w);

/* The one door: loads, applies, saves, records the event and the audit
 * record, all in one transaction. data (stolen) is the event's payload. */
int	xf_case_door(xf_app *app, const xf_user *u, const char *ip,
	    int64_t case_id, const xf_action *a, json_t *data, xf_case *out,
	    xf_lc_result *res, xf_error *err);

/* The documents module: called inside the case's transaction after an event
 * whose result names a document (res->document), to number and record it.
 * case_info is the case's info object with number, title and petitioners if
 * the caller holds it (else NULL: read from the row); data is the event's
 * payload. Both borrowed. Weak: absent until linked. */
int	xf_docs_on_event(xf_app *app, const xf_case *c, json_t *case_info,
	    const xf_lc_result *res, json_t *data, int64_t event_id,
	    const xf_user *u, xf_error *err) __attribute__((weak));

/* The caller's authority subtree (or root's) as a JSON array of unit ids
 * (malloc'd); NULL when it is the whole tree. */
char	*xf_case_scope_json(xf_req *r, int64_t root);
/* Reads the list filters of GET /api/v1/cases from the query. */
int	xf_case_list_filter(xf_req *r, xf_case_filter *f, char **scope,
	    char **units, char *fts, size_t ftssz);

/* Registration from an API body (validation, flags, one transaction): the
 * new case, its query code and the similar matters written into w (left
 * open, as xf_case_write) once it is committed; on failure w is untouched.
 * Of the similar matters and repeat_of, only what viewer may be shown is
 * written (none without one: the portal's and the demo's). The _json form
 * gives the closed object. */
int	xf_case_register(xf_app *app, const xf_user *u, const char *ip,
	    json_t *in, xf_req *viewer, xf_jw *w, xf_error *err);
json_t	*xf_case_register_json(xf_app *app, const xf_user *u, const char *ip,
	    json_t *in, xf_error *err);

/* Hands every open case of old_unit to successor, inside the caller's
 * transaction. */
/* 1 or 2 when a not_accept channel names a ground of SPEC §3 (channel_legal
 * 91 不再受理, 92 still handled below) rather than a route; else 0. */
int	xf_case_legal_bar(xf_app *app, const char *channel);
/* Whether action code is open on case c as it stands: the state rules
 * (xf_lifecycle_allowed), and for a 复查/复核 request a level above the
 * unit that decided. What allowed_actions and the portal offer. */
int	xf_case_action_offered(xf_app *app, const xf_case *c,
	    xf_action_code code);
int	xf_case_handover_all(xf_app *app, const xf_user *u, const char *ip,
	    int64_t old_unit, int64_t successor, int *moved, xf_error *err);

#endif

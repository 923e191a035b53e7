/* Cases over HTTP: registration (with validation and derived flags), the
 * case view (with protected fields held back), lists and Chinese search,
 * history, and every lifecycle action through one door. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "cases.h"
#include "core/text.h"
#include "core/validate.h"
#include "store/fts_bigram.h"
#include "store/leadership.h"

#define MAX_PETITIONERS   50
#define MAX_REPRESENTATIVES 5	/* 《信访工作条例》第十八条：走访人数较多的推选代表，不超过5人 */
#define TITLE_MAX    100
#define CONTENT_MAX  20000
#define TEXT_MAX     20000

/* ---- lifecycle context over the store --------------------------------- */

int
xf_case_unit_cb(void *ud, int64_t id, xf_unit_info *out)
{
	xf_app *app = ud;
	const xf_unit *u = xf_tree_get(xf_app_tree(app), id);

	memset(out, 0, sizeof(*out));
	if (u == NULL)
		return 0;
	out->exists = 1;
	out->id = u->id;
	snprintf(out->name, sizeof(out->name), "%s", u->name);
	out->level = (xf_unit_level)xf_unit_level_parse(u->level);
	out->kind = (xf_unit_kind)xf_unit_kind_parse(u->kind);
	out->parent_id = u->parent_id;
	out->active = u->active;
	snprintf(out->profile, sizeof(out->profile), "%s", u->profile);
	return 0;
}

int
xf_case_user_cb(void *ud, int64_t id, xf_user_info *out)
{
	xf_app *app = ud;
	xf_user u;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = xf_store_user_get(app->store, id, &u, NULL);
	if (rc == -1)
		return -1;
	if (rc == 1 || !u.active)
		return 0;
	out->exists = 1;
	out->id = u.id;
	out->unit_id = u.unit_id;
	out->roles = (unsigned)u.roles;
	return 0;
}

void
xf_case_ctx(xf_app *app, const xf_user *u, xf_lc_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cal = app->cal;	/* read under the caller's calendar lock */
	ctx->today = xf_app_today(app);
	if (u != NULL) {
		ctx->actor.user_id = u->id;
		ctx->actor.unit_id = u->unit_id;
		ctx->actor.roles = (unsigned)u->roles;
	} else
		ctx->actor.roles = XF_ROLE_SYSTEM;
	ctx->unit = xf_case_unit_cb;
	ctx->user = xf_case_user_cb;
	ctx->ud = app;
}

/* ---- visibility -------------------------------------------------------- */

/* Whether the caller's scope is the whole tree (the top authority's): every
 * case is in it. */
static int
scope_is_all(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	const xf_unit *root = xf_tree_get(t, xf_tree_authority(t,
	    r->user.unit_id));

	return root != NULL && root->parent_id == 0;
}

/* 1 if a user of unit `mine` is of the accused: the accused unit or one of
 * its departments (本机关及其内设机构), not a separate body under it (a
 * county under an accused city, which may well be the one handling it). */
static int
in_accused(const xf_unit_tree *t, int64_t respondent, int64_t mine)
{
	return respondent > 0 && xf_tree_within(t, respondent, mine) &&
	    xf_tree_authority(t, mine) == xf_tree_authority(t, respondent);
}

/* Whether an accusation against `respondent` is kept from a user of unit
 * `mine` (SPEC §7, issue 4: the accused unit reading it gets 404): the
 * user is of the accused (in_accused). Not while the case sits at the
 * accused unit itself (registered there): someone there must send it up.
 * Not for the top unit: nobody in the system is above it. */
static int
accused_reader(const xf_unit_tree *t, int64_t respondent, int64_t owner,
    int64_t mine)
{
	const xf_unit *ru = respondent > 0 ? xf_tree_get(t, respondent) : NULL;

	return ru != NULL && ru->parent_id != 0 && owner != respondent &&
	    in_accused(t, respondent, mine);
}

int
xf_case_visible(xf_req *r, int64_t case_id)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	int64_t units[64], resp = 0, owner = 0;
	size_t n = 0;
	int flags = 0, rc, seen = 0;

	/* One row by id (the page the caller reads next): whether it
	 * exists, and whom an accusation accuses. The top authority's scope
	 * is the whole tree, so it needs no more. */
	rc = xf_store_case_accused(r->app->store, case_id, &flags, &resp,
	    &owner, &r->err);
	if (rc == -1)
		return -1;
	if (rc == 1)
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "信访件不存在");
	if (scope_is_all(r))
		seen = 1;
	else {
		if (xf_store_case_units(r->app->store, case_id, units, 64, &n,
		    &r->err) == -1)
			return -1;
		for (size_t i = 0; i < n && !seen; i++)
			seen = xf_scope_unit(r, units[i]);
	}
	if (seen && (flags & XF_CF_CONFIDENTIAL) &&
	    accused_reader(t, resp, owner, r->user.unit_id))
		seen = 0;
	return seen ? 0 : xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
	    "信访件不存在");
}

/* The units whose accusations a user is kept from (accused_reader): its
 * own unit and those above it up to its authority, not the top one), as a
 * JSON array in the request's arena; NULL if none. */
static const char *
accused_units_json(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	const xf_unit *u = xf_tree_get(t, r->user.unit_id);
	int64_t body = xf_tree_authority(t, r->user.unit_id);
	char buf[1024];
	size_t n = 0;
	int k = 0;

	buf[n++] = '[';
	for (int depth = 0; u != NULL && u->parent_id != 0 && depth < 32 &&
	    n + 24 < sizeof(buf); depth++) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%lld",
		    k++ ? "," : "", (long long)u->id);
		if (u->id == body)
			break;
		u = xf_tree_get(t, u->parent_id);
	}
	if (k == 0)
		return NULL;
	buf[n++] = ']';
	buf[n] = '\0';
	return xf_arena_printf(&r->arena, "%s", buf);
}

int
xf_case_user_may_see_protected(xf_app *app, const xf_user *u,
    const xf_case *c, json_t *info)
{
	const xf_unit_tree *t = xf_app_tree(app);
	int handles = 0;

	/* One who declared a conflict of interest stands aside from any
	 * case, accusation or not (第九条 回避): the petitioners are the
	 * people the conflict is with. */
	if (!c->confidential)
		return !xf_store_recused(app->store, c->id, u->id);
	if (in_accused(t, c->respondent_unit_id, u->unit_id))
		return 0;
	/* An accuser's name is for those whose work needs it (SPEC §1: what
	 * a role allows; 第九条): the petition office, leaders, supervisors
	 * and admins; of the departments, one handling the matter (lead or
	 * co-department); a read-only viewer never. */
	if ((u->roles & ~(unsigned)(XF_ROLE_HANDLER | XF_ROLE_VIEWER)) == 0) {
		if (u->roles & XF_ROLE_HANDLER) {
			handles = c->lead_unit_id > 0 &&
			    xf_tree_within(t, c->lead_unit_id, u->unit_id);
			for (int i = 0; !handles && i < c->nco; i++)
				handles = xf_tree_within(t, c->co_unit_ids[i],
				    u->unit_id);
		}
		if (!handles)
			return 0;
	}
	return !xf_case_user_conflicted(app, u, c, info);
}

int
xf_case_user_conflicted(xf_app *app, const xf_user *u, const xf_case *c,
    json_t *info)
{
	json_t *names, *v;
	size_t i;

	if (u == NULL || u->id <= 0)	/* the scheduler, the portal */
		return 0;
	names = json_object_get(json_object_get(info, "respondent"), "names");
	json_array_foreach(names, i, v)
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), u->name) == 0)
			return 1;
	return xf_store_recused(app->store, c->id, u->id) != 0;
}

int
xf_case_conflict_guard(xf_req *r, int64_t case_id)
{
	json_t *info = NULL;
	xf_case *c = xf_xmalloc(sizeof(*c));
	int rc = xf_store_case_load(r->app->store, case_id, c, &info, &r->err);

	if (rc == 1)
		rc = xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "信访件不存在");
	else if (rc == 0 && xf_case_user_conflicted(r->app, &r->user, c, info))
		rc = xf_error_set(&r->err, XF_E_FORBIDDEN, NULL, CONFLICT_MSG);
	json_decref(info);
	free(c);
	return rc;
}

int
xf_case_may_see_protected(xf_req *r, const xf_case *c, json_t *info)
{
	return xf_case_user_may_see_protected(r->app, &r->user, c, info);
}

/* Whether the caller may be shown case id from within another one (its
 * similar matters, repeat_of): only a case it can see, and of an
 * accusation only if it may see the petitioners, since a match by ID
 * number says who wrote it (SPEC §7). conf: whether the case is an
 * accusation, or -1 if not known. Errors count as no. */
static int
may_name_case(xf_req *r, int64_t id, int conf)
{
	xf_error keep = r->err;
	json_t *info = NULL;
	xf_case *c = NULL;
	int status, flags, ok = 0;
	xf_date closed;

	if (!scope_is_all(r) && xf_case_visible(r, id) == -1)
		goto done;
	if (conf == -1) {
		if (xf_store_case_brief(r->app->store, id, &status, &flags,
		    &closed, &r->err) != 0)
			goto done;
		conf = (flags & XF_CF_CONFIDENTIAL) != 0;
	}
	if (!conf) {
		ok = 1;
		goto done;
	}
	c = xf_xmalloc(sizeof(*c));
	if (xf_store_case_load(r->app->store, id, c, &info, &r->err) == 0)
		ok = xf_case_may_see_protected(r, c, info);
done:
	r->err = keep;
	json_decref(info);
	free(c);
	return ok;
}

/* Keeps the similar matters (xf_store_case_similar's list) the caller may
 * be shown, without the store's mark of accusations. */
static void
similar_for(xf_req *r, json_t *similar)
{
	for (size_t i = json_array_size(similar); i-- > 0;) {
		json_t *v = json_array_get(similar, i);
		json_t *conf = json_object_get(v, "confidential");

		if (may_name_case(r, json_integer_value(json_object_get(v,
		    "id")), json_is_boolean(conf) ? json_is_true(conf) : -1))
			json_object_del(v, "confidential");
		else
			json_array_remove(similar, i);
	}
}

/* Drops info's repeat_of when it names a case the caller may not be
 * shown, or when the caller may not see this case's petitioners (prot 0):
 * the earlier matter, often linked by the same ID number, would name the
 * accuser to the one accused (SPEC §7). */
static void
repeat_of_for(xf_req *r, json_t *info, int prot)
{
	json_t *v = json_object_get(info, "repeat_of");

	if (v != NULL && (!prot || !may_name_case(r, json_integer_value(v),
	    -1)))
		json_object_del(info, "repeat_of");
}

/* A case's history as the caller may read it: without the events' data
 * (reply texts, delivery details, the registration's similar matters)
 * for one who may not see the petitioners, and with only the similar
 * matters it may be shown for the others. */
static void
events_for(xf_req *r, json_t *items, int prot)
{
	json_t *e;
	size_t i;

	json_array_foreach(items, i, e) {
		json_t *data = json_object_get(e, "data");

		if (!prot)
			json_object_set_new(e, "data", json_null());
		else if (json_is_array(json_object_get(data, "similar")))
			similar_for(r, json_object_get(data, "similar"));
	}
}

/* The authority that takes a 复查 (or 复核) request: the one above the
 * authority whose reply (or review) it contests, as do_request finds it;
 * 0 above the province (none in the system: the petitioner goes to the
 * provincial government, as the opinion tells him). */
static int64_t
request_body(const xf_unit_tree *t, const xf_case *c, xf_action_code code)
{
	const xf_unit *b = xf_tree_get(t, xf_tree_authority(t,
	    code == XF_ACT_REQUEST_REVIEW ? c->reply_unit_id :
	    c->review_unit_id));

	return b != NULL && b->parent_id > 0 ?
	    xf_tree_authority(t, b->parent_id) : 0;
}

int
xf_case_action_offered(xf_app *app, const xf_case *c, xf_action_code code)
{
	xf_date today = xf_app_today(app);
	const xf_deadline *d;

	if (!xf_lifecycle_allowed(c, code) &&
	    !xf_lifecycle_reopenable(c, code))
		return 0;
	/* Date rules the state alone does not show, as the actions apply
	 * them to a step dated today. */
	switch (code) {
	case XF_ACT_EXTEND:	/* once, on or before the due date */
		d = xf_case_open_deadline(c, XF_DL_HANDLE);
		return !c->extended && d != NULL && !xf_deadline_late(d, today);
	case XF_ACT_PAUSE:	/* not once the stage's due date has passed */
		d = xf_case_open_deadline(c, c->status == XF_ST_REVIEW ?
		    XF_DL_REVIEW : c->status == XF_ST_RECHECK ? XF_DL_RECHECK :
		    XF_DL_HANDLE);
		return d == NULL || !xf_deadline_late(d, today);
	case XF_ACT_CLOSE:	/* 调解 while in hand; else the window ran out */
		if (c->status == XF_ST_HANDLING)
			return 1;
		d = xf_case_open_deadline(c, c->status == XF_ST_REPLIED ?
		    XF_DL_REVIEW_REQUEST : XF_DL_RECHECK_REQUEST);
		return d != NULL && xf_deadline_late(d, today);
	default:
		break;
	}
	if (code != XF_ACT_REQUEST_REVIEW && code != XF_ACT_REQUEST_RECHECK)
		return 1;
	return request_body(xf_app_tree(app), c, code) > 0;
}

/* Whether u may take the action now: the case's state and level
 * (xf_case_action_offered), then what the lifecycle's actor check asks:
 * one of the action's roles, and a seat in the owner, or in the unit whose
 * decision is executed (execute), or in the level that will review (a
 * review request). Recusal is the caller's to check, once per case. */
static int
user_may(xf_app *app, const xf_user *u, const xf_case *c, xf_action_code code)
{
	const xf_unit_tree *t = xf_app_tree(app);
	const xf_deadline *d;
	int64_t body;

	if (!xf_case_action_offered(app, c, code))
		return 0;
	if (u == NULL)
		return 1;
	if (u->roles & XF_ROLE_ADMIN)
		return 1;
	if ((u->roles & xf_lifecycle_roles(code)) == 0)
		return 0;
	body = xf_tree_authority(t, u->unit_id);
	if (body == c->unit_id)
		return 1;
	if (code == XF_ACT_EXECUTE) {
		d = xf_case_open_deadline(c, XF_DL_EXECUTE);
		return d != NULL && body == d->unit_id;
	}
	if (code == XF_ACT_REQUEST_REVIEW || code == XF_ACT_REQUEST_RECHECK)
		return body == request_body(t, c, code);
	return 0;
}

/* ---- JSON view ----------------------------------------------------------- */

static void
jw_id(xf_jw *w, const char *key, int64_t id)
{
	xf_jw_key(w, key);
	if (id > 0)
		xf_jw_int(w, id);
	else
		xf_jw_null(w);
}

static void
jw_date(xf_jw *w, const char *key, xf_date d)
{
	char b[11];

	xf_jw_key(w, key);
	if (d == XF_DATE_NONE) {
		xf_jw_null(w);
		return;
	}
	xf_date_format(d, b);
	xf_jw_str(w, b);
}

static void
jw_str(xf_jw *w, const char *key, const char *v)
{
	xf_jw_key(w, key);
	xf_jw_str(w, v);
}

static void
jw_bool(xf_jw *w, const char *key, int v)
{
	xf_jw_key(w, key);
	xf_jw_bool(w, v);
}

static void
jw_int(xf_jw *w, const char *key, int64_t v)
{
	xf_jw_key(w, key);
	xf_jw_int(w, v);
}

/* A member of the case's info object as it is (null when absent). */
static void
jw_info(xf_jw *w, const char *key, json_t *info)
{
	xf_jw_key(w, key);
	xf_jw_json(w, json_object_get(info, key));
}

static void
flags_write(xf_jw *w, int f)
{
	xf_jw_key(w, "flags");
	xf_jw_open(w, '{');
	jw_bool(w, "collective", f & XF_CF_COLLECTIVE);
	jw_bool(w, "repeat", f & XF_CF_REPEAT);
	jw_bool(w, "leapfrog", f & XF_CF_LEAPFROG);
	jw_bool(w, "confidential", f & XF_CF_CONFIDENTIAL);
	jw_bool(w, "anonymous", f & XF_CF_ANONYMOUS);
	jw_bool(w, "not_again", f & XF_CF_NOT_AGAIN);
	jw_bool(w, "pending_below", f & XF_CF_PENDING_BELOW);
	jw_bool(w, "leader_instructed", f & XF_CF_LEADER);
	jw_bool(w, "superior_assigned", f & XF_CF_SUPERIOR);
	xf_jw_close(w, '}');
}

static void
deadline_write(xf_jw *w, const xf_deadline *d, xf_date today)
{
	xf_jw_open(w, '{');
	jw_int(w, "seq", d->seq);
	jw_str(w, "kind", xf_dl_kind_name(d->kind));
	jw_date(w, "due", d->due);
	jw_str(w, "rule", d->article);
	jw_str(w, "profile", d->profile);
	jw_date(w, "met_on", d->met_on);
	jw_str(w, "state", xf_dl_state_name(xf_case_deadline_state(d, today)));
	jw_bool(w, "provisional", d->provisional);
	jw_date(w, "start", d->start);
	jw_int(w, "days", d->days);
	jw_str(w, "unit", d->unit == XF_UNIT_WORKING ? "working" : "calendar");
	jw_int(w, "extension", d->extension);
	jw_id(w, "unit_id", d->unit_id);
	xf_jw_close(w, '}');
}

void
xf_case_write(xf_jw *w, xf_app *app, const xf_user *u, const xf_case *c,
    json_t *info, int protected_ok, xf_date today)
{
	const char *cat = json_string_value(json_object_get(info, "category"));
	xf_date nd = XF_DATE_NONE;

	xf_jw_open(w, '{');
	jw_int(w, "id", c->id);
	jw_info(w, "number", info);
	jw_str(w, "status", xf_status_name(c->status));
	jw_str(w, "status_label", xf_status_label(c->status));
	jw_int(w, "unit_id", c->unit_id);
	jw_int(w, "first_unit_id", c->first_unit_id);
	jw_id(w, "lead_unit_id", c->lead_unit_id);
	xf_jw_key(w, "co_unit_ids");
	xf_jw_open(w, '[');
	for (int i = 0; i < c->nco; i++)
		xf_jw_int(w, c->co_unit_ids[i]);
	xf_jw_close(w, ']');
	jw_str(w, "channel", xf_channel_name(c->channel));
	jw_date(w, "received_on", c->received_on);
	jw_date(w, "registered_on", c->registered_on);
	jw_str(w, "class", xf_class_name(c->cls));
	jw_info(w, "category", info);
	jw_str(w, "category_name", cat ? xf_codes_name(app->codes, "category",
	    cat) : NULL);
	jw_info(w, "purpose", info);
	jw_info(w, "region", info);
	jw_info(w, "title", info);
	jw_info(w, "content", info);
	jw_int(w, "headcount", c->headcount);
	flags_write(w, (int)json_integer_value(json_object_get(info, "flags")));
	xf_jw_key(w, "deadlines");
	xf_jw_open(w, '[');
	for (int i = 0; i < c->ndl; i++) {
		const xf_deadline *d = &c->dl[i];

		deadline_write(w, d, today);
		if (d->state == XF_DLS_OPEN && d->due != XF_DATE_NONE &&
		    d->kind != XF_DL_OBJECTION &&
		    d->kind != XF_DL_REVIEW_REQUEST &&
		    d->kind != XF_DL_RECHECK_REQUEST &&
		    (nd == XF_DATE_NONE || d->due < nd))
			nd = d->due;
	}
	xf_jw_close(w, ']');
	if (protected_ok) {
		const json_t *raw = json_object_get(info, "petitioners_json");

		if (raw != NULL) {
			xf_jw_key(w, "petitioners");
			xf_jw_raw(w, json_string_value(raw),
			    json_string_length(raw));
		} else
			jw_info(w, "petitioners", info);
	}
	jw_info(w, "respondent", info);
	jw_id(w, "respondent_unit_id", c->respondent_unit_id);
	jw_str(w, "profile", c->profile);
	jw_date(w, "next_due", nd);
	jw_bool(w, "overdue", nd != XF_DATE_NONE && nd < today);
	jw_date(w, "accepted_on", c->accepted_on);
	jw_bool(w, "simple", c->simple);
	jw_bool(w, "extended", c->extended);
	jw_bool(w, "paused", xf_case_is_paused(c));
	jw_str(w, "reply_level", c->reply_level ?
	    xf_reply_level_name(c->reply_level) : NULL);
	jw_str(w, "outcome", c->outcome ? xf_outcome_name(c->outcome) : NULL);
	jw_date(w, "replied_on", c->replied_on);
	jw_date(w, "execute_by", c->execute_by);
	jw_date(w, "executed_on", c->executed_on);
	jw_date(w, "delivered_on", c->delivered_on);
	jw_date(w, "review_requested_on", c->review_requested_on);
	jw_date(w, "recheck_requested_on", c->recheck_requested_on);
	jw_date(w, "closed_on", c->closed_on);
	jw_str(w, "close_reason", c->close_reason ?
	    xf_close_reason_name(c->close_reason) : NULL);
	jw_bool(w, "archived", c->archived);
	jw_id(w, "from_unit_id", c->from_unit_id);
	jw_date(w, "report_due", c->report_due);
	jw_int(w, "transfer_count", c->transfer_count);
	xf_jw_key(w, "allowed_actions");
	xf_jw_open(w, '[');
	/* A user recused from the case may take none (one lookup). */
	if (u == NULL || !xf_case_user_conflicted(app, u, c, info))
		for (int a = 0; a < XF_ACT_COUNT; a++)
			if (user_may(app, u, c, (xf_action_code)a))
				xf_jw_str(w, xf_action_name((xf_action_code)a));
	xf_jw_close(w, ']');
	if (json_object_get(info, "repeat_of") != NULL)
		jw_info(w, "repeat_of", info);
}

int
xf_case_reply(xf_req *r, int status, xf_jw *w)
{
	size_t n = 0;
	char *text;

	xf_jw_close(w, '}');
	if ((text = xf_jw_finish(w, &n)) == NULL)
		return xf_error_set(&r->err, XF_E_INTERNAL, NULL,
		    "信访件内容无法输出");
	return xf_reply_text(r, status, text, n);
}

/* ---- the one door ------------------------------------------------------- */

static json_t *
audit_state(const xf_case *c)
{
	return json_pack("{s:s,s:I}", "status", xf_status_name(c->status),
	    "unit_id", (json_int_t)c->unit_id);
}

int
xf_case_door(xf_app *app, const xf_user *u, const char *ip, int64_t case_id,
    const xf_action *a, json_t *data, xf_case *out, xf_lc_result *res,
    xf_error *err)
{
	xf_lc_ctx ctx;
	xf_case c, before;
	json_t *after, *info = NULL;
	int rc;

	if (xf_store_begin(app->store, err) == -1) {
		json_decref(data);
		return -1;
	}
	rc = xf_store_case_load(app->store, case_id, &c, &info, err);
	if (rc != 0) {
		if (rc == 1)
			xf_error_set(err, XF_E_NOT_FOUND, NULL, "信访件不存在");
		goto fail;
	}
	/* 回避 (第九条): one the case accuses, or who declared a conflict,
	 * takes no part in handling it (SPEC §7). */
	if (xf_case_user_conflicted(app, u, &c, info)) {
		xf_error_set(err, XF_E_FORBIDDEN, NULL, CONFLICT_MSG);
		goto fail;
	}
	/* Nor approves an extension of it. */
	if (a->approved_by > 0) {
		xf_user ap;
		xf_error e2;

		if (xf_store_user_get(app->store, a->approved_by, &ap, &e2) ==
		    0 && xf_case_user_conflicted(app, &ap, &c, info)) {
			xf_error_set(err, XF_E_INVALID, "approved_by",
			    "批准人与本信访事项有利害关系（被反映人或已申请回避），"
			    "应当回避");
			goto fail;
		}
	}
	json_decref(info);
	info = NULL;
	before = c;
	xf_case_ctx(app, u, &ctx);
	pthread_rwlock_rdlock(&app->cal_lock);
	ctx.cal = app->cal;
	rc = xf_lifecycle_apply(&ctx, &c, a, res, err);
	pthread_rwlock_unlock(&app->cal_lock);
	if (rc == -1)
		goto fail;
	after = audit_state(&c);
	json_object_set_new(after, "action", json_string(res->action));
	json_object_set_new(after, "date", xf_json_date_value(res->date));
	json_object_set_new(after, "summary", json_string(res->summary));
	if (xf_store_case_save(app->store, &c, err) == -1) {
		json_decref(after);
		goto fail;
	}
	json_incref(data);	/* event_add takes one reference */
	if (xf_store_event_add(app->store, c.id, res, u ? u->id : 0,
	    u ? u->unit_id : 0, data, err) == -1 ||
	    (res->document[0] != '\0' && xf_docs_on_event != NULL &&
	    xf_docs_on_event(app, &c, NULL, res, data, xf_store_last_event_id(
	    app->store), u, err) == -1)) {
		json_decref(after);
		goto fail;
	}
	if (xf_store_audit(app->store, u ? u->id : 0, ip, res->action, "case",
	    c.id, audit_state(&before), after, err) == -1 ||
	    xf_store_commit(app->store, err) == -1)
		goto fail;
	json_decref(data);
	if (out != NULL)
		*out = c;
	return 0;
fail:
	json_decref(info);
	json_decref(data);
	xf_store_rollback(app->store);
	return -1;
}

/* A unit merged or abolished hands its open cases to its successor (第八条).
 * Runs inside the caller's transaction; each case gets an event and an
 * audit record. */
int
xf_case_handover_all(xf_app *app, const xf_user *u, const char *ip,
    int64_t old_unit, int64_t successor, int *moved, xf_error *err)
{
	int64_t *ids = NULL;
	size_t n = 0;
	xf_lc_ctx ctx;
	int rc = -1;

	*moved = 0;
	if (xf_store_case_ids_of_unit(app->store, old_unit, &ids, &n, err) == -1)
		return -1;
	xf_case_ctx(app, u, &ctx);
	for (size_t i = 0; i < n; i++) {
		xf_lc_result res;
		xf_case c, before;
		int lrc;

		int64_t to = successor;
		const xf_unit *up;

		if (xf_store_case_load(app->store, ids[i], &c, NULL, err) != 0)
			goto done;
		/* Never into the unit an accusation accuses (SPEC §7), as
		 * routing refuses: the authority above it takes it. */
		while (c.confidential && in_accused(xf_app_tree(app),
		    c.respondent_unit_id, to) && (up = xf_tree_get(
		    xf_app_tree(app), to)) != NULL && up->parent_id > 0)
			to = xf_tree_authority(xf_app_tree(app), up->parent_id);
		before = c;
		pthread_rwlock_rdlock(&app->cal_lock);
		ctx.cal = app->cal;
		lrc = xf_lifecycle_handover(&ctx, &c, old_unit, to, &res, err);
		pthread_rwlock_unlock(&app->cal_lock);
		if (lrc == -1)
			goto done;
		if (res.action[0] == '\0')
			continue;
		if (xf_store_case_save(app->store, &c, err) == -1 ||
		    xf_store_event_add(app->store, c.id, &res, u->id, u->unit_id,
		    json_pack("{s:I,s:I}", "from_unit_id", (json_int_t)old_unit,
		    "to_unit_id", (json_int_t)to), err) == -1 ||
		    xf_store_audit(app->store, u->id, ip, "handover", "case",
		    c.id, audit_state(&before), audit_state(&c), err) == -1)
			goto done;
		(*moved)++;
	}
	rc = 0;
done:
	free(ids);
	return rc;
}

/* ---- registration ------------------------------------------------------- */

static const char *const channels[] = { "letter", "visit", "online", "phone",
	"fax", "email", NULL };
static const char *const classes[] = { "suggestion", "accusation", "claim",
	NULL };

typedef struct {
	char	ids[MAX_PETITIONERS][19];
	size_t	nid;
} idlist;

/* Validates petitioners in place (normalising ID numbers and phones). */
static int
parse_petitioners(xf_app *app, json_t *in, int channel, int *anonymous,
    idlist *ids, xf_error *err)
{
	static const char *const keys[] = { "name", "id_type", "id_number",
		"phone", "address", "address_code", NULL };
	json_t *a = json_object_get(in, "petitioners"), *p;
	xf_date today = xf_app_today(app);
	size_t i, named = 0;

	*anonymous = 1;
	ids->nid = 0;
	/* Required (API.md): an anonymous item says so with an empty list. */
	if (a == NULL || json_is_null(a))
		return xf_error_set(err, XF_E_INVALID, "petitioners",
		    "请填写信访人；匿名信访请提供空数组 []");
	if (!json_is_array(a))
		return xf_error_set(err, XF_E_INVALID, "petitioners",
		    "“petitioners”应为信访人数组");
	if (json_array_size(a) > MAX_PETITIONERS)
		return xf_error_set(err, XF_E_INVALID, "petitioners",
		    "信访人不能超过 %d 人，其余请计入人数（headcount）",
		    MAX_PETITIONERS);
	if (channel == XF_CH_VISIT && json_array_size(a) > MAX_REPRESENTATIVES)
		return xf_error_set(err, XF_E_INVALID, "petitioners",
		    "多人走访应推选代表，代表人数不得超过 %d 人（《信访工作条例》"
		    "第十八条）", MAX_REPRESENTATIVES);
	json_array_foreach(a, i, p) {
		const char *name = NULL, *idn = NULL, *phone = NULL, *addr = NULL,
		    *acode = NULL, *idtype = NULL;
		char norm[XF_PHONE_NORM_MAX], idnorm[19], field[48];

		if (!json_is_object(p))
			return xf_error_set(err, XF_E_INVALID, "petitioners",
			    "信访人信息格式不正确");
		if (xf_json_only(p, keys, err) == -1 ||
		    xf_json_str(p, "name", 1, XF_NAME_MAX_CHARS, 0, &name,
		    err) != 0 ||
		    xf_json_str(p, "id_type", 0, 20, 0, &idtype, err) == -1 ||
		    xf_json_str(p, "id_number", 0, 18, 0, &idn, err) == -1 ||
		    xf_json_str(p, "phone", 0, 40, 0, &phone, err) == -1 ||
		    xf_json_str(p, "address", 0, 200, 0, &addr, err) == -1 ||
		    xf_json_str(p, "address_code", 0, 6, 0, &acode, err) == -1) {
			char sub[24];

			/* Name the petitioner: "petitioners[0].phone". */
			snprintf(sub, sizeof(sub), "%.20s", err->field);
			snprintf(err->field, sizeof(err->field),
			    "petitioners[%zu].%.20s", i % 1000, sub);
			/* A person's name (姓名), not a unit's (名称). */
			if (strcmp(sub, "name") == 0) {
				char *at = strstr(err->message, "“名称”");

				if (at != NULL) {
					char rest[sizeof(err->message)];

					snprintf(rest, sizeof(rest), "%s",
					    at + strlen("“名称”"));
					snprintf(at, sizeof(err->message) -
					    (size_t)(at - err->message),
					    "“信访人姓名”%s", rest);
				}
			}
			return -1;
		}
		snprintf(field, sizeof(field), "petitioners[%zu].name", i);
		if (strcmp(name, "匿名") != 0 &&
		    xf_validate_name(field, name, err) == -1)
			return -1;
		if (strcmp(name, "匿名") != 0)
			named++;
		if (idn != NULL && *idn != '\0') {
			snprintf(field, sizeof(field), "petitioners[%zu].id_number",
			    i);
			if (xf_validate_id_number(field, idn, today, idnorm,
			    err) == -1)
				return -1;
			json_object_set_new(p, "id_number", json_string(idnorm));
			if (ids->nid < MAX_PETITIONERS)
				memcpy(ids->ids[ids->nid++], idnorm, 19);
		}
		if (phone != NULL && *phone != '\0') {
			snprintf(field, sizeof(field), "petitioners[%zu].phone", i);
			if (xf_validate_phone(field, phone, norm, sizeof(norm),
			    err) == -1)
				return -1;
			json_object_set_new(p, "phone", json_string(norm));
		}
		if (acode != NULL && *acode != '\0') {
			snprintf(field, sizeof(field),
			    "petitioners[%zu].address_code", i);
			if (xf_validate_region(app->codes, field, acode, 0,
			    err) == -1)
				return -1;
		}
	}
	*anonymous = named == 0;
	return 0;
}

/* The authority answerable for a matter about unit u: a school or direct
 * unit answers to the authority above it; a department is its authority's;
 * an authority or university answers for itself. */
static int64_t
competent_of(const xf_unit_tree *t, int64_t u)
{
	const xf_unit *x = xf_tree_get(t, u);

	if (x == NULL)
		return 0;
	if (strcmp(x->kind, "school") == 0 || strcmp(x->kind, "direct") == 0 ||
	    strcmp(x->kind, "discipline") == 0)
		return x->parent_id ? xf_tree_authority(t, x->parent_id) : x->id;
	return xf_tree_authority(t, u);
}

static int64_t
authority_by_region(const xf_unit_tree *t, const char *region)
{
	char city[8];

	if (region == NULL || strlen(region) != 6)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->units[i].region, region) == 0 &&
		    strcmp(t->units[i].kind, "authority") == 0 &&
		    strcmp(t->units[i].level, "province") != 0)
			return t->units[i].id;
	snprintf(city, sizeof(city), "%.4s00", region);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->units[i].region, city) == 0 &&
		    strcmp(t->units[i].kind, "authority") == 0 &&
		    strcmp(t->units[i].level, "city") == 0)
			return t->units[i].id;
	return 0;
}

/* 越级访: registered more than one level above the authority with
 * competence — counted in authorities (bodies) between the two. */
static int
is_leapfrog(const xf_unit_tree *t, int64_t reg_auth, int64_t competent)
{
	int hops = 0;
	int64_t id = competent;

	if (competent == 0 || reg_auth == competent)
		return 0;
	for (int depth = 0; id > 0 && depth < 64; depth++) {
		const xf_unit *u = xf_tree_get(t, id);

		if (u == NULL)
			return 0;
		if (id == reg_auth)
			return hops >= 1;
		if (strcmp(u->kind, "department") != 0 && id != competent)
			hops++;
		id = u->parent_id;
	}
	return 0;
}

static int
is_open_status(const char *s)
{
	return strcmp(s, "registered") == 0 || strcmp(s, "handling") == 0 ||
	    strcmp(s, "replied") == 0 || strcmp(s, "review") == 0 ||
	    strcmp(s, "reviewed") == 0 || strcmp(s, "recheck") == 0;
}

/* Flags from earlier matters (SPEC §2, §3): 重复访 by ID number or
 * near-identical content; 不再受理 when the same facts were closed after
 * 复核; pending_below when the same matter is still being handled below. */
static int
history_flags(xf_app *app, json_t *similar, int64_t reg_auth, int64_t *repeat_of)
{
	const xf_unit_tree *t = xf_app_tree(app);
	json_t *v;
	size_t i;
	int flags = 0;

	*repeat_of = 0;
	json_array_foreach(similar, i, v) {
		double sim = json_real_value(json_object_get(v, "similarity"));
		int byid = json_is_true(json_object_get(v, "by_id"));
		int same = sim >= XF_TEXT_SIM_SAME;
		int sameish = sim >= XF_TEXT_SIM_RELATED;
		const char *st = json_string_value(json_object_get(v, "status"));
		int64_t owner = json_integer_value(json_object_get(v, "unit_id"));

		if (byid || same) {
			flags |= XF_CF_REPEAT;
			if (*repeat_of == 0)
				*repeat_of = json_integer_value(
				    json_object_get(v, "id"));
		}
		if ((same || (byid && sameish)) && st != NULL) {
			if (strcmp(st, "closed") == 0 &&
			    strcmp(json_string_value(json_object_get(v,
			    "close_reason")) ?: "", "final") == 0)
				flags |= XF_CF_NOT_AGAIN;
			if (is_open_status(st) && owner != reg_auth &&
			    xf_tree_within(t, reg_auth, owner))
				flags |= XF_CF_PENDING_BELOW;
		}
	}
	return flags;
}

static int
find_similar(xf_app *app, const idlist *ids, const char *content,
    xf_text_fp *fp, const char *category, json_t **out, xf_error *err)
{
	const char *idp[MAX_PETITIONERS];
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ids->nid; i++)
		idp[i] = ids->ids[i];
	if (xf_store_case_similar(app->store, idp, ids->nid, content,
	    fp, category ? category : "", a, 20, err) == -1) {
		json_decref(a);
		return -1;
	}
	*out = a;
	return 0;
}

static int
copy_region(xf_app *app, json_t *in, xf_error *err)
{
	const char *region = NULL;
	int rc = xf_json_str(in, "region", 0, 6, 0, &region, err);

	if (rc == -1)
		return -1;
	if (rc == 0 && *region != '\0' &&
	    xf_validate_region(app->codes, "region", region, 0, err) == -1)
		return -1;
	return 0;
}

static int
parse_respondent(xf_app *app, json_t *in, int64_t *unit_id, xf_error *err)
{
	static const char *const keys[] = { "unit_id", "names", NULL };
	json_t *r = json_object_get(in, "respondent"), *names, *v;
	size_t i;

	*unit_id = 0;
	if (r == NULL || json_is_null(r))
		return 0;
	if (!json_is_object(r))
		return xf_error_set(err, XF_E_INVALID, "respondent",
		    "“respondent”应为对象");
	if (xf_json_only(r, keys, err) == -1)
		return -1;
	if (xf_json_int(r, "unit_id", 0, 1, INT64_MAX, unit_id, err) == -1) {
		snprintf(err->field, sizeof(err->field), "respondent.unit_id");
		return -1;
	}
	if (*unit_id > 0 && xf_tree_get(xf_app_tree(app), *unit_id) == NULL)
		return xf_error_set(err, XF_E_INVALID, "respondent.unit_id",
		    "被反映单位不存在");
	names = json_object_get(r, "names");
	if (names != NULL && !json_is_null(names)) {
		if (!json_is_array(names) || json_array_size(names) > 20)
			return xf_error_set(err, XF_E_INVALID, "respondent.names",
			    "被反映人应为不超过 20 个姓名的数组");
		json_array_foreach(names, i, v)
			if (!json_is_string(v) || xf_validate_name(
			    "respondent.names", json_string_value(v), err) == -1)
				return xf_error_set(err, XF_E_INVALID,
				    "respondent.names", "被反映人姓名格式不正确");
	}
	return 0;
}

static void
make_query_code(char out[9])
{
	/* No 0/O, 1/I/L: a petitioner reads it off paper or a phone. */
	static const char alpha[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	unsigned char b[8];

	randombytes_buf(b, sizeof(b));
	for (int i = 0; i < 8; i++)
		out[i] = alpha[b[i] % (sizeof(alpha) - 1)];
	out[8] = '\0';
}

/* Validates a registration body. On success fills c (before register) and
 * info, the petitioner ID list, and the similar-matter list. */
static int
parse_registration(xf_app *app, json_t *in, xf_case *c, idlist *ids,
    int *anonymous, xf_error *err)
{
	static const char *const keys[] = { "channel", "received_on", "class",
		"category", "purpose", "region", "title", "content",
		"petitioners", "headcount", "respondent", "representatives",
		NULL };
	const char *cat, *purpose = NULL, *title, *content;
	int ch, cls;
	int64_t headcount = 0, reps = 0;
	xf_date received;

	if (xf_json_only(in, keys, err) == -1 ||
	    xf_json_enum(in, "channel", 1, channels, &ch, err) != 0 ||
	    xf_json_date(in, "received_on", 1, &received, err) != 0 ||
	    xf_json_enum(in, "class", 1, classes, &cls, err) != 0 ||
	    xf_json_str(in, "category", 1, 10, 0, &cat, err) != 0 ||
	    xf_json_str(in, "purpose", 0, 10, 0, &purpose, err) == -1 ||
	    xf_json_str(in, "title", 1, TITLE_MAX, 0, &title, err) != 0 ||
	    xf_json_str(in, "content", 1, CONTENT_MAX, 1, &content, err) != 0 ||
	    xf_json_int(in, "headcount", 0, 1, 100000, &headcount, err) == -1 ||
	    xf_json_int(in, "representatives", 0, 0, 1000, &reps, err) == -1 ||
	    copy_region(app, in, err) == -1)
		return -1;
	if (xf_validate_utf8_text("title", title, TITLE_MAX, 0, err) == -1 ||
	    xf_validate_utf8_text("content", content, CONTENT_MAX, 1, err) == -1)
		return -1;
	if (xf_codes_name(app->codes, "category", cat) == NULL)
		return xf_error_set(err, XF_E_INVALID, "category",
		    "内容分类代码“%s”不存在", cat);
	if (purpose != NULL && *purpose != '\0' &&
	    xf_codes_name(app->codes, "purpose", purpose) == NULL)
		return xf_error_set(err, XF_E_INVALID, "purpose",
		    "信访目的代码“%s”不存在", purpose);
	if (ch == XF_CH_VISIT && reps > MAX_REPRESENTATIVES)
		return xf_error_set(err, XF_E_INVALID, "representatives",
		    "多人走访应推选代表，代表人数不得超过 %d 人（《信访工作条例》"
		    "第十八条）", MAX_REPRESENTATIVES);
	if (parse_petitioners(app, in, ch, anonymous, ids, err) == -1 ||
	    parse_respondent(app, in, &c->respondent_unit_id, err) == -1)
		return -1;
	if (headcount == 0)
		headcount = json_array_size(json_object_get(in, "petitioners"));
	if (headcount < 1)
		headcount = 1;
	if ((size_t)headcount < json_array_size(json_object_get(in,
	    "petitioners")))
		return xf_error_set(err, XF_E_INVALID, "headcount",
		    "人数不能少于所列信访人数");
	if (received > xf_app_today(app))
		return xf_error_set(err, XF_E_INVALID, "received_on",
		    "收到日期不能晚于今天");
	{
		/* Before the first year of official calendar data no legal
		 * clock can be counted (and the rules of today did not yet
		 * exist): such a letter is an archive matter, not a case. */
		int years[256], first = 0;
		size_t ny;
		const xf_calendar *cal = xf_app_cal_rdlock(app);

		ny = xf_calendar_years(cal, years, 256);
		xf_app_cal_unlock(app);
		for (size_t i = 0; i < ny; i++)
			if (first == 0 || years[i] < first)
				first = years[i];
		if (first > 0 && xf_date_year(received) < first)
			return xf_error_set(err, XF_E_INVALID, "received_on",
			    "收到日期早于节假日安排数据的起始年份（%d年），无法计算"
			    "法定期限", first);
	}
	c->channel = (xf_channel)ch;
	c->cls = (xf_class)cls;
	c->received_on = received;
	c->headcount = (int)headcount;
	return 0;
}

/* Registers a case from an API body for user u (a staff user, or the
 * portal's stand-in with role PETITIONER). *out gets the case object with
 * the query code (shown this once). */
int
xf_case_register(xf_app *app, const xf_user *u, const char *ip, json_t *in,
    xf_req *viewer, xf_jw *w, xf_error *err)
{
	const xf_unit_tree *t = xf_app_tree(app);
	json_t *info = NULL, *similar = NULL, *counted = NULL, *tmp;
	char *event_data = NULL;
	xf_lc_ctx ctx;
	xf_lc_result res;
	xf_case c;
	idlist ids;
	char number[64], code[9];
	int anonymous = 0, flags = 0, rc = -1, lrc;
	int64_t reg_auth, competent, repeat_of = 0;
	xf_text_fp fp = { { 0, 0 } };

	code[0] = '\0';
	xf_case_init(&c);
	if (parse_registration(app, in, &c, &ids, &anonymous, err) == -1)
		goto done;
	reg_auth = xf_tree_authority(t, u->unit_id);
	if (find_similar(app, &ids, json_string_value(json_object_get(in,
	    "content")), &fp, json_string_value(json_object_get(in,
	    "category")), &similar, err) == -1)
		goto done;
	/* An accuser is protected (SPEC §7, 第九条): an accusation the
	 * registering user may not be shown does not count toward the
	 * flags, or registering a letter with someone's ID number would
	 * tell whether he wrote one. Other matters count as they are. */
	counted = json_deep_copy(similar);
	if (viewer != NULL)
		for (size_t i = json_array_size(counted); i-- > 0;) {
			json_t *v = json_array_get(counted, i);

			if (json_is_true(json_object_get(v, "confidential")) &&
			    !may_name_case(viewer, json_integer_value(
			    json_object_get(v, "id")), 1))
				json_array_remove(counted, i);
		}
	flags = history_flags(app, counted, reg_auth, &repeat_of);
	if (c.headcount >= 5)
		flags |= XF_CF_COLLECTIVE;
	if (anonymous)
		flags |= XF_CF_ANONYMOUS;
	if (c.cls == XF_CLASS_ACCUSATION)
		flags |= XF_CF_CONFIDENTIAL;
	competent = c.respondent_unit_id > 0 ?
	    competent_of(t, c.respondent_unit_id) :
	    authority_by_region(t, json_string_value(json_object_get(in,
	    "region")));
	if (is_leapfrog(t, reg_auth, competent))
		flags |= XF_CF_LEAPFROG;
	info = json_pack("{s:O,s:s,s:s,s:O,s:O,s:O,s:O,s:i}",
	    "category", json_object_get(in, "category"),
	    "purpose", json_string_value(json_object_get(in, "purpose")) ?: "",
	    "region", json_string_value(json_object_get(in, "region")) ?: "",
	    "title", json_object_get(in, "title"),
	    "content", json_object_get(in, "content"),
	    "petitioners", json_object_get(in, "petitioners"),
	    "respondent", json_object_get(in, "respondent") ?: json_null(),
	    "flags", flags);
	if (repeat_of > 0)
		json_object_set_new(info, "repeat_of", json_integer(repeat_of));
	/* The fingerprint repeat detection made, stored with the case. */
	json_object_set_new(info, "fingerprint", json_pack("[I,I]",
	    (json_int_t)fp.w[0], (json_int_t)fp.w[1]));
	make_query_code(code);
	/* The event's data is written out before the writer lock is taken:
	 * the list of similar matters is the longest text of the event. */
	tmp = json_pack("{s:O}", "similar", similar);
	event_data = xf_json_out(tmp, NULL);
	json_decref(tmp);
	if (xf_store_begin(app->store, err) == -1)
		goto done;
	xf_case_ctx(app, u, &ctx);
	pthread_rwlock_rdlock(&app->cal_lock);
	ctx.cal = app->cal;
	lrc = xf_lifecycle_register(&ctx, &c, &res, err);
	pthread_rwlock_unlock(&app->cal_lock);
	/* The calendar names its own "date": here it is the received one. */
	if (lrc == -1 && strcmp(err->field, "date") == 0)
		snprintf(err->field, sizeof(err->field), "received_on");
	if (lrc == -1 ||
	    xf_store_case_insert(app->store, &c, info, code, u->id, number,
	    err) == -1) {
		xf_store_rollback(app->store);
		goto done;
	}
	json_object_set_new(info, "number", json_string(number));
	if (xf_store_event_add_text(app->store, c.id, &res, u->id, u->unit_id,
	    event_data, err) == -1 ||
	    (res.document[0] != '\0' && xf_docs_on_event != NULL &&
	    xf_docs_on_event(app, &c, info, &res, NULL, xf_store_last_event_id(
	    app->store), u, err) == -1) ||
	    xf_store_audit(app->store, u->id, ip, "register", "case",
	    c.id, NULL, json_pack("{s:s,s:s,s:I}", "number", number, "status",
	    xf_status_name(c.status), "unit_id", (json_int_t)c.unit_id),
	    err) == -1 ||
	    xf_store_commit_deferred(app->store, err) == -1) {
		xf_store_rollback(app->store);
		goto done;
	}
	/* The flags and the stored event used every similar matter; the
	 * caller is shown only those it may see. */
	if (viewer != NULL) {
		similar_for(viewer, similar);
		repeat_of_for(viewer, info, 1);
	} else {
		json_array_clear(similar);
		json_object_del(info, "repeat_of");
	}
	xf_case_write(w, app, u, &c, info, 1, xf_app_today(app));
	jw_str(w, "query_code", code);
	xf_jw_key(w, "similar");
	xf_jw_json(w, similar);
	rc = 0;
done:
	sodium_memzero(code, sizeof(code));
	free(event_data);
	json_decref(counted);
	json_decref(similar);
	json_decref(info);
	return rc;
}

json_t *
xf_case_register_json(xf_app *app, const xf_user *u, const char *ip,
    json_t *in, xf_error *err)
{
	xf_jw w = { 0 };
	json_t *out = NULL;
	size_t n = 0;
	char *text;

	if (xf_case_register(app, u, ip, in, NULL, &w, err) == -1)
		return NULL;
	xf_jw_close(&w, '}');
	if ((text = xf_jw_finish(&w, &n)) == NULL ||
	    (out = json_loadb(text, n, 0, NULL)) == NULL)
		xf_error_set(err, XF_E_INTERNAL, NULL, "信访件内容无法输出");
	free(text);
	return out;
}

static int
api_case_create(xf_req *r)
{
	json_t *in = NULL;
	xf_jw w = { 0 };
	int rc = -1;

	if (xf_require_role(r, XF_ROLE_OFFICER | XF_ROLE_LEADER |
	    XF_ROLE_ADMIN) == -1 || xf_req_json(r, &in) == -1)
		goto done;
	if (xf_case_register(r->app, &r->user, r->ip, in, r, &w,
	    &r->err) == -1)
		goto done;
	rc = xf_case_reply(r, 201, &w);
done:
	json_decref(in);
	return rc;
}

/* POST /api/v1/cases/check — repeat and duplicate warnings while typing. */
static int
api_case_check(xf_req *r)
{
	static const char *const keys[] = { "content", "category",
		"petitioners", "channel", NULL };
	xf_app *app = r->app;
	json_t *in = NULL, *similar = NULL, *p, *v;
	const char *content = "", *cat = NULL;
	idlist ids;
	size_t i;
	int64_t reg_auth, repeat_of;
	int flags, rc = -1;

	ids.nid = 0;
	if (xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "content", 0, CONTENT_MAX, 1, &content,
	    &r->err) == -1 ||
	    xf_json_str(in, "category", 0, 10, 0, &cat, &r->err) == -1)
		goto done;
	p = json_object_get(in, "petitioners");
	json_array_foreach(p, i, v) {
		const char *idn = json_string_value(json_object_get(v,
		    "id_number"));
		char norm[19];

		if (idn != NULL && ids.nid < MAX_PETITIONERS &&
		    xf_validate_id_number("id_number", idn, xf_app_today(app),
		    norm, NULL) == 0)
			memcpy(ids.ids[ids.nid++], norm, 19);
	}
	reg_auth = xf_tree_authority(xf_app_tree(app), r->user.unit_id);
	if (find_similar(app, &ids, content ? content : "", NULL,
	    cat, &similar, &r->err) == -1)
		goto done;
	/* Only matters the caller may be shown are named, and only they
	 * count: the flags of a matter it may not see would tell of it. */
	similar_for(r, similar);
	flags = history_flags(app, similar, reg_auth, &repeat_of);
	xf_reply_json(r, 200, json_pack("{s:O,s:b,s:b,s:b}", "similar", similar,
	    "repeat", flags & XF_CF_REPEAT, "not_again", flags & XF_CF_NOT_AGAIN,
	    "pending_below", flags & XF_CF_PENDING_BELOW));
	rc = 0;
done:
	json_decref(similar);
	json_decref(in);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* The last day of the warning window: 3 working days ahead (SPEC §4),
 * counting weekends alone where a year has no calendar data. */
static xf_date
warn_until(xf_app *app)
{
	xf_date d = xf_app_today(app);

	pthread_rwlock_rdlock(&app->cal_lock);
	for (int k = 0; k < 3; k++) {
		int prov;

		do
			d++;
		while (xf_calendar_is_workday_prov(app->cal, d, &prov) == 0);
	}
	pthread_rwlock_unlock(&app->cal_lock);
	return d;
}

static int
api_case_get(xf_req *r)
{
	json_t *info = NULL, *evals;
	xf_jw w = { 0 };
	xf_case c;
	int rc, prot;

	/* In the whole tree's scope the load itself says whether the case
	 * exists: asking first read the same row twice. */
	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    (!scope_is_all(r) && xf_case_visible(r, r->id) == -1))
		return -1;
	rc = xf_store_case_load_view(r->app->store, r->id, &c, &info,
	    &r->err);
	if (rc != 0)
		return rc == 1 ? xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "信访件不存在") : -1;
	/* The whole tree's scope skipped xf_case_visible: its one other
	 * rule, the accused unit's, from the loaded case. */
	if (c.confidential && accused_reader(xf_app_tree(r->app),
	    c.respondent_unit_id, c.unit_id, r->user.unit_id)) {
		json_decref(info);
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "信访件不存在");
	}
	prot = xf_case_may_see_protected(r, &c, info);
	repeat_of_for(r, info, prot);
	xf_case_write(&w, r->app, &r->user, &c, info, prot, xf_app_today(r->app));
	evals = xf_store_eval_list(r->app->store, c.id, NULL);
	xf_jw_key(&w, "evaluations");
	if (evals != NULL)
		xf_jw_json(&w, evals);
	else {
		xf_jw_open(&w, '[');
		xf_jw_close(&w, ']');
	}
	json_decref(evals);
	if (!prot) {
		xf_jw_key(&w, "protected");
		xf_jw_bool(&w, 1);
	} else if (c.confidential)
		/* Every read of a protected field is on the record (SPEC §7),
		 * written in the background so the reader never waits. */
		xf_store_audit_later(r->app->store, r->user.id, r->ip,
		    "read_protected", "case", c.id);
	json_decref(info);
	return xf_case_reply(r, 200, &w);
}

static int
api_case_events(xf_req *r)
{
	json_t *items, *info = NULL;
	xf_case c;
	int rc;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1)
		return -1;
	if ((rc = xf_store_case_load(r->app->store, r->id, &c, &info,
	    &r->err)) != 0)
		return rc == 1 ? xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "信访件不存在") : -1;
	if ((items = xf_store_case_events(r->app->store, r->id, &r->err)) ==
	    NULL) {
		json_decref(info);
		return -1;
	}
	events_for(r, items, xf_case_may_see_protected(r, &c, info));
	json_decref(info);
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The caller's authority subtree as a JSON array of unit ids; NULL when it
 * is the whole tree (no filter needed). */
char *
xf_case_scope_json(xf_req *r, int64_t root)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *a;
	char *s;

	if (root == 0) {
		root = xf_tree_authority(t, r->user.unit_id);
		if (xf_tree_get(t, root) && xf_tree_get(t, root)->parent_id == 0)
			return NULL;
	}
	a = json_array();
	for (size_t i = 0; i < t->n; i++)
		if (xf_tree_within(t, root, t->units[i].id))
			json_array_append_new(a, json_integer(t->units[i].id));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* "HA-ZZ-20250801-0003" or a prefix of one: ASCII letters, digits and
 * hyphens with at least one digit and one hyphen. */
static int
looks_like_number(const char *q)
{
	int digit = 0, dash = 0;

	if (strlen(q) < 4 || strlen(q) > 63)
		return 0;
	for (const char *p = q; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = 1;
		else if (*p == '-')
			dash = 1;
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return 0;
	}
	return digit && dash;
}

int
xf_case_list_filter(xf_req *r, xf_case_filter *f, char **scope, char **units,
    char *fts, size_t ftssz)
{
	static const char *const statuses[] = { "registered", "transferred",
		"not_accepted", "referred", "handling", "replied", "review",
		"reviewed", "recheck", "closed", NULL };
	static const char *const bools[] = { "false", "true", NULL };
	int64_t unit = 0;
	const char *q, *cat;
	int ov;

	memset(f, 0, sizeof(*f));
	f->today = xf_app_today(r->app);
	f->due_before = XF_DATE_NONE;
	f->warn_until = warn_until(r->app);
	if ((f->status = xf_query_enum(&r->query, "status", statuses,
	    &r->err)) == -2 ||
	    (f->cls = xf_query_enum(&r->query, "class", classes, &r->err)) == -2 ||
	    (f->channel = xf_query_enum(&r->query, "channel", channels,
	    &r->err)) == -2 ||
	    (ov = xf_query_enum(&r->query, "overdue", bools, &r->err)) == -2 ||
	    xf_query_int(&r->query, "unit_id", 1, INT64_MAX, 0, &unit,
	    &r->err) == -1 ||
	    xf_query_date(&r->query, "from", &f->from, &r->err) == -1 ||
	    xf_query_date(&r->query, "to", &f->to, &r->err) == -1 ||
	    xf_query_int(&r->query, "page", 1, 1000000, 1, &f->page,
	    &r->err) == -1 ||
	    xf_query_int(&r->query, "per_page", 1, 200, 20, &f->per_page,
	    &r->err) == -1)
		return -1;
	f->overdue = ov == 1;
	cat = xf_query_get(&r->query, "category");
	if (cat != NULL && *cat != '\0') {
		if (xf_codes_name(r->app->codes, "category", cat) == NULL)
			return xf_error_set(&r->err, XF_E_BAD_REQUEST, "category",
			    "内容分类代码“%s”不存在", cat);
		f->category = cat;
	}
	q = xf_query_get(&r->query, "q");
	if (q != NULL && *q != '\0' && looks_like_number(q))
		f->number = q;	/* a pasted case number finds its case */
	else if (q != NULL && *q != '\0') {
		int n = xf_fts_query(q, fts, ftssz);
		const char *p = q;

		if (n < 0)
			return xf_error_set(&r->err, XF_E_BAD_REQUEST, "q",
			    "检索词过长");
		if (n > 0)
			f->fts = fts;
		/* Nothing to look up: blanks alone are no search, but a
		 * punctuation mark or a single letter or digit would match
		 * nearly every case (the index leaves out punctuation, and
		 * one letter as a word's prefix matches nearly every word). */
		while (n == 0 && (*p == ' ' || *p == '\t' ||
		    strncmp(p, "\xe3\x80\x80", 3) == 0))	/* U+3000 */
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (n == 0 && *p != '\0')
			return xf_error_set(&r->err, XF_E_BAD_REQUEST, "q",
			    "检索词太短：请输入至少一个汉字，或两个以上的字母、数字");
	}
	if (unit > 0) {
		if (!xf_scope_unit(r, unit))
			return xf_error_set(&r->err, XF_E_NOT_FOUND, "unit_id",
			    "单位不存在");
		*units = xf_case_scope_json(r, unit);
		f->unit_json = *units;
	}
	*scope = xf_case_scope_json(r, 0);
	f->scope_json = *scope;
	return xf_case_accused_json(r, &f->accused_json);
}

json_t *
xf_case_ids_visible(xf_req *r, json_t *ids)
{
	json_t *v;
	size_t i;

	if (ids == NULL)
		return json_array();
	for (i = 0; i < json_array_size(ids);) {
		v = json_array_get(ids, i);
		if (xf_case_visible(r, json_integer_value(v)) == 0) {
			i++;
			continue;
		}
		xf_error_clear(&r->err);
		json_array_remove(ids, i);
	}
	return ids;
}

int
xf_case_accused_json(xf_req *r, const char **out)
{
	int any;

	/* The exclusion costs every list its fast count: only when the
	 * caller's unit is accused somewhere (one probe of an index). */
	*out = accused_units_json(r);
	if (*out == NULL)
		return 0;
	if ((any = xf_store_case_accused_any(r->app->store, *out,
	    &r->err)) == -1)
		return -1;
	if (any == 0)
		*out = NULL;
	return 0;
}

static int
api_case_list(xf_req *r)
{
	xf_case_filter f;
	char *scope = NULL, *units = NULL, fts[2100];
	json_t *items = NULL;
	int64_t total = 0;
	int rc = -1;

	if (xf_case_list_filter(r, &f, &scope, &units, fts, sizeof(fts)) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1)
		goto done;
	if (xf_store_case_list(r->app->store, &f, &items, &total, &r->err) == -1)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o,s:I,s:I,s:I}", "items", items,
	    "total", (json_int_t)total, "page", (json_int_t)f.page, "per_page",
	    (json_int_t)f.per_page));
	rc = 0;
done:
	free(scope);
	free(units);
	return rc;
}

/* GET /api/v1/workbench */
static int
api_workbench(xf_req *r)
{
	const xf_unit_tree *t = xf_app_tree(r->app);
	xf_case_filter f;
	char *scope = NULL, own[32];
	json_t *todo = NULL, *tmp = NULL;
	int64_t open = 0, overdue = 0, warning = 0, month = 0, n = 0, good = 0,
	    rated = 0;
	xf_date today = xf_app_today(r->app), soon = today;
	int y, m, d, rc = -1;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	soon = warn_until(r->app);
	scope = xf_case_scope_json(r, 0);
	snprintf(own, sizeof(own), "[%lld]",
	    (long long)xf_tree_authority(t, r->user.unit_id));
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.status = f.cls = f.channel = -1;
	f.from = f.to = f.due_before = XF_DATE_NONE;
	f.warn_until = soon;
	f.page = 1;
	f.per_page = 50;
	f.unit_json = own;
	f.open_only = 1;
	f.order_due = 1;
	if (xf_case_accused_json(r, &f.accused_json) == -1 ||
	    xf_store_case_list(r->app->store, &f, &todo, &n, &r->err) == -1)
		goto done;
	f.unit_json = NULL;
	f.scope_json = scope;
	f.per_page = 1;
	f.order_due = 0;
	if (xf_store_case_list(r->app->store, &f, &tmp, &open, &r->err) == -1)
		goto done;
	json_decref(tmp);
	f.overdue = 1;
	if (xf_store_case_list(r->app->store, &f, &tmp, &overdue,
	    &r->err) == -1)
		goto done;
	json_decref(tmp);
	f.overdue = 0;
	f.due_before = soon;
	if (xf_store_case_list(r->app->store, &f, &tmp, &warning,
	    &r->err) == -1)
		goto done;
	json_decref(tmp);
	warning -= overdue;
	f.due_before = XF_DATE_NONE;
	f.open_only = 0;
	xf_date_to_ymd(today, &y, &m, &d);
	f.from = xf_date_from_ymd(y, m, 1);
	/* 本月登记: registered here, not also those sent down from above. */
	f.first_json = scope;
	if (xf_store_case_list(r->app->store, &f, &tmp, &month, &r->err) == -1)
		goto done;
	json_decref(tmp);
	tmp = NULL;
	if (xf_store_eval_rate(r->app->store, scope, XF_DATE_NONE, XF_DATE_NONE,
	    &good, &rated, &r->err) == -1)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o,s:I,s:{s:I,s:I,s:I,s:I,s:o,s:I}}",
	    "todo", todo, "todo_total", (json_int_t)n, "counts",
	    "month_registered", (json_int_t)month, "open", (json_int_t)open,
	    "overdue", (json_int_t)overdue, "warning",
	    (json_int_t)(warning < 0 ? 0 : warning), "satisfaction_rate",
	    rated > 0 ? json_real((double)good / (double)rated) : json_null(),
	    "rated", (json_int_t)rated));
	todo = NULL;
	rc = 0;
done:
	json_decref(todo);
	free(scope);
	return rc;
}

/* ---- actions ------------------------------------------------------------ */

/* The channel_legal entry s names, by code or by name ("01", "诉讼"). */
static const xf_code *
legal_entry(xf_app *app, const char *s)
{
	size_t n = xf_codes_count(app->codes, "channel_legal");

	for (size_t i = 0; s != NULL && i < n; i++) {
		const xf_code *c = xf_codes_at(app->codes, "channel_legal", i);

		if (c != NULL && (strcmp(c->code, s) == 0 ||
		    strcmp(c->name, s) == 0))
			return c;
	}
	return NULL;
}

int
xf_case_legal_bar(xf_app *app, const char *channel)
{
	const xf_code *c = legal_entry(app, channel);

	return c == NULL ? 0 : strcmp(c->code, "91") == 0 ? 1 :
	    strcmp(c->code, "92") == 0 ? 2 : 0;
}

/* Whether a legal route given in words reads as one: at least four Chinese
 * characters. */
static int
route_in_words(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	unsigned int cp;
	int han = 0;

	while (i < n && (k = xf_utf8_decode(p + i, n - i, &cp)) > 0) {
		if (cp >= 0x4E00 && cp <= 0x9FFF)
			han++;
		i += k;
	}
	return han >= 4;
}

static int
parse_action(xf_req *r, json_t *in, xf_action *a, int64_t *co, size_t *nco)
{
	static const char *const keys[] = { "action", "date", "to_unit_id",
		"to_body", "report_due", "reason", "channel", "lead_unit_id",
		"co_unit_ids", "simple", "days", "approved_by", "outcome",
		"request", "facts", "decision", "basis", "execute_by", "method",
		"proof", NULL };
	static const char *const outcomes[] = { "support", "explain", "reject",
		NULL };
	static const char *const methods[] = { "in_person", "mail",
		"electronic", NULL };
	const char *name;
	json_t *cos, *v;
	int code, outcome, method;
	int64_t days = 0;
	size_t i;
	xf_error *err = &r->err;

	if (xf_json_only(in, keys, err) == -1 ||
	    xf_json_str(in, "action", 1, 32, 0, &name, err) != 0)
		return -1;
	if ((code = xf_action_parse(name)) < 0)
		return xf_error_set(err, XF_E_INVALID, "action",
		    "未知的操作“%s”", name);
	xf_action_init(a, (xf_action_code)code);
	if (xf_json_date(in, "date", 0, &a->date, err) == -1 ||
	    xf_json_int(in, "to_unit_id", 0, 1, INT64_MAX, &a->to_unit_id,
	    err) == -1 ||
	    xf_json_str(in, "to_body", 0, 100, 0, &a->to_body, err) == -1 ||
	    xf_json_date(in, "report_due", 0, &a->report_due, err) == -1 ||
	    xf_json_str(in, "reason", 0, TEXT_MAX, 1, &a->reason, err) == -1 ||
	    xf_json_str(in, "channel", 0, 100, 0, &a->channel, err) == -1 ||
	    xf_json_int(in, "lead_unit_id", 0, 1, INT64_MAX, &a->lead_unit_id,
	    err) == -1 ||
	    xf_json_bool(in, "simple", 0, &a->simple, err) == -1 ||
	    xf_json_int(in, "days", 0, 0, 3650, &days, err) == -1 ||
	    xf_json_int(in, "approved_by", 0, 1, INT64_MAX, &a->approved_by,
	    err) == -1 ||
	    xf_json_str(in, "request", 0, TEXT_MAX, 1, &a->request, err) == -1 ||
	    xf_json_str(in, "facts", 0, TEXT_MAX, 1, &a->facts, err) == -1 ||
	    xf_json_str(in, "decision", 0, TEXT_MAX, 1, &a->decision,
	    err) == -1 ||
	    xf_json_str(in, "basis", 0, TEXT_MAX, 1, &a->basis, err) == -1 ||
	    xf_json_date(in, "execute_by", 0, &a->execute_by, err) == -1 ||
	    xf_json_str(in, "proof", 0, 500, 1, &a->proof, err) == -1)
		return -1;
	a->days = (int)days;
	if (json_object_get(in, "outcome") != NULL) {
		if (xf_json_enum(in, "outcome", 1, outcomes, &outcome, err) != 0)
			return -1;
		a->outcome = (xf_outcome)(outcome + 1);
	}
	if (json_object_get(in, "method") != NULL) {
		if (xf_json_enum(in, "method", 1, methods, &method, err) != 0)
			return -1;
		a->method = (xf_deliver_method)(method + 1);
	}
	cos = json_object_get(in, "co_unit_ids");
	if (cos != NULL && !json_is_null(cos)) {
		if (!json_is_array(cos) || json_array_size(cos) > XF_CASE_MAX_CO)
			return xf_error_set(err, XF_E_INVALID, "co_unit_ids",
			    "协办单位应为不超过 %d 个单位编号的数组",
			    XF_CASE_MAX_CO);
		*nco = 0;
		json_array_foreach(cos, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return xf_error_set(err, XF_E_INVALID,
				    "co_unit_ids", "协办单位编号应为正整数");
			co[(*nco)++] = json_integer_value(v);
		}
		a->co_unit_ids = co;
		a->nco = *nco;
	}
	/* The legal route may be given by its code in channel_legal, or in
	 * words (a route the list lacks: "向人民法院提起行政诉讼"); the
	 * notice prints it to the petitioner, so words must be words. */
	if (a->channel != NULL) {
		const char *nm = xf_codes_name(r->app->codes, "channel_legal",
		    a->channel);

		if (a->code == XF_ACT_NOT_ACCEPT)
			a->bar = xf_case_legal_bar(r->app, a->channel);
		if (nm != NULL)
			a->channel = nm;
		else if (a->code == XF_ACT_NOT_ACCEPT &&
		    legal_entry(r->app, a->channel) == NULL &&
		    !route_in_words(a->channel))
			return xf_error_set(err, XF_E_INVALID, "channel",
			    "请填写依法解决的途径：途径代码（01–08、99，不再受理为"
			    "91、92，见代码表 channel_legal）或途径的中文表述（至少4个"
			    "汉字）");
	}
	if (a->date != XF_DATE_NONE && a->date > xf_app_today(r->app))
		return xf_error_set(err, XF_E_INVALID, "date",
		    "操作日期不能晚于今天");
	/* A body outside the system is "in place of" a unit (API.md). */
	if (a->to_unit_id > 0 && a->to_body != NULL && *a->to_body != '\0')
		return xf_error_set(err, XF_E_INVALID, "to_body",
		    "to_unit_id 与 to_body 只能填写一个：系统内单位填 to_unit_id，"
		    "系统外机关填 to_body");
	return 0;
}

static int
api_case_action(xf_req *r)
{
	json_t *in = NULL, *info = NULL, *data;
	int64_t co[XF_CASE_MAX_CO];
	size_t nco = 0;
	xf_jw w = { 0 };
	xf_action a;
	xf_lc_result res;
	xf_case c;
	int rc = -1, prot;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1 || xf_req_json(r, &in) == -1)
		goto done;
	if (parse_action(r, in, &a, co, &nco) == -1)
		goto done;
	data = json_deep_copy(in);
	json_object_del(data, "action");
	if (xf_case_door(r->app, &r->user, r->ip, r->id, &a, data, &c, &res,
	    &r->err) == -1)
		goto done;
	if (xf_store_case_load(r->app->store, r->id, &c, &info, &r->err) != 0)
		goto done;
	prot = xf_case_may_see_protected(r, &c, info);
	repeat_of_for(r, info, prot);
	xf_case_write(&w, r->app, &r->user, &c, info, prot, xf_app_today(r->app));
	/* The reply shows the petitioners as a read does: on the record. */
	if (prot && c.confidential)
		xf_store_audit_later(r->app->store, r->user.id, r->ip,
		    "read_protected", "case", c.id);
	rc = xf_case_reply(r, 200, &w);
done:
	json_decref(info);
	json_decref(in);
	return rc;
}

/* POST /api/v1/cases/{id}/opinions {"text"} — a co-department (协办) gives
 * its opinion to the lead department (第八条: 主办部门会同协办部门协商办理).
 * An event in the history; the state does not change. */
static int
api_case_opinion(xf_req *r)
{
	static const char *const keys[] = { "text", NULL };
	const xf_unit_tree *t = xf_app_tree(r->app);
	json_t *in = NULL, *info = NULL, *items;
	const char *text;
	xf_lc_result res;
	xf_case c;
	int rc = -1, member = 0;

	if (xf_require_role(r, XF_ROLE_HANDLER | XF_ROLE_OFFICER |
	    XF_ROLE_LEADER) == -1 || xf_case_visible(r, r->id) == -1 ||
	    xf_req_json(r, &in) == -1 || xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_str(in, "text", 1, TEXT_MAX, 1, &text, &r->err) != 0)
		goto done;
	if (xf_store_case_load(r->app->store, r->id, &c, &info, &r->err) != 0)
		goto done;
	if (xf_case_user_conflicted(r->app, &r->user, &c, info)) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL, CONFLICT_MSG);
		goto done;
	}
	for (int i = 0; i < c.nco; i++)
		if (xf_tree_within(t, c.co_unit_ids[i], r->user.unit_id))
			member = 1;
	if (!member) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "只有协办部门可以提出协办意见");
		goto done;
	}
	if (c.status != XF_ST_HANDLING) {
		xf_error_set(&r->err, XF_E_TRANSITION, NULL,
		    "信访事项不在办理中，不能提出协办意见");
		goto done;
	}
	memset(&res, 0, sizeof(res));
	snprintf(res.action, sizeof(res.action), "co_opinion");
	res.date = xf_app_today(r->app);
	res.from_unit_id = res.to_unit_id = c.unit_id;
	res.from_status = res.to_status = c.status;
	{
		const xf_unit *u = xf_tree_get(t, r->user.unit_id);

		snprintf(res.summary, sizeof(res.summary), "%s提出协办意见",
		    u ? u->name : "协办部门");
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	if (xf_store_event_add(r->app->store, c.id, &res, r->user.id,
	    r->user.unit_id, json_pack("{s:s}", "text", text), &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "co_opinion",
	    "case", c.id, NULL, NULL, &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		goto done;
	}
	items = xf_store_case_events(r->app->store, c.id, NULL) ?: json_array();
	events_for(r, items, xf_case_may_see_protected(r, &c, info));
	xf_reply_json(r, 201, json_pack("{s:o}", "items", items));
	rc = 0;
done:
	json_decref(info);
	json_decref(in);
	return rc;
}

/* POST /api/v1/cases/{id}/recusals {"user_id"?, "reason"} — a user declares
 * a conflict of interest (or an officer records one for a colleague). */
static int
api_case_recuse(xf_req *r)
{
	static const char *const keys[] = { "user_id", "reason", NULL };
	json_t *in = NULL;
	const char *reason;
	int64_t uid = r->user.id;
	xf_user u;
	int rc = -1;

	if (xf_case_visible(r, r->id) == -1 || xf_req_json(r, &in) == -1 ||
	    xf_json_only(in, keys, &r->err) == -1 ||
	    xf_json_int(in, "user_id", 0, 1, INT64_MAX, &uid, &r->err) == -1 ||
	    xf_json_str(in, "reason", 1, 500, 1, &reason, &r->err) != 0)
		goto done;
	if (uid != r->user.id) {
		if (xf_require_role(r, XF_ROLE_OFFICER | XF_ROLE_LEADER |
		    XF_ROLE_ADMIN) == -1)
			goto done;
		if (xf_store_user_get(r->app->store, uid, &u, &r->err) != 0 ||
		    !xf_scope_unit(r, u.unit_id)) {
			xf_error_set(&r->err, XF_E_INVALID, "user_id",
			    "用户不存在");
			goto done;
		}
	}
	if (xf_store_begin(r->app->store, &r->err) == -1)
		goto done;
	/* A leader who stands aside no longer answers for the case: his
	 * 包案 ends with the recusal (SPEC §7: a recused user is not
	 * assigned the case). */
	if (xf_store_recusal_add(r->app->store, r->id, uid, reason, r->user.id,
	    &r->err) == -1 ||
	    xf_store_taker_release(r->app->store, r->id, uid,
	    xf_app_today(r->app), &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->user.id, r->ip, "recuse", "case",
	    r->id, NULL, json_pack("{s:I,s:s}", "user_id", (json_int_t)uid,
	    "reason", reason), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		if (r->err.code == XF_E_CONFLICT)
			xf_error_set(&r->err, XF_E_CONFLICT, "user_id",
			    "该用户已登记回避");
		goto done;
	}
	xf_reply_json(r, 201, json_pack("{s:o}", "items",
	    xf_store_recusals(r->app->store, r->id, NULL)));
	rc = 0;
done:
	json_decref(in);
	return rc;
}

static int
api_case_recusals(xf_req *r)
{
	json_t *a;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1)
		return -1;
	if ((a = xf_store_recusals(r->app->store, r->id, &r->err)) == NULL)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* GET /api/v1/codes/{list} */
static int
api_codes(xf_req *r)
{
	static const char *const lists[] = { "category", "purpose",
		"channel_legal", "region", NULL };
	size_t n;
	json_t *items;
	int ok = 0;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	for (int i = 0; lists[i] != NULL; i++)
		if (strcmp(lists[i], r->param) == 0)
			ok = 1;
	if (!ok)
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "代码表“%s”不存在", r->param);
	n = xf_codes_count(r->app->codes, r->param);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		const xf_code *c = xf_codes_at(r->app->codes, r->param, i);
		json_t *o = json_pack("{s:s,s:s,s:i}", "code", c->code, "name",
		    c->name, "level", c->level);

		if (c->parent != NULL)
			json_object_set_new(o, "parent", json_string(c->parent));
		if (c->basis != NULL)
			json_object_set_new(o, "basis", json_string(c->basis));
		json_array_append_new(items, o);
	}
	return xf_reply_json(r, 200, json_pack("{s:s,s:o}", "title",
	    xf_codes_title(r->app->codes, r->param) ?: r->param, "items", items));
}

const xf_route xf_case_routes[] = {
	{ "POST", "/api/v1/cases", api_case_create, 0 },
	{ "GET", "/api/v1/cases", api_case_list, 0 },
	{ "POST", "/api/v1/cases/check", api_case_check, 0 },
	{ "GET", "/api/v1/cases/{id}", api_case_get, 0 },
	{ "GET", "/api/v1/cases/{id}/events", api_case_events, 0 },
	{ "POST", "/api/v1/cases/{id}/actions", api_case_action, 0 },
	{ "POST", "/api/v1/cases/{id}/opinions", api_case_opinion, 0 },
	{ "GET", "/api/v1/cases/{id}/recusals", api_case_recusals, 0 },
	{ "POST", "/api/v1/cases/{id}/recusals", api_case_recuse, 0 },
	{ "GET", "/api/v1/workbench", api_workbench, 0 },
	{ "GET", "/api/v1/codes/{s}", api_codes, 0 },
	{ NULL, NULL, NULL, 0 },
};

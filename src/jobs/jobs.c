/* The daily job (lapse, supervision scan, warnings) and the scheduler thread
 * that runs it once per day and catches up after a restart. See jobs.h for
 * how the scan finds its work without reading the archive. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/cases.h"
#include "core/lifecycle.h"
#include "core/supervise.h"
#include "store/cases.h"
#include "jobs.h"

/* Cases per write transaction: large enough that fsyncs do not dominate,
 * small enough that the API's writers never wait long for the lock. */
#define BATCH 1024
/* Who hears of a warning or a supervision in the unit: its petition
 * officers and its leaders (SPEC §4 "the owner and the leader in charge"). */
#define AUDIENCE (XF_ROLE_OFFICER | XF_ROLE_LEADER)

static atomic_int g_stop;

static const char *const dl_labels[XF_DL_COUNT] = {
	[XF_DL_ROUTE] = "转送、交办或受理",
	[XF_DL_ACCEPT_NOTICE] = "受理告知",
	[XF_DL_OBJECTION] = "异议",
	[XF_DL_HANDLE] = "办理",
	[XF_DL_DELIVERY] = "送达",
	[XF_DL_EXECUTE] = "执行",
	[XF_DL_REVIEW_REQUEST] = "申请复查",
	[XF_DL_REVIEW] = "复查",
	[XF_DL_RECHECK_REQUEST] = "申请复核",
	[XF_DL_RECHECK] = "复核",
};

static const char *
ds(xf_date d, char buf[11])
{
	if (d == XF_DATE_NONE)
		return "—";
	xf_date_format(d, buf);
	return buf;
}

/* Notifications are gathered per unit and kind while a batch runs and
 * written as one message each before it commits: a unit with one new
 * supervision gets that supervision's own message, a unit with forty gets
 * one digest naming them (a day with thousands of misses must not bury
 * the officers, nor the scan, in one row per item). */
enum { DG_SUPERVISION = 0, DG_WARNING = 1 };
#define DG_SLOTS 4096	/* open addressing; a batch touches far fewer units */

typedef struct {
	int64_t	unit;
	int	kind;
	int	count;
	int64_t	case_id, sv_id;		/* the first item */
	int	seq;			/* its deadline (warnings) */
	char	subject[256];
	char	body[768];
	char	list[1024];		/* "编号（事由）、…" */
	size_t	len;
	json_t	*cases;
} digest;

typedef struct {
	xf_app		*app;
	xf_store	*st;
	const xf_unit_tree *tree;
	xf_date		 as_of;
	FILE		*out;
	xf_jobs_stats	*js;
	xf_date		 reply_due;	/* of a supervision raised today */
	digest		*dg;		/* the digests of this batch */
	size_t		 ndg, capdg;
	int		 slot[DG_SLOTS];	/* index into dg + 1; 0 empty */
	struct {
		int64_t	unit;		/* 0: empty */
		int	days;
	} wcache[1024];			/* warning days per authority */
} run;

static digest *
dg_get(run *R, int64_t unit, int kind)
{
	size_t h = ((size_t)unit * 2654435761u + (size_t)kind) % DG_SLOTS;

	for (size_t i = 0; i < DG_SLOTS; i++) {
		size_t k = (h + i) % DG_SLOTS;
		digest *d;

		if (R->slot[k] != 0) {
			d = &R->dg[R->slot[k] - 1];
			if (d->unit == unit && d->kind == kind)
				return d;
			continue;
		}
		if (R->ndg == DG_SLOTS - 1)
			break;
		if (R->ndg == R->capdg) {
			R->capdg = R->capdg ? R->capdg * 2 : 64;
			R->dg = xf_xrealloc(R->dg, R->capdg * sizeof(*R->dg));
		}
		d = &R->dg[R->ndg++];
		memset(d, 0, sizeof(*d));
		d->unit = unit;
		d->kind = kind;
		d->cases = json_array();
		R->slot[k] = (int)R->ndg;
		return d;
	}
	return NULL;	/* unreachable: callers flush per batch */
}

static void
dg_add(run *R, int64_t unit, int kind, int64_t case_id, int64_t sv_id,
    int seq, const char *subject, const char *body, const char *item)
{
	digest *d = dg_get(R, unit, kind);
	int w;

	if (d == NULL)
		return;
	if (d->count++ == 0) {
		d->case_id = case_id;
		d->sv_id = sv_id;
		d->seq = seq;
		snprintf(d->subject, sizeof(d->subject), "%s", subject);
		snprintf(d->body, sizeof(d->body), "%s", body);
	}
	json_array_append_new(d->cases, json_integer(case_id));
	if (d->len + 8 < sizeof(d->list)) {
		w = snprintf(d->list + d->len, sizeof(d->list) - d->len, "%s%s",
		    d->len ? "；" : "", item);
		if (w > 0 && d->len + (size_t)w < sizeof(d->list))
			d->len += (size_t)w;
		else
			d->list[d->len] = '\0';	/* did not fit: dropped */
	}
}

static void
dg_reset(run *R)
{
	for (size_t i = 0; i < R->ndg; i++)
		json_decref(R->dg[i].cases);
	R->ndg = 0;
	memset(R->slot, 0, sizeof(R->slot));
}

/* Writes the batch's messages (inside its transaction) and empties it. */
static int
dg_flush(run *R, xf_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < R->ndg; i++) {
		digest *d = &R->dg[i];
		char subj[256], body[1536], dedup[96], b[11], *ids = NULL;
		xf_msg m;

		memset(&m, 0, sizeof(m));
		m.channel = "staff";
		m.unit_id = d->unit;
		m.roles = AUDIENCE;
		m.kind = d->kind == DG_WARNING ? "warning" : "supervision";
		if (d->count == 1) {
			m.case_id = d->case_id;
			m.supervision_id = d->sv_id;
			m.subject = d->subject;
			m.body = d->body;
			if (d->kind == DG_WARNING)
				snprintf(dedup, sizeof(dedup), "warn:%lld:%d",
				    (long long)d->case_id, d->seq);
			else
				snprintf(dedup, sizeof(dedup), "sv:%lld",
				    (long long)d->sv_id);
		} else {
			xf_date_format(R->as_of, b);
			if (d->kind == DG_WARNING) {
				snprintf(subj, sizeof(subj), "预警：%d件信访事项的期限即将届满",
				    d->count);
				snprintf(body, sizeof(body), "以下信访事项的期限将在近几个"
				    "工作日内届满，请抓紧办理，逾期未办的系统将自动督办："
				    "%s%s", d->list, strlen(d->list) + 8 >=
				    sizeof(d->list) ? "等" : "");
			} else {
				snprintf(subj, sizeof(subj), "督办：%s新立督办%d件", b,
				    d->count);
				snprintf(body, sizeof(body), "以下信访事项已超期或未按规定"
				    "办理，系统已立督办，请于%s前逐件书面反馈：%s%s",
				    ds(R->reply_due, b), d->list, strlen(d->list) + 8 >=
				    sizeof(d->list) ? "等" : "");
			}
			snprintf(dedup, sizeof(dedup), "%s:%lld:%lld:%lld:%d",
			    d->kind == DG_WARNING ? "warnd" : "svd",
			    (long long)d->unit, (long long)d->case_id,
			    (long long)d->sv_id, d->seq);
			ids = json_dumps(d->cases, JSON_COMPACT);
			m.case_ids = ids;
			m.subject = subj;
			m.body = body;
		}
		m.dedup = dedup;
		if (rc == 0 && xf_store_outbox_add(R->st, &m, err) == -1)
			rc = -1;
		free(ids);
	}
	dg_reset(R);
	return rc;
}


static int64_t
authority(const run *R, int64_t unit)
{
	int64_t a = xf_tree_authority(R->tree, unit);

	return a > 0 ? a : unit;
}

/* Who supervises a miss of `target`: the first unit, which follows the case
 * to the end (第十一条 "谁首次办理、谁跟踪负责"), when the target lies below
 * it; otherwise (the first unit's own miss, or a level above it) the
 * authority above the target. */
static int64_t
supervisor_of(const run *R, const xf_case *c, int64_t target)
{
	int64_t first = authority(R, c->first_unit_id);
	int64_t t = authority(R, target), by = t;
	const xf_unit *u;

	if (first > 0 && t != first && xf_tree_within(R->tree, first, t))
		by = first;
	else if ((u = xf_tree_get(R->tree, t)) != NULL && u->parent_id > 0)
		by = authority(R, u->parent_id);
	/* Never the unit an accusation accuses (SPEC §7): it would read the
	 * record and could close it. The authority above it supervises. */
	while (c->confidential && by == c->respondent_unit_id &&
	    (u = xf_tree_get(R->tree, by)) != NULL && u->parent_id > 0)
		by = authority(R, u->parent_id);
	return by;
}

/* ---- raising, curing ------------------------------------------------------------ */

static int
raise_hit(run *R, const xf_case *c, const char *number, const xf_sv_hit *h,
    xf_error *err)
{
	const xf_sv_rule *rule = xf_sv_rule_get(h->trigger);
	char sugg[512], subj[256], body[1024], item[160], b1[11], b2[11];
	const xf_calendar *cal;
	xf_sv_new n;
	int rc;

	memset(&n, 0, sizeof(n));
	n.case_id = c->id;
	n.trigger = h->trigger;
	n.system = 1;
	n.by_unit_id = supervisor_of(R, c, h->target_unit_id);
	n.raised_on = R->as_of;
	n.form = XF_SVF_ONLINE;	/* the system supervises through itself */
	n.target_unit_id = h->target_unit_id;
	n.missed = h->missed;
	n.problem = h->problem;
	if (R->reply_due == XF_DATE_NONE) {
		cal = xf_app_cal_rdlock(R->app);
		rc = xf_sv_reply_due(cal, R->as_of, &R->reply_due, err);
		xf_app_cal_unlock(R->app);
		if (rc == -1)
			return -1;
	}
	n.reply_due = R->reply_due;
	snprintf(sugg, sizeof(sugg), "请立即纠正，依法及时就地解决信访人诉求，"
	    "并于%s前书面反馈整改情况（%s）。", ds(n.reply_due, b1), rule->seed);
	n.suggestions = sugg;
	if ((rc = xf_store_sv_insert(R->st, &n, err)) != 0)
		return rc;	/* 1: raised before, once is enough */
	if (xf_store_audit(R->st, 0, NULL, "supervision_raise", "supervision",
	    n.id, NULL, json_pack("{s:I,s:s,s:I,s:I,s:s,s:s,s:s}",
	    "case_id", (json_int_t)c->id, "trigger", rule->code,
	    "target_unit_id", (json_int_t)n.target_unit_id,
	    "by_unit_id", (json_int_t)n.by_unit_id,
	    "raised_on", ds(n.raised_on, b1), "missed", ds(n.missed, b2),
	    "problem", n.problem), err) == -1)
		return -1;
	snprintf(subj, sizeof(subj), "督办：信访件%s（%s）", number, rule->name);
	snprintf(body, sizeof(body), "%s。%s", h->problem, sugg);
	snprintf(item, sizeof(item), "%s（%s）", number, rule->name);
	dg_add(R, authority(R, n.target_unit_id), DG_SUPERVISION, c->id, n.id,
	    0, subj, body, item);
	if (R->out != NULL)
		fprintf(R->out, "raised %s case=%s supervision=%lld target=%lld "
		    "missed=%s %s\n", rule->code, number, (long long)n.id,
		    (long long)n.target_unit_id, ds(n.missed, b1), h->problem);
	R->js->raised++;
	return 0;
}

static int
cure_open(run *R, const xf_case *c, const xf_sv_facts *f, xf_error *err)
{
	int64_t ids[XF_SV_COUNT];
	xf_sv_trigger trig[XF_SV_COUNT];
	size_t n;
	char res[256], b[11];

	if (xf_store_sv_open_system(R->st, c->id, ids, trig, XF_SV_COUNT, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const xf_sv_rule *rule = xf_sv_rule_get(trig[i]);

		if (!xf_sv_cured(trig[i], c, f, R->as_of))
			continue;
		snprintf(res, sizeof(res), "督办事由（%s）已消除，系统于%s自动办结",
		    rule->name, ds(R->as_of, b));
		if (xf_store_sv_close(R->st, ids[i], res, R->as_of, 0, 1,
		    err) == -1 ||
		    xf_store_audit(R->st, 0, NULL, "supervision_cure",
		    "supervision", ids[i], NULL, json_pack("{s:I,s:s,s:s,s:s}",
		    "case_id", (json_int_t)c->id, "trigger", rule->code,
		    "closed_on", ds(R->as_of, b), "result", res), err) == -1)
			return -1;
		R->js->cured++;
	}
	return 0;
}

/* ---- warnings ------------------------------------------------------------------------ */

static int
warn_one(run *R, int64_t case_id, const char *number, int seq, xf_dl_kind kind,
    int64_t unit, xf_date due, xf_error *err)
{
	char subj[256], body[512], item[160], b[11];
	int rc;

	if ((rc = xf_store_warn_mark(R->st, case_id, seq, R->as_of, err)) != 1)
		return rc;
	snprintf(subj, sizeof(subj), "预警：信访件%s的%s期限将于%s届满", number,
	    dl_labels[kind], ds(due, b));
	snprintf(body, sizeof(body), "信访件%s的%s期限将于%s届满，请抓紧办理；"
	    "逾期未办的，系统将自动督办（教办〔2017〕1080号 第十一条）。",
	    number, dl_labels[kind], b);
	snprintf(item, sizeof(item), "%s（%s期限%s）", number, dl_labels[kind], b);
	dg_add(R, authority(R, unit), DG_WARNING, case_id, 0, seq, subj, body,
	    item);
	R->js->warned++;
	return 0;
}

static int
warn_days_of(run *R, int64_t unit, int *days, xf_error *err)
{
	int64_t a = authority(R, unit);
	size_t k = (size_t)a % 1024;

	if (a > 0 && R->wcache[k].unit == a) {
		*days = R->wcache[k].days;
		return 0;
	}
	if (xf_store_warn_days(R->st, a, days, err) == -1)
		return -1;
	R->wcache[k].unit = a;
	R->wcache[k].days = *days;
	return 0;
}

/* Is a deadline warnable today? (N working days before its due.) */
static int
warnable(run *R, int64_t unit, xf_date due, xf_error *err)
{
	const xf_calendar *cal;
	int n, w;

	if (due < R->as_of || warn_days_of(R, unit, &n, err) == -1)
		return due < R->as_of ? 0 : -1;
	cal = xf_app_cal_rdlock(R->app);
	w = xf_sv_warn_due(cal, due, n, R->as_of, err);
	xf_app_cal_unlock(R->app);
	if (w == -1)	/* a year without data: no warning rather than a stop */
		w = 0;
	return w;
}

static int
warn_case(run *R, const xf_case *c, const char *number, xf_error *err)
{
	for (int i = 0; i < c->ndl; i++) {
		const xf_deadline *d = &c->dl[i];
		int64_t unit = d->unit_id > 0 ? d->unit_id : c->unit_id;
		int w;

		if (d->state != XF_DLS_OPEN || d->due == XF_DATE_NONE ||
		    d->provisional || d->kind == XF_DL_OBJECTION ||
		    d->kind == XF_DL_REVIEW_REQUEST ||
		    d->kind == XF_DL_RECHECK_REQUEST)
			continue;
		if ((w = warnable(R, unit, d->due, err)) == -1)
			return -1;
		if (w && warn_one(R, c->id, number, d->seq, d->kind, unit, d->due,
		    err) == -1)
			return -1;
	}
	return 0;
}

/* The warning window of every per-unit setting, from where the last scan
 * left it to today's edge (the last due date N working days ahead). */
static int
warn_ranges(run *R, xf_error *err)
{
	int vals[32];
	size_t nv;
	char key[32];

	if (xf_store_warn_day_values(R->st, vals, 32, &nv, err) == -1)
		return -1;
	for (size_t k = 0; k < nv && !atomic_load(&g_stop); k++) {
		const xf_calendar *cal;
		xf_period p;
		xf_date next, edge, lo;
		xf_warn_row *rows = NULL;
		size_t n = 0;
		int prov, rc;

		/* Edge: the day before the (N+1)-th working day after today. */
		memset(&p, 0, sizeof(p));
		p.event = R->as_of;
		p.days = vals[k] + 1;
		p.unit = XF_UNIT_WORKING;
		cal = xf_app_cal_rdlock(R->app);
		rc = xf_period_due(cal, &p, 1, &next, &prov, err);
		xf_app_cal_unlock(R->app);
		if (rc == -1)
			return -1;
		edge = next - 1;
		snprintf(key, sizeof(key), "warn_edge_%d", vals[k]);
		lo = (xf_date)xf_store_scan_get(R->st, key, INT32_MIN) + 1;
		if (lo < R->as_of)
			lo = R->as_of;
		if (lo > edge) {
			/* Back in time: start the window from here next time. */
			if (xf_store_scan_set(R->st, key, edge, err) == -1)
				return -1;
			continue;
		}
		if (xf_store_warn_candidates(R->st, lo, edge, &rows, &n,
		    err) == -1)
			return -1;
		if (xf_store_begin(R->st, err) == -1) {
			free(rows);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			int days, w;

			if (warn_days_of(R, rows[i].unit_id, &days, err) == -1)
				goto fail;
			if (days != vals[k])
				continue;	/* its own setting's range has it */
			if ((w = warnable(R, rows[i].unit_id, rows[i].due,
			    err)) == -1)
				goto fail;
			if (w && warn_one(R, rows[i].case_id, rows[i].number,
			    rows[i].seq, rows[i].kind, rows[i].unit_id,
			    rows[i].due, err) == -1)
				goto fail;
		}
		if (xf_store_scan_set(R->st, key, edge, err) == -1 ||
		    dg_flush(R, err) == -1 ||
		    xf_store_commit(R->st, err) == -1)
			goto fail;
		free(rows);
		continue;
fail:
		xf_store_rollback(R->st);
		dg_reset(R);	/* its messages went with the rollback */
		free(rows);
		return -1;
	}
	return 0;
}

/* ---- lapse ------------------------------------------------------------------------------ */

static json_t *
lapse_state(const xf_case *c)
{
	char b[11];

	return json_pack("{s:s,s:s,s:s}", "status", xf_status_name(c->status),
	    "closed_on", ds(c->closed_on, b),
	    "close_reason", xf_close_reason_name(c->close_reason));
}

static int
tell_petitioners(run *R, const xf_case *c, json_t *info, xf_error *err)
{
	const char *number = json_string_value(json_object_get(info, "number"));
	json_t *pets = json_object_get(info, "petitioners"), *p;
	char body[512], dedup[96];
	size_t i;

	snprintf(body, sizeof(body), "您的信访事项（编号%s）在规定期限内未申请%s，"
	    "%s已为终结意见，该事项已办结。如有疑问，请凭查询码登录信访平台查询。",
	    number ? number : "", c->reply_level == XF_LEVEL_REVIEW ? "复核" :
	    "复查", c->reply_level == XF_LEVEL_REVIEW ? "复查意见" : "处理意见");
	json_array_foreach(pets, i, p) {
		const char *phone = json_string_value(json_object_get(p,
		    "phone"));
		const char *email = json_string_value(json_object_get(p,
		    "email"));
		xf_msg m;

		memset(&m, 0, sizeof(m));
		m.case_id = c->id;
		m.kind = "lapse";
		m.subject = "信访事项办结通知";
		m.body = body;
		m.dedup = dedup;
		if (phone != NULL && *phone != '\0') {
			m.channel = "sms";
			m.address = phone;
			snprintf(dedup, sizeof(dedup), "lapse:%lld:sms:%zu",
			    (long long)c->id, i);
			if (xf_store_outbox_add(R->st, &m, err) == -1)
				return -1;
		}
		if (email != NULL && *email != '\0') {
			m.channel = "email";
			m.address = email;
			snprintf(dedup, sizeof(dedup), "lapse:%lld:email:%zu",
			    (long long)c->id, i);
			if (xf_store_outbox_add(R->st, &m, err) == -1)
				return -1;
		}
	}
	return 0;
}

/* A replied/reviewed case whose request window has passed closes (lapse),
 * inside the scan's batch: the case, its deadlines, the event, the audit
 * record and the petitioner's message commit together with the batch.
 * 1 if it lapsed, 0 if not, -1 on error. */
static int
lapse_case(run *R, xf_case *c, xf_error *err)
{
	xf_lc_ctx ctx;
	xf_lc_result res;
	xf_case before = *c;
	json_t *info = NULL;
	int lrc, rc = -1;

	if (c->status != XF_ST_REPLIED && c->status != XF_ST_REVIEWED)
		return 0;
	xf_case_ctx(R->app, NULL, &ctx);
	ctx.today = R->as_of;
	ctx.cal = xf_app_cal_rdlock(R->app);
	lrc = xf_lifecycle_lapse(&ctx, c, &res);
	xf_app_cal_unlock(R->app);
	if (lrc != 1)
		return 0;
	if (xf_store_case_load(R->st, c->id, &before, &info, err) != 0)
		goto done;
	if (xf_store_case_save(R->st, c, err) == -1 ||
	    xf_store_event_add(R->st, c->id, &res, 0, 0, NULL, err) == -1 ||
	    xf_store_audit(R->st, 0, NULL, "lapse", "case", c->id,
	    lapse_state(&before), lapse_state(c), err) == -1 ||
	    tell_petitioners(R, c, info, err) == -1)
		goto done;
	R->js->lapsed++;
	rc = 1;
done:
	json_decref(info);
	return rc;
}

/* ---- one case -------------------------------------------------------------------------- */

static int
process_case(run *R, int64_t id, int changed, xf_error *err)
{
	xf_sv_hit hits[XF_SV_COUNT];
	xf_sv_facts f;
	xf_case c;
	char number[64];
	int n, rc, report_hit = 0, dis_hit = 0;

	rc = xf_store_case_load(R->st, id, &c, NULL, err);
	if (rc == 1)
		return 0;	/* gone (never happens: cases are kept) */
	if (rc == -1 || (rc = lapse_case(R, &c, err)) == -1 ||
	    xf_store_sv_facts(R->st, &c, &f, err) == -1)
		return -1;
	changed |= rc;	/* a lapse just changed it */
	xf_store_case_number(R->st, id, number);
	n = xf_sv_evaluate(&c, &f, R->as_of, hits);
	for (int i = 0; i < n; i++) {
		if (raise_hit(R, &c, number, &hits[i], err) == -1)
			return -1;
		report_hit |= hits[i].trigger == XF_SV_REPORT_OVERDUE;
		dis_hit |= hits[i].trigger == XF_SV_DISSATISFIED;
	}
	/* A case reached only through a deadline falling due has not changed
	 * since it was last looked at: nothing can have been cured, and its
	 * watch dates stand. */
	if (!changed)
		return 0;
	if (cure_open(R, &c, &f, err) == -1)
		return -1;
	/* Dates no deadline row carries: wake the scan when they pass. */
	if (xf_store_sv_watch_clear(R->st, id, err) == -1 ||
	    (!report_hit && !xf_sv_cured(XF_SV_REPORT_OVERDUE, &c, &f,
	    R->as_of) && xf_store_sv_watch(R->st, id, XF_SV_REPORT_OVERDUE,
	    c.report_due, err) == -1))
		return -1;
	if (f.dissatisfied_on != XF_DATE_NONE && f.answer_due == XF_DATE_NONE) {
		const xf_calendar *cal = xf_app_cal_rdlock(R->app);

		rc = xf_sv_answer_due(cal, f.dissatisfied_on, &f.answer_due, err);
		xf_app_cal_unlock(R->app);
		if (rc == -1)
			return -1;
		/* Evaluated again now that the answer's due date is known. */
		n = xf_sv_evaluate(&c, &f, R->as_of, hits);
		for (int i = 0; i < n; i++)
			if (hits[i].trigger == XF_SV_DISSATISFIED) {
				if (raise_hit(R, &c, number, &hits[i], err) == -1)
					return -1;
				dis_hit = 1;
			}
	}
	if (!dis_hit && !xf_sv_cured(XF_SV_DISSATISFIED, &c, &f, R->as_of) &&
	    f.answer_due != XF_DATE_NONE && xf_store_sv_watch(R->st, id,
	    XF_SV_DISSATISFIED, f.answer_due, err) == -1)
		return -1;
	/* A changed case may have new deadlines already inside the warning
	 * window (the range walk only sees the window's new edge). */
	if (changed && warn_case(R, &c, number, err) == -1)
		return -1;
	return 0;
}

/* ---- the daily job ---------------------------------------------------------------------- */

static int
daily(xf_app *app, xf_date as_of, FILE *out, xf_jobs_stats *js, int mark,
    int64_t started, xf_error *err)
{
	xf_idvec due = { 0 }, changed = { 0 };
	int64_t ev_after, ev_max;
	xf_date lo;
	run R;
	size_t i, k;
	int rc = -1;

	memset(js, 0, sizeof(*js));
	memset(&R, 0, sizeof(R));
	R.app = app;
	R.st = app->store;
	R.tree = xf_app_tree(app);
	R.as_of = as_of;
	R.out = out;
	R.js = js;
	R.reply_due = XF_DATE_NONE;

	/* What to look at: deadlines that fell due since the last scan
	 * (including the petitioner's request windows, which lapse), cases
	 * changed since then, watch
	 * dates that passed, and open 不满意 records (the unit's answer is
	 * written to the evaluation, not to the history). */
	lo = (xf_date)xf_store_scan_get(R.st, "due_through", INT32_MIN);
	if (lo < as_of && xf_store_sv_due_cases(R.st, lo, as_of, &due,
	    err) == -1)
		goto done;
	ev_after = xf_store_scan_get(R.st, "event_id", 0);
	if (xf_store_sv_changed_cases(R.st, ev_after, &ev_max, &changed,
	    err) == -1 ||
	    xf_store_sv_watch_cases(R.st, as_of, &changed, err) == -1 ||
	    xf_store_sv_open_cases(R.st, XF_SV_DISSATISFIED, &changed,
	    err) == -1)
		goto done;
	xf_idvec_sort_unique(&due);
	xf_idvec_sort_unique(&changed);

	/* Walk both sorted lists together, each case once. */
	i = k = 0;
	while ((i < due.n || k < changed.n) && !atomic_load(&g_stop)) {
		if (xf_store_begin(R.st, err) == -1)
			goto done;
		for (int b = 0; b < BATCH && (i < due.n || k < changed.n); b++) {
			int64_t id;
			int ch = 0;

			if (k >= changed.n || (i < due.n && due.v[i] < changed.v[k]))
				id = due.v[i++];
			else {
				id = changed.v[k++];
				ch = 1;
				if (i < due.n && due.v[i] == id)
					i++;
			}
			if (process_case(&R, id, ch, err) == -1) {
				xf_store_rollback(R.st);
				goto done;
			}
		}
		if (dg_flush(&R, err) == -1) {
			xf_store_rollback(R.st);
			goto done;
		}
		if (xf_store_commit(R.st, err) == -1)
			goto done;
	}
	if (atomic_load(&g_stop)) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "日常任务被中止");
		goto done;
	}
	if (warn_ranges(&R, err) == -1)
		goto done;

	/* due_through is the date of this scan, not the highest ever: after
	 * a scan back in time (xinfang scan --as-of an earlier day) the cases
	 * it saw through their events were only judged as of that day, so the
	 * next scan must walk the deadlines from there again (the unique
	 * index makes the repeat harmless). */
	if (xf_store_begin(R.st, err) == -1)
		goto done;
	if (xf_store_scan_set(R.st, "due_through", as_of, err) == -1 ||
	    (ev_max > ev_after && xf_store_scan_set(R.st, "event_id", ev_max,
	    err) == -1) ||
	    (mark && xf_store_jobs_mark_run(R.st, as_of, started, js,
	    err) == -1) ||
	    xf_store_commit(R.st, err) == -1) {
		xf_store_rollback(R.st);
		goto done;
	}
	rc = 0;
done:
	dg_reset(&R);	/* what a failed batch left */
	free(R.dg);
	xf_idvec_free(&due);
	xf_idvec_free(&changed);
	return rc;
}

int
xf_jobs_daily(xf_app *app, xf_date as_of, FILE *out, xf_jobs_stats *stats,
    xf_error *err)
{
	return daily(app, as_of, out, stats, 0, (int64_t)time(NULL), err);
}

int
xf_jobs_scan(xf_app *app, xf_date as_of, FILE *out, xf_error *err)
{
	xf_jobs_stats js;
	char b[11];

	if (daily(app, as_of, out, &js, 0, (int64_t)time(NULL), err) == -1)
		return -1;
	fprintf(stderr, "xinfang: %s 扫描完成：新立督办 %d 件，自动办结督办 %d 件，"
	    "期满结案 %d 件，预警 %d 条\n", ds(as_of, b), js.raised, js.cured,
	    js.lapsed, js.warned);
	return js.raised;
}

/* ---- the scheduler thread ------------------------------------------------------------------ */

static struct {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	pthread_t	 th;
	int		 running;
	xf_app		*app;
} S = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Runs every day from the one after the last recorded run up to today, in
 * order, each once. A database that never ran starts with today: there is
 * no point in replaying days before the scheduler existed. */
static int
catch_up(xf_app *app, xf_error *err)
{
	xf_date today = xf_app_today(app), last, d;

	if (xf_store_jobs_last_run(app->store, &last, err) == -1)
		return -1;
	d = last == XF_DATE_NONE ? today : last + 1;
	if (last != XF_DATE_NONE && last > today) {
		/* Run once with a later --today: the days up to it are done,
		 * and running them again would act twice on the same dates.
		 * Said, so that nobody waits for a job that will not come. */
		char l[11], t[11];

		fprintf(stderr, "xinfang: 日常任务已运行到 %s，晚于今天 %s（曾以 "
		    "--today 指定了以后的日期）；到该日期之后才会再次运行\n",
		    ds(last, l), ds(today, t));
	}
	for (; d <= today && !atomic_load(&g_stop); d++) {
		xf_jobs_stats js;
		int64_t t0 = (int64_t)time(NULL);
		char b[11];

		if (daily(app, d, NULL, &js, 1, t0, err) == -1)
			return -1;
		fprintf(stderr, "xinfang: 日常任务 %s：期满结案 %d 件，新立督办 %d 件，"
		    "自动办结督办 %d 件，预警 %d 条\n", ds(d, b), js.lapsed,
		    js.raised, js.cured, js.warned);
	}
	return 0;
}

static void *
loop(void *arg)
{
	xf_app *app = arg;

	pthread_mutex_lock(&S.mu);
	while (!atomic_load(&g_stop)) {
		struct timespec ts;
		xf_error err;

		pthread_mutex_unlock(&S.mu);
		xf_error_clear(&err);
		if (catch_up(app, &err) == -1 && !atomic_load(&g_stop))
			fprintf(stderr, "xinfang: 日常任务失败（稍后重试）：%s\n",
			    err.message);
		xf_error_clear(&err);
		if (!atomic_load(&g_stop) && xf_jobs_outbox_flush(app, &err) == -1)
			fprintf(stderr, "xinfang: 发送通知失败：%s\n", err.message);
		pthread_mutex_lock(&S.mu);
		/* Wake every minute: the day turns over within a minute of
		 * midnight (China Standard Time), and the outbox's back-off is
		 * counted in minutes. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 60;
		while (!atomic_load(&g_stop) &&
		    pthread_cond_timedwait(&S.cv, &S.mu, &ts) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&S.mu);
	return NULL;
}

int
xf_jobs_start(xf_app *app, xf_error *err)
{
	sigset_t block, old;
	int rc;

	if (S.running)
		return 0;
	atomic_store(&g_stop, 0);
	/* The day's work first, so the server opens with it done. */
	if (catch_up(app, err) == -1)
		return -1;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	S.app = app;
	rc = pthread_create(&S.th, NULL, loop, app);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "无法启动定时任务线程");
	S.running = 1;
	return 0;
}

void
xf_jobs_stop(void)
{
	if (!S.running)
		return;
	pthread_mutex_lock(&S.mu);
	atomic_store(&g_stop, 1);
	pthread_cond_broadcast(&S.cv);
	pthread_mutex_unlock(&S.mu);
	pthread_join(S.th, NULL);
	S.running = 0;
}

/* Cases in SQLite: one row per matter (indexed columns + the rest of the
 * lifecycle value as a small JSON text), a row per deadline, an event per
 * action, petitioner ID numbers and involved units for lookups, and the
 * FTS5 index (bigram tokenizer) over title and content. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/text.h"
#include "http/arena.h"
#include "http/jsonout.h"	/* json_dumps's compact bytes, faster */
#include "cases.h"
#include "simindex.h"
#include "sqlutil.h"

enum { F_I64, F_INT, F_DATE };

/* The lifecycle fields kept in the `lc` JSON text, by name: adding a field
 * to xf_case means adding a line here, and old rows simply lack it. */
static const struct {
	const char	*name;
	size_t		 off;
	int		 type;
} lc_fields[] = {
#define I64(f)  { #f, offsetof(xf_case, f), F_I64 }
#define INT(f)  { #f, offsetof(xf_case, f), F_INT }
#define DATE(f) { #f, offsetof(xf_case, f), F_DATE }
	I64(from_unit_id), DATE(received_on_here), INT(assigned),
	DATE(report_due), INT(transfer_count), INT(confidential),
	DATE(accepted_on), INT(simple), INT(extended), INT(extension_days),
	DATE(extended_on), I64(approved_by), INT(reply_level), INT(outcome),
	DATE(replied_on), DATE(execute_by), DATE(executed_on),
	DATE(delivered_on), INT(delivery_method), I64(reply_unit_id),
	I64(review_unit_id), I64(recheck_unit_id), DATE(first_replied_on),
	DATE(review_requested_on), DATE(recheck_requested_on), DATE(ended_on),
	INT(close_reason), DATE(archived_on), INT(archived), INT(next_seq),
#undef I64
#undef INT
#undef DATE
};

static char *
lc_dump(const xf_case *c)
{
	json_t *j = json_object(), *a;
	char *s;

	for (size_t i = 0; i < sizeof(lc_fields) / sizeof(lc_fields[0]); i++) {
		const char *p = (const char *)c + lc_fields[i].off;
		json_int_t v;

		switch (lc_fields[i].type) {
		case F_I64:
			v = *(const int64_t *)(const void *)p;
			if (v == 0)
				continue;
			break;
		case F_DATE:
			v = *(const xf_date *)(const void *)p;
			if (v == XF_DATE_NONE)
				continue;
			break;
		default:
			v = *(const int *)(const void *)p;
			if (v == 0)
				continue;
		}
		json_object_set_new(j, lc_fields[i].name, json_integer(v));
	}
	json_object_set_new(j, "profile", json_string(c->profile));
	if (c->nco > 0) {
		a = json_array();
		for (int i = 0; i < c->nco; i++)
			json_array_append_new(a, json_integer(c->co_unit_ids[i]));
		json_object_set_new(j, "co", a);
	}
	if (c->npauses > 0) {
		a = json_array();
		for (int i = 0; i < c->npauses; i++)
			json_array_append_new(a, json_pack("[i,i,i]",
			    c->pauses[i].span.paused, c->pauses[i].span.resumed,
			    (int)c->pauses[i].kind));
		json_object_set_new(j, "pauses", a);
	}
	s = xf_json_out(j, NULL);
	json_decref(j);
	return s;
}

/* ---- lc_fast: the lifecycle text as lc_dump writes it ------------------
 * A case fetch parsed every row's lc with jansson, ~5 % of its CPU (a
 * hash table and an allocation per member). lc_dump writes a flat object
 * of integers, "profile" as a plain string, "co" as integers and "pauses"
 * as triples: this reads exactly that and gives up (-1) on anything else
 * (escapes, fractions, other shapes), which lc_load then reads with
 * jansson, as before. */
typedef struct {
	const char *p, *end;
} lcp;

static void
lcp_ws(lcp *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\n' ||
	    *x->p == '\t' || *x->p == '\r'))
		x->p++;
}

static int
lcp_char(lcp *x, char ch)
{
	lcp_ws(x);
	if (x->p >= x->end || *x->p != ch)
		return 0;
	x->p++;
	return 1;
}

/* A string without escapes: its bytes in [*s, *s + *n). */
static int
lcp_str(lcp *x, const char **s, size_t *n)
{
	const char *q;

	if (!lcp_char(x, '"'))
		return -1;
	for (q = x->p; q < x->end && *q != '"'; q++)
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return -1;
	if (q >= x->end)
		return -1;
	*s = x->p;
	*n = (size_t)(q - x->p);
	x->p = q + 1;
	return 0;
}

/* An integer of at most 18 digits (no fraction or exponent). */
static int
lcp_int(lcp *x, int64_t *v)
{
	int neg = 0, nd = 0;
	int64_t r = 0;

	lcp_ws(x);
	if (x->p < x->end && *x->p == '-') {
		neg = 1;
		x->p++;
	}
	/* 18 digits never overflow; a 19th is left for the check below. */
	while (x->p < x->end && *x->p >= '0' && *x->p <= '9' && nd < 18) {
		r = r * 10 + (*x->p++ - '0');
		nd++;
	}
	if (nd == 0 || (x->p < x->end && (*x->p == '.' ||
	    *x->p == 'e' || *x->p == 'E' || (*x->p >= '0' && *x->p <= '9'))))
		return -1;
	*v = neg ? -r : r;
	return 0;
}

static void
lc_set(xf_case *c, size_t f, int64_t v)
{
	char *p = (char *)c + lc_fields[f].off;

	switch (lc_fields[f].type) {
	case F_I64:
		*(int64_t *)(void *)p = v;
		break;
	case F_DATE:
		*(xf_date *)(void *)p = (xf_date)v;
		break;
	default:
		*(int *)(void *)p = (int)v;
	}
}

/* A co-department and a pause spell, as both readers add them (beyond
 * the arrays' bounds they are dropped, as before). */
static void
lc_add_co(xf_case *c, int64_t unit)
{
	if (c->nco < XF_CASE_MAX_CO)
		c->co_unit_ids[c->nco++] = unit;
}

static void
lc_add_pause(xf_case *c, int64_t paused, int64_t resumed, int64_t kind)
{
	xf_case_pause *p;

	if (c->npauses >= XF_CASE_MAX_PAUSES)
		return;
	p = &c->pauses[c->npauses++];
	p->span.paused = (xf_date)paused;
	p->span.resumed = (xf_date)resumed;
	p->kind = (xf_dl_kind)kind;
}

static int
lc_fast(xf_case *c, const char *text)
{
	lcp x = { text, text + strlen(text) };
	int first = 1;

	snprintf(c->profile, sizeof(c->profile), "%s", XF_PROFILE_DEFAULT);
	if (!lcp_char(&x, '{'))
		return -1;
	for (;;) {
		const char *k;
		size_t kn, f;
		int64_t v;

		if (lcp_char(&x, '}'))
			break;
		if ((!first && !lcp_char(&x, ',')) || lcp_str(&x, &k, &kn) ||
		    !lcp_char(&x, ':'))
			return -1;
		first = 0;
		lcp_ws(&x);
		if (kn == 7 && memcmp(k, "profile", 7) == 0) {
			const char *s;
			size_t n;

			if (lcp_str(&x, &s, &n) || n >= sizeof(c->profile))
				return -1;
			memcpy(c->profile, s, n);
			c->profile[n] = '\0';
			continue;
		}
		if (kn == 2 && memcmp(k, "co", 2) == 0) {
			if (!lcp_char(&x, '['))
				return -1;
			if (lcp_char(&x, ']'))
				continue;
			do {
				if (lcp_int(&x, &v))
					return -1;
				lc_add_co(c, v);
			} while (lcp_char(&x, ','));
			if (!lcp_char(&x, ']'))
				return -1;
			continue;
		}
		if (kn == 6 && memcmp(k, "pauses", 6) == 0) {
			if (!lcp_char(&x, '['))
				return -1;
			if (lcp_char(&x, ']'))
				continue;
			do {
				int64_t t[3];

				if (!lcp_char(&x, '[') || lcp_int(&x, &t[0]) ||
				    !lcp_char(&x, ',') || lcp_int(&x, &t[1]) ||
				    !lcp_char(&x, ',') || lcp_int(&x, &t[2]) ||
				    !lcp_char(&x, ']'))
					return -1;
				lc_add_pause(c, t[0], t[1], t[2]);
			} while (lcp_char(&x, ','));
			if (!lcp_char(&x, ']'))
				return -1;
			continue;
		}
		/* A member lc_fields names, or one it no longer does (old
		 * rows): an integer either way, else jansson reads it. */
		if (lcp_int(&x, &v))
			return -1;
		for (f = 0; f < sizeof(lc_fields) / sizeof(lc_fields[0]); f++)
			if (strlen(lc_fields[f].name) == kn &&
			    memcmp(lc_fields[f].name, k, kn) == 0) {
				lc_set(c, f, v);
				break;
			}
	}
	lcp_ws(&x);
	return x.p == x.end ? 0 : -1;
}

static void
lc_load(xf_case *c, const char *text)
{
	json_t *j, *a, *v;
	size_t k;

	if (text == NULL)
		return;
	if (lc_fast(c, text) == 0)
		return;
	/* The same members again, whatever the fast reading set. */
	c->nco = c->npauses = 0;
	if ((j = json_loads(text, 0, NULL)) == NULL)
		return;
	for (size_t i = 0; i < sizeof(lc_fields) / sizeof(lc_fields[0]); i++)
		if ((v = json_object_get(j, lc_fields[i].name)) != NULL)
			lc_set(c, i, json_integer_value(v));
	snprintf(c->profile, sizeof(c->profile), "%s",
	    json_string_value(json_object_get(j, "profile")) ?: XF_PROFILE_DEFAULT);
	a = json_object_get(j, "co");
	json_array_foreach(a, k, v)
		lc_add_co(c, json_integer_value(v));
	a = json_object_get(j, "pauses");
	json_array_foreach(a, k, v)
		lc_add_pause(c, json_integer_value(json_array_get(v, 0)),
		    json_integer_value(json_array_get(v, 1)),
		    json_integer_value(json_array_get(v, 2)));
	json_decref(j);
}

/* The earliest due date among open deadlines that a unit can miss (not the
 * petitioner's windows): the case is overdue when today is past it. */
static xf_date
next_due(const xf_case *c)
{
	xf_date best = XF_DATE_NONE;

	for (int i = 0; i < c->ndl; i++) {
		const xf_deadline *d = &c->dl[i];

		if (d->state != XF_DLS_OPEN || d->due == XF_DATE_NONE ||
		    d->kind == XF_DL_OBJECTION ||
		    d->kind == XF_DL_REVIEW_REQUEST ||
		    d->kind == XF_DL_RECHECK_REQUEST)
			continue;
		if (best == XF_DATE_NONE || d->due < best)
			best = d->due;
	}
	return best;
}

static int64_t
article_id(xf_store *st, const char *text, xf_error *err)
{
	sqlite3_stmt *s;
	int64_t id;

	s = xf_store_stmt(st, "SELECT id FROM articles WHERE text = ?1", err);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return id;
	}
	s = xf_store_stmt(st, "INSERT INTO articles (text) VALUES (?1)", err);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return sqlite3_last_insert_rowid(xf_store_db(st));
}

static int
note_unit(xf_store *st, int64_t unit_id, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s;

	if (unit_id <= 0)
		return 0;
	s = xf_store_stmt(st, "INSERT OR IGNORE INTO case_units (unit_id,"
	    " case_id) VALUES (?1, ?2)", err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, case_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

static int
save_deadlines(xf_store *st, const xf_case *c, xf_error *err)
{
	for (int i = 0; i < c->ndl; i++) {
		const xf_deadline *d = &c->dl[i];
		int64_t art = article_id(st, d->article, err);
		sqlite3_stmt *s;

		if (art == -1)
			return -1;
		s = xf_store_stmt(st,
		    "INSERT INTO deadlines (case_id, seq, kind, unit_id, start,"
		    " days, unit, extension, due, profile, article_id, met_on,"
		    " state, provisional) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
		    " ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (case_id, seq) DO"
		    " UPDATE SET kind = excluded.kind, unit_id = excluded.unit_id,"
		    " start = excluded.start, days = excluded.days,"
		    " unit = excluded.unit, extension = excluded.extension,"
		    " due = excluded.due, profile = excluded.profile,"
		    " article_id = excluded.article_id, met_on = excluded.met_on,"
		    " state = excluded.state, provisional = excluded.provisional",
		    err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, c->id);
		sqlite3_bind_int(s, 2, d->seq);
		sqlite3_bind_int(s, 3, (int)d->kind);
		xf_sql_bind_id(s, 4, d->unit_id);
		sqlite3_bind_int(s, 5, d->start);
		sqlite3_bind_int(s, 6, d->days);
		sqlite3_bind_int(s, 7, (int)d->unit);
		sqlite3_bind_int(s, 8, d->extension);
		xf_sql_bind_date(s, 9, d->due);
		sqlite3_bind_text(s, 10, d->profile, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 11, art);
		xf_sql_bind_date(s, 12, d->met_on);
		sqlite3_bind_int(s, 13, (int)d->state);
		sqlite3_bind_int(s, 14, d->provisional);
		if (sqlite3_step(s) != SQLITE_DONE)
			return xf_store_sqlerr(st, err);
	}
	return 0;
}

static int
note_units(xf_store *st, const xf_case *c, xf_error *err)
{
	if (note_unit(st, c->unit_id, c->id, err) == -1 ||
	    note_unit(st, c->first_unit_id, c->id, err) == -1 ||
	    note_unit(st, c->lead_unit_id, c->id, err) == -1)
		return -1;
	for (int i = 0; i < c->nco; i++)
		if (note_unit(st, c->co_unit_ids[i], c->id, err) == -1)
			return -1;
	return 0;
}

static void
make_number(const char *unit_code, xf_date day, int serial, char out[64])
{
	int y, m, d;

	xf_date_to_ymd(day, &y, &m, &d);
	snprintf(out, 64, "%s-%04d%02d%02d-%04d", unit_code, y, m, d, serial);
}

static void
code_hash(const unsigned char salt[16], const char *code, unsigned char out[32])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, salt, 16);
	crypto_generichash_update(&h, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&h, out, 32);
}

int
xf_store_case_insert(xf_store *st, xf_case *c, json_t *info,
    const char *query_code, int64_t created_by, char number[64], xf_error *err)
{
	unsigned char salt[16], hash[32];
	char now[32], *lc = NULL, *pet = NULL, *resp = NULL;
	const char *content = json_string_value(json_object_get(info, "content"));
	json_t *pets = json_object_get(info, "petitioners"), *p, *fpj;
	xf_text_fp fp;
	sqlite3_stmt *s;
	xf_unit unit;
	int serial = 1, rc = -1;
	size_t i;

	if (xf_store_unit_get(st, c->first_unit_id, &unit, err) != 0) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "登记单位不存在");
		goto done;
	}
	s = xf_store_stmt(st, "INSERT INTO case_serials (unit_id, day, last)"
	    " VALUES (?1, ?2, 1) ON CONFLICT (unit_id, day) DO UPDATE SET"
	    " last = last + 1 RETURNING last", err);
	if (s == NULL)
		goto done;
	sqlite3_bind_int64(s, 1, unit.id);
	sqlite3_bind_int(s, 2, c->registered_on);
	if (sqlite3_step(s) != SQLITE_ROW) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	serial = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	make_number(unit.code, c->registered_on, serial, number);
	randombytes_buf(salt, sizeof(salt));
	code_hash(salt, query_code, hash);
	lc = lc_dump(c);
	pet = xf_json_out(pets, NULL);
	if (json_is_object(json_object_get(info, "respondent")))
		resp = xf_json_out(json_object_get(info, "respondent"), NULL);
	xf_time_format((int64_t)time(NULL), now);
	s = xf_store_stmt(st,
	    "INSERT INTO cases (number, query_salt, query_hash, status, unit_id,"
	    " first_unit_id, lead_unit_id, channel, class, category, purpose,"
	    " region, title, content, received_on, registered_on, headcount,"
	    " respondent_unit_id, respondent, petitioners, flags, repeat_of,"
	    " next_due, closed_on, lc, created_by, updated_at) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
	    err);
	if (s == NULL)
		goto done;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, salt, 16, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, (int)c->status);
	sqlite3_bind_int64(s, 5, c->unit_id);
	sqlite3_bind_int64(s, 6, c->first_unit_id);
	xf_sql_bind_id(s, 7, c->lead_unit_id);
	sqlite3_bind_int(s, 8, (int)c->channel);
	sqlite3_bind_int(s, 9, (int)c->cls);
	sqlite3_bind_text(s, 10, json_string_value(json_object_get(info,
	    "category")), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, json_string_value(json_object_get(info,
	    "purpose")) ?: "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, json_string_value(json_object_get(info,
	    "region")) ?: "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, json_string_value(json_object_get(info,
	    "title")), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, content, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 15, c->received_on);
	sqlite3_bind_int(s, 16, c->registered_on);
	sqlite3_bind_int(s, 17, c->headcount);
	xf_sql_bind_id(s, 18, c->respondent_unit_id);
	if (resp != NULL)
		sqlite3_bind_text(s, 19, resp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 20, pet ? pet : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 21, (int)json_integer_value(json_object_get(info,
	    "flags")));
	xf_sql_bind_id(s, 22, json_integer_value(json_object_get(info, "repeat_of")));
	xf_sql_bind_date(s, 23, next_due(c));
	xf_sql_bind_date(s, 24, c->closed_on);
	sqlite3_bind_text(s, 25, lc, -1, SQLITE_STATIC);
	xf_sql_bind_id(s, 26, created_by);
	sqlite3_bind_text(s, 27, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	c->id = sqlite3_last_insert_rowid(xf_store_db(st));
	/* Repeat detection's fingerprint: the one registration made (info
	 * "fingerprint", its two words), or made here. */
	fpj = json_object_get(info, "fingerprint");
	if (json_array_size(fpj) == 2) {
		fp.w[0] = (uint64_t)json_integer_value(json_array_get(fpj, 0));
		fp.w[1] = (uint64_t)json_integer_value(json_array_get(fpj, 1));
	} else
		fp = xf_text_fingerprint(content);
	s = xf_store_stmt(st, "INSERT INTO case_fp (id, category, fp, fp2)"
	    " VALUES (?1, ?2, ?3, ?4)", err);
	if (s == NULL)
		goto done;
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_text(s, 2, json_string_value(json_object_get(info,
	    "category")), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)fp.w[0]);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)fp.w[1]);
	if (sqlite3_step(s) != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	xf_store_cases_added(st);
	json_array_foreach(pets, i, p) {
		const char *idn = json_string_value(json_object_get(p,
		    "id_number"));

		if (idn == NULL || *idn == '\0')
			continue;
		s = xf_store_stmt(st, "INSERT OR IGNORE INTO case_idnums"
		    " (id_number, case_id) VALUES (?1, ?2)", err);
		if (s == NULL)
			goto done;
		sqlite3_bind_text(s, 1, idn, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, c->id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto done;
		}
	}
	if (save_deadlines(st, c, err) == -1 || note_units(st, c, err) == -1)
		goto done;
	rc = 0;
done:
	free(lc);
	free(pet);
	free(resp);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int
xf_store_case_save(xf_store *st, const xf_case *c, xf_error *err)
{
	char now[32], *lc = lc_dump(c);
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE cases SET status = ?2, unit_id = ?3, first_unit_id = ?4,"
	    " lead_unit_id = ?5, next_due = ?6, closed_on = ?7, lc = ?8,"
	    " updated_at = ?9 WHERE id = ?1", err);
	int rc = -1;

	if (s == NULL)
		goto done;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_int(s, 2, (int)c->status);
	sqlite3_bind_int64(s, 3, c->unit_id);
	sqlite3_bind_int64(s, 4, c->first_unit_id);
	xf_sql_bind_id(s, 5, c->lead_unit_id);
	xf_sql_bind_date(s, 6, next_due(c));
	xf_sql_bind_date(s, 7, c->closed_on);
	sqlite3_bind_text(s, 8, lc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	if (save_deadlines(st, c, err) == -1 || note_units(st, c, err) == -1)
		goto done;
	if (xf_status_ended(c->status)) {
		/* 包案: a leader answers for a case until it is closed (第五条);
		 * the closing ends every open taking, whatever closed it, and
		 * so does the end of the matter here: not accepted, sent to a
		 * body outside the system, referred to discipline. */
		xf_date end = c->status == XF_ST_CLOSED ? c->closed_on :
		    c->ended_on;

		s = xf_store_stmt(st, "UPDATE case_takers SET released_on = ?2"
		    " WHERE case_id = ?1 AND released_on IS NULL", err);
		if (s == NULL)
			goto done;
		sqlite3_bind_int64(s, 1, c->id);
		sqlite3_bind_int(s, 2, end != XF_DATE_NONE ? end :
		    c->registered_on);
		if (sqlite3_step(s) != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto done;
		}
	}
	rc = 0;
done:
	free(lc);
	return rc;
}

int
xf_store_case_set_flags(xf_store *st, int64_t id, int flags, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE cases SET flags = ?2 WHERE id = ?1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, flags);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

static json_t *
parse_or_null(const unsigned char *t)
{
	json_t *j = t ? json_loads((const char *)t, 0, NULL) : NULL;

	return j ? j : json_null();
}

static int case_load(xf_store *st, int64_t id, xf_case *c, json_t **info,
    int raw, xf_error *err);

int
xf_store_case_load(xf_store *st, int64_t id, xf_case *c, json_t **info,
    xf_error *err)
{
	return case_load(st, id, c, info, 0, err);
}

int
xf_store_case_load_view(xf_store *st, int64_t id, xf_case *c, json_t **info,
    xf_error *err)
{
	return case_load(st, id, c, info, 1, err);
}

static int
case_load(xf_store *st, int64_t id, xf_case *c, json_t **info, int raw,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT number, status, unit_id, first_unit_id, lead_unit_id,"
	    " channel, class, category, purpose, region, title, content,"
	    " received_on, registered_on, headcount, respondent_unit_id,"
	    " respondent, petitioners, flags, repeat_of, closed_on, lc"
	    " FROM cases WHERE id = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_DONE)
		return 1;
	if (r != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	xf_case_init(c);
	c->id = id;
	c->status = (xf_status)sqlite3_column_int(s, 1);
	c->unit_id = sqlite3_column_int64(s, 2);
	c->first_unit_id = sqlite3_column_int64(s, 3);
	c->lead_unit_id = sqlite3_column_int64(s, 4);
	c->channel = (xf_channel)sqlite3_column_int(s, 5);
	c->cls = (xf_class)sqlite3_column_int(s, 6);
	c->received_on = sqlite3_column_int(s, 12);
	c->registered_on = sqlite3_column_int(s, 13);
	c->headcount = sqlite3_column_int(s, 14);
	c->respondent_unit_id = sqlite3_column_int64(s, 15);
	c->closed_on = xf_sql_col_date(s, 20);
	lc_load(c, (const char *)sqlite3_column_text(s, 21));
	if (info != NULL) {
		static const struct {
			const char *key;
			int col;
		} texts[] = { { "number", 0 }, { "category", 7 },
		    { "purpose", 8 }, { "region", 9 }, { "title", 10 },
		    { "content", 11 } };

		/* The texts were checked as UTF-8 when they came in; checking
		 * them again here was most of json_pack's share of a fetch
		 * (the output checks them once more as it writes them). */
		*info = json_object();
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			const char *t = (const char *)sqlite3_column_text(s,
			    texts[i].col);

			json_object_set_new_nocheck(*info, texts[i].key, t ?
			    json_stringn_nocheck(t, (size_t)
			    sqlite3_column_bytes(s, texts[i].col)) :
			    json_null());
		}
		json_object_set_new_nocheck(*info, "respondent",
		    parse_or_null(sqlite3_column_text(s, 16)));
		if (raw && sqlite3_column_type(s, 17) == SQLITE_TEXT)
			json_object_set_new_nocheck(*info, "petitioners_json",
			    json_stringn_nocheck((const char *)
			    sqlite3_column_text(s, 17), (size_t)
			    sqlite3_column_bytes(s, 17)));
		else
			json_object_set_new_nocheck(*info, "petitioners",
			    parse_or_null(sqlite3_column_text(s, 17)));
		json_object_set_new_nocheck(*info, "flags",
		    json_integer(sqlite3_column_int(s, 18)));
		if (sqlite3_column_type(s, 19) != SQLITE_NULL)
			json_object_set_new(*info, "repeat_of",
			    json_integer(sqlite3_column_int64(s, 19)));
	}
	sqlite3_reset(s);
	s = xf_store_stmt(st,
	    "SELECT d.seq, d.kind, d.unit_id, d.start, d.days, d.unit,"
	    " d.extension, d.due, d.profile, a.text, d.met_on, d.state,"
	    " d.provisional FROM deadlines d LEFT JOIN articles a"
	    " ON a.id = d.article_id WHERE d.case_id = ?1 ORDER BY d.seq", err);
	if (s == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	c->ndl = 0;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		xf_deadline *d;

		/* Keep the newest XF_CASE_MAX_DEADLINES: older finished ones
		 * stay in the table (the history), as case.h allows. */
		if (c->ndl == XF_CASE_MAX_DEADLINES) {
			memmove(&c->dl[0], &c->dl[1],
			    sizeof(c->dl[0]) * (XF_CASE_MAX_DEADLINES - 1));
			c->ndl--;
		}
		d = &c->dl[c->ndl++];
		memset(d, 0, sizeof(*d));
		d->seq = sqlite3_column_int(s, 0);
		d->kind = (xf_dl_kind)sqlite3_column_int(s, 1);
		d->unit_id = sqlite3_column_int64(s, 2);
		d->start = sqlite3_column_int(s, 3);
		d->days = sqlite3_column_int(s, 4);
		d->unit = (xf_period_unit)sqlite3_column_int(s, 5);
		d->extension = sqlite3_column_int(s, 6);
		d->due = xf_sql_col_date(s, 7);
		snprintf(d->profile, sizeof(d->profile), "%s",
		    (const char *)sqlite3_column_text(s, 8));
		snprintf(d->article, sizeof(d->article), "%s",
		    sqlite3_column_text(s, 9) ?
		    (const char *)sqlite3_column_text(s, 9) : "");
		d->met_on = xf_sql_col_date(s, 10);
		d->state = (xf_dl_state)sqlite3_column_int(s, 11);
		d->provisional = sqlite3_column_int(s, 12);
	}
	if (r != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto fail;
	}
	return 0;
fail:
	if (info != NULL) {
		json_decref(*info);
		*info = NULL;
	}
	return -1;
}

int
xf_store_case_by_number(xf_store *st, const char *number, int64_t *id,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT id FROM cases WHERE number = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 0;
	}
	if (r == SQLITE_DONE)
		return 1;
	return xf_store_sqlerr(st, err);
}

int
xf_store_case_check_code(xf_store *st, int64_t id, const char *code)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT query_salt, query_hash FROM cases WHERE id = ?1", NULL);
	unsigned char h[32];
	int ok = 0;

	if (s == NULL)
		return 0;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 16 &&
	    sqlite3_column_bytes(s, 1) == 32) {
		code_hash(sqlite3_column_blob(s, 0), code, h);
		ok = sodium_memcmp(h, sqlite3_column_blob(s, 1), 32) == 0;
	}
	sqlite3_reset(s);
	return ok;
}

int
xf_store_event_add(xf_store *st, int64_t case_id, const xf_lc_result *res,
    int64_t user_id, int64_t unit_id, json_t *data, xf_error *err)
{
	char *d = data != NULL ? xf_json_out(data, NULL) : NULL;
	int rc = xf_store_event_add_text(st, case_id, res, user_id, unit_id, d,
	    err);

	free(d);
	json_decref(data);
	return rc;
}

int
xf_store_event_add_text(xf_store *st, int64_t case_id,
    const xf_lc_result *res, int64_t user_id, int64_t unit_id,
    const char *data, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO events (case_id, at, action, date, user_id, unit_id,"
	    " from_unit_id, to_unit_id, from_status, to_status, document,"
	    " summary, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13)", err);

	if (s == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, res->action, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, res->date);
	xf_sql_bind_id(s, 5, user_id);
	xf_sql_bind_id(s, 6, unit_id);
	xf_sql_bind_id(s, 7, res->from_unit_id);
	xf_sql_bind_id(s, 8, res->to_unit_id);
	sqlite3_bind_int(s, 9, (int)res->from_status);
	sqlite3_bind_int(s, 10, (int)res->to_status);
	if (res->document[0] != '\0')
		sqlite3_bind_text(s, 11, res->document, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, res->summary, -1, SQLITE_STATIC);
	if (data != NULL)
		sqlite3_bind_text(s, 13, data, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int64_t
xf_store_last_event_id(xf_store *st)
{
	return sqlite3_last_insert_rowid(xf_store_db(st));
}

json_t *
xf_store_case_events(xf_store *st, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT id, at, action, date, user_id, unit_id, from_unit_id,"
	    " to_unit_id, from_status, to_status, document, summary, data"
	    " FROM events WHERE case_id = ?1 ORDER BY id", err);
	json_t *items;
	int r;

	if (s == NULL)
		return NULL;
	items = json_array();
	sqlite3_bind_int64(s, 1, case_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *e = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:s,"
		    "s:s}", "id", (json_int_t)sqlite3_column_int64(s, 0),
		    "at", sqlite3_column_text(s, 1),
		    "action", sqlite3_column_text(s, 2),
		    "date", xf_sql_date_json(s, 3),
		    "user_id", xf_sql_id_json(s, 4),
		    "unit_id", xf_sql_id_json(s, 5),
		    "from_unit_id", xf_sql_id_json(s, 6),
		    "to_unit_id", xf_sql_id_json(s, 7),
		    "from_status", xf_status_name(sqlite3_column_int(s, 8)),
		    "status", xf_status_name(sqlite3_column_int(s, 9)),
		    "summary", sqlite3_column_text(s, 11));

		json_object_set_new(e, "document",
		    sqlite3_column_type(s, 10) == SQLITE_NULL ? json_null() :
		    json_string((const char *)sqlite3_column_text(s, 10)));
		json_object_set_new(e, "data",
		    parse_or_null(sqlite3_column_text(s, 12)));
		json_array_append_new(items, e);
	}
	if (r != SQLITE_DONE) {
		json_decref(items);
		xf_store_sqlerr(st, err);
		return NULL;
	}
	return items;
}

/* ---- lists and search -------------------------------------------------- */

/* Binds the filter's values; each WHERE fragment has its own numbered
 * parameter (?11, ?12 are the page's). */
static void
bind_filter(sqlite3_stmt *s, const xf_case_filter *f, int64_t fts_last)
{
	if (f->scope_json != NULL)
		sqlite3_bind_text(s, 1, f->scope_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, f->status);
	if (f->unit_json != NULL)
		sqlite3_bind_text(s, 3, f->unit_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, f->cls);
	sqlite3_bind_int(s, 5, f->channel);
	if (f->category != NULL)
		sqlite3_bind_text(s, 6, f->category, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, f->from);
	sqlite3_bind_int(s, 8, f->to);
	sqlite3_bind_int(s, 9, f->today);
	if (f->fts != NULL)
		sqlite3_bind_text(s, 10, f->fts, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 13, f->due_before);
	if (f->number != NULL)
		sqlite3_bind_text(s, 14, f->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 15, fts_last);
	if (f->accused_json != NULL)
		sqlite3_bind_text(s, 16, f->accused_json, -1, SQLITE_STATIC);
	if (f->first_json != NULL)
		sqlite3_bind_text(s, 17, f->first_json, -1, SQLITE_STATIC);
}

#define LIST_COLS "c.id, c.number, c.status, c.unit_id, c.first_unit_id," \
	" c.channel, c.class, c.category, c.title, c.received_on," \
	" c.headcount, c.flags, c.next_due"

/* One list item from a row of LIST_COLS. */
static json_t *
list_item(sqlite3_stmt *s, const xf_case_filter *f)
{
	int flags = sqlite3_column_int(s, 11);
	xf_date nd = xf_sql_col_date(s, 12);
	json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:i,"
	    "s:o,s:b}",
	    "id", (json_int_t)sqlite3_column_int64(s, 0),
	    "number", sqlite3_column_text(s, 1),
	    "status", xf_status_name(sqlite3_column_int(s, 2)),
	    "unit_id", (json_int_t)sqlite3_column_int64(s, 3),
	    "first_unit_id", (json_int_t)sqlite3_column_int64(s, 4),
	    "channel", xf_channel_name(sqlite3_column_int(s, 5)),
	    "class", xf_class_name(sqlite3_column_int(s, 6)),
	    "category", sqlite3_column_text(s, 7),
	    "title", sqlite3_column_text(s, 8),
	    "received_on", xf_sql_date_json(s, 9),
	    "headcount", sqlite3_column_int(s, 10),
	    "next_due", xf_sql_date_json(s, 12),
	    "overdue", nd != XF_DATE_NONE && nd < f->today);

	json_object_set_new(o, "warning", json_boolean(
	    f->warn_until != XF_DATE_NONE && nd != XF_DATE_NONE &&
	    nd >= f->today && nd <= f->warn_until));
	json_object_set_new(o, "flags", json_pack("{s:b,s:b,s:b,s:b,s:b}",
	    "collective", flags & XF_CF_COLLECTIVE,
	    "repeat", flags & XF_CF_REPEAT,
	    "leapfrog", flags & XF_CF_LEAPFROG,
	    "confidential", flags & XF_CF_CONFIDENTIAL,
	    "anonymous", flags & XF_CF_ANONYMOUS));
	return o;
}

/* The highest case id in the search index (see xf_store_fts_catch_up):
 * cases above it are found by xf_fts_match. */
static int
fts_last(xf_store *st, int64_t *last, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT last FROM fts_state", err);
	int rc = -1;

	if (s == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*last = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		xf_store_sqlerr(st, err);
	sqlite3_reset(s);
	return rc;
}

/* The search's rows above the index (newest first): counts them into *n
 * and appends those at [skip, skip + take) of them to items. */
static int
list_tail(xf_store *st, const xf_case_filter *f, const char *rest,
    int64_t last, int64_t skip, int64_t take, json_t *items, int64_t *n,
    xf_error *err)
{
	sqlite3_stmt *s = NULL;
	char *sql = sqlite3_mprintf("SELECT " LIST_COLS " FROM cases c"
	    " WHERE c.id > ?15 AND xf_fts_match(?10, c.title, c.content)%s"
	    " ORDER BY c.id DESC", rest);
	int r, rc = -1;

	*n = 0;
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	bind_filter(s, f, last);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n >= skip && *n < skip + take)
			json_array_append_new(items, list_item(s, f));
		(*n)++;
	}
	if (r != SQLITE_DONE) {
		xf_store_sqlerr(st, err);
		goto done;
	}
	rc = 0;
done:
	sqlite3_free(sql);
	sqlite3_finalize(s);
	return rc;
}

/* An accusation is not counted or listed to the unit it accuses (?16 the
 * caller's units: xf_case_filter.accused_json; 8 is XF_CF_CONFIDENTIAL).
 * One that names no unit accuses none: without the IS NOT NULL, its NULL
 * comparisons made the whole NOT (…) NULL and dropped it. */
#define ACCUSED_FRAG " AND NOT (c.flags & 8 <> 0 AND" \
	" c.respondent_unit_id IS NOT NULL AND c.respondent_unit_id IN" \
	" (SELECT value FROM json_each(?16)) AND c.unit_id <>" \
	" c.respondent_unit_id)"
_Static_assert(XF_CF_CONFIDENTIAL == 8, "flag in the SQL text");

/* The WHERE clause is assembled from fixed fragments only; every value is
 * bound. */
int
xf_store_case_list(xf_store *st, const xf_case_filter *f, json_t **items,
    int64_t *total, xf_error *err)
{
	static const char scope_frag[] = " AND c.id IN (SELECT case_id FROM"
	    " case_units WHERE unit_id IN (SELECT value FROM json_each(?1)))";
	char rest[1024] = "", where[1280];
	sqlite3_stmt *s = NULL;
	sqlite3 *db = xf_store_db(st);
	const char *from = "cases c";
	char *sql;
	int r, rc = -1, only_fts, only_scope, tail = 0;
	int64_t last = 0, ntail = 0, skip, take;

	*items = NULL;
#define ADD(frag) strncat(rest, frag, sizeof(rest) - strlen(rest) - 1)
	if (f->scope_json != NULL)
		ADD(scope_frag);
	if (f->accused_json != NULL)
		ADD(ACCUSED_FRAG);
	if (f->status >= 0)
		ADD(" AND c.status = ?2");
	if (f->unit_json != NULL)
		ADD(" AND c.unit_id IN (SELECT value FROM json_each(?3))");
	if (f->first_json != NULL)
		ADD(" AND c.first_unit_id IN (SELECT value FROM"
		    " json_each(?17))");
	if (f->cls >= 0)
		ADD(" AND c.class = ?4");
	if (f->channel >= 0)
		ADD(" AND c.channel = ?5");
	if (f->category != NULL)
		ADD(" AND c.category >= ?6 AND c.category < ?6 || '~'");
	if (f->from != XF_DATE_NONE)
		ADD(" AND c.received_on >= ?7");
	if (f->to != XF_DATE_NONE)
		ADD(" AND c.received_on <= ?8");
	if (f->overdue)
		ADD(" AND c.next_due < ?9");
	if (f->number != NULL)
		ADD(" AND c.number >= ?14 AND c.number < ?14 || '~'");
	if (f->open_only)
		ADD(" AND c.status IN (0, 4, 5, 6, 7, 8)");
	if (f->due_before != XF_DATE_NONE)
		ADD(" AND c.next_due <= ?13");
#undef ADD
	/* A search is driven from the full-text index (its rowids come out
	 * in order, so the newest page needs no sort); a page is chosen by id
	 * alone before any row is read, so sorting a large subtree touches
	 * only the index. With nothing but a search, the index counts by
	 * itself. The newest cases, above the index's last, are not in it
	 * yet: they are newer than every indexed one, so in the usual newest-
	 * first order they come first, scanned (list_tail); sorted by due
	 * date, both parts are one condition. */
	if (f->fts != NULL && fts_last(st, &last, err) == -1)
		goto done;
	if (f->fts != NULL && f->order_due)
		snprintf(where, sizeof(where), "1 AND (c.id IN (SELECT rowid"
		    " FROM cases_fts WHERE cases_fts MATCH ?10 AND rowid <= ?15)"
		    " OR (c.id > ?15 AND xf_fts_match(?10, c.title, c.content)))"
		    "%s", rest);
	else if (f->fts != NULL) {
		snprintf(where, sizeof(where), "1 AND cases_fts MATCH ?10 AND"
		    " cases_fts.rowid <= ?15%s", rest);
		from = "cases_fts JOIN cases c ON c.id = cases_fts.rowid";
		tail = 1;
	} else
		snprintf(where, sizeof(where), "1%s", rest);
	only_fts = tail && rest[0] == '\0';
	/* A unit's plain list (no other filter): count its cases from the
	 * scope table alone, not by probing every case. */
	only_scope = f->fts == NULL && f->scope_json != NULL &&
	    strcmp(rest, scope_frag) == 0;
	skip = (f->page - 1) * f->per_page;
	take = f->per_page;
	*items = json_array();
	if (tail) {
		if (list_tail(st, f, rest, last, skip, take, *items, &ntail,
		    err) == -1)
			goto done;
		take -= (int64_t)json_array_size(*items);
		skip = skip > ntail ? skip - ntail : 0;
	}
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && take == 0)
			break;
		if (pass == 0)
			sql = only_fts ? sqlite3_mprintf("SELECT count(*) FROM"
			    " cases_fts WHERE cases_fts MATCH ?10 AND"
			    " rowid <= ?15") : only_scope ?
			    sqlite3_mprintf("SELECT count(DISTINCT case_id) FROM"
			    " case_units WHERE unit_id IN (SELECT value FROM"
			    " json_each(?1))") :
			    sqlite3_mprintf("SELECT count(*) FROM %s WHERE %s",
			    from, where);
		else
			sql = sqlite3_mprintf("WITH page(id, ord) AS (SELECT c.id,"
			    " row_number() OVER () FROM (SELECT c.id FROM %s"
			    " WHERE %s ORDER BY %s LIMIT ?11 OFFSET ?12) c)"
			    " SELECT " LIST_COLS " FROM page JOIN cases c"
			    " ON c.id = page.id ORDER BY page.ord", from, where,
			    f->order_due ? "c.next_due IS NULL, c.next_due, c.id" :
			    tail ? "cases_fts.rowid DESC" : "c.id DESC");
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			xf_store_sqlerr(st, err);
			goto done;
		}
		sqlite3_free(sql);
		bind_filter(s, f, last);
		if (pass == 0) {
			if (sqlite3_step(s) != SQLITE_ROW) {
				xf_store_sqlerr(st, err);
				goto done;
			}
			*total = sqlite3_column_int64(s, 0) + ntail;
			sqlite3_finalize(s);
			s = NULL;
			continue;
		}
		sqlite3_bind_int64(s, 11, take);
		sqlite3_bind_int64(s, 12, skip);
		while ((r = sqlite3_step(s)) == SQLITE_ROW)
			json_array_append_new(*items, list_item(s, f));
		if (r != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto done;
		}
	}
	rc = 0;
done:
	if (rc == -1) {
		json_decref(*items);
		*items = NULL;
	}
	sqlite3_finalize(s);
	return rc;
}

/* One earlier matter into out (once), from a row of (id, number, content,
 * status, unit_id, first_unit_id, close_reason, flags): only what the flags
 * need; the close reason is in the lifecycle JSON (a whole case load with
 * deadlines would cost more). "confidential" marks an accusation for the
 * API, which names only the matters its caller may see (cases_api.c,
 * similar_for) and drops the mark. */
/* Candidates of other categories with the same fingerprint, at most. */
#define SAME_MAX	4

#define SIMILAR_COLS "c.id, c.number, c.content, c.status, c.unit_id," \
	" c.first_unit_id, coalesce(json_extract(c.lc, '$.close_reason'), 0)," \
	" c.flags"

static int
add_similar(sqlite3_stmt *s, double sim, json_t *out, size_t max, int by_id)
{
	int64_t id = sqlite3_column_int64(s, 0);
	json_t *v;
	size_t i;

	json_array_foreach(out, i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			return 0;
	if (json_array_size(out) >= max)
		return 0;
	json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:f,"
	    "s:b,s:b}", "id", (json_int_t)id, "number",
	    sqlite3_column_text(s, 1), "status",
	    xf_status_name(sqlite3_column_int(s, 3)), "unit_id",
	    (json_int_t)sqlite3_column_int64(s, 4), "first_unit_id",
	    (json_int_t)sqlite3_column_int64(s, 5), "close_reason",
	    xf_close_reason_name(sqlite3_column_int(s, 6)),
	    "similarity", sim, "by_id", by_id, "confidential",
	    (sqlite3_column_int(s, 7) & XF_CF_CONFIDENTIAL) != 0));
	return 0;
}

/* Brings the in-memory fingerprints up to the rows this thread's snapshot
 * sees. The first fill reads the narrow table case_fp whole (not the
 * cases); later ones read only the rows above the highest id seen,
 * usually none or a few. Inside a write the snapshot holds
 * uncommitted rows, so nothing is added then. */
static int
simindex_fill(xf_store *st, xf_error *err)
{
	xf_simindex *ix = xf_store_simindex(st);
	sqlite3_stmt *s;
	int64_t last;
	int r, rc = 0;

	if (xf_store_in_write(st))
		return 0;
	xf_simindex_fill_begin(ix);
	last = xf_simindex_last(ix);
	s = xf_store_stmt(st, "SELECT category, id, fp, fp2 FROM case_fp"
	    " WHERE id > ?1 ORDER BY id", err);
	if (s == NULL) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_int64(s, 1, last);
	/* The write lock stops every scan: take it only if there is
	 * something to add. */
	if ((r = sqlite3_step(s)) == SQLITE_ROW) {
		xf_simindex_lock(ix);
		do {
			xf_text_fp fp = { { (uint64_t)sqlite3_column_int64(s,
			    2), (uint64_t)sqlite3_column_int64(s, 3) } };

			xf_simindex_add_locked(ix, (const char *)
			    sqlite3_column_text(s, 0), sqlite3_column_int64(s,
			    1), fp);
		} while ((r = sqlite3_step(s)) == SQLITE_ROW);
		xf_simindex_unlock(ix);
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE)
		rc = xf_store_sqlerr(st, err);
done:
	xf_simindex_fill_end(ix);
	return rc;
}

int
xf_store_case_similar(xf_store *st, const char *const *id_numbers, size_t nid,
    const char *content, xf_text_fp *fp, const char *category,
    json_t *out, size_t max, xf_error *err)
{
	/* The new letter's bigram set, built once for every comparison. */
	xf_text_set *mine = xf_text_set_new(content);
	xf_text_fp q;
	int64_t cand[16 + SAME_MAX];
	int dist[16 + SAME_MAX];
	size_t nc = 0;
	sqlite3_stmt *s;
	int r, rc = -1;

	for (size_t i = 0; i < nid; i++) {
		s = xf_store_stmt(st, "SELECT " SIMILAR_COLS " FROM"
		    " case_idnums n JOIN cases c ON c.id = n.case_id"
		    " WHERE n.id_number = ?1 ORDER BY c.id DESC LIMIT 20", err);
		if (s == NULL)
			goto done;
		sqlite3_bind_text(s, 1, id_numbers[i], -1, SQLITE_STATIC);
		while ((r = sqlite3_step(s)) == SQLITE_ROW)
			add_similar(s, xf_text_set_similarity(mine,
			    (const char *)sqlite3_column_text(s, 2)), out, max,
			    1);
		if (r != SQLITE_DONE) {
			xf_store_sqlerr(st, err);
			goto done;
		}
	}
	/* Near-identical content: every earlier matter of the same category,
	 * wherever it was registered (a petitioner writes to the school,
	 * then the bureau, then the province), is compared by fingerprint in
	 * memory (simindex.h), and the 16 nearest within the bounds of
	 * text.h are confirmed by bigram Jaccard (text.h explains the
	 * thresholds), reading only their content. Of other categories (the
	 * same letter filed otherwise elsewhere), those with the very same
	 * fingerprint: an unchanged or re-punctuated letter. */
	q = xf_text_set_fingerprint(mine);
	if (fp != NULL)
		*fp = q;
	if (content != NULL && *content != '\0') {
		if (simindex_fill(st, err) == -1)
			goto done;
		nc = xf_simindex_nearest(xf_store_simindex(st), category, q,
		    XF_TEXT_FP_NEAR1, XF_TEXT_FP_NEAR, cand, dist, 16);
		/* The same letter filed under another category. */
		for (size_t k = xf_simindex_same(xf_store_simindex(st),
		    category, q, cand + nc, SAME_MAX); k > 0; k--)
			dist[nc++] = 0;
	}
	/* Each candidate's row is read once, with the columns for the list
	 * (the close reason parsed out of the lifecycle JSON): on the bench
	 * corpus 4.1 of ~4.4 candidates pass XF_TEXT_SIM_RELATED, and reading
	 * the content alone first read those rows twice. */
	for (size_t i = 0; i < nc; i++) {
		s = xf_store_stmt(st, "SELECT " SIMILAR_COLS " FROM cases c"
		    " WHERE c.id = ?1", err);
		if (s == NULL)
			goto done;
		sqlite3_bind_int64(s, 1, cand[i]);
		if (sqlite3_step(s) == SQLITE_ROW) {
			double sim = xf_text_set_similarity(mine,
			    (const char *)sqlite3_column_text(s, 2));

			if (sim >= XF_TEXT_SIM_RELATED)
				add_similar(s, sim, out, max, 0);
		}
		sqlite3_reset(s);
	}
	rc = 0;
done:
	xf_text_set_free(mine);
	return rc;
}

static int
collect_ids(xf_store *st, sqlite3_stmt *s, int64_t **ids, size_t *n,
    xf_error *err)
{
	size_t cap = 64;
	int r;

	*n = 0;
	*ids = xf_xmalloc(cap * sizeof(int64_t));
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xf_xrealloc(*ids, (cap *= 2) * sizeof(int64_t));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (r != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return xf_store_sqlerr(st, err);
	}
	return 0;
}

int
xf_store_case_ids_of_unit(xf_store *st, int64_t unit_id, int64_t **ids,
    size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT c.id FROM case_units u JOIN cases c ON c.id = u.case_id"
	    " WHERE u.unit_id = ?1 AND c.status NOT IN (?2, ?3, ?4, ?5)"
	    " ORDER BY c.id", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int(s, 2, XF_ST_CLOSED);
	sqlite3_bind_int(s, 3, XF_ST_NOT_ACCEPTED);
	sqlite3_bind_int(s, 4, XF_ST_TRANSFERRED);
	sqlite3_bind_int(s, 5, XF_ST_REFERRED);
	return collect_ids(st, s, ids, n, err);
}

int
xf_store_case_units(xf_store *st, int64_t case_id, int64_t *out, size_t max,
    size_t *n, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT unit_id FROM case_units WHERE case_id = ?1", err);
	int r;

	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max)
			out[(*n)++] = sqlite3_column_int64(s, 0);
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_recusal_add(xf_store *st, int64_t case_id, int64_t user_id,
    const char *reason, int64_t by, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO recusals (case_id, user_id, reason, by_user, at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", err);

	if (s == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	xf_sql_bind_id(s, 4, by);
	sqlite3_bind_text(s, 5, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return 0;
}

int
xf_store_taker_release(xf_store *st, int64_t case_id, int64_t leader_id,
    xf_date on, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE case_takers SET released_on = ?3 WHERE case_id = ?1"
	    " AND leader_id = ?2 AND released_on IS NULL", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, leader_id);
	sqlite3_bind_int(s, 3, on);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	return sqlite3_changes(xf_store_db(st)) > 0;
}

int
xf_store_recused(xf_store *st, int64_t case_id, int64_t user_id)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT 1 FROM recusals WHERE case_id = ?1 AND user_id = ?2", NULL);
	int r;

	if (s == NULL)
		return 1;	/* fail closed: treat as recused */
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, user_id);
	r = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return r;
}

json_t *
xf_store_recusals(xf_store *st, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT user_id, reason, by_user, at FROM recusals WHERE case_id = ?1"
	    " ORDER BY at", err);
	json_t *a;

	if (s == NULL)
		return NULL;
	a = json_array();
	sqlite3_bind_int64(s, 1, case_id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:I,s:s,s:o,s:s}",
		    "user_id", (json_int_t)sqlite3_column_int64(s, 0),
		    "reason", sqlite3_column_text(s, 1),
		    "by", xf_sql_id_json(s, 2), "at", sqlite3_column_text(s, 3)));
	return a;
}

/* ---- evaluations (the petitioner's rating of an answer) ---------------- */

int
xf_store_eval_add(xf_store *st, int64_t case_id, int level, const char *rating,
    const char *comment, xf_date rated_on, int64_t unit_id, int64_t *id,
    xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO evaluations (case_id, level, rating, comment, rated_on,"
	    " unit_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);

	if (s == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int(s, 2, level);
	sqlite3_bind_text(s, 3, rating, -1, SQLITE_STATIC);
	if (comment != NULL)
		sqlite3_bind_text(s, 4, comment, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, rated_on);
	xf_sql_bind_id(s, 6, unit_id);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	*id = sqlite3_last_insert_rowid(xf_store_db(st));
	return 0;
}

json_t *
xf_store_eval_list(xf_store *st, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT id, level, rating, comment, rated_on, unit_id, answer,"
	    " answered_on FROM evaluations WHERE case_id = ?1 ORDER BY id", err);
	json_t *a;
	int r;

	if (s == NULL)
		return NULL;
	a = json_array();
	sqlite3_bind_int64(s, 1, case_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o}",
		    "id", (json_int_t)sqlite3_column_int64(s, 0),
		    "level", xf_reply_level_name(sqlite3_column_int(s, 1)),
		    "rating", sqlite3_column_text(s, 2),
		    "rated_on", xf_sql_date_json(s, 4),
		    "unit_id", xf_sql_id_json(s, 5));

		json_object_set_new(o, "comment",
		    sqlite3_column_type(s, 3) == SQLITE_NULL ? json_null() :
		    json_string((const char *)sqlite3_column_text(s, 3)));
		json_object_set_new(o, "answer",
		    sqlite3_column_type(s, 6) == SQLITE_NULL ? json_null() :
		    json_string((const char *)sqlite3_column_text(s, 6)));
		json_object_set_new(o, "answered_on", xf_sql_date_json(s, 7));
		json_array_append_new(a, o);
	}
	if (r != SQLITE_DONE) {
		json_decref(a);
		xf_store_sqlerr(st, err);
		return NULL;
	}
	return a;
}

int
xf_store_eval_answer(xf_store *st, int64_t eval_id, int64_t case_id,
    const char *answer, xf_date on, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "UPDATE evaluations SET answer = ?3, answered_on = ?4 WHERE id = ?1"
	    " AND case_id = ?2 AND answer IS NULL", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, eval_id);
	sqlite3_bind_int64(s, 2, case_id);
	sqlite3_bind_text(s, 3, answer, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, on);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	if (sqlite3_changes(xf_store_db(st)) > 0)
		return 0;
	/* Nothing changed: an id not on this case is not found (as any
	 * unknown id), one already answered is a conflict. */
	s = xf_store_stmt(st, "SELECT 1 FROM evaluations WHERE id = ?1"
	    " AND case_id = ?2", err);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, eval_id);
	sqlite3_bind_int64(s, 2, case_id);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		sqlite3_reset(s);
		return xf_error_set(err, XF_E_CONFLICT, NULL, "该评价已答复");
	case SQLITE_DONE:
		sqlite3_reset(s);
		return xf_error_set(err, XF_E_NOT_FOUND, NULL, "该评价不存在");
	default:
		return xf_store_sqlerr(st, err);
	}
}

/* ---- statistics ---------------------------------------------------------- */

int
xf_store_case_stats(xf_store *st, const xf_case_filter *f, const char *by,
    json_t **items, int64_t *total, xf_error *err)
{
	static const struct {
		const char *by, *expr;
	} groups[] = {
		{ "month", "strftime('%Y-%m', c.received_on * 86400, 'unixepoch')" },
		{ "class", "c.class" },
		/* The code registered (API.md's key is the category given),
		 * and its first-level class for an overview. */
		{ "category", "c.category" },
		{ "category_class", "substr(c.category, 1, 2)" },
		{ "channel", "c.channel" },
		{ "unit", "c.unit_id" },
		{ "status", "c.status" },
		{ "purpose", "c.purpose" },
		{ "region", "substr(c.region, 1, 4)" },
	};
	const char *expr = NULL;
	char where[1024] = "1", *sql;
	sqlite3_stmt *s = NULL;
	int r, rc = -1;

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strcmp(groups[i].by, by) == 0)
			expr = groups[i].expr;
	if (expr == NULL)
		return xf_error_set(err, XF_E_BAD_REQUEST, "by", "不支持的统计维度");
#define ADD(frag) strncat(where, frag, sizeof(where) - strlen(where) - 1)
	if (f->scope_json != NULL)
		ADD(" AND c.id IN (SELECT case_id FROM case_units WHERE unit_id"
		    " IN (SELECT value FROM json_each(?1)))");
	if (f->unit_json != NULL)
		ADD(" AND c.unit_id IN (SELECT value FROM json_each(?3))");
	if (f->from != XF_DATE_NONE)
		ADD(" AND c.received_on >= ?7");
	if (f->to != XF_DATE_NONE)
		ADD(" AND c.received_on <= ?8");
	if (f->cls >= 0)
		ADD(" AND c.class = ?4");
	if (f->accused_json != NULL)
		ADD(ACCUSED_FRAG);
#undef ADD
	sql = sqlite3_mprintf("SELECT %s AS k, count(*) FROM cases c WHERE %s"
	    " GROUP BY k ORDER BY %s", expr, where,
	    strcmp(by, "month") == 0 ? "k" : "2 DESC, k");
	if (sqlite3_prepare_v2(xf_store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return xf_store_sqlerr(st, err);
	}
	sqlite3_free(sql);
	if (f->scope_json != NULL)
		sqlite3_bind_text(s, 1, f->scope_json, -1, SQLITE_STATIC);
	if (f->unit_json != NULL)
		sqlite3_bind_text(s, 3, f->unit_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, f->cls);
	if (f->accused_json != NULL)
		sqlite3_bind_text(s, 16, f->accused_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, f->from);
	sqlite3_bind_int(s, 8, f->to);
	*items = json_array();
	*total = 0;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *key;
		int64_t n = sqlite3_column_int64(s, 1);

		if (strcmp(by, "class") == 0)
			key = json_string(xf_class_name(sqlite3_column_int(s, 0)));
		else if (strcmp(by, "channel") == 0)
			key = json_string(xf_channel_name(sqlite3_column_int(s, 0)));
		else if (strcmp(by, "status") == 0)
			key = json_string(xf_status_name(sqlite3_column_int(s, 0)));
		else if (strcmp(by, "unit") == 0)
			key = json_integer(sqlite3_column_int64(s, 0));
		else
			key = json_string(sqlite3_column_text(s, 0) ?
			    (const char *)sqlite3_column_text(s, 0) : "");
		json_array_append_new(*items, json_pack("{s:o,s:I}", "key", key,
		    "count", (json_int_t)n));
		*total += n;
	}
	if (r != SQLITE_DONE) {
		json_decref(*items);
		*items = NULL;
		xf_store_sqlerr(st, err);
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(s);
	return rc;
}

int
xf_store_case_accused_any(xf_store *st, const char *units_json, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st, "SELECT EXISTS (SELECT 1 FROM cases"
	    " WHERE flags & 8 <> 0 AND respondent_unit_id IN (SELECT value"
	    " FROM json_each(?1)) AND unit_id <> respondent_unit_id)", err);
	int r, any;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, units_json, -1, SQLITE_STATIC);
	r = sqlite3_step(s);
	any = r == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	return r == SQLITE_ROW ? any : xf_store_sqlerr(st, err);
}

int
xf_store_case_recount_ids(xf_store *st, xf_date from, int64_t **ids,
    size_t *n, xf_error *err)
{
	/* The open ones through the partial index on open deadlines. */
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT case_id FROM deadlines WHERE provisional = 1"
	    " UNION SELECT case_id FROM deadlines WHERE state = 0"
	    " AND due >= ?1 ORDER BY 1", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, from == XF_DATE_NONE ? INT64_MAX : from);
	return collect_ids(st, s, ids, n, err);
}

int
xf_store_eval_rate(xf_store *st, const char *scope_json, xf_date from,
    xf_date to, int64_t *good, int64_t *all, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT count(*), coalesce(sum(rating IN ('satisfied',"
	    " 'basically_satisfied')), 0) FROM evaluations"
	    " WHERE (?1 IS NULL OR unit_id IN (SELECT value FROM json_each(?1)))"
	    " AND (?2 IS NULL OR rated_on >= ?2) AND (?3 IS NULL OR rated_on <= ?3)",
	    err);

	if (s == NULL)
		return -1;
	if (scope_json != NULL)
		sqlite3_bind_text(s, 1, scope_json, -1, SQLITE_STATIC);
	xf_sql_bind_date(s, 2, from);
	xf_sql_bind_date(s, 3, to);
	if (sqlite3_step(s) != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	*all = sqlite3_column_int64(s, 0);
	*good = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* ---- attachments --------------------------------------------------------- */

int
xf_store_attachment_add(xf_store *st, int64_t case_id, const char *name,
    const char *mime, const void *data, size_t len, const char *sha256,
    int by_petitioner, int64_t by, int64_t *id, xf_error *err)
{
	char now[32];
	sqlite3_stmt *s = xf_store_stmt(st,
	    "INSERT INTO attachments (case_id, name, mime, size, sha256, data,"
	    " by_petitioner, uploaded_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8, ?9)", err);

	if (s == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)len);
	sqlite3_bind_text(s, 5, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, data, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, by_petitioner);
	xf_sql_bind_id(s, 8, by);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return xf_store_sqlerr(st, err);
	*id = sqlite3_last_insert_rowid(xf_store_db(st));
	return 0;
}

json_t *
xf_store_attachments(xf_store *st, int64_t case_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT id, name, mime, size, sha256, by_petitioner, uploaded_by, at"
	    " FROM attachments WHERE case_id = ?1 ORDER BY id", err);
	json_t *a;

	if (s == NULL)
		return NULL;
	a = json_array();
	sqlite3_bind_int64(s, 1, case_id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s,s:b,"
		    "s:o,s:s}", "id", (json_int_t)sqlite3_column_int64(s, 0),
		    "name", sqlite3_column_text(s, 1),
		    "mime", sqlite3_column_text(s, 2),
		    "size", (json_int_t)sqlite3_column_int64(s, 3),
		    "sha256", sqlite3_column_text(s, 4),
		    "by_petitioner", sqlite3_column_int(s, 5),
		    "uploaded_by", xf_sql_id_json(s, 6),
		    "at", sqlite3_column_text(s, 7)));
	sqlite3_reset(s);
	return a;
}

int
xf_store_attachment_get(xf_store *st, int64_t id, int64_t *case_id,
    char name[401], char mime[80], unsigned char **data, size_t *len,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(st,
	    "SELECT case_id, name, mime, data FROM attachments WHERE id = ?1",
	    err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_DONE)
		return 1;
	if (r != SQLITE_ROW)
		return xf_store_sqlerr(st, err);
	*case_id = sqlite3_column_int64(s, 0);
	snprintf(name, 401, "%s", sqlite3_column_text(s, 1));
	snprintf(mime, 80, "%s", sqlite3_column_text(s, 2));
	*len = (size_t)sqlite3_column_bytes(s, 3);
	*data = xf_xmalloc(*len + 1);
	memcpy(*data, sqlite3_column_blob(s, 3), *len);
	sqlite3_reset(s);
	return 0;
}

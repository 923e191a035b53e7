/* Official documents of a case over HTTP and for the other modules: the
 * hook that numbers and records a document when an event issues one, the
 * lazy renderer with its SHA-256 check, the case's document list and the
 * supervision letter. See documents.h for the rules. */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "api.h"
#include "core/profile.h"
#include "cases.h"
#include "documents.h"

#define PREFIX_MAX	48
#define NAME_CHARS	64	/* characters of a unit name we look at */

/* ---- UTF-8 characters of a name ---------------------------------------- */

typedef struct {
	char	s[5];
} uch;

/* Splits s into characters, leaving out parenthesised parts
 * ("河南省教育厅（中共河南省委高校工委）" → 河南省教育厅): they qualify a
 * name, they are not part of it. Returns the number of characters kept. */
static size_t
uchars(const char *s, uch *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len;
	int depth = 0;

	while (*p != '\0' && n < max) {
		if (*p < 0x80)
			len = 1;
		else if ((*p & 0xe0) == 0xc0)
			len = 2;
		else if ((*p & 0xf0) == 0xe0)
			len = 3;
		else if ((*p & 0xf8) == 0xf0)
			len = 4;
		else
			break;	/* not UTF-8: names are checked, so never */
		for (size_t i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return n;
		if (len == 1 && *p == '(')
			depth++;
		else if (len == 3 && memcmp(p, "（", 3) == 0)
			depth++;
		else if ((len == 1 && *p == ')') ||
		    (len == 3 && memcmp(p, "）", 3) == 0)) {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && !(len == 1 && *p == ' ')) {
			memcpy(out[n].s, p, len);
			out[n].s[len] = '\0';
			n++;
		}
		p += len;
	}
	return n;
}

static int
is(const uch *c, const char *lit)
{
	return strcmp(c->s, lit) == 0;
}

static int
is_any(const uch *c, const char *const *lits)
{
	for (; *lits != NULL; lits++)
		if (is(c, *lits))
			return 1;
	return 0;
}

/* Appends characters [from, to) of ch to out. */
static void
cat_chars(char *out, size_t sz, const uch *ch, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (strlen(out) + strlen(ch[i].s) < sz)
			strcat(out, ch[i].s);
}

static void
cat(char *out, size_t sz, const char *s)
{
	if (strlen(out) + strlen(s) < sz)
		strcat(out, s);
}

/* Index of the first character of ch that ends with a character of set
 * (exclusive end of the place name), or n if none. */
static size_t
find_first(const uch *ch, size_t n, const char *const *set)
{
	for (size_t i = 0; i < n; i++)
		if (is_any(&ch[i], set))
			return i;
	return n;
}

/* The name without its leading place: what follows the last 省/市/区/县
 * that leaves at least two characters. */
static size_t
after_place(const uch *ch, size_t n)
{
	static const char *const ends[] = { "省", "市", "区", "县", NULL };
	size_t start = 0;

	for (size_t i = 0; i + 2 < n; i++)
		if (is_any(&ch[i], ends))
			start = i + 1;
	return start;
}

/* 省级行政区简称 by the first two digits of the GB/T 2260 code. */
static const char *
province_abbr(const char *region)
{
	static const struct { const char *code, *abbr; } t[] = {
		{ "11", "京" }, { "12", "津" }, { "13", "冀" }, { "14", "晋" },
		{ "15", "蒙" }, { "21", "辽" }, { "22", "吉" }, { "23", "黑" },
		{ "31", "沪" }, { "32", "苏" }, { "33", "浙" }, { "34", "皖" },
		{ "35", "闽" }, { "36", "赣" }, { "37", "鲁" }, { "41", "豫" },
		{ "42", "鄂" }, { "43", "湘" }, { "44", "粤" }, { "45", "桂" },
		{ "46", "琼" }, { "50", "渝" }, { "51", "川" }, { "52", "贵" },
		{ "53", "云" }, { "54", "藏" }, { "61", "陕" }, { "62", "甘" },
		{ "63", "青" }, { "64", "宁" }, { "65", "新" }, { "71", "台" },
		{ "81", "港" }, { "82", "澳" },
	};

	if (region == NULL || strlen(region) < 2)
		return NULL;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncmp(region, t[i].code, 2) == 0)
			return t[i].abbr;
	return NULL;
}

/* The 代字 of one unit, with k (1 or 2) characters of its place: the
 * `short` heuristic of documents.h. k = 2 is asked only for units whose
 * k = 1 form another unit shares. */
static void
short_of(const xf_unit_tree *t, const xf_unit *u, int k, char *out,
    size_t sz)
{
	static const char *const place_end[] = { "省", "市", "区", "县", "旗",
		NULL };
	uch ch[NAME_CHARS];
	size_t n = uchars(u->name, ch, NAME_CHARS), p, s, e, ps, b;
	const xf_unit *parent;
	const char *abbr;

	out[0] = '\0';
	if (n == 0)
		return;
	if (strcmp(u->kind, "authority") == 0) {
		if (k == 1 && strcmp(u->level, "province") == 0 &&
		    (abbr = province_abbr(u->region)) != NULL) {
			cat(out, sz, abbr);
			cat(out, sz, "教信");
			return;
		}
		p = find_first(ch, n, place_end);
		if (p == 0 || p == n)
			p = n > 2 ? 2 : n;
		cat_chars(out, sz, ch, 0, (size_t)k < p ? (size_t)k : p);
		cat(out, sz, "教信");
		return;
	}
	if (strcmp(u->kind, "university") == 0 && n >= 3 &&
	    is(&ch[n - 1], "学") && (is(&ch[n - 2], "大") ||
	    is(&ch[n - 2], "院"))) {
		/* 郑州大学 → 郑大, 河南师范大学 → 河师大, 黄河科技学院 → 黄科院. */
		const char *last = is(&ch[n - 2], "大") ? "大" : "院";
		size_t base = n - 2, place = base < 2 ? base : 2;

		cat_chars(out, sz, ch, 0, (size_t)k < place ? (size_t)k : place);
		if (base > place)
			cat_chars(out, sz, ch, place, place + 1);
		cat(out, sz, last);
		cat(out, sz, "信");
		return;
	}
	s = after_place(ch, n);
	if (s < n && is(&ch[s], "第") && s + 1 < n)
		s++;
	e = s + 1;
	if (strcmp(u->kind, "school") == 0) {
		char all[256] = "";

		b = after_place(ch, n);
		if (k == 2 && b >= 2) {
			/* The first character of the place the school sits
			 * in: 中牟县第一高级中学 → 中一中. */
			for (ps = b - 1; ps > 0 && !is_any(&ch[ps - 1],
			    place_end); ps--)
				;
			cat_chars(out, sz, ch, ps, ps + 1);
		}
		cat_chars(all, sizeof(all), ch, 0, n);
		cat_chars(out, sz, ch, s, e);
		cat(out, sz, strstr(all, "小学") ? "小" : strstr(all, "中学") ?
		    "中" : strstr(all, "幼儿园") ? "幼" : "校");
		cat(out, sz, "信");
		return;
	}
	/* Anything else (直属单位, 纪检组, …): first and last character;
	 * when that is shared, its parent's 代字 before the first character
	 * (a university's 纪委办公室 → 郑大纪信). */
	if (k == 2 && (parent = xf_tree_get(t, u->parent_id)) != NULL &&
	    parent != u) {
		char pp[PREFIX_MAX];
		size_t l;

		short_of(t, parent, 1, pp, sizeof(pp));
		l = strlen(pp);
		if (l >= strlen("信") && strcmp(pp + l - strlen("信"), "信") == 0)
			pp[l - strlen("信")] = '\0';
		cat(out, sz, pp);
		cat_chars(out, sz, ch, s, e);
		cat(out, sz, "信");
		return;
	}
	cat_chars(out, sz, ch, s, e);
	if (n - 1 >= e)
		cat_chars(out, sz, ch, n - 1, n);
	cat(out, sz, "信");
}

/* Prefixes of the whole tree, rebuilt when the tree is replaced (a unit
 * change, a few times a year). Trees are never freed (app.h), so the
 * pointer and generation identify one. */
static pthread_mutex_t pc_lock = PTHREAD_MUTEX_INITIALIZER;
static const xf_unit_tree *pc_tree;
static uint64_t pc_gen;
static char (*pc_pfx)[PREFIX_MAX];

static char (*pc_sort_pfx)[PREFIX_MAX];

static int
cmp_idx(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(pc_sort_pfx[i], pc_sort_pfx[j]);

	return c != 0 ? c : (i < j ? -1 : i > j);
}

static int
issues_docs(const xf_unit *u)
{
	return strcmp(u->kind, "department") != 0 || u->parent_id == 0;
}

/* Marks in dup[] every issuing unit whose prefix another one shares. */
static size_t
mark_dups(const xf_unit_tree *t, char (*pfx)[PREFIX_MAX], size_t *idx,
    unsigned char *dup)
{
	size_t m = 0, ndup = 0;

	for (size_t i = 0; i < t->n; i++) {
		dup[i] = 0;
		if (issues_docs(&t->units[i]))
			idx[m++] = i;
	}
	/* qsort has no context argument in C17: the lock serialises us. */
	pc_sort_pfx = pfx;
	qsort(idx, m, sizeof(*idx), cmp_idx);
	for (size_t a = 0; a < m; a++)
		if ((a > 0 && strcmp(pfx[idx[a]], pfx[idx[a - 1]]) == 0) ||
		    (a + 1 < m && strcmp(pfx[idx[a]], pfx[idx[a + 1]]) == 0)) {
			dup[idx[a]] = 1;
			ndup++;
		}
	return ndup;
}

static void
build_prefixes(const xf_unit_tree *t)
{
	char (*pfx)[PREFIX_MAX] = xf_xcalloc(t->n ? t->n : 1, PREFIX_MAX);
	size_t *idx = xf_xcalloc(t->n ? t->n : 1, sizeof(size_t));
	unsigned char *dup = xf_xcalloc(t->n ? t->n : 1, 1);

	for (size_t i = 0; i < t->n; i++)
		if (issues_docs(&t->units[i]))
			short_of(t, &t->units[i], 1, pfx[i], PREFIX_MAX);
	if (mark_dups(t, pfx, idx, dup) > 0) {
		for (size_t i = 0; i < t->n; i++)
			if (dup[i])
				short_of(t, &t->units[i], 2, pfx[i],
				    PREFIX_MAX);
		if (mark_dups(t, pfx, idx, dup) > 0)
			for (size_t i = 0; i < t->n; i++)
				if (dup[i])
					snprintf(pfx[i], PREFIX_MAX, "%s",
					    t->units[i].code);
	}
	for (size_t i = 0; i < t->n; i++)
		if (pfx[i][0] == '\0' && issues_docs(&t->units[i]))
			snprintf(pfx[i], PREFIX_MAX, "%s", t->units[i].code);
	/* A department writes in its authority's name. */
	for (size_t i = 0; i < t->n; i++)
		if (!issues_docs(&t->units[i])) {
			const xf_unit *a = xf_tree_get(t, xf_tree_authority(t,
			    t->units[i].id));

			snprintf(pfx[i], PREFIX_MAX, "%s", a != NULL ?
			    pfx[a - t->units] : t->units[i].code);
		}
	free(idx);
	free(dup);
	free(pc_pfx);
	pc_pfx = pfx;
	pc_tree = t;
	pc_gen = t->generation;
}

char *
xf_docs_prefix(xf_app *app, int64_t unit_id, char *out, size_t outsz)
{
	const xf_unit_tree *t = xf_app_tree(app);
	const xf_unit *u = xf_tree_get(t, unit_id);

	out[0] = '\0';
	if (u == NULL)
		return out;
	pthread_mutex_lock(&pc_lock);
	if (pc_tree != t || pc_gen != t->generation)
		build_prefixes(t);
	snprintf(out, outsz, "%s", pc_pfx[u - t->units]);
	pthread_mutex_unlock(&pc_lock);
	return out;
}

/* ---- notice data as JSON ------------------------------------------------- */

enum { F_STR, F_DATE, F_INT };

static const struct field {
	const char	*name;
	size_t		 off;
	int		 type;
} fields[] = {
#define S(f) { #f, offsetof(xf_notice_data, f), F_STR }
#define D(f) { #f, offsetof(xf_notice_data, f), F_DATE }
#define I(f) { #f, offsetof(xf_notice_data, f), F_INT }
	S(unit_name), S(doc_number), D(issued_on), S(contact), S(cc),
	S(printer), S(case_number), S(petitioner), D(received_on), S(channel),
	S(summary), S(query_where), S(to_unit), D(report_due),
	S(reason), S(legal_channel), I(simple), S(handler_unit), D(accepted_on),
	D(due_on), I(extend_days), S(outcome), S(request), S(facts),
	S(decision), S(basis), D(execute_by), S(review_body), S(prior_unit),
	D(prior_on), D(request_on), S(trigger), S(form), S(problem),
	S(suggestions), D(reply_due), I(final_review), S(profile), I(layout),
	I(bar), S(bar_article), I(plural), I(due_provisional),
#undef S
#undef D
#undef I
};
/* query_code is deliberately absent: it is never stored. */

static int
has_date(xf_date d)
{
	return d != XF_DATE_NONE && d != 0;
}

static json_t *
data_to_json(const xf_notice_data *d)
{
	json_t *j = json_object();
	const char *base = (const char *)d;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct field *f = &fields[i];
		const char *s;
		xf_date dt;
		int v;
		char b[11];

		switch (f->type) {
		case F_STR:
			memcpy(&s, base + f->off, sizeof(s));
			if (s != NULL && *s != '\0')
				json_object_set_new(j, f->name, json_string(s));
			break;
		case F_DATE:
			memcpy(&dt, base + f->off, sizeof(dt));
			if (has_date(dt)) {
				xf_date_format(dt, b);
				json_object_set_new(j, f->name, json_string(b));
			}
			break;
		default:
			memcpy(&v, base + f->off, sizeof(v));
			if (v != 0)
				json_object_set_new(j, f->name,
				    json_integer(v));
			break;
		}
	}
	return j;
}

/* Fills d from j; strings are borrowed from j. */
static void
json_to_data(json_t *j, xf_notice_data *d)
{
	char *base = (char *)d;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct field *f = &fields[i];
		json_t *v = json_object_get(j, f->name);
		const char *s;
		xf_date dt = XF_DATE_NONE;
		int n;

		switch (f->type) {
		case F_STR:
			s = json_string_value(v);
			memcpy(base + f->off, &s, sizeof(s));
			break;
		case F_DATE:
			if (json_is_string(v))
				xf_date_parse(json_string_value(v), &dt);
			memcpy(base + f->off, &dt, sizeof(dt));
			break;
		default:
			n = (int)json_integer_value(v);
			memcpy(base + f->off, &n, sizeof(n));
			break;
		}
	}
}

/* ---- resolving names and dates at the time of issue --------------------- */

static const char *const petitioner_kinds[] = { "receipt", "accept_notice",
	"not_accept_notice", "extension_notice", "reply", "review_opinion",
	"recheck_opinion", NULL };

int
xf_docs_kind_for_petitioner(const char *kind)
{
	for (size_t i = 0; petitioner_kinds[i] != NULL; i++)
		if (kind != NULL && strcmp(kind, petitioner_kinds[i]) == 0)
			return 1;
	return 0;
}

/* A unit's name as it heads a document (without the parenthesised
 * qualifier); a department is named with its authority
 * ("郑州市教育局基础教育科"). */
static void
unit_display(const xf_unit_tree *t, int64_t id, char *out, size_t sz)
{
	const xf_unit *u = xf_tree_get(t, id), *a;
	uch ch[NAME_CHARS];
	size_t n;

	out[0] = '\0';
	if (u == NULL)
		return;
	if (!issues_docs(u) && (a = xf_tree_get(t, xf_tree_authority(t,
	    id))) != NULL && a != u) {
		n = uchars(a->name, ch, NAME_CHARS);
		cat_chars(out, sz, ch, 0, n);
	}
	n = uchars(u->name, ch, NAME_CHARS);
	cat_chars(out, sz, ch, 0, n);
	if (out[0] == '\0')
		snprintf(out, sz, "%s", u->name);
}

/* Where 复查 (or 复核) is asked: the authority one level above the body that
 * decided, as the lifecycle's level_above finds it. At the top of the tree
 * the level above is the people's government of the province (条例第三十五
 * 条: 原办理行政机关的上一级行政机关). */
static void
level_above(const xf_unit_tree *t, int64_t decided_by, char *out, size_t sz)
{
	const xf_unit *b = xf_tree_get(t, xf_tree_authority(t, decided_by));
	uch ch[NAME_CHARS];
	size_t n, p;

	out[0] = '\0';
	if (b != NULL && b->parent_id > 0) {
		unit_display(t, xf_tree_authority(t, b->parent_id), out, sz);
		if (out[0] != '\0')
			return;
	}
	if (b != NULL) {
		static const char *const prov[] = { "省", "自治区", NULL };

		n = uchars(b->name, ch, NAME_CHARS);
		p = find_first(ch, n, prov);
		if (p < n) {
			cat_chars(out, sz, ch, 0, p + 1);
			cat(out, sz, "人民政府");
			return;
		}
	}
	snprintf(out, sz, "上一级行政机关");
}

/* "张三", "张三等5人", "匿名信访人". */
static void
petitioner_text(json_t *info, int headcount, char *out, size_t sz)
{
	json_t *ps = json_object_get(info, "petitioners"), *p;
	const char *first = NULL;
	size_t i;

	json_array_foreach(ps, i, p) {
		const char *nm = json_string_value(json_object_get(p, "name"));

		if (nm != NULL && *nm != '\0' && strcmp(nm, "匿名") != 0) {
			first = nm;
			break;
		}
	}
	if (first == NULL)
		snprintf(out, sz, "匿名信访人");
	else if (headcount > 1)
		snprintf(out, sz, "%s等%d人", first, headcount);
	else
		snprintf(out, sz, "%s", first);
}

/* The case title as the notices retell it ("反映的“…”事项"): a leading
 * 反映/关于 or a trailing 事项 would be said twice (buf holds a copy when
 * one is cut off the end). */
static const char *
summary_text(const char *title, char *buf, size_t sz)
{
	static const char *const lead[] = { "反映", "关于", NULL };
	static const char tail[] = "事项";
	size_t n;

	if (title == NULL)
		return "";
	for (size_t i = 0; lead[i] != NULL; i++) {
		n = strlen(lead[i]);
		if (strncmp(title, lead[i], n) == 0 && title[n] != '\0') {
			title += n;
			break;
		}
	}
	/* "…的事项" is said by the notice itself: "反映的“…”事项". Stored
	 * with the document, so those issued before keep their words. */
	n = strlen(title);
	if (n > strlen(tail) && strcmp(title + n - strlen(tail), tail) == 0 &&
	    n - strlen(tail) < sz) {
		snprintf(buf, sz, "%.*s", (int)(n - strlen(tail)), title);
		return buf;
	}
	return title;
}

/* The legal route told to a petitioner who is not accepted, from the code
 * of the channel_legal list, its name, or free text. notices.c words the
 * four it knows; the rest are worded here. */
static const char *
legal_route(xf_app *app, const char *ch, char *buf, size_t sz)
{
	static const struct { const char *code, *name, *route; } t[] = {
		{ "01", "诉讼", "litigation" },
		{ "02", "仲裁", "依法申请仲裁" },
		{ "03", "行政复议", "reconsideration" },
		{ "04", "劳动人事争议仲裁", "arbitration" },
		{ "05", "纪检监察", "discipline" },
		{ "06", "党员申诉", "向有关党组织提出申诉" },
		{ "07", "教师申诉", "依照《中华人民共和国教师法》第三十九条规定"
		  "向教育行政部门提出申诉" },
		{ "08", "学生申诉", "依照《中华人民共和国教育法》第四十三条规定"
		  "向学校或者教育行政部门提出申诉" },
		{ "99", "其他法定途径", "通过其他法定途径解决" },
	};
	const char *nm;

	if (ch == NULL || *ch == '\0')
		return NULL;
	nm = xf_codes_name(app->codes, "channel_legal", ch);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(ch, t[i].code) == 0 || strcmp(ch, t[i].name) == 0 ||
		    strcmp(ch, t[i].route) == 0 ||
		    (nm != NULL && strcmp(nm, t[i].name) == 0))
			return t[i].route;
	if (strncmp(ch, "向", strlen("向")) == 0 ||
	    strncmp(ch, "依", strlen("依")) == 0 ||
	    strncmp(ch, "通过", strlen("通过")) == 0)
		return ch;
	snprintf(buf, sz, "通过%s途径解决", ch);
	return buf;
}

/* The date of the latest event of the case with this action before
 * event_id (0: any), to a unit (0: any); XF_DATE_NONE if there is none. */
static xf_date
event_date(xf_app *app, int64_t case_id, int64_t before_event,
    const char *action, const char *action2, int64_t to_unit)
{
	sqlite3_stmt *s = xf_store_stmt(app->store,
	    "SELECT date FROM events WHERE case_id = ?1 AND (?2 = 0 OR id < ?2)"
	    " AND action IN (?3, ?4) AND (?5 = 0 OR to_unit_id = ?5)"
	    " ORDER BY id DESC LIMIT 1", NULL);
	xf_date d = XF_DATE_NONE;

	if (s == NULL)
		return d;
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, before_event);
	sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, action2, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, to_unit);
	if (sqlite3_step(s) == SQLITE_ROW)
		d = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return d;
}

/* A text field of the event's payload. The API stores the action's fields
 * flat; `xinfang init --demo` stores its step with the opinion's parts under
 * "fields", so both places are read. */
static const char *
field(json_t *data, const char *name)
{
	const char *s = json_string_value(json_object_get(data, name));

	if (s == NULL)
		s = json_string_value(json_object_get(json_object_get(data,
		    "fields"), name));
	return s;
}

static xf_date
handle_due(const xf_case *c)
{
	const xf_deadline *d = xf_case_open_deadline(c, XF_DL_HANDLE);

	return d != NULL ? d->due : XF_DATE_NONE;
}

/* 1 if the handling deadline is counted without its year's calendar. */
static int
handle_provisional(const xf_case *c)
{
	const xf_deadline *d = xf_case_open_deadline(c, XF_DL_HANDLE);

	return d != NULL && d->provisional;
}

/* ---- numbering and recording --------------------------------------------- */

static int
next_serial(xf_app *app, int64_t unit_id, int year, int *serial,
    xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(app->store,
	    "INSERT INTO doc_serials (unit_id, year, last) VALUES (?1, ?2, 1)"
	    " ON CONFLICT (unit_id, year) DO UPDATE SET last = last + 1"
	    " RETURNING last", err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int(s, 2, year);
	if (sqlite3_step(s) != SQLITE_ROW) {
		xf_store_sqlerr(app->store, err);
		sqlite3_reset(s);
		return -1;
	}
	*serial = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* 1 inserted, 0 the number is taken (UNIQUE), -1 error. */
static int
insert_doc(xf_app *app, int64_t case_id, int64_t sup_id, const char *kind,
    int64_t unit_id, int year, int serial, const char *number, xf_date on,
    int64_t event_id, const char *data, int64_t *doc_id, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(app->store,
	    "INSERT INTO documents (case_id, supervision_id, kind, unit_id,"
	    " year, serial, number, issued_on, event_id, data, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
	char now[32];
	int r;

	if (s == NULL)
		return -1;
	xf_time_format((int64_t)time(NULL), now);
	if (case_id > 0)
		sqlite3_bind_int64(s, 1, case_id);
	if (sup_id > 0)
		sqlite3_bind_int64(s, 2, sup_id);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, unit_id);
	sqlite3_bind_int(s, 5, year);
	sqlite3_bind_int(s, 6, serial);
	sqlite3_bind_text(s, 7, number, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, on);
	if (event_id > 0)
		sqlite3_bind_int64(s, 9, event_id);
	sqlite3_bind_text(s, 10, data, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, now, -1, SQLITE_STATIC);
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r == SQLITE_DONE) {
		*doc_id = sqlite3_last_insert_rowid(xf_store_db(app->store));
		return 1;
	}
	if ((r & 0xff) == SQLITE_CONSTRAINT)	/* extended codes are on */
		return 0;
	return xf_store_sqlerr(app->store, err);
}

/* The issuing unit's 代字: the one its first document took, kept in
 * doc_prefixes for good, so that a unit added or renamed later never
 * changes another's numbering. The first takes the first of: the tree's
 * short form (xf_docs_prefix), the two-character form, the unit code, that
 * no other unit holds. Inside the caller's transaction. */
static int
unit_prefix(xf_app *app, const xf_unit *u, char out[PREFIX_MAX],
    xf_error *err)
{
	char cand[3][PREFIX_MAX];
	sqlite3_stmt *s = xf_store_stmt(app->store,
	    "SELECT prefix FROM doc_prefixes WHERE unit_id = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		snprintf(out, PREFIX_MAX, "%s", (const char *)
		    sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (r == SQLITE_ROW)
		return 0;
	if (r != SQLITE_DONE)
		return xf_store_sqlerr(app->store, err);
	xf_docs_prefix(app, u->id, cand[0], PREFIX_MAX);
	short_of(xf_app_tree(app), u, 2, cand[1], PREFIX_MAX);
	snprintf(cand[2], PREFIX_MAX, "%s", u->code);
	for (int i = 0; i < 3; i++) {
		if (cand[i][0] == '\0')
			continue;
		s = xf_store_stmt(app->store, "INSERT INTO doc_prefixes"
		    " (unit_id, prefix) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
		    err);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, u->id);
		sqlite3_bind_text(s, 2, cand[i], -1, SQLITE_STATIC);
		r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			return xf_store_sqlerr(app->store, err);
		if (sqlite3_changes(xf_store_db(app->store)) == 1) {
			memcpy(out, cand[i], PREFIX_MAX);
			return 0;
		}
	}
	return xf_error_set(err, XF_E_CONFLICT, NULL,
	    "单位“%s”的发文机关代字与其他单位重复，请联系管理员", u->name);
}

/* Numbers d for unit_id in the year of d->issued_on, checks that it
 * composes, and records it. Runs inside a transaction (the caller's). */
static int
issue(xf_app *app, int64_t case_id, int64_t sup_id, const char *kind,
    int64_t unit_id, int64_t event_id, xf_notice_data *d, int64_t *doc_id,
    xf_error *err)
{
	xf_notice_kind nk;
	xf_pdf_doc doc;
	char prefix[PREFIX_MAX], number[128];
	const xf_unit *u;
	json_t *j = NULL;
	char *data = NULL;
	int y, m, dd, serial, r, rc = -1;

	if (xf_notice_kind_parse(kind, &nk) == -1)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "未知的文书类型“%s”",
		    kind);
	if ((u = xf_tree_get(xf_app_tree(app), unit_id)) == NULL)
		return xf_error_set(err, XF_E_INTERNAL, NULL, "发文单位不存在");
	xf_date_to_ymd(d->issued_on, &y, &m, &dd);
	if (next_serial(app, unit_id, y, &serial, err) == -1)
		return -1;
	if (unit_prefix(app, u, prefix, err) == -1)
		return -1;
	d->layout = XF_PDF_LAYOUT;	/* the rules it is first printed with */
	snprintf(number, sizeof(number), "%s〔%d〕%d号", prefix, y, serial);
	d->doc_number = number;
	/* What is stored must render later: compose it now (no PDF, cheap). */
	if (nk == XF_NOTICE_RECEIPT)
		d->query_code = XF_DOCS_CODE_PLACEHOLDER;
	if (xf_notice_build(nk, d, &doc, err) == -1) {
		char why[256], fname[64];

		/* err is both the source and the target: copy first. */
		snprintf(why, sizeof(why), "%s", err ? err->message : "");
		snprintf(fname, sizeof(fname), "%s", err ? err->field : "");
		xf_notice_doc_free(&doc);
		d->query_code = NULL;
		/* From a case event the data is ours (a bug); from the
		 * supervision module it is the caller's input. */
		return xf_error_set(err, sup_id > 0 ? XF_E_INVALID :
		    XF_E_INTERNAL, fname, "生成%s所需的数据不完整：%s",
		    xf_notice_kind_title(nk), why);
	}
	xf_notice_doc_free(&doc);
	d->query_code = NULL;
	j = data_to_json(d);
	json_object_set_new(j, "kind", json_string(kind));
	data = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	r = insert_doc(app, case_id, sup_id, kind, unit_id, y, serial, number,
	    d->issued_on, event_id, data, doc_id, err);
	if (r == 0) {
		/* The 代字 of a renamed unit met another's old numbers: fall
		 * back to the unit code, which is unique. */
		snprintf(number, sizeof(number), "%s〔%d〕%d号", u->code, y,
		    serial);
		json_object_set_new(j, "doc_number", json_string(number));
		free(data);
		data = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		r = insert_doc(app, case_id, sup_id, kind, unit_id, y, serial,
		    number, d->issued_on, event_id, data, doc_id, err);
		if (r == 0)
			xf_error_set(err, XF_E_CONFLICT, NULL,
			    "文号“%s”已被占用", number);
	}
	if (r != 1)
		goto done;
	rc = 0;
done:
	d->doc_number = NULL;
	free(data);
	json_decref(j);
	return rc;
}

/* The profile whose articles a notice cites: the handling deadline's for
 * acceptance and extension (the case keeps the rules it was accepted
 * under), the case's own for the opinions. */
static const char *
notice_profile(const xf_case *c, xf_notice_kind k)
{
	if (k == XF_NOTICE_ACCEPT || k == XF_NOTICE_EXTENSION)
		for (int i = c->ndl - 1; i >= 0; i--)
			if (c->dl[i].kind == XF_DL_HANDLE &&
			    c->dl[i].profile[0] != '\0')
				return c->dl[i].profile;
	return c->profile[0] != '\0' ? c->profile : NULL;
}

/* The issuing unit of an event's document: the authority that acted. */
static int64_t
issuer_of(const xf_case *c, const xf_lc_result *res, xf_notice_kind k)
{
	switch (k) {
	case XF_NOTICE_TRANSFER:
	case XF_NOTICE_ASSIGN:
	case XF_NOTICE_OBJECTION:
		return res->from_unit_id > 0 ? res->from_unit_id : c->unit_id;
	case XF_NOTICE_REPLY:
		return c->reply_unit_id > 0 ? c->reply_unit_id : c->unit_id;
	case XF_NOTICE_REVIEW:
		return c->review_unit_id > 0 ? c->review_unit_id : c->unit_id;
	case XF_NOTICE_RECHECK:
		return c->recheck_unit_id > 0 ? c->recheck_unit_id :
		    c->unit_id;
	default:
		return c->unit_id;
	}
}

int
xf_docs_on_event(xf_app *app, const xf_case *c, json_t *case_info,
    const xf_lc_result *res, json_t *data, int64_t event_id,
    const xf_user *u, xf_error *err)
{
	const xf_unit_tree *t = xf_app_tree(app);
	xf_case *cur = NULL;
	json_t *info = NULL;
	xf_notice_data d;
	xf_notice_kind k;
	char issuer[256], to[256], above[256], prior[256], handler[256],
	    pet[192], route[512], summary[512];
	int64_t unit, doc_id = 0, to_id;
	int rc = -1, lr;

	(void)u;
	if (xf_notice_kind_parse(res->document, &k) == -1)
		return 0;	/* a kind this module does not issue */
	/* The texts the lifecycle value leaves out (number, title,
	 * petitioners): from the caller when it has them (registration),
	 * else from the row, written earlier in this same transaction. */
	if (case_info != NULL)
		info = json_incref(case_info);
	else {
		cur = xf_xmalloc(sizeof(*cur));
		if ((lr = xf_store_case_load(app->store, c->id, cur, &info,
		    err)) != 0) {
			if (lr == 1)
				xf_error_set(err, XF_E_INTERNAL, NULL,
				    "信访件不存在");
			goto done;
		}
	}
	memset(&d, 0, sizeof(d));
	unit = xf_tree_authority(t, issuer_of(c, res, k));
	unit_display(t, unit, issuer, sizeof(issuer));
	petitioner_text(info, c->headcount, pet, sizeof(pet));
	d.unit_name = issuer;
	d.issued_on = res->date;
	d.case_number = json_string_value(json_object_get(info, "number"));
	d.petitioner = pet;
	d.received_on = c->received_on;
	d.channel = xf_channel_name(c->channel);
	d.summary = summary_text(json_string_value(json_object_get(info,
	    "title")), summary, sizeof(summary));
	d.profile = notice_profile(c, k);
	d.plural = c->headcount > 1;	/* "王某等8人：你们…" */
	to[0] = above[0] = prior[0] = handler[0] = '\0';
	switch (k) {
	case XF_NOTICE_RECEIPT:
		break;
	case XF_NOTICE_ACCEPT:
		d.accepted_on = c->accepted_on;
		d.due_on = handle_due(c);
		d.due_provisional = handle_provisional(c);
		d.simple = c->simple;
		if (c->lead_unit_id > 0 && c->lead_unit_id != c->unit_id) {
			unit_display(t, c->lead_unit_id, handler,
			    sizeof(handler));
			d.handler_unit = handler;
		}
		break;
	case XF_NOTICE_NOT_ACCEPT:
		d.reason = field(data, "reason");
		d.bar = xf_case_legal_bar(app, field(data, "channel"));
		if (d.bar != 0) {
			const xf_profile *p = xf_profile_get(c->profile);

			p = p ? p : xf_profile_get(XF_PROFILE_DEFAULT);
			d.bar_article = d.bar == 1 ? p->not_again_article :
			    p->pending_article;
		} else
			d.legal_channel = legal_route(app, field(data,
			    "channel"), route, sizeof(route));
		break;
	case XF_NOTICE_TRANSFER:
	case XF_NOTICE_ASSIGN:
		to_id = json_integer_value(json_object_get(data, "to_unit_id"));
		if (to_id > 0)
			unit_display(t, to_id, to, sizeof(to));
		else if (c->unit_id != unit)
			unit_display(t, c->unit_id, to, sizeof(to));
		d.to_unit = to[0] != '\0' ? to :
		    field(data, "to_body");
		d.report_due = c->report_due;
		break;
	case XF_NOTICE_OBJECTION:
		unit_display(t, c->unit_id, to, sizeof(to));
		d.to_unit = to;
		d.reason = field(data, "reason");
		/* "本机关于…收到": the day the transfer reached the objector. */
		d.received_on = event_date(app, c->id, event_id, "transfer",
		    "assign", res->from_unit_id);
		if (!has_date(d.received_on))
			d.received_on = c->received_on;
		/* The window it was raised against (the newest objection
		 * deadline, met by this objection): a late one must not claim
		 * to be within it. */
		for (int i = c->ndl - 1; i >= 0; i--)
			if (c->dl[i].kind == XF_DL_OBJECTION &&
			    c->dl[i].state == XF_DLS_MET) {
				d.due_on = c->dl[i].due;
				break;
			}
		break;
	case XF_NOTICE_EXTENSION:
		d.accepted_on = c->accepted_on;
		d.due_on = handle_due(c);
		d.due_provisional = handle_provisional(c);
		d.extend_days = c->extension_days;
		d.reason = field(data, "reason");
		break;
	case XF_NOTICE_REPLY:
	case XF_NOTICE_REVIEW:
	case XF_NOTICE_RECHECK:
		d.outcome = xf_outcome_name(c->outcome);
		d.request = field(data, "request");
		d.facts = field(data, "facts");
		d.decision = field(data, "decision");
		d.basis = field(data, "basis");
		d.execute_by = c->execute_by;
		if (k == XF_NOTICE_REPLY) {
			d.accepted_on = c->accepted_on;
			level_above(t, unit, above, sizeof(above));
			d.review_body = above;
		} else if (k == XF_NOTICE_REVIEW) {
			unit_display(t, c->reply_unit_id, prior, sizeof(prior));
			d.prior_unit = prior;
			d.prior_on = c->first_replied_on;
			d.request_on = c->review_requested_on;
			if (xf_profile_get(c->profile) != NULL &&
			    !xf_profile_get(c->profile)->has_recheck)
				d.final_review = 1;
			else {
				level_above(t, unit, above, sizeof(above));
				d.review_body = above;
			}
		} else {
			unit_display(t, c->review_unit_id, prior, sizeof(prior));
			d.prior_unit = prior;
			d.prior_on = event_date(app, c->id, event_id,
			    "review_decision", "review_decision", 0);
			d.request_on = c->recheck_requested_on;
		}
		break;
	default:
		xf_error_set(err, XF_E_INTERNAL, NULL, "%s不由案件操作生成",
		    xf_notice_kind_title(k));
		goto done;
	}
	rc = issue(app, c->id, 0, res->document, unit, event_id, &d, &doc_id,
	    err);
done:
	json_decref(info);
	free(cur);
	return rc;
}

int
xf_docs_supervision_letter(xf_app *app, int64_t supervision_id,
    int64_t case_id, int64_t unit_id, xf_date issued_on,
    const xf_notice_data *d, int64_t *doc_id, xf_error *err)
{
	xf_notice_data c = *d;
	char issuer[256];
	int64_t unit = xf_tree_authority(xf_app_tree(app), unit_id);

	*doc_id = 0;
	if (unit <= 0)
		return xf_error_set(err, XF_E_INVALID, "unit_id", "发文单位不存在");
	if (c.unit_name == NULL || *c.unit_name == '\0') {
		unit_display(xf_app_tree(app), unit, issuer, sizeof(issuer));
		c.unit_name = issuer;
	}
	c.issued_on = issued_on;
	c.query_code = NULL;
	if (xf_store_begin(app->store, err) == -1)
		return -1;
	{
		sqlite3_stmt *s = xf_store_stmt(app->store,
		    "SELECT id FROM documents WHERE case_id = ?1 AND"
		    " supervision_id = ?2 AND kind = 'supervision_letter'"
		    " ORDER BY id LIMIT 1", err);
		int r;

		if (s == NULL) {
			xf_store_rollback(app->store);
			return -1;
		}
		sqlite3_bind_int64(s, 1, case_id);
		sqlite3_bind_int64(s, 2, supervision_id);
		r = sqlite3_step(s);
		if (r == SQLITE_ROW)
			*doc_id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (r == SQLITE_ROW)
			return xf_store_commit(app->store, err) == -1 ? -1 : 1;
		if (r != SQLITE_DONE) {
			xf_store_rollback(app->store);
			return xf_error_set(err, XF_E_INTERNAL, NULL,
			    "读取督办函失败");
		}
	}
	if (issue(app, case_id, supervision_id, "supervision_letter", unit, 0,
	    &c, doc_id, err) == -1 || xf_store_commit(app->store, err) == -1) {
		/* Inside the caller's transaction this rolls it back whole:
		 * a letter that cannot be recorded must not be announced. */
		xf_store_rollback(app->store);
		return -1;
	}
	return 0;
}

/* ---- reading and rendering ---------------------------------------------- */

static int
load_doc(xf_app *app, int64_t id, xf_doc_meta *m, char **data, xf_error *err)
{
	sqlite3_stmt *s = xf_store_stmt(app->store,
	    "SELECT case_id, supervision_id, kind, unit_id, year, serial,"
	    " number, issued_on, sha256, bytes, data FROM documents"
	    " WHERE id = ?1", err);
	int r;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_DONE) {
		sqlite3_reset(s);
		xf_error_set(err, XF_E_NOT_FOUND, NULL, "文书不存在");
		return 1;
	}
	if (r != SQLITE_ROW) {
		xf_store_sqlerr(app->store, err);
		sqlite3_reset(s);
		return -1;
	}
	memset(m, 0, sizeof(*m));
	m->id = id;
	m->case_id = sqlite3_column_int64(s, 0);
	m->supervision_id = sqlite3_column_int64(s, 1);
	snprintf(m->kind, sizeof(m->kind), "%s", sqlite3_column_text(s, 2));
	m->unit_id = sqlite3_column_int64(s, 3);
	m->year = sqlite3_column_int(s, 4);
	m->serial = sqlite3_column_int(s, 5);
	snprintf(m->number, sizeof(m->number), "%s",
	    sqlite3_column_text(s, 6));
	m->issued_on = sqlite3_column_int(s, 7);
	if (sqlite3_column_type(s, 8) != SQLITE_NULL)
		snprintf(m->sha256, sizeof(m->sha256), "%s",
		    sqlite3_column_text(s, 8));
	m->bytes = sqlite3_column_int64(s, 9);
	if (data != NULL)
		*data = xf_xstrdup((const char *)sqlite3_column_text(s, 10));
	sqlite3_reset(s);
	return 0;
}

int
xf_docs_get(xf_app *app, int64_t doc_id, xf_doc_meta *out, xf_error *err)
{
	return load_doc(app, doc_id, out, NULL, err);
}

/* Stores the hash of a document's first canonical render, through the
 * one writer like every other change (group commit, so durable when this
 * returns) and with its audit record: the hash is what later renders are
 * held to, so when it was set is part of the record. Returns 1 if another
 * render stored one first (then m is not changed). */
static int
seal_first(xf_app *app, xf_doc_meta *m, const char *hex, size_t len,
    xf_error *err)
{
	sqlite3_stmt *s;
	int r, changed;

	if (xf_store_begin(app->store, err) == -1)
		return -1;
	if ((s = xf_store_stmt(app->store,
	    "UPDATE documents SET sha256 = ?1, bytes = ?2"
	    " WHERE id = ?3 AND sha256 IS NULL", err)) == NULL)
		goto fail;
	sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
	sqlite3_bind_int64(s, 3, m->id);
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		xf_store_sqlerr(app->store, err);
		goto fail;
	}
	changed = sqlite3_changes(xf_store_db(app->store)) == 1;
	if (changed && xf_store_audit(app->store, 0, NULL, "seal", "document",
	    m->id, NULL, json_pack("{s:s,s:s,s:I}", "number", m->number,
	    "sha256", hex, "bytes", (json_int_t)len), err) == -1)
		goto fail;
	if (xf_store_commit(app->store, err) == -1)
		goto fail;
	if (!changed)
		return 1;
	memcpy(m->sha256, hex, 65);
	m->bytes = (int64_t)len;
	return 0;
fail:
	xf_store_rollback(app->store);
	return -1;
}

/* Records the hash of the first canonical render, or checks a later one
 * against it. Two first renders at once store one and compare the other. */
static int
seal(xf_app *app, xf_doc_meta *m, const unsigned char *pdf, size_t len,
    xf_error *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	int r;

	crypto_hash_sha256(h, pdf, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (m->sha256[0] == '\0') {
		if ((r = seal_first(app, m, hex, len, err)) != 1)
			return r;
		if (load_doc(app, m->id, m, NULL, err) != 0)
			return -1;
	}
	if (strcmp(m->sha256, hex) != 0 || m->bytes != (int64_t)len) {
		/* The renderer is deterministic, so this means the fonts, the
		 * layout code or the stored data changed under an issued
		 * document: an operator must look. */
		fprintf(stderr, "xinfang: 文书 %lld（%s）重新生成的 SHA-256 %s 与"
		    "存档 %s 不符\n", (long long)m->id, m->number, hex,
		    m->sha256);
		return xf_error_set(err, XF_E_INTERNAL, NULL,
		    "文书%s重新生成的内容与存档不一致", m->number);
	}
	return 0;
}

static int
render_meta(xf_app *app, xf_doc_meta *m, const char *query_code,
    unsigned char **pdf, size_t *len, xf_error *err)
{
	char *data = NULL, code[33];
	json_t *j = NULL;
	xf_notice_data d;
	xf_notice_kind k;
	int rc = -1, lr;
	size_t i;

	*pdf = NULL;
	*len = 0;
	if ((lr = load_doc(app, m->id, m, &data, err)) != 0)
		return -1;	/* 1: err says not found */
	if (query_code != NULL) {
		/* The petitioner's copy: only the notices addressed to the
		 * petitioner, and only with the code of their case. */
		for (i = 0; query_code[i] != '\0' && i < sizeof(code) - 1; i++)
			code[i] = (query_code[i] >= 'a' && query_code[i] <= 'z') ?
			    (char)(query_code[i] - 'a' + 'A') : query_code[i];
		code[i] = '\0';
		if (query_code[i] != '\0' || m->case_id <= 0 ||
		    !xf_docs_kind_for_petitioner(m->kind) ||
		    !xf_store_case_check_code(app->store, m->case_id, code)) {
			xf_error_set(err, XF_E_NOT_FOUND, NULL, "文书不存在");
			goto done;
		}
	}
	if (xf_notice_kind_parse(m->kind, &k) == -1 ||
	    (j = json_loads(data, 0, NULL)) == NULL) {
		xf_error_set(err, XF_E_INTERNAL, NULL, "文书%s的存档数据损坏",
		    m->number);
		goto done;
	}
	json_to_data(j, &d);
	if (k == XF_NOTICE_RECEIPT)
		d.query_code = query_code != NULL ? code :
		    XF_DOCS_CODE_PLACEHOLDER;
	if (xf_notice_render(k, &d, pdf, len, err) == -1) {
		if (err != NULL && err->code != XF_E_INTERNAL) {
			char why[256], fname[64];

			snprintf(why, sizeof(why), "%s", err->message);
			snprintf(fname, sizeof(fname), "%s", err->field);
			xf_error_set(err, XF_E_INTERNAL, fname,
			    "文书%s无法生成：%s", m->number, why);
		}
		goto done;
	}
	/* The petitioner's receipt differs from the canonical one by the
	 * code; the other petitioner copies are the canonical bytes. */
	if ((query_code == NULL || k != XF_NOTICE_RECEIPT) &&
	    seal(app, m, *pdf, *len, err) == -1)
		goto done;
	rc = 0;
done:
	if (rc == -1) {
		free(*pdf);
		*pdf = NULL;
		*len = 0;
	}
	sodium_memzero(code, sizeof(code));
	json_decref(j);
	free(data);
	return rc;
}

int
xf_docs_render(xf_app *app, int64_t doc_id, const char *query_code,
    unsigned char **pdf, size_t *len, xf_error *err)
{
	xf_doc_meta m;

	m.id = doc_id;
	return render_meta(app, &m, query_code, pdf, len, err);
}

json_t *
xf_docs_list(xf_app *app, int64_t case_id, int petitioner_view,
    xf_error *err)
{
	sqlite3_stmt *s;
	json_t *items = json_array(), *v;
	size_t i;
	int r;

	if ((s = xf_store_stmt(app->store,
	    "SELECT id, kind, number, sha256, issued_on, bytes FROM documents"
	    " WHERE case_id = ?1 ORDER BY id", err)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, case_id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		xf_notice_kind k;
		char b[11];

		if (petitioner_view && !xf_docs_kind_for_petitioner(kind))
			continue;
		xf_date_format(sqlite3_column_int(s, 4), b);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s?,s:s,"
		    "s:s?,s:s,s:I}",
		    "id", (json_int_t)sqlite3_column_int64(s, 0),
		    "kind", kind,
		    "title", xf_notice_kind_parse(kind, &k) == 0 ?
		    xf_notice_kind_title(k) : NULL,
		    "number", (const char *)sqlite3_column_text(s, 2),
		    "sha256", (const char *)sqlite3_column_text(s, 3),
		    "issued_on", b,
		    "bytes", (json_int_t)sqlite3_column_int64(s, 5)));
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		xf_store_sqlerr(app->store, err);
		goto fail;
	}
	/* Render what was never rendered, so every item has its hash. The
	 * statement above is finished first: rendering uses its own. Not for
	 * the portal: an unauthenticated lookup must stay cheap, and there a
	 * missing hash is only null until staff or a download render it. */
	json_array_foreach(petitioner_view ? NULL : items, i, v) {
		xf_doc_meta m;
		unsigned char *pdf;
		size_t len;

		if (json_string_value(json_object_get(v, "sha256")) != NULL)
			continue;
		m.id = json_integer_value(json_object_get(v, "id"));
		if (render_meta(app, &m, NULL, &pdf, &len, err) == -1)
			goto fail;
		free(pdf);
		json_object_set_new(v, "sha256", json_string(m.sha256));
		json_object_set_new(v, "bytes", json_integer(m.bytes));
	}
	return items;
fail:
	json_decref(items);
	return NULL;
}

/* ---- HTTP ---------------------------------------------------------------- */

/* GET /api/v1/cases/{id}/documents */
static int
api_case_documents(xf_req *r)
{
	json_t *info = NULL, *items;
	xf_case *c = NULL;
	int rc = -1, lr;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1)
		return -1;
	c = xf_xmalloc(sizeof(*c));
	if ((lr = xf_store_case_load(r->app->store, r->id, c, &info,
	    &r->err)) != 0) {
		if (lr == 1)
			xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "信访件不存在");
		goto done;
	}
	/* Every notice names the petitioner: a user kept from a
	 * confidential case's protected fields sees none of them. */
	if (!xf_case_may_see_protected(r, c, info)) {
		xf_reply_json(r, 200, json_pack("{s:[],s:b}", "items",
		    "protected", 1));
		rc = 0;
		goto done;
	}
	if ((items = xf_docs_list(r->app, r->id, 0, &r->err)) == NULL)
		goto done;
	xf_reply_json(r, 200, json_pack("{s:o}", "items", items));
	rc = 0;
done:
	json_decref(info);
	free(c);
	return rc;
}

/* RFC 6266 / 5987: an ASCII fallback name and the real one encoded. */
static const char *
disposition(xf_req *r, const xf_doc_meta *m)
{
	static const char hexd[] = "0123456789ABCDEF";
	char enc[512];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)m->number;
	    *p != '\0' && n + 4 < sizeof(enc); p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			enc[n++] = (char)*p;
		else {
			enc[n++] = '%';
			enc[n++] = hexd[*p >> 4];
			enc[n++] = hexd[*p & 15];
		}
	}
	enc[n] = '\0';
	return xf_arena_printf(&r->arena, "inline; filename=\"%s-%d-%d.pdf\"; "
	    "filename*=UTF-8''%s.pdf", m->kind, m->year, m->serial, enc);
}

/* GET /api/v1/documents/{id}[?code=查询码] */
static int
api_document_get(xf_req *r)
{
	const char *code = xf_query_get(&r->query, "code");
	json_t *info = NULL;
	xf_case *c = NULL;
	xf_doc_meta m;
	unsigned char *pdf = NULL;
	size_t len = 0;
	int rc = -1, lr;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	if (code != NULL && (*code == '\0' || strlen(code) > 32))
		return xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "文书不存在");
	if ((lr = xf_docs_get(r->app, r->id, &m, &r->err)) != 0)
		return -1;
	/* Scope: the case's, and its protected fields' (SPEC §7); a
	 * document without a case belongs to its issuing unit. */
	if (m.case_id > 0) {
		if (xf_case_visible(r, m.case_id) == -1)
			goto notfound;
		c = xf_xmalloc(sizeof(*c));
		if ((lr = xf_store_case_load(r->app->store, m.case_id, c, &info,
		    &r->err)) != 0) {
			if (lr == 1)
				goto notfound;
			goto done;
		}
		if (!xf_case_may_see_protected(r, c, info))
			goto notfound;
	} else if (!xf_scope_unit(r, m.unit_id))
		goto notfound;
	if (render_meta(r->app, &m, code, &pdf, &len, &r->err) == -1)
		goto done;
	if (c != NULL && c->confidential)
		/* Every read of a protected identity is on the record. */
		xf_store_audit(r->app->store, r->user.id, r->ip,
		    "read_protected", "document", m.id, NULL, NULL, NULL);
	r->status = 200;
	r->bytes = pdf;
	r->bytes_len = len;
	r->content_type = "application/pdf";
	r->disposition = disposition(r, &m);
	pdf = NULL;
	rc = 0;
	goto done;
notfound:
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "文书不存在");
done:
	free(pdf);
	json_decref(info);
	free(c);
	return rc;
}

const xf_route xf_document_routes[] = {
	{ "GET", "/api/v1/cases/{id}/documents", api_case_documents, 0 },
	{ "GET", "/api/v1/documents/{id}", api_document_get, 0 },
	{ NULL, NULL, NULL, 0 },
};

/* GB/T 9704-2012 layout engine: one xf_pdf_doc → PDF bytes.
 *
 * The page is a grid: the 版心 (156 × 225 mm at 28 mm / 37 mm) holds 22 line
 * slots of 225/22 mm; every body line sits in one slot, so pages look like
 * the ruled sheets the standard describes and pagination is slot counting.
 * The 版头 (mark, number, red line, title) is placed by measure above the
 * grid on page 1, and the recipient line snaps to the first free slot.
 *
 * Work happens in two passes: plan() lays out every line with Pango and
 * assigns it a page and a baseline; draw() paints the plan on a cairo PDF
 * surface. xf_pdf_page_count() runs only the first.
 *
 * Font choice (Debian ships none of the proprietary faces GB/T 9704 names):
 * - 仿宋 has Song structure with thin, even strokes. Noto Serif CJK SC Light
 *   is the closest in colour and structure; AR PL UKai is a brush Kai and
 *   reads as 楷体, AR PL UMing is an older Ming with uneven quality at 16 pt.
 * - 小标宋 is a heavy Song: Noto Serif CJK SC Bold. fontconfig picks the
 *   nearest installed weight (SemiBold, Black, Regular) if Bold is missing.
 * - HanaMinA/B (fonts-hanazono) follow in every family list: Noto CJK covers
 *   only part of CJK Ext-B, and a name character drawn as a box would make a
 *   legal notice address nobody. Pango picks per character the first family
 *   in the list that has it, then any font fontconfig finds. */
#include <glib.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/pdf.h"

#define MM(x)		((x) * 72.0 / 25.4)
#define PAGE_W		MM(210.0)
#define PAGE_H		MM(297.0)
#define BLOCK_X		MM(28.0)
#define BLOCK_Y		MM(37.0)
#define BLOCK_W		MM(156.0)
#define BLOCK_H		MM(225.0)
#define LINES		22
#define CHARS		28
#define PITCH		(BLOCK_H / LINES)
#define BODY_PT		16.0	/* 3号 */
#define TITLE_PT	22.0	/* 2号 */
#define SMALL_PT	14.0	/* 4号: 版记, page numbers */
#define MARK_PT		48.0	/* 发文机关标志: the standard leaves the size open */
/* Body characters advance by 156 mm / 28 (a hair under 16 pt), so 28 fit on
 * a line as §5.2.2 asks; the 0.5 pt slack keeps rounding from pushing the
 * 28th character to the next line. */
#define CHAR_ADV	((BLOCK_W - 0.5) / CHARS)
/* Share of the em box above the baseline in CJK faces (ideographic box
 * 880/-120 in Noto CJK): used to centre a line in its slot. */
#define ASCENT		0.88

#define FACE_SONG	"Noto Serif CJK SC,HanaMinA,HanaMinB"
#define FACE_HEI	"Noto Sans CJK SC,HanaMinA,HanaMinB"
#define FACE_KAI	"AR PL UKai CN,Noto Serif CJK SC,HanaMinA,HanaMinB"

enum face { F_BODY, F_TITLE, F_HEI, F_KAI, F_COUNT };

static PangoFontMap *fontmap;
static PangoFontDescription *faces[F_COUNT];
static pthread_once_t font_once = PTHREAD_ONCE_INIT;
/* Pango font maps cache fonts without locks of their own: one render at a
 * time uses the shared map. A render is ~10 ms; documents are issued one by
 * one, so the serialisation costs nothing users notice. */
static pthread_mutex_t font_lock = PTHREAD_MUTEX_INITIALIZER;

static void
font_init(void)
{
	fontmap = pango_cairo_font_map_new();
	faces[F_BODY] = pango_font_description_from_string(FACE_SONG);
	pango_font_description_set_weight(faces[F_BODY], PANGO_WEIGHT_LIGHT);
	faces[F_TITLE] = pango_font_description_from_string(FACE_SONG);
	pango_font_description_set_weight(faces[F_TITLE], PANGO_WEIGHT_BOLD);
	faces[F_HEI] = pango_font_description_from_string(FACE_HEI);
	faces[F_KAI] = pango_font_description_from_string(FACE_KAI);
}

/* ---- the plan ---------------------------------------------------------- */

typedef struct {
	PangoLayoutLine	*line;		/* NULL: an empty slot */
	double		 x, y;		/* origin of the line, y = baseline */
	int		 page;
	int		 red;
} placed;

typedef struct {
	double		 x0, x1, y, width;
	int		 page;
	int		 red;
} rule;

typedef struct {
	PangoContext	*ctx;
	GPtrArray	*layouts;	/* owns every layout */
	placed		*v;
	size_t		 n, cap;
	rule		 rules[8];
	size_t		 nrules;
	int		 npages;
	/* flow cursor */
	int		 page, slot;
	int		 layout;	/* xf_pdf_doc.layout */
} plan;

static int
push(plan *p, PangoLayoutLine *line, double x, double y, int page, int red)
{
	placed *nv;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		nv = realloc(p->v, p->cap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		p->v = nv;
	}
	p->v[p->n].line = line;
	p->v[p->n].x = x;
	p->v[p->n].y = y;
	p->v[p->n].page = page;
	p->v[p->n].red = red;
	p->n++;
	return 0;
}

static void
add_rule(plan *p, double x0, double x1, double y, double width, int page,
    int red)
{
	rule *r;

	if (p->nrules >= sizeof(p->rules) / sizeof(p->rules[0]))
		return;
	r = &p->rules[p->nrules++];
	r->x0 = x0;
	r->x1 = x1;
	r->y = y;
	r->width = width;
	r->page = page;
	r->red = red;
}

static double
slot_top(int slot)
{
	return BLOCK_Y + slot * PITCH;
}

/* Baseline that centres a size-pt em box in a line box starting at top. */
static double
baseline_in(double top, double size)
{
	return top + (PITCH - size) / 2 + ASCENT * size;
}

static PangoLayout *
new_layout(plan *p, enum face f, double size, const char *text,
    double width, double indent, PangoAlignment align, int justify,
    double advance)
{
	PangoLayout *l;
	PangoFontDescription *fd;
	PangoAttrList *attrs;

	l = pango_layout_new(p->ctx);
	g_ptr_array_add(p->layouts, l);
	fd = pango_font_description_copy(faces[f]);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
	pango_layout_set_alignment(l, align);
	pango_layout_set_justify(l, justify);
	if (advance > 0) {
		/* CJK glyphs are one em wide: letter spacing of advance − size
		 * puts characters on the 28-per-line grid. */
		attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
		    (int)((advance - size) * PANGO_SCALE)));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	if (strchr(text, '\t') != NULL) {
		/* A tab (text pasted from a word processor) is one
		 * ideographic space: the body keeps its character grid. */
		GString *g = g_string_sized_new(strlen(text) + 16);

		for (const char *q = text; *q != '\0'; q++)
			if (*q == '\t')
				g_string_append(g, "\xe3\x80\x80");	/* U+3000 */
			else
				g_string_append_c(g, *q);
		pango_layout_set_text(l, g->str, (int)g->len);
		g_string_free(g, TRUE);
	} else
		pango_layout_set_text(l, text, -1);
	return l;
}

static double
layout_width(PangoLayout *l)
{
	PangoRectangle log;

	pango_layout_get_extents(l, NULL, &log);
	return (double)log.width / PANGO_SCALE;
}

/* Calls fn for every line of l with the line's x offset in the layout. */
typedef int (*line_fn)(plan *, PangoLayoutLine *, double, void *);

static int
each_line(plan *p, PangoLayout *l, line_fn fn, void *arg)
{
	PangoLayoutIter *it;
	PangoRectangle log;
	int rc = 0;

	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		rc = fn(p, pango_layout_iter_get_line_readonly(it),
		    (double)log.x / PANGO_SCALE, arg);
		if (rc != 0)
			break;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return rc;
}

/* ---- flow of body slots ------------------------------------------------- */

typedef struct {
	double	x;	/* left edge of the layout box */
	double	size;	/* font size, for the baseline */
	int	red;
} flow_arg;

static int
flow_line(plan *p, PangoLayoutLine *line, double dx, void *argp)
{
	const flow_arg *a = argp;

	if (p->slot >= LINES) {
		p->page++;
		p->slot = 0;
	}
	if (push(p, line, line ? a->x + dx : 0, baseline_in(slot_top(p->slot),
	    a->size), p->page, a->red) == -1)
		return -1;
	p->slot++;
	return 0;
}

static int
flow_layout(plan *p, PangoLayout *l, double x, double size)
{
	flow_arg a = { x, size, 0 };

	return each_line(p, l, flow_line, &a);
}

static int
flow_blank(plan *p)
{
	flow_arg a = { 0, BODY_PT, 0 };

	return flow_line(p, NULL, 0, &a);
}

/* Length in bytes of a heading number "一、" / "（一）" at the start of s, or 0. */
static size_t
heading_prefix(const char *s, int *level)
{
	static const char *const nums[] = { "一", "二", "三", "四", "五", "六",
	    "七", "八", "九", "十" };
	const char *q = s;
	int paren = 0, digits = 0;
	size_t i;

	if (strncmp(q, "（", strlen("（")) == 0) {
		paren = 1;
		q += strlen("（");
	}
	for (;;) {
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
			if (strncmp(q, nums[i], strlen(nums[i])) == 0)
				break;
		if (i == sizeof(nums) / sizeof(nums[0]))
			break;
		q += strlen(nums[i]);
		if (++digits > 3)
			return 0;
	}
	if (digits == 0)
		return 0;
	if (paren && strncmp(q, "）", strlen("）")) == 0) {
		*level = 2;
		return (size_t)(q - s) + strlen("）");
	}
	if (!paren && strncmp(q, "、", strlen("、")) == 0) {
		*level = 1;
		return (size_t)(q - s) + strlen("、");
	}
	return 0;
}

/* Copy of text[0..len) with a zero-width space between the characters of
 * every run of ASCII letters, digits and hyphens longer than 8: UAX #14
 * forbids breaks inside a case number ("HA-ZZ-JS-20251031-0007": no break
 * between a hyphen and a digit), and a number pushed whole to the next
 * line leaves the justified line before it spread letter by letter. With
 * the spaces it breaks like the Chinese around it. */
static char *
break_long_runs(const char *text, size_t len, int layout)
{
	static const char zwsp[] = "\xE2\x80\x8B";
	GString *g;
	size_t i, j, k;

	g = g_string_sized_new(len + 16);
	for (i = 0; i < len; i = j) {
		for (j = i; j < len && (g_ascii_isalnum(text[j]) ||
		    (layout >= 2 && text[j] == '-')); j++)
			;
		if (j - i > 8) {
			for (k = i; k < j; k++) {
				g_string_append_c(g, text[k]);
				if (k + 1 < j)
					g_string_append(g, zwsp);
			}
		} else if (j > i) {
			g_string_append_len(g, text + i, (gssize)(j - i));
		} else {
			g_string_append_c(g, text[j]);
			j++;
		}
	}
	return g_string_free(g, FALSE);
}

/* One body paragraph. A 一、 heading is set in 黑体 and a （一） heading in
 * 楷体 up to its first 。 (the heading itself); the rest stays 仿宋. */
static int
flow_paragraph(plan *p, const char *text, size_t len)
{
	PangoLayout *l;
	PangoAttrList *attrs;
	PangoAttribute *a;
	PangoFontDescription *fd;
	char *s;
	const char *stop;
	int level = 0;
	size_t end;

	s = break_long_runs(text, len, p->layout);
	l = new_layout(p, F_BODY, BODY_PT, s, BLOCK_W, 2 * CHAR_ADV,
	    PANGO_ALIGN_LEFT, 1, CHAR_ADV);
	if (heading_prefix(s, &level) > 0) {
		stop = strstr(s, "。");
		end = stop ? (size_t)(stop - s) + strlen("。") : len;
		fd = pango_font_description_copy(faces[level == 1 ? F_HEI :
		    F_KAI]);
		pango_font_description_set_absolute_size(fd,
		    BODY_PT * PANGO_SCALE);
		a = pango_attr_font_desc_new(fd);
		pango_font_description_free(fd);
		a->start_index = 0;
		a->end_index = (guint)end;
		attrs = pango_attr_list_copy(pango_layout_get_attributes(l));
		pango_attr_list_insert(attrs, a);
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	g_free(s);
	return flow_layout(p, l, BLOCK_X, BODY_PT);
}

/* Splits text on newlines; empty pieces are dropped. */
static int
flow_text(plan *p, const char *text)
{
	const char *q, *nl;
	size_t len;

	for (q = text; *q != '\0'; q = nl ? nl + 1 : q + len) {
		nl = strchr(q, '\n');
		len = nl ? (size_t)(nl - q) : strlen(q);
		if (len > 0 && q[len - 1] == '\r')
			len--;
		if (len > 0 && flow_paragraph(p, q, len) == -1)
			return -1;
		if (nl == NULL)
			break;
	}
	return 0;
}

/* ---- input checks ------------------------------------------------------- */

static int
check_text(const char *s, const char *field, int allow_nl, size_t *total,
    xf_error *err)
{
	const unsigned char *q;
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	*total += n;
	if (*total > XF_PDF_MAX_TEXT)
		return xf_error_set(err, XF_E_TOO_LARGE, field,
		    "文书内容过长（超过%d字节）", XF_PDF_MAX_TEXT);
	if (!g_utf8_validate(s, (gssize)n, NULL))
		return xf_error_set(err, XF_E_INVALID, field,
		    "文书内容不是有效的UTF-8文本");
	for (q = (const unsigned char *)s; *q != '\0'; q++) {
		if (*q == 0x7f || (*q < 0x20 && !(allow_nl &&
		    (*q == '\n' || *q == '\r' || *q == '\t'))))
			return xf_error_set(err, XF_E_INVALID, field,
			    "文书内容含有控制字符");
	}
	return 0;
}

static int
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static int
check_doc(const xf_pdf_doc *d, xf_error *err)
{
	char field[48];
	size_t total = 0, i;

	if (d == NULL)
		return xf_error_set(err, XF_E_INVALID, NULL, "缺少文书内容");
	if (empty(d->authority))
		return xf_error_set(err, XF_E_INVALID, "authority",
		    "缺少发文机关");
	if (empty(d->title))
		return xf_error_set(err, XF_E_INVALID, "title", "缺少文书标题");
	if (empty(d->signature))
		return xf_error_set(err, XF_E_INVALID, "signature",
		    "缺少发文机关署名");
	if (d->issued_on == XF_DATE_NONE || xf_date_year(d->issued_on) < 1900 ||
	    xf_date_year(d->issued_on) > 2199)
		return xf_error_set(err, XF_E_INVALID, "issued_on",
		    "缺少或错误的成文日期");
	if (d->printed_on != XF_DATE_NONE && d->printed_on != 0 &&
	    (xf_date_year(d->printed_on) < 1900 ||
	    xf_date_year(d->printed_on) > 2199))
		return xf_error_set(err, XF_E_INVALID, "printed_on",
		    "错误的印发日期");
	if (d->nparagraphs > XF_PDF_MAX_PARAGRAPHS)
		return xf_error_set(err, XF_E_TOO_LARGE, "paragraphs",
		    "正文段落过多（超过%d段）", XF_PDF_MAX_PARAGRAPHS);
	if (d->nparagraphs > 0 && d->paragraphs == NULL)
		return xf_error_set(err, XF_E_INVALID, "paragraphs",
		    "缺少正文");
	if (check_text(d->authority, "authority", 0, &total, err) == -1 ||
	    check_text(d->doc_number, "doc_number", 0, &total, err) == -1 ||
	    check_text(d->title, "title", 1, &total, err) == -1 ||
	    check_text(d->recipient, "recipient", 0, &total, err) == -1 ||
	    check_text(d->attachment, "attachment", 0, &total, err) == -1 ||
	    check_text(d->signature, "signature", 0, &total, err) == -1 ||
	    check_text(d->note, "note", 0, &total, err) == -1 ||
	    check_text(d->cc, "cc", 0, &total, err) == -1 ||
	    check_text(d->printer, "printer", 0, &total, err) == -1)
		return -1;
	for (i = 0; i < d->nparagraphs; i++) {
		snprintf(field, sizeof(field), "paragraphs[%zu]", i);
		if (check_text(d->paragraphs[i], field, 1, &total, err) == -1)
			return -1;
	}
	return 0;
}

char *
xf_pdf_format_date(xf_date d, char buf[32])
{
	int y, m, dd;

	xf_date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, 32, "%d年%d月%d日", y, m, dd);
	return buf;
}

/* ---- page 1 版头 ---------------------------------------------------------- */

static int
plan_head(plan *p, const xf_pdf_doc *d, xf_error *err)
{
	PangoLayout *l;
	flow_arg a;
	double size, w, y, top;
	char *s;
	int slot, rc;

	/* 发文机关标志: red, centred, top edge 35 mm below the 版心's (§7.2.3);
	 * shrunk to the 版心 width when the name is long. */
	size = MARK_PT;
	l = new_layout(p, F_TITLE, size, d->authority, -1, 0,
	    PANGO_ALIGN_LEFT, 0, 0);
	w = layout_width(l);
	if (w > BLOCK_W) {
		size = size * BLOCK_W / w;
		l = new_layout(p, F_TITLE, size, d->authority, -1, 0,
		    PANGO_ALIGN_LEFT, 0, 0);
		w = layout_width(l);
	}
	y = BLOCK_Y + MM(35.0);
	if (push(p, pango_layout_get_line_readonly(l, 0),
	    BLOCK_X + (BLOCK_W - w) / 2, y + ASCENT * size, 0, 1) == -1)
		goto oom;
	y += size;

	/* 发文字号 two lines below, centred; the red line 4 mm under it. */
	if (!empty(d->doc_number)) {
		y += 2 * PITCH;
		l = new_layout(p, F_BODY, BODY_PT, d->doc_number, -1, 0,
		    PANGO_ALIGN_LEFT, 0, 0);
		w = layout_width(l);
		if (w > BLOCK_W)
			return xf_error_set(err, XF_E_INVALID, "doc_number",
			    "发文字号过长");
		if (push(p, pango_layout_get_line_readonly(l, 0),
		    BLOCK_X + (BLOCK_W - w) / 2, baseline_in(y, BODY_PT), 0,
		    0) == -1)
			goto oom;
		y = baseline_in(y, BODY_PT) + (1 - ASCENT) * BODY_PT;
	}
	y += MM(4.0);
	add_rule(p, BLOCK_X, BLOCK_X + BLOCK_W, y, 1.5, 0, 1);

	/* 标题: two lines below the red line, centred, 2号. */
	top = y + 2 * PITCH;
	l = new_layout(p, F_TITLE, TITLE_PT, d->title, BLOCK_W, 0,
	    PANGO_ALIGN_CENTER, 0, 0);
	if (pango_layout_get_line_count(l) > 4)
		return xf_error_set(err, XF_E_INVALID, "title",
		    "文书标题过长（超过四行）");
	a.x = BLOCK_X;
	a.size = TITLE_PT;
	a.red = 0;
	p->page = 0;
	p->slot = 0;
	/* Title lines keep the body pitch but start off the grid. */
	{
		PangoLayoutIter *it = pango_layout_get_iter(l);
		PangoRectangle log;

		do {
			pango_layout_iter_get_line_extents(it, NULL, &log);
			rc = push(p, pango_layout_iter_get_line_readonly(it),
			    a.x + (double)log.x / PANGO_SCALE,
			    baseline_in(top, TITLE_PT), 0, 0);
			top += PITCH;
		} while (rc == 0 && pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		if (rc == -1)
			goto oom;
	}

	/* One blank line, then the recipient on the grid (§7.3.2). */
	top += PITCH;
	slot = (int)((top - BLOCK_Y) / PITCH + 0.999);
	if (slot >= LINES - 1)
		return xf_error_set(err, XF_E_INVALID, "title",
		    "版头过长，首页无法排入正文");
	p->slot = slot;
	if (!empty(d->recipient)) {
		s = g_strconcat(d->recipient, "：", NULL);
		l = new_layout(p, F_BODY, BODY_PT, s, BLOCK_W, 0,
		    PANGO_ALIGN_LEFT, 0, CHAR_ADV);
		g_free(s);
		if (flow_layout(p, l, BLOCK_X, BODY_PT) == -1)
			goto oom;
	}
	return 0;
oom:
	return xf_error_set(err, XF_E_INTERNAL, NULL, "内存不足");
}

/* ---- signature, 附注, 版记 ------------------------------------------------ */

static int
plan_signature(plan *p, const xf_pdf_doc *d)
{
	PangoLayout *sig, *date, *note = NULL;
	char buf[32], *s;
	double dx, dw, sw, sx;
	int need, i;
	size_t keep;

	/* §7.3.5.1 (sealed documents): the date right-indented four
	 * characters, the signature centred over it, the seal pressed on both
	 * with its top within one line of the text: two empty slots. */
	date = new_layout(p, F_BODY, BODY_PT, xf_pdf_format_date(d->issued_on,
	    buf), -1, 0, PANGO_ALIGN_LEFT, 0, CHAR_ADV);
	sig = new_layout(p, F_BODY, BODY_PT, d->signature, -1, 0,
	    PANGO_ALIGN_LEFT, 0, CHAR_ADV);
	dw = layout_width(date);
	sw = layout_width(sig);
	dx = BLOCK_X + BLOCK_W - 4 * CHAR_ADV - dw;
	sx = dx + dw / 2 - sw / 2;
	if (sx + sw > BLOCK_X + BLOCK_W)
		sx = BLOCK_X + BLOCK_W - sw;
	if (sx < BLOCK_X)
		sx = BLOCK_X;
	if (!empty(d->note)) {
		s = g_strconcat("（", d->note, "）", NULL);
		note = new_layout(p, F_BODY, BODY_PT, s, BLOCK_W, 2 * CHAR_ADV,
		    PANGO_ALIGN_LEFT, 1, CHAR_ADV);
		g_free(s);
	}
	need = 4 + (note ? pango_layout_get_line_count(note) : 0);

	/* The block never starts a page alone (no "本页无正文"): take the
	 * last body line with it. */
	if (p->slot + need > LINES) {
		p->page++;
		p->slot = 0;
		keep = p->n;
		if (keep > 0 && p->v[keep - 1].page == p->page - 1 &&
		    p->v[keep - 1].line != NULL && need < LINES) {
			p->v[keep - 1].page = p->page;
			p->v[keep - 1].y = baseline_in(slot_top(0), BODY_PT);
			p->slot = 1;
		}
	}
	for (i = 0; i < 2; i++)
		if (flow_blank(p) == -1)
			return -1;
	if (flow_layout(p, sig, sx, BODY_PT) == -1 ||
	    flow_layout(p, date, dx, BODY_PT) == -1)
		return -1;
	if (note && flow_layout(p, note, BLOCK_X, BODY_PT) == -1)
		return -1;
	return 0;
}

static int
plan_imprint(plan *p, const xf_pdf_doc *d)
{
	PangoLayout *cc = NULL, *pr = NULL, *dt = NULL;
	char buf[40], *s;
	const char *end;
	double em = SMALL_PT, y0;
	int ncc = 0, need, first, i;
	PangoLayoutIter *it;
	PangoRectangle log;

	if (empty(d->cc) && empty(d->printer))
		return 0;
	/* 版记 (§7.4): 4号, one character in from both sides; a wrapped 抄送
	 * line aligns under the first name; 印发日期 ends one character in
	 * from the right. Its last line is the last line of the 版心. */
	if (!empty(d->cc)) {
		end = d->cc + strlen(d->cc);
		s = g_strconcat("抄送：", d->cc,
		    (end - d->cc >= 3 && strcmp(end - 3, "。") == 0) ? "" : "。",
		    NULL);
		cc = new_layout(p, F_BODY, SMALL_PT, s, BLOCK_W - 2 * em,
		    -3 * em, PANGO_ALIGN_LEFT, 1, 0);
		g_free(s);
		ncc = pango_layout_get_line_count(cc);
	}
	if (!empty(d->printer)) {
		pr = new_layout(p, F_BODY, SMALL_PT, d->printer, -1, 0,
		    PANGO_ALIGN_LEFT, 0, 0);
		xf_pdf_format_date(d->printed_on == XF_DATE_NONE ||
		    d->printed_on == 0 ? d->issued_on : d->printed_on, buf);
		strcat(buf, "印发");
		dt = new_layout(p, F_BODY, SMALL_PT, buf, -1, 0,
		    PANGO_ALIGN_LEFT, 0, 0);
	}
	need = ncc + (pr ? 1 : 0);
	if (need >= LINES)
		need = LINES - 1;
	/* At least one empty slot between the text and the 版记. */
	if (p->slot + 1 + need > LINES) {
		p->page++;
		p->slot = 0;
	}
	first = LINES - need;
	y0 = slot_top(first);
	add_rule(p, BLOCK_X, BLOCK_X + BLOCK_W, y0, MM(0.35), p->page, 0);
	if (cc) {
		it = pango_layout_get_iter(cc);
		i = 0;
		do {
			pango_layout_iter_get_line_extents(it, NULL, &log);
			if (first + i < LINES && push(p,
			    pango_layout_iter_get_line_readonly(it),
			    BLOCK_X + em + (double)log.x / PANGO_SCALE,
			    baseline_in(slot_top(first + i), SMALL_PT), p->page,
			    0) == -1) {
				pango_layout_iter_free(it);
				return -1;
			}
			i++;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	if (pr) {
		if (cc)
			add_rule(p, BLOCK_X, BLOCK_X + BLOCK_W,
			    slot_top(LINES - 1), MM(0.25), p->page, 0);
		if (push(p, pango_layout_get_line_readonly(pr, 0), BLOCK_X + em,
		    baseline_in(slot_top(LINES - 1), SMALL_PT), p->page, 0) == -1 ||
		    push(p, pango_layout_get_line_readonly(dt, 0),
		    BLOCK_X + BLOCK_W - em - layout_width(dt),
		    baseline_in(slot_top(LINES - 1), SMALL_PT), p->page, 0) == -1)
			return -1;
	}
	add_rule(p, BLOCK_X, BLOCK_X + BLOCK_W, BLOCK_Y + BLOCK_H, MM(0.35),
	    p->page, 0);
	p->slot = LINES;
	return 0;
}

static int
plan_attachment(plan *p, const xf_pdf_doc *d)
{
	PangoLayout *l;
	char *s, *t;

	if (empty(d->attachment))
		return 0;
	/* §7.3.4: one line below the text, two characters in; a wrapped line
	 * aligns under the first character after "附件：". */
	if (flow_blank(p) == -1)
		return -1;
	s = g_strconcat("附件：", d->attachment, NULL);
	if (p->layout >= 2) {
		t = break_long_runs(s, strlen(s), p->layout);
		g_free(s);
		s = t;
	}
	l = new_layout(p, F_BODY, BODY_PT, s, BLOCK_W - 2 * CHAR_ADV,
	    -3 * CHAR_ADV, PANGO_ALIGN_LEFT, 1, CHAR_ADV);
	g_free(s);
	return flow_layout(p, l, BLOCK_X + 2 * CHAR_ADV, BODY_PT);
}

static void
plan_free(plan *p)
{
	if (p->layouts)
		g_ptr_array_free(p->layouts, TRUE);
	if (p->ctx)
		g_object_unref(p->ctx);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* Lays out the whole document; the caller holds font_lock. */
static int
plan_doc(plan *p, const xf_pdf_doc *d, xf_error *err)
{
	cairo_font_options_t *fo;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->layout = d->layout;
	p->ctx = pango_font_map_create_context(fontmap);
	p->layouts = g_ptr_array_new_with_free_func(g_object_unref);
	pango_context_set_language(p->ctx, pango_language_from_string("zh-cn"));
	pango_context_set_base_dir(p->ctx, PANGO_DIRECTION_LTR);
	/* Unhinted metrics: the layout must not depend on a device grid, or
	 * line breaks could differ between the PDF and a PNG preview. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);

	if (plan_head(p, d, err) == -1)
		goto fail;
	for (i = 0; i < d->nparagraphs; i++)
		if (d->paragraphs[i] != NULL &&
		    flow_text(p, d->paragraphs[i]) == -1)
			goto oom;
	if (plan_attachment(p, d) == -1 || plan_signature(p, d) == -1 ||
	    plan_imprint(p, d) == -1)
		goto oom;
	p->npages = p->page + 1;
	return 0;
oom:
	xf_error_set(err, XF_E_INTERNAL, NULL, "内存不足");
fail:
	plan_free(p);
	return -1;
}

/* ---- drawing ------------------------------------------------------------ */

typedef struct {
	unsigned char	*p;
	size_t		 n, cap;
	int		 failed;
} sink;

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	sink *s = closure;
	unsigned char *np;
	size_t ncap;

	if (s->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (s->n + len > s->cap) {
		ncap = s->cap ? s->cap : 64 * 1024;
		while (ncap < s->n + len)
			ncap *= 2;
		np = realloc(s->p, ncap);
		if (np == NULL) {
			s->failed = 1;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		s->p = np;
		s->cap = ncap;
	}
	memcpy(s->p + s->n, data, len);
	s->n += len;
	return CAIRO_STATUS_SUCCESS;
}

static void
set_colour(cairo_t *cr, int red)
{
	/* The red of printed 红头 documents (C0 M100 Y100 K0 ≈ #E60012). */
	if (red)
		cairo_set_source_rgb(cr, 0xE6 / 255.0, 0x00, 0x12 / 255.0);
	else
		cairo_set_source_rgb(cr, 0, 0, 0);
}

/* "— N —", 4号, 一字线 7 mm under the 版心; odd pages right, even pages
 * left, one character in (§7.5). */
static void
draw_page_number(plan *p, cairo_t *cr, int page)
{
	PangoLayout *l;
	char buf[32];
	double w, x;

	snprintf(buf, sizeof(buf), "— %d —", page + 1);
	l = new_layout(p, F_BODY, SMALL_PT, buf, -1, 0, PANGO_ALIGN_LEFT, 0,
	    0);
	w = layout_width(l);
	if ((page + 1) % 2 == 1)
		x = BLOCK_X + BLOCK_W - SMALL_PT - w;
	else
		x = BLOCK_X + SMALL_PT;
	set_colour(cr, 0);
	/* The dash sits at mid-em: put the em centre 7 mm below the 版心. */
	cairo_move_to(cr, x, BLOCK_Y + BLOCK_H + MM(7.0) +
	    (ASCENT - 0.5) * SMALL_PT);
	pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(l, 0));
}

static int
draw(plan *p, const xf_pdf_doc *d, sink *out, xf_error *err)
{
	cairo_surface_t *surf;
	cairo_t *cr;
	char date[40];
	int y, m, dd, page, rc = -1;
	size_t i;

	surf = cairo_pdf_surface_create_for_stream(sink_write, out, PAGE_W,
	    PAGE_H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return xf_error_set(err, XF_E_INTERNAL, NULL, "无法创建PDF");
	}
	/* Dates from the document, not the clock: reprinting gives the same
	 * bytes. China has one UTC offset all year. */
	xf_date_to_ymd(d->issued_on, &y, &m, &dd);
	snprintf(date, sizeof(date), "%04d-%02d-%02dT00:00:00+08:00", y, m, dd);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
	    date);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	    d->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR,
	    d->authority);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "xinfang");

	cr = cairo_create(surf);
	pango_cairo_update_context(cr, p->ctx);
	for (page = 0; page < p->npages; page++) {
		for (i = 0; i < p->n; i++) {
			if (p->v[i].page != page || p->v[i].line == NULL)
				continue;
			set_colour(cr, p->v[i].red);
			cairo_move_to(cr, p->v[i].x, p->v[i].y);
			pango_cairo_show_layout_line(cr, p->v[i].line);
		}
		for (i = 0; i < p->nrules; i++) {
			if (p->rules[i].page != page)
				continue;
			set_colour(cr, p->rules[i].red);
			cairo_set_line_width(cr, p->rules[i].width);
			cairo_move_to(cr, p->rules[i].x0, p->rules[i].y);
			cairo_line_to(cr, p->rules[i].x1, p->rules[i].y);
			cairo_stroke(cr);
		}
		draw_page_number(p, cr, page);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS || out->failed)
		xf_error_set(err, XF_E_INTERNAL, NULL, "生成PDF失败");
	else
		rc = 0;
	cairo_surface_destroy(surf);
	return rc;
}

int
xf_pdf_render(const xf_pdf_doc *doc, unsigned char **out, size_t *outlen,
    xf_error *err)
{
	plan p;
	sink s = { NULL, 0, 0, 0 };
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (check_doc(doc, err) == -1)
		return -1;
	pthread_once(&font_once, font_init);
	pthread_mutex_lock(&font_lock);
	if (plan_doc(&p, doc, err) == -1)
		goto done;
	if (draw(&p, doc, &s, err) == -1)
		goto done;
	*out = s.p;
	*outlen = s.n;
	s.p = NULL;
	rc = 0;
done:
	plan_free(&p);
	pthread_mutex_unlock(&font_lock);
	free(s.p);
	return rc;
}

int
xf_pdf_page_count(const xf_pdf_doc *doc, xf_error *err)
{
	plan p;
	int n;

	if (check_doc(doc, err) == -1)
		return -1;
	pthread_once(&font_once, font_init);
	pthread_mutex_lock(&font_lock);
	if (plan_doc(&p, doc, err) == -1) {
		pthread_mutex_unlock(&font_lock);
		return -1;
	}
	n = p.npages;
	plan_free(&p);
	pthread_mutex_unlock(&font_lock);
	return n;
}

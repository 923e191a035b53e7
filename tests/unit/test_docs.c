/* Official documents: every kind renders a GB/T 9704 page with its required
 * parts, text stays in the 版心, pages are numbered, output is
 * byte-identical on reprint, rare name characters are real glyphs.
 * Checks read the PDF back with poppler-utils (pdftotext, pdfinfo,
 * pdffonts, pdftoppm), as a user's viewer would. */
#include <criterion/criterion.h>
#include <glib.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "docs/notices.h"
#include "docs/pdf.h"
#include "docs_cases.h"

#define PT2MM(x)	((x) * 25.4 / 72.0)

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/xf_docs_XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", tmpdir);
}

TestSuite(docs, .init = setup, .fini = teardown, .timeout = 120);

/* ---- helpers ------------------------------------------------------------- */

static char *
run(const char *fmt, ...)
{
	char cmd[1024], *buf = NULL;
	size_t n = 0, cap = 0, got;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	cr_assert_not_null(p, "popen %s", cmd);
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
		got = fread(buf + n, 1, 4096, p);
		n += got;
	} while (got > 0);
	buf[n] = '\0';
	cr_assert_eq(pclose(p), 0, "command failed: %s", cmd);
	return buf;
}

/* Text without white space, so phrases match across line breaks. */
static char *
squash(const char *s)
{
	char *o = malloc(strlen(s) + 1), *q = o;

	cr_assert_not_null(o);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t' &&
		    *s != '\f')
			*q++ = *s;
	*q = '\0';
	return o;
}

/* 1 if line (squashed) is a page number "—N—". */
static int
is_folio(const char *flat)
{
	size_t n = strlen(flat), d = strlen("—");
	const char *p;

	if (n < 2 * d + 1 || strncmp(flat, "—", d) != 0 ||
	    strcmp(flat + n - d, "—") != 0)
		return 0;
	for (p = flat + d; p < flat + n - d; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* The document's text without white space or page numbers: a sentence
 * that runs across a page break reads as one. */
static char *
flat_text(const char *path)
{
	char *text = run("pdftotext -layout '%s' -", path), *line, *save, *f;
	GString *g = g_string_new(NULL);

	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		f = squash(line);
		if (!is_folio(f))
			g_string_append(g, f);
		free(f);
	}
	free(text);
	return g_string_free(g, FALSE);
}

static void
write_file(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(p, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

/* Renders doc to tmpdir/name.pdf; returns the path (static). */
static const char *
render_doc(const xf_pdf_doc *doc, const char *name)
{
	static char path[256];
	unsigned char *pdf;
	size_t len;
	xf_error err;

	cr_assert_eq(xf_pdf_render(doc, &pdf, &len, &err), 0, "%s: %s",
	    err.field, err.message);
	cr_assert_gt(len, 1000);
	cr_assert_eq(memcmp(pdf, "%PDF-", 5), 0);
	snprintf(path, sizeof(path), "%s/%s.pdf", tmpdir, name);
	write_file(path, pdf, len);
	free(pdf);
	return path;
}

static const char *
render_kind(xf_notice_kind kind, const xf_notice_data *c)
{
	xf_pdf_doc doc;
	xf_error err;
	const char *path;

	cr_assert_eq(xf_notice_build(kind, c, &doc, &err), 0, "%s: %s",
	    err.field, err.message);
	path = render_doc(&doc, xf_notice_kind_name(kind));
	xf_notice_doc_free(&doc);
	return path;
}

static int
page_count(const char *path)
{
	char *info = run("pdfinfo '%s'", path), *p;
	int n;

	p = strstr(info, "Pages:");
	cr_assert_not_null(p);
	n = atoi(p + 6);
	free(info);
	return n;
}

/* ---- word boxes (pdftotext -bbox) ------------------------------------- */

typedef struct {
	int	page;		/* 1-based */
	double	x0, y0, x1, y1;	/* mm */
	char	text[256];
} word;

static size_t
read_words(const char *path, word **out)
{
	char *html = run("pdftotext -bbox '%s' -", path), *p = html;
	word *v = NULL, w;
	size_t n = 0;
	int page = 0;
	char *gt, *end;

	for (;;) {
		char *pg = strstr(p, "<page "), *wd = strstr(p, "<word ");

		if (wd == NULL)
			break;
		if (pg != NULL && pg < wd) {
			page++;
			p = pg + 6;
			continue;
		}
		memset(&w, 0, sizeof(w));
		w.page = page;
		cr_assert_eq(sscanf(wd, "<word xMin=\"%lf\" yMin=\"%lf\" "
		    "xMax=\"%lf\" yMax=\"%lf\"", &w.x0, &w.y0, &w.x1, &w.y1), 4);
		w.x0 = PT2MM(w.x0);
		w.y0 = PT2MM(w.y0);
		w.x1 = PT2MM(w.x1);
		w.y1 = PT2MM(w.y1);
		gt = strchr(wd, '>');
		end = strstr(wd, "</word>");
		cr_assert(gt && end && gt < end);
		snprintf(w.text, sizeof(w.text), "%.*s", (int)(end - gt - 1),
		    gt + 1);
		v = realloc(v, (n + 1) * sizeof(*v));
		cr_assert_not_null(v);
		v[n++] = w;
		p = end;
	}
	free(html);
	*out = v;
	return n;
}

static int
is_page_number_part(const char *s)
{
	if (strcmp(s, "—") == 0)
		return 1;
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Every word inside the 版心 (28–184 mm × 37–262 mm) ± 1 mm, except the
 * page number, which sits 7 mm under it; every page has its number. */
static void
assert_inside_block(const char *path)
{
	word *w;
	size_t n, i;
	int pages = page_count(path), p, seen;
	char want[16];

	n = read_words(path, &w);
	cr_assert_gt(n, 5);
	for (i = 0; i < n; i++) {
		cr_assert_geq(w[i].x0, 28.0 - 1, "%s: '%s' x0 %.2f mm", path,
		    w[i].text, w[i].x0);
		cr_assert_leq(w[i].x1, 184.0 + 1, "%s: '%s' x1 %.2f mm", path,
		    w[i].text, w[i].x1);
		cr_assert_geq(w[i].y0, 37.0 - 1, "%s: '%s' y0 %.2f mm", path,
		    w[i].text, w[i].y0);
		if (w[i].y1 > 262.0 + 1) {
			cr_assert(is_page_number_part(w[i].text),
			    "%s: '%s' below the 版心 (y1 %.2f mm)", path,
			    w[i].text, w[i].y1);
			cr_assert_lt(w[i].y1, 297.0 - 10);
		}
	}
	for (p = 1; p <= pages; p++) {
		snprintf(want, sizeof(want), "%d", p);
		seen = 0;
		for (i = 0; i < n; i++)
			if (w[i].page == p && w[i].y0 > 262.0 &&
			    strcmp(w[i].text, want) == 0)
				seen = 1;
		cr_assert(seen, "%s: page %d has no page number", path, p);
	}
	free(w);
}

/* Common parts of every document, then the kind's own phrases. */
static void
check_kind(xf_notice_kind kind, const char *const *phrases)
{
	xf_notice_data c;
	const char *path;
	char *text, *flat, *info, date[32], want[256];
	const char *const *ph;

	docs_case(kind, &c);
	path = render_kind(kind, &c);

	info = run("pdfinfo -isodates '%s'", path);
	cr_assert_not_null(strstr(info, "595.276 x 841.89 pts (A4)"),
	    "page size: %s", info);
	free(info);

	text = run("pdftotext -layout '%s' -", path);
	flat = flat_text(path);
	cr_assert_not_null(strstr(flat, xf_notice_kind_title(kind)), "title");
	cr_assert_not_null(strstr(text, c.unit_name), "authority");
	if (c.doc_number)
		cr_assert_not_null(strstr(flat, c.doc_number), "文号 %s",
		    c.doc_number);
	snprintf(want, sizeof(want), "%s：", kind == XF_NOTICE_TRANSFER ||
	    kind == XF_NOTICE_ASSIGN || kind == XF_NOTICE_OBJECTION ||
	    kind == XF_NOTICE_SUPERVISION ? c.to_unit : c.petitioner);
	cr_assert_not_null(strstr(flat, want), "recipient %s", want);
	cr_assert_not_null(strstr(flat, c.case_number), "case number");
	xf_pdf_format_date(c.issued_on, date);
	cr_assert_not_null(strstr(text, date), "issue date %s", date);
	if (c.cc) {
		snprintf(want, sizeof(want), "抄送：%s", c.cc);
		cr_assert_not_null(strstr(flat, want), "%s", want);
		snprintf(want, sizeof(want), "%s印发", date);
		cr_assert_not_null(strstr(flat, want), "%s", want);
	}
	if (c.contact) {
		snprintf(want, sizeof(want), "（%s）", c.contact);
		cr_assert_not_null(strstr(flat, want), "附注 %s", want);
	}
	for (ph = phrases; *ph; ph++)
		cr_assert_not_null(strstr(flat, *ph), "%s: missing \"%s\"",
		    xf_notice_kind_name(kind), *ph);
	free(text);
	free(flat);
	assert_inside_block(path);
}

/* ---- one test per kind --------------------------------------------------- */

Test(docs, receipt)
{
	static const char *const ph[] = { "信访事项登记回执", "查询码：K7M3Q9P2",
	    "信访件编号：410105202605060012", "河南省教育厅网上信访平台",
	    "本机关已于2026年5月6日登记", "第二十二条、第二十三条",
	    "15日内", NULL };

	check_kind(XF_NOTICE_RECEIPT, ph);
}

Test(docs, accept_notice)
{
	static const char *const ph[] = { "决定自2026年5月12日起予以受理",
	    "由区教育局基础教育科承办", "自受理之日起60日内办结",
	    "延长期限不得超过30日", "本事项办理期限至2026年7月13日",
	    "第二十三条", "特此告知。", NULL };

	check_kind(XF_NOTICE_ACCEPT, ph);
}

Test(docs, not_accept_notice)
{
	static const char *const ph[] = { "以来访形式反映", "劳动报酬争议",
	    "本机关决定不予受理",
	    "向有管辖权的劳动人事争议仲裁委员会申请仲裁",
	    "诉讼、仲裁、行政复议等法定途径", NULL };

	check_kind(XF_NOTICE_NOT_ACCEPT, ph);
}

Test(docs, transfer_letter)
{
	static const char *const ph[] = { "李明华于2026年5月6日以来信形式",
	    "现将该信访事项转送你单位依法处理",
	    "自收到之日起15日内书面告知信访人",
	    "5个工作日内向本机关提出异议",
	    "附件：信访材料（信访件编号：410105202605060012）",
	    "不得将信访人的检举、揭发材料", "特此函告。", NULL };

	check_kind(XF_NOTICE_TRANSFER, ph);
}

Test(docs, assign_letter)
{
	static const char *const ph[] = { "现将该信访事项交由你单位办理",
	    "于2026年7月10日前将办理结果反馈本机关", "提交办结报告",
	    "第十一条规定予以督办", NULL };

	check_kind(XF_NOTICE_ASSIGN, ph);
}

Test(docs, objection_letter)
{
	static const char *const ph[] = { "你单位转送的李明华反映",
	    "本机关于2026年5月11日收到", "不属于本机关职权范围",
	    "直属学校", "自收到之日起5个工作日内提出异议", "第二十三条",
	    NULL };

	check_kind(XF_NOTICE_OBJECTION, ph);
}

Test(docs, extension_notice)
{
	static const char *const ph[] = { "本机关已于2026年5月12日依法受理",
	    "联合核查", "经本机关负责人批准",
	    "办理期限延长30日，至2026年8月10日", "第三十四条", NULL };

	check_kind(XF_NOTICE_EXTENSION, ph);
}

Test(docs, reply)
{
	static const char *const ph[] = { "一、信访请求", "二、事实和理由",
	    "三、处理意见", "四、法律法规依据",
	    "本机关于2026年5月12日依法受理", "予以支持",
	    "每生800元", "于2026年6月30日前落实",
	    "如对本处理意见不服，可自收到本意见书之日起30日内向郑州市教育局请求复查",
	    "第三十二条", "第三十五条", NULL };

	check_kind(XF_NOTICE_REPLY, ph);
}

Test(docs, review_opinion)
{
	static const char *const ph[] = { "你不服郑州市金水区教育局于2026年6月1日"
	    "作出的信访处理意见", "于2026年6月22日向本机关提出复查请求",
	    "一、复查请求", "三、复查意见", "不予支持",
	    "可自收到本意见书之日起30日内向河南省教育厅请求复核", NULL };

	check_kind(XF_NOTICE_REVIEW, ph);
}

/* Under 《河南省信访条例》(2012) there is no 复核: the review opinion is
 * final and must not offer one. */
Test(docs, review_opinion_final_without_recheck)
{
	xf_notice_data c;
	const char *path;
	char *flat;

	docs_case(XF_NOTICE_REVIEW, &c);
	c.final_review = 1;
	c.review_body = NULL;
	path = render_kind(XF_NOTICE_REVIEW, &c);
	flat = flat_text(path);
	cr_assert_not_null(strstr(flat, "本复查意见为终结意见"));
	cr_assert_not_null(strstr(flat, "不再受理"));
	cr_assert_null(strstr(flat, "请求复核"));
	free(flat);
}

Test(docs, recheck_opinion)
{
	static const char *const ph[] = { "你不服郑州市教育局于2026年7月15日"
	    "作出的复查意见", "一、复核请求", "本复核意见为终结意见",
	    "仍以同一事实和理由提出投诉请求的，不再受理", "第三十六条",
	    NULL };

	check_kind(XF_NOTICE_RECHECK, ph);
}

Test(docs, supervision_letter)
{
	static const char *const ph[] = {
	    "未在规定期限内办结并出具信访处理意见书",
	    "第十一条第（三）项", "第四十条", "发函督办",
	    "一、发现的问题", "二、改进建议", "三、办理要求",
	    "于2026年7月24日前将办理情况", NULL };

	check_kind(XF_NOTICE_SUPERVISION, ph);
}

/* ---- layout ---------------------------------------------------------------- */

/* Page 1 rasterised is a page, not a blank: dark text and a red 版头 in the
 * upper half. */
Test(docs, page_one_is_not_blank)
{
	xf_notice_data c;
	const char *path;
	char out[256], *cmd;
	FILE *f;
	int w, h, max, x, y, dark = 0, red = 0, red_top = 0;
	unsigned char px[3];

	docs_case(XF_NOTICE_REPLY, &c);
	path = render_kind(XF_NOTICE_REPLY, &c);
	snprintf(out, sizeof(out), "%s/page", tmpdir);
	cmd = run("pdftoppm -r 50 -f 1 -l 1 -singlefile '%s' '%s'", path, out);
	free(cmd);
	strcat(out, ".ppm");
	f = fopen(out, "rb");
	cr_assert_not_null(f);
	cr_assert_eq(fscanf(f, "P6 %d %d %d", &w, &h, &max), 3);
	fgetc(f);
	cr_assert_eq(max, 255);
	/* A4 at 50 dpi. */
	cr_assert(w >= 412 && w <= 415 && h >= 583 && h <= 586, "%dx%d", w, h);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			cr_assert_eq(fread(px, 1, 3, f), 3);
			if (px[0] < 160 && px[1] < 160 && px[2] < 160)
				dark++;
			if (px[0] > 150 && px[1] < 90 && px[2] < 90) {
				red++;
				if (y < h / 2)
					red_top++;
			}
		}
	}
	fclose(f);
	cr_assert_gt(dark, w * h / 200, "only %d dark pixels", dark);
	cr_assert_gt(red, 300, "no red 版头 (%d red pixels)", red);
	cr_assert_eq(red, red_top, "red below the 版头");
}

/* 28 characters per line: a paragraph of 26 + 28 + 5 characters fills
 * the indented first line, one whole line, and five more. */
Test(docs, twenty_eight_characters_per_line)
{
	char para[512] = "", *text, *line, *save;
	const char *paras[1] = { para };
	xf_pdf_doc d = { 0 };
	int i, found = 0;

	for (i = 0; i < 26; i++)
		strcat(para, "甲");
	for (i = 0; i < 28; i++)
		strcat(para, "乙");
	for (i = 0; i < 5; i++)
		strcat(para, "丙");
	d.authority = "郑州市金水区教育局";
	d.title = "测试";
	d.paragraphs = paras;
	d.nparagraphs = 1;
	d.signature = "郑州市金水区教育局";
	d.issued_on = xf_date_from_ymd(2026, 6, 1);
	text = run("pdftotext -layout '%s' -", render_doc(&d, "grid"));
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		char *flat = squash(line);

		if (strstr(flat, "乙") != NULL) {
			found++;
			cr_assert_eq(strlen(flat), 28 * strlen("乙"),
			    "line '%s'", flat);
		}
		if (strstr(flat, "甲") != NULL)
			cr_assert_eq(strlen(flat), 26 * strlen("甲"),
			    "first line '%s'", flat);
		free(flat);
	}
	cr_assert_eq(found, 1);
	free(text);
}

/* The date right-aligned four characters in, the signature centred over
 * it (§7.3.5.1); page numbers odd right, even left; the 版记 on the
 * last lines of the last page. */
Test(docs, signature_page_numbers_and_imprint)
{
	xf_notice_data c;
	const char *path;
	word *w, *date = NULL, *sig = NULL, *imprint = NULL;
	size_t n, i;
	int pages;

	docs_case(XF_NOTICE_REPLY, &c);
	path = render_kind(XF_NOTICE_REPLY, &c);
	pages = page_count(path);
	cr_assert_geq(pages, 2);
	n = read_words(path, &w);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i].text, "2026年6月1日") == 0)
			date = &w[i];
		if (strcmp(w[i].text, "郑州市金水区教育局") == 0 && w[i].page > 1)
			sig = &w[i];
		if (strcmp(w[i].text, "2026年6月1日印发") == 0)
			imprint = &w[i];
		if (w[i].y0 > 262 && strcmp(w[i].text, "1") == 0)
			cr_assert_gt(w[i].x0, 105, "page 1 number on the right");
		if (w[i].y0 > 262 && strcmp(w[i].text, "2") == 0)
			cr_assert_lt(w[i].x1, 105, "page 2 number on the left");
	}
	cr_assert_not_null(date);
	cr_assert_not_null(sig);
	cr_assert_not_null(imprint);
	/* 4 characters of 156/28 mm in from the right edge at 184 mm. */
	cr_assert_float_eq(date->x1, 184.0 - 4 * 156.0 / 28, 1.0, "date x1 %.2f",
	    date->x1);
	cr_assert_float_eq((sig->x0 + sig->x1) / 2, (date->x0 + date->x1) / 2,
	    1.0);
	cr_assert_eq(sig->page, date->page);
	cr_assert_lt(sig->y1, date->y0 + 0.5);
	/* 版记 on the last page, last line, one 4号 character in. */
	cr_assert_eq(imprint->page, pages);
	cr_assert_gt(imprint->y1, 252.0);
	cr_assert_float_eq(imprint->x1, 184.0 - 14 * 25.4 / 72, 1.0);
	free(w);
}

/* A long reply runs over several pages; every page carries "— N —" and a
 * full page holds 22 lines. */
Test(docs, long_reply_paginates)
{
	xf_notice_data c;
	GString *facts = g_string_new(NULL);
	const char *path;
	char *text, *flat, want[32], *line, *save;
	int i, pages, p, lines;

	for (i = 0; i < 40; i++)
		g_string_append_printf(facts, "第%d项：经调查核实，该校在2026年"
		    "春季学期存在违规收取课后服务费的情形，有关票据和收费记录已"
		    "调取在案，经当事人确认属实。\n", i + 1);
	docs_case(XF_NOTICE_REPLY, &c);
	c.facts = facts->str;
	path = render_kind(XF_NOTICE_REPLY, &c);
	pages = page_count(path);
	cr_assert_geq(pages, 5, "%d pages", pages);
	{
		xf_pdf_doc doc;
		xf_error err;

		cr_assert_eq(xf_notice_build(XF_NOTICE_REPLY, &c, &doc, &err), 0);
		cr_assert_eq(xf_pdf_page_count(&doc, &err), pages);
		xf_notice_doc_free(&doc);
	}
	for (p = 1; p <= pages; p++) {
		text = run("pdftotext -layout -f %d -l %d '%s' -", p, p, path);
		flat = squash(text);
		snprintf(want, sizeof(want), "—%d—", p);
		cr_assert_not_null(strstr(flat, want), "page %d: no %s", p,
		    want);
		if (p == 3) {
			lines = 0;
			for (line = strtok_r(text, "\n", &save); line;
			    line = strtok_r(NULL, "\n", &save)) {
				char *f = squash(line);

				if (*f && !is_folio(f))
					lines++;
				free(f);
			}
			cr_assert_eq(lines, 22, "page 3 has %d lines", lines);
		}
		free(flat);
		free(text);
	}
	flat = flat_text(path);
	cr_assert_not_null(strstr(flat, "第40项"));
	cr_assert_not_null(strstr(flat, "请求复查"));
	free(flat);
	assert_inside_block(path);
	g_string_free(facts, TRUE);
}

/* Rare name characters: U+2020C (in Noto CJK) and U+2A6A5 (CJK Ext-B,
 * not in Noto: drawn from HanaMin) are real glyphs, not boxes. */
Test(docs, rare_name_characters_render)
{
	xf_notice_data c;
	const char *path;
	char *text, *fonts;

	docs_case(XF_NOTICE_ACCEPT, &c);
	c.petitioner = "王\xF0\xA0\x88\x8C、李\xF0\xAA\x9A\xA5";
	path = render_kind(XF_NOTICE_ACCEPT, &c);
	text = run("pdftotext '%s' -", path);
	cr_assert_not_null(strstr(text, "王\xF0\xA0\x88\x8C"), "U+2020C lost");
	cr_assert_not_null(strstr(text, "李\xF0\xAA\x9A\xA5"), "U+2A6A5 lost");
	fonts = run("pdffonts '%s'", path);
	cr_assert_not_null(strstr(fonts, "HanaMin"),
	    "no Ext-B fallback font embedded:\n%s", fonts);
	free(fonts);
	free(text);
}

/* ---- determinism and threads ----------------------------------------------- */

static void
render_reply(unsigned char **pdf, size_t *len)
{
	xf_notice_data c;
	xf_error err;

	docs_case(XF_NOTICE_REPLY, &c);
	cr_assert_eq(xf_notice_render(XF_NOTICE_REPLY, &c, pdf, len, &err), 0,
	    "%s", err.message);
}

Test(docs, reprint_is_byte_identical)
{
	unsigned char *a, *b, *fromchild;
	size_t alen, blen, clen;
	char path[256], *info;
	pid_t pid;
	int status;
	FILE *f;

	render_reply(&a, &alen);
	render_reply(&b, &blen);
	cr_assert_eq(alen, blen);
	cr_assert_eq(memcmp(a, b, alen), 0, "second render differs");

	/* Another process, with its own font map. */
	snprintf(path, sizeof(path), "%s/child.pdf", tmpdir);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		unsigned char *p;
		size_t n;
		xf_notice_data c;
		xf_error err;

		docs_case(XF_NOTICE_REPLY, &c);
		if (xf_notice_render(XF_NOTICE_REPLY, &c, &p, &n, &err) != 0)
			_exit(1);
		f = fopen(path, "wb");
		if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
			_exit(1);
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	f = fopen(path, "rb");
	cr_assert_not_null(f);
	fromchild = malloc(alen + 16);
	clen = fread(fromchild, 1, alen + 16, f);
	fclose(f);
	cr_assert_eq(clen, alen);
	cr_assert_eq(memcmp(a, fromchild, alen), 0, "other process differs");

	/* The PDF dates are the issue date, not the clock. */
	snprintf(path, sizeof(path), "%s/a.pdf", tmpdir);
	write_file(path, a, alen);
	info = run("pdfinfo -isodates '%s'", path);
	cr_assert_not_null(strstr(info, "CreationDate:    2026-06-01T00:00:00+08"),
	    "%s", info);
	cr_assert_not_null(strstr(info, "ModDate:         2026-06-01T00:00:00+08"));
	cr_assert_not_null(strstr(info, "Title:           信访处理意见书"));
	free(info);
	free(a);
	free(b);
	free(fromchild);
}

typedef struct {
	const unsigned char	*ref;
	size_t			 reflen;
	int			 ok;
} thread_arg;

static void *
thread_main(void *p)
{
	thread_arg *a = p;
	xf_notice_data c;
	xf_error err;
	unsigned char *pdf;
	size_t len;
	int i;

	a->ok = 1;
	for (i = 0; i < 3; i++) {
		docs_case(XF_NOTICE_REPLY, &c);
		if (xf_notice_render(XF_NOTICE_REPLY, &c, &pdf, &len, &err) != 0) {
			a->ok = 0;
			return NULL;
		}
		if (len != a->reflen || memcmp(pdf, a->ref, len) != 0)
			a->ok = 0;
		free(pdf);
	}
	return NULL;
}

Test(docs, concurrent_renders_agree)
{
	pthread_t t[4];
	thread_arg a[4];
	unsigned char *ref;
	size_t reflen;
	int i;

	render_reply(&ref, &reflen);
	for (i = 0; i < 4; i++) {
		a[i].ref = ref;
		a[i].reflen = reflen;
		cr_assert_eq(pthread_create(&t[i], NULL, thread_main, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		cr_assert(a[i].ok, "thread %d rendered different bytes", i);
	}
	free(ref);
}

/* ---- refusals ---------------------------------------------------------------- */

static void
expect_invalid(xf_notice_kind kind, xf_notice_data *c, const char *field)
{
	xf_pdf_doc doc;
	xf_error err;

	xf_error_clear(&err);
	cr_assert_eq(xf_notice_build(kind, c, &doc, &err), -1, "%s accepted",
	    field);
	cr_assert_eq(err.code, XF_E_INVALID);
	cr_assert_str_eq(err.field, field);
	cr_assert_gt(strlen(err.message), 0);
	xf_notice_doc_free(&doc);
}

Test(docs, missing_data_names_the_field)
{
	xf_notice_data c;

	docs_case(XF_NOTICE_RECEIPT, &c);
	c.query_code = NULL;
	expect_invalid(XF_NOTICE_RECEIPT, &c, "query_code");

	docs_case(XF_NOTICE_REPLY, &c);
	c.basis = "";
	expect_invalid(XF_NOTICE_REPLY, &c, "basis");

	docs_case(XF_NOTICE_REPLY, &c);
	c.outcome = "maybe";
	expect_invalid(XF_NOTICE_REPLY, &c, "outcome");

	docs_case(XF_NOTICE_REPLY, &c);
	c.review_body = NULL;
	expect_invalid(XF_NOTICE_REPLY, &c, "review_body");

	docs_case(XF_NOTICE_EXTENSION, &c);
	c.extend_days = 31;
	expect_invalid(XF_NOTICE_EXTENSION, &c, "extend_days");

	docs_case(XF_NOTICE_NOT_ACCEPT, &c);
	c.legal_channel = NULL;
	expect_invalid(XF_NOTICE_NOT_ACCEPT, &c, "legal_channel");

	docs_case(XF_NOTICE_SUPERVISION, &c);
	c.trigger = "whatever";
	expect_invalid(XF_NOTICE_SUPERVISION, &c, "trigger");

	docs_case(XF_NOTICE_ASSIGN, &c);
	c.report_due = XF_DATE_NONE;
	expect_invalid(XF_NOTICE_ASSIGN, &c, "report_due");

	docs_case(XF_NOTICE_ACCEPT, &c);
	c.channel = "pigeon";
	expect_invalid(XF_NOTICE_ACCEPT, &c, "channel");

	docs_case(XF_NOTICE_TRANSFER, &c);
	c.case_number = NULL;
	expect_invalid(XF_NOTICE_TRANSFER, &c, "case_number");
}

Test(docs, render_refuses_bad_input)
{
	const char *paras[2] = { "正文", "bad \xC3\x28 utf8" };
	xf_pdf_doc d = { 0 };
	unsigned char *pdf;
	size_t len;
	xf_error err;

	d.authority = "郑州市金水区教育局";
	d.title = "测试";
	d.signature = "郑州市金水区教育局";
	d.issued_on = xf_date_from_ymd(2026, 6, 1);
	d.paragraphs = paras;
	d.nparagraphs = 2;
	cr_assert_eq(xf_pdf_render(&d, &pdf, &len, &err), -1);
	cr_assert_str_eq(err.field, "paragraphs[1]");
	cr_assert_null(pdf);

	d.nparagraphs = 1;
	d.title = "标题\x07";
	cr_assert_eq(xf_pdf_render(&d, &pdf, &len, &err), -1);
	cr_assert_str_eq(err.field, "title");

	d.title = NULL;
	cr_assert_eq(xf_pdf_render(&d, &pdf, &len, &err), -1);
	cr_assert_str_eq(err.field, "title");

	d.title = "测试";
	d.issued_on = XF_DATE_NONE;
	cr_assert_eq(xf_pdf_render(&d, &pdf, &len, &err), -1);
	cr_assert_str_eq(err.field, "issued_on");

	d.issued_on = xf_date_from_ymd(2026, 6, 1);
	d.authority = "";
	cr_assert_eq(xf_pdf_render(&d, &pdf, &len, &err), -1);
	cr_assert_str_eq(err.field, "authority");
	cr_assert_eq(err.code, XF_E_INVALID);
}

Test(docs, kind_names_match_the_api)
{
	static const char *const api[] = { "receipt", "accept_notice",
	    "not_accept_notice", "transfer_letter", "assign_letter",
	    "objection_letter", "extension_notice", "reply",
	    "review_opinion", "recheck_opinion", "supervision_letter" };
	xf_notice_kind k;
	size_t i;

	cr_assert_eq(sizeof(api) / sizeof(api[0]), XF_NOTICE_KIND_COUNT);
	for (i = 0; i < sizeof(api) / sizeof(api[0]); i++) {
		cr_assert_eq(xf_notice_kind_parse(api[i], &k), 0, "%s", api[i]);
		cr_assert_str_eq(xf_notice_kind_name(k), api[i]);
		cr_assert_not_null(xf_notice_kind_title(k));
	}
	cr_assert_eq(xf_notice_kind_parse("reply ", &k), -1);
	cr_assert_eq(xf_notice_kind_parse("", &k), -1);
	cr_assert_null(xf_notice_kind_name(XF_NOTICE_KIND_COUNT));
}

/* The paragraphs of a notice, joined. */
static char *
joined(xf_notice_kind kind, const xf_notice_data *c)
{
	xf_pdf_doc doc;
	xf_error err;
	GString *g = g_string_new(NULL);

	cr_assert_eq(xf_notice_build(kind, c, &doc, &err), 0, "%s: %s",
	    err.field, err.message);
	for (size_t i = 0; i < doc.nparagraphs; i++)
		g_string_append(g, doc.paragraphs[i]);
	xf_notice_doc_free(&doc);
	return g_string_free(g, FALSE);
}

/* Layout 3's wording (你们 to several petitioners, a provisional due date
 * said so, a receipt citing its profile) is for documents issued from now
 * on: one issued under layout 2 keeps its words, so that it re-prints to
 * the SHA-256 sealed at its first render. */
Test(docs, wording_follows_the_layout_issued_with)
{
	xf_notice_data c;
	char *t;

	docs_case(XF_NOTICE_ACCEPT, &c);
	c.plural = 1;
	c.due_provisional = 1;
	c.layout = 2;
	t = joined(XF_NOTICE_ACCEPT, &c);
	cr_assert_null(strstr(t, "你们"), "%s", t);
	cr_assert_null(strstr(t, "暂按周末计算"), "%s", t);
	g_free(t);
	c.layout = 3;
	t = joined(XF_NOTICE_ACCEPT, &c);
	cr_assert_not_null(strstr(t, "听取你们的陈述"), "%s", t);
	cr_assert_not_null(strstr(t, "你们可凭信访件编号"), "%s", t);
	cr_assert_null(strstr(t, "你们们"), "%s", t);
	cr_assert_not_null(strstr(t, "尚未公布，上述期限暂按周末计算"), "%s", t);
	g_free(t);
	c.plural = 0;
	c.due_provisional = 0;
	t = joined(XF_NOTICE_ACCEPT, &c);
	cr_assert_null(strstr(t, "你们"), "%s", t);
	cr_assert_null(strstr(t, "暂按周末"), "%s", t);
	g_free(t);

	/* A letter to a unit keeps 你单位 whoever petitioned. */
	docs_case(XF_NOTICE_TRANSFER, &c);
	c.plural = 1;
	c.layout = 3;
	t = joined(XF_NOTICE_TRANSFER, &c);
	cr_assert_not_null(strstr(t, "你单位"), "%s", t);
	cr_assert_null(strstr(t, "你们"), "%s", t);
	g_free(t);

	/* A 2005-rule unit's acceptance cites that rule's article. */
	docs_case(XF_NOTICE_ACCEPT, &c);
	c.profile = "national-2005";
	c.layout = 3;
	t = joined(XF_NOTICE_ACCEPT, &c);
	cr_assert_not_null(strstr(t, "根据《信访条例》第二十一条末款、第二十二条第二款规定，本机关决定"), "%s", t);
	g_free(t);
	c.layout = 2;
	t = joined(XF_NOTICE_ACCEPT, &c);
	cr_assert_null(strstr(t, "第二十二条第二款规定，本机关决定"), "%s", t);
	g_free(t);

	/* A Henan unit's receipt: its 5 days, not the 2022 rule's 15. */
	docs_case(XF_NOTICE_RECEIPT, &c);
	c.profile = "henan-2012";
	c.layout = 2;
	t = joined(XF_NOTICE_RECEIPT, &c);
	cr_assert_not_null(strstr(t, "15日内"), "%s", t);
	g_free(t);
	c.layout = 3;
	t = joined(XF_NOTICE_RECEIPT, &c);
	cr_assert_not_null(strstr(t, "《河南省信访条例》第二十六条"), "%s", t);
	cr_assert_not_null(strstr(t, "5日内"), "%s", t);
	cr_assert_null(strstr(t, "信访工作条例"), "%s", t);
	g_free(t);
}

/* Official documents (公文) rendered to PDF in the layout of GB/T 9704-2012
 * 《党政机关公文格式》: A4, 版心 156 × 225 mm (top margin 37 mm, left 28 mm),
 * 22 lines × 28 characters of 3号 body text per page, red 版头, 2号 title,
 * signature and date right-aligned, 版记 at the foot of the last page, page
 * numbers "— N —" outside the 版心.
 *
 * Fonts (Debian has no 方正小标宋 / 仿宋_GB2312 / 黑体 / 楷体_GB2312, so the
 * nearest free faces stand in; see pdf.c for the reasons):
 *   小标宋 (mark, title)  → Noto Serif CJK SC Bold          (fonts-noto-cjk)
 *   仿宋   (body)         → Noto Serif CJK SC Light         (fonts-noto-cjk-extra;
 *                            fontconfig falls back to Regular without it)
 *   黑体   (一、 headings) → Noto Sans CJK SC Regular        (fonts-noto-cjk)
 *   楷体   ((一) headings) → AR PL UKai CN                   (fonts-arphic-ukai)
 *   rare name characters (CJK Ext-B…F that Noto lacks)
 *                         → HanaMinA / HanaMinB             (fonts-hanazono)
 *
 * Output is deterministic: the same document gives the same bytes (the PDF
 * dates come from the issue date, never from the clock), so a stored
 * document's hash can be checked by printing it again.
 *
 * Thread-safe: the one font map is created under pthread_once; rendering
 * holds a mutex while it uses it, because a Pango font map must not be used
 * by two threads at once. */
#ifndef XF_PDF_H
#define XF_PDF_H

#include <stddef.h>

#include "core/date.h"
#include "core/error.h"

#define XF_PDF_MAX_PARAGRAPHS	512
/* Bytes of text in one document: more than any notice's accepted fields
 * can hold (a reply's four parts of 20,000 four-byte characters, 320 KB). */
#define XF_PDF_MAX_TEXT		(1024 * 1024)

typedef struct {
	const char	*authority;	/* 发文机关标志, red at the top; required */
	const char	*doc_number;	/* 发文字号, "郑教信〔2026〕12号"; NULL/"" = none */
	const char	*title;		/* 标题, 2号; required; '\n' forces a line break */
	const char	*recipient;	/* 主送机关 without the colon; NULL/"" = none */
	/* 正文: one paragraph per string, first line indented two characters.
	 * A paragraph that starts "一、" is set in 黑体, one that starts "（一）"
	 * in 楷体 (GB/T 9704 §7.3.3). A '\n' inside a string starts a new
	 * paragraph. */
	const char *const *paragraphs;
	size_t		 nparagraphs;
	const char	*attachment;	/* 附件说明 after "附件："; NULL/"" = none */
	const char	*signature;	/* 发文机关署名; required */
	xf_date		 issued_on;	/* 成文日期; required; also the PDF's dates */
	const char	*note;		/* 附注 without the parentheses; NULL/"" = none */
	const char	*cc;		/* 版记 抄送机关 "甲，乙"; NULL/"" = none */
	const char	*printer;	/* 版记 印发机关; NULL/"" = no 印发 line */
	xf_date		 printed_on;	/* 印发日期; XF_DATE_NONE or 0 = issued_on */
	int		 layout;	/* line-breaking rules: 0 or 1 as first
					   issued, XF_PDF_LAYOUT for new documents.
					   An issued document is re-printed byte
					   for byte, so a change that moves a line
					   break gets a new number and the old
					   rules stay for the old documents. */
	void		*owned;		/* text owned by the builder that filled
					   this (xf_notice_build); never read here */
} xf_pdf_doc;

/* 2: a run of ASCII letters, digits and hyphens (a case number) breaks
 * like the Chinese around it; 1 broke only letter/digit runs over 8.
 * 3: the same lines; the notices' wording changed (notices.c): 你们 to
 * several petitioners, a provisional due date said so, a receipt citing
 * its rule profile. */
#define XF_PDF_LAYOUT	3

/* Renders doc to a PDF in memory. On success *out is a malloc'd buffer of
 * *outlen bytes that the caller frees, and 0 is returned. On failure -1 with
 * err set: XF_E_INVALID naming the field (missing, not UTF-8, control
 * characters), XF_E_TOO_LARGE, or XF_E_INTERNAL. */
int	xf_pdf_render(const xf_pdf_doc *doc, unsigned char **out,
	    size_t *outlen, xf_error *err);

/* "2026年6月1日" (Arabic numerals, no leading zeros, GB/T 9704-2012
 * §7.3.5.1). buf must hold 32 bytes. Returns buf. */
char	*xf_pdf_format_date(xf_date d, char buf[32]);

/* Number of pages xf_pdf_render would produce, for callers that store it;
 * -1 with err set on invalid input. */
int	xf_pdf_page_count(const xf_pdf_doc *doc, xf_error *err);

#endif

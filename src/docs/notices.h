/* The documents of SPEC §3 and §5, written from case data into an
 * xf_pdf_doc for xf_pdf_render(). Wording follows 《信访工作条例》(2022) and
 * 《河南省教育系统信访工作责任制实施细则（试行）》; each notice cites the
 * articles the real notices cite.
 *
 * Usage:
 *	xf_pdf_doc doc;
 *	if (xf_notice_build(XF_NOTICE_REPLY, &data, &doc, &err) == -1) …
 *	rc = xf_pdf_render(&doc, &bytes, &len, &err);
 *	xf_notice_doc_free(&doc);
 * The strings of data are borrowed until the free; doc owns the text it
 * composed. Or xf_notice_render() does all three. */
#ifndef XF_NOTICES_H
#define XF_NOTICES_H

#include "core/date.h"
#include "core/error.h"
#include "docs/pdf.h"

/* Kinds, named as API.md names them (GET /api/v1/cases/{id}/documents). */
typedef enum {
	XF_NOTICE_RECEIPT = 0,		/* receipt: 信访事项登记回执 */
	XF_NOTICE_ACCEPT,		/* accept_notice: 受理告知书 */
	XF_NOTICE_NOT_ACCEPT,		/* not_accept_notice: 不予受理告知书 */
	XF_NOTICE_TRANSFER,		/* transfer_letter: 转送函 */
	XF_NOTICE_ASSIGN,		/* assign_letter: 交办单 */
	XF_NOTICE_OBJECTION,		/* objection_letter: 异议函 */
	XF_NOTICE_EXTENSION,		/* extension_notice: 延期办理告知书 */
	XF_NOTICE_REPLY,		/* reply: 信访处理意见书 */
	XF_NOTICE_REVIEW,		/* review_opinion: 复查意见书 */
	XF_NOTICE_RECHECK,		/* recheck_opinion: 复核意见书 */
	XF_NOTICE_SUPERVISION,		/* supervision_letter: 督办函 */
	XF_NOTICE_KIND_COUNT
} xf_notice_kind;

/* "receipt", …; NULL for a value out of range. */
const char	*xf_notice_kind_name(xf_notice_kind kind);
/* 0 and *out set for a known name, -1 otherwise. */
int		 xf_notice_kind_parse(const char *name, xf_notice_kind *out);
/* The document's title, "受理告知书", …; NULL out of range. */
const char	*xf_notice_kind_title(xf_notice_kind kind);

/* Case data. Strings are UTF-8; NULL or "" means absent; a date is absent
 * when XF_DATE_NONE or 0 (so a zeroed struct has no dates). Which fields a kind needs is in notices.c
 * (need_*); a missing one fails with XF_E_INVALID naming it. Fields that
 * take text from people (request, facts, …) may hold several paragraphs
 * separated by '\n'. */
typedef struct {
	/* the issuing unit and the document */
	const char	*unit_name;	/* issuing unit: 发文机关标志 and 署名 (all) */
	const char	*doc_number;	/* 发文字号, "金教信〔2026〕12号" (optional) */
	xf_date		 issued_on;	/* 成文日期 (all) */
	const char	*contact;	/* 附注 "联系人：…，联系电话：…" (optional) */
	const char	*cc;		/* 版记 抄送 (optional) */
	const char	*printer;	/* 版记 印发机关 (optional; default: none) */

	/* the case */
	const char	*case_number;	/* 信访件编号 (all) */
	const char	*petitioner;	/* 信访人 name(s), "张三" or "李四等5人" (all) */
	xf_date		 received_on;	/* the day the unit received it (all) */
	const char	*channel;	/* letter|visit|online|phone|fax|email (all but
					   objection, supervision) */
	const char	*summary;	/* 事项: "反映……的问题" core, e.g.
					   "金水区某小学违规收取课后服务费" (all) */
	const char	*query_code;	/* 查询码 (receipt) */
	const char	*query_where;	/* where to look it up (receipt; optional,
					   default "网上信访平台") */

	/* routing */
	const char	*to_unit;	/* transfer/assign: receiving unit;
					   objection: the unit that transferred it;
					   supervision: the supervised unit */
	xf_date		 report_due;	/* assign: 办结报告 due */
	const char	*reason;	/* not_accept, objection, extension */
	const char	*legal_channel;	/* not_accept: litigation | arbitration |
					   reconsideration | discipline | any text
					   naming the route */
	int		 bar;		/* not_accept: 1 不再受理 (closed after
					   复核), 2 pending below; 0 neither */
	const char	*bar_article;	/* the article for bar */
	int		 simple;	/* accept: 简易办理 (10 working days) */
	int		 final_review;	/* review_opinion under a rule profile
					   without 复核 (henan-2012): the review
					   is final, review_body not needed */
	const char	*handler_unit;	/* accept: the department that handles it
					   (optional) */
	int		 layout;	/* xf_pdf_doc.layout: set at issue, stored
					   with the document (0 for those issued
					   before layouts were numbered) */
	const char	*profile;	/* the rule profile the limits come from
					   (core/profile.h): accept, extension,
					   reply and review opinions cite its
					   articles; NULL or national-2022: the
					   《信访工作条例》 texts */

	/* handling */
	xf_date		 accepted_on;	/* accept, extension, reply */
	xf_date		 due_on;	/* accept: handling due date;
					   extension: the new due date */
	int		 extend_days;	/* extension: 1 to the profile's maximum */
	int		 plural;	/* more than one petitioner: 你们 (layout
					   3 on) */
	int		 due_provisional;	/* due_on counted without its
					   year's calendar: said so (layout
					   3 on) */

	/* opinions: reply, review_opinion, recheck_opinion */
	const char	*outcome;	/* support | explain | reject */
	const char	*request;	/* 信访（复查、复核）请求 */
	const char	*facts;		/* 事实和理由 */
	const char	*decision;	/* 处理意见 */
	const char	*basis;		/* 法律法规依据 */
	xf_date		 execute_by;	/* support: date the decision is carried out
					   (optional) */
	const char	*review_body;	/* reply: where 复查 is asked (the level
					   above); review_opinion: where 复核 is
					   asked */
	const char	*prior_unit;	/* review/recheck: who issued the opinion
					   under review */
	xf_date		 prior_on;	/* review/recheck: the date of that opinion */
	xf_date		 request_on;	/* review/recheck: the request's receipt */

	/* supervision_letter */
	const char	*trigger;	/* API trigger code (handle_overdue, …) */
	const char	*form;		/* online|phone|letter|interview|onsite
					   (optional, default letter) */
	const char	*problem;	/* 发现的问题 */
	const char	*suggestions;	/* 改进建议 */
	xf_date		 reply_due;	/* 书面反馈 due */
} xf_notice_data;

/* Fills *out (zeroed first) from the case data; out->owned then holds the
 * composed text until xf_notice_doc_free(out). On failure -1 with err:
 * XF_E_INVALID naming the missing or wrong field ("query_code", …), and
 * *out left empty (freeing it is still safe). */
int	xf_notice_build(xf_notice_kind kind, const xf_notice_data *d,
	    xf_pdf_doc *out, xf_error *err);
void	xf_notice_doc_free(xf_pdf_doc *doc);

/* The same in one call: build and render to malloc'd PDF bytes. */
int	xf_notice_render(xf_notice_kind kind, const xf_notice_data *d,
	    unsigned char **pdf, size_t *pdflen, xf_error *err);

/* Chinese text of codes used in the notices; NULL for an unknown code. */
const char	*xf_notice_channel_text(const char *channel);	/* "来信" */
const char	*xf_notice_trigger_text(const char *trigger);

#endif

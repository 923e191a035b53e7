/* Official documents of a case (SPEC §3, §5, §10; issue 8): numbered when
 * the event that issues them happens, rendered to PDF when first asked for.
 *
 * Numbering. Every document gets a 发文字号 "<代字>〔<year>〕<serial>号"
 * from its issuing unit: serial counts per (unit, year of issue) in
 * doc_serials, inside the transaction of the event, so a rolled-back event
 * never leaves a number behind and a number is never held twice. The 代字
 * (xf_docs_prefix) is derived from the unit name:
 *   province authority   province abbreviation (region code) + 教信  豫教信
 *   city/county authority first character of the place + 教信        郑教信, 金教信
 *   university           place + first character of the rest + 大信  郑大信, 河师大信
 *   school               first character after the district + 小/中/校 + 信
 *   other units          first and last character + 信
 * Where two units of the tree would share a 代字, both take two characters of
 * their place (中原教信, 中牟教信); if they still collide, the unit code.
 *
 * Storage. documents.data holds the complete xf_notice_data (docs/notices.h)
 * as JSON, every name and date resolved at the time of issue, so a later
 * rename of a unit or edit of the case never changes a document already
 * issued. The first render stores the PDF's SHA-256 and size; every later
 * render must give the same bytes.
 *
 * The query code (查询码) is never stored in the clear: the stored receipt says
 * "查询码：登记时已告知信访人"; a render with the right code puts the code in
 * (and is not hashed: it is the petitioner's own copy). */
#ifndef XF_API_DOCUMENTS_H
#define XF_API_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "api/app.h"
#include "docs/notices.h"

/* What the canonical receipt says in place of the code. */
#define XF_DOCS_CODE_PLACEHOLDER "登记时已告知信访人"

typedef struct {
	int64_t		id;
	int64_t		case_id;	/* 0 when none */
	int64_t		supervision_id;	/* 0 when none */
	char		kind[32];	/* API.md kind: "reply", … */
	int64_t		unit_id;	/* issuing unit */
	int		year;
	int		serial;
	char		number[128];	/* 发文字号 */
	xf_date		issued_on;
	char		sha256[65];	/* "" until first rendered */
	int64_t		bytes;		/* 0 until first rendered */
} xf_doc_meta;

/* 1 for the kinds addressed to the petitioner (receipt, accept_notice,
 * not_accept_notice, extension_notice, reply, review_opinion,
 * recheck_opinion), 0 for letters between units. */
int	xf_docs_kind_for_petitioner(const char *kind);

/* The 代字 of a unit's document numbers (see above) into out; "" if the unit
 * is unknown. Returns out. */
char	*xf_docs_prefix(xf_app *app, int64_t unit_id, char *out, size_t outsz);

/* 0 found, 1 not found (err: XF_E_NOT_FOUND), -1 error. */
int	xf_docs_get(xf_app *app, int64_t doc_id, xf_doc_meta *out,
	    xf_error *err);

/* The PDF of a document, malloc'd into *pdf (the caller frees it).
 * query_code NULL: the canonical document (staff); its SHA-256 is stored at
 * the first render and checked at every later one (a mismatch is
 * XF_E_INTERNAL and logged). query_code given: the petitioner's copy; the
 * code must match the document's case and the kind must be one addressed to
 * the petitioner, else XF_E_NOT_FOUND (nothing is revealed); a receipt then
 * carries the code. Scope is the caller's business. */
int	xf_docs_render(xf_app *app, int64_t doc_id, const char *query_code,
	    unsigned char **pdf, size_t *len, xf_error *err);

/* The documents of a case, oldest first, as a JSON array of
 * {"id","kind","title","number","sha256","issued_on","bytes"}; documents not
 * yet rendered are rendered first, so sha256 is always filled.
 * petitioner_view (the portal): only the kinds addressed to the petitioner,
 * and nothing is rendered, so an unauthenticated lookup stays cheap (sha256
 * and bytes are null/0 until a download or the staff list renders it).
 * NULL on error. */
json_t	*xf_docs_list(xf_app *app, int64_t case_id, int petitioner_view,
	    xf_error *err);

/* Records a 督办函 for a supervision record (SPEC §5): numbers it for the
 * issuing unit_id and year of issued_on, and stores d (d->doc_number and,
 * when empty, d->unit_name and d->issued_on are filled in here; the other
 * fields must be complete: they are checked by building the notice). Runs
 * in the caller's transaction if one is open. *doc_id gets the document.
 * One letter per supervision: if it has one, *doc_id gets that one, nothing
 * is written, and 1 is returned (a repeated or racing request; the check
 * runs under the writer lock). */
int	xf_docs_supervision_letter(xf_app *app, int64_t supervision_id,
	    int64_t case_id, int64_t unit_id, xf_date issued_on,
	    const xf_notice_data *d, int64_t *doc_id, xf_error *err);

#endif

/* Attachments (materials) of a case: uploaded by staff or, through the
 * portal, by the petitioner. Only a few document and image types are taken,
 * recognised by their first bytes (not by what the client says), and they
 * are always served as downloads. A confidential case's materials are
 * protected like the petitioner's identity (SPEC §7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "attachments.h"
#include "core/validate.h"
#include "cases.h"

#define NAME_MAX_CHARS 100
/* Bytes of a name: 100 characters of up to four bytes each. */
#define NAME_BYTES (NAME_MAX_CHARS * 4 + 1)

static const struct {
	const char *ext, *mime;
} types[] = {
	{ ".pdf", "application/pdf" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document" },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet" },
	{ ".doc", "application/msword" },
	{ ".txt", "text/plain; charset=utf-8" },
};

/* What the bytes are, judged by magic numbers; NULL if not acceptable. */
static const char *
sniff(const unsigned char *b, size_t n, const char *ext)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return strcmp(ext, ".pdf") == 0 ? types[0].mime : NULL;
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return strcmp(ext, ".png") == 0 ? types[1].mime : NULL;
	if (n >= 3 && memcmp(b, "\xff\xd8\xff", 3) == 0)
		return strcmp(ext, ".jpg") == 0 || strcmp(ext, ".jpeg") == 0 ?
		    types[2].mime : NULL;
	if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
		if (strcmp(ext, ".docx") == 0)
			return types[4].mime;
		if (strcmp(ext, ".xlsx") == 0)
			return types[5].mime;
		return NULL;
	}
	if (n >= 8 && memcmp(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return strcmp(ext, ".doc") == 0 ? types[6].mime : NULL;
	if (strcmp(ext, ".txt") == 0 && xf_validate_utf8_text("file",
	    (const char *)b, n, 1, NULL) == 0 && strlen((const char *)b) == n)
		return types[7].mime;
	return NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* X-Filename carries the UTF-8 name percent-encoded (headers are ASCII). */
static int
decode_name(const char *in, char out[NAME_BYTES], xf_error *err)
{
	size_t o = 0;

	if (in == NULL || *in == '\0')
		return xf_error_set(err, XF_E_INVALID, "filename",
		    "缺少文件名（X-Filename 头，UTF-8 百分号编码）");
	for (size_t i = 0; in[i] != '\0'; i++) {
		int c = (unsigned char)in[i];

		if (o >= NAME_BYTES - 1)
			return xf_error_set(err, XF_E_INVALID, "filename",
			    "文件名过长");
		if (c == '%') {
			int h = hexval((unsigned char)in[i + 1]), l;

			if (h < 0 || (l = hexval((unsigned char)in[i + 2])) < 0)
				return xf_error_set(err, XF_E_INVALID,
				    "filename", "文件名编码不正确");
			c = h * 16 + l;
			i += 2;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (strlen(out) != o || strchr(out, '/') != NULL ||
	    strchr(out, '\\') != NULL || out[0] == '.' ||
	    xf_validate_utf8_text("filename", out, NAME_MAX_CHARS, 0, err) == -1)
		return xf_error_set(err, XF_E_INVALID, "filename",
		    "文件名不合法（不能含路径、控制字符，不超过 %d 个字）",
		    NAME_MAX_CHARS);
	return 0;
}

static const char *
extension(const char *name, char buf[8])
{
	const char *dot = strrchr(name, '.');
	size_t i;

	buf[0] = '\0';
	if (dot == NULL || strlen(dot) > 6)
		return buf;
	for (i = 0; dot[i] != '\0'; i++)
		buf[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] + 32 :
		    dot[i]);
	buf[i] = '\0';
	return buf;
}

int
xf_attach_upload(xf_req *r, int64_t case_id, int by_petitioner,
    json_t **out)
{
	unsigned char h[32];
	char name[NAME_BYTES], ext[8], hex[65];
	const char *mime;
	int64_t id;

	if (decode_name(xf_req_header(r, "X-Filename"), name, &r->err) == -1)
		return -1;
	if (r->body_len == 0)
		return xf_error_set(&r->err, XF_E_INVALID, "file", "文件为空");
	mime = sniff((const unsigned char *)r->body, r->body_len,
	    extension(name, ext));
	if (mime == NULL)
		return xf_error_set(&r->err, XF_E_INVALID, "file",
		    "只接受 PDF、JPG、PNG、DOC、DOCX、XLSX、TXT 文件，且扩展名须与"
		    "文件内容一致");
	crypto_hash_sha256(h, (const unsigned char *)r->body, r->body_len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (xf_store_begin(r->app->store, &r->err) == -1)
		return -1;
	if (xf_store_attachment_add(r->app->store, case_id, name, mime, r->body,
	    r->body_len, hex, by_petitioner, r->authed ? r->user.id : 0, &id,
	    &r->err) == -1 ||
	    xf_store_audit(r->app->store, r->authed ? r->user.id : 0, r->ip,
	    "attachment_add", "case", case_id, NULL, json_pack("{s:I,s:s,s:I,"
	    "s:s}", "attachment_id", (json_int_t)id, "name", name, "size",
	    (json_int_t)r->body_len, "sha256", hex), &r->err) == -1 ||
	    xf_store_commit(r->app->store, &r->err) == -1) {
		xf_store_rollback(r->app->store);
		return -1;
	}
	*out = json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)id, "name",
	    name, "mime", mime, "size", (json_int_t)r->body_len, "sha256", hex);
	return 0;
}

/* POST /api/v1/cases/{id}/attachments */
static int
api_upload(xf_req *r)
{
	json_t *out;

	if (xf_require_role(r, XF_ROLE_OFFICER | XF_ROLE_HANDLER |
	    XF_ROLE_LEADER | XF_ROLE_ADMIN) == -1 ||
	    xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1 ||
	    xf_attach_upload(r, r->id, 0, &out) == -1)
		return -1;
	return xf_reply_json(r, 201, out);
}

static int
may_see_materials(xf_req *r, int64_t case_id)
{
	json_t *info = NULL;
	xf_case c;
	int ok;

	if (xf_store_case_load(r->app->store, case_id, &c, &info, &r->err) != 0)
		return -1;
	ok = xf_case_may_see_protected(r, &c, info);
	json_decref(info);
	return ok;
}

/* GET /api/v1/cases/{id}/attachments */
static int
api_list(xf_req *r)
{
	json_t *a;
	int ok;

	if (xf_query_check_unused(&r->query, &r->err) == -1 ||
	    xf_case_visible(r, r->id) == -1 ||
	    (ok = may_see_materials(r, r->id)) == -1)
		return -1;
	if (!ok)
		return xf_reply_json(r, 200, json_pack("{s:[],s:b}", "items",
		    "protected", 1));
	if ((a = xf_store_attachments(r->app->store, r->id, &r->err)) == NULL)
		return -1;
	return xf_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* GET /api/v1/attachments/{id} */
static int
api_download(xf_req *r)
{
	char name[NAME_BYTES], mime[80], enc[NAME_BYTES * 3];
	unsigned char *data = NULL;
	size_t len = 0, o = 0;
	int64_t case_id;
	int rc, ok;

	if (xf_query_check_unused(&r->query, &r->err) == -1)
		return -1;
	rc = xf_store_attachment_get(r->app->store, r->id, &case_id, name, mime,
	    &data, &len, &r->err);
	if (rc != 0)
		return rc == 1 ? xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    "附件不存在") : -1;
	if (xf_case_visible(r, case_id) == -1 ||
	    (ok = may_see_materials(r, case_id)) == -1 || !ok) {
		free(data);
		if (r->err.code == XF_OK || r->err.code == XF_E_NOT_FOUND)
			xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "附件不存在");
		return -1;
	}
	/* RFC 5987 filename*: every byte outside a safe set percent-encoded. */
	for (size_t i = 0; name[i] != '\0' && o + 4 < sizeof(enc); i++) {
		unsigned char c = (unsigned char)name[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')
			enc[o++] = (char)c;
		else
			o += (size_t)snprintf(enc + o, sizeof(enc) - o, "%%%02X",
			    c);
	}
	enc[o] = '\0';
	r->bytes = data;
	r->bytes_len = len;
	r->status = 200;
	r->content_type = xf_arena_strdup(&r->arena, mime);
	r->disposition = xf_arena_printf(&r->arena,
	    "attachment; filename=\"attachment\"; filename*=UTF-8''%s", enc);
	xf_store_audit(r->app->store, r->user.id, r->ip, "attachment_read",
	    "case", case_id, NULL, json_pack("{s:I}", "attachment_id",
	    (json_int_t)r->id), NULL);
	return 0;
}

const xf_route xf_attachment_routes[] = {
	{ "POST", "/api/v1/cases/{id}/attachments", api_upload, XF_ROUTE_UPLOAD },
	{ "GET", "/api/v1/cases/{id}/attachments", api_list, 0 },
	{ "GET", "/api/v1/attachments/{id}", api_download, 0 },
	{ NULL, NULL, NULL, 0 },
};

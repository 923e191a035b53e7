#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "jsonout.h"
#include "server.h"

#define CSP "default-src 'self'; script-src 'self'; " \
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " \
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; " \
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

static atomic_int in_flight;
/* Shutdown (xf_server_run): 1 once SIGTERM came (requests that start
 * later get 503 and Connection: close); 2 once the drain gave up waiting
 * for deferred writes (a write then waits on its own thread rather than
 * suspend its connection: libmicrohttpd aborts the process if it is
 * stopped with a connection suspended). */
static atomic_int stopping;

static const xf_server_cfg *cfg_g;

/* ---- per-request context -------------------------------------------- */

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
	xf_req *r = xf_xcalloc(1, sizeof(*r));
	const char *q;

	(void)cls;
	xf_arena_init(&r->arena);
	r->conn = con;
	r->app = cfg_g->app;
	q = strchr(uri, '?');
	/* libmicrohttpd unescapes the path into a C string, so a %00 would
	 * end it early: "/api/v1/cases/1%00x" would be case 1. */
	for (const char *p = uri; *p != '\0' && p != q; p++)
		if (p[0] == '%' && p[1] == '0' && p[2] == '0')
			r->nul_path = 1;
	if (q != NULL) {
		r->raw_query = xf_arena_strdup(&r->arena, q + 1);
		r->raw_query_len = strlen(r->raw_query);
		/* The query is ours to parse (xf_query_parse, with its limits
		 * and JSON errors). libmicrohttpd 0.9.75 would also parse it
		 * into the connection's 16 KB pool, where a few hundred
		 * parameters exhaust the pool and leave the connection hanging
		 * until its timeout. It found the '?' before calling us and
		 * parses what follows afterwards: the line is its read buffer,
		 * writable, and an empty rest gives it nothing to parse. */
		((char *)q)[1] = '\0';
	} else
		r->raw_query = "";
	atomic_fetch_add(&in_flight, 1);
	r->late = atomic_load(&stopping) != 0;
	return r;
}

static void
completed(void *cls, struct MHD_Connection *con, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	xf_req *r = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (r == NULL)
		return;
	json_decref(r->json);
	free(r->bytes);
	free(r->body);
	xf_arena_cleanup(&r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

const char *
xf_req_header(xf_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
xf_req_cookie(xf_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int
xf_req_json(xf_req *r, json_t **out)
{
	return xf_json_parse_object(r->body, r->body_len, out, &r->err);
}

int
xf_reply_json(xf_req *r, int status, json_t *j)
{
	json_decref(r->json);
	r->json = j;
	r->status = status;
	return 0;
}

int
xf_reply_text(xf_req *r, int status, char *text, size_t len)
{
	json_decref(r->json);
	r->json = NULL;
	free(r->bytes);
	r->bytes = (unsigned char *)text;
	r->bytes_len = len;
	r->content_type = "application/json; charset=utf-8";
	r->status = status;
	return 0;
}

int
xf_reply_error(xf_req *r)
{
	json_t *e = json_object();

	if (r->err.code == XF_OK)
		xf_error_set(&r->err, XF_E_INTERNAL, NULL, "服务器内部错误");
	json_object_set_new(e, "code",
	    json_string(xf_error_code_name(r->err.code)));
	json_object_set_new(e, "message", json_string(r->err.message));
	if (r->err.field[0] != '\0')
		json_object_set_new(e, "field", json_string(r->err.field));
	if (r->err.code == XF_E_INTERNAL)
		fprintf(stderr, "xinfang: 500 %s %s: %s\n", r->method, r->path,
		    r->err.message);
	return xf_reply_json(r, xf_error_http_status(r->err.code),
	    json_pack("{s:o}", "error", e));
}

/* ---- sending ---------------------------------------------------------- */

static void
common_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result
send_req(xf_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->json != NULL) {
		size_t n = 0;
		char *s = xf_json_out(r->json, &n);

		if (s == NULL) {
			s = xf_xstrdup("{}");
			n = 2;
		}
		resp = MHD_create_response_from_buffer(n, s,
		    MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(resp, "Content-Type",
		    "application/json; charset=utf-8");
	} else {
		resp = MHD_create_response_from_buffer(r->bytes_len,
		    r->bytes ? r->bytes : (void *)"", r->bytes ?
		    MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		r->bytes = NULL;	/* now MHD's */
		MHD_add_response_header(resp, "Content-Type",
		    r->content_type ? r->content_type : "text/plain; charset=utf-8");
		if (r->disposition != NULL)
			MHD_add_response_header(resp, "Content-Disposition",
			    r->disposition);
	}
	if (resp == NULL)
		return MHD_NO;
	common_headers(resp);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->set_cookie[0] != '\0')
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->close)
		MHD_add_response_header(resp, "Connection", "close");
	if (r->status == 429) {
		char ra[24];

		snprintf(ra, sizeof(ra), "%lld", r->retry_after > 0 ?
		    r->retry_after : 60);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	ret = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200),
	    resp);
	MHD_destroy_response(resp);
	r->responded = 1;
	return ret;
}

/* ---- answers after a deferred write ------------------------------------ */

/* A handler whose write was deferred (xf_store_commit_deferred) leaves
 * its answer here, with its connection suspended, until the batch is
 * durable; so its pool thread serves its other connections meanwhile. */
static pthread_mutex_t defer_mx = PTHREAD_MUTEX_INITIALIZER;
static xf_req *defer_list;

/* Called by the store whenever batches become durable. */
static void
on_durable(void *arg)
{
	xf_req **p, *r;

	(void)arg;
	pthread_mutex_lock(&defer_mx);
	for (p = &defer_list; (r = *p) != NULL;) {
		r->defer_state = xf_store_batch_state(cfg_g->store,
		    r->defer_batch);
		if (r->defer_state == 0) {
			p = &r->defer_next;
			continue;
		}
		*p = r->defer_next;
		r->defer_next = NULL;
		MHD_resume_connection(r->conn);
	}
	pthread_mutex_unlock(&defer_mx);
}

/* Returns 1 if the answer must wait (the connection is suspended). */
static int
defer_answer(xf_req *r)
{
	int wait;

	pthread_mutex_lock(&defer_mx);
	r->defer_state = xf_store_batch_state(cfg_g->store, r->defer_batch);
	wait = r->defer_state == 0;
	if (wait && atomic_load(&stopping) == 2) {
		/* The drain is over: wait here (up to 30 s), not suspended. */
		struct timespec ts = { 0, 1000 * 1000 };

		pthread_mutex_unlock(&defer_mx);
		for (int i = 0; i < 30000 && r->defer_state == 0; i++) {
			nanosleep(&ts, NULL);
			r->defer_state = xf_store_batch_state(cfg_g->store,
			    r->defer_batch);
		}
		if (r->defer_state == 0)
			r->defer_state = -1;
		return 0;
	}
	if (wait) {
		MHD_suspend_connection(r->conn);
		r->defer_next = defer_list;
		defer_list = r;
	}
	pthread_mutex_unlock(&defer_mx);
	return wait;
}

/* The answer of a deferred write, once its batch is settled. */
static enum MHD_Result
send_deferred(xf_req *r)
{
	r->defer_batch = 0;
	if (r->defer_state < 0) {
		json_decref(r->json);
		r->json = NULL;
		free(r->bytes);
		r->bytes = NULL;
		r->status = 0;
		xf_error_set(&r->err, XF_E_INTERNAL, NULL,
		    "数据库提交失败，请重试");
		xf_reply_error(r);
	}
	return send_req(r);
}

/* ---- static files ----------------------------------------------------- */

static const char *
mime_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} m[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },
		{ ".ttf", "font/ttf" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".pdf", "application/pdf" },
	};
	const char *dot = strrchr(path, '.');

	if (dot != NULL)
		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			if (strcmp(dot, m[i].ext) == 0)
				return m[i].type;
	return "application/octet-stream";
}

static int
safe_path(const char *p)
{
	if (p[0] != '/' || strstr(p, "..") != NULL || strchr(p, '\\') != NULL ||
	    strstr(p, "//") != NULL || strlen(p) > 512)
		return 0;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20)
			return 0;
	return 1;
}

static enum MHD_Result
send_file(xf_req *r, const char *rel, int fallback)
{
	char path[1024];
	const char *accept;
	struct MHD_Response *resp;
	struct stat sb;
	int fd = -1, gz = 0, immutable;
	enum MHD_Result ret;

	if (!safe_path(rel))
		goto notfound;
	if (strcmp(rel, "/") == 0)
		rel = "/index.html";
	else if (strcmp(rel, "/portal") == 0 || strncmp(rel, "/portal/", 8) == 0)
		rel = "/portal.html";
	accept = xf_req_header(r, "Accept-Encoding");
	/* Pre-compressed assets (built by Vite) are sent as they are. */
	if (accept != NULL && strstr(accept, "gzip") != NULL) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s.gz",
		    cfg_g->webroot, rel) < sizeof(path) &&
		    (fd = open(path, O_RDONLY | O_CLOEXEC)) != -1)
			gz = 1;
	}
	if (fd == -1) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s", cfg_g->webroot,
		    rel) >= sizeof(path))
			goto notfound;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd == -1 || fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		if (fd != -1)
			close(fd);
		/* Client-side routes of the single-page app. */
		if (fallback && strchr(strrchr(rel, '/'), '.') == NULL)
			return send_file(r, strncmp(rel, "/portal", 7) == 0 ?
			    "/portal.html" : "/index.html", 0);
		goto notfound;
	}
	resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (resp == NULL) {
		close(fd);
		return MHD_NO;
	}
	common_headers(resp);
	MHD_add_response_header(resp, "Content-Type", mime_of(rel));
	if (gz) {
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	}
	/* Vite names built assets by content hash: they never change. */
	immutable = strncmp(rel, "/assets/", 8) == 0;
	MHD_add_response_header(resp, "Cache-Control", immutable ?
	    "public, max-age=31536000, immutable" : "no-cache");
	ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	r->responded = 1;
	return ret;
notfound:
	xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "页面不存在");
	xf_reply_error(r);
	return send_req(r);
}

/* ---- routing ---------------------------------------------------------- */

static int
parse_id(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;

	if (n == 0 || n > 18 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Matches path against a pattern; {id} takes a positive integer, {s} any
 * non-empty segment. Returns 1 on match. */
static int
match(xf_req *r, const char *pat, const char *path)
{
	int nid = 0;

	while (*pat && *path) {
		if (pat[0] == '{') {
			const char *pe = strchr(pat, '}');
			const char *se = strchr(path, '/');
			size_t n = se ? (size_t)(se - path) : strlen(path);

			if (pe == NULL || n == 0)
				return 0;
			if (strncmp(pat, "{id}", 4) == 0) {
				int64_t v;

				if (parse_id(path, n, &v) == -1)
					return -2;	/* right route, bad id */
				if (nid++ == 0)
					r->id = v;
				else
					r->id2 = v;
			} else
				r->param = xf_arena_strndup(&r->arena, path, n);
			pat = pe + 1;
			path += n;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

/* 1 if o ("scheme://host[:port]") names host h. */
static int
origin_is(const char *o, const char *h)
{
	const char *p = strstr(o, "://");

	return h != NULL && p != NULL && strcmp(p + 3, h) == 0;
}

/* 1 if a page of another site had a visitor's browser send this write
 * without asking first. A browser sends a write across sites at once
 * only as a CORS "simple" request: no Content-Type, or text/plain or a
 * form's (the request we never answer a preflight for cannot be sent at
 * all). To the portal's no-login routes that would be a petition filed in
 * the visitor's name. Browsers name the page's origin in Origin (clients
 * that are not browsers send none), and the UI and the portal send JSON,
 * so a reverse proxy that rewrites Host does not get in their way. */
static int
cross_site(xf_req *r)
{
	const char *o = xf_req_header(r, "Origin");
	const char *ct = xf_req_header(r, "Content-Type");

	if (o == NULL || strcmp(r->method, "GET") == 0 ||
	    strcmp(r->method, "HEAD") == 0)
		return 0;
	if (ct != NULL && strncasecmp(ct, "text/plain", 10) != 0 &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 &&
	    strncasecmp(ct, "multipart/form-data", 19) != 0)
		return 0;
	return !origin_is(o, xf_req_header(r, "Host")) &&
	    !origin_is(o, xf_req_header(r, "X-Forwarded-Host"));
}

static enum MHD_Result
dispatch(xf_req *r)
{
	const xf_route *rt, *found = NULL;
	int path_matched = 0;

	if (r->nul_path) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "页面不存在");
		xf_reply_error(r);
		return send_req(r);
	}
	if (strncmp(r->path, "/api/", 5) != 0) {
		if (strcmp(r->method, "GET") != 0 &&
		    strcmp(r->method, "HEAD") != 0) {
			xf_error_set(&r->err, XF_E_NOT_FOUND, NULL, "页面不存在");
			xf_reply_error(r);
			return send_req(r);
		}
		return send_file(r, r->path, 1);
	}
	if (r->too_large) {
		xf_error_set(&r->err, XF_E_TOO_LARGE, NULL,
		    "请求体过大（上限 %zu KB）", r->body_max / 1024);
		xf_reply_error(r);
		return send_req(r);
	}
	for (size_t t = 0; t < cfg_g->ntables && found == NULL; t++)
	for (rt = cfg_g->route_tables[t]; rt != NULL && rt->pattern != NULL;
	    rt++) {
		int m;

		r->id = r->id2 = 0;
		r->param = NULL;
		m = match(r, rt->pattern, r->path);
		if (m == -2) {
			path_matched = 1;
			continue;
		}
		if (m != 1)
			continue;
		path_matched = 1;
		/* HEAD is GET without the body (RFC 9110 9.3.2), which
		 * libmicrohttpd leaves out. */
		if (strcmp(rt->method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 &&
		    strcmp(rt->method, "GET") == 0)) {
			found = rt;
			break;
		}
	}
	if (found == NULL) {
		xf_error_set(&r->err, XF_E_NOT_FOUND, NULL,
		    path_matched ? "不支持该请求方法或资源不存在" :
		    "接口不存在");
		xf_reply_error(r);
		return send_req(r);
	}
	if (xf_query_parse(&r->arena, r->raw_query, r->raw_query_len,
	    &r->query, &r->err) == -1) {
		xf_reply_error(r);
		return send_req(r);
	}
	if (cross_site(r)) {
		xf_error_set(&r->err, XF_E_FORBIDDEN, NULL,
		    "拒绝来自其他网站的请求");
		xf_reply_error(r);
		return send_req(r);
	}
	if (cfg_g->request_begin != NULL)
		cfg_g->request_begin(r);
	if (cfg_g->store != NULL)
		xf_store_defer_allow(cfg_g->store, 1);
	if (!(found->flags & XF_ROUTE_PUBLIC) && cfg_g->authenticate(r) == -1)
		xf_reply_error(r);
	else if (found->handler(r) == -1)
		xf_reply_error(r);
	else if (r->json == NULL && r->bytes == NULL && r->status == 0)
		r->status = 204;
	if (cfg_g->store != NULL) {
		r->defer_batch = xf_store_deferred(cfg_g->store);
		xf_store_defer_allow(cfg_g->store, 0);
	}
	if (cfg_g->request_end != NULL)
		cfg_g->request_end(r);
	if (r->defer_batch != 0 && defer_answer(r))
		return MHD_YES;
	return r->defer_batch != 0 ? send_deferred(r) : send_req(r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	xf_req *r = *con_cls;

	(void)cls;
	(void)version;
	if (r == NULL)
		return MHD_NO;
	if (r->method == NULL) {
		/* First call: headers only. Answering here would close a
		 * keep-alive connection (libmicrohttpd 0.9.75), so only record
		 * and decide the body limit. */
		const union MHD_ConnectionInfo *ci;
		const char *cl;

		r->method = xf_arena_strdup(&r->arena, method);
		r->path = xf_arena_strdup(&r->arena, url);
		r->body_max = XF_BODY_MAX_JSON;
		if (strstr(url, "/attachments") != NULL)
			r->body_max = XF_BODY_MAX_UPLOAD;
		ci = MHD_get_connection_info(con,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL) {
			const struct sockaddr *sa = ci->client_addr;

			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET,
				    &((const struct sockaddr_in *)sa)->sin_addr,
				    r->ip, sizeof(r->ip));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6,
				    &((const struct sockaddr_in6 *)sa)->sin6_addr,
				    r->ip, sizeof(r->ip));
		}
		cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
		    "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > r->body_max)
			r->too_large = 1;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (r->too_large || r->body_len + n > r->body_max) {
			/* Keep reading (and dropping) so the client gets a
			 * clean 413 instead of a reset connection. */
			r->too_large = 1;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			r->body_cap = (r->body_len + n + 1) * 2;
			if (r->body_cap > r->body_max + 1)
				r->body_cap = r->body_max + 1;
			r->body = xf_xrealloc(r->body, r->body_cap);
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	if (r->defer_batch != 0)
		return send_deferred(r);	/* resumed: durable or failed */
	if (r->responded)
		return MHD_YES;
	if (r->late) {
		/* Begun after the stop signal: nothing is done, the client
		 * is told to come back (the requests before it are drained). */
		xf_reply_json(r, 503, json_pack("{s:{s:s,s:s}}", "error", "code",
		    "unavailable", "message", "服务正在停止，请稍后重试"));
		r->close = 1;
		return send_req(r);
	}
	return dispatch(r);
}

/* ---- lifecycle -------------------------------------------------------- */

static int
parse_listen(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	long port;
	char *end;

	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (host[0] == '\0' || strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

int
xf_server_check_listen(const char *listen, xf_error *err)
{
	struct sockaddr_in sa;
	int fd, one = 1, e = 0;

	if (parse_listen(listen, &sa) == -1)
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "监听地址格式应为 IP:端口，例如 127.0.0.1:8080");
	/* Bound and let go at once: what the daemon will do (with the same
	 * SO_REUSEADDR), so a busy port is found before the database is
	 * touched (the daily jobs run before the first request). */
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return xf_error_set(err, XF_E_INTERNAL, "listen",
		    "无法创建网络套接字");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		e = errno;
	close(fd);
	switch (e) {
	case 0:
		return 0;
	case EADDRINUSE:
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "无法在 %s 上启动服务：端口已被占用", listen);
	case EADDRNOTAVAIL:
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "无法在 %s 上启动服务：本机没有这个地址", listen);
	case EACCES:
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "无法在 %s 上启动服务：没有使用该端口的权限", listen);
	default:
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "无法在 %s 上启动服务：%s", listen, "地址不可用");
	}
}

/* libmicrohttpd's own messages are English: said in Chinese, with its
 * text kept for whoever debugs it. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	fprintf(stderr, "xinfang: HTTP 服务层报告（libmicrohttpd）：%s\n", msg);
}

int
xf_server_run(const xf_server_cfg *cfg, xf_error *err)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t set;
	int sig = 0;

	if (parse_listen(cfg->listen, &sa) == -1)
		return xf_error_set(err, XF_E_INVALID, "listen",
		    "监听地址格式应为 IP:端口，例如 127.0.0.1:8080");
	cfg_g = cfg;
	if (cfg->store != NULL)
		xf_store_on_durable(cfg->store, on_durable, NULL);
	/* Block the stop signals in every thread (MHD's inherit the mask) and
	 * wait for them here, so shutdown runs in one known place. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_TURBO | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
	    /* First, or libmicrohttpd logs in English on its own until it
	     * reaches it (and says so at every start). */
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : 4u,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    /* libmicrohttpd zeroes a connection's whole pool after every
	     * request: 64 KB of memset was 4 % of a case fetch. 16 KB holds
	     * any sane request head; bodies are read as they come. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_LIMIT, 4096u,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_END);
	if (d == NULL)
		return xf_server_check_listen(cfg->listen, err) == -1 ? -1 :
		    xf_error_set(err, XF_E_INTERNAL, "listen",
		    "无法在 %s 上启动服务", cfg->listen);
	fprintf(stderr, "xinfang: 服务已启动 http://%s/\n", cfg->listen);
	while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	fprintf(stderr, "xinfang: 收到停止信号，等待进行中的请求完成\n");
	atomic_store(&stopping, 1);
	{
		/* Let the requests being answered finish (up to 30 s), then
		 * stop. Not MHD_quiesce_daemon: with a thread pool under epoll,
		 * 0.9.75 races a worker that is taking the listen socket out
		 * of its own epoll set and aborts the process ("Failed to
		 * remove listen FD from epoll set") when a client has just
		 * hung up. MHD_stop_daemon lets a handler that is running
		 * return before it joins the thread, so a write in progress
		 * still commits. */
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		for (int i = 0; i < 3000 && atomic_load(&in_flight) > 0; i++)
			nanosleep(&ts, NULL);
	}
	/* libmicrohttpd must not be stopped with connections suspended. A
	 * write not durable after 30 s is answered as failed: nobody can say
	 * it is durable. */
	pthread_mutex_lock(&defer_mx);
	atomic_store(&stopping, 2);
	for (xf_req *r = defer_list; r != NULL; r = defer_list) {
		defer_list = r->defer_next;
		r->defer_state = -1;
		MHD_resume_connection(r->conn);
	}
	pthread_mutex_unlock(&defer_mx);
	{
		/* A resumed connection leaves the suspended list only when its
		 * worker next runs: stopping before that aborts the process. */
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		for (int i = 0; i < 300 && atomic_load(&in_flight) > 0; i++)
			nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	fprintf(stderr, "xinfang: 已停止\n");
	return 0;
}

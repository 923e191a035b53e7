/* The HTTP server: libmicrohttpd with a thread pool, one xf_req per request
 * (with its arena), a route table, JSON errors mapped in one place, static
 * files, and the security headers on every response. */
#ifndef XF_SERVER_H
#define XF_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "http/arena.h"
#include "http/input.h"
#include "store/store.h"

#define XF_BODY_MAX_JSON   (1u << 20)	/* 1 MiB (API.md) */
#define XF_BODY_MAX_UPLOAD (20u << 20)	/* attachments */

struct MHD_Connection;
typedef struct xf_app xf_app;

typedef struct xf_req {
	xf_app		*app;
	struct MHD_Connection *conn;
	xf_arena	 arena;
	const char	*method;
	const char	*path;		/* without the query string */
	const char	*raw_query;	/* after '?', or "" */
	size_t		 raw_query_len;
	xf_query	 query;
	char		*body;
	size_t		 body_len, body_cap, body_max;
	int		 too_large;
	char		 ip[64];
	int64_t		 id;		/* {id} in the route, if any */
	int64_t		 id2;		/* second {id} */
	const char	*param;		/* {s} in the route, if any */

	/* Filled by authentication. */
	int		 authed;
	int		 via_cookie;
	xf_user		 user;
	xf_session	 session;
	unsigned char	 token_hash[32];

	/* The response. */
	int		 status;
	json_t		*json;		/* owned; sent compact */
	unsigned char	*bytes;		/* or raw bytes (malloc'd) */
	size_t		 bytes_len;
	const char	*content_type;
	const char	*disposition;
	char		 set_cookie[256];
	long long	 retry_after;	/* seconds, sent with a 429 */
	xf_error	 err;
	int		 responded;
	int		 late;		/* begun after the stop signal */
	int		 nul_path;	/* the path holds %00 */
	int		 close;		/* answer with Connection: close */

	/* A deferred write's batch, until answered (server.c). */
	uint64_t	 defer_batch;
	int		 defer_state;
	struct xf_req	*defer_next;
} xf_req;

typedef int (*xf_handler)(xf_req *r);

enum {
	XF_ROUTE_PUBLIC = 1 << 0,	/* no authentication */
	XF_ROUTE_UPLOAD = 1 << 1,	/* larger body allowed */
};

typedef struct {
	const char	*method;
	const char	*pattern;	/* "/api/v1/units/{id}" */
	xf_handler	 handler;
	int		 flags;
} xf_route;

typedef struct {
	const char	*listen;	/* "127.0.0.1:8080" */
	const char	*webroot;	/* web/dist */
	unsigned	 threads;
	/* Route tables (one per module), each ending with a { NULL } entry;
	 * NULL slots are skipped; the first match wins. */
	const xf_route *const *route_tables;
	size_t		 ntables;
	xf_app		*app;
	xf_store	*store;		/* deferred writes; may be NULL */
	/* Called once per request after routing, before the handler, for
	 * routes that are not PUBLIC: fills r->user or returns -1 with r->err. */
	int		(*authenticate)(xf_req *r);
	/* Called around authentication and the handler of every API route
	 * (either may be NULL): the app holds a read snapshot for the
	 * request. */
	void		(*request_begin)(xf_req *r);
	void		(*request_end)(xf_req *r);
} xf_server_cfg;

/* Runs until SIGTERM/SIGINT; then stops accepting, lets requests in flight
 * finish and returns 0. */
int	xf_server_run(const xf_server_cfg *cfg, xf_error *err);
/* Whether `listen` ("IP:port") can be bound now; -1 with a Chinese
 * message naming the cause (port taken, no such address, no right). */
int	xf_server_check_listen(const char *listen, xf_error *err);

/* Helpers for handlers. */
int	xf_reply_json(xf_req *r, int status, json_t *j);	/* steals j */
/* JSON already written (text malloc'd, stolen). */
int	xf_reply_text(xf_req *r, int status, char *text, size_t len);
int	xf_reply_error(xf_req *r);				/* from r->err */
const char *xf_req_header(xf_req *r, const char *name);
const char *xf_req_cookie(xf_req *r, const char *name);
/* Parses the body as a JSON object; 400 on failure (sets r->err). */
int	xf_req_json(xf_req *r, json_t **out);

#endif

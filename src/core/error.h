/* One error type for every layer: a code (mapped to an HTTP status in one
 * place, src/http/respond.c), the field at fault and a Chinese message that a
 * user may read. */
#ifndef XF_ERROR_H
#define XF_ERROR_H

typedef enum {
	XF_OK = 0,
	XF_E_BAD_REQUEST,	/* 400 bad_request */
	XF_E_UNAUTH,		/* 401 unauthenticated */
	XF_E_FORBIDDEN,		/* 403 forbidden */
	XF_E_NOT_FOUND,		/* 404 not_found */
	XF_E_TRANSITION,	/* 409 invalid_transition */
	XF_E_CONFLICT,		/* 409 conflict */
	XF_E_TOO_LARGE,		/* 413 too_large */
	XF_E_INVALID,		/* 422 invalid */
	XF_E_RATE,		/* 429 rate_limited */
	XF_E_NO_CALENDAR,	/* 422 invalid: a date in a year without calendar data */
	XF_E_INTERNAL		/* 500: never expected; logged */
} xf_errcode;

typedef struct {
	xf_errcode	code;
	char		field[64];
	char		message[256];	/* UTF-8, Chinese */
} xf_error;

/* Sets *e (if e is non-NULL) and returns -1, so callers can write
 * `return xf_error_set(err, XF_E_INVALID, "phone", "电话号码格式不正确");` */
int	xf_error_set(xf_error *e, xf_errcode code, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	xf_error_clear(xf_error *e);
const char *xf_error_code_name(xf_errcode code);	/* "invalid", … */
int	xf_error_http_status(xf_errcode code);

#endif

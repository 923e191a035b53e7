#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int
xf_error_set(xf_error *e, xf_errcode code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	e->field[0] = '\0';
	if (field != NULL)
		snprintf(e->field, sizeof(e->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return -1;
}

void
xf_error_clear(xf_error *e)
{
	if (e != NULL)
		memset(e, 0, sizeof(*e));
}

const char *
xf_error_code_name(xf_errcode code)
{
	switch (code) {
	case XF_OK:		return "ok";
	case XF_E_BAD_REQUEST:	return "bad_request";
	case XF_E_UNAUTH:	return "unauthenticated";
	case XF_E_FORBIDDEN:	return "forbidden";
	case XF_E_NOT_FOUND:	return "not_found";
	case XF_E_TRANSITION:	return "invalid_transition";
	case XF_E_CONFLICT:	return "conflict";
	case XF_E_TOO_LARGE:	return "too_large";
	case XF_E_INVALID:	return "invalid";
	case XF_E_NO_CALENDAR:	return "invalid";
	case XF_E_RATE:		return "rate_limited";
	case XF_E_INTERNAL:	return "internal";
	}
	return "internal";
}

int
xf_error_http_status(xf_errcode code)
{
	switch (code) {
	case XF_OK:		return 200;
	case XF_E_BAD_REQUEST:	return 400;
	case XF_E_UNAUTH:	return 401;
	case XF_E_FORBIDDEN:	return 403;
	case XF_E_NOT_FOUND:	return 404;
	case XF_E_TRANSITION:	return 409;
	case XF_E_CONFLICT:	return 409;
	case XF_E_TOO_LARGE:	return 413;
	case XF_E_INVALID:	return 422;
	case XF_E_NO_CALENDAR:	return 422;
	case XF_E_RATE:		return 429;
	case XF_E_INTERNAL:	return 500;
	}
	return 500;
}

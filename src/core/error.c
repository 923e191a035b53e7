#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

/* snprintf cuts at a byte count, which can split a UTF-8 character; a
 * half character would make the JSON encoder drop the whole message. */
static void
trim_utf8(char *s)
{
	size_t n = strlen(s), i = n, need;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i == 0 || ((unsigned char)s[i - 1] & 0x80) == 0)
		return;
	/* s[i - 1] starts a multi-byte sequence of `need` bytes. */
	need = ((unsigned char)s[i - 1] & 0xe0) == 0xc0 ? 2 :
	    ((unsigned char)s[i - 1] & 0xf0) == 0xe0 ? 3 :
	    ((unsigned char)s[i - 1] & 0xf8) == 0xf0 ? 4 : 0;
	if (need == 0 || n - (i - 1) < need)
		s[i - 1] = '\0';
}

int
xf_error_set(xf_error *e, xf_errcode code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	e->field[0] = '\0';
	if (field != NULL) {
		snprintf(e->field, sizeof(e->field), "%s", field);
		trim_utf8(e->field);
	}
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	trim_utf8(e->message);
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

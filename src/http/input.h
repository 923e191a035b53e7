/* Parsing what a client sends: the query string and the JSON body, and typed,
 * bounded access to their fields. Every failure becomes an xf_error with a
 * Chinese message and, for 422, the field at fault. */
#ifndef XF_INPUT_H
#define XF_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/date.h"
#include "core/error.h"
#include "http/arena.h"

#define XF_QUERY_MAX_PARAMS 32
#define XF_QUERY_MAX_LEN    4096

typedef struct {
	const char	*name;
	const char	*value;		/* percent-decoded, valid UTF-8 */
	int		 used;		/* set when a handler reads it */
} xf_qparam;

typedef struct {
	xf_qparam	p[XF_QUERY_MAX_PARAMS];
	size_t		n;
} xf_query;

/* Parses "a=1&b=%E5%AD%A6" (no leading '?'). Refuses with 400 a string
 * longer than XF_QUERY_MAX_LEN, more than XF_QUERY_MAX_PARAMS parameters, a
 * bad escape, a repeated name, or a value that is not valid UTF-8. */
int	xf_query_parse(xf_arena *a, const char *raw, size_t len, xf_query *q,
	    xf_error *err);
const char *xf_query_get(xf_query *q, const char *name);
/* Empty or absent → *out = def, 0. Not an integer in [min,max] → 400. */
int	xf_query_int(xf_query *q, const char *name, int64_t min, int64_t max,
	    int64_t def, int64_t *out, xf_error *err);
int	xf_query_date(xf_query *q, const char *name, xf_date *out,
	    xf_error *err);
/* Value must be one of the NULL-terminated list; returns its index, or -1
 * when absent; -2 (and 400) when not in the list. */
int	xf_query_enum(xf_query *q, const char *name, const char *const *vals,
	    xf_error *err);
/* After a handler read what it knows: any parameter it did not read is an
 * unknown parameter → 400, so typos do not silently return everything. */
int	xf_query_check_unused(const xf_query *q, xf_error *err);

/* Parses a JSON object body. Malformed JSON, invalid UTF-8, duplicate keys,
 * or a non-object → 400. Empty body → 400. */
int	xf_json_parse_object(const char *body, size_t len, json_t **out,
	    xf_error *err);

/* Field access. Each returns 0 when present and valid, 1 when absent and not
 * required (out untouched), -1 with a 422 naming the field otherwise.
 * Strings: valid UTF-8 (guaranteed by jansson), no control characters
 * except newline and tab when multiline, 1..max_chars characters after
 * trimming is NOT done: what the user sent is what is stored. */
int	xf_json_str(json_t *o, const char *key, int required, size_t max_chars,
	    int multiline, const char **out, xf_error *err);
/* xf_json_str's required: XF_STR_SET_NONBLANK is optional, but not blank
 * when sent (a PATCH of a name); 1 is present and not blank. Blank is
 * empty or only white space, also the ideographic and zero-width ones. */
#define XF_STR_SET_NONBLANK 2
int	xf_text_blank(const char *s);
int	xf_json_int(json_t *o, const char *key, int required, int64_t min,
	    int64_t max, int64_t *out, xf_error *err);
int	xf_json_bool(json_t *o, const char *key, int required, int *out,
	    xf_error *err);
int	xf_json_date(json_t *o, const char *key, int required, xf_date *out,
	    xf_error *err);
int	xf_json_enum(json_t *o, const char *key, int required,
	    const char *const *vals, int *out, xf_error *err);
/* Refuses keys not in the NULL-terminated list (422 naming the key): a
 * misspelt field must not be silently dropped. */
int	xf_json_only(json_t *o, const char *const *keys, xf_error *err);

size_t	xf_utf8_chars(const char *s);
/* A date as API.md writes it ("YYYY-MM-DD"), or JSON null for none. */
json_t	*xf_json_date_value(xf_date d);

#endif

/* libFuzzer harness over what a client sends: the query string parser and
 * the JSON body parser of src/http/input.c with their typed getters. Every
 * byte string must be answered without a fault, and what the parsers hand
 * on must keep their promises:
 *   - a parsed query has at most XF_QUERY_MAX_PARAMS distinct, non-empty
 *     names, and names and values are NUL-free valid UTF-8;
 *   - a getter that succeeds returns a value inside its bounds (ints in
 *     [min,max], strings within max_chars and free of control characters,
 *     enums an index of the list, dates that print back the same);
 *   - a refusal is a 4xx with a message (and field) that are valid UTF-8,
 *     because they are sent to the client inside a JSON error object and
 *     jansson refuses to encode anything else;
 *   - a parsed body written back by the response writer (http/jsonout.c)
 *     is byte for byte what jansson's json_dumps gives;
 *   - a body the parser takes, jansson takes too, and to the same value in
 *     the same member order (the parser's fast path, input.c).
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     -D_GNU_SOURCE tests/fuzz/fuzz_http.c src/http/input.c \
 *     src/http/arena.c src/http/jsonout.c src/core/error.c \
 *     src/core/date.c -ljansson \
 *     -o build-fuzz/fuzz_http
 *   build-fuzz/fuzz_http -max_total_time=60 tests/fuzz/corpus/http
 * (scripts/run-fuzz does this for every harness.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/date.h"
#include "core/error.h"
#include "http/arena.h"
#include "http/input.h"
#include "http/jsonout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF),
 * written independently of input.c so the two can disagree. */
static int
utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned c = *s, cp, len, k;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += len;
	}
	return 1;
}

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* A refusal must be a client error with a message the server can send. */
static void
check_refusal(const xf_error *e, xf_errcode want)
{
	int st = xf_error_http_status(e->code);

	if (e->code != want || st < 400 || st > 499)
		abort();
	if (e->message[0] == '\0')
		abort();
#ifndef XF_FUZZ_LAX_ERRORS
	/* Build with -DXF_FUZZ_LAX_ERRORS to hunt other faults while a
	 * truncated-message report is open. */
	if (!utf8_ok(e->message) || !utf8_ok(e->field))
		abort();
#endif
}

static const char *const STATUS[] = { "registered", "handling", "replied",
	"closed", NULL };
static const char *const CHANNEL[] = { "letter", "visit", "online", "phone",
	"fax", "email", NULL };
/* The fields of the unit, user and case bodies of API.md, plus one
 * Chinese key. */
static const char *const KEYS[] = { "name", "code", "level", "kind",
	"parent_id", "profile", "username", "password", "unit_id", "channel",
	"received_on", "class", "category", "title", "content", "headcount",
	"simple", "days", "reason", "action", "date", "姓名", NULL };

static void
fuzz_query(const uint8_t *data, size_t size)
{
	xf_arena a;
	xf_query q;
	xf_error err;
	int64_t v;
	xf_date d;
	int k;

	xf_arena_init(&a);
	xf_error_clear(&err);
	if (xf_query_parse(&a, (const char *)data, size, &q, &err) == -1) {
		check_refusal(&err, XF_E_BAD_REQUEST);
		goto done;
	}
	if (q.n > XF_QUERY_MAX_PARAMS || size > XF_QUERY_MAX_LEN)
		abort();
	for (size_t i = 0; i < q.n; i++) {
		if (q.p[i].name[0] == '\0' || !utf8_ok(q.p[i].name) ||
		    !utf8_ok(q.p[i].value) || q.p[i].used)
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(q.p[i].name, q.p[j].name) == 0)
				abort();
	}
	xf_error_clear(&err);
	if (xf_query_int(&q, "page", 1, 100000, 1, &v, &err) == 0) {
		if (v < 1 || v > 100000)
			abort();
	} else
		check_refusal(&err, XF_E_BAD_REQUEST);
	xf_error_clear(&err);
	if (xf_query_int(&q, "unit_id", INT64_MIN, INT64_MAX, 0, &v, &err) ==
	    -1)
		check_refusal(&err, XF_E_BAD_REQUEST);
	xf_error_clear(&err);
	if (xf_query_date(&q, "from", &d, &err) == 0) {
		if (d != XF_DATE_NONE) {
			char buf[16];
			xf_date back;

			xf_date_format(d, buf);
			if (xf_date_parse(buf, &back) != 0 || back != d)
				abort();
		}
	} else
		check_refusal(&err, XF_E_BAD_REQUEST);
	xf_error_clear(&err);
	k = xf_query_enum(&q, "status", STATUS, &err);
	if (k == -2)
		check_refusal(&err, XF_E_BAD_REQUEST);
	else if (k < -1 || k > 3)
		abort();
	(void)xf_query_get(&q, "q");
	xf_error_clear(&err);
	if (xf_query_check_unused(&q, &err) == -1)
		check_refusal(&err, XF_E_BAD_REQUEST);
done:
	xf_arena_cleanup(&a);
}

static void
fuzz_json(const uint8_t *data, size_t size)
{
	json_t *o;
	xf_error err;
	const char *s;
	int64_t v;
	xf_date d;
	int b, k, rc;

	xf_error_clear(&err);
	if (xf_json_parse_object((const char *)data, size, &o, &err) == -1) {
		/* A number out of range in a well-formed body is its
		 * field's bad value. */
		check_refusal(&err, err.code == XF_E_INVALID &&
		    err.field[0] != '\0' ? XF_E_INVALID : XF_E_BAD_REQUEST);
		if (o != NULL)
			abort();
		return;
	}
	if (!json_is_object(o))
		abort();
	{
		/* The fast path of input.c gives what jansson gives, member
		 * order included. */
		json_t *j = json_loadb((const char *)data, size,
		    JSON_REJECT_DUPLICATES, NULL);
		char *a = j ? json_dumps(j, JSON_COMPACT) : NULL;
		char *w = json_dumps(o, JSON_COMPACT);

		if (j == NULL || !json_equal(j, o) || a == NULL || w == NULL ||
		    strcmp(a, w) != 0)
			abort();
		free(a);
		free(w);
		json_decref(j);
	}
	{
		char *a = json_dumps(o, JSON_COMPACT | JSON_ENCODE_ANY);
		char *w = xf_json_out(o, NULL);

		if ((a == NULL) != (w == NULL) || (a != NULL &&
		    strcmp(a, w) != 0))
			abort();
		free(a);
		free(w);
	}
	for (size_t i = 0; KEYS[i] != NULL; i++) {
		const char *key = KEYS[i];
		size_t max = 1 + i * 7;
		int multiline = (int)(i & 1);

		xf_error_clear(&err);
		rc = xf_json_str(o, key, (int)(i % 3 == 0), max, multiline, &s,
		    &err);
		if (rc == 0) {
			if (!utf8_ok(s) || chars(s) > max)
				abort();
			for (const unsigned char *p = (const unsigned char *)s;
			    *p; p++)
				if ((*p < 0x20 && !(multiline && (*p == '\n' ||
				    *p == '\t' || *p == '\r'))) || *p == 0x7f)
					abort();
		} else if (rc == -1) {
			check_refusal(&err, XF_E_INVALID);
			if (err.field[0] == '\0')
				abort();	/* 422 names the field */
		} else if (rc != 1 || i % 3 == 0)
			abort();	/* absent is only fine when optional */

		xf_error_clear(&err);
		rc = xf_json_int(o, key, 0, -5, 1000, &v, &err);
		if (rc == 0 && (v < -5 || v > 1000))
			abort();
		if (rc == -1)
			check_refusal(&err, XF_E_INVALID);

		xf_error_clear(&err);
		if (xf_json_bool(o, key, 0, &b, &err) == -1)
			check_refusal(&err, XF_E_INVALID);

		xf_error_clear(&err);
		rc = xf_json_date(o, key, 0, &d, &err);
		if (rc == 0) {
			char buf[16];

			xf_date_format(d, buf);
			if (strcmp(buf, json_string_value(json_object_get(o,
			    key))) != 0)
				abort();	/* only canonical dates */
		} else if (rc == -1)
			check_refusal(&err, XF_E_INVALID);

		xf_error_clear(&err);
		rc = xf_json_enum(o, key, 0, CHANNEL, &k, &err);
		if (rc == 0 && (k < 0 || k > 5 || strcmp(CHANNEL[k],
		    json_string_value(json_object_get(o, key))) != 0))
			abort();
		if (rc == -1)
			check_refusal(&err, XF_E_INVALID);
	}
	xf_error_clear(&err);
	if (xf_json_only(o, KEYS, &err) == -1)
		check_refusal(&err, XF_E_INVALID);
	json_decref(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The same bytes are tried as both: a query string is often a JSON
	 * body's neighbour in real traffic and the corpus holds both kinds. */
	fuzz_query(data, size);
	fuzz_json(data, size);
	return 0;
}

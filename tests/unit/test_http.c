/* The response writer (http/jsonout.c) gives exactly json_dumps's compact
 * text: the contract's bytes must not change with the faster writer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "core/error.h"
#include "http/input.h"
#include "http/jsonout.h"

static void
same(json_t *v)
{
	char *a = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t n = 0;
	char *b = xf_json_out(v, &n);

	if (a == NULL)
		cr_assert_null(b, "jansson refuses it, so must we: %s", b);
	else {
		cr_assert_not_null(b, "expected %s", a);
		cr_assert_str_eq(b, a);
		cr_assert_eq(n, strlen(a));
	}
	free(a);
	free(b);
	json_decref(v);
}

Test(http, json_out_matches_jansson_on_the_shapes_of_the_api)
{
	same(json_pack("{s:I,s:s,s:o,s:b,s:n,s:[i,i],s:{}}", "id",
	    (json_int_t)9007199254740993LL, "title", "学籍问题：“转学”被拒/退回",
	    "due", json_null(), "overdue", 1, "x", "list", 1, -2, "empty"));
	same(json_array());
	same(json_object());
	same(json_string(""));
	same(json_integer(0));
	same(json_integer(-9223372036854775807LL - 1));
	same(json_true());
	same(json_false());
	same(json_null());
	same(json_real(0.1));
	same(json_real(1.0));
	same(json_real(1e300));
	same(json_real(-0.8333333333333334));
	same(json_pack("{s:f}", "similarity", 0.92));
	same(json_pack("{s:[{s:s},{s:[]}]}", "a", "k", "v", "z"));
}

Test(http, json_out_escapes_as_jansson)
{
	/* Every byte below 0x20, quotes, backslash, slash, DEL, and
	 * characters of 2, 3 and 4 bytes (an Ext-B name 𠀋). */
	char s[64];
	int k = 0;

	for (int c = 1; c < 0x20; c++)
		s[k++] = (char)c;
	s[k] = '\0';
	same(json_string(s));
	same(json_string("\"\\/\x7f"));
	same(json_string("é中𠀋"));
	same(json_stringn("a\0b", 3));
	same(json_pack("{s:s}", "键\n", "值\t"));
	/* Invalid UTF-8 (built without jansson's check): both refuse. */
	same(json_stringn_nocheck("\xC0\x80", 2));
	same(json_stringn_nocheck("\xED\xA0\x80", 3));	/* a surrogate */
	same(json_stringn_nocheck("\xF4\x90\x80\x80", 4));	/* > U+10FFFF */
	same(json_stringn_nocheck("\xE4\xB8", 2));	/* cut short */
	same(json_pack("[o]", json_stringn_nocheck("\xFF", 1)));
}

Test(http, json_out_matches_jansson_on_random_values)
{
	uint64_t x = 88172645463325252ULL;

	for (int round = 0; round < 3000; round++) {
		json_t *o = json_object(), *a = json_array();
		char str[96];
		int len;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (int)(x % 40);
		for (int i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Bytes of every class: controls, ASCII, quote and
			 * backslash, and the lead and continuation bytes
			 * of UTF-8 (mostly invalid when random). */
			str[i] = (char)(x % 5 == 0 ? (int)(x % 0x20) :
			    x % 5 == 1 ? '"' + (int)(x % 60) : (int)(x >> 8));
		}
		json_object_set_new(o, "s", json_stringn_nocheck(str,
		    (size_t)len));
		json_object_set_new(o, "n", json_integer((json_int_t)x));
		json_array_append_new(a, json_real((double)(x % 100000) /
		    7.0));
		json_array_append_new(a, json_stringn_nocheck(str,
		    (size_t)(len / 2)));
		json_object_set_new(o, "a", a);
		same(o);
	}
}

/* Reals are written by the module itself, not through json_dumps: the
 * same text for every kind of double (jansson's "%.17g", ".0" added to
 * whole numbers, the exponent without '+' or leading zeros): signed zeros,
 * whole numbers below and above 1e17 (where "%.17g" turns to exponents),
 * subnormals, the extremes, and 20,000 random bit patterns. */
Test(http, json_out_writes_reals_as_jansson)
{
	static const double fixed[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 1e15, 1e16,
	    1e17, 1e18, 123456789012345678.0, 1e-5, 1e-7, 1.5e-300, 5e-324,
	    2.2250738585072014e-308, 1.7976931348623157e308, 1e22, 1e100,
	    0.82352941176470584, 1.0 / 3.0, -2.5e-10, 100.0, 1e21 };
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	int n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same(json_real(fixed[i]));
	while (n < 20000) {
		double d;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&d, &x, sizeof(d));
		if (d != d || d - d != 0.0)	/* NaN, infinities */
			continue;
		same(json_pack("[f]", d));
		n++;
	}
}

/* The value-by-value writer gives the same bytes as dumping the jansson
 * value built the same way: commas at every level, nulls, extremes. */
Test(http, writer_matches_jansson)
{
	json_t *v = json_pack("{s:I,s:s,s:n,s:[i,{s:b,s:[]},s],s:{},s:b,s:n,"
	    "s:{s:I}}", "id", (json_int_t)-9223372036854775807LL - 1, "title",
	    "“转学”\n被拒\\", "none", "list", 7, "ok", 1, "inner", "末",
	    "empty", "no", 0, "str_null", "tail", "max",
	    (json_int_t)9223372036854775807LL);
	json_t *arr = json_pack("[i,s]", 3, "三");
	char *want = json_dumps(v, JSON_COMPACT), *got;
	xf_jw w = { 0 };
	size_t n = 0;

	xf_jw_open(&w, '{');
	xf_jw_key(&w, "id");
	xf_jw_int(&w, -9223372036854775807LL - 1);
	xf_jw_key(&w, "title");
	xf_jw_str(&w, "“转学”\n被拒\\");
	xf_jw_key(&w, "none");
	xf_jw_json(&w, NULL);
	xf_jw_key(&w, "list");
	xf_jw_open(&w, '[');
	xf_jw_int(&w, 7);
	xf_jw_open(&w, '{');
	xf_jw_key(&w, "ok");
	xf_jw_bool(&w, 42);
	xf_jw_key(&w, "inner");
	xf_jw_open(&w, '[');
	xf_jw_close(&w, ']');
	xf_jw_close(&w, '}');
	xf_jw_str(&w, "末");
	xf_jw_close(&w, ']');
	xf_jw_key(&w, "empty");
	xf_jw_open(&w, '{');
	xf_jw_close(&w, '}');
	xf_jw_key(&w, "no");
	xf_jw_bool(&w, 0);
	xf_jw_key(&w, "str_null");
	xf_jw_str(&w, NULL);
	xf_jw_key(&w, "tail");
	xf_jw_open(&w, '{');
	xf_jw_key(&w, "max");
	xf_jw_int(&w, 9223372036854775807LL);
	xf_jw_close(&w, '}');
	xf_jw_close(&w, '}');
	got = xf_jw_finish(&w, &n);
	cr_assert_not_null(got);
	cr_assert_str_eq(got, want);
	cr_assert_eq(n, strlen(want));
	cr_assert_null(w.p, "finish leaves the writer empty");
	free(got);
	free(want);

	/* A jansson value inside the written text. */
	xf_jw_open(&w, '[');
	xf_jw_json(&w, arr);
	xf_jw_json(&w, arr);
	xf_jw_close(&w, ']');
	got = xf_jw_finish(&w, NULL);
	cr_assert_str_eq(got, "[[3,\"三\"],[3,\"三\"]]");
	free(got);
	json_decref(arr);
	json_decref(v);
}

/* Every three-byte sequence (the writer's inline fast path for CJK) is
 * accepted exactly when jansson accepts it: overlong forms and
 * surrogates refused, a cut sequence at the end refused. */
Test(http, writer_checks_every_three_byte_form)
{
	for (unsigned a = 0xE0; a <= 0xEF; a++)
		for (unsigned b = 0x70; b <= 0xC0; b++)
			for (unsigned c = 0x70; c <= 0xC0; c++) {
				char s[8] = { 'x', (char)a, (char)b, (char)c,
				    'y', 0 };
				json_t *j = json_stringn(s, 5);
				xf_jw w = { 0 };
				char *got;

				xf_jw_str(&w, s);
				got = xf_jw_finish(&w, NULL);
				cr_assert_eq(got != NULL, j != NULL,
				    "%02X %02X %02X: writer %d, jansson %d",
				    a, b, c, got != NULL, j != NULL);
				free(got);
				json_decref(j);
			}
	for (unsigned a = 0xE1; a <= 0xEF; a++) {
		char s[4] = { 'x', (char)a, (char)0x80, 0 };
		xf_jw w = { 0 };

		xf_jw_str(&w, s);
		cr_assert_null(xf_jw_finish(&w, NULL), "cut %02X 80", a);
	}
}

/* A stored JSON text goes out as it is; what cannot be one value spoils
 * the output instead of breaking the JSON. */
Test(http, writer_copies_raw_json)
{
	xf_jw w = { 0 };
	char *got;

	xf_jw_open(&w, '{');
	xf_jw_key(&w, "p");
	xf_jw_raw(&w, "[{\"name\":\"张三\"}]", strlen("[{\"name\":\"张三\"}]"));
	xf_jw_key(&w, "n");
	xf_jw_int(&w, 1);
	xf_jw_close(&w, '}');
	got = xf_jw_finish(&w, NULL);
	cr_assert_str_eq(got, "{\"p\":[{\"name\":\"张三\"}],\"n\":1}");
	free(got);
	xf_jw_open(&w, '[');
	xf_jw_raw(&w, "[1,2", 4);
	xf_jw_close(&w, ']');
	cr_assert_null(xf_jw_finish(&w, NULL));
	xf_jw_raw(&w, "", 0);
	cr_assert_null(xf_jw_finish(&w, NULL));
}

/* Invalid UTF-8 anywhere spoils the whole text: nothing half-written. */
Test(http, writer_refuses_invalid_utf8)
{
	xf_jw w = { 0 };

	xf_jw_open(&w, '{');
	xf_jw_key(&w, "a");
	xf_jw_str(&w, "ok");
	xf_jw_key(&w, "b");
	xf_jw_str(&w, "\xe5\xad");	/* a cut 3-byte character */
	xf_jw_key(&w, "c");
	xf_jw_int(&w, 1);
	xf_jw_close(&w, '}');
	cr_assert_null(xf_jw_finish(&w, NULL));
	cr_assert_null(w.p);
}

/* The body parser's fast path (input.c) gives exactly what jansson gives,
 * or leaves the body to it: for request bodies of the API's shapes and
 * ~40,000 mutations of them (bytes deleted, inserted from JSON's own
 * alphabet, replaced, the text cut short), the parser succeeds exactly
 * when json_loadb does, with an equal value whose members come in the
 * same order, and what it refuses is a 400. */
static void
parse_alike(const char *body, size_t len)
{
	json_error_t je;
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je), *o;
	xf_error err;
	int rc;

	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	xf_error_clear(&err);
	rc = xf_json_parse_object(body, len, &o, &err);
	if (j == NULL) {
		cr_assert_eq(rc, -1, "taken, jansson refuses: %.*s", (int)len,
		    body);
		/* A number out of range in an otherwise good body is its
		 * field's 422 (input.c, overflow_error). */
		if (json_error_code(&je) == json_error_numeric_overflow &&
		    err.code == XF_E_INVALID)
			cr_assert_neq(err.field[0], '\0');
		else
			cr_assert_eq(err.code, XF_E_BAD_REQUEST);
		return;
	}
	cr_assert_eq(rc, 0, "refused (%s), jansson takes: %.*s", err.message,
	    (int)len, body);
	{
		char *a = json_dumps(j, JSON_COMPACT);
		char *b = json_dumps(o, JSON_COMPACT);

		cr_assert(json_equal(j, o));
		cr_assert_str_eq(b, a);
		free(a);
		free(b);
	}
	json_decref(j);
	json_decref(o);
}

Test(http, body_parser_reads_as_jansson)
{
	static const char *const bodies[] = {
		"{\"channel\":\"letter\",\"received_on\":\"2026-06-16\","
		    "\"class\":\"accusation\",\"category\":\"0301\","
		    "\"title\":\"反映“补课费”问题\",\"content\":\"教育局领导："
		    "\\n我是家长，\\t名叫\\\"秦国强\\\"。\\/\\\\\","
		    "\"petitioners\":[{\"name\":\"匿名\"},{\"name\":\"张三\","
		    "\"id_number\":\"41010219800101001X\",\"phone\":"
		    "\"13800138000\"}],\"headcount\":1,\"respondent\":"
		    "{\"unit_id\":37,\"names\":[\"汪主任\"]},\"x\":null,"
		    "\"t\":true,\"f\":false,\"n\":-0,\"big\":"
		    "999999999999999999,\"neg\":-123456789012345678}",
		" { \"a\" : [ 1 , [ ] , { } , \"\" ] , \"b\" : { \"c\" : "
		    "[ [ [ 0 ] ] ] } }\n\t\r ",
		"{\"u\":\"\\u4e2d\\ud83d\\ude00\",\"r\":1.5,\"e\":1e3,"
		    "\"l\":12345678901234567890,\"d\":1,\"d\":2}",
		"{}", "[]", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":tru}",
		"{\"a\":1,}", "{\"a\" 1}", "{\"\\\"k\":1}", "{\"a\":-}",
		"{\"a\":1}x", "{\"a\":\"\x01\"}", "{\"\":0}",
	};
	static const char alphabet[] = "{}[]\",:\\ \t\n0123456789-+.eEtrufalsn"
	    "u/bx\x01\xe4\xb8\xad" "\x0b" "\x0c" "\x00";
	uint64_t x = 0x2545F4914F6CDD1DULL;
	char buf[2048];

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		parse_alike(bodies[i], strlen(bodies[i]));
	for (int round = 0; round < 40000; round++) {
		const char *b0 = bodies[round % 3];
		size_t len = strlen(b0);

		memcpy(buf, b0, len);
		for (int m = 0; m < 1 + round % 3; m++) {
			size_t at;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			at = (size_t)(x >> 20) % (len + 1);
			switch (x % 4) {
			case 0:	/* delete a byte */
				if (at < len) {
					memmove(buf + at, buf + at + 1,
					    len - at - 1);
					len--;
				}
				break;
			case 1:	/* insert one */
				if (len + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at,
					    len - at);
					buf[at] = alphabet[(x >> 8) %
					    (sizeof(alphabet) - 1)];
					len++;
				}
				break;
			case 2:	/* replace one */
				if (at < len)
					buf[at] = alphabet[(x >> 8) %
					    (sizeof(alphabet) - 1)];
				break;
			default:	/* cut short */
				len = at;
			}
		}
		if (len > 0)
			parse_alike(buf, len);
	}
}

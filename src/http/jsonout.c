#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

typedef xf_jw buf;

static void
grow(buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->len + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 4096;	/* a case is 2–3 KB */
	while (cap < b->len + more + 1)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->bad = 1;
		return;
	}
	b->p = p;
	b->cap = cap;
}

static void
put(buf *b, const char *s, size_t n)
{
	grow(b, n);
	if (b->bad)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Valid UTF-8 as jansson checks it (utf8_check_full): no overlong forms,
 * no surrogates, nothing above U+10FFFF. Returns the sequence length, or 0
 * when invalid. */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	unsigned c = s[0];
	size_t n, i;
	uint32_t v;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n > left)
		return 0;
	v = c & (0xFF >> (n + 1));
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) ||
	    (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		return 0;
	return n;
}

static void
put_string(buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	put(b, "\"", 1);
	while (i < n) {
		unsigned char c = s[i];
		const char *esc = NULL;
		char u[8];

		/* A three-byte sequence (the CJK of every Chinese text)
		 * checked inline: utf8_len's loop was most of a case fetch's
		 * output. Overlong forms (E0 below A0) and surrogates (ED A0
		 * and up) go to utf8_len, which refuses them. */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			run += 3;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			size_t k = c < 0x80 ? 1 : utf8_len(s + i, n - i);

			if (k == 0) {
				b->bad = 1;
				return;
			}
			i += k;
			run += k;
			continue;
		}
		put(b, (const char *)s + i - run, run);
		run = 0;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(u, sizeof(u), "\\u%04X", c);
			esc = u;
		}
		put(b, esc, strlen(esc));
		i++;
	}
	put(b, (const char *)s + i - run, run);
	put(b, "\"", 1);
}

/* An integer in decimal, as jansson's "%lld" gives it. */
static void
put_int(buf *b, int64_t v)
{
	char num[24], *e = num + sizeof(num), *q = e;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--q = '-';
	put(b, q, (size_t)(e - q));
}

/* A real as jansson writes it (dump.c with jsonp_dtostr, precision 17):
 * "%.17g", the locale's decimal point made '.', ".0" added when neither a
 * point nor an exponent shows, and the exponent without '+' or leading
 * zeros. Through json_dumps, a buffer and a second dump per number were
 * 3 % of a registration (the similarity of each similar matter, written
 * into the event and the reply). */
static void
put_real(buf *b, double v)
{
	char num[40], *e, *start, *end;
	char point = localeconv()->decimal_point[0];
	int n = snprintf(num, sizeof(num) - 2, "%.17g", v);
	size_t len;

	if (n < 0 || (size_t)n >= sizeof(num) - 2) {
		b->bad = 1;
		return;
	}
	len = (size_t)n;
	if (point != '.' && point != '\0' && (e = strchr(num, point)) != NULL)
		*e = '.';
	if (strchr(num, '.') == NULL && strchr(num, 'e') == NULL) {
		memcpy(num + len, ".0", 3);
		len += 2;
	}
	if ((start = strchr(num, 'e')) != NULL) {
		start++;
		end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - num) + 1);
			len -= (size_t)(end - start);
		}
	}
	put(b, num, len);
}

static void
dump(buf *b, const json_t *v, int depth)
{
	if (b->bad)
		return;
	if (depth > 2048) {	/* jansson's own limit is similar */
		b->bad = 1;
		return;
	}
	switch (json_typeof(v)) {
	case JSON_NULL:
		put(b, "null", 4);
		break;
	case JSON_TRUE:
		put(b, "true", 4);
		break;
	case JSON_FALSE:
		put(b, "false", 5);
		break;
	case JSON_INTEGER:
		put_int(b, json_integer_value(v));
		break;
	case JSON_REAL:
		put_real(b, json_real_value(v));
		break;
	case JSON_STRING:
		put_string(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_ARRAY: {
		size_t i, sz = json_array_size(v);

		put(b, "[", 1);
		for (i = 0; i < sz && !b->bad; i++) {
			if (i > 0)
				put(b, ",", 1);
			dump(b, json_array_get(v, i), depth + 1);
		}
		put(b, "]", 1);
		break;
	}
	case JSON_OBJECT: {
		const char *key;
		json_t *val;
		int first = 1;

		put(b, "{", 1);
		json_object_foreach((json_t *)v, key, val) {
			if (!first)
				put(b, ",", 1);
			first = 0;
			put_string(b, key, strlen(key));
			put(b, ":", 1);
			dump(b, val, depth + 1);
			if (b->bad)
				break;
		}
		put(b, "}", 1);
		break;
	}
	}
}

char *
xf_json_out(const json_t *v, size_t *len)
{
	buf b = { NULL, 0, 0, 0, 0 };

	if (v == NULL)
		return NULL;
	dump(&b, v, 0);
	return xf_jw_finish(&b, len);
}

/* ---- the writer ------------------------------------------------------ */

static void
before_value(xf_jw *w)
{
	if (w->comma)
		put(w, ",", 1);
	w->comma = 1;
}

void
xf_jw_open(xf_jw *w, char brace)
{
	before_value(w);
	put(w, &brace, 1);
	w->comma = 0;
}

void
xf_jw_close(xf_jw *w, char brace)
{
	put(w, &brace, 1);
	w->comma = 1;
}

void
xf_jw_key(xf_jw *w, const char *key)
{
	before_value(w);
	put_string(w, key, strlen(key));
	put(w, ":", 1);
	w->comma = 0;
}

void
xf_jw_str(xf_jw *w, const char *s)
{
	if (s == NULL) {
		xf_jw_null(w);
		return;
	}
	before_value(w);
	put_string(w, s, strlen(s));
}

void
xf_jw_int(xf_jw *w, int64_t v)
{
	before_value(w);
	put_int(w, v);
}

void
xf_jw_bool(xf_jw *w, int v)
{
	before_value(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void
xf_jw_null(xf_jw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void
xf_jw_json(xf_jw *w, const json_t *v)
{
	if (v == NULL) {
		xf_jw_null(w);
		return;
	}
	before_value(w);
	dump(w, v, 0);
}

void
xf_jw_raw(xf_jw *w, const char *text, size_t n)
{
	before_value(w);
	/* Not a value the writer could have made: fail the output rather
	 * than send broken JSON. */
	if (n == 0 || memchr(text, '\0', n) != NULL ||
	    !((text[0] == '[' && text[n - 1] == ']') ||
	    (text[0] == '{' && text[n - 1] == '}'))) {
		w->bad = 1;
		return;
	}
	put(w, text, n);
}

char *
xf_jw_finish(xf_jw *w, size_t *len)
{
	char *p;

	grow(w, 0);
	if (w->bad) {
		free(w->p);
		p = NULL;
	} else {
		w->p[w->len] = '\0';
		p = w->p;
		if (len != NULL)
			*len = w->len;
	}
	memset(w, 0, sizeof(*w));
	return p;
}

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

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

/* Strict UTF-8 check: no overlongs, no surrogates, nothing above U+10FFFF. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* Decodes application/x-www-form-urlencoded text into the arena. */
static char *
urldecode(xf_arena *a, const char *s, size_t n)
{
	char *out = xf_arena_alloc(a, n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%') {
			int h, l;

			if (i + 2 >= n)
				return NULL;
			h = hexval((unsigned char)s[i + 1]);
			l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	if (memchr(out, '\0', (size_t)(o - out)) != NULL)
		return NULL;
	if (!utf8_valid((const unsigned char *)out, (size_t)(o - out)))
		return NULL;
	return out;
}

int
xf_query_parse(xf_arena *a, const char *raw, size_t len, xf_query *q,
    xf_error *err)
{
	size_t i = 0;

	q->n = 0;
	if (len > XF_QUERY_MAX_LEN)
		return xf_error_set(err, XF_E_BAD_REQUEST, NULL, "查询字符串过长");
	while (i < len) {
		size_t start = i, eq = (size_t)-1, end;
		char *name, *value;

		while (i < len && raw[i] != '&') {
			if (raw[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		end = i;
		i++;	/* skip '&' */
		if (end == start)
			continue;
		if (q->n == XF_QUERY_MAX_PARAMS)
			return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
			    "查询参数过多");
		if (eq == (size_t)-1)
			eq = end;
		name = urldecode(a, raw + start, eq - start);
		value = urldecode(a, raw + (eq < end ? eq + 1 : end),
		    eq < end ? end - eq - 1 : 0);
		if (name == NULL || value == NULL || name[0] == '\0')
			return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
			    "查询参数编码不正确");
		for (size_t k = 0; k < q->n; k++)
			if (strcmp(q->p[k].name, name) == 0)
				return xf_error_set(err, XF_E_BAD_REQUEST, name,
				    "查询参数“%s”重复", name);
		q->p[q->n].name = name;
		q->p[q->n].value = value;
		q->p[q->n].used = 0;
		q->n++;
	}
	return 0;
}

const char *
xf_query_get(xf_query *q, const char *name)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->p[i].name, name) == 0) {
			q->p[i].used = 1;
			return q->p[i].value;
		}
	return NULL;
}

static int
parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (*s == '\0' || *s == ' ' || *s == '+' || strlen(s) > 20)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
xf_query_int(xf_query *q, const char *name, int64_t min, int64_t max,
    int64_t def, int64_t *out, xf_error *err)
{
	const char *v = xf_query_get(q, name);

	if (v == NULL || *v == '\0') {
		*out = def;
		return 0;
	}
	if (parse_i64(v, min, max, out) == -1)
		return xf_error_set(err, XF_E_BAD_REQUEST, name,
		    "查询参数“%s”应为 %lld 到 %lld 之间的整数", name,
		    (long long)min, (long long)max);
	return 0;
}

int
xf_query_date(xf_query *q, const char *name, xf_date *out, xf_error *err)
{
	const char *v = xf_query_get(q, name);

	if (v == NULL || *v == '\0') {
		*out = XF_DATE_NONE;
		return 0;
	}
	if (xf_date_parse(v, out) == -1)
		return xf_error_set(err, XF_E_BAD_REQUEST, name,
		    "查询参数“%s”应为 YYYY-MM-DD 格式的日期", name);
	return 0;
}

int
xf_query_enum(xf_query *q, const char *name, const char *const *vals,
    xf_error *err)
{
	const char *v = xf_query_get(q, name);

	if (v == NULL || *v == '\0')
		return -1;
	for (int i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], v) == 0)
			return i;
	xf_error_set(err, XF_E_BAD_REQUEST, name, "查询参数“%s”的取值不正确",
	    name);
	return -2;
}

int
xf_query_check_unused(const xf_query *q, xf_error *err)
{
	for (size_t i = 0; i < q->n; i++)
		if (!q->p[i].used)
			return xf_error_set(err, XF_E_BAD_REQUEST, q->p[i].name,
			    "不支持的查询参数“%s”", q->p[i].name);
	return 0;
}

/* ---- request bodies: a fast path before jansson's reader ---------------
 *
 * jansson reads a body a character at a time through a stream, growing a
 * buffer per character: 3.6 % of a registration's CPU for its ~2 KB. This
 * reader takes only what it is sure of, as jansson would give it: objects
 * and arrays nested up to FAST_DEPTH, strings with the two-character
 * escapes (keys without any), integers of up to 18 digits, true, false,
 * null, and the four whitespace characters. Anything else (a \u escape, a
 * fraction or an exponent, a longer number, a control character in a
 * string, a duplicate key, a malformed or unfinished text) makes it give
 * up, and jansson reads the body as before, with its own result or error.
 * The body has passed utf8_valid (jansson's rules), and '"' and '\' never
 * occur inside a multi-byte character, so strings are valid as they are. */
#define FAST_DEPTH	32

typedef struct {
	const char	*p, *end;
	char		*tmp;		/* an escaped string, decoded */
} fast;

static json_t *fast_value(fast *f, int depth);

static void
fast_ws(fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' ||
	    *f->p == '\n' || *f->p == '\r'))
		f->p++;
}

/* The string after the opening quote at f->p: 0 with *s and *n (in the
 * body, or in f->tmp when it had escapes), -1 to give up. */
static int
fast_string(fast *f, const char **s, size_t *n)
{
	const char *q = f->p, *start = f->p;
	size_t len;

	while (q < f->end && *q != '"' && *q != '\\' &&
	    (unsigned char)*q >= 0x20)
		q++;
	if (q < f->end && *q == '"') {
		*s = start;
		*n = (size_t)(q - start);
		f->p = q + 1;
		return 0;
	}
	if (q >= f->end || *q != '\\')
		return -1;
	/* Escapes only shorten: the rest of the body is room enough, for
	 * this string and every later one (so one buffer serves them all). */
	if (f->tmp == NULL &&
	    (f->tmp = malloc((size_t)(f->end - start))) == NULL)
		return -1;
	len = (size_t)(q - start);
	memcpy(f->tmp, start, len);
	while (q < f->end) {
		char c = *q;

		if (c == '"') {
			*s = f->tmp;
			*n = len;
			f->p = q + 1;
			return 0;
		}
		if ((unsigned char)c < 0x20)
			return -1;
		if (c == '\\') {
			if (q + 1 >= f->end)
				return -1;
			switch (q[1]) {
			case '"':  c = '"'; break;
			case '\\': c = '\\'; break;
			case '/':  c = '/'; break;
			case 'b':  c = '\b'; break;
			case 'f':  c = '\f'; break;
			case 'n':  c = '\n'; break;
			case 'r':  c = '\r'; break;
			case 't':  c = '\t'; break;
			default:   return -1;	/* \u…, or not an escape */
			}
			q++;
		}
		f->tmp[len++] = c;
		q++;
	}
	return -1;
}

static json_t *
fast_number(fast *f)
{
	const char *q = f->p, *digits;
	int64_t v = 0;
	int neg = 0;

	if (*q == '-') {
		neg = 1;
		q++;
	}
	digits = q;
	while (q < f->end && *q >= '0' && *q <= '9')
		q++;
	if (q == digits || q - digits > 18 ||
	    (*digits == '0' && q - digits > 1) ||
	    (q < f->end && (*q == '.' || *q == 'e' || *q == 'E')))
		return NULL;
	for (const char *d = digits; d < q; d++)
		v = v * 10 + (*d - '0');
	f->p = q;
	return json_integer(neg ? -v : v);
}

static json_t *
fast_word(fast *f, const char *w, size_t n, json_t *v)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, w, n) != 0)
		return NULL;
	f->p += n;
	return v;
}

static json_t *
fast_object(fast *f, int depth)
{
	json_t *o, *v;
	const char *k;
	size_t kn;

	if (depth > FAST_DEPTH || (o = json_object()) == NULL)
		return NULL;
	f->p++;
	fast_ws(f);
	if (f->p < f->end && *f->p == '}') {
		f->p++;
		return o;
	}
	for (;;) {
		fast_ws(f);
		if (f->p >= f->end || *f->p != '"')
			goto fail;
		f->p++;
		/* A key decoded into f->tmp would be overwritten by its
		 * value's escapes before it is stored: escaped keys go to
		 * jansson. */
		if (fast_string(f, &k, &kn) == -1 || k == f->tmp)
			goto fail;
		if (json_object_getn(o, k, kn) != NULL)
			goto fail;	/* jansson says so */
		fast_ws(f);
		if (f->p >= f->end || *f->p++ != ':')
			goto fail;
		if ((v = fast_value(f, depth)) == NULL ||
		    json_object_setn_new_nocheck(o, k, kn, v) != 0)
			goto fail;
		fast_ws(f);
		if (f->p < f->end && *f->p == ',') {
			f->p++;
			continue;
		}
		if (f->p < f->end && *f->p == '}') {
			f->p++;
			return o;
		}
		goto fail;
	}
fail:
	json_decref(o);
	return NULL;
}

static json_t *
fast_array(fast *f, int depth)
{
	json_t *a, *v;

	if (depth > FAST_DEPTH || (a = json_array()) == NULL)
		return NULL;
	f->p++;
	fast_ws(f);
	if (f->p < f->end && *f->p == ']') {
		f->p++;
		return a;
	}
	for (;;) {
		if ((v = fast_value(f, depth)) == NULL ||
		    json_array_append_new(a, v) != 0)
			break;
		fast_ws(f);
		if (f->p < f->end && *f->p == ',') {
			f->p++;
			continue;
		}
		if (f->p < f->end && *f->p == ']') {
			f->p++;
			return a;
		}
		break;
	}
	json_decref(a);
	return NULL;
}

static json_t *
fast_value(fast *f, int depth)
{
	const char *s;
	size_t n;

	fast_ws(f);
	if (f->p >= f->end)
		return NULL;
	switch (*f->p) {
	case '{':
		return fast_object(f, depth + 1);
	case '[':
		return fast_array(f, depth + 1);
	case '"':
		f->p++;
		return fast_string(f, &s, &n) == 0 ?
		    json_stringn_nocheck(s, n) : NULL;
	case 't':
		return fast_word(f, "true", 4, json_true());
	case 'f':
		return fast_word(f, "false", 5, json_false());
	case 'n':
		return fast_word(f, "null", 4, json_null());
	default:
		return *f->p == '-' || (*f->p >= '0' && *f->p <= '9') ?
		    fast_number(f) : NULL;
	}
}

/* The body's object, or NULL: read it with jansson. */
static json_t *
fast_parse(const char *body, size_t len)
{
	fast f = { body, body + len, NULL };
	json_t *v = NULL;

	fast_ws(&f);
	if (f.p < f.end && *f.p == '{') {
		v = fast_object(&f, 1);
		fast_ws(&f);
		if (v != NULL && f.p != f.end) {
			json_decref(v);
			v = NULL;
		}
	}
	free(f.tmp);
	return v;
}

/* A number too large for any field is well-formed JSON, so it is a field's
 * bad value (422) like any other: the field is the key just before it
 * (jansson reports where the number ended), the innermost one if nested.
 * Without a plain key there, the body is what is wrong (400). */
static int
overflow_error(const char *body, size_t end, xf_error *err)
{
	size_t i = end, kend;
	char key[64];

	while (i > 0 && strchr("0123456789+-.eE", body[i - 1]) != NULL)
		i--;
	while (i > 0 && strchr(" \t\r\n", body[i - 1]) != NULL)
		i--;
	if (i > 0 && body[i - 1] == ':')
		i--;
	while (i > 0 && strchr(" \t\r\n", body[i - 1]) != NULL)
		i--;
	if (i < 2 || body[i - 1] != '"')
		goto plain;
	kend = --i;
	while (i > 0 && body[i - 1] != '"' && body[i - 1] != '\\' &&
	    kend - i < sizeof(key) - 1)
		i--;
	if (i == 0 || body[i - 1] != '"' || i == kend)
		goto plain;
	memcpy(key, body + i, kend - i);
	key[kend - i] = '\0';
	return xf_error_set(err, XF_E_INVALID, key, "“%s”的数值超出范围", key);
plain:
	return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
	    "JSON 中的数值超出范围");
}

int
xf_json_parse_object(const char *body, size_t len, json_t **out, xf_error *err)
{
	json_error_t je;
	json_t *j;

	*out = NULL;
	if (body == NULL || len == 0)
		return xf_error_set(err, XF_E_BAD_REQUEST, NULL, "请求体为空");
	if (!utf8_valid((const unsigned char *)body, len))
		return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
		    "请求体不是有效的 UTF-8 编码");
	if ((j = fast_parse(body, len)) != NULL) {
		*out = j;
		return 0;
	}
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL && json_error_code(&je) == json_error_numeric_overflow) {
		/* Only a body that is otherwise well-formed: its integers
		 * read as reals, it must parse (to an object). */
		json_error_t je2;
		json_t *r = json_loadb(body, len, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_INT_AS_REAL, &je2);

		if (r != NULL) {
			int obj = json_is_object(r);

			json_decref(r);
			return obj ? overflow_error(body, (size_t)je.position,
			    err) : xf_error_set(err, XF_E_BAD_REQUEST, NULL,
			    "请求体应为 JSON 对象");
		}
		je = je2;
	}
	if (j == NULL)
		return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
		    "JSON 格式错误（第 %d 行第 %d 列）", je.line, je.column);
	if (!json_is_object(j)) {
		json_decref(j);
		return xf_error_set(err, XF_E_BAD_REQUEST, NULL,
		    "请求体应为 JSON 对象");
	}
	*out = j;
	return 0;
}

size_t
xf_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* The Chinese name of a common field, for messages (the error's "field"
 * keeps the key); other keys are named as they are. */
static const char *
label(const char *key)
{
	static const char *const t[][2] = {
		{ "title", "标题" }, { "content", "内容" }, { "name", "名称" },
		{ "reason", "理由" }, { "text", "内容" }, { "phone", "电话号码" },
		{ "comment", "意见" }, { "answer", "答复" }, { "problem", "问题" },
		{ "suggestions", "意见建议" }, { "reply", "反馈" },
		{ "request", "信访请求" }, { "facts", "事实和理由" },
		{ "decision", "处理意见" }, { "basis", "依据" },
		{ "proof", "送达凭证" }, { "summary", "摘要" },
		{ "username", "用户名" }, { "password", "密码" },
		{ "category", "问题分类" }, { "class", "信访类别" },
		{ "channel", "渠道" }, { "date", "日期" },
		{ "received_on", "收件日期" }, { "code", "编码" },
		{ "unit_id", "单位" }, { "result", "结果" },
		{ "chair", "主持人" }, { "facts_found", "查明事实" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i][0], key) == 0)
			return t[i][1];
	return key;
}

/* The code point at s and its length in bytes (*len). A malformed
 * sequence (never from jansson, which hands on valid UTF-8) reads as its
 * first byte alone, and never past a NUL. */
static unsigned
utf8_at(const unsigned char *s, int *len)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 :
	    (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 1;
	unsigned cp = n == 1 ? s[0] : s[0] & (0x7fu >> n);

	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return s[0];
		}
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	*len = n;
	return cp;
}

/* Characters that print as nothing: white space, the no-break, ideographic
 * and zero-width spaces, line and paragraph separators, the Mongolian vowel
 * separator, the braille blank, Hangul fillers, the BOM. */
static int
blank_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0xa0 || cp == 0x115f || cp == 0x1160 || cp == 0x180e ||
	    (cp >= 0x2000 && cp <= 0x200d) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202f || cp == 0x205f || cp == 0x2060 || cp == 0x2800 ||
	    cp == 0x3000 || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0;
}

/* Bidirectional overrides and isolates (U+202A–202E, U+2066–2069): they
 * reorder the text around them, and a notice would print "反转测试" as
 * "试测转反". */
static int
bidi_cp(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int
xf_text_blank(const char *s)
{
	const unsigned char *q = (const unsigned char *)s;
	int n;

	for (; *q != '\0'; q += n)
		if (!blank_cp(utf8_at(q, &n)))
			return 0;
	return 1;
}

int
xf_json_str(json_t *o, const char *key, int required, size_t max_chars,
    int multiline, const char **out, xf_error *err)
{
	json_t *v = json_object_get(o, key);
	const char *s;
	size_t n;

	if (v == NULL || json_is_null(v)) {
		if (required == 1)
			return xf_error_set(err, XF_E_INVALID, key,
			    "缺少必填项“%s”", label(key));
		return 1;
	}
	if (!json_is_string(v))
		return xf_error_set(err, XF_E_INVALID, key, "“%s”应为字符串",
		    label(key));
	s = json_string_value(v);
	n = json_string_length(v);
	if (strlen(s) != n)
		return xf_error_set(err, XF_E_INVALID, key,
		    "“%s”含有不允许的空字符", label(key));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && !(multiline && (c == '\n' || c == '\t' ||
		    c == '\r')))
			return xf_error_set(err, XF_E_INVALID, key,
			    "“%s”含有不允许的控制字符", label(key));
		if (c == 0x7f)
			return xf_error_set(err, XF_E_INVALID, key,
			    "“%s”含有不允许的控制字符", label(key));
		if (c >= 0x80) {
			int len;

			if (bidi_cp(utf8_at((const unsigned char *)s + i,
			    &len)))
				return xf_error_set(err, XF_E_INVALID, key,
				    "“%s”含有不允许的文字方向控制字符",
				    label(key));
			i += (size_t)len - 1;
		}
	}
	if (required && xf_text_blank(s))
		return xf_error_set(err, XF_E_INVALID, key, "“%s”不能为空",
		    label(key));
	if (xf_utf8_chars(s) > max_chars)
		return xf_error_set(err, XF_E_INVALID, key,
		    "“%s”不能超过 %zu 个字", label(key), max_chars);
	*out = s;
	return 0;
}

int
xf_json_int(json_t *o, const char *key, int required, int64_t min,
    int64_t max, int64_t *out, xf_error *err)
{
	json_t *v = json_object_get(o, key);
	json_int_t x;

	if (v == NULL || json_is_null(v)) {
		if (required)
			return xf_error_set(err, XF_E_INVALID, key,
			    "缺少必填项“%s”", label(key));
		return 1;
	}
	if (!json_is_integer(v))
		return xf_error_set(err, XF_E_INVALID, key, "“%s”应为整数", label(key));
	x = json_integer_value(v);
	if (x < min || x > max)
		return xf_error_set(err, XF_E_INVALID, key,
		    "“%s”应在 %lld 到 %lld 之间", label(key), (long long)min,
		    (long long)max);
	*out = x;
	return 0;
}

int
xf_json_bool(json_t *o, const char *key, int required, int *out, xf_error *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v)) {
		if (required)
			return xf_error_set(err, XF_E_INVALID, key,
			    "缺少必填项“%s”", label(key));
		return 1;
	}
	if (!json_is_boolean(v))
		return xf_error_set(err, XF_E_INVALID, key,
		    "“%s”应为 true 或 false", label(key));
	*out = json_is_true(v);
	return 0;
}

int
xf_json_date(json_t *o, const char *key, int required, xf_date *out,
    xf_error *err)
{
	const char *s;
	int rc = xf_json_str(o, key, required, 10, 0, &s, err);

	if (rc != 0)
		return rc;
	if (xf_date_parse(s, out) == -1)
		return xf_error_set(err, XF_E_INVALID, key,
		    "“%s”应为有效日期（YYYY-MM-DD）", label(key));
	return 0;
}

int
xf_json_enum(json_t *o, const char *key, int required, const char *const *vals,
    int *out, xf_error *err)
{
	const char *s;
	int rc = xf_json_str(o, key, required, 64, 0, &s, err);

	if (rc != 0)
		return rc;
	for (int i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], s) == 0) {
			*out = i;
			return 0;
		}
	return xf_error_set(err, XF_E_INVALID, key, "“%s”的取值“%s”不在允许范围内",
	    label(key), s);
}

int
xf_json_only(json_t *o, const char *const *keys, xf_error *err)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		int ok = 0;

		(void)v;
		for (int i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], k) == 0) {
				ok = 1;
				break;
			}
		if (!ok)
			return xf_error_set(err, XF_E_INVALID, k,
			    "不支持的字段“%s”", k);
	}
	return 0;
}

json_t *
xf_json_date_value(xf_date d)
{
	char b[11];

	if (d == XF_DATE_NONE)
		return json_null();
	xf_date_format(d, b);
	return json_string(b);
}

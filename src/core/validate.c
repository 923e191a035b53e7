#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "validate.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

size_t
xf_utf8_decode(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;	/* continuation byte, C0/C1 overlong lead, or > F4 */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

/* ---- 居民身份证号码 ---- */

/* GB/T 2260 province-level codes, plus 83 (港澳台居民居住证 issued to
 * Taiwan residents since 2018 follow GB 11643 with address code 830000). */
static int
province_ok(int p)
{
	static const unsigned char ok[] = {
		11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
		71, 81, 82, 83,
	};
	size_t i;

	for (i = 0; i < sizeof(ok); i++)
		if (ok[i] == p)
			return 1;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int
num(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* 17 digits and a final digit/X/x: the shape every helper re-checks. */
static int
id_shape(const char *s)
{
	int i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return 0;
	if (!(is_digit(s[17]) || s[17] == 'X' || s[17] == 'x'))
		return 0;
	return s[18] == '\0';
}

/* ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11. */
static char
id_check_char(const char *s)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int sum = 0, i;

	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return map[sum % 11];
}

xf_date
xf_validate_id_birth(const char *id)
{
	int y, m, d;

	if (!id_shape(id))
		return XF_DATE_NONE;
	y = num(id + 6, 4);
	m = num(id + 10, 2);
	d = num(id + 12, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return XF_DATE_NONE;
	return xf_date_from_ymd(y, m, d);
}

int
xf_validate_id_sex(const char *id)
{
	if (!id_shape(id))
		return -1;
	return ((id[16] - '0') % 2) ? 1 : 2;
}

int
xf_validate_id_number(const char *field, const char *s, xf_date today,
    char norm[19], xf_error *err)
{
	size_t len;
	xf_date birth;
	char want, got;

	len = s ? strnlen(s, 20) : 0;
	if (len != 18)
		return xf_error_set(err, XF_E_INVALID, field, "身份证号码应为18位");
	if (!id_shape(s))
		return xf_error_set(err, XF_E_INVALID, field,
		    "身份证号码只能由数字和末位X组成");
	if (!province_ok(num(s, 2)))
		return xf_error_set(err, XF_E_INVALID, field,
		    "身份证号码的地址码不正确");
	birth = xf_validate_id_birth(s);
	if (birth == XF_DATE_NONE || birth > today)
		return xf_error_set(err, XF_E_INVALID, field,
		    "身份证号码中的出生日期不正确");
	want = id_check_char(s);
	got = s[17] == 'x' ? 'X' : s[17];
	if (want != got)
		return xf_error_set(err, XF_E_INVALID, field,
		    "身份证号码校验位不正确");
	if (norm != NULL) {
		memcpy(norm, s, 17);
		norm[17] = got;
		norm[18] = '\0';
	}
	return 0;
}

/* ---- 电话号码 ---- */

#define PHONE_IN_MAX	64	/* longer input is not a phone number */

/* Matches one separator (space, hyphen, full-width hyphen "－") at *p and
 * returns its length, 0 if none. */
static size_t
sep_len(const char *p)
{
	if (*p == ' ' || *p == '-')
		return 1;
	if (strncmp(p, "\xEF\xBC\x8D", 3) == 0)	/* U+FF0D － */
		return 3;
	return 0;
}

/* Collects the digits of a mobile number, allowing single separators between
 * digits only. Returns the digit count or -1. */
static int
collect_digits(const char *p, char *out, size_t outsz)
{
	size_t n = 0, k;
	int prev_sep = 1;	/* no separator first */

	while (*p != '\0') {
		if (is_digit(*p)) {
			if (n + 1 >= outsz)
				return -1;
			out[n++] = *p++;
			prev_sep = 0;
		} else if ((k = sep_len(p)) > 0 && !prev_sep) {
			p += k;
			prev_sep = 1;
		} else {
			return -1;
		}
	}
	if (prev_sep && n > 0)
		return -1;	/* trailing separator */
	out[n] = '\0';
	return (int)n;
}

static int
mobile(const char *s, char *out, size_t outsz)
{
	char d[PHONE_IN_MAX];
	const char *p = s;
	int n;

	if (*p == '+') {
		if (strncmp(p, "+86", 3) != 0)
			return -1;	/* a foreign number is not a mobile here */
		p += 3;
		p += sep_len(p);
	}
	n = collect_digits(p, d, sizeof(d));
	if (n < 0)
		return -1;
	/* Drop a country prefix: +86, 0086 or 86 before eleven digits. */
	if (p != s) {
		if (n != 11)
			return -1;
	} else if (n == 15 && strncmp(d, "0086", 4) == 0) {
		memmove(d, d + 4, 12);
	} else if (n == 13 && strncmp(d, "86", 2) == 0) {
		memmove(d, d + 2, 12);
	} else if (n != 11) {
		return -1;
	}
	if (d[0] != '1' || d[1] < '3' || d[1] > '9')
		return -1;
	if (outsz < 12)
		return -1;
	memcpy(out, d, 12);
	return 0;
}

static int
landline(const char *s, char *out, size_t outsz)
{
	char area[5], sub[9], ext[7];
	const char *p = s;
	size_t alen, slen = 0, elen = 0, k;
	int paren = 0, w;

	if (*p == '(' || strncmp(p, "\xEF\xBC\x88", 3) == 0) {	/* （ */
		paren = 1;
		p += (*p == '(') ? 1 : 3;
	}
	if (p[0] != '0' || !is_digit(p[1]) || !is_digit(p[2]))
		return -1;
	/* 010 (北京) and 020–029 are the only 3-digit area codes. */
	alen = (p[1] == '1' && p[2] == '0') || p[1] == '2' ? 3 : 4;
	if (p[1] == '0' || (p[1] == '1' && p[2] != '0'))
		return -1;	/* 00 international, 01x other than 010 unused */
	if (alen == 4 && !is_digit(p[3]))
		return -1;
	memcpy(area, p, alen);
	area[alen] = '\0';
	p += alen;
	if (paren) {
		if (*p == ')')
			p++;
		else if (strncmp(p, "\xEF\xBC\x89", 3) == 0)	/* ） */
			p += 3;
		else
			return -1;
	}
	p += sep_len(p);
	if (*p < '2' || *p > '9')
		return -1;	/* local numbers never start with 0 or 1 */
	while (is_digit(*p) && slen < 8)
		sub[slen++] = *p++;
	if (slen < 7 || is_digit(*p))
		return -1;
	sub[slen] = '\0';
	if (*p != '\0') {
		/* Extension: "-123", "#123", "转123", "ext. 123", spaces around
		 * the marker allowed; a bare space is too ambiguous to accept. */
		while (*p == ' ')
			p++;
		if ((k = sep_len(p)) > 0 && *p != ' ')
			p += k;
		else if (*p == '#')
			p++;
		else if (strncmp(p, "转", strlen("转")) == 0)
			p += strlen("转");
		else if (strncasecmp(p, "ext", 3) == 0)
			p += 3 + (p[3] == '.');
		else
			return -1;
		while (*p == ' ')
			p++;
		while (is_digit(*p) && elen < 6)
			ext[elen++] = *p++;
		if (elen == 0 || *p != '\0')
			return -1;
	}
	ext[elen] = '\0';
	if (elen)
		w = snprintf(out, outsz, "%s-%s-%s", area, sub, ext);
	else
		w = snprintf(out, outsz, "%s-%s", area, sub);
	return (w < 0 || (size_t)w >= outsz) ? -1 : 0;
}

int
xf_validate_phone(const char *field, const char *s, char *norm, size_t normsz,
    xf_error *err)
{
	char buf[XF_PHONE_NORM_MAX];
	size_t len;

	len = s ? strnlen(s, PHONE_IN_MAX + 1) : 0;
	if (len == 0)
		return xf_error_set(err, XF_E_INVALID, field, "请填写电话号码");
	if (len > PHONE_IN_MAX)
		return xf_error_set(err, XF_E_INVALID, field, "电话号码过长");
	if (mobile(s, buf, sizeof(buf)) != 0 &&
	    landline(s, buf, sizeof(buf)) != 0)
		return xf_error_set(err, XF_E_INVALID, field,
		    "电话号码格式不正确，请填写11位手机号码或带区号的固定电话");
	if (norm != NULL) {
		if (strlen(buf) >= normsz)
			return xf_error_set(err, XF_E_INTERNAL, field, "电话号码缓冲区过小");
		memcpy(norm, buf, strlen(buf) + 1);
	}
	return 0;
}

/* ---- 文本 ---- */

static int
forbidden_cp(unsigned int c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
	    (c >= 0x202A && c <= 0x202E) ||	/* bidi embeddings/overrides */
	    (c >= 0x2066 && c <= 0x2069) ||	/* bidi isolates */
	    c == 0xFFFE || c == 0xFFFF;
}

int
xf_validate_utf8_text(const char *field, const char *s, size_t max_chars,
    int allow_newlines, xf_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left, chars = 0, k;
	unsigned int c;

	if (s == NULL)
		return 0;
	left = strlen(s);
	while (left > 0) {
		k = xf_utf8_decode(p, left, &c);
		if (k == 0)
			return xf_error_set(err, XF_E_INVALID, field,
			    "文本包含无效的字符编码");
		if (forbidden_cp(c)) {
			int ok = allow_newlines && (c == '\n' || c == '\t' ||
			    (c == '\r' && left > 1 && p[1] == '\n'));

			if (!ok)
				return xf_error_set(err, XF_E_INVALID, field,
				    allow_newlines ? "文本包含不允许的控制字符" :
				    "此项不能包含换行符或控制字符");
		}
		if (++chars > max_chars)
			return xf_error_set(err, XF_E_INVALID, field,
			    "内容过长，最多%zu个字", max_chars);
		p += k;
		left -= k;
	}
	return 0;
}

static int
name_letter(unsigned int c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return 1;
	if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)
		return 1;			/* Latin-1 letters, Latin Ext-A/B */
	return (c >= 0x3400 && c <= 0x4DBF) ||	/* CJK Ext A */
	    (c >= 0x4E00 && c <= 0x9FFF) ||	/* CJK Unified Ideographs */
	    (c >= 0xF900 && c <= 0xFAFF) ||	/* CJK Compatibility */
	    (c >= 0x20000 && c <= 0x2EBEF) ||	/* Ext B–F: rare name chars */
	    (c >= 0x30000 && c <= 0x3134F) ||	/* Ext G */
	    c == 0x3007;			/* 〇, used in names */
}

int
xf_validate_name(const char *field, const char *s, xf_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left, chars = 0, k, letters = 0;
	unsigned int c, prev = ' ';

	if (s == NULL || s[0] == '\0')
		return xf_error_set(err, XF_E_INVALID, field, "请填写姓名");
	left = strlen(s);
	while (left > 0) {
		k = xf_utf8_decode(p, left, &c);
		if (k == 0)
			return xf_error_set(err, XF_E_INVALID, field,
			    "姓名包含无效的字符编码");
		if (name_letter(c)) {
			letters++;
		} else if (c == ' ') {
			if (prev == ' ')
				return xf_error_set(err, XF_E_INVALID, field,
				    "姓名首尾不能有空格，中间不能有连续空格");
		} else if (c == 0xB7 || c == 0x30FB) {
			if (prev == 0xB7 || prev == 0x30FB)
				return xf_error_set(err, XF_E_INVALID, field,
				    "姓名中的间隔号“·”不能连用");
		} else {
			return xf_error_set(err, XF_E_INVALID, field,
			    "姓名只能包含文字、字母、间隔号“·”和空格");
		}
		if (++chars > XF_NAME_MAX_CHARS)
			return xf_error_set(err, XF_E_INVALID, field,
			    "姓名最多%d个字", XF_NAME_MAX_CHARS);
		prev = c;
		p += k;
		left -= k;
	}
	if (prev == ' ')
		return xf_error_set(err, XF_E_INVALID, field,
		    "姓名首尾不能有空格，中间不能有连续空格");
	if (letters == 0)
		return xf_error_set(err, XF_E_INVALID, field, "姓名不能只由符号组成");
	return 0;
}

int
xf_validate_region(const xf_codes *codes, const char *field,
    const char *code6, int county_only, xf_error *err)
{
	size_t i;

	if (code6 == NULL || code6[0] == '\0')
		return xf_error_set(err, XF_E_INVALID, field, "请选择行政区划");
	for (i = 0; i < 6; i++)
		if (!is_digit(code6[i]))
			break;
	if (i != 6 || code6[6] != '\0')
		return xf_error_set(err, XF_E_INVALID, field,
		    "行政区划代码应为6位数字");
	if (xf_codes_find(codes, "region", code6) == NULL)
		return xf_error_set(err, XF_E_INVALID, field,
		    "行政区划代码%s不存在", code6);
	if (county_only && !xf_codes_region_is_county(codes, code6))
		return xf_error_set(err, XF_E_INVALID, field,
		    "请选择到县（市、区）一级");
	return 0;
}

#include <string.h>

#include <criterion/criterion.h>

#include "core/codes.h"
#include "core/validate.h"

static xf_date
d(int y, int m, int dd)
{
	return xf_date_from_ymd(y, m, dd);
}

#define TODAY d(2025, 6, 1)

/* ---- 身份证号码 ---- */

Test(id, accepts_the_gb11643_example_and_normalises_x)
{
	char norm[19];
	xf_error e = { 0 };

	/* The worked example of GB 11643-1999 (check character X). */
	cr_assert_eq(xf_validate_id_number("id", "11010519491231002X", TODAY, norm, &e), 0);
	cr_assert_str_eq(norm, "11010519491231002X");
	cr_assert_eq(xf_validate_id_number("id", "11010519491231002x", TODAY, norm, &e), 0);
	cr_assert_str_eq(norm, "11010519491231002X", "lower-case x is stored as X");
	cr_assert_eq(xf_validate_id_number("id", "410102199003071230", TODAY, NULL, &e), 0);
	cr_assert_eq(xf_validate_id_number("id", "41010220000229004X", TODAY, NULL, &e), 0,
	    "29 February of a leap year is a real birthday");
}

Test(id, rejects_a_wrong_check_digit_with_field_and_chinese_message)
{
	xf_error e = { 0 };
	/* Every other check character for a valid body must fail. */
	const char *alts = "0123456789X";
	char id[19] = "41010219900307123?";
	int fails = 0;

	for (size_t i = 0; i < strlen(alts); i++) {
		id[17] = alts[i];
		if (xf_validate_id_number("petitioner.id_number", id, TODAY, NULL, &e) != 0) {
			fails++;
			cr_assert_eq(e.code, XF_E_INVALID);
			cr_assert_str_eq(e.field, "petitioner.id_number");
			cr_assert_str_eq(e.message, "身份证号码校验位不正确");
		}
	}
	cr_assert_eq(fails, 10, "exactly one check character is right");
	/* A single transposed digit is caught by MOD 11-2. */
	cr_assert_eq(xf_validate_id_number("id", "410102199003701230", TODAY, NULL, &e), -1);
}

Test(id, rejects_bad_shape_region_and_dates)
{
	xf_error e = { 0 };

	cr_assert_eq(xf_validate_id_number("id", "41010219900307123", TODAY, NULL, &e), -1);
	cr_assert_str_eq(e.message, "身份证号码应为18位");
	cr_assert_eq(xf_validate_id_number("id", "4101021990030712300", TODAY, NULL, &e), -1);
	cr_assert_eq(xf_validate_id_number("id", "", TODAY, NULL, &e), -1);
	cr_assert_eq(xf_validate_id_number("id", NULL, TODAY, NULL, &e), -1);
	cr_assert_eq(xf_validate_id_number("id", "4101021990O307123X", TODAY, NULL, &e), -1);
	cr_assert_eq(xf_validate_id_number("id", "X10102199003071230", TODAY, NULL, &e), -1);
	/* 99 is not a province; the check character is right, so only the
	 * region can be at fault. */
	cr_assert_eq(xf_validate_id_number("id", "990102199003071233", TODAY, NULL, &e), -1);
	cr_assert(strstr(e.message, "地址码") != NULL);
	/* 1880 (GB 11643's other example) is before 1900. */
	cr_assert_eq(xf_validate_id_number("id", "440524188001010014", TODAY, NULL, &e), -1);
	cr_assert(strstr(e.message, "出生日期") != NULL);
	/* Born 2024-01-01: fine in 2025, impossible "today" = 2023-12-31. */
	cr_assert_eq(xf_validate_id_number("id", "410102202401010016", TODAY, NULL, &e), 0);
	cr_assert_eq(xf_validate_id_number("id", "410102202401010016", d(2023, 12, 31), NULL, &e), -1);
	cr_assert(strstr(e.message, "出生日期") != NULL);
	/* 2001-02-29 does not exist (digits 17 and check kept consistent). */
	cr_assert_eq(xf_validate_id_number("id", "410102200102290012", TODAY, NULL, &e), -1);
	cr_assert(strstr(e.message, "出生日期") != NULL);
}

Test(id, birth_and_sex)
{
	int y, m, dd;

	xf_date_to_ymd(xf_validate_id_birth("11010519491231002X"), &y, &m, &dd);
	cr_assert(y == 1949 && m == 12 && dd == 31);
	cr_assert_eq(xf_validate_id_sex("11010519491231002X"), 2, "sequence 002: even = female");
	cr_assert_eq(xf_validate_id_sex("410102199003071230"), 1, "sequence 123: odd = male");
	cr_assert_eq(xf_validate_id_birth("4101021990"), XF_DATE_NONE);
	cr_assert_eq(xf_validate_id_sex("abc"), -1);
}

/* ---- 电话 ---- */

static const char *
phone_ok(const char *in)
{
	static char buf[XF_PHONE_NORM_MAX];
	xf_error e = { 0 };

	if (xf_validate_phone("phone", in, buf, sizeof(buf), &e) != 0)
		return NULL;
	return buf;
}

Test(phone, mobiles_are_normalised)
{
	cr_assert_str_eq(phone_ok("13800138000"), "13800138000");
	cr_assert_str_eq(phone_ok("+8613800138000"), "13800138000");
	cr_assert_str_eq(phone_ok("+86 138-0013-8000"), "13800138000");
	cr_assert_str_eq(phone_ok("8613800138000"), "13800138000");
	cr_assert_str_eq(phone_ok("008619912345678"), "19912345678");
	cr_assert_str_eq(phone_ok("138 0013 8000"), "13800138000");
}

Test(phone, bad_mobiles_are_refused)
{
	cr_assert_null(phone_ok("1380013800"));		/* 10 digits */
	cr_assert_null(phone_ok("138001380001"));	/* 12 digits */
	cr_assert_null(phone_ok("12800138000"));	/* 12x is not mobile */
	cr_assert_null(phone_ok("+1 4155550100"));
	cr_assert_null(phone_ok("+86 8613800138000"));
	cr_assert_null(phone_ok("138--0013-8000"));
	cr_assert_null(phone_ok("13800138000-"));
	cr_assert_null(phone_ok("1380013800a"));
}

Test(phone, landlines)
{
	cr_assert_str_eq(phone_ok("0371-65432100"), "0371-65432100");
	cr_assert_str_eq(phone_ok("037165432100"), "0371-65432100");
	cr_assert_str_eq(phone_ok("(0371)65432100"), "0371-65432100");
	cr_assert_str_eq(phone_ok("（0371）6543210"), "0371-6543210");
	cr_assert_str_eq(phone_ok("010-62345678"), "010-62345678");
	cr_assert_str_eq(phone_ok("02162345678"), "021-62345678");
	cr_assert_str_eq(phone_ok("0371-65432100-8021"), "0371-65432100-8021");
	cr_assert_str_eq(phone_ok("0371-65432100转8021"), "0371-65432100-8021");
	cr_assert_str_eq(phone_ok("0371-65432100 ext. 12"), "0371-65432100-12");
	cr_assert_str_eq(phone_ok("0371-65432100#3"), "0371-65432100-3");
}

Test(phone, service_and_malformed_numbers_are_refused)
{
	xf_error e = { 0 };

	cr_assert_eq(xf_validate_phone("contact.phone", "12345", NULL, 0, &e), -1);
	cr_assert_eq(e.code, XF_E_INVALID);
	cr_assert_str_eq(e.field, "contact.phone");
	cr_assert(strstr(e.message, "电话号码格式不正确") != NULL);
	cr_assert_null(phone_ok("110"));
	cr_assert_null(phone_ok("95588"));
	cr_assert_null(phone_ok("400-810-8888"));
	cr_assert_null(phone_ok("65432100"));		/* no area code */
	cr_assert_null(phone_ok("0371-15432100"));	/* local part starts 1 */
	cr_assert_null(phone_ok("0371-654321"));	/* 6 digits */
	cr_assert_null(phone_ok("0371-654321000"));	/* 9 digits */
	cr_assert_null(phone_ok("0012-65432100"));
	cr_assert_null(phone_ok("0371-65432100-"));
	cr_assert_null(phone_ok("0371-65432100 8021"));
	cr_assert_null(phone_ok("0371-65432100-1234567"));
	cr_assert_null(phone_ok(""));
	cr_assert_null(phone_ok("(0371-65432100"));
}

/* ---- UTF-8 text ---- */

static int
text_ok(const char *s, size_t max, int nl)
{
	xf_error e = { 0 };

	return xf_validate_utf8_text("content", s, max, nl, &e) == 0;
}

Test(utf8, valid_text_and_length_in_characters)
{
	char buf[200] = "";

	cr_assert(text_ok("学校违规收费，请求调查。", 100, 0));
	cr_assert(text_ok("", 10, 0));
	cr_assert(text_ok("𠮷野家", 3, 0), "a 4-byte character counts once");
	for (int i = 0; i < 50; i++)
		strcat(buf, "学");
	cr_assert(text_ok(buf, 50, 0), "50 characters = 150 bytes fit a 50-character limit");
	strcat(buf, "a");
	cr_assert(!text_ok(buf, 50, 0));
}

Test(utf8, malformed_sequences_are_refused)
{
	xf_error e = { 0 };

	cr_assert(!text_ok("\xC0\xAF", 10, 1), "overlong /");
	cr_assert(!text_ok("\xE0\x80\xAF", 10, 1), "overlong 3-byte");
	cr_assert(!text_ok("\xF0\x80\x80\xAF", 10, 1), "overlong 4-byte");
	cr_assert(!text_ok("\xED\xA0\x80", 10, 1), "surrogate U+D800");
	cr_assert(!text_ok("\xF4\x90\x80\x80", 10, 1), "above U+10FFFF");
	cr_assert(!text_ok("\xE5\xAD", 10, 1), "truncated");
	cr_assert(!text_ok("\x80", 10, 1), "lone continuation");
	cr_assert(!text_ok("\xF8\x88\x80\x80\x80", 10, 1), "5-byte form");
	cr_assert_eq(xf_validate_utf8_text("content", "a\xFF", 10, 1, &e), -1);
	cr_assert_str_eq(e.field, "content");
	cr_assert_str_eq(e.message, "文本包含无效的字符编码");
}

Test(utf8, control_characters)
{
	cr_assert(text_ok("第一行\n第二行\t缩进", 100, 1));
	cr_assert(text_ok("第一行\r\n第二行", 100, 1));
	cr_assert(!text_ok("第一行\n第二行", 100, 0), "a title is one line");
	cr_assert(!text_ok("a\tb", 100, 0));
	cr_assert(!text_ok("第一行\r第二行", 100, 1), "lone CR");
	cr_assert(!text_ok("a\x01" "b", 100, 1));
	cr_assert(!text_ok("a\x7F" "b", 100, 1));
	cr_assert(!text_ok("a\xC2\x85" "b", 100, 1), "C1 NEL");
	cr_assert(!text_ok("abc\xE2\x80\xAEgpj.exe", 100, 1), "RTL override");
}

/* ---- 姓名 ---- */

static int
name_ok(const char *s)
{
	xf_error e = { 0 };

	return xf_validate_name("petitioner.name", s, &e) == 0;
}

Test(name, accepts_real_names)
{
	cr_assert(name_ok("张三"));
	cr_assert(name_ok("欧阳娜娜"));
	cr_assert(name_ok("阿依古丽·买买提"));
	cr_assert(name_ok("𠮷田"), "Ext-B ideograph");
	cr_assert(name_ok("Mary Smith"));
	cr_assert(name_ok("José Müller"));
	cr_assert(name_ok("王"));
}

Test(name, refuses_non_names)
{
	char buf[256] = "";
	xf_error e = { 0 };

	cr_assert(!name_ok(""));
	cr_assert(!name_ok("张三 "));
	cr_assert(!name_ok(" 张三"));
	cr_assert(!name_ok("Mary  Smith"));
	cr_assert(!name_ok("张三1"));
	cr_assert(!name_ok("<script>"));
	cr_assert(!name_ok("··"));
	cr_assert(!name_ok("阿依古丽··买买提"));
	cr_assert(!name_ok("张\n三"));
	for (int i = 0; i < 50; i++)
		strcat(buf, "张");
	cr_assert(name_ok(buf), "50 characters");
	strcat(buf, "张");
	cr_assert_eq(xf_validate_name("petitioner.name", buf, &e), -1);
	cr_assert_str_eq(e.field, "petitioner.name");
	cr_assert(strstr(e.message, "50") != NULL);
}

/* ---- 行政区划 ---- */

Test(region, uses_the_code_list)
{
	xf_error e = { 0 };
	xf_codes *c = xf_codes_load(XF_TEST_DATADIR "/codes", &e);

	cr_assert_not_null(c, "%s", e.message);
	cr_assert_eq(xf_validate_region(c, "location", "410102", 1, &e), 0);
	cr_assert_eq(xf_validate_region(c, "location", "410000", 0, &e), 0);
	cr_assert_eq(xf_validate_region(c, "location", "410000", 1, &e), -1);
	cr_assert(strstr(e.message, "县") != NULL);
	cr_assert_eq(xf_validate_region(c, "location", "419999", 0, &e), -1);
	cr_assert(strstr(e.message, "不存在") != NULL);
	cr_assert_eq(xf_validate_region(c, "location", "41010", 0, &e), -1);
	cr_assert_eq(xf_validate_region(c, "location", "4101020", 0, &e), -1);
	cr_assert_eq(xf_validate_region(c, "location", "41010a", 0, &e), -1);
	cr_assert_str_eq(e.field, "location");
	xf_codes_free(c);
}

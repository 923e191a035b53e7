/* xf_error: messages and field names are cut at a character boundary, so a
 * long Chinese message never carries half a character into JSON. */
#include <string.h>

#include <criterion/criterion.h>

#include "core/error.h"

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;

		if (n == 0)
			return 0;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

Test(error, long_chinese_is_cut_between_characters)
{
	char text[600] = "";
	xf_error e;

	for (int pad = 0; pad < 4; pad++) {
		memset(text, 0, sizeof(text));
		memset(text, 'a', (size_t)pad);
		for (int i = 0; i < 150; i++)
			strcat(text, "学");
		cr_assert_eq(xf_error_set(&e, XF_E_INVALID, text, "%s", text), -1);
		cr_assert(valid_utf8(e.field), "field cut mid-character (pad %d)",
		    pad);
		cr_assert(valid_utf8(e.message), "message cut mid-character");
		cr_assert_gt(strlen(e.message), sizeof(e.message) - 5);
		cr_assert_gt(strlen(e.field), sizeof(e.field) - 5);
	}
}

Test(error, codes_map_to_api_statuses)
{
	cr_assert_eq(xf_error_http_status(XF_E_BAD_REQUEST), 400);
	cr_assert_eq(xf_error_http_status(XF_E_INVALID), 422);
	cr_assert_eq(xf_error_http_status(XF_E_TRANSITION), 409);
	cr_assert_str_eq(xf_error_code_name(XF_E_TRANSITION), "invalid_transition");
	cr_assert_str_eq(xf_error_code_name(XF_E_NO_CALENDAR), "invalid");
	cr_assert_eq(xf_error_http_status(XF_E_RATE), 429);
}

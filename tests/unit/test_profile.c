/* The rule profiles: limits as the law states them, each citing its
 * article, and the deadline kind names of API.md. */
#include <string.h>

#include <criterion/criterion.h>

#include "core/profile.h"

Test(profile, kind_names_match_the_api)
{
	static const char *const api[] = { "route", "accept_notice",
	    "objection", "handle", "delivery", "execute", "review_request",
	    "review", "recheck_request", "recheck" };
	int i;

	for (i = 0; i < XF_DL_COUNT; i++) {
		cr_assert_str_eq(xf_dl_kind_name((xf_dl_kind)i), api[i]);
		cr_assert_eq(xf_dl_kind_parse(api[i]), i);
	}
	cr_assert_eq(xf_dl_kind_parse("Route"), -1);
	cr_assert_eq(xf_dl_kind_parse(""), -1);
	cr_assert_eq(xf_dl_kind_parse(NULL), -1);
	cr_assert_null(xf_dl_kind_name(XF_DL_COUNT));
}

Test(profile, national_2022)
{
	const xf_profile *p = xf_profile_get(XF_PROFILE_DEFAULT);

	cr_assert_not_null(p);
	cr_assert_str_eq(p->name, "national-2022");
	cr_assert_eq(p->limits[XF_DL_ROUTE].days, 15);
	cr_assert(strstr(p->limits[XF_DL_ROUTE].article, "第二十二条"));
	cr_assert_eq(p->limits[XF_DL_ACCEPT_NOTICE].days, 15);
	cr_assert(strstr(p->limits[XF_DL_ACCEPT_NOTICE].article, "第二十三条"));
	cr_assert_eq(p->limits[XF_DL_OBJECTION].days, 5);
	cr_assert_eq(p->limits[XF_DL_OBJECTION].unit, XF_UNIT_WORKING);
	cr_assert_eq(p->limits[XF_DL_HANDLE].days, 60);
	cr_assert_eq(p->limits[XF_DL_HANDLE].unit, XF_UNIT_CALENDAR);
	cr_assert(strstr(p->limits[XF_DL_HANDLE].article, "第三十四条"));
	cr_assert_eq(p->max_extension_days, 30);
	cr_assert_eq(p->limits[XF_DL_REVIEW_REQUEST].days, 30);
	cr_assert(strstr(p->limits[XF_DL_REVIEW_REQUEST].article, "第三十五条"));
	cr_assert_eq(p->limits[XF_DL_REVIEW].days, 30);
	cr_assert_eq(p->limits[XF_DL_RECHECK_REQUEST].days, 30);
	cr_assert(strstr(p->limits[XF_DL_RECHECK].article, "第三十六条"));
	cr_assert_eq(p->limits[XF_DL_DELIVERY].days, 5);
	cr_assert(strstr(p->limits[XF_DL_DELIVERY].article, "第十一条（四）"));
	cr_assert_eq(p->simple_days, 10);
	cr_assert(strstr(p->simple_article, "简易办理"));
	cr_assert_eq(p->has_recheck, 1);
	cr_assert_eq(p->handle_from_receipt, 0);
}

Test(profile, national_2005)
{
	const xf_profile *p = xf_profile_get("national-2005");

	cr_assert_not_null(p);
	cr_assert_eq(p->limits[XF_DL_HANDLE].days, 60);
	cr_assert(strstr(p->limits[XF_DL_HANDLE].article, "《信访条例》第三十三条"));
	cr_assert_eq(p->max_extension_days, 30);
	cr_assert_eq(p->limits[XF_DL_REVIEW].days, 30);
	cr_assert_eq(p->limits[XF_DL_RECHECK].days, 30);
	cr_assert(strstr(p->limits[XF_DL_RECHECK].article, "第三十五条"));
	cr_assert_eq(p->has_recheck, 1);
}

Test(profile, henan_2012)
{
	const xf_profile *p = xf_profile_get("henan-2012");

	cr_assert_not_null(p);
	cr_assert_eq(p->limits[XF_DL_ROUTE].days, 5);
	cr_assert(strstr(p->limits[XF_DL_ROUTE].article, "第二十六条"));
	cr_assert_eq(p->limits[XF_DL_HANDLE].days, 30);
	cr_assert_eq(p->handle_from_receipt, 1);
	cr_assert_eq(p->max_total_days, 90);
	cr_assert_eq(p->limits[XF_DL_HANDLE].days + p->max_extension_days, 90);
	cr_assert_eq(p->has_recheck, 0);
	cr_assert_eq(p->limits[XF_DL_RECHECK].days, -1);
	cr_assert_eq(p->limits[XF_DL_RECHECK_REQUEST].days, -1);
	cr_assert_eq(p->limits[XF_DL_REVIEW].days, 30);
}

Test(profile, every_limit_cites_an_article_and_lookup_is_exact)
{
	int i, k, n = 0;
	const xf_profile *p;

	for (i = 0; (p = xf_profile_at(i)) != NULL; i++, n++) {
		cr_assert_eq(xf_profile_get(p->name), p);
		cr_assert_not_null(p->title);
		for (k = 0; k < XF_DL_COUNT; k++) {
			cr_assert_not_null(p->limits[k].article, "%s %d",
			    p->name, k);
			cr_assert(strstr(p->limits[k].article, "《") ||
			    strstr(p->limits[k].article, "〔"), "%s %d",
			    p->name, k);
			cr_assert(p->limits[k].days >= -1 &&
			    p->limits[k].days <= 90);
		}
		cr_assert_not_null(p->extension_article);
	}
	cr_assert_eq(n, 3);
	cr_assert_null(xf_profile_get("national"));
	cr_assert_null(xf_profile_get(NULL));
	cr_assert_null(xf_profile_at(-1));
}

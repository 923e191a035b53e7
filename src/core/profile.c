/* The rule profiles as data (SPEC §4). Every number cites the article it
 * comes from, as quoted in /work/shared/research/regulations.md; changing a
 * limit is a one-line change here, and each deadline stores the profile
 * name and article that produced it, so an old case keeps its rules.
 *
 * Bare "日" in R2005, R2022 and HN2012 is counted in calendar days (see the
 * research notes §4); only R2022 第二十三条第三款 and the 简易办理 rule say
 * 工作日. */
#include <string.h>

#include "profile.h"

static const char *const kind_names[XF_DL_COUNT] = {
	[XF_DL_ROUTE] = "route",
	[XF_DL_ACCEPT_NOTICE] = "accept_notice",
	[XF_DL_OBJECTION] = "objection",
	[XF_DL_HANDLE] = "handle",
	[XF_DL_DELIVERY] = "delivery",
	[XF_DL_EXECUTE] = "execute",
	[XF_DL_REVIEW_REQUEST] = "review_request",
	[XF_DL_REVIEW] = "review",
	[XF_DL_RECHECK_REQUEST] = "recheck_request",
	[XF_DL_RECHECK] = "recheck",
};

#define CAL	XF_UNIT_CALENDAR
#define WORK	XF_UNIT_WORKING

/* Delivery within 5 days of the reply is not in any of the three bodies of
 * law: it is the seed's supervision trigger 第十一条(四) ("a reply with no
 * delivery record within 5 days"), applied the same way under every
 * profile. */
#define DELIVERY { 5, CAL, "教办〔2017〕1080号 第十一条（四）（答复后5日内送达，" \
	"本系统按该条督办实践设定）" }
/* The date of execution is set in the reply itself, not by a fixed count. */
#define EXECUTE(art) { -1, CAL, art }
#define SIMPLE_ART "国家信访局《信访事项简易办理办法（试行）》（受理后10个工作日内出具处理意见）"
/* SPEC §3 cites R2022 36 and 19 for these. */
#define NOT_AGAIN_2022 "《信访工作条例》第三十六条（对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理）"
#define PENDING_2022 "《信访工作条例》第十九条（信访事项已经受理或者正在办理的，向上级机关再提出同一信访事项的，上级机关不予受理）"

static const xf_profile profiles[] = {
	{
		.name = "national-2022",
		.title = "《信访工作条例》（2022）",
		.limits = {
			[XF_DL_ROUTE] = { 15, CAL,
			    "《信访工作条例》第二十二条（收到信访事项15日内转送、交办或告知）" },
			[XF_DL_ACCEPT_NOTICE] = { 15, CAL,
			    "《信访工作条例》第二十三条第二、三款（自收到之日起15日内书面告知）" },
			[XF_DL_OBJECTION] = { 5, WORK,
			    "《信访工作条例》第二十三条第三款（自收到之日起5个工作日内提出异议）" },
			[XF_DL_HANDLE] = { 60, CAL,
			    "《信访工作条例》第三十四条（自受理之日起60日内办结）" },
			[XF_DL_DELIVERY] = DELIVERY,
			[XF_DL_EXECUTE] = EXECUTE(
			    "《信访工作条例》第三十二条（执行期限由信访处理意见书确定）"),
			[XF_DL_REVIEW_REQUEST] = { 30, CAL,
			    "《信访工作条例》第三十五条（自收到书面答复之日起30日内请求复查）" },
			[XF_DL_REVIEW] = { 30, CAL,
			    "《信访工作条例》第三十五条（自收到复查请求之日起30日内提出复查意见）" },
			[XF_DL_RECHECK_REQUEST] = { 30, CAL,
			    "《信访工作条例》第三十六条（自收到书面答复之日起30日内请求复核）" },
			[XF_DL_RECHECK] = { 30, CAL,
			    "《信访工作条例》第三十六条（自收到复核请求之日起30日内提出复核意见，听证时间不计入）" },
		},
		.max_extension_days = 30,
		.extension_article =
		    "《信访工作条例》第三十四条（延长期限不得超过30日）",
		.simple_days = 10,
		.simple_article = SIMPLE_ART,
		.handle_from_receipt = 0,
		.max_total_days = 0,
		.has_recheck = 1,
		.not_again_article = NOT_AGAIN_2022,
		.pending_article = PENDING_2022,
	},
	{
		.name = "national-2005",
		.title = "《信访条例》（国务院令第431号，2005）",
		.limits = {
			[XF_DL_ROUTE] = { 15, CAL,
			    "《信访条例》第二十一条（收到信访事项15日内分别处理）" },
			[XF_DL_ACCEPT_NOTICE] = { 15, CAL,
			    "《信访条例》第二十一条末款、第二十二条第二款（15日内书面告知是否受理）" },
			/* R2005 has no objection step for the receiving
			 * agency. */
			[XF_DL_OBJECTION] = { -1, CAL,
			    "《信访条例》未规定异议程序" },
			[XF_DL_HANDLE] = { 60, CAL,
			    "《信访条例》第三十三条（自受理之日起60日内办结）" },
			[XF_DL_DELIVERY] = DELIVERY,
			[XF_DL_EXECUTE] = EXECUTE(
			    "《信访条例》第三十二条（执行期限由处理意见确定）"),
			[XF_DL_REVIEW_REQUEST] = { 30, CAL,
			    "《信访条例》第三十四条（自收到书面答复之日起30日内请求复查）" },
			[XF_DL_REVIEW] = { 30, CAL,
			    "《信访条例》第三十四条（自收到复查请求之日起30日内提出复查意见）" },
			[XF_DL_RECHECK_REQUEST] = { 30, CAL,
			    "《信访条例》第三十五条（自收到书面答复之日起30日内请求复核）" },
			[XF_DL_RECHECK] = { 30, CAL,
			    "《信访条例》第三十五条（自收到复核请求之日起30日内提出复核意见，听证时间不计入）" },
		},
		.max_extension_days = 30,
		.extension_article =
		    "《信访条例》第三十三条（延长期限不得超过30日）",
		.simple_days = 10,
		.simple_article = SIMPLE_ART,
		.handle_from_receipt = 0,
		.max_total_days = 0,
		.has_recheck = 1,
		.not_again_article =
		    "《信访条例》第三十五条（对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理）",
		.pending_article =
		    "《信访条例》第十六条（信访事项已经受理或者正在办理的，向上级机关再提出同一信访事项的，该上级机关不予受理）",
	},
	{
		.name = "henan-2012",
		.title = "《河南省信访条例》（2012修正）",
		.limits = {
			[XF_DL_ROUTE] = { 5, CAL,
			    "《河南省信访条例》第二十六条第（一）项（接收之日起五日内转办或者交办）" },
			/* HN2012 sets no separate acceptance-notice limit:
			 * the petitioner is told with the transfer, and the
			 * handling clock already runs from receipt. */
			[XF_DL_ACCEPT_NOTICE] = { -1, CAL,
			    "《河南省信访条例》未单列受理告知时限" },
			[XF_DL_OBJECTION] = { 5, CAL,
			    "《河南省信访条例》第二十六条第（五）项（收到转办、交办件之日起五日内退回）" },
			[XF_DL_HANDLE] = { 30, CAL,
			    "《河南省信访条例》第二十六条第（二）项（接收之日起三十日内办理完毕）" },
			[XF_DL_DELIVERY] = DELIVERY,
			[XF_DL_EXECUTE] = EXECUTE(
			    "《河南省信访条例》第二十六条（执行期限由处理意见书确定）"),
			[XF_DL_REVIEW_REQUEST] = { 30, CAL,
			    "《河南省信访条例》第二十七条（收到处理意见书之日起三十日内请求复查）" },
			[XF_DL_REVIEW] = { 30, CAL,
			    "《河南省信访条例》第二十七条（接受之日起三十日内作出复查意见书）" },
			[XF_DL_RECHECK_REQUEST] = { -1, CAL,
			    "《河南省信访条例》无复核程序" },
			[XF_DL_RECHECK] = { -1, CAL,
			    "《河南省信访条例》无复核程序" },
		},
		/* 30 days, "最长不得超过九十日": at most 60 more. */
		.max_extension_days = 60,
		.extension_article =
		    "《河南省信访条例》第二十六条第（二）项（情况复杂的可以适当延长，最长不得超过九十日）",
		.simple_days = 10,
		.simple_article = SIMPLE_ART,
		.handle_from_receipt = 1,
		.max_total_days = 90,
		.has_recheck = 0,
		/* HN2012 has no article of its own on either: the national
		 * rule it implements applies. */
		.not_again_article = NOT_AGAIN_2022,
		.pending_article = PENDING_2022,
	},
};

#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

const char *
xf_dl_kind_name(xf_dl_kind k)
{
	if ((int)k < 0 || k >= XF_DL_COUNT)
		return NULL;
	return kind_names[k];
}

int
xf_dl_kind_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < XF_DL_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const xf_profile *
xf_profile_get(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NPROFILES; i++)
		if (strcmp(name, profiles[i].name) == 0)
			return &profiles[i];
	return NULL;
}

const xf_profile *
xf_profile_at(int i)
{
	if (i < 0 || (size_t)i >= NPROFILES)
		return NULL;
	return &profiles[i];
}

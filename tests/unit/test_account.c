/* Accountability, pure: the ten situations, who bears what (第十四条 last
 * paragraph), and the ladders of 第十五、十六条 — a missed rectification
 * deadline proposes the next rung and never more. */
#include <string.h>

#include <criterion/criterion.h>

#include "core/account.h"

#define D(y, m, d) xf_date_from_ymd(y, m, d)

Test(account, the_ten_situations_in_the_seeds_words)
{
	for (int i = 1; i <= XF_SITUATION_COUNT; i++) {
		const xf_situation *s = xf_account_situation(i);

		cr_assert_not_null(s);
		cr_expect_eq(s->no, i);
		cr_expect(strncmp(s->item, "第十四条（", strlen("第十四条（")) == 0);
		cr_expect_gt(strlen(s->text), 20);
	}
	cr_expect(strstr(xf_account_situation(1)->text, "社会稳定风险评估") !=
	    NULL);
	cr_expect(strstr(xf_account_situation(6)->text, "集体访") != NULL);
	cr_expect(strstr(xf_account_situation(7)->text, "被控告检举人") != NULL);
	cr_expect_null(xf_account_situation(0));
	cr_expect_null(xf_account_situation(11));
}

Test(account, collective_responsibility_and_the_dissenter)
{
	/* 领导班子主要负责人和分管负责人承担主要领导责任 */
	cr_expect_eq(xf_account_allocate(1, XF_POS_PRINCIPAL, 0),
	    XF_RESP_MAIN_LEADERSHIP);
	cr_expect_eq(xf_account_allocate(1, XF_POS_IN_CHARGE, 0),
	    XF_RESP_MAIN_LEADERSHIP);
	/* 参与决策和工作的班子其他成员承担重要领导责任 */
	cr_expect_eq(xf_account_allocate(1, XF_POS_MEMBER, 0),
	    XF_RESP_IMPORTANT_LEADERSHIP);
	/* 提出明确反对意见而没有被采纳的，不承担领导责任 — whatever the post */
	cr_expect_eq(xf_account_allocate(1, XF_POS_MEMBER, 1), XF_RESP_NONE);
	cr_expect_eq(xf_account_allocate(1, XF_POS_IN_CHARGE, 1), XF_RESP_NONE);
	/* staff do not share a collective decision's responsibility */
	cr_expect_eq(xf_account_allocate(1, XF_POS_STAFF, 0), -1);
}

Test(account, individual_responsibility)
{
	/* 具体办理的工作部门负责人和工作人员承担直接责任，主要负责人和分管负责人
	 * 承担领导责任 */
	cr_expect_eq(xf_account_allocate(0, XF_POS_STAFF, 0), XF_RESP_DIRECT);
	cr_expect_eq(xf_account_allocate(0, XF_POS_DEPT_HEAD, 0),
	    XF_RESP_DIRECT);
	cr_expect_eq(xf_account_allocate(0, XF_POS_PRINCIPAL, 0),
	    XF_RESP_LEADERSHIP);
	cr_expect_eq(xf_account_allocate(0, XF_POS_IN_CHARGE, 0),
	    XF_RESP_LEADERSHIP);
	/* an objection does not clear an individual's own handling */
	cr_expect_eq(xf_account_allocate(0, XF_POS_STAFF, 1), XF_RESP_DIRECT);
	cr_expect_eq(xf_account_allocate(0, XF_POS_MEMBER, 0), -1);
	cr_expect_str_eq(xf_resp_label(XF_RESP_IMPORTANT_LEADERSHIP),
	    "重要领导责任");
	cr_expect_eq(xf_position_parse("dept_head"), XF_POS_DEPT_HEAD);
	cr_expect_eq(xf_position_parse("boss"), -1);
}

Test(account, the_ladders)
{
	/* units: 责令检查 → 通报批评 → 督查督办 (第十五条) */
	cr_expect_eq(xf_account_rung(XF_RUNG_CHECK)->next, XF_RUNG_CRITICISM);
	cr_expect_eq(xf_account_rung(XF_RUNG_CRITICISM)->next,
	    XF_RUNG_SUPERVISE);
	cr_expect_eq(xf_account_rung(XF_RUNG_SUPERVISE)->next, -1);
	/* people: 通报 → 诫勉 → 组织调整或组织处理 (第十六条) */
	cr_expect_eq(xf_account_rung(XF_RUNG_NOTICE)->next, XF_RUNG_ADMONISH);
	cr_expect_eq(xf_account_rung(XF_RUNG_ADMONISH)->next,
	    XF_RUNG_ORGANIZATIONAL);
	cr_expect_eq(xf_account_rung(XF_RUNG_ORGANIZATIONAL)->next, -1);
	cr_expect_eq(xf_account_rung(XF_RUNG_DISCIPLINE)->next, -1);
	cr_expect_str_eq(xf_account_rung(XF_RUNG_DISCIPLINE)->article,
	    "第十七条");
	/* Only 诫勉 takes away the year's comprehensive honours. */
	for (int i = 0; i < XF_RUNG_COUNT; i++)
		cr_expect_eq(xf_account_rung((xf_rung)i)->honours,
		    i == XF_RUNG_ADMONISH, "%s", xf_account_rung((xf_rung)i)->name);
	cr_expect(xf_account_rung(XF_RUNG_NOTICE)->person);
	cr_expect(!xf_account_rung(XF_RUNG_CHECK)->person);
	cr_expect_eq(xf_account_rung_parse("admonish"), XF_RUNG_ADMONISH);
	cr_expect_eq(xf_account_rung_parse("fine"), -1);
	cr_expect(xf_account_org_detail_ok("免职"));
	cr_expect(!xf_account_org_detail_ok("罚款"));
}

Test(account, a_missed_deadline_proposes_the_next_rung_only_after_it)
{
	xf_date due = D(2025, 6, 30);

	/* 通报 with rectification due 06-30: nothing on the day itself … */
	cr_expect_eq(xf_account_proposal(XF_RUNG_NOTICE, due, XF_DATE_NONE,
	    D(2025, 6, 30)), -1);
	/* … 诫勉 proposed from the next day */
	cr_expect_eq(xf_account_proposal(XF_RUNG_NOTICE, due, XF_DATE_NONE,
	    D(2025, 7, 1)), XF_RUNG_ADMONISH);
	/* rectified in time: nothing */
	cr_expect_eq(xf_account_proposal(XF_RUNG_NOTICE, due, D(2025, 6, 20),
	    D(2025, 7, 1)), -1);
	cr_expect_eq(xf_account_proposal(XF_RUNG_CHECK, due, XF_DATE_NONE,
	    D(2025, 8, 1)), XF_RUNG_CRITICISM);
	cr_expect_eq(xf_account_proposal(XF_RUNG_ADMONISH, due, XF_DATE_NONE,
	    D(2025, 8, 1)), XF_RUNG_ORGANIZATIONAL);
	/* the top of a ladder proposes nothing; no deadline, nothing */
	cr_expect_eq(xf_account_proposal(XF_RUNG_SUPERVISE, due, XF_DATE_NONE,
	    D(2025, 8, 1)), -1);
	cr_expect_eq(xf_account_proposal(XF_RUNG_NOTICE, XF_DATE_NONE,
	    XF_DATE_NONE, D(2025, 8, 1)), -1);
}

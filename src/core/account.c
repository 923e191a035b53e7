/* Situations, responsibility and the ladders of measures (see account.h). */
#include <string.h>

#include "core/account.h"

/* 第十四条 first paragraph, items (一) to (十), in the seed's words. */
static const xf_situation situations[XF_SITUATION_COUNT] = {
	{ 1, "第十四条（一）", "未执行社会稳定风险评估致信访问题",
	    "未执行重大决策社会稳定风险评估制度，评估走过场、图形式，或虽进行评估但未"
	    "落实评估建议，决策失误、工作失职，损害群众利益，导致信访问题产生，造成严"
	    "重后果的；" },
	{ 2, "第十四条（二）", "未按规定登记受理交办转送回复致重复信访",
	    "未按《信访条例》和其他有关规定登记、受理、交办、转送和督办、回复信访事项"
	    "，未向信访群众告知答复或超期告知答复，导致信访群众重复信访的；拒不办理信"
	    "访部门交办、转送、督办的投诉请求，或拒不执行有权处理机关作出的支持投诉请"
	    "求意见，严重损害信访群众合法权益的；" },
	{ 3, "第十四条（三）", "处理意见未落实或编报虚假材料",
	    "对作出的信访事项处理、复查复核或审核认定意见，未按规定落实或拒不执行，或"
	    "者编报虚假材料欺骗上级机关，损害信访群众合法权益的；" },
	{ 4, "第十四条（四）", "消极应付推诿扯皮故意拖延",
	    "对应当解决的群众合理合法诉求消极应付、推诿扯皮、故意拖延，或者对待信访群"
	    "众态度恶劣、简单粗暴，损害党群干群关系，造成严重后果的；" },
	{ 5, "第十四条（五）", "瞒报谎报缓报重大紧急信访信息",
	    "对可能造成社会影响的重大、紧急信访事项和信访信息瞒报、谎报、缓报，或者授"
	    "意他人瞒报、谎报、缓报，贻误处理时机，造成严重后果的；" },
	{ 6, "第十四条（六）", "集体访未按要求到场处置",
	    "对发生的集体访未按照有关规定和时间要求到现场处置，或者处置不力，导致事态"
	    "扩大，造成不良影响的；" },
	{ 7, "第十四条（七）", "泄露检举控告材料",
	    "违反规定将信访群众控告、检举材料或者有关情况透露、转给被控告检举人或单位"
	    "，造成信访群众被打击、报复、陷害，尚不构成犯罪的；" },
	{ 8, "第十四条（八）", "信访负面舆情处置不力",
	    "对信访负面舆情处置不力、应对不当，导致舆情发酵扩散，严重损害党政机关形象"
	    "和群众利益的；" },
	{ 9, "第十四条（九）", "对信访部门建议落实不力",
	    "对信访部门提出的改进工作、完善政策、给予处分等建议重视不够、落实不力，不"
	    "按要求反馈，导致问题长期得不到解决的；" },
	{ 10, "第十四条（十）", "其他失职失责情形",
	    "其他应当追究责任的失职失责情形。" },
};

const xf_situation *
xf_account_situation(int no)
{
	if (no < 1 || no > XF_SITUATION_COUNT)
		return NULL;
	return &situations[no - 1];
}

static const char *const pos_names[XF_POS_COUNT] = {
	"principal", "in_charge", "member", "dept_head", "staff",
};
static const char *const pos_labels[XF_POS_COUNT] = {
	"领导班子主要负责人", "分管负责人", "参与决策和工作的班子其他成员",
	"具体办理的工作部门负责人", "具体办理的工作人员",
};
static const char *const resp_names[XF_RESP_COUNT] = {
	"none", "main_leadership", "important_leadership", "direct",
	"leadership",
};
static const char *const resp_labels[XF_RESP_COUNT] = {
	"不承担责任", "主要领导责任", "重要领导责任", "直接责任", "领导责任",
};

const char *
xf_position_name(xf_position p)
{
	return (int)p >= 0 && p < XF_POS_COUNT ? pos_names[p] : "";
}

const char *
xf_position_label(xf_position p)
{
	return (int)p >= 0 && p < XF_POS_COUNT ? pos_labels[p] : "";
}

int
xf_position_parse(const char *s)
{
	for (int i = 0; s != NULL && i < XF_POS_COUNT; i++)
		if (strcmp(s, pos_names[i]) == 0)
			return i;
	return -1;
}

const char *
xf_resp_name(xf_responsibility r)
{
	return (int)r >= 0 && r < XF_RESP_COUNT ? resp_names[r] : "";
}

const char *
xf_resp_label(xf_responsibility r)
{
	return (int)r >= 0 && r < XF_RESP_COUNT ? resp_labels[r] : "";
}

/* 第十四条 last paragraph: "对前款规定中涉及的集体责任，领导班子主要负责人和
 * 分管负责人承担主要领导责任，参与决策和工作的班子其他成员承担重要领导责任，
 * 对错误决策或行为提出明确反对意见而没有被采纳的，不承担领导责任；涉及的个人
 * 责任，具体办理的工作部门负责人和工作人员承担直接责任，领导班子主要负责人和
 * 分管负责人承担领导责任。" */
int
xf_account_allocate(int collective, xf_position pos, int objected)
{
	if (collective) {
		if (pos == XF_POS_DEPT_HEAD || pos == XF_POS_STAFF ||
		    (int)pos < 0 || pos >= XF_POS_COUNT)
			return -1;
		if (objected)
			return XF_RESP_NONE;
		return pos == XF_POS_MEMBER ? XF_RESP_IMPORTANT_LEADERSHIP :
		    XF_RESP_MAIN_LEADERSHIP;
	}
	switch (pos) {
	case XF_POS_DEPT_HEAD:
	case XF_POS_STAFF:
		return XF_RESP_DIRECT;
	case XF_POS_PRINCIPAL:
	case XF_POS_IN_CHARGE:
		return XF_RESP_LEADERSHIP;
	default:
		return -1;
	}
}

static const xf_rung_def rungs[XF_RUNG_COUNT] = {
	{ XF_RUNG_CHECK, "check", "责令检查", "第十五条（一）", 0,
	    XF_RUNG_CRITICISM, 0,
	    "对责任制落实不力、情节较轻的，应当责令其作出书面检查并限期整改。" },
	{ XF_RUNG_CRITICISM, "criticism", "通报批评", "第十五条（二）", 0,
	    XF_RUNG_SUPERVISE, 0,
	    "对责任制落实不力、被动落后的，应当责令其限期整改，并在一定范围内通报。" },
	{ XF_RUNG_SUPERVISE, "supervise", "督查督办", "第十五条（三）", 0, -1, 0,
	    "对受到通报批评后仍未按期整改的，必要时可发函督办或派工作组进行督促检查。" },
	{ XF_RUNG_NOTICE, "notice", "通报", "第十六条（一）", 1,
	    XF_RUNG_ADMONISH, 0,
	    "具有本细则第十四条所列情形、情节较轻的，对相关责任人进行通报，限期整改。" },
	{ XF_RUNG_ADMONISH, "admonish", "诫勉", "第十六条（二）", 1,
	    XF_RUNG_ORGANIZATIONAL, 1,
	    "对受到通报后仍未按期完成整改目标，或者具有本细则第十四条所列情形且危害"
	    "严重、影响重大的，对相关责任人进行诫勉，督促限期整改。同时，取消该地、"
	    "该部门和单位本年度评选综合性荣誉称号的资格。" },
	{ XF_RUNG_ORGANIZATIONAL, "organizational", "组织调整或组织处理",
	    "第十六条（三）", 1, -1, 0,
	    "对受到诫勉后仍未按期完成整改目标，或者具有本细则第十四条所列情形且危害"
	    "特别严重、影响特别重大的，对相关责任人采取停职检查、调整职务、责令辞职、"
	    "降职、免职等组织调整或者组织处理措施。" },
	{ XF_RUNG_DISCIPLINE, "discipline", "党纪政纪处分", "第十七条", 1, -1, 0,
	    "对在信访工作中失职失责的相关责任人，应当给予党纪政纪处分的，依纪依法"
	    "追究责任。" },
};

const xf_rung_def *
xf_account_rung(xf_rung r)
{
	return (int)r >= 0 && r < XF_RUNG_COUNT ? &rungs[r] : NULL;
}

int
xf_account_rung_parse(const char *s)
{
	for (int i = 0; s != NULL && i < XF_RUNG_COUNT; i++)
		if (strcmp(s, rungs[i].name) == 0)
			return i;
	return -1;
}

const char *const xf_account_org_details[] = {
	"停职检查", "调整职务", "责令辞职", "降职", "免职", NULL,
};

int
xf_account_org_detail_ok(const char *s)
{
	for (int i = 0; s != NULL && xf_account_org_details[i] != NULL; i++)
		if (strcmp(s, xf_account_org_details[i]) == 0)
			return 1;
	return 0;
}

int
xf_account_proposal(xf_rung r, xf_date rectify_due, xf_date rectified_on,
    xf_date today)
{
	const xf_rung_def *d = xf_account_rung(r);

	if (d == NULL || d->next < 0 || rectify_due == XF_DATE_NONE ||
	    rectified_on != XF_DATE_NONE || today <= rectify_due)
		return -1;
	return d->next;
}

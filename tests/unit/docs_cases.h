/* One realistic case per document kind, shared by tests/unit/test_docs.c and
 * bench/make_samples.c: a parent's complaint about after-school service fees
 * at a Zhengzhou primary school, followed from registration to 复核. */
#ifndef XF_DOCS_CASES_H
#define XF_DOCS_CASES_H

#include <string.h>

#include "core/date.h"
#include "docs/notices.h"

#define D(y, m, d)	xf_date_from_ymd(y, m, d)

static inline void
docs_case(xf_notice_kind kind, xf_notice_data *c)
{
	memset(c, 0, sizeof(*c));
	c->unit_name = "郑州市金水区教育局";
	c->case_number = "410105202605060012";
	c->petitioner = "李明华";
	c->received_on = D(2026, 5, 6);
	c->channel = "letter";
	c->summary = "郑州市金水区纬五路第一小学违规收取课后服务费";
	c->contact = "联系人：王静，联系电话：0371-65512345";
	c->cc = "郑州市教育局信访办公室";
	c->printer = "郑州市金水区教育局办公室";

	switch (kind) {
	case XF_NOTICE_RECEIPT:
		c->issued_on = D(2026, 5, 6);
		c->query_code = "K7M3Q9P2";
		c->query_where = "河南省教育厅网上信访平台";
		c->cc = NULL;
		c->printer = NULL;
		break;
	case XF_NOTICE_ACCEPT:
		c->doc_number = "金教信〔2026〕31号";
		c->issued_on = D(2026, 5, 12);
		c->accepted_on = D(2026, 5, 12);
		c->due_on = D(2026, 7, 13);
		c->handler_unit = "区教育局基础教育科";
		break;
	case XF_NOTICE_NOT_ACCEPT:
		c->doc_number = "金教信〔2026〕32号";
		c->case_number = "410105202605070003";
		c->petitioner = "赵雪梅";
		c->received_on = D(2026, 5, 7);
		c->channel = "visit";
		c->summary = "与郑州市金水区童心幼儿园之间的劳动报酬争议";
		c->issued_on = D(2026, 5, 12);
		c->reason = "你反映的事项属于你与幼儿园之间的劳动报酬争议，"
		    "依法应当通过劳动人事争议仲裁途径解决";
		c->legal_channel = "arbitration";
		break;
	case XF_NOTICE_TRANSFER:
		c->unit_name = "郑州市教育局";
		c->doc_number = "郑教信〔2026〕58号";
		c->to_unit = "郑州市金水区教育局";
		c->issued_on = D(2026, 5, 8);
		c->contact = "联系人：陈刚，联系电话：0371-67181234";
		c->cc = "河南省教育厅信访办公室";
		c->printer = "郑州市教育局办公室";
		break;
	case XF_NOTICE_ASSIGN:
		c->unit_name = "郑州市教育局";
		c->doc_number = "郑教信〔2026〕59号";
		c->to_unit = "郑州市金水区教育局";
		c->issued_on = D(2026, 5, 8);
		c->report_due = D(2026, 7, 10);
		c->contact = "联系人：陈刚，联系电话：0371-67181234";
		c->cc = "河南省教育厅信访办公室";
		c->printer = "郑州市教育局办公室";
		break;
	case XF_NOTICE_OBJECTION:
		c->doc_number = "金教信〔2026〕33号";
		c->to_unit = "郑州市教育局";
		c->summary = "郑州市第四十七高级中学违规补课收费";
		c->case_number = "410100202605080021";
		c->received_on = D(2026, 5, 11);
		c->issued_on = D(2026, 5, 13);
		c->reason = "郑州市第四十七高级中学为郑州市教育局直属学校，"
		    "其办学行为和收费管理由郑州市教育局负责，不属于本机关职权范围";
		break;
	case XF_NOTICE_EXTENSION:
		c->doc_number = "金教信〔2026〕45号";
		c->issued_on = D(2026, 7, 6);
		c->accepted_on = D(2026, 5, 12);
		c->reason = "该事项涉及的收费项目需要会同区发展和改革委员会、区财政局"
		    "联合核查，核查工作尚未完成";
		c->extend_days = 30;
		c->due_on = D(2026, 8, 10);
		break;
	case XF_NOTICE_REPLY:
		c->doc_number = "金教信〔2026〕40号";
		c->issued_on = D(2026, 6, 1);
		c->accepted_on = D(2026, 5, 12);
		c->outcome = "support";
		c->request = "要求学校退还2026年春季学期多收取的课后服务费，"
		    "并对有关责任人员作出处理。";
		c->facts = "经调查核实，郑州市金水区纬五路第一小学2026年春季学期"
		    "向三年级学生收取课后服务费每生800元，超出郑州市规定的每生"
		    "每学期600元标准，多收费用共计4.2万元。该校未按规定履行收费"
		    "公示程序。\n你反映的问题属实。";
		c->decision = "责令该校于2026年6月30日前将多收取的课后服务费每生"
		    "200元全额退还学生家长，并在全校范围内公示退费情况；对该校"
		    "分管副校长进行约谈，责成其作出书面检查。";
		c->basis = "《河南省发展和改革委员会 河南省教育厅关于规范中小学"
		    "课后服务收费有关问题的通知》、《郑州市中小学课后服务收费"
		    "管理办法》。";
		c->execute_by = D(2026, 6, 30);
		c->review_body = "郑州市教育局";
		break;
	case XF_NOTICE_REVIEW:
		c->unit_name = "郑州市教育局";
		c->doc_number = "郑教信〔2026〕77号";
		c->issued_on = D(2026, 7, 15);
		c->prior_unit = "郑州市金水区教育局";
		c->prior_on = D(2026, 6, 1);
		c->request_on = D(2026, 6, 22);
		c->outcome = "reject";
		c->request = "要求对学校校长给予免职处分，并赔偿误工损失5000元。";
		c->facts = "经复查，郑州市金水区教育局作出的处理意见认定事实清楚，"
		    "多收费用已于2026年6月28日全额退还。你要求赔偿误工损失，"
		    "缺乏事实根据。";
		c->decision = "维持郑州市金水区教育局作出的信访处理意见。";
		c->basis = "《信访工作条例》第三十二条、第三十五条。";
		c->review_body = "河南省教育厅";
		c->contact = "联系人：陈刚，联系电话：0371-67181234";
		c->cc = "郑州市金水区教育局";
		c->printer = "郑州市教育局办公室";
		break;
	case XF_NOTICE_RECHECK:
		c->unit_name = "河南省教育厅";
		c->doc_number = "豫教信〔2026〕15号";
		c->issued_on = D(2026, 8, 28);
		c->prior_unit = "郑州市教育局";
		c->prior_on = D(2026, 7, 15);
		c->request_on = D(2026, 8, 3);
		c->outcome = "reject";
		c->request = "要求撤销郑州市教育局的复查意见，对学校校长给予免职处分。";
		c->facts = "经复核，郑州市教育局复查意见认定事实清楚，适用依据正确，"
		    "程序合法。";
		c->decision = "维持郑州市教育局作出的复查意见。";
		c->basis = "《信访工作条例》第三十二条、第三十六条。";
		c->contact = "联系人：刘洋，联系电话：0371-69691234";
		c->cc = "郑州市教育局，郑州市金水区教育局";
		c->printer = "河南省教育厅办公室";
		break;
	case XF_NOTICE_SUPERVISION:
		c->unit_name = "郑州市教育局";
		c->doc_number = "郑教督〔2026〕9号";
		c->to_unit = "郑州市金水区教育局";
		c->issued_on = D(2026, 7, 17);
		c->trigger = "handle_overdue";
		c->form = "letter";
		c->problem = "该事项于2026年5月12日受理，办理期限已于2026年7月13日"
		    "届满，至今未出具信访处理意见书，也未办理延期手续。";
		c->suggestions = "明确承办责任人，加快核查进度；严格执行信访事项办理"
		    "时限规定，需要延期的，应当在期限届满前经负责人批准并书面告知"
		    "信访人。";
		c->reply_due = D(2026, 7, 24);
		c->contact = "联系人：陈刚，联系电话：0371-67181234";
		c->cc = "郑州市教育局信访工作领导小组办公室";
		c->printer = "郑州市教育局办公室";
		break;
	default:
		break;
	}
}

#undef D

#endif

// Chinese names for the API's codes (API.md), in one place.
export const STATUS = {
  registered: '已登记', transferred: '已转出', not_accepted: '不予受理', referred: '已转纪检',
  handling: '办理中', replied: '已答复', review: '复查中', reviewed: '已复查',
  recheck: '复核中', closed: '已办结',
};
export const STATUS_TAG = {
  registered: 'info', transferred: 'info', not_accepted: 'info', referred: 'info',
  handling: 'primary', replied: 'success', review: 'warning', reviewed: 'success',
  recheck: 'warning', closed: 'info',
};
export const CHANNEL = {
  letter: '来信', visit: '来访', online: '网上', phone: '电话', fax: '传真', email: '电子邮件',
};
export const CLASS = { suggestion: '建议意见类', accusation: '检举控告类', claim: '申诉求决类' };
export const ROLE = {
  admin: '管理员', officer: '信访干部', handler: '承办人', leader: '单位领导',
  supervisor: '督查', viewer: '统计/只读',
};
export const LEVEL = { province: '省级', city: '市级', county: '县级', school: '学校' };
export const KIND = {
  authority: '教育行政部门', department: '内设机构', school: '学校', university: '高等学校',
  direct: '直属单位', discipline: '纪检监察',
};
export const DL_KIND = {
  route: '转送交办', accept_notice: '受理告知', objection: '异议期', handle: '办理期限',
  delivery: '送达', execute: '落实', review_request: '复查申请期', review: '复查期限',
  recheck_request: '复核申请期', recheck: '复核期限', report: '交办报告',
};
export const DL_STATE = { open: '进行中', met: '已完成', overdue: '已超期', cancelled: '已取消' };
export const OUTCOME = { support: '支持', explain: '解释说明', reject: '不予支持' };
export const DELIVER = { in_person: '直接送达', mail: '挂号邮寄', electronic: '电子送达' };
export const RATING = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
export const FLAG = {
  collective: '集体访', repeat: '重复访', leapfrog: '越级访', confidential: '保密',
  anonymous: '匿名', not_again: '不再受理', pending_below: '下级办理中',
};
export const ACTION = {
  register: '登记', transfer: '转送', assign: '交办', object: '提出异议', not_accept: '不予受理',
  refer: '转纪检监察', accept: '受理', set_lead: '确定主办/协办', extend: '延期',
  pause: '中止', resume: '恢复', reply: '答复', mediate: '调解结案', deliver: '送达',
  execute: '落实', request_review: '申请复查', review_decision: '复查意见',
  request_recheck: '申请复核', recheck_decision: '复核意见', close: '办结', archive: '归档',
  evaluate: '评价', lapse: '期满办结', handover: '移交',
};
export const TRIGGER = {
  route_overdue: '转送交办超期', accept_notice_overdue: '受理告知超期', objection_late: '异议逾期',
  extension_invalid: '延期不规范', handle_overdue: '办理超期', reply_incomplete: '答复要件不全',
  report_overdue: '交办报告超期', not_delivered: '答复未送达', not_executed: '意见未落实',
  shirking: '推诿扯皮', dissatisfied: '群众不满意', review_overdue: '复查超期',
  recheck_overdue: '复核超期', manual: '人工督办',
};
export const SUP_FORM = { online: '网上督办', phone: '电话督办', letter: '发函督办', interview: '约谈', onsite: '实地督办' };
export const SUP_STATE = { open: '督办中', replied: '已回复', closed: '已办结' };
export const DOC_KIND = {
  receipt: '登记回执', accept_notice: '受理告知书', not_accept_notice: '不予受理告知书',
  transfer_letter: '转送函', assign_letter: '交办单', objection_letter: '异议函',
  extension_notice: '延期办理告知书', reply: '信访处理意见书', review_opinion: '复查意见书',
  recheck_opinion: '复核意见书', supervision_letter: '督办函',
};

export const label = (map, k) => (k == null || k === '' ? '—' : map[k] || k);

// Days between two YYYY-MM-DD dates (b − a), in UTC so DST never matters.
export function daysBetween(a, b) {
  const pa = Date.parse(a + 'T00:00:00Z'), pb = Date.parse(b + 'T00:00:00Z');
  return Math.round((pb - pa) / 86400000);
}

// Leadership duties and accountability (SPEC §6, §9).
Object.assign(ACTION, { instruct: '领导批示', take: '领导包案', onsite: '领导到场' });
export const RISK_LEVEL = { low: '低风险', medium: '中风险', high: '高风险' };
export const RISK_FLAG = {
  no_assessment: '决策前未评估', no_office_opinion: '缺信访部门意见', no_consultation: '未征求意见',
};
export const SCREEN_KIND = { periodic: '定期排查', concentrated: '集中排查' };
export const ISSUE_STATE = { open: '待化解', resolving: '化解中', resolved: '已化解' };
export const DUTY = { first: '第一责任人', direct: '直接责任人', dual: '一岗双责', member: '成员' };
export const MEASURE_STATE = { open: '整改中', rectified: '已整改', escalated: '已升级' };
export const PROPOSAL_STATE = { proposed: '待决定', applied: '已采纳', dismissed: '不予采纳' };
export const RESP_SCOPE = { individual: '个人责任', collective: '集体责任' };
FLAG.leader_instructed = '领导批示件';

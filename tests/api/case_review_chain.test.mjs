// Scenario: a county bureau's reply is reviewed (复查) by the city and
// rechecked (复核) by the province, with a hearing pause, to the final
// closure; a late review request is refused; the same facts again are
// flagged 不再受理.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act, dl, replyParts, docText as docTextOf } from './lib/cases.mjs';

let srv, js, zz, officer, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-12-31' });
  js = await login(srv.base, 'js_officer');
  zz = await login(srv.base, 'zz_officer');
  officer = await login(srv.base, 'officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const content = '本人系郑州市金水区某中学教师，二〇二三年度职称评审中学校未按规定公示评审结果，本人的申报材料被无故退回，请求重新评审并说明理由。';

async function repliedAndDelivered() {
  const k = await register(js, letter({ received_on: '2025-07-01', category: '0402', title: '职称评审不公', content }));
  await act(js, k.id, 'accept', { date: '2025-07-02' });
  await act(js, k.id, 'reply', { ...replyParts, outcome: 'reject', date: '2025-07-20' });
  return act(js, k.id, 'deliver', { method: 'in_person', proof: '送达回证（本人签收）', date: '2025-07-25' });
}

let finalCase, againCase;
test('review by the level above, recheck two levels above, with a hearing pause, to final', async () => {
  const d = await repliedAndDelivered();
  assert.equal(dl(d, 'review_request').due, '2025-08-25');	// 08-24 is a Sunday
  const rv = await act(zz, d.id, 'request_review', { date: '2025-08-01' });
  assert.equal(rv.status, 'review');
  assert.equal(rv.unit_id, U('HA-ZZ'));	// the authority above the county bureau
  assert.equal(dl(rv, 'review').due, '2025-09-01');	// 08-31 is a Sunday
  const dec = await act(zz, d.id, 'review_decision', { ...replyParts, outcome: 'reject', date: '2025-08-20' });
  assert.equal(dec.status, 'reviewed');
  assert.equal(dl(dec, 'review').state, 'met');
  const dd = await act(zz, d.id, 'deliver', { method: 'mail', proof: '挂号信 XA000111222CN', date: '2025-08-25' });
  assert.equal(dl(dd, 'recheck_request').state, 'open');
  const rc = await act(officer, d.id, 'request_recheck', { date: '2025-09-08' });
  assert.equal(rc.status, 'recheck');
  assert.equal(rc.unit_id, U('HA-JYT'));	// two levels above
  assert.equal(dl(rc, 'recheck').due, '2025-10-09');	// 10-08 is in the National Day holiday
  const p = await act(officer, d.id, 'pause', { reason: '组织听证', date: '2025-09-15' });
  assert.equal(p.paused, true);
  assert.equal(dl(p, 'recheck').due, null);
  // While paused no decision can be made.
  const during = await officer.post(`/api/v1/cases/${d.id}/actions`, { action: 'recheck_decision', ...replyParts, date: '2025-09-16' });
  assert.equal(during.status, 409);
  const r = await act(officer, d.id, 'resume', { reason: '听证结束', date: '2025-09-18' });
  assert.equal(dl(r, 'recheck').due, '2025-10-11');	// SPEC §4: 30 + 3 days; a make-up Saturday
  const fin = await act(officer, d.id, 'recheck_decision', { ...replyParts, outcome: 'reject', date: '2025-10-10' });
  assert.equal(fin.status, 'closed');
  assert.equal(fin.close_reason, 'final');
  finalCase = fin;
  // No level above the province for anything further.
  const more = await officer.post(`/api/v1/cases/${d.id}/actions`, { action: 'request_review' });
  assert.equal(more.status, 409);
});

test('a review request after the 30-day window is refused', async () => {
  const d = await repliedAndDelivered();
  const late = await zz.post(`/api/v1/cases/${d.id}/actions`, { action: 'request_review', date: '2025-08-26' });
  assert.equal(late.status, 409, 'API.md: allowed within 30 days of delivery');
  assert.equal(late.body.error.code, 'invalid_transition');
  assert.match(late.body.error.message, /复查/);
  assert.equal((await js.get(`/api/v1/cases/${d.id}`)).body.status, 'replied');
});

test('the same facts after 复核 are flagged 不再受理; the same petitioner is 重复访', async () => {
  assert.ok(finalCase, 'needs the chain above');
  const again = await register(officer, letter({ received_on: '2025-12-01', category: '0402', title: '再次反映职称评审', content }));
  assert.equal(again.flags.repeat, true);
  assert.equal(again.flags.not_again, true);
  const earlier = await officer.get(`/api/v1/cases/${again.repeat_of}`);
  assert.equal(earlier.body.content, content);
  assert.ok(earlier.body.id < again.id);
  // The check endpoint warns while typing, before saving.
  const chk = await officer.post('/api/v1/cases/check', { content, category: '0402' });
  assert.equal(chk.status, 200);
  assert.equal(chk.body.not_again, true);
  assert.ok(chk.body.similar.some((s) => s.id === finalCase.id && s.similarity >= 0.8));
  againCase = again;
});


test('an item flagged 不再受理 is refused on article 36 (ground 91), with no litigation route in the notice', async () => {
  assert.ok(againCase, 'needs the test above');
  // The flag is a finding for the officer, not a lock: repeat detection compares texts.
  assert.ok(againCase.allowed_actions.includes('not_accept'));
  const na = await act(officer, againCase.id, 'not_accept', { reason: '与已复核终结事项的事实和理由相同', channel: '91', date: '2025-12-03' });
  assert.equal(na.status, 'not_accepted');
  const ev = (await officer.get(`/api/v1/cases/${againCase.id}/events`)).body.items.at(-1);
  assert.match(ev.summary, /不再受理/);
  const t = await docTextOf(srv, officer, againCase.id, 'not_accept_notice');
  assert.ok(t.includes('不再受理'), t);
  assert.ok(t.includes('《信访工作条例》第三十六条'), t);
  assert.ok(!t.includes('诉讼、仲裁、行政复议'), t);
  assert.ok(!t.includes('途径解决'), t);
});

test('repeat detection both ways: same ID number; near-identical text; not a different complaint', async () => {
  const first = await register(js, letter({ received_on: '2025-11-01', category: '0301' }));
  const sameId = await register(js, letter({ received_on: '2025-11-02', category: '0901', title: '另一件事', content: '学区划分不合理，孩子无法就近入学，请求调整。', petitioners: first.petitioners }));
  assert.equal(sameId.flags.repeat, true);
  const base = '郑州市金水区纬五路第一小学食堂饭菜质量差，价格偏高，学生经常吃不饱，请求教育局督促学校改进食堂管理并公开账目。';
  const a = await register(js, letter({ received_on: '2025-11-03', category: '1201', title: '食堂问题', content: base, petitioners: [{ name: '李四' }] }));
  assert.equal(a.flags.repeat, false);
  const resent = base.replace('，', ', ').replace('饭菜质量差', '饭菜质量很差') + '  望回复。';
  const b = await register(js, letter({ received_on: '2025-11-04', category: '1201', title: '食堂问题（再次）', content: resent, petitioners: [{ name: '匿名' }] }));
  assert.equal(b.flags.repeat, true);
  assert.equal(b.flags.anonymous, true);
  const other = await register(js, letter({ received_on: '2025-11-05', category: '1201', title: '食堂卫生', content: '郑州市金水区纬五路第一小学食堂的操作间卫生条件差，发现过老鼠，请求卫生部门和教育局检查。', petitioners: [{ name: '王五' }] }));
  assert.equal(other.flags.repeat, false);
});

test('raised with a higher level while still handled below: pending_below; leapfrog flagged', async () => {
  const below = await register(js, letter({ received_on: '2025-12-01', category: '0801', title: '助学金未发放', content: '我是金水区某中学学生，本学期国家助学金至今未发放到位，请求核查发放。', petitioners: [{ name: '赵六' }] }));
  await act(js, below.id, 'accept', { date: '2025-12-02' });
  const up = await register(officer, letter({ received_on: '2025-12-10', category: '0801', title: '助学金未发放', content: '我是金水区某中学学生，本学期国家助学金至今未发放到位，请求核查发放。', petitioners: [{ name: '赵六' }], respondent: { unit_id: U('HA-ZZ-JS-WHL1X') } }));
  assert.equal(up.flags.pending_below, true);
  assert.equal(up.flags.leapfrog, true);
  // SPEC §3 (R2022 19): not accepted at the higher level while handled below; the notice says why.
  const na = await act(officer, up.id, 'not_accept', { reason: '该事项正由金水区教育局办理', channel: '下级正在办理不予受理', date: '2025-12-11' });
  assert.equal(na.status, 'not_accepted');
  const t = await docTextOf(srv, officer, up.id, 'not_accept_notice');
  assert.ok(t.includes('《信访工作条例》第十九条'), t);
  const city = await register(zz, letter({ received_on: '2025-12-10', category: '0101', title: '中考加分', content: '对中考加分政策有疑问。', petitioners: [{ name: '钱七' }], respondent: { unit_id: U('HA-ZZ-JS-WHL1X') } }));
  assert.equal(city.flags.leapfrog, false);
});

test('a reply of the province offers no 复查 here: there is no level above it in the system', async () => {
  const k = await register(officer, letter({ received_on: '2025-12-01', category: '0101', title: '中考加分政策', content: '对省里的中考加分政策有意见，请求调整。', petitioners: [{ name: '孙八' }] }));
  await act(officer, k.id, 'accept', { date: '2025-12-02' });
  await act(officer, k.id, 'reply', { ...replyParts, date: '2025-12-10' });
  const d = await act(officer, k.id, 'deliver', { method: 'in_person', proof: '本人签收', date: '2025-12-12' });
  assert.ok(!d.allowed_actions.includes('request_review'), d.allowed_actions.join());
  const pub = await fetch(`${srv.base}/api/v1/public/cases/${k.number}?code=${k.query_code}`).then((r) => r.json());
  assert.equal(pub.can_request_review, false);
  const r = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'request_review', date: '2025-12-13' });
  assert.equal(r.status, 409);
  // A county's reply still offers it.
  const c = await register(js, letter({ received_on: '2025-12-01', category: '0101', title: '学校补课', content: '学校周末组织有偿补课。', petitioners: [{ name: '周九' }] }));
  await act(js, c.id, 'accept', { date: '2025-12-02' });
  await act(js, c.id, 'reply', { ...replyParts, date: '2025-12-10' });
  const cd = await act(js, c.id, 'deliver', { method: 'in_person', proof: '本人签收', date: '2025-12-12' });
  assert.ok(cd.allowed_actions.includes('request_review'));
});

// Scenario: a visit handled by a county bureau, extended once with a
// leader's approval; the extension rules of SPEC §3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';

let srv, js, jsLeaderId, jsOfficerId, zzLeaderId;
before(async () => {
  srv = await startServer({ today: '2025-11-20' });
  js = await login(srv.base, 'js_officer');
  const users = (await (await admin(srv.base)).get('/api/v1/users')).body.items;
  jsLeaderId = users.find((u) => u.username === 'js_leader').id;
  jsOfficerId = users.find((u) => u.username === 'js_officer').id;
  zzLeaderId = users.find((u) => u.username === 'zz_leader').id;
});
after(async () => { await srv.close(); });

const visit = (over = {}) => letter({ channel: 'visit', headcount: 3, ...over });

async function accepted(date = '2025-08-04') {
  const k = await register(js, visit({ received_on: '2025-08-01' }));
  assert.equal(k.unit_id, k.first_unit_id);
  return act(js, k.id, 'accept', { date });
}

test('visit: extended 30 days with a leader of the unit → one 90-day period', async () => {
  const a = await accepted();
  assert.equal(dl(a, 'handle').due, '2025-10-09');
  const e = await act(js, a.id, 'extend', { days: 30, reason: '需赴学校实地调查并听取多方意见', approved_by: jsLeaderId, date: '2025-10-08' });
  assert.equal(e.extended, true);
  assert.equal(dl(e, 'handle').due, '2025-11-03');	// 11-02 is a Sunday
  assert.equal(dl(e, 'handle').extension, 30);
  const again = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 5, reason: '再次延期', approved_by: jsLeaderId, date: '2025-10-09' });
  assert.equal(again.status, 409, 'API.md: extend is allowed once');
  assert.equal(again.body.error.code, 'invalid_transition');
  const r = await act(js, a.id, 'reply', { ...replyParts, date: '2025-11-03' });
  assert.equal(dl(r, 'handle').state, 'met');
});

test('extension refused over 30 days, after the due date, or without a leader of the unit', async () => {
  const a = await accepted();
  const over = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 31, reason: '复杂', approved_by: jsLeaderId, date: '2025-10-01' });
  assert.equal(over.status, 422);
  assert.equal(over.body.error.field, 'days');
  const notLeader = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 10, reason: '复杂', approved_by: jsOfficerId, date: '2025-10-01' });
  assert.equal(notLeader.status, 422);
  assert.equal(notLeader.body.error.field, 'approved_by');
  const otherUnit = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 10, reason: '复杂', approved_by: zzLeaderId, date: '2025-10-01' });
  assert.equal(otherUnit.status, 422);
  const late = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 10, reason: '复杂', approved_by: jsLeaderId, date: '2025-10-10' });
  assert.equal(late.status, 409, 'API.md: extend is allowed on or before the due date');
  assert.equal(late.body.error.code, 'invalid_transition');
  const noReason = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'extend', days: 10, approved_by: jsLeaderId, date: '2025-10-01' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body.error.field, 'reason');
  const still = await js.get(`/api/v1/cases/${a.id}`);
  assert.equal(still.body.extended, false);
  assert.equal(dl(still.body, 'handle').due, '2025-10-09');
});

test('an overdue handling clock shows as overdue in the case and the lists', async () => {
  const a = await accepted('2025-08-04');	// due 2025-10-09, today 2025-11-20
  const k = (await js.get(`/api/v1/cases/${a.id}`)).body;
  assert.equal(dl(k, 'handle').state, 'overdue');
  assert.equal(k.overdue, true);
  const list = await js.get('/api/v1/cases?overdue=true');
  assert.ok(list.body.items.some((i) => i.id === a.id && i.overdue));
  const soon = await js.get('/api/v1/cases?per_page=200');
  assert.ok(soon.body.items.every((i) => typeof i.warning === 'boolean'));
  const wb = await js.get('/api/v1/workbench');
  assert.ok(wb.body.counts.overdue >= 1);
  assert.ok(wb.body.todo.some((i) => i.id === a.id));
});

test('a collective visit: more than 5 representatives refused; headcount ≥ 5 flags 集体访', async () => {
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `代表${'甲乙丙丁戊己'[i]}` }));
  const r = await js.post('/api/v1/cases', visit({ petitioners: six, headcount: 40 }));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'petitioners');
  const ok = await register(js, visit({ petitioners: six.slice(0, 5), headcount: 40 }));
  assert.equal(ok.flags.collective, true);
  assert.equal(ok.headcount, 40);
});

test('co-departments give their opinion to the lead; others may not', async () => {
  const officer = await login(srv.base, 'officer');
  const handler = await login(srv.base, 'handler');	// 基础教育处
  const users = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
  const U = (code) => users.find((u) => u.code === code).id;
  const k = await register(officer, letter({ received_on: '2025-11-01' }));
  await act(officer, k.id, 'accept', { lead_unit_id: U('HA-JYT-CWC'), co_unit_ids: [U('HA-JYT-JCJY')] });
  const r = await handler.post(`/api/v1/cases/${k.id}/opinions`, { text: '建议由财务处牵头核查收费票据，基础教育处配合约谈学校。' });
  assert.equal(r.status, 201, r.text);
  const ev = r.body.items.at(-1);
  assert.equal(ev.action, 'co_opinion');
  assert.equal(ev.data.text, '建议由财务处牵头核查收费票据，基础教育处配合约谈学校。');
  assert.equal((await officer.post(`/api/v1/cases/${k.id}/opinions`, { text: 'x' })).status, 403);
  assert.equal((await handler.post(`/api/v1/cases/${k.id}/opinions`, {})).status, 422);
});

test('no extension while paused (409, not offered), and no pause once the period has run out', async () => {
  const a = await accepted();	// handle due 2025-10-09
  const late = await js.post(`/api/v1/cases/${a.id}/actions`, { action: 'pause', reason: '鉴定', date: '2025-10-10' });
  assert.equal(late.status, 422, late.text);
  assert.equal(late.body.error.field, 'date');
  const p = await act(js, a.id, 'pause', { reason: '鉴定', date: '2025-09-30' });
  assert.ok(!p.allowed_actions.includes('extend'));
  const ext = { action: 'extend', days: 10, reason: '复杂', approved_by: jsLeaderId, date: '2025-10-09' };
  const r = await js.post(`/api/v1/cases/${a.id}/actions`, ext);
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.error.message, /恢复/);
  // roll(08-04 + 60 + 10 paused) = 10-13; extended on that day by 10: 10-23.
  const back = await act(js, a.id, 'resume', { reason: '鉴定完成', date: '2025-10-10' });
  assert.equal(dl(back, 'handle').due, '2025-10-13');
  const e = await act(js, a.id, 'extend', { ...ext, date: '2025-10-13' });
  assert.equal(dl(e, 'handle').due, '2025-10-23');
});

test('steps are recorded in order: nothing dated before the step it follows; resume states why', async () => {
  const k = await register(js, letter({ channel: 'visit', received_on: '2025-11-02' }));
  await act(js, k.id, 'accept', { date: '2025-11-03' });
  await act(js, k.id, 'extend', { days: 10, reason: '需要补充调查', approved_by: jsLeaderId, date: '2025-11-10' });
  for (const [action, extra] of [['pause', { reason: '组织听证' }], ['reply', replyParts]]) {
    const r = await js.post(`/api/v1/cases/${k.id}/actions`, { action, ...extra, date: '2025-11-05' });
    assert.equal(r.status, 422, `${action} dated before the extension`);
    assert.equal(r.body.error.field, 'date');
    assert.match(r.body.error.message, /2025-11-10/);
  }
  await act(js, k.id, 'pause', { reason: '组织听证', date: '2025-11-12' });
  const bare = await js.post(`/api/v1/cases/${k.id}/actions`, { action: 'resume', date: '2025-11-14' });
  assert.equal(bare.status, 422, 'API.md: resume takes a reason');
  assert.equal(bare.body.error.field, 'reason');
  await act(js, k.id, 'resume', { reason: '听证结束', date: '2025-11-14' });
  const early = await js.post(`/api/v1/cases/${k.id}/actions`, { action: 'reply', ...replyParts, date: '2025-11-13' });
  assert.equal(early.status, 422);
  assert.equal(early.body.error.field, 'date');
  await act(js, k.id, 'reply', { ...replyParts, date: '2025-11-14' });
  const dates = (await js.get(`/api/v1/cases/${k.id}/events`)).body.items.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort(), 'the history reads in date order');
});

// Scenario: the province transfers a matter down; the city objects within
// 5 working days and it goes back; then it is re-routed; ownership, the
// first unit and each unit's own acceptance clock follow SPEC §3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter as baseLetter, register, act, dl, docText } from './lib/cases.mjs';
import { scan } from './lib/supervision.mjs';

const letter = (over = {}) => baseLetter({ received_on: '2025-01-20', ...over });

let srv, officer, zz, js, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-02-20' });
  officer = await login(srv.base, 'officer');
  zz = await login(srv.base, 'zz_officer');
  js = await login(srv.base, 'js_officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('transfer down → objection → back to the sender → re-route', async () => {
  const k = await register(officer, letter({ received_on: '2025-01-20' }));
  const province = k.unit_id;
  const t = await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-01-24' });
  assert.equal(t.status, 'registered');
  assert.equal(t.unit_id, U('HA-ZZ'));
  assert.equal(t.first_unit_id, province);
  assert.equal(dl(t, 'route').state, 'met');
  // The receiving unit's own clocks: 15 days to accept, 5 working days to
  // object (SPEC §4: 2025-01-24 + 5 working days = 02-07, the make-up
  // Sunday 01-26 counts, the Spring Festival does not). 15 days end on
  // Saturday 02-08, a make-up working day: not moved.
  assert.equal(dl(t, 'accept_notice').due, '2025-02-08');
  assert.equal(dl(t, 'objection').due, '2025-02-07');
  // The sender still sees it in its history; the receiver now owns it.
  assert.equal((await officer.get(`/api/v1/cases/${k.id}`)).status, 200);
  assert.equal((await zz.get(`/api/v1/cases/${k.id}`)).status, 200);
  // Not yet visible to a county below the city.
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).status, 404);

  const o = await act(zz, k.id, 'object', { reason: '该事项属省直属学校管理权限，不属本局职责范围', date: '2025-02-06' });
  assert.equal(o.unit_id, province);
  assert.equal(o.status, 'registered');
  assert.equal(dl(o, 'objection').state, 'met');

  const re = await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2025-02-18', date: '2025-02-07' });
  assert.equal(re.unit_id, U('HA-ZZ-JS'));
  assert.equal(re.report_due, '2025-02-18');
  assert.equal(re.first_unit_id, province);
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).status, 200);
  const a = await act(js, k.id, 'accept', { date: '2025-02-10' });
  assert.equal(a.status, 'handling');
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.map((e) => e.action);
  assert.deepEqual(ev, ['register', 'transfer', 'object', 'assign', 'accept']);
});

test('an objection after 5 working days still goes back, and is supervised as late', async () => {
  const k = await register(officer, letter({ received_on: '2025-01-20' }));
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ'), date: '2025-01-24' });
  const late = await act(zz, k.id, 'object', { reason: '不属本局职责', date: '2025-02-10' });
  assert.equal(late.unit_id, k.unit_id);
  const w = late.deadlines.filter((d) => d.kind === 'objection').at(-1);
  assert.deepEqual([w.due, w.met_on, w.state], ['2025-02-07', '2025-02-10', 'met']);
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.at(-1);
  assert.match(ev.summary, /超过异议期限/);
  const raised = scan(srv.db, '2025-02-11').filter((x) => x.number === k.number).map((x) => x.trigger);
  assert.ok(raised.includes('objection_late'), raised.join());
  // The 异议函 does not claim it was raised within the 5 working days.
  const t = await docText(srv, zz, k.id, 'objection_letter');
  assert.ok(!t.includes('自收到之日起5个工作日内提出异议'), t);
  assert.ok(t.includes('已超过2025年2月7日届满的5个工作日异议期限'), t);
});

test('assign needs a report date; the sender can no longer act once ownership moved', async () => {
  const k = await register(officer, letter());
  const noDue = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'assign', to_unit_id: U('HA-ZZ') });
  assert.equal(noDue.status, 422);
  assert.equal(noDue.body.error.field, 'report_due');
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-ZZ') });
  const r = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept' });
  assert.equal(r.status, 403);
  const unknown = await zz.post(`/api/v1/cases/${k.id}/actions`, { action: 'transfer', to_unit_id: 99999 });
  assert.equal(unknown.status, 422, 'a field that fails validation, as on registration');
  assert.equal(unknown.body.error.field, 'to_unit_id');
});

test('not accepted, naming the legal channel', async () => {
  const k = await register(officer, letter({ title: '对人事争议仲裁裁决不服', content: '本人与学校的人事争议已经仲裁，对仲裁裁决不服，请求教育厅改判。' }));
  const noCh = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'not_accept', reason: '属于应当通过诉讼解决的事项' });
  assert.equal(noCh.status, 422);
  assert.equal(noCh.body.error.field, 'channel');
  const n = await act(officer, k.id, 'not_accept', { reason: '该事项已经人事争议仲裁，应依法向人民法院提起诉讼', channel: '诉讼', date: '2025-02-03' });
  assert.equal(n.status, 'not_accepted');
  assert.equal(dl(n, 'route').state, 'met');
  assert.deepEqual(n.allowed_actions.filter((x) => x !== 'archive'), []);
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.at(-1);
  assert.equal(ev.data.channel, '诉讼');
  assert.equal(ev.document, 'not_accept_notice');
});

test('transfer to a body outside the system ends the case here as transferred', async () => {
  const k = await register(officer, letter({ title: '反映道路交通问题', content: '学校门口道路拥堵，请求交通管理部门设置信号灯。', category: '0601' }));
  const t = await act(officer, k.id, 'transfer', { to_body: '郑州市公安局交通警察支队' });
  assert.equal(t.status, 'transferred');
});

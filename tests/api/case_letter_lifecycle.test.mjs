// Scenario: a letter is registered, accepted, answered and delivered; the
// review window opens; clocks follow SPEC §4 on the real calendar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';

let srv, officer;
before(async () => { srv = await startServer({ today: '2025-08-20' }); officer = await login(srv.base, 'officer'); });
after(async () => { await srv.close(); });

test('letter → accept → reply → deliver, with the legal clocks', async () => {
  const k = await register(officer, letter({ received_on: '2025-01-20' }));
  assert.equal(k.status, 'registered');
  assert.match(k.number, /^HA-JYT-\d{8}-\d{4}$/);
  // 15 days from 2025-01-20 ends in the Spring Festival: moved to 02-05.
  assert.equal(dl(k, 'route').due, '2025-02-05');
  assert.match(dl(k, 'route').rule, /信访工作条例.*第二十二条/);
  assert.equal(dl(k, 'route').profile, 'national-2022');
  assert.deepEqual(k.allowed_actions.sort(), ['accept', 'assign', 'not_accept', 'transfer']);

  const a = await act(officer, k.id, 'accept', { date: '2025-08-04' });
  assert.equal(a.status, 'handling');
  assert.equal(dl(a, 'route').state, 'met');
  assert.equal(dl(a, 'handle').due, '2025-10-09');	// 10-03 is in the National Day holiday

  const r = await act(officer, k.id, 'reply', { ...replyParts, date: '2025-08-15' });
  assert.equal(r.status, 'replied');
  assert.equal(r.outcome, 'explain');
  assert.equal(dl(r, 'handle').state, 'met');
  assert.equal(dl(r, 'delivery').state, 'open');

  const d = await act(officer, k.id, 'deliver', { method: 'mail', proof: '挂号信 XA123456789CN', date: '2025-08-18' });
  assert.equal(d.delivered_on, '2025-08-18');
  assert.equal(dl(d, 'delivery').state, 'met');
  const w = dl(d, 'review_request');
  assert.equal(w.state, 'open');
  assert.equal(w.due, '2025-09-17');
  // The province decided: its 复查 is for the provincial government, outside the system.
  assert.ok(!d.allowed_actions.includes('request_review'));

  const ev = await officer.get(`/api/v1/cases/${k.id}/events`);
  assert.deepEqual(ev.body.items.map((e) => e.action), ['register', 'accept', 'reply', 'deliver']);
  assert.equal(ev.body.items[2].data.facts, replyParts.facts);
  assert.ok(ev.body.items.every((e) => /[\u4e00-\u9fff]/.test(e.summary)));
});

test('an action in the wrong state gets 409 and changes nothing', async () => {
  const k = await register(officer, letter());
  const r = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'deliver', method: 'mail', proof: 'x' });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'invalid_transition');
  const again = await officer.get(`/api/v1/cases/${k.id}`);
  assert.equal(again.body.status, 'registered');
  assert.equal((await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.length, 1);
});

test('a reply missing a required part is refused with the part named', async () => {
  const k = await register(officer, letter());
  await act(officer, k.id, 'accept');
  for (const part of ['request', 'facts', 'decision', 'basis']) {
    const body = { action: 'reply', ...replyParts };
    delete body[part];
    const r = await officer.post(`/api/v1/cases/${k.id}/actions`, body);
    assert.equal(r.status, 422, part);
    assert.equal(r.body.error.field, part);
  }
  const sup = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'reply', ...replyParts, outcome: 'support' });
  assert.equal(sup.status, 422);
  assert.equal(sup.body.error.field, 'execute_by');
});

test('future-dated actions and actions before the step they follow are refused', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-10' }));
  const fut = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept', date: '2025-08-21' });
  assert.equal(fut.status, 422);
  assert.equal(fut.body.error.field, 'date');
  const early = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept', date: '2025-08-09' });
  assert.equal(early.status, 422);
  assert.equal(early.body.error.field, 'date');
});

test('list, filters and Chinese substring search of 2 and 4 characters', async () => {
  await register(officer, letter({ title: '学籍被错误注销', content: '我的孩子在转学过程中学籍被原学校错误注销，至今无法恢复，请求核查恢复学籍。', category: '0201' }));
  await register(officer, letter({ title: '校外培训机构退费难', content: '某校外培训机构突然停课，预付的培训费无法退还，请求协调退费。', category: '0701' }));
  // Terms found only in these two letters (the demo data has others).
  const s2 = await officer.get(`/api/v1/cases?q=${encodeURIComponent('注销')}`);
  assert.equal(s2.status, 200);
  assert.equal(s2.body.total, 1);
  assert.equal(s2.body.items[0].title, '学籍被错误注销');
  const s4 = await officer.get(`/api/v1/cases?q=${encodeURIComponent('突然停课')}`);
  assert.equal(s4.body.total, 1);
  assert.equal(s4.body.items[0].title, '校外培训机构退费难');
  const both = await officer.get(`/api/v1/cases?q=${encodeURIComponent('学籍')}`);
  assert.ok(both.body.items.some((i) => i.title === '学籍被错误注销'));
  const none = await officer.get(`/api/v1/cases?q=${encodeURIComponent('宿舍')}`);
  assert.equal(none.body.total, 0);
  const byCat = await officer.get('/api/v1/cases?category=07');
  assert.ok(byCat.body.items.every((i) => i.category.startsWith('07')));
  assert.ok(byCat.body.total >= 1);
  const paged = await officer.get('/api/v1/cases?per_page=2&page=1');
  assert.equal(paged.body.items.length, 2);
  assert.ok(paged.body.total >= 4);
  const st = await officer.get('/api/v1/cases?status=handling');
  assert.ok(st.body.items.every((i) => i.status === 'handling'));
  assert.equal((await officer.get('/api/v1/cases?status=lost')).status, 400);
});

test('a deadline within 3 working days is a warning (预警), not yet overdue', async () => {
  // Today is 2025-08-20; received 08-06 → route due 08-21 (1 working day left).
  const k = await register(officer, letter({ received_on: '2025-08-06' }));
  assert.equal(dl(k, 'route').due, '2025-08-21');
  const far = await register(officer, letter({ received_on: '2025-08-19' }));
  const items = (await officer.get('/api/v1/cases?status=registered&per_page=200')).body.items;
  const near = items.find((i) => i.id === k.id), later = items.find((i) => i.id === far.id);
  assert.equal(near.warning, true);
  assert.equal(near.overdue, false);
  assert.equal(later.warning, false);
  const wb = (await officer.get('/api/v1/workbench')).body;
  assert.ok(wb.counts.warning >= 1);
  assert.ok(wb.todo.find((i) => i.id === k.id).warning);
});

test('a case number (or its prefix) typed into the search finds the case', async () => {
  const k = await register(officer, letter());
  const r = await officer.get(`/api/v1/cases?q=${encodeURIComponent(k.number)}`);
  assert.equal(r.body.total, 1);
  assert.equal(r.body.items[0].id, k.id);
  const day = k.number.slice(0, k.number.lastIndexOf('-'));
  const p = await officer.get(`/api/v1/cases?q=${encodeURIComponent(day)}&per_page=200`);
  assert.ok(p.body.items.some((i) => i.id === k.id));
  assert.ok(p.body.items.every((i) => i.number.startsWith(day)));
});

test("the workbench's 本月登记 counts what the unit registered, not what was sent down to it", async () => {
  const today = (await officer.get('/api/v1/session')).body.today;
  const school = await login(srv.base, 'school_a');
  const js = await login(srv.base, 'js_officer');
  const before = (await school.get('/api/v1/workbench')).body.counts.month_registered;
  await register(school, letter({ received_on: today }));
  const down = await register(js, letter({ received_on: today }));
  const units = (await js.get('/api/v1/units')).body.items;
  const schoolUnit = units.find((u) => u.code === 'HA-ZZ-JS-WHL1X').id;
  await act(js, down.id, 'assign', { to_unit_id: schoolUnit, report_due: '2025-08-30' });
  const wb = (await school.get('/api/v1/workbench')).body;
  assert.equal(wb.counts.month_registered, before + 1);
  assert.ok(wb.todo.some((i) => i.id === down.id), 'the assigned case is on its to-do list');
});

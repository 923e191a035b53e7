// allowed_actions (the case page's buttons) say what the reading user may do
// now: the case's state, the user's role, the unit the user sits in, and
// recusal decide it, as the action itself decides. Each listed action is
// taken with success; one left out is refused when tried anyway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act, replyParts } from './lib/cases.mjs';

let srv, officer, handler, viewer, leader, js, zz, units;
const U = (code) => units.find((u) => u.code === code).id;
const allowed = async (c, id) => (await c.get(`/api/v1/cases/${id}`)).body.allowed_actions.sort();
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  [officer, handler, viewer, leader, js, zz] = await Promise.all(
    ['officer', 'handler', 'viewer', 'leader', 'js_officer', 'zz_officer'].map((n) => login(srv.base, n)));
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('a registered case: routing for the owner office, nothing for a department handler or a viewer', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-25' }));
  assert.deepEqual(k.allowed_actions.sort(), ['accept', 'assign', 'not_accept', 'transfer']);
  assert.deepEqual(await allowed(leader, k.id), ['accept', 'assign', 'not_accept', 'transfer']);
  assert.deepEqual(await allowed(handler, k.id), []);
  assert.deepEqual(await allowed(viewer, k.id), []);
  // What is left out is what the action refuses.
  await act(handler, k.id, 'accept', { date: '2025-08-26' }, 403);
  await act(viewer, k.id, 'accept', { date: '2025-08-26' }, 403);

  // Accepted with the handler's department leading: the handling steps are
  // now the handler's too, the routing ones still are not.
  await act(officer, k.id, 'accept', { date: '2025-08-26', lead_unit_id: U('HA-JYT-JCJY') });
  const h = await allowed(handler, k.id);
  assert.ok(h.includes('reply') && h.includes('extend') && h.includes('pause'), h.join());
  assert.ok(!h.includes('transfer') && !h.includes('set_lead'), h.join());
  assert.ok((await allowed(officer, k.id)).includes('set_lead'));
  await act(handler, k.id, 'set_lead', { date: '2025-08-27', lead_unit_id: U('HA-JYT-JCJY') }, 403);
  await act(handler, k.id, 'reply', { ...replyParts, date: '2025-08-28' });
});

test("a unit's case shows no buttons to the units above or beside it", async () => {
  const k = await register(js, letter({ received_on: '2025-08-25' }));
  assert.deepEqual(k.allowed_actions.sort(), ['accept', 'assign', 'not_accept', 'transfer']);
  // The province and the city read it (their scope) but do not own it.
  assert.deepEqual(await allowed(officer, k.id), []);
  assert.deepEqual(await allowed(zz, k.id), []);
  await act(officer, k.id, 'accept', { date: '2025-08-26' }, 403);
  await act(zz, k.id, 'accept', { date: '2025-08-26' }, 403);

  // Replied and delivered by the county: the city above it may take the
  // petitioner's review request (it reviews), the province may not.
  await act(js, k.id, 'accept', { date: '2025-08-26' });
  await act(js, k.id, 'reply', { ...replyParts, date: '2025-08-28' });
  await act(js, k.id, 'deliver', { date: '2025-08-29', method: 'mail', proof: '挂号信回执' });
  assert.ok((await allowed(zz, k.id)).includes('request_review'));
  assert.ok(!(await allowed(officer, k.id)).includes('request_review'));
  await act(officer, k.id, 'request_review', { date: '2025-08-30' }, 403);
  await act(zz, k.id, 'request_review', { date: '2025-08-30' });
});

test('a recused user is offered nothing', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-25' }));
  const rec = await leader.post(`/api/v1/cases/${k.id}/recusals`, { reason: '与信访人系亲属关系' });
  assert.equal(rec.status, 201, rec.text);
  assert.deepEqual(await allowed(leader, k.id), []);
  await act(leader, k.id, 'accept', { date: '2025-08-26' }, 403);
  assert.ok((await allowed(officer, k.id)).includes('accept'));
});

test('the dates the state does not show: one extension, none after the due date, 办结 only once the window ran out', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-25' }));
  await act(officer, k.id, 'accept', { date: '2025-08-26' });
  const leaderId = (await leader.get('/api/v1/session')).body.user.id;
  assert.ok((await allowed(officer, k.id)).includes('extend'));
  await act(officer, k.id, 'extend', { days: 10, reason: '需要补充调查', approved_by: leaderId, date: '2025-08-27' });
  const once = await allowed(officer, k.id);
  assert.ok(!once.includes('extend'), once.join());
  await act(officer, k.id, 'extend', { days: 5, reason: '再延', approved_by: leaderId, date: '2025-08-28' }, 409);

  // Accepted in May: its 60 days ran out in July.
  const old = await register(officer, letter({ received_on: '2025-05-06' }));
  await act(officer, old.id, 'accept', { date: '2025-05-07' });
  const late = await allowed(officer, old.id);
  assert.ok(!late.includes('extend') && !late.includes('pause'), late.join());
  assert.ok(late.includes('reply') && late.includes('close'), late.join());	// 调解 still closes it

  // Replied and delivered last week: the 复查 window is open, so no 办结 yet.
  await act(officer, old.id, 'reply', { ...replyParts, date: '2025-08-25' });
  await act(officer, old.id, 'deliver', { method: 'mail', proof: '挂号信', date: '2025-08-26' });
  const open = await allowed(officer, old.id);
  assert.ok(!open.includes('close'), open.join());
  await act(officer, old.id, 'close', { reason: 'lapsed' }, 422);
});

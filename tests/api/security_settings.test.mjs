// Confidentiality across links and who may change what binds the whole
// province (SPEC §7, §4, §9): found by a security review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';
import { idNumber } from './lib/ids.mjs';

let srv, a, units, users;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2026-11-30' });
  a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
  users = (await a.get('/api/v1/users')).body.items;
});
after(async () => { await srv.close(); });

test('the one an accusation names gets no link to the accuser\'s earlier matter', async () => {
  const js = await login(srv.base, 'js_officer');
  const leaderName = users.find((u) => u.username === 'js_leader').name;
  const pet = { name: '李四', id_number: idNumber('410105', '19700101', '207'), phone: '13800000001', address: '郑州市某街1号' };
  const earlier = await register(js, letter({ received_on: '2026-11-01', class: 'claim', petitioners: [pet] }));
  const acc = await register(js, letter({ received_on: '2026-11-20', class: 'accusation', title: '检举局领导', content: '检举局领导违规收受礼金。', petitioners: [pet], respondent: { names: [leaderName] } }));
  assert.equal(acc.flags.repeat, true);
  assert.equal(acc.repeat_of, earlier.id, 'the officer who registered it sees the link');
  const named = await login(srv.base, 'js_leader');
  const seen = await named.get(`/api/v1/cases/${acc.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.protected, true);
  assert.equal(seen.body.petitioners, undefined);
  assert.equal(seen.body.repeat_of, undefined, 'SPEC §7: the link would name the accuser');
  const ev = (await named.get(`/api/v1/cases/${acc.id}/events`)).body.items;
  assert.ok(ev.every((e) => e.data === null || e.data === undefined));
});

test('only the province\'s admin changes the calendar and the assessment weights', async () => {
  const mk = await a.post('/api/v1/users', { username: 'js_admin', password: 'Abcdef123!x', name: '县管理员', unit_id: U('HA-ZZ-JS-XFG'), roles: ['admin'] });
  assert.equal(mk.status, 201, mk.text);
  const county = await login(srv.base, 'js_admin', 'Abcdef123!x');
  const before = (await county.get('/api/v1/calendar/due?from=2026-11-30&days=2&unit=working')).body.due;
  const cal = await county.put('/api/v1/calendar/2026', { source: 'county admin', holidays: [{ name: '假节日', days: ['2026-12-01', '2026-12-02', '2026-12-03'] }], makeups: [] });
  assert.equal(cal.status, 403);
  assert.match(cal.body.error.message, /省级/);
  assert.equal((await county.get('/api/v1/calendar/due?from=2026-11-30&days=2&unit=working')).body.due, before);
  const w = await county.put('/api/v1/assessment/weights', { weights: { accept_on_time_rate: 90 } });
  assert.equal(w.status, 403);
  const ok = await a.put('/api/v1/assessment/weights', { weights: { accept_on_time_rate: 30 } });
  assert.equal(ok.status, 200, ok.text);
  // A viewer may not list accounts, nor read them one by one; himself he may.
  const viewer = await login(srv.base, 'viewer');
  const me = (await viewer.get('/api/v1/session')).body.user.id;
  assert.equal((await viewer.get('/api/v1/users')).status, 403);
  assert.equal((await viewer.get('/api/v1/users/1')).status, 403);
  assert.equal((await viewer.get(`/api/v1/users/${me}`)).status, 200);
  // The outbox holds every unit's petitioners' phone numbers.
  assert.equal((await county.get('/api/v1/outbox')).status, 403);
  assert.equal((await a.get('/api/v1/outbox')).status, 200);
});

test('an accuser\'s identity is for the office and the department handling it, not for read-only viewers', async () => {
  const officer = await login(srv.base, 'officer');
  const k = await register(officer, letter({ received_on: '2026-11-20', class: 'accusation', title: '检举某校长', content: '检举某中学校长挪用经费。', petitioners: [{ name: '赵某', phone: '13800000003' }] }));
  const viewer = await login(srv.base, 'viewer');
  const handler = await login(srv.base, 'handler');
  for (const c of [viewer, handler]) {
    const r = await c.get(`/api/v1/cases/${k.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.protected, true);
    assert.equal(r.body.petitioners, undefined);
  }
  const users = (await a.get('/api/v1/users')).body.items;
  const dept = users.find((u) => u.username === 'handler').unit_id;
  await act(officer, k.id, 'accept', { lead_unit_id: dept, date: '2026-11-21' });
  const lead = await handler.get(`/api/v1/cases/${k.id}`);
  assert.equal(lead.body.petitioners[0].name, '赵某', 'the lead department handles it');
  assert.equal((await viewer.get(`/api/v1/cases/${k.id}`)).body.petitioners, undefined);
  assert.equal((await officer.get(`/api/v1/cases/${k.id}`)).body.petitioners[0].name, '赵某');
});

test('an admin cannot lock himself out; another admin may change him', async () => {
  const me = (await a.get('/api/v1/session')).body.user;
  const off = await a.patch(`/api/v1/users/${me.id}`, { active: false });
  assert.equal(off.status, 422, off.text);
  assert.equal(off.body.error.field, 'active');
  const demote = await a.patch(`/api/v1/users/${me.id}`, { roles: ['officer'] });
  assert.equal(demote.status, 422);
  assert.equal(demote.body.error.field, 'roles');
  const still = (await a.get(`/api/v1/users/${me.id}`)).body;
  assert.equal(still.active, true);
  assert.ok(still.roles.includes('admin'));
  // null is "unchanged", as for units.
  assert.equal((await a.patch(`/api/v1/users/${me.id}`, { active: null })).body.active, true);
  const mk = await a.post('/api/v1/users', { username: 'second_admin', password: 'Abcdef123!y', name: '第二管理员', unit_id: me.unit_id, roles: ['admin'] });
  assert.equal(mk.status, 201, mk.text);
  const other = await login(srv.base, 'second_admin', 'Abcdef123!y');
  const byOther = await other.patch(`/api/v1/users/${mk.body.id}`, { name: '第二管理员（改）' });
  assert.equal(byOther.status, 200);
  assert.equal((await a.patch(`/api/v1/users/${mk.body.id}`, { active: false })).status, 200);
});

// A unit merged or abolished hands its open cases to its successor (第八条),
// keeping the history and the first unit; it cannot be abolished without one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act, replyParts } from './lib/cases.mjs';

let srv, a, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('abolishing a bureau with open cases needs a successor; the cases move to it', async () => {
  const officer = await login(srv.base, 'officer');
  const k1 = await register(officer, letter());
  await act(officer, k1.id, 'transfer', { to_unit_id: U('HA-ZZ-ZY') });
  const k2 = await register(officer, letter());
  await act(officer, k2.id, 'transfer', { to_unit_id: U('HA-ZZ-ZY') });
  const refused = await a.patch(`/api/v1/units/${U('HA-ZZ-ZY')}`, { active: false });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.field, 'successor_id');
  const merged = await a.patch(`/api/v1/units/${U('HA-ZZ-ZY')}`, { active: false, successor_id: U('HA-ZZ-EQ') });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.body.cases_handed_over, 2);
  for (const k of [k1, k2]) {
    const c = (await officer.get(`/api/v1/cases/${k.id}`)).body;
    assert.equal(c.unit_id, U('HA-ZZ-EQ'));
    assert.equal(c.first_unit_id, k.first_unit_id);
    const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.map((e) => e.action);
    assert.deepEqual(ev, ['register', 'transfer', 'handover']);
  }
  // Nothing can be routed to the abolished unit any more.
  const k3 = await register(officer, letter());
  const r = await officer.post(`/api/v1/cases/${k3.id}/actions`, { action: 'transfer', to_unit_id: U('HA-ZZ-ZY') });
  assert.equal(r.status, 422);
});

test('a merged bureau takes everything with it: units below, departments, supervisions; its staff stop', async () => {
  const mk = async (username, code, roles = ['officer', 'handler', 'leader']) => {
    const u = await a.post('/api/v1/users', { username, password: 'Merge-2025x', name: username, unit_id: U(code), roles });
    assert.equal(u.status, 201, u.text);
    return login(srv.base, username, 'Merge-2025x');
  };
  const eq = await mk('eq_officer', 'HA-ZZ-EQ-XFG');
  const school = await mk('cjdl_officer', 'HA-ZZ-EQ-CJDL');
  const zm = await mk('zm_officer', 'HA-ZZ-ZM-XFG');
  // A school reply, delivered: its 复查 goes to the bureau above the school.
  const s = await register(school, letter({ received_on: '2025-08-01' }));
  await act(school, s.id, 'accept', { date: '2025-08-02' });
  await act(school, s.id, 'reply', { ...replyParts, date: '2025-08-10' });
  await act(school, s.id, 'deliver', { method: 'in_person', proof: '本人签收', date: '2025-08-12' });
  // A bureau case led by its 信访股, with a supervision against the bureau.
  const b = await register(eq, letter({ received_on: '2025-08-01' }));
  await act(eq, b.id, 'accept', { lead_unit_id: U('HA-ZZ-EQ-XFG'), date: '2025-08-02' });
  const sv = await (await login(srv.base, 'zz_officer')).post('/api/v1/supervisions', { case_id: b.id, form: 'phone', target_unit_id: U('HA-ZZ-EQ'), problem: '请说明办理进度。' });
  assert.equal(sv.status, 201, sv.text);
  // Merging into a unit below it makes no sense.
  const loop = await a.patch(`/api/v1/units/${U('HA-ZZ-EQ')}`, { active: false, successor_id: U('HA-ZZ-EQ-CJDL') });
  assert.equal(loop.status, 422);
  assert.equal(loop.body.error.field, 'successor_id');

  const merged = await a.patch(`/api/v1/units/${U('HA-ZZ-EQ')}`, { active: false, successor_id: U('HA-ZZ-ZM') });
  assert.equal(merged.status, 200, merged.text);
  const now = (await a.get('/api/v1/units')).body.items;
  const unit = (code) => now.find((u) => u.code === code);
  assert.equal(unit('HA-ZZ-EQ-CJDL').parent_id, U('HA-ZZ-ZM'), 'the school moves under the successor');
  assert.equal(unit('HA-ZZ-EQ-CJDL').active, true);
  assert.equal(unit('HA-ZZ-EQ-XFG').active, false, 'the bureau\'s department closes with it');
  const bc = (await zm.get(`/api/v1/cases/${b.id}`)).body;
  assert.equal(bc.unit_id, U('HA-ZZ-ZM'));
  assert.equal(bc.lead_unit_id, U('HA-ZZ-ZM'), 'not the closed department');
  const svNow = (await zm.get(`/api/v1/supervisions?case_id=${b.id}`)).body.items.find((x) => x.id === sv.body.id);
  assert.equal(svNow.target_unit_id, U('HA-ZZ-ZM'));
  // The school's 复查 goes to the successor, whose officer can decide it.
  const rv = await act(school, s.id, 'request_review', { date: '2025-08-20' });
  assert.equal(rv.unit_id, U('HA-ZZ-ZM'));
  assert.equal((await zm.get(`/api/v1/cases/${s.id}`)).status, 200);
  // The abolished unit's staff: no more reads, writes or logins.
  const gone = await eq.get(`/api/v1/cases/${b.id}`);
  assert.equal(gone.status, 403);
  assert.match(gone.body.error.message, /撤销或合并/);
  assert.equal((await eq.post('/api/v1/cases', letter())).status, 403);
  const relog = await fetch(`${srv.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'eq_officer', password: 'Merge-2025x' }) });
  assert.equal(relog.status, 403);
  // Moved to the successor by the admin, the account works again.
  const users = (await a.get('/api/v1/users')).body.items;
  const me = users.find((x) => x.username === 'eq_officer');
  assert.equal((await a.patch(`/api/v1/users/${me.id}`, { unit_id: U('HA-ZZ-ZM-XFG') })).status, 200);
  assert.equal((await eq.get(`/api/v1/cases/${b.id}`)).status, 200);
  // Nothing new is added to the abolished unit.
  const acct = await a.post('/api/v1/users', { username: 'eq_new', password: 'Merge-2025x', name: '新人', unit_id: U('HA-ZZ-EQ'), roles: ['officer'] });
  assert.equal(acct.status, 422);
  assert.equal(acct.body.error.field, 'unit_id');
  const sub = await a.post('/api/v1/units', { name: '二七区新学校', code: 'EQ-NEW-1', level: 'school', kind: 'school', parent_id: U('HA-ZZ-EQ') });
  assert.equal(sub.status, 422);
  assert.equal(sub.body.error.field, 'parent_id');
});

test('a merge never hands an accusation to the unit it accuses: the authority above takes it', async () => {
  const officer = await login(srv.base, 'officer');
  // The province routes an accusation against 偃师区 to 洛龙区.
  const k = await register(officer, letter({
    class: 'accusation', category: '1401', title: '检举偃师区教育局违规招聘',
    content: '检举偃师区教育局在教师招聘中违规操作，请上级查处。',
    petitioners: [{ name: '刘某', phone: '13912340002' }], respondent: { unit_id: U('HA-LY-YS') },
  }));
  await act(officer, k.id, 'transfer', { to_unit_id: U('HA-LY-LL') });
  // 洛龙区 is merged into 偃师区, the accused.
  const merged = await a.patch(`/api/v1/units/${U('HA-LY-LL')}`, { active: false, successor_id: U('HA-LY-YS') });
  assert.equal(merged.status, 200, merged.text);
  const c = (await officer.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(c.unit_id, U('HA-LY'), 'the city above the accused bureau');
  const ev = (await officer.get(`/api/v1/cases/${k.id}/events`)).body.items.at(-1);
  assert.equal(ev.data.to_unit_id, U('HA-LY'));
});

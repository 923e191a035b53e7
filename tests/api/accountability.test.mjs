// Accountability register (SPEC §9, 第十四至十九条): findings under the ten
// situations, responsibility per 第十四条 (a written dissent bears none),
// the ladder — a missed rectification deadline PROPOSES the next rung —
// 诫勉 and the year's honours, 第十九条's notice and dossier, and 干部管理权限.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';

let srv, units, zzLeader, zzOfficer, schoolALeader, schoolB, js;
const byCode = (code) => units.find((u) => u.code === code);
before(async () => {
  srv = await startServer({ today: '2025-08-20' });
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
  [zzLeader, zzOfficer, schoolALeader, schoolB, js] = await Promise.all(
    ['zz_leader', 'zz_officer', 'school_a_leader', 'school_b', 'js_officer'].map((u) => login(srv.base, u)));
});
after(async () => { await srv.close(); });

test('the ten situations and both ladders are served as data', async () => {
  const r = await zzOfficer.get('/api/v1/accountability/situations');
  assert.equal(r.body.situations.length, 10);
  assert.equal(r.body.situations[5].item, '第十四条（六）');
  const next = Object.fromEntries(r.body.rungs.map((x) => [x.name, x.next]));
  assert.deepEqual(next, { check: 'criticism', criticism: 'supervise', supervise: null, notice: 'admonish', admonish: 'organizational', organizational: null, discipline: null });
});

test('ladder: a 通报 past its deadline proposes 诫勉; applying it costs the unit its honours; a dissenter bears none', async () => {
  const school = byCode('HA-ZZ-JS-WHL1X');
  const k = await register(js, letter());
  const f = await zzLeader.post('/api/v1/accountability/findings', { unit_id: school.id, situation: 2, facts: '未按期出具受理告知书，导致信访人重复信访。', found_on: '2025-06-20', case_ids: [k.id] });
  assert.equal(f.status, 201, f.text);
  assert.deepEqual(f.body.case_ids, [k.id]);
  assert.equal(f.body.situation_item, '第十四条（二）');

  // Collective decision: the principal bears 主要领导责任; a member who
  // objected in writing bears none and cannot be sanctioned.
  const p = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '林涛', unit_id: school.id, scope: 'collective', position: 'principal' });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.responsibility, 'main_leadership');
  const dis = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '赵某', unit_id: school.id, scope: 'collective', position: 'member', objected: true, objection: '会上书面反对该方案', objected_on: '2025-03-01' });
  assert.equal(dis.body.responsibility, 'none');
  assert.equal(errorOf(await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'person', responsibility_id: dis.body.id, rung: 'notice', date: '2025-07-01', rectify_due: '2025-07-31' }), 422, 'invalid').field, 'responsibility_id');
  // An objection must be in writing.
  assert.equal(errorOf(await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '钱某', unit_id: school.id, scope: 'collective', position: 'member', objected: true }), 422, 'invalid').field, 'objection');

  // 通报 with rectification by 07-31; today is 08-20.
  // Not before the finding it rests on (found 06-20).
  const early = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'person', responsibility_id: p.body.id, rung: 'notice', date: '2025-06-19', rectify_due: '2025-07-31' });
  assert.equal(errorOf(early, 422, 'invalid').field, 'date');
  const m = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'person', responsibility_id: p.body.id, rung: 'notice', date: '2025-07-01', rectify_due: '2025-07-31' });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.state, 'open');
  const props = await zzLeader.get('/api/v1/accountability/proposals?state=proposed');
  const prop = props.body.items.find((x) => x.measure_id === m.body.id);
  assert.ok(prop, 'a proposal appears');
  assert.equal(prop.rung, 'admonish');
  assert.match(prop.reason, /第十六条（二）/);
  // Proposed, not applied: the 通报 is still the only measure, honours intact.
  let full = await zzLeader.get(`/api/v1/accountability/findings/${f.body.id}`);
  assert.deepEqual(full.body.measures.map((x) => x.rung), ['notice']);
  assert.equal(full.body.measures[0].proposal.rung, 'admonish');
  assert.equal((await zzLeader.get(`/api/v1/accountability/honours?year=2025&unit_id=${school.id}`)).body.eligible, true);
  // Listing again does not propose twice.
  assert.equal((await zzLeader.get('/api/v1/accountability/proposals')).body.items.filter((x) => x.measure_id === m.body.id).length, 1);

  // The unit with authority applies it.
  const ap = await zzLeader.post(`/api/v1/accountability/proposals/${prop.id}/apply`, { rectify_due: '2025-10-31' });
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.body.state, 'applied');
  assert.equal(ap.body.measure.rung, 'admonish');
  errorOf(await zzLeader.post(`/api/v1/accountability/proposals/${prop.id}/apply`, { rectify_due: '2025-10-31' }), 409, 'invalid_transition');
  full = await zzLeader.get(`/api/v1/accountability/findings/${f.body.id}`);
  assert.deepEqual(full.body.measures.map((x) => [x.rung, x.state]), [['notice', 'escalated'], ['admonish', 'open']]);
  const h = await zzLeader.get(`/api/v1/accountability/honours?year=2025&unit_id=${school.id}`);
  assert.equal(h.body.eligible, false);
  assert.equal((await zzLeader.get(`/api/v1/accountability/honours?year=2026&unit_id=${school.id}`)).body.eligible, true);
  const mine = await schoolALeader.get('/api/v1/assessment?year=2025');
  assert.equal(mine.body.items[0].honours_eligible, false);

  // 第十九条: notified to the personnel office and filed.
  const n = await zzLeader.post(`/api/v1/accountability/measures/${ap.body.measure.id}/notify`, { personnel_notified_on: '2025-08-20', dossier_filed_on: '2025-08-20' });
  assert.equal(n.status, 200, n.text);
  assert.equal(n.body.dossier_filed_on, '2025-08-20');
});

test('干部管理权限: only a unit with authority over the person decides; siblings see nothing', async () => {
  const school = byCode('HA-ZZ-JS-WHL1X'), city = byCode('HA-ZZ');
  const f = await zzLeader.post('/api/v1/accountability/findings', { unit_id: school.id, situation: 4, facts: '推诿拖延。' });
  const r = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '周某', unit_id: city.id, scope: 'individual', position: 'in_charge' });
  assert.equal(r.body.responsibility, 'leadership');
  // The unit the finding is about reads it, but does not write its register (第十八条).
  const self = await schoolALeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '吴某', unit_id: school.id, scope: 'collective', position: 'member', objected: true, objection: '书面反对', objected_on: '2025-03-01' });
  errorOf(self, 403, 'forbidden');
  errorOf(await js.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '吴某', unit_id: school.id, scope: 'collective', position: 'member' }), 403, 'forbidden');
  // The school's leader has no authority over a city official.
  errorOf(await schoolALeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'person', responsibility_id: r.body.id, rung: 'notice', rectify_due: '2025-09-30' }), 403, 'forbidden');
  // Nor does an officer (not a leader) decide.
  errorOf(await zzOfficer.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'person', responsibility_id: r.body.id, rung: 'notice', rectify_due: '2025-09-30' }), 403, 'forbidden');
  // A unit measure must be a 第十五条 rung, and 责令检查 needs a deadline.
  assert.equal(errorOf(await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'unit', rung: 'admonish' }), 422, 'invalid').field, 'rung');
  assert.equal(errorOf(await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'unit', rung: 'check' }), 422, 'invalid').field, 'rectify_due');
  const um = await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/measures`, { target: 'unit', rung: 'check', rectify_due: '2025-09-30' });
  assert.equal(um.status, 201, um.text);
  errorOf(await schoolB.get(`/api/v1/accountability/findings/${f.body.id}`), 404, 'not_found');
  assert.ok(!(await schoolB.get('/api/v1/accountability/findings')).body.items.some((x) => x.id === f.body.id));
  assert.equal(errorOf(await zzLeader.post('/api/v1/accountability/findings', { unit_id: school.id, situation: 11, facts: 'x' }), 422, 'invalid').field, 'situation');
  assert.equal(errorOf(await zzLeader.post(`/api/v1/accountability/findings/${f.body.id}/responsibilities`, { name: '吴某', unit_id: city.id, scope: 'collective', position: 'staff' }), 422, 'invalid').field, 'position');
});

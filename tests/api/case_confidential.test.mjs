// Scenario: an accusation (检举控告). Its petitioner identity is never shown
// to, or routed to, the accused unit or a named respondent; a recused user
// loses sight of it; every read of the protected fields is logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';

let srv, officer, js, jsLeader, schoolA, units, users;
const U = (code) => units.find((u) => u.code === code).id;
const userId = (name) => users.find((u) => u.username === name).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  officer = await login(srv.base, 'officer');
  js = await login(srv.base, 'js_officer');
  jsLeader = await login(srv.base, 'js_leader');
  schoolA = await login(srv.base, 'school_a');
  const a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
  users = (await a.get('/api/v1/users')).body.items;
});
after(async () => { await srv.close(); });

const accusation = (over) => letter({
  class: 'accusation', category: '1401', title: '检举校长违规收受礼金',
  content: '检举郑州市金水区文化路第一小学校长林涛在招生工作中收受家长礼金，请求纪检部门查处。',
  petitioners: [{ name: '周某某', phone: '13912345678' }], ...over,
});

test('routing an accusation to the accused unit (or inside it) is refused', async () => {
  const k = await register(officer, accusation({ respondent: { unit_id: U('HA-ZZ-JS-WHL1X'), names: ['林涛'] } }));
  assert.equal(k.flags.confidential, true);
  for (const action of ['transfer', 'assign']) {
    const r = await officer.post(`/api/v1/cases/${k.id}/actions`, { action, to_unit_id: U('HA-ZZ-JS-WHL1X'), report_due: '2025-09-20' });
    assert.equal(r.status, 422, action);
    assert.equal(r.body.error.field, 'to_unit_id');
  }
  // To the bureau above the school it may go; the school still cannot see it.
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2025-09-20' });
  const seen = await js.get(`/api/v1/cases/${k.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.petitioners[0].name, '周某某');
  assert.equal((await schoolA.get(`/api/v1/cases/${k.id}`)).status, 404);
  const list = await schoolA.get('/api/v1/cases');
  assert.ok(!list.body.items.some((i) => i.id === k.id));
});

test('an accusation naming no unit stays in the list of the unit handling it, even one accused elsewhere', async () => {
  // The school is accused in one matter (not listed to it) …
  const elsewhere = await register(officer, accusation({ respondent: { unit_id: U('HA-ZZ-JS-WHL1X'), names: ['林涛'] } }));
  // … and receives another accusation that names nobody: that one is its to handle.
  const mine = await register(schoolA, accusation({ title: '检举校外培训机构', content: '检举某校外培训机构在学校周边违规招生，请求查处。', respondent: undefined }));
  const ids = (await schoolA.get('/api/v1/cases?per_page=100')).body.items.map((i) => i.id);
  assert.ok(ids.includes(mine.id), `list ${ids}`);
  assert.ok(!ids.includes(elsewhere.id));
  assert.equal((await schoolA.get(`/api/v1/cases/${mine.id}`)).status, 200);
  const found = (await schoolA.get(`/api/v1/cases?q=${encodeURIComponent('培训机构')}`)).body;
  assert.ok(found.items.some((i) => i.id === mine.id) && found.total >= 1);
});

test('refer goes to discipline inspection only, and only for accusations', async () => {
  const k = await register(officer, accusation({ respondent: { unit_id: U('HA-ZZ-JS-WHL1X') } }));
  const bad = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'refer', to_unit_id: U('HA-ZZ') });
  assert.equal(bad.status, 422);
  const ok = await act(officer, k.id, 'refer', { to_unit_id: U('HA-JYT-JJZ') });
  assert.equal(ok.status, 'referred');
  const claim = await register(officer, letter());
  const r = await officer.post(`/api/v1/cases/${claim.id}/actions`, { action: 'refer', to_unit_id: U('HA-JYT-JJZ') });
  assert.equal(r.status, 409);
});

test('a named respondent and a recused user see the case without the identity', async () => {
  // The accused is a named official of the bureau that handles it.
  const k = await register(officer, accusation({ title: '检举教育局工作人员', content: '检举金水区教育局冯晓东在学校检查中吃拿卡要。', respondent: { names: ['冯晓东'] } }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2025-09-20' });
  const named = await js.get(`/api/v1/cases/${k.id}`);	// js_officer is 冯晓东
  assert.equal(named.status, 200);
  assert.equal(named.body.protected, true);
  assert.ok(!('petitioners' in named.body));
  assert.ok(!JSON.stringify(named.body).includes('周某某'));
  assert.ok(!JSON.stringify(named.body).includes('13912345678'));
  const leader = await jsLeader.get(`/api/v1/cases/${k.id}`);
  assert.equal(leader.body.petitioners[0].name, '周某某');
  // The leader declares a conflict of interest: from now on, no identity.
  const rec = await jsLeader.post(`/api/v1/cases/${k.id}/recusals`, { reason: '与被反映人系亲属关系' });
  assert.equal(rec.status, 201);
  const after = await jsLeader.get(`/api/v1/cases/${k.id}`);
  assert.ok(!('petitioners' in after.body));
  const dup = await jsLeader.post(`/api/v1/cases/${k.id}/recusals`, { reason: '重复' });
  assert.equal(dup.status, 409);
  const list = await officer.get(`/api/v1/cases/${k.id}/recusals`);
  assert.equal(list.body.items[0].user_id, userId('js_leader'));
});

test('every read of protected fields is in the audit log', async () => {
  const k = await register(officer, accusation({ respondent: { unit_id: U('HA-ZZ-JS-WWL1X') } }));
  await officer.get(`/api/v1/cases/${k.id}`);
  await officer.get(`/api/v1/cases/${k.id}`);
  // Read logs are written in the background within 50 ms.
  let n = '';
  for (let i = 0; i < 40 && n !== '2'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    n = spawnSync('sqlite3', [srv.db, `SELECT count(*) FROM audit WHERE action = 'read_protected' AND entity_id = ${k.id}`], { encoding: 'utf8' }).stdout.trim();
  }
  assert.equal(n, '2');
});

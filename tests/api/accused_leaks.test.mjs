// An accusation against a unit is never shown to it (SPEC §7, 第九条), and
// no side door tells of it either: statistics, the workbench, the
// assessment's drill-down, the supervisions the daily scan raises (nor may
// the accused supervise itself), and records that list case ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';
import { scan, svOf } from './lib/supervision.mjs';

let srv, js, jsLeader, zz, zzLeader, officer, units, users, k;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2026-03-02' });
  [js, jsLeader, zz, zzLeader, officer] = await Promise.all(
    ['js_officer', 'js_leader', 'zz_officer', 'zz_leader', 'officer'].map((n) => login(srv.base, n)));
  const a = await admin(srv.base);
  units = (await a.get('/api/v1/units')).body.items;
  users = (await a.get('/api/v1/users')).body.items;
  // The county receives an accusation against the city bureau above it.
  k = await register(js, letter({
    class: 'accusation', category: '1401', received_on: '2026-02-02', title: '检举市教育局局长插手招生',
    content: '检举郑州市教育局局长违规插手学校招生，请依法查处。',
    petitioners: [{ name: '王检举', phone: '13912340001' }],
    respondent: { unit_id: U('HA-ZZ'), names: ['吴振华'] },
  }));
});
after(async () => { await srv.close(); });

test('the accused city cannot open it, count it in its statistics or its workbench', async () => {
  assert.equal((await zz.get(`/api/v1/cases/${k.id}`)).status, 404);
  const list = (await zz.get('/api/v1/cases?per_page=100')).body;
  assert.ok(!list.items.some((i) => i.id === k.id));
  const stats = (await zz.get('/api/v1/stats?by=class')).body;
  const counted = stats.items.reduce((n, i) => n + i.count, 0);
  assert.equal(counted, list.total, JSON.stringify(stats));
  // The county, which holds it, counts it.
  const mine = (await js.get('/api/v1/stats?by=class')).body.items.find((i) => i.key === 'accusation');
  assert.ok(mine && mine.count >= 1);
  const wb = (await zz.get('/api/v1/workbench')).body;
  assert.ok(!wb.todo.some((i) => i.id === k.id));
});

test('the assessment counts it for the county but names it to nobody of the city', async () => {
  const q = `indicator=accept_on_time_rate&part=denominator&year=2026&unit_id=${U('HA-ZZ-JS')}`;
  const seen = (await zz.get(`/api/v1/assessment/cases?${q}`)).body;
  assert.ok(seen.total >= 1);
  const raw = JSON.stringify(seen);
  assert.ok(!raw.includes('插手招生') && !raw.includes(k.number), raw);
  assert.ok(seen.items.some((i) => i.hidden === true && i.case_id === null));
  const county = (await js.get(`/api/v1/assessment/cases?${q}`)).body;
  assert.ok(county.items.some((i) => i.case_id === k.id && i.number === k.number));
});

test('the supervision of it goes above the accused, who neither sees nor closes it', async () => {
  // Not accepted within 15 days: the scan raises route_overdue.
  const raised = scan(srv.db, '2026-02-28').filter((x) => x.number === k.number);
  assert.equal(raised.length, 1, JSON.stringify(raised));
  const sv = (await svOf(officer, k.id)).find((s) => s.trigger === 'route_overdue');
  assert.ok(sv);
  assert.equal(sv.target_unit_id, U('HA-ZZ-JS'));
  assert.equal(sv.by_unit_id, U('HA-JYT'), 'the province, not the accused city');
  for (const c of [zz, zzLeader]) {
    assert.ok(!(await c.get('/api/v1/supervisions?per_page=100')).body.items.some((s) => s.id === sv.id));
    assert.equal((await c.get(`/api/v1/supervisions/${sv.id}`)).status, 404);
    assert.equal((await c.post(`/api/v1/supervisions/${sv.id}/close`, { result: '已整改' })).status, 404);
    assert.equal((await c.post(`/api/v1/supervisions/${sv.id}/letter`, {})).status, 404);
  }
  assert.equal((await js.get(`/api/v1/supervisions/${sv.id}`)).status, 200);
});

test('a record listing case ids does not list it to the accused', async () => {
  const leaderId = users.find((u) => u.username === 'js_leader').id;
  const r = await jsLeader.post('/api/v1/leadership/receptions', { leader_id: leaderId, day: '2026-02-02', place: '区局接待室', case_ids: [] });
  assert.equal(r.status, 201, r.text);
  // A visit (receptions take visits) in the same day, and the accusation linked via a risk record.
  const risk = await jsLeader.post('/api/v1/leadership/risks', { unit_id: U('HA-ZZ-JS'), decision: '招生政策调整', assessed_on: '2026-02-10', risk_level: 'high', case_ids: [k.id] });
  assert.equal(risk.status, 201, risk.text);
  const cityView = (await zz.get('/api/v1/leadership/risks')).body.items.find((x) => x.id === risk.body.id);
  assert.ok(cityView, 'the city reads the county\'s risk record');
  assert.deepEqual(cityView.case_ids, []);
  const countyView = (await js.get('/api/v1/leadership/risks')).body.items.find((x) => x.id === risk.body.id);
  assert.deepEqual(countyView.case_ids, [k.id]);
});

// Assessment (SPEC §9, 第十二、十三条): the province's units with every
// indicator and its definition, the drill-down to the cases, weights,
// exports, and scope (a school cannot read a sibling's figures).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';

let srv, units, leader, schoolA;
const byCode = (code) => units.find((u) => u.code === code);
before(async () => {
  srv = await startServer({ today: '2025-08-20' });
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
  leader = await login(srv.base, 'leader');
  schoolA = await login(srv.base, 'school_a');
});
after(async () => { await srv.close(); });

test('the province assesses its cities, 直管县, universities and direct units, with every indicator defined', async () => {
  const r = await leader.get('/api/v1/assessment?year=2025');
  assert.equal(r.status, 200, r.text);
  const root = byCode('HA-JYT');
  const expected = units.filter((u) => u.parent_id === root.id && !['department', 'discipline'].includes(u.kind));
  assert.deepEqual(r.body.items.map((i) => i.unit_id).sort((a, b) => a - b), expected.map((u) => u.id).sort((a, b) => a - b));
  assert.ok(r.body.items.some((i) => i.unit_id === byCode('HA-ZZ').id));
  assert.ok(r.body.items.some((i) => i.unit_id === byCode('HA-U-ZZU').id));
  let prev = 0;
  for (const it of r.body.items) {
    assert.ok(it.rank >= prev, 'sorted by rank');
    prev = it.rank;
    assert.ok(it.score >= 0 && it.score <= 100);
    if (it.score !== null) assert.equal(it.score, Math.round(it.score * 100) / 100, `a score in hundredths: ${it.score}`);
    for (const name of ['accept_on_time_rate', 'complete_on_time_rate', 'satisfaction_rate', 'repeat_rate', 'supervision_count',
      'supervision_closure_rate', 'leapfrog_count', 'collective_count', 'backlog_cleared_rate', 'entry_on_time_rate']) {
      const ind = it.indicators[name];
      assert.ok(ind, name);
      assert.match(ind.definition, /[\u4e00-\u9fff]/);
      if (name.endsWith('_rate') && ind.value !== null) {
        assert.ok(ind.value >= 0 && ind.value <= 1, `${name} ${ind.value}`);
        assert.equal(ind.value, ind.numerator / ind.denominator);
      }
    }
  }
});

test('a letter entered late shows in the school’s entry denominator, not its numerator; drill-down lists it', async () => {
  const school = byCode('HA-ZZ-JS-WHL1X');
  // Received 08-01, entered today 08-20: far past the next working day.
  const k = await register(schoolA, letter({ received_on: '2025-08-01' }));
  const mine = await schoolA.get('/api/v1/assessment?year=2025');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.body.items.map((i) => i.unit_id), [school.id]);
  // A county's school is no 厅直属单位 (第十三条's groups).
  assert.equal(mine.body.items[0].group, '学校');
  const prov = (await leader.get('/api/v1/assessment?year=2025')).body.items;
  assert.equal(prov.find((i) => i.unit_id === byCode('HA-SYZX').id).group, '直属单位（学校）');
  assert.equal(prov.find((i) => i.unit_id === byCode('HA-ZZ').id).group, '省辖市');
  const e = mine.body.items[0].indicators.entry_on_time_rate;
  assert.ok(e.denominator >= 1);
  assert.ok(e.numerator < e.denominator);
  const den = await schoolA.get(`/api/v1/assessment/cases?year=2025&indicator=entry_on_time_rate&part=denominator&unit_id=${school.id}`);
  assert.equal(den.status, 200, den.text);
  assert.equal(den.body.total, e.denominator);
  const row = den.body.items.find((i) => i.case_id === k.id);
  assert.ok(row, 'the late letter is listed');
  assert.equal(row.received_on, '2025-08-01');
  assert.equal(row.limit, '2025-08-04');	// Friday → Monday
  const num = await schoolA.get(`/api/v1/assessment/cases?year=2025&indicator=entry_on_time_rate&part=numerator&unit_id=${school.id}`);
  assert.equal(num.body.total, e.numerator);
  assert.ok(!num.body.items.some((i) => i.case_id === k.id));
  // The city's figure includes the school's (its subtree).
  const city = await leader.get(`/api/v1/assessment?year=2025&unit_id=${byCode('HA-ZZ').id}`);
  assert.equal(city.body.items.length, 1);
  assert.ok(city.body.items[0].indicators.entry_on_time_rate.denominator >= e.denominator);
  assert.ok(city.body.items[0].rank >= 1);
});

test('scope: a school cannot read a sibling’s assessment or its cases (404)', async () => {
  const b = byCode('HA-ZZ-JS-WWL1X');
  errorOf(await schoolA.get(`/api/v1/assessment?year=2025&unit_id=${b.id}`), 404, 'not_found');
  errorOf(await schoolA.get(`/api/v1/assessment/cases?year=2025&indicator=repeat_rate&unit_id=${b.id}`), 404, 'not_found');
  errorOf(await schoolA.get(`/api/v1/assessment?year=2025&parent_id=${byCode('HA-ZZ').id}`), 404, 'not_found');
});

test('bad queries are refused with the parameter named', async () => {
  assert.equal(errorOf(await leader.get('/api/v1/assessment/cases?year=2025&indicator=happiness'), 400, 'bad_request').field, 'indicator');
  errorOf(await leader.get('/api/v1/assessment?year=2025&colour=red'), 400, 'bad_request');
  assert.equal(errorOf(await leader.get('/api/v1/assessment?year=2031'), 422, 'invalid').field, 'year');
});

test('weights: only an admin sets them, each 0–100, and the score follows', async () => {
  errorOf(await leader.put('/api/v1/assessment/weights', { weights: { repeat_rate: 20 } }), 403, 'forbidden');
  const a = await admin(srv.base);
  assert.equal(errorOf(await a.put('/api/v1/assessment/weights', { weights: { repeat_rate: 200 } }), 422, 'invalid').field, 'weights.repeat_rate');
  assert.equal(errorOf(await a.put('/api/v1/assessment/weights', { weights: { nonsense: 1 } }), 422, 'invalid').field, 'weights.nonsense');
  // Everything on entry only: each unit's score is then its entry rate × 100.
  const zero = Object.fromEntries((await a.get('/api/v1/assessment/indicators')).body.items.map((i) => [i.name, 0]));
  const r = await a.put('/api/v1/assessment/weights', { weights: { ...zero, entry_on_time_rate: 100 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.find((i) => i.name === 'entry_on_time_rate').weight, 100);
  const res = await leader.get('/api/v1/assessment?year=2025');
  for (const it of res.body.items) {
    const e = it.indicators.entry_on_time_rate;
    // Nothing counted on the only weighted indicator: not scored, not ranked.
    const want = e.denominator ? Math.round(10000 * e.numerator / e.denominator) / 100 : null;
    assert.equal(it.score, want, it.name);
    if (want === null) assert.equal(it.rank, null, it.name);
  }
  const defaults = Object.fromEntries((await a.get('/api/v1/assessment/indicators')).body.items.map((i) => [i.name, i.default_weight]));
  assert.equal((await a.put('/api/v1/assessment/weights', { weights: defaults })).status, 200);
});

test('exports: the workbook and the 通报', async () => {
  const x = await fetch(`${srv.base}/api/v1/assessment.xlsx?year=2025`, { headers: { Authorization: `Bearer ${leader.token}` } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const xb = Buffer.from(await x.arrayBuffer());
  assert.equal(xb.subarray(0, 2).toString(), 'PK');
  const p = await fetch(`${srv.base}/api/v1/assessment/notice.pdf?year=2025`, { headers: { Authorization: `Bearer ${leader.token}` } });
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('content-type'), 'application/pdf');
  const pb = Buffer.from(await p.arrayBuffer());
  assert.equal(pb.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pb.length > 5000);
});

test('a unit has one score and rank whoever asks; its own view shows no peer', async () => {
  const year = 2025;
  const a = byCode('HA-ZZ-JS-WHL1X');
  // A supervision of this school, none of its siblings: the count
  // indicator is scored against the best of the group.
  const k = await register(schoolA, letter({ received_on: '2025-08-18' }));
  const sv = await (await login(srv.base, 'supervisor')).post('/api/v1/supervisions', { case_id: k.id, form: 'phone', target_unit_id: a.id, problem: '请说明办理进度。' });
  assert.equal(sv.status, 201, sv.text);
  const mine = (await schoolA.get(`/api/v1/assessment?year=${year}`)).body.items;
  assert.deepEqual(mine.map((i) => i.unit_id), [a.id]);
  const county = (await (await login(srv.base, 'js_officer')).get(`/api/v1/assessment?year=${year}`)).body.items;
  const prov = (await leader.get(`/api/v1/assessment?year=${year}&unit_id=${a.id}`)).body.items;
  const fromCounty = county.find((i) => i.unit_id === a.id);
  assert.ok(fromCounty, 'the county assesses its schools');
  assert.ok(county.length > 1);
  for (const other of [fromCounty, prov[0]]) {
    assert.equal(mine[0].score, other.score);
    assert.equal(mine[0].rank, other.rank);
    assert.deepEqual(mine[0].indicators, other.indicators);
  }
  // Its workbook holds its own row only.
  const x = await fetch(`${srv.base}/api/v1/assessment.xlsx?year=${year}`, { headers: { Authorization: `Bearer ${schoolA.token}` } });
  assert.equal(x.status, 200);
  const { spawnSync } = await import('node:child_process');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'as-'));
  writeFileSync(join(dir, 'a.xlsx'), Buffer.from(await x.arrayBuffer()));
  const strings = spawnSync('unzip', ['-p', join(dir, 'a.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' }).stdout;
  assert.ok(strings.includes(a.name));
  for (const s of county.filter((i) => i.unit_id !== a.id)) assert.ok(!strings.includes(s.name), s.name);
});

test('a supervision raised today counts neither in the count nor in its closing, as of the cutoff', async () => {
  const zz = (u) => units.find((x) => x.code === u).id;
  const ind = async () => (await leader.get('/api/v1/assessment?year=2025')).body.items.find((i) => i.unit_id === zz('HA-ZZ')).indicators;
  const before = await ind();
  const officer = await login(srv.base, 'officer');
  const k = await register(officer, letter({ received_on: '2025-08-01' }));
  const t = await officer.post(`/api/v1/cases/${k.id}/actions`, { action: 'transfer', to_unit_id: zz('HA-ZZ'), date: '2025-08-02' });
  assert.equal(t.status, 200, t.text);
  const sup = await login(srv.base, 'supervisor');
  const sv = await sup.post('/api/v1/supervisions', { case_id: k.id, form: 'phone', target_unit_id: zz('HA-ZZ'), problem: '请说明受理情况。' });
  assert.equal(sv.status, 201, sv.text);
  const after = await ind();
  assert.equal(after.supervision_count.value, before.supervision_count.value, 'raised today: after the cutoff');
  assert.deepEqual([after.supervision_closure_rate.numerator, after.supervision_closure_rate.denominator],
    [before.supervision_closure_rate.numerator, before.supervision_closure_rate.denominator]);
});

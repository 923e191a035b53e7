// Scenario: repeat detection names earlier matters only to whoever may see
// them. A registration, the check while typing and the history list the
// similar matters and repeat_of within the caller's scope, and never an
// accusation's by ID number to the accused (that would say who wrote it,
// SPEC §7); a recused or accused leader cannot be given the case (包案).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';
import { idNumber } from './lib/ids.mjs';

let srv, officer, js, schoolA, schoolB, zzLeader, users, units;
const U = (code) => units.find((u) => u.code === code).id;
const userOf = (name) => users.find((u) => u.username === name);
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  officer = await login(srv.base, 'officer');
  js = await login(srv.base, 'js_officer');
  schoolA = await login(srv.base, 'school_a');
  schoolB = await login(srv.base, 'school_b');
  zzLeader = await login(srv.base, 'zz_leader');
  const a = await admin(srv.base);
  users = (await a.get('/api/v1/users')).body.items;
  units = (await a.get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const ids = (k) => (k.similar || []).map((s) => s.id);

test('a sibling school re-sending the same letter is not shown the other school\'s case', async () => {
  const body = letter();
  const first = await register(schoolA, body);
  const again = await register(schoolB, { ...body, petitioners: [{ name: '李四', id_number: idNumber('410105', '19850101', '777') }] });
  assert.ok(!ids(again).includes(first.id), JSON.stringify(again.similar));
  assert.ok(!('repeat_of' in again));
  assert.equal(again.flags.repeat, true, 'the flag is the system\'s: it still counts');
  assert.ok(!again.similar.some((s) => 'confidential' in s));
  const ev = (await schoolB.get(`/api/v1/cases/${again.id}/events`)).body.items[0];
  assert.deepEqual(ev.data.similar.map((s) => s.id), []);
  // The province sees both, and the link between them.
  const seen = (await officer.get(`/api/v1/cases/${again.id}`)).body;
  assert.equal(seen.repeat_of, first.id);
  const pev = (await officer.get(`/api/v1/cases/${again.id}/events`)).body.items[0];
  assert.ok(pev.data.similar.some((s) => s.id === first.id && !('confidential' in s)));
});

test('the accused unit cannot learn an accusation\'s writer from an ID number', async () => {
  const writer = idNumber('410105', '19700101', '555');
  // school_a accuses the bureau above it: the bureau cannot read the case (404).
  const k = await register(schoolA, letter({
    class: 'accusation', category: '1401', title: '检举区教育局违规摊派',
    content: '检举金水区教育局要求各校按学生人数摊派征订费用，请上级查处。',
    petitioners: [{ name: '赵某', id_number: writer }], respondent: { unit_id: U('HA-ZZ-JS') },
  }));
  assert.equal((await js.get(`/api/v1/cases/${k.id}`)).status, 404);
  const check = await js.post('/api/v1/cases/check', { petitioners: [{ id_number: writer }] });
  assert.equal(check.status, 200);
  assert.ok(!ids(check.body).includes(k.id), JSON.stringify(check.body));
  assert.equal(check.body.repeat, false);
  const probe = await register(js, letter({ petitioners: [{ name: '某某', id_number: writer }], category: '0902',
    title: '校车接送时间安排不合理', content: '校车每天早上六点就到小区门口接学生，孩子睡眠严重不足，请求调整接送时间。' }));
  assert.ok(!ids(probe).includes(k.id), JSON.stringify(probe.similar));
  // Nor from the flag: registering is no way round the check's rule.
  assert.equal(probe.flags.repeat, false);
  assert.equal((await js.get(`/api/v1/cases/${probe.id}`)).body.flags.repeat, false);
  assert.ok(!('repeat_of' in probe));
  assert.ok(!('repeat_of' in (await js.get(`/api/v1/cases/${probe.id}`)).body));
  const ev = (await js.get(`/api/v1/cases/${probe.id}/events`)).body.items[0];
  assert.ok(!ev.data.similar.some((s) => s.id === k.id));
  // Nor its history.
  assert.equal((await js.get(`/api/v1/cases/${k.id}/events`)).status, 404);
  // The province, which may see the writer, is told.
  const p = await officer.post('/api/v1/cases/check', { petitioners: [{ id_number: writer }] });
  assert.ok(p.body.similar.some((s) => s.id === k.id && s.by_id === true));
});

test('a leader who recused, or whose unit is accused, cannot be given the case', async () => {
  const k = await register(officer, letter({
    class: 'accusation', category: '1401', title: '检举区教育局违规收费',
    content: '检举金水区教育局默许辖区学校违规收取择校费，请省教育厅查处。',
    respondent: { unit_id: U('HA-ZZ-JS') },
  }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ'), report_due: '2025-09-20' });
  const jsLeader = userOf('js_leader');
  const accused = await zzLeader.post(`/api/v1/cases/${k.id}/takers`, { leader_id: jsLeader.id });
  assert.equal(accused.status, 422, accused.text);
  assert.equal(accused.body.error.field, 'leader_id');
  assert.equal((await zzLeader.post(`/api/v1/cases/${k.id}/recusals`, { reason: '与被反映人系亲属' })).status, 201);
  const recused = await zzLeader.post(`/api/v1/cases/${k.id}/takers`, {});
  assert.equal(recused.status, 422, recused.text);
  assert.equal(recused.body.error.field, 'leader_id');
  assert.equal((await officer.get(`/api/v1/cases/${k.id}/takers`)).body.items.length, 0);
});

test('a county under an accused city handles the accusation in full: it is no part of the accused', async () => {
  const k = await register(js, letter({
    class: 'accusation', category: '1401', title: '检举市教育局局长插手招生',
    content: '检举郑州市教育局局长违规插手学校招生，请依法查处。',
    petitioners: [{ name: '王检举', phone: '13912340000' }],
    respondent: { unit_id: U('HA-ZZ'), names: ['吴振华'] },
  }));
  const mine = (await js.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(mine.petitioners[0].name, '王检举', JSON.stringify(mine));
  assert.ok(!mine.protected);
  const jsLeaderClient = await login(srv.base, 'js_leader');
  const took = await jsLeaderClient.post(`/api/v1/cases/${k.id}/takers`, { leader_id: userOf('js_leader').id });
  assert.equal(took.status, 201, took.text);
  // The accused city still gets nothing.
  assert.equal((await zzLeader.get(`/api/v1/cases/${k.id}`)).status, 404);
});

test('an action\'s reply shows the petitioners as a read does: on the record', async () => {
  const k = await register(officer, letter({
    class: 'accusation', category: '1401', title: '检举学校违规收费', content: '检举某小学违规收取资料费，请查处。',
    respondent: { unit_id: U('HA-ZZ-JS-WHL1X') },
  }));
  const count = () => spawnSync('sqlite3', [srv.db, `SELECT count(*) FROM audit WHERE action = 'read_protected' AND entity_id = ${k.id}`], { encoding: 'utf8' }).stdout.trim();
  const r = await act(officer, k.id, 'accept', { date: '2025-08-05' });
  assert.ok(r.petitioners.length > 0);
  let n = '';
  for (let i = 0; i < 40 && n !== '1'; i++) {
    await new Promise((res) => setTimeout(res, 50));
    n = count();
  }
  assert.equal(n, '1');
});

test('an unchanged letter filed under another category is still found', async () => {
  const body = letter({ category: '0301', petitioners: [{ name: '王某', phone: '13700137000' }] });
  const first = await register(officer, body);
  // Re-typed with other punctuation and spacing, filed as 学籍 (1201).
  const again = await register(officer, { ...body, category: '1201', content: body.content.replace(/，/g, ', ').replace(/。/g, '. ') });
  assert.equal(again.flags.repeat, true, JSON.stringify(again.similar));
  assert.equal(again.repeat_of, first.id);
  const s = again.similar.find((x) => x.id === first.id);
  assert.equal(s.similarity, 1);
  assert.equal(s.by_id, false);
  // A different letter in the other category is not.
  const other = await register(officer, letter({ category: '1201', title: '反映学籍无法转出',
    content: '孩子随父母到外地务工，原学校以各种理由拖延办理学籍转出手续已两个月，请教育局督促办理。',
    petitioners: [{ name: '钱某', phone: '13700137001' }] }));
  assert.ok(!ids(other).includes(first.id));
  assert.equal(other.flags.repeat, false);
});

// Scope: every read and write is limited to the caller's unit subtree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin, errorOf } from './lib/server.mjs';

let srv, units;
const byCode = (code) => units.find((u) => u.code === code);
before(async () => {
  srv = await startServer();
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

test('the demo province has the full tree', () => {
  assert.ok(units.length > 150);
  const root = byCode('HA-JYT');
  assert.equal(root.level, 'province');
  assert.equal(root.parent_id, null);
  const cities = units.filter((u) => u.parent_id === root.id && u.level === 'city' && u.kind === 'authority');
  assert.equal(cities.length, 18);
  assert.ok(units.some((u) => u.kind === 'discipline' && u.name.includes('纪检')));
  assert.ok(units.filter((u) => u.kind === 'university').length >= 5);
  for (const name of ['信访办公室', '基础教育处', '高等教育处', '人事处', '财务处', '学生处', '办公室'])
    assert.ok(units.some((u) => u.parent_id === root.id && u.name === name), name);
});

test('a school sees itself, not its sibling (404), and no admin calls (403)', async () => {
  const a = byCode('HA-ZZ-JS-WHL1X'), b = byCode('HA-ZZ-JS-WWL1X');
  const school = await login(srv.base, 'school_a');
  assert.equal((await school.get(`/api/v1/units/${a.id}`)).status, 200);
  errorOf(await school.get(`/api/v1/units/${b.id}`), 404, 'not_found');
  const list = await school.get('/api/v1/units');
  assert.deepEqual(list.body.items.map((u) => u.id), [a.id]);
  errorOf(await school.post('/api/v1/units', { name: '新学校', code: 'X-1', level: 'school', kind: 'school', parent_id: a.id }), 403, 'forbidden');
  errorOf(await school.post('/api/v1/users', { username: 'x1', password: 'Abcdefgh-123', name: '某', unit_id: a.id, roles: ['viewer'] }), 403, 'forbidden');
  // The sibling's users are not visible either.
  const users = await school.get(`/api/v1/users?unit_id=${b.id}`);
  assert.equal(users.status, 404);
});

test('a county bureau sees its schools but not another county', async () => {
  const js = await login(srv.base, 'js_officer');
  const mine = (await js.get('/api/v1/units')).body.items.map((u) => u.code);
  assert.ok(mine.includes('HA-ZZ-JS'));
  assert.ok(mine.includes('HA-ZZ-JS-WHL1X'));
  assert.ok(!mine.includes('HA-ZZ-EQ'));
  assert.ok(!mine.includes('HA-ZZ'));
  errorOf(await js.get(`/api/v1/units/${byCode('HA-ZZ-EQ').id}`), 404, 'not_found');
});

test('admin creates units and users inside the tree, with validation', async () => {
  const a = await admin(srv.base);
  const zz = byCode('HA-ZZ');
  const r = await a.post('/api/v1/units', { name: '郑州市第一〇一中学', code: 'HA-ZZ-101', level: 'school', kind: 'school', parent_id: zz.id });
  assert.equal(r.status, 201);
  assert.equal(r.body.profile, 'national-2022');
  const dup = await a.post('/api/v1/units', { name: '重复', code: 'HA-ZZ-101', level: 'school', kind: 'school', parent_id: zz.id });
  errorOf(dup, 409, 'conflict');
  const up = await a.post('/api/v1/units', { name: '反了', code: 'HA-ZZ-UP', level: 'province', kind: 'authority', parent_id: zz.id });
  assert.equal(errorOf(up, 422, 'invalid').field, 'level');
  const u = await a.post('/api/v1/users', { username: 'zz101', password: 'Teacher-2026-a', name: '钱老师', unit_id: r.body.id, roles: ['officer', 'handler'] });
  assert.equal(u.status, 201);
  assert.deepEqual(u.body.roles, ['officer', 'handler']);
  const c = await login(srv.base, 'zz101', 'Teacher-2026-a');
  assert.deepEqual((await c.get('/api/v1/units')).body.items.map((x) => x.id), [r.body.id]);
  const dupUser = await a.post('/api/v1/users', { username: 'zz101', password: 'Teacher-2026-a', name: '钱老师', unit_id: r.body.id, roles: ['officer'] });
  assert.equal(errorOf(dupUser, 409, 'conflict').field, 'username');
});

test('a city admin cannot create units outside its city', async () => {
  const a = await admin(srv.base);
  const ly = byCode('HA-LY');
  const zz = byCode('HA-ZZ');
  const r = await a.post('/api/v1/users', { username: 'zzadmin', password: 'City-admin-2026', name: '郑州管理员', unit_id: zz.id, roles: ['admin'] });
  assert.equal(r.status, 201);
  const c = await login(srv.base, 'zzadmin', 'City-admin-2026');
  const bad = await c.post('/api/v1/units', { name: '洛阳某校', code: 'HA-LY-X', level: 'school', kind: 'school', parent_id: ly.id });
  assert.equal(errorOf(bad, 422, 'invalid').field, 'parent_id');
  errorOf(await c.get(`/api/v1/units/${ly.id}`), 404, 'not_found');
});

test('a unit posted without parent_id goes under the admin\'s own authority', async () => {
  const a = await admin(srv.base);
  const r = await a.post('/api/v1/units', { name: '省属示范性高中', code: 'HA-NOPARENT', level: 'province', kind: 'school' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.parent_id, byCode('HA-JYT').id);
  const weak = await a.post('/api/v1/users', { username: 'weakpw', password: 'abcdefg', name: '某某', unit_id: r.body.id, roles: ['viewer'] });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.error.field, 'password');
  const ok = await a.post('/api/v1/users', { username: 'okpw', password: 'abcd1234', name: '某某', unit_id: r.body.id, roles: ['viewer'] });
  assert.equal(ok.status, 201);
});

test('the province sees every case, and a case that does not exist is 404 everywhere', async () => {
  const officer = await login(srv.base, 'officer');	// the province's petition office
  const list = await officer.get('/api/v1/cases?per_page=100');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length > 0);
  for (const k of list.body.items) {
    const r = await officer.get(`/api/v1/cases/${k.id}`);
    assert.equal(r.status, 200, `case ${k.id}`);
    assert.equal(r.body.number, k.number);
  }
  const missing = 987654321;
  for (const [method, path, body] of [
    ['GET', `/api/v1/cases/${missing}`],
    ['GET', `/api/v1/cases/${missing}/events`],
    ['POST', `/api/v1/cases/${missing}/actions`, { action: 'accept', date: '2025-09-01' }],
    ['POST', `/api/v1/cases/${missing}/opinions`, { text: '意见' }],
  ]) {
    errorOf(await officer.req(method, path, body), 404, 'not_found');
  }
});

test('names of the units above, for the cases that came down from them; the scope unchanged', async () => {
  const js = await login(srv.base, 'js_officer');
  const plain = (await js.get('/api/v1/units')).body.items.map((u) => u.code);
  assert.ok(!plain.includes('HA-ZZ'), 'the list is the scope');
  const named = (await js.get('/api/v1/units?with_above=1')).body.items;
  const byC = Object.fromEntries(named.map((u) => [u.code, u]));
  for (const code of ['HA-ZZ', 'HA-ZZ-XFK', 'HA-JYT']) assert.equal(byC[code]?.above, true, code);
  assert.equal(byC['HA-ZZ-JS'].above, undefined, 'its own unit is in scope');
  assert.equal(byC['HA-ZZ-EQ'], undefined, 'not a sibling county');
  assert.equal(byC['HA-ZZ-EQ-CJDL'], undefined);
  errorOf(await js.get('/api/v1/units?with_above=2'), 400, 'bad_request');
});

// Bad input: every field of a registration and of an action is validated
// with a 422 naming the field (or 400 for malformed JSON), and nothing is
// stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register } from './lib/cases.mjs';
import { badIdNumber } from './lib/ids.mjs';

let srv, officer;
before(async () => { srv = await startServer({ today: '2025-09-01' }); officer = await login(srv.base, 'officer'); });
after(async () => { await srv.close(); });

const total = async () => (await officer.get('/api/v1/cases')).body.total;

const cases = [
  ['channel', { channel: 'pigeon' }],
  ['channel', { channel: undefined }],
  ['received_on', { received_on: '2025-02-30' }],
  ['received_on', { received_on: '2025/08/01' }],
  ['received_on', { received_on: '2025-09-02' }],	// after today
  ['received_on', { received_on: '1900-01-01' }],	// before any calendar
  ['received_on', { received_on: '1999-01-04' }],	// before the official data (2004)
  ['class', { class: 'complaint' }],
  ['category', { category: '9999' }],
  ['category', { category: undefined }],
  ['purpose', { purpose: 'x1' }],
  ['region', { region: '999999' }],
  ['title', { title: '' }],
  ['title', { title: '    ' }],
  ['title', { title: '\u3000\u3000' }],
  ['title', { title: '\u200b' }],
  ['title', { title: '\ufeff' }],
  ['title', { title: '\u2028\u3164\u2800\u180e\u115f' }],
  ['content', { content: ' \n\t ' }],
  ['title', { title: '反映\u202e试测转反' }],
  ['content', { content: '内容\u2067隔离\u2069' }],
  ['title', { title: '长'.repeat(101) }],
  ['title', { title: 'a\u0007b' }],
  ['content', { content: undefined }],
  ['content', { content: '字'.repeat(20001) }],
  ['petitioners', { petitioners: 'someone' }],
  ['petitioners', { petitioners: undefined }],
  ['petitioners', { petitioners: null }],
  ['petitioners[0].name', { petitioners: [{ name: '' }] }],
  ['petitioners[0].name', { petitioners: [{ name: '张三123' }] }],
  ['petitioners[0].id_number', { petitioners: [{ name: '张三', id_number: badIdNumber() }] }],
  ['petitioners[0].id_number', { petitioners: [{ name: '张三', id_number: '41010519800230123X' }] }],
  ['petitioners[0].phone', { petitioners: [{ name: '张三', phone: '12345' }] }],
  ['petitioners[0].phone', { petitioners: [{ name: '张三', phone: '1380013800' }] }],
  ['petitioners[0].age', { petitioners: [{ name: '张三', age: 30 }] }],
  ['headcount', { headcount: 0 }],
  ['headcount', { headcount: '5' }],
  ['headcount', { headcount: 1, petitioners: [{ name: '张三' }, { name: '李四' }] }],
  ['representatives', { channel: 'visit', representatives: 6 }],
  ['respondent.unit_id', { respondent: { unit_id: 999999 } }],
  ['respondent.names', { respondent: { names: 'x' } }],
  ['respondent', { respondent: 'school' }],
  ['priority', { priority: 'high' }],
];

test('each invalid registration field gets 422 naming it, and nothing is stored', async () => {
  const before = await total();
  for (const [field, over] of cases) {
    const body = letter(over);
    for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
    const r = await officer.post('/api/v1/cases', body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'invalid', field);
    assert.equal(r.body.error.field, field, `${JSON.stringify(over).slice(0, 80)} → ${r.text}`);
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  assert.equal(await total(), before);
});

test('malformed bodies get 400, oversized 413, and nothing is stored', async () => {
  const before = await total();
  assert.equal((await officer.post('/api/v1/cases', '{"channel":')).status, 400);
  assert.equal((await officer.post('/api/v1/cases', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).status, 400);
  assert.equal((await officer.post('/api/v1/cases', JSON.stringify(letter({ content: '字'.repeat(400000) })))).status, 413);
  // A number too large for any field is that field's bad value; unnamed, the body's.
  const huge = JSON.stringify(letter()).replace(/}$/, ', "headcount" : 99999999999999999999}');
  const h = await officer.post('/api/v1/cases', huge);
  assert.equal(h.status, 422, h.text);
  assert.equal(h.body.error.field, 'headcount');
  assert.match(h.body.error.message, /[\u4e00-\u9fff]/);
  const neg = await officer.post('/api/v1/cases', '{"petitioners":[{"name":"张三","age":-99999999999999999999}]}');
  assert.equal(neg.status, 422, neg.text);
  assert.equal(neg.body.error.field, 'age');
  assert.equal((await officer.post('/api/v1/cases', '[99999999999999999999]')).status, 400);
  assert.equal((await officer.post('/api/v1/cases', '{"headcount": 99999999999999999999')).status, 400);
  assert.equal(await total(), before);
});

test('invalid action fields get 422 naming them; unknown action too', async () => {
  const k = await register(officer, letter());
  const bad = [
    ['action', { action: 'teleport' }],
    ['date', { action: 'accept', date: '2025-13-01' }],
    ['lead_unit_id', { action: 'accept', lead_unit_id: 'x' }],
    ['co_unit_ids', { action: 'accept', co_unit_ids: [1, 'x'] }],
    ['simple', { action: 'accept', simple: 'yes' }],
    ['outcome', { action: 'reply', outcome: 'maybe' }],
    ['method', { action: 'deliver', method: 'pigeon' }],
    ['to_unit_id', { action: 'transfer', to_unit_id: -1 }],
    ['to_body', { action: 'transfer', to_unit_id: 2, to_body: '郑州市人力资源和社会保障局' }],
    ['days', { action: 'extend', days: 'ten' }],
    ['colour', { action: 'accept', colour: 'red' }],
  ];
  for (const [field, body] of bad) {
    const r = await officer.post(`/api/v1/cases/${k.id}/actions`, body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const after = await officer.get(`/api/v1/cases/${k.id}/events`);
  assert.equal(after.body.items.length, 1);
  const nf = await officer.post('/api/v1/cases/999999/actions', { action: 'accept' });
  assert.equal(nf.status, 404);
});

test('a petitioner\'s empty name is called 信访人姓名, not a unit\'s 名称', async () => {
  const r = await officer.post('/api/v1/cases', letter({ petitioners: [{ name: '  ', phone: '13800138000' }] }));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'petitioners[0].name');
  assert.match(r.body.error.message, /信访人姓名/);
});

test('a blank name is refused when sent; an untouched (null) field changes nothing', async () => {
  const a = await admin(srv.base);
  const users = (await a.get('/api/v1/users')).body.items;
  const u = users.find((x) => x.username === 'viewer');
  for (const name of ['', '   ', '\u3000']) {
    const r = await a.patch(`/api/v1/users/${u.id}`, { name });
    assert.equal(r.status, 422, `user name ${JSON.stringify(name)}: ${r.text}`);
    assert.equal(r.body.error.field, 'name');
    assert.match(r.body.error.message, /名称.*不能为空/);
  }
  assert.equal((await a.get(`/api/v1/users/${u.id}`)).body.name, u.name);
  const unit = (await a.get('/api/v1/units')).body.items.find((x) => x.code === 'HA-ZZ-JS-WWL1X');
  const blank = await a.patch(`/api/v1/units/${unit.id}`, { name: ' ' });
  assert.equal(blank.status, 422);
  const nul = await a.patch(`/api/v1/units/${unit.id}`, { active: null });
  assert.equal(nul.status, 200, nul.text);
  assert.equal(nul.body.active, true);
  assert.equal((await a.get(`/api/v1/units/${unit.id}`)).body.active, true);
});

test('a viewer may read but not register or act', async () => {
  const viewer = await login(srv.base, 'viewer');
  assert.equal((await viewer.post('/api/v1/cases', letter())).status, 403);
  const k = await register(officer, letter());
  assert.equal((await viewer.get(`/api/v1/cases/${k.id}`)).status, 200);
  assert.equal((await viewer.post(`/api/v1/cases/${k.id}/actions`, { action: 'accept' })).status, 403);
});

test('a search with nothing to look up is refused, not answered with every case', async () => {
  const all = await total();
  for (const q of ['x', '1', '，', '-', '*', 'Ａ']) {
    const r = await officer.get(`/api/v1/cases?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.body.error.field, 'q');
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
  }
  for (const q of [' ', '\u3000']) {
    const r = await officer.get(`/api/v1/cases?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, all, 'blanks are no search');
  }
  const k = await register(officer, letter({ title: '反映ab班违规补课' }));
  const two = await officer.get(`/api/v1/cases?q=ab`);
  assert.equal(two.status, 200);
  assert.ok(two.body.items.some((i) => i.id === k.id));
});

test('an anonymous item is registered with an empty list of petitioners', async () => {
  const k = await register(officer, letter({ petitioners: [] }));
  assert.equal(k.flags.anonymous, true);
  assert.deepEqual(k.petitioners, []);
});

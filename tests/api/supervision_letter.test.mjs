// The 督办函 of a supervision: numbered by the supervising unit, rendered
// from the record and its case; an accuser is never named in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';

let srv, officer, supervisor, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  officer = await login(srv.base, 'officer');
  supervisor = await login(srv.base, 'supervisor');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

async function pdfText(c, id) {
  const r = await fetch(`${srv.base}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${c.token}` } });
  assert.equal(r.status, 200);
  const f = join(mkdtempSync(join(tmpdir(), 'svl-')), 'l.pdf');
  writeFileSync(f, Buffer.from(await r.arrayBuffer()));
  return spawnSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
}

async function supervise(k, target) {
  const r = await supervisor.post('/api/v1/supervisions', {
    case_id: k.id, form: 'letter', target_unit_id: target,
    problem: '受理后逾期未出具处理意见，未向信访人说明原因。',
    suggestions: '限期出具处理意见书并送达信访人。', reply_due: '2025-09-10',
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('a 督办函 is issued with its own number and the problem, suggestions and deadline', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-01' }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ'), report_due: '2025-08-30', date: '2025-08-05' });
  const s = await supervise(k, U('HA-ZZ'));
  const l1 = await supervisor.post(`/api/v1/supervisions/${s.id}/letter`);
  assert.equal(l1.status, 201, l1.text);
  assert.match(l1.body.number, /〔2025〕\d+号$/);
  const text = await pdfText(supervisor, l1.body.document_id);
  assert.ok(text.includes('信访事项督办函'));
  assert.ok(text.includes('郑州市教育局'));
  assert.ok(text.includes('受理后逾期未出具处理意见'));
  assert.ok(text.includes('限期出具处理意见书并送达信访人'));
  assert.ok(text.includes('2025年9月10日'));
  assert.ok(text.includes('张三'));
  // One letter per supervision: asked again (a double click), the same one.
  const l2 = await supervisor.post(`/api/v1/supervisions/${s.id}/letter`);
  assert.equal(l2.status, 200, l2.text);
  assert.deepEqual([l2.body.document_id, l2.body.number], [l1.body.document_id, l1.body.number]);
  const zz = await login(srv.base, 'zz_officer');
  assert.equal((await zz.post(`/api/v1/supervisions/${s.id}/letter`)).status, 403);
});

test('two requests at once issue one letter; a closed supervision gets none', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-01' }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ'), report_due: '2025-08-30', date: '2025-08-05' });
  const s = await supervise(k, U('HA-ZZ'));
  const both = await Promise.all([1, 2].map(() => supervisor.post(`/api/v1/supervisions/${s.id}/letter`)));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 201], both.map((r) => r.text).join());
  assert.equal(both[0].body.number, both[1].body.number);
  const docs = (await officer.get(`/api/v1/cases/${k.id}/documents`)).body.items.filter((d) => d.kind === 'supervision_letter');
  assert.equal(docs.length, 1);

  const k2 = await register(officer, letter({ received_on: '2025-08-01' }));
  await act(officer, k2.id, 'assign', { to_unit_id: U('HA-ZZ'), report_due: '2025-08-30', date: '2025-08-05' });
  const s2 = await supervise(k2, U('HA-ZZ'));
  const zz = await login(srv.base, 'zz_officer');
  assert.equal((await zz.post(`/api/v1/supervisions/${s2.id}/reply`, { reply: '已按期出具处理意见。' })).status, 200);
  const closed = await supervisor.post(`/api/v1/supervisions/${s2.id}/close`, { result: '已办结' });
  assert.equal(closed.status, 200, closed.text);
  const late = await supervisor.post(`/api/v1/supervisions/${s2.id}/letter`);
  assert.equal(late.status, 409, late.text);
  assert.equal((await officer.get(`/api/v1/cases/${k2.id}/documents`)).body.items.filter((d) => d.kind === 'supervision_letter').length, 0);
});

test('the letter about an accusation does not name the accuser', async () => {
  const k = await register(officer, letter({ received_on: '2025-08-01', class: 'accusation', category: '1403', title: '检举收受财物', content: '检举某校长收受家长财物。', petitioners: [{ name: '周某某', phone: '13912345678' }], respondent: { unit_id: U('HA-ZZ-JS-WHL1X') } }));
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2025-08-30', date: '2025-08-05' });
  const s = await supervise(k, U('HA-ZZ-JS'));
  const l = await supervisor.post(`/api/v1/supervisions/${s.id}/letter`);
  assert.equal(l.status, 201, l.text);
  const text = await pdfText(supervisor, l.body.document_id);
  assert.ok(!text.includes('周某某'));
  assert.ok(text.includes('信访人于'));
});

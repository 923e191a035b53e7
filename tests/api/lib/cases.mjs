// Helpers for case scenarios: a realistic letter and the actions.
import assert from 'node:assert/strict';
import { idNumber } from './ids.mjs';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let seq = 100;
export function letter(over = {}) {
  seq++;
  return {
    channel: 'letter',
    received_on: '2025-08-01',
    class: 'claim',
    category: '0301',
    title: '反映学校违规收取补课费',
    content: `我是郑州市金水区某小学学生家长（第${seq}号来信），学校在暑假期间组织集中补课并向每名学生收取费用八百元，家长普遍不满，请求教育主管部门依法查处并责令退还费用。`,
    petitioners: [{ name: '张三', id_number: idNumber('410105', '19800101', String(seq).padStart(3, '0')), phone: '13800138000' }],
    ...over,
  };
}

export async function register(c, body) {
  const r = await c.post('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.query_code, /^[A-Z2-9]{8}$/);
  return r.body;
}

export async function act(c, id, action, fields = {}, expect = 200) {
  const r = await c.post(`/api/v1/cases/${id}/actions`, { action, ...fields });
  assert.equal(r.status, expect, `${action}: ${r.text}`);
  return r.body;
}

export const dl = (kase, kind) => kase.deadlines.filter((d) => d.kind === kind).at(-1);

export const replyParts = {
  outcome: 'explain',
  request: '请求查处学校违规收费并退还费用。',
  facts: '经调查核实，该校暑期补课系家长委员会自发组织，学校未收取费用。',
  decision: '对信访人的请求作出解释说明，并责成学校规范暑期管理。',
  basis: '《中小学幼儿园规范办学行为若干规定》及《信访工作条例》第三十二条。',
};

// The text of a case's newest document of a kind (pdftotext, white space
// and page numbers dropped, so a phrase broken across lines still matches).
export async function docText(srv, client, caseId, kind) {
  const items = (await client.get(`/api/v1/cases/${caseId}/documents`)).body.items.filter((d) => d.kind === kind);
  assert.ok(items.length > 0, `no ${kind}`);
  const r = await fetch(`${srv.base}/api/v1/documents/${items.at(-1).id}`, { headers: { Authorization: `Bearer ${client.token}` } });
  assert.equal(r.status, 200);
  const f = join(srv.dir, `doc-${process.hrtime.bigint()}.pdf`);
  writeFileSync(f, Buffer.from(await r.arrayBuffer()));
  const t = spawnSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  return t.stdout.replace(/—\d+—/g, '').replace(/[\s-]+/g, '');
}

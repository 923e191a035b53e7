// The petitioner downloads the notices of their own case (SPEC §8: the
// portal shows 受理告知书, 处理意见书 … as the national rules publish them)
// with the case's query code; nothing else is given out, and a wrong code
// reveals nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, Client, admin, errorOf } from './lib/server.mjs';
import { act, replyParts } from './lib/cases.mjs';

let srv, pub, js, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  pub = new Client(srv.base);
  js = await login(srv.base, 'js_officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const petition = (title) => ({
  unit_id: U('HA-ZZ-JS'), class: 'claim', category: '0901', title,
  content: `${title}：我家户籍在金水区某小区，按学区应就读文化路第一小学，但学校以学位已满为由拒绝接收，请求依法安排入学。`,
  petitioner: { name: '孙丽', phone: '13700137000' },
});

async function handled(title) {
  const s = await pub.post('/api/v1/public/petitions', petition(title));
  assert.equal(s.status, 201, s.text);
  const item = (await js.get('/api/v1/cases?channel=online')).body.items.find((i) => i.number === s.body.number);
  await act(js, item.id, 'accept');
  await act(js, item.id, 'reply', { ...replyParts, outcome: 'support', execute_by: '2025-09-10' });
  await act(js, item.id, 'deliver', { method: 'electronic', proof: '网上信访平台推送记录' });
  return { ...s.body, id: item.id };
}

test('the lookup links each notice, and the link gives its PDF', async () => {
  const k = await handled('孩子入学被拒');
  const look = await pub.get(`/api/v1/public/cases/${k.number}?code=${k.query_code}`);
  assert.equal(look.status, 200, look.text);
  const kinds = look.body.documents.map((d) => d.kind);
  assert.ok(kinds.includes('reply'), kinds.join());
  for (const d of look.body.documents) {
    assert.equal(d.url, `/api/v1/public/documents/${d.id}?code=${k.query_code}`);
    const r = await fetch(srv.base + d.url);
    assert.equal(r.status, 200, d.kind);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  }
  // The staff list has documents the petitioner is not given.
  const staff = (await js.get(`/api/v1/cases/${k.id}/documents`)).body.items;
  assert.ok(staff.length >= look.body.documents.length);
});

test('a wrong code, another case\'s code or no code gets the same 404', async () => {
  const a = await handled('校车接送安全隐患');
  const b = await handled('食堂收费不透明');
  const docA = (await pub.get(`/api/v1/public/cases/${a.number}?code=${a.query_code}`)).body.documents[0];
  errorOf(await pub.get(`/api/v1/public/documents/${docA.id}?code=${b.query_code}`), 404, 'not_found');
  errorOf(await pub.get(`/api/v1/public/documents/${docA.id}?code=AAAAAAAA`), 404, 'not_found');
  errorOf(await pub.get(`/api/v1/public/documents/${docA.id}`), 404, 'not_found');
  errorOf(await pub.get(`/api/v1/public/documents/99999?code=${a.query_code}`), 404, 'not_found');
  // A document addressed to a unit, not the petitioner, is not given out.
  const staff = (await js.get(`/api/v1/cases/${a.id}/documents`)).body.items;
  const listed = new Set((await pub.get(`/api/v1/public/cases/${a.number}?code=${a.query_code}`)).body.documents.map((d) => d.id));
  for (const d of staff.filter((x) => !listed.has(x.id))) {
    errorOf(await pub.get(`/api/v1/public/documents/${d.id}?code=${a.query_code}`), 404, 'not_found');
  }
});

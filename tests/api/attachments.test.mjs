// Attachments: staff and the petitioner add materials; only known types
// whose bytes match their extension are taken; a confidential case's
// materials are protected like the identity; size limits hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, Client, admin } from './lib/server.mjs';
import { letter, register, act } from './lib/cases.mjs';

let srv, officer, js, units;
const U = (code) => units.find((u) => u.code === code).id;
before(async () => {
  srv = await startServer({ today: '2025-09-01' });
  officer = await login(srv.base, 'officer');
  js = await login(srv.base, 'js_officer');
  units = (await (await admin(srv.base)).get('/api/v1/units')).body.items;
});
after(async () => { await srv.close(); });

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const upload = (c, path, body, name) => c.req('POST', path, body, { 'Content-Type': 'application/octet-stream', 'X-Filename': encodeURIComponent(name) });

test('staff upload, list and download materials byte for byte', async () => {
  const k = await register(officer, letter());
  const r = await upload(officer, `/api/v1/cases/${k.id}/attachments`, pdf, '缴费收据.pdf');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, '缴费收据.pdf');
  assert.equal(r.body.mime, 'application/pdf');
  const list = await officer.get(`/api/v1/cases/${k.id}/attachments`);
  assert.equal(list.body.items.length, 1);
  const d = await fetch(`${srv.base}/api/v1/attachments/${r.body.id}`, { headers: { Authorization: `Bearer ${officer.token}` } });
  assert.equal(d.status, 200);
  assert.match(d.headers.get('content-disposition'), /^attachment;/);
  assert.match(d.headers.get('content-disposition'), /filename\*=UTF-8''%E7%BC%B4/);
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await d.arrayBuffer()), pdf);
});

test('wrong types, disguised files, bad names and oversize files are refused', async () => {
  const k = await register(officer, letter());
  const path = `/api/v1/cases/${k.id}/attachments`;
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  let r = await upload(officer, path, html, 'page.html');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'file');
  r = await upload(officer, path, png, 'photo.pdf');	// a PNG named .pdf
  assert.equal(r.status, 422);
  r = await upload(officer, path, pdf, '../../etc/passwd.pdf');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'filename');
  r = await officer.req('POST', path, pdf, { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 422);
  r = await upload(officer, path, Buffer.alloc(21 * 1024 * 1024, 0x25), 'big.pdf');
  assert.equal(r.status, 413);
  assert.equal((await officer.get(`/api/v1/cases/${k.id}/attachments`)).body.items.length, 0);
  // The promised 100 characters, in Chinese (three bytes each); 101 is too many.
  const long = '长'.repeat(96) + '.pdf';
  r = await upload(officer, path, pdf, long);
  assert.equal(r.status, 201, r.text);
  const got = await fetch(`${srv.base}/api/v1/attachments/${r.body.id}`, { headers: { Authorization: `Bearer ${officer.token}` } });
  assert.equal(got.status, 200);
  assert.ok(decodeURIComponent(got.headers.get('content-disposition')).includes(long));
  r = await upload(officer, path, pdf, '长'.repeat(97) + '.pdf');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'filename');
});

test('the petitioner adds materials through the portal with the query code', async () => {
  const pub = new Client(srv.base);
  const s = await pub.post('/api/v1/public/petitions', { unit_id: U('HA-ZZ-JS'), class: 'claim', category: '0301', title: '补课收费', content: '学校暑期补课收费，请求查处。', petitioner: { name: '孙丽', phone: '13700137000' } });
  const { number, query_code: code } = s.body;
  const r = await upload(pub, `/api/v1/public/cases/${number}/attachments?code=${code}`, png, '收据照片.png');
  assert.equal(r.status, 201, r.text);
  const look = await pub.get(`/api/v1/public/cases/${number}?code=${code}`);
  assert.deepEqual(look.body.attachments.map((x) => x.name), ['收据照片.png']);
  const wrong = await upload(pub, `/api/v1/public/cases/${number}/attachments?code=ZZZZZZZZ`, png, 'x.png');
  assert.equal(wrong.status, 404);
  const id = (await js.get('/api/v1/cases?channel=online')).body.items.find((i) => i.number === number).id;
  const list = await js.get(`/api/v1/cases/${id}/attachments`);
  assert.equal(list.body.items[0].by_petitioner, true);

  // Sent to a body outside the system: nobody here would read more.
  await act(js, id, 'transfer', { to_body: '金水区人力资源和社会保障局' });
  const gone = await upload(pub, `/api/v1/public/cases/${number}/attachments?code=${code}`, png, '补充.png');
  assert.equal(gone.status, 409, gone.text);
  assert.match(gone.body.error.message, /已转送有权处理的机关/);
  assert.equal((await js.get(`/api/v1/cases/${id}/attachments`)).body.items.length, 1);
  const rate = await pub.post(`/api/v1/public/cases/${number}/evaluation`, { code, rating: 'satisfied' });
  assert.equal(rate.status, 409);
  assert.match(rate.body.error.message, /没有出具处理意见/);
});

test('a named respondent sees no materials of an accusation', async () => {
  const k = await register(officer, letter({ class: 'accusation', category: '1403', title: '检举教育局工作人员', content: '检举金水区教育局冯晓东收受学校财物。', petitioners: [{ name: '周某', phone: '13912345678' }], respondent: { names: ['冯晓东'] } }));
  const up = await upload(officer, `/api/v1/cases/${k.id}/attachments`, pdf, '证据.pdf');
  await act(officer, k.id, 'assign', { to_unit_id: U('HA-ZZ-JS'), report_due: '2025-09-20' });
  const list = await js.get(`/api/v1/cases/${k.id}/attachments`);	// js_officer is 冯晓东
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items, []);
  assert.equal(list.body.protected, true);
  assert.equal((await js.get(`/api/v1/attachments/${up.body.id}`)).status, 404);
  const school = await login(srv.base, 'school_a');
  assert.equal((await school.get(`/api/v1/attachments/${up.body.id}`)).status, 404);
});

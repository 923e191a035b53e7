// Rule profiles: a unit on 《河南省信访条例》(2012) counts 5 days to route,
// 30 days to handle from receipt, has no 复核; national-2005 gives 60/30;
// every deadline keeps the profile and article it came from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, admin } from './lib/server.mjs';
import { letter, register, act, dl, replyParts } from './lib/cases.mjs';

let srv, a;
before(async () => { srv = await startServer({ today: '2025-12-31' }); a = await admin(srv.base); });
after(async () => { await srv.close(); });

async function unitWithProfile(code, profile) {
  const u = await a.post('/api/v1/units', { name: `${profile}试点县教育局`, code, level: 'county', kind: 'authority', parent_id: 1, profile });
  assert.equal(u.status, 201, u.text);
  const user = await a.post('/api/v1/users', { username: `${code.toLowerCase()}-officer`, password: 'Officer-2025', name: '试点干部', unit_id: u.body.id, roles: ['officer', 'handler', 'leader'] });
  assert.equal(user.status, 201);
  return { unit: u.body, client: await login(srv.base, `${code.toLowerCase()}-officer`, 'Officer-2025') };
}

test('henan-2012: transfer within 5 days, handle 30 days from receipt, no 复核', async () => {
  const { client } = await unitWithProfile('HN12', 'henan-2012');
  const k = await register(client, letter({ received_on: '2025-03-03' }));
  const route = dl(k, 'route');
  assert.equal(route.profile, 'henan-2012');
  assert.equal(route.due, '2025-03-10');	// 03-08 is a Saturday
  assert.match(route.rule, /河南省信访条例/);
  const acc = await act(client, k.id, 'accept', { date: '2025-03-05' });
  assert.equal(dl(acc, 'handle').due, '2025-04-02');	// 30 days from receipt 03-03
  await act(client, k.id, 'reply', { ...replyParts, date: '2025-03-20' });
  await act(client, k.id, 'deliver', { method: 'mail', proof: '挂号信', date: '2025-03-21' });
  const rv = await act(client, k.id, 'request_review', { date: '2025-03-25' });
  assert.equal(rv.status, 'review');
  assert.equal(rv.unit_id, 1);	// the province, one level above
  // The review stage belongs to the province, which keeps its own profile.
  assert.equal(rv.profile, 'national-2022');
  assert.equal(dl(rv, 'review').profile, 'national-2022');
});

test('henan-2012: an extension of up to 60 days is granted, with its notice', async () => {
  const { client } = await unitWithProfile('HN60', 'henan-2012');
  const me = (await client.get('/api/v1/session')).body.user.id;
  const k = await register(client, letter({ received_on: '2025-09-20' }));
  const acc = await act(client, k.id, 'accept', { date: '2025-09-25' });
  assert.equal(dl(acc, 'handle').due, '2025-10-20');
  const ext = await act(client, k.id, 'extend', { days: 45, reason: '情况复杂，需要多部门会商', approved_by: me, date: '2025-10-20' });
  assert.equal(dl(ext, 'handle').due, '2025-12-04');	// 10-20 + 45
  const docs = (await client.get(`/api/v1/cases/${k.id}/documents`)).body.items;
  const notice = docs.find((d) => d.kind === 'extension_notice');
  assert.ok(notice, docs.map((d) => d.kind).join());
  const pdf = await fetch(`${srv.base}/api/v1/documents/${notice.id}`, { headers: { Authorization: `Bearer ${client.token}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const over = await client.post(`/api/v1/cases/${k.id}/actions`, { action: 'extend', days: 61, reason: '再延', approved_by: me, date: '2025-10-21' });
  assert.ok(over.status === 422 || over.status === 409, over.text);
});

test('national-2005 profile: 60 days to handle, deadlines keep their profile after a change', async () => {
  const { unit, client } = await unitWithProfile('N05', 'national-2005');
  const k = await register(client, letter({ received_on: '2025-06-02' }));
  const acc = await act(client, k.id, 'accept', { date: '2025-06-03' });
  const h = dl(acc, 'handle');
  assert.equal(h.profile, 'national-2005');
  assert.equal(h.due, '2025-08-04');	// 60 days from 06-03 = 08-02, a Saturday
  const ch = await a.patch(`/api/v1/units/${unit.id}`, { profile: 'national-2022' });
  assert.equal(ch.status, 200);
  const again = (await client.get(`/api/v1/cases/${k.id}`)).body;
  assert.equal(dl(again, 'handle').profile, 'national-2005');
  assert.equal(dl(again, 'handle').due, '2025-08-04');
});

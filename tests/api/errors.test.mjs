// Every error status of API.md, with the JSON error shape and a Chinese
// message; and the security headers on every response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { startServer, admin, errorOf } from './lib/server.mjs';

let srv, a;
before(async () => { srv = await startServer(); a = await admin(srv.base); });
after(async () => { await srv.close(); });

const unit = (over = {}) => ({ name: '错误测试学校', code: `ERR-${Math.random().toString(36).slice(2, 8)}`, level: 'school', kind: 'school', parent_id: 1, ...over });

test('400 for malformed JSON, with nothing stored', async () => {
  const before = (await a.get('/api/v1/units')).body.total;
  errorOf(await a.post('/api/v1/units', '{"name": "x",'), 400, 'bad_request');
  errorOf(await a.post('/api/v1/units', '[1,2,3]'), 400, 'bad_request');
  errorOf(await a.post('/api/v1/units', ''), 400, 'bad_request');
  errorOf(await a.post('/api/v1/units', '{"name":"a","name":"b"}'), 400, 'bad_request');
  assert.equal((await a.get('/api/v1/units')).body.total, before);
});

test('400 for invalid UTF-8 in the body', async () => {
  const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe5, 0xad]), Buffer.from('","code":"U1","level":"school","kind":"school","parent_id":1}')]);
  errorOf(await a.post('/api/v1/units', body), 400, 'bad_request');
  const overlong = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
  errorOf(await a.post('/api/v1/units', overlong), 400, 'bad_request');
});

test('413 for a 2 MiB body', async () => {
  const big = JSON.stringify({ ...unit(), name: 'x'.repeat(2 * 1024 * 1024) });
  errorOf(await a.post('/api/v1/units', big), 413, 'too_large');
});

test('422 for an unknown field value, naming the field', async () => {
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ level: 'galaxy' })), 422, 'invalid').field, 'level');
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ kind: 'shop' })), 422, 'invalid').field, 'kind');
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ profile: 'national-1999' })), 422, 'invalid').field, 'profile');
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ parent_id: 'one' })), 422, 'invalid').field, 'parent_id');
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ color: 'red' })), 422, 'invalid').field, 'color');
  const noName = unit(); delete noName.name;
  assert.equal(errorOf(await a.post('/api/v1/units', noName), 422, 'invalid').field, 'name');
  assert.equal(errorOf(await a.post('/api/v1/units', unit({ name: 'a\u0001b' })), 422, 'invalid').field, 'name');
  assert.equal(errorOf(await a.post('/api/v1/users', { username: 'u-x', password: 'Abcdefgh-123', name: '某', unit_id: 1, roles: ['king'] }), 422, 'invalid').field, 'roles');
});

test('400 for an unknown query parameter or a bad value', async () => {
  errorOf(await a.get('/api/v1/units?colour=red'), 400, 'bad_request');
  errorOf(await a.get('/api/v1/units?parent_id=abc'), 400, 'bad_request');
  errorOf(await a.get('/api/v1/units?parent_id=%zz'), 400, 'bad_request');
  errorOf(await a.get('/api/v1/units?parent_id=1&parent_id=2'), 400, 'bad_request');
  errorOf(await a.get('/api/v1/calendar/due?from=2025-02-30&days=5'), 400, 'bad_request');
  errorOf(await a.get('/api/v1/calendar/due?from=2025-01-20&days=5&unit=lunar'), 400, 'bad_request');
});

test('too many query parameters get a JSON 400 at once, not a hung connection', async () => {
  // libmicrohttpd would parse these into the connection's 16 KB pool too,
  // run out, and leave the connection hanging for its 30-s timeout.
  const many = Array.from({ length: 400 }, (_, i) => `p${i}=${i}`).join('&');
  const ctl = AbortSignal.timeout(5000);
  const r = await fetch(`${srv.base}/api/v1/cases?${many}`, { headers: { Authorization: `Bearer ${a.token}` }, signal: ctl });
  assert.equal(r.status, 400);
  const e = await r.json();
  assert.equal(e.error.code, 'bad_request');
  assert.match(e.error.message, /查询参数过多/);
  // The server still answers on a fresh request with a normal query.
  assert.equal((await a.get('/api/v1/units?parent_id=1')).status, 200);
});

test('a %00 in the path is not cut short to another route', async () => {
  errorOf(await a.get('/api/v1/units/1%00x'), 404, 'not_found');
  errorOf(await a.get('/api/v1/units%00/1'), 404, 'not_found');
  const r = await fetch(`${srv.base}/portal%00.html`);
  assert.equal(r.status, 404);
  assert.equal((await a.get('/api/v1/units/1')).status, 200);
});

test('404 for an unknown route or id, 409 for a conflict', async () => {
  errorOf(await a.get('/api/v1/nothing-here'), 404, 'not_found');
  errorOf(await a.get('/api/v1/units/999999'), 404, 'not_found');
  errorOf(await a.get('/api/v1/units/abc'), 404, 'not_found');
  const u = unit();
  assert.equal((await a.post('/api/v1/units', u)).status, 201);
  errorOf(await a.post('/api/v1/units', u), 409, 'conflict');
});

test('security headers on API and static responses', async () => {
  for (const path of ['/api/v1/health', '/api/v1/units', '/']) {
    const r = await a.get(path);
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp && csp.includes("default-src 'self'") && csp.includes("script-src 'self'") && !/script-src[^;]*unsafe/.test(csp), `${path}: ${csp}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(r.headers.get('referrer-policy'));
  }
  assert.equal((await a.get('/api/v1/units')).headers.get('cache-control'), 'no-store');
});

test('keep-alive: many requests over one connection', async () => {
  // undici (fetch) keeps the connection open; 200 sequential requests must
  // all succeed quickly without new connections failing.
  for (let i = 0; i < 200; i++) {
    const r = await a.get('/api/v1/health');
    assert.equal(r.status, 200);
  }
});

test('serve run from another directory, without --webroot, still serves the UI and the portal', async () => {
  const other = await startServer({ cwd: tmpdir() });
  try {
    for (const path of ['/', '/portal']) {
      const r = await fetch(`${other.base}${path}`);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type'), /text\/html/);
    }
  } finally {
    await other.close();
  }
});

test('HEAD answers as GET does, without the body', async () => {
  const a = await admin(srv.base);
  const get = await fetch(`${srv.base}/api/v1/units/1`, { headers: { Authorization: `Bearer ${a.token}` } });
  const head = await fetch(`${srv.base}/api/v1/units/1`, { method: 'HEAD', headers: { Authorization: `Bearer ${a.token}` } });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), get.headers.get('content-type'));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  assert.equal((await fetch(`${srv.base}/api/v1/units/1`, { method: 'HEAD' })).status, 401);
});

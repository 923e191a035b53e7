// Authentication: login, logout, bad password, lock-out, bearer tokens,
// CSRF on cookie sessions, no user enumeration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, login, admin, errorOf, DEMO_PW } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.close(); });

test('login returns a token and the user, and sets a strict HttpOnly cookie', async () => {
  const c = new Client(srv.base);
  const r = await c.post('/api/v1/session', { username: 'officer', password: DEMO_PW });
  assert.equal(r.status, 200);
  assert.ok(r.body.token.length >= 40);
  assert.equal(r.body.user.username, 'officer');
  assert.deepEqual(r.body.user.roles, ['officer']);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /xf_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(!('pw_hash' in r.body.user));
});

test('a wrong password and an unknown user get the same 401', async () => {
  const c = new Client(srv.base);
  const a = await c.post('/api/v1/session', { username: 'viewer', password: 'wrong-password-1' });
  const b = await c.post('/api/v1/session', { username: 'no-such-user', password: 'wrong-password-1' });
  const ea = errorOf(a, 401, 'unauthenticated');
  const eb = errorOf(b, 401, 'unauthenticated');
  assert.equal(ea.message, eb.message);
});

test('unknown user and wrong password take similar time (no enumeration by timing)', async () => {
  const c = new Client(srv.base);
  const time = async (username) => {
    const t = process.hrtime.bigint();
    await c.post('/api/v1/session', { username, password: 'Wrong-pass-xyz' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  // Different names each time so that no lock-out interferes.
  const known = [], unknown = [];
  for (let i = 0; i < 3; i++) {
    known.push(await time(['leader', 'leader2', 'handler'][i]));
    unknown.push(await time(`ghost${i}`));
  }
  const med = (v) => v.sort((x, y) => x - y)[1];
  const ratio = med(known) / med(unknown);
  assert.ok(ratio > 0.5 && ratio < 2, `timing ratio ${ratio}`);
});

test('every call without credentials gets 401', async () => {
  const c = new Client(srv.base);
  errorOf(await c.get('/api/v1/units'), 401, 'unauthenticated');
  errorOf(await c.get('/api/v1/session'), 401, 'unauthenticated');
  const bad = new Client(srv.base, 'not-a-real-token');
  errorOf(await bad.get('/api/v1/units'), 401, 'unauthenticated');
});

test('bearer token works without CSRF; logout ends it', async () => {
  const c = await login(srv.base, 'supervisor');
  const s = await c.get('/api/v1/session');
  assert.equal(s.status, 200);
  assert.equal(s.body.user.username, 'supervisor');
  const out = await c.del('/api/v1/session');
  assert.equal(out.status, 204);
  errorOf(await c.get('/api/v1/session'), 401, 'unauthenticated');
});

test('script tokens: a bearer token created by a logged-in user works on its own', async () => {
  const c = await admin(srv.base);
  const r = await c.post('/api/v1/tokens', {});
  assert.equal(r.status, 201);
  const script = new Client(srv.base, r.body.token);
  const u = await script.get('/api/v1/units');
  assert.equal(u.status, 200);
  assert.ok(u.body.items.length > 100);
});

test('cookie sessions need the CSRF header for writes, not for reads', async () => {
  const c = new Client(srv.base);
  const r = await c.post('/api/v1/session', { username: 'admin', password: 'Admin-Test-2026' });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const read = await c.get('/api/v1/session', { Cookie: cookie });
  assert.equal(read.status, 200);
  const csrf = read.body.csrf_token;
  assert.ok(csrf && csrf.length > 20);
  const unit = { name: 'CSRF 测试学校', code: 'CSRF-T1', level: 'school', kind: 'school', parent_id: 1 };
  errorOf(await c.post('/api/v1/units', unit, { Cookie: cookie }), 403, 'forbidden');
  errorOf(await c.post('/api/v1/units', unit, { Cookie: cookie, 'X-CSRF-Token': csrf.slice(0, -2) + 'xx' }), 403, 'forbidden');
  const ok = await c.post('/api/v1/units', unit, { Cookie: cookie, 'X-CSRF-Token': csrf });
  assert.equal(ok.status, 201);
});

test('five failed logins lock the account out, also for the right password', async () => {
  const c = new Client(srv.base);
  for (let i = 0; i < 5; i++) {
    errorOf(await c.post('/api/v1/session', { username: 'zz_leader', password: `bad-${i}-password` }), 401, 'unauthenticated');
  }
  const locked = await c.post('/api/v1/session', { username: 'zz_leader', password: DEMO_PW });
  const e = errorOf(locked, 429, 'rate_limited');
  assert.match(e.message, /分钟/);
  // RFC 6585: when to come back, in seconds.
  const ra = Number(locked.headers.get('retry-after'));
  assert.ok(ra > 0 && ra <= 15 * 60, `Retry-After ${ra}`);
  // An unknown name is locked the same way: a lock-out does not reveal accounts.
  for (let i = 0; i < 5; i++) await c.post('/api/v1/session', { username: 'nobody-here', password: `bad-${i}-password` });
  errorOf(await c.post('/api/v1/session', { username: 'nobody-here', password: 'x-password-1' }), 429, 'rate_limited');
  // Other users are not affected.
  assert.equal((await c.post('/api/v1/session', { username: 'zz_officer', password: DEMO_PW })).status, 200);
});

test('password change: old password required, policy enforced, old sessions end', async () => {
  const a = await login(srv.base, 'viewer');
  const b = await login(srv.base, 'viewer');
  errorOf(await a.post('/api/v1/session/password', { old_password: 'nope-nope-1', new_password: 'Another-pass-2026' }), 422, 'invalid');
  const same = errorOf(await a.post('/api/v1/session/password', { old_password: DEMO_PW, new_password: DEMO_PW }), 422, 'invalid');
  assert.equal(same.field, 'new_password');
  assert.match(same.message, /不能与原密码相同/);
  const weak = errorOf(await a.post('/api/v1/session/password', { old_password: DEMO_PW, new_password: 'short' }), 422, 'invalid');
  assert.equal(weak.field, 'new_password');
  // One kind only: refused, and the message names the four kinds the rule counts.
  const oneKind = errorOf(await a.post('/api/v1/session/password', { old_password: DEMO_PW, new_password: 'onlylowercase' }), 422, 'invalid');
  assert.match(oneKind.message, /大写字母、小写字母、数字、符号中的两类/);
  const ok = await a.post('/api/v1/session/password', { old_password: DEMO_PW, new_password: 'Another-pass-2026' });
  assert.equal(ok.status, 204);
  assert.equal((await a.get('/api/v1/session')).status, 200);
  errorOf(await b.get('/api/v1/session'), 401, 'unauthenticated');
  await login(srv.base, 'viewer', 'Another-pass-2026');
});

test('a deactivated user is locked out at once, even with a token just used', async () => {
  const a = await admin(srv.base);
  const users = (await a.get('/api/v1/users')).body.items;
  const u = users.find((x) => x.username === 'zzu_leader');
  const c = await login(srv.base, 'zzu_leader');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  assert.equal((await a.patch(`/api/v1/users/${u.id}`, { active: false })).status, 200);
  errorOf(await c.get('/api/v1/session'), 401, 'unauthenticated');
});

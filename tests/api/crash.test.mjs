// Crash safety: SIGKILL the server while 8 clients create units and users;
// after a restart every write that got a 2xx is there and the audit chain
// verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, serve, admin, run, Client } from './lib/server.mjs';

test('no acknowledged write is lost to SIGKILL; audit chain intact', async () => {
  const { db } = initDb({ demo: false });
  let srv = await serve(db);
  const a = await admin(srv.base);
  const acked = [];
  let stop = false;
  const worker = async (w) => {
    const c = new Client(srv.base, a.token);
    for (let i = 0; !stop; i++) {
      const code = `K${w}-${i}`;
      try {
        const r = await c.post('/api/v1/units', { name: `崩溃测试学校${w}-${i}`, code, level: 'school', kind: 'school', parent_id: 1 });
        if (r.status === 201) acked.push(code);
      } catch { return; }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, 1500));
  srv.proc.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.ok(acked.length > 20, `only ${acked.length} writes acknowledged`);
  srv = await serve(db);
  try {
    const b = await admin(srv.base);
    const have = new Set((await b.get('/api/v1/units')).body.items.map((u) => u.code));
    const lost = acked.filter((c) => !have.has(c));
    assert.deepEqual(lost, []);
  } finally { await srv.stop(); }
  const v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
